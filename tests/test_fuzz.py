"""Fuzzing every entry point with a fixed budget: the promises of tests/promises.py hold for the
payloads in examples/ and for byte-level and token-level mutations of them.

The budget is fixed and the run derandomized, so CI runs the same inputs every time; the longer,
coverage-guided run is fuzz/entry_points.py (README, "Fuzzing").
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from promises import check

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
SEEDS = [p.read_bytes() for p in EXAMPLES]
# JSON values that once broke a promise, or sit at an edge of the wire rules: put in place of a
# value of an example, or anywhere as bytes.
VALUES = [
    b'{"a":' * 1_000 + b"1" + b"}" * 1_000, b"[" * 1_000 + b"]" * 1_000, b"[" * 99 + b"]" * 99,
    b'"NaN"', b'"Infinity"', b'"-Infinity"', b"1e309", b"1" + b"0" * 309, b"-1" + b"0" * 400,
    b'"' + b"9" * 5_000 + b'"', b'"-' + b"9" * 5_000 + b'"', b"9" * 5_000, b'"\\ud800"', b'"a\\udc00"',
    b'"9223372036854775808"', b'"18446744073709551616"', b"null", b"[]", b"{}", b'""', b"-0", b"1.5",
    b"true", b'"data:image/png;base64,AAAA"', b'"HARASSMENT"', b'"' + b"q" * 100_000 + b'"',
    b"[null]", b'{"seconds": 1, "nanos": 1}', b'"1.5s"', b'"=="', b"0", b"-2147483649",
]
TOKENS = [*VALUES, b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r\n", b"data: ", b"\n\n", b",\r\n", b"\\", b'"', b"{", b"]"]
KEYS = [b"temperature", b"generation_config", b"inline_data", b"key", b"request", b"error", b"q" * 100_000, b"", b"@type"]
VALUE_AT = re.compile(rb':\s*("(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null|\{\}|\[\])')
KEY_AT = re.compile(rb'"([A-Za-z_]+)"\s*:')


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """An example payload with a few edits: a value or key replaced by an edge case, bytes cut,
    repeated or replaced, or a fragment put in anywhere."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["value", "value", "key", "token", "delete", "repeat", "byte"]))
        if kind in ("value", "key"):
            places = list((VALUE_AT if kind == "value" else KEY_AT).finditer(data))
            if places:
                m = draw(st.sampled_from(places))
                data[m.start(1) : m.end(1)] = draw(st.sampled_from(VALUES if kind == "value" else KEYS))
            continue
        at = draw(st.integers(0, len(data)))
        end = draw(st.integers(at, min(len(data), at + 64)))
        if kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "delete":
            del data[at:end]
        elif kind == "repeat":
            data[at:at] = data[at:end]
        else:
            data[at:end] = draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


def test_the_examples_keep_every_promise() -> None:
    assert SEEDS
    for data in SEEDS:
        check(data, len(data) // 2)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(mutated(), st.integers(0, 1 << 16))
def test_mutated_examples_keep_every_promise(data: bytes, cut: int) -> None:
    check(data, cut)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(st.binary(max_size=256), st.integers(0, 256))
def test_arbitrary_bytes_keep_every_promise(data: bytes, cut: int) -> None:
    check(data, cut)
