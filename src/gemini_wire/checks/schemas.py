"""Lint's checks of schemas (GW4xx): the OpenAPI subset of responseSchema and parameters, and
JSON Schema.

Each is registered on its rule, declared in `gemini_wire.rules.schemas`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from msgspec import UNSET

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import Context, declarations, declared, generation, given, struct_fields
from gemini_wire.codec import Link, flat
from gemini_wire.findings import Finding, Key, Path, excerpt
from gemini_wire.rules.schemas import (
    JSON_SCHEMA_KEYWORD_UNSUPPORTED,
    JSON_SCHEMA_KEYWORDS,
    JSON_SCHEMA_REF_SIBLINGS,
    SCHEMA_ANY_OF_ALONE,
    SCHEMA_ARRAY_NEEDS_ITEMS,
    SCHEMA_ENUM_NEEDS_STRING,
    SCHEMA_OBJECT_WITHOUT_PROPERTIES,
    SCHEMA_PROPERTIES_NEED_OBJECT,
    SCHEMA_REQUIRED_UNDEFINED,
)


def schemas(req: Any) -> Iterator[tuple[Path, Any]]:
    """The OpenAPI-subset Schemas of a request, with their paths: response schema, tool schemas."""
    gc = generation(req)
    if gc is not None and given(gc.response_schema):
        yield ("generationConfig", "responseSchema"), gc.response_schema
    for path, decl in declarations(req):
        if given(decl.parameters):
            yield (*path, "parameters"), decl.parameters
        if given(decl.response):
            yield (*path, "response"), decl.response


def schema_findings(req: Any) -> list[Finding]:
    """The findings of the six schema rules, in one walk, depth first, over every schema of the
    request, with a path built for each node that has one."""
    return list(schema_walk(list(schemas(req))))


def schemas_clean(req: Any, ctx: Context) -> bool:
    """The clean test of GW401-GW406, run once for them all. Schemas are the largest part of
    many requests (tools with nested parameters), so they are walked once by `suspect`, which
    only asks whether some node may have a finding; only then does `schema_findings` walk them."""
    roots = schema_roots(req)
    return not roots or not suspect(roots)


def json_schema_clean(req: Any, ctx: Context) -> bool:
    """The clean test of GW407 and GW408: the request has no JSON Schema."""
    return not json_schema_in(req, ctx)


def schema_roots(req: Any) -> list[Any]:
    """The Schemas that `schemas` yields, in a list without their paths: what `suspect` reads,
    without a generator per declaration and a path per Schema (needed only for a finding)."""
    roots = []
    gc = req.generation_config
    if gc is not UNSET and gc is not None and gc.response_schema is not UNSET and gc.response_schema is not None:
        roots.append(gc.response_schema)
    tools = req.tools
    if tools is not UNSET and tools is not None:
        for tool in tools:
            found = tool.function_declarations
            if found is not UNSET and found is not None:
                for d in found:
                    if d.parameters is not UNSET and d.parameters is not None:
                        roots.append(d.parameters)
                    if d.response is not UNSET and d.response is not None:
                        roots.append(d.response)
    return roots


def suspect(roots: list[Any]) -> bool:
    """Whether some node of these Schemas may break GW401-GW406: every test below is implied by
    a condition of `schema_walk`, and is cheaper (no path, no finding, the fields read once).

    Split on whether the node has properties, so that a leaf (most nodes: a STRING or an
    INTEGER) costs three attribute tests; a required name is looked up in the properties one by
    one (a short list), not as a set."""
    stack = roots
    defs = "defs" in type(roots[0]).__struct_fields__  # $defs: some dialects' Schema only
    while stack:
        s = stack.pop()
        t, props, required, items = s.type, s.properties, s.required, s.items
        if props is UNSET:
            if required is not UNSET:
                return True
            if t is not UNSET and ((s.enum is not UNSET and t != "STRING") or (items is UNSET and t == "ARRAY")):
                return True
        else:
            if t is not UNSET and (t != "OBJECT" or not props or s.enum is not UNSET):
                return True
            if required is not UNSET:
                for name in required:
                    if name not in props:
                        return True
            for c in props.values():
                # A leaf (most properties: a STRING, an INTEGER) is settled here, off the stack:
                # the tests above with no properties, items, anyOf, required or $defs.
                if c.properties is UNSET and c.items is UNSET and c.any_of is UNSET and c.required is UNSET and (not defs or c.defs is UNSET):
                    ct = c.type
                    if ct is not UNSET and ct != "STRING" and (c.enum is not UNSET or ct == "ARRAY"):
                        return True
                else:
                    stack.append(c)
        if s.any_of is not UNSET:
            return True  # GW406 reads every other field; anyOf is rare enough to walk in full
        if items is not UNSET:
            stack.append(items)
        if defs and s.defs is not UNSET:
            stack.extend(s.defs.values())
    return False


def schema_walk(roots: list[tuple[Path, Any]]) -> Iterator[Finding]:
    stack: list[tuple[Any, Link]] = []
    for path, root in reversed(roots):
        stack.append((root, path_link(path)))
    while stack:
        s, link = stack.pop()
        t = s.type._value_ if s.type is not UNSET else None  # a plain attribute, unlike .name
        props, required, items, any_of = s.properties, s.required, s.items, s.any_of
        if t is not None and t != "OBJECT":
            for value, name in ((props, "properties"), (required, "required")):
                if value is not UNSET:
                    yield SCHEMA_PROPERTIES_NEED_OBJECT.finding((*flat(link), name), f"{name} on a schema of type {t}", 'make it "type": "OBJECT", or remove ' + name)
        if required is not UNSET:
            defined = set(props) if props is not UNSET else set()
            for i, name in enumerate(required):
                if name not in defined:
                    yield SCHEMA_REQUIRED_UNDEFINED.finding((*flat(link), "required", i), f"required names {excerpt(name)}, which is not in properties", f"define {excerpt(name)} under properties, or drop it from required")
        if t == "ARRAY" and items is UNSET:
            yield SCHEMA_ARRAY_NEEDS_ITEMS.finding(flat(link), "an ARRAY schema without items", 'say what the elements are: "items": {"type": "STRING"}')
        if s.enum is not UNSET and t is not None and t != "STRING":
            if t in ("INTEGER", "NUMBER") and getattr(s, "format", UNSET) == "enum":  # the reference's own example
                yield SCHEMA_ENUM_NEEDS_STRING.finding((*flat(link), "enum"), f"enum on a schema of type {t} with format enum, which Google's reference documents and no refusal shows", 'to be safe, use "type": "STRING" with string values', severity="warning")
            else:
                yield SCHEMA_ENUM_NEEDS_STRING.finding((*flat(link), "enum"), f"enum on a schema of type {t}", 'use "type": "STRING" with string values')
        if t == "OBJECT" and props is not UNSET and not props:
            yield SCHEMA_OBJECT_WITHOUT_PROPERTIES.finding((*flat(link), "properties"), "an OBJECT schema with no properties", "define its properties, or leave the schema out (a function without arguments has no parameters)")
        if any_of is not UNSET:
            others = [wire for attr, wire in struct_fields(s) if attr != "any_of" and given(getattr(s, attr))]
            if others:
                yield SCHEMA_ANY_OF_ALONE.finding((*flat(link), others[0]), f"{', '.join(others)} beside anyOf", "move them into each anyOf branch, or drop them")
        # Children go on the stack last first, so that the walk is depth first in field order.
        defs: Any = getattr(s, "defs", UNSET)
        if defs is not UNSET:
            here = (link, "defs")
            stack.extend((v, (here, Key(k))) for k, v in reversed(defs.items()))
        if any_of is not UNSET:
            here = (link, "anyOf")
            stack.extend((v, (here, i)) for i, v in reversed(list(enumerate(any_of))))
        if props is not UNSET:
            here = (link, "properties")
            stack.extend((v, (here, Key(k))) for k, v in reversed(props.items()))
        if items is not UNSET:
            stack.append((items, (link, "items")))


def path_link(path: Path) -> Link:
    link: Link = ()
    for seg in path:
        link = (link, seg)
    return link


def json_schemas(req: Any) -> Iterator[tuple[Path, Any]]:
    g = generation(req)
    if g is not None:
        for attr, name in (("response_json_schema", "responseJsonSchema"), ("response_json_schema_legacy", "_responseJsonSchema")):
            value = getattr(g, attr, UNSET)
            if given(value):
                yield ("generationConfig", name), value
    for path, d in declarations(req):
        for attr, name in (("parameters_json_schema", "parametersJsonSchema"), ("response_json_schema", "responseJsonSchema")):
            value = getattr(d, attr, UNSET)
            if given(value):
                yield (*path, name), value


def json_schema_in(req: Any, ctx: Context) -> bool:
    """Whether the request may have a JSON Schema (what json_schemas finds): cheaper than it."""
    g = generation(req)
    if g is not None and (getattr(g, "response_json_schema", UNSET) is not UNSET or getattr(g, "response_json_schema_legacy", UNSET) is not UNSET):
        return True
    return ctx.fact(declared).json_schema


REF_SIBLINGS = frozenset({"description", "default"})


REF_SIBLINGS_AT_ROOT = REF_SIBLINGS | {"title"}


def json_schema_nodes(req: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    for root_path, root in json_schemas(req):
        yield from schema_nodes(root, root_path)


def schema_nodes(node: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The schema objects of a JSON Schema (not the data inside enum, default or const)."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from schema_nodes(node[key], (*path, Key(key)))
    for key in ("properties", "$defs"):
        if isinstance(node.get(key), dict):
            for name, sub in node[key].items():
                yield from schema_nodes(sub, (*path, Key(key), Key(name)))
    for key in ("anyOf", "oneOf", "prefixItems"):
        if isinstance(node.get(key), list):
            for i, sub in enumerate(node[key]):
                yield from schema_nodes(sub, (*path, Key(key), i))


@check(
    SCHEMA_PROPERTIES_NEED_OBJECT,
    reads=("generation_config.response_schema", "tool.function_declarations"), clean=schemas_clean,
)
def properties_on_non_object(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == SCHEMA_PROPERTIES_NEED_OBJECT.code]


@check(SCHEMA_REQUIRED_UNDEFINED, reads=("generation_config.response_schema", "tool.function_declarations"), clean=schemas_clean)
def required_not_defined(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == SCHEMA_REQUIRED_UNDEFINED.code]


@check(SCHEMA_ARRAY_NEEDS_ITEMS, reads=("generation_config.response_schema", "tool.function_declarations"), clean=schemas_clean)
def array_without_items(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == SCHEMA_ARRAY_NEEDS_ITEMS.code]


@check(SCHEMA_ENUM_NEEDS_STRING, reads=("generation_config.response_schema", "tool.function_declarations"), clean=schemas_clean)
def enum_on_non_string(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == SCHEMA_ENUM_NEEDS_STRING.code]


@check(
    SCHEMA_OBJECT_WITHOUT_PROPERTIES,
    reads=("generation_config.response_schema", "tool.function_declarations"), clean=schemas_clean,
)
def object_without_properties(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == SCHEMA_OBJECT_WITHOUT_PROPERTIES.code]


@check(SCHEMA_ANY_OF_ALONE, reads=("generation_config.response_schema", "tool.function_declarations"), clean=schemas_clean)
def any_of_with_siblings(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == SCHEMA_ANY_OF_ALONE.code]


@check(
    JSON_SCHEMA_REF_SIBLINGS,
    reads=("generation_config.response_json_schema", "generation_config.response_json_schema_legacy", "tool.function_declarations"),
    clean=json_schema_clean,
)
def json_schema_ref_siblings(req: Any, ctx: Context) -> Iterable[Finding]:
    roots = {path for path, _ in json_schemas(req)}
    for path, node in ctx.once(json_schema_nodes):
        if "$ref" in node:
            # The server names description and default; a title at the root (pydantic's schema of
            # a recursive model: {"$defs": ..., "$ref": ..., "title": ...}) was accepted.
            allowed = REF_SIBLINGS_AT_ROOT if path in roots else REF_SIBLINGS
            extra = sorted(k for k in node if not k.startswith("$") and k not in allowed)
            if extra:
                yield JSON_SCHEMA_REF_SIBLINGS.finding((*path, Key(extra[0])), f"{', '.join(map(excerpt, extra))} beside $ref", "keep only description and default beside $ref; put the rest in the referenced definition")


@check(
    JSON_SCHEMA_KEYWORD_UNSUPPORTED,
    reads=("generation_config.response_json_schema", "generation_config.response_json_schema_legacy", "tool.function_declarations"),
    clean=json_schema_clean,
)
def json_schema_keyword_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, node in ctx.once(json_schema_nodes):
        for key in node:
            if key not in JSON_SCHEMA_KEYWORDS:
                yield JSON_SCHEMA_KEYWORD_UNSUPPORTED.finding((*path, Key(key)), f"{excerpt(key)} is not among the JSON Schema keywords the server reads", "express it with the supported keywords (enum, minimum, maxItems, ...), or in description")
