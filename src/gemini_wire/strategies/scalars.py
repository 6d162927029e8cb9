"""Canonical JSON values for each scalar kind of the field tables, in one table."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from hypothesis import strategies as st

JSON_SCALARS = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8)
JSON_VALUES = st.recursive(
    JSON_SCALARS | st.floats(allow_nan=False, allow_infinity=False, width=32),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
JSON_OBJECTS = st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=3)

Keywords = dict[str, Any]  # the JSON Schema keywords of a field's limits (minimum, maximum, ...)


def _integers(kind: str, keywords: Keywords) -> st.SearchStrategy[Any]:
    lo, hi = {"int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1)}[kind]
    return st.integers(max(lo, int(keywords.get("minimum", lo))), min(hi, int(keywords.get("maximum", hi))))


def _integers64(kind: str, keywords: Keywords) -> st.SearchStrategy[Any]:
    # proto3 JSON writes 64-bit integers as strings.
    return st.integers(-(2**63) if kind == "int64" else 0, 2**63 - 1).map(str)


def _floats(kind: str, keywords: Keywords) -> st.SearchStrategy[Any]:
    width: Literal[32, 64] = 32 if kind == "float" else 64
    low: float | None = keywords.get("exclusiveMinimum", keywords.get("minimum"))
    high: float | None = keywords.get("exclusiveMaximum", keywords.get("maximum"))
    return st.floats(
        min_value=low,
        max_value=high,
        exclude_min="exclusiveMinimum" in keywords,
        exclude_max="exclusiveMaximum" in keywords,
        allow_nan=False,
        allow_infinity=False,
        width=width,
    )


def _duration(seconds: int, nanos: int) -> str:
    return f"{seconds}s" if nanos == 0 else f"{seconds}.{nanos:09d}".rstrip("0") + "s"


DURATIONS = st.builds(_duration, st.integers(0, 10**6), st.integers(0, 999_999_999))
TIMESTAMPS = st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1)).map(
    lambda d: d.isoformat() + "Z"
)

# One row per scalar kind of the field tables (codec.FieldSpec.kind): a function of the kind
# and of the field's limits, giving the canonical JSON the codec writes for it.
SCALARS: dict[str, Callable[[str, Keywords], st.SearchStrategy[Any]]] = {
    "int32": _integers,
    "uint32": _integers,
    "int64": _integers64,
    "uint64": _integers64,
    "float": _floats,
    "double": _floats,
    "bool": lambda kind, kw: st.booleans(),
    "string": lambda kind, kw: st.text(max_size=12),
    "bytes": lambda kind, kw: st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode()),
    "duration": lambda kind, kw: DURATIONS,
    "timestamp": lambda kind, kw: TIMESTAMPS,
    "struct": lambda kind, kw: JSON_OBJECTS,
    "value": lambda kind, kw: JSON_VALUES,
    "list": lambda kind, kw: st.lists(JSON_VALUES, max_size=3),
    "any": lambda kind, kw: st.builds(
        lambda detail: {"@type": "type.googleapis.com/google.rpc.DebugInfo", "detail": detail}, st.text(max_size=12)
    ),
}


def scalar(kind: str, keywords: Keywords) -> st.SearchStrategy[Any]:
    """Valid canonical JSON for a scalar of `kind` within the limits `keywords`."""
    return SCALARS[kind](kind, keywords)
