"""Streams: the incremental decoder (SSE and JSON array) and the aggregation of chunks.

The real streams in the shared corpus (`../shared/corpus/stream`) are used where present; every
other fixture is a small payload written here.
"""

from __future__ import annotations

import asyncio
import base64
import bisect
import importlib.util
import itertools
import json
from collections.abc import AsyncIterator, Generator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini_wire import WireError, encode, gemini, unknown_fields, vertex
from gemini_wire.stream import StreamDecoder, aggregate, aiter_responses, iter_responses
from gemini_wire.stream.sse import SseFramer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "stream"
CORPUS_FILES = sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason=f"the shared corpus is absent ({CORPUS})")


def chunk(*parts: dict[str, Any], finish: str | None = None, **top: Any) -> bytes:
    """The JSON of one response chunk with one candidate holding these parts."""
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": list(parts)}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    return msgspec.json.encode({"candidates": [candidate], **top})


HELLO = chunk({"text": "Hello"})
WORLD = chunk({"text": " world"}, finish="STOP")
ERROR = b'{"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}}'


def sse(*payloads: bytes, end: bytes = b"\r\n") -> bytes:
    return b"".join(b"data: " + p + end + end for p in payloads)


def decode(body: bytes, pieces: list[int] | None = None, dialect: str = "gemini") -> list[Any]:
    """Everything the decoder gives for `body` fed whole, or cut at the given offsets."""
    decoder: StreamDecoder[Any, Any] = StreamDecoder(dialect)
    cuts = [0, *(pieces or []), len(body)]
    out: list[Any] = []
    for start, end in itertools.pairwise(cuts):
        out += decoder.feed(body[start:end])
    return out + decoder.close()


def all_parts(items: list[Any]) -> list[Any]:
    """The parts of every candidate of every response, in order."""
    return [
        p
        for r in items
        for c in r.candidates or []
        for p in ([] if c.content is msgspec.UNSET or c.content.parts is msgspec.UNSET else c.content.parts)
    ]


def texts(items: list[Any]) -> list[str]:
    return [p.text for p in all_parts(items) if p.text is not msgspec.UNSET]


def findings(body: bytes, dialect: str = "gemini") -> list[Any]:
    with pytest.raises(WireError) as raised:
        decode(body, dialect=dialect)
    return raised.value.findings


# --------------------------------------------------------------------------- SSE


def test_each_sse_event_becomes_a_response() -> None:
    items = decode(sse(HELLO, WORLD))
    assert [type(i) for i in items] == [gemini.GenerateContentResponse] * 2
    assert texts(items) == ["Hello", " world"]


def test_data_without_a_space_after_the_colon_is_read() -> None:
    assert texts(decode(b"data:" + HELLO + b"\n\n")) == ["Hello"]


def test_only_one_space_after_the_colon_is_removed() -> None:
    assert texts(decode(b"data:  " + HELLO + b"\n\n")) == ["Hello"]  # JSON allows the second


def test_multi_line_data_is_joined_with_newlines() -> None:
    body = b'data: {"candidates":\ndata:  [{"content": {"parts": [{"text": "Hi"}]}}]\ndata: }\n\n'
    assert texts(decode(body)) == ["Hi"]


def test_comments_are_ignored() -> None:
    body = b": keep-alive\n\n:\n" + b"data: " + HELLO + b"\n: between lines\n\n"
    assert texts(decode(body)) == ["Hello"]


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_end_is_read(end: bytes) -> None:
    assert texts(decode(sse(HELLO, WORLD, end=end))) == ["Hello", " world"]


def test_cr_only_line_ends_are_read() -> None:
    body = b"data: " + HELLO + b"\r\rdata:" + WORLD + b"\r\r"
    assert texts(decode(body)) == ["Hello", " world"]


def test_crlf_split_between_two_chunks_is_one_line_end() -> None:
    body = b'data: {"candidates":\r\ndata: [{"content": {"parts": [{"text": "Hi"}]}}]}\r\n\r\n'
    cut = body.index(b"\r") + 1  # a CR ends one chunk, its LF starts the next
    assert texts(decode(body, [cut])) == ["Hi"]


def test_a_leading_byte_order_mark_is_skipped() -> None:
    body = b"\xef\xbb\xbf" + sse(HELLO)
    assert texts(decode(body, [1, 2])) == ["Hello"]


def test_id_and_retry_are_recorded_and_other_fields_ignored() -> None:
    decoder = StreamDecoder("gemini")
    body = b"event: message\nid: 42\nretry: 3000\nx-custom: 1\ndata: " + HELLO + b"\n\n"
    assert texts(decoder.feed(body)) == ["Hello"]
    assert (decoder.last_event_id, decoder.retry) == ("42", 3000)


def test_an_event_without_data_is_skipped() -> None:
    assert texts(decode(b"data:\n\nid: 1\n\n" + sse(HELLO))) == ["Hello"]


def test_a_chunk_split_inside_a_utf8_sequence_is_joined() -> None:
    body = sse(chunk({"text": "日本語"}))
    cut = body.index("本".encode()) + 1
    assert texts(decode(body, [cut])) == ["日本語"]


def test_an_error_frame_mid_stream_is_a_typed_error() -> None:
    items = decode(sse(HELLO, ERROR))
    assert isinstance(items[1], gemini.ErrorBody)
    assert (items[1].error.code, items[1].error.status) == (429, gemini.Code.RESOURCE_EXHAUSTED)


def test_a_bare_error_object_mid_stream_is_a_typed_error() -> None:
    # A legacy Vertex front end wrote its error object without `data:`, pretty-printed.
    error = json.dumps(json.loads(ERROR), indent=2).encode()
    items = decode(sse(HELLO) + error + b"\n", dialect="vertex")
    assert [type(i) for i in items] == [vertex.GenerateContentResponse, vertex.ErrorBody]


def test_an_error_body_instead_of_a_stream_is_a_typed_error() -> None:
    (item,) = decode(ERROR)
    assert isinstance(item, gemini.ErrorBody) and item.error.message == "Resource exhausted"


def test_a_truncated_last_event_is_reported() -> None:
    body = sse(HELLO) + b"data: " + WORLD[:25]
    (finding,) = findings(body)
    assert (finding.code, finding.path, finding.line, finding.column) == ("GW120", "event[1]", 3, 7)


def test_a_complete_last_event_without_its_blank_line_is_kept() -> None:
    assert texts(decode(sse(HELLO) + b"data: " + WORLD)) == ["Hello", " world"]


def test_an_empty_stream_is_reported_as_truncated() -> None:
    assert [f.code for f in findings(b"")] == ["GW120"]
    assert [f.code for f in findings(b": only a comment\n\n")] == ["GW120"]


def test_an_event_that_is_not_json_is_reported_where_it_is() -> None:
    (finding,) = findings(sse(HELLO, end=b"\n") + b"data: [DONE]\n\n")
    assert (finding.code, finding.path, finding.line, finding.column) == ("GW121", "event[1]", 3, 8)


def test_an_event_that_is_not_a_response_is_reported_with_its_inner_path() -> None:
    (finding,) = findings(sse(HELLO, b'{"candidates": [{"index": "first"}]}', end=b"\n"))
    assert (finding.code, finding.path, finding.line) == ("GW121", "event[1].candidates[0].index", 3)
    assert "GW101" in finding.message


def test_responses_before_a_bad_event_are_returned_and_the_error_follows() -> None:
    decoder = StreamDecoder("gemini")
    assert texts(decoder.feed(sse(HELLO) + b"data: nope\n\n")) == ["Hello"]
    with pytest.raises(WireError):
        decoder.close()


# --------------------------------------------------------------------------- JSON array


def array(*payloads: bytes) -> bytes:
    """The array as the API sends it without alt=sse: pretty-printed, `\\n,\\r\\n` between."""
    pretty = [json.dumps(json.loads(p), indent=2).encode() for p in payloads]
    return b"[" + b"\n,\r\n".join(pretty) + b"\n]"


def test_array_elements_come_out_as_they_complete() -> None:
    body = array(HELLO, WORLD)
    decoder = StreamDecoder("gemini")
    middle = body.index(b"\n,") + 10
    assert texts(decoder.feed(body[:middle])) == ["Hello"]
    assert texts(decoder.feed(body[middle:]) + decoder.close()) == [" world"]


def test_a_compact_array_is_read() -> None:
    assert texts(decode(b"[" + HELLO + b"," + WORLD + b"]")) == ["Hello", " world"]


def test_strings_with_quotes_braces_and_backslashes_do_not_end_an_element() -> None:
    tricky = chunk({"text": 'a "}]" \\ \\" {[ \\\\'})
    body = b"[" + tricky + b"," + HELLO + b"]"
    assert decode(body, list(range(1, len(body)))) == decode(body)  # one byte per feed
    assert texts(decode(body))[0] == 'a "}]" \\ \\" {[ \\\\'


def test_an_error_element_is_a_typed_error() -> None:
    items = decode(array(HELLO, ERROR))
    assert isinstance(items[1], gemini.ErrorBody)


def test_an_array_without_its_closing_bracket_is_truncated() -> None:
    (finding,) = findings(array(HELLO, WORLD)[:-1])
    assert (finding.code, finding.path) == ("GW120", "[2]")


def test_an_array_cut_inside_an_element_is_truncated_at_that_element() -> None:
    body = array(HELLO, WORLD)
    second = body.index(b"{", body.index(b"\n,"))
    (finding,) = findings(body[: body.rindex(b"world")])
    assert (finding.code, finding.path) == ("GW120", "[1]")
    assert (finding.line, finding.column) == (body[:second].count(b"\n") + 1, 1)


def test_elements_without_a_comma_between_them_are_reported() -> None:
    (finding,) = findings(b"[" + HELLO + HELLO + b"]")
    assert (finding.code, finding.path, finding.line, finding.column) == ("GW121", "[1]", 1, len(HELLO) + 2)


def test_an_invalid_element_is_reported_with_its_index_and_line() -> None:
    (finding,) = findings(b"[" + HELLO + b',\n{"candidates": 5}]')
    assert (finding.code, finding.path, finding.line, finding.column) == ("GW121", "[1].candidates", 2, 1)


# --------------------------------------------------------------------------- any split


FRAMINGS = {
    "sse-crlf": lambda ps: sse(*ps),
    "sse-lf-nospace": lambda ps: b"".join(b"data:" + p + b"\n\n" for p in ps),
    "sse-cr-comments": lambda ps: b"".join(b": c\rdata: " + p + b"\r\r" for p in ps),
    "array": lambda ps: array(*ps),
}


@st.composite
def streams(draw: st.DrawFn) -> tuple[bytes, list[int]]:
    pieces = draw(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4))
    payloads = [chunk({"text": t, "thought": draw(st.booleans())}) for t in pieces]
    if draw(st.booleans()):
        payloads.append(ERROR)
    body = FRAMINGS[draw(st.sampled_from(sorted(FRAMINGS)))](payloads)
    if draw(st.booleans()):
        body = b"\xef\xbb\xbf" + body
    cuts = draw(st.lists(st.integers(0, len(body)), max_size=12))
    return body, sorted(cuts)


@given(streams())
def test_any_split_of_a_stream_gives_the_same_responses(case: tuple[bytes, list[int]]) -> None:
    body, cuts = case
    assert [encode(i) for i in decode(body, cuts)] == [encode(i) for i in decode(body)]


# --------------------------------------------------------------------------- runs of events


def reading(monkeypatch: pytest.MonkeyPatch) -> tuple[StreamDecoder[Any, Any], list[bytes], list[list[bytes]]]:
    """A decoder that records each payload it reads alone and each event it reads line by line."""
    decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
    alone: list[bytes] = []
    whatwg: list[list[bytes]] = []
    decode, lines = decoder._decode, SseFramer._lines

    def decode_alone(payload: bytes, failed: WireError | None = None) -> Any:
        alone.append(bytes(payload))
        return decode(payload, failed)

    def read_lines(self: SseFramer, event: list[bytes], first: int) -> Generator[Any, None, int]:
        if event:  # close() reads what follows the last blank line, often nothing
            whatwg.append(list(event))
        return (yield from lines(self, event, first))

    decoder._decode = decode_alone  # type: ignore[method-assign]
    monkeypatch.setattr(SseFramer, "_lines", read_lines)
    return decoder, alone, whatwg


def feed_in_reads(decoder: StreamDecoder[Any, Any], body: bytes, size: int) -> list[Any]:
    out: list[Any] = []
    for i in range(0, len(body), size):
        out += decoder.feed(body[i : i + size])
    return out + decoder.close()


MANY = [chunk({"text": f"piece {i} \"quoted\" \\ 数字"}, finish="STOP" if i == 39 else None) for i in range(40)]


@pytest.mark.parametrize("prefix", [b"data: ", b"data:"], ids=["space", "no-space"])
@pytest.mark.parametrize("end", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("size", [10_000, 1000, 97])
def test_the_servers_events_are_decoded_in_runs_without_reading_any_alone(prefix: bytes, end: bytes, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    body = b"".join(prefix + p + end + end for p in MANY)
    decoder, alone, whatwg = reading(monkeypatch)
    items = feed_in_reads(decoder, body, size)
    assert [encode(i) for i in items] == [encode(gemini.decode_response(p)) for p in MANY]
    assert alone == []
    if size > len(body):  # one read: none is cut inside a line end
        assert whatwg == []


def test_a_bad_event_in_a_run_comes_after_the_ones_before_it_and_is_placed(monkeypatch: pytest.MonkeyPatch) -> None:
    body = sse(HELLO, WORLD, b'{"candidates": 5}', HELLO, end=b"\n")
    decoder, alone, _ = reading(monkeypatch)
    assert texts(decoder.feed(body)) == ["Hello", " world"]
    with pytest.raises(WireError) as raised:
        decoder.close()
    (finding,) = raised.value.findings
    assert (finding.code, finding.path, finding.line, finding.column) == ("GW121", "event[2].candidates", 5, 7)
    assert alone == [b'{"candidates": 5}']


def test_a_run_reports_the_findings_that_reading_each_event_alone_reports() -> None:
    both = chunk({"text": "a", "inlineData": {"mimeType": "image/png", "data": ""}})
    body = sse(HELLO, WORLD, both, HELLO, end=b"\r\n")
    one_by_one = list(itertools.accumulate(len(b"data: " + p + b"\r\n\r\n") for p in (HELLO, WORLD, both)))
    (finding,) = findings(body)
    assert (finding.path, finding.line, finding.column) == ("event[2].candidates[0].content.parts[0].inlineData", 5, 7)
    with pytest.raises(WireError) as raised:
        decode(body, one_by_one)  # each event in a read of its own
    assert raised.value.findings == [finding]
    (whatwg,) = findings(body.replace(b"data: ", b": c\r\ndata: "))
    assert whatwg == msgspec.structs.replace(finding, line=8)


class Counting:
    """A dialect that counts the payloads its decode_response and decode_error are given."""

    def __init__(self, dialect: Any) -> None:
        self.dialect = dialect
        self.responses: list[bytes] = []
        self.errors: list[bytes] = []

    def decode_response(self, data: bytes) -> Any:
        self.responses.append(bytes(data).removeprefix(b" "))
        return self.dialect.decode_response(data)

    def decode_error(self, data: bytes) -> Any:
        self.errors.append(bytes(data))
        return self.dialect.decode_error(data)


BAD = b'{"candidates": [{"index": "x"}]}'  # refused by the typed parse and by the long way


@pytest.mark.parametrize(
    "body",
    [sse(HELLO, BAD, WORLD), sse(HELLO, BAD, WORLD).replace(b"data: ", b"data:"), sse(HELLO, b"[DONE]").replace(b"data: ", b"data:")],
    ids=["space", "no-space", "syntax-no-space"],
)
def test_a_failing_event_of_a_run_is_decoded_once(body: bytes) -> None:
    counting = Counting(gemini)
    decoder: StreamDecoder[Any, Any] = StreamDecoder(counting)  # type: ignore[arg-type]
    with pytest.raises(WireError) as raised:
        decoder.feed(body)
        decoder.close()
    assert len(counting.responses) == len(set(counting.responses)) == 2  # the one before it, and it
    assert raised.value.findings == findings(body)


def test_an_error_body_in_a_run_is_decoded_as_a_response_once() -> None:
    counting = Counting(gemini)
    items = StreamDecoder(counting).feed(sse(HELLO, ERROR, WORLD))  # type: ignore[arg-type]
    assert [type(i) for i in items] == [gemini.GenerateContentResponse, gemini.ErrorBody, gemini.GenerateContentResponse]
    assert (counting.responses, counting.errors) == ([HELLO, ERROR, WORLD], [ERROR])


def test_a_failing_element_of_an_array_is_decoded_once() -> None:
    body = b"[" + b"\n,\r\n".join([HELLO, BAD, WORLD]) + b"\n]"
    counting = Counting(gemini)
    decoder: StreamDecoder[Any, Any] = StreamDecoder(counting)  # type: ignore[arg-type]
    with pytest.raises(WireError) as raised:
        decoder.feed(body)
        decoder.close()
    assert counting.responses == [HELLO, BAD]
    (finding,) = raised.value.findings
    assert (finding.code, finding.path, finding.line, finding.column) == ("GW121", "[1].candidates[0].index", 3, 1)


SYNTAX_ERRORS = {
    "not-json": b"[DONE]",
    "nested": b"[" * 200,
    "lone-surrogate": b'{"modelVersion": "\\ud83d"}',
    "number-out-of-range": b'{"candidates": [{"index": 1e999}]}',
    "invalid-utf8": b'{"modelVersion": "\xff"}',
    "bom": b"\xef\xbb\xbf{}",
}


@pytest.mark.parametrize("payload", SYNTAX_ERRORS.values(), ids=SYNTAX_ERRORS.keys())
def test_a_syntax_error_after_the_space_is_decoded_once_and_names_the_payloads_own_place(payload: bytes) -> None:
    # Decoded with the space in front, `[DONE]` fails at byte 2; the payload alone fails at byte 1.
    counting = Counting(gemini)
    decoder: StreamDecoder[Any, Any] = StreamDecoder(counting)  # type: ignore[arg-type]
    body = sse(HELLO, payload)
    with pytest.raises(WireError) as raised:
        decoder.feed(body)
        decoder.close()
    # A payload that starts with a BOM has a finding of its own, which the space hid: read alone.
    once = [HELLO, payload, payload] if payload.startswith(b"\xef\xbb\xbf") else [HELLO, payload]
    assert counting.responses == once
    # The same event read alone (a comment line before its data line takes it off the run).
    alone = findings(body.replace(b"data: " + payload, b": c\r\ndata: " + payload))
    assert raised.value.findings == [msgspec.structs.replace(f, line=f.line - 1) for f in alone]
    assert raised.value.findings[0].line == 3


@pytest.mark.parametrize("last", [WORLD, WORLD[:20]], ids=["whole", "cut"])
def test_an_event_the_stream_ends_in_is_parsed_once(last: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whether its JSON is whole is told by decoding it, not by parsing it first.
    parsed: list[bytes] = []
    untyped = msgspec.json.decode

    def counted(data: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(bytes(data))
        return untyped(data, *args, **kwargs)

    monkeypatch.setattr(msgspec.json, "decode", counted)
    counting = Counting(gemini)
    decoder: StreamDecoder[Any, Any] = StreamDecoder(counting)  # type: ignore[arg-type]
    got = decoder.feed(sse(HELLO) + b"data: " + last)
    try:
        got += decoder.close()
    except WireError as e:
        assert [f.code for f in e.findings] == ["GW120"] and last != WORLD
    else:
        assert len(got) == 2 and last == WORLD
    assert (counting.responses, parsed) == ([HELLO, last], [])


def test_an_unknown_key_in_a_run_is_kept() -> None:
    odd = msgspec.json.encode({"candidates": [{"content": {"parts": [{"text": "b"}]}, "newKey": 1}], "newTop": 2})
    items = decode(sse(HELLO, odd, WORLD))
    assert texts(items) == ["Hello", "b", " world"]
    assert unknown_fields(items[1]) == {("newTop",): 2, ("candidates", 0, "newKey"): 1}


def test_an_error_body_in_a_run_is_read_alone_and_typed_in_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    decoder, alone, _ = reading(monkeypatch)
    items = decoder.feed(sse(HELLO, ERROR, WORLD))
    assert [type(i) for i in items] == [gemini.GenerateContentResponse, gemini.ErrorBody, gemini.GenerateContentResponse]
    assert alone == [ERROR]


def test_the_word_error_as_a_value_in_a_run_is_still_a_response() -> None:
    said = chunk({"text": "error"})
    nested = msgspec.json.encode({"candidates": [], "newTop": {"error": 1}})
    items = decode(sse(HELLO, said, nested, WORLD))
    assert len(items) == 4 and all(isinstance(i, gemini.GenerateContentResponse) for i in items)
    assert texts(items) == ["Hello", "error", " world"]


def test_an_empty_event_in_a_run_is_skipped_and_the_next_keeps_its_place() -> None:
    (finding,) = findings(sse(HELLO, b"", b" ", b"[DONE]", end=b"\n"))
    assert (finding.code, finding.path, finding.line, finding.column) == ("GW121", "event[1]", 7, 8)


def test_data_without_a_space_is_placed_one_column_left() -> None:
    (finding,) = findings(b"data:" + HELLO + b"\n\ndata:[DONE]\n\n")
    assert (finding.path, finding.line, finding.column) == ("event[1]", 3, 7)


@pytest.mark.parametrize("line_end", [b"\n", b"\r"], ids=["LF", "CR"])
def test_a_line_end_inside_a_data_line_ends_that_line(line_end: bytes) -> None:
    # JSON would read the line end as a space; SSE ends the line there, and the rest is no data.
    body = sse(HELLO, b'{"candidates":' + line_end + b"[]}", end=b"\n")
    (finding,) = findings(body)
    assert (finding.code, finding.path, finding.line) == ("GW121", "event[1]", 3)


def test_a_comment_sends_its_region_the_whatwg_way_and_the_events_after_it_decode_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    body = sse(*MANY[:10]) + b": keep-alive\r\n\r\n" + sse(*MANY[10:])
    decoder, alone, whatwg = reading(monkeypatch)
    items = feed_in_reads(decoder, body, 4096)
    assert whatwg == [[b": keep-alive"]]
    assert [encode(i) for i in items] == [encode(gemini.decode_response(p)) for p in MANY]
    assert alone == []


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_a_finding_is_placed_alike_wherever_the_reads_are_cut(end: bytes) -> None:
    body = sse(HELLO, b"", WORLD, b'{"candidates": 5}', end=end)
    whole = findings(body)
    assert [(f.line, f.column) for f in whole] == [(7, 7)]
    for cut in range(1, len(body)):
        with pytest.raises(WireError) as raised:
            decode(body, [cut])
        assert raised.value.findings == whole, cut


@pytest.mark.parametrize("end", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
def test_a_stream_of_empty_events_ends_on_the_same_line_wherever_the_reads_are_cut(end: bytes) -> None:
    body = b"data:  " + end * 3 + b": c" + end + end * 2
    assert [(f.code, f.line) for f in findings(body)] == [("GW120", 7)]
    for cut in range(1, len(body)):
        with pytest.raises(WireError) as raised:
            decode(body, [cut])
        assert [(f.code, f.line) for f in raised.value.findings] == [("GW120", 7)], cut


def test_line_ends_may_change_from_one_event_to_the_next() -> None:
    body = sse(HELLO, end=b"\n") + sse(WORLD, end=b"\r\n") + sse(HELLO, end=b"\r") + sse(WORLD, end=b"\n")
    assert texts(decode(body)) == ["Hello", " world", "Hello", " world"]
    assert texts(decode(body, list(range(0, len(body), 7)))) == ["Hello", " world", "Hello", " world"]


def test_array_elements_before_the_last_separator_are_decoded_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    body = array(*MANY)
    decoder, alone, _ = reading(monkeypatch)
    items = decoder.feed(body) + decoder.close()
    assert [encode(i) for i in items] == [encode(gemini.decode_response(p)) for p in MANY]
    assert len(alone) == 1  # the last element, after the last separator


def test_a_bad_array_element_in_a_run_is_reported_as_the_scanner_reports_it(monkeypatch: pytest.MonkeyPatch) -> None:
    body = array(HELLO, WORLD, b'{"candidates": 5}', HELLO)
    decoder, _, _ = reading(monkeypatch)
    assert texts(decoder.feed(body)) == ["Hello", " world"]
    with pytest.raises(WireError) as raised:
        decoder.close()
    assert raised.value.findings == findings_read_bytewise(body)
    assert raised.value.findings[0].path == "[2].candidates"


def findings_read_bytewise(body: bytes) -> list[Any]:
    """The findings of a stream fed one byte at a time: no run ever holds two elements."""
    with pytest.raises(WireError) as raised:
        decode(body, list(range(1, len(body))))
    return raised.value.findings


RUN_PAYLOADS = [
    HELLO,
    WORLD,
    ERROR,
    chunk({"text": "error"}),  # says "error" and is a response
    msgspec.json.encode({"candidates": [{"content": {"parts": [{"text": "x", "newKey": 1}]}}]}),
    b'{"candidates": [{"finish_reason": "STOP"}]}',  # the proto name: the long way
    chunk({"text": "a", "inlineData": {"mimeType": "image/png", "data": ""}}),  # two data members
    b'{"candidates": 5}',
    b'{"candidates": [}',
    b"[DONE]",  # these last three are not objects: an array stream says so without a run
    b"",
    b" ",
]


def outcome(body: bytes, cuts: list[int], data_lines: list[int] | None = None) -> tuple[list[Any], list[Any]]:
    """What a decoder gives (typed items) and the findings it raises, a finding's line given as the
    index of the event it falls in when data_lines lists the line of each event's data."""
    decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
    items: list[Any] = []
    try:
        for start, end in itertools.pairwise([0, *cuts, len(body)]):
            items += decoder.feed(body[start:end])
        items += decoder.close()
        raised: list[Any] = []
    except WireError as e:
        raised = e.findings
    placed = [
        (f.code, f.path, f.message, f.column, f.line if data_lines is None else bisect.bisect(data_lines, f.line))
        for f in raised
    ]
    return [(type(i).__name__, encode(i)) for i in items], placed


@given(st.data())
def test_runs_give_what_reading_every_event_the_whatwg_way_gives(data: st.DataObject) -> None:
    payloads = data.draw(st.lists(st.sampled_from(RUN_PAYLOADS), min_size=1, max_size=8), label="payloads")
    fast, fast_lines, slow, slow_lines = b"", [], b"", []
    for payload in payloads:
        comment = data.draw(st.booleans())
        end = data.draw(st.sampled_from([b"\n", b"\r\n"]))
        fast += (b": c" + end if comment else b"") + b"data: " + payload + end + end
        fast_lines.append(fast.count(b"\n") - 1)
        slow += b": c\ndata: " + payload + b"\n\n"
        slow_lines.append(slow.count(b"\n") - 1)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(fast)), max_size=8), label="cuts"))
    assert outcome(fast, cuts, fast_lines) == outcome(slow, [], slow_lines)


@given(st.data())
def test_array_runs_give_what_the_scanner_gives(data: st.DataObject) -> None:
    payloads = data.draw(st.lists(st.sampled_from(RUN_PAYLOADS[:-3]), min_size=1, max_size=8), label="payloads")
    body = b"[" + b"\n,\r\n".join(payloads) + b"\n]"
    cuts = sorted(data.draw(st.lists(st.integers(0, len(body)), max_size=8), label="cuts"))
    assert outcome(body, cuts) == outcome(body, list(range(1, len(body))))


# --------------------------------------------------------------------------- the corpus


def corpus_body(path: Path) -> bytes:
    """The bytes the server sent; `.chunks.jsonl` recordings lost their `data: ` framing."""
    raw = path.read_bytes()
    if path.name.endswith(".chunks.jsonl"):
        return sse(*[line for line in raw.splitlines() if line.strip()])
    return raw


def dialect_of(path: Path) -> str:
    return "vertex" if path.name.startswith("vertex") else "gemini"


def responses(items: list[Any]) -> list[Any]:
    return [i for i in items if not isinstance(i, (gemini.ErrorBody, vertex.ErrorBody))]


def signatures(items: list[Any]) -> list[bytes]:
    return [p.thought_signature for p in all_parts(items) if p.thought_signature is not msgspec.UNSET]


def calls(items: list[Any]) -> list[Any]:
    return [p.function_call for p in all_parts(items) if p.function_call is not msgspec.UNSET]


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_every_corpus_stream_decodes_and_aggregates(path: Path) -> None:
    body = corpus_body(path)
    items = decode(body, dialect=dialect_of(path))
    assert [encode(i) for i in decode(body, list(range(1, len(body), 97)), dialect_of(path))] == [
        encode(i) for i in items
    ]
    chunks = responses(items)
    final = aggregate(chunks)
    assert "".join(texts(chunks)) == "".join(texts([final]))
    assert signatures([final]) == signatures(chunks)
    whole = [c for c in calls(chunks) if c.name is not msgspec.UNSET]
    assert [c.name for c in calls([final])] == [c.name for c in whole]
    assert all(getattr(c, "partial_args", msgspec.UNSET) is msgspec.UNSET for c in calls([final]))


@needs_corpus
@given(st.data())
def test_any_split_of_a_corpus_stream_gives_the_same_responses(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(CORPUS_FILES), label="file")
    body = corpus_body(path)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(body)), max_size=40), label="cuts"))
    whole = decode(body, dialect=dialect_of(path))
    assert [encode(i) for i in decode(body, cuts, dialect_of(path))] == [encode(i) for i in whole]


@needs_corpus
def test_a_corpus_error_mid_stream_comes_after_the_responses() -> None:
    items = decode(corpus_body(CORPUS / "vertex-legacy-error-mid-stream.sse"), dialect="vertex")
    assert isinstance(items[-1], vertex.ErrorBody) and items[-1].error.code == 499
    assert all(isinstance(i, vertex.GenerateContentResponse) for i in items[:-1])


@needs_corpus
def test_vertex_partial_args_in_the_corpus_assemble_into_nested_args() -> None:
    path = CORPUS / "vertex-gemini3.1-pro-streaming-function-call-partialargs-nested.chunks.jsonl"
    (call,) = calls([aggregate(decode(corpus_body(path), dialect="vertex"))])
    recipe = call.args["recipe"]
    assert call.name == "cookRecipe" and call.will_continue is msgspec.UNSET
    assert recipe["name"] == "Lasagna"
    assert recipe["ingredients"][0] == {"amount": "16 oz", "name": "Lasagna noodles"}
    assert len(recipe["ingredients"]) == len(recipe["steps"]) == 10
    assert recipe["steps"][4] == "In a 9x13 baking dish, spread a thin layer of meat sauce."


# --------------------------------------------------------------------------- aggregate


def fold(*payloads: bytes, dialect: Any = gemini) -> Any:
    return aggregate([dialect.decode_response(p) for p in payloads])


def parts(response: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = msgspec.json.decode(encode(response))["candidates"][0]["content"]["parts"]
    return out


SIG_A = base64.b64encode(b"signature-a").decode()
SIG_B = base64.b64encode(b"signature-b").decode()


def test_adjacent_text_parts_of_one_kind_are_joined() -> None:
    assert parts(fold(HELLO, WORLD)) == [{"text": "Hello world"}]


def test_thought_text_and_answer_text_are_not_joined() -> None:
    thinking = chunk({"text": "Let me ", "thought": True})
    more = chunk({"text": "think.", "thought": True})
    assert parts(fold(thinking, more, HELLO)) == [{"text": "Let me think.", "thought": True}, {"text": "Hello"}]


def test_a_signed_part_is_never_merged_and_keeps_its_signature() -> None:
    signed = chunk({"text": " there", "thoughtSignature": SIG_A})
    last = chunk({"text": "", "thoughtSignature": SIG_B}, finish="STOP")
    assert parts(fold(HELLO, signed, WORLD, last)) == [
        {"text": "Hello"},
        {"text": " there", "thoughtSignature": SIG_A},
        {"text": " world"},
        {"text": "", "thoughtSignature": SIG_B},
    ]


def test_an_empty_unsigned_text_part_adds_nothing() -> None:
    call = chunk({"functionCall": {"name": "f", "args": {}}, "thoughtSignature": SIG_A})
    assert parts(fold(call, chunk({"text": ""}, finish="STOP"))) == [
        {"functionCall": {"name": "f", "args": {}}, "thoughtSignature": SIG_A}
    ]


def test_function_calls_stay_whole_and_in_order() -> None:
    first = chunk({"functionCall": {"id": "1", "name": "a", "args": {"x": 1}}, "thoughtSignature": SIG_A})
    second = chunk({"functionCall": {"id": "2", "name": "b", "args": {"y": [2]}}})
    assert parts(fold(HELLO, first, second)) == [
        {"text": "Hello"},
        {"functionCall": {"id": "1", "name": "a", "args": {"x": 1}}, "thoughtSignature": SIG_A},
        {"functionCall": {"id": "2", "name": "b", "args": {"y": [2]}}},
    ]


def streamed_call(*pieces: dict[str, Any], end: bool = True) -> list[bytes]:
    """A Vertex call streamed with streamFunctionCallArguments: name first, pieces, then the end."""
    out = [chunk({"functionCall": {"name": "book", "willContinue": True}, "thoughtSignature": SIG_A})]
    out += [chunk({"functionCall": {"partialArgs": [p], "willContinue": True}}) for p in pieces]
    return out + ([chunk({"functionCall": {}}, finish="STOP")] if end else [])


def test_streamed_strings_at_one_path_are_joined_while_will_continue() -> None:
    pieces = [
        {"jsonPath": "$.city", "stringValue": "San ", "willContinue": True},
        {"jsonPath": "$.city", "stringValue": "Francisco", "willContinue": True},
        {"jsonPath": "$.city", "stringValue": ""},
        {"jsonPath": "$.city", "stringValue": "Paris"},  # a new value: the previous one had ended
    ]
    (part,) = parts(fold(*streamed_call(*pieces), dialect=vertex))
    assert part == {"functionCall": {"name": "book", "args": {"city": "Paris"}}, "thoughtSignature": SIG_A}


def test_streamed_numbers_booleans_and_nulls_set_their_paths() -> None:
    pieces = [
        {"jsonPath": "$.trip.legs[1].seats", "numberValue": 2},
        {"jsonPath": "$.trip.legs[0]['from']", "stringValue": "SFO"},
        {"jsonPath": "$.trip.price", "numberValue": 99.5},
        {"jsonPath": "$.trip.refundable", "boolValue": False},
        {"jsonPath": "$.trip.note", "nullValue": "NULL_VALUE"},
    ]
    (part,) = parts(fold(*streamed_call(*pieces), dialect=vertex))
    assert part["functionCall"]["args"] == {
        "trip": {"legs": [{"from": "SFO"}, {"seats": 2}], "price": 99.5, "refundable": False, "note": None}
    }


def test_a_streamed_call_the_stream_never_ended_keeps_will_continue() -> None:
    chunks = streamed_call({"jsonPath": "$.city", "stringValue": "Par", "willContinue": True}, end=False)
    (part,) = parts(fold(*chunks, dialect=vertex))
    assert part["functionCall"] == {"name": "book", "args": {"city": "Par"}, "willContinue": True}


def test_a_partial_arg_path_that_cannot_be_assembled_is_reported() -> None:
    chunks = streamed_call({"jsonPath": "city", "stringValue": "Paris"})
    with pytest.raises(WireError) as raised:
        fold(*chunks, dialect=vertex)
    (finding,) = raised.value.findings
    assert finding.code == "GW122"
    assert finding.path == "[1].candidates[0].content.parts[0].functionCall.partialArgs[0].jsonPath"


def test_finish_reason_safety_ratings_and_usage_come_from_the_last_chunk_that_has_them() -> None:
    rating = {"category": "HARM_CATEGORY_HARASSMENT", "probability": "LOW"}
    first = msgspec.json.encode(
        {
            "candidates": [{"content": {"parts": [{"text": "a"}]}, "safetyRatings": [rating], "finishMessage": "x"}],
            "usageMetadata": {"promptTokenCount": 3, "totalTokenCount": 4},
        }
    )
    last = msgspec.json.encode(
        {
            "candidates": [{"content": {"parts": [{"text": "b"}]}, "finishReason": "MAX_TOKENS"}],
            "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 2, "totalTokenCount": 5},
        }
    )
    final = fold(first, last)
    candidate = final.candidates[0]
    assert candidate.finish_reason == gemini.FinishReason.MAX_TOKENS and candidate.finish_message == "x"
    assert [r.probability for r in candidate.safety_ratings] == [gemini.HarmProbability.LOW]
    assert final.usage_metadata.total_token_count == 5


def test_citations_from_every_chunk_are_merged_once() -> None:
    source = {"startIndex": 0, "endIndex": 5, "uri": "https://a.example"}
    other = {"startIndex": 6, "endIndex": 9, "uri": "https://b.example"}
    first = msgspec.json.encode({"candidates": [{"citationMetadata": {"citationSources": [source]}}]})
    last = msgspec.json.encode({"candidates": [{"citationMetadata": {"citationSources": [source, other]}}]})
    sources = fold(first, last).candidates[0].citation_metadata.citation_sources
    assert [s.uri for s in sources] == ["https://a.example", "https://b.example"]


def test_grounding_supports_point_at_the_merged_chunks() -> None:
    def grounding(uri: str, text: str) -> bytes:
        metadata = {
            "groundingChunks": [{"web": {"uri": uri}}],
            "groundingSupports": [{"segment": {"text": text}, "groundingChunkIndices": [0]}],
            "webSearchQueries": ["weather"],
        }
        return msgspec.json.encode({"candidates": [{"groundingMetadata": metadata}]})

    metadata = fold(grounding("https://a.example", "one"), grounding("https://b.example", "two")).candidates[0]
    metadata = metadata.grounding_metadata
    assert [c.web.uri for c in metadata.grounding_chunks] == ["https://a.example", "https://b.example"]
    assert [s.grounding_chunk_indices for s in metadata.grounding_supports] == [[0], [1]]
    assert metadata.web_search_queries == ["weather"]


def test_ids_versions_create_time_and_prompt_feedback_are_kept() -> None:
    top = {"modelVersion": "gemini-2.5-flash", "responseId": "r1", "createTime": "2025-05-05T21:30:47Z"}
    first = chunk({"text": "a"}, promptFeedback={"blockReasonMessage": "ok"}, **top)
    final = fold(first, chunk({"text": "b"}), dialect=vertex)
    assert (final.model_version, final.response_id, final.create_time) == tuple(top.values())
    assert final.prompt_feedback.block_reason_message == "ok"


def test_unknown_fields_are_kept_at_every_level() -> None:
    body = {
        "candidates": [{"content": {"parts": [{"text": "a", "newPartKey": 1}]}, "newCandidateKey": 2}],
        "newTopKey": 3,
    }
    final = fold(msgspec.json.encode(body), chunk({"text": "b"}))
    assert unknown_fields(final) == {
        ("newTopKey",): 3,
        ("candidates", 0, "newCandidateKey"): 2,
        ("candidates", 0, "content", "parts", 0, "newPartKey"): 1,
    }
    assert msgspec.json.decode(encode(final))["candidates"][0]["content"]["parts"] == [
        {"text": "a", "newPartKey": 1},
        {"text": "b"},
    ]


def test_candidates_are_folded_by_their_index() -> None:
    def two(a: str, b: str) -> bytes:
        return msgspec.json.encode(
            {"candidates": [{"index": 1, "content": {"parts": [{"text": b}]}}, {"content": {"parts": [{"text": a}]}}]}
        )

    final = fold(two("a", "x"), two("b", "y"))
    assert [(c.index, c.content.parts[0].text) for c in final.candidates] == [(msgspec.UNSET, "ab"), (1, "xy")]


def test_aggregate_does_not_change_its_inputs() -> None:
    chunks = [gemini.decode_response(p) for p in (HELLO, WORLD)]
    before = [encode(c) for c in chunks]
    aggregate(chunks)
    assert [encode(c) for c in chunks] == before


def test_aggregate_refuses_nothing_and_error_bodies() -> None:
    with pytest.raises(ValueError):
        aggregate([])
    with pytest.raises(TypeError):
        aggregate([gemini.decode_response(HELLO), gemini.decode_error(ERROR)])


# --------------------------------------------------------------------------- helpers


def test_iter_responses_reads_an_iterator_of_byte_chunks() -> None:
    body = sse(HELLO, WORLD)
    assert texts(list(iter_responses(iter([body[:7], body[7:]]), "gemini"))) == ["Hello", " world"]


def test_aiter_responses_reads_an_async_iterator_of_byte_chunks() -> None:
    body = sse(HELLO, WORLD)

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(body), 10):
            yield body[i : i + 10]

    async def collect() -> list[Any]:
        return [item async for item in aiter_responses(chunks(), "vertex")]

    items = asyncio.run(collect())
    assert [type(i) for i in items] == [vertex.GenerateContentResponse] * 2


def test_a_dialect_is_named_or_given() -> None:
    assert texts(StreamDecoder(vertex.DIALECT).feed(sse(HELLO))) == ["Hello"]
    with pytest.raises(ValueError):
        StreamDecoder("openai")


def test_the_throughput_benchmark_runs() -> None:
    spec = importlib.util.spec_from_file_location("stream_throughput", ROOT / "benchmarks" / "stream_throughput.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = module.measure(n=20, repeat=1, read=100)
    assert set(results) >= {"one by one (decode_response)", "SSE decoder (StreamDecoder)"}
    assert all(mbps > 0 for mbps in results.values())
