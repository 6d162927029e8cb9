"""Where a finding's path is in the JSON text: line, column, and the path as the user spelled it.

Only run when there are findings, so the happy path never pays for it. The text is tokenized
with one regular expression (strings, punctuation, bare literals), so even megabytes of base64
in one string are skipped at C speed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from gemini_wire.codec import Key, format_path, line_column

TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
SEGMENT = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')
CAMEL = re.compile(r"[A-Z]")

Segment = str | int


def parse_path(path: str) -> list[Segment]:
    """The segments of a path written by `format_path` (the inverse of it)."""
    out: list[Segment] = []
    pos = 0
    while pos < len(path):
        m = SEGMENT.match(path, pos)
        if m is None:
            break
        name, index, quoted = m.groups()
        if name is not None:
            out.append(name)
        elif index is not None:
            out.append(int(index))
        else:
            out.append(Key(json.loads(quoted)))
        pos = m.end()
    return out


def spellings(key: str) -> set[str]:
    """A field name as written in the finding and its other wire spelling."""
    snake = CAMEL.sub(lambda m: "_" + m.group(0).lower(), key)
    head, *rest = key.split("_")
    camel = head + "".join(w[:1].upper() + w[1:] for w in rest)
    return {key, snake, camel}


class Scanner:
    def __init__(self, data: bytes) -> None:
        self.tokens: Iterator[re.Match[bytes]] = TOKEN.finditer(data)

    def next(self) -> re.Match[bytes] | None:
        return next(self.tokens, None)

    def skip(self, first: re.Match[bytes]) -> None:
        """Consume the rest of the value that starts with `first`."""
        depth = 1 if first.group() in (b"{", b"[") else 0
        while depth:
            tok = self.next()
            if tok is None:
                return
            t = tok.group()
            if t in (b"{", b"["):
                depth += 1
            elif t in (b"}", b"]"):
                depth -= 1


def locate(data: bytes | str, path: str) -> tuple[int, int, str] | None:
    """Line and column of the key (or array element) the path names, and the path as spelled.

    When the path does not exist in the text (a field the finding says is missing), the deepest
    part of it that does is given. A single object where the codec saw a one-element list (the
    server's leniency) is followed as element 0.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    scanner = Scanner(raw)
    tok = scanner.next()
    if tok is None:
        return None
    segments = parse_path(path)
    found: list[Segment] = []
    where = tok.start()
    for seg in segments:
        if isinstance(seg, int):
            if tok.group() == b"{" and seg == 0:
                continue  # one object given for a list
            if tok.group() != b"[":
                break
            element = element_at(scanner, seg)
            if element is None:
                break
            tok = element
            where = tok.start()
            found.append(seg)
        else:
            if tok.group() != b"{":
                break
            member = member_named(scanner, spellings(seg) if not isinstance(seg, Key) else {seg})
            if member is None:
                break
            key_tok, tok = member
            where = key_tok.start()
            name = json.loads(key_tok.group())
            found.append(Key(name) if isinstance(seg, Key) else name)
    line, column = line_column(raw, where)
    return line, column, format_path(tuple(found))


def element_at(scanner: Scanner, index: int) -> re.Match[bytes] | None:
    i = 0
    while True:
        tok = scanner.next()
        if tok is None or tok.group() == b"]":
            return None
        if tok.group() == b",":
            continue
        if i == index:
            return tok
        scanner.skip(tok)
        i += 1


def member_named(scanner: Scanner, names: set[str]) -> tuple[re.Match[bytes], re.Match[bytes]] | None:
    while True:
        key = scanner.next()
        if key is None or key.group() == b"}":
            return None
        if key.group() == b",":
            continue
        colon = scanner.next()
        value = scanner.next()
        if colon is None or value is None:
            return None
        try:
            name = json.loads(key.group())
        except ValueError:
            return None
        if name in names:
            return key, value
        scanner.skip(value)
