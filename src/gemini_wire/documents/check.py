"""Checking: what a payload is (by the option, or by its shape), and every finding in it, positioned.

One function serves a whole .json file and one line of a batch file: a document is a request, a
response, an error body, a stream (a JSON array of responses) or a batch line (`{"key": ...,
"request": {...}}`, `{"request": {...}}`, or an output line with `response`, `error` or `status`).
Findings inside a part of the document (a batch line's request, a stream's element) keep the line
and column of the whole text and a path from its root (`request.contents[0]`, `[2].candidates`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from gemini_wire import dialects
from gemini_wire.codec import malformed, nested
from gemini_wire.dialect import Dialect
from gemini_wire.findings import Finding, WireError, excerpt, order, relocate
from gemini_wire.limits import too_deep
from gemini_wire.lint import lint as lint_payload
from gemini_wire.positions import line_column, line_columns
from gemini_wire.rules import RULES, Rule
from gemini_wire.rules.batch import BATCH_LINE_FAILED, BATCH_LINE_NOT_OBJECT, BATCH_MISSING_REQUEST
from gemini_wire.rules.structure import UNKNOWN_FIELD, WRONG_TYPE
from gemini_wire.stream import StreamDecoder

DIALECT_NAMES = (*dialects.NAMES, *dialects.ALIASES)
KINDS = ("auto", "request", "response", "stream", "error")
BATCH_LINE = "batch line"


def field_names(*structs: type) -> frozenset[str]:
    """Both wire spellings (camelCase and snake_case) of the fields of some Structs."""
    return frozenset(n for s in structs for f in msgspec.structs.fields(s) for n in (f.name, f.encode_name))


ALL = [dialects.dialect(name).structs for name in dialects.NAMES]
REQUEST_FIELDS = field_names(*(s.GenerateContentRequest for s in ALL))
RESPONSE_FIELDS = field_names(*(s.GenerateContentResponse for s in ALL))
# Members of batch lines: never field names of a request or a response, so the shape tells.
BATCH_MEMBERS = frozenset({"request", "response", "status"})
OUTPUT_MEMBERS = frozenset({"response", "error", "status"})

# The top level of a document without parsing its values: members or elements as raw JSON text.
Top = dict[str, msgspec.Raw] | list[msgspec.Raw]
TOP = msgspec.json.Decoder(Top)
# From the end of one member (or the opening brace) to the start of the next member's value.
MEMBER = re.compile(rb'[\s,{]*"(?:[^"\\]|\\.)*"\s*:\s*')
ELEMENT = re.compile(rb"[\s,\[]*")
LONGEST_QUOTE = 200


@dataclass(frozen=True)
class Selection:
    """--select / --ignore: rule codes or prefixes; the longest matching prefix decides."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @property
    def narrows(self) -> bool:
        """Whether some rule is left out (else every rule is selected)."""
        return bool(self.select or self.ignore)

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str):
            return False
        chosen = max((len(p) for p in self.select if code.startswith(p)), default=-1) if self.select else 0
        dropped = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return chosen > dropped

    def rules(self) -> list[Rule]:
        """The selected rules, by code."""
        return [rule for code, rule in sorted(RULES.items()) if code in self]

    @functools.cached_property
    def codes(self) -> frozenset[str]:
        """The codes of the selected rules, decided once (lint asks for each check of each payload)."""
        return frozenset(code for code in RULES if code in self)


EVERY_RULE = Selection()


@dataclass(frozen=True)
class Settings:
    """How to read payloads: the dialect, the kind (or `auto`), the model for its limits, and
    the rules whose checks run.

    The dialect is given by the name chosen (an alias stays one: outputs say it) and resolved
    here, once, where the settings are made (the command line, testing, Beam): `resolved` is the
    object that the checking below is handed. Settings go to a worker process by that name."""

    dialect: str = "gemini"
    kind: str = "auto"
    model: str | None = None
    selection: Selection = field(default_factory=Selection)
    resolved: Dialect[Any, Any, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "resolved", dialects.dialect(self.dialect))  # raises ValueError naming the dialects

    def __reduce__(self) -> tuple[type[Settings], tuple[str, str, str | None, Selection]]:
        return (Settings, (self.dialect, self.kind, self.model, self.selection))


def codes(values: Iterable[str]) -> tuple[str, ...]:
    """Rule codes or prefixes from words that may each hold several, comma-separated (GW1,GW301)."""
    return tuple(c.strip().upper() for value in values for c in value.split(",") if c.strip())


def unselectable(option: str, prefixes: Iterable[str]) -> str | None:
    """What is wrong with codes or prefixes of --select / --ignore: one that names no rule."""
    for prefix in prefixes:
        if not any(code.startswith(prefix) for code in RULES):
            return f"{option}: no rule code starts with {prefix!r} (see `gemini-wire rules`)"
    return None


@dataclass
class Checked:
    """What a document was read as, its findings, and a batch line's key with its column."""

    kind: str
    findings: list[Finding]
    key: tuple[str, int] | None = None


def guess_kind(top: dict[str, Any] | list[Any] | None) -> str:
    """A request, a response, an error body or a stream (a JSON array), by the top-level shape."""
    if isinstance(top, list):
        return "stream"
    if isinstance(top, dict):
        if "error" in top:
            return "error"
        if top.keys() & RESPONSE_FIELDS and not top.keys() & REQUEST_FIELDS:
            return "response"
    return "request"


def is_batch_line(keys: Collection[str]) -> bool:
    """`request`, `response` or `status` members, or a `key` beside no field of a payload."""
    names = set(keys)
    return bool(names & BATCH_MEMBERS) or ("key" in names and not names & (REQUEST_FIELDS | RESPONSE_FIELDS))


def check_document(
    data: bytes, settings: Settings, *, line: bool = False, top: Top | Finding | None = None
) -> Checked:
    """Every finding in one JSON document: a whole file, or one line of a batch file (`line`).
    `top`: what top_of gave for it, when the caller has asked already (None: not asked)."""
    if settings.kind == "stream" and not line and not data.strip():
        return Checked("stream", without_responses(data, settings))  # like `[]`, not a JSON error
    if top is None:
        top = top_of(data)
    if isinstance(top, Finding):
        return Checked(BATCH_LINE if line else settings.kind, [top])
    if line and not isinstance(top, dict):
        return Checked(BATCH_LINE, [not_an_object(data)])
    if isinstance(top, dict) and is_batch_line(top):
        return check_batch_line(data, top, settings)
    kind = guess_kind(top) if settings.kind == "auto" else settings.kind
    if line and kind == "request":
        return Checked(BATCH_LINE, unwrapped(data, settings))
    if kind == "stream":
        return Checked(kind, check_stream(data, top, settings))
    return Checked(kind, lint(kind, data, settings, scanned=True))


def top_of(data: bytes) -> Top | Finding | None:
    """The top level of a document (members or elements as raw JSON text), None for a string,
    number, true, false or null, or the finding for text that is not JSON or is nested too deep."""
    deep = too_deep(data)
    if deep is not None:
        return nested(data, deep)  # before msgspec, which recurses even to skip a value
    try:
        top: dict[str, msgspec.Raw] | list[msgspec.Raw] = TOP.decode(data)
    except msgspec.ValidationError:
        return None
    except (msgspec.DecodeError, UnicodeError) as e:
        return malformed(data, e)
    return top


def lint(kind: str, data: bytes, settings: Settings, *, scanned: bool = False) -> list[Finding]:
    """The library's findings for one payload of a kind (request, response or error); the checks
    of rules that the selection leaves out are not run. `scanned`: the payload is (in) a document
    that top_of found nested no deeper than the limit, so lint does not scan it again."""
    codec = settings.resolved.codec
    selected = settings.selection.codes if settings.selection.narrows else None
    model = settings.model if kind == "request" else None
    return lint_payload(codec, data, kind=kind, model=model, selected=selected, scanned=scanned)


def check_stream(data: bytes, top: dict[str, Any] | list[Any] | None, settings: Settings) -> list[Finding]:
    """A stream saved as a JSON array: each element is a response (or an error body)."""
    if not isinstance(top, list):
        message = f"a stream is a JSON array of responses, not {json_type(data)}"
        return [relocate(WRONG_TYPE.finding((), message, "wrap the chunks in [ ] (or give another --kind)"), base=(1, 1))]
    if not top:
        return without_responses(data, settings)
    linted: list[tuple[int, list[Finding]]] = []
    for i, raw in enumerate(top):
        element = bytes(raw)
        inner = lint(element_kind(element), element, settings, scanned=True)
        if inner:
            linted.append((i, inner))
    if not linted:
        return []
    # Where each element starts, counted in one pass: one count from byte 0 per finding would
    # make a long stream with many findings quadratic.
    starts = value_starts(data, top, ELEMENT)
    places = line_columns(data, (starts[i] for i, _ in linted))
    return [relocate(f, (i,), places[starts[i]]) for i, inner in linted for f in inner]


def without_responses(data: bytes, settings: Settings) -> list[Finding]:
    """A stream without an element (`[]`) or without a byte: the stream decoder's verdict on it
    (GW120, placed where the stream ends), so that both read an empty stream alike."""
    decoder: StreamDecoder[Any, Any] = StreamDecoder(settings.resolved)
    try:
        decoder.feed(data)
        decoder.close()
    except WireError as e:
        return e.findings
    return []


def check_batch_line(data: bytes, members: dict[str, msgspec.Raw], settings: Settings) -> Checked:
    """One batch line: an input line's request, or an output line's response, error or status."""
    starts = Lazy(lambda: dict(zip(members, value_starts(data, members.values(), MEMBER), strict=True)))
    found: list[Finding] = []

    def inside(name: str, inner: list[Finding]) -> list[Finding]:
        return [relocate(f, (name,), line_column(data, starts()[name])) for f in inner]

    key = None
    if "key" in members:
        raw = bytes(members["key"])
        try:
            text = msgspec.json.decode(raw, type=str)
        except msgspec.ValidationError:
            text = raw.decode("utf-8", "replace")
            hint = f'write it as a string: "key": {excerpt(text)}'
            message = f"the `key` of a batch line is a string, not {json_type(raw)}"
            found += inside("key", [WRONG_TYPE.finding((), message, hint)])
        key = (text, line_column(data, starts()["key"])[1])
    if members.keys() & OUTPUT_MEMBERS:
        if "response" in members:
            found += inside("response", lint("response", bytes(members["response"]), settings, scanned=True))
        if "error" in members:
            found += lint("error", data, settings, scanned=True)  # the line is an error body; its other members are tolerated
            found += inside("error", [failed(error_text(members["error"]))])
        status = msgspec.json.decode(members.get("status", b'""'))
        if isinstance(status, str) and status.strip():
            found += inside("status", [failed(status)])
    elif "request" in members:
        found += inside("request", lint("request", bytes(members["request"]), settings, scanned=True))
    else:
        hint = 'put the payload under "request": {"key": "q1", "request": {"contents": [...]}}'
        found.append(relocate(BATCH_MISSING_REQUEST.finding((), "a batch line has a `key` but no `request`", hint), base=(1, 1)))
    return Checked(BATCH_LINE, sorted(found, key=order), key)


def unwrapped(data: bytes, settings: Settings) -> list[Finding]:
    """A batch line that is a request itself (with or without a `key` beside its fields): GW132,
    then the request's own findings, less the `key` that GW132 already explains."""
    hint = 'put the payload under "request": {"key": "q1", "request": {"contents": [...]}}'
    found = [relocate(BATCH_MISSING_REQUEST.finding((), "a batch line holds its request under `request`, not at the top", hint), base=(1, 1))]
    for f in lint("request", data, settings, scanned=True):
        if not (f.code == UNKNOWN_FIELD.code and f.loc == ("key",)):
            found.append(f)
    return found


def failed(message: str) -> Finding:
    """GW133: the batch job reports that this line's request failed."""
    if len(message) > LONGEST_QUOTE:
        message = message[:LONGEST_QUOTE] + "…"
    return BATCH_LINE_FAILED.finding(
        (),
        f"the batch job reports that this request failed: {message}",
        "fix the request and send it again",
    )


def error_text(raw: msgspec.Raw) -> str:
    """`STATUS (code): message` of a google.rpc.Status, or its JSON text."""
    status = msgspec.json.decode(raw)
    if not isinstance(status, dict):
        return bytes(raw).decode("utf-8", "replace")
    head = " ".join(str(status[k]) for k in ("status", "code") if k in status)
    return f"{head}: {status.get('message', '')}" if head else str(status.get("message", ""))


def not_an_object(data: bytes) -> Finding:
    """GW130 for a batch line that is JSON but not an object, at its first character."""
    hint = 'one object per line: {"key": "q1", "request": {...}}'
    message = f"a batch line is one JSON object, not {json_type(data)}"
    return relocate(BATCH_LINE_NOT_OBJECT.finding((), message, hint), base=(1, len(data) - len(data.lstrip()) + 1))


def json_type(value: bytes) -> str:
    """What a JSON value is, by its first character: `an array`, `a string`, `a number`, ..."""
    first = value.lstrip()[:1]
    names = {b"{": "an object", b"[": "an array", b'"': "a string", b"t": "true", b"f": "false", b"n": "null"}
    return names.get(first, "a number")


def element_kind(element: bytes) -> str:
    """A stream element is an error body if it has `error`, else a response: told without
    parsing the element (lint parses it next) when its text never spells the key, which it
    can only do as `"error"` or with `\\u` escapes."""
    if b'"error"' not in element and b"\\u" not in element:
        return "response"
    top = top_of(element)
    return "error" if isinstance(top, dict) and "error" in top else "response"


def value_starts(data: bytes, raws: Iterable[msgspec.Raw], between: re.Pattern[bytes]) -> list[int]:
    """The offset where each member value (or array element) starts, walking them in order."""
    out: list[int] = []
    pos = 0
    for raw in raws:
        m = between.match(data, pos)
        start = m.end() if m else pos
        if not data.startswith(raw, start):  # a key given twice: msgspec kept the last value
            start = max(data.find(raw, pos), 0)
        out.append(start)
        pos = start + len(raw)
    return out


class Lazy:
    """A value computed on first use (positions are needed only when there is a finding)."""

    def __init__(self, make: Callable[[], dict[str, int]]) -> None:
        self.make = make
        self.value: dict[str, int] | None = None

    def __call__(self) -> dict[str, int]:
        if self.value is None:
            self.value = self.make()
        return self.value
