"""The promises of every entry point, checked on one input: shared by the fuzz test in the suite
(tests/test_fuzz.py, Hypothesis with a fixed budget) and the longer coverage-guided run
(fuzz/entry_points.py, atheris, not part of CI).

- `decode_request`, `decode_response`, `decode_error` give Structs or raise WireError, nothing else;
- what they give encodes, and re-encoding the decoded encoding gives the same bytes;
- `lint_*` never raises, on bytes or on str;
- a StreamDecoder fed the input (whole, or cut in two) and closed raises only WireError, and
  gives the same responses and findings either way;
- the command line's check of a document or a batch line never raises;
- `dialect_for_url` and `dialects.endpoint` give a dialect, an Endpoint or None for any str;
- `aggregate` of a stream's chunks gives a response or raises WireError, of a size of the order
  of the chunks' own.
"""

from __future__ import annotations

import itertools
from typing import Any

from gemini_wire import WireError, dialects, encode, gemini, vertex
from gemini_wire.documents.check import Settings, check_document
from gemini_wire.stream import StreamDecoder, aggregate

DIALECTS = (gemini, vertex)


def decodes(decode: Any, data: bytes | str) -> None:
    try:
        obj = decode(data)
    except WireError:
        return
    first = encode(obj)
    again = encode(decode(first))
    assert again == first, f"{decode.__name__}: encode(decode(encode(x))) != encode(x)"


def stream_outcome(dialect: str, data: bytes, cuts: list[int]) -> tuple[list[bytes], list[tuple[Any, ...]]]:
    """What a StreamDecoder makes of a body cut at these offsets and closed: the responses (as
    JSON) and the findings (code, path, line, column, message); it raises nothing else."""
    decoder: StreamDecoder[Any, Any] = StreamDecoder(dialect)
    edges = [0, *sorted(c for c in cuts if 0 < c < len(data)), len(data)]
    items: list[Any] = []
    found: list[Any] = []
    try:
        for start, end in itertools.pairwise(edges):
            items += decoder.feed(data[start:end])
        items += decoder.close()
    except WireError as e:
        items += e.responses
        found = e.findings
    return [encode(i) for i in items], [(f.code, f.path, f.line, f.column, f.message) for f in found]


def streams(dialect: str, data: bytes, cut: int) -> None:
    """Fed whole or cut in two, a stream decodes alike."""
    assert stream_outcome(dialect, data, [cut]) == stream_outcome(dialect, data, []), f"split at {cut}"


def urls(text: str) -> None:
    """The URL helpers are total: a known dialect or None, an Endpoint or None."""
    name = dialects.dialect_for_url(text)
    assert name is None or name in dialects.NAMES, name
    called = dialects.endpoint(text)
    assert called is None or (called.dialect in (None, *dialects.NAMES) and called.model), called


# What aggregate may add to its chunks, per byte of them: nulls for skipped list elements
# (limits.MAX_PARTIAL_ARG_SKIP) and the objects around a jsonPath's steps.
GROWTH = 16


def aggregates(dialect: str, chunks: list[bytes]) -> None:
    """The chunks that decode, folded: a response that encodes, or WireError; bounded in size."""
    decode = dialects.dialect(dialect).decode_response
    items = []
    for data in chunks:
        try:
            items.append(decode(data))
        except WireError:
            pass
    if not items:
        return
    try:
        folded = aggregate(items)
    except WireError:
        return
    size = len(encode(folded))
    assert size <= GROWTH * sum(map(len, chunks)) + 4096, f"aggregate: {size:,} bytes from {sum(map(len, chunks)):,}"


def check(data: bytes, cut: int = 0) -> None:
    """Raise AssertionError (or let another exception through) where a promise is broken."""
    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    for module in DIALECTS:
        d = module.DIALECT
        for decode in (d.decode_request, d.decode_response, d.decode_error):
            decodes(decode, data)
        for payload in (data, text) if text is not None else (data,):
            d.lint_request(payload)
            d.lint_response(payload)
            d.lint_error(payload)
        streams(d.name, data, cut % (len(data) + 1))
        settings = Settings(dialect=d.name)
        check_document(data, settings)
        check_document(data, settings, line=True)
