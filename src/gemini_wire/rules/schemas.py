"""Schemas (GW4xx): the OpenAPI subset of responseSchema and parameters, and JSON Schema."""

from __future__ import annotations

from gemini_wire.rules.base import declare
from gemini_wire.rules.edits import gc, schema, set_gc, set_schema

JSON_SCHEMA_KEYWORDS = {
    "$id", "$defs", "$ref", "$anchor", "$schema", "$comment", "type", "format", "title", "description",
    "enum", "items", "prefixItems", "minItems", "maxItems", "minimum", "maximum", "anyOf", "oneOf",
    "properties", "additionalProperties", "required", "propertyOrdering", "nullable", "default",
}


SCHEMA_PROPERTIES_NEED_OBJECT = declare(
    code="GW401",
    name="schema-properties-need-object",
    severity="error",
    summary="A Schema has properties or required but its type is not OBJECT.",
    why='The server answers "only allowed for OBJECT type".',
    evidence='400 "tools[0].function_declarations[80].parameters.properties[data].properties: only allowed for OBJECT type"',
    source="https://github.com/anomalyco/opencode/issues/11889",
    since="0.1.0",
    checked_by=("gemini_wire.checks.schemas",),
    bad=schema({"type": "STRING", "properties": {"a": {"type": "STRING"}}}),
    good=schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}}),
    breaks=lambda p, d: set_schema(p, {"type": "STRING", "properties": {"a": {"type": "STRING"}}}),
)


SCHEMA_REQUIRED_UNDEFINED = declare(
    code="GW402",
    name="schema-required-undefined",
    severity="error",
    summary="A Schema's required names a property it does not define.",
    why='The server answers "property is not defined".',
    evidence='400 "... required[0]: property is not defined"',
    source="https://github.com/probelabs/probe/issues/569",
    since="0.1.0",
    checked_by=("gemini_wire.checks.schemas",),
    bad=schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["b"]}),
    good=schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["a"]}),
    breaks=lambda p, d: set_schema(p, {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["b"]}),
)


SCHEMA_ARRAY_NEEDS_ITEMS = declare(
    code="GW403",
    name="schema-array-needs-items",
    severity="error",
    summary="A Schema of type ARRAY has no items.",
    why='The server answers "items: missing field."',
    evidence='400 "... items: missing field."',
    source="https://github.com/kkrishnan90/gemini-desktop/pull/7",
    since="0.1.0",
    checked_by=("gemini_wire.checks.schemas",),
    bad=schema({"type": "ARRAY"}),
    good=schema({"type": "ARRAY", "items": {"type": "STRING"}}),
    breaks=lambda p, d: set_schema(p, {"type": "ARRAY"}),
)


SCHEMA_ENUM_NEEDS_STRING = declare(
    code="GW404",
    name="schema-enum-needs-string",
    severity="error",
    summary="A Schema lists enum values but its type is not STRING (an INTEGER or NUMBER with format enum: a warning).",
    why='The server answers "only allowed for STRING type"; enum values are strings. Google\'s Schema reference '
        'documents one other form, {type: INTEGER, format: enum, enum: ["101", "201", "301"]}, and no quoted refusal '
        "carries format enum: that form is a warning.",
    evidence='400 "... enum: only allowed for STRING type" (2026-03-29: https://github.com/diegosouzapw/OmniRoute/pull/760; '
             "older: https://github.com/musistudio/claude-code-router/issues/475); the Schema reference of both APIs: \"To "
             'define apartment numbers: {type:INTEGER, format:enum, enum:["101", "201", "301"]}" '
             "(https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto)",
    source="https://github.com/diegosouzapw/OmniRoute/pull/760",
    since="0.1.0",
    checked_by=("gemini_wire.checks.schemas",),
    bad=schema({"type": "INTEGER", "enum": ["1", "2"]}),
    good=schema({"type": "STRING", "enum": ["1", "2"]}),
    breaks=lambda p, d: set_schema(p, {"type": "INTEGER", "enum": ["1"]}),
)


SCHEMA_OBJECT_WITHOUT_PROPERTIES = declare(
    code="GW405",
    name="schema-object-without-properties",
    severity="info",
    summary="A Schema of type OBJECT has an empty properties map.",
    why='Servers answered "should be non-empty for OBJECT type" in 2024-2025 and accept it now; omit parameters for a function without arguments.',
    evidence='400 "should be non-empty for OBJECT type" in 2024-2025; accepted since (gemini-2.0-flash, gemini-2.5-pro in ../shared/traffic): information',
    source="https://github.com/browser-use/browser-use/issues/3786",
    since="0.1.0",
    checked_by=("gemini_wire.checks.schemas",),
    bad=schema({"type": "OBJECT", "properties": {}}),
    good=schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}}),
    breaks=lambda p, d: set_schema(p, {"type": "OBJECT", "properties": {}}),
)


SCHEMA_ANY_OF_ALONE = declare(
    code="GW406",
    name="schema-any-of-alone",
    severity="error",
    dialects=("vertex",),
    summary="A Schema that uses anyOf sets other fields beside it (Vertex AI).",
    why='Vertex AI answers "When using any_of, it must be the only field set."',
    evidence='400 "When using any_of, it must be the only field set." (Vertex AI)',
    source="https://github.com/jenslys/opencode-gemini-auth/issues/57",
    since="0.1.0",
    checked_by=("gemini_wire.checks.schemas",),
    bad=schema({"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}], "description": "x"}),
    good=schema({"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}]}),
    example_dialect="vertex",
    breaks=lambda p, d: set_schema(p, {"anyOf": [{"type": "STRING"}], "description": "either"}),
)


JSON_SCHEMA_REF_SIBLINGS = declare(
    code="GW407",
    name="json-schema-ref-siblings",
    severity="error",
    summary="A node of responseJsonSchema or parametersJsonSchema has $ref beside keywords other than description and default (and title, at the root).",
    why='The server answers "If a schema node has $ref set, then only description and default can be set alongside it".',
    evidence='400 "$ref \'QuestionOption\' was set alongside unsupported fields. If a schema node has $ref set, then only description and default can be set alongside it"; a title at the root of responseJsonSchema was accepted (issue 10)',
    source="https://github.com/anomalyco/opencode/issues/12295",
    since="0.1.0",
    checked_by=("gemini_wire.checks.schemas",),
    bad=gc(responseMimeType="application/json", responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", "type": "object"}),
    good=gc(responseMimeType="application/json", responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a"}),
    breaks=lambda p, d: set_gc(set_schema(p, {"type": "STRING"}), responseSchema=None, responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", "type": "object"}),
)


JSON_SCHEMA_KEYWORD_UNSUPPORTED = declare(
    code="GW408",
    name="json-schema-keyword-unsupported",
    severity="warning",
    summary="responseJsonSchema or parametersJsonSchema uses a keyword outside the supported subset.",
    why="The server reads a documented subset of JSON Schema ($id, $defs, $ref, type, properties, items, enum, anyOf, ...); other keywords are ignored or refused.",
    evidence='the server reads a documented subset of JSON Schema; others are ignored or refused, depending on the keyword',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.schemas",),
    bad=gc(responseMimeType="application/json", responseJsonSchema={"type": "string", "const": "x"}),
    good=gc(responseMimeType="application/json", responseJsonSchema={"type": "string", "enum": ["x"]}),
    breaks=lambda p, d: set_gc(set_schema(p, {"type": "STRING"}), responseSchema=None, responseJsonSchema={"type": "string", "const": "x"}),
)
