"""The promises of every entry point, checked on one input: shared by the fuzz test in the suite
(tests/test_fuzz.py, Hypothesis with a fixed budget) and the longer coverage-guided run
(fuzz/entry_points.py, atheris, not part of CI).

- `decode_request`, `decode_response`, `decode_error` give Structs or raise WireError, nothing else;
- what they give encodes, and re-encoding the decoded encoding gives the same bytes;
- `lint_*` never raises, on bytes or on str;
- a StreamDecoder fed the input (whole, or cut in two) and closed raises only WireError;
- the command line's check of a document or a batch line never raises.
"""

from __future__ import annotations

from typing import Any

from gemini_wire import WireError, encode, gemini, vertex
from gemini_wire.cli.check import Settings, check_document
from gemini_wire.stream import StreamDecoder

DIALECTS = (gemini, vertex)


def decodes(decode: Any, data: bytes | str) -> None:
    try:
        obj = decode(data)
    except WireError:
        return
    first = encode(obj)
    again = encode(decode(first))
    assert again == first, f"{decode.__name__}: encode(decode(encode(x))) != encode(x)"


def streams(dialect: str, data: bytes, cut: int) -> None:
    decoder: StreamDecoder[Any, Any] = StreamDecoder(dialect)
    try:
        decoder.feed(data[:cut])
        decoder.feed(data[cut:])
        decoder.close()
    except WireError:
        pass


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
