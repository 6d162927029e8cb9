"""Formatting: the canonical form of a payload file, a diff to it, and replacing a file atomically.

The canonical form is what `gemini_wire.encode` writes (camelCase, canonical numbers, standard
base64, durations as "1.5s"), laid out as the user wrote the file, so that a hand-written file
stays recognisable: its key order, its indentation (two spaces, four, a tab), which objects and
arrays sit on one line, and whether `:` and `,` are followed by a space. A batch file keeps one
line per line, and the members of a batch line other than `request` and `response` as they were.
A document whose values are already canonical is left alone byte for byte (its escapes, its
spacing, its line ends, a missing final newline): fmt changes what `encode` would change, and
nothing else. A response keeps its unknown fields. A payload with errors has no canonical form:
it is refused with the findings that say why, and its file is left alone.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from gemini_wire.codec import encode
from gemini_wire.documents.check import (
    Settings,
    check_document,
    element_kind,
    guess_kind,
    is_batch_line,
    not_an_object,
    top_of,
)
from gemini_wire.findings import Finding, WireError, relocate
from gemini_wire.positions import TOKEN
from gemini_wire.secrets import mask

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
        compact = canonical(data, settings)
        if same_values(compact, data):
            return data
        newline = b"\r\n" if b"\r\n" in data else b"\n"  # the file's own line ends
        return laid_out(compact, data).replace(b"\n", newline) + newline
    out = []
    for number, line in enumerate(data.split(b"\n"), 1):
        line = line.rstrip(b"\r")
        if line.strip():
            try:
                compact = canonical(line, settings, line=True)
            except Unformattable as e:
                raise Unformattable([relocate(f, base=(number, 1)) for f in e.findings]) from None
            out.append((line if same_values(compact, line) else laid_out(compact, line)) + b"\n")
    return b"".join(out)


def same_values(canonical: bytes, original: bytes) -> bool:
    """Whether a document already holds the canonical values: the same keys, and values of the
    same JSON types and equal (so `1` is not `1.0`, and `"\\u00e9"` is `"é"`)."""
    return identical(msgspec.json.decode(canonical), msgspec.json.decode(original))


def identical(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(identical(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def canonical(data: bytes, settings: Settings, *, line: bool = False) -> bytes:
    """The compact canonical JSON of one document; raises Unformattable."""
    try:
        return canonical_value(data, settings, line=line)
    except WireError as e:
        # Decoding stops at the first problem; the linter says where each one is.
        errors = [f for f in check_document(data, settings, line=line).findings if f.severity == "error"]
        raise Unformattable(errors or e.findings) from None


def canonical_value(data: bytes, settings: Settings, *, line: bool) -> bytes:
    top = top_of(data)
    if isinstance(top, Finding):
        raise Unformattable([top])
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
    dialect = settings.resolved
    if kind == "request":
        return encode(dialect.decode_request(data))
    if kind == "response":
        return encode(dialect.decode_response(data))
    return encode(dialect.decode_error(data))


# --------------------------------------------------------------------------- the user's layout

CONTAINER_OPEN = (b"{", b"[")
CONTAINER_CLOSE = (b"}", b"]")
SNAKE = re.compile(r"_([a-z0-9])")
COLON_SPACE = re.compile(rb'"\s*:[ \t]')
COMMA_SPACE = re.compile(rb",[ \t]")
COLON_TIGHT = re.compile(rb'":[^\s]')
COMMA_TIGHT = re.compile(rb",[^\s]")


@dataclass
class Layout:
    """How an object or array was written: on one line or not, its keys in order, its children."""

    inline: bool = True
    keys: list[str] = field(default_factory=list)  # an object's, in the file's order
    children: dict[str | int, Layout] = field(default_factory=dict)  # by original key or index
    array: bool = False
    # Scalars whose spelling may differ from encode's for the same value (`"caf\\u00e9"`, `0.50`),
    # by original key or index: kept where the value stays.
    spelled: dict[str | int, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Style:
    indent: str  # one level: two spaces, four, a tab
    colon: str  # ": " or ":"
    comma: str  # ", " or "," between the items of a one-line container


def laid_out(canonical: bytes, original: bytes) -> bytes:
    """The canonical document written in the original's key order and layout."""
    layout = layout_of(original)
    # Compact separators only for a file that writes them so and never with a space.
    compact_colon = COLON_TIGHT.search(original) and not COLON_SPACE.search(original)
    compact_comma = COMMA_TIGHT.search(original) and not COMMA_SPACE.search(original)
    style = Style(indentation(original), ":" if compact_colon else ": ", "," if compact_comma else ", ")
    return render(msgspec.json.decode(canonical), layout, 0, style, False).encode("utf-8")


def indentation(data: bytes) -> str:
    """One level of indentation: that of the first indented line (default two spaces)."""
    for line in data.split(b"\n")[1:]:
        body = line.lstrip(b" \t")
        if body and len(body) < len(line):
            lead = line[: len(line) - len(body)]
            return "\t" if lead.startswith(b"\t") else " " * len(lead)
    return "  "


def layout_of(data: bytes) -> Layout | None:
    """The layout of a JSON document's containers (None for a scalar)."""
    tokens = TOKEN.finditer(data)
    first = next(tokens, None)
    if first is None or first.group() not in CONTAINER_OPEN:
        return None
    return container(first, tokens, data)


def container(opening: re.Match[bytes], tokens: Iterator[re.Match[bytes]], data: bytes) -> Layout:
    node = Layout(array=opening.group() == b"[")
    key: str | int = 0
    expect_key = not node.array
    for token in tokens:
        t = token.group()
        if t in CONTAINER_CLOSE:
            node.inline = b"\n" not in data[opening.start() : token.end()]
            return node
        if t == b",":
            expect_key = not node.array
            key = key + 1 if isinstance(key, int) else key
        elif t == b":":
            continue
        elif expect_key:
            key = msgspec.json.decode(t, type=str)
            node.keys.append(key)
            expect_key = False
        elif t in CONTAINER_OPEN:
            node.children[key] = container(token, tokens, data)
        elif not t.startswith(b'"') or b"\\" in t:  # a string without escapes is written as it was
            node.spelled[key] = t
    return node


def camel(name: str) -> str:
    return SNAKE.sub(lambda m: m.group(1).upper(), name)


def render(value: Any, layout: Layout | None, depth: int, style: Style, inline: bool) -> str:
    """`value` (canonical) as JSON text, following `layout` where the original had the container."""
    if isinstance(value, dict):
        original: dict[str, str] = {}  # canonical key -> the key as the file spelled it
        for name in layout.keys if layout is not None and not layout.array else []:
            original.setdefault(name, name)
            original.setdefault(camel(name), name)
        order = {k: i for i, k in enumerate(original)}
        keys = sorted(value, key=lambda k: order.get(k, len(order)))
        inline = inline or (layout.inline if layout is not None else True)
        items = [
            msgspec.json.encode(k).decode() + style.colon + item(value[k], layout, original.get(k), depth, style, inline)
            for k in keys
        ]
        return wrapped("{", items, "}", depth, style, inline)
    if isinstance(value, list):
        if layout is not None and not layout.array:  # one object where a list is expected
            layout = Layout(layout.inline, array=True, children={0: layout})
        inline = inline or (layout.inline if layout is not None else True)
        items = [item(v, layout, i, depth, style, inline) for i, v in enumerate(value)]
        return wrapped("[", items, "]", depth, style, inline)
    return msgspec.json.encode(value).decode()


def item(value: Any, parent: Layout | None, key: str | int | None, depth: int, style: Style, inline: bool) -> str:
    """A member of an object or array: a scalar as the file spelled it, else rendered."""
    return spelled(value, parent, key) or render(value, child(parent, key), depth + 1, style, inline)


def spelled(value: Any, layout: Layout | None, key: str | int | None) -> str | None:
    """A scalar as the file spelled it, if the file held this very value there."""
    if layout is None or key is None or (token := layout.spelled.get(key)) is None:
        return None
    return token.decode("utf-8") if identical(msgspec.json.decode(token), value) else None


def child(layout: Layout | None, key: str | int | None) -> Layout | None:
    return layout.children.get(key) if layout is not None and key is not None else None


def wrapped(opening: str, items: list[str], closing: str, depth: int, style: Style, inline: bool) -> str:
    if not items:
        return opening + closing
    if inline:
        return opening + style.comma.join(items) + closing
    inner = style.indent * (depth + 1)
    return f"{opening}\n{inner}" + f",\n{inner}".join(items) + f"\n{style.indent * depth}{closing}"


def diff(name: str, before: bytes, after: bytes) -> str:
    """A unified diff from a file to its canonical form, keys and tokens masked: a diff is a
    report, read in CI logs (a hunk with a masked line no longer applies with `patch`)."""
    old = mask(before.decode("utf-8", "replace")).splitlines(keepends=True)
    new = mask(after.decode("utf-8")).splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, fromfile=mask(name), tofile=mask(name))
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
