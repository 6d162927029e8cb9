"""A progress bar for batch files: lines done and lines per second, on a terminal only."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 24
EVERY = 0.2  # seconds between redraws


class Progress:
    """Redrawn on one line of `out` (standard error) while a batch file is checked."""

    def __init__(self, name: str, total: int | None, out: TextIO, enabled: bool) -> None:
        self.name = name
        self.total = total
        self.out = out
        self.enabled = enabled
        self.start = self.last = time.monotonic()
        self.lines = 0
        self.done = 0
        self.shown = False

    def advance(self, lines: int, size: int) -> None:
        """`lines` more lines (`size` more bytes) are checked."""
        self.lines += lines
        self.done += size
        now = time.monotonic()
        if self.enabled and now - self.last >= EVERY:
            self.last = now
            self.out.write("\r\033[K" + self.line(now))
            self.out.flush()
            self.shown = True

    def line(self, now: float) -> str:
        rate = self.lines / max(now - self.start, 1e-9)
        head = f"{self.name}: "
        if self.total:
            share = min(self.done / self.total, 1.0)
            filled = round(share * WIDTH)
            head += f"[{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%} "
        return f"{head}{self.lines:,} lines, {rate:,.0f} lines/s"

    def clear(self) -> None:
        """Take the bar away (before results are written, and at the end); it comes back on advance."""
        if self.shown:
            self.out.write("\r\033[K")
            self.out.flush()
            self.shown = False
