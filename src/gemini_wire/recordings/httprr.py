"""httprr traces (Go): the files of `rsc.io/httprr` and its copies (golang.org/x/oscar's
internal/httprr, tmc/langchaingo's internal/httprr, google/adk-go's), named `*.httprr`.

A trace is the line `httprr trace v1`, then a record a call: a line `N1 N2`, then N1 bytes of
the request as Go's `(*http.Request).WriteProxy` writes it (`POST https://host/path HTTP/1.1`,
its headers, a blank line, its body) and N2 bytes of the response as `(*http.Response).Write`
writes it (`HTTP/2.0 200 OK`, headers, a blank line, the body). The sizes are all that frame a
record, so a record whose sizes cannot be read ends the reading there (what comes after cannot
be found); a record whose HTTP cannot be read is reported on its own and the next ones are read.

The messages are HTTP/1.1 as Go reads them back (net/http.ReadResponse): lines end in CRLF or a
bare LF (langchaingo's User-Agent scrubber drops the CR of its line); a body is `Transfer-Encoding:
chunked` (a response that the server chunked), `Content-Length` bytes, or the rest of the
message; a `Content-Encoding: gzip` body (kept when the client asked for gzip itself) is
decompressed within the recording's budget. A body that is neither chunked nor compressed is
the file's own bytes, so a finding inside it has its exact line and column.

langchaingo keeps a long trace gzip-compressed (`*.httprr.gz`, which its Open reads in place of
the plain file): such a file is decompressed within the same budget first, and its findings' lines
and columns are those of the decompressed trace.
"""

from __future__ import annotations

import re

from gemini_wire.findings import excerpt
from gemini_wire.positions import Lines
from gemini_wire.recordings.bodies import GZIP, GZIP_MAGIC, Budget, decompressed, unzipped
from gemini_wire.recordings.model import (
    Body,
    BodyError,
    EntryError,
    Interaction,
    NotARecording,
    Recording,
    request_url,
)

FORMAT = "httprr trace"
MAGIC = b"httprr trace "  # what a file of this format starts with, whatever its version
VERSION = b"httprr trace v1"
GZIPPED = ".httprr.gz"  # langchaingo's name for a compressed trace
# A record's line: the request's and the response's sizes in bytes, as `fmt.Fprintf("%d %d\n")`
# writes them (digits only; 18 of them are past any file, and keep int() away from huge text).
SIZES = re.compile(rb"([0-9]{1,18}) ([0-9]{1,18})")
# RFC 9112 3: method SP request-target SP HTTP-version; 4: HTTP-version SP 3DIGIT SP reason.
REQUEST_LINE = re.compile(rb"([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([^ ]+) HTTP/[0-9]\.[0-9]")
STATUS_LINE = re.compile(rb"HTTP/[0-9](?:\.[0-9])? ([0-9]{3})(?: .*)?")
HEADER = re.compile(rb"([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*")
# The end of a message's head: the line end of its last line (the start line, when it has no
# headers), then an empty line; either may be CRLF or a bare LF.
BLANK_LINE = re.compile(rb"\n\r?\n")
CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")  # RFC 9112 7.1; 16 digits are past any file
# Statuses whose response has no body (RFC 9110 6.4.1), as net/http's bodyAllowedForStatus.
NO_BODY = frozenset({204, 304})
RERECORD = "record the trace again (go test -httprecord=.)"
# Go writes every head in CRLF, and counts those CRs in the sizes: a trace without a single CR had
# them taken out after it was written (git's text conversion, an editor), and its sizes are off.
NO_CR = (
    "; this trace holds no CR at all, as if its CRLF line ends were made LF after it was written "
    "(git's text conversion, an editor): `*.httprr -text` in .gitattributes keeps them"
)


def looks_like_httprr(data: bytes) -> bool:
    """A file whose first line is an httprr trace's (`httprr trace v1`, or another version)."""
    return data.startswith(MAGIC)


def read(data: bytes) -> Recording | NotARecording:
    """The records of an httprr trace (gzip-compressed or not), or why it is not one; never raises."""
    budget = Budget()
    if data.startswith(GZIP_MAGIC):
        try:
            data = decompressed(data, GZIP, "gzip", budget)
        except BodyError as e:
            return NotARecording(f"not a recognised format: a gzip-compressed httprr trace that cannot be read: {e}", 1, 1)
    first, newline, _ = data.partition(b"\n")
    if first.removesuffix(b"\r") != VERSION or not newline:
        shown = excerpt(first[:200].decode("utf-8", "replace"))
        return NotARecording(f"not a recognised format: an httprr trace starts with the line `httprr trace v1`, this one with {shown}", 1, 1)
    return Recording(FORMAT, Records(data, budget).read(len(first) + 1))


class Broken(Exception):
    """A record that cannot be read, and the offset in the file where it goes wrong."""

    def __init__(self, message: str, at: int) -> None:
        super().__init__(message)
        self.at = at


class Records:
    """The records of one trace, read in one forward pass."""

    def __init__(self, data: bytes, budget: Budget) -> None:
        self.data = data
        self.places = Lines(data)
        self.budget = budget

    def read(self, at: int) -> list[Interaction]:
        data = self.data
        out: list[Interaction] = []
        suspect = NO_CR if b"\r" not in data else ""
        while at < len(data):
            index = len(out)
            line, column = self.places.at(at)
            try:
                sizes_end, request_end, end = self.frame(at)
            except Broken as e:
                out.append(Interaction(index, (index,), "", None, None, None, f"{e}{suspect}", line, column))
                break  # the sizes are what find the next record: none can be found past this one
            try:
                out.append(self.record(index, sizes_end, request_end, end, (line, column)))
            except (Broken, EntryError) as e:
                place = self.places.at(e.at, stay=True) if isinstance(e, Broken) else (line, column)
                out.append(Interaction(index, (index,), "", None, None, None, f"{e}{suspect}", *place))
            except Exception as e:  # a bug of ours stays on its record; the fuzz tests look for these
                problem = f"gemini-wire could not read this record: {type(e).__name__}: {excerpt(str(e), quoted=False)}"
                out.append(Interaction(index, (index,), "", None, None, None, problem, line, column))
            at = end
        return out

    def frame(self, at: int) -> tuple[int, int, int]:
        """Where a record's request starts, and its response, and where the record ends."""
        data = self.data
        newline = data.find(b"\n", at)
        if newline < 0:
            raise Broken(f"the file ends inside a record's size line {shown(data[at:])}: it was cut short; {RERECORD}", at)
        sizes = SIZES.fullmatch(data, at, newline - (data[newline - 1 : newline] == b"\r"))
        if sizes is None:
            raise Broken(
                f"a record starts with the sizes of its request and response in bytes (`N1 N2`), "
                f"not {shown(data[at:newline])}; {RERECORD}", at,
            )
        asked, answered = int(sizes.group(1)), int(sizes.group(2))
        start = newline + 1
        left = len(data) - start
        if asked + answered > left:
            raise Broken(
                f"the record's sizes say {asked:,} + {answered:,} bytes, and the file holds {left:,} after its size line: "
                f"the file was cut short, or a body was edited without its sizes; {RERECORD}, or correct the sizes", at,
            )
        return start, start + asked, start + asked + answered

    def record(self, index: int, start: int, middle: int, end: int, place: tuple[int, int]) -> Interaction:
        """One record: the request in data[start:middle], the response in data[middle:end]."""
        request_line, headers, body_at = self.message(start, middle, "request")
        target = REQUEST_LINE.fullmatch(request_line)
        if target is None:
            raise Broken(f"the request line {shown(request_line)} is not `METHOD URL HTTP/1.1` as Go writes it", start)
        method = target.group(1).decode("ascii")
        url = request_url(absolute(target.group(2).decode("utf-8", "replace"), headers.get("host", "")))
        sent = self.body(body_at, middle, headers, "request") if body_at < middle else None
        if middle == end:
            raise EntryError("the record has no response (its second size is 0): httprr writes one for every request")
        status_line, answer_headers, answer_at = self.message(middle, end, "response")
        status = STATUS_LINE.fullmatch(status_line)
        if status is None:
            raise Broken(f"the response's status line {shown(status_line)} is not `HTTP/1.1 200 OK` as Go writes it", middle)
        code = int(status.group(1))
        got = None
        framed = answer_at < end or "content-length" in answer_headers or "transfer-encoding" in answer_headers
        if code not in NO_BODY and method != "HEAD" and code >= 200 and framed:
            got = self.body(answer_at, end, answer_headers, "response")
        return Interaction(
            index, (index,), url, code, sent, got, line=place[0], column=place[1],
            date=answer_headers.get("date"), method=method.upper(),
        )

    def message(self, start: int, end: int, what: str) -> tuple[bytes, dict[str, str], int]:
        """An HTTP message's start line, its headers (lower-cased names to the first value)
        and where its body starts; Broken where its head cannot be read."""
        data = self.data
        blank = BLANK_LINE.search(data, start, end)
        if blank is None:
            raise Broken(f"the {what}'s headers do not end (no blank line before its body); {RERECORD}", start)
        lines = data[start : blank.start()].split(b"\n")
        headers: dict[str, str] = {}
        at = start + len(lines[0]) + 1
        for raw in lines[1:]:
            header = HEADER.fullmatch(raw.removesuffix(b"\r"))
            if header is None:
                # not quoted: a header's value may be a secret of no known shape (secrets.mask)
                raise Broken(f"a header line of the {what} is not `Name: value` (a name, a colon, the value)", at)
            headers.setdefault(header.group(1).decode("ascii").lower(), header.group(2).decode("latin-1"))
            at += len(raw) + 1
        return lines[0].removesuffix(b"\r"), headers, blank.end()

    def body(self, start: int, end: int, headers: dict[str, str], what: str) -> Body:
        """A body at its place in the file: de-chunked, cut at its Content-Length, decompressed;
        the file's own bytes (`verbatim`) when it is neither chunked nor compressed."""
        line, column = self.places.at(start, stay=True)
        raw = self.data[start:end]
        chunked = headers.get("transfer-encoding", "").lower().rsplit(",", 1)[-1].strip() == "chunked"
        try:
            if chunked:
                raw = dechunked(raw)
            elif "content-length" in headers:
                raw = within_length(raw, headers["content-length"], what)
            data = unzipped(raw, headers.get("content-encoding"), self.budget)
        except BodyError as e:
            return Body(b"", line, column, problem=str(e))
        return Body(data, line, column, verbatim=not chunked and data is raw)


def absolute(target: str, host: str) -> str:
    """The request's URL: WriteProxy writes it whole; a request line with a path alone (a trace
    written by hand, or by Request.Write) is at its Host, over https."""
    if "://" in target:
        return target
    if not target.startswith("/"):
        raise EntryError(f"its request line names {excerpt(target)}, neither a URL nor a path")
    if not host:
        raise EntryError("its request line names a path, and the request has no Host header to say where")
    return f"https://{host}{target}"


def within_length(raw: bytes, declared: str, what: str) -> bytes:
    """The body's first Content-Length bytes (Go reads no more); BodyError when it is shorter."""
    if not declared.isdigit() or len(declared) > 18:
        raise BodyError(f"the {what}'s Content-Length {excerpt(declared)} is not a number of bytes")
    length = int(declared)
    if length > len(raw):
        raise BodyError(f"the {what}'s Content-Length says {length:,} bytes, and its record holds {len(raw):,}: it was cut short")
    return raw if length == len(raw) else raw[:length]


def dechunked(raw: bytes) -> bytes:
    """A chunked body's chunks joined (RFC 9112 7.1): each a line with its size in hex (and
    extensions after `;`), its bytes and a line end; the last of size 0, then trailer lines
    and a blank line. BodyError where the framing is broken."""
    out: list[bytes] = []
    at = 0
    while True:
        newline = raw.find(b"\n", at)
        if newline < 0:
            raise BodyError("a chunked body is cut short: a chunk's size line does not end")
        size_text = raw[at:newline].removesuffix(b"\r").split(b";", 1)[0].strip(b" \t")
        if CHUNK_SIZE.fullmatch(size_text) is None:
            raise BodyError(f"a chunked body's chunk size {shown(size_text)} is not a hexadecimal number")
        size = int(size_text, 16)
        at = newline + 1
        if size == 0:
            trailer_end(raw, at)
            return b"".join(out)
        if at + size > len(raw):
            raise BodyError(f"a chunked body is cut short: a chunk of {size:,} bytes, and {len(raw) - at:,} left")
        out.append(raw[at : at + size])
        at += size
        ending = b"\r\n" if raw.startswith(b"\r\n", at) else b"\n"
        if not raw.startswith(ending, at):
            raise BodyError(f"a chunk of a chunked body is not followed by a line end, but by {shown(raw[at : at + 20])}")
        at += len(ending)


def trailer_end(raw: bytes, at: int) -> None:
    """The trailer lines after the last chunk, up to the blank line that ends the body."""
    while True:
        newline = raw.find(b"\n", at)
        if newline < 0:
            raise BodyError("a chunked body is cut short: no blank line after its last chunk")
        if not raw[at:newline].removesuffix(b"\r"):
            return
        at = newline + 1


def shown(raw: bytes) -> str:
    """Bytes of the file for a message: their text, quoted and cut short."""
    return excerpt(raw[:200].decode("utf-8", "replace"))
