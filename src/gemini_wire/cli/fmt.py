"""Formatting: the canonical form of a payload file, a diff to it, and replacing a file atomically.

The canonical form is what `gemini_wire.encode` writes (camelCase, canonical numbers, standard
base64, durations as "1.5s"), indented by two spaces; a batch file keeps one compact line per
line, and the members of a batch line other than `request` and `response` as they were. A
response keeps its unknown fields. A payload with errors has no canonical form: it is refused
with the findings that say why, and its file is left alone.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
import time
from pathlib import Path

import msgspec

from gemini_wire.cli.check import (
    TOP,
    Settings,
    check_document,
    dialect_named,
    element_kind,
    guess_kind,
    is_batch_line,
    not_an_object,
    relocate,
)
from gemini_wire.codec import encode, malformed
from gemini_wire.findings import Finding, WireError

# Seconds to wait between writing the temporary file and renaming it: only for the test that
# kills `fmt --write` at its most delicate moment.
PAUSE_BEFORE_REPLACE = "_GEMINI_WIRE_PAUSE_BEFORE_REPLACE"


class Unformattable(Exception):
    """A payload that has no canonical form; carries the findings that say why."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(str(findings[0]) if findings else "cannot be formatted")


def canonical_file(data: bytes, settings: Settings, *, batch: bool) -> bytes:
    """The canonical form of a whole file: one document, or a batch file's lines."""
    if not batch:
        return msgspec.json.format(canonical(data, settings), indent=2) + b"\n"
    out = []
    for number, line in enumerate(data.split(b"\n"), 1):
        line = line.rstrip(b"\r")
        if line.strip():
            try:
                out.append(canonical(line, settings, line=True) + b"\n")
            except Unformattable as e:
                raise Unformattable([relocate(f, (number, 1)) for f in e.findings]) from None
    return b"".join(out)


def canonical(data: bytes, settings: Settings, *, line: bool = False) -> bytes:
    """The compact canonical JSON of one document; raises Unformattable."""
    try:
        return canonical_value(data, settings, line=line)
    except WireError as e:
        # Decoding stops at the first problem; the linter says where each one is.
        errors = [f for f in check_document(data, settings, line=line).findings if f.severity == "error"]
        raise Unformattable(errors or e.findings) from None


def canonical_value(data: bytes, settings: Settings, *, line: bool) -> bytes:
    try:
        top = TOP.decode(data)
    except msgspec.ValidationError:
        top = None
    except (msgspec.DecodeError, UnicodeDecodeError) as e:
        raise Unformattable([malformed(data, e)]) from None
    if line and not isinstance(top, dict):
        raise Unformattable([not_an_object(data)])
    if isinstance(top, dict) and is_batch_line(top):
        members = {
            name: msgspec.Raw(payload(name, bytes(raw), settings)) if name in ("request", "response") else raw
            for name, raw in top.items()
        }
        return msgspec.json.encode(members)
    kind = guess_kind(top) if settings.kind == "auto" else settings.kind
    if kind != "stream":
        return payload(kind, data, settings)
    if not isinstance(top, list):
        raise Unformattable(check_document(data, settings).findings)
    elements = [bytes(raw) for raw in top]
    return b"[" + b",".join(payload(element_kind(e), e, settings) for e in elements) + b"]"


def payload(kind: str, data: bytes, settings: Settings) -> bytes:
    """Decoded as its kind and encoded again; raises WireError."""
    dialect = dialect_named(settings.dialect)
    if kind == "request":
        return encode(dialect.decode_request(data))
    if kind == "response":
        return encode(dialect.decode_response(data))
    return encode(dialect.decode_error(data))


def diff(name: str, before: bytes, after: bytes) -> str:
    """A unified diff from a file to its canonical form."""
    old = before.decode("utf-8", "replace").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, fromfile=name, tofile=name)
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file's content at once: a temporary file beside it, fsync, then a rename over it.

    Until the rename the original is untouched; after it the new content is complete. A
    symbolic link is followed, so the file it points to is replaced and the link stays.
    """
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        if PAUSE_BEFORE_REPLACE in os.environ:
            time.sleep(float(os.environ[PAUSE_BEFORE_REPLACE]))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; elsewhere there is nothing to open)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
