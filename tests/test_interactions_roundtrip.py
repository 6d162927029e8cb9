"""Round trips over the Interactions schemas: every request that the checked-in JSON Schema takes
decodes and encodes back as it came, and so does every response it takes, with keys, enum values
and union kinds newer than the spec (which the response schemas admit).

The payloads are drawn from the schema itself, by a small strategy written for it (the schemas'
own keywords only: $ref, const, enum, oneOf/anyOf, not-enum, objects, arrays, scalars)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemini_wire import interactions

SCHEMAS = Path(__file__).resolve().parent.parent / "schema" / "interactions-v1"
DEPTH = 3  # below it, objects take their required fields only and lists are empty
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=6)
JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**31), 2**31) | TEXT,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(TEXT, inner, max_size=2),
    max_leaves=4,
)
# Keys that no message of the spec has: a response's newer fields.
NEWER_KEY = st.from_regex(r"x_[a-z]{1,4}", fullmatch=True)


def draw(node: dict[str, Any], defs: dict[str, Any], depth: int, *, response: bool) -> st.SearchStrategy[Any]:
    """A strategy of the JSON values that the schema `node` takes."""
    if "$ref" in node:
        return st.deferred(lambda: draw(defs[node["$ref"].rsplit("/", 1)[1]], defs, depth + 1, response=response))
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "oneOf" in node or "anyOf" in node:
        return st.one_of([draw(m, defs, depth, response=response) for m in node.get("oneOf", node.get("anyOf"))])
    kind = node.get("type")
    if kind == "string":
        if "not" in node:  # a union kind newer than the spec
            known = set(node["not"]["enum"])
            return st.from_regex(r"[a-z_]{1,8}", fullmatch=True).filter(lambda s: s not in known)
        return st.sampled_from(node["examples"]) | TEXT if "examples" in node else TEXT
    if kind == "integer":
        return st.integers(-(2**31), 2**31)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(draw(node["items"], defs, depth, response=response), max_size=2 if depth < DEPTH else 0)
    if kind == "object" and "properties" in node:
        return message(node, defs, depth, response=response)
    if kind == "object":
        values = draw(node.get("additionalProperties") or {}, defs, depth, response=response)
        return st.dictionaries(TEXT, values, max_size=2 if depth < DEPTH else 0)
    return JSON


def message(node: dict[str, Any], defs: dict[str, Any], depth: int, *, response: bool) -> st.SearchStrategy[dict[str, Any]]:
    props = node["properties"]
    required = {k: draw(props[k], defs, depth, response=response) for k in node.get("required", [])}
    optional = {} if depth >= DEPTH else {k: draw(v, defs, depth, response=response) for k, v in props.items() if k not in required}
    known = st.fixed_dictionaries(required, optional=optional)
    if not response or depth >= DEPTH:
        return known
    newer = st.dictionaries(NEWER_KEY.filter(lambda k: k not in props), JSON, max_size=1)
    return st.builds(lambda a, b: {**a, **b}, known, newer)


def entry(name: str, *, response: bool) -> st.SearchStrategy[Any]:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    top = {k: v for k, v in schema.items() if k in ("$ref", "oneOf")}
    return draw(top, schema["$defs"], 0, response=response)


def same(data: dict[str, Any], encoded: bytes) -> bool:
    return json.loads(encoded) == data


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(entry("CreateInteractionRequest", response=False))
def test_a_request_the_schema_takes_decodes_and_encodes_as_it_came(data: dict[str, Any]) -> None:
    obj = interactions.decode_request(json.dumps(data))
    assert same(data, interactions.encode(obj))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(entry("Interaction", response=True))
def test_a_response_the_schema_takes_decodes_and_encodes_as_it_came(data: dict[str, Any]) -> None:
    obj = interactions.decode_response(json.dumps(data))
    assert same(data, interactions.encode(obj))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(entry("InteractionSSEEvent", response=True))
def test_an_event_the_schema_takes_decodes_and_encodes_as_it_came(data: dict[str, Any]) -> None:
    obj = interactions.decode_event(json.dumps(data))
    assert same(data, interactions.encode(obj))


def replaced(data: Any, path: list[int], value: Any) -> Any:
    """`data` with the node that `path` picks (index by index, modulo each container's size) replaced."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    if isinstance(data, dict):
        key = sorted(data)[path[0] % len(data)]
        return {**data, key: replaced(data[key], path[1:], value)}
    i = path[0] % len(data)
    return [*data[:i], replaced(data[i], path[1:], value), *data[i + 1 :]]


KINDS = ("request", "response", "event", "error")


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(
    entry("CreateInteractionRequest", response=False) | entry("Interaction", response=True) | entry("InteractionSSEEvent", response=True),
    st.lists(st.integers(0, 50), max_size=6),
    JSON,
)
def test_any_changed_payload_decodes_or_gives_wire_errors_with_paths(data: Any, path: list[int], value: Any) -> None:
    payload = json.dumps(replaced(data, path, value))
    for kind in KINDS:
        obj, findings = interactions.DIALECT.analyze(payload, kind)
        assert (obj is None) == bool(findings)
        assert all(f.code.startswith("GW1") and f.severity == "error" for f in findings)


@given(st.binary(max_size=64) | TEXT)
def test_any_bytes_decode_or_give_a_wire_error(data: bytes | str) -> None:
    for kind in KINDS:
        obj, findings = interactions.DIALECT.analyze(data, kind)
        assert (obj is None) == bool(findings)
