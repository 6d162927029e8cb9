"""Hypothesis strategies for valid Gemini wire payloads, per dialect and message.

    from hypothesis import given
    from gemini_wire import strategies as gws

    @given(gws.requests("gemini"))
    def test_my_client_sends_it(request): ...

`payloads()` gives canonical JSON values (dicts), `requests()` / `responses()` the decoded
Structs. Every value respects the documented limits that the codec checks, so the codec accepts
it; they are built from the same field table as the codec, so every message and field of the
dialect can appear. Needs `hypothesis` (the `strategies` extra).
"""

from __future__ import annotations

import base64
import datetime as dt
from functools import cache
from typing import Any, Literal

import msgspec
from hypothesis import strategies as st

from gemini_wire import gemini, vertex
from gemini_wire.codec import FieldSpec, Table
from gemini_wire.dialect import Dialect as _Dialect

Dialect = Literal["gemini", "vertex"]
_DIALECTS: dict[str, _Dialect[Any, Any, Any]] = {"gemini": gemini.DIALECT, "vertex": vertex.DIALECT}

JSON_SCALARS = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8)
JSON_VALUES = st.recursive(
    JSON_SCALARS | st.floats(allow_nan=False, allow_infinity=False, width=32),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
JSON_OBJECTS = st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=3)


def _table(dialect: Dialect) -> Table:
    return _DIALECTS[dialect].codec.table


def _durations() -> st.SearchStrategy[str]:
    seconds = st.integers(0, 10**6)
    nanos = st.integers(0, 999_999_999)
    return st.builds(lambda s, n: f"{s}s" if n == 0 else f"{s}.{n:09d}".rstrip("0") + "s", seconds, nanos)


def _timestamps() -> st.SearchStrategy[str]:
    return st.datetimes(
        min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1)
    ).map(lambda d: d.isoformat() + "Z")


def _scalar(kind: str, keywords: dict[str, Any]) -> st.SearchStrategy[Any]:
    if kind in ("int32", "uint32"):
        lo, hi = (-(2**31), 2**31 - 1) if kind == "int32" else (0, 2**32 - 1)
        return st.integers(max(lo, int(keywords.get("minimum", lo))), min(hi, int(keywords.get("maximum", hi))))
    if kind in ("int64", "uint64"):
        low64 = -(2**63) if kind == "int64" else 0
        return st.integers(low64, 2**63 - 1).map(str)
    if kind in ("float", "double"):
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
    if kind == "bool":
        return st.booleans()
    if kind == "string":
        return st.text(max_size=12)
    if kind == "bytes":
        return st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode())
    if kind == "duration":
        return _durations()
    if kind == "timestamp":
        return _timestamps()
    if kind == "struct":
        return JSON_OBJECTS
    if kind == "value":
        return JSON_VALUES
    if kind == "list":
        return st.lists(JSON_VALUES, max_size=3)
    if kind == "any":
        return st.builds(
            lambda detail: {"@type": "type.googleapis.com/google.rpc.DebugInfo", "detail": detail},
            st.text(max_size=12),
        )
    raise AssertionError(kind)


@cache
def _message(dialect: Dialect, name: str, request: bool, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    table = _table(dialect)
    spec = table.messages[name]
    required = {
        r["oneof"]
        for r in table.rules
        if request and r["kind"] == "oneof_required_in_request" and r["message"] == name
    }
    plain: dict[str, st.SearchStrategy[Any]] = {}
    groups: dict[str, list[FieldSpec]] = {}
    for f in spec.fields:
        if f.oneof:
            groups.setdefault(f.oneof, []).append(f)
            continue
        s = _field(dialect, name, f, request, depth)
        if s is not None:
            plain[f.json_name] = s
    parts: list[st.SearchStrategy[dict[str, Any]]] = [st.fixed_dictionaries({}, optional=plain)]
    for group, members in groups.items():
        must = group in required
        # A required oneof may go one level deeper, so that it can always be filled.
        options = [
            st.fixed_dictionaries({m.json_name: s})
            for m in members
            if (s := _field(dialect, name, m, request, depth - 1 if must else depth)) is not None
        ]
        if not must:
            options.insert(0, st.just({}))
        parts.append(st.one_of(options))
    rules = [r for r in table.rules if r["kind"] == "requires_true" and r["message"] == name]

    def merge(dicts: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for d in dicts:
            out.update(d)
        for r in rules:
            if r["field"] in out:
                out[r["other"]] = True
        return out

    return st.tuples(*parts).map(lambda t: merge(list(t)))


def _field(dialect: Dialect, owner: str, f: FieldSpec, request: bool, depth: int) -> st.SearchStrategy[Any] | None:
    table = _table(dialect)
    keywords: dict[str, Any] = {}
    for lim in table.limits.get((owner, f.json_name), []):
        keywords.update(lim.keywords)
    if f.kind == "message":
        if depth <= 0:
            return None
        assert f.target is not None
        item: st.SearchStrategy[Any] = st.deferred(lambda: _message(dialect, f.target or "", request, depth - 1))
    elif f.kind == "enum":
        assert f.target is not None
        item = st.sampled_from(sorted(table.enums[f.target].names))
    else:
        item = _scalar(f.kind, keywords)
    if f.is_map:
        return st.dictionaries(st.text(min_size=1, max_size=8), item, max_size=3)
    if f.repeated:
        return st.lists(item, max_size=min(3, int(keywords.get("maxItems", 3))))
    return item


def payloads(
    dialect: Dialect = "gemini",
    message: str = "GenerateContentRequest",
    *,
    request: bool | None = None,
    max_depth: int = 6,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid canonical JSON objects (dicts) for a message of a dialect."""
    if request is None:
        request = message == "GenerateContentRequest"
    return _message(dialect, message, request, max_depth)


def requests(dialect: Dialect = "gemini", *, max_depth: int = 6) -> st.SearchStrategy[Any]:
    """Valid GenerateContentRequest Structs."""
    d = _DIALECTS[dialect]
    return payloads(dialect, "GenerateContentRequest", max_depth=max_depth).map(
        lambda p: d.decode_request(msgspec.json.encode(p))
    )


def responses(dialect: Dialect = "gemini", *, max_depth: int = 6) -> st.SearchStrategy[Any]:
    """Valid GenerateContentResponse Structs."""
    d = _DIALECTS[dialect]
    return payloads(dialect, "GenerateContentResponse", max_depth=max_depth).map(
        lambda p: d.decode_response(msgspec.json.encode(p))
    )


def error_bodies(dialect: Dialect = "gemini") -> st.SearchStrategy[Any]:
    """Valid error bodies (`{"error": {...}}`) as Structs."""
    d = _DIALECTS[dialect]
    return payloads(dialect, "ErrorBody", request=False).map(lambda p: d.decode_error(msgspec.json.encode(p)))


__all__ = ["error_bodies", "payloads", "requests", "responses"]
