"""Findings: what the codec and the linter report, and the one exception that carries them."""

from __future__ import annotations

from typing import Literal

import msgspec

Severity = Literal["error", "warning", "info"]


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
    """Raised by every `decode_*` for input that the server would refuse; carries the findings."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        head = str(findings[0]) if findings else "invalid payload"
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(head + more)
