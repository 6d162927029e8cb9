"""Which files a folder walk leaves out: `.gitignore` files, and exclude patterns, read alike.

A pattern is one line of a .gitignore (git-scm.com/docs/gitignore, "PATTERN FORMAT"): `#` starts a
comment, `!` re-includes, a trailing `/` matches folders only, a `/` at the start or in the middle
anchors the pattern to its base folder (else it matches a name at any depth), `*` and `?` stop at
`/`, `**` spans folders, `[a-z]` is a class, and `\\` escapes. The last matching line wins, and a
deeper .gitignore wins over a shallower one. A file inside an ignored folder cannot be re-included,
as in git: the walk never enters that folder. `exclude` patterns of the configuration and of the
command line are read the same way, with the configuration's folder (or the working folder) as base.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GITIGNORE = ".gitignore"
# Ruff's default excludes (docs.astral.sh/ruff/settings/#exclude), and the build, cache and
# environment folders that hold other tools' JSON: what users expect a linter to skip unasked.
DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache",
    ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv",
    ".vscode", "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist", "node_modules",
    "site-packages", "venv",
)


@dataclass(frozen=True)
class Pattern:
    """One line of a .gitignore, compiled: it matches a path relative to its base folder."""

    regex: re.Pattern[str]
    negated: bool = False
    folders_only: bool = False
    anchored: bool = False  # to its base folder; else it matches a name at any depth

    def matches(self, relative: str, is_folder: bool) -> bool:
        return (is_folder or not self.folders_only) and self.regex.fullmatch(relative) is not None


def parse(line: str) -> Pattern | None:
    """A .gitignore line as a Pattern; None for a blank line or a comment."""
    line = line.rstrip("\r\n")
    # Trailing spaces are dropped unless escaped (`\ `).
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith("\\"):
        line = line[1:] if line[1:2] in ("#", "!") else line
    folders_only = line.endswith("/") and not line.endswith("\\/")
    line = line.rstrip("/") if folders_only else line
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    body = translate(line)
    regex = re.compile(body if anchored else f"(?:.*/)?{body}", re.DOTALL)
    return Pattern(regex, negated, folders_only, anchored)


def translate(glob: str) -> str:
    """A gitignore glob as a regular expression over a relative POSIX path."""
    out: list[str] = []
    parts = glob.split("/")
    last = len(parts) - 1
    for n, part in enumerate(parts):
        if part == "**":
            # `**/` at the start or `/**/` inside: zero or more folders; `/**` at the end: all inside.
            out.append(".*" if n == last else "(?:[^/]+/)*")
            continue
        out.append(segment(part))
        if n != last:
            out.append("/")
    return "".join(out)


def segment(part: str) -> str:
    """One path segment's glob (no `/` in it) as a regular expression."""
    out: list[str] = []
    i = 0
    while i < len(part):
        c = part[i]
        if c == "\\" and i + 1 < len(part):
            out.append(re.escape(part[i + 1]))
            i += 2
            continue
        if c == "*":
            while i + 1 < len(part) and part[i + 1] == "*":  # `**` inside a segment is one `*`
                i += 1
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and (end := class_end(part, i)) > 0:
            inner = part[i + 1 : end]
            negate = inner[:1] in ("!", "^")
            out.append(bracket(inner[1:] if negate else inner, negate))
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def bracket(inner: str, negate: bool) -> str:
    """A bracket expression's members as a regular expression class: each member escaped (`\\`
    escapes the next one), and a range whose ends are reversed (`[z-a]`) matching nothing, as in
    git's wildmatch, rather than making the whole pattern an invalid expression."""
    members: list[tuple[str, bool]] = []  # (character, escaped)
    i = 0
    while i < len(inner):
        escaped = inner[i] == "\\" and i + 1 < len(inner)
        members.append((inner[i + 1], True) if escaped else (inner[i], False))
        i += 2 if escaped else 1
    body: list[str] = []
    k = 0
    while k < len(members):
        low = members[k][0]
        if k + 2 < len(members) and members[k + 1] == ("-", False):
            high = members[k + 2][0]
            if low <= high:
                body.append(f"{re.escape(low)}-{re.escape(high)}")
            k += 3
        else:
            body.append(re.escape(low))
            k += 1
    if not body:
        return "[^/]" if negate else "(?!)"
    return "[" + ("^/" if negate else "") + "".join(body) + "]"


def class_end(part: str, start: int) -> int:
    """The index of the `]` that closes a class opened at `start`, or -1 (then `[` is literal)."""
    i = start + 1
    if i < len(part) and part[i] in ("!", "^"):
        i += 1
    if i < len(part) and part[i] == "]":  # a `]` first in the class is a member
        i += 1
    end = part.find("]", i)
    return end


@dataclass(frozen=True)
class Rules:
    """Patterns read from one place, with the folder they are relative to (absolute).

    `everywhere`: patterns that are not anchored also match a name outside the base folder (the
    default excludes and the command line's; a configuration's and a .gitignore's stay in theirs).
    """

    base: str
    patterns: tuple[Pattern, ...]
    everywhere: bool = False

    def verdict(self, path: str, is_folder: bool) -> bool | None:
        """True when the last matching pattern ignores `path`, False when it re-includes, None: no match."""
        relative = os.path.relpath(os.path.abspath(path), self.base).replace(os.sep, "/")
        outside = relative == ".." or relative.startswith("../")
        if outside and not self.everywhere:
            return None
        if outside:
            relative = os.path.basename(path)
        for pattern in reversed(self.patterns):
            if (not outside or not pattern.anchored) and pattern.matches(relative, is_folder):
                return not pattern.negated
        return None


def rules(base: str, lines: Iterable[str], everywhere: bool = False) -> Rules:
    """The patterns of some lines (a .gitignore's, or exclude globs), relative to `base`."""
    patterns = tuple(p for line in lines if (p := parse(line)) is not None)
    return Rules(os.path.abspath(base), patterns, everywhere)


@dataclass(frozen=True)
class Ignores:
    """The exclude patterns, and the .gitignore files above a folder, shallowest first."""

    excludes: tuple[Rules, ...] = ()
    gitignores: tuple[Rules, ...] = ()

    def ignored(self, path: str, is_folder: bool) -> bool:
        if any(r.verdict(path, is_folder) for r in self.excludes):
            return True
        for r in reversed(self.gitignores):  # the deepest .gitignore that has a say decides
            verdict = r.verdict(path, is_folder)
            if verdict is not None:
                return verdict
        return False

    def adding(self, more: Sequence[Rules]) -> Ignores:
        """These rules and a deeper folder's .gitignore."""
        return Ignores(self.excludes, (*self.gitignores, *more)) if more else self


def repository_root(folder: str) -> str | None:
    """The nearest folder at or above `folder` that holds `.git` (a folder, or a worktree's file)."""
    here = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def above(folder: str) -> list[str]:
    """The folders above `folder` up to its repository's root, shallowest first ([] outside one):
    their .gitignore files apply to a walk that starts at `folder`."""
    root = repository_root(folder)
    here = os.path.abspath(folder)
    chain: list[str] = []
    while root is not None and here != root:
        here = os.path.dirname(here)
        chain.append(here)
    return chain[::-1]
