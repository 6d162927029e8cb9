"""The scalar kinds of the wire: one row per kind, read by every part that deals in values.

A field's kind (the `kind` column of the generated field table) names a row of KINDS, which
says what the wire accepts for it and what it becomes:

    pattern     the text accepted for it as a JSON string (`fullmatch`; the same text is the
                JSON Schema `pattern`), or None when no string spells it
    range       the integers it holds, or None
    convert     wire JSON value -> canonical value (what the Structs hold), or a Refusal
    schema      its JSON Schema keywords: canonical (what `encode` writes) and wire (what the
                server accepts: numbers as strings, NaN, either base64 alphabet)
    strategy    a Hypothesis strategy of its canonical values, given `hypothesis.strategies`
                and the field's limit keywords (hypothesis stays an optional import)

Readers: codegen/schemas.py (the JSON Schemas; codegen/model.py loads this file by path, so it
imports only the standard library and the rules catalog, which stands on the ground floor), the
normalizer (codec/normalize.py: conversions) and the strategies. A refusal names its rule by
its declaration, as every other producer does: the normalizer makes the finding from it.
The spellings are those of the proto3 JSON mapping (https://protobuf.dev/programming-guides/json/).
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from gemini_wire.rules import Rule
from gemini_wire.rules.structure import (
    DURATION_OBJECT_FORM,
    INVALID_BASE64,
    INVALID_TIME,
    NUMBER_OUT_OF_RANGE,
    WRONG_TYPE,
)

# Every pattern ends in `$(?!\n)`: in ECMA-262 (what JSON Schema asks for) `$` is the end of the
# text, but in Python (msgspec's Meta, jsonschema) it also matches before a final line break.
END = r"$(?!\n)"
# Except base64, whose strings run to megabytes: a lookahead sends backtracking engines (the
# fancy-regex of jsonschema-rs) one stack frame per character, and they fail from about 1 MB on.
# Plain `$` is exact in ECMA-262; only validators that use Python's `re` (the jsonschema package)
# then let one final line break through (docs/differences.md, row S3; the codec refuses it).
END_OF_BASE64 = "$"
INT_STRING = r"^-?[0-9]+" + END
FLOAT_STRING = r"^(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|NaN|-?Infinity)" + END
BASE64_ANY = r"^[A-Za-z0-9+/_-]*={0,2}" + END_OF_BASE64
BASE64_STD = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?" + END_OF_BASE64
DURATION = r"^-?[0-9]+(?:\.[0-9]{1,9})?s" + END
TIMESTAMP = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})" + END
)
FLOAT_MAX = 2**1024 - 2**970  # the first int that float() refuses

INT32 = (-(2**31), 2**31 - 1)
UINT32 = (0, 2**32 - 1)
INT64 = (-(2**63), 2**63 - 1)
UINT64 = (0, 2**64 - 1)


def at_most(n: int) -> str:
    """A regular expression of the decimal strings of 0 to n (leading zeros aside)."""
    digits = str(n)
    size = len(digits)
    out = [f"[0-9]{{1,{size - 1}}}"]
    for i, d in enumerate(digits):
        if d != "0":
            rest = size - 1 - i
            out.append(digits[:i] + ("0" if d == "1" else f"[0-{int(d) - 1}]") + ("[0-9]" + (f"{{{rest}}}" if rest > 1 else "") if rest else ""))
    out.append(digits)
    return "(?:" + "|".join(out) + ")"


# A 64-bit integer is a string in the Structs (proto3 JSON): its pattern states the range, so that
# msgspec checks it while decoding, as Meta(ge=, le=) checks a 32-bit one.
INT64_STRING = f"^(?:-0*{at_most(2**63)}|0*{at_most(INT64[1])})" + END
UINT64_STRING = f"^(?:-0+|0*{at_most(UINT64[1])})" + END  # "-0" is 0


class Refusal(NamedTuple):
    """Why a wire value is not a value of its kind: a finding's rule, message and hint.

    `message` names the value as `{value}`, which the reader fills in (with `describe`), as it
    fills `{quote}` in the hint when `quote` is set: the normalizer knows how a value is said."""

    rule: Rule
    message: str
    hint: str
    quote: str = ""  # a part of the value that the hint shows as `{quote}` (excerpted)


Convert = Callable[[Any], Any]  # a wire value -> its canonical value, or a Refusal
Strategy = Callable[[Any, dict[str, Any]], Any]  # (hypothesis.strategies, keywords) -> strategy


class Kind(NamedTuple):
    name: str
    pattern: str | None
    range: tuple[int, int] | None
    convert: Convert
    schema: dict[str, Any]  # canonical
    wire_schema: dict[str, Any]
    strategy: Strategy


def decimal(text: str) -> int:
    """The int of a decimal string (INT_STRING). Past 30 digits a value is outside every range
    we check, so +-10**30 stands for it: int() refuses strings over 4,300 digits."""
    if len(text) > 31 and len(text.lstrip("-").lstrip("0")) > 30:
        return -(10**30) if text.startswith("-") else 10**30
    return int(text)


def duration_string(v: dict[str, Any]) -> str | None:
    """The string form of a Duration written as {"seconds": ..., "nanos": ...}, if it has one."""
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


# --------------------------------------------------------------------------- conversions

_INT = re.compile(INT_STRING)
_FLOAT = re.compile(FLOAT_STRING)
_BASE64 = re.compile(BASE64_ANY)
_DURATION = re.compile(DURATION)
_TIMESTAMP = re.compile(TIMESTAMP)
NOT_INTEGER = Refusal(WRONG_TYPE, "expected an integer, got {value}", "write a JSON integer such as 1")


def integer(kind: str) -> Convert:
    lo, hi = {"int32": INT32, "uint32": UINT32, "int64": INT64, "uint64": UINT64}[kind]

    def convert(v: Any) -> Any:
        if isinstance(v, bool):
            return NOT_INTEGER
        if isinstance(v, int):
            n = v
        elif isinstance(v, float):
            if not v.is_integer():
                whole = math.floor(v) if math.isfinite(v) else 0
                return Refusal(NUMBER_OUT_OF_RANGE, "{value} is not a whole number", f"use an integer such as {whole}")
            n = int(v)
        elif isinstance(v, str) and _INT.fullmatch(v):
            n = decimal(v)
        else:
            return NOT_INTEGER
        if not lo <= n <= hi:
            return Refusal(NUMBER_OUT_OF_RANGE, f"{{value}} is outside the {kind} range", f"use an integer from {lo} to {hi}")
        return n

    return convert


def floating(kind: str) -> Convert:
    def convert(v: Any) -> Any:
        if isinstance(v, float) or (isinstance(v, int) and not isinstance(v, bool) and -FLOAT_MAX < v < FLOAT_MAX):
            return float(v)
        if isinstance(v, int) and not isinstance(v, bool):  # an integer literal of 10**309 or more
            return Refusal(NUMBER_OUT_OF_RANGE, f"{{value}} is outside the range of a {kind}", "use a number below 1e308")
        if isinstance(v, str) and _FLOAT.fullmatch(v):
            return float(v)  # float() reads "NaN", "Infinity" and "-Infinity" too
        return Refusal(WRONG_TYPE, "expected a number, got {value}", "write a JSON number such as 0.5")

    return convert


def boolean(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    return Refusal(WRONG_TYPE, "expected true or false, got {value}", "write a JSON boolean without quotes")


def string(v: Any) -> Any:
    if isinstance(v, str):
        return v
    return Refusal(WRONG_TYPE, "expected a string, got {value}", "write the value in double quotes")


def binary(v: Any) -> Any:
    if isinstance(v, str) and _BASE64.fullmatch(v):
        std = v.rstrip("=").replace("-", "+").replace("_", "/")
        if len(std) % 4 != 1:
            try:
                # validate=True refuses anything outside the alphabet (Python 3.10 has no
                # strict_mode in binascii); the padding was normalised above.
                return base64.b64decode(std + "=" * (-len(std) % 4), validate=True)
            except binascii.Error:
                pass
    if isinstance(v, str) and v.startswith("data:") and ";base64," in v[:200]:
        hint = "remove the data URL prefix {quote}: the field holds the base64 alone, and the MIME type goes in mimeType"
        return Refusal(INVALID_BASE64, "{value} is not base64", hint, v[: v.index(";base64,") + 8])
    hint = "encode the bytes with base64 (standard or URL-safe alphabet), e.g. base64.b64encode(data).decode()"
    return Refusal(INVALID_BASE64, "{value} is not base64", hint)


def duration(v: Any) -> Any:
    if isinstance(v, str) and _DURATION.fullmatch(v):
        return v
    if isinstance(v, dict) and set(v) <= {"seconds", "nanos"}:
        text = duration_string(v)
        hint = f'write it as the string "{text}"' if text else 'write it as a string such as "1.5s"'
        return Refusal(DURATION_OBJECT_FORM, "a Duration written as an object", hint)
    return Refusal(INVALID_TIME, "{value} is not a Duration", 'write seconds with an "s" suffix, such as "90s" or "1.5s"')


def timestamp(v: Any) -> Any:
    if isinstance(v, str) and _TIMESTAMP.fullmatch(v):
        return v
    return Refusal(INVALID_TIME, "{value} is not an RFC 3339 Timestamp", 'write it as "2025-01-31T12:00:00Z"')


def data(expected: type | None, refusal: Refusal | None) -> Convert:
    # Struct, Value, ListValue and Any carry data: their keys are never rewritten.
    def convert(v: Any) -> Any:
        if expected is not None and not isinstance(v, expected):
            return refusal
        return v

    return convert


# --------------------------------------------------------------------------- strategies


def json_values(st: Any) -> Any:
    """Small JSON values of every type, nested a few levels (args, Struct, Value)."""
    scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8)
    return st.recursive(
        scalars | st.floats(allow_nan=False, allow_infinity=False, width=32),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
        max_leaves=6,
    )


def json_objects(st: Any) -> Any:
    return st.dictionaries(st.text(max_size=6), json_values(st), max_size=3)


def integers(kind: str) -> Strategy:
    lo, hi = {"int32": INT32, "uint32": UINT32, "int64": INT64, "uint64": UINT64}[kind]

    def strategy(st: Any, keywords: dict[str, Any]) -> Any:
        if kind in ("int64", "uint64"):
            return st.integers(lo, INT64[1])
        return st.integers(max(lo, int(keywords.get("minimum", lo))), min(hi, int(keywords.get("maximum", hi))))

    return strategy


def floats(width: int) -> Strategy:
    def strategy(st: Any, keywords: dict[str, Any]) -> Any:
        return st.floats(
            min_value=keywords.get("exclusiveMinimum", keywords.get("minimum")),
            max_value=keywords.get("exclusiveMaximum", keywords.get("maximum")),
            exclude_min="exclusiveMinimum" in keywords,
            exclude_max="exclusiveMaximum" in keywords,
            allow_nan=False,
            allow_infinity=False,
            width=width,
        )

    return strategy


def durations(st: Any, keywords: dict[str, Any]) -> Any:
    seconds, nanos = st.integers(0, 10**6), st.integers(0, 999_999_999)
    return st.builds(lambda s, n: f"{s}s" if n == 0 else f"{s}.{n:09d}".rstrip("0") + "s", seconds, nanos)


def timestamps(st: Any, keywords: dict[str, Any]) -> Any:
    span = st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1))
    return span.map(lambda d: d.isoformat() + "Z")


def error_details(st: Any, keywords: dict[str, Any]) -> Any:
    detail = st.text(max_size=12)
    return st.builds(lambda d: {"@type": "type.googleapis.com/google.rpc.DebugInfo", "detail": d}, detail)


# --------------------------------------------------------------------------- the table


def _int_row(kind: str, bounds: tuple[int, int]) -> Kind:
    lo, hi = bounds
    number = {"type": "integer", "format": kind, "minimum": lo, "maximum": hi}
    if kind in ("int64", "uint64"):
        # An int in Python and a JSON number when written, as google-genai types and sends them
        # (its Schema.max_items is an int); proto3 JSON writes a string, which is read too.
        pattern = INT64_STRING if kind == "int64" else UINT64_STRING
        text = {"type": "string", "format": kind, "pattern": pattern}
        return Kind(kind, pattern, bounds, integer(kind), number, {"anyOf": [number, text]}, integers(kind))
    wire = {"anyOf": [number, {"type": "string", "pattern": INT_STRING}]}
    return Kind(kind, INT_STRING, bounds, integer(kind), number, wire, integers(kind))


def _float_row(kind: str, width: int) -> Kind:
    wire = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": FLOAT_STRING}]}
    return Kind(kind, FLOAT_STRING, None, floating(kind), {"type": "number"}, wire, floats(width))


def _bytes_row() -> Kind:
    keywords = {"type": "string", "format": "byte", "contentEncoding": "base64"}
    canonical, wire = {**keywords, "pattern": BASE64_STD}, {**keywords, "pattern": BASE64_ANY}
    return Kind(
        "bytes", BASE64_ANY, None, binary, canonical, wire,
        lambda st, kw: st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode()),
    )


def _same(kind: str, pattern: str | None, convert: Convert, schema: dict[str, Any], strategy: Strategy) -> Kind:
    return Kind(kind, pattern, None, convert, schema, schema, strategy)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        _int_row("int32", INT32),
        _int_row("uint32", UINT32),
        _int_row("int64", INT64),
        _int_row("uint64", UINT64),
        _float_row("double", 64),
        _float_row("float", 32),
        _same("bool", None, boolean, {"type": "boolean"}, lambda st, kw: st.booleans()),
        _same("string", None, string, {"type": "string"}, lambda st, kw: st.text(max_size=12)),
        _bytes_row(),
        _same("duration", DURATION, duration, {"type": "string", "pattern": DURATION}, durations),
        _same("timestamp", TIMESTAMP, timestamp, {"type": "string", "pattern": TIMESTAMP}, timestamps),
        # The data kinds (google.protobuf.Struct, Value, ListValue, Any): JSON kept as it is.
        _same(
            "struct", None,
            data(dict, Refusal(WRONG_TYPE, "expected a JSON object, got {value}", 'write it as an object, e.g. {"result": ...}')),
            {"type": "object"}, lambda st, kw: json_objects(st),
        ),
        _same("value", None, data(None, None), {}, lambda st, kw: json_values(st)),
        _same(
            "list", None,
            data(list, Refusal(WRONG_TYPE, "expected an array, got {value}", "write it as a JSON array")),
            {"type": "array"}, lambda st, kw: st.lists(json_values(st), max_size=3),
        ),
        # An error detail: data named by "@type", read and kept as it is (responses tolerate).
        _same(
            "any", None,
            data(dict, Refusal(WRONG_TYPE, "expected an object (an error detail), got {value}", 'write it as {"@type": "type.googleapis.com/...", ...}')),
            {"type": "object"}, error_details,
        ),
    ]
}
DATA_KINDS = frozenset({"struct", "value", "list", "any"})


def schema(kind: str, *, wire: bool) -> dict[str, Any]:
    """A fresh copy of a kind's JSON Schema keywords, canonical or as the wire accepts them."""
    row = KINDS[kind]
    return copy.deepcopy(row.wire_schema if wire else row.schema)
