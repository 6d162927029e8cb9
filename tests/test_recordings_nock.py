"""nock recordings (Node.js): a JSON array of calls, read as recorded traffic.

The recordings are written here in the shapes nock writes (`nock.recorder.rec({output_objects:
true})`, `nock.back` fixtures): `scope` and `path`, a body that was JSON kept as a JSON value, an
SSE stream as one string, a binary response as hex (and, before nock 13, a compressed one as an
array of hex strings), headers as `rawHeaders`.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import inprocess
import pytest
from foreign import FOREIGN

from gemini_wire import limits
from gemini_wire.documents.traffic import NOT_GOOGLE, UNREADABLE, check_recording
from gemini_wire.recordings import NotARecording, Recording, read, sniff
from gemini_wire.secrets import mask

SCOPE = "https://generativelanguage.googleapis.com:443"
GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent"
ASK = {"contents": [{"role": "user", "parts": [{"text": "What is the capital of France?"}]}]}
TYPO = {**ASK, "generationConfig": {"temprature": 0.2}}
ANSWER = {"candidates": [{"content": {"role": "model", "parts": [{"text": "Paris."}]}, "finishReason": "STOP", "index": 0}]}
BAD_ANSWER = {"candidates": [{"content": {"role": "model", "parts": [{"text": 5}]}, "finishReason": "STOP", "index": 0}]}
KEY = "AIza" + "Sy" + "Dq3x7Vb9Kf2Lm8Np4Rs6Tu1Wy5Zc0Ae3G"  # an API key's shape, built here


def call(**given: Any) -> dict[str, Any]:
    """One call as nock records it, to generateContent unless told."""
    return {
        "scope": SCOPE, "method": "POST", "path": GENERATE, "body": ASK, "status": 200, "response": ANSWER,
        "rawHeaders": ["Content-Type", "application/json; charset=UTF-8"], "responseIsBinary": False, **given,
    }


def nock(*calls: dict[str, Any]) -> bytes:
    """A recording as nock.back writes it: pretty-printed, two spaces a level."""
    return json.dumps(list(calls), indent=2).encode()


def recording(data: bytes) -> Recording:
    found = read("recording.json", data)
    assert isinstance(found, Recording), found
    return found


def found(data: bytes) -> list[tuple[str, str, int | None, int | None]]:
    return [(f.code, f.path, f.line, f.column) for f in check_recording("recording.json", data, "gemini").findings]


def place(data: bytes, needle: str, after: int = 0) -> tuple[int, int]:
    """The 1-based line and column where `needle` is in the file, from line `after` on."""
    rows = data.decode().splitlines()
    k = next(k for k in range(after, len(rows)) if needle in rows[k])
    return k + 1, rows[k].index(needle) + 1


# --------------------------------------------------------------------------- reading a call


def test_a_call_reads_its_url_method_status_date_and_bodies() -> None:
    headers = ["Content-Type", "application/json", "Date", "Mon, 02 Jun 2025 10:00:00 GMT"]
    (i,) = recording(nock(call(method="post", path=f"{GENERATE}?alt=json", rawHeaders=headers))).interactions
    assert (i.url, i.method, i.status, i.date) == (f"{SCOPE}{GENERATE}?alt=json", "POST", 200, "Mon, 02 Jun 2025 10:00:00 GMT")
    assert i.request is not None and json.loads(i.request.data) == ASK
    assert i.response is not None and json.loads(i.response.data) == ANSWER
    assert i.where == (0,) and (i.line, i.column) == (2, 3)


def test_headers_as_an_object_give_the_date_too() -> None:
    (i,) = recording(nock(call(rawHeaders={"date": "Tue, 03 Jun 2025 08:00:00 GMT"}))).interactions
    assert i.date == "Tue, 03 Jun 2025 08:00:00 GMT"
    (old,) = recording(nock({**call(headers={"Date": ["Wed, 04 Jun 2025 08:00:00 GMT"]}), "rawHeaders": None})).interactions
    assert old.date == "Wed, 04 Jun 2025 08:00:00 GMT"


def test_an_empty_request_body_is_no_body() -> None:
    (i,) = recording(nock(call(method="GET", path="/v1beta/models", body=""))).interactions
    assert i.request is None and i.method == "GET"


def test_the_recording_is_named_in_the_summary() -> None:
    result = check_recording("r.json", nock(call()), "gemini")
    assert (result.format, result.tally.summary()) == ("nock recording", "1 interaction(s): 1 checked (gemini-v1beta 1), 0 skipped")


# --------------------------------------------------------------------------- placing findings


def test_a_finding_inside_a_request_body_stored_as_json_has_its_exact_line_and_column() -> None:
    data = nock(call(), call(body=TYPO))
    assert found(data) == [("GW102", "[1].request.generationConfig.temprature", *place(data, '"temprature"'))]


def test_a_finding_inside_a_response_stored_as_json_has_its_exact_line_and_column() -> None:
    data = nock(call(response=BAD_ANSWER))
    # at the member, as a payload's findings are
    assert found(data) == [("GW101", "[0].response.candidates[0].content.parts[0].text", *place(data, '"text": 5'))]


def test_a_body_on_the_line_of_its_key_is_placed_from_its_column() -> None:
    data = json.dumps([call(body=TYPO)]).encode()  # one line, as JSON.stringify writes it
    (code, _, line, column) = found(data)[0]
    assert (code, line, column) == ("GW102", 1, data.decode().index('"temprature"') + 1)


def test_a_body_that_was_not_json_is_read_as_its_text_at_its_place() -> None:
    data = nock(call(body='{"contents": "not a list", '))  # cut short: nock kept it as a string
    (code, path, line, column) = found(data)[0]
    assert (code, path) == ("GW100", "[0].request")
    assert (line, column) == place(data, '{\\"contents')  # the text's first character, inside the string


# --------------------------------------------------------------------------- streams and binary responses

STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"


def sse(*events: dict[str, Any]) -> str:
    return "".join(f"data: {json.dumps(e, separators=(',', ':'))}\r\n\r\n" for e in events)


def test_an_sse_stream_stored_as_one_string_is_checked_event_by_event() -> None:
    data = nock(call(path=STREAM, response=sse(ANSWER, BAD_ANSWER), rawHeaders=["Content-Type", "text/event-stream"]))
    # The string's text maps to its spelling in the file (escapes and all): the second event's key.
    line, column = place(data, '\\"text\\":5')
    assert found(data) == [("GW101", "[0].response[1].candidates[0].content.parts[0].text", line, column)]


def test_a_stream_cut_inside_an_event_is_found() -> None:
    data = nock(call(path=STREAM, response=sse(ANSWER)[:-30]))
    assert "GW120" in [code for code, *_ in found(data)]


def test_a_clean_stream_is_clean() -> None:
    assert found(nock(call(path=STREAM, response=sse(ANSWER, ANSWER)))) == []


def packed(value: object) -> bytes:
    return gzip.compress(json.dumps(value).encode(), mtime=0)


def test_a_binary_gzip_response_is_read_from_its_hex() -> None:
    headers = ["Content-Type", "application/json", "Content-Encoding", "gzip"]
    data = nock(call(response=packed(BAD_ANSWER).hex(), responseIsBinary=True, rawHeaders=headers))
    (i,) = recording(data).interactions
    assert i.response is not None and json.loads(i.response.data) == BAD_ANSWER
    line, column = place(data, '"1f8b')
    assert found(data) == [("GW101", "[0].response.candidates[0].content.parts[0].text", line, column)]


def test_an_older_nocks_compressed_response_in_hex_chunks_is_joined_and_read() -> None:
    raw = packed(ANSWER)
    chunks = [raw[:10].hex(), raw[10:].hex()]
    (i,) = recording(nock({**call(response=chunks, headers={"content-encoding": "gzip"}), "rawHeaders": None})).interactions
    assert i.response is not None and json.loads(i.response.data) == ANSWER
    (bare,) = recording(nock(call(response=chunks, rawHeaders=[]))).interactions  # gzip's magic says it too
    assert bare.response is not None and json.loads(bare.response.data) == ANSWER


def test_an_array_response_of_responses_is_a_stream_not_hex() -> None:
    data = nock(call(path="/v1beta/models/gemini-2.5-flash:streamGenerateContent", response=[ANSWER, BAD_ANSWER]))
    assert [(code, path) for code, path, *_ in found(data)] == [("GW101", "[0].response[1].candidates[0].content.parts[0].text")]


@pytest.mark.parametrize(
    ("response", "why"),
    [("zz", "not hex"), ("1f8b0800", "cannot be decompressed")],
)
def test_a_binary_response_that_cannot_be_read_is_a_finding_on_its_body(response: str, why: str) -> None:
    data = nock(call(response=response, responseIsBinary=True), call(body=TYPO))
    (i, _) = recording(data).interactions
    assert i.response is not None and why in i.response.problem
    assert [(code, path) for code, path, *_ in found(data)] == [
        ("GW100", "[0].response"), ("GW102", "[1].request.generationConfig.temprature"),
    ]


def test_a_compression_bomb_stops_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED", 1 << 16)
    bomb = gzip.compress(bytes(1 << 20)).hex()
    (i,) = recording(nock(call(response=bomb, responseIsBinary=True))).interactions
    assert i.response is not None and "MAX_DECOMPRESSED" in i.response.problem and i.response.data == b""


# --------------------------------------------------------------------------- malformed calls and files


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (5, "not as nock records it"),
        ({"method": "POST", "path": GENERATE}, "missing required field `scope`"),
        (call(status="200"), "`$.status`"),
        (call(scope="http://[::1"), "request URL cannot be read"),
    ],
)
def test_a_malformed_call_is_a_finding_on_its_own_and_the_others_are_checked(bad: object, why: str) -> None:
    data = json.dumps([call(), bad, call(body=TYPO)], indent=2).encode()
    first, broken, last = recording(data).interactions
    assert not first.problem and not last.problem and why in broken.problem
    result = check_recording("r.json", data, "gemini")
    assert [(f.code, f.path) for f in result.findings] == [("GW134", "[1]"), ("GW102", "[2].request.generationConfig.temprature")]
    starts = [k + 1 for k, row in enumerate(data.decode().splitlines()) if row[:3].strip() and row[:2] == "  " and row.strip() not in ("}", "},")]
    assert (result.findings[0].line, result.findings[0].column) == (starts[1], 3)
    assert result.tally.skipped == {UNREADABLE: 1}


def test_nesting_past_the_limit_is_a_finding_at_the_bracket_past_it() -> None:
    deep = limits.MAX_NOCK_DEPTH  # the call's own two levels and these
    data = json.dumps([call(body={"labels": "x"})]).replace('"x"', "[" * deep + "]" * deep).encode()
    result = read("r.json", data)
    assert isinstance(result, NotARecording) and "MAX_NOCK_DEPTH" in result.message
    # The array, the call and the body are three levels: the run's 100th bracket opens level 103.
    assert (result.line, result.column) == (1, data.index(b"[" * deep) + limits.MAX_NOCK_DEPTH - 3 + 1)


def test_a_body_as_deep_as_a_payload_may_be_is_read() -> None:
    depth = limits.MAX_DEPTH - 1  # the body's own level and these
    data = json.dumps([call(body={"labels": "x"})]).replace('"x"', "[" * depth + "]" * depth).encode()
    (i,) = recording(data).interactions
    assert i.request is not None and not i.request.problem and i.request.data.count(b"[") == depth


def test_a_json_array_of_calls_that_is_broken_json_is_said_to_be_so() -> None:
    result = read("r.json", nock(call())[:-20], sniffed="nock")
    assert isinstance(result, NotARecording) and "not JSON" in result.message and not result.other


# --------------------------------------------------------------------------- other APIs


def test_a_call_to_another_api_is_read_and_skipped_as_not_googles() -> None:
    openai = call(scope="https://api.openai.com:443", path="/v1/chat/completions", body={"model": "gpt-4o", "messages": []})
    result = check_recording("r.json", nock(openai, call(body=TYPO)), "gemini")
    assert [(f.code, f.path) for f in result.findings] == [("GW102", "[1].request.generationConfig.temprature")]
    assert result.tally.skipped == {NOT_GOOGLE: 1}


# --------------------------------------------------------------------------- telling nock from other JSON


def test_a_nock_recording_is_sniffed_by_its_first_call_whatever_its_name() -> None:
    for name in ("recording.json", "fixture", "calls.txt"):
        assert sniff(name, nock(call())) == "nock"
    assert sniff("r.json", b"\xef\xbb\xbf" + nock(call())) == "nock"


@pytest.mark.parametrize(
    "data",
    [
        json.dumps([ANSWER, ANSWER]).encode(),  # a Gemini stream saved as a JSON array
        json.dumps([{**ANSWER, "scope": "x", "path": "y"}]).encode(),  # no method: not nock's
        json.dumps([{"path": "/a", "method": "GET"}]).encode(),
        json.dumps(["scope", "path", "method"]).encode(),
        json.dumps([ASK, call()]).encode(),  # only the first element is looked at
        b"[]",
        b'[{"scope": "https://a", "method": "GET", "path": "/"',  # cut short: no JSON
        b"[" * 200_000,
    ],
    ids=["gemini-stream", "no-method", "no-scope", "strings", "first-not-a-call", "empty", "broken", "deep"],
)
def test_other_json_arrays_are_not_sniffed_as_nock(data: bytes) -> None:
    assert sniff("stream.json", data) is None


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_no_foreign_shape_is_sniffed_as_nock_but_the_nock_recording_of_another_api(name: str) -> None:
    assert (sniff(name, FOREIGN[name]) == "nock") is (".nock." in name)


def test_a_gemini_stream_saved_as_an_array_is_still_linted_as_a_stream(tmp_path: Path) -> None:
    (tmp_path / "chat.stream.json").write_text(json.dumps([ANSWER]))
    result = inprocess.run(["lint", str(tmp_path / "chat.stream.json")])
    assert result.returncode == 0 and "ok (gemini stream)" in result.stdout


# --------------------------------------------------------------------------- the command line


def test_lint_checks_a_named_nock_recording_and_a_walk_picks_it_up(tmp_path: Path) -> None:
    (tmp_path / "recordings").mkdir()
    (tmp_path / "recordings" / "gemini.json").write_bytes(nock(call(), call(path=STREAM, response=sse(ANSWER))))
    named = inprocess.run(["lint", str(tmp_path / "recordings" / "gemini.json")])
    assert named.returncode == 0, named.stdout
    assert "ok (nock recording, 2 interaction(s): 2 checked (gemini-v1beta 2), 0 skipped)" in named.stdout
    (tmp_path / "recordings" / "broken.json").write_bytes(nock(call(body=TYPO)))
    walked = inprocess.run(["lint", str(tmp_path)])
    assert walked.returncode == 1 and "broken.json:" in walked.stdout and "GW102" in walked.stdout
    assert "2 file(s) checked (3 interaction(s): 3 checked (gemini-v1beta 3), 0 skipped)" in walked.stdout


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_a_key_in_the_path_or_the_headers_never_reaches_the_output(tmp_path: Path, output: str) -> None:
    leaky = call(
        path=f"{GENERATE}?key={KEY}",
        body={**TYPO, "contents": [{"role": "user", "parts": [{"text": f"my key is {KEY}"}]}]},
        rawHeaders=["X-Goog-Api-Key", KEY, "Content-Type", "application/json"],
        reqheaders={"x-goog-api-key": KEY},
    )
    data = nock(leaky, call(status="200", path=f"{GENERATE}?key={KEY}"))
    (tmp_path / "nock.json").write_bytes(data)
    result = inprocess.run(["lint", "-v", "--format", output, str(tmp_path / "nock.json")])
    assert result.returncode == 1 and "GW102" in result.stdout and "GW134" in result.stdout
    assert KEY not in result.stdout + result.stderr
    assert KEY not in mask(data.decode())  # the recording's own text, were it ever printed
