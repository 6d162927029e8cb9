"""Server-Sent Events framing (WHATWG): bytes in chunks of any size, the events they complete out.

    framer = SseFramer()
    for chunk in body:
        for item in framer.feed(chunk):   # Run, Event or Bare, in stream order
            ...
    for item in framer.close():           # what the end of the stream completes
        ...

The framing is the WHATWG one (`data:` with or without its space, data lines joined with LF,
comments, CRLF/CR/LF, `event`/`id`/`retry` fields), with two departures a JSON stream wants: an
event the stream ends in before its blank line is still given (`Event.ended` False), and a line
that starts with `{` ends the SSE (`Bare`). It knows nothing of what the data says.

Cost. Python never loops over bytes, nor over the events of a feed when they are the usual ones:
the server's events (one `data:` line and a blank line each, one line end throughout) are
recognised region by region on the bytes as they arrive and given as one `Run`; with
`SseFramer(named=True)`, so are the Interactions API's (an `event:` line, a `data:` line, an `id:`
line or none, and a blank line each), given as one `Named`. Anything else (comments, other fields, CR line ends, a
read cut inside a line end) takes the WHATWG path, with line ends made LF, until an event ends
cleanly again.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import NamedTuple

BOM = b"\xef\xbb\xbf"  # one, at the very start of a stream, is not its first character
COLON = b":"
COLON_BYTE, OPEN_BRACE = b":{"
# A `retry:` longer than this is not a time anyone can wait (and int() refuses 4,300 digits):
# ignored, as WHATWG ignores a value that is not all digits.
RETRY_DIGITS = 18

Place = tuple[int, int]  # a stream line (1-based) and the bytes before a position on it


class Run(NamedTuple):
    """Events of the server's usual shape, each one `data:` line and a blank line, from `line` on.

    A value is what follows `data:` on its line, the one space after the colon still in front if
    there is one: that space is not data (`payload` drops it), but a JSON reader skips it, and
    leaving it costs no copy.
    """

    values: list[bytes]
    line: int  # the stream line of the first event's `data:` line
    id: str  # the last event ID when these events are dispatched

    def payload(self, k: int) -> bytes:
        """The data of event k."""
        value = self.values[k]
        return value[1:] if value[:1] == b" " else value

    def place(self, k: int) -> Place:
        """The stream line of event k's data line, and the bytes before its data on it."""
        return self.line + 2 * k, 6 if self.values[k][:1] == b" " else 5


class Named(NamedTuple):
    """Events of the Interactions API's usual shape, each an `event:` line, a `data:` line, an
    `id:` line or none (in one order for all), and a blank line, from `line` on. A name, value or
    ID is its whole line, field name and colon included: `name`, `payload` and `event_id` take what
    follows (and the one space after the colon, if there is one).
    """

    names: list[bytes]  # each event's `event:` line
    values: list[bytes]  # each event's `data:` line
    line: int  # the stream line of the first event's first line
    id: str  # the last event ID before these events (each event's own, when they have no `id:` line)
    ids: list[bytes]  # each event's `id:` line, when they have one (empty when they do not)
    stride: int  # the lines of an event, its blank line included: 3, or 4 with an `id:` line
    at: int  # where an event's `data:` line is among its lines

    def name(self, k: int) -> str:
        """The `event:` field of event k (WHATWG's event type)."""
        line = self.names[k]
        return (line[7:] if line[6:7] == b" " else line[6:]).decode("utf-8", "replace")

    def payload(self, k: int) -> bytes:
        """The data of event k."""
        line = self.values[k]
        return line[6:] if line[5:6] == b" " else line[5:]

    def place(self, k: int) -> Place:
        """The stream line of event k's data line, and the bytes before its data on it."""
        return self.line + self.stride * k + self.at, 6 if self.values[k][5:6] == b" " else 5

    def event_id(self, k: int) -> str:
        """The last event ID when event k is dispatched: its `id:` line's, unless that holds a NUL
        (WHATWG ignores it then, and the one before stays)."""
        for j in range(k, -1, -1) if self.ids else ():
            line = self.ids[j]
            if b"\0" not in line:
                return (line[4:] if line[3:4] == b" " else line[3:]).decode("utf-8", "replace")
        return self.id


class Event(NamedTuple):
    """One event in general: its data lines joined with LF, and where each line's data starts."""

    data: bytes
    places: list[Place]  # one per data line
    id: str  # the last event ID when it is dispatched
    ended: bool  # False: the stream ended before the blank line that ends an event
    name: str = ""  # its `event:` field (WHATWG's event type), "" when it has none


class Bare(NamedTuple):
    """A line that starts with `{` where an SSE line should be: the stream from there is not SSE.

    A legacy Vertex front end wrote its error object so, mid-stream (WHATWG would ignore those
    lines). `rest` holds the bytes from that line on, read so far; what follows is not framed here.
    """

    rest: bytes
    line: int  # the stream line of rest's first byte


class SseFramer:
    """Server-Sent Events framing: chunks of bytes in, the runs and events they complete out."""

    def __init__(self, *, named: bool = False) -> None:
        # Recognise the Interactions API's `event:` + `data:` events too (they come as `Named`).
        self._named = named
        self._buf = bytearray()
        self._raw = True  # _buf holds bytes as they came, none of them a line end, before the new ones
        self._scanned = 0  # bytes of _buf already searched for a line end (raw) or a blank line
        self._skip_lf = False  # the last chunk ended in CR: a LF starting the next completes a CRLF
        self._data: list[bytes] = []
        self._places: list[Place] = []  # where each data line of the event in progress starts
        self._id_buffer = ""
        self._name = ""  # the `event:` field of the event in progress
        self._bare = False
        #: The stream line of the first byte not yet framed.
        self.line = 1
        #: The reconnection time in milliseconds that the server asked for, if it did.
        self.retry: int | None = None

    def feed(self, chunk: bytes | bytearray | memoryview) -> Iterator[Run | Named | Event | Bare]:
        """What this chunk completes, in stream order; read it all before the next call."""
        if self._bare:
            raise ValueError("feed() after Bare: the rest of the stream is not SSE")
        self._buf += chunk if self._raw else self._line_ends(bytes(chunk))
        return self._read(final=False)

    def close(self) -> Iterator[Run | Named | Event | Bare]:
        """What the end of the stream completes: the last lines, and an event left without its
        blank line (`ended` False)."""
        return self._read(final=True)

    def _read(self, *, final: bool) -> Iterator[Run | Named | Event | Bare]:
        if self._raw:
            yield from self._simple_events()
        if not self._raw:
            buf = self._buf
            # A blank line ends an event: the events before the last one are complete.
            end = buf.rfind(b"\n\n", self._scanned)
            if end >= 0:
                region = bytes(buf[: end + 2])
                del buf[: end + 2]
                yield from self._events(region)
                if self._bare:
                    return
                # The next event has no complete line yet (or named: it may be of the usual shape):
                # its bytes can be kept as they come.
                self._raw = not self._skip_lf and (self._named or b"\n" not in buf)
            # A LF at the end may be the first of two.
            self._scanned = self._rescan() if self._raw else max(len(buf) - 1, 0)
        if final:
            yield from self._end()

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

    def _rescan(self) -> int:
        """Where the search for a blank line starts again in the raw buffer.

        Raw bytes hold no line end unless the framer is named, whose raw buffer may keep an event
        begun (an `event:` line, its line end as it came): a blank line may then start in its
        last 3 bytes.
        """
        return max(len(self._buf) - 3, 0) if self._named else len(self._buf)

    def _simple_events(self) -> Iterator[Run | Named]:
        """The events at the start of the raw buffer, if they are all of the server's one shape.

        That shape: each event is one `data:` line and a blank line, all with the same line end
        (CRLF or LF), nothing else. Splitting the buffer up to its last blank line at each
        `<blank line>data:` proves it for the whole region at once: the region is of that shape
        exactly when no piece holds a line end. Named, the Interactions shape too (`_named_events`).
        Anything else (comments, fields, CR alone, mixed line ends, a read cut inside a line end)
        goes to the WHATWG path with its line ends made LF, and comes back here once an event has
        just ended and the next has no line end yet (named: once an event has just ended; and a
        named framer keeps its bytes as they came until a blank line comes).
        """
        buf = self._buf
        scanned = self._scanned
        crlf = buf.find(b"\r", scanned) >= 0
        if not crlf and buf.find(b"\n", scanned) < 0:
            self._scanned = self._rescan()  # still inside a line: nothing can be complete
            return
        blank = b"\r\n\r\n" if crlf else b"\n\n"
        end = buf.rfind(blank, scanned)
        if end < 0 and self._named:
            self._scanned = self._rescan()  # an event begun: kept as it came until its blank line
            return
        taken = False
        if end >= 0 and buf.startswith(b"data:"):
            with memoryview(buf) as view:
                values = bytes(view[5:end]).split(blank + b"data:")
            text = b"".join(values)
            if text.find(b"\n") < 0 and text.find(b"\r") < 0:
                del buf[: end + len(blank)]
                yield Run(values, self.line, self._id_buffer)  # no event here sets an id
                self.line += 2 * len(values)
                taken = True
        if not taken and end >= 0 and self._named and buf.startswith((b"event:", b"id:", b"data:")):
            taken = yield from self._named_events(end, crlf)
        if taken and (self._named or (buf.find(b"\r") < 0 and buf.find(b"\n") < 0)):
            self._scanned = self._rescan()
            return
        # The WHATWG path from here: the bytes kept so far get their line ends made LF.
        rest = bytes(buf)
        del buf[:]
        buf += self._line_ends(rest)
        self._raw, self._scanned = False, 0

    def _named_events(self, end: int, crlf: bool) -> Generator[Run | Named, None, bool]:
        """The Interactions API's usual events, up to the blank line at `end`: each an `event:`
        line, a `data:` line and an `id:` line or none, in the order of the first event, and a
        blank line, all with the same line end; then, as the stream's `data: [DONE]` comes, events
        of one `data:` line. Whether the region was of that shape (and taken); else nothing is taken.

        Split at its line ends, such a region of events of m lines holds n events exactly when it
        has (m + 1)n - 1 lines, every (m + 1)th one empty, the others starting `event:`, `data:`
        (and `id:`) by turns, and no line end but those it was split at: each proved for all lines
        at once.
        """
        buf = self._buf
        sep = b"\r\n" if crlf else b"\n"
        with memoryview(buf) as view:
            region = bytes(view[:end])
        lines = region.split(sep)
        ends = len(lines) - 1
        if region.find(b"\r") >= 0 if not crlf else region.count(b"\n") != ends or region.count(b"\r") != ends:
            return False  # a line end that is not the region's one
        # The first event's lines give the order: event and data, and an id where it has one.
        first = lines[:4]
        size = first.index(b"") if b"" in first else len(lines) if len(lines) < 4 else 0  # one event alone
        order = {line[: line.find(b":") + 1]: k for k, line in enumerate(first[:size])}
        if size not in (2, 3) or len(order) != size or not {b"event:", b"data:"} <= order.keys() <= {b"event:", b"data:", b"id:"}:
            return False
        stride = size + 1
        # Events of one `data:` line at the end (`data: [DONE]`).
        tail = len(lines)
        while tail >= 2 and not lines[tail - 2] and lines[tail - 1].startswith(b"data:"):
            tail -= 2
        if tail % stride != size or any(lines[size:tail:stride]):
            return False
        at = order[b"data:"]
        names, values = lines[order[b"event:"] : tail : stride], lines[at:tail:stride]
        ids = lines[order[b"id:"] : tail : stride] if b"id:" in order else []
        n = len(names)
        # Every `event:` and `id:` line is where it should be (counted over the lines joined with a
        # LF, which no line holds: the region's line ends were checked above); with every blank
        # line where it should be too, the lines that start `data:` after a line end are the others.
        for field, found in ((b"\nevent:", names), (b"\nid:", ids)):
            if found and (b"\n" + b"\n".join(found)).count(field) != n:
                return False
        if region.count(sep + b"data:") + (at == 0) != n + (len(lines) - tail) // 2:
            return False
        del buf[: end + 2 * len(sep)]
        named = Named(names, values, self.line, self._id_buffer, ids, stride, at)
        if ids:
            self._id_buffer = named.event_id(n - 1)
        yield named
        self.line += stride * n
        if tail < len(lines):
            yield Run([v[5:] for v in lines[tail + 1 :: 2]], self.line, self._id_buffer)
            self.line += len(lines) - tail
        return True

    def _events(self, region: bytes) -> Iterator[Run | Event | Bare]:
        """The events of a region that ends with a blank line, its line ends LF."""
        line = self.line
        pieces = region.split(b"\n\n")
        k = 0
        while k < len(pieces):
            run = k
            while run < len(pieces) and pieces[run].startswith(b"data:") and b"\n" not in pieces[run]:
                run += 1
            if run > k:
                # Usual events, one `data:` line each, given without more ado.
                yield Run([p[5:] for p in pieces[k:run]], line, self._id_buffer)
                line += 2 * (run - k)
                k = run
                continue
            piece = pieces[k]
            if piece:
                lines = piece.split(b"\n")
                rest = yield from self._lines(lines, line)
                if rest >= 0:
                    after = b"\n\n".join(pieces[k + 1 :])
                    yield self._bare_json(b"\n".join(lines[rest:]) + b"\n\n" + after + self._buf, line + rest)
                    return
                if k < len(pieces) - 1:
                    if self._data:
                        yield self._dispatch(ended=True)
                    self._name = ""  # the blank line after the piece
            line += piece.count(b"\n") + 2
            k += 1
        self.line = line - 2

    def _lines(self, lines: list[bytes], first: int) -> Generator[Event, None, int]:
        """Read the lines of an event (WHATWG); returns the index of a line of bare JSON, else -1."""
        for i, line in enumerate(lines):
            if not line:
                if self._data:
                    yield self._dispatch(ended=True)
                self._name = ""  # WHATWG: a blank line resets the event type, data or not
            elif line.startswith(b"data:"):
                skip = 6 if line[5:6] == b" " else 5
                self._data.append(line[skip:])
                self._places.append((first + i, skip))
            elif line[0] == COLON_BYTE:
                pass  # a comment (servers send them to keep the connection open)
            elif line[0] == OPEN_BRACE:
                if self._data:
                    yield self._dispatch(ended=True)
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
        elif name == b"event":
            # The event type: generateContent sends none; the Interactions API names each event so
            # (its `event_type` again), which its reader compares.
            self._name = value.decode("utf-8", "replace")
        # Any other field is ignored, as WHATWG says.

    def _dispatch(self, *, ended: bool) -> Event:
        data = self._data
        event = Event(data[0] if len(data) == 1 else b"\n".join(data), self._places, self._id_buffer, ended, self._name)
        self._data, self._places, self._name = [], [], ""
        return event

    def _bare_json(self, rest: bytes, line: int) -> Bare:
        """The end of the SSE: what follows is bare JSON."""
        self._bare = True
        del self._buf[:]
        return Bare(rest, line)

    def _end(self) -> Iterator[Run | Named | Event | Bare]:
        """The lines after the last blank line, when the stream ends."""
        buf = self._buf
        # A named framer's raw bytes may hold line ends as they came: made LF here.
        lines = (self._line_ends(bytes(buf)) if self._raw else bytes(buf)).split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # what follows the last line end is not a line
        del buf[:]
        rest = yield from self._lines(lines, self.line)
        if rest >= 0:
            yield self._bare_json(b"\n".join(lines[rest:]), self.line + rest)
            return
        if lines and not lines[0] and self.line > 1:
            self.line += 1  # an empty line right after a blank line: read as if they came together
        if self._data:
            yield self._dispatch(ended=False)
