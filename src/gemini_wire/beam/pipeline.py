"""The ready pipeline: batch files in, findings (JSONL) and a summary (JSON) out.

    python -m gemini_wire.beam --input 'batches/*.jsonl' --output out/lint [--dialect ...]
        [--model ...] [--duplicate-keys file|corpus] [--select ...] [--ignore ...] [Beam options]

Our options are parsed here; every other one goes to Beam's PipelineOptions, so `--runner
DataflowRunner --project P --region R --temp_location gs://...` runs the same pipeline on Dataflow.
Writes PREFIX-findings-SSSSS-of-NNNNN.jsonl (one finding a line, the fields of LineFinding) and
PREFIX-summary.json (totals, then each file and each code, sorted). As a command (`main`) it then
prints the totals and exits as `gemini-wire lint` does: 0 without errors, 1 with errors, 2 for a
usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TextIO

import apache_beam as beam
import msgspec
from apache_beam.io.filesystem import BeamIOError
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from gemini_wire.beam.transforms import (
    DUPLICATE_SCOPES,
    CodeSummary,
    FileSummary,
    LineFinding,
    LintLines,
    ReadBatchLines,
    Summarize,
)
from gemini_wire.documents.check import DIALECT_NAMES, Selection, codes, unselectable
from gemini_wire.findings import SEVERITIES


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m gemini_wire.beam",
        description="Lint batch (JSONL) files on Apache Beam; options not listed here go to Beam "
        "(--runner, --project, --region, --temp_location, ...).",
    )
    p.add_argument("--input", required=True, metavar="PATTERN", help="files to read: a path or glob, local or gs://")
    p.add_argument("--output", required=True, metavar="PREFIX", help="where to write: PREFIX-findings-*.jsonl, PREFIX-summary.json")
    p.add_argument("--dialect", choices=DIALECT_NAMES, help="default: vertex for files named vertex*, else gemini")
    p.add_argument("--model", help="the model the requests go to, for its limits (else a request's own `model`)")
    p.add_argument(
        "--duplicate-keys",
        choices=DUPLICATE_SCOPES,
        default="file",
        help="a key repeated within a file (default, as gemini-wire lint) or anywhere in the corpus",
    )
    p.add_argument("--select", action="append", default=[], metavar="CODES", help="only these rules (GW1,GW301)")
    p.add_argument("--ignore", action="append", default=[], metavar="CODES", help="not these rules")
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """python -m gemini_wire.beam: run the pipeline, print its totals, and the exit code."""
    summary = run(argv)
    print(totals_line(summary), file=out or sys.stdout)
    return 1 if summary["error"] else 0


def totals_line(summary: dict[str, Any]) -> str:
    """One line, worded as `gemini-wire lint`'s summary."""
    return (
        f"{summary['files']} file(s) checked ({summary['lines']} batch line(s)), {summary['error']} error(s), "
        f"{summary['warning']} warning(s), {summary['info']} info"
    )


def run(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Build and run the pipeline; returns the summary it wrote, once the runner has finished."""
    p = parser()
    known, beam_args = p.parse_known_args(argv)
    if not matches(known.input):  # found here, the mistake is a usage error, not a worker's traceback
        p.error(f"--input: no file matches {known.input!r}")
    chosen = {option: codes(getattr(known, option[2:])) for option in ("--select", "--ignore")}
    for option, prefixes in chosen.items():
        if (wrong := unselectable(option, prefixes)) is not None:
            p.error(wrong)
    selection = Selection(chosen["--select"], chosen["--ignore"])
    lint = LintLines(known.dialect, known.model, selection, known.duplicate_keys)
    with beam.Pipeline(options=PipelineOptions(beam_args)) as pipeline:
        lines = pipeline | "read" >> ReadBatchLines(known.input)
        findings = lines | "lint" >> lint
        summary = (lines, findings) | "summarize" >> Summarize()
        _ = (
            findings
            | "finding as JSON" >> beam.Map(finding_json)
            | "write findings" >> beam.io.WriteToText(known.output + "-findings", file_name_suffix=".jsonl")
        )
        _ = (
            pipeline
            | "one summary" >> beam.Create([None])
            | "summary as JSON"
            >> beam.Map(
                summary_json,
                beam.pvalue.AsList(summary["files"]),
                beam.pvalue.AsList(summary["codes"]),
            )
            | "write summary"
            >> beam.io.WriteToText(known.output + "-summary.json", num_shards=1, shard_name_template="")
        )
    # Read back from where the runner wrote it (local, gs://): the workers computed it, not this process.
    with FileSystems.open(known.output + "-summary.json") as written:
        return msgspec.json.decode(written.read(), type=dict[str, Any])


def matches(pattern: str) -> bool:
    """Whether a pattern names at least one file (asking the file system: local, gs://, ...)."""
    try:
        return any(result.metadata_list for result in FileSystems.match([pattern]))
    except BeamIOError:  # a path without a wildcard that does not exist
        return False


def finding_json(f: LineFinding) -> str:
    return msgspec.json.encode(f._asdict()).decode()


def summary_json(_: Any, files: list[FileSummary], codes: list[CodeSummary]) -> str:
    """One document: the totals, then each file by name and each code, as JSON."""
    totals: dict[str, int] = {"files": len(files), "lines": sum(f.lines for f in files)}
    totals |= {s: sum(getattr(f, s) for f in files) for s in SEVERITIES}
    document = {
        **totals,
        "by_file": [f._asdict() for f in sorted(files)],
        "by_code": [c._asdict() for c in sorted(codes)],
    }
    return msgspec.json.format(msgspec.json.encode(document), indent=2).decode()
