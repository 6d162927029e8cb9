"""Findings: what the codec and the linter report, and the one exception that carries them.

A finding's place is a path value (`loc`, a tuple of field names, indexes and data keys), made,
moved under a prefix and compared as a tuple; it becomes text (`path`) only when rendered.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal, get_args

import msgspec

from gemini_wire.secrets import mask, suspect

Severity = Literal["error", "warning", "info"]
# The one order of severities, gravest first: a fail level fails on its own and those above it.
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
RANK: dict[str, int] = {severity: -n for n, severity in enumerate(SEVERITIES)}


def fails(severity: str, level: str) -> bool:
    """Whether a severity reaches a fail level (`error` fails on errors, `info` on everything)."""
    return RANK[severity] >= RANK[level]


class Key(str):
    """A data key in a path (a map key, a name inside a Struct), never a field name: positions
    look it up as written, where a field name may be spelled camelCase or snake_case."""


# A place in a payload: field names (str), indexes (int) and data keys (Key), from the root.
Path = tuple[str | int, ...]
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def format_path(path: Path) -> str:
    """`contents[0].parts[1].inlineData`; keys that are not identifiers in brackets, and long keys
    cut as `excerpt` cuts a value (the path value, `Finding.loc`, keeps them whole)."""
    out: list[str] = []
    for seg in path:
        if isinstance(seg, int):
            out.append(f"[{seg}]")
        elif len(seg) > EXCERPT:
            out.append(f"[{excerpt(seg)}]")
        elif not IDENTIFIER.fullmatch(seg):
            out.append(f"[{msgspec.json.encode(str(seg)).decode()}]")
        else:
            out.append(f".{seg}" if out else str(seg))
    return "".join(out)


EXCERPT = 40  # characters of a user's value that a message quotes


def excerpt(text: str, *, quoted: bool = True, size: int = EXCERPT) -> str:
    """A value for a message: JSON-quoted, and cut to its first characters with its length when
    long, so that a message never echoes megabytes (`"AAAA…" (20,971,520 characters)`)."""
    long = len(text) > size
    head = text[: size - 3] if long else text
    # A lone surrogate (from a str built in code) has no UTF-8 form: shown as its escape.
    head = head.encode("utf-8", "backslashreplace").decode("utf-8")
    if quoted:
        shown = msgspec.json.encode(head).decode()
        return f"{shown[:-1]}…\" ({len(text):,} characters)" if long else shown
    return f"{head}… ({len(text):,} characters)" if long else head


def ticked(name: str) -> str:
    """A name (a key, a field) for a message, in backticks: cut like `excerpt` when long."""
    if len(name) <= EXCERPT:
        return f"`{name.encode('utf-8', 'backslashreplace').decode('utf-8')}`"
    head = name[: EXCERPT - 3].encode("utf-8", "backslashreplace").decode("utf-8")
    return f"`{head}…` ({len(name):,} characters)"


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like `word` (difflib's ratio at least `cutoff`), for "did you mean"."""
    options = sorted(candidates)
    # The ratio is at most 2 * len(candidate) / (len(word) + len(candidate)): a word too long
    # to reach the cutoff is settled here, where difflib would read each of its characters in
    # Python (a megabyte key: about a second).
    if len(word) > max(map(len, options), default=0) * (2 / cutoff - 1):
        return None
    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return close[0] if close else None


class Finding(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One problem at one place in a payload."""

    code: str
    severity: Severity
    message: str
    hint: str
    loc: Path = ()
    source: str = ""
    line: int | None = None
    column: int | None = None

    @property
    def path(self) -> str:
        """The place as text: `contents[0].parts[1].inlineData` ("" for the whole payload)."""
        return format_path(self.loc)

    def __str__(self) -> str:
        where = self.path or "$"
        if self.line is not None:
            where = f"{self.line}:{self.column}: {where}"
        return f"{where}: {self.code} {self.message} (fix: {self.hint})"


class WireError(ValueError):
    """Raised by every `decode_*` for input that the server would refuse; carries the findings.

    Raised by `StreamDecoder.close()`, it also carries in `responses` what the end of the stream
    completed before the problem (often the last chunk, the one with finishReason)."""

    def __init__(self, findings: list[Finding], responses: list[Any] | None = None) -> None:
        self.findings = findings
        self.responses: list[Any] = responses or []
        head = str(findings[0]) if findings else "invalid payload"
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(head + more)


def relocate(
    f: Finding,
    prefix: Path = (),
    base: tuple[int, int] | None = None,
    *,
    block: bool = False,
    at: tuple[int, int] | None = None,
    lines: Sequence[tuple[int, int]] = (),
) -> Finding:
    """A finding made in a piece of a document (a batch line, a stream element, a cassette body),
    placed in the whole: its path under `prefix`, and, when the piece's text starts at line and
    column `base` of the whole, its line and column counted from there: on the piece's first
    line from that column, on the next ones from column 1, or from that column too for a `block`
    whose every line is indented alike (a YAML block scalar). `lines`: where each of the piece's
    first lines starts in the whole, for a piece whose lines are spread out (the data lines of a
    Server-Sent Event); `base` is then the first of them, and a line past them follows it as
    above. `at`: the one place in the whole for every finding of a piece whose own lines are not
    the whole's (a body stored as a string)."""
    changes: dict[str, Any] = {"loc": (*prefix, *f.loc)} if prefix else {}
    if base is None and lines:
        base = lines[0]
    if at is not None:
        changes.update(line=at[0], column=at[1])
    elif base is not None:
        first_line, first_column = base
        if f.line is None:
            changes.update(line=first_line, column=first_column)
        elif f.line <= len(lines):
            line, column = lines[f.line - 1]
            changes.update(line=line, column=column + (f.column or 1) - 1)
        elif f.line == 1 or block:
            changes.update(line=first_line + f.line - 1, column=first_column + (f.column or 1) - 1)
        else:
            changes.update(line=first_line + f.line - 1)
    return msgspec.structs.replace(f, **changes) if changes else f


def order(f: Finding) -> tuple[int, int, str]:
    """The order findings are reported in: by line, column, then code."""
    return (f.line or 0, f.column or 0, f.code)


def unexplained(found: list[Finding], refused: list[Finding]) -> list[Finding]:
    """The findings not at or inside a place whose value was already refused."""
    places = {f.loc for f in refused}
    if not places:
        return found
    return [f for f in found if not any(f.loc[:n] in places for n in range(len(f.loc) + 1))]


def masked(f: Finding) -> Finding:
    """The finding with every key and token in its text masked (gemini_wire.secrets), for output:
    a message may quote a value, and a path may hold a data key, taken from a recording."""
    if not suspect("\n".join([f.message, f.hint, *(seg for seg in f.loc if isinstance(seg, str))])):
        return f  # the usual case, told by one look at all of its text: nothing to hide
    loc = tuple(type(seg)(mask(seg)) if isinstance(seg, str) else seg for seg in f.loc)
    return msgspec.structs.replace(f, message=mask(f.message), hint=mask(f.hint), loc=loc)
