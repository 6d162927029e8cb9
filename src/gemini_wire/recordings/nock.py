"""nock recordings (Node.js): `nock.recorder.rec({output_objects: true})` output and `nock.back` fixtures.

A JSON array of calls, each `{scope, method, path, body, status, response, rawHeaders, ...}`;
a call's URL is its `scope` and `path` together. nock keeps a body that was JSON as a JSON value
(its text is then the file's own, so a finding inside it has its exact line), any other body as
a string, a response that `responseIsBinary` marks as a hex string of its bytes, and (nock before
13) a compressed response as an array of hex strings, one a chunk. The calls are read as HAR's
entries are (recordings.har): the file is decoded once down to its calls, each kept raw and then
decoded on its own, so that one call of the wrong shape is reported on its own.
"""

from __future__ import annotations

import re

import msgspec

from gemini_wire.limits import MAX_NOCK_DEPTH
from gemini_wire.positions import Lines
from gemini_wire.recordings import bodies
from gemini_wire.recordings.bodies import GZIP_MAGIC, Budget, unzipped
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

FORMAT = "nock recording"
NULL = msgspec.Raw(b"null")
BOM = b"\xef\xbb\xbf"
# The keys that every call nock records has, and that no Gemini payload or stream element has.
KEYS = frozenset({"scope", "method", "path"})
SPACE = rb"[ \t\r\n]*"


class Call(msgspec.Struct):
    """The members of a call that are read; the bodies kept raw, so that their place is found."""

    scope: str
    path: str
    method: object = None  # any type: a wrong one hides nothing
    body: msgspec.Raw = NULL
    status: int | None = None
    response: msgspec.Raw = NULL
    rawHeaders: object = None  # nock's spelling: [name, value, ...], or an object of them
    headers: object = None  # the response's headers as an object (nock before 10)
    responseIsBinary: object = None


def looks_like_nock(data: bytes) -> bool:
    """A JSON array whose first element is an object with nock's `scope`, `method` and `path`."""
    text = data.removeprefix(BOM)
    if text.lstrip()[:1] != b"[" or b'"scope"' not in text or b'"path"' not in text:
        return False
    try:
        calls = msgspec.json.decode(text, type=list[msgspec.Raw])
        return bool(calls) and KEYS <= set(msgspec.json.decode(calls[0], type=dict[str, msgspec.Raw]))
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):  # ValidationError too; and msgspec's depth limit
        return False


def read(data: bytes) -> Recording | NotARecording:
    """The calls of a nock recording, or why it is not one; never raises."""
    deep = refuse_deep(data, MAX_NOCK_DEPTH, "MAX_NOCK_DEPTH")
    if deep is not None:
        return deep
    text = data.removeprefix(BOM)
    try:
        calls = msgspec.json.decode(text, type=list[msgspec.Raw])
    except msgspec.ValidationError as e:
        return NotARecording(f"not a recognised format: a nock recording is a JSON array of calls ({e})", other=True)
    except (msgspec.DecodeError, UnicodeDecodeError) as e:
        return NotARecording(f"not a recognised format: not JSON ({e})")
    return Recording(FORMAT, each(data, calls, len(data) - len(text), call, lambda i: (i,), "call"))


def call(index: int, text: bytes, start: int, places: Lines, budget: Budget) -> Interaction:
    """One call, its bodies placed in the file (`start` is where the call's text starts, and
    where `places` stands)."""
    try:
        parts = msgspec.json.decode(text, type=Call)
    except (msgspec.DecodeError, UnicodeDecodeError) as e:  # ValidationError too
        raise EntryError(f"the call is not as nock records it: {e}") from None
    found = headers(parts.rawHeaders) or headers(parts.headers)
    sent = body(parts.body, start + member(text, b"body", parts.body), places, budget, request=True)
    got = body(
        parts.response, start + member(text, b"response", parts.response), places, budget,
        binary=parts.responseIsBinary is True, encoding=found.get("content-encoding"),
    )
    return Interaction(
        index, (index,), request_url(parts.scope + parts.path), parts.status, sent, got,
        line=places.line, column=places.column, date=found.get("date"),
        method=parts.method.upper() if isinstance(parts.method, str) else "",
    )


def headers(value: object) -> dict[str, str]:
    """Header names (lower-cased) to their first value: from nock's `rawHeaders` (a list of names
    and values in turn, or an object) or an older nock's `headers` (an object, a value or a list)."""
    pairs: list[tuple[object, object]] = []
    if isinstance(value, list):
        pairs = list(zip(value[::2], value[1::2], strict=False))  # a name without a value is left out
    elif isinstance(value, dict):
        pairs = list(value.items())
    out: dict[str, str] = {}
    for name, given in pairs:
        first = given[0] if isinstance(given, list) and given else given
        if isinstance(name, str) and isinstance(first, str):
            out.setdefault(name.lower(), first)
    return out


def member(text: bytes, key: bytes, value: msgspec.Raw) -> int:
    """Where a member's value starts in its call's text: after `"key":`, where that text stands
    (a body may hold a member of the same name, and an earlier member the same text)."""
    if value == NULL:
        return 0
    raw = bytes(value)
    for m in re.finditer(rb'"' + key + rb'"' + SPACE + rb":" + SPACE, text):
        if text.startswith(raw, m.end()):
            return m.end()
    return max(text.find(raw), 0)


def body(
    raw: msgspec.Raw, at: int, places: Lines, budget: Budget,
    *, request: bool = False, binary: bool = False, encoding: str | None = None,
) -> Body | None:
    """A body at its place in the file: a JSON value as its own text, a string as the text it
    holds, hex (`responseIsBinary`, or an older nock's chunks of a compressed response) as the
    bytes it spells, decompressed."""
    if raw == NULL:
        return None
    line, column = places.at(at, stay=True)
    spelt = bytes(raw)
    try:
        if spelt[:1] == b'"':
            text = msgspec.json.decode(spelt, type=str)
            if request and not text:
                return None  # nock's body of a request that sent none
            if binary:
                return Body(unzipped(hex_bytes(text), encoding, budget), line, column)
            return Body(text.encode("utf-8", "surrogatepass"), line, column, quoted=raw)
        chunks = hex_chunks(spelt, binary or encoding is not None)
        if chunks is not None:
            return Body(unzipped(b"".join(hex_bytes(c) for c in chunks), encoding, budget), line, column)
    except (msgspec.DecodeError, UnicodeDecodeError) as e:
        return Body(b"", line, column, problem=f"a nock body is JSON or a string of UTF-8 text: {e}")
    except BodyError as e:
        return Body(b"", line, column, problem=str(e))
    return Body(spelt, line, column, verbatim=True)


def hex_chunks(raw: bytes, encoded: bool) -> list[str] | None:
    """The chunks of a compressed response as nock before 13 wrote it (an array of hex strings),
    when the response is one: its headers say it was compressed, or it spells gzip's magic."""
    if raw[:1] != b"[":
        return None
    try:
        chunks = msgspec.json.decode(raw, type=list[str])
    except (msgspec.DecodeError, UnicodeDecodeError):  # ValidationError too: a JSON array of objects
        return None
    if not chunks or not (encoded or chunks[0][:4].lower() == GZIP_MAGIC.hex()):
        return None
    return chunks


def hex_bytes(text: str) -> bytes:
    return bodies.hex_bytes(text, "nock")
