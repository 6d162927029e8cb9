"""The twins of codec/tagged.py: a class with FORMS (`input`, `response_format`) is decoded in one
typed pass into a twin whose fields hold the forms msgspec can hold together, and whatever the twin
refuses takes the forms one by one. The two ways must give the same: these tests decode each
payload both ways (the dialect's codec, and one without twins) and compare values and findings."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_interactions_roundtrip import JSON, entry, replaced

from gemini_wire import interactions
from gemini_wire._generated import interactions as S
from gemini_wire._generated import interactions_wire
from gemini_wire.codec.tagged import TaggedCodec, _twin_opened

CODEC = interactions.DIALECT.codec
FORMS_ONLY = TaggedCodec(S, interactions_wire)
FORMS_ONLY._twins.clear()
TEXT = {"type": "text", "text": "Hello"}
STEPS = [{"type": "user_input", "content": [TEXT]}, {"type": "model_output", "content": [{"type": "text", "text": "Hi"}]}]
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)


def request(**fields: Any) -> bytes:
    return json.dumps({"model": "gemini-3-flash-preview", **fields}).encode()


def both(data: bytes | str, kind: str) -> None:
    """The twin's way and the forms' way give the same value and the same findings."""
    if kind == "request":
        fast, slow = CODEC.analyze_request(data), FORMS_ONLY.analyze_request(data)
    else:
        tp = S.Interaction
        fast, slow = CODEC.analyze_response(data, tp), FORMS_ONLY.analyze_response(data, tp)
    assert fast[0] == slow[0]
    assert type(fast[0]) is type(slow[0])
    assert [(f.code, f.path, f.message) for f in fast[1]] == [(f.code, f.path, f.message) for f in slow[1]]


def test_each_class_with_forms_has_a_twin() -> None:
    assert set(CODEC._twins) == {S.CreateModelInteraction, S.CreateAgentInteraction, S.Interaction}


@pytest.mark.parametrize(
    ("fields", "twin"),
    [
        ({"input": "Hello"}, True),
        ({"input": TEXT}, True),
        ({"input": STEPS}, True),
        ({"input": []}, True),
        ({"input": [TEXT, {"type": "image", "uri": "gs://b/cat.png", "mime_type": "image/png"}]}, False),  # contents: forms
        ({"response_format": {"type": "text"}}, True),
        ({"response_format": [{"type": "text"}]}, True),
        ({"response_format": {"type": "text", "colour": "red"}}, False),  # no format of the spec: a dict, by the forms
        ({"input": {"type": "user_input", "content": [TEXT]}}, False),  # one step alone: refused
        ({"input": [{"type": "user_input", "content": [{"type": "text", "txt": "Hi"}]}]}, False),  # GW100
        ({"input": None}, False),
        ({"input": 3}, False),
    ],
)
def test_the_twin_takes_the_common_forms_and_leaves_the_rest_to_the_forms(fields: dict[str, Any], twin: bool) -> None:
    data = request(**fields)
    taken = CODEC._twin(S.CreateModelInteraction, data)
    assert (taken is not None) == twin
    if taken is not None:
        assert type(taken) is S.CreateModelInteraction  # the generated class, not the twin
        assert taken == FORMS_ONLY.analyze_request(data)[0]
    both(data, "request")


def test_a_list_of_contents_is_read_as_contents() -> None:
    obj = interactions.decode_request(request(input=[TEXT, {"type": "text", "text": "again"}]))
    assert [type(c) for c in obj.input] == [S.TextContent, S.TextContent]


def test_an_unknown_key_in_a_step_of_input_is_gw102_at_the_key() -> None:
    data = request(input=[{"type": "user_input", "content": [{"type": "text", "text": "Hi", "colour": "red"}]}])
    obj, findings = CODEC.analyze_request(data)
    assert obj is None
    assert [(f.code, f.path) for f in findings] == [("GW102", "input[0].content[0].colour")]


def test_an_agent_request_is_read_by_its_twin() -> None:
    data = json.dumps({"agent": "deep-research-pro-preview-12-2025", "input": STEPS}).encode()
    assert CODEC._twin(S.CreateAgentInteraction, data) is not None
    both(data, "request")


def test_a_response_with_a_newer_step_kind_in_input_keeps_it() -> None:
    data = json.dumps({"id": "v1_a", "status": "completed", "input": [*STEPS, {"type": "hologram_call", "id": "h"}]})
    assert _twin_opened(CODEC._twins, S.Interaction, data) is None
    both(data, "response")
    obj = interactions.decode_response(data)
    assert json.loads(interactions.encode(obj)) == json.loads(data)


@SETTINGS
@given(entry("CreateInteractionRequest", response=False))
def test_a_request_the_schema_takes_reads_the_same_both_ways(data: dict[str, Any]) -> None:
    both(json.dumps(data), "request")


@SETTINGS
@given(entry("Interaction", response=True))
def test_a_response_the_schema_takes_reads_the_same_both_ways(data: dict[str, Any]) -> None:
    both(json.dumps(data), "response")


@SETTINGS
@given(
    entry("CreateInteractionRequest", response=False) | entry("Interaction", response=True),
    st.lists(st.integers(0, 50), max_size=6),
    JSON,
)
def test_any_changed_payload_reads_the_same_both_ways(data: Any, path: list[int], value: Any) -> None:
    payload = json.dumps(replaced(data, path, value))
    both(payload, "request")
    both(payload, "response")


def test_a_newer_enum_value_is_kept_in_a_response_and_refused_in_a_request() -> None:
    data = json.dumps({"id": "v1_a", "status": "paused_for_tea", "input": STEPS})
    kept = _twin_opened(CODEC._twins, S.Interaction, data)
    assert kept is not None and kept.status == "paused_for_tea"
    both(data, "response")
    data = request(input="Hello", service_tier="platinum")
    assert CODEC._twin(S.CreateModelInteraction, data) is None
    obj, findings = CODEC.analyze_request(data)
    assert obj is None and [(f.code, f.path) for f in findings] == [("GW105", "service_tier")]
    both(data, "request")
