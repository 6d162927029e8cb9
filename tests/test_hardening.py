"""Hostile input (issue 11): every entry point gives a value or a finding, never another exception.

One behaviour per test, each a class of input that once crashed, dropped data or misled.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest

from gemini_wire import WireError, encode, gemini, unknown_fields, vertex
from gemini_wire.cli.fmt import Unformattable, canonical_file
from gemini_wire.documents.check import Selection, Settings, check_document
from gemini_wire.limits import MAX_DEPTH, too_deep
from gemini_wire.stream import StreamDecoder

TEXT = {"role": "user", "parts": [{"text": "hi"}]}


def body(**fields: Any) -> bytes:
    fields.setdefault("contents", [TEXT])
    return json.dumps(fields).encode()


def nested(levels: int, inner: bytes = b"1") -> bytes:
    """A JSON value that is `levels` objects deep."""
    return b'{"a":' * levels + inner + b"}" * levels


def args_request(value: bytes) -> bytes:
    return b'{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":' + value + b"}}]}]}"


def args_response(value: bytes) -> bytes:
    return b'{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":' + value + b"}}]}}]}"


def refused(decode: Callable[[Any], Any], data: Any) -> list[Any]:
    with pytest.raises(WireError) as info:
        decode(data)
    return info.value.findings


def stream(data: bytes) -> list[Any]:
    decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
    return decoder.feed(data) + decoder.close()


# --------------------------------------------------------------------------- nesting


def test_nesting_up_to_the_limit_decodes() -> None:
    # args (level 7 of the request) holds objects down to exactly MAX_DEPTH levels in all.
    request = gemini.decode_request(args_request(nested(MAX_DEPTH - 6)))
    assert request.contents[0].parts[0].function_call.args is not msgspec.UNSET


@pytest.mark.parametrize("levels", [MAX_DEPTH, 1_000, 100_000])
@pytest.mark.parametrize(
    "decode",
    [gemini.decode_request, vertex.decode_request],
    ids=["gemini", "vertex"],
)
def test_nesting_past_the_limit_is_a_finding_at_the_bracket(decode: Any, levels: int) -> None:
    data = args_request(nested(levels))
    (f,) = refused(decode, data)
    assert (f.code, f.line) == ("GW100", 1)
    assert data[f.column - 1 : f.column] == b"{"
    assert f"{MAX_DEPTH} levels" in f.message


@pytest.mark.parametrize("where", ["args", "responseJsonSchema", "schema", "details", "array"])
def test_nesting_anywhere_is_refused_by_decode_and_lint(where: str) -> None:
    deep = nested(5_000)
    data = {
        "args": args_request(deep),
        "responseJsonSchema": b'{"contents":[],"generationConfig":{"responseJsonSchema":' + deep + b"}}",
        "schema": b'{"generationConfig":{"responseSchema":' + b'{"items":' * 3_000 + b"{}" + b"}" * 3_000 + b"}}",
        "details": b'{"error":{"code":400,"details":[' + deep + b"]}}",
        "array": b"[" * 5_000 + b"]" * 5_000,
    }[where]
    decode, lint = (gemini.decode_error, gemini.lint_error) if where == "details" else (
        gemini.decode_request,
        gemini.lint_request,
    )
    assert [f.code for f in refused(decode, data)] == ["GW100"]
    assert [f.code for f in lint(data)] == ["GW100"]
    assert [f.code for f in lint(data.decode())] == ["GW100"]


def test_nesting_in_a_response_is_refused_by_decode_lint_and_both_streams() -> None:
    data = args_response(nested(5_000))
    assert [f.code for f in refused(gemini.decode_response, data)] == ["GW100"]
    assert [f.code for f in gemini.lint_response(data)] == ["GW100"]
    for framed in (b"data: " + data + b"\n\n", b"[" + data + b"]", b"data: " + data):
        assert [f.code for f in refused(stream, framed)] == ["GW121"]


def test_nesting_in_a_document_or_batch_line_is_a_finding_for_the_cli() -> None:
    data = args_request(nested(5_000))
    assert [f.code for f in check_document(data, Settings()).findings] == ["GW100"]
    assert [f.code for f in check_document(b'{"request":' + data + b"}", Settings(), line=True).findings] == ["GW100"]
    with pytest.raises(Unformattable):
        canonical_file(data, Settings(), batch=False)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = "[{" * 10_000
    assert too_deep(body(contents=[{"role": "user", "parts": [{"text": text}]}])) is None
    gemini.decode_request(body(contents=[{"role": "user", "parts": [{"text": text}]}]))


def test_cut_off_nesting_is_counted_too() -> None:
    assert too_deep(b"[" * (MAX_DEPTH + 1)) == MAX_DEPTH


def test_encode_reaches_as_deep_whether_or_not_a_struct_keeps_unknown_keys() -> None:
    deep: Any = 1
    for _ in range(600):
        deep = {"a": deep}
    response = msgspec.convert(
        {"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": deep}}]}}]},
        gemini.GenerateContentResponse,
    )
    alone = encode(response)
    kept = gemini.decode_response(b'{"somethingNew": 1}')  # a live Struct with an unknown key
    assert unknown_fields(kept) == {("somethingNew",): 1}
    assert encode(response) == alone


# --------------------------------------------------------------------------- text and numbers


def test_lone_surrogate_in_a_str_is_a_finding_with_its_position() -> None:
    data = '{"contents": [{"role": "user", "parts": [{"text": "a\ud800"}]}]}'
    for findings in (refused(gemini.decode_request, data), gemini.lint_request(data)):
        (f,) = findings
        assert (f.code, f.line, f.column) == ("GW100", 1, 53)
        assert "U+D800" in f.message


@pytest.mark.parametrize(
    "fields",
    [
        {"generationConfig": {"candidateCount": "9" * 5_000}},
        {"generationConfig": {"seed": "-" + "9" * 5_000}},
        {"safetySettings": [{"category": "9" * 5_000, "threshold": "BLOCK_NONE"}]},
    ],
    ids=["int32", "negative", "enum-number"],
)
def test_integer_strings_past_4300_digits_are_findings(fields: dict[str, Any]) -> None:
    data = body(**fields)
    findings = refused(gemini.decode_request, data)
    assert {f.code for f in findings} <= {"GW105", "GW109"}
    assert all(len(f.message) < 200 for f in findings)
    assert {f.code for f in gemini.lint_request(data)} <= {"GW105", "GW109", "GW604", "GW606"}


def test_integer_string_past_4300_digits_as_a_response_enum_is_kept() -> None:
    data = b'{"candidates": [{"finishReason": "' + b"9" * 5_000 + b'"}]}'
    response = gemini.decode_response(data)
    assert json.loads(encode(response)) == json.loads(data)


def test_sse_retry_past_4300_digits_is_ignored() -> None:
    decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
    items = decoder.feed(b"retry: " + b"9" * 5_000 + b"\ndata: {}\n\n") + decoder.close()
    assert len(items) == 1
    assert decoder.retry is None


@pytest.mark.parametrize("literal", [b"1" + b"0" * 309, b"-1" + b"0" * 400])
def test_integer_literal_past_the_double_range_in_a_float_field_is_a_finding(literal: bytes) -> None:
    data = b'{"contents":[],"generationConfig":{"temperature":' + literal + b"}}"
    (f,) = [f for f in refused(gemini.decode_request, data) if f.path == "generationConfig.temperature"]
    assert f.code == "GW109"
    assert len(f.message) < 200
    assert "GW109" in {f.code for f in gemini.lint_request(data)}


# --------------------------------------------------------------------------- nothing dropped

CHUNK_A = b'{"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}]}'
CHUNK_B = b'{"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"finishReason":"STOP","index":0}]}'


@pytest.mark.parametrize(
    "body",
    [b"[" + CHUNK_A + b",\r\n" + CHUNK_B, b"[" + CHUNK_A + b",\r\n" + CHUNK_B + b",\r\n{\"cand"],
    ids=["no-closing-bracket", "cut-inside-the-next"],
)
def test_stream_error_at_close_carries_the_responses_it_completed(body: bytes) -> None:
    decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
    got = decoder.feed(body)
    with pytest.raises(WireError) as info:
        decoder.close()
    got += info.value.responses
    assert [r.candidates[0].content.parts[0].text for r in got] == ["Hel", "lo"]
    assert info.value.findings[0].code == "GW120"
    with pytest.raises(WireError) as again:  # a later call repeats the error, not the responses
        decoder.close()
    assert again.value.responses == []


def test_iter_responses_yields_every_response_before_raising() -> None:
    from gemini_wire.stream import iter_responses

    got: list[Any] = []
    with pytest.raises(WireError):
        for item in iter_responses([b"[" + CHUNK_A, b",\r\n" + CHUNK_B]):
            got.append(item)
    assert len(got) == 2


def test_nan_and_infinity_in_a_repeated_float_survive_re_encoding() -> None:
    data = b'{"candidates":[{"groundingMetadata":{"groundingSupports":[{"confidenceScores":[0.5,"NaN","-Infinity"]}]}}]}'
    encoded = encode(gemini.decode_response(data))
    assert json.loads(encoded) == json.loads(data)
    assert encode(gemini.decode_response(encoded)) == encoded


def test_fmt_writes_nan_in_a_repeated_float_as_a_string() -> None:
    data = b'{"candidates":[{"groundingMetadata":{"groundingSupports":[{"confidenceScores":["NaN"]}]}}]}'
    written = canonical_file(data, Settings(), batch=False)
    assert b'"confidenceScores":["NaN"]' in written  # (fmt keeps the file's compact layout)
    assert json.loads(written)["candidates"][0]["groundingMetadata"]["groundingSupports"][0]["confidenceScores"] == ["NaN"]


def cli(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The command line in a child process, output as bytes (a file name may not be UTF-8)."""
    done = subprocess.run([sys.executable, "-m", "gemini_wire.cli", *argv], capture_output=True, cwd=cwd)
    assert b"Traceback" not in done.stderr, done.stderr
    return done


def test_one_line_that_breaks_the_checker_stays_a_finding_on_that_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from gemini_wire.documents import batch

    real = batch.check_document

    def fragile(text: bytes, settings: Settings, *, line: bool = False) -> Any:
        if b"boom" in text:
            raise RuntimeError("boom")
        return real(text, settings, line=line)

    monkeypatch.setattr(batch, "check_document", fragile)
    good = b'{"key": "a", "request": {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}}'
    bad = b'{"key": "b", "request": {"contents": [{"role": "user", "parts": [{"text": "boom"}]}]}}'
    later = b'{"key": "c", "request": {"contents": [], "temperature": 1}}'
    data = b"\n".join([good, bad, later]) + b"\n"
    chunks = list(batch.check_stream(io.BytesIO(data), Settings(), Selection(), jobs=1))
    found = [(f.line, f.code) for c in chunks for f in c.findings]
    assert (2, "GW100") in found
    assert (3, "GW102") in found
    assert sum(c.lines for c in chunks) == 3


@pytest.mark.skipif(sys.platform != "linux", reason="a file system that takes any bytes in a name")
@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_a_file_name_that_is_not_utf8_keeps_its_findings_in_every_format(tmp_path: Path, output: str) -> None:
    name = b"caf\xe9.json"
    with open(os.fsencode(tmp_path) + b"/" + name, "wb") as f:
        f.write(b'{"contents": [], "temperature": 1}')
    done = cli("lint", "--format", output, os.fsdecode(name), cwd=tmp_path)
    assert done.returncode == 1
    assert b"GW102" in done.stdout
    if output == "json":
        assert {f["file"] for f in json.loads(done.stdout)} == {"caf\\xe9.json"}
    elif output == "sarif":
        (result, *_) = json.loads(done.stdout)["runs"][0]["results"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.json"
    else:
        assert b"caf\\xe9.json" in done.stdout


def test_an_int64_string_out_of_range_is_refused_under_either_spelling() -> None:
    for key in ("maxItems", "max_items"):
        schema = {"type": "ARRAY", "items": {"type": "STRING"}, key: "9" * 25}
        data = body(generationConfig={"responseMimeType": "application/json", "responseSchema": schema})
        (f,) = refused(gemini.decode_request, data)
        assert (f.code, f.path) == ("GW109", f"generationConfig.responseSchema.{key}")
        assert [f.code for f in gemini.lint_request(data)] == ["GW109"]


# --------------------------------------------------------------------------- time and memory


def test_every_finding_of_many_gets_the_position_of_its_own_element() -> None:
    parts = ",\n".join(["{}"] * 2_000)
    text = f'{{"contents": [{{"role": "user", "parts": [\n{parts}]}}]}}'
    found = [f for f in gemini.lint_request(text) if f.code == "GW203"]
    assert len(found) == 2_000
    assert [(f.line, f.column) for f in found] == [(i + 2, 1) for i in range(2_000)]
    assert [f.path for f in found] == [f"contents[0].parts[{i}]" for i in range(2_000)]


def test_positions_of_one_finding_after_a_long_string_take_memory_of_the_order_of_the_input() -> None:
    import tracemalloc

    from gemini_wire.positions import locate_all

    size = 4 << 20
    text = b'{"a": "' + b"A" * size + b'", "b": 1}'
    tracemalloc.start()
    try:
        where = locate_all(text, [("b",)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert where == {("b",): (1, size + 11, ("b",))}
    assert peak < 2 * size


def test_a_key_given_twice_is_placed_at_the_last_one_which_wins() -> None:
    text = '{"contents": [],\n "model": "x",\n "model": "bad name"}'
    (f,) = [f for f in gemini.lint_request(text) if f.code == "GW113"]
    assert (f.line, f.column) == (3, 2)


def test_the_second_spelling_of_a_field_is_the_one_placed() -> None:
    text = '{"contents": [],\n "generationConfig": {"topK": 1,\n "top_k": 2}}'
    (f,) = [f for f in gemini.lint_request(text) if f.code == "GW103"]
    assert (f.line, f.column, f.path) == (3, 2, "generationConfig.top_k")


def lint_cli(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """The lint command in this process, with standard input given as bytes."""
    from gemini_wire.cli import args, commands

    out, err = io.StringIO(), io.StringIO()
    real = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        options = args.parse(["lint", *argv])
        assert isinstance(options, args.LintOptions)
        code = commands.lint(options, out, err)
    finally:
        sys.stdin = real
    return code, out.getvalue(), err.getvalue()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_before_it_is_read() -> None:
    code, _, err = lint_cli("/dev/zero")
    assert code == 2
    assert "/dev/zero: cannot read: not a regular file" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_folder_is_refused_and_the_walk_goes_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "waiting.json")
    (tmp_path / "ok.json").write_bytes(body())
    done = subprocess.run(
        [sys.executable, "-m", "gemini_wire.cli", "lint", str(tmp_path)], capture_output=True, timeout=60
    )
    assert done.returncode == 2
    assert b"waiting.json: cannot read: not a regular file" in done.stderr
    assert b"ok.json: ok" in done.stdout


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gemini_wire.documents import sources

    monkeypatch.setattr(sources, "MAX_DOCUMENT", 1_000)
    big = tmp_path / "big.json"
    big.write_bytes(body(contents=[{"role": "user", "parts": [{"text": "x" * 2_000}]}]))
    code, _, err = lint_cli(str(big))
    assert code == 2
    assert "big.json: cannot read: 2,057 bytes, more than the 1,000 bytes" in err


def test_standard_input_past_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from gemini_wire.documents import sources

    monkeypatch.setattr(sources, "MAX_DOCUMENT", 1_000)
    code, _, err = lint_cli("-", stdin=b" " * 5_000)
    assert code == 2
    assert "-: cannot read: more than" in err


def test_a_batch_line_past_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from gemini_wire.documents import batch
    from gemini_wire.documents.sources import Refused

    monkeypatch.setattr(batch, "MAX_DOCUMENT", 1_000)
    with pytest.raises(Refused, match="a line longer than 1,000 bytes"):
        list(batch.pieces(io.BytesIO(b"{}\n" + b"0" * 5_000), size=10))


def test_jobs_are_capped_by_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    from gemini_wire.documents import batch, formats

    asked: list[int] = []

    def recording(stream: Any, settings: Any, selection: Any, jobs: int, size: int = batch.CHUNK) -> Any:
        asked.append(jobs)
        return iter(())

    monkeypatch.setattr(formats, "check_stream", recording)
    lint_cli("--jobs", "100000", "--stdin-filename", "b.jsonl", "-")
    assert asked == [batch.cores()]


# --------------------------------------------------------------------------- messages

LONG = "q" * 1_000_000
DECLARED = {"functionDeclarations": [{"name": "known", "description": "d"}]}


def call_turns(call: str, answer: str) -> list[dict[str, Any]]:
    return [
        TEXT,
        {"role": "model", "parts": [{"functionCall": {"name": call, "args": {}}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": answer, "response": {}}}]},
    ]


ECHOES: dict[str, tuple[str, dict[str, Any]]] = {
    "GW102": ("gemini", {LONG: 1}),
    "GW105": ("gemini", {"safetySettings": [{"category": LONG, "threshold": "BLOCK_NONE"}]}),
    "GW113": ("gemini", {"model": LONG}),
    "GW205": ("gemini", {"contents": [{"role": LONG, "parts": [{"text": "hi"}]}]}),
    "GW212": ("gemini", {"tools": [{"functionDeclarations": [{"name": LONG, "description": "d"}]}]}),
    "GW213": ("gemini", {"contents": [{"role": "user", "parts": [{"inlineData": {"mimeType": LONG, "data": "AAAA"}}]}]}),
    "GW214": ("gemini", {"contents": [{"role": "user", "parts": [{"fileData": {"mimeType": "video/mp4", "fileUri": LONG}}]}]}),
    "GW216": (
        "gemini",
        {"contents": [{"role": "user", "parts": [{"fileData": {"mimeType": "x/" + LONG, "fileUri": "https://youtu.be/x"}}]}]},
    ),
    "GW324": ("gemini", {"generationConfig": {"imageConfig": {"aspectRatio": LONG}}}),
    "GW325": ("gemini", {"generationConfig": {"responseMimeType": LONG}}),
    "GW402": (
        "gemini",
        {"tools": [{"functionDeclarations": [{"name": "f", "parameters": {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": [LONG]}}]}]},
    ),
    "GW408": ("gemini", {"generationConfig": {"responseMimeType": "application/json", "responseJsonSchema": {LONG: 1}}}),
    "GW505": (
        "gemini",
        {"tools": [DECLARED], "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": [LONG]}}},
    ),
    "GW507": ("gemini", {"tools": [{"functionDeclarations": [{"name": "f" + LONG}, {"name": "f" + LONG}]}]}),
    "GW601": ("vertex", {"labels": {LONG: LONG}}),
    "GW602": ("gemini", {"cachedContent": LONG}),
    "GW703": ("gemini", {"contents": call_turns("known", LONG)}),
    "GW705": ("gemini", {"tools": [DECLARED], "contents": call_turns(LONG, LONG)}),
}


@pytest.mark.parametrize("code", sorted(ECHOES))
def test_a_long_value_is_cut_to_an_excerpt_with_its_length(code: str) -> None:
    dialect, fields = ECHOES[code]
    module = gemini if dialect == "gemini" else vertex
    found = module.lint_request(body(**fields))
    assert code in {f.code for f in found}
    for f in found:
        assert len(f.message) < 300 and len(f.hint) < 600, (f.code, f.message[:100], f.hint[:100])
    (echo, *_) = [f for f in found if f.code == code]
    assert "1,000,00" in echo.message  # the length of what was cut (a prefix adds a character)


def only(findings: list[Any], code: str) -> Any:
    (f,) = [f for f in findings if f.code == code]
    return f


def test_a_batch_line_without_its_request_wrapper_is_told_to_wrap_it() -> None:
    line = b'{"key": "q1", "contents": [{"role": "user", "parts": [{"text": "hi"}]}]}'
    found = check_document(line, Settings(), line=True).findings
    assert [f.code for f in found] == ["GW132"]
    assert '"request"' in found[0].hint


def test_a_bare_request_line_in_a_batch_file_is_a_finding_and_its_own_problems_too() -> None:
    line = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "temperature": 1}'
    assert [f.code for f in check_document(line, Settings(), line=True).findings] == ["GW132", "GW102"]


def test_two_spellings_of_an_object_field_are_told_to_merge() -> None:
    data = body(generationConfig={"topK": 1}, generation_config={"topP": 1})
    f = only(gemini.lint_request(data), "GW103")
    assert f.path == "generation_config" and "merge" in f.hint


def test_a_utf8_bom_is_named_as_such() -> None:
    f = only(gemini.lint_request(b"\xef\xbb\xbf" + body()), "GW100")
    assert "byte order mark" in f.message and (f.line, f.column) == (1, 1)


@pytest.mark.parametrize("data", [b"", b"  \n", ""])
def test_an_empty_input_is_named_as_such(data: bytes | str) -> None:
    f = only(gemini.lint_request(data), "GW100")
    assert "empty" in f.message and (f.line, f.column) == (1, 1)


def test_a_number_past_the_double_range_is_placed_at_the_number() -> None:
    data = b'{"contents": [],\n "generationConfig": {"temperature": 1e309}}'
    f = only(gemini.lint_request(data), "GW100")
    assert (f.line, f.column) == (2, 38)


def test_nan_against_a_range_does_not_claim_to_be_above_it() -> None:
    f = only(gemini.lint_request(body(generationConfig={"temperature": "NaN"})), "GW318")
    assert "above" not in f.message and "NaN" in f.message


def test_a_short_category_gets_its_full_name_and_no_contradiction() -> None:
    found = gemini.lint_request(body(safetySettings=[{"category": "HARASSMENT", "threshold": "BLOCK_NONE"}]))
    assert [f.code for f in found] == ["GW105"]
    assert "HARM_CATEGORY_HARASSMENT" in found[0].hint


def test_a_data_url_prefix_in_base64_is_named_in_the_hint() -> None:
    data = body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "data:image/png;base64,AAAA"}}]}])
    assert "data:image/png;base64," in only(gemini.lint_request(data), "GW106").hint


def test_a_generation_parameter_at_the_top_points_into_generation_config() -> None:
    f = only(gemini.lint_request(body(temperature=0.5)), "GW102")
    assert "generationConfig.temperature" in f.hint


def test_strategies_without_hypothesis_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setitem(sys.modules, "hypothesis", None)  # what an absent package looks like
    monkeypatch.delitem(sys.modules, "gemini_wire.strategies", raising=False)
    with pytest.raises(ModuleNotFoundError, match=r"needs hypothesis .*: python -m pip install hypothesis"):
        importlib.import_module("gemini_wire.strategies")


@pytest.mark.parametrize("cut", range(1, 12))
def test_a_stream_error_says_the_same_whatever_the_byte_split(cut: int) -> None:
    bad = b'[{"candidates": []}\n x\xe2\x82\xac garbage]'
    decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
    at = bad.index(b" x") + cut
    with pytest.raises(WireError) as info:
        decoder.feed(bad[:at])
        decoder.feed(bad[at:])
        decoder.close()
    assert info.value.findings[0].message == "expected `,` or `]`, got `x`"


def schema_chain(levels: int) -> bytes:
    inner = b'{"type":"ARRAY","items":' * levels + b'{"type":"STRING"}' + b"}" * levels
    return b'{"contents":[],"generationConfig":{"responseMimeType":"application/json","responseSchema":' + inner + b"}}"


@pytest.mark.parametrize(
    ("decode", "make"),
    [
        (gemini.decode_request, lambda n: args_request(nested(n))),
        (gemini.decode_response, lambda n: args_response(nested(n))),
        (vertex.decode_request, lambda n: args_request(nested(n))),
        (gemini.decode_request, schema_chain),
        (gemini.decode_error, lambda n: b'{"error":{"code":1,"details":[' + nested(n) + b"]}}"),
    ],
    ids=["request-args", "response-args", "vertex-args", "schema-items", "error-details"],
)
def test_the_fast_path_and_the_scan_agree_at_the_nesting_limit(decode: Any, make: Any) -> None:
    # Canonical input is parsed by msgspec first and its nesting checked on the Structs; the
    # scan of the text decides everywhere else. Around the limit both give the same verdict.
    for levels in range(MAX_DEPTH - 12, MAX_DEPTH + 2):
        data = make(levels)
        assert refused_for_depth(decode, data) == (too_deep(data) is not None), levels


def refused_for_depth(decode: Callable[[bytes], Any], data: bytes) -> bool:
    """Whether `decode` refuses `data` for its nesting."""
    try:
        decode(data)
    except WireError as e:
        return any("levels deep" in f.message for f in e.findings)
    return False


# Every place of a request where JSON can nest without bound, as the written decode of a request
# (codegen/quick.py: `decode_<root>`, its depth arithmetic done when written) reaches it: `@`
# stands for the value. Each site has its own path length, so each is checked on its own.
DEEP_SITES = {
    "args": b'{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":@}}]}]}',
    "system-args": b'{"contents":[],"systemInstruction":{"parts":[{"functionCall":{"name":"f","args":@}}]}}',
    "response": b'{"contents":[{"role":"user","parts":[{"functionResponse":{"name":"f","response":@}}]}]}',
    "text-metadata": b'{"contents":[{"role":"user","parts":[{"text":"a","partMetadata":@}]}]}',
    "parameters-json": b'{"contents":[],"tools":[{"functionDeclarations":[{"name":"f","parametersJsonSchema":@}]}]}',
    "example": b'{"contents":[],"tools":[{"functionDeclarations":[{"name":"f","parameters":{"example":@}}]}]}',
    "property-default": (
        b'{"contents":[],"tools":[{"functionDeclarations":[{"name":"f","parameters":'
        b'{"type":"OBJECT","properties":{"p":{"type":"OBJECT","default":@}}}}]}]}'
    ),
    "items-example": (
        b'{"contents":[],"tools":[{"functionDeclarations":[{"name":"f","response":'
        b'{"type":"ARRAY","items":{"type":"ARRAY","items":{"example":@}}}}]}]}'
    ),
    "response-json-schema": b'{"contents":[],"generationConfig":{"responseJsonSchema":@}}',
    "any-of-example": b'{"contents":[],"generationConfig":{"responseSchema":{"anyOf":[{"anyOf":[{"example":@}]}]}}}',
}
# Shapes of the deep value, `n` levels in all, an object outside (what a data field holds): through
# objects, through arrays, through both in turn, and with the deep branch after a shallow one, at
# each of the first levels that the decode looks at in place before it calls bounds.deeper.
DEEP_SHAPES: dict[str, Callable[[int], bytes]] = {
    "objects": lambda n: nested(n),
    "arrays": lambda n: b'{"a":' + b"[" * (n - 1) + b"1" + b"]" * (n - 1) + b"}",
    "mixed": lambda n: b'{"a":[' * (n // 2) + (b"{}" if n % 2 else b"1") + b"]}" * (n // 2),
    "second": lambda n: b'{"x":1,"y":[2,' + nested(n - 2) + b"]}",
}


@pytest.mark.parametrize("shape", sorted(DEEP_SHAPES))
@pytest.mark.parametrize(
    ("dialect", "site"),
    # Vertex AI's Part has no partMetadata.
    [(d, site) for d in ("gemini", "vertex") for site in sorted(DEEP_SITES) if (d, site) != ("vertex", "text-metadata")],
)
def test_the_written_decode_measures_every_deep_site_as_the_scan_does(dialect: str, site: str, shape: str) -> None:
    decode = {"gemini": gemini, "vertex": vertex}[dialect].decode_request
    template, make = DEEP_SITES[site], DEEP_SHAPES[shape]
    decode(template.replace(b"@", make(3)))  # valid when shallow: the fast path decides below
    for levels in range(MAX_DEPTH - 12, MAX_DEPTH + 2):
        data = template.replace(b"@", make(levels))
        assert refused_for_depth(decode, data) == (too_deep(data) is not None), levels
    assert refused_for_depth(decode, data)


def test_a_lone_surrogate_escape_is_named_and_placed_even_at_the_end() -> None:
    data = b'{"contents": [], "model": "\\ud800"}'
    f = only(gemini.lint_request(data), "GW100")
    assert "lone surrogate" in f.message and (f.line, f.column) == (1, 28)


def test_a_last_sse_event_with_a_lone_surrogate_is_not_called_cut_off() -> None:
    findings = refused(stream, b'data: {"a": "\\ud800"}')
    assert [f.code for f in findings] == ["GW121"]
    assert "lone surrogate" in findings[0].message


def test_blank_lines_of_a_batch_file_are_not_counted_as_batch_lines(tmp_path: Path) -> None:
    line = b'{"key": "a", "request": {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}}'
    path = tmp_path / "b.jsonl"
    path.write_bytes(line + b"\n\n  \n" + line.replace(b'"a"', b'"b"') + b"\n")
    code, out, _ = lint_cli(str(path))
    assert code == 0
    assert "2 line(s)" in out and "(2 batch line(s))" in out
