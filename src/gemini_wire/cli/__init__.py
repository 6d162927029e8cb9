"""The `gemini-wire` command: lint, fmt, schema, rules and drift, for a shell, CI and pre-commit.

A thin shell over the library, each part testable alone: `args` parses the command line and
reads the configuration (gemini_wire.config), `commands` finds the files and calls the checker
(gemini_wire.documents), `render` writes what it finds through the table of reporters,
`fmt` makes the canonical form, `schema` serves the JSON Schemas.

Exit codes: 0 nothing at the fail level, 1 findings at that level, 2 usage or I/O trouble.
No traceback reaches the user: every failure becomes a message that names its file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from gemini_wire.cli import commands, drift
from gemini_wire.cli.args import FmtOptions, LintOptions, RulesOptions, SchemaOptions, parse
from gemini_wire.cli.drift import DriftOptions
from gemini_wire.secrets import MaskedWriter, mask

SIGPIPE = getattr(signal, "SIGPIPE", 13)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code."""
    previous = signal.signal(signal.SIGTERM, terminated) if on_main_thread() else None
    try:
        # What goes straight to standard error (a file name, an exception's text, argparse's
        # usage quoting an argument) is masked like the reports are.
        err = MaskedWriter(sys.stderr)
        with contextlib.redirect_stderr(err):
            options = parse(argv)
        out = sys.stdout
        if isinstance(options, LintOptions):
            return commands.lint(options, out, err)  # type: ignore[arg-type]
        if isinstance(options, FmtOptions):
            return commands.fmt(options, out, err)  # type: ignore[arg-type]
        if isinstance(options, SchemaOptions):
            return commands.schema(options, out, err)  # type: ignore[arg-type]
        if isinstance(options, DriftOptions):
            return drift.run(options, out, err)  # type: ignore[arg-type]
        assert isinstance(options, RulesOptions)
        return commands.rules(options, out, err)  # type: ignore[arg-type]
    except SystemExit as e:  # argparse's usage errors and --help, and SIGTERM
        return e.code if isinstance(e.code, int) else 2
    except KeyboardInterrupt:
        print("gemini-wire: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly. Python's recipe (library/signal.html,
        # "Note on SIGPIPE"): point stdout at devnull so the flush at exit cannot fail again;
        # exit as a program that SIGPIPE ended (128 + 13), which is what shells expect.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + SIGPIPE
    except Exception as e:  # the promise: never a traceback
        print(mask(f"gemini-wire: internal error: {type(e).__name__}: {e}"), file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def on_main_thread() -> bool:
    """Signal handlers can only be set there (main() may be called from another thread)."""
    return threading.current_thread() is threading.main_thread()


def terminated(signum: int, frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C, so that `fmt --write` removes its temporary file."""
    raise SystemExit(128 + signum)
