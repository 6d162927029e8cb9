"""Batch output files: each answer checked against the request it answers (GW8xx), at its line.

A Gemini API results file (`{"key", "response"}` / `{"key", "error"}` lines) is joined by key to
the input file found beside it; a Vertex AI predictions file (`{"status", "processed_time",
"request", "response"}` lines) carries its requests. The files are written here by hand, and
from the real responses of `../shared/traffic` at run time (skipped when it is absent).
"""

from __future__ import annotations

import json
import lzma
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import inprocess
import pytest

from gemini_wire import check_exchange, dialects
from gemini_wire.documents import exchanges, formats
from gemini_wire.documents.check import EVERY_RULE, Selection, Settings
from gemini_wire.documents.exchanges import SetupNote
from gemini_wire.documents.formats import Content, Options, Outcome
from gemini_wire.documents.outputs import GEMINI, VERTEX, input_for, output_variant
from gemini_wire.documents.sources import Source
from gemini_wire.findings import Finding

TRAFFIC = Path(__file__).resolve().parents[2] / "shared" / "traffic" / "interactions.jsonl.xz"
WEATHER = {"name": "get_weather", "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]}}


def ask(text: str, declared: dict[str, Any] = WEATHER) -> dict[str, Any]:
    return {"contents": [{"role": "user", "parts": [{"text": text}]}], "tools": [{"functionDeclarations": [declared]}]}


def called(args: dict[str, Any], name: str = "get_weather") -> dict[str, Any]:
    part = {"functionCall": {"name": name, "args": args}}
    return {"candidates": [{"content": {"role": "model", "parts": [part]}, "finishReason": "STOP"}], "modelVersion": "gemini-2.5-flash"}


FAILED = {"code": 400, "message": "Invalid argument", "status": "INVALID_ARGUMENT"}


def write(path: Path, *lines: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


class Collected:
    """A listener that keeps what it is told."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def found(self, findings: list[Finding]) -> None:
        self.findings += findings

    def advanced(self, lines: int, size: int) -> None:
        pass


def lint(path: Path, dialect: str = "gemini", jobs: int = 1, selection: Selection = EVERY_RULE) -> tuple[Outcome, list[Finding]]:
    listener = Collected()
    outcome = formats.check(Source(path.name, path), Options(Settings(dialect, selection=selection), jobs), listener)
    return outcome, listener.findings


def placed(found: list[Finding]) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.code, f.path) for f in found]


def gemini_batch(folder: Path, results: str = "batch-results.jsonl") -> Path:
    """An input file of three requests, and its results: an answer that keeps to the request, one
    that breaks its declared schema, and a failed request."""
    write(folder / "batch.jsonl", *({"key": k, "request": ask(k)} for k in ("a", "b", "c")))
    return write(
        folder / results,
        {"key": "a", "response": called({"city": "Paris"})},
        {"key": "b", "response": called({"town": "Paris"})},
        {"key": "c", "error": FAILED},
    )


ARGS = "response.candidates[0].content.parts[0].functionCall.args"


# --------------------------------------------------------------------------- telling an output file


@pytest.mark.parametrize(
    ("line", "variant"),
    [
        ({"key": "a", "response": {}}, GEMINI),
        ({"key": "a", "error": FAILED}, GEMINI),
        ({"status": "", "processed_time": "2024-11-01T18:13:16Z", "request": {}, "response": {}}, VERTEX),
        ({"status": "Bad Request: quota", "request": {}}, VERTEX),
        ({"key": "a", "request": {}}, None),
        ({"request": {}}, None),
        ({"contents": []}, None),
    ],
)
def test_an_output_file_is_told_by_its_first_line(line: dict[str, Any], variant: str | None) -> None:
    assert output_variant(json.dumps(line).encode()) == variant


def test_an_output_file_is_sniffed_by_its_content_not_its_name(tmp_path: Path) -> None:
    answers = write(tmp_path / "requests.jsonl", {"key": "a", "response": called({"city": "Paris"})})
    found = formats.sniff(Source(answers.name, answers), Content(Source(answers.name, answers)))
    assert (found.format.name, found.variant) == ("batch output", GEMINI)
    requests = write(tmp_path / "results.jsonl", {"key": "a", "request": ask("a")})
    assert formats.sniff(Source(requests.name, requests), Content(Source(requests.name, requests))).format.name == "batch"


# --------------------------------------------------------------------------- Gemini API results


def test_each_answer_of_a_results_file_is_checked_against_its_request_at_its_line(tmp_path: Path) -> None:
    outcome, found = lint(gemini_batch(tmp_path))
    assert placed(found) == [(2, "GW802", ARGS), (3, "GW133", "error")]
    line = (tmp_path / "batch-results.jsonl").read_text().splitlines()[1]
    assert found[0].column == line.index('{"candidates"') + 1  # where the response starts
    assert outcome.what == "gemini batch output, 3 line(s), 2 answer(s) checked against their request in batch.jsonl"


def test_a_failed_request_is_reported_as_failed_not_as_a_response_that_does_not_decode(tmp_path: Path) -> None:
    _, found = lint(write(tmp_path / "out.jsonl", {"key": "c", "error": FAILED}))
    assert [(f.code, f.severity) for f in found] == [("GW133", "info")]
    assert "INVALID_ARGUMENT 400: Invalid argument" in found[0].message


def test_an_answer_that_does_not_decode_is_a_finding_of_its_line(tmp_path: Path) -> None:
    broken = {**called({"city": "Paris"}), "usageMetadata": {"totalTokenCount": "many"}}
    _, found = lint(write(tmp_path / "out.jsonl", {"key": "a", "response": broken}))
    assert placed(found) == [(1, "GW101", "response.usageMetadata.totalTokenCount")]


def test_answers_in_another_order_than_the_requests_are_joined_by_key(tmp_path: Path) -> None:
    write(tmp_path / "batch.jsonl", *({"key": k, "request": ask(k, {**WEATHER, "name": f"f_{k}"})} for k in ("a", "b", "c")))
    results = write(
        tmp_path / "batch-results.jsonl",
        {"key": "c", "response": called({"city": "x"}, "f_c")},
        {"key": "a", "response": called({"city": "x"}, "f_b")},  # a's request declares f_a only
        {"key": "b", "response": called({"city": "x"}, "f_b")},
        {"key": "zz", "response": called({"city": "x"}, "f_zz")},  # no request has this key
    )
    outcome, found = lint(results)
    assert placed(found) == [(2, "GW801", "response.candidates[0].content.parts[0].functionCall.name")]
    assert outcome.what.endswith("3 answer(s) checked against their request in batch.jsonl, 1 key(s) not in it")


def test_the_input_file_is_the_one_beside_it_with_the_same_first_key(tmp_path: Path) -> None:
    results = gemini_batch(tmp_path, results="job-42.jsonl")  # named as it was downloaded
    write(tmp_path / "other.jsonl", {"key": "x", "request": ask("x")})
    write(tmp_path / "copy.jsonl", {"key": "a", "request": ask("a")})
    write(tmp_path / "more-answers.jsonl", {"key": "a", "response": called({})})
    first = results.read_bytes().splitlines()[0]
    # Two inputs start with key "a": the one named most like the results file wins, then the first by name.
    assert input_for(results, first) == tmp_path / "batch.jsonl"
    (tmp_path / "job-42-requests.jsonl").write_bytes((tmp_path / "batch.jsonl").read_bytes())
    assert input_for(results, first) == tmp_path / "job-42-requests.jsonl"


def test_an_input_file_named_after_the_results_is_taken_when_the_first_keys_differ(tmp_path: Path) -> None:
    results = gemini_batch(tmp_path, results="batch_results.jsonl")
    rows = results.read_text().splitlines()
    results.write_text("\n".join([rows[1], rows[0], rows[2]]) + "\n")  # b answered first
    assert input_for(results, rows[1].encode()) == tmp_path / "batch.jsonl"
    _, found = lint(results)
    assert placed(found) == [(1, "GW802", ARGS), (3, "GW133", "error")]


def test_a_results_file_without_its_input_is_linted_alone_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    results = gemini_batch(tmp_path).rename(tmp_path / "out" / "batch-results.jsonl")
    outcome, found = lint(results)
    assert placed(found) == [(3, "GW133", "error")]
    assert outcome.what.endswith("its input file not found beside it (answers not checked against their requests)")


def test_without_an_exchange_rule_selected_the_input_is_not_looked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = gemini_batch(tmp_path)

    def looked_for(*args: Any) -> None:
        raise AssertionError("the input file was looked for")

    monkeypatch.setattr(formats, "input_for", looked_for)
    outcome, found = lint(results, selection=Selection(ignore=("GW8",)))
    assert placed(found) == [(3, "GW133", "error")]
    assert outcome.what == "gemini batch output, 3 line(s)"


def test_a_results_file_of_several_chunks_gives_the_same_findings_on_two_processes(tmp_path: Path) -> None:
    padding = "x" * 2000  # about 4 MB in all: several chunks of documents.batch.CHUNK
    keys = [f"k{i}" for i in range(2000)]
    write(tmp_path / "big.jsonl", *({"key": k, "request": ask(padding)} for k in keys))
    answers = [{"key": k, "response": called({"town": k} if i % 500 == 7 else {"city": k})} for i, k in enumerate(keys)]
    results = write(tmp_path / "big-results.jsonl", *answers)
    one, two = lint(results, jobs=1)[1], lint(results, jobs=2)[1]
    assert placed(one) == placed(two) == [(i + 1, "GW802", ARGS) for i in range(2000) if i % 500 == 7]


# --------------------------------------------------------------------------- Vertex AI predictions


def test_each_line_of_a_predictions_file_is_checked_against_its_own_request_in_the_vertex_dialect(tmp_path: Path) -> None:
    predictions = write(
        tmp_path / "predictions.jsonl",
        {"status": "", "processed_time": "2024-11-01T18:13:16.826+00:00", "request": ask("a"), "response": called({"city": 1})},
        {"status": "Bad Request: quota", "processed_time": "2024-11-01T18:13:16Z", "request": ask("b")},
    )
    outcome, found = lint(predictions)
    assert placed(found) == [(1, "GW802", f"{ARGS}.city"), (2, "GW133", "status")]
    assert outcome.what == "vertex batch output, 2 line(s), 1 answer(s) checked against their request"


def test_lint_of_a_folder_finds_the_output_files_and_their_input(tmp_path: Path) -> None:
    gemini_batch(tmp_path)
    done = inprocess.run(["lint", "--format", "json", str(tmp_path)])
    found = [(Path(f["file"]).name, f["line"], f["code"]) for f in json.loads(done.stdout)]
    assert found == [("batch-results.jsonl", 2, "GW802"), ("batch-results.jsonl", 3, "GW133")]


# --------------------------------------------------------------------------- without jsonschema


@pytest.fixture
def without_jsonschema(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # `import jsonschema` raises ImportError
    exchanges.json_validator.cache_clear()
    exchanges.note_schemas_unchecked.cache_clear()
    yield
    exchanges.json_validator.cache_clear()
    exchanges.note_schemas_unchecked.cache_clear()


JSON_WEATHER = {"name": "get_weather", "parametersJsonSchema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}


@pytest.mark.usefixtures("without_jsonschema")
def test_a_json_schema_left_unchecked_for_lack_of_jsonschema_is_a_setup_note_told_once() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for city in (1, 2, 3):
            assert check_exchange(ask("a", JSON_WEATHER), called({"city": city})) == []
    assert [(w.category, str(w.message)) for w in caught] == [
        (SetupNote, "JSON Schemas (parametersJsonSchema, responseJsonSchema) are not checked without jsonschema: python -m pip install jsonschema")
    ]


@pytest.mark.usefixtures("without_jsonschema")
def test_lint_tells_the_setup_note_once_on_standard_error_not_as_a_finding(tmp_path: Path) -> None:
    lines = [{"status": "", "request": ask(str(k), JSON_WEATHER), "response": called({"city": k})} for k in range(3)]
    done = inprocess.run(["lint", str(write(tmp_path / "predictions.jsonl", *lines))])
    assert done.returncode == 0, done.stdout
    assert done.stderr.count("gemini-wire: note: JSON Schemas") == 1 and "pip install jsonschema" in done.stderr
    with_it = [(f.code, f.line) for f in check_exchange(ask("a", JSON_WEATHER), called({"city": 1}))]
    assert with_it == []  # still unchecked in this process: the note said so


# --------------------------------------------------------------------------- real answers


needs_traffic = pytest.mark.skipif(not TRAFFIC.is_file(), reason=f"{TRAFFIC} is absent")


def real_pairs(api: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """The unary 200 exchanges of the traffic to one API at its default version: (dialect,
    request, response), read at run time, never kept."""
    out = []
    with lzma.open(TRAFFIC, "rt", encoding="utf-8") as f:
        for row in map(json.loads, f):
            name = dialects.dialect_for_url(row["url"])
            if row["status"] != 200 or row["stream"] or name != dialects.canonical(api):
                continue
            response = json.loads(row["response_body"]) if row["response_body"].lstrip().startswith("{") else None
            if isinstance(response, dict) and "candidates" in response:
                out.append((name, json.loads(row["request_body"]), response))
    return out


@needs_traffic
@pytest.mark.parametrize("api", ["gemini", "vertex"])
def test_real_answers_in_a_batch_output_file_give_no_error_and_the_exchange_findings_at_their_lines(api: str, tmp_path: Path) -> None:
    pairs = real_pairs(api)
    if not pairs:
        pytest.skip(f"no unary {api} exchange in the traffic")
    if api == "gemini":
        write(tmp_path / "batch.jsonl", *({"key": f"k{i}", "request": q} for i, (_, q, _) in enumerate(pairs)))
        output = write(tmp_path / "batch-results.jsonl", *({"key": f"k{i}", "response": a} for i, (_, _, a) in enumerate(pairs)))
    else:
        output = write(tmp_path / "predictions.jsonl", *({"status": "", "request": q, "response": a} for _, q, a in pairs))
    outcome, found = lint(output, dialect=pairs[0][0])
    assert [str(f) for f in found if f.severity == "error"] == []
    assert f"{len(pairs)} answer(s) checked against their request" in outcome.what
    expected = Counter(
        (k + 1, f.code, f"response.{f.path.removeprefix('response.')}")
        for k, (name, q, a) in enumerate(pairs)
        for f in check_exchange(q, a, dialect=name, model=a.get("modelVersion", "").split("@")[0])
    )
    assert Counter((f.line, f.code, f.path) for f in found if f.code.startswith("GW8")) == expected


# --------------------------------------------------------------------------- the README


def readme_section() -> str:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    return readme.split("**Batch output files.**", 1)[1].split("\n## ", 1)[0]


def test_the_readmes_batch_output_lines_are_what_lint_prints(tmp_path: Path) -> None:
    gemini_batch(tmp_path)
    write(tmp_path / "predictions.jsonl", *({"status": "", "request": ask(k), "response": called({"city": k})} for k in "ab"))
    done = inprocess.run(["lint", "."], cwd=tmp_path)
    shown = readme_section().split("```\n", 2)[1]
    assert shown.strip()
    for line in shown.splitlines():
        assert line in done.stdout.splitlines(), line
