"""Streams: an incremental decoder for streamGenerateContent, and the fold of its chunks.

    decoder = StreamDecoder("gemini")
    for piece in http_body:                      # split anywhere, even inside a UTF-8 sequence
        for item in decoder.feed(piece):         # GenerateContentResponse or ErrorBody Structs
            ...
    rest = decoder.close()                       # WireError (GW120) if the stream was cut
    final = aggregate(responses)                 # what a unary call would have answered

The server frames a stream in one of two ways, and the first significant byte tells which:

- `?alt=sse`: Server-Sent Events, read by the WHATWG rules (`data:` with or without its space,
  data lines joined with "\\n", comments, CRLF/CR/LF, a BOM, `event`/`id`/`retry` fields);
- without it, one JSON array whose elements arrive over time: `[{...}\\n,\\r\\n{...}\\n]`.

A body that starts with `{` is bare JSON: the error body the server sends instead of a stream.

Cost. Python never loops over bytes, nor over the events of a feed when they are the usual
ones: a feed is a few whole-buffer operations (find, split, join) and one C-level loop of the
dialect's decode_response over the payloads it completes (`list.extend(map(...))`), so a long
stream costs about what decoding its chunks one by one costs. SSE: the server's events (one
`data:` line and a blank line each, one line end throughout) are recognised region by region on
the bytes as they arrive; anything else (comments, fields, CR line ends, a read cut inside a
line end) takes the WHATWG path, with line ends made LF, until an event ends cleanly again. A
payload that fails, or may be an error body, is read alone as before, so results and findings
do not depend on the path. Array: the elements before the last `\n,\r\n` separator are split
there and decoded in one loop; a piece that decodes alone is a whole element, so the split was
right. An element that is not all there yet is found by msgspec (it validates an element in C
from its first byte and says where it ends: the next byte is "trailing") or, when cut, by an
exact incremental scanner, which keeps its state (depth, inside a string or not) across feeds and
never reads a byte twice: a regex finds the next structural byte (`"{}[]`), bytes.find the end of
a string (a quote after an even run of backslashes), so Python runs once per brace or string.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any, Generic, Literal, TypeVar, overload

import msgspec
from msgspec import UNSET

from gemini_wire import dialects, gemini, vertex
from gemini_wire.codec import any_unknown_fields, keep_extras, lone_surrogate, unknown_fields
from gemini_wire.dialect import Dialect
from gemini_wire.findings import Finding, Path, WireError, excerpt, finding
from gemini_wire.limits import too_deep
from gemini_wire.rules import RULES

__all__ = ["StreamDecoder", "aggregate", "aiter_responses", "iter_responses"]

Resp = TypeVar("Resp")
Err = TypeVar("Err")
R = TypeVar("R", gemini.GenerateContentResponse, vertex.GenerateContentResponse)

GeminiItem = gemini.GenerateContentResponse | gemini.ErrorBody
VertexItem = vertex.GenerateContentResponse | vertex.ErrorBody


BOM = b"\xef\xbb\xbf"
WHITESPACE = re.compile(rb"[ \t\r\n]*")
WHITESPACE_BYTES = b" \t\r\n"
STRUCTURAL = re.compile(rb'["{}\[\]]')
TRAILING = re.compile(r"trailing characters \(byte (\d+)\)")
AFTER_ELEMENT = b",]{"
OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET = b"{}[]"
QUOTE_BYTE, BACKSLASH_BYTE, COMMA_BYTE, COLON_BYTE = b'"\\,:'
COLON = b":"

ERROR_KEY = b'"error"'
ARRAY_SEPARATOR = b"\n,\r\n"  # between two elements, as the server writes a stream without alt=sse

SSE, ARRAY, BARE = "sse", "array", "bare"
# A `retry:` longer than this is not a time anyone can wait (and int() refuses 4,300 digits):
# ignored, as WHATWG ignores a value that is not all digits.
RETRY_DIGITS = 18

# --------------------------------------------------------------------------- the decoder


class StreamDecoder(Generic[Resp, Err]):
    """Incremental decoder of a streamGenerateContent body, SSE or JSON array, told apart itself."""

    @overload
    def __init__(
        self: StreamDecoder[gemini.GenerateContentResponse, gemini.ErrorBody],
        dialect: Literal["gemini"] = ...,
    ) -> None: ...
    @overload
    def __init__(
        self: StreamDecoder[vertex.GenerateContentResponse, vertex.ErrorBody],
        dialect: Literal["vertex"],
    ) -> None: ...
    @overload
    def __init__(self, dialect: Dialect[Any, Resp, Err]) -> None: ...
    @overload
    def __init__(self: StreamDecoder[Any, Any], dialect: str) -> None: ...
    def __init__(self, dialect: str | Dialect[Any, Any, Any] = "gemini") -> None:
        if isinstance(dialect, str):
            dialect = dialects.dialect(dialect)  # raises ValueError naming the dialects
        self._dialect: Dialect[Any, Any, Any] = dialect
        self._buf = bytearray()
        self._mode: str | None = None
        self._line = 1  # stream line number of the first byte in _buf
        self._column = 0  # bytes before it on its line
        self._count = 0  # events or elements decoded
        self._closed = False
        self._error: WireError | None = None
        # SSE state
        self._raw = True  # _buf holds bytes as they came, none of them a line end, before the new ones
        self._scanned = 0  # bytes of _buf already searched for a line end (raw) or a blank line
        self._skip_lf = False  # the last chunk ended in CR: a LF starting the next completes a CRLF
        self._data: list[bytes] = []
        self._data_at: list[tuple[int, int]] = []  # stream (line, column offset) of each data line
        self._id_buffer = ""
        #: The id of the last event dispatched (WHATWG "last event ID"), for a reconnection.
        self.last_event_id = ""
        #: The reconnection time in milliseconds that the server asked for, if it did.
        self.retry: int | None = None
        # JSON state
        self._fed = 0  # bytes of the last read
        self._pos = 0
        self._depth = 0
        self._in_string = False
        self._start = -1  # where the element in progress starts in _buf
        self._opened = False  # the array's `[` was read
        self._ended = False  # the array's `]` was read
        self._comma = False  # a `,` was read since the last element

    def feed(self, chunk: bytes | bytearray | memoryview) -> list[Resp | Err]:
        """The responses (or error bodies) that this chunk completes, in stream order."""
        if self._error is not None:
            raise self._error
        if self._closed:
            raise ValueError("feed() after close()")
        self._buf += self._line_ends(bytes(chunk)) if self._mode == SSE and not self._raw else chunk
        self._fed = len(chunk)
        out: list[Resp | Err] = []
        try:
            self._run(out, final=False)
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
        self._fed = 0
        out: list[Resp | Err] = []
        try:
            self._run(out, final=True)
            self._check_end()
        except WireError as e:
            # Nothing decoded is dropped: what came before the problem travels with it.
            self._error = WireError(e.findings)  # for a later call: the responses are delivered
            raise WireError(e.findings, out) from None
        return out

    # ----------------------------------------------------------------- dispatch

    def _run(self, out: list[Any], *, final: bool) -> None:
        if self._mode is None and not self._detect(final):
            return
        if self._mode == SSE:
            self._sse(out, final=final)
        else:
            self._json(out)

    def _detect(self, final: bool) -> bool:
        buf = self._buf
        if buf[:3] == BOM:
            del buf[:3]
        elif len(buf) < 3 and BOM.startswith(buf) and not final:
            return False  # maybe the start of a BOM
        pos = WHITESPACE.match(buf).end()  # type: ignore[union-attr]
        if pos == len(buf):
            return False
        first = buf[pos]
        self._mode = ARRAY if first == OPEN_BRACKET else BARE if first == OPEN_BRACE else SSE
        return True

    def _decode(self, payload: bytes) -> Any:
        item = self._dialect.decode_response(payload)
        # google.rpc.Status in place of a chunk: {"error": {"code", "message", "status"}}. A quote
        # inside a JSON string is escaped, so `"error"` is in the bytes only as a key or a value.
        if ERROR_KEY in payload and "error" in unknown_fields(item):
            return self._dialect.decode_error(payload)
        return item

    # ----------------------------------------------------------------- SSE

    def _line_ends(self, chunk: bytes) -> bytes:
        """The chunk with CRLF and CR line ends made LF (one line end each, so lines still count).

        A CR that ends one chunk and the LF that starts the next are one CRLF.
        """
        if not chunk:
            return chunk
        if self._skip_lf and chunk[0] == 0x0A:
            chunk = chunk[1:]
        self._skip_lf = chunk[-1:] == b"\r"
        if b"\r" in chunk:
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        return chunk

    def _sse(self, out: list[Any], *, final: bool) -> None:
        if self._raw:
            self._simple_events(out)
        if not self._raw:
            buf = self._buf
            # A blank line ends an event: the events before the last one are complete.
            end = buf.rfind(b"\n\n", self._scanned)
            if end >= 0:
                region = bytes(buf[: end + 2])
                del buf[: end + 2]
                self._events(out, region)
                # The next event has no complete line yet: its bytes can be kept as they come.
                self._raw = self._mode == SSE and not self._skip_lf and b"\n" not in buf
            # A LF at the end may be the first of two.
            self._scanned = len(buf) if self._raw else max(len(buf) - 1, 0)
        if final and self._mode == SSE:
            self._end_sse(out)

    def _simple_events(self, out: list[Any]) -> None:
        """The events at the start of the raw buffer, if they are all of the server's one shape.

        That shape: each event is one `data:` line and a blank line, all with the same line end
        (CRLF or LF), nothing else. Splitting the buffer up to its last blank line at each
        `<blank line>data:` proves it for the whole region at once: the region is of that shape
        exactly when no piece holds a line end. Anything else (comments, fields, CR alone, mixed
        line ends, a read cut inside a line end) goes to the WHATWG path with its line ends made
        LF, and comes back here once an event has just ended and the next has no line end yet.
        """
        buf = self._buf
        scanned = self._scanned
        crlf = buf.find(b"\r", scanned) >= 0
        if not crlf and buf.find(b"\n", scanned) < 0:
            self._scanned = len(buf)  # still inside the first line: nothing can be complete
            return
        blank = b"\r\n\r\n" if crlf else b"\n\n"
        end = buf.rfind(blank, scanned)
        if end >= 0 and buf.startswith(b"data:"):
            with memoryview(buf) as view:
                values = bytes(view[5:end]).split(blank + b"data:")
            text = b"".join(values)
            if text.find(b"\n") < 0 and text.find(b"\r") < 0:
                del buf[: end + len(blank)]
                self._data_events(out, values, self._line)
                self._line += 2 * len(values)
                if buf.find(b"\r") < 0 and buf.find(b"\n") < 0:
                    self._scanned = len(buf)
                    return
        # The WHATWG path from here: the bytes kept so far get their line ends made LF.
        rest = bytes(buf)
        del buf[:]
        buf += self._line_ends(rest)
        self._raw, self._scanned = False, 0

    def _data_events(self, out: list[Any], values: list[bytes], line: int) -> None:
        """The events `data:<value>` from this line on, each one line and a blank line."""
        self.last_event_id = self._id_buffer  # no event here sets an id
        k, n = 0, len(values)
        while k < n:
            # JSON ignores the space after `data:` (and any other), so values decode as they are.
            k += self._decode_run(out, values, k, n)
            if k < n:  # an event that the fast path does not take: read alone, as WHATWG says
                value = values[k]
                skip = 6 if value[:1] == b" " else 5  # one space after the colon is not data
                payload = value[skip - 5 :]
                if payload and not payload.isspace():  # no data, nothing to decode
                    try:
                        out.append(self._decode(payload))
                    except WireError as e:
                        raise relocated(e, ("event", self._count), [(line + 2 * k, skip)]) from None
                    self._count += 1
                k += 1

    def _decode_run(self, out: list[Any], payloads: list[bytes], start: int, stop: int) -> int:
        """How many of payloads[start:stop] are responses, appended to out in one go.

        One C-level loop runs decode_response over them and stops at the first that raises;
        the caller reads that one alone, the way every payload used to be read. So it does with
        an error body, which decodes as a response that keeps the unknown key "error": the run
        ends before it. (No Struct keeping unknown keys, the usual case, means none is one.)
        """
        begin = len(out)
        try:
            out.extend(map(self._dialect.decode_response, itertools.islice(payloads, start, stop)))
        except WireError:
            pass  # out holds the responses decoded before the payload that raised
        done = len(out) - begin
        if done and any_unknown_fields():
            for i in range(done):
                if ERROR_KEY in payloads[start + i] and "error" in unknown_fields(out[begin + i]):
                    del out[begin + i :]
                    done = i
                    break
        self._count += done
        return done

    def _events(self, out: list[Any], region: bytes) -> None:
        line = self._line
        pieces = region.split(b"\n\n")
        k = 0
        while k < len(pieces):
            run = k
            while run < len(pieces) and pieces[run].startswith(b"data:") and b"\n" not in pieces[run]:
                run += 1
            if run > k:
                # Usual events, one `data:` line each: decoded without more ado.
                self._data_events(out, [p[5:] for p in pieces[k:run]], line)
                line += 2 * (run - k)
                k = run
                continue
            piece = pieces[k]
            if piece:
                lines = piece.split(b"\n")
                rest = self._lines(out, lines, line)
                if rest >= 0:  # bare JSON from here on
                    self._buf[:0] = b"\n".join(lines[rest:]) + b"\n\n" + b"\n\n".join(pieces[k + 1 :])
                    self._line = line + rest
                    self._mode = BARE
                    self._json(out)
                    return
                if k < len(pieces) - 1 and self._data:
                    self._dispatch(out)
            line += piece.count(b"\n") + 2
            k += 1
        self._line = line - 2

    def _lines(self, out: list[Any], lines: list[bytes], first: int) -> int:
        """Read the lines of an event (WHATWG); the index of a line of bare JSON, else -1."""
        data, data_at = self._data, self._data_at
        for i, line in enumerate(lines):
            if not line:
                if data:
                    self._dispatch(out)
            elif line.startswith(b"data:"):
                skip = 6 if line[5:6] == b" " else 5
                data.append(line[skip:])
                data_at.append((first + i, skip))
            elif line[0] == COLON_BYTE:
                pass  # a comment (servers send them to keep the connection open)
            elif line[0] == OPEN_BRACE:
                # Bare JSON where an SSE field should be: a legacy Vertex front end wrote its
                # error object that way, mid-stream (WHATWG would ignore those lines).
                if data:
                    self._dispatch(out)
                return i
            else:
                self._field(line)
        return -1

    def _field(self, line: bytes) -> None:
        name, _, value = line.partition(COLON)
        if value[:1] == b" ":
            value = value[1:]
        if name == b"id" and b"\0" not in value:
            self._id_buffer = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit() and len(value) <= RETRY_DIGITS:
            self.retry = int(value)
        # `event` names the event type: Gemini sends none, and every event's data is read alike.
        # Any other field is ignored, as WHATWG says.

    def _dispatch(self, out: list[Any]) -> None:
        data, data_at = self._data, self._data_at
        payload = data[0] if len(data) == 1 else b"\n".join(data)
        self.last_event_id = self._id_buffer
        try:
            if payload and not payload.isspace():  # an event without data carries nothing to decode
                out.append(self._decode(payload))
                self._count += 1
        except WireError as e:
            raise relocated(e, ("event", self._count), list(data_at)) from None
        finally:
            data.clear()
            data_at.clear()

    def _end_sse(self, out: list[Any]) -> None:
        """The lines after the last blank line, when the stream ends."""
        buf = self._buf
        lines = bytes(buf).split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # what follows the last line end is not a line
        del buf[:]
        rest = self._lines(out, lines, self._line)
        if rest >= 0:
            self._buf[:0] = b"\n".join(lines[rest:])
            self._line += rest
            self._mode = BARE
            self._json(out)
            return
        if lines and not lines[0] and self._line > 1:
            self._line += 1  # an empty line right after a blank line: read as if they came together
        if not self._data:
            return
        # JSON is self-delimiting: a last event whose data is complete JSON is kept even though
        # the blank line after it never came (WHATWG drops it; it often holds finishReason).
        payload = b"\n".join(self._data)
        if truncated(payload):
            line, offset = self._data_at[0]
            raise WireError(
                [
                    stream_finding(
                        "GW120",
                        ("event", self._count),
                        "the stream ends inside this event: its JSON is cut off",
                        "the connection was closed early: retry the request",
                        line,
                        offset + 1,
                    )
                ]
            )
        self._dispatch(out)

    # ----------------------------------------------------------------- JSON array / bare JSON

    def _json(self, out: list[Any]) -> None:
        buf = self._buf
        n = len(buf)
        pos, depth, in_string = self._pos, self._depth, self._in_string
        batch = self._mode == ARRAY  # one run of elements per feed is decoded at once
        while pos < n:
            if in_string:
                quote = buf.find(b'"', pos)
                if quote < 0:
                    pos = n
                    break
                pos = k = quote + 1
                while buf[k - 2] == BACKSLASH_BYTE:
                    k -= 1
                in_string = (pos - k) % 2 == 1  # after an odd run of backslashes, the quote is text
            elif depth:
                match = STRUCTURAL.search(buf, pos)
                if match is None:
                    pos = n
                    break
                pos = match.end()
                c = buf[pos - 1]
                if c == QUOTE_BYTE:
                    in_string = True
                elif c == OPEN_BRACE or c == OPEN_BRACKET:
                    depth += 1
                else:
                    depth -= 1
                    if not depth:
                        self._element(out, pos)
            else:
                pos = WHITESPACE.match(buf, pos).end()  # type: ignore[union-attr]
                if pos == n:
                    break
                if buf[pos] == OPEN_BRACE and (self._mode == BARE or (self._opened and not self._ended)):
                    if self._mode == ARRAY and self._count and not self._comma:
                        self._unexpected(pos, "a `,` between two elements")
                    if batch:
                        batch = False
                        after = self._elements(out, pos)
                        if after > pos:
                            pos = after
                            continue
                    end = self._whole(pos)
                    if not end and self._mode == ARRAY and n - pos <= self._fed:
                        # Not all here yet: msgspec reads it again when more has come, which
                        # costs less than scanning it, as long as it is no longer than the read.
                        break
                    self._start = pos
                    self._comma = False
                    if end:
                        self._element(out, end)
                        pos = end
                    else:
                        depth = 1
                        pos += 1
                elif self._mode == BARE:
                    self._unexpected(pos, "a JSON object")
                else:
                    pos = self._array_punctuation(pos)
        # Keep only the element in progress: what is before it has been read.
        cut = self._start if depth else pos
        if cut > 0:
            newlines = buf.count(b"\n", 0, cut)
            self._line += newlines
            self._column = cut - (buf.rfind(b"\n", 0, cut) + 1) if newlines else self._column + cut
            del buf[:cut]
            pos -= cut
            if depth:
                self._start -= cut
        self._pos, self._depth, self._in_string = pos, depth, in_string

    def _elements(self, out: list[Any], start: int) -> int:
        """Read the complete elements from `start` in one run; where the reading stops.

        The server separates elements with `\\n,\\r\\n`: the buffer up to the last of those is
        split there, and the pieces are decoded in one run. A piece that decodes alone is one
        whole element, so the separator after it was between elements (were it inside one, the
        piece would end inside a bracket). From a piece that the run does not take, the scanner
        goes on, element by element, as it always did.
        """
        buf = self._buf
        end = buf.rfind(ARRAY_SEPARATOR, start)
        if end < 0:
            return start
        with memoryview(buf) as view:
            pieces = bytes(view[start:end]).split(ARRAY_SEPARATOR)
        done = self._decode_run(out, pieces, 0, len(pieces))
        if not done:
            return start
        self._comma = True
        if done == len(pieces):
            return end + 2  # after the comma
        return start + sum(map(len, pieces[:done])) + len(ARRAY_SEPARATOR) * done

    def _whole(self, start: int) -> int:
        """Where the element at `start` ends, if msgspec finds all of it in the buffer; else 0.

        The fast path: msgspec validates the element in C and stops at the first byte after it
        ("trailing characters (byte N)", N counted past that byte). What it cannot settle (the
        element is not all here yet, or is malformed) goes to the scanner, which is exact.
        """
        buf = self._buf
        with memoryview(buf) as view:
            try:
                msgspec.json.decode(view[start:], type=msgspec.Raw)
                return len(buf)
            except msgspec.DecodeError as e:
                found = TRAILING.search(str(e))
            except RecursionError:
                # Nested too deep for msgspec to skip: the scanner finds the end, and decoding
                # the element then reports it (limits.MAX_DEPTH).
                return 0
        after = start + int(found.group(1)) - 1 if found else -1
        if not start < after < len(buf) or buf[after] not in AFTER_ELEMENT:
            return 0
        end = after
        while buf[end - 1] in WHITESPACE_BYTES:
            end -= 1
        return end if buf[end - 1] == CLOSE_BRACE else 0

    def _array_punctuation(self, pos: int) -> int:
        c = self._buf[pos]
        if not self._opened and c == OPEN_BRACKET:
            self._opened = True
        elif self._ended:
            self._unexpected(pos, "nothing after the closing `]`")
        elif c == CLOSE_BRACKET and not self._comma:
            self._ended = True
        elif c == COMMA_BYTE and self._count and not self._comma:
            self._comma = True
        else:
            self._unexpected(pos, "an element (a JSON object)" if self._comma or not self._count else "`,` or `]`")
        return pos + 1

    def _element(self, out: list[Any], end: int) -> None:
        start = self._start
        payload = bytes(self._buf[start:end])
        try:
            out.append(self._decode(payload))
        except WireError as e:
            raise relocated(e, (self._count,), [self._place(start)]) from None
        self._start = -1
        self._count += 1

    def _place(self, offset: int) -> tuple[int, int]:
        """Stream line and column offset (0-based) of a byte offset into the buffer."""
        buf = self._buf
        newlines = buf.count(b"\n", 0, offset)
        if not newlines:
            return self._line, self._column + offset
        return self._line + newlines, offset - (buf.rfind(b"\n", 0, offset) + 1)

    def _unexpected(self, pos: int, expected: str) -> None:
        line, offset = self._place(pos)
        # The one byte at fault: what follows it depends on where the reads were cut.
        byte = self._buf[pos]
        got = f"`{chr(byte)}`" if 0x20 < byte < 0x7F else f"byte 0x{byte:02X}"
        raise WireError(
            [
                stream_finding(
                    "GW121",
                    (self._count,),
                    f"expected {expected}, got {got}",
                    "a stream without alt=sse is one JSON array of response objects",
                    line,
                    offset + 1,
                )
            ]
        )

    # ----------------------------------------------------------------- the end

    def _check_end(self) -> None:
        if self._mode in (ARRAY, BARE):
            cut_inside = self._depth > 0 or self._in_string
            if cut_inside or (self._mode == ARRAY and not self._ended):
                line, offset = self._place(self._start if cut_inside else len(self._buf))
                where = "inside this element" if cut_inside else "before the array's closing `]`"
                raise WireError(
                    [
                        stream_finding(
                            "GW120",
                            (self._count,),
                            f"the stream ends {where}",
                            "the connection was closed early: retry the request",
                            line,
                            offset + 1,
                        )
                    ]
                )
        if not self._count:
            raise WireError(
                [
                    stream_finding(
                        "GW120",
                        (),
                        "the stream ends before its first response",
                        "a stream carries at least one response or error: check the request and retry",
                        self._line,
                        1,
                    )
                ]
            )


def truncated(payload: bytes) -> bool:
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


def stream_finding(code: str, loc: Path, message: str, hint: str, line: int, column: int) -> Finding:
    return msgspec.structs.replace(finding(code, loc, message, hint), line=line, column=column)


def relocated(error: WireError, where: Path, at: list[tuple[int, int]]) -> WireError:
    """The findings of one event's payload, as GW121 findings placed in the whole stream.

    `at` holds the stream line and column offset where each line of the payload starts; an
    element of a JSON array gives only its first line, the next ones follow it from column 0.
    """
    findings = []
    for f in error.findings:
        line, column = (f.line, f.column) if f.line is not None and f.column is not None else (1, 1)
        if line <= len(at):
            stream_line, offset = at[line - 1]
            line, column = stream_line, column + offset
        else:
            line = at[0][0] + line - 1
        findings.append(
            Finding(
                code="GW121",
                severity="error",
                loc=(*where, *f.loc),
                message=f"{f.message} ({f.code})",
                hint=f.hint,
                source=f.source or RULES["GW121"].source,
                line=line,
                column=column,
            )
        )
    return WireError(findings)


# --------------------------------------------------------------------------- iterator helpers


@overload
def iter_responses(chunks: Iterable[bytes], dialect: Literal["gemini"] = ...) -> Iterator[GeminiItem]: ...
@overload
def iter_responses(chunks: Iterable[bytes], dialect: Literal["vertex"]) -> Iterator[VertexItem]: ...
@overload
def iter_responses(chunks: Iterable[bytes], dialect: str) -> Iterator[Any]: ...
def iter_responses(chunks: Iterable[bytes], dialect: str = "gemini") -> Iterator[Any]:
    """Each response or error body of a stream given as byte chunks (e.g. httpx's iter_bytes())."""
    decoder: StreamDecoder[Any, Any] = StreamDecoder(dialect)
    for chunk in chunks:
        yield from decoder.feed(chunk)
    try:
        rest = decoder.close()
    except WireError as e:
        yield from e.responses
        raise
    yield from rest


@overload
def aiter_responses(
    chunks: AsyncIterable[bytes], dialect: Literal["gemini"] = ...
) -> AsyncIterator[GeminiItem]: ...
@overload
def aiter_responses(chunks: AsyncIterable[bytes], dialect: Literal["vertex"]) -> AsyncIterator[VertexItem]: ...
@overload
def aiter_responses(chunks: AsyncIterable[bytes], dialect: str) -> AsyncIterator[Any]: ...
async def aiter_responses(chunks: AsyncIterable[bytes], dialect: str = "gemini") -> AsyncIterator[Any]:
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


# --------------------------------------------------------------------------- aggregation


def aggregate(responses: Iterable[R]) -> R:
    """The response that a stream's chunks add up to: what the unary call would have answered.

    Per candidate index: adjacent text parts of one kind (thought or answer) are joined; a part
    that carries a thoughtSignature stays a part of its own, with its signature; function calls
    stay whole, and Vertex's streamed partialArgs are assembled into args; finishReason,
    finishMessage, safety ratings and usage come from the last chunk that has them; citations
    and grounding metadata are merged; ids, versions, prompt feedback and unknown keys are kept.
    """
    items = list(responses)
    if not items:
        raise ValueError("aggregate() needs at least one response")
    cls = type(items[0])
    fields: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    folds: dict[int, CandidateFold] = {}
    for i, response in enumerate(items):
        if type(response) is not cls:
            raise TypeError(
                f"aggregate() takes the responses of one dialect; item {i} is {type(response).__module__}."
                f"{type(response).__name__}, item 0 a {cls.__name__}"
            )
        for attr in attrs(cls):
            value = getattr(response, attr)
            if value is UNSET:
                continue
            if attr == "candidates":
                fields[attr] = []
                for j, candidate in enumerate(value):
                    index = 0 if candidate.index is UNSET else candidate.index
                    fold = folds.get(index)
                    if fold is None:
                        fold = folds[index] = CandidateFold(type(candidate))
                    fold.add(candidate, (i, "candidates", j))
            else:
                fields[attr] = value
        extras.update(unknown_fields(response))
    if folds:
        fields["candidates"] = [folds[k].result() for k in sorted(folds)]
    result: R = cls(**fields)
    if extras:
        keep_extras(result, extras)
    return result


ATTRS: dict[type, tuple[str, ...]] = {}


def attrs(cls: type) -> tuple[str, ...]:
    names = ATTRS.get(cls)
    if names is None:
        names = ATTRS[cls] = tuple(f.name for f in msgspec.structs.fields(cls))
    return names


def replaced(obj: Any, **changes: Any) -> Any:
    """msgspec.structs.replace that keeps the unknown keys of the original."""
    new = msgspec.structs.replace(obj, **changes)
    kept = unknown_fields(obj)
    if kept:
        keep_extras(new, kept)
    return new


def plain_text(part: Any) -> bool:
    """A text part with nothing else (no signature, no other member, no unknown key)."""
    if part.text is UNSET or part.thought_signature is not UNSET:
        return False
    for attr in attrs(type(part)):
        if attr not in ("text", "thought") and getattr(part, attr) is not UNSET:
            return False
    return not unknown_fields(part)


class CandidateFold:
    """The chunks of one candidate index, folded into one candidate."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.fields: dict[str, Any] = {}
        self.extras: dict[str, Any] = {}
        self.content: Any = None  # the first content seen: its class, role and unknown keys
        self.content_extras: dict[str, Any] = {}
        self.role: Any = UNSET
        self.parts: list[Any] | None = None
        self.texts: list[str] | None = None  # the text of the run that parts[-1] starts
        self.thought = False  # the kind of that run
        self.call: CallFold | None = None

    def add(self, candidate: Any, where: Path) -> None:
        for attr in attrs(self.cls):
            value = getattr(candidate, attr)
            if value is UNSET or attr == "content":
                continue
            merge = MERGES.get(attr)
            previous = self.fields.get(attr)
            self.fields[attr] = value if merge is None or previous is None else merge(previous, value)
        self.extras.update(unknown_fields(candidate))
        content = candidate.content
        if content is UNSET:
            return
        if self.content is None:
            self.content = content
        if content.role is not UNSET:
            self.role = content.role
        self.content_extras.update(unknown_fields(content))
        if content.parts is UNSET:
            return
        if self.parts is None:
            self.parts = []
        for k, part in enumerate(content.parts):
            self.add_part(part, (*where, "content", "parts", k))

    def add_part(self, part: Any, where: Path) -> None:
        assert self.parts is not None
        call = part.function_call
        if call is not UNSET:
            self.end_text()
            fold = self.call
            if fold is None or call.name is not UNSET:
                self.end_call()
                if getattr(call, "will_continue", UNSET) is not True and getattr(call, "partial_args", UNSET) is UNSET:
                    self.parts.append(part)  # a whole call, as the Gemini API always sends them
                    return
                fold = self.call = CallFold(part, len(self.parts))
                self.parts.append(part)
            fold.add(part, where)  # the first or the next piece of a call streamed in pieces
            if fold.done:
                self.end_call()
            return
        if plain_text(part):
            thought = part.thought is True
            if self.texts is not None and thought == self.thought:
                self.texts.append(part.text)
                return
            self.end_text()
            if part.text:  # an empty text part without a signature adds nothing
                self.parts.append(part)
                self.texts, self.thought = [part.text], thought
            return
        self.end_text()
        self.parts.append(part)

    def end_text(self) -> None:
        if self.texts is not None:
            assert self.parts is not None
            if len(self.texts) > 1:
                self.parts[-1] = replaced(self.parts[-1], text="".join(self.texts))
            self.texts = None

    def end_call(self) -> None:
        if self.call is not None:
            assert self.parts is not None
            self.parts[self.call.slot] = self.call.result()
            self.call = None

    def result(self) -> Any:
        self.end_text()
        self.end_call()
        fields = dict(self.fields)
        if self.content is not None:
            changes: dict[str, Any] = {"role": self.role, "parts": UNSET if self.parts is None else self.parts}
            content = msgspec.structs.replace(self.content, **changes)
            if self.content_extras:
                keep_extras(content, self.content_extras)
            fields["content"] = content
        candidate = self.cls(**fields)
        if self.extras:
            keep_extras(candidate, self.extras)
        return candidate


class CallFold:
    """A function call that Vertex streams in pieces (streamFunctionCallArguments).

    The first piece names the function and says willContinue; the next ones carry partialArgs,
    each a value at a jsonPath into args (`$.recipe.steps[0]`); a string at one path arrives in
    pieces while its willContinue is true; the piece without willContinue ends the call.
    """

    def __init__(self, part: Any, slot: int) -> None:
        self.part = part
        self.slot = slot
        call = part.function_call
        self.args: dict[str, Any] | None = None if call.args is UNSET else copy.deepcopy(call.args)
        self.signature = part.thought_signature
        self.growing: set[str] = set()  # paths whose string is still arriving
        self.done = False

    def add(self, part: Any, where: Path) -> None:
        call = part.function_call
        if self.signature is UNSET:
            self.signature = part.thought_signature
        if part is not self.part and call.args is not UNSET:
            self.args = {**(self.args or {}), **call.args}
        pieces = getattr(call, "partial_args", UNSET)
        for k, piece in enumerate(() if pieces is UNSET else pieces):
            self.put(piece, (*where, "functionCall", "partialArgs", k))
        self.done = getattr(call, "will_continue", UNSET) is not True

    def put(self, piece: Any, where: Path) -> None:
        path = piece.json_path
        steps = json_path_steps(path) if isinstance(path, str) else None
        if steps is None:
            raise partial_arg_error(where, f"jsonPath {excerpt(str(path))} is not a path into args")
        if piece.string_value is not UNSET:
            value: Any = piece.string_value
        elif piece.number_value is not UNSET:
            # A Struct number is a double; the server writes a whole one as an integer (3, not
            # 3.0), which is what the same call's args hold in a unary answer.
            number = piece.number_value
            value = int(number) if number.is_integer() else number
        elif piece.bool_value is not UNSET:
            value = piece.bool_value
        elif piece.null_value is not UNSET:
            value = None
        else:
            return  # a piece without a value (only willContinue) moves nothing
        if self.args is None:
            self.args = {}
        append = isinstance(value, str) and path in self.growing
        if not put_at(self.args, steps, value, append=append):
            raise partial_arg_error(where, f"jsonPath {excerpt(path)} contradicts the arguments assembled so far")
        if isinstance(value, str) and piece.will_continue is True:
            self.growing.add(path)
        else:
            self.growing.discard(path)

    def result(self) -> Any:
        call = self.part.function_call
        changes: dict[str, Any] = {"args": call.args if self.args is None else self.args}
        if hasattr(call, "partial_args"):
            changes["partial_args"] = UNSET
        if hasattr(call, "will_continue"):
            # A call the stream never ended keeps willContinue: its arguments may be incomplete.
            changes["will_continue"] = UNSET if self.done else True
        return replaced(self.part, function_call=replaced(call, **changes), thought_signature=self.signature)


JSON_PATH_STEP = re.compile(r"""\.([^.\[\]'"]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]""")
ESCAPED = re.compile(r"\\(.)")


def json_path_steps(path: str) -> list[str | int] | None:
    """`$.a.b[0]['c d']` as ["a", "b", 0, "c d"]; None if it is not such a path into an object."""
    if not path.startswith("$"):
        return None
    steps: list[str | int] = []
    pos = 1
    while pos < len(path):
        m = JSON_PATH_STEP.match(path, pos)
        if m is None:
            return None
        name, number, single, double = m.groups()
        if number is not None:
            steps.append(int(number))
        else:
            quoted = single if single is not None else double
            steps.append(name if quoted is None else ESCAPED.sub(r"\1", quoted))
        pos = m.end()
    if not steps or not isinstance(steps[0], str):
        return None
    return steps


def put_at(root: dict[str, Any], steps: list[str | int], value: Any, *, append: bool) -> bool:
    """Set (or extend, for a growing string) the value at a path; False if the path cannot be."""
    node: Any = root
    for step, following in itertools.pairwise(steps):
        fresh: Any = [] if isinstance(following, int) else {}
        if isinstance(step, str) and isinstance(node, dict):
            child = node.get(step)
            if child is None:
                child = node[step] = fresh
        elif isinstance(step, int) and isinstance(node, list):
            if step >= len(node):
                node.extend([None] * (step + 1 - len(node)))
            child = node[step]
            if child is None:
                child = node[step] = fresh
        else:
            return False
        node = child
    last = steps[-1]
    if isinstance(last, str) and isinstance(node, dict):
        current = node.get(last)
        node[last] = current + value if append and isinstance(current, str) else value
        return True
    if isinstance(last, int) and isinstance(node, list):
        if last >= len(node):
            node.extend([None] * (last + 1 - len(node)))
        current = node[last]
        node[last] = current + value if append and isinstance(current, str) else value
        return True
    return False


def partial_arg_error(where: Path, message: str) -> WireError:
    hint = 'a jsonPath starts at "$" and names keys and list indexes: "$.items[0].name"'
    return WireError([finding("GW122", (*where, "jsonPath"), message, hint)])


# How a candidate field combines across chunks; any field not named here: the last value wins.


def union(a: list[Any], b: list[Any]) -> list[Any]:
    """a, then what b adds: the server may repeat an entry in later chunks."""
    out = list(a)
    for x in b:
        if x not in out:
            out.append(x)
    return out


def merged(a: Any, b: Any, *, concat: bool = False) -> Any:
    """Two Structs of one class as one: lists joined (union, or concatenated), the rest b's."""
    changes: dict[str, Any] = {}
    for attr in attrs(type(a)):
        vb = getattr(b, attr)
        if vb is UNSET:
            continue
        va = getattr(a, attr)
        if va is not UNSET and isinstance(vb, list):
            changes[attr] = va + vb if concat else union(va, vb)
        elif va is not UNSET and concat and isinstance(vb, float):
            changes[attr] = va + vb  # logProbabilitySum: each chunk sums its own tokens
        else:
            changes[attr] = vb
    out = replaced(a, **changes)
    added = unknown_fields(b)
    if added:
        keep_extras(out, added)
    return out


def merged_grounding(a: Any, b: Any) -> Any:
    """Grounding metadata: chunks united, and b's supports re-pointed at the united chunks."""
    chunks = [] if a.grounding_chunks is UNSET else list(a.grounding_chunks)
    moved: dict[int, int] = {}
    for k, chunk in enumerate([] if b.grounding_chunks is UNSET else b.grounding_chunks):
        if chunk not in chunks:
            chunks.append(chunk)
        moved[k] = chunks.index(chunk)
    if b.grounding_supports is not UNSET and any(k != v for k, v in moved.items()):
        supports = [
            s
            if s.grounding_chunk_indices is UNSET
            else replaced(s, grounding_chunk_indices=[moved.get(x, x) for x in s.grounding_chunk_indices])
            for s in b.grounding_supports
        ]
        b = replaced(b, grounding_supports=supports)
    return merged(a, b)


MERGES: dict[str, Any] = {
    "citation_metadata": merged,
    "url_context_metadata": merged,
    "grounding_metadata": merged_grounding,
    "grounding_attributions": union,
    "logprobs_result": lambda a, b: merged(a, b, concat=True),
}
