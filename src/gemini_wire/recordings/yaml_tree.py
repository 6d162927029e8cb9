"""A YAML document composed into a tree of small nodes, within limits: what cassettes are read from.

PyYAML parses (libyaml when it is there); the composing is ours, a loop over the parser's events,
because PyYAML's composer recurses (a deep document overflows the stack), lets an alias name the
node that contains it (a cycle that every walk then follows for ever), and gives each node two
Mark objects (most of a cassette's memory). Here:

- an alias is never copied: it *is* the node that it names, shared. What the aliases would add
  to the document were it expanded is counted as it is composed and capped (MAX_ALIAS_EXPANSION),
  so that every walk over the tree, and every body linted, costs at most the file plus that.
  Refusing aliases outright would refuse real cassettes: PyYAML and Ruby's Psych write `&id001`
  and `*id001` for an object that a cassette holds twice (a shared header list);
- an alias inside the node it names becomes a `Refused` node in its place, which says why: the
  body or interaction that holds one is reported, and the rest of the file is read;
- a collection deeper than MAX_YAML_DEPTH stops the reading there (the parser itself would take
  time in the depth for each token that follows): the file is reported, with the limit;
- a literal block (`|`) knows the indentation of its lines in the file, found in one forward
  pass over the file's lines, so that a position inside the block maps to the file's.
"""

from __future__ import annotations

import gc
import math
import re
import sys
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import msgspec

from gemini_wire.limits import MAX_ALIAS_EXPANSION, MAX_YAML_DEPTH
from gemini_wire.recordings.model import BodyError

NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
STR = "tag:yaml.org,2002:str"
TRUE = frozenset({"true", "yes", "on"})  # YAML 1.1 booleans, as PyYAML resolves them
JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
MAX_DIGITS = 4_300
LIBYAML_DEEP = "exceeded maximum nesting depth"  # libyaml 0.2.6's problem past its 1,000 levels
QUOTES = ("'", '"')  # the styles of a quoted flow scalar, as PyYAML names them
SHARED = 64  # scalars up to this long are kept once however often they occur (keys, headers)  # Python's int() limit: a longer number stays text


class Scalar:
    """A scalar: its resolved tag, its text, where it starts (1-based), for a literal block (`|`)
    the indentation of its lines in the file (None when they do not map line for line), and for
    a single- or double-quoted scalar where its literal ends (0-based line and column, as the
    parser counts; None for another style), so that `Literal` can read it when a finding is in it."""

    __slots__ = ("column", "end", "indent", "line", "tag", "value")

    def __init__(
        self, tag: str, value: str, line: int, column: int, indent: int | None = None,
        end: tuple[int, int] | None = None,
    ) -> None:
        self.tag, self.value, self.line, self.column, self.indent = tag, value, line, column, indent
        self.end = end


class Collection:
    """A sequence or mapping; `size` is what it expands to in nodes and characters (None while
    it is open)."""

    __slots__ = ("column", "items", "line", "size")

    def __init__(self, line: int, column: int) -> None:
        self.items: list[Node] = []
        self.line, self.column = line, column
        self.size: int | None = None


class Sequence(Collection):
    """A sequence: `items` in order."""

    __slots__ = ()


class Mapping(Collection):
    """A mapping: `items` holds its keys and values, alternating (no tuple for each pair)."""

    __slots__ = ()

    def pairs(self) -> Iterator[tuple[Node, Node]]:
        """The (key, value) pairs in order."""
        return zip(self.items[::2], self.items[1::2], strict=True)


class Refused:
    """A node that was not built, and why (an alias inside what it names, or past the limit of
    what aliases may add)."""

    __slots__ = ("column", "line", "reason")

    def __init__(self, reason: str, line: int, column: int) -> None:
        self.reason, self.line, self.column = reason, line, column


Node = Scalar | Sequence | Mapping | Refused


class YamlProblem(ValueError):
    """Why a document cannot be read (not YAML, several documents, past a limit); where, when
    known (1-based)."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(problem)
        self.line, self.column = line, column
        self.libyaml_deep = False  # libyaml's own limit of nesting (compose)


def size(node: Node) -> int:
    if isinstance(node, Scalar):
        return 1 + len(node.value)
    if isinstance(node, Refused):
        return 1
    return node.size or 1


def compose(data: bytes) -> Node | None:
    """The one document of a YAML stream as a tree (None when the stream is empty); raises
    YamlProblem when it is not YAML, and ImportError without PyYAML."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return composed(fast, data)
    except YamlProblem as e:
        if not e.libyaml_deep or fast is yaml.SafeLoader:
            raise
    # libyaml scans the brackets of a flow collection ahead of its events, and the libyaml of
    # PyYAML 6.0.4's wheels stops at 1,000 levels: past the composer's limit, but before the
    # composer sees the collection that crosses it. PyYAML's own parser looks a line ahead at
    # most: on it, the composer stops at its limit, at the same place whatever PyYAML's version.
    return composed(yaml.SafeLoader, data)


def composed(loader_class: Any, data: bytes) -> Node | None:
    """The document as a loader of `loader_class` parses it; raises YamlProblem."""
    import yaml

    loader = loader_class(data)
    try:
        return Composer(loader, data).document()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        where = (mark.line + 1, mark.column + 1) if mark else ()
        problem = YamlProblem(f"not YAML ({e.problem})", *where)
        problem.libyaml_deep = e.problem == LIBYAML_DEEP
        raise problem from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise YamlProblem(f"not YAML ({e})") from None
    finally:
        loader.dispose()


@contextmanager
def uncollected() -> Iterator[None]:
    """The cycle collector paused while a tree is built and read. The tree is acyclic (an alias
    inside what it names is refused), so reference counting frees all of it; the collector would
    only rescan the growing tree, again and again: half the time of reading a cassette."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class Composer:
    """Events to nodes, one loop and an explicit stack (no recursion however deep the text)."""

    def __init__(self, loader: Any, data: bytes) -> None:
        self.loader = loader
        self.lines = Lines(data)
        self.anchors: dict[str, Node] = {}
        # PyYAML's implicit resolvers by first character ('' for the empty scalar), as its
        # Resolver.resolve looks them up; no resolver of the safe loader matches any character.
        self.implicit: dict[str, list[tuple[str, re.Pattern[str]]]] = loader.yaml_implicit_resolvers
        self.expanded = 0  # what the aliases met so far add to the document

    def document(self) -> Node | None:
        import yaml

        get = self.loader.get_event
        get()  # the stream's start
        if isinstance(get(), yaml.StreamEndEvent):
            return None
        root = self.tree(yaml)
        get()  # the document's end
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            mark = event.start_mark
            raise YamlProblem("not YAML (a second document: a cassette is one YAML document)", mark.line + 1, mark.column + 1)
        return root

    def tree(self, yaml: Any) -> Node:
        get = self.loader.get_event
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        sequence_start, mapping_start = yaml.SequenceStartEvent, yaml.MappingStartEvent
        # The open collections, outermost first, each with its items (a mapping's keys and
        # values alternate) and its size; the innermost one is in the locals.
        stack: list[tuple[Sequence | Mapping, list[Node], int]] = []
        node: Sequence | Mapping | None = None
        items: list[Node] = []
        total = 0
        while True:
            event = get()
            kind = type(event)
            made: Node
            if kind is scalar_event:
                made = self.scalar(event, type(node) is Mapping and not len(items) % 2)
                grown = 1 + len(made.value)
            elif kind is alias_event:
                made = self.alias(event)
                grown = size(made)
            elif kind is sequence_start or kind is mapping_start:
                mark = event.start_mark
                if len(stack) + (node is not None) >= MAX_YAML_DEPTH:
                    # Stop here: libyaml's scanner takes time in the depth for each token of a
                    # flow collection, quadratic in a file of brackets (100,000: minutes).
                    raise YamlProblem(
                        f"nested deeper than {MAX_YAML_DEPTH} levels (gemini_wire.limits.MAX_YAML_DEPTH)",
                        mark.line + 1,
                        mark.column + 1,
                    )
                opened: Sequence | Mapping = (Sequence if kind is sequence_start else Mapping)(
                    mark.line + 1, mark.column + 1
                )
                if event.anchor is not None:
                    self.anchors[event.anchor] = opened
                if node is not None:
                    stack.append((node, items, total))
                node, items, total = opened, [], 1
                continue
            else:  # the end of the innermost collection
                assert node is not None
                node.items, node.size = items, total
                made, grown = node, total
                if not stack:
                    return made
                node, items, total = stack.pop()
            if node is None:
                return made  # a document that is one scalar
            items.append(made)
            total += grown

    def scalar(self, event: Any, key: bool) -> Scalar:
        mark = event.start_mark
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            tag = self.resolve(value, event.implicit[0] and tag is None)
        if key or len(value) <= SHARED:
            value = sys.intern(value)  # keys and header values repeat in every interaction: one copy
        indent = self.lines.indent(mark.line, value) if event.style == "|" else None
        end = (event.end_mark.line, event.end_mark.column) if event.style in QUOTES and not key else None
        made = Scalar(tag, value, mark.line + 1, mark.column + 1, indent, end)
        if event.anchor is not None:
            self.anchors[event.anchor] = made
        return made

    def resolve(self, value: str, plain: bool) -> str:
        """The tag of an untagged scalar, by PyYAML's YAML 1.1 rules (as its composer resolves)."""
        if plain:
            for tag, pattern in self.implicit.get(value[:1], ()):
                if pattern.match(value):
                    return str(tag)
        return STR

    def alias(self, event: Any) -> Node:
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        target = self.anchors.get(event.anchor)
        if target is None:
            raise YamlProblem(f"not YAML (found undefined alias *{event.anchor})", line, column)
        if isinstance(target, Collection) and target.size is None:
            return Refused(f"the alias *{event.anchor} is inside the node that it names (a recursive alias)", line, column)
        self.expanded += size(target)
        if self.expanded > MAX_ALIAS_EXPANSION:
            return Refused(
                f"the aliases of this file would expand it by more than {MAX_ALIAS_EXPANSION:,} nodes and "
                f"characters (gemini_wire.limits.MAX_ALIAS_EXPANSION)",
                line,
                column,
            )
        return target

class Lines:
    """The file's lines, met in increasing order, in one pass over it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.line = 0  # 0-based, as the parser counts
        self.start = 0  # where that line starts

    def text(self, line: int) -> bytes | None:
        while self.line < line:
            end = self.data.find(b"\n", self.start)
            if end < 0:
                return None
            self.line, self.start = self.line + 1, end + 1
        if line < self.line:
            return None
        end = self.data.find(b"\n", self.start)
        return self.data[self.start : end if end >= 0 else len(self.data)]

    def indent(self, header: int, value: str) -> int | None:
        """The indentation of a literal block's lines (the block's header on line `header`):
        read on its first line with text, whose text must end the file's line. None when it
        cannot be told (no text; line ends that the parser counts and `\\n` does not)."""
        blank = len(value) - len(value.lstrip("\n"))
        end = value.find("\n", blank)
        first = value[blank : end if end >= 0 else len(value)]
        found = self.text(header + 1 + blank) if first else None
        if found is None:
            return None
        line = found.decode("utf-8", "replace").removesuffix("\r")
        return len(line) - len(first) if line.endswith(first) else None


class Literal:
    """A quoted scalar's literal as the file spells it (quotes and line ends included), read from
    the file only when a finding is placed in it (`Body.quoted`): reading every quoted scalar's
    lines as the parser goes would cost a tenth of reading a cassette of long bodies."""

    __slots__ = ("file", "scalar")

    def __init__(self, file: FileLines, scalar: Scalar) -> None:
        self.file, self.scalar = file, scalar

    def __bool__(self) -> bool:
        return self.scalar.end is not None

    def text(self) -> str:
        """The literal, or "" where the file's lines are not the parser's (a line end that only
        the parser counts, such as a lone CR): the finding then stays where the scalar starts."""
        scalar = self.scalar
        if scalar.end is None:
            return ""
        (end_line, end), line, start = scalar.end, scalar.line - 1, scalar.column - 1
        parts = []
        for number in range(line, end_line + 1):
            found = self.file.line(number)
            if found is None:
                return ""
            parts.append(found[start if number == line else 0 : end if number == end_line else len(found)])
        text = "\n".join(parts)
        return text if len(text) >= 2 and text[0] in QUOTES and text[-1] == text[0] else ""


class FileLines:
    """A file's lines by number (0-based, split at LF), indexed once, when first asked."""

    __slots__ = ("data", "starts")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts: array[int] | None = None  # 8 bytes a line

    def line(self, number: int) -> str | None:
        if self.starts is None:
            self.starts = array("q", [0])
            self.starts.extend(m.end() for m in re.finditer(b"\n", self.data))
        if number >= len(self.starts):
            return None
        start = self.starts[number]
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.data)
        return self.data[start:end].decode("utf-8", "replace")


def plain(node: Node) -> Any:
    """A composed node as JSON data, its scalars read by their YAML tags; raises BodyError where
    the tree holds a Refused node or a key that is no scalar."""
    if isinstance(node, Mapping):
        out = {}
        for key, value in node.pairs():
            if not isinstance(key, Scalar):
                raise BodyError(f"a key that is not text, at line {key.line}")
            out[key.value] = plain(value)
        return out
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    if isinstance(node, Refused):
        raise BodyError(f"{node.reason}, at line {node.line}")
    return scalar_value(node)


def scalar_value(node: Scalar) -> Any:
    """A scalar as JSON data: a number as JSON writes it stays that text (lint then sees what
    it would in a JSON payload); YAML 1.1 spellings are converted; anything else stays text."""
    tag, text = node.tag, node.value
    if tag == NULL:
        return None
    if tag == BOOL:
        return text.lower() in TRUE
    if tag not in (INT, FLOAT):
        return text
    if JSON_NUMBER.fullmatch(text):
        return msgspec.Raw(text.encode())
    try:
        return yaml11_number(text.replace("_", ""), tag == FLOAT)
    except (ValueError, OverflowError):
        return text  # `!!float abc`, or longer than a number may be: lint reports the type


def yaml11_number(text: str, real: bool) -> Any:
    """A YAML 1.1 number that JSON does not spell: `+1`, `0x1F`, `017` (octal), `0b1`, `.5`,
    `1:30` (base 60), `.inf`, `.nan`; raises ValueError for anything else."""
    if len(text) > MAX_DIGITS:
        raise ValueError(text)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if real and digits.lower() == ".nan":
        return "NaN"
    if real and digits.lower() == ".inf":
        return "-Infinity" if sign < 0 else "Infinity"
    if ":" in digits:
        *whole, last = digits.split(":")
        value: Any = 0
        for part in whole:
            value = value * 60 + int(part)
        value = value * 60 + (float(last) if real else int(last))
    elif real:
        value = float(digits)
    elif digits[:2] in ("0b", "0x", "0o"):
        value = int(digits, 0)
    elif len(digits) > 1 and digits.startswith("0"):
        value = int(digits, 8)
    else:
        value = int(digits)
    if real and math.isnan(value):
        return "NaN"
    if real and math.isinf(value):
        return "-Infinity" if sign < 0 else "Infinity"
    return sign * value
