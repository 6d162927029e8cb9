"""StreamDecoder: the responses of a streamGenerateContent body fed in chunks, and its findings.

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

import itertools
import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any, Generic, Literal, TypeVar, overload

import msgspec

from gemini_wire import dialects, gemini, vertex
from gemini_wire.codec import (
    any_unknown_fields,
    lone_surrogate,
    unknown_fields,
)
from gemini_wire.dialect import Dialect
from gemini_wire.findings import Finding, WireError
from gemini_wire.limits import too_deep
from gemini_wire.rules import RULES

__all__ = ["StreamDecoder", "aiter_responses", "iter_responses"]

Resp = TypeVar("Resp")
Err = TypeVar("Err")

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
                        raise relocated(e, f"event[{self._count}]", [(line + 2 * k, skip)]) from None
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
            raise relocated(e, f"event[{self._count}]", list(data_at)) from None
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
                        f"event[{self._count}]",
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
            raise relocated(e, f"[{self._count}]", [self._place(start)]) from None
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
                    f"[{self._count}]",
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
                            f"[{self._count}]",
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
                        "",
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


def stream_finding(code: str, path: str, message: str, hint: str, line: int, column: int) -> Finding:
    rule = RULES[code]
    return Finding(
        code=code,
        severity=rule.severity,
        path=path,
        message=message,
        hint=hint,
        source=rule.source,
        line=line,
        column=column,
    )


def relocated(error: WireError, where: str, at: list[tuple[int, int]]) -> WireError:
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
        path = where + ("" if not f.path else f.path if f.path.startswith("[") else "." + f.path)
        findings.append(
            Finding(
                code="GW121",
                severity="error",
                path=path,
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
