"""Fuzzing the reading of recordings with a fixed budget: the promises of
tests/recording_promises.py hold for the cassettes of tests/cassettes/ (vcrpy, Ruby VCR, go-vcr
v1 and v2, HAR, nock, httprr) with YAML, JSON and HTTP edge cases put in, and bytes cut, repeated
or replaced.

The budget is fixed and the run derandomized, so CI runs the same inputs every time; the longer,
coverage-guided run is fuzz/entry_points.py --recordings (README, "Fuzzing").
"""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from recording_promises import check

CASSETTES = sorted((Path(__file__).resolve().parent / "cassettes").iterdir())
SEEDS = [p.read_bytes() for p in CASSETTES]
BOMB = base64.b64encode(gzip.compress(bytes(1 << 20))).decode()
# Fragments that once broke a reader, or sit at an edge of YAML, HAR or the limits.
TOKENS = [
    b"&a ", b"*a", b"&a [*a]", b"*nowhere", b"!!binary ", b"!binary ", b"!!float ", b"!!int ", b"!!python/object ",
    b"|", b"|2", b"|-", b">", b"\n", b"\r\n", b"\r", b"\n  ", b"\n- ", b": ", b"- ", b"? ", b"#", b"---\n", b"...\n",
    b"[" * 200, b"{" * 200, b"]", b"}", b"'", b'"', b"\\", b"1:30.5", b".inf", b"0x1F", b"9" * 5_000, b"~",
    "'١٢٣'".encode(), "²".encode(), b"200 OK", b"http://[::1/x:generateContent", b"\xef\xbb\xbf", b"\x00", b"\xff",
    b"code: ", b"status: ", b"body: ", b"parsed_body: ", b"string: ", b"base64_string: ", b"headers: ",
    b"Content-Encoding: [gzip]", b"Content-Encoding: [deflate]", b"Content-Encoding: [br]", BOMB.encode(),
    b'"status": "200"', b'"encoding": "base64"', b'"text": ', b'"entries": ', b'"request": ', b'"response": ',
    b'"postData": null', b'"log": ', b'"scope": ', b'"path": ', b'"responseIsBinary": true', b'"rawHeaders": ', b"null", b"[]", b"{}", b"0", b"-1", b"1e309", b"\\ud800",
    b"httprr trace v1\n", b"0 0\n", b"12 34\n", b"\r\n\r\n", b"\n\n", b"Transfer-Encoding: chunked\r\n", b"Content-Length: 99999\r\n",
    b"Content-Encoding: gzip\r\n", b"ffffffffffffffff\r\n", b"0\r\n\r\n", b"HTTP/1.1 200 OK\r\n", b"GET / HTTP/1.1\r\n", b"Host: \r\n",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A cassette or HAR file of tests/cassettes with a few edits: a fragment put in, bytes cut,
    repeated or replaced."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["token", "token", "delete", "repeat", "byte"]))
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


def test_the_cassettes_keep_every_promise() -> None:
    assert len(SEEDS) == 8
    for data in SEEDS:
        check(data)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(mutated())
def test_mutated_recordings_keep_every_promise(data: bytes) -> None:
    check(data)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(st.binary(max_size=256))
def test_arbitrary_bytes_keep_every_promise_of_recordings(data: bytes) -> None:
    check(data)
