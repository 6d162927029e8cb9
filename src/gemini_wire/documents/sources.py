"""Loading: the files a command line names (files, folders, globs, `-`), and their bytes.

A file named on the command line (or by a glob) is always read. A folder is walked: hidden files
and folders, the default and configured excludes and what .gitignore files ignore are left out
(documents/ignore.py); what is left is read only if it is Gemini's (gemini_wire.recognize), unless an
`include` pattern of the configuration names it.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gemini_wire.documents.ignore import DEFAULT_EXCLUDE, GITIGNORE, Ignores, Rules, above, rules
from gemini_wire.limits import MAX_CONFIG, MAX_DOCUMENT, size_text

STDIN = "-"
BATCH_SUFFIX = ".jsonl"
GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input under the name given for it."""

    name: str
    path: Path | None  # None for standard input
    walked: bool = False  # found in a folder, rather than named
    included: bool = False  # found in a folder and named by an `include` pattern: always checked

    @property
    def chosen(self) -> bool:
        """Named on the command line or by an include pattern: checked even if not Gemini's."""
        return not self.walked or self.included

    @property
    def batch(self) -> bool:
        """A JSONL file of batch lines (by its suffix), rather than one JSON document."""
        return Path(self.name).suffix == BATCH_SUFFIX

    def dialect(self, chosen: str | None) -> str:
        """The dialect chosen on the command line, else `vertex` for a name starting with it."""
        if chosen:
            return chosen
        return "vertex" if Path(self.name).name.startswith("vertex") else "gemini"

    def read(self) -> bytes:
        """The whole content, at most MAX_DOCUMENT bytes; raises OSError (Refused past the limit)."""
        if self.path is None:
            data = sys.stdin.buffer.read(MAX_DOCUMENT + 1)  # an endless input stops here
            if len(data) > MAX_DOCUMENT:
                raise refused(f"more than {size_text(MAX_DOCUMENT)}, the most gemini-wire reads as one document")
            return data
        size = self.regular().st_size
        if size > MAX_DOCUMENT:
            raise refused(f"{size:,} bytes, more than the {size_text(MAX_DOCUMENT)} gemini-wire reads as one document")
        return self.path.read_bytes()

    def opened(self) -> AbstractContextManager[BinaryIO]:
        """The content as a binary stream, closed after use (but never standard input)."""
        if self.path is None:
            return nullcontext(sys.stdin.buffer)
        self.regular()
        return self.path.open("rb")

    def head(self, size: int) -> bytes:
        """The first `size` bytes (a batch file's first lines, to recognise it); raises OSError."""
        with self.opened() as stream:
            return stream.read(size)

    def regular(self) -> os.stat_result:
        """The file's status, after making sure it is a regular file. Raises OSError."""
        assert self.path is not None
        return regular(self.path)

    def size(self) -> int | None:
        """The size in bytes when known in advance (a regular file)."""
        try:
            return self.path.stat().st_size if self.path is not None else None
        except OSError:
            return None


def regular(path: Path) -> os.stat_result:
    """A file's status, after making sure it is a regular file: a FIFO would block the walk until
    a writer came, and /dev/zero never ends. Raises OSError."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise refused("not a regular file (a FIFO, a device or a socket); pipe it to standard input with -")
    return status


def read_small(path: Path, limit: int = MAX_CONFIG) -> bytes:
    """A configuration file's bytes: a regular file of at most `limit` bytes; raises OSError."""
    size = regular(path).st_size
    if size > limit:
        raise refused(f"{size:,} bytes, more than the {size_text(limit)} gemini-wire reads as a configuration file")
    with path.open("rb") as f:
        data = f.read(limit + 1)  # the file may have grown since
    if len(data) > limit:
        raise refused(f"more than the {size_text(limit)} gemini-wire reads as a configuration file")
    return data


class Refused(OSError):
    """An input that gemini-wire will not read, and why (reported as `cannot read`, exit 2)."""


def refused(why: str) -> Refused:
    # (errno, strerror) as OSError's own arguments, so that it crosses from a worker process.
    return Refused(errno.EINVAL, why)


@dataclass(frozen=True)
class Problem:
    """A file or argument that could not be checked, and why: reported in every output format."""

    file: str
    message: str  # "cannot read: ...", "no file matches this pattern"

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True)
class Scope:
    """What a folder walk picks up (files by suffix: `formats.WALKED`, what the input formats
    claim), what it leaves out (excludes, .gitignore) and what it always checks (include)."""

    exclude: tuple[Rules, ...] = (rules(".", DEFAULT_EXCLUDE, everywhere=True),)
    include: tuple[Rules, ...] = ()
    gitignore: bool = True
    suffixes: tuple[str, ...] = ()

    def includes(self, path: str) -> bool:
        return any(r.verdict(path, False) for r in self.include)


@dataclass
class Expansion:
    """The sources that the arguments name, in order, and the arguments that name nothing."""

    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def expand(arguments: Sequence[str], stdin_name: str | None = None, scope: Scope = Scope()) -> Expansion:
    """Files as named; folders walked (see `walk`); globs matched."""
    out = Expansion()
    seen: set[str] = set()

    def add(source: Source) -> None:
        key = STDIN if source.path is None else os.path.realpath(source.path)
        if key not in seen:
            seen.add(key)
            out.sources.append(source)

    def add_folder(folder: str) -> None:
        for name in walk(folder, out.problems, scope):
            add(Source(name, Path(name), walked=True, included=scope.includes(name)))

    for argument in arguments:
        if argument == STDIN:
            add(Source(stdin_name or STDIN, None))
        elif os.path.isdir(argument):
            add_folder(argument)
        elif os.path.lexists(argument) or not GLOB_CHARS & set(argument):
            add(Source(argument, Path(argument)))  # a missing file is reported when it is read
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                out.problems.append(Problem(argument, "no file matches this pattern"))
            for match in matches:
                if os.path.isdir(match):
                    add_folder(match)
                else:
                    add(Source(match, Path(match)))
    return out


def walk(folder: str, problems: list[Problem], scope: Scope = Scope()) -> list[str]:
    """The files under a folder that may be payloads or recordings (by suffix, or an include
    pattern), sorted, without hidden files and folders, excluded ones, and what .gitignore
    files ignore (those of the folder, of its subfolders, and of the folders above it up to the
    repository's root). The folder itself is walked even if it would be excluded: it was named."""

    def unreadable(error: OSError) -> None:
        problems.append(Problem(str(error.filename), f"cannot read: {error.strerror or error}"))

    def gitignores(here: str) -> list[Rules]:
        if not scope.gitignore:
            return []
        found = []
        for file in (os.path.join(here, ".git", "info", "exclude"), os.path.join(here, GITIGNORE)):
            if not os.path.lexists(file):
                continue
            try:
                text = read_small(Path(file)).decode("utf-8", "replace")
            except OSError as e:
                problems.append(Problem(file, f"cannot read: {e.strerror or e}"))
                continue
            found.append(rules(here, text.splitlines()))
        return found

    start = Ignores(scope.exclude, tuple(r for parent in above(folder) for r in gitignores(parent)))
    ignores = {os.path.normpath(folder): start}
    found: list[str] = []
    for top, folders, files in os.walk(folder, onerror=unreadable):
        here = ignores.pop(os.path.normpath(top), start).adding(gitignores(top))
        kept = []
        for d in folders:
            path = os.path.normpath(os.path.join(top, d))
            if not d.startswith(".") and not here.ignored(path, True):
                kept.append(d)
                ignores[path] = here
        folders[:] = kept
        for f in files:
            path = os.path.normpath(os.path.join(top, f))
            wanted = f.endswith(scope.suffixes) or scope.includes(path)
            if wanted and not f.startswith(".") and not here.ignored(path, False):
                found.append(path)
    return sorted(found)
