"""JSON-array framing: the complete elements of a top-level JSON array that arrives in chunks.

    framer = ArrayFramer()
    for chunk in body:
        for element in framer.feed(chunk, take):   # the bytes of each complete element
            ...
    for element in framer.close(take):             # raises Cut if the array is not complete
        ...

The server writes a stream without `alt=sse` as `[{...}\\n,\\r\\n{...}\\n]`; `ArrayFramer(bare=True)`
reads objects one after another without the array around them (an error body sent in place of a
stream). Elements are objects; whatever else is there raises Unexpected. It knows nothing of what
an element says, and checks no more JSON than it needs to find where an element ends.

Cost. Python runs once per element, or less. The elements before the last `\\n,\\r\\n` separator of
a read are split there and offered to `take` in one list: its reader (the decoder) says how many
of them, from the first, were whole elements, which it knows from having decoded them (a piece
that is JSON alone is a whole element, so the split was right). An element that is not all there
yet is found by msgspec (it validates an element in C from its first byte and says where it
ends: the next byte is "trailing") or, when cut, by an exact incremental scanner, which keeps its
state (depth, inside a string or not) across feeds and never reads a byte twice: a regex finds
the next structural byte (`"{}[]`), bytes.find the end of a string (a quote after an even run of
backslashes), so Python runs once per brace or string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import msgspec

WHITESPACE = re.compile(rb"[ \t\r\n]*")
WHITESPACE_BYTES = b" \t\r\n"
STRUCTURAL = re.compile(rb'["{}\[\]]')
TRAILING = re.compile(r"trailing characters \(byte (\d+)\)")
AFTER_ELEMENT = b",]{"
OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET = b"{}[]"
QUOTE_BYTE, BACKSLASH_BYTE, COMMA_BYTE = b'"\\,'
ARRAY_SEPARATOR = b"\n,\r\n"  # between two elements, as the server writes a stream without alt=sse

Place = tuple[int, int]  # a stream line (1-based) and the bytes before a position on it
#: Told a list of pieces that may be elements, says how many of them, from the first, are.
Take = Callable[[list[bytes]], int]


class Unexpected(Exception):
    """A byte that the framing does not allow where it is."""

    def __init__(self, expected: str, byte: int, place: Place) -> None:
        super().__init__(expected, byte, place)
        self.expected = expected
        self.byte = byte
        self.place = place


class Cut(Exception):
    """The stream ends inside an element (`inside`), or before the array's closing `]`."""

    def __init__(self, inside: bool, place: Place) -> None:
        super().__init__(inside, place)
        self.inside = inside
        self.place = place


class ArrayFramer:
    """Framing of a JSON array of objects (or of bare objects): chunks in, whole elements out."""

    def __init__(self, *, bare: bool = False, line: int = 1) -> None:
        self._bare = bare
        self._buf = bytearray()
        self.line = line  # stream line of the first byte in _buf
        self._column = 0  # bytes before it on its line
        self._fed = 0  # bytes of the last read
        self._pos = 0
        self._depth = 0
        self._in_string = False
        self._start = -1  # where the element in progress starts in _buf
        self._opened = False  # the array's `[` was read
        self._ended = False  # the array's `]` was read
        self._comma = False  # a `,` was read since the last element
        self._count = 0  # elements read

    def feed(self, chunk: bytes | bytearray | memoryview, take: Take) -> Iterator[bytes]:
        """The elements this chunk completes, in order (those that `take` takes aside); read them
        all before the next call."""
        self._buf += chunk
        self._fed = len(chunk)
        return self._scan(take)

    def close(self, take: Take) -> Iterator[bytes]:
        """The elements the end of the stream completes; raises Cut if the array is not whole."""
        self._fed = 0
        yield from self._scan(take)
        cut_inside = self._depth > 0 or self._in_string
        if cut_inside or (not self._bare and not self._ended):
            raise Cut(cut_inside, self._place(self._start if cut_inside else len(self._buf)))

    def place(self) -> Place:
        """Where the element last given starts: its stream line, and the bytes before it on it."""
        return self._place(self._start)

    def _scan(self, take: Take) -> Iterator[bytes]:
        buf = self._buf
        n = len(buf)
        pos, depth, in_string = self._pos, self._depth, self._in_string
        batch = not self._bare  # one run of elements per feed is offered to take
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
                        yield bytes(buf[self._start : pos])
                        self._start = -1
                        self._count += 1
            else:
                pos = WHITESPACE.match(buf, pos).end()  # type: ignore[union-attr]
                if pos == n:
                    break
                if buf[pos] == OPEN_BRACE and (self._bare or (self._opened and not self._ended)):
                    if not self._bare and self._count and not self._comma:
                        raise self._unexpected(pos, "a `,` between two elements")
                    if batch:
                        batch = False
                        after = self._elements(pos, take)
                        if after > pos:
                            pos = after
                            continue
                    end = self._whole(pos)
                    if not end and not self._bare and n - pos <= self._fed:
                        # Not all here yet: msgspec reads it again when more has come, which
                        # costs less than scanning it, as long as it is no longer than the read.
                        break
                    self._start = pos
                    self._comma = False
                    if end:
                        yield bytes(buf[pos:end])
                        self._start = -1
                        self._count += 1
                        pos = end
                    else:
                        depth = 1
                        pos += 1
                elif self._bare:
                    raise self._unexpected(pos, "a JSON object")
                else:
                    pos = self._punctuation(pos)
        # Keep only the element in progress: what is before it has been read.
        cut = self._start if depth else pos
        if cut > 0:
            newlines = buf.count(b"\n", 0, cut)
            self.line += newlines
            self._column = cut - (buf.rfind(b"\n", 0, cut) + 1) if newlines else self._column + cut
            del buf[:cut]
            pos -= cut
            if depth:
                self._start -= cut
        self._pos, self._depth, self._in_string = pos, depth, in_string

    def _elements(self, start: int, take: Take) -> int:
        """Offer the complete elements from `start` to take in one run; where the reading stops.

        The server separates elements with `\\n,\\r\\n`: the buffer up to the last of those is
        split there, and take says how many pieces, from the first, were whole elements (were a
        separator inside an element, the piece before it would end inside a bracket). From a
        piece that take does not take, the scanner goes on, element by element.
        """
        buf = self._buf
        end = buf.rfind(ARRAY_SEPARATOR, start)
        if end < 0:
            return start
        with memoryview(buf) as view:
            pieces = bytes(view[start:end]).split(ARRAY_SEPARATOR)
        done = take(pieces)
        if not done:
            return start
        self._count += done
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

    def _punctuation(self, pos: int) -> int:
        c = self._buf[pos]
        if not self._opened and c == OPEN_BRACKET:
            self._opened = True
        elif self._ended:
            raise self._unexpected(pos, "nothing after the closing `]`")
        elif c == CLOSE_BRACKET and not self._comma:
            self._ended = True
        elif c == COMMA_BYTE and self._count and not self._comma:
            self._comma = True
        else:
            raise self._unexpected(pos, "an element (a JSON object)" if self._comma or not self._count else "`,` or `]`")
        return pos + 1

    def _place(self, offset: int) -> Place:
        """Stream line and column offset (0-based) of a byte offset into the buffer."""
        buf = self._buf
        newlines = buf.count(b"\n", 0, offset)
        if not newlines:
            return self.line, self._column + offset
        return self.line + newlines, offset - (buf.rfind(b"\n", 0, offset) + 1)

    def _unexpected(self, pos: int, expected: str) -> Unexpected:
        return Unexpected(expected, self._buf[pos], self._place(pos))
