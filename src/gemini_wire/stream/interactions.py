"""Interactions API streams (issue 23): the events of `POST /interactions` with `stream: true`, read
as they come, and their fold into the Interaction a call without `stream` answers.

    decoder = InteractionsStreamDecoder(dialects.interactions_dialect("interactions-v1"))
    for piece in http_body:                     # split anywhere, a byte at a time included
        for event in decoder.feed(piece):       # InteractionSSEEvent Structs, ErrorBody, UnknownKind
            ...
    decoder.close()                             # WireError (GW120) if the stream was cut
    decoder.findings                            # what did not stop the reading (GW123, GW124)
    final = aggregate(events, dialect)          # the Interaction (WireError GW125 if it cannot be)

The dialect's verbs do the same: `dialect.iter_events(chunks)`, `dialect.aggregate(events)`,
`dialect.lint(body, kind="stream")`. A dialect is given, not named: the stream floor stands below
the registry (gemini_wire.dialects).

The wire (https://ai.google.dev/gemini-api/docs/interactions/streaming): Server-Sent Events, each an
`event: <type>` line and a `data:` line of JSON whose `event_type` says the type again, an `id:` or
the JSON's `event_id` to resume from, `data: [DONE]` at the end. The framing is sse.SseFramer's; the
JSON is the dialect's codec's, which keeps an event of a type newer than the spec as an UnknownKind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

import msgspec
from msgspec import UNSET

from gemini_wire.codec import own_unknown
from gemini_wire.findings import Finding, Path, WireError, excerpt
from gemini_wire.positions import placed
from gemini_wire.rules.interactions_stream import (
    INTERACTIONS_EVENT_NAME,
    INTERACTIONS_LEGACY_STREAM,
    INTERACTIONS_STEP_FOLD,
)
from gemini_wire.rules.stream import INVALID_STREAM_EVENT, STREAM_TRUNCATED
from gemini_wire.stream.place import read_through, relocated, stream_error, truncated
from gemini_wire.stream.sse import BOM, Bare, Event, Named, Place, Run, SseFramer

__all__ = ["InteractionFolder", "InteractionsStreamDecoder", "aggregate", "iter_events", "stream_findings"]

DONE = b"[DONE]"
# The events of the schema before May 2026, removed in June 2026 (rules/interactions_stream.py).
LEGACY_EVENTS = frozenset({"interaction.start", "interaction.complete", "content.start", "content.delta", "content.stop"})
# The events whose Struct has no `interaction` (nor `outputs` in one): nothing legacy to look for.
STEP_EVENTS = frozenset({"step.start", "step.delta", "step.stop"})
ENDING = frozenset({"interaction.completed", "error", None})  # an error body's kind is None
RECORD_AGAIN = "re-record the call against the current API (the `steps` schema, `step.*` events)"


class Verbs(Protocol):
    """What the stream tools use of an Interactions dialect (interactions_dialect.InteractionsDialect)."""

    def analyze(self, data: bytes | str, kind: str) -> tuple[Any, list[Finding]]: ...
    def guess_kind(self, payload: bytes | str) -> str: ...
    def decode_response(self, data: bytes | str) -> Any: ...

    encode: Callable[..., bytes]


def kind_of(obj: Any, field: str) -> str | None:
    """The wire tag (`event_type` or `type`) of a decoded member, UnknownKind's as it came."""
    tag = type(obj).__struct_config__.tag
    if isinstance(tag, str):
        return tag
    found = own_unknown(obj).get(field)
    return found if isinstance(found, str) else None


class InteractionsStreamDecoder:
    """Incremental decoder of an Interactions API stream: chunks of bytes in, events out."""

    def __init__(self, dialect: Verbs) -> None:
        self._dialect = dialect
        self._sse = SseFramer(named=True)
        self._head = bytearray()  # the first bytes, until they are known not to be a BOM
        self._started = False
        self._bare: bytearray | None = None  # the stream from a line of bare JSON on (Bare)
        self._bare_line = 0
        self._closed = False
        self._error: WireError | None = None
        self._names: dict[bytes, str] = {}  # `event:` lines read, and the names they give
        #: The stream place of each event given so far (its data lines), for the fold's findings.
        self.places: list[list[Place]] = []
        #: Findings that did not stop the reading (GW124), placed in the stream.
        self.findings: list[Finding] = []
        #: The `event_id` (or SSE `id:`) of the last event that had one: where to resume from.
        self.last_event_id = ""
        #: True once `data: [DONE]`, an `interaction.completed` or an error has come.
        self.ended = False
        #: True once `data: [DONE]` has come: what follows is not read (nor reported), as the SDK's
        #: reader stops there (google-genai 3.6.1, _gaos/utils/eventstreaming.py: the "[DONE]"
        #: sentinel ends stream_events).
        self.done = False

    def feed(self, chunk: bytes | bytearray | memoryview) -> list[Any]:
        """The events this chunk completes, in stream order; raises WireError for one that is not
        an event (GW121) or of the legacy schema (GW123), and again on every later call (after
        handing over the events before it, when this chunk had some)."""
        if self._error is not None:
            raise self._error
        if self._closed:
            raise ValueError("feed() after close()")
        out: list[Any] = []
        if self.done:
            return out
        try:
            if self._bare is not None:
                self._bare += chunk
            elif not self._started:
                self._head += chunk
                if len(self._head) >= len(BOM) or not BOM.startswith(self._head):
                    self._begin(out)
            else:
                self._items(out, self._sse.feed(chunk))
        except WireError as e:
            self._error = WireError(e.findings)
            if not out:
                raise self._error from None
            # What came before the bad event is delivered; the error comes with the next call.
        return out

    def close(self) -> list[Any]:
        """What the end of the stream completes; raises WireError (GW120) if the stream was cut
        short (its `responses` then hold the events the end completed)."""
        if self._error is not None:
            raise self._error
        if self._closed:
            return []
        self._closed = True
        out: list[Any] = []
        try:
            if not self._started:
                self._begin(out)
            if self._bare is None and not self.done:
                self._items(out, self._sse.close())
            if self._bare is not None and not self.done:
                self._bare_json(out)
            if not self.ended:
                hint = "the connection was closed early: resume from last_event_id or retry the request"
                what = "its first event" if not self.places else "`interaction.completed` or `data: [DONE]`"
                raise stream_error(STREAM_TRUNCATED, ("event", len(self.places)), f"the stream ends before {what}", hint, (self._sse.line, 0))
        except WireError as e:
            self._error = WireError(e.findings)
            raise WireError(e.findings, out) from None
        return out

    # ----------------------------------------------------------------- framing

    def _begin(self, out: list[Any]) -> None:
        head = bytes(self._head)
        self._started = True
        del self._head[:]
        self._items(out, self._sse.feed(head[len(BOM) :] if head.startswith(BOM) else head))

    def _items(self, out: list[Any], items: Iterable[Run | Named | Event | Bare]) -> None:
        for item in items:
            if self.done:
                return  # what follows `data: [DONE]` is not read
            if type(item) is Named:
                names, first, stride, ids = self._names, item.line + item.at, item.stride, item.ids
                for k, (line, value) in enumerate(zip(item.names, item.values, strict=True)):
                    name = names.get(line)
                    if name is None:
                        name = names[line] = item.name(k)
                    skip = 6 if value[5:6] == b" " else 5
                    self._event(out, value[skip:], [(first + stride * k, skip)], item.event_id(k) if ids else item.id, name)
            elif type(item) is Run:
                for k in range(len(item.values)):
                    self._event(out, item.payload(k), [item.place(k)], item.id, "")
            elif type(item) is Event:
                if not item.ended and truncated(item.data):
                    hint = "the connection was closed early: resume from last_event_id or retry the request"
                    message = "the stream ends inside this event: its JSON is cut off"
                    raise stream_error(STREAM_TRUNCATED, ("event", len(self.places)), message, hint, item.places[0])
                self._event(out, item.data, item.places, item.id, item.name)
            else:
                assert type(item) is Bare
                # A JSON body where the stream should be: the error the server answers instead.
                self._bare, self._bare_line = bytearray(item.rest), item.line

    def _bare_json(self, out: list[Any]) -> None:
        assert self._bare is not None
        payload = bytes(self._bare).strip()
        if payload:
            self._event(out, payload, [(self._bare_line, 0)], "", "")

    # ----------------------------------------------------------------- events

    def _event(self, out: list[Any], payload: bytes, places: list[Place], sse_id: str, name: str) -> None:
        if self.done:
            return  # after `data: [DONE]` in the same run of events
        if sse_id:
            self.last_event_id = sse_id
        if payload[:1] != b"{":  # an event's JSON starts so: anything else is looked at whole
            if not payload or payload.isspace():
                return  # an event without data carries nothing
            if payload.strip() == DONE:
                self.ended = self.done = True
                return
        event, findings = self._dialect.analyze(payload, "event")
        if findings and self._dialect.guess_kind(payload) == "error":
            event, findings = self._dialect.analyze(payload, "error")  # {"error": {...}} alone
        if findings:
            raise relocated(WireError(placed(payload, findings)), ("event", len(self.places)), places)
        tag = type(event).__struct_config__.tag
        kind = tag if isinstance(tag, str) else kind_of(event, "event_type")
        legacy = "" if tag in STEP_EVENTS else self._legacy(event, kind)
        if legacy:
            found = INTERACTIONS_LEGACY_STREAM.finding(("event", len(self.places)), legacy, RECORD_AGAIN)
            line, offset = places[0]
            raise WireError([msgspec.structs.replace(found, line=line, column=offset + 1)])
        if name and name != (kind or "error"):
            found = INTERACTIONS_EVENT_NAME.finding(
                ("event", len(self.places)),
                f"the `event:` line names {excerpt(name)}, the JSON's event_type is {excerpt(kind or 'error')}",
                "send the same type on both: the JSON's event_type is what clients decode",
            )
            line, offset = places[0]
            self.findings.append(msgspec.structs.replace(found, line=line, column=1))
        event_id = getattr(event, "event_id", UNSET)
        if isinstance(event_id, str) and event_id:
            self.last_event_id = event_id
        if kind in ENDING:
            self.ended = True  # an error body (kind None) or error event ends the stream too
        self.places.append(places)
        out.append(event)

    @staticmethod
    def _legacy(event: Any, kind: str | None) -> str:
        """Why this event is of the legacy schema, or ""."""
        if kind in LEGACY_EVENTS:
            return f"a `{kind}` event: the Interactions stream schema before May 2026, removed in June 2026"
        return legacy_interaction(getattr(event, "interaction", None))


def legacy_interaction(interaction: Any) -> str:
    """Why an Interaction (in an event, or a unary answer) is of the legacy schema, or ""."""
    keys = interaction if isinstance(interaction, dict) else own_unknown(interaction) if isinstance(interaction, msgspec.Struct) else {}
    if "outputs" in keys:
        return "an interaction with `outputs`: the Interactions schema before May 2026 (now `steps`), removed in June 2026"
    return ""


def legacy_findings(interaction: Any) -> list[Finding]:
    """GW123 for a unary Interaction of the legacy schema (`outputs` where `steps` are now)."""
    legacy = legacy_interaction(interaction)
    return [INTERACTIONS_LEGACY_STREAM.finding(("outputs",), legacy, RECORD_AGAIN)] if legacy else []


def iter_events(chunks: Iterable[bytes], dialect: Verbs) -> Iterator[Any]:
    """Each event of an Interactions stream given as byte chunks (e.g. httpx's iter_bytes())."""
    return read_through(InteractionsStreamDecoder(dialect), chunks)


# --------------------------------------------------------------------------- the fold


def aggregate(events: Iterable[Any], dialect: Verbs) -> Any:
    """The Interaction that a stream's events add up to: what the call without `stream` answers.

    Its fields are those of `interaction.completed`'s interaction (else `interaction.created`'s,
    with the status and usage of the last `interaction.status_update`); its `steps` are the
    completed interaction's when it carries some, else the steps folded from `step.start`,
    `step.delta` and `step.stop` in index order. So `encode(aggregate(events))` is the JSON of the
    completed event's interaction with the folded steps where it has none. Raises WireError (GW125) for a delta or stop that
    cannot be folded, ValueError for a stream without an interaction event.
    """
    folder = InteractionFolder(dialect)
    for event in events:
        folder.add(event)
    return folder.result()


class InteractionFolder:
    """`aggregate` one event at a time: `add` each event as it comes, then take `result()` once.

    Folding, per step index (the definition of the aggregate; the SDK has none):
    - `text` deltas join the step's last text content, or start one; `image`, `audio`, `video`
      and `document` deltas are a content each; `text_annotation_delta` adds to the last text's
      annotations (model_output steps);
    - `thought_signature` sets the thought's signature, `thought_summary` adds its content to
      the summary, text joining the last summary text (thought steps);
    - `arguments_delta` pieces join into the JSON text of the call's `arguments` (function_call
      and MCP calls), read at `step.stop` or at the end;
    - a delta of the step's own kind (a server tool's call or result, a function result) sets
      the fields it carries, a `result` list or string adding to the one before.
    A delta of a kind newer than the spec on a step of another kind is not folded (a warning in
    `findings`); unknown event types are passed over.
    """

    def __init__(self, dialect: Verbs) -> None:
        self._dialect = dialect
        self._base: dict[str, Any] | None = None  # interaction.created's interaction, updated
        self._completed: dict[str, Any] | None = None
        self._steps: dict[int, StepFold] = {}
        self.count = 0  # events added
        #: The error event or body, if the stream ended with one.
        self.error: Any = None
        #: Deltas of a newer kind that were not folded (GW125 warnings).
        self.findings: list[Finding] = []

    def _builtins(self, obj: Any) -> dict[str, Any]:
        """A Struct as the JSON object it was, its unknown keys with it."""
        found: dict[str, Any] = msgspec.json.decode(self._dialect.encode(obj))
        return found

    def add(self, event: Any) -> None:
        """Fold the next event in; WireError (GW125) for a step event that cannot be folded."""
        where: Path = ("event", self.count)
        self.count += 1
        kind = kind_of(event, "event_type")
        if kind == "step.delta":
            self._open(event.index, where, "step.delta").add(event.delta, where)
        elif kind == "step.start":
            if event.index in self._steps:
                raise fold_error(where, f"step {event.index} starts again", "each step index is started once")
            self._steps[event.index] = StepFold(self._builtins(event.step), self, where)
        elif kind == "step.stop":
            self._open(event.index, where, "step.stop").stop(where)
        elif kind == "interaction.status_update":
            update = self._builtins(event)
            base = self._base if self._base is not None else {}
            base.update({k: update[k] for k in ("status", "usage", "continuation_token") if k in update})
            self._base = base
        elif kind == "interaction.created":
            self._base = {**self._builtins(event.interaction), **(self._base or {})}
        elif kind == "interaction.completed":
            self._completed = self._builtins(event.interaction)
        elif kind == "error" or (kind is None and hasattr(event, "error")):
            self.error = event

    def _open(self, index: int, where: Path, what: str) -> StepFold:
        fold = self._steps.get(index)
        if fold is None:
            raise fold_error(where, f"a {what} for step {index}, which no step.start opened", "send step.start before its deltas")
        if fold.stopped:
            raise fold_error(where, f"a {what} for step {index} after its step.stop", "send a step's deltas before its step.stop")
        return fold

    def result(self) -> Any:
        """The Interaction the events add up to (the fold ends: add nothing after it)."""
        fields = self._completed if self._completed is not None else self._base
        if fields is None:
            raise ValueError("aggregate() needs an interaction.created or interaction.completed event")
        fields = dict(fields)
        # The completed event may carry the steps, or none, or an empty list "to reduce the payload
        # size" (the JS SDK's InteractionCompletedEvent): the streamed steps stand for them then.
        if not fields.get("steps") and self._steps:
            fields["steps"] = [self._steps[k].result() for k in sorted(self._steps)]
        return self._dialect.decode_response(msgspec.json.encode(fields))


def fold_error(where: Path, message: str, hint: str) -> WireError:
    return WireError([INTERACTIONS_STEP_FOLD.finding(where, message, hint)])


MEDIA = frozenset({"image", "audio", "video", "document"})
ARGUMENTS = frozenset({"function_call", "mcp_server_tool_call"})


class StepFold:
    """One step of the stream: what step.start gave, and the deltas folded into it."""

    def __init__(self, step: dict[str, Any], folder: InteractionFolder, where: Path) -> None:
        self.step = step
        self.where = where  # the step.start event
        self.kind = step.get("type")
        self.folder = folder
        self.arguments: list[str] = []  # arguments_delta pieces
        self.stopped = False
        # The text being streamed into the last item of content (or summary), in pieces joined
        # once: `+=` on a string held in a dict copies it each time, quadratic in a long answer.
        self._pending: tuple[list[dict[str, Any]], list[str]] | None = None

    def _join(self, items: list[dict[str, Any]], text: str) -> None:
        """Add text to the last item of `items` when it is text, else start a text item."""
        pending = self._pending
        if pending is not None and pending[0] is items:
            pending[1].append(text)
            return
        self._flush()
        if items and items[-1].get("type") == "text":
            self._pending = (items, [items[-1]["text"], text])
        else:
            items.append({"type": "text", "text": ""})
            self._pending = (items, [text])

    def _flush(self) -> None:
        if self._pending is not None:
            items, pieces = self._pending
            items[-1]["text"] = "".join(pieces)
            self._pending = None

    def add(self, delta: Any, where: Path) -> None:
        kind = kind_of(delta, "type")
        step = self.step
        if kind == "text" and self.kind == "model_output":
            self._join(step.setdefault("content", []), delta.text)
            return
        if kind != "thought_summary":
            self._flush()  # the text streamed so far is whole: something else comes after it
        if kind == "arguments_delta" and self.kind in ARGUMENTS:
            if delta.arguments is not UNSET:
                self.arguments.append(delta.arguments)
        elif kind in MEDIA and self.kind == "model_output":
            step.setdefault("content", []).append(self.folder._builtins(delta))
        elif kind == "text_annotation_delta" and self.kind == "model_output":
            content = step.get("content") or [{}]
            if content[-1].get("type") != "text":
                raise fold_error((*where, "delta"), "annotations for a step whose last content is not text", "send annotations after the text they annotate")
            content[-1].setdefault("annotations", []).extend(self.folder._builtins(delta).get("annotations", []))
        elif kind == "thought_signature" and self.kind == "thought":
            if delta.signature is not UNSET:
                step["signature"] = delta.signature
        elif kind == "thought_summary" and self.kind == "thought":
            if delta.content is not UNSET:
                item = self.folder._builtins(delta.content)
                summary = step.setdefault("summary", [])
                if set(item) == {"type", "text"} and item["type"] == "text":
                    self._join(summary, item["text"])
                else:
                    self._flush()
                    summary.append(item)
        elif kind is not None and kind == self.kind:
            self._merge(self.folder._builtins(delta))
        elif kind is None or type(delta).__struct_config__.tag is None or self.kind is None:
            # A delta or a step of a kind newer than the spec: kept out of the fold, said so.
            message = f"a delta of kind {excerpt(str(kind))} on a step of kind {excerpt(str(self.kind))} is not folded"
            self.folder.findings.append(INTERACTIONS_STEP_FOLD.finding((*where, "delta"), message, "update gemini-wire", severity="warning"))
        else:
            message = f"a `{kind}` delta for a step of kind `{self.kind}`"
            raise fold_error((*where, "delta"), message, "send each step the deltas of its own kind")

    def _merge(self, fields: dict[str, Any]) -> None:
        step = self.step
        for key, value in fields.items():
            before = step.get(key)
            if key == "result" and isinstance(before, list) and isinstance(value, list):
                step[key] = before + value
            elif key == "result" and isinstance(before, str) and isinstance(value, str):
                step[key] = before + value
            elif key != "type":
                step[key] = value

    def stop(self, where: Path) -> None:
        self.stopped = True
        self._arguments(where)

    def _arguments(self, where: Path) -> None:
        if not self.arguments:
            return
        text = "".join(self.arguments)
        self.arguments = []
        try:
            value = msgspec.json.decode(text)
        except msgspec.DecodeError:
            value = None
        if not isinstance(value, dict):
            message = f"the arguments_delta pieces join into {excerpt(text)}, not a JSON object"
            raise fold_error(where, message, "send the call's arguments as the pieces of one JSON object")
        self.step["arguments"] = value

    def result(self) -> dict[str, Any]:
        """The step folded, its arguments read if no step.stop came (said at its step.start)."""
        self._flush()
        self._arguments(self.where)
        return self.step


# --------------------------------------------------------------------------- findings


def stream_findings(dialect: Verbs, body: bytes) -> tuple[Any, list[Finding]]:
    """The Interaction a whole stream body adds up to (None when it cannot be built), and every
    finding, placed at its stream line and column; never raises."""
    decoder = InteractionsStreamDecoder(dialect)
    events: list[Any] = []
    findings: list[Finding] = []
    try:
        events.extend(decoder.feed(body))
        events.extend(decoder.close())
    except WireError as e:
        events.extend(e.responses)
        findings.extend(e.findings)
    findings.extend(decoder.findings)
    if any(f.severity == "error" for f in findings) or any(f.code == INTERACTIONS_LEGACY_STREAM.code for f in findings):
        return None, sorted(findings, key=place_order)
    folder = InteractionFolder(dialect)
    interaction = None
    try:
        for event in events:
            folder.add(event)
        interaction = folder.result()
    except WireError as e:
        findings.extend(placed_in(e.findings, decoder.places))
    except ValueError as e:
        if folder.error is not None:
            return None, sorted(findings, key=place_order)  # an error instead of an interaction
        hint = "a stream carries its interaction in interaction.created or interaction.completed"
        found = INVALID_STREAM_EVENT.finding(("event",), str(e), hint)
        findings.append(msgspec.structs.replace(found, line=1, column=1))
    findings.extend(placed_in(folder.findings, decoder.places))
    return interaction, sorted(findings, key=place_order)


def placed_in(findings: list[Finding], places: list[list[Place]]) -> list[Finding]:
    """The fold's findings (at `("event", n, ...)`) placed at their event's first data line."""
    out = []
    for f in findings:
        n = f.loc[1] if len(f.loc) > 1 and f.loc[0] == "event" else None
        if isinstance(n, int) and n < len(places):
            line, offset = places[n][0]
            f = msgspec.structs.replace(f, line=line, column=offset + 1)
        out.append(f)
    return out


def place_order(f: Finding) -> tuple[int, int]:
    return (f.line or 0, f.column or 0)

