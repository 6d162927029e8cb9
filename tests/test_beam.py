"""gemini_wire.beam on the local runner: the transforms, and the pipeline against `gemini-wire lint`.

Runs in .venv-beam (`make test` runs it there: apache-beam needs protobuf < 7, the oracle tests
protobuf 7); skipped in an environment without apache-beam.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

beam = pytest.importorskip("apache_beam", reason="apache-beam is in .venv-beam (make test), not here")

from apache_beam.testing.util import assert_that, equal_to  # noqa: E402

from gemini_wire.beam import BatchLine, CodeSummary, FileSummary, LintLines, ReadBatchLines, Summarize  # noqa: E402
from gemini_wire.beam.pipeline import run  # noqa: E402
from gemini_wire.documents.batch import lines_of  # noqa: E402
from gemini_wire.documents.check import Selection  # noqa: E402

GOOD = {"contents": [{"role": "user", "parts": [{"text": "Summarise this review."}]}]}
# Lines that each break something, in the forms a batch file gets them wrong.
BAD_REQUESTS: list[dict[str, Any]] = [
    {"contents": [{"role": "user", "parts": [{}]}]},  # GW203: a part with no data
    {"contents": [{"role": "user", "parts": [{"text": "x"}]}], "temprature": 1},  # GW102
    {"contents": []},  # GW204
    {"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": {"stopSequences": ["a"] * 6}},
]
BAD_LINES = [b"not json", b"[1, 2]", b'"a string"', b'{"key": "lonely"}', b'{"key": 7, "request": {}}']
THINKING_LEVEL = {
    "contents": [{"role": "user", "parts": [{"text": "x"}]}],
    "generationConfig": {"thinkingConfig": {"thinkingLevel": "LOW"}},
}
# routingConfig is a field of Vertex AI only: GW111 on the Gemini API.
LABELS = {"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": {"routingConfig": {"autoMode": {}}}}


def dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def gemini_lines(rng: random.Random, prefix: str, count: int, repeated: list[str]) -> list[bytes]:
    """Batch API input lines: mostly good, some bad, some keys of `repeated` (seen elsewhere too)."""
    out: list[bytes] = []
    for n in range(count):
        key = rng.choice(repeated) if rng.random() < 0.1 else f"{prefix}-{n}"
        roll = rng.random()
        if roll < 0.15:
            out.append(rng.choice(BAD_LINES))
        elif roll < 0.35:
            out.append(dumps({"key": key, "request": rng.choice(BAD_REQUESTS)}))
        elif roll < 0.4:
            out.append(b"")  # blank lines count, and carry nothing
        else:
            line = dumps({"key": key, "request": GOOD})
            out.append(line + b"\r" if roll > 0.95 else line)  # written on Windows
    return out


def write_corpus(folder: Path, seed: int = 13) -> list[Path]:
    """Both dialects, input and output lines, bad lines, keys repeated within and across files,
    an empty file and a blank one."""
    rng = random.Random(seed)
    shared = ["shared-1", "shared-2"]
    vertex = [dumps({"request": rng.choice([GOOD, LABELS, *BAD_REQUESTS])}) for _ in range(30)]
    vertex += [
        dumps({"status": "", "request": GOOD, "response": {"candidates": []}}),
        dumps({"status": "Bad Request: contents missing", "request": {}}),
    ]
    output = [
        dumps({"key": "o1", "response": {"candidates": [{"content": {"role": "model", "parts": [{"text": "ok"}]}}]}}),
        dumps({"key": "o2", "error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT"}}),
        dumps({"key": "o2", "response": {"candidates": [], "unknownField": 1}}),
    ]
    files = {
        "jobs-a.jsonl": gemini_lines(rng, "a", 80, shared),
        "jobs-b.jsonl": gemini_lines(rng, "b", 50, shared),
        "vertex-jobs.jsonl": vertex,
        "gemini-output.jsonl": output,
        "empty.jsonl": [],
    }
    paths = []
    for name, lines in files.items():
        path = folder / name
        path.write_bytes(b"".join(line + b"\n" for line in lines))
        paths.append(path)
    blank = folder / "blank.jsonl"
    blank.write_bytes(b"\n\n")
    return [*paths, blank]


def cli_findings(files: list[Path], *options: str) -> set[tuple[Any, ...]]:
    """What `gemini-wire lint --format json` says of the files."""
    done = subprocess.run(
        [sys.executable, "-m", "gemini_wire.cli", "lint", "--format", "json", *options, *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    return {comparable(f) for f in json.loads(done.stdout)}


def comparable(f: dict[str, Any]) -> tuple[Any, ...]:
    return (f["file"], f["line"], f["column"], f["code"], f["severity"], f["path"], f["message"])


def pipeline_output(prefix: Path) -> tuple[set[tuple[Any, ...]], dict[str, Any]]:
    """The findings the pipeline wrote (as comparable tuples) and its summary."""
    rows = [
        json.loads(line)
        for shard in sorted(prefix.parent.glob(prefix.name + "-findings-*.jsonl"))
        for line in shard.read_text().splitlines()
    ]
    found = {comparable(f) for f in rows}
    assert len(found) == len(rows), "no finding is written twice"
    summary = json.loads(Path(f"{prefix}-summary.json").read_text())
    return found, summary


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def test_pipeline_finds_what_the_cli_finds(corpus: list[Path], tmp_path: Path) -> None:
    run(["--input", str(corpus[0].parent / "*.jsonl"), "--output", str(tmp_path / "lint")])
    found, _ = pipeline_output(tmp_path / "lint")
    expected = cli_findings(corpus)
    assert {f[3] for f in expected} >= {"GW100", "GW102", "GW130", "GW131", "GW132", "GW133", "GW203"}
    assert found == expected


def test_pipeline_takes_the_dialect_model_and_selection_of_the_cli(corpus: list[Path], tmp_path: Path) -> None:
    options = ["--dialect", "vertex", "--model", "gemini-2.5-flash", "--select", "GW1,GW2", "--ignore", "GW131"]
    run(["--input", str(corpus[0].parent / "*.jsonl"), "--output", str(tmp_path / "lint"), *options])
    found, _ = pipeline_output(tmp_path / "lint")
    assert found == cli_findings(corpus, *options)
    assert "GW131" not in {f[3] for f in found}


def test_pipeline_passes_beam_options_to_beam(corpus: list[Path], tmp_path: Path) -> None:
    beam_options = ["--runner", "DirectRunner", "--direct_num_workers", "1"]
    run(["--input", str(corpus[0]), "--output", str(tmp_path / "lint"), *beam_options])
    found, _ = pipeline_output(tmp_path / "lint")
    assert found == cli_findings(corpus[:1])


def test_a_pattern_that_matches_nothing_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for pattern in (tmp_path / "missing.jsonl", tmp_path / "*.jsonl"):
        with pytest.raises(SystemExit) as stop:
            run(["--input", str(pattern), "--output", str(tmp_path / "lint")])
        assert stop.value.code == 2
        assert f"no file matches '{pattern}'" in capsys.readouterr().err


def test_summary_counts_lines_and_findings_per_file_and_code(corpus: list[Path], tmp_path: Path) -> None:
    run(["--input", str(corpus[0].parent / "*.jsonl"), "--output", str(tmp_path / "lint")])
    found, summary = pipeline_output(tmp_path / "lint")
    by_file = {f["file"]: f for f in summary["by_file"]}
    with_lines = [p for p in corpus if p.stat().st_size]
    assert sorted(by_file) == sorted(str(p) for p in with_lines)  # the empty file has no line to count
    for path in with_lines:
        assert by_file[str(path)]["lines"] == path.read_bytes().count(b"\n")
        assert by_file[str(path)]["error"] == sum(f[0] == str(path) and f[4] == "error" for f in found)
    codes = {c["code"]: c["findings"] for c in summary["by_code"]}
    assert codes == {code: sum(f[3] == code for f in found) for code in {f[3] for f in found}}
    assert summary["lines"] == sum(f["lines"] for f in summary["by_file"])
    assert summary["error"] + summary["warning"] + summary["info"] == len(found)


def beam_command(*argv: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "gemini_wire.beam", *argv], capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_the_command_exits_one_on_errors_and_prints_the_totals(corpus: list[Path], tmp_path: Path) -> None:
    done = beam_command("--input", str(corpus[0].parent / "*.jsonl"), "--output", str(tmp_path / "lint"))
    assert done.returncode == 1, done.stderr
    summary = json.loads(Path(f"{tmp_path / 'lint'}-summary.json").read_text())
    assert summary["error"] > 0
    expected = (
        f"{summary['files']} file(s) checked ({summary['lines']} batch line(s)), {summary['error']} error(s), "
        f"{summary['warning']} warning(s), {summary['info']} info"
    )
    assert done.stdout.splitlines()[-1] == expected


def test_the_command_exits_zero_without_errors_and_two_on_a_usage_error(tmp_path: Path) -> None:
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(dumps({"key": "a", "request": GOOD}) + b"\n")
    done = beam_command("--input", str(clean), "--output", str(tmp_path / "lint"))
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0,
        "1 file(s) checked (1 batch line(s)), 0 error(s), 0 warning(s), 0 info",
    )
    assert beam_command("--input", str(tmp_path / "none-*.jsonl"), "--output", str(tmp_path / "x")).returncode == 2


def test_lines_read_in_spans_are_numbered_as_in_their_file(corpus: list[Path]) -> None:
    expected = [(str(f), n, text) for f in corpus for n, text in enumerate(lines_of(f.read_bytes()), 1)]
    with beam.Pipeline() as p:
        lines = p | ReadBatchLines(str(corpus[0].parent / "*.jsonl"), span=97)  # most lines cross a span's end
        assert_that(lines | beam.Map(lambda line: (line.file, line.number, line.text)), equal_to(expected))


def test_transforms_over_small_spans_find_what_the_cli_finds(corpus: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "findings.jsonl"
    with beam.Pipeline() as p:
        found = p | ReadBatchLines(str(corpus[0].parent / "*.jsonl"), span=300) | LintLines()
        _ = found | beam.Map(lambda f: json.dumps(f._asdict())) | beam.io.WriteToText(str(out), shard_name_template="")
    assert {comparable(json.loads(line)) for line in out.read_text().splitlines()} == cli_findings(corpus)


def test_duplicate_keys_across_files_are_found_in_corpus_scope(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(dumps({"key": "k", "request": GOOD}) + b"\n")
    (tmp_path / "b.jsonl").write_bytes(b"\n" + dumps({"key": "k", "request": GOOD}) + b"\n")
    for scope, expected in (("file", set()), ("corpus", {(str(tmp_path / "b.jsonl"), 2, "GW131")})):
        with beam.Pipeline() as p:
            found = p | ReadBatchLines(str(tmp_path / "*.jsonl")) | LintLines(duplicate_keys=scope)
            assert_that(found | beam.Map(lambda f: (f.file, f.line, f.code)), equal_to(expected))
    with beam.Pipeline() as p:
        found = p | ReadBatchLines(str(tmp_path / "*.jsonl")) | LintLines(duplicate_keys="corpus")
        messages = found | beam.Map(lambda f: f.message)
        assert_that(messages, equal_to([f"key `k` is also the key of line 1 of {tmp_path / 'a.jsonl'}"]))


def test_a_line_can_carry_its_own_dialect_and_model() -> None:
    lines = [
        BatchLine("jobs.jsonl", 1, dumps({"request": LABELS})),
        BatchLine("jobs.jsonl", 2, dumps({"request": LABELS}), dialect="vertex"),
        # 2.0 Flash does not think (GW312) nor take a level (GW314); the pipeline's 3 Pro takes LOW.
        BatchLine("jobs.jsonl", 3, dumps({"request": THINKING_LEVEL}), dialect="vertex", model="gemini-2.0-flash"),
        BatchLine("jobs.jsonl", 4, dumps({"request": THINKING_LEVEL}), dialect="vertex"),
    ]
    with beam.Pipeline() as p:
        found = p | beam.Create(lines) | LintLines(model="gemini-3-pro-preview")
        assert_that(found | beam.Map(lambda f: (f.line, f.code)), equal_to([(1, "GW111"), (3, "GW312"), (3, "GW314")]))


def test_a_file_named_vertex_is_read_as_vertex_unless_told() -> None:
    lines = [BatchLine("vertex-jobs.jsonl", 1, dumps({"request": LABELS}))]
    with beam.Pipeline() as p:
        assert_that(p | "vertex" >> beam.Create(lines) | "by name" >> LintLines(), equal_to([]))
        told = p | "told" >> beam.Create(lines) | "gemini" >> LintLines(dialect="gemini")
        assert_that(told | beam.Map(lambda f: f.code), equal_to(["GW111"]), label="told")


def test_findings_carry_the_key_of_their_line() -> None:
    lines = [BatchLine("jobs.jsonl", 7, dumps({"key": "q7", "request": BAD_REQUESTS[0]}))]
    with beam.Pipeline() as p:
        found = p | beam.Create(lines) | LintLines()
        assert_that(found | beam.Map(lambda f: (f.key, f.line, f.code)), equal_to([("q7", 7, "GW203")]))


def test_summarize_counts_per_file_and_per_code() -> None:
    lines = [
        BatchLine("a.jsonl", 1, b"not json"),
        BatchLine("a.jsonl", 2, b""),
        BatchLine("b.jsonl", 1, dumps({"key": "x", "request": GOOD})),
    ]
    with beam.Pipeline() as p:
        read = p | beam.Create(lines)
        summary = (read, read | LintLines(selection=Selection(ignore=("GW131",)))) | Summarize()
        files = [FileSummary("a.jsonl", 2, 1, 0, 0), FileSummary("b.jsonl", 1, 0, 0, 0)]
        assert_that(summary["files"], equal_to(files), label="files")
        assert_that(summary["codes"], equal_to([CodeSummary("GW100", "error", 1)]), label="codes")


def test_unknown_duplicate_scope_is_refused() -> None:
    with pytest.raises(ValueError, match="duplicate_keys"):
        LintLines(duplicate_keys="everywhere")


def test_the_benchmark_runs_on_a_tiny_file(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import beam_batch
    finally:
        sys.path.pop(0)
    beam_batch.main(["--size", "20K"])
    table = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert [row.split(" | ")[0] for row in table[2:]] == [
        "| gemini-wire lint --jobs 1",
        "| gemini-wire lint --jobs 2",
        *(f"| {name}" for name in beam_batch.BEAM_MODES),
    ]


def test_no_output_of_the_pipeline_holds_a_secret(tmp_path: Path) -> None:
    # A key as a batch line's key, as a wrong value (quoted by its finding), as an unknown member
    # (a finding's path), in a URL of the request, and in the file's name.
    key = "AIza" + "Sy" + "Dq3x7Vb9Kf2Lm8Np4Rs6Tu1Wy5Zc0Ae3G"
    request = {
        "contents": [{"role": "user", "parts": [{"fileData": {"fileUri": f"https://x/f?token={key[4:]}", "mimeType": 7}}]}],
        "generationConfig": {"maxOutputTokens": key},
        key: 1,
    }
    line = dumps({"key": key, "request": request})
    (tmp_path / f"batch-{key}.jsonl").write_bytes(line + b"\n" + line + b"\n")  # and GW131, the key repeated
    run(["--input", str(tmp_path / "*.jsonl"), "--output", str(tmp_path / "out" / "lint")])
    written = "".join(p.read_text() for p in sorted((tmp_path / "out").iterdir()))
    assert {"GW101", "GW102", "GW131"} <= {json.loads(row)["code"] for row in written.splitlines() if row.startswith("{\"file\"")}
    assert key not in written and key[4:] not in written and "***" in written
