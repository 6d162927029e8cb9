"""`make bench` cannot rot: its harness runs once on tiny inputs. Never a timing assertion."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    f"{name} ({dialect})"
    for dialect in ("gemini", "vertex")
    for name in ("small request", "chat request", "response", "logprobs response")
] + ["inline request (gemini)", "SSE stream (gemini)"]
INTERACTIONS_PAYLOADS = ["Interactions request (interactions-v1)", "Interaction (interactions-v1)"]
INTERACTIONS_STREAM = "Interactions stream (interactions-v1)"
NUMBER = re.compile(r"^[\d,]+(\.\d+)?$")
# One worker runs the harness once for all of this file's tests when the suite runs on several.
pytestmark = pytest.mark.xdist_group("benchmarks")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module("bench")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def report(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("bench") / "BENCHMARKS.md"
    out.write_text(f"# Prose before\n\n{bench.START}\nold figures\n{bench.END}\n\nProse after.\n")
    bench.main(["--quick", "--write", str(out)])
    return out.read_text()


def rows(report: str, heading: str) -> list[list[str]]:
    """The cells of the first table after a heading, without its header and alignment rows."""
    table: list[list[str]] = []
    for line in report.split(f"\n{heading}\n", 1)[1].splitlines():
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif table:
            break
    return table[2:]


def timing_rows(report: str) -> list[list[str]]:
    return rows(report, "## Timings")


def test_every_payload_has_a_row_for_every_contender(bench: ModuleType, report: str) -> None:
    c = bench.C
    body = [c.RAW, c.ORJSON, c.JSON, c.DECODE, c.LINT, c.ENCODE, c.ENCODE_DICTS, c.ENCODE_STRUCTS, c.SDK_VALIDATE, c.PROTOBUF]
    body += [c.JSONSCHEMA, c.FASTJSONSCHEMA, c.JSONSCHEMA_RS]
    expected = {
        "request": body,
        "response": [*body, c.SDK_PATH],
        "stream": [c.STREAM_RAW, c.STREAM_EACH, c.STREAM_DECODER, c.STREAM_SDK],
    }
    found = {(r[0], r[1].removesuffix(" (see notes)")) for r in timing_rows(report)}
    for label in PAYLOADS:
        kind = next(k for k in expected if k in label)
        assert {(label, name) for name in expected[kind]} <= found, label
    # The Interactions API: its own lint, the SDK's own Interactions models, no protobuf (no proto).
    interactions = [c.RAW, c.ORJSON, c.JSON, c.DECODE, c.IX_LINT, c.ENCODE, c.ENCODE_DICTS, c.ENCODE_STRUCTS, c.SDK_IX_VALIDATE, c.SDK_IX_PATH]
    interactions += [c.JSONSCHEMA, c.FASTJSONSCHEMA, c.JSONSCHEMA_RS]
    for label in INTERACTIONS_PAYLOADS:
        assert {name for row, name in found if row == label} == set(interactions), label
    stream = [c.STREAM_RAW, c.IX_STREAM_EACH, c.IX_STREAM_DECODER, c.IX_STREAM_FOLD, c.IX_STREAM_SDK]
    assert {name for row, name in found if row == INTERACTIONS_STREAM} == set(stream)


def test_the_interactions_rows_time_ours_and_the_sdks_own_models(report: str) -> None:
    timed = {(r[0], r[1]): r[2] for r in timing_rows(report)}
    for label in INTERACTIONS_PAYLOADS:
        for name in ("ours: decode", "ours: lint", "ours: encode", "google-genai Interactions models: pydantic validate_json"):
            assert NUMBER.match(timed[(label, name)]), (label, name, timed[(label, name)])
    stream = (
        "ours: InteractionsStreamDecoder, 64 KiB reads",
        "ours: InteractionsStreamDecoder + aggregate",
        "google-genai Interactions: its stream path",
    )
    for name in stream:
        assert NUMBER.match(timed[(INTERACTIONS_STREAM, name)]), (name, timed[(INTERACTIONS_STREAM, name)])


def test_the_interactions_stream_rows_have_their_targets(report: str) -> None:
    """The decoder is held to DESIGN's 250 MB/s, the SDK's stream path to 50x ours (its own decode path)."""
    targets = {r[1]: (r[5], r[6]) for r in timing_rows(report) if r[0] == INTERACTIONS_STREAM}
    assert targets["ours: InteractionsStreamDecoder, 64 KiB reads"][0] == "≥ 250 MB/s"
    assert targets["ours: InteractionsStreamDecoder, 64 KiB reads"][1].endswith(" MB/s")
    assert targets["google-genai Interactions: its stream path"][0] == "ours (decoder) ≥ 50x faster"
    assert targets["google-genai Interactions: its stream path"][1].startswith("ours ")


def test_every_contender_has_a_number_or_says_why_not(report: str) -> None:
    for row in timing_rows(report):
        ratio, micro = row[2], row[4]
        if ratio.startswith("n/a: "):
            assert len(ratio) > len("n/a: ") + 3, row
            assert "FileNotFoundError" not in ratio, row  # our own specs and schemas are always there
        else:
            assert NUMBER.match(ratio) and NUMBER.match(micro), row


def test_the_raw_parse_is_the_unit(report: str) -> None:
    raw = [row for row in timing_rows(report) if row[1].startswith("raw parse")]
    assert len(raw) == len(PAYLOADS) + len(INTERACTIONS_PAYLOADS) + 1  # and the Interactions stream
    assert all(row[2] == "1.00" for row in raw)


def test_every_target_row_says_whether_it_is_met(report: str) -> None:
    for row in timing_rows(report):
        target, met = row[5], row[7]
        if target and not row[2].startswith("n/a"):
            assert met in {"yes", "**no**"}, row


def test_the_memory_and_batch_sections_have_their_rows(report: str) -> None:
    memory = rows(report, "## Memory")
    assert [r[0] for r in memory] == ["raw parse: msgspec.json.decode", "ours: decode"]
    batch = rows(report, "## Batch JSONL")
    jobs = [r[0] for r in batch]
    assert jobs[0] == "1" and jobs[-1] == "1, ¼ of the file"
    assert all(NUMBER.match(r[1]) for r in batch)


def test_the_machine_and_versions_are_recorded(report: str) -> None:
    for needle in ("- Machine: ", "load average", "- Python ", "msgspec ", "google-genai ", "protobuf backend: "):
        assert needle in report


def test_write_replaces_only_the_marked_block(bench: ModuleType, report: str) -> None:
    assert report.startswith("# Prose before\n\n" + bench.START + "\n## Run")
    assert report.endswith(bench.END + "\n\nProse after.\n")
    assert "old figures" not in report
