"""httprr traces (Go): `httprr trace v1`, then records of a size line `N1 N2`, N1 bytes of the
request and N2 bytes of the response, read as recorded traffic.

The traces are written here as Go's httprr writes them (rsc.io/httprr, golang.org/x/oscar's
internal/httprr, langchaingo's copy): the request as `Request.WriteProxy` writes it (the URL
whole in the request line, heads in CRLF), the response as `Response.Write` does (`HTTP/2.0 200
OK`, a body of Content-Length bytes, chunked when the server chunked it, gzip when the client
asked for it). tests/cassettes/httprr.httprr holds one of each kind of call.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import inprocess
import pytest
from foreign import FOREIGN
from hypothesis import given, settings
from hypothesis import strategies as st
from recording_promises import check

from gemini_wire import limits
from gemini_wire.documents.traffic import NOT_GOOGLE, UNREADABLE, check_recording
from gemini_wire.recordings import Interaction, NotARecording, Recording, read, sniff
from gemini_wire.secrets import mask

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "cassettes" / "httprr.httprr"
HOST = "generativelanguage.googleapis.com"
GENERATE = f"https://{HOST}/v1beta/models/gemini-2.5-flash:generateContent"
STREAM = f"https://{HOST}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
ASK = {"contents": [{"role": "user", "parts": [{"text": "What is the capital of France?"}]}]}
TYPO = {**ASK, "generationConfig": {"temprature": 0.2}}
ANSWER = {"candidates": [{"content": {"role": "model", "parts": [{"text": "Paris."}]}, "finishReason": "STOP", "index": 0}]}
BAD_ANSWER = {"candidates": [{"content": {"role": "model", "parts": [{"text": 5}]}, "finishReason": "STOP", "index": 0}]}
KEY = "AIza" + "Sy" + "Dq3x7Vb9Kf2Lm8Np4Rs6Tu1Wy5Zc0Ae3G"  # an API key's shape, built here
TEXT_PATH = "candidates[0].content.parts[0].text"


def spelt(body: Any) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()


def request(body: Any = ASK, url: str = GENERATE, *, method: str = "POST", headers: tuple[str, ...] = (), end: str = "\r\n") -> bytes:
    """A request as Request.WriteProxy writes it (None: no body)."""
    sent = b"" if body is None else spelt(body)
    lines = [f"{method} {url} HTTP/1.1", f"Host: {HOST}", "User-Agent: Go-http-client/1.1"]
    lines += [f"Content-Length: {len(sent)}", "Content-Type: application/json"] if body is not None else []
    return (end.join([*lines, *headers]) + end + end).encode() + sent


def response(body: Any = ANSWER, status: str = "200 OK", *, headers: tuple[str, ...] | None = None, end: str = "\r\n") -> bytes:
    """A response as Response.Write writes it: Content-Length bytes unless other headers are given."""
    got = spelt(body)
    given = (f"Content-Length: {len(got)}", "Content-Type: application/json; charset=UTF-8") if headers is None else headers
    return (end.join([f"HTTP/2.0 {status}", *given]) + end + end).encode() + got


def trace(*records: tuple[bytes, bytes]) -> bytes:
    return b"httprr trace v1\n" + b"".join(b"%d %d\n" % (len(q), len(a)) + q + a for q, a in records)


def recording(data: bytes) -> Recording:
    found = read("trace.httprr", data)
    assert isinstance(found, Recording), found
    return found


def found(data: bytes) -> list[tuple[str, str, int | None, int | None]]:
    return [(f.code, f.path, f.line, f.column) for f in check_recording("trace.httprr", data, "gemini").findings]


def place(data: bytes, needle: bytes, after: int = 0) -> tuple[int, int]:
    """The 1-based line and column where `needle` is in the file (ASCII), from byte `after` on."""
    return at(data, data.index(needle, after))


def at(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a byte offset in the file (ASCII before it)."""
    return data.count(b"\n", 0, offset) + 1, offset - data.rfind(b"\n", 0, offset)


def sse(*events: Any) -> bytes:
    return b"".join(b"data: " + spelt(e) + b"\r\n\r\n" for e in events)


def chunked(*pieces: bytes) -> bytes:
    return b"".join(b"%x\r\n" % len(p) + p + b"\r\n" for p in pieces) + b"0\r\n\r\n"


def packed(value: Any) -> bytes:
    return gzip.compress(spelt(value), mtime=0)


# --------------------------------------------------------------------------- reading a record


def test_a_record_reads_its_url_method_status_date_and_bodies() -> None:
    answer = response(headers=(f"Content-Length: {len(spelt(ANSWER))}", "Date: Mon, 07 Dec 2026 10:00:00 GMT"))
    (i,) = recording(trace((request(url=f"{GENERATE}?alt=json"), answer))).interactions
    assert (i.url, i.method, i.status, i.date) == (f"{GENERATE}?alt=json", "POST", 200, "Mon, 07 Dec 2026 10:00:00 GMT")
    assert i.request is not None and json.loads(i.request.data) == ASK and i.request.verbatim
    assert i.response is not None and json.loads(i.response.data) == ANSWER and i.response.verbatim
    assert i.where == (0,) and (i.line, i.column) == (2, 1)  # the record's size line


def test_each_record_is_an_interaction_at_its_size_line() -> None:
    data = trace((request(), response()), (request(), response()))
    _, second = recording(data).interactions
    assert (second.index, second.where) == (1, (1,))
    assert (second.line, second.column) == place(data, b"%d %d\n" % (len(request()), len(response())), after=20)


def test_a_request_line_with_a_path_alone_is_at_its_host() -> None:
    hand_written = request(url="/v1beta/models/gemini-2.5-flash:generateContent")  # Request.Write, or by hand
    (i,) = recording(trace((hand_written, response()))).interactions
    assert i.url == GENERATE and not i.problem


def test_a_request_without_a_body_has_none_and_a_204_answers_none() -> None:
    (i,) = recording(trace((request(None, method="DELETE"), response(b"", "204 No Content", headers=())))).interactions
    assert (i.method, i.request, i.status, i.response) == ("DELETE", None, 204, None)


def test_a_trace_without_records_is_an_empty_recording() -> None:
    assert recording(b"httprr trace v1\n").interactions == []


def test_the_fixture_holds_a_unary_call_a_chunked_stream_a_gzip_response_and_a_400() -> None:
    unary, stream, packed_, failed = recording(FIXTURE.read_bytes()).interactions
    assert [i.status for i in (unary, stream, packed_, failed)] == [200, 200, 200, 400]
    assert stream.url == STREAM and stream.response is not None and stream.response.data.startswith(b"data: {")
    assert packed_.response is not None and json.loads(packed_.response.data)["candidates"][0]["finishReason"] == "STOP"
    assert failed.response is not None and json.loads(failed.response.data)["error"]["code"] == 400
    # what is the file's own text is verbatim; what was chunked or compressed is not
    assert [b.verbatim for b in (unary.response, stream.response, packed_.response, failed.response) if b] == [True, False, False, True]


def test_the_trace_is_named_in_the_summary() -> None:
    result = check_recording("t.httprr", FIXTURE.read_bytes(), "gemini")
    assert (result.format, result.tally.summary()) == ("httprr trace", "4 interaction(s): 4 checked (gemini-v1beta 4), 0 skipped")


# --------------------------------------------------------------------------- placing findings


def test_a_finding_inside_a_request_body_has_its_exact_line_and_column() -> None:
    data = trace((request(), response()), (request(TYPO), response()))
    assert found(data) == [("GW102", "[1].request.generationConfig.temprature", *place(data, b'"temprature"'))]


def test_a_finding_inside_a_pretty_printed_response_has_its_exact_line() -> None:
    body = json.dumps(BAD_ANSWER, indent=2).encode() + b"\n"
    data = trace((request(), response(body)))
    assert found(data) == [("GW101", f"[0].response.{TEXT_PATH}", *place(data, b'"text": 5'))]


def test_an_sse_stream_of_content_length_bytes_has_its_findings_at_their_exact_place() -> None:
    body = sse(ANSWER, BAD_ANSWER)
    data = trace((request(url=STREAM), response(body, headers=(f"Content-Length: {len(body)}", "Content-Type: text/event-stream"))))
    assert found(data) == [("GW101", f"[0].response[1].{TEXT_PATH}", *place(data, b'"text":5'))]


def test_a_chunked_stream_is_joined_and_its_findings_are_at_the_body() -> None:
    events = sse(ANSWER, BAD_ANSWER)
    data = trace((request(url=STREAM), response(chunked(events[:30], events[30:]), headers=("Transfer-Encoding: chunked",))))
    (i,) = recording(data).interactions
    assert i.response is not None and i.response.data == events and not i.response.verbatim
    assert found(data) == [("GW101", f"[0].response[1].{TEXT_PATH}", *place(data, b"1e\r\ndata: "))]


def test_a_chunked_body_with_extensions_and_trailers_is_read() -> None:
    body = b"5;name=value\r\n{\"can\r\n" + b"%x\r\n" % (len(spelt(ANSWER)) - 5) + spelt(ANSWER)[5:] + b"\r\n0\r\nX-Checksum: 1\r\n\r\n"
    (i,) = recording(trace((request(), response(body, headers=("Transfer-Encoding: chunked",))))).interactions
    assert i.response is not None and json.loads(i.response.data) == ANSWER and not i.response.problem


def test_a_stream_cut_inside_an_event_is_found() -> None:
    cut = sse(ANSWER)[:-30]
    assert "GW120" in [code for code, *_ in found(trace((request(url=STREAM), response(cut, headers=()))))]


def test_a_response_without_a_length_runs_to_the_end_of_its_record() -> None:
    # Response.Write of a body of unknown length (an HTTP/2 stream): no Content-Length, Connection: close.
    (i,) = recording(trace((request(), response(ANSWER, headers=("Connection: close",))))).interactions
    assert i.response is not None and json.loads(i.response.data) == ANSWER


def test_a_body_is_cut_at_its_content_length_as_go_reads_it() -> None:
    body = spelt(ANSWER) + b"trailing"
    (i,) = recording(trace((request(), response(body, headers=(f"Content-Length: {len(spelt(ANSWER))}",))))).interactions
    assert i.response is not None and i.response.data == spelt(ANSWER)


@pytest.mark.parametrize(
    ("length", "why"),
    [("99999", "says 99,999 bytes, and its record holds"), ("12x", "is not a number of bytes"), ("-1", "is not a number of bytes")],
)
def test_a_content_length_that_the_body_does_not_meet_is_a_finding_on_the_body(length: str, why: str) -> None:
    data = trace((request(), response(ANSWER, headers=(f"Content-Length: {length}",))), (request(TYPO), response()))
    (broken, _) = recording(data).interactions
    assert broken.response is not None and why in broken.response.problem
    assert found(data) == [
        ("GW100", "[0].response", *place(data, b'{"candidates"')),
        ("GW102", "[1].request.generationConfig.temprature", *place(data, b'"temprature"')),
    ]


# --------------------------------------------------------------------------- line ends


def test_heads_in_bare_lf_read_as_heads_in_crlf() -> None:
    crlf = trace((request(TYPO), response(BAD_ANSWER)))
    lf = trace((request(TYPO, end="\n"), response(BAD_ANSWER, end="\n")))
    assert [(c, p) for c, p, *_ in found(lf)] == [(c, p) for c, p, *_ in found(crlf)] == [
        ("GW102", "[0].request.generationConfig.temprature"), ("GW101", f"[0].response.{TEXT_PATH}"),
    ]
    assert found(lf)[0][2:] == place(lf, b'"temprature"')


def test_a_user_agent_line_without_its_cr_is_read_as_langchaingo_writes_it() -> None:
    # langchaingo's scrubber rewrites `User-Agent: .*$`, and Go's `.` takes the CR: the line ends in LF alone.
    asked = request().replace(b"User-Agent: Go-http-client/1.1\r\n", b"User-Agent: langchaingo-httprr\n")
    (i,) = recording(trace((asked, response()))).interactions
    assert not i.problem and i.request is not None and json.loads(i.request.data) == ASK


def test_a_trace_whose_own_lines_end_in_crlf_is_read() -> None:
    data = trace((request(), response())).replace(b"httprr trace v1\n", b"httprr trace v1\r\n", 1)
    data = data.replace(b"\n" + request()[:4], b"\r\n" + request()[:4], 1)  # the size line too, as langchaingo reads it
    (i,) = recording(data).interactions
    assert not i.problem and i.status == 200


def test_a_trace_whose_crs_were_taken_out_says_what_likely_happened() -> None:
    # git's text conversion (or an editor) made every CRLF an LF: the sizes count the CRs that went
    written = trace((request(), response()), (request(TYPO), response()))
    first, _ = recording(written.replace(b"\r\n", b"\n")).interactions
    assert "holds no CR at all" in first.problem and ".gitattributes" in first.problem
    (fine,) = recording(trace((request(end="\n"), response(end="\n")))).interactions  # LF heads whose sizes count them
    assert not fine.problem


# --------------------------------------------------------------------------- chunked bodies that are broken


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"zz\r\nabc\r\n0\r\n\r\n", "is not a hexadecimal number"),
        (b"-5\r\nabc\r\n0\r\n\r\n", "is not a hexadecimal number"),
        (b"f" * 17 + b"\r\nabc\r\n0\r\n\r\n", "is not a hexadecimal number"),
        (b"ff\r\nabc\r\n0\r\n\r\n", "a chunk of 255 bytes, and 10 left"),
        (b"3\r\nabcdef\r\n0\r\n\r\n", "not followed by a line end"),
        (b"3\r\nabc\r\n", "a chunk's size line does not end"),
        (b"3\r\nabc\r\n0\r\n", "no blank line after its last chunk"),
        (b"", "a chunk's size line does not end"),
    ],
    ids=["not-hex", "negative", "too-many-digits", "past-the-end", "no-line-end", "no-last-chunk", "no-blank-line", "empty"],
)
def test_a_broken_chunked_body_is_a_finding_on_its_body_and_the_next_record_is_checked(body: bytes, why: str) -> None:
    data = trace((request(), response(body, headers=("Transfer-Encoding: chunked",))), (request(TYPO), response()))
    (broken, _) = recording(data).interactions
    assert broken.response is not None and why in broken.response.problem
    assert [(c, p) for c, p, *_ in found(data)] == [("GW100", "[0].response"), ("GW102", "[1].request.generationConfig.temprature")]


# --------------------------------------------------------------------------- compressed bodies


def test_a_gzip_response_is_decompressed_and_its_findings_are_at_the_body() -> None:
    raw = packed(BAD_ANSWER)
    data = trace((request(), response(raw, headers=(f"Content-Length: {len(raw)}", "Content-Encoding: gzip"))))
    (i,) = recording(data).interactions
    assert i.response is not None and json.loads(i.response.data) == BAD_ANSWER and not i.response.verbatim
    assert found(data) == [("GW101", f"[0].response.{TEXT_PATH}", *place(data, b"\x1f\x8b"))]


def test_a_chunked_gzip_response_is_joined_then_decompressed() -> None:
    raw = packed(ANSWER)
    data = trace((request(), response(chunked(raw[:7], raw[7:]), headers=("Transfer-Encoding: chunked", "Content-Encoding: gzip"))))
    (i,) = recording(data).interactions
    assert i.response is not None and json.loads(i.response.data) == ANSWER


def test_a_broken_gzip_stream_is_a_finding_on_its_body() -> None:
    raw = packed(ANSWER)[:-12]
    (i,) = recording(trace((request(), response(raw, headers=(f"Content-Length: {len(raw)}", "Content-Encoding: gzip"))))).interactions
    assert i.response is not None and "cannot be decompressed" in i.response.problem


def test_a_compression_bomb_stops_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED", 1 << 16)
    bomb = gzip.compress(bytes(1 << 20))
    (i,) = recording(trace((request(), response(bomb, headers=("Content-Encoding: gzip",))))).interactions
    assert i.response is not None and "MAX_DECOMPRESSED" in i.response.problem and i.response.data == b""


def test_the_budget_of_decompressed_bytes_is_the_whole_traces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED", len(spelt(ANSWER)) * 3 // 2)  # one body's worth, not two
    compressed = (request(), response(packed(ANSWER), headers=("Content-Encoding: gzip",)))
    first, second = recording(trace(compressed, compressed)).interactions
    assert first.response is not None and not first.response.problem
    assert second.response is not None and "MAX_DECOMPRESSED" in second.response.problem


# --------------------------------------------------------------------------- a trace kept gzip-compressed (langchaingo's *.httprr.gz)


def test_a_gzip_compressed_trace_is_read_with_the_lines_of_the_trace_it_holds() -> None:
    data = FIXTURE.read_bytes()
    assert sniff("TestChat.httprr.gz", gzip.compress(data)) == "httprr"
    compressed = check_recording("TestChat.httprr.gz", gzip.compress(data), "gemini")
    plain = check_recording("TestChat.httprr", data, "gemini")
    assert compressed.format == "httprr trace" and len(compressed.findings) == 5
    assert [(f.code, f.path, f.line, f.column) for f in compressed.findings] == [(f.code, f.path, f.line, f.column) for f in plain.findings]


def test_a_compressed_trace_that_cannot_be_decompressed_is_no_recording() -> None:
    found_ = read("TestChat.httprr.gz", gzip.compress(FIXTURE.read_bytes())[:-40])
    assert isinstance(found_, NotARecording) and "gzip-compressed httprr trace that cannot be read" in found_.message


def test_a_compressed_trace_and_its_bodies_share_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    body = packed(ANSWER)
    data = trace((request(), response(body, headers=("Content-Encoding: gzip",))))
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED", len(data) + len(spelt(ANSWER)) // 2)  # the trace, and half the body
    (i,) = recording(gzip.compress(data)).interactions
    assert i.response is not None and "MAX_DECOMPRESSED" in i.response.problem
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED", len(data) // 2)
    past = read("t.httprr.gz", gzip.compress(data))
    assert isinstance(past, NotARecording) and "MAX_DECOMPRESSED" in past.message


# --------------------------------------------------------------------------- broken records


GOOD = (request(), response())


@pytest.mark.parametrize(
    ("sizes", "why"),
    [
        (b"abc 10", "not \"abc 10\""),
        (b"-5 10", "not \"-5 10\""),
        (b"+5 10", "not \"+5 10\""),
        (b"5", "not \"5\""),
        (b"5 10 15", "not \"5 10 15\""),
        (b"5  10", "not \"5  10\""),
        (b"", "not \"\""),
        (b"9" * 30 + b" 1", "not \"999"),
        (b"999999999999999999 5", "sizes say 999,999,999,999,999,999 + 5 bytes, and the file holds"),
        (b"10 999999", "sizes say 10 + 999,999 bytes"),
    ],
    ids=["letters", "negative", "plus", "one", "three", "two-spaces", "blank", "huge-digits", "huge", "past-the-end"],
)
def test_a_record_whose_sizes_cannot_be_read_is_a_finding_there_and_ends_the_reading(sizes: bytes, why: str) -> None:
    data = trace(GOOD) + sizes + b"\n" + request(TYPO) + response()
    good, broken = recording(data).interactions
    assert not good.problem and why in broken.problem and "httprecord" in broken.problem
    result = check_recording("t.httprr", data, "gemini")
    # the size line starts where the record before ends: after its response's last byte, on its line
    assert [(f.code, f.path, f.line, f.column) for f in result.findings] == [("GW134", "[1]", *at(data, len(trace(GOOD))))]
    assert result.tally.skipped == {UNREADABLE: 1}


def test_a_file_cut_short_inside_a_record_is_a_finding_on_that_record() -> None:
    data = trace(GOOD, (request(TYPO), response()))
    good, cut = recording(data[:-20]).interactions
    assert not good.problem and "the file was cut short" in cut.problem and "holds" in cut.problem


def test_a_file_cut_short_inside_a_size_line_is_a_finding_on_that_record() -> None:
    _, cut = recording(trace(GOOD) + b"12 3").interactions
    assert "ends inside a record's size line" in cut.problem


@pytest.mark.parametrize(
    ("record", "needle", "why"),
    [
        ((b"POST  " + GENERATE.encode() + b" HTTP/1.1\r\n\r\n", response()), b"POST  ", "is not `METHOD URL HTTP/1.1`"),
        ((b"POST " + GENERATE.encode() + b" HTTP/1.1\r\nno colon here\r\n\r\n", response()), b"no colon", "a header line of the request"),
        ((b"POST " + GENERATE.encode() + b" HTTP/1.1\r\nHost: x\r\n", response()), b"POST ", "the request's headers do not end"),
        ((request(), b"HTTP/2.0 OK\r\n\r\n"), b"HTTP/2.0 OK", 'status line "HTTP/2.0 OK"'),
        ((request(), b"HTTP/2.0 200 OK\r\nContent-Length: 2\r\n{}"), b"HTTP/2.0 200", "the response's headers do not end"),
        # a record that can be framed but names no exchange: at its size line (None)
        ((request(), b""), None, "no response"),
        ((b"POST /v1beta/models/m:generateContent HTTP/1.1\r\n\r\n", response()), None, "no Host header"),
        ((b"POST * HTTP/1.1\r\nHost: x\r\n\r\n", response()), None, "neither a URL nor a path"),
        ((b"POST http://[::1/x HTTP/1.1\r\n\r\n", response()), None, "request URL cannot be read"),
    ],
    ids=["request-line", "header-line", "request-head-unended", "status-line", "response-head-unended", "no-response", "no-host", "asterisk", "bad-url"],
)
def test_a_record_whose_http_cannot_be_read_is_a_finding_at_its_line_and_the_next_is_checked(
    record: tuple[bytes, bytes], needle: bytes | None, why: str
) -> None:
    data = trace(GOOD, record, (request(TYPO), response()))
    _, broken, last = recording(data).interactions
    assert why in broken.problem and not last.problem
    second = len(trace(GOOD))  # where the broken record's size line starts
    findings = found(data)
    assert [(c, p) for c, p, *_ in findings] == [("GW134", "[1]"), ("GW102", "[2].request.generationConfig.temprature")]
    assert findings[0][2:] == (place(data, needle, second) if needle else at(data, second))


def test_a_header_line_that_cannot_be_read_is_not_quoted() -> None:
    # a header's value may be a secret of no known shape: the finding says where, not what
    leaky = b"POST " + GENERATE.encode() + b" HTTP/1.1\r\nX-Secret secret-of-no-shape\r\n\r\n"
    (i,) = recording(trace((leaky, response()))).interactions
    assert "a header line of the request" in i.problem and "secret-of-no-shape" not in i.problem


# --------------------------------------------------------------------------- not a trace, or another version


def test_another_version_is_not_read_and_said_so() -> None:
    found_ = read("t.httprr", b"httprr trace v2\n5 5\n")
    assert isinstance(found_, NotARecording) and "httprr trace v1" in found_.message and '"httprr trace v2"' in found_.message
    assert not found_.other and (found_.line, found_.column) == (1, 1)


def test_a_dot_httprr_file_that_is_no_trace_is_a_finding_when_linted() -> None:
    result = check_recording("empty.httprr", b"", "gemini")
    assert [f.code for f in result.findings] == ["GW134"] and result.format is None and not result.other


# --------------------------------------------------------------------------- telling httprr from other files


def test_a_trace_is_sniffed_by_its_first_line_whatever_its_name() -> None:
    data = FIXTURE.read_bytes()
    for name in ("TestGenerate.httprr", "trace", "recording.txt", "calls.json", "cassette.yaml"):
        assert sniff(name, data) == "httprr"
        assert isinstance(read(name, data), Recording)
    assert sniff("TestGenerate.httprr", b"") == "httprr"  # the suffix says it, and lint will say it is none


@pytest.mark.parametrize(
    "data",
    [
        b'{"contents": []}',
        b"interactions:\n- request: {}\n",
        b"# httprr trace v1\n",
        b" httprr trace v1\n",
        b"\xef\xbb\xbfhttprr trace v1\n",  # Go's reader takes no BOM
        b"data: {}\n\n",
    ],
)
def test_other_files_are_not_sniffed_as_httprr(data: bytes) -> None:
    assert sniff("file.json", data) != "httprr" and sniff("file.yaml", data) != "httprr"


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_no_foreign_shape_is_sniffed_as_httprr_but_the_trace_of_another_api(name: str) -> None:
    assert (sniff(name, FOREIGN[name]) == "httprr") is name.endswith(".httprr")


def test_a_call_to_another_api_is_read_and_skipped_as_not_googles() -> None:
    result = check_recording("t.httprr", FOREIGN["openai.httprr"], "gemini")
    assert result.findings == [] and result.tally.skipped == {NOT_GOOGLE: 1}


# --------------------------------------------------------------------------- the command line


def test_lint_checks_a_named_trace_and_a_walk_picks_up_httprr_files(tmp_path: Path) -> None:
    (tmp_path / "testdata").mkdir()
    (tmp_path / "testdata" / "TestChat.httprr").write_bytes(trace(GOOD, (request(url=STREAM), response(sse(ANSWER), headers=()))))
    named = inprocess.run(["lint", str(tmp_path / "testdata" / "TestChat.httprr")])
    assert named.returncode == 0, named.stdout
    assert "ok (httprr trace, 2 interaction(s): 2 checked (gemini-v1beta 2), 0 skipped)" in named.stdout
    (tmp_path / "testdata" / "TestTypo.httprr").write_bytes(trace((request(TYPO), response())))
    (tmp_path / "testdata" / "TestLong.httprr.gz").write_bytes(gzip.compress(trace((request(), response(BAD_ANSWER)))))
    walked = inprocess.run(["lint", str(tmp_path)])
    assert walked.returncode == 1 and "TestTypo.httprr:" in walked.stdout and "GW102" in walked.stdout
    assert "TestLong.httprr.gz:" in walked.stdout and "GW101" in walked.stdout
    assert "3 file(s) checked (4 interaction(s): 4 checked (gemini-v1beta 4), 0 skipped)" in walked.stdout


def test_drift_reads_a_compressed_trace_in_a_folder_once(tmp_path: Path) -> None:
    (tmp_path / "TestLong.httprr.gz").write_bytes(gzip.compress(trace((request(), response()))))
    result = inprocess.run(["drift", str(tmp_path)])
    assert result.stdout.splitlines()[-1] == "0 unknown key(s) and value(s); 2 payload(s) read"  # its request and response


def test_a_named_file_of_another_suffix_that_starts_as_a_trace_is_read(tmp_path: Path) -> None:
    (tmp_path / "trace.txt").write_bytes(trace((request(TYPO), response())))
    named = inprocess.run(["lint", str(tmp_path / "trace.txt")])
    assert named.returncode == 1 and "trace.txt:" in named.stdout and "GW102" in named.stdout


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_a_key_in_the_url_or_the_headers_never_reaches_the_output(tmp_path: Path, output: str) -> None:
    headers = (f"X-Goog-Api-Key: {KEY}", f"Authorization: Bearer {KEY}")
    leaky = request({**TYPO, "contents": [{"role": "user", "parts": [{"text": f"my key is {KEY}"}]}]}, f"{GENERATE}?key={KEY}", headers=headers)
    broken = f"POST /?key={KEY} HTTP/1.1 extra\r\nHost: {HOST}\r\n\r\n".encode()  # its finding quotes the line
    data = trace((leaky, response()), (broken, response()))
    (tmp_path / "trace.httprr").write_bytes(data)
    result = inprocess.run(["lint", "-v", "--format", output, str(tmp_path / "trace.httprr")])
    assert result.returncode == 1 and "GW102" in result.stdout and "GW134" in result.stdout
    assert KEY[:16] not in result.stdout + result.stderr  # not even the start of it, that a quote cut short keeps
    assert KEY not in mask(data.decode())  # the trace's own text, were it ever printed


# --------------------------------------------------------------------------- fuzzing the HTTP inside well-framed records

RECORDS = [
    (request(TYPO), response(BAD_ANSWER)),
    (request(url=STREAM), response(chunked(sse(ANSWER)), headers=("Transfer-Encoding: chunked",))),
    (request(), response(packed(ANSWER), headers=("Content-Encoding: gzip",))),
]
HTTP_TOKENS = [
    b"\r\n", b"\n", b"\r", b"\r\n\r\n", b": ", b" ", b"0\r\n\r\n", b"ffffffff\r\n", b";x=y", b"Transfer-Encoding: chunked\r\n",
    b"Content-Length: 5\r\n", b"Content-Length: -1\r\n", b"Content-Encoding: gzip\r\n", b"Content-Encoding: br\r\n",
    b"\x1f\x8b", b"HTTP/1.1 ", b"HEAD ", b"204", b"http://[::1", b"\xff", b"\x00",
]


@st.composite
def reframed(draw: st.DrawFn) -> bytes:
    """A trace whose requests and responses are edited and whose sizes are then made right again,
    so that the edits reach the HTTP reading, not only the framing."""
    records = []
    for asked, answered in draw(st.lists(st.sampled_from(RECORDS), min_size=1, max_size=3)):
        parts = [bytearray(asked), bytearray(answered)]
        for _ in range(draw(st.integers(1, 3))):
            part = parts[draw(st.integers(0, 1))]
            at = draw(st.integers(0, len(part)))
            if draw(st.booleans()):
                part[at:at] = draw(st.sampled_from(HTTP_TOKENS))
            else:
                del part[at : draw(st.integers(at, min(len(part), at + 16)))]
        records.append((bytes(parts[0]), bytes(parts[1])))
    return trace(*records)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(reframed())
def test_edited_http_in_well_framed_records_keeps_every_promise(data: bytes) -> None:
    check(data)
    for i in recording(data).interactions:
        assert isinstance(i, Interaction) and i.where == (i.index,)
