"""The command line run in the test's own process: what `python -m gemini_wire.cli ARGS` prints and
exits with, without starting an interpreter and importing the package again for each call.

`run` gives the `subprocess.CompletedProcess` that `subprocess.run(..., capture_output=True)` would:
the exit code that `main` returns, standard output and error as the process would have written them
(UTF-8, with the errors handlers Python gives a piped stream), read back as text with universal
newlines (`text=True`) or as bytes. Tests of the process boundary itself (the installed entry point,
signals, a closed pipe, a terminal) keep a real subprocess.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from gemini_wire.cli import main


def run(
    argv: Sequence[str],
    *,
    stdin: bytes | None = None,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    text: bool = True,
) -> subprocess.CompletedProcess[Any]:
    """`gemini-wire ARGV` in this process; `env` replaces the environment for the call."""
    out, err = io.BytesIO(), io.BytesIO()
    streams = (
        io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8", errors="surrogateescape"),
        io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True),
    )
    with _environment(env), _folder(cwd), _streams(*streams):
        code = main(list(argv))
    for stream in streams[1:]:
        stream.flush()
    stdout, stderr = out.getvalue(), err.getvalue()
    if text:
        return subprocess.CompletedProcess(list(argv), code, _text(stdout), _text(stderr))
    return subprocess.CompletedProcess(list(argv), code, stdout, stderr)


def _text(data: bytes) -> str:
    """What `subprocess.run(..., text=True)` reads: the locale's UTF-8 with universal newlines."""
    return data.decode().replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def _streams(stdin: io.TextIOWrapper, stdout: io.TextIOWrapper, stderr: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def _folder(cwd: Path | str | None) -> Iterator[None]:
    if cwd is None:
        yield
        return
    saved = os.getcwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved)


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
