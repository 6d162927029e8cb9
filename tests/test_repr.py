"""A Struct prints the fields it has, not the fifteen it leaves unset: in the generated classes of
every dialect and in the subclasses that keep a response's unknown keys."""

from __future__ import annotations

import pickle

import msgspec
import pytest

from gemini_wire import dialect, gemini, unknown_fields
from gemini_wire._base import WireStruct
from gemini_wire.dialects import NAMES


@pytest.mark.parametrize("name", NAMES)
def test_a_struct_prints_only_what_is_set(name: str) -> None:
    structs = dialect(name).structs
    assert repr(structs.Part(text="hi")) == "Part(text='hi')"
    assert repr(structs.GenerationConfig(temperature=0.5)) == "GenerationConfig(temperature=0.5)"
    assert repr(structs.Content()) == "Content()"
    assert structs.Part.__struct_config__.repr_omit_defaults


def test_every_generated_class_inherits_the_option() -> None:
    classes = [c for name in NAMES for c in vars(dialect(name).structs).values() if isinstance(c, type) and issubclass(c, WireStruct)]
    assert len(classes) > 400
    assert all(c.__struct_config__.repr_omit_defaults for c in classes)


def test_a_struct_with_unknown_keys_prints_them_and_nothing_unset() -> None:
    body = b'{"candidates": [{"content": {"parts": [{"text": "a"}]}, "finishReason": "NEW_REASON", "newKey": 1}]}'
    response = gemini.decode_response(body)
    shown = repr(response)
    assert shown == (
        "GenerateContentResponse(candidates=[Candidate(content=Content(parts=[Part(text='a')]), "
        "finish_reason=<FinishReason 'NEW_REASON' (not in this version)>, newKey=1)])"
    )
    assert "UNSET" not in shown
    assert type(response.candidates[0]).__struct_config__.repr_omit_defaults
    # Printing changes nothing of what the Struct holds or how it travels.
    again = pickle.loads(pickle.dumps(response))
    assert repr(again) == shown and unknown_fields(again) == unknown_fields(response)
    assert msgspec.json.decode(gemini.encode(response)) == msgspec.json.decode(body)
