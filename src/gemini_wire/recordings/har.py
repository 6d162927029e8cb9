"""HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): `log.entries[]`, read entry by entry.

The file is decoded once down to its entries, each kept as raw JSON; each entry is then decoded
on its own, so that one entry of the wrong shape (a status written as text) is reported on its
own and the others are read. Where each body starts in the file is found in one forward pass:
an entry's text is found after the previous entry's, and a body inside its entry, whatever
order the entry's members come in (some writers put `response` before `request`).
"""

from __future__ import annotations

from typing import TypeVar

import msgspec

from gemini_wire.limits import MAX_DEPTH
from gemini_wire.positions import Lines
from gemini_wire.recordings.bodies import Budget, base64_bytes, unzipped
from gemini_wire.recordings.entries import each, refuse_deep
from gemini_wire.recordings.model import (
    Body,
    BodyError,
    EntryError,
    Interaction,
    NotARecording,
    Recording,
    request_url,
)

NULL = msgspec.Raw(b"null")
T = TypeVar("T")


class Log(msgspec.Struct):
    entries: list[msgspec.Raw]


class Har(msgspec.Struct):
    log: Log


# The members of an entry that are read, each level kept raw until it is decoded, so that
# the place of the level below can be found in its text.
class Entry(msgspec.Struct):
    request: msgspec.Raw
    response: msgspec.Raw = NULL
    startedDateTime: object = None  # HAR's spelling; any type, since a wrong one hides nothing


class Request(msgspec.Struct):
    url: str
    method: object = None  # any type: a wrong one hides nothing
    postData: msgspec.Raw = NULL  # HAR's own spelling


class Response(msgspec.Struct):
    status: int | None = None
    content: msgspec.Raw = NULL


class Content(msgspec.Struct):  # postData and content alike
    text: msgspec.Raw = NULL
    encoding: str | None = None


def read(data: bytes) -> Recording | NotARecording:
    """The interactions of a HAR file, or why it is not one; never raises."""
    deep = refuse_deep(data, MAX_DEPTH, "MAX_DEPTH")
    if deep is not None:
        return deep
    try:
        har = msgspec.json.decode(data, type=Har)
    except msgspec.ValidationError as e:
        return NotARecording(f"not a recognised format: a HAR file needs log.entries[] ({e})", other=True)
    except (msgspec.DecodeError, UnicodeDecodeError) as e:
        return NotARecording(f"not a recognised format: not JSON ({e})")
    return Recording("HAR 1.2", each(data, har.log.entries, 0, entry, lambda i: ("log", "entries", i), "entry"))


def decoded(raw: bytes | msgspec.Raw, kind: type[T], what: str) -> T:
    try:
        return msgspec.json.decode(raw, type=kind)
    except (msgspec.DecodeError, UnicodeDecodeError) as e:  # ValidationError too; bytes in a Raw are not checked
        raise EntryError(f"{what} is not as HAR 1.2 writes it: {e}") from None


def entry(index: int, text: bytes, start: int, places: Lines, budget: Budget) -> Interaction:
    """One entry, its bodies placed in the file (`start` is where the entry's text starts, and
    where `places` stands)."""
    parts = decoded(text, Entry, "the entry")
    request = decoded(parts.request, Request, "its request")
    sent = body(request.postData, Within(text, start, parts.request), places, budget, "its request's postData")
    status, got = None, None
    if parts.response != NULL:
        response = decoded(parts.response, Response, "its response")
        status = response.status
        got = body(response.content, Within(text, start, parts.response), places, budget, "its response's content")
    date = parts.startedDateTime if isinstance(parts.startedDateTime, str) else None
    return Interaction(
        index, ("log", "entries", index), request_url(request.url), status, sent, got,
        line=places.line, column=places.column, date=date,
        method=request.method.upper() if isinstance(request.method, str) else "",
    )


class Within:
    """Where a raw part of an entry starts in the file: found in the entry's text."""

    def __init__(self, outer: bytes, start: int, part: msgspec.Raw) -> None:
        self.text = bytes(part)
        self.start = start + outer.find(self.text)

    def inner(self, part: msgspec.Raw) -> Within:
        return Within(self.text, self.start, part)


def body(raw: msgspec.Raw, where: Within, places: Lines, budget: Budget, what: str) -> Body | None:
    """A body (a JSON string, base64 when its `encoding` says so) at its place in the file."""
    if raw == NULL:
        return None
    content = decoded(raw, Content, what)
    if content.text == NULL:
        return None
    line, column = places.at(where.inner(raw).inner(content.text).start, stay=True)
    try:
        text = msgspec.json.decode(content.text, type=str)
        data = base64_bytes(text) if content.encoding == "base64" else text.encode("utf-8", "surrogatepass")
        unpacked = unzipped(data, None, budget)
        # Text that is the string's own (not base64, not compressed) maps to the literal.
        quoted = content.text if unpacked is data and content.encoding != "base64" else b""
        return Body(unpacked, line, column, quoted=quoted)
    except (msgspec.DecodeError, UnicodeDecodeError) as e:
        return Body(b"", line, column, problem=f"a HAR body is a string of UTF-8 text: {e}")
    except BodyError as e:
        return Body(b"", line, column, problem=str(e))
