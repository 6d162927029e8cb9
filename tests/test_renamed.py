"""Fields that the code generator had named to dodge a clash have public names; the old names
still work, with a DeprecationWarning, for a minor release (docs/stability.md, issue 24 item 10)."""

from __future__ import annotations

import pickle
import warnings

import msgspec
import pytest

from gemini_wire import dialects, gemini, vertex


def test_the_legacy_json_schema_key_has_a_public_name() -> None:
    config = gemini.GenerationConfig(response_json_schema_legacy={"type": "object"})
    assert gemini.encode(config) == b'{"_responseJsonSchema":{"type":"object"}}'
    body = b'{"generationConfig":{"_responseJsonSchema":{"type":"string"}}}'
    assert gemini.decode_request(body).generation_config.response_json_schema_legacy == {"type": "string"}  # type: ignore[union-attr]


def test_a_field_violation_names_its_field_field() -> None:
    violation = vertex.FieldViolation(field="contents[0]", description="empty")
    assert vertex.encode(violation) == b'{"field":"contents[0]","description":"empty"}'
    assert msgspec.json.decode(b'{"field":"x"}', type=gemini.FieldViolation).field == "x"


@pytest.mark.parametrize(
    ("cls", "old", "new", "value"),
    [
        (gemini.GenerationConfig, "field_response_json_schema", "response_json_schema_legacy", {"type": "object"}),
        (gemini.FieldViolation, "field_", "field", "contents[0]"),
    ],
)
def test_the_old_name_still_works_and_warns_at_the_callers_line(cls: type, old: str, new: str, value: object) -> None:
    with pytest.warns(DeprecationWarning, match=f"use {new}") as caught:
        obj = cls(**{old: value})
    assert caught[0].filename == __file__
    assert getattr(obj, new) == value
    with pytest.warns(DeprecationWarning, match=f"{cls.__name__}.{old} is deprecated") as caught:
        assert getattr(obj, old) == value
    assert caught[0].filename == __file__
    with pytest.warns(DeprecationWarning):
        setattr(obj, old, "other")
    assert getattr(obj, new) == "other"


def test_the_new_names_do_not_warn_and_the_classes_pickle() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        violation = gemini.FieldViolation(field="a")
        config = gemini.GenerationConfig(response_json_schema_legacy={})
        assert pickle.loads(pickle.dumps(violation)) == violation
        assert pickle.loads(pickle.dumps(config)) == config
        assert gemini.decode_error(
            b'{"error":{"code":400,"details":[{"@type":"type.googleapis.com/google.rpc.BadRequest",'
            b'"fieldViolations":[{"field":"contents"}]}]}}'
        )


@pytest.mark.parametrize("name", dialects.NAMES)
def test_no_struct_has_a_name_that_the_generator_made(name: str) -> None:
    for cls in dialects.dialect(name).codec.table.by_class:
        for f in msgspec.structs.fields(cls):
            assert not f.name.endswith("_"), (cls.__name__, f.name)
            assert not (f.name.startswith("field_") and f.encode_name.startswith("_")), (cls.__name__, f.name)
