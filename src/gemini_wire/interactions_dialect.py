"""One Interactions API dialect's public verbs (issue 23), typed by its own Structs.

The Interactions API is another protocol than generateContent (`POST /{version}/interactions`):
snake_case keys only, unions tagged by `type`, an `Interaction` resource for an answer, a string
error code. Its dialects share generateContent's promises (requests strict; responses keep what
is newer than the spec; any input decodes or gives a WireError with a path) through their own
codec (codec/tagged.py); generateContent's lint rules, census and stream tools do not apply: its
requests have lint rules of their own (GW9xx, gemini_wire.checks.interactions).
"""

from __future__ import annotations

import types
from collections.abc import Container, Iterable, Iterator
from typing import Any, Generic, TypeVar

import msgspec

from gemini_wire.checks import interactions as checks
from gemini_wire.codec import encode
from gemini_wire.codec.tagged import TaggedCodec, raise_findings
from gemini_wire.dialect import publish
from gemini_wire.endpoints import interactions_info
from gemini_wire.findings import Finding, order
from gemini_wire.positions import placed
from gemini_wire.rules.interactions_stream import INTERACTIONS_LEGACY_STREAM
from gemini_wire.stream import interactions as streams

Req = TypeVar("Req")
Resp = TypeVar("Resp")
Event = TypeVar("Event")
Err = TypeVar("Err")

KINDS = ("request", "response", "event", "error")
LINT_KINDS = (*KINDS, "stream")  # a whole SSE body (stream.interactions)


class InteractionsDialect(Generic[Req, Resp, Event, Err]):
    """One Interactions dialect's verbs: decode_request / decode_response / decode_event /
    decode_error, encode, and lint (schema-level findings, placed in the text)."""

    encode = staticmethod(encode)

    def __init__(
        self,
        name: str,
        structs: types.ModuleType,
        wire: types.ModuleType,
        response: type[Resp],
        event: Any,
        error: type[Err],
    ) -> None:
        """The dialect `name` of the generated Structs `structs` and their wire module."""
        here = interactions_info(name)
        publish(structs, here.module)
        self.name = name
        self.api = here.api
        self.version = here.version
        self.title = here.title
        self.structs = structs
        self.codec = TaggedCodec(structs, wire)
        self._types = {"response": response, "event": event, "error": error}

    def __repr__(self) -> str:
        return f"<InteractionsDialect {self.name}>"

    def __str__(self) -> str:
        return self.name

    def analyze(self, data: bytes | str, kind: str) -> tuple[Any, list[Finding]]:
        """The message of `kind` (request, response, event or error) in `data`, or None, and
        every finding; never raises."""
        if kind == "request":
            return self.codec.analyze_request(data)
        return self.codec.analyze_response(data, self._types[kind])

    def decode_request(self, data: bytes | str) -> Req:
        """The request (CreateModelInteraction or CreateAgentInteraction) in `data`; raises WireError."""
        found: Req = raise_findings(self.codec.analyze_request(data))
        return found

    def decode_response(self, data: bytes | str) -> Resp:
        """The Interaction in `data`, what is newer than the spec kept; raises WireError."""
        found: Resp = raise_findings(self.codec.analyze_response(data, self._types["response"]))
        return found

    def decode_event(self, data: bytes | str) -> Event:
        """One stream event (the JSON of an SSE `data:` line), what is newer kept; raises WireError."""
        found: Event = raise_findings(self.codec.analyze_response(data, self._types["event"]))
        return found

    def decode_error(self, data: bytes | str) -> Err:
        """The error body (`{"error": {"code": ..., "message": ...}}`) in `data`; raises WireError."""
        found: Err = raise_findings(self.codec.analyze_response(data, self._types["error"]))
        return found

    def guess_kind(self, payload: bytes | str) -> str:
        """What a payload is, by its top-level keys: an event (`event_type`), an error body
        (`error` alone), an Interaction (`status` or `steps`, which no request has), or else a
        request."""
        try:
            top = msgspec.json.decode(payload, type=dict[str, msgspec.Raw])
        except (msgspec.DecodeError, msgspec.ValidationError, UnicodeError, TypeError):
            return "request"
        if "event_type" in top:
            return "event"
        if "error" in top and len(top) == 1:
            return "error"
        return "response" if "status" in top or "steps" in top else "request"

    def lint(self, payload: bytes | str, *, kind: str = "request", selected: Container[str] | None = None) -> list[Finding]:
        """Every finding for a payload of `kind`, with line and column; never raises. A request
        the schema takes is checked by the Interactions rules (GW9xx, gemini_wire.checks.interactions)
        `selected` (--select / --ignore; None: all); the others are not run. A `stream` is a whole
        SSE body (stream.interactions), its findings placed at stream line and column."""
        if kind not in LINT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(LINT_KINDS)}, not {kind!r}")
        if kind == "stream":
            found = self.lint_stream(payload)
            return found if selected is None else [f for f in found if f.code in selected]
        obj, findings = self.analyze(payload, kind)
        if kind == "response" and obj is not None and (selected is None or INTERACTIONS_LEGACY_STREAM.code in selected):
            findings = findings + streams.legacy_findings(obj)  # a recording of the May 2026 schema's predecessor
        if kind == "request":
            if obj is not None:
                findings = findings + checks.lint_request(obj, selected)
            else:
                findings = checks.refined(findings, payload, selected)
                # Refused only for unknown keys: the rules read the rest (a key removed from an
                # object moves no other path), once the codec takes it.
                rest = checks.without_unknown_keys(findings, payload)
                obj = self.codec.analyze_request(rest)[0] if rest is not None else None
                if obj is not None:
                    findings = findings + checks.lint_request(obj, selected)
        return sorted(placed(payload, findings), key=order) if findings else []

    def iter_events(self, chunks: Iterable[bytes]) -> Iterator[Any]:
        """Each event of a stream body given as byte chunks (InteractionSSEEvent Structs, an error
        body, UnknownKind for a newer type); raises WireError as InteractionsStreamDecoder does."""
        return streams.iter_events(chunks, self)

    def aggregate(self, events: Iterable[Any]) -> Resp:
        """The Interaction that a stream's events add up to; raises WireError (GW125)."""
        found: Resp = streams.aggregate(events, self)
        return found

    def lint_stream(self, body: bytes | str) -> list[Finding]:
        """Every finding of a whole stream body (SSE), placed at stream line and column; never raises."""
        return streams.stream_findings(self, body.encode() if isinstance(body, str) else body)[1]
