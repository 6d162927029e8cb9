"""Findings: what the codec and the linter report, and the one exception that carries them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, Literal

import msgspec

Severity = Literal["error", "warning", "info"]

EXCERPT = 40  # characters of a user's value that a message quotes


def excerpt(text: str, *, quoted: bool = True) -> str:
    """A value for a message: JSON-quoted, and cut to its first characters with its length when
    long, so that a message never echoes megabytes (`"AAAA…" (20,971,520 characters)`)."""
    long = len(text) > EXCERPT
    head = text[: EXCERPT - 3] if long else text
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
    path: str
    message: str
    hint: str
    source: str = ""
    line: int | None = None
    column: int | None = None

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
