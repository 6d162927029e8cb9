"""Coverage-guided fuzzing of every entry point with atheris (libFuzzer), for runs longer than CI.

    .venv/bin/python -m pip install atheris        # not a dependency of the suite
    mkdir -p /tmp/gw-corpus && cp examples/*.json /tmp/gw-corpus/
    .venv/bin/python fuzz/entry_points.py /tmp/gw-corpus -max_total_time=600 -rss_limit_mb=4096

Each input is checked against the promises of tests/promises.py (the same checks as the
fixed-budget Hypothesis test in the suite): decode raises only WireError and what it gives
re-encodes to the same bytes, lint never raises, a stream fed the input and closed raises only
WireError, the command line's check of a document or a batch line never raises.

With `--recordings` (first), each input is a recording instead, checked against the promises of
tests/recording_promises.py: read as a YAML cassette and as a HAR file, it gives a recording or
says why not, never raises, never trips a safety net, within the limits and in bounded time:

    mkdir -p /tmp/gw-recordings && cp tests/cassettes/* /tmp/gw-recordings/
    .venv/bin/python fuzz/entry_points.py --recordings /tmp/gw-recordings -max_total_time=600 -rss_limit_mb=4096

A broken promise stops the run with the input saved as crash-<sha1> in the working folder. The
corpus folder collects the inputs that reached new code; libFuzzer prints executions (`#N`),
coverage (`cov:`, `ft:`) and the corpus size as it goes, and a summary at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

with atheris.instrument_imports(include=["gemini_wire"]):
    import promises
    import recording_promises


def one_input(data: bytes) -> None:
    # The last two bytes choose where a stream is cut in two, so that splits are explored too.
    cut = int.from_bytes(data[-2:], "little") if len(data) > 2 else 0
    promises.check(data[:-2] if len(data) > 2 else data, cut)


def one_recording(data: bytes) -> None:
    recording_promises.check(data)


def main() -> None:
    recordings = sys.argv[1:2] == ["--recordings"]
    argv = [sys.argv[0], *sys.argv[2:]] if recordings else sys.argv
    atheris.Setup(argv, one_recording if recordings else one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
