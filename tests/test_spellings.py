"""Both spellings of a field name, in every dialect: lowerCamelCase and snake_case get one verdict."""

from __future__ import annotations

import json
import re

import pytest

from gemini_wire import dialect
from gemini_wire.codec.normalize import Normalizer
from gemini_wire.dialects import NAMES


def snake(name: str) -> str:
    return re.sub(r"([A-Z])", r"_\1", name).lower()


def verdict(table: object, message: str, key: str) -> list[str]:
    """The codes that a request's `message` object holding only `key` (null: unset) gets."""
    n = Normalizer(table, request=True)  # type: ignore[arg-type]
    n.message({key: None}, message, ())
    return [f.code for f in n.findings]


@pytest.mark.parametrize("name", NAMES)
def test_both_spellings_of_every_field_name_the_same_field(name: str) -> None:
    table = dialect(name).codec.table
    for spec in table.messages.values():
        for f in spec.fields:
            assert spec.by_key[f.json_name] == f, (spec.name, f.json_name)
            assert spec.by_key[f.proto_name] == f, (spec.name, f.proto_name)


@pytest.mark.parametrize("name", NAMES)
def test_the_snake_case_of_every_json_name_gets_the_camel_case_verdict(name: str) -> None:
    # (Unless it names another field of the message: v1beta's GenerationConfig has both
    # response_json_schema, JSON name _responseJsonSchema, and responseJsonSchema. A JSON name
    # that is no lowerCamelCase, such as that one, has no snake_case but its proto name.)
    table = dialect(name).codec.table
    for spec in table.messages.values():
        for f in spec.fields:
            if f.json_name.startswith("_"):
                continue
            other = spec.by_key.get(snake(f.json_name))
            if other is not None and other != f:
                continue
            assert verdict(table, spec.name, snake(f.json_name)) == verdict(table, spec.name, f.json_name), (spec.name, f.json_name)


@pytest.mark.parametrize("name", NAMES)
def test_response_json_schema_is_accepted_in_both_spellings_or_in_neither(name: str) -> None:
    d = dialect(name)

    def codes(key: str) -> list[str]:
        config = {"responseMimeType": "application/json", key: {"type": "object"}}
        body = {"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": config}
        return [f.code for f in d.lint_request(json.dumps(body))]

    assert codes("response_json_schema") == codes("responseJsonSchema")
