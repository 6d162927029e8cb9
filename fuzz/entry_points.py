"""Coverage-guided fuzzing of every entry point with atheris (libFuzzer), for runs longer than CI.

    .venv/bin/python -m pip install atheris        # not a dependency of the suite
    mkdir -p /tmp/gw-corpus && cp examples/*.json /tmp/gw-corpus/
    .venv/bin/python fuzz/entry_points.py /tmp/gw-corpus -max_total_time=600 -rss_limit_mb=4096

GW_FUZZ_TARGET picks what the input is fed to (TARGETS; `payloads` when unset):

- `payloads`: the promises of tests/promises.py (the same checks as the fixed-budget Hypothesis
  test in the suite): decode raises only WireError and what it gives re-encodes to the same bytes,
  lint never raises, a stream fed the input and closed raises only WireError, the command line's
  check of a document or a batch line never raises;
- `aggregate`: the input's first byte picks the dialect and its lines are a stream's chunks:
  aggregate gives a response or raises WireError, of a size of the order of the chunks'
  (seed it with JSON Lines of chunks, one response a line);
- `urls`: the input as text (bytes that are not UTF-8 as lone surrogates): dialect_for_url and
  dialects.endpoint give a dialect, an Endpoint or None (seed it with URLs, one a file);
- `recordings`: the input is a recording, checked against the promises of
  tests/recording_promises.py: read as a YAML cassette and as a HAR file, it gives a recording or
  says why not, never raises, never trips a safety net, within the limits and in bounded time:

      mkdir -p /tmp/gw-recordings && cp tests/cassettes/* /tmp/gw-recordings/
      GW_FUZZ_TARGET=recordings .venv/bin/python fuzz/entry_points.py /tmp/gw-recordings \
          -max_total_time=600 -rss_limit_mb=4096

- `config`: the input as a configuration file (named, and as a pyproject.toml found upwards) and
  its lines as .gitignore patterns with a path to match, against tests/config_promises.py: a
  Config or a message, a verdict or none, never an exception (seed it with TOML files).

A broken promise stops the run with the input saved as crash-<sha1> in the working folder. The
corpus folder collects the inputs that reached new code; libFuzzer prints executions (`#N`),
coverage (`cov:`, `ft:`) and the corpus size as it goes, and a summary at the end.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

with atheris.instrument_imports(include=["gemini_wire"]):
    import config_promises
    import promises
    import recording_promises


def payloads(data: bytes) -> None:
    # The last two bytes choose where a stream is cut in two, so that splits are explored too.
    cut = int.from_bytes(data[-2:], "little") if len(data) > 2 else 0
    promises.check(data[:-2] if len(data) > 2 else data, cut)


def aggregate(data: bytes) -> None:
    if data:
        promises.aggregates("vertex" if data[0] & 1 else "gemini", data[1:].splitlines())


def urls(data: bytes) -> None:
    promises.urls(data.decode("utf-8", "surrogateescape"))


def recordings(data: bytes) -> None:
    recording_promises.check(data)


def config(data: bytes) -> None:
    config_promises.check(data)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "payloads": payloads,
    "aggregate": aggregate,
    "urls": urls,
    "recordings": recordings,
    "config": config,
}


def main() -> None:
    name = os.environ.get("GW_FUZZ_TARGET", "payloads")
    if name not in TARGETS:
        sys.exit(f"GW_FUZZ_TARGET={name!r}: use one of {', '.join(TARGETS)}")
    if name == "urls":
        atheris.instrument_all()  # urllib.parse too (imported before us): its branches guide the search
    atheris.Setup(sys.argv, TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
