"""Schemas that satisfy the schema rules (GW401-GW408): the OpenAPI subset and JSON Schema.

A node is built as one of its shapes, so that what a shape needs comes with it: an ARRAY has
items, an OBJECT has properties (never empty) and requires only names among them, enum is on a
STRING, anyOf stands alone (Vertex AI refuses siblings).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from gemini_wire.rules.schemas import JSON_SCHEMA_KEYWORDS
from gemini_wire.strategies.generic import Dialect, Payload, enum_names, has, merged, message

# What the shapes below set; the walk adds the other fields (description, format, bounds, ...).
SHAPE = frozenset({"type", "enum", "items", "properties", "required", "anyOf", "defs"})
NAMES = st.text(min_size=1, max_size=6)
ENUM_VALUES = st.lists(st.text(max_size=6), min_size=1, max_size=3)


@st.composite
def _objects(draw: st.DrawFn, children: st.SearchStrategy[Payload], object_type: str) -> Payload:
    """An object node: properties (never empty), and `required` naming some of them."""
    node: Payload = {"type": object_type}
    if draw(st.booleans()):
        props = draw(st.dictionaries(NAMES, children, min_size=1, max_size=3))
        node["properties"] = props
        required = draw(st.lists(st.sampled_from(sorted(props)), unique=True, max_size=len(props)))
        if required:
            node["required"] = required
    return node


@cache
def schemas(dialect: Dialect, depth: int, *, root_object: bool = False) -> st.SearchStrategy[Payload]:
    """Schema nodes (OpenAPI subset) of a dialect, nested at most `depth` levels.

    `root_object` gives an OBJECT at the root, as function parameters need (GW501)."""
    side = message(dialect, "Schema", True, 0, SHAPE)
    types = enum_names(dialect, "Type")
    leaf_types = [t for t in types if t not in ("ARRAY", "OBJECT", "STRING")]
    leaves = st.one_of(
        st.fixed_dictionaries({"type": st.just("STRING")}, optional={"enum": ENUM_VALUES}),
        st.fixed_dictionaries({"type": st.sampled_from(leaf_types)}),
    )
    shapes: st.SearchStrategy[Payload] = merged(side, leaves)
    if depth > 0:
        child = schemas(dialect, depth - 1)
        objects = _objects(child, "OBJECT")
        if has(dialect, "Schema", "defs"):
            objects = merged(objects, st.fixed_dictionaries({}, optional={"defs": st.dictionaries(NAMES, child, min_size=1, max_size=2)}))
        if root_object:
            return merged(side, objects)
        shapes = st.one_of(
            shapes,
            merged(side, st.fixed_dictionaries({"type": st.just("ARRAY"), "items": child})),
            merged(side, objects),
            st.fixed_dictionaries({"anyOf": st.lists(child, min_size=1, max_size=3)}),
        )
    elif root_object:
        return merged(side, st.just({"type": "OBJECT"}))
    return shapes


# The JSON Schema keywords these builders use; all are among those the server reads (GW408),
# and none is $ref, whose siblings GW407 restricts.
USED = frozenset({"type", "description", "title", "enum", "items", "properties", "required", "anyOf"})
assert USED <= JSON_SCHEMA_KEYWORDS


@cache
def json_schemas(depth: int, *, root_object: bool = False) -> st.SearchStrategy[Any]:
    """JSON Schemas (responseJsonSchema, parametersJsonSchema), nested at most `depth` levels."""
    side = st.fixed_dictionaries({}, optional={"description": st.text(max_size=8), "title": st.text(max_size=8)})
    leaves = merged(
        side,
        st.one_of(
            st.fixed_dictionaries({"type": st.just("string")}, optional={"enum": ENUM_VALUES}),
            st.fixed_dictionaries({"type": st.sampled_from(["integer", "number", "boolean", "null"])}),
        ),
    )
    if depth <= 0:
        return merged(side, st.just({"type": "object"})) if root_object else leaves
    child = json_schemas(depth - 1)
    objects = merged(side, _objects(child, "object"))
    if root_object:
        return objects
    return st.one_of(
        leaves,
        merged(side, st.fixed_dictionaries({"type": st.just("array"), "items": child})),
        objects,
        st.fixed_dictionaries({"anyOf": st.lists(child, min_size=1, max_size=3)}),
    )
