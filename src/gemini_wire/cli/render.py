"""Rendering: findings as text, JSON, SARIF 2.1.0 or GitHub workflow commands, written as they come.

Every renderer gets the findings of each file in order, then `done` for the file, then `end`
once; none keeps findings in memory (SARIF keeps one count per fingerprint, a rule at a path of a
file, to number repeats), so a batch file of any size streams through. The formats
are stable (README, "Use in CI"):

- text: `file:line:col: CODE severity: message at path`, the fix under it with the rule's page,
  a summary line.
- json: one array of objects with exactly the keys of JSON_KEYS (line and column null if unknown).
- sarif: one run of the `gemini-wire` tool with the selected rules as metadata; columns are
  counted in Unicode code points, as gemini-wire counts them.
- github: `::error file=F,line=L,col=C,title=CODE::message` (warning and notice for the others).

A file that could not be checked (unreadable, refused, a pattern that matches nothing) is a
`problem`: on standard error in every format, and also in the report of the machine-read ones
(a JSON entry whose code is null, a SARIF toolExecutionNotification, a GitHub `::error`), so that
a CI that reads only the report still sees why the run exited 2.

Keys and tokens (in a file name, or a message that quotes a recording) are masked before any
format sees them: `renderer` gives every format through `Masked`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import PurePath
from typing import Protocol, TextIO
from urllib.parse import quote

import msgspec

from gemini_wire import __version__
from gemini_wire.documents.sources import Problem
from gemini_wire.documents.traffic import Tally
from gemini_wire.findings import Finding, masked
from gemini_wire.rules import RULES, Rule, shown
from gemini_wire.secrets import mask

JSON_KEYS = ("file", "line", "column", "code", "severity", "path", "message", "hint", "source")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
COLOURS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2"}
# The generated reference of every rule (codegen/rule_pages.py), one anchor per code.
RULES_PAGE = "docs/rules.md"
# A JSON entry for a file that could not be checked: the keys of a finding, `code` null.
PROBLEM_HINT = "gemini-wire could not check this file: the run exits 2"
FINGERPRINT = "gemini-wire/v1"  # the partialFingerprints key; a new key if the recipe changes


@dataclass
class Totals:
    """What was checked and found, for the summary and the exit code."""

    files: int = 0
    lines: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0
    traffic: Tally = field(default_factory=Tally)  # interactions of cassettes and HAR files
    passed: int = 0  # files a folder walk passed over: not Gemini's

    def count(self, f: Finding) -> None:
        setattr(self, f.severity, getattr(self, f.severity) + 1)

    def summary(self) -> str:
        lines = f" ({self.lines} batch line(s))" if self.lines else ""
        if self.traffic.interactions:
            lines += f" ({self.traffic.summary()})"
        passed = f"; {self.passed} file(s) passed over: not Gemini payloads" if self.passed else ""
        return (
            f"{self.files} file(s) checked{lines}, {self.error} error(s), "
            f"{self.warning} warning(s), {self.info} info{passed}"
        )


class Renderer(Protocol):
    def finding(self, file: str, f: Finding) -> None:
        """One finding of a file, in the file's order."""

    def problem(self, problem: Problem) -> None:
        """A file that could not be checked (already on standard error)."""

    def done(self, file: str, what: str, clean: bool) -> None:
        """A file is checked: what it was read as, and whether nothing was found."""

    def end(self, totals: Totals, status: int) -> None:
        """Everything is checked; `status` is the exit code."""


def renderer(name: str, out: TextIO, rules: list[Rule], colour: bool = False) -> Renderer:
    """The renderer of a --format, masking secrets."""
    return Masked(REPORTERS[name](out, rules, colour))


class Masked:
    """A renderer that sees file names and findings with their keys and tokens masked: the one
    place where every format's text passes (gemini_wire.secrets)."""

    def __init__(self, inner: Renderer) -> None:
        self.inner = inner

    def finding(self, file: str, f: Finding) -> None:
        self.inner.finding(mask(file), masked(f))

    def problem(self, problem: Problem) -> None:
        self.inner.problem(Problem(mask(problem.file), mask(problem.message)))

    def done(self, file: str, what: str, clean: bool) -> None:
        self.inner.done(mask(file), mask(what), clean)

    def end(self, totals: Totals, status: int) -> None:
        self.inner.end(totals, status)


def rule_page(code: str) -> str:
    """Where a rule is explained: its anchor in the generated reference page."""
    return f"{RULES_PAGE}#{code.lower()}"


@cache
def project_url(label: str) -> str | None:
    """A URL that the installed package declares in [project.urls] (None when it has none)."""
    try:
        urls = metadata.metadata("gemini-wire").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return None
    return next((url.strip() for entry in urls for name, _, url in [entry.partition(",")] if name == label), None)


def wants_colour(out: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return out.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


class TextRenderer:
    def __init__(self, out: TextIO, rules: list[Rule], colour: bool = False) -> None:
        self.out = out
        self.colour = colour

    def paint(self, text: str, style: str) -> str:
        return f"\033[{COLOURS[style]}m{text}\033[0m" if self.colour else text

    def finding(self, file: str, f: Finding) -> None:
        file = printable(file)
        where = f"{file}:{f.line}:{f.column}" if f.line is not None else file
        path = f" at {f.path}" if f.path else ""
        code = self.paint(f.code, "bold")
        severity = self.paint(f.severity, f.severity)
        self.out.write(f"{self.paint(where, 'bold')}: {code} {severity}: {f.message}{path}\n")
        see = f" (see {rule_page(f.code)})" if f.code in RULES else ""
        self.out.write(self.paint(f"    fix: {f.hint}{see}", "dim") + "\n")

    def problem(self, problem: Problem) -> None:
        pass  # standard error has it, as the only place a person reading text looks

    def done(self, file: str, what: str, clean: bool) -> None:
        if clean:
            self.out.write(f"{printable(file)}: ok ({what})\n")

    def end(self, totals: Totals, status: int) -> None:
        self.out.write(totals.summary() + "\n")


class JsonRenderer:
    def __init__(self, out: TextIO, rules: list[Rule], colour: bool = False) -> None:
        self.out = out
        self.first = True

    def finding(self, file: str, f: Finding) -> None:
        self.entry((printable(file), f.line, f.column, f.code, f.severity, f.path, f.message, f.hint, f.source))

    def problem(self, problem: Problem) -> None:
        self.entry((printable(problem.file), None, None, None, "error", None, problem.message, PROBLEM_HINT, None))

    def entry(self, values: tuple[object, ...]) -> None:
        item = msgspec.json.encode(dict(zip(JSON_KEYS, values, strict=True))).decode()
        self.out.write(("[\n" if self.first else ",\n") + item)
        self.first = False

    def done(self, file: str, what: str, clean: bool) -> None:
        pass

    def end(self, totals: Totals, status: int) -> None:
        self.out.write("[]\n" if self.first else "\n]\n")


class SarifRenderer:
    def __init__(self, out: TextIO, rules: list[Rule], colour: bool = False) -> None:
        self.out = out
        self.index = {rule.code: i for i, rule in enumerate(rules)}
        self.first = True
        self.notifications: list[dict[str, object]] = []
        self.seen: dict[str, int] = {}  # fingerprints so far, to number the same one's repeats
        driver: dict[str, object] = {"name": "gemini-wire", "version": __version__}
        if home := project_url("Homepage"):
            driver["informationUri"] = home
        driver["rules"] = [sarif_rule(r) for r in rules]
        head = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": []}],
        }
        text = msgspec.json.encode(head).decode()
        # The results are written one by one into the empty list; the invocation follows them.
        self.before = text[: -len("]}]}")]

    def finding(self, file: str, f: Finding) -> None:
        location: dict[str, object] = {"artifactLocation": {"uri": file_uri(file)}}
        if f.line is not None:
            location["region"] = {"startLine": f.line, "startColumn": f.column or 1}
        place: dict[str, object] = {"physicalLocation": location}
        if f.path:
            place["logicalLocations"] = [{"fullyQualifiedName": f.path, "kind": "member"}]
        path = f" at {f.path}" if f.path else ""
        result: dict[str, object] = {"ruleId": f.code}
        if f.code in self.index:
            result["ruleIndex"] = self.index[f.code]
        result |= {
            "level": SARIF_LEVELS[f.severity],
            "message": {"text": f"{f.message}{path}. Fix: {f.hint}"},
            "locations": [place],
            "partialFingerprints": {FINGERPRINT: self.fingerprint(file, f)},
        }
        self.out.write((self.before if self.first else ",") + "\n" + msgspec.json.encode(result).decode())
        self.first = False

    def fingerprint(self, file: str, f: Finding) -> str:
        """The same finding's mark in every run: its rule, file and path, never its line (an edit
        above it moves it), and how many times the same mark came before it in this run."""
        mark = hashlib.sha256("\0".join((f.code, file_uri(file), f.path)).encode()).hexdigest()[:32]
        self.seen[mark] = self.seen.get(mark, 0) + 1
        return f"{mark}:{self.seen[mark]}"

    def problem(self, problem: Problem) -> None:
        location = {"physicalLocation": {"artifactLocation": {"uri": file_uri(problem.file)}}}
        self.notifications.append({"level": "error", "message": {"text": problem.message}, "locations": [location]})

    def done(self, file: str, what: str, clean: bool) -> None:
        pass

    def end(self, totals: Totals, status: int) -> None:
        # Findings are the tool's work; a file it could not check is a failure of the run (exit 2).
        invocation = {
            "executionSuccessful": status != 2,
            "exitCode": status,
            "toolExecutionNotifications": self.notifications,
        }
        tail = msgspec.json.encode({"invocations": [invocation]}).decode()[1:]  # without the opening {
        self.out.write((self.before if self.first else "\n") + "]," + tail + "]}\n")


def sarif_rule(rule: Rule) -> dict[str, object]:
    """A SARIF reportingDescriptor: what the rule checks, why, an example, its source and its page.

    helpUri is the rule's page when the package declares where its documentation is published
    (a `Documentation` URL in [project.urls]); SARIF wants an absolute URI there and code scanning
    refuses a relative one, so until then it is the rule's source, and the help names the page."""
    page = rule_page(rule.code)
    help_text = (
        f"{rule.summary}\n\nWhy: {rule.why}\nBad: {shown(rule.bad)}\nGood: {shown(rule.good)}\nSource: {rule.source}"
        f"\nSee: {page}"
    )
    markdown = (
        f"{rule.summary}\n\n**Why:** {rule.why}\n\n**Bad:** `{shown(rule.bad)}`\n\n**Good:** `{shown(rule.good)}`\n\n"
        f"Source: <{rule.source}>\n\nSee: [{page}]({page})"
    )
    docs = project_url("Documentation")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": help_text, "markdown": markdown},
        "helpUri": f"{docs.rstrip('/')}/{page.removeprefix('docs/')}" if docs else rule.source,
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"dialects": list(rule.dialects)},
    }


def file_uri(name: str) -> str:
    """A relative URI reference for a file name as given (absolute names become file: URIs).

    Percent-encoded from the name's bytes, so that a name that is not UTF-8 keeps them."""
    path = PurePath(name)
    encoded = quote(os.fsencode(path.as_posix()))
    return f"file://{encoded}" if path.is_absolute() else encoded


def printable(name: str) -> str:
    """A file name for text output: bytes that are not UTF-8 (which Python keeps as lone
    surrogates, and no encoder writes) shown as escapes such as `\\xe9`."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


class GithubRenderer:
    def __init__(self, out: TextIO, rules: list[Rule], colour: bool = False) -> None:
        self.out = out

    def finding(self, file: str, f: Finding) -> None:
        props = [f"file={escape_property(printable(file))}"]
        if f.line is not None:
            props += [f"line={f.line}", f"col={f.column or 1}"]
        props.append(f"title={escape_property(f.code)}")
        path = f" at {f.path}" if f.path else ""
        text = escape_data(f"{f.message}{path}\nfix: {f.hint}")
        self.out.write(f"::{GITHUB_LEVELS[f.severity]} {','.join(props)}::{text}\n")

    def problem(self, problem: Problem) -> None:
        props = f"file={escape_property(printable(problem.file))},title=gemini-wire"
        self.out.write(f"::error {props}::{escape_data(problem.message)}\n")

    def done(self, file: str, what: str, clean: bool) -> None:
        pass

    def end(self, totals: Totals, status: int) -> None:
        self.out.write(totals.summary() + "\n")


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,` escaped."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


# --format NAME: the one table of reporters, each made from (out, the selected rules, colour);
# a new format is a class with Renderer's four methods and a row here.
REPORTERS: dict[str, Callable[[TextIO, list[Rule], bool], Renderer]] = {
    "text": TextRenderer,
    "json": JsonRenderer,
    "sarif": SarifRenderer,
    "github": GithubRenderer,
}
FORMATS = tuple(REPORTERS)
