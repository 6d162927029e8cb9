"""Decoding and encoding for one dialect.

Two paths, one result. The fast path is msgspec decoding straight into the generated Structs,
which only succeeds for the canonical form (camelCase keys, enum names, numbers as numbers,
padded standard base64, no unknown keys): what SDKs send and what the server answers. Anything
else takes the slow path, which walks the parsed JSON with the field table generated from the
protobuf descriptors and applies the wire rules of DESIGN section 3: it accepts every spelling
the server accepts, rewrites it canonically, and reports everything it refuses as findings.
Both paths end in the same checks on the Structs, for what a schema type cannot say (oneofs,
cross-field rules, decoded sizes).
"""

from __future__ import annotations

import base64
import binascii
import math
import operator
import re
import types
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import msgspec
from msgspec import UNSET

from gemini_wire.dialects import API_TITLES, NAMES, dialect, info
from gemini_wire.findings import (
    Finding,
    Key,
    Path,
    WireError,
    closest,
    excerpt,
    finding,
    format_path,
    ticked,
    unexplained,
)
from gemini_wire.limits import MAX_DEPTH, too_deep
from gemini_wire.rules import RULES

T = TypeVar("T")

INT_STRING = re.compile(r"-?[0-9]+")
FLOAT_STRING = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
FLOAT_MAX = 2**1024 - 2**970  # the first int that float() refuses
SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
BASE64_ANY = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")
DURATION = re.compile(r"-?[0-9]+(?:\.[0-9]{1,9})?s")
TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})"
)
INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1)}
INT64_RANGES = {"int64": (-(2**63), 2**63 - 1), "uint64": (0, 2**64 - 1)}
BYTE_OFFSET = re.compile(r"\(byte (\d+)\)")
DATA_KINDS = frozenset({"struct", "value", "list", "any"})


# --------------------------------------------------------------------------- values in messages


def decimal(text: str) -> int:
    """The int of a decimal string (INT_STRING). Past 30 digits a value is outside every range
    we check, so +-10**30 stands for it: int() refuses strings over 4,300 digits."""
    if len(text) > 31 and len(text.lstrip("-").lstrip("0")) > 30:
        return -(10**30) if text.startswith("-") else 10**30
    return int(text)


def describe(value: Any) -> str:
    """A short description of a JSON value for messages: never megabytes of base64."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return excerpt(repr(value), quoted=False)
    if isinstance(value, str):
        return excerpt(value)
    if isinstance(value, list):
        return f"an array of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# --------------------------------------------------------------------------- the table


class FieldSpec(NamedTuple):
    json_name: str
    proto_name: str
    kind: str
    target: str | None
    repeated: bool
    is_map: bool
    oneof: str | None


@dataclass
class MessageSpec:
    name: str
    cls: type[msgspec.Struct]
    fields: list[FieldSpec]
    by_key: dict[str, FieldSpec]  # both spellings
    attrs: dict[str, str]  # json name -> Struct attribute
    lower_case_enums: frozenset[str]


@dataclass
class EnumSpec:
    name: str
    cls: type
    names: frozenset[str]
    by_number: dict[int, str]


@dataclass
class Limit:
    code: str
    source: str
    keywords: dict[str, Any]
    in_struct: bool  # msgspec checks it (Meta) while decoding; no Python check needed
    field: str  # the JSON name of the field it bounds


class Table:
    """The field table of one dialect, joined to its Structs."""

    def __init__(self, structs: types.ModuleType, wire: types.ModuleType) -> None:
        self.dialect: str = wire.DIALECT
        self.api: str = wire.API
        self.version: str = wire.VERSION
        self.structs = structs
        self.enums: dict[str, EnumSpec] = {}
        for name, values in wire.ENUMS.items():
            self.enums[name] = EnumSpec(
                name,
                getattr(structs, name),
                frozenset(n for n, _ in values),
                # Values that the SDK adds come without their numbers: names only.
                {num: n for n, num in values if num is not None},
            )
        lenient = {(m, f) for m, f, kind in wire.LENIENCIES if kind == "enum_lower_case"}
        self.messages: dict[str, MessageSpec] = {}
        for name, rows in wire.MESSAGES.items():
            cls = getattr(structs, name)
            fields = [FieldSpec(*row) for row in rows]
            by_key: dict[str, FieldSpec] = {}
            for f in fields:
                by_key[f.json_name] = f
                by_key.setdefault(f.proto_name, f)
            attrs = {fi.encode_name: fi.name for fi in msgspec.structs.fields(cls)}
            self.messages[name] = MessageSpec(
                name,
                cls,
                fields,
                by_key,
                attrs,
                frozenset(f for m, f in lenient if m == name),
            )
        self.by_class = {m.cls: m for m in self.messages.values()}
        self.limits: dict[tuple[str, str], list[Limit]] = {}
        for row in wire.LIMITS:
            keywords = {k: v for k, v in row.items() if k not in ("message", "field", "code", "source", "in_struct")}
            self.limits.setdefault((row["message"], row["field"]), []).append(
                Limit(row["code"], row["source"], keywords, row["in_struct"], row["field"])
            )
        self.rules: list[dict[str, Any]] = list(wire.RULES)
        self.roots: dict[str, str] = dict(wire.ROOTS)
        # Fields that the protos lack and the SDK sends: message -> json name -> source.
        self.added: dict[str, dict[str, str]] = dict(wire.ADDED)
        TABLES[self.dialect] = self


# Every dialect's table, so that a field unknown here can be found in another dialect.
TABLES: dict[str, Table] = {}


def other_tables(table: Table) -> list[Table]:
    """The other dialects' tables, the other versions of the same API first."""
    for name in NAMES:
        dialect(name)  # each dialect registers its table when first loaded
    others = [t for t in TABLES.values() if t is not table]
    return sorted(others, key=lambda t: (t.api != table.api, NAMES.index(t.dialect)))


# --------------------------------------------------------------------------- findings


def line_column(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset into the input."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    head = raw[:offset]
    line = head.count(b"\n") + 1
    start = head.rfind(b"\n") + 1
    return line, len(head[start:].decode("utf-8", "replace")) + 1


def malformed(data: bytes | str, error: Exception) -> Finding:
    """The finding for input that is not JSON (or not UTF-8), with its line and column."""
    text = str(error)
    hint = "fix the JSON syntax at the position given (a missing comma, quote or bracket)"
    line = column = None
    m = BYTE_OFFSET.search(text)
    offset = int(m.group(1)) if m else getattr(error, "start", None)
    head = data[:3] if isinstance(data, str) else bytes(data[:3])
    if head[:1] == "\ufeff" or head == b"\xef\xbb\xbf":
        text, offset = "a byte order mark (BOM) before the JSON", 0
        hint = "save the file as UTF-8 without a BOM: the JSON must start at its first byte"
    elif not data or not data.strip():
        text, offset = "the input is empty", 0
        hint = 'give the payload as one JSON object, e.g. {"contents": [...]}'
    elif (lone := lone_surrogate(data)) is not None and ("surrogate" in text or "truncated" in text):
        # msgspec says "truncated" when the pair's second half would run past the end.
        offset = lone.start()
        text = f"a lone surrogate {lone.group().decode()}: half of a UTF-16 pair"
        hint = "escape the whole character (both halves, \\ud83d\\ude00), or remove the half"
    elif "out of range" in text and offset is None:
        # msgspec names no byte for a number past the double (or 4,300-digit) range: found here.
        offset = number_out_of_range(data)
        text = "a number out of range"
        hint = "write a number between -1.8e308 and 1.8e308 (an integer of at most 4,300 digits)"
    elif isinstance(error, UnicodeDecodeError):
        text = f"invalid UTF-8 (byte 0x{error.object[error.start]:02x})"
    elif isinstance(error, UnicodeEncodeError) and isinstance(data, str):
        # A str holding half of a surrogate pair has no UTF-8 form: msgspec cannot read it.
        text = f"a lone surrogate U+{ord(data[error.start]):04X} has no UTF-8 form"
        hint = "pair the surrogate with its other half, or remove it (the text was cut inside a character)"
        offset = len(data[: error.start].encode("utf-8", "surrogatepass"))
    if offset is not None:
        line, column = line_column(data, offset)
    return Finding(
        code="GW100",
        severity="error",
        message=f"not valid JSON: {text}",
        hint=hint,
        source=RULES["GW100"].source,
        line=line,
        column=column,
    )


# A string (skipped), or a JSON number.
NUMBER_OR_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?')


# A \\u escape of half a surrogate pair without its other half.
LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def lone_surrogate(data: bytes | str) -> re.Match[bytes] | None:
    """The first escape of half a surrogate pair in the text, if any (msgspec refuses it)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    return LONE_SURROGATE.search(raw)


def number_out_of_range(data: bytes | str) -> int | None:
    """The byte offset of the first number that is no double (or an integer over 4,300 digits)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    for m in NUMBER_OR_STRING.finditer(raw):
        if raw[m.start()] == 0x22:  # a string
            continue
        if m.group(1) is None and m.group(2) is None:
            if len(m.group()) > 4_300:
                return m.start()
        elif math.isinf(float(m.group())):
            return m.start()
    return None


def nested(data: bytes | str, offset: int) -> Finding:
    """GW100 for input nested deeper than MAX_DEPTH, at the bracket that goes past it."""
    line, column = line_column(data, offset)
    found = finding(
        "GW100",
        (),
        f"arrays and objects nested more than {MAX_DEPTH} levels deep",
        f"flatten the payload: Google's JSON parsers (and gemini-wire) read at most {MAX_DEPTH} levels",
    )
    return msgspec.structs.replace(found, line=line, column=column)


def unreadable(data: object) -> Finding:
    return finding("GW100", (), f"expected JSON text as bytes or str, got {type(data).__name__}", "pass the request body")


DROP = object()  # a value that could not be converted; its finding is already recorded
NEWER = object()  # an enum value in a response that this version does not know


# --------------------------------------------------------------------------- the slow path


class Normalizer:
    """Rewrites parsed JSON into the canonical form, recording a finding for what it refuses.

    In a request an unknown key is an error; in a response (or error body) it is kept, as is an
    enum value newer than the table, so that re-encoding loses nothing.
    """

    def __init__(self, table: Table, *, request: bool) -> None:
        self.table = table
        self.request = request
        self.findings: list[Finding] = []
        # Spellings the server accepts but that are not canonical: lint warns, decode accepts.
        self.notes: list[Finding] = []
        self.extras: list[tuple[Path, str, Any]] = []

    def add(self, code: str, path: Path, message: str, hint: str, source: str = "") -> None:
        self.findings.append(finding(code, path, message, hint, source))

    def message(self, value: Any, name: str, path: Path) -> Any:
        spec = self.table.messages[name]
        if not isinstance(value, dict):
            self.add(
                "GW101",
                path,
                f"expected an object ({name}), got {describe(value)}",
                f"write {format_path(path) or 'the payload'} as a JSON object",
            )
            return DROP
        out: dict[str, Any] = {}
        spelled: dict[str, str] = {}
        oneofs: dict[str, str] = {}
        for key, item in value.items():
            f = spec.by_key.get(key)
            if f is None:
                self.unknown(spec, key, item, path)
                continue
            if f.json_name in spelled:
                self.add(
                    "GW103",
                    (*path, key),
                    f"`{key}` sets the same field as `{spelled[f.json_name]}`",
                    f"merge the two objects into one `{f.json_name}`: the server refuses both spellings, and keeping one drops the other's fields"
                    if isinstance(item, dict) and isinstance(value.get(spelled[f.json_name]), dict)
                    else f"keep one spelling, preferably `{f.json_name}`",
                )
                continue
            spelled[f.json_name] = key
            if item is None and f.kind != "value":
                continue  # null means unset (proto3 JSON)
            if f.oneof is not None:
                if f.oneof in oneofs:
                    self.add(
                        "GW104",
                        (*path, key),
                        f"`{key}` and `{oneofs[f.oneof]}` are both members of the oneof `{f.oneof}`",
                        "set only one of them; split the content into separate objects if you need both",
                    )
                    continue
                oneofs[f.oneof] = key
            converted = self.field(spec, f, item, (*path, key))
            if converted is not DROP:
                out[f.json_name] = converted
        return out

    def unknown(self, spec: MessageSpec, key: str, item: Any, path: Path) -> None:
        if not self.request:
            self.extras.append((path, key, item))
            return
        for other in other_tables(self.table):
            theirs = other.messages.get(spec.name)
            if theirs is not None and key in theirs.by_key:
                here, there = info(self.table.dialect), info(other.dialect)
                if there.api == here.api:
                    message = f"`{key}` is a field of {there.title}, not of {here.version}"
                    hint = (
                        f"call the {there.version} endpoint (.../{there.version}/...) and check the payload "
                        f"as --dialect {there.name}, or remove it"
                    )
                else:
                    message = f"`{key}` is a field of {API_TITLES[there.api]} only"
                    hint = f"remove it for {API_TITLES[here.api]}, or check the payload as --dialect {there.name}"
                self.add("GW111", (*path, key), message, hint)
                return
        names = [f.json_name for f in spec.fields]
        close = closest(key, names + [f.proto_name for f in spec.fields])
        inner = [
            (f.json_name, self.table.messages[f.target].by_key[key].json_name)
            for f in spec.fields
            if f.kind == "message" and f.target and not f.repeated and key in self.table.messages[f.target].by_key
        ]
        if close:
            best = spec.by_key[close].json_name
            hint = f"did you mean `{best}`?"
        elif inner:
            # `temperature` at the top: a field of generationConfig, one level down.
            hint = f"did you mean `{inner[0][0]}.{inner[0][1]}`? move it into `{inner[0][0]}`"
        else:
            hint = f"known fields of {spec.name}: {', '.join(names)}"
        where = f" in {spec.name}" if path else ""
        self.add("GW102", (*path, key), f"unknown field {ticked(key)}{where}", hint)

    def field(self, spec: MessageSpec, f: FieldSpec, item: Any, path: Path) -> Any:
        value = self.field_value(spec, f, item, path)
        if value is NEWER or (isinstance(value, (list, dict)) and f.kind == "enum" and NEWER in (
            value if isinstance(value, list) else list(value.values())
        )):
            # Keep the whole raw value beside the Struct: re-encoding gives it back unchanged.
            self.extras.append((path[:-1], f.json_name, item))
            return DROP
        # JSON numbers cannot say NaN or Infinity (msgspec writes null), so the proto3 strings
        # travel beside the Struct and re-encoding writes them back, in a list as alone.
        if isinstance(value, float) and not math.isfinite(value):
            self.extras.append((path[:-1], f.json_name, proto3_float(value)))
        elif isinstance(value, list) and f.kind in ("double", "float") and not all(map(math.isfinite, value)):
            self.extras.append((path[:-1], f.json_name, [proto3_float(x) for x in value]))
        return value

    def field_value(self, spec: MessageSpec, f: FieldSpec, item: Any, path: Path) -> Any:
        if f.is_map:
            if not isinstance(item, dict):
                self.add("GW101", path, f"expected an object (a map), got {describe(item)}", "write it as a JSON object of keys to values")
                return DROP
            out = {}
            for k, v in item.items():
                c = self.single(spec, f, v, (*path, Key(k)))
                if c is not DROP:
                    out[k] = c
            return self.limit(spec, f, out, path)
        if f.repeated:
            if isinstance(item, dict) and f.kind == "message":
                # One object where a list is expected: Google's front ends take it (DESIGN 3).
                item = [item]
            if not isinstance(item, list):
                self.add("GW101", path, f"expected an array, got {describe(item)}", f"wrap the value in [ ]: `{path[-1]}` is a list")
                return DROP
            out_list = []
            for i, v in enumerate(item):
                if v is None and f.kind != "value":
                    self.add("GW110", (*path, i), "null inside a list", "remove the null element")
                    c = DROP
                else:
                    c = self.single(spec, f, v, (*path, i))
                if c is not DROP:
                    out_list.append(c)
                elif f.kind == "message":
                    # An empty message holds the place, so that later elements keep their index
                    # (and findings on them their path); what was refused is already reported.
                    out_list.append({})
            return self.limit(spec, f, out_list, path)
        return self.limit(spec, f, self.single(spec, f, item, path), path)

    def limit(self, spec: MessageSpec, f: FieldSpec, value: Any, path: Path) -> Any:
        limits = self.table.limits.get((spec.name, f.json_name)) if self.request else None
        if not limits or value is DROP or value is NEWER:
            return value
        for lim in limits:
            problem = check_keywords(lim.keywords, value)
            if problem:
                message, hint = problem
                self.add(lim.code, path, message, hint, lim.source)
                return DROP
        return value

    def single(self, spec: MessageSpec, f: FieldSpec, v: Any, path: Path) -> Any:
        kind = f.kind
        if kind == "message":
            assert f.target is not None
            return self.message(v, f.target, path)
        if kind == "enum":
            return self.enum(spec, f, v, path)
        if kind in DATA_KINDS:
            return self.data(kind, v, path)
        return self.scalar(kind, v, path)

    def enum(self, spec: MessageSpec, f: FieldSpec, v: Any, path: Path) -> Any:
        assert f.target is not None
        e = self.table.enums[f.target]
        if isinstance(v, str):
            if v in e.names:
                return v
            upper = v.upper()
            if upper in e.names:
                # Google's front ends read enum names in any case ("low", "any" are accepted:
                # recorded traffic of both APIs); lower-case Schema.type is the documented form
                # of a leniency of its own and is not worth a warning.
                if f.json_name not in spec.lower_case_enums:
                    self.notes.append(
                        finding("GW114", path, f"{describe(v)} is not the canonical spelling of {upper}", f'write "{upper}"')
                    )
                return upper
            if INT_STRING.fullmatch(v) and decimal(v) in e.by_number:
                return e.by_number[decimal(v)]
        elif isinstance(v, int) and not isinstance(v, bool) and v in e.by_number:
            return e.by_number[v]
        if not self.request and isinstance(v, (str, int)) and not isinstance(v, bool):
            return NEWER  # a value newer than our table: the caller keeps it as an unknown key
        close = closest(v, e.names, cutoff=0.5) if isinstance(v, str) else None
        hint = f"did you mean {close}?" if close else f"use one of: {', '.join(sorted(e.names))}"
        self.add("GW105", path, f"{describe(v)} is not a value of {e.name}", hint)
        return DROP

    def data(self, kind: str, v: Any, path: Path) -> Any:
        # Struct, Value, ListValue and Any carry data: their keys are never rewritten.
        if kind == "struct" and not isinstance(v, dict):
            self.add("GW101", path, f"expected a JSON object, got {describe(v)}", "write it as an object, e.g. {\"result\": ...}")
            return DROP
        if kind == "list" and not isinstance(v, list):
            self.add("GW101", path, f"expected an array, got {describe(v)}", "write it as a JSON array")
            return DROP
        if kind == "any" and not isinstance(v, dict):
            self.add("GW101", path, f"expected an object (an error detail), got {describe(v)}", 'write it as {"@type": "type.googleapis.com/...", ...}')
            return DROP
        return v

    def scalar(self, kind: str, v: Any, path: Path) -> Any:
        if kind in INT_RANGES or kind in INT64_RANGES:
            n = self.integer(v, path)
            if n is DROP:
                return DROP
            lo, hi = INT_RANGES.get(kind) or INT64_RANGES[kind]
            if not lo <= n <= hi:
                self.add("GW109", path, f"{describe(v)} is outside the {kind} range", f"use an integer from {lo} to {hi}")
                return DROP
            # 64-bit integers are written as strings (proto3 JSON).
            return str(n) if kind in INT64_RANGES else n
        if kind in ("double", "float"):
            if isinstance(v, float) or (isinstance(v, int) and not isinstance(v, bool) and -FLOAT_MAX < v < FLOAT_MAX):
                return float(v)
            if isinstance(v, int) and not isinstance(v, bool):  # an integer literal of 10**309 or more
                self.add("GW109", path, f"{describe(v)} is outside the range of a {kind}", "use a number below 1e308")
                return DROP
            if isinstance(v, str):
                if v in SPECIAL_FLOATS:
                    return SPECIAL_FLOATS[v]
                if FLOAT_STRING.fullmatch(v):
                    return float(v)
            self.add("GW101", path, f"expected a number, got {describe(v)}", "write a JSON number such as 0.5")
            return DROP
        if kind == "bool":
            if isinstance(v, bool):
                return v
            self.add("GW101", path, f"expected true or false, got {describe(v)}", "write a JSON boolean without quotes")
            return DROP
        if kind == "string":
            if isinstance(v, str):
                return v
            self.add("GW101", path, f"expected a string, got {describe(v)}", "write the value in double quotes")
            return DROP
        if kind == "bytes":
            return self.bytes_(v, path)
        if kind == "duration":
            if isinstance(v, str) and DURATION.fullmatch(v):
                return v
            if isinstance(v, dict) and set(v) <= {"seconds", "nanos"}:
                hint = f'write it as the string "{duration_string(v)}"' if duration_string(v) else 'write it as a string such as "1.5s"'
                self.add("GW107", path, "a Duration written as an object", hint)
                return DROP
            self.add("GW108", path, f"{describe(v)} is not a Duration", 'write seconds with an "s" suffix, such as "90s" or "1.5s"')
            return DROP
        if kind == "timestamp":
            if isinstance(v, str) and TIMESTAMP.fullmatch(v):
                return v
            self.add("GW108", path, f"{describe(v)} is not an RFC 3339 Timestamp", 'write it as "2025-01-31T12:00:00Z"')
            return DROP
        raise AssertionError(kind)

    def integer(self, v: Any, path: Path) -> Any:
        if isinstance(v, bool):
            pass
        elif isinstance(v, int):
            return v
        elif isinstance(v, float):
            if v.is_integer():
                return int(v)
            self.add("GW109", path, f"{describe(v)} is not a whole number", f"use an integer such as {math.floor(v) if math.isfinite(v) else 0}")
            return DROP
        elif isinstance(v, str) and INT_STRING.fullmatch(v):
            return decimal(v)
        self.add("GW101", path, f"expected an integer, got {describe(v)}", "write a JSON integer such as 1")
        return DROP

    def bytes_(self, v: Any, path: Path) -> Any:
        if isinstance(v, str) and BASE64_ANY.fullmatch(v):
            std = v.rstrip("=").replace("-", "+").replace("_", "/")
            if len(std) % 4 != 1:
                try:
                    # validate=True refuses anything outside the alphabet (Python 3.10 has no
                    # strict_mode in binascii); the padding was normalised above.
                    return base64.b64decode(std + "=" * (-len(std) % 4), validate=True)
                except binascii.Error:
                    pass
        hint = "encode the bytes with base64 (standard or URL-safe alphabet), e.g. base64.b64encode(data).decode()"
        if isinstance(v, str) and v.startswith("data:") and ";base64," in v[:200]:
            prefix = v[: v.index(";base64,") + 8]
            hint = f"remove the data URL prefix {excerpt(prefix)}: the field holds the base64 alone, and the MIME type goes in mimeType"
        self.add("GW106", path, f"{describe(v)} is not base64", hint)
        return DROP


def proto3_float(x: float) -> float | str:
    """A float as proto3 JSON writes it: NaN and the infinities as strings."""
    if math.isfinite(x):
        return x
    return "NaN" if math.isnan(x) else "Infinity" if x > 0 else "-Infinity"


def duration_string(v: dict[str, Any]) -> str | None:
    seconds, nanos = v.get("seconds", 0), v.get("nanos", 0)
    try:
        s, n = int(seconds), int(nanos)
    except (TypeError, ValueError):
        return None
    if n == 0:
        return f"{s}s"
    sign = "-" if s < 0 or n < 0 else ""
    frac = f"{abs(n):09d}".rstrip("0")
    return f"{sign}{abs(s)}.{frac}s"


BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def bounds_text(keywords: dict[str, Any]) -> str:
    """`from 0 to 2`, `at least 0`, `above 0`, ... for the bounds among some keywords."""
    words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "above", "exclusiveMaximum": "below"}
    if "minimum" in keywords and "maximum" in keywords:
        return f"from {keywords['minimum']} to {keywords['maximum']}"
    return " and ".join(f"{words[k]} {keywords[k]}" for k in BOUNDS if k in keywords)


def check_keywords(keywords: dict[str, Any], value: Any) -> tuple[str, str] | None:
    """The first JSON Schema bound (from the limits overlay) that the value breaks, if any."""
    for key, bound in keywords.items():
        if key == "maxItems" and len(value) > bound:
            return f"{len(value)} items, at most {bound} allowed", f"keep at most {bound}"
        if key == "minItems" and len(value) < bound:
            return f"{len(value)} items, at least {bound} needed", f"give at least {bound}"
        if isinstance(value, float) and math.isnan(value) and key in BOUNDS:
            return "NaN is not a number, so it is in no range", f"use a number ({bounds_text(keywords)})"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if key == "minimum" and not value >= bound:
                return f"{value} is below the minimum {bound}", f"use a value of at least {bound}"
            if key == "maximum" and not value <= bound:
                return f"{value} is above the maximum {bound}", f"use a value of at most {bound}"
            if key == "exclusiveMinimum" and not value > bound:
                return f"{value} must be greater than {bound}", f"use a value above {bound}"
            if key == "exclusiveMaximum" and not value < bound:
                return f"{value} must be less than {bound}", f"use a value below {bound}"
        if key == "int_range" and isinstance(value, str):
            lo, hi = INT64_RANGES[bound]
            if not lo <= decimal(value) <= hi:
                return f"{describe(value)} is outside the {bound} range", f"use an integer from {lo} to {hi}"
        if key == "decoded_max_bytes" and isinstance(value, bytes) and len(value) > bound:
            return (
                f"{len(value):,} bytes of inline data, at most {bound:,} allowed",
                "upload the file and refer to it with fileData.fileUri instead",
            )
    return None


# --------------------------------------------------------------------------- checks on Structs


# A path while walking: () for the root, (parent, segment) below it. Building one is O(1); it is
# flattened into a Path only when a check reports something.
Link = tuple[Any, ...]
Check = Callable[[Any, Link, list[Finding]], None]
Visit = Callable[[Any, Link, list[Finding]], None]


def flat(link: Link) -> Path:
    segments: list[str | int] = []
    while link:
        link, seg = link
        segments.append(seg)
    return tuple(reversed(segments))


class Oneof(NamedTuple):
    group: str
    members: list[FieldSpec]
    required: dict[str, Any] | None  # the rule that asks for one member, in a request


def plan(table: Table, spec: MessageSpec, *, request: bool) -> Iterator[Oneof | Limit | dict[str, Any]]:
    """The checks of one message that its Struct type cannot say: oneofs that can be broken,
    requires_true rules (as their dicts), and in a request the limits msgspec does not check.
    The Checker makes them closures, QuickCheck expressions: one plan keeps them agreeing."""
    groups: dict[str, list[FieldSpec]] = {}
    for f in spec.fields:
        if f.oneof:
            groups.setdefault(f.oneof, []).append(f)
    required = {
        r["oneof"]: r for r in table.rules if r["kind"] == "oneof_required_in_request" and r["message"] == spec.name
    }
    for group, members in groups.items():
        rule = required.get(group) if request else None
        if len(members) > 1 or rule is not None:  # one member alone cannot conflict
            yield Oneof(group, members, rule)
    for r in table.rules:
        if r["kind"] == "requires_true" and r["message"] == spec.name:
            yield r
    # A 64-bit integer is a string in the Struct (proto3 JSON), whose pattern says nothing of
    # its range: checked here, so that the fast path refuses what the slow path refuses.
    for f in spec.fields:
        if f.kind in INT64_RANGES and not f.repeated and not f.is_map:
            yield Limit("GW109", RULES["GW109"].source, {"int_range": f.kind}, False, f.json_name)
    if not request:
        return  # the documented limits bound what a client sends
    for (message, _), limits in table.limits.items():
        if message == spec.name:
            yield from (lim for lim in limits if not lim.in_struct)


def nesting(table: Table) -> dict[str, list[FieldSpec]]:
    """The messages whose JSON can nest without bound, with their data fields (args, Struct,
    Value, error details): those with such fields, and those that contain their own type."""
    edges = {name: {f.target for f in spec.fields if f.kind == "message" and f.target} for name, spec in table.messages.items()}
    out: dict[str, list[FieldSpec]] = {}
    for name, spec in table.messages.items():
        seen, todo = set(), list(edges[name])
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo += edges.get(t, ())
        data = [f for f in spec.fields if f.kind in DATA_KINDS]
        if data or name in seen:
            out[name] = data
    return out


def deeper(value: Any, levels: int) -> bool:
    """Whether a decoded JSON value holds arrays and objects more than `levels` deep.

    Level by level, breadth first: one list per level and no tuple per container, since the
    quick check runs it on every function call's args on the fast path."""
    todo = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while todo:
        depth += 1
        if depth > levels:
            return True
        below = []
        for v in todo:
            for x in v.values() if type(v) is dict else v:
                if type(x) is dict or type(x) is list:
                    below.append(x)
        todo = below
    return False


class Checker:
    """The checks a schema type cannot say, run on decoded Structs by both paths.

    One visitor per message type is built once: it runs that type's checks and walks only the
    fields that can lead to a type with checks, so most of a payload is never visited.
    """

    def __init__(self, table: Table, *, request: bool) -> None:
        self.table = table
        checks = {name: tuple(self.checks_for(spec, request)) for name, spec in table.messages.items()}
        # A message that can nest without bound (data fields, or a type inside itself) is
        # walked by the quick check too, for MAX_DEPTH (see QuickCheck).
        nests = nesting(table)
        leads = {name: bool(c) or name in nests for name, c in checks.items()}
        changed = True
        while changed:
            changed = False
            for name, spec in table.messages.items():
                if not leads[name] and any(f.kind == "message" and f.target and leads[f.target] for f in spec.fields):
                    leads[name] = changed = True
        self.visitors: dict[str, Visit] = {}
        for name, spec in table.messages.items():
            steps = tuple(
                (spec.attrs[f.json_name], f.json_name, f.repeated, f.is_map, f.target)
                for f in spec.fields
                if f.kind == "message" and f.target and leads[f.target]
            )
            self.visitors[name] = self.visitor(checks[name], steps)
        self.by_class = {spec.cls: self.visitors[name] for name, spec in table.messages.items()}
        self.quick = QuickCheck(table, request=request, leads=leads).by_class

    def visitor(self, checks: tuple[Check, ...], steps: tuple[tuple[str, str, bool, bool, str | None], ...]) -> Visit:
        visitors = self.visitors

        def visit(obj: Any, path: Link, out: list[Finding]) -> None:
            for check in checks:
                check(obj, path, out)
            for attr, name, repeated, is_map, target in steps:
                v = getattr(obj, attr)
                if v is UNSET:
                    continue
                child = visitors[target or ""]
                if repeated:
                    here = (path, name)
                    for i, x in enumerate(v):
                        child(x, (here, i), out)
                elif is_map:
                    here = (path, name)
                    for k, x in v.items():
                        child(x, (here, Key(k)), out)
                else:
                    child(v, (path, name), out)

        return visit

    def checks_for(self, spec: MessageSpec, request: bool) -> Iterator[Check]:
        for planned in plan(self.table, spec, request=request):
            if isinstance(planned, Oneof):
                attrs = [(spec.attrs[m.json_name], m.json_name) for m in planned.members]
                yield oneof_check(planned.group, attrs, planned.required)
            elif isinstance(planned, Limit):
                yield limit_check(spec.attrs[planned.field], planned.field, planned)
            else:
                r = planned
                yield requires_true_check(spec.attrs[r["field"]], r["field"], spec.attrs[r["other"]], r["other"], r)

    def run(self, obj: Any) -> list[Finding]:
        quick = self.quick.get(type(obj))
        if quick is not None and quick(obj):
            return []  # the common case: nothing to report, so no paths are built
        return self.walk(obj)

    def walk(self, obj: Any) -> list[Finding]:
        """Every finding, with its path (what `run` falls back to when the quick check fails)."""
        out: list[Finding] = []
        visit = self.by_class.get(type(obj))
        if visit is not None:
            visit(obj, (), out)
        return out


class QuickCheck:
    """The Checker's verdict "nothing to report", computed without building a path or a Finding.

    Valid payloads are the hot path of a codec, and a Python walk that prepares for findings
    costs more than msgspec's whole parse of a small payload. So for each type the same checks
    are written out as straight-line Python (compiled once per dialect, like dataclasses writes
    its __init__): one boolean expression per check, fields read once, and a loop over a list
    of leaf messages (such as Parts) inlined. Only when it answers False does the Checker walk
    again, building the findings with their paths.
    """

    def __init__(self, table: Table, *, request: bool, leads: dict[str, bool]) -> None:
        self.table = table
        self.request = request
        self.leads = leads
        self.constants: dict[str, Any] = {
            "UNSET": UNSET,
            "check_keywords": check_keywords,
            "deeper": deeper,
            "MAX_DEPTH": MAX_DEPTH,
        }
        self.nesting = nesting(table)
        lines: list[str] = []
        for name in table.messages:
            if leads[name]:
                lines += self.function(name)
        namespace = dict(self.constants)
        exec(compile("\n".join(lines), f"<gemini-wire quick check: {table.dialect}>", "exec"), namespace)
        self.by_class: dict[type, Callable[[Any], bool]] = {
            table.messages[name].cls: namespace[f"q_{name}"] for name in table.messages if leads[name]
        }

    def steps(self, name: str) -> list[FieldSpec]:
        return [
            f for f in self.table.messages[name].fields if f.kind == "message" and f.target and self.leads[f.target]
        ]

    def conditions(self, name: str, var: str) -> list[str]:
        """Python expressions over `var` (a `name` Struct), each true when a check fails."""
        spec = self.table.messages[name]
        out: list[str] = []
        for planned in plan(self.table, spec, request=self.request):
            if isinstance(planned, Oneof):
                first, *rest = (f"{var}.{spec.attrs[m.json_name]}" for m in planned.members)
                empty = f"E{len(self.constants)}"  # the message with nothing set (see oneof_check)
                self.constants[empty] = spec.cls()
                if not rest:  # one member alone: planned only because it is required
                    out.append(f"({first} is UNSET and {var} == {empty})")
                    continue
                # When the first member is set (text, for a Part: the common case) the others
                # need only be unset, which short-circuits; otherwise count them.
                any_other = " or ".join(f"{r} is not UNSET" for r in rest)
                count = " + ".join(f"({r} is not UNSET)" for r in rest)
                none = f" or ({count} == 0 and {var} == {empty})" if planned.required is not None else ""
                out.append(f"(({any_other}) if {first} is not UNSET else ({count} > 1{none}))")
            elif isinstance(planned, Limit):
                key = f"K{len(self.constants)}"
                self.constants[key] = planned.keywords
                attr = f"{var}.{spec.attrs[planned.field]}"
                out.append(f"{attr} is not UNSET and check_keywords({key}, {attr}) is not None")
            else:
                r = planned
                out.append(f"{var}.{spec.attrs[r['field']]} is not UNSET and {var}.{spec.attrs[r['other']]} is not True")
        return out

    def function(self, name: str) -> list[str]:
        # `lv`: the length of the path to `o`, so that o's JSON nests lv + 1 levels deep. A
        # payload past MAX_DEPTH is sent the long way, whose scan of the text reports it; msgspec
        # parses canonical input first, since a scan of every input would cost a fifth of the
        # decode, so nesting is checked here where it can grow: data values and recursion.
        guard = ["    if lv >= MAX_DEPTH:", "        return False"] if name in self.nesting else []
        return [f"def q_{name}(o, lv=0):", *guard, *self.block(name, "o", 1, (name,), 0), "    return True", ""]

    def block(self, name: str, var: str, depth: int, stack: tuple[str, ...], level: int) -> list[str]:
        """The checks of a `name` Struct in `var` (at path length lv + level), and those of the
        messages below it, inlined (a call only where a type contains itself, as Schema does)."""
        pad = "    " * depth
        spec = self.table.messages[name]
        lines = [f"{pad}if {c}:\n{pad}    return False" for c in self.conditions(name, var)]
        for f in self.nesting.get(name, ()):
            attr = f"{var}.{spec.attrs[f.json_name]}"
            lines.append(f"{pad}if {attr} is not UNSET and deeper({attr}, MAX_DEPTH - lv - {level + 1}):\n{pad}    return False")
        for f in self.steps(name):
            assert f.target is not None
            value, item = f"v{len(stack)}", f"x{len(stack)}"
            lines.append(f"{pad}{value} = {var}.{spec.attrs[f.json_name]}")
            lines.append(f"{pad}if {value} is not UNSET:")
            inner = pad + "    "
            if f.repeated or f.is_map:
                lines.append(f"{inner}for {item} in {value}{'.values()' if f.is_map else ''}:")
                target, indent, below = item, depth + 2, level + 2
            else:
                target, indent, below = value, depth + 1, level + 1
            if f.target in stack:
                call = f"q_{f.target}({target}, lv + {below})"
                lines.append(f"{'    ' * indent}if not {call}:\n{'    ' * indent}    return False")
            else:
                lines += self.block(f.target, target, indent, (*stack, f.target), below)
        return lines


def oneof_check(group: str, attrs: list[tuple[str, str]], required: dict[str, Any] | None) -> Check:
    names = ", ".join(f"`{n}`" for _, n in attrs)
    getter = operator.attrgetter(*(a for a, _ in attrs))
    size = len(attrs)

    def check(obj: Any, path: Link, out: list[Finding]) -> None:
        values = getter(obj) if size > 1 else (getter(obj),)
        unset = values.count(UNSET)
        if unset == size - 1:
            return  # the common case: exactly one member
        present = [n for v, (_, n) in zip(values, attrs, strict=True) if v is not UNSET]
        if len(present) > 1:
            out.append(
                finding(
                    "GW104",
                    (*flat(path), present[1]),
                    f"`{present[0]}` and `{present[1]}` are both members of the oneof `{group}`",
                    "set only one of them; split the content into separate objects if you need both",
                )
            )
        elif not present and required is not None and obj == type(obj)():
            # Only a part with nothing at all is refused ("required oneof field 'data' must have
            # one initialized field"); one with side fields alone (a thought and its signature,
            # videoMetadata) was accepted in recorded traffic, and lint warns about it (GW203).
            out.append(
                finding(
                    required["code"],
                    flat(path),
                    f"no data member: one of {names} is required",
                    'give the part exactly one data member, e.g. {"text": "..."}',
                    required["source"],
                )
            )

    return check


def requires_true_check(attr: str, name: str, other_attr: str, other: str, rule: dict[str, Any]) -> Check:
    def check(obj: Any, path: Link, out: list[Finding]) -> None:
        if getattr(obj, attr) is not UNSET and getattr(obj, other_attr) is not True:
            out.append(
                finding(
                    rule["code"],
                    (*flat(path), name),
                    f"`{name}` is set but `{other}` is not true",
                    f"add \"{other}\": true, or remove `{name}`",
                    rule["source"],
                )
            )

    return check


def limit_check(attr: str, name: str, lim: Limit) -> Check:
    """A limit of the overlay on a decoded field (for Structs that responses share, whose types
    carry no bound)."""

    def check(obj: Any, path: Link, out: list[Finding]) -> None:
        v = getattr(obj, attr)
        if v is not UNSET:
            problem = check_keywords(lim.keywords, v)
            if problem:
                out.append(finding(lim.code, (*flat(path), name), problem[0], problem[1], lim.source))

    return check


# --------------------------------------------------------------------------- unknown fields


# Unknown keys (and enum values) kept from responses, by the id of the Struct that held them.
# Entries leave with their Struct (weakref.finalize), so the table is empty in the common case
# and `encode` can then take msgspec's path untouched.
_EXTRAS: dict[int, dict[str, Any]] = {}


def keep_extras(obj: Any, extras: dict[str, Any]) -> None:
    key = id(obj)
    if key not in _EXTRAS:
        weakref.finalize(obj, _EXTRAS.pop, key, None)
        _EXTRAS[key] = {}
    _EXTRAS[key].update(extras)


def any_unknown_fields() -> bool:
    """Whether any live Struct keeps unknown keys: when not, none that was just decoded does."""
    return bool(_EXTRAS)


def unknown_fields(obj: msgspec.Struct) -> dict[str, Any]:
    """The keys (and enum values) of a decoded response that this version does not know."""
    return dict(_EXTRAS.get(id(obj), {}))


_ENCODE_FIELDS: dict[type, list[tuple[str, str]]] = {}


def _encode_fields(cls: type) -> list[tuple[str, str]]:
    fields = _ENCODE_FIELDS.get(cls)
    if fields is None:
        fields = [(f.name, f.encode_name) for f in msgspec.structs.fields(cls)]
        _ENCODE_FIELDS[cls] = fields
    return fields


def _with_extras(obj: Any) -> Any:
    if isinstance(obj, msgspec.Struct):
        out = {}
        for attr, name in _encode_fields(type(obj)):
            v = getattr(obj, attr)
            if v is not UNSET:
                out[name] = _with_extras(v)
        out.update(_EXTRAS.get(id(obj), {}))
        return out
    # Only Structs hold unknown keys, and a list or map holds Structs directly (protobuf nests
    # no lists): data (args, Struct values) is left to msgspec, so `encode` reaches as deep with
    # unknown keys kept somewhere as without.
    if isinstance(obj, list):
        return [_with_extras(x) if isinstance(x, msgspec.Struct) else x for x in obj]
    if isinstance(obj, dict):
        return {k: _with_extras(v) if isinstance(v, msgspec.Struct) else v for k, v in obj.items()}
    return obj


_ENCODER = msgspec.json.Encoder()


def encode(obj: Any) -> bytes:
    """Canonical JSON bytes: camelCase keys, unset fields omitted, unknown response keys kept."""
    if not _EXTRAS:
        return _ENCODER.encode(obj)
    return _ENCODER.encode(_with_extras(obj))


# --------------------------------------------------------------------------- the codec




class Codec:
    """Decode and encode the messages of one dialect."""

    def __init__(self, structs: types.ModuleType, wire: types.ModuleType) -> None:
        self.table = Table(structs, wire)
        self.dialect = self.table.dialect
        self.api = self.table.api  # the API family, which the rules are written for
        self._decoders = {
            name: msgspec.json.Decoder(self.table.messages[name].cls) for name in self.table.roots.values()
        }
        self._checkers = {True: Checker(self.table, request=True), False: Checker(self.table, request=False)}

    def valid(self, root: str, *, request: bool) -> Callable[[Any], Any]:
        """A function that gives the Structs of canonical input with nothing to report, and None
        for anything else (which `analyze` then explains): the cheap first try of lint."""
        parse = self._decoders[root].decode
        quick = self._checkers[request].quick.get(self.table.messages[root].cls)

        def valid_root(data: Any) -> Any:
            try:
                obj = parse(data)
            except Exception:  # not canonical, not JSON or not text
                return None
            return obj if quick is None or quick(obj) else None

        return valid_root

    def decoder(self, root: str, *, request: bool) -> Callable[[bytes | str], Any]:
        """`decode` for one root type, with the valid case in as few Python steps as possible:
        msgspec's typed decode and the quick check. Anything else goes the long way, which
        gives the same result (or the same findings)."""
        parse = self._decoders[root].decode
        quick = self._checkers[request].quick.get(self.table.messages[root].cls)
        decode = self.decode

        # `valid` inlined: on an 89-byte request one more Python call is 7% of the decode.
        def decode_root(data: bytes | str) -> Any:
            try:
                obj = parse(data)
            except Exception:  # not canonical, not JSON or not text (or nested past msgspec's limit)
                return decode(data, root, request=request)
            if quick is None or quick(obj):
                return obj
            return decode(data, root, request=request)

        return decode_root

    def decode(self, data: bytes | str, root: str, *, request: bool) -> Any:
        """The Structs in `data`, or WireError with every finding."""
        obj, findings = self.analyze(data, root, request=request)
        if findings:
            raise WireError(findings)
        return obj

    def analyze(
        self, data: bytes | str, root: str, *, request: bool, notes: list[Finding] | None = None
    ) -> tuple[Any, list[Finding]]:
        """As much of the Structs as could be built (or None), and every finding; never raises.

        `notes` receives the warnings about spellings that decoding accepts (lint wants them)."""
        try:
            deep = too_deep(data)
        except TypeError:
            return None, [unreadable(data)]
        if deep is not None:
            return None, [nested(data, deep)]
        try:
            obj = self._decoders[root].decode(data)
        except msgspec.ValidationError:
            return self.slow(data, root, request=request, notes=notes)
        except (msgspec.DecodeError, UnicodeError) as e:
            return None, [malformed(data, e)]
        except TypeError:
            return None, [unreadable(data)]
        return obj, self._checkers[request].run(obj)

    def slow(
        self, data: bytes | str, root: str, *, request: bool, notes: list[Finding] | None = None
    ) -> tuple[Any, list[Finding]]:
        """The spelling-aware path: parse, normalise, convert, check."""
        try:
            raw = msgspec.json.decode(data)
        except (msgspec.DecodeError, UnicodeError) as e:
            return None, [malformed(data, e)]
        except TypeError:
            return None, [unreadable(data)]
        try:
            n = Normalizer(self.table, request=request)
            norm, findings, extras = n.message(raw, root, ()), n.findings, n.extras
            if notes is not None:
                notes += n.notes
        except RecursionError:
            return None, [finding("GW100", (), "the JSON is nested too deeply to check", "flatten the payload")]
        if norm is DROP:
            return None, findings
        try:
            obj = msgspec.convert(norm, self.table.messages[root].cls)
        except msgspec.ValidationError as e:  # a bound the normalizer does not know
            return None, [*findings, finding("GW101", (), str(e), "fix the value at the path given")]
        for path, key, value in extras:
            keep_extras(self.resolve(obj, path), {key: value})
        # What survived normalization is checked too, so that one pass reports everything.
        return obj, findings + unexplained(self._checkers[request].run(obj), findings)

    def resolve(self, obj: Any, path: Path) -> Any:
        for seg in path:
            if isinstance(seg, int) or isinstance(seg, Key):
                obj = obj[seg if isinstance(seg, int) else str(seg)]
            else:
                spec = self.table.by_class[type(obj)]
                obj = getattr(obj, spec.attrs[spec.by_key[seg].json_name])
        return obj

    def check(self, obj: Any, *, request: bool) -> list[Finding]:
        """Findings of the checks that a schema type cannot say, on a Struct tree."""
        return self._checkers[request].run(obj)
