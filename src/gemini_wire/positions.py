"""Where findings' paths are in the JSON text: line, column, and the path as the user spelled it.

Only run when there are findings, so the happy path never pays for it. It is one pass whatever
the number of findings: their paths are gathered into a tree, the text is tokenized once (one
regular expression: strings, punctuation, bare literals) and descended only where the tree
goes, and lines and columns are counted once, from the first offset to the last. A string is
one token matched without backtracking state, so megabytes of base64 cost C time and no memory
beyond the token.
"""

from __future__ import annotations

import bisect
import codecs
import json
import re
from collections.abc import Iterable, Iterator

import msgspec

from gemini_wire.findings import Finding, Key, Path

# `[^"\\]*(?:\\.[^"\\]*)*` rather than `(?:[^"\\]|\\.)*`: the alternation inside a repeat keeps
# a backtracking state per character (about 120 bytes for each byte of a long string).
TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
CAMEL = re.compile(r"[A-Z]")
OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA = b"{}[],"


def spellings(key: str) -> set[str]:
    """A field name as written in the finding and its other wire spelling."""
    snake = CAMEL.sub(lambda m: "_" + m.group(0).lower(), key)
    head, *rest = key.split("_")
    camel = head + "".join(w[:1].upper() + w[1:] for w in rest)
    return {key, snake, camel}


class Node:
    """A place that some finding's path goes through, and where the text has it (if it does)."""

    __slots__ = ("at", "indexes", "keys", "names", "spelled")

    def __init__(self) -> None:
        self.names: dict[str, Node] = {}  # field names, under each of their spellings
        self.keys: dict[str, Node] = {}  # data keys (map keys, Struct contents), as written
        self.indexes: dict[int, Node] = {}
        self.at: int | None = None  # byte offset of the key (or element) in the text
        self.spelled: Path = ()

    def child(self, seg: str | int) -> Node:
        if isinstance(seg, int):
            return self.indexes.setdefault(seg, Node())
        if isinstance(seg, Key):
            return self.keys.setdefault(str(seg), Node())
        node = self.names.get(seg)
        if node is None:
            node = Node()
            for spelling in spellings(seg):
                self.names.setdefault(spelling, node)
        return node


class Walk:
    """The tokens of a text, read once, front to back."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.tokens: Iterator[re.Match[bytes]] = TOKEN.finditer(raw)

    def next(self) -> re.Match[bytes] | None:
        return next(self.tokens, None)

    def skip(self, first: re.Match[bytes]) -> None:
        """Consume the rest of the value that starts with `first`."""
        raw = self.raw
        depth = 1 if raw[first.start()] in (OPEN_BRACE, OPEN_BRACKET) else 0
        while depth:
            tok = self.next()
            if tok is None:
                return
            c = raw[tok.start()]
            if c == OPEN_BRACE or c == OPEN_BRACKET:
                depth += 1
            elif c == CLOSE_BRACE or c == CLOSE_BRACKET:
                depth -= 1

    def value(self, first: re.Match[bytes], node: Node) -> None:
        """Read the value that starts with `first`, recording where `node`'s children are.

        Recursion follows the findings' paths only (each at most limits.MAX_DEPTH long: the
        codec refuses deeper input); the rest is skipped token by token."""
        c = self.raw[first.start()]
        if c == OPEN_BRACE:
            if 0 in node.indexes:  # one object where the codec saw a one-element list
                lenient = node.indexes[0]
                lenient.at, lenient.spelled = node.at, node.spelled
                node = lenient
            self.members(node)
        elif c == OPEN_BRACKET:
            self.elements(node)

    def members(self, node: Node) -> None:
        while True:
            key = self.next()
            if key is None or self.raw[key.start()] == CLOSE_BRACE:
                return
            if self.raw[key.start()] == COMMA:
                continue
            colon, value = self.next(), self.next()
            if colon is None or value is None:
                return
            child = None
            if node.keys or node.names:
                try:
                    name = json.loads(key.group())
                except ValueError:
                    return
                if isinstance(name, str):
                    child = node.keys.get(name)
                    spelled: str | int = Key(name)
                    if child is None:
                        child, spelled = node.names.get(name), name
            if child is None:
                self.skip(value)
                continue
            # A key given twice: the last one wins (as msgspec decodes), so it is the one shown.
            child.at, child.spelled = key.start(), (*node.spelled, spelled)
            self.value(value, child)

    def elements(self, node: Node) -> None:
        index = 0
        while True:
            tok = self.next()
            if tok is None or self.raw[tok.start()] == CLOSE_BRACKET:
                return
            if self.raw[tok.start()] == COMMA:
                continue
            child = node.indexes.get(index)
            if child is None:
                self.skip(tok)
            else:
                child.at, child.spelled = tok.start(), (*node.spelled, index)
                self.value(tok, child)
            index += 1


class Lines:
    """The one count from byte offsets to 1-based line and column (in characters) of a text,
    made forward: each offset is counted from the one before, never from byte 0 again."""

    __slots__ = ("column", "line", "pos", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.line, self.pos, self.column = 1, 0, 1  # `pos` is at `column` of `line`

    def at(self, offset: int, *, stay: bool = False) -> tuple[int, int]:
        """Line and column of an offset at or after the last one counted; `stay`: without moving
        there (for offsets a little after it, such as the bodies inside one HAR entry)."""
        raw, line, pos, column = self.raw, self.line, self.pos, self.column
        newlines = raw.count(b"\n", pos, offset)
        if newlines:
            line += newlines
            pos, column = raw.rfind(b"\n", pos, offset) + 1, 1
        column += characters(raw, pos, offset)
        if not stay:
            self.line, self.pos, self.column = line, offset, column
        return line, column


def line_columns(raw: bytes, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Line and column of each byte offset, counted in one pass."""
    lines = Lines(raw)
    return {offset: lines.at(offset) for offset in sorted(set(offsets))}


def line_column(data: bytes | str, offset: int) -> tuple[int, int]:
    """Line and column of one byte offset into the input (bytes, or str as its UTF-8)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    return Lines(raw).at(offset)


def characters(raw: bytes, start: int, end: int, piece: int = 1 << 16) -> int:
    """The characters in raw[start:end], decoded a piece at a time: a line of megabytes costs
    no copy of itself (a short span is decoded at once: the key of every batch line comes here)."""
    if end - start <= piece:
        return len(raw[start:end].decode("utf-8", "replace"))
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    count = 0
    with memoryview(raw) as view:
        for at in range(start, end, piece):
            count += len(decoder.decode(view[at : min(at + piece, end)]))
    return count + len(decoder.decode(b"", final=True))


def locate_all(data: bytes | str, paths: Iterable[Path]) -> dict[Path, tuple[int, int, Path]]:
    """For each path: line and column of the key (or element) it names, and the path as spelled.

    When a path does not exist in the text (a field the finding says is missing), the deepest
    part of it that does is given. A single object where the codec saw a one-element list (the
    server's leniency) is followed as element 0.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    walk = Walk(raw)
    first = walk.next()
    if first is None:
        return {}
    root = Node()
    root.at = first.start()
    wanted = {path: [root] for path in paths}
    for path, nodes in wanted.items():
        for seg in path:
            nodes.append(nodes[-1].child(seg))
    walk.value(first, root)
    found: dict[Path, tuple[int, Path]] = {}
    for path, nodes in wanted.items():
        deepest = root
        for node in nodes[1:]:
            if node.at is None:
                break
            deepest = node
        assert deepest.at is not None
        found[path] = (deepest.at, deepest.spelled)
    places = line_columns(raw, (at for at, _ in found.values()))
    return {path: (*places[at], spelled) for path, (at, spelled) in found.items()}


def placed(data: bytes | str, findings: list[Finding]) -> list[Finding]:
    """The findings with their line and column, and their paths as the payload spells them."""
    todo = [f for f in findings if f.line is None]
    if not todo:
        return findings
    where = locate_all(data, {f.loc for f in todo})
    out = []
    for f in findings:
        if f.line is None and f.loc in where:
            line, column, spelled = where[f.loc]
            # A path that the text stops short of (a missing field) keeps the finding's own spelling.
            loc = spelled if len(spelled) == len(f.loc) else f.loc
            f = msgspec.structs.replace(f, line=line, column=column, loc=loc)
        out.append(f)
    return out



# What a quoted literal spells otherwise than character for character. In a double-quoted one
# (JSON's strings, YAML's "..."): an escape (a letter, or a code), or a backslash before a line end
# (YAML: the line end and the next line's indentation are nothing). In a single-quoted one
# ('...', YAML's): a doubled quote. In both, a line end with the blanks around it (YAML's folding:
# one space, or for n empty lines, n line ends).
FOLD = r"[ \t\r]*\n(?:[ \t\r]*\n)*[ \t]*"
TOKENS = {
    '"': re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|\r?\n[ \t]*|.)|" + FOLD, re.S),
    "'": re.compile("''|" + FOLD),
}
# Two escapes that JSON reads as one character: a surrogate pair.
SURROGATE_PAIR = re.compile(r"\\u[dD][89abAB][0-9A-Fa-f]{2}\\u[dD][c-fC-F][0-9A-Fa-f]{2}")


class LiteralIndex:
    """Where each character of a string's text stands in the quoted literal that spells it in a
    file (a JSON string, or a YAML single- or double-quoted scalar, folded over lines or not).
    The literal is read once (linear in it), then each place found by bisection: a body with
    thousands of findings costs one pass, not one a finding (`documents/traffic.placed_all`)."""

    __slots__ = ("end", "pieces", "starts")

    def __init__(self, quoted: str) -> None:
        # Pieces of the text in order: (text line, text column, characters, literal line, index
        # in that line, plain); a plain run spells its characters one for one, any other piece
        # one character (an escape, a fold's space or line end) from where it stands.
        pieces: list[tuple[int, int, int, int, int, bool]] = []
        tokens = TOKENS.get(quoted[:1])
        end = len(quoted) - 1  # the closing quote
        raw_line, line_start = 0, 0
        if tokens is not None and end >= 1:
            at, text_line, text_column = 1, 1, 1
            while at < end:
                m = tokens.search(quoted, at, end)
                stop = m.start() if m else end
                if stop > at:
                    pieces.append((text_line, text_column, stop - at, raw_line, at - line_start, True))
                    text_column += stop - at
                if m is None:
                    break
                token, where = m.group(), m.start() - line_start
                at = m.end()
                if "\n" in token:  # a line end of the file: a fold, or one escaped in a double-quoted scalar
                    place = (raw_line, where)
                    raw_line += token.count("\n")
                    line_start = token.rfind("\n") + 1 + m.start()
                    if token[0] == "\\":
                        continue  # an escaped line end spells nothing
                    ends = token.count("\n") - 1  # a fold of n empty lines spells n line ends, else a space
                    for _ in range(max(ends, 1)):
                        pieces.append((text_line, text_column, 1, *place, False))
                        text_line, text_column = (text_line + 1, 1) if ends else (text_line, text_column + 1)
                    continue
                pieces.append((text_line, text_column, 1, raw_line, where, False))
                if token == "\\n":
                    text_line, text_column = text_line + 1, 1
                    continue
                text_column += 1
                pair = SURROGATE_PAIR.match(quoted, m.start()) if quoted[:1] == '"' else None
                if pair is not None:
                    at = pair.end()
        self.pieces = pieces
        self.starts = [(p[0], p[1]) for p in pieces]
        self.end = (raw_line, end - line_start) if tokens is not None and end >= 1 else (0, 0)

    def place(self, line: int, column: int) -> tuple[int, int]:
        """Where the text's character at `line` and `column` (1-based, in characters) stands, as
        (lines after the literal's first, index in that line): on the first line the opening
        quote is index 0, the next lines are whole lines of the file. An escape or a fold is where
        the character it spells is; a place past the text is the closing quote."""
        k = bisect.bisect_right(self.starts, (line, column)) - 1
        if k >= 0:
            text_line, text_column, size, raw_line, index, plain = self.pieces[k]
            if text_line == line and column < text_column + size:
                return raw_line, index + (column - text_column if plain else 0)
        return self.end
