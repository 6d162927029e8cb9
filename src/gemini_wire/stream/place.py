"""What the readers of generateContent's streams (decode.py) and of the Interactions API's
(interactions.py) share: findings about a stream, placed at its lines, and reading chunks
through a decoder."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

import msgspec

from gemini_wire.codec import lone_surrogate
from gemini_wire.findings import Finding, Path, WireError, relocate
from gemini_wire.limits import too_deep
from gemini_wire.rules import Rule
from gemini_wire.rules.stream import INVALID_STREAM_EVENT
from gemini_wire.stream.sse import Place


def truncated(payload: bytes) -> bool:
    """Whether an event's data is JSON cut off at its end (the stream ended inside it)."""
    if too_deep(payload) is not None:
        return False  # decoding it reports the nesting
    try:
        msgspec.json.decode(payload)
    except msgspec.DecodeError as e:
        # Half a surrogate pair at the end reads as "truncated" too: its JSON is whole.
        return "truncated" in str(e) and lone_surrogate(payload) is None
    except UnicodeDecodeError:
        return False
    return False


def stream_error(rule: Rule, loc: Path, message: str, hint: str, place: Place) -> WireError:
    """A finding about the stream itself (GW120, GW121) at a stream line and column offset."""
    line, offset = place
    return WireError([msgspec.structs.replace(rule.finding(loc, message, hint), line=line, column=offset + 1)])


def relocated(error: WireError, where: Path, at: list[Place]) -> WireError:
    """The findings of one event's payload, as GW121 findings placed in the whole stream.

    `at` holds the stream line and column offset where each line of the payload starts; an
    element of a JSON array gives only its first line, the next ones follow it from column 1.
    """
    lines = [(line, offset + 1) for line, offset in at]
    return WireError([relocate(in_event(f), where, lines=lines) for f in error.findings])


def in_event(f: Finding) -> Finding:
    """A payload's finding said as one about the stream's event (GW121), in the same place."""
    found = INVALID_STREAM_EVENT.finding(f.loc, f"{f.message} ({f.code})", f.hint, source=f.source)
    return msgspec.structs.replace(found, line=f.line, column=f.column)


class Reader(Protocol):
    """A stream decoder: bytes in by feed(), what they complete out; close() at the end."""

    def feed(self, chunk: bytes | bytearray | memoryview) -> list[Any]: ...
    def close(self) -> list[Any]: ...


def read_through(decoder: Reader, chunks: Iterable[bytes]) -> Iterator[Any]:
    """Each message that `chunks` complete in `decoder`; a WireError at the end comes after what
    the end completed before the problem (its `responses`)."""
    for chunk in chunks:
        yield from decoder.feed(chunk)
    try:
        rest = decoder.close()
    except WireError as e:
        yield from e.responses
        raise
    yield from rest
