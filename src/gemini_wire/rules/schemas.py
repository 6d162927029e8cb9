"""Schemas (GW4xx): the OpenAPI subset of responseSchema and parameters, and JSON Schema."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from msgspec import UNSET

from gemini_wire.findings import Finding, Key, Path, excerpt

if TYPE_CHECKING:
    from gemini_wire.codec import Link

from gemini_wire.rules.base import rule
from gemini_wire.rules.edits import gc, schema, set_gc, set_schema
from gemini_wire.rules.walk import Context, declarations, declared, generation, given, report, struct_fields


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
    """The findings of the six schema rules, in one walk over every schema of the request.

    Schemas are the largest part of many requests (tools with nested parameters), so they are
    walked once by `suspect`, which only asks whether some node may have a finding; only then
    are they walked again, depth first, with a path built for each node that has one."""
    roots = list(schemas(req))
    if not roots or not suspect([root for _, root in roots]):
        return []
    return list(schema_walk(roots))


def suspect(roots: list[Any]) -> bool:
    """Whether some node of these Schemas may break GW401-GW406: every test below is implied by
    a condition of `schema_walk`, and is cheaper (no path, no finding, the fields read once)."""
    stack = roots
    defs = "defs" in type(roots[0]).__struct_fields__  # $defs: some dialects' Schema only
    while stack:
        s = stack.pop()
        t, props, required, items = s.type, s.properties, s.required, s.items
        if t is not UNSET:
            if t == "OBJECT":
                if (props is not UNSET and not props) or s.enum is not UNSET:
                    return True
            elif props is not UNSET or required is not UNSET or (t == "ARRAY" and items is UNSET) or (s.enum is not UNSET and t != "STRING"):
                return True
        if required is not UNSET and (props is UNSET or not props.keys() >= set(required)):
            return True
        if s.any_of is not UNSET:
            return True  # GW406 reads every other field; anyOf is rare enough to walk in full
        if props is not UNSET:
            stack.extend(props.values())
        if items is not UNSET:
            stack.append(items)
        if defs and s.defs is not UNSET:
            stack.extend(s.defs.values())
    return False


def schema_walk(roots: list[tuple[Path, Any]]) -> Iterator[Finding]:
    from gemini_wire.codec import flat  # not at import: the codec imports the registry

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
                    yield report("GW401", (*flat(link), name), f"{name} on a schema of type {t}", 'make it "type": "OBJECT", or remove ' + name)
        if required is not UNSET:
            defined = set(props) if props is not UNSET else set()
            for i, name in enumerate(required):
                if name not in defined:
                    yield report("GW402", (*flat(link), "required", i), f"required names {excerpt(name)}, which is not in properties", f"define {excerpt(name)} under properties, or drop it from required")
        if t == "ARRAY" and items is UNSET:
            yield report("GW403", flat(link), "an ARRAY schema without items", 'say what the elements are: "items": {"type": "STRING"}')
        if s.enum is not UNSET and t is not None and t != "STRING":
            yield report("GW404", (*flat(link), "enum"), f"enum on a schema of type {t}", 'use "type": "STRING" with string values')
        if t == "OBJECT" and props is not UNSET and not props:
            yield report("GW405", (*flat(link), "properties"), "an OBJECT schema with no properties", "define its properties, or leave the schema out (a function without arguments has no parameters)")
        if any_of is not UNSET:
            others = [wire for attr, wire in struct_fields(s) if attr != "any_of" and given(getattr(s, attr))]
            if others:
                yield report("GW406", (*flat(link), others[0]), f"{', '.join(others)} beside anyOf", "move them into each anyOf branch, or drop them")
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
        for attr, name in (("response_json_schema", "responseJsonSchema"), ("field_response_json_schema", "_responseJsonSchema")):
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
    if g is not None and (getattr(g, "response_json_schema", UNSET) is not UNSET or getattr(g, "field_response_json_schema", UNSET) is not UNSET):
        return True
    return ctx.fact(declared).json_schema


REF_SIBLINGS = frozenset({"description", "default"})

REF_SIBLINGS_AT_ROOT = REF_SIBLINGS | {"title"}


JSON_SCHEMA_KEYWORDS = {
    "$id", "$defs", "$ref", "$anchor", "$schema", "$comment", "type", "format", "title", "description",
    "enum", "items", "prefixItems", "minItems", "maxItems", "minimum", "maximum", "anyOf", "oneOf",
    "properties", "additionalProperties", "required", "propertyOrdering", "nullable", "default",
}


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


@rule(
    code="GW401",
    name="schema-properties-need-object",
    severity="error",
    summary="A Schema has properties or required but its type is not OBJECT.",
    why='The server answers "only allowed for OBJECT type".',
    evidence='400 "tools[0].function_declarations[80].parameters.properties[data].properties: only allowed for OBJECT type"',
    source="https://github.com/anomalyco/opencode/issues/11889",
    since="0.1.0",
    reads=("generation_config.response_schema", "tool.function_declarations"),
    bad=schema({"type": "STRING", "properties": {"a": {"type": "STRING"}}}),
    good=schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}}),
    breaks=lambda p, d: set_schema(p, {"type": "STRING", "properties": {"a": {"type": "STRING"}}}),
)
def properties_on_non_object(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == "GW401"]


@rule(
    code="GW402",
    name="schema-required-undefined",
    severity="error",
    summary="A Schema's required names a property it does not define.",
    why='The server answers "property is not defined".',
    evidence='400 "... required[0]: property is not defined"',
    source="https://github.com/probelabs/probe/issues/569",
    since="0.1.0",
    reads=("generation_config.response_schema", "tool.function_declarations"),
    bad=schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["b"]}),
    good=schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["a"]}),
    breaks=lambda p, d: set_schema(p, {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["b"]}),
)
def required_not_defined(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == "GW402"]


@rule(
    code="GW403",
    name="schema-array-needs-items",
    severity="error",
    summary="A Schema of type ARRAY has no items.",
    why='The server answers "items: missing field."',
    evidence='400 "... items: missing field."',
    source="https://github.com/kkrishnan90/gemini-desktop/pull/7",
    since="0.1.0",
    reads=("generation_config.response_schema", "tool.function_declarations"),
    bad=schema({"type": "ARRAY"}),
    good=schema({"type": "ARRAY", "items": {"type": "STRING"}}),
    breaks=lambda p, d: set_schema(p, {"type": "ARRAY"}),
)
def array_without_items(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == "GW403"]


@rule(
    code="GW404",
    name="schema-enum-needs-string",
    severity="error",
    summary="A Schema lists enum values but its type is not STRING.",
    why='The server answers "only allowed for STRING type"; enum values are strings.',
    evidence='400 "... enum: only allowed for STRING type"',
    source="https://github.com/musistudio/claude-code-router/issues/475",
    since="0.1.0",
    reads=("generation_config.response_schema", "tool.function_declarations"),
    bad=schema({"type": "INTEGER", "enum": ["1", "2"]}),
    good=schema({"type": "STRING", "enum": ["1", "2"]}),
    breaks=lambda p, d: set_schema(p, {"type": "INTEGER", "enum": ["1"]}),
)
def enum_on_non_string(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == "GW404"]


@rule(
    code="GW405",
    name="schema-object-without-properties",
    severity="info",
    summary="A Schema of type OBJECT has an empty properties map.",
    why='Servers answered "should be non-empty for OBJECT type" in 2024-2025 and accept it now; omit parameters for a function without arguments.',
    evidence='400 "should be non-empty for OBJECT type" in 2024-2025; accepted since (gemini-2.0-flash, gemini-2.5-pro in ../shared/traffic): information',
    source="https://github.com/browser-use/browser-use/issues/3786",
    since="0.1.0",
    reads=("generation_config.response_schema", "tool.function_declarations"),
    bad=schema({"type": "OBJECT", "properties": {}}),
    good=schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}}),
    breaks=lambda p, d: set_schema(p, {"type": "OBJECT", "properties": {}}),
)
def object_without_properties(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == "GW405"]


@rule(
    code="GW406",
    name="schema-any-of-alone",
    severity="error",
    dialects=("vertex",),
    summary="A Schema that uses anyOf sets other fields beside it (Vertex AI).",
    why='Vertex AI answers "When using any_of, it must be the only field set."',
    evidence='400 "When using any_of, it must be the only field set." (Vertex AI)',
    source="https://github.com/jenslys/opencode-gemini-auth/issues/57",
    since="0.1.0",
    reads=("generation_config.response_schema", "tool.function_declarations"),
    bad=schema({"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}], "description": "x"}),
    good=schema({"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}]}),
    example_dialect="vertex",
    breaks=lambda p, d: set_schema(p, {"anyOf": [{"type": "STRING"}], "description": "either"}),
)
def any_of_with_siblings(req: Any, ctx: Context) -> Iterable[Finding]:
    return [f for f in ctx.once(schema_findings) if f.code == "GW406"]


@rule(
    code="GW407",
    name="json-schema-ref-siblings",
    severity="error",
    summary="A node of responseJsonSchema or parametersJsonSchema has $ref beside keywords other than description and default (and title, at the root).",
    why='The server answers "If a schema node has $ref set, then only description and default can be set alongside it".',
    evidence='400 "$ref \'QuestionOption\' was set alongside unsupported fields. If a schema node has $ref set, then only description and default can be set alongside it"; a title at the root of responseJsonSchema was accepted (issue 10)',
    source="https://github.com/anomalyco/opencode/issues/12295",
    since="0.1.0",
    reads=("generation_config.response_json_schema", "generation_config.field_response_json_schema", "tool.function_declarations"),
    clean=lambda req, ctx: not json_schema_in(req, ctx),
    bad=gc(responseMimeType="application/json", responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", "type": "object"}),
    good=gc(responseMimeType="application/json", responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a"}),
    breaks=lambda p, d: set_gc(set_schema(p, {"type": "STRING"}), responseSchema=None, responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", "type": "object"}),
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
                yield report("GW407", (*path, Key(extra[0])), f"{', '.join(map(excerpt, extra))} beside $ref", "keep only description and default beside $ref; put the rest in the referenced definition")


@rule(
    code="GW408",
    name="json-schema-keyword-unsupported",
    severity="warning",
    summary="responseJsonSchema or parametersJsonSchema uses a keyword outside the supported subset.",
    why="The server reads a documented subset of JSON Schema ($id, $defs, $ref, type, properties, items, enum, anyOf, ...); other keywords are ignored or refused.",
    evidence='the server reads a documented subset of JSON Schema; others are ignored or refused, depending on the keyword',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/content.proto",
    since="0.1.0",
    reads=("generation_config.response_json_schema", "generation_config.field_response_json_schema", "tool.function_declarations"),
    clean=lambda req, ctx: not json_schema_in(req, ctx),
    bad=gc(responseMimeType="application/json", responseJsonSchema={"type": "string", "const": "x"}),
    good=gc(responseMimeType="application/json", responseJsonSchema={"type": "string", "enum": ["x"]}),
    breaks=lambda p, d: set_gc(set_schema(p, {"type": "STRING"}), responseSchema=None, responseJsonSchema={"type": "string", "const": "x"}),
)
def json_schema_keyword_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, node in ctx.once(json_schema_nodes):
        for key in node:
            if key not in JSON_SCHEMA_KEYWORDS:
                yield report("GW408", (*path, Key(key)), f"{excerpt(key)} is not among the JSON Schema keywords the server reads", "express it with the supported keywords (enum, minimum, maxItems, ...), or in description")
