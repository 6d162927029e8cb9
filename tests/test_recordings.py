"""Recorded traffic as lint input: cassettes (vcrpy, Ruby VCR, go-vcr), HAR files, nock recordings
and httprr traces.

The cassettes in tests/cassettes/ are ours, one per format, each with one known problem in a
body stored in one of the ways recorders store bodies (text, parsed YAML, a literal block,
gzip `!!binary`, Ruby's `!binary`, base64 HAR content, nock's JSON values, httprr's raw, chunked
and gzip bodies). The real-traffic test rebuilds cassettes from ../shared/traffic in a temporary
folder and skips when it is absent.
"""

from __future__ import annotations

import base64
import collections
import gzip
import json
import lzma
import re
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import inprocess
import pytest
import yaml

from gemini_wire.documents.check import Settings, element_kind, lint
from gemini_wire.documents.traffic import check_call, check_recording, sse_events, sse_findings
from gemini_wire.findings import Finding, WireError, relocate
from gemini_wire.recordings import Body, NotARecording, Recording, read, sniff
from gemini_wire.stream import StreamDecoder

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "tests" / "cassettes"
TRAFFIC = ROOT.parent / "shared" / "traffic" / "interactions.jsonl.xz"
STREAMS = ROOT.parent / "shared" / "corpus" / "stream"
GEMINI = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash"
VERTEX = "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro"
GOOD = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}'

# (file, line, column, code, path) of every finding in tests/cassettes/.
# Each finding at the key (or value) its path names, inside a body stored as a string too: a JSON
# string or a one-line quoted YAML scalar maps to its spelling in the file, escapes and all
# (test_each_expected_place_is_the_key_in_the_file holds the columns to the text there).
EXPECTED = [
    ("cassetter.yaml", 17, 11, "GW318", "interactions[0].request.generationConfig.temperature"),
    ("cassetter.yaml", 57, 72, "GW101", "interactions[1].response[1].candidates[0].content.parts[0].text"),
    ("go-vcr-v1.yaml", 5, 118, "GW304", "interactions[0].request.generationConfig.responseSchema"),
    ("go-vcr-v2.yaml", 23, 270, "GW101", "interactions[0].response[1].candidates[0].content.parts[0].text"),
    ("httprr.httprr", 10, 111, "GW102", "[0].request.generationConfig.temprature"),
    ("httprr.httprr", 35, 3, "GW101", "[0].response.modelVersion"),
    ("httprr.httprr", 50, 1, "GW101", "[1].response[1].candidates[0].content.parts[0].text"),  # chunked: at the body
    ("httprr.httprr", 74, 1, "GW101", "[2].response.candidates[0].content.parts[0].text"),  # gzip: at the body
    ("httprr.httprr", 83, 15, "GW205", "[3].request.contents[0].role"),
    ("nock.json", 18, 9, "GW101", "[0].request.generationConfig.temperature"),
    ("nock.json", 91, 17, "GW101", "[2].response.candidates[0].content.parts[0].text"),
    ("recording.har", 28, 117, "GW321", "log.entries[0].request.generationConfig.candidateCount"),
    ("ruby-vcr.yml", 8, 112, "GW105", "http_interactions[0].request.safetySettings[0].category"),
    ("ruby-vcr.yml", 29, 90, "GW318", "http_interactions[1].request.generationConfig.temperature"),
    ("vcrpy.yaml", 46, 9, "GW101", "interactions[2].request.generationConfig.maxOutputTokens"),
    ("vcrpy.yaml", 66, 30, "GW301", "interactions[3].request.generationConfig.stopSequences"),
]


def test_each_expected_place_is_the_key_in_the_file() -> None:
    for name, line, column, _, path in EXPECTED:
        lines = (CASSETTES / name).read_bytes().decode("utf-8", "replace").split("\n")  # lines as counted: by LF
        text = lines[line - 1][column - 1 :]
        if (name, line) == ("nock.json", 91):  # a gzip response, spelled in hex: at its string's start
            assert text.startswith('"1f8b'), text[:40]
            continue
        if name == "httprr.httprr" and column == 1 and "response" in path:  # chunked or gzip: at the body
            continue
        key = path.rsplit(".", 1)[-1]
        # The key as the file spells it: plain, quoted, or quoted inside a string (\" or ").
        assert re.match(rf'(\\?"|\'|)?{key}(\\?"|\')?:', text), (name, line, column, text[:40])


def gw(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    result = inprocess.run(argv, cwd=cwd)  # main() in this process, as the command would run
    assert "Traceback" not in result.stderr, result.stderr
    return result


def recording(name: str) -> Recording:
    found = read(name, (CASSETTES / name).read_bytes())
    assert isinstance(found, Recording), found
    return found


# --------------------------------------------------------------------------- reading the formats


@pytest.mark.parametrize(
    ("name", "format", "count"),
    [
        ("vcrpy.yaml", "vcrpy cassette", 4),
        ("ruby-vcr.yml", "Ruby VCR cassette", 2),
        ("go-vcr-v1.yaml", "go-vcr cassette (v1)", 1),
        ("go-vcr-v2.yaml", "go-vcr cassette (v2)", 1),
        ("recording.har", "HAR 1.2", 2),
        ("nock.json", "nock recording", 4),
        ("httprr.httprr", "httprr trace", 4),
        ("cassetter.yaml", "cassetter cassette", 3),
    ],
)
def test_each_format_is_recognised_by_its_content(name: str, format: str, count: int) -> None:
    data = (CASSETTES / name).read_bytes()
    for given in (name, "recorded.txt"):  # the suffix only says which parser to try first
        found = read(given, data)
        assert isinstance(found, Recording)
        assert (found.format, len(found.interactions)) == (format, count)


def test_a_gzip_binary_body_is_decompressed() -> None:
    body = recording("vcrpy.yaml").interactions[0].response
    assert body is not None and json.loads(body.data)["candidates"][0]["finishReason"] == "STOP"


def test_a_parsed_yaml_body_becomes_json_with_yaml_types() -> None:
    body = recording("vcrpy.yaml").interactions[2].request
    assert body is not None and body.tree is not None
    assert json.loads(body.data)["generationConfig"] == {"temperature": 0.2, "top_k": 40, "maxOutputTokens": "many"}


def test_ruby_binary_bodies_and_statuses_are_read() -> None:
    first, second = recording("ruby-vcr.yml").interactions
    assert first.response is not None and json.loads(first.response.data)["usageMetadata"]["totalTokenCount"] == 4
    assert (first.status, second.status) == (200, 400)


def test_go_vcr_reads_url_and_code() -> None:
    (call,) = recording("go-vcr-v1.yaml").interactions
    assert call.url.endswith(":generateContent?key=REDACTED") and call.status == 200


def test_har_base64_content_is_decoded() -> None:
    call = recording("recording.har").interactions[0]
    assert call.response is not None and call.response.data.startswith(b"data: {")


def test_a_json_payload_is_not_taken_for_a_recording() -> None:
    assert sniff("request.json", GOOD) is None
    assert sniff("stream.json", b"[" + GOOD + b"]") is None
    assert sniff("broken.json", b"contents: [") is None  # a .json file stays JSON, and GW100 says why
    assert sniff("traffic.json", (CASSETTES / "recording.har").read_bytes()) == "har"


def test_r_vcr_is_named_apart_from_ruby_vcr() -> None:
    ruby = (CASSETTES / "ruby-vcr.yml").read_bytes()
    assert b"recorded_with: VCR 6.3.1" in ruby
    r = ruby.replace(b"recorded_with: VCR 6.3.1", b"recorded_with: VCR-vcr/2.1.0")
    found = read("r.yml", r)
    assert isinstance(found, Recording) and found.format == "R vcr cassette" and len(found.interactions) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"jobs:\n  test:\n    runs-on: ubuntu-latest\n", "no `interactions`"),
        (b"interactions: [\n", "not YAML"),
        (b"- one\n- two\n", "no `interactions`"),
    ],
)
def test_other_yaml_is_not_a_recording(data: bytes, message: str) -> None:
    found = read("file.yaml", data)
    assert isinstance(found, NotARecording) and message in found.message


# --------------------------------------------------------------------------- checking calls


def test_a_call_is_checked_with_the_model_of_its_url() -> None:
    # logprobs is model-dependent: a warning without a model, nothing for a model that has it.
    body = Body(b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": '
                b'{"responseLogprobs": true, "logprobs": 3}}')
    gemini_20 = check_call(GEMINI.replace("2.5-flash", "2.0-flash") + ":generateContent", body, None, 200, "gemini")
    assert gemini_20 is not None and (gemini_20.dialect, gemini_20.model) == ("gemini-v1beta", "gemini-2.0-flash")
    assert gemini_20.findings == []


def test_the_dialect_comes_from_the_url_and_an_unknown_host_falls_back() -> None:
    # routingConfig: a field of Vertex AI only
    labels = Body(b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"routingConfig": {"autoMode": {}}}}')
    vertex = check_call(VERTEX + ":generateContent", labels, None, 200, "gemini")
    gemini = check_call(GEMINI + ":generateContent", labels, None, 200, "vertex")
    gateway = check_call("http://localhost:8787/v1/models/gemini-2.5-flash:generateContent", labels, None, 200, "vertex")
    assert vertex is not None and vertex.dialect == "vertex-v1" and vertex.findings == []
    assert gemini is not None and [f.code for f in gemini.findings] == ["GW111"]
    assert gateway is not None and gateway.dialect == "vertex-v1" and gateway.findings == []


def test_other_urls_are_not_calls() -> None:
    assert check_call("https://generativelanguage.googleapis.com/v1beta/models", Body(b"{}"), None, 200, "gemini") is None


def test_an_error_status_reads_the_body_as_an_error_body() -> None:
    error = Body(b'{"error": {"code": 400, "message": "bad", "status": "INVALID_ARGUMENT"}}')
    called = check_call(GEMINI + ":generateContent", None, error, 400, "gemini")
    assert called is not None and called.findings == []


def test_sse_events_keep_their_lines_and_a_cut_stream_is_reported() -> None:
    body = b': comment\r\ndata: {"candidates": []}\r\n\r\ndata:{"candidates": [{"index": "x"}]}\r\n\r\n'
    assert sse_events(body) == [(2, 7, b'{"candidates": []}'), (4, 6, b'{"candidates": [{"index": "x"}]}')]
    bad = check_call(GEMINI + ":streamGenerateContent?alt=sse", None, Body(body), 200, "gemini")
    assert bad is not None and [f.path for f in bad.findings] == ["response[1].candidates[0].index"]
    cut = check_call(GEMINI + ":streamGenerateContent?alt=sse", None, Body(b'data: {"candidates": ['), 200, "gemini")
    assert cut is not None and "GW120" in [f.code for f in cut.findings]


def sse_findings_twice(data: bytes, settings: Settings) -> list[Finding]:
    """sse_findings as it was: lint each event, then the stream decoder over the whole body
    (every event parsed again) for its GW120."""
    found = [relocate(f, (i,), (line, column)) for i, (line, column, p) in enumerate(sse_events(data)) for f in lint(element_kind(p), p, settings)]
    decoder: StreamDecoder[Any, Any] = StreamDecoder(settings.resolved)
    try:
        decoder.feed(data)
        decoder.close()
    except WireError as e:
        found += [f for f in e.findings if f.code == "GW120"]
    return found


HI = b'{"candidates": [{"content": {"role": "model", "parts": [{"text": "hi"}]}}]}'
WRONG = b'{"candidates": [{"index": "x"}]}'
NOTED = b'{"candidates": [{"finishReason": "stop", "newKey": 1}]}'  # a note (GW114), which decoding accepts
ERROR_BODY = b'{"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}}'
SSE_BODIES = [
    b"data: " + HI + b"\n\ndata: " + HI[:30],  # cut inside the last event
    b"data: " + HI + b"\n\ndata: " + WRONG + b"\n\ndata: " + HI[:30],  # cut after a bad event: no GW120, as before
    b"data: " + HI + b"\n\ndata: \n\ndata: " + HI + b"\n\ndata: " + HI[:9],  # an event without data
    b"data: " + HI + b"\n\ndata: " + ERROR_BODY + b"\n\ndata: " + HI[:9],  # an error body among the events
    b"data:" + HI + b"\r\n\r\n: keep-alive\r\ndata:  " + HI,  # no blank line at the end: whole
    b"data: " + HI + b"\n\n" + ERROR_BODY[:20],  # bare JSON after the events, cut
    b"data: \n\n: only a comment\n\n",  # a stream without a response
    b"data: [DONE]\n\ndata: " + HI[:9],
    b"data: " + NOTED + b"\n\ndata: " + HI[:9],  # a note, which does not stop the decoder
    b"data:" + WRONG + b"\n\ndata:" + HI[:9],  # without the space after data:
    b'data: {"error": "text"}\n\ndata: ' + HI[:9],  # an error key, but no error body: read as a response
]


@pytest.mark.parametrize("body", SSE_BODIES)
def test_sse_findings_are_the_findings_of_linting_each_event_and_decoding_the_stream(body: bytes) -> None:
    settings = Settings()
    assert sse_findings(body, settings) == sse_findings_twice(body, settings)


@pytest.mark.skipif(not STREAMS.is_dir(), reason=f"the shared corpus is absent ({STREAMS})")
def test_recorded_sse_streams_cut_anywhere_have_the_findings_they_had() -> None:
    settings = Settings()
    for path in sorted(STREAMS.glob("*.sse")):
        data = path.read_bytes()
        for cut in [*range(0, len(data), max(len(data) // 23, 1)), len(data)]:
            body = data[:cut]
            assert sse_findings(body, settings) == sse_findings_twice(body, settings), (path.name, cut)


def test_sse_findings_parse_each_event_once(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    decoded: list[bytes] = []
    dialect = settings.resolved

    def counting(decode: Any) -> Any:
        def counted(data: bytes) -> Any:
            decoded.append(bytes(data).removeprefix(b" "))
            return decode(data)

        return counted

    monkeypatch.setattr(dialect, "decode_response", counting(dialect.decode_response))
    monkeypatch.setattr(dialect, "decode_error", counting(dialect.decode_error))
    found = sse_findings(b"data: " + HI + b"\n\ndata: " + ERROR_BODY + b"\n\ndata: " + HI[:30], settings)
    assert [f.code for f in found] == ["GW120"]
    # lint parsed each event; the decoder only framed them, and decoded the one the stream ends
    # in, which lint does not read (decoding it tells whether it is cut)
    assert decoded == [HI[:30]]
    decoded.clear()
    found = sse_findings(b"data: " + HI + b"\n\ndata: " + WRONG + b"\n\ndata: " + HI[:30], settings)
    assert [f.code for f in found] == ["GW101"]
    assert decoded == []  # the decoder stops at the event with findings without decoding it again
    found = sse_findings(b"data: " + HI + b"\n\ndata: " + NOTED + b"\n\ndata: " + HI[:30], settings)
    assert [f.code for f in found] == ["GW114", "GW120"]  # a note does not stop the decoder
    assert decoded == [HI[:30]]


@pytest.mark.parametrize("style", ["'", '"'])
@pytest.mark.parametrize("width", [40, 80, 200])
def test_a_finding_in_a_folded_quoted_body_is_at_its_key(style: str, width: int) -> None:
    # vcrpy writes a long body as a quoted scalar that PyYAML folds at its spaces (width 80): the
    # finding is on the line and at the column of its key there, through folds and escapes.
    body = {"contents": [{"role": "user", "parts": [{"text": f"it's {'a ' * 30}\"test\""}]}]}
    body["generationConfig"] = {"maxOutputTokens": 100, "temperature": 7}
    answer = '{"candidates": [{"content": {"role": "model", "parts": [{"text": "ok"}]}, "finishReason": "STOP"}]}'
    request = {"body": json.dumps(body), "headers": {}, "method": "POST", "uri": f"{GEMINI}:generateContent"}
    response = {"body": {"string": answer}, "headers": {}, "status": {"code": 200, "message": "OK"}}
    cassette = {"interactions": [{"request": request, "response": response}], "version": 1}
    # PyYAML single-quotes such a body by itself; double quotes are asked for every scalar.
    data = yaml.dump(cassette, width=width, default_style=None if style == "'" else '"').encode()
    assert f"body: {style}".encode() in data or f'"body": {style}'.encode() in data
    assert width > 100 or data.count(b"\n") > 12  # folded over lines
    (found,) = check_recording("c.yaml", data, "gemini").findings
    assert (found.code, found.path) == ("GW318", "interactions[0].request.generationConfig.temperature")
    text = data.decode().split("\n")[found.line - 1][found.column - 1 :]
    assert text.startswith(('"temperature"', '\\"temperature\\"')), (width, found.line, found.column, text)


def cassetter(request_body: str, response_body: str, uri: str = f"{GEMINI}:generateContent") -> bytes:
    """A cassetter cassette of one call, its bodies given as YAML under `body:` (indented 4)."""
    return (
        f"version: 1\ninteractions:\n- request:\n    method: POST\n    uri: {uri}\n    body:\n{request_body}"
        f"  response:\n    status: 200\n    body:\n{response_body}"
    ).encode()


CASSETTER_ANSWER = "      type: json\n      content:\n        candidates:\n        - finishReason: STOP\n"


@pytest.mark.parametrize(
    ("request_body", "codes"),
    [
        # cassetter's typed bodies (its SPECIFICATION.md 1.2): read as the body, never as a request
        ("      type: json\n      content:\n        contents:\n        - parts:\n          - text: hi\n", []),
        ('      type: text\n      content: \'{"contents": [{"parts": [{"text": "hi"}]}], "temprature": 1}\'\n', ["GW102"]),
        ("      type: binary\n      content: " + b'{"contents": [{"parts": [{"text": "hi"}]}]}'.hex() + "\n", []),
        ("      type: binary\n      content: zz\n", ["GW100"]),
        ("      type: json\n      content: null\n", ["GW101"]),
        ("      type: none\n", []),
        # a body written as YAML whose keys are not only cassetter's is still the body itself
        ("      type: json\n      content: {}\n      contents: []\n", ["GW102", "GW102", "GW204"]),
    ],
)
def test_a_cassetter_body_is_read_as_its_type_says(request_body: str, codes: list[str]) -> None:
    checked = check_recording("c.yaml", cassetter(request_body, CASSETTER_ANSWER), "gemini")
    assert sorted(f.code for f in checked.findings) == codes, [str(f) for f in checked.findings]
    found = read("c.yaml", cassetter(request_body, CASSETTER_ANSWER))
    assert isinstance(found, Recording) and found.interactions[0].status == 200
    (interaction,) = found.interactions
    assert interaction.response is not None and b'"finishReason"' in interaction.response.data


def test_every_finding_names_file_line_and_interaction() -> None:
    found = []
    for path in sorted(CASSETTES.iterdir()):
        checked = check_recording(path.name, path.read_bytes(), "gemini")
        found += [(path.name, f.line, f.column, f.code, f.path) for f in checked.findings]
    assert found == EXPECTED


# --------------------------------------------------------------------------- the command line


def test_lint_a_folder_of_cassettes_counts_interactions() -> None:
    result = gw("lint", "--format", "json", "tests/cassettes")
    assert result.returncode == 1
    got = [(Path(f["file"]).name, f["line"], f["column"], f["code"], f["path"]) for f in json.loads(result.stdout)]
    assert got == EXPECTED
    text = gw("lint", "tests/cassettes").stdout
    assert "(21 interaction(s): 17 checked (gemini-v1beta 14, vertex-v1 3), 4 skipped (models: not generateContent 2, not a Google API call 2))" in text


def test_a_named_yaml_file_that_is_no_recording_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "ci.yml").write_text("jobs:\n  test:\n    runs-on: ubuntu-latest\n")
    named = gw("lint", str(tmp_path / "ci.yml"))
    assert named.returncode == 1 and "GW134 error: not a recognised format" in named.stdout
    walked = gw("lint", str(tmp_path))  # met in a folder: passed over
    assert walked.returncode == 0 and "0 file(s) checked" in walked.stdout


def test_a_broken_yaml_cassette_says_where(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("interactions:\n- request: {uri: 'x'\n")
    result = gw("lint", str(tmp_path))
    assert result.returncode == 1 and "broken.yaml:3:1: GW134 error: not a recognised format: not YAML" in result.stdout


def test_a_cassette_on_stdin_is_read_by_its_content() -> None:
    data = (CASSETTES / "go-vcr-v1.yaml").read_text()
    result = subprocess.run(
        [sys.executable, "-m", "gemini_wire.cli", "lint", "-"], input=data, capture_output=True, text=True
    )
    assert result.returncode == 1 and "-:5:118: GW304 error" in result.stdout


# --------------------------------------------------------------------------- real traffic


def rebuild(rows: list[dict[str, object]], folder: Path) -> None:
    """One vcrpy cassette per source file of the traffic rows, with its bodies as text."""
    files: dict[tuple[object, ...], list[dict[str, object]]] = collections.defaultdict(list)
    for r in rows:
        files[(r["project"], r["commit"], r["file"])].append(r)
    for n, group in enumerate(files.values()):
        interactions = [
            {
                "request": {"body": r["request_body"], "method": "POST", "uri": r["url"]},
                "response": {"body": {"string": r["response_body"]}, "status": {"code": r["status"]}},
            }
            for r in sorted(group, key=lambda r: int(str(r["interaction"])))
        ]
        cassette = {"interactions": interactions, "version": 1}
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        (folder / f"{n:03d}.yaml").write_text(yaml.dump(cassette, Dumper=dumper, width=1 << 20))


@pytest.mark.skipif(not TRAFFIC.exists(), reason="../shared/traffic is absent")
def test_real_traffic_cassettes_lint_in_the_dialect_and_model_of_each_url(tmp_path: Path) -> None:
    with lzma.open(TRAFFIC, "rt") as f:
        rows = [json.loads(line) for line in f]
    rebuild(rows, tmp_path)
    checked: collections.Counter[str] = collections.Counter()
    for path in sorted(tmp_path.iterdir()):
        result = check_recording(path.name, path.read_bytes(), "gemini")
        assert result.format == "vcrpy cassette"
        checked += result.tally.checked + result.tally.skipped
    expected: collections.Counter[str] = collections.Counter()
    for r in rows:
        version = str(r["url"]).split("/")[3]
        name = f"{r['dialect']}-{version}" if "googleapis.com" in str(r["url"]) else "gemini-v1beta"
        expected[name] += 1
    assert checked == expected


def test_a_body_that_cannot_be_read_is_a_finding_and_the_rest_is_checked() -> None:
    broken = base64.b64encode(gzip.compress(b'{"candidates": []}')[:12]).decode()
    cassette = f"""interactions:
- request:
    body: '{GOOD.decode()}'
    uri: {GEMINI}:generateContent
  response:
    body:
      string: !!binary |
        {broken}
    status: {{code: 200}}
- request:
    body: '{{"contents": [{{"role": "user", "parts": [{{"text": "hi"}}]}}], "temprature": 1}}'
    uri: {GEMINI}:generateContent
  response:
    body: {{string: '{{}}'}}
    status: {{code: 200}}
"""
    checked = check_recording("c.yaml", cassette.encode(), "gemini")
    assert [(f.code, f.line, f.path) for f in checked.findings] == [
        ("GW100", 8, "interactions[0].response"),
        ("GW102", 11, "interactions[1].request.temprature"),
    ]
    assert "the body cannot be read: a compressed body (gzip) cannot be decompressed" in checked.findings[0].message


def test_a_cassette_written_as_json_is_read_as_one() -> None:
    cassette = {
        "interactions": [
            {
                "request": {"body": GOOD.decode()[:-1] + ', "temprature": 1}', "uri": GEMINI + ":generateContent"},
                "response": {"body": {"string": "{}"}, "status": {"code": 200}},
            }
        ],
        "version": 1,
    }
    data = json.dumps(cassette, indent=2).encode()
    assert sniff("cassette.json", data) == "yaml"
    checked = check_recording("cassette.json", data, "gemini")
    assert checked.format == "vcrpy cassette"
    assert [(f.code, f.line) for f in checked.findings] == [("GW102", 5)]


def test_deflate_is_read_and_brotli_is_reported() -> None:
    answer = b'{"candidates": []}'
    deflated = base64.b64encode(zlib.compress(answer)).decode()
    brotli = base64.b64encode(bytes([0x1B, 0x0F])).decode()
    cassette = f"""interactions:
- request: {{uri: '{GEMINI}:generateContent'}}
  response:
    headers: {{Content-Encoding: [deflate]}}
    body: {{string: !!binary '{deflated}'}}
    status: {{code: 200}}
- request: {{uri: '{GEMINI}:generateContent'}}
  response:
    headers: {{Content-Encoding: [br]}}
    body: {{string: !!binary '{brotli}'}}
    status: {{code: 200}}
"""
    found = read("c.yaml", cassette.encode())
    assert isinstance(found, Recording)
    first, second = (i.response for i in found.interactions)
    assert first is not None and first.data == answer
    assert second is not None and "br encoding" in second.problem
