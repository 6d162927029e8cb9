"""Batch files: JSONL lines checked in chunks, on every core, in constant memory, in order.

A file is cut into byte ranges of about CHUNK bytes; each worker process reads its own ranges
and checks the lines that start in them, so the parent never reads the data. Standard input
(or one core) is read here in chunks that end at a line end, and sent to the workers. Either
way at most a few chunks are in flight, so memory does not grow with the file, and results
come back in file order, numbered from the start of their chunk; the parent adds the lines
before it. Duplicate keys need the whole file: the parent keeps 16 bytes a key (Keys).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import stat
from array import array
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import BinaryIO

from gemini_wire.documents.check import BATCH_LINE, Checked, Selection, Settings, check_document
from gemini_wire.documents.sources import refused
from gemini_wire.findings import Finding, excerpt, order, relocate, ticked
from gemini_wire.limits import MAX_DOCUMENT, size_text
from gemini_wire.rules.batch import BATCH_DUPLICATE_KEY
from gemini_wire.rules.structure import INVALID_JSON

CHUNK = 1 << 20


@dataclass(frozen=True)
class Task:
    """Whole lines of a batch file: given as `data`, or those starting in bytes [start, end) of `path`."""

    settings: Settings
    selection: Selection
    data: bytes | None = None
    path: str = ""
    start: int = 0
    end: int = 0


@dataclass
class Chunk:
    """What checking a chunk found: findings in line order, and each line's key (line numbers
    count from the first line of the chunk until `check_stream` places them in the file)."""

    lines: int
    size: int
    blank: int = 0  # lines with nothing but spaces: numbered, but no batch line
    findings: list[Finding] = field(default_factory=list)
    keys: list[tuple[int, int, int, str]] = field(default_factory=list)  # line, column, digest, key


def pieces(stream: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    """Consecutive runs of whole lines of about `size` bytes."""
    while data := stream.read(size):
        if not data.endswith(b"\n"):
            data += rest_of_line(stream)
        yield data


def read_span(path: str, start: int, end: int) -> bytes:
    """The lines that start at an offset in [start, end): the spans of a file share out its lines."""
    with open(path, "rb") as f:
        return span_of(f, start, end)


def span_of(f: BinaryIO, start: int, end: int) -> bytes:
    """read_span of a file already open (gemini_wire.beam opens it through Beam's file systems)."""
    if start:
        f.seek(start - 1)
        if f.read(1) != b"\n":
            f.readline()  # the line under way belongs to the span before
    begin = f.tell()
    if begin >= end:
        return b""
    data = f.read(end - begin)
    if not data.endswith(b"\n"):
        data += rest_of_line(f)
    return data


def rest_of_line(stream: BinaryIO) -> bytes:
    """The rest of the line under way, up to MAX_DOCUMENT bytes; Refused past that (a line
    without end, such as /dev/zero piped in, would otherwise fill the memory)."""
    rest = stream.readline(MAX_DOCUMENT)
    if len(rest) == MAX_DOCUMENT and not rest.endswith(b"\n"):
        raise refused(f"a line longer than {size_text(MAX_DOCUMENT)}, the most gemini-wire reads as one document")
    return rest


def check_task(task: Task) -> Chunk:
    """Check every line of a chunk (in a worker process, or here)."""
    data = task.data if task.data is not None else read_span(task.path, task.start, task.end)
    lines = lines_of(data)
    out = Chunk(lines=len(lines), size=len(data) if task.data is not None else task.end - task.start)
    for number, text in enumerate(lines, 1):
        checked = check_line(text, number, task.settings, task.selection)
        if checked is None:
            out.blank += 1  # blank lines carry nothing (a final newline, or spacing)
            continue
        out.findings += checked.findings
        if checked.key is not None:
            key, column = checked.key
            out.keys.append((number, column, digest(key), key))
    return out


def checked_line(text: bytes, settings: Settings) -> Checked:
    """One line checked; a bug of ours that it meets stays a finding on that line, so the lines
    after it are still checked and counted."""
    try:
        return check_document(text, settings, line=True)
    except Exception as e:
        message = f"gemini-wire could not check this line: {type(e).__name__}: {excerpt(str(e), quoted=False)}"
        return Checked(BATCH_LINE, [relocate(INVALID_JSON.finding((), message, "please report it with the line"), base=(1, 1))])


def lines_of(data: bytes) -> list[bytes]:
    """The lines of a run of whole lines, without their newlines (a carriage return is check_line's)."""
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


def check_line(text: bytes, number: int, settings: Settings, selection: Selection) -> Checked | None:
    """The selected findings of one batch line, placed at line `number`, and its key; None if blank.

    The one per-line check: the workers here and the Beam transforms (gemini_wire.beam) call it."""
    text = text.rstrip(b"\r")
    if not text.strip():
        return None  # blank lines carry nothing (a final newline, or spacing)
    checked = checked_line(text, settings)
    found = [relocate(f, base=(number, 1)) for f in checked.findings if f.code in selection]
    return Checked(checked.kind, found, checked.key)


def digest(key: str) -> int:
    """A 64-bit digest of a key: eight bytes per line in the parent instead of the whole key."""
    return int.from_bytes(
        hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big"
    )


class Keys:
    """The first line of every key seen so far, to report the later lines that repeat one.

    An open-addressing table over two arrays of 64-bit numbers (digest, line): 16 bytes a
    slot, at most two thirds full, where a dict of ints would take about 100 bytes a key.
    """

    def __init__(self) -> None:
        # 1 MiB to start with: a file of up to 40k lines never grows the table.
        self.digests, self.lines, self.used = empty(1 << 16), empty(1 << 16), 0

    def add(self, line: int, column: int, key_digest: int, key: str) -> Finding | None:
        """None for a new key; else GW131 at this line, naming the first line with the key."""
        found = self.add_all([(line, column, key_digest, key)])
        return found[0] if found else None

    def add_all(self, keys: list[tuple[int, int, int, str]], before: int = 0) -> list[Finding]:
        """GW131 for each key (line numbers counted after `before` lines) seen on an earlier line.

        The parent runs this for every line of the file while its workers check the lines, so
        it is written as one loop over local names: the parent's time is taken from theirs."""
        found: list[Finding] = []
        digests, lines, used = self.digests, self.lines, self.used
        mask = len(digests) - 1
        for line, column, key_digest, key in keys:
            key_digest = key_digest or 1  # 0 marks an empty slot
            line += before
            i = key_digest & mask
            while slot := digests[i]:
                if slot == key_digest:
                    found.append(repeated(line, column, lines[i], key))
                    break
                i = (i + 1) & mask
            else:
                digests[i] = key_digest
                lines[i] = line
                used += 1
                if 3 * used > 2 * len(digests):
                    self.used = used
                    self.grow()
                    digests, lines, used = self.digests, self.lines, self.used
                    mask = len(digests) - 1
        self.used = used
        return found

    def first_line(self, key_digest: int, line: int) -> int:
        """The line that had this digest first; records `line` if none did."""
        digests = self.digests
        mask = len(digests) - 1
        i = key_digest & mask
        while slot := digests[i]:
            if slot == key_digest:
                return self.lines[i]
            i = (i + 1) & mask
        digests[i] = key_digest
        self.lines[i] = line
        self.used += 1
        if 3 * self.used > 2 * len(digests):
            self.grow()
        return line

    def grow(self) -> None:
        old = zip(self.digests, self.lines, strict=True)
        size = 2 * len(self.digests)
        self.digests, self.lines, self.used = empty(size), empty(size), 0
        for key_digest, line in old:
            if key_digest:
                self.first_line(key_digest, line)


def repeated(line: int, column: int, first: int, key: str, first_file: str = "") -> Finding:
    """GW131 at a line whose key an earlier line had (of another file, for gemini_wire.beam)."""
    message = f"key {ticked(key)} is also the key of line {first}" + (f" of {first_file}" if first_file else "")
    hint = "give every line its own key, so that each output line can be matched to its request"
    return relocate(BATCH_DUPLICATE_KEY.finding(("key",), message, hint), base=(line, column))


def empty(slots: int) -> array[int]:
    return array("Q", bytes(8 * slots))


def check_stream(
    stream: BinaryIO, settings: Settings, selection: Selection, jobs: int, size: int = CHUNK
) -> Iterator[Chunk]:
    """Every chunk of a batch file checked, in order, numbered in the file, duplicate keys found."""
    keys = Keys()
    before = 0  # lines in the chunks before this one
    for chunk in checked_chunks(stream, settings, selection, jobs, size):
        chunk.findings = [relocate(f, base=(before + 1, 1)) for f in chunk.findings]
        if BATCH_DUPLICATE_KEY.code in selection:
            repeats = keys.add_all(chunk.keys, before)
            if repeats:
                found = chunk.findings + repeats
                chunk.findings = sorted(found, key=order)
        chunk.keys = []
        before += chunk.lines
        yield chunk


def checked_chunks(
    stream: BinaryIO, settings: Settings, selection: Selection, jobs: int, size: int
) -> Iterator[Chunk]:
    """Chunks checked here (one job, or one chunk in all) or by `jobs` worker processes."""
    if jobs > 1 and regular_file(stream):
        total = os.fstat(stream.fileno()).st_size
        spans = ((start, min(start + size, total)) for start in range(0, total, size))
        tasks: Iterator[Task] = (
            Task(settings, selection, path=stream.name, start=s, end=e) for s, e in spans
        )
    else:
        tasks = (Task(settings, selection, data=data) for data in pieces(stream, size))
    head = list(itertools.islice(tasks, 2))
    if jobs <= 1 or len(head) < 2:
        for task in itertools.chain(head, tasks):
            yield check_task(task)
        return
    # spawn, not fork: the same on every platform, and safe beside the executor's threads.
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), initializer=quiet_worker)
    try:
        window: deque[Future[Chunk]] = deque(pool.submit(check_task, t) for t in head)
        for task in tasks:
            window.append(pool.submit(check_task, task))
            if len(window) > 2 * jobs:  # a few chunks in flight: memory stays flat
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def regular_file(stream: BinaryIO) -> bool:
    """A file on disk that workers can open by name and read at any offset (not a pipe)."""
    try:
        return isinstance(stream.name, str) and stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # BytesIO has neither name nor file number
        return False


def quiet_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops them without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
