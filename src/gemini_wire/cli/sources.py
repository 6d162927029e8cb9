"""Loading: the files a command line names (files, folders, globs, `-`), and their bytes."""

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

from gemini_wire.limits import MAX_DOCUMENT, size_text

STDIN = "-"
BATCH_SUFFIX = ".jsonl"
# Cassettes (.yaml, .yml) and HAR files too; a YAML file that holds no recording is passed over.
FOLDER_SUFFIXES = (".json", BATCH_SUFFIX, ".yaml", ".yml", ".har")
GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input under the name given for it."""

    name: str
    path: Path | None  # None for standard input
    walked: bool = False  # found in a folder, rather than named

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

    def regular(self) -> os.stat_result:
        """The file's status, after making sure it is a regular file: a FIFO would block the
        walk until a writer came, and /dev/zero never ends. Raises OSError."""
        assert self.path is not None
        status = self.path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise refused("not a regular file (a FIFO, a device or a socket); pipe it to standard input with -")
        return status

    def size(self) -> int | None:
        """The size in bytes when known in advance (a regular file)."""
        try:
            return self.path.stat().st_size if self.path is not None else None
        except OSError:
            return None


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


@dataclass
class Expansion:
    """The sources that the arguments name, in order, and the arguments that name nothing."""

    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def expand(arguments: Sequence[str], stdin_name: str | None = None) -> Expansion:
    """Files as named; folders walked for payloads and recordings (hidden ones skipped); globs matched."""
    out = Expansion()
    seen: set[str] = set()

    def add(source: Source) -> None:
        key = STDIN if source.path is None else os.path.realpath(source.path)
        if key not in seen:
            seen.add(key)
            out.sources.append(source)

    for argument in arguments:
        if argument == STDIN:
            add(Source(stdin_name or STDIN, None))
        elif os.path.isdir(argument):
            for name in walk(argument, out.problems):
                add(Source(name, Path(name), walked=True))
        elif os.path.lexists(argument) or not GLOB_CHARS & set(argument):
            add(Source(argument, Path(argument)))  # a missing file is reported when it is read
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                out.problems.append(Problem(argument, "no file matches this pattern"))
            for match in matches:
                walked = os.path.isdir(match)
                for name in walk(match, out.problems) if walked else [match]:
                    add(Source(name, Path(name), walked))
    return out


def walk(folder: str, problems: list[Problem]) -> list[str]:
    """The payload files under a folder, sorted, skipping hidden files and folders (.git, .venv)."""

    def unreadable(error: OSError) -> None:
        problems.append(Problem(str(error.filename), f"cannot read: {error.strerror or error}"))

    found: list[str] = []
    for top, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = [d for d in folders if not d.startswith(".")]
        found += [
            os.path.normpath(os.path.join(top, f))
            for f in files
            if f.endswith(FOLDER_SUFFIXES) and not f.startswith(".")
        ]
    return sorted(found)
