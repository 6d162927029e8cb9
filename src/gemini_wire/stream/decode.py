"""StreamDecoder: the responses of a streamGenerateContent body fed in chunks, and its findings.

The server frames a stream in one of two ways, and the first significant byte tells which:

- `?alt=sse`: Server-Sent Events, read by the WHATWG rules (`data:` with or without its space,
  data lines joined with "\\n", comments, CRLF/CR/LF, a BOM, `event`/`id`/`retry` fields): `sse`;
- without it, one JSON array whose elements arrive over time: `[{...}\\n,\\r\\n{...}\\n]`: `array`.

A body that starts with `{` is bare JSON: the error body the server sends instead of a stream.

Cost. A feed is the framing's few whole-buffer operations (find, split, join) and one C-level
loop of the dialect's decode_response over the payloads it completes (`list.extend(map(...))`),
so a long stream costs about what decoding its chunks one by one costs. A payload that fails, or
is an error body, is then taken alone, so results and findings do not depend on the path; what
the run's decode_response raised on it is handed on rather than found by decoding it again.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import msgspec

from gemini_wire import dialects
from gemini_wire.codec import ErrorBodyGiven
from gemini_wire.codec.syntax import BYTE_OFFSET
from gemini_wire.findings import Finding, WireError
from gemini_wire.rules.stream import INVALID_STREAM_EVENT, STREAM_TRUNCATED
from gemini_wire.rules.structure import INVALID_JSON
from gemini_wire.stream.array import ArrayFramer, Cut, Unexpected
from gemini_wire.stream.place import read_through, relocated, stream_error
from gemini_wire.stream.sse import BOM as BOM  # documents.traffic reads it here
from gemini_wire.stream.sse import Bare, Event, Named, Run, SseFramer

if TYPE_CHECKING:  # a name is resolved by the registry: the Dialect class is not needed to run
    from gemini_wire._generated import gemini_v1, vertex_v1beta1
    from gemini_wire._generated import gemini_v1beta as gemini
    from gemini_wire._generated import vertex_v1 as vertex
    from gemini_wire.dialect import Dialect

__all__ = ["StreamDecoder", "aiter_responses", "iter_responses"]

Resp = TypeVar("Resp")
Err = TypeVar("Err")

# The names of each dialect (endpoints.INFO and ALIASES), for the types of what a stream gives.
GeminiName = Literal["gemini", "gemini-v1beta"]
GeminiV1Name = Literal["gemini-v1"]
VertexName = Literal["vertex", "vertex-v1"]
VertexV1beta1Name = Literal["vertex-v1beta1"]

WHITESPACE = re.compile(rb"[ \t\r\n]*")
OPEN_BRACE, OPEN_BRACKET = b"{["


class StreamDecoder(Generic[Resp, Err]):
    """Incremental decoder of a streamGenerateContent body, SSE or JSON array, told apart itself."""

    @overload
    def __init__(
        self: StreamDecoder[gemini.GenerateContentResponse, gemini.ErrorBody],
        dialect: GeminiName = ...,
    ) -> None: ...
    @overload
    def __init__(
        self: StreamDecoder[gemini_v1.GenerateContentResponse, gemini_v1.ErrorBody],
        dialect: GeminiV1Name,
    ) -> None: ...
    @overload
    def __init__(
        self: StreamDecoder[vertex.GenerateContentResponse, vertex.ErrorBody],
        dialect: VertexName,
    ) -> None: ...
    @overload
    def __init__(
        self: StreamDecoder[vertex_v1beta1.GenerateContentResponse, vertex_v1beta1.ErrorBody],
        dialect: VertexV1beta1Name,
    ) -> None: ...
    @overload
    def __init__(self, dialect: Dialect[Any, Resp, Err]) -> None: ...
    @overload
    def __init__(self: StreamDecoder[Any, Any], dialect: str) -> None: ...
    def __init__(self, dialect: str | Dialect[Any, Any, Any] = "gemini") -> None:
        if isinstance(dialect, str):
            dialect = dialects.dialect(dialect)  # raises ValueError naming the dialects
        self._dialect: Dialect[Any, Any, Any] = dialect
        self._head = bytearray()  # what came before the framing is known: whitespace, a BOM
        self._blank = 0  # bytes of _head read as whitespace: each feed reads only its own
        self._bom = True  # the stream's first bytes may still be a BOM
        self._sse: SseFramer | None = None
        self._array: ArrayFramer | None = None  # also bare JSON, even after SSE
        self._count = 0  # events or elements decoded
        self._failed: tuple[bytes, WireError] | None = None  # the payload a run stopped at, and why
        self._closed = False
        self._error: WireError | None = None
        #: The id of the last event dispatched (WHATWG "last event ID"), for a reconnection.
        self.last_event_id = ""

    @property
    def retry(self) -> int | None:
        """The reconnection time in milliseconds that the server asked for, if it did."""
        return None if self._sse is None else self._sse.retry

    def feed(self, chunk: bytes | bytearray | memoryview) -> list[Resp | Err]:
        """The responses (or error bodies) that this chunk completes, in stream order."""
        if self._error is not None:
            raise self._error
        if self._closed:
            raise ValueError("feed() after close()")
        out: list[Resp | Err] = []
        try:
            if self._array is not None:
                self._elements(out, self._array, chunk)
            elif self._sse is not None:
                self._events(out, self._sse.feed(chunk))
            else:
                self._begin(out, chunk, final=False)
        except WireError as e:
            self._error = e
            if not out:
                raise
            # What came before the bad event is delivered; the error comes with the next call.
        return out

    def close(self) -> list[Resp | Err]:
        """What the end of the stream completes; raises WireError (GW120) if it was cut short,
    whose `responses` then hold what the end completed before the problem."""
        if self._error is not None:
            raise self._error
        if self._closed:
            return []
        self._closed = True
        out: list[Resp | Err] = []
        try:
            if self._sse is None and self._array is None:
                self._begin(out, b"", final=True)
            if self._array is None and self._sse is not None:
                self._events(out, self._sse.close())
            if self._array is not None:
                self._elements(out, self._array, None)
            self._check_end()
        except WireError as e:
            # Nothing decoded is dropped: what came before the problem travels with it.
            self._error = WireError(e.findings)  # for a later call: the responses are delivered
            raise WireError(e.findings, out) from None
        return out

    # ----------------------------------------------------------------- the framing

    def _begin(self, out: list[Any], chunk: bytes | bytearray | memoryview, *, final: bool) -> None:
        """Tell the framing from the first significant byte, then frame what came so far."""
        head = self._head
        head += chunk
        if self._bom:
            # One BOM, at the very start (WHATWG's UTF-8 decode, RFC 8259 section 8.1): a second
            # one is the stream's first character, however the bytes were split.
            if len(head) < len(BOM) and BOM.startswith(head) and not final:
                return  # maybe the start of a BOM
            if head.startswith(BOM):
                del head[: len(BOM)]
            self._bom = False
        # Keep-alive whitespace may come a byte at a time: each feed reads only what it added.
        pos = self._blank = WHITESPACE.match(head, self._blank).end()  # type: ignore[union-attr]
        if pos == len(head) and not final:
            return
        # A body of whitespace only is Server-Sent Events without an event, as an empty `[]` is
        # an array without an element: either has its line ends counted by its framing.
        first = head[pos] if pos < len(head) else None
        if first == OPEN_BRACKET or first == OPEN_BRACE:
            self._array = ArrayFramer(bare=first == OPEN_BRACE)
            self._elements(out, self._array, head)
        else:
            self._sse = SseFramer()
            self._events(out, self._sse.feed(head))
        del head[:]  # the framer has its own copy

    def _events(self, out: list[Any], items: Iterator[Run | Named | Event | Bare]) -> None:
        """Decode what the SSE framing gives; bare JSON in its place goes to an ArrayFramer."""
        for item in items:
            if type(item) is Run:
                self._run(out, item)
            elif type(item) is Event:
                self._event(out, item)
            else:
                assert type(item) is Bare
                self._array = ArrayFramer(bare=True, line=item.line)
                self._elements(out, self._array, item.rest)

    def _elements(self, out: list[Any], array: ArrayFramer, chunk: bytes | bytearray | memoryview | None) -> None:
        """Decode the elements that this chunk completes (None: the end of the stream)."""

        def take(pieces: list[bytes]) -> int:
            return self._decode_run(out, pieces, 0, len(pieces))

        try:
            for payload in array.close(take) if chunk is None else array.feed(chunk, take):
                try:
                    out.append(self._decode(payload, self._failure(payload, payload)))
                except WireError as e:
                    raise relocated(e, (self._count,), [array.place()]) from None
                self._count += 1
        except Unexpected as e:
            got = f"`{chr(e.byte)}`" if 0x20 < e.byte < 0x7F else f"byte 0x{e.byte:02X}"  # the byte at fault
            hint = "a stream without alt=sse is one JSON array of response objects"
            raise stream_error(INVALID_STREAM_EVENT, (self._count,), f"expected {e.expected}, got {got}", hint, e.place) from None
        except Cut as e:
            where = "inside this element" if e.inside else "before the array's closing `]`"
            hint = "the connection was closed early: retry the request"
            raise stream_error(STREAM_TRUNCATED, (self._count,), f"the stream ends {where}", hint, e.place) from None

    # ----------------------------------------------------------------- decoding

    def _decode(self, payload: bytes, failed: WireError | None = None) -> Any:
        """The response or error body in payload; `failed`: what decode_response raised on it
        already (see _failure), which is not found again by decoding it again."""
        # google.rpc.Status in place of a chunk: {"error": {"code", "message", "status"}}, which
        # decode_response refuses (codec/decode.py) and decode_error reads.
        try:
            if failed is not None:
                raise failed
            return self._dialect.decode_response(payload)
        except ErrorBodyGiven:
            return self._dialect.decode_error(payload)

    def _failure(self, value: bytes, payload: bytes) -> WireError | None:
        """What decode_response raised on `value` when a run stopped at it, said as what it
        raises on `payload` alone: the same bytes, or the value with the space after `data:` in
        front, whose findings placed in the text (a syntax error, the nesting) are moved back
        by that one byte. Only a payload that starts with a BOM is read alone: it has a finding
        of its own, which the space in front hid (None: decode it)."""
        failed, self._failed = self._failed, None
        if failed is None or failed[0] != value:
            return None
        error = failed[1]
        if value is payload or all(f.line is None for f in error.findings):
            return error
        if payload.startswith(BOM):
            return None
        # A run's value is one line: its findings are on line 1, one column further on.
        return WireError([f if f.line is None else unspaced(f) for f in error.findings])

    def _decode_run(self, out: list[Any], payloads: list[bytes], start: int, stop: int) -> int:
        """How many of payloads[start:stop] are responses, appended to out in one go.

        One C-level loop runs decode_response over them and stops at the first that raises;
        the caller takes that one alone, with what it raised (`_failed`, see _failure). So it
        does with an error body, which decode_response refuses: the run ends before it.
        """
        begin = len(out)
        try:
            out.extend(map(self._dialect.decode_response, itertools.islice(payloads, start, stop)))
        except WireError as e:
            # out holds the responses decoded before the payload that raised
            self._failed = (payloads[start + len(out) - begin], e)
        done = len(out) - begin
        self._count += done
        return done

    def _run(self, out: list[Any], run: Run) -> None:
        """The events of a run, each one `data:` line and a blank line."""
        self.last_event_id = run.id
        values = run.values
        k, n = 0, len(values)
        while k < n:
            # JSON ignores the space after `data:` (and any other), so values decode as they are.
            k += self._decode_run(out, values, k, n)
            if k < n:  # an event that the run does not take: taken alone, as WHATWG says
                payload = run.payload(k)
                failed = self._failure(values[k], payload)
                if payload and not payload.isspace():  # no data, nothing to decode
                    try:
                        out.append(self._decode(payload, failed))
                    except WireError as e:
                        raise relocated(e, ("event", self._count), [run.place(k)]) from None
                    self._count += 1
                k += 1

    def _event(self, out: list[Any], event: Event) -> None:
        payload = event.data
        # JSON is self-delimiting: a last event whose data is complete JSON is kept even though
        # the blank line after it never came (WHATWG drops it; it often holds finishReason).
        # Decoding it tells which: a cut shows as the syntax error "truncated" (cut_off), so the
        # payload is parsed once, by the decode.
        if payload and not payload.isspace():  # an event without data carries nothing to decode
            try:
                decoded = self._decode(payload)
            except WireError as e:
                if not event.ended and cut_off(e):
                    raise self._cut(event) from None
                self.last_event_id = event.id
                raise relocated(e, ("event", self._count), event.places) from None
            self.last_event_id = event.id
            out.append(decoded)
            self._count += 1
        elif not event.ended:
            raise self._cut(event)  # `data:` and the end: the JSON never began
        else:
            self.last_event_id = event.id

    def _cut(self, event: Event) -> WireError:
        hint = "the connection was closed early: retry the request"
        message = "the stream ends inside this event: its JSON is cut off"
        return stream_error(STREAM_TRUNCATED, ("event", self._count), message, hint, event.places[0])

    # ----------------------------------------------------------------- the end

    def _check_end(self) -> None:
        if not self._count:
            framer = self._array or self._sse
            hint = "a stream carries at least one response or error: check the request and retry"
            message = "the stream ends before its first response"
            raise stream_error(STREAM_TRUNCATED, (), message, hint, (1 if framer is None else framer.line, 0))


def cut_off(error: WireError) -> bool:
    """Whether decoding a payload failed because its JSON is cut off: msgspec's "truncated",
    which codec/syntax.py says as it is (GW100), except for a lone surrogate at the end (said
    as such: the JSON is whole) and input nested too deep (which is checked first)."""
    (f, *more) = error.findings
    return not more and f.code == INVALID_JSON.code and "truncated" in f.message


def unspaced(f: Finding) -> Finding:
    """A finding placed in `value` (the space after `data:`, then the payload) said of the payload."""
    message = BYTE_OFFSET.sub(lambda m: f"(byte {int(m.group(1)) - 1})", f.message, count=1)
    return msgspec.structs.replace(f, message=message, column=None if f.column is None else f.column - 1)


# --------------------------------------------------------------------------- iterator helpers


@overload
def iter_responses(
    chunks: Iterable[bytes], dialect: GeminiName = ...
) -> Iterator[gemini.GenerateContentResponse | gemini.ErrorBody]: ...
@overload
def iter_responses(
    chunks: Iterable[bytes], dialect: GeminiV1Name
) -> Iterator[gemini_v1.GenerateContentResponse | gemini_v1.ErrorBody]: ...
@overload
def iter_responses(
    chunks: Iterable[bytes], dialect: VertexName
) -> Iterator[vertex.GenerateContentResponse | vertex.ErrorBody]: ...
@overload
def iter_responses(
    chunks: Iterable[bytes], dialect: VertexV1beta1Name
) -> Iterator[vertex_v1beta1.GenerateContentResponse | vertex_v1beta1.ErrorBody]: ...
@overload
def iter_responses(chunks: Iterable[bytes], dialect: Dialect[Any, Resp, Err]) -> Iterator[Resp | Err]: ...
@overload
def iter_responses(chunks: Iterable[bytes], dialect: str) -> Iterator[Any]: ...
def iter_responses(chunks: Iterable[bytes], dialect: str | Dialect[Any, Any, Any] = "gemini") -> Iterator[Any]:
    """Each response or error body of a stream given as byte chunks (e.g. httpx's iter_bytes())."""
    decoder: StreamDecoder[Any, Any] = StreamDecoder(dialect)
    return read_through(decoder, chunks)


@overload
def aiter_responses(
    chunks: AsyncIterable[bytes], dialect: GeminiName = ...
) -> AsyncIterator[gemini.GenerateContentResponse | gemini.ErrorBody]: ...
@overload
def aiter_responses(
    chunks: AsyncIterable[bytes], dialect: GeminiV1Name
) -> AsyncIterator[gemini_v1.GenerateContentResponse | gemini_v1.ErrorBody]: ...
@overload
def aiter_responses(
    chunks: AsyncIterable[bytes], dialect: VertexName
) -> AsyncIterator[vertex.GenerateContentResponse | vertex.ErrorBody]: ...
@overload
def aiter_responses(
    chunks: AsyncIterable[bytes], dialect: VertexV1beta1Name
) -> AsyncIterator[vertex_v1beta1.GenerateContentResponse | vertex_v1beta1.ErrorBody]: ...
@overload
def aiter_responses(chunks: AsyncIterable[bytes], dialect: Dialect[Any, Resp, Err]) -> AsyncIterator[Resp | Err]: ...
@overload
def aiter_responses(chunks: AsyncIterable[bytes], dialect: str) -> AsyncIterator[Any]: ...
async def aiter_responses(
    chunks: AsyncIterable[bytes], dialect: str | Dialect[Any, Any, Any] = "gemini"
) -> AsyncIterator[Any]:
    """Each response or error body of an async stream of byte chunks (httpx aiter_bytes, aiohttp)."""
    decoder: StreamDecoder[Any, Any] = StreamDecoder(dialect)
    async for chunk in chunks:
        for item in decoder.feed(chunk):
            yield item
    try:
        rest = decoder.close()
    except WireError as e:
        rest = e.responses
        for item in rest:
            yield item
        raise
    for item in rest:
        yield item
