"""Batch lint on Apache Beam's local runner against `gemini-wire lint`, on the same file: lines per second.

    .venv-beam/bin/python benchmarks/beam_batch.py --size 1G          # make bench-beam
    .venv-beam/bin/python benchmarks/beam_batch.py --file /tmp/batch-1g.jsonl

Runs in .venv-beam (apache-beam's protobuf pin keeps it out of .venv); the CLI runs there too, from
the same source. The file is benchmarks/batch.py's (generated into a temporary folder unless
--file names one). Each row is one run of a command, its output thrown away (Beam writes its
findings and summary to a temporary folder), with the peak memory of its process tree and its CPU
seconds sampled from /proc as batch.py does:

- `gemini-wire lint FILE --format json --jobs N` for N = 1 and 2;
- `python -m gemini_wire.beam --input FILE --output ...` on the DirectRunner, in one process
  (`in_memory`) and with `--direct_num_workers 2 --direct_running_mode multi_processing`.

Beam reads a file with one worker (line numbers need every line before) and shuffles the lines to
the others, and the local runner encodes every element between steps: it shows what the pipeline
costs, not what Dataflow's workers do. Never a pass/fail timing: a test runs it on a tiny file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import batch

BEAM_MODES = {
    "Beam DirectRunner, in_memory": ["--direct_running_mode", "in_memory"],
    "Beam DirectRunner, multi_processing, 2 workers": [
        "--direct_running_mode",
        "multi_processing",
        "--direct_num_workers",
        "2",
    ],
}


def rows(path: Path, scratch: Path) -> list[tuple[str, dict[str, float]]]:
    """One measured run per way of linting the file."""
    cli = [sys.executable, "-m", "gemini_wire.cli"]
    out = [(f"gemini-wire lint --jobs {jobs}", batch.measure(path, jobs, cli)) for jobs in (1, 2)]
    pipeline = [sys.executable, "-m", "gemini_wire.beam", "--input", str(path)]
    for i, (name, options) in enumerate(BEAM_MODES.items()):
        args = [*pipeline, "--output", str(scratch / f"run{i}" / "lint"), *options]
        out.append((name, batch.sampled(args, quiet=True)))  # Beam logs every worker's start
    return out


def table(path: Path, scratch: Path) -> list[str]:
    lines = batch.count_lines(path)
    size = path.stat().st_size
    text = [
        f"{path.name}: {size / (1 << 20):,.0f} MiB, {lines:,} lines",
        "",
        "| how | seconds | lines/s | MB/s | × CLI on 1 core | peak RSS, all processes | CPU s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    first = None
    for name, r in rows(path, scratch):
        rate = lines / r["seconds"]
        first = first or rate
        text.append(
            f"| {name} | {r['seconds']:.1f} | {rate:,.0f} | {size / 1e6 / r['seconds']:.1f} |"
            f" {rate / first:.2f}x | {r['tree']:,.0f} MiB | {r['cpu']:.1f} |"
        )
    return text


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--file", type=Path, help="a batch file to lint (else one is generated)")
    p.add_argument("--size", type=batch.size, default=batch.size("1G"), help="of the generated file (1G)")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        path = a.file
        if path is None:
            path = scratch / "batch.jsonl"
            batch.generate(path, a.size)
        print("\n".join(table(path, scratch)))


if __name__ == "__main__":
    main()
