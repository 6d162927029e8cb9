"""Structure of the JSON (GW10x, GW11x): what the codec and the request's size and model name say."""

from __future__ import annotations

import re

from gemini_wire.rules.base import PROTO3_JSON, declare
from gemini_wire.rules.edits import (
    CLIP,
    OK,
    PNG,
    TOOLS,
    VIDEO,
    add_part,
    api,
    body,
    gc,
    no_cache,
    set_gc,
    set_safety,
)

MODEL_NAME = {
    "gemini": re.compile(r"(models|tunedModels)/[^/]+"),
    "vertex": re.compile(r"projects/[^/]+/locations/[^/]+/(publishers/[^/]+/models/[^/]+|endpoints/[^/]+)"),
}


MODEL_EXAMPLE = {"gemini": "models/gemini-2.5-flash", "vertex": "projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash"}


INVALID_JSON = declare(
    code="GW100",
    name="invalid-json",
    severity="error",
    summary="The payload is not well-formed JSON in UTF-8.",
    why="The server parses the body as JSON before anything else and refuses it whole.",
    evidence='the server parses the body as JSON first: 400 "Invalid JSON payload received." (RULES.md section 3)',
    source="https://www.rfc-editor.org/rfc/rfc8259",
    since="0.1.0",
    dialects=("gemini", "vertex", "interactions"),
    checked_by=("gemini_wire.codec.tagged", "gemini_wire.documents.batch", "gemini_wire.documents.traffic", "gemini_wire.codec.decode", "gemini_wire.codec.syntax"),
    bad='{"contents": [',
    good=body(),
)


WRONG_TYPE = declare(
    code="GW101",
    name="wrong-type",
    severity="error",
    summary="A value has a JSON type that its field does not take.",
    why="Google's JSON parser maps each field to one protobuf type and refuses others.",
    evidence='400 "Invalid value at \'...enum[0]\' (TYPE_STRING), 1" and "Proto field is not repeating, cannot start list" (RULES.md section 3)',
    source=PROTO3_JSON,
    since="0.1.0",
    dialects=("gemini", "vertex", "interactions"),
    checked_by=("gemini_wire.codec.tagged", "gemini_wire.documents.check", "gemini_wire.codec.checks", "gemini_wire.codec.decode", "gemini_wire.codec.kinds", "gemini_wire.codec.normalize"),
    bad=gc(temperature="hot"),
    good=gc(temperature=0.7),
    breaks=lambda p, d: set_gc(p, temperature="hot"),
)


UNKNOWN_FIELD = declare(
    code="GW102",
    name="unknown-field",
    severity="error",
    summary="A request carries a key that is not a field of its message.",
    why='The server answers 400 "Unknown name ...: Cannot find field." for the whole request.',
    evidence='400 "Invalid JSON payload received. Unknown name \\"temperature\\": Cannot find field."',
    source="https://github.com/nashsu/llm_wiki/issues/49",
    since="0.1.0",
    dialects=("gemini", "vertex", "interactions"),
    checked_by=("gemini_wire.codec.tagged", "gemini_wire.codec.normalize"),
    bad=body(temperature=0.5),
    good=gc(temperature=0.5),
    breaks=lambda p, d: {**p, "temprature": 1},
)


DUPLICATE_SPELLING = declare(
    code="GW103",
    name="duplicate-spelling",
    severity="error",
    summary="One field is given twice, as its camelCase and its snake_case name.",
    why="The server refuses a field that is set twice (\"oneof field ... is already set\").",
    evidence='400 "Invalid value at \'request\' (oneof), oneof field \'_system_instruction\' is already set. Cannot set \'system_instruction\'"',
    source="https://github.com/Wei-Shaw/sub2api/issues/1045",
    since="0.1.0",
    dialects=("gemini", "vertex", "interactions"),
    checked_by=("gemini_wire.codec.normalize",),
    bad=body(systemInstruction={"parts": [{"text": "a"}]}, system_instruction={"parts": [{"text": "b"}]}),
    good=body(systemInstruction={"parts": [{"text": "a"}]}),
    breaks=lambda p, d: {**no_cache(p), "systemInstruction": {"parts": [{"text": "a"}]}, "system_instruction": {"parts": [{"text": "b"}]}},
)


ONEOF_CONFLICT = declare(
    code="GW104",
    name="oneof-conflict",
    severity="error",
    summary="Two members of one oneof group are set.",
    why="A protobuf oneof holds one member; the parser refuses a second.",
    evidence='https://protobuf.dev/programming-guides/json/ — a oneof takes one member; a second one is a parse error; Vertex AI: "one_of \'tool_type\' has more than one initialized field"; '
             "the Interactions API's request names a model or an agent, never both (Google's OpenAPI document: CreateModelInteraction "
             "and CreateAgentInteraction; google-genai 3.6.1 google/genai/_gaos/interactions.py: \"Cannot supply both 'model' and 'agent'.\")",
    source=PROTO3_JSON,
    since="0.1.0",
    dialects=("gemini", "vertex", "interactions"),
    checked_by=("gemini_wire.codec.tagged", "gemini_wire.codec.checks", "gemini_wire.codec.normalize"),
    bad=body(contents=[{"role": "user", "parts": [{"text": "a", **VIDEO}]}]),
    good=body(contents=[{"role": "user", "parts": [{"text": "a"}, VIDEO]}]),
    breaks=lambda p, d: {**p, "contents": [{"role": "user", "parts": [{"text": "a", "inlineData": {"mimeType": "image/png", "data": PNG}}]}, *p["contents"]]},
)


INVALID_ENUM = declare(
    code="GW105",
    name="invalid-enum",
    severity="error",
    summary="An enum field has a value that is neither one of its names nor one of its numbers.",
    why="The server refuses unknown enum names with \"Invalid value at ...\".",
    evidence='400 "Invalid value at \'...any_of[0].type\' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), \\"\\"" (RULES.md section 3)',
    source=PROTO3_JSON,
    since="0.1.0",
    dialects=("gemini", "vertex", "interactions"),
    checked_by=("gemini_wire.codec.tagged", "gemini_wire.codec.normalize"),
    bad=body(safetySettings=[{"category": "HARM_CATEGORY_HATE", "threshold": "BLOCK_NONE"}]),
    good=body(safetySettings=[{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_NONE"}]),
    breaks=lambda p, d: set_safety(p, [{"category": "HARM_CATEGORY_NOT_A_CATEGORY", **OK}]),
)


INVALID_BASE64 = declare(
    code="GW106",
    name="invalid-base64",
    severity="error",
    summary="A bytes field is not base64 (standard or URL-safe alphabet).",
    why="Bytes travel as base64 in JSON; anything else cannot be decoded.",
    evidence='https://protobuf.dev/programming-guides/json/ — bytes are base64 in JSON; anything else does not parse',
    source=PROTO3_JSON,
    since="0.1.0",
    checked_by=("gemini_wire.codec.kinds",),
    bad=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "not base64!"}}]}]),
    good=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": PNG}}]}]),
    breaks=lambda p, d: add_part(p, {"inlineData": {"mimeType": "image/png", "data": "not base64!"}}),
)


DURATION_OBJECT_FORM = declare(
    code="GW107",
    name="duration-object-form",
    severity="error",
    summary="A Duration is written as an object instead of a string such as \"1.5s\".",
    why="Google's JSON parsers read google.protobuf.Duration only as a string.",
    evidence='https://protobuf.dev/programming-guides/json/ — the JSON form of google.protobuf.Duration is a string',
    source=PROTO3_JSON,
    since="0.1.0",
    checked_by=("gemini_wire.codec.kinds",),
    bad=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": {"seconds": 5}}}]}]),
    good=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "5s"}}]}]),
    breaks=lambda p, d: add_part(p, {**CLIP, "videoMetadata": {"startOffset": {"seconds": 3}}}),
)


INVALID_TIME = declare(
    code="GW108",
    name="invalid-time",
    severity="error",
    summary="A Duration or Timestamp string is not in its proto3 JSON form.",
    why="Durations are decimal seconds ending in 's'; Timestamps are RFC 3339.",
    evidence="https://protobuf.dev/programming-guides/json/ — Durations are decimal seconds with an 's' suffix, Timestamps RFC 3339",
    source=PROTO3_JSON,
    since="0.1.0",
    checked_by=("gemini_wire.codec.kinds",),
    bad=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "1m"}}]}]),
    good=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "60s"}}]}]),
    breaks=lambda p, d: add_part(p, {**CLIP, "videoMetadata": {"startOffset": "3 seconds"}}),
)


NUMBER_OUT_OF_RANGE = declare(
    code="GW109",
    name="number-out-of-range",
    severity="error",
    summary="An integer is outside the range of its protobuf type, or not an integer.",
    why="int32 fields hold -2^31..2^31-1; the parser refuses fractions and overflow.",
    evidence='https://protobuf.dev/programming-guides/json/ — int32 takes integers in its range; fractions and overflow do not parse',
    source=PROTO3_JSON,
    since="0.1.0",
    checked_by=("gemini_wire.codec.kinds",),
    bad=gc(candidateCount=1.5),
    good=gc(candidateCount=1),
    breaks=lambda p, d: set_gc(p, seed=2**31),
)


NULL_IN_LIST = declare(
    code="GW110",
    name="null-in-list",
    severity="error",
    summary="A list holds null.",
    why="null means 'not set' for a field, but a list element cannot be unset.",
    evidence='https://protobuf.dev/programming-guides/json/ — null is not a value for an element of a repeated field',
    source=PROTO3_JSON,
    since="0.1.0",
    checked_by=("gemini_wire.codec.normalize",),
    bad=body(contents=[None]),
    good=body(),
    breaks=lambda p, d: {**p, "contents": [*p["contents"], None]},
)


OTHER_DIALECT_FIELD = declare(
    code="GW111",
    name="other-dialect-field",
    severity="error",
    summary="A request field that exists only in the other dialect.",
    why="Each API refuses the other's fields as unknown names (labels on the Gemini API, enableEnhancedCivicAnswers on Vertex AI).",
    evidence='400 "Unknown name \\"labels\\": Cannot find field." on the Gemini API (python-genai issue 2296); Vertex AI refuses the Gemini API\'s fields the same way',
    source="https://github.com/googleapis/python-genai/issues/2296",
    since="0.1.0",
    checked_by=("gemini_wire.codec.normalize",),
    bad=body(generationConfig={"routingConfig": {"autoMode": {}}}),
    good=body(),
    breaks=lambda p, d: set_gc(p, routingConfig={"autoMode": {}}) if api(d) == "gemini" else set_gc(p, enableEnhancedCivicAnswers=True),
)


REQUEST_TOO_LARGE = declare(
    code="GW112",
    name="request-too-large",
    severity="error",
    dialects=("vertex",),
    summary="The whole request body is larger than the dialect accepts.",
    why="Vertex AI refuses requests over 20 MB (HTTP 413); the Gemini API takes inline payloads up to 100 MB.",
    evidence='https://firebase.google.com/docs/ai-logic/input-file-requirements — 20 MB per request on Vertex AI; larger requests are answered HTTP 413',
    source="https://firebase.google.com/docs/ai-logic/input-file-requirements",
    since="0.1.0",
    checked_by=("gemini_wire.checks.structure",),
    bad="a 30 MB request with inline video on Vertex AI",
    good="upload the file and refer to it with fileData.fileUri",
)


MODEL_NAME_FORMAT = declare(
    code="GW113",
    name="model-name-format",
    severity="warning",
    summary="The request's model field is not a model resource name of this dialect.",
    why="The Gemini API names models/{model}, Vertex AI projects/{p}/locations/{l}/publishers/*/models/* (or endpoints). "
            "In the URL the other form is NOT_FOUND; in the body the server accepted other forms, so this is a warning.",
    evidence='accepted: a request-body model naming a model outside the resource-name form (a bare TTS model id) was answered 200; the URL names the model (issue 10)',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/prediction_service.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.structure",),
    bad=body(model="publishers/google/models/gemini-2.5-flash"),
    good=body(model="models/gemini-2.5-flash"),
    breaks=lambda p, d: {**p, "model": "not/a/model/name"},
)


NON_CANONICAL_ENUM = declare(
    code="GW114",
    name="non-canonical-enum",
    severity="warning",
    summary="An enum value is spelled in another case than its name (\"low\" for LOW).",
    why="Google's front ends read enum names in any case (requests with \"thinkingLevel\": \"low\" and "
                "\"mode\": \"any\" were accepted by both APIs), but other tools and older SDKs compare names "
                "exactly; encode writes the canonical name.",
    evidence="a warning, not an error: requests with lower-case enum names were accepted by both "
                "APIs in recorded traffic (issue 10), although proto3 JSON names them exactly",
    source=PROTO3_JSON,
    since="0.1.0",
    checked_by=("gemini_wire.codec.normalize",),
    bad=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "any"}}),
    good=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY"}}),
    breaks=lambda p, d: set_safety(p, [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "block_none"}]),
)
