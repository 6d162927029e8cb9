"""Rendering: findings as text, JSON, SARIF 2.1.0 or GitHub workflow commands, written as they come.

Every renderer gets the findings of each file in order, then `done` for the file, then `end`
once; none keeps findings in memory, so a batch file of any size streams through. The formats
are stable (README, "Use in CI"):

- text: `file:line:col: CODE severity: message at path`, the fix under it, a summary line.
- json: one array of objects with exactly the keys of JSON_KEYS (line and column null if unknown).
- sarif: one run of the `gemini-wire` tool with the selected rules as metadata; columns are
  counted in Unicode code points, as gemini-wire counts them.
- github: `::error file=F,line=L,col=C,title=CODE::message` (warning and notice for the others).

Keys and tokens (in a file name, or a message that quotes a recording) are masked before any
format sees them: `renderer` gives every format through `Masked`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Protocol, TextIO
from urllib.parse import quote

import msgspec

from gemini_wire import __version__
from gemini_wire.cli.traffic import Tally
from gemini_wire.findings import Finding, masked
from gemini_wire.rules import Rule, shown
from gemini_wire.secrets import mask

FORMATS = ("text", "json", "sarif", "github")
JSON_KEYS = ("file", "line", "column", "code", "severity", "path", "message", "hint", "source")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
COLOURS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2"}


@dataclass
class Totals:
    """What was checked and found, for the summary and the exit code."""

    files: int = 0
    lines: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0
    traffic: Tally = field(default_factory=Tally)  # interactions of cassettes and HAR files

    def count(self, f: Finding) -> None:
        setattr(self, f.severity, getattr(self, f.severity) + 1)

    def summary(self) -> str:
        lines = f" ({self.lines} batch line(s))" if self.lines else ""
        if self.traffic.interactions:
            lines += f" ({self.traffic.summary()})"
        return (
            f"{self.files} file(s) checked{lines}, {self.error} error(s), "
            f"{self.warning} warning(s), {self.info} info"
        )


class Renderer(Protocol):
    def finding(self, file: str, f: Finding) -> None:
        """One finding of a file, in the file's order."""

    def done(self, file: str, what: str, clean: bool) -> None:
        """A file is checked: what it was read as, and whether nothing was found."""

    def end(self, totals: Totals) -> None:
        """Everything is checked."""


def renderer(name: str, out: TextIO, rules: list[Rule], colour: bool = False) -> Renderer:
    """The renderer of a --format, masking secrets."""
    if name == "json":
        return Masked(JsonRenderer(out))
    if name == "sarif":
        return Masked(SarifRenderer(out, rules))
    if name == "github":
        return Masked(GithubRenderer(out))
    return Masked(TextRenderer(out, colour))


class Masked:
    """A renderer that sees file names and findings with their keys and tokens masked: the one
    place where every format's text passes (gemini_wire.secrets)."""

    def __init__(self, inner: Renderer) -> None:
        self.inner = inner

    def finding(self, file: str, f: Finding) -> None:
        self.inner.finding(mask(file), masked(f))

    def done(self, file: str, what: str, clean: bool) -> None:
        self.inner.done(mask(file), mask(what), clean)

    def end(self, totals: Totals) -> None:
        self.inner.end(totals)


def wants_colour(out: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return out.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


class TextRenderer:
    def __init__(self, out: TextIO, colour: bool) -> None:
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
        self.out.write(self.paint(f"    fix: {f.hint}", "dim") + "\n")

    def done(self, file: str, what: str, clean: bool) -> None:
        if clean:
            self.out.write(f"{printable(file)}: ok ({what})\n")

    def end(self, totals: Totals) -> None:
        self.out.write(totals.summary() + "\n")


class JsonRenderer:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.first = True

    def finding(self, file: str, f: Finding) -> None:
        values = (printable(file), f.line, f.column, f.code, f.severity, f.path, f.message, f.hint, f.source)
        item = msgspec.json.encode(dict(zip(JSON_KEYS, values, strict=True))).decode()
        self.out.write(("[\n" if self.first else ",\n") + item)
        self.first = False

    def done(self, file: str, what: str, clean: bool) -> None:
        pass

    def end(self, totals: Totals) -> None:
        self.out.write("[]\n" if self.first else "\n]\n")


class SarifRenderer:
    def __init__(self, out: TextIO, rules: list[Rule]) -> None:
        self.out = out
        self.index = {rule.code: i for i, rule in enumerate(rules)}
        self.first = True
        driver = {"name": "gemini-wire", "version": __version__, "rules": [sarif_rule(r) for r in rules]}
        head = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": []}],
        }
        text = msgspec.json.encode(head).decode()
        # The results are written one by one into the empty list that ends the log.
        self.before, self.after = text[: -len("]}]}")], "]}]}"

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
        }
        self.out.write((self.before if self.first else ",") + "\n" + msgspec.json.encode(result).decode())
        self.first = False

    def done(self, file: str, what: str, clean: bool) -> None:
        pass

    def end(self, totals: Totals) -> None:
        self.out.write((self.before if self.first else "\n") + self.after + "\n")


def sarif_rule(rule: Rule) -> dict[str, object]:
    """A SARIF reportingDescriptor: what the rule checks, why, an example and its source."""
    help_text = (
        f"{rule.summary}\n\nWhy: {rule.why}\nBad: {shown(rule.bad)}\nGood: {shown(rule.good)}\nSource: {rule.source}"
    )
    markdown = (
        f"{rule.summary}\n\n**Why:** {rule.why}\n\n**Bad:** `{shown(rule.bad)}`\n\n**Good:** `{shown(rule.good)}`\n\n"
        f"Source: <{rule.source}>"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": help_text, "markdown": markdown},
        "helpUri": rule.source,
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
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def finding(self, file: str, f: Finding) -> None:
        props = [f"file={escape_property(printable(file))}"]
        if f.line is not None:
            props += [f"line={f.line}", f"col={f.column or 1}"]
        props.append(f"title={escape_property(f.code)}")
        path = f" at {f.path}" if f.path else ""
        text = escape_data(f"{f.message}{path}\nfix: {f.hint}")
        self.out.write(f"::{GITHUB_LEVELS[f.severity]} {','.join(props)}::{text}\n")

    def done(self, file: str, what: str, clean: bool) -> None:
        pass

    def end(self, totals: Totals) -> None:
        self.out.write(totals.summary() + "\n")


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,` escaped."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
