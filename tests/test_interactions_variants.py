"""A response of the Interactions API that brings a new key or kind (issue 23): decoded into a
variant of the Structs made once for it (codec/tagged.py, as codec/repair.py for generateContent),
so that later responses with the same change take the typed path; the same value as the slow
path gives, field by field."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from gemini_wire import interactions
from gemini_wire._generated import interactions as _structs
from gemini_wire._generated import interactions_wire as _wire
from gemini_wire.codec.tagged import TaggedCodec, raise_findings
from gemini_wire.findings import WireError

INTERACTION = {
    "id": "v1_abc",
    "status": "completed",
    "steps": [
        {"type": "user_input", "content": [{"type": "text", "text": "hi"}]},
        {"type": "model_output", "content": [{"type": "text", "text": "Hello!"}]},
    ],
    "usage": {"total_input_tokens": 3, "total_tokens": 5},
}
HOLOGRAM = {"type": "hologram_call", "id": "h1", "shape": {"sides": 3}}


def changed(**changes: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(INTERACTION))
    for where, value in changes.items():
        if where == "root":
            out.update(value)
        elif where == "usage":
            out["usage"].update(value)
        elif where == "text":
            out["steps"][1]["content"][0].update(value)
        elif where == "step":
            out["steps"].append(value)
    return out


NEWER = [
    changed(root={"object": "interaction"}),
    changed(usage={"total_hologram_tokens": 1}),
    changed(usage={"total_hologram_tokens": 1, "total_laser_tokens": 2}),
    changed(text={"tone": "warm"}, root={"status": "paused_for_review"}),
    changed(step=HOLOGRAM),
    changed(step={**HOLOGRAM, "colour": "blue"}),
    changed(step={"type": "hologram_call"}),
    changed(step={"id": "h2", "type": "hologram_call"}),
    changed(step=HOLOGRAM, usage={"total_hologram_tokens": 1}, root={"object": "interaction"}),
]


class Fresh:
    """A codec of its own (no variant met yet), decoding as the dialect does."""

    def __init__(self) -> None:
        self.codec = TaggedCodec(_structs, _wire)

    def decode_response(self, data: bytes) -> Any:
        return raise_findings(self.codec.analyze_response(data, interactions.Interaction))

    def decode_event(self, data: bytes) -> Any:
        return raise_findings(self.codec.analyze_response(data, interactions.InteractionSSEEvent))


@pytest.fixture
def slow_calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The slow path's readings of a whole response (its field-by-field walk from the root)."""
    calls: list[Any] = []
    build = TaggedCodec._build

    def counted(self: TaggedCodec, value: Any, t: Any, path: Any, findings: Any, newer: bool = True) -> Any:
        if path == ():
            calls.append(value)
        return build(self, value, t, path, findings, newer)

    monkeypatch.setattr(TaggedCodec, "_build", counted)
    return calls


def slow_way(data: bytes) -> Any:
    """What the slow path alone gives (no variants)."""
    codec = Fresh().codec
    codec._mend = lambda *args: None  # type: ignore[method-assign]
    return codec.analyze_response(data, interactions.Interaction)


def test_later_responses_with_the_same_new_key_take_the_typed_path(slow_calls: list[Any]) -> None:
    dialect = Fresh()
    data = json.dumps(changed(usage={"total_hologram_tokens": 1})).encode()
    first = dialect.decode_response(data)
    for _ in range(3):
        assert dialect.decode_response(data) == first
    dialect.codec.expected.clear()  # forgotten: the plain decode fails, then the variant met before
    assert dialect.decode_response(data) == first
    assert slow_calls == []
    assert dialect.codec.slow == 0
    assert interactions.unknown_fields(first) == {("usage", "total_hologram_tokens"): 1}


def test_later_responses_with_the_same_new_kind_take_the_typed_path(slow_calls: list[Any]) -> None:
    dialect = Fresh()
    data = json.dumps(changed(step=HOLOGRAM)).encode()
    first = dialect.decode_response(data)
    assert isinstance(first.steps[-1], interactions.UnknownKind)
    for _ in range(3):
        assert dialect.decode_response(data) == first
    assert slow_calls == []


@pytest.mark.parametrize("payload", NEWER)
def test_a_variant_gives_what_the_slow_path_gives(payload: dict[str, Any], slow_calls: list[Any]) -> None:
    data = json.dumps(payload).encode()
    expected, findings = slow_way(data)
    assert findings == [] and slow_calls  # the slow path did read it
    slow_calls.clear()
    dialect = Fresh()
    for _ in range(2):
        obj = dialect.decode_response(data)
        assert obj == expected
        assert type(obj) is type(expected)
        assert [type(s) for s in obj.steps] == [type(s) for s in expected.steps]
        assert json.loads(interactions.encode(obj)) == payload
        assert interactions.unknown_fields(obj) == interactions.unknown_fields(expected)
    assert slow_calls == []


def test_responses_that_change_one_after_another_are_each_read_as_they_came() -> None:
    dialect = Fresh()
    for payload in [*NEWER, INTERACTION, *reversed(NEWER), INTERACTION]:
        obj = dialect.decode_response(json.dumps(payload).encode())
        assert json.loads(interactions.encode(obj)) == payload
        assert (interactions.unknown_fields(obj) == {}) == (payload == INTERACTION)
    assert type(obj) is interactions.Interaction  # back to the plain decoder's classes


def test_a_wrong_value_next_to_a_new_key_is_still_refused_with_its_path() -> None:
    dialect = Fresh()
    good = changed(usage={"total_hologram_tokens": 1})
    dialect.decode_response(json.dumps(good).encode())
    bad = changed(usage={"total_hologram_tokens": 1, "total_tokens": "many"})
    with pytest.raises(WireError) as e:
        dialect.decode_response(json.dumps(bad).encode())
    assert [f.loc for f in e.value.findings] == [("usage", "total_tokens")]


@pytest.mark.parametrize(
    "event",
    [
        {"event_type": "step.delta", "index": 0, "delta": {"type": "hologram", "x": 1}},
        {"event_type": "interaction.paused", "event_id": "e2"},
    ],
)
def test_a_new_kind_of_event_or_delta_takes_the_typed_path_too(event: dict[str, Any], slow_calls: list[Any]) -> None:
    dialect = Fresh()
    data = msgspec.json.encode(event)
    for _ in range(2):
        assert json.loads(interactions.encode(dialect.decode_event(data))) == event
    assert slow_calls == []
