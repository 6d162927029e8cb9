"""Interactions API streams (issue 23): the SSE events of `stream: true` decode alike under any split,
fold into the Interaction a call without `stream` answers, keep event types newer than the spec,
report the legacy schema, and no input makes the reader raise anything but WireError."""

from __future__ import annotations

import ast
import itertools
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemini_wire import interactions as ix
from gemini_wire.codec.tagged import UnknownKind
from gemini_wire.dialects import interactions_dialect
from gemini_wire.findings import WireError
from gemini_wire.rules.interactions_stream import (
    INTERACTIONS_EVENT_NAME,
    INTERACTIONS_LEGACY_STREAM,
    INTERACTIONS_STEP_FOLD,
)
from gemini_wire.stream.interactions import (
    LEGACY_EVENTS,
    InteractionFolder,
    InteractionsStreamDecoder,
    aggregate,
    iter_events,
    stream_findings,
)
from gemini_wire.stream.sse import Event as SseEvent
from gemini_wire.stream.sse import Run, SseFramer

D = interactions_dialect("interactions-v1")
FUZZ = settings(max_examples=200, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPLITS = settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- a server, written here


def pieces(text: str, cuts: list[int]) -> list[str]:
    """`text` cut at these offsets (at least one piece, "" for an empty text)."""
    at = sorted({c % (len(text) + 1) for c in cuts} - {0, len(text)})
    return [text[a:b] for a, b in zip([0, *at], [*at, len(text)], strict=True)]


def step_events(index: int, step: Any, cuts: list[int]) -> list[Any]:
    """The step.start, step.delta and step.stop events a server sends for one step."""
    deltas: list[Any] = []
    start = step
    if isinstance(step, ix.ModelOutputStep):
        start = ix.ModelOutputStep(content=[])
        for item in step.content if step.content is not msgspec.UNSET else []:
            if isinstance(item, ix.TextContent):
                deltas += [ix.TextDelta(text=p) for p in pieces(item.text, cuts)]
                if item.annotations is not msgspec.UNSET:
                    deltas.append(ix.TextAnnotationDelta(annotations=item.annotations))
            else:
                assert isinstance(item, ix.ImageContent)
                deltas.append(ix.ImageDelta(**msgspec.structs.asdict(item)))
    elif isinstance(step, ix.ThoughtStep):
        start = ix.ThoughtStep()
        if step.signature is not msgspec.UNSET:
            deltas.append(ix.ThoughtSignatureDelta(signature=step.signature))
        for item in step.summary if step.summary is not msgspec.UNSET else []:
            deltas.append(ix.ThoughtSummaryDelta(content=item))
    elif isinstance(step, ix.FunctionCallStep):
        start = ix.FunctionCallStep(arguments={}, id=step.id, name=step.name)
        deltas += [ix.ArgumentsDelta(arguments=p) for p in pieces(json.dumps(step.arguments), cuts)]
    return [
        ix.StepStart(index=index, step=start),
        *(ix.StepDelta(index=index, delta=d) for d in deltas),
        ix.StepStop(index=index),
    ]


def server_events(interaction: Any, cuts: list[int]) -> list[Any]:
    """What a server streams for this interaction: created, each step in pieces, completed (whose
    interaction omits the steps, as the streaming reference says it may)."""
    head = {"id": interaction.id, "model": interaction.model}
    created = ix.InteractionSseEventInteraction(status=ix.InteractionStatus.IN_PROGRESS, **head)
    done = ix.InteractionSseEventInteraction(status=interaction.status, usage=interaction.usage, **head)
    events: list[Any] = [ix.InteractionCreatedEvent(interaction=created)]
    events.append(ix.InteractionStatusUpdate(interaction_id=interaction.id, status=ix.InteractionStatus.IN_PROGRESS))
    for k, step in enumerate(interaction.steps):
        events += step_events(k, step, cuts)
    events.append(ix.InteractionCompletedEvent(interaction=done))
    return events


def sse(events: list[Any], *, crlf: bool = False, ids: bool = False) -> bytes:
    """The bytes of a stream of these events: `event:` and `data:` lines, `[DONE]` at the end."""
    out = []
    for n, event in enumerate(events):
        body = D.encode(event)
        name = json.loads(body).get("event_type", "error")
        out.append((f"id: {n}\n" if ids else "") + f"event: {name}\ndata: " + body.decode() + "\n\n")
    text = "".join(out) + "data: [DONE]\n\n"
    return text.replace("\n", "\r\n").encode() if crlf else text.encode()


# --------------------------------------------------------------------------- interactions to stream

TEXTS = st.sampled_from(["", "a", "Hello", " world, é\U0001f600", "x" * 40])
URLS = st.builds(ix.URLCitation, url=st.sampled_from(["https://a.example", "https://b.example"]), start_index=st.integers(0, 5), end_index=st.integers(5, 9))
TEXT_CONTENT = st.builds(ix.TextContent, text=TEXTS, annotations=st.one_of(st.just(msgspec.UNSET), st.lists(URLS, min_size=1, max_size=2)))
IMAGE = st.builds(ix.ImageContent, data=st.sampled_from(["aGVsbG8=", "AAAA"]), mime_type=st.just(ix.ImageDeltaMimeType("image/png")))


@st.composite
def model_outputs(draw: st.DrawFn) -> Any:
    # Text deltas join the last text content: two texts in a row are streamed as one.
    items = draw(st.lists(st.one_of(TEXT_CONTENT, IMAGE), max_size=4))
    content = [c for k, c in enumerate(items) if not (k and isinstance(c, ix.TextContent) and isinstance(items[k - 1], ix.TextContent))]
    return ix.ModelOutputStep(content=content)


THOUGHTS = st.builds(
    ix.ThoughtStep,
    signature=st.one_of(st.just(msgspec.UNSET), st.sampled_from(["c2ln", "c2lnYg=="])),
    summary=st.one_of(st.just(msgspec.UNSET), st.lists(IMAGE, min_size=1, max_size=2), st.builds(lambda t: [t], st.builds(ix.TextContent, text=TEXTS))),
)
ARGUMENTS = st.dictionaries(st.sampled_from(["city", "n", "ok", "l"]), st.one_of(st.integers(-5, 5), TEXTS, st.booleans(), st.lists(st.integers(0, 3), max_size=3)), max_size=3)
CALLS = st.builds(ix.FunctionCallStep, arguments=ARGUMENTS, id=st.sampled_from(["call_1", "call_2"]), name=st.sampled_from(["get_weather", "f"]))
RESULTS = st.builds(ix.FunctionResultStep, call_id=st.just("call_1"), result=TEXTS, name=st.just("get_weather"))
SEARCHES = st.builds(ix.GoogleSearchCallStep, arguments=st.builds(ix.GoogleSearchCallArguments, queries=st.lists(TEXTS, max_size=2)), id=st.just("s1"))
STEPS = st.one_of(model_outputs(), THOUGHTS, CALLS, RESULTS, SEARCHES)
USAGE = st.builds(ix.Usage, total_tokens=st.integers(0, 99), total_output_tokens=st.integers(0, 50))
INTERACTIONS = st.builds(
    ix.Interaction,
    status=st.sampled_from([ix.InteractionStatus.COMPLETED, ix.InteractionStatus.REQUIRES_ACTION, ix.InteractionStatus.INCOMPLETE]),
    id=st.sampled_from(["v1_abc", "v1_x"]),
    model=st.just("gemini-3-flash-preview"),
    usage=st.one_of(st.just(msgspec.UNSET), USAGE),
    steps=st.lists(STEPS, min_size=1, max_size=5),
)
CUTS = st.lists(st.integers(0, 60), max_size=4)


@SPLITS
@given(INTERACTIONS, CUTS)
def test_the_aggregate_of_a_streamed_interaction_is_the_interaction(interaction: Any, cuts: list[int]) -> None:
    events = server_events(interaction, cuts)
    assert D.encode(aggregate(events, D)) == D.encode(interaction)
    assert D.aggregate(events) == interaction


@SPLITS
@given(INTERACTIONS, CUTS, st.booleans(), st.booleans(), st.lists(st.integers(1, 200), max_size=12))
def test_any_split_of_the_bytes_gives_the_same_events(interaction: Any, cuts: list[int], crlf: bool, ids: bool, splits: list[int]) -> None:
    body = sse(server_events(interaction, cuts), crlf=crlf, ids=ids)
    whole = list(iter_events([body], D))
    at = sorted({s % len(body) for s in splits})
    chunks = [body[a:b] for a, b in zip([0, *at], [*at, len(body)], strict=True)]
    assert [D.encode(e) for e in iter_events(chunks, D)] == [D.encode(e) for e in whole]
    assert D.aggregate(whole) == interaction


def test_a_stream_fed_one_byte_at_a_time_gives_the_same_events() -> None:
    interaction = ix.Interaction(
        status=ix.InteractionStatus.COMPLETED,
        id="v1_abc",
        model="gemini-3-flash-preview",
        steps=[ix.ThoughtStep(signature="c2ln"), ix.ModelOutputStep(content=[ix.TextContent(text="Héllo 😀")])],
    )
    body = b"\xef\xbb\xbf" + sse(server_events(interaction, [2, 5]), ids=True)
    decoder = InteractionsStreamDecoder(D)
    events = [e for k in range(len(body)) for e in decoder.feed(body[k : k + 1])] + decoder.close()
    assert [D.encode(e) for e in events] == [D.encode(e) for e in iter_events([body], D)]
    assert D.aggregate(events) == interaction
    assert decoder.done and decoder.last_event_id == str(len(events) - 1)


def test_the_steps_of_interaction_completed_are_kept_when_it_carries_them() -> None:
    step = ix.ModelOutputStep(content=[ix.TextContent(text="from completed")])
    events = [
        ix.StepStart(index=0, step=ix.ModelOutputStep(content=[])),
        ix.StepDelta(index=0, delta=ix.TextDelta(text="streamed")),
        ix.StepStop(index=0),
        ix.InteractionCompletedEvent(interaction=ix.InteractionSseEventInteraction(id="a", status=ix.InteractionStatus.COMPLETED, steps=[step])),
    ]
    assert D.aggregate(events).steps == [step]


# The shape of the streaming reference's example: a step.start that already holds the first text
# or summary, a signature of "" that a delta then gives, and `event: done` on the [DONE] line.
REFERENCE_SHAPE = b"""event: interaction.created
data: {"interaction":{"id":"v1_x","status":"in_progress","object":"interaction","model":"gemini-3-flash-preview"},"event_type":"interaction.created"}

event: step.start
data: {"index":0,"step":{"signature":"","summary":[{"text":"**Clues**","type":"text"}],"type":"thought"},"event_type":"step.start"}

event: step.delta
data: {"index":0,"delta":{"signature":"c2ln","type":"thought_signature"},"event_type":"step.delta"}

event: step.stop
data: {"index":0,"event_type":"step.stop"}

event: step.start
data: {"index":1,"step":{"content":[{"text":"Based on","type":"text"}],"type":"model_output"},"event_type":"step.start"}

event: step.delta
data: {"index":1,"delta":{"text":" the clues","type":"text"},"event_type":"step.delta"}

event: step.stop
data: {"index":1,"event_type":"step.stop"}

event: interaction.completed
data: {"interaction":{"id":"v1_x","status":"completed","object":"interaction","model":"gemini-3-flash-preview","usage":{"total_tokens":9}},"event_type":"interaction.completed"}

event: done
data: [DONE]

"""


@pytest.mark.parametrize("name", ["interactions-v1", "interactions-v1beta"])
def test_a_stream_of_the_reference_s_shape_folds_without_a_finding(name: str) -> None:
    dialect = interactions_dialect(name)
    interaction, findings = stream_findings(dialect, REFERENCE_SHAPE)
    assert findings == []
    assert json.loads(dialect.encode(interaction)) == {
        "status": "completed",
        "id": "v1_x",
        "model": "gemini-3-flash-preview",
        "steps": [
            {"type": "thought", "signature": "c2ln", "summary": [{"type": "text", "text": "**Clues**"}]},
            {"type": "model_output", "content": [{"type": "text", "text": "Based on the clues"}]},
        ],
        "usage": {"total_tokens": 9},
        "object": "interaction",
    }


@pytest.mark.parametrize(
    ("delta", "content"),
    [
        (ix.AudioDelta(data="UklGRg==", mime_type=ix.AudioDeltaMimeType("audio/wav"), sample_rate=24000), ix.AudioContent(data="UklGRg==", mime_type=ix.AudioDeltaMimeType("audio/wav"), sample_rate=24000)),
        (ix.VideoDelta(uri="gs://b/v.mp4"), ix.VideoContent(uri="gs://b/v.mp4")),
        (ix.DocumentDelta(data="JVBERi0=", mime_type=ix.DocumentDeltaMimeType("application/pdf")), ix.DocumentContent(data="JVBERi0=", mime_type=ix.DocumentDeltaMimeType("application/pdf"))),
    ],
)
def test_a_media_delta_is_one_content_of_its_kind(delta: Any, content: Any) -> None:
    events = [
        ix.InteractionCreatedEvent(interaction=ix.InteractionSseEventInteraction(id="a", status=ix.InteractionStatus.COMPLETED)),
        ix.StepStart(index=0, step=ix.ModelOutputStep()),
        ix.StepDelta(index=0, delta=ix.TextDelta(text="Here:")),
        ix.StepDelta(index=0, delta=delta),
        ix.StepStop(index=0),
    ]
    assert D.aggregate(events).steps == [ix.ModelOutputStep(content=[ix.TextContent(text="Here:"), content])]


def test_completed_with_empty_steps_takes_the_streamed_steps() -> None:
    events = [
        ix.StepStart(index=0, step=ix.ModelOutputStep(content=[])),
        ix.StepDelta(index=0, delta=ix.TextDelta(text="streamed")),
        ix.StepStop(index=0),
        ix.InteractionCompletedEvent(interaction=ix.InteractionSseEventInteraction(id="a", status=ix.InteractionStatus.COMPLETED, steps=[])),
    ]
    assert D.aggregate(events).steps == [ix.ModelOutputStep(content=[ix.TextContent(text="streamed")])]


def test_the_framing_gives_each_event_its_name_and_forgets_it_at_the_blank_line() -> None:
    framer = SseFramer()
    items = [*framer.feed(b"event: a\ndata: 1\n\nevent: b\n\ndata: 2\n\nid: 7\nevent: c\ndata: 3\n"), *framer.close()]
    assert [(i.data, i.name, i.id) for i in items if isinstance(i, SseEvent)] == [(b"1", "a", ""), (b"3", "c", "7")]
    assert [i.values for i in items if isinstance(i, Run)] == [[b" 2"]]


def test_a_server_tool_delta_sets_the_fields_of_its_step_and_adds_to_its_result() -> None:
    events = [
        ix.InteractionCreatedEvent(interaction=ix.InteractionSseEventInteraction(id="a", status=ix.InteractionStatus.IN_PROGRESS)),
        ix.StepStart(index=0, step=ix.CodeExecutionResultStep(call_id="c", result="out: ")),
        ix.StepDelta(index=0, delta=ix.CodeExecutionResultDelta(result="42", signature="c2ln")),
        ix.StepStop(index=0),
        ix.InteractionStatusUpdate(interaction_id="a", status=ix.InteractionStatus.COMPLETED),
    ]
    folded = D.aggregate(events)
    assert folded.status == ix.InteractionStatus.COMPLETED
    assert folded.steps == [ix.CodeExecutionResultStep(call_id="c", result="out: 42", signature="c2ln")]


# --------------------------------------------------------------------------- what is newer, or older


def test_an_event_of_an_unknown_type_is_kept_and_passed_over_by_the_fold() -> None:
    body = (
        b'event: interaction.created\ndata: {"event_type": "interaction.created", "interaction": {"id": "a", "status": "in_progress"}}\n\n'
        b'event: future.kind\ndata: {"event_type": "future.kind", "payload": {"a": 1}}\n\n'
        b'event: interaction.completed\ndata: {"event_type": "interaction.completed", "interaction": {"id": "a", "status": "completed"}}\n\n'
    )
    events = list(iter_events([body], D))
    assert isinstance(events[1], UnknownKind) and D.encode(events[1]) == b'{"event_type":"future.kind","payload":{"a":1}}'
    assert stream_findings(D, body) == (D.decode_response(b'{"id": "a", "status": "completed"}'), [])


def test_a_delta_of_an_unknown_kind_is_kept_out_of_the_fold_with_a_warning() -> None:
    body = sse(
        [
            ix.StepStart(index=0, step=ix.ModelOutputStep(content=[])),
            D.decode_event(b'{"event_type": "step.delta", "index": 0, "delta": {"type": "hologram", "x": 1}}'),
            ix.StepStop(index=0),
            ix.InteractionCompletedEvent(interaction=ix.InteractionSseEventInteraction(id="a", status=ix.InteractionStatus.COMPLETED)),
        ]
    )
    interaction, findings = stream_findings(D, body)
    assert interaction is not None and interaction.steps == [ix.ModelOutputStep(content=[])]
    assert [(f.code, f.severity, f.line) for f in findings] == [(INTERACTIONS_STEP_FOLD.code, "warning", 5)]


LEGACY = (
    b'event: interaction.start\ndata: {"event_type": "interaction.start", "interaction": {"id": "a", "status": "in_progress"}}\n\n'
    b'event: content.start\ndata: {"event_type": "content.start", "index": 0, "content": {"type": "text"}}\n\n'
    b'event: content.delta\ndata: {"event_type": "content.delta", "index": 0, "delta": {"type": "text", "text": "Hi"}}\n\n'
)


def test_the_legacy_schema_is_reported_with_its_fix_not_decoded() -> None:
    interaction, findings = stream_findings(D, LEGACY)
    assert interaction is None
    assert [(f.code, f.line, f.column) for f in findings] == [(INTERACTIONS_LEGACY_STREAM.code, 2, 7)]
    assert "re-record" in findings[0].hint
    with pytest.raises(WireError) as e:
        list(iter_events([LEGACY], D))
    assert e.value.findings == findings


def test_an_interaction_with_outputs_is_the_legacy_schema() -> None:
    body = b'data: {"event_type": "interaction.completed", "interaction": {"id": "a", "status": "completed", "outputs": [{"type": "text", "text": "Hi"}]}}\n\n'
    assert [f.code for f in stream_findings(D, body)[1]] == [INTERACTIONS_LEGACY_STREAM.code]


def test_an_interaction_answered_with_outputs_is_the_legacy_schema_too() -> None:
    # Arize-ai/openinference's recording of 2026-02 (HTTP 200): a unary answer of the old schema.
    old = {"id": "v1_x", "status": "completed", "object": "interaction", "role": "model", "outputs": [{"type": "text", "text": "hello"}]}
    found = D.lint(json.dumps(old), kind="response")
    assert [(f.code, f.severity, f.path) for f in found] == [(INTERACTIONS_LEGACY_STREAM.code, "warning", "outputs")]
    assert "re-record" in found[0].hint
    assert D.lint(json.dumps(old), kind="response", selected={"GW101"}) == []  # --ignore GW123
    now = {"id": "v1_x", "status": "completed", "steps": [{"type": "model_output", "content": [{"type": "text", "text": "hello"}]}]}
    assert D.lint(json.dumps(now), kind="response") == []


# --------------------------------------------------------------------------- findings, placed


def test_an_event_name_that_disagrees_with_event_type_is_a_warning_at_its_line() -> None:
    body = sse([ix.InteractionCompletedEvent(interaction=ix.InteractionSseEventInteraction(id="a", status=ix.InteractionStatus.COMPLETED))])
    interaction, findings = stream_findings(D, body.replace(b"event: interaction.completed", b"event: interaction.complete"))
    assert interaction is not None
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [(INTERACTIONS_EVENT_NAME.code, "warning", 2, 1)]


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([ix.StepDelta(index=3, delta=ix.TextDelta(text="x"))], "which no step.start opened"),
        ([ix.StepStart(index=0, step=ix.ModelOutputStep()), ix.StepStop(index=0), ix.StepDelta(index=0, delta=ix.TextDelta(text="x"))], "after its step.stop"),
        ([ix.StepStart(index=0, step=ix.ThoughtStep()), ix.StepDelta(index=0, delta=ix.TextDelta(text="x"))], "`text` delta for a step of kind `thought`"),
        ([ix.StepStart(index=0, step=ix.FunctionCallStep(arguments={}, id="c", name="f")), ix.StepDelta(index=0, delta=ix.ArgumentsDelta(arguments='{"a": ')), ix.StepStop(index=0)], "not a JSON object"),
        ([ix.StepStart(index=0, step=ix.ModelOutputStep()), ix.StepStart(index=0, step=ix.ModelOutputStep())], "starts again"),
    ],
)
def test_a_step_event_that_cannot_be_folded_is_a_finding_at_its_line(events: list[Any], message: str) -> None:
    with pytest.raises(WireError) as e:
        aggregate(events, D)
    assert [f.code for f in e.value.findings] == [INTERACTIONS_STEP_FOLD.code] and message in e.value.findings[0].message
    done = ix.InteractionCompletedEvent(interaction=ix.InteractionSseEventInteraction(id="a", status=ix.InteractionStatus.COMPLETED))
    interaction, findings = stream_findings(D, sse([*events, done]))
    assert interaction is None
    assert [(f.code, f.line) for f in findings] == [(INTERACTIONS_STEP_FOLD.code, 2 + 3 * (len(events) - 1))]


def test_a_stream_cut_inside_an_event_or_before_its_end_is_truncated() -> None:
    body = sse([ix.InteractionCreatedEvent(interaction=ix.InteractionSseEventInteraction(id="a", status=ix.InteractionStatus.IN_PROGRESS))])
    cut = body[: body.index(b'"in_progress"')]
    assert [(f.code, f.line) for f in stream_findings(D, cut)[1]] == [("GW120", 2)]
    no_end = body[: body.index(b"data: [DONE]")]
    assert [f.code for f in stream_findings(D, no_end)[1]] == ["GW120"]
    with pytest.raises(WireError) as e:
        list(iter_events([no_end], D))
    assert e.value.findings[0].code == "GW120"


AFTER_DONE = {
    "an event": b'event: step.start\ndata: {"event_type": "step.start", "index": 9, "step": {"type": "thought"}}\n\n',
    "an event the schema refuses": b"event: x\ndata: {}\n\n",
    "an event cut short": b'event: step.delta\ndata: {"event_type": "step.de',
    "bare JSON": b'{"error": {"code": "internal", "message": "late"}}\n',
    "another [DONE]": b"data: [DONE]\n\n",
}


@pytest.mark.parametrize("after", AFTER_DONE.values(), ids=AFTER_DONE.keys())
def test_what_follows_done_is_not_read_for_any_cut(after: bytes) -> None:
    # google-genai's reader stops at the "[DONE]" sentinel (_gaos/utils/eventstreaming.py), and
    # no finding of the server's says what may follow it: it is passed over quietly.
    interaction = ix.Interaction(status=ix.InteractionStatus.COMPLETED, id="v1_a", steps=[ix.ModelOutputStep(content=[ix.TextContent(text="Hi")])])
    body = sse(server_events(interaction, [1]), ids=True)
    expected = list(iter_events([body], D))
    stream = body + after
    for at in range(1, len(stream), 7):
        decoder = InteractionsStreamDecoder(D)
        events = decoder.feed(stream[:at]) + decoder.feed(stream[at:]) + decoder.close()
        assert [D.encode(e) for e in events] == [D.encode(e) for e in expected], at
        assert decoder.done and decoder.findings == [] and decoder.last_event_id == str(len(expected) - 1)
    folded, findings = stream_findings(D, stream)
    assert findings == [] and folded is not None and D.encode(folded) == D.encode(aggregate(expected, D))


def test_a_decoder_done_takes_more_bytes_and_gives_nothing() -> None:
    decoder = InteractionsStreamDecoder(D)
    decoder.feed(b"data: [DONE]\n\n")
    assert decoder.feed(b"data: {}\n\n") == [] and decoder.feed(b"\xff{") == [] and decoder.close() == []


def test_the_events_before_a_bad_one_are_delivered_and_the_error_comes_next() -> None:
    good = sse([ix.StepStart(index=0, step=ix.ThoughtStep())])
    good = good[: good.index(b"data: [DONE]")]
    decoder = InteractionsStreamDecoder(D)
    assert len(decoder.feed(good + b"data: {}\n\n")) == 1
    with pytest.raises(WireError) as e:
        decoder.feed(b"")
    assert [(f.code, f.line) for f in e.value.findings] == [("GW121", 4)]
    with pytest.raises(WireError):
        decoder.close()


def read_with(framer: Any, body: bytes, monkeypatch: pytest.MonkeyPatch, read: int = 97) -> tuple[list[bytes], Any]:
    """What the decoder gives for the body in reads of `read` bytes, framed by this framer class:
    the events' JSON, then the places, findings, last event ID and error (its findings)."""
    monkeypatch.setattr("gemini_wire.stream.interactions.SseFramer", framer)
    decoder = InteractionsStreamDecoder(D)
    events: list[Any] = []
    error = None
    try:
        for k in range(0, len(body), read):
            events += decoder.feed(body[k : k + read])
        events += decoder.close()
    except WireError as e:
        error = [(f.code, f.line, f.column, f.message) for f in e.findings]
    return [D.encode(e) for e in events], (decoder.places, [(f.code, f.line, f.column) for f in decoder.findings], decoder.last_event_id, error)


def plain_framer(**_: Any) -> SseFramer:
    return SseFramer()  # no fast path for `event:` lines: each event takes the WHATWG one


@pytest.mark.parametrize("crlf", [False, True], ids=["LF", "CRLF"])
def test_the_fast_framing_gives_the_events_findings_and_places_of_the_whatwg_one(crlf: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    interaction = ix.Interaction(
        status=ix.InteractionStatus.COMPLETED,
        id="v1_abc",
        model="gemini-3-flash-preview",
        steps=[ix.ThoughtStep(signature="c2ln"), ix.ModelOutputStep(content=[ix.TextContent(text="Héllo 😀, a longer text")])],
    )
    body = sse(server_events(interaction, [2, 5, 9]), crlf=crlf)
    renamed = body.replace(b"event: step.stop", b"event: step.end", 1)  # a GW124 warning at its line
    refused = body.replace(b'"index":1', b'"index":"one"')  # a GW121 error inside a later event
    assert refused != body
    for stream in (body, renamed, refused):
        for read in (7, 97, len(stream)):
            assert read_with(SseFramer, stream, monkeypatch, read) == read_with(plain_framer, stream, monkeypatch, read)
    assert read_with(SseFramer, renamed, monkeypatch)[1][1] and read_with(SseFramer, refused, monkeypatch)[1][3]


def test_a_usual_stream_takes_no_line_by_line_framing(monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[int] = []
    whatwg = SseFramer._lines

    def counted(self: SseFramer, got: list[bytes], first: int) -> Any:
        lines.append(len(got))
        return whatwg(self, got, first)

    monkeypatch.setattr(SseFramer, "_lines", counted)
    interaction = ix.Interaction(status=ix.InteractionStatus.COMPLETED, id="v1_abc", steps=[ix.ModelOutputStep(content=[ix.TextContent(text="x" * 400)])])
    for crlf, read, ids in itertools.product((False, True), (7, 1000), (False, True)):
        body = sse(server_events(interaction, list(range(0, 400, 9))), crlf=crlf, ids=ids)
        decoder = InteractionsStreamDecoder(D)
        events = [e for k in range(0, len(body), read) for e in decoder.feed(body[k : k + read])] + decoder.close()
        assert len(events) > 40 and decoder.done
        # With `id:` lines (a resumed stream), the fast path reads them: the last event's is kept.
        assert not ids or decoder.last_event_id == str(len(events) - 1)
    assert not any(lines)  # _end reads what follows the last blank line: nothing here
    two_ids = sse(server_events(interaction, [1]), ids=True).replace(b"id: 0\n", b"id: 0\nid: 0\n")
    list(iter_events([two_ids], D))
    assert any(lines)  # an event of another shape takes the WHATWG path: counted


def test_an_event_that_the_schema_refuses_is_placed_inside_its_json() -> None:
    body = b'event: step.start\ndata: {"event_type": "step.start", "index": "zero", "step": {"type": "thought"}}\n\n'
    _, findings = stream_findings(D, body)
    assert [(f.code, f.line, f.column) for f in findings] == [("GW121", 2, 36)]
    assert body.split(b"\n")[1][35:42] == b'"index"'


@pytest.mark.parametrize(
    "body",
    [
        b'{"error": {"code": "invalid_request", "message": "bad"}}',
        b'event: error\ndata: {"error": {"code": "invalid_request", "message": "bad"}}\n\n',
        b'event: error\ndata: {"event_type": "error", "error": {"code": "resource_exhausted", "message": "quota"}}\n\n',
    ],
)
def test_an_error_in_place_of_the_stream_or_in_it_decodes_to_its_error(body: bytes) -> None:
    (event,) = iter_events([body], D)
    assert isinstance(event, (ix.ErrorBody, ix.ErrorEvent)) and event.error.message in ("bad", "quota")
    assert stream_findings(D, body) == (None, [])


def test_each_rule_s_examples_show_it() -> None:
    for rule in (INTERACTIONS_LEGACY_STREAM, INTERACTIONS_EVENT_NAME, INTERACTIONS_STEP_FOLD):
        done = b'data: {"event_type": "interaction.completed", "interaction": {"id": "a", "status": "completed"}}\n\n'
        assert rule.code in [f.code for f in stream_findings(D, rule.bad.encode() + done)[1]]
        assert stream_findings(D, rule.good.encode() + done)[1] == []


# --------------------------------------------------------------------------- the dialect and the command line


def test_the_dialect_lints_a_stream_body() -> None:
    assert D.lint(LEGACY, kind="stream")[0].code == INTERACTIONS_LEGACY_STREAM.code
    assert D.lint(LEGACY.decode(), kind="stream") == D.lint(LEGACY, kind="stream")


def test_the_command_line_reads_a_file_that_starts_with_an_sse_field_as_a_stream(tmp_path: Path, capsys: Any) -> None:
    from gemini_wire.cli import main

    path = tmp_path / "stream.sse"
    path.write_bytes(LEGACY)
    assert main(["lint", "--dialect", "interactions-v1", str(path)]) == 0  # a warning
    assert f"{path}:2:7: {INTERACTIONS_LEGACY_STREAM.code}" in capsys.readouterr().out
    path.write_bytes(sse([ix.StepDelta(index=0, delta=ix.TextDelta(text="x"))]))
    assert main(["lint", "--dialect", "interactions-v1beta", "--kind", "stream", str(path)]) == 1


# --------------------------------------------------------------------------- the SDK's own events

# These need google-genai 3.x (dev.txt), which needs Python 3.11: make test-pythons leaves them
# out on the oldest Python (OLDEST_LEAVES_OUT), where the rest of this module runs.


def sdk_events() -> list[dict[str, Any]]:
    """The stream events written out in the SDK's tests (dict literals with an event_type)."""
    import google.genai

    tests = Path(google.genai.__file__).parent / "tests"
    found = []
    for path in sorted([*tests.glob("interactions/*.py"), *tests.glob("gaos/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == "event_type" for k in node.keys):
                try:
                    found.append(ast.literal_eval(node))
                except ValueError:
                    continue  # built by a call (a helper's interaction)
    return [e for e in found if isinstance(e.get("event_type"), str)]


def sdk_accepts(sample: dict[str, Any]) -> bool:
    """Whether the SDK's own event model takes this sample (its tests' mocks skip validation)."""
    import pydantic
    from google.genai._gaos.types.interactions.interactionsseevent import InteractionSSEEvent

    try:
        pydantic.TypeAdapter(InteractionSSEEvent).validate_python(sample)
    except pydantic.ValidationError:
        return False
    return True


def test_the_sdk_s_sample_events_decode_as_its_model_reads_them() -> None:
    samples = sdk_events()
    assert len(samples) >= 5
    assert {"future.event_kind", "step.delta", "interaction.created"} <= {e["event_type"] for e in samples}
    for sample in samples:
        # pydantic's lax mode reads `true` as the index 1; a JSON boolean is no integer: refused.
        if sdk_accepts(sample) and not isinstance(sample.get("index"), bool):  # kept as it came
            assert json.loads(D.encode(D.decode_event(json.dumps(sample)))) == sample
        else:  # e.g. a status update without its interaction_id: refused alike
            with pytest.raises(WireError):
                D.decode_event(json.dumps(sample))


def test_the_sdk_s_sample_events_read_as_one_stream_under_any_split() -> None:
    samples = [json.dumps(e) for e in sdk_events() if sdk_accepts(e) and not isinstance(e.get("index"), bool) and e["event_type"] not in LEGACY_EVENTS]
    body = "".join(f"event: {json.loads(s)['event_type']}\ndata: {s}\n\n" for s in samples).encode()
    body += b"data: [DONE]\n\n"
    whole = [D.encode(e) for e in iter_events([body], D)]
    assert [json.loads(e) for e in whole] == [json.loads(s) for s in samples]
    for size in (1, 7, 64):
        assert [D.encode(e) for e in iter_events([body[k : k + size] for k in range(0, len(body), size)], D)] == whole


def test_the_benchmark_runs_and_folds_what_it_streams(capsys: Any) -> None:
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "interactions_stream.py"
    spec = importlib.util.spec_from_file_location("interactions_stream_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.main(["--size", "3000", "--repeat", "1", "--read", "100"])
    assert [name for name, _, _ in rows] == ["gemini-wire decode", "gemini-wire + fold", "SDK (SSE + pydantic)"]
    assert all(events > 0 and mbps > 0 for _, events, mbps in rows)


# --------------------------------------------------------------------------- any input


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_give_events_or_placed_findings_never_an_exception(body: bytes) -> None:
    interaction, findings = stream_findings(D, body)
    assert interaction is None or isinstance(interaction, ix.Interaction)
    assert all(f.line is not None for f in findings)


@FUZZ
@given(INTERACTIONS, st.data())
def test_a_mangled_stream_gives_findings_never_an_exception(interaction: Any, data: st.DataObject) -> None:
    body = bytearray(sse(server_events(interaction, [3])))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(body) - 1))
        body[at : at + data.draw(st.integers(0, 3))] = data.draw(st.sampled_from([b"", b"\n", b"{", b'"', b"9", b"event: x\n", b"\xff"]))
    interaction_or_none, findings = stream_findings(D, bytes(body))
    assert interaction_or_none is not None or findings
    assert all(f.line is not None for f in findings)
    folder = InteractionFolder(D)
    try:
        for event in iter_events([bytes(body)], D):
            folder.add(event)
        folder.result()
    except (WireError, ValueError):
        pass
