"""The field-table walk: every field of a message, typed and within its limits.

It knows types and limits, not the rules that span fields, so it alone makes responses, error
bodies and the parts of a request that no request rule reads. The request composers pass the
fields they build themselves as `without`, and merge their own with `merged`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from gemini_wire import dialects
from gemini_wire.codec import FieldSpec, Table
from gemini_wire.strategies.scalars import scalar

# A dialect's name (dialects.NAMES) or alias ("gemini", "vertex").
Dialect = str
Payload = dict[str, Any]


def table(dialect: Dialect) -> Table:
    return dialects.dialect(dialect).codec.table


def api(dialect: Dialect) -> str:
    """The API of a dialect ("gemini" or "vertex"), the key of lint's per-API tables."""
    return dialects.info(dialect).api


def has(dialect: Dialect, message: str, field: str) -> bool:
    """Whether `message` of the dialect has the field (JSON name)."""
    return field in table(dialect).messages[message].by_key


def enum_names(dialect: Dialect, enum: str) -> list[str]:
    return sorted(table(dialect).enums[enum].names)


def merged(*parts: st.SearchStrategy[Payload]) -> st.SearchStrategy[Payload]:
    """One object with the keys of each part (parts build disjoint keys)."""
    return st.tuples(*parts).map(lambda ds: {k: v for d in ds for k, v in d.items()})


def optional(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Payload]:
    """Objects with any subset of `fields`."""
    return st.fixed_dictionaries({}, optional=fields)


def at_most_one(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Payload]:
    """Objects with one of `fields`, or none: for fields that exclude each other."""
    return st.one_of(st.just({}), *(st.fixed_dictionaries({k: v}) for k, v in fields.items()))


@cache
def message(
    dialect: Dialect, name: str, request: bool, depth: int, without: frozenset[str] = frozenset()
) -> st.SearchStrategy[Payload]:
    """Canonical JSON objects of message `name`, leaving out the fields named in `without`."""
    tbl = table(dialect)
    spec = tbl.messages[name]
    required = {
        r["oneof"] for r in tbl.rules if request and r["kind"] == "oneof_required_in_request" and r["message"] == name
    }
    plain: dict[str, st.SearchStrategy[Any]] = {}
    groups: dict[str, list[FieldSpec]] = {}
    for f in spec.fields:
        if f.json_name in without:
            continue
        if f.oneof:
            groups.setdefault(f.oneof, []).append(f)
            continue
        s = field(dialect, name, f, request, depth)
        if s is not None:
            plain[f.json_name] = s
    parts: list[st.SearchStrategy[Payload]] = [optional(plain)]
    for group, members in groups.items():
        must = group in required
        # A required oneof may go one level deeper, so that it can always be filled.
        options = [
            st.fixed_dictionaries({m.json_name: s})
            for m in members
            if (s := field(dialect, name, m, request, depth - 1 if must else depth)) is not None
        ]
        if not must:
            options.insert(0, st.just({}))
        parts.append(st.one_of(options))
    # A field that needs another set to true (GW303: logprobs needs responseLogprobs) brings it.
    needs = {r["field"]: r["other"] for r in tbl.rules if r["kind"] == "requires_true" and r["message"] == name}

    def settle(d: Payload) -> Payload:
        return d | {needs[k]: True for k in d if k in needs}

    return merged(*parts).map(settle) if needs else merged(*parts)


def limits(dialect: Dialect, owner: str, json_name: str) -> dict[str, Any]:
    keywords: dict[str, Any] = {}
    for lim in table(dialect).limits.get((owner, json_name), []):
        keywords.update(lim.keywords)
    return keywords


def field(dialect: Dialect, owner: str, f: FieldSpec, request: bool, depth: int) -> st.SearchStrategy[Any] | None:
    """Values of one field of `owner`; None for a message field below the depth budget."""
    tbl = table(dialect)
    keywords = limits(dialect, owner, f.json_name)
    if f.kind == "message":
        if depth <= 0:
            return None
        target = f.target or ""
        item: st.SearchStrategy[Any] = st.deferred(lambda: message(dialect, target, request, depth - 1))
    elif f.kind == "enum":
        assert f.target is not None
        item = st.sampled_from(sorted(tbl.enums[f.target].names))
    else:
        item = scalar(f.kind, keywords)
    if f.is_map:
        return st.dictionaries(st.text(min_size=1, max_size=8), item, max_size=3)
    if f.repeated:
        return st.lists(item, max_size=min(3, int(keywords.get("maxItems", 3))))
    return item


def field_of(dialect: Dialect, owner: str, json_name: str, depth: int) -> st.SearchStrategy[Any] | None:
    """Values of the request field `owner.json_name`, as the walk makes them."""
    return field(dialect, owner, table(dialect).messages[owner].by_key[json_name], True, depth)
