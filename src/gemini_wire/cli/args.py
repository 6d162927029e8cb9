"""Parsing arguments: the options of every command, checked, as plain typed values.

A usage error raises SystemExit(2) with argparse's message, before any file is read.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gemini_wire import __version__, dialects
from gemini_wire.cli.drift import DRIFT_FORMATS, DriftOptions
from gemini_wire.cli.render import FORMATS
from gemini_wire.cli.schema import files_of
from gemini_wire.config import FAIL_ON, Config, load
from gemini_wire.documents.check import DIALECT_NAMES, KINDS, Selection, codes, unselectable
from gemini_wire.documents.formats import WALKED
from gemini_wire.documents.ignore import Rules, rules
from gemini_wire.documents.sources import Scope

DIALECT_HELP = (
    f"{', '.join(dialects.NAMES)}, or gemini (= {dialects.ALIASES['gemini']}) or vertex (= "
    f"{dialects.ALIASES['vertex']}) (default: vertex for a file whose name starts with `vertex`, else gemini; "
    "a cassette's calls go by their URLs; a file recognised as the Interactions API's, interactions-v1); "
    "interactions-v1 or interactions-v1beta for payload files of the Interactions API (lint only)"
)
# What fmt says of an Interactions dialect, chosen here or configured for a file (commands.fmt).
NOT_FORMATTED = "the Interactions dialects are not formatted yet; lint them"
KIND_HELP = (
    "how to read a payload that is not a batch line (default: auto, by its shape: an array is a "
    "stream, an object with `error` an error body, one with only response fields a response; "
    "event: one Interactions API stream event; for the Interactions dialects a file that starts "
    "with `event:` or `data:` is a stream)"
)


@dataclass(frozen=True)
class Inputs:
    """What to read, and how to read it."""

    paths: tuple[str, ...]
    dialect: str | None
    kind: str
    stdin_filename: str | None
    config: Config = field(default_factory=Config)  # [tool.gemini-wire]: per-glob dialect and model
    scope: Scope = field(default_factory=Scope)  # what a folder walk leaves out and always checks


@dataclass(frozen=True)
class LintOptions:
    inputs: Inputs
    model: str | None
    output: str
    selection: Selection
    fail_on: str
    jobs: int | None
    output_file: str | None = None  # --output: the report goes there instead of stdout
    exit_zero: bool = False
    verbose: bool = False  # list the files a folder walk passed over
    # For a file outside the configuration's folder: the command line's rules and fail level alone.
    outside: tuple[Selection, str] = (Selection(), "error")

    def judged(self, name: str) -> tuple[Selection, str]:
        """The rules and the fail level that apply to a file."""
        return (self.selection, self.fail_on) if self.inputs.config.covers(name) else self.outside


@dataclass(frozen=True)
class FmtOptions:
    inputs: Inputs
    check: bool
    diff: bool
    write: bool


@dataclass(frozen=True)
class SchemaOptions:
    message: str
    dialect: str
    list: bool


@dataclass(frozen=True)
class RulesOptions:
    codes: tuple[str, ...]


Options = LintOptions | FmtOptions | SchemaOptions | RulesOptions | DriftOptions


def parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The `gemini-wire` command line, and each command's own parser (whose usage its errors print)."""
    p = argparse.ArgumentParser(
        prog="gemini-wire",
        description="Check and format Gemini generateContent payloads offline.",
        epilog="exit codes: 0 nothing at the fail level, 1 findings at that level (fmt: files would "
        "change or have errors), 2 a usage error, a file that cannot be read, or an internal error",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = sub.add_parser(
        "lint", help="check payload files, batch (.jsonl) files, folders, globs, or - for stdin"
    )
    add_inputs(lint)
    lint.add_argument("--model", help="the model the requests go to, for its limits (e.g. gemini-2.5-flash)")
    lint.add_argument(
        "--format", choices=FORMATS, default="text", dest="output", help="output format (default: text)"
    )
    lint.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODES",
        help="only these rules: codes or prefixes, comma-separated (GW1,GW301)",
    )
    lint.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODES",
        help="not these rules: codes or prefixes, comma-separated",
    )
    lint.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help="the severity that makes the exit code 1 (default: error)",
    )
    lint.add_argument("-o", "--output", dest="output_file", metavar="FILE", help="write the report to FILE")
    lint.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even with findings at the fail level (2 stays 2)"
    )
    lint.add_argument(
        "-v", "--verbose", action="store_true", help="list the files a folder walk passed over, and why"
    )
    lint.add_argument(
        "-j", "--jobs", type=positive, metavar="N", help="processes for batch files (default and most: every core)"
    )

    fmt = sub.add_parser("fmt", help="print or write the canonical form of payload files")
    add_inputs(fmt)
    fmt.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    fmt.add_argument(
        "--diff",
        action="store_true",
        help="write nothing; show how each file would change (exit 1 if one would)",
    )
    fmt.add_argument(
        "--write", action="store_true", help="replace each file by its canonical form, atomically"
    )

    schema = sub.add_parser(
        "schema", help="print the JSON Schema of a message, for editors and other validators"
    )
    schema.add_argument(
        "message",
        nargs="?",
        metavar="TYPE",
        help="a message or enum name (default: the dialect's request, GenerateContentRequest or "
        "CreateInteractionRequest)",
    )
    schema.add_argument(
        "--dialect",
        choices=(*DIALECT_NAMES, *dialects.INTERACTIONS),
        default="gemini",
        help="default: gemini; interactions-v1 or interactions-v1beta for the Interactions API",
    )
    schema.add_argument("--list", action="store_true", help="list the names of every message instead")

    rules = sub.add_parser("rules", help="list the rules, or explain some")
    rules.add_argument(
        "codes",
        nargs="*",
        metavar="CODE",
        help="a rule code or name to explain (GW102, unknown-field), or a prefix to list (GW3)",
    )
    drift = add_drift(sub)
    return p, {"lint": lint, "fmt": fmt, "schema": schema, "rules": rules, "drift": drift}


def add_drift(sub: Any) -> argparse.ArgumentParser:
    drift = sub.add_parser(
        "drift",
        help="report the keys and enum values of recorded traffic that the spec does not know",
    )
    drift.add_argument(
        "paths", nargs="+", metavar="PATH", help="cassettes, HAR, SSE, JSON and JSONL files (.xz, .gz too), folders"
    )
    drift.add_argument(
        "--dialect", choices=DIALECT_NAMES, default="gemini",
        help="the dialect of payload files and of calls whose URL names none (default: gemini)",
    )
    drift.add_argument(
        "--format", choices=DRIFT_FORMATS, default="text", dest="output",
        help="text, json (also a baseline), markdown, or overlay (rows for codegen/observed.toml)",
    )
    drift.add_argument("--baseline", metavar="FILE", help="a JSON report of an earlier run: its entries are known")
    drift.add_argument(
        "--fail-on-new", action="store_true", help="exit 1 when an entry is not in the --baseline"
    )
    drift.add_argument("-o", "--output", dest="output_file", metavar="FILE", help="write the report to FILE")
    return drift  # type: ignore[no-any-return]


def add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files, folders (*.json, *.jsonl inside), globs, or - for stdin (default: .)",
    )
    p.add_argument("--dialect", choices=(*DIALECT_NAMES, *dialects.INTERACTIONS), help=DIALECT_HELP)
    p.add_argument("--kind", choices=(*KINDS, "event"), default="auto", help=KIND_HELP)
    p.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name to report for -, whose suffix (.jsonl) and prefix (vertex) count as a file's",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="the configuration file (default: the nearest pyproject.toml with [tool.gemini-wire])",
    )
    p.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERNS",
        help="leave these out of a folder walk, instead of the default excludes (.git, node_modules, "
        ".venv, build, dist, ...): .gitignore patterns, comma-separated",
    )
    p.add_argument(
        "--extend-exclude",
        action="append",
        default=[],
        metavar="PATTERNS",
        help="leave these out of a folder walk too: .gitignore patterns, comma-separated",
    )
    p.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="leave out of a folder walk what .gitignore files ignore (default: yes)",
    )


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def selectors(p: argparse.ArgumentParser, option: str, values: list[str]) -> tuple[str, ...]:
    """Codes or prefixes of codes, each naming at least one rule."""
    out = codes(values)
    wrong = unselectable(option, out)
    if wrong is not None:
        p.error(wrong)
    return out


def parse(argv: Sequence[str] | None = None) -> Options:
    """The options of the command that `argv` asks for; SystemExit(2) on a usage error."""
    p, commands = parsers()
    a = p.parse_args(argv)
    if a.command == "schema":
        return SchemaOptions(a.message or files_of(a.dialect)[0], a.dialect, a.list)
    if a.command == "rules":
        return RulesOptions(tuple(a.codes))
    if a.command == "drift":
        if a.fail_on_new and a.baseline is None:
            p.error("drift: --fail-on-new needs a --baseline to compare with")
        return DriftOptions(tuple(a.paths), dialects.canonical(a.dialect), a.output, a.baseline, a.fail_on_new, a.output_file)
    config = load(a.config)
    if isinstance(config, str):
        p.error(config)
    inputs = Inputs(tuple(a.paths) or (".",), a.dialect, a.kind, a.stdin_filename, config, scope(a, config))
    interactions = a.dialect in dialects.INTERACTIONS
    if a.kind == "event" and not interactions:
        # A configured dialect is not enough: it holds file by file, and generateContent's have no event.
        p.error("--kind event is for the Interactions dialects: choose one with --dialect interactions-v1 (or -v1beta)")
    if a.command == "fmt":
        if interactions:
            commands["fmt"].error(f"fmt: {NOT_FORMATTED}")
        if a.write and (a.check or a.diff):
            commands["fmt"].error("--write writes files, --check and --diff only look; choose one")
        return FmtOptions(inputs, a.check, a.diff, a.write)
    # The command line overrides the configuration, option by option.
    select = selectors(commands["lint"], "--select", a.select or list(config.select))
    ignore = selectors(commands["lint"], "--ignore", a.ignore or list(config.ignore))
    fail_on = a.fail_on or config.fail_on or "error"
    outside = (Selection(selectors(commands["lint"], "--select", a.select), selectors(commands["lint"], "--ignore", a.ignore)), a.fail_on or "error")
    return LintOptions(
        inputs,
        a.model,
        a.output,
        Selection(select, ignore),
        fail_on,
        a.jobs,
        a.output_file,
        a.exit_zero,
        a.verbose,
        outside,
    )


def scope(a: argparse.Namespace, config: Config) -> Scope:
    """The walk's excludes and includes: the command line's, else the configuration's, else the
    defaults; extend-exclude patterns add to them. Patterns are relative to the folder they were
    given in (the working folder, or the configuration's)."""
    here = os.getcwd()
    exclude: tuple[Rules, ...]
    if a.exclude is not None:
        exclude = (rules(here, split(a.exclude), everywhere=True),)
    elif config.exclude is not None:
        exclude = (rules(config.folder, config.exclude, everywhere=True),)
    else:
        exclude = Scope().exclude
    extend = (rules(config.folder, config.extend_exclude, everywhere=True), rules(here, split(a.extend_exclude), everywhere=True))
    include = (rules(config.folder, config.include),) if config.include else ()
    gitignore = next(v for v in (a.respect_gitignore, config.respect_gitignore, True) if v is not None)
    return Scope((*exclude, *(r for r in extend if r.patterns)), include, gitignore, WALKED)


def split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]
