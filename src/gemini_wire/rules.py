"""The rule registry: one row per rule, with a stable code, a name, and where it comes from.

Codes are grouped by area: GW1xx structure of the JSON, GW2xx contents and parts, GW3xx
generation config, GW4xx schemas, GW5xx tools, GW6xx safety, caching and labels, GW7xx the
conversation. A code never changes meaning once released.
"""

from __future__ import annotations

import msgspec

from gemini_wire.findings import Severity

PROTO3_JSON = "https://protobuf.dev/programming-guides/json/"
GOOGLE_ERRORS = "https://cloud.google.com/apis/design/errors#http_mapping"


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """What a rule checks, why, and its source."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: str
    good: str
    source: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule(
            code="GW100",
            name="invalid-json",
            severity="error",
            summary="The payload is not well-formed JSON in UTF-8.",
            why="The server parses the body as JSON before anything else and refuses it whole.",
            bad='{"contents": [',
            good='{"contents": []}',
            source="https://www.rfc-editor.org/rfc/rfc8259",
        ),
        Rule(
            code="GW101",
            name="wrong-type",
            severity="error",
            summary="A value has a JSON type that its field does not take.",
            why="Google's JSON parser maps each field to one protobuf type and refuses others.",
            bad='{"generationConfig": {"temperature": "hot"}}',
            good='{"generationConfig": {"temperature": 0.7}}',
            source=PROTO3_JSON,
        ),
        Rule(
            code="GW102",
            name="unknown-field",
            severity="error",
            summary="A request carries a key that is not a field of its message.",
            why='The server answers 400 "Unknown name ...: Cannot find field." for the whole request.',
            bad='{"contents": [], "temperature": 0.5}',
            good='{"contents": [], "generationConfig": {"temperature": 0.5}}',
            source="https://github.com/nashsu/llm_wiki/issues/49",
        ),
        Rule(
            code="GW103",
            name="duplicate-spelling",
            severity="error",
            summary="One field is given twice, as its camelCase and its snake_case name.",
            why="The server refuses a field that is set twice (\"oneof field ... is already set\").",
            bad='{"systemInstruction": {...}, "system_instruction": {...}}',
            good='{"systemInstruction": {...}}',
            source="https://github.com/Wei-Shaw/sub2api/issues/1045",
        ),
        Rule(
            code="GW104",
            name="oneof-conflict",
            severity="error",
            summary="Two members of one oneof group are set.",
            why="A protobuf oneof holds one member; the parser refuses a second.",
            bad='{"text": "hi", "inlineData": {...}}',
            good='[{"text": "hi"}, {"inlineData": {...}}]',
            source=PROTO3_JSON,
        ),
        Rule(
            code="GW105",
            name="invalid-enum",
            severity="error",
            summary="An enum field has a value that is neither one of its names nor one of its numbers.",
            why="The server refuses unknown enum names with \"Invalid value at ...\".",
            bad='{"category": "HARM_CATEGORY_HATE"}',
            good='{"category": "HARM_CATEGORY_HATE_SPEECH"}',
            source=PROTO3_JSON,
        ),
        Rule(
            code="GW106",
            name="invalid-base64",
            severity="error",
            summary="A bytes field is not base64 (standard or URL-safe alphabet).",
            why="Bytes travel as base64 in JSON; anything else cannot be decoded.",
            bad='{"inlineData": {"mimeType": "image/png", "data": "not base64!"}}',
            good='{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}',
            source=PROTO3_JSON,
        ),
        Rule(
            code="GW107",
            name="duration-object-form",
            severity="error",
            summary="A Duration is written as an object instead of a string such as \"1.5s\".",
            why="Google's JSON parsers read google.protobuf.Duration only as a string.",
            bad='{"startOffset": {"seconds": 60}}',
            good='{"startOffset": "60s"}',
            source=PROTO3_JSON,
        ),
        Rule(
            code="GW108",
            name="invalid-time",
            severity="error",
            summary="A Duration or Timestamp string is not in its proto3 JSON form.",
            why="Durations are decimal seconds ending in 's'; Timestamps are RFC 3339.",
            bad='{"startOffset": "1m"}',
            good='{"startOffset": "60s"}',
            source=PROTO3_JSON,
        ),
        Rule(
            code="GW109",
            name="number-out-of-range",
            severity="error",
            summary="An integer is outside the range of its protobuf type, or not an integer.",
            why="int32 fields hold -2^31..2^31-1; the parser refuses fractions and overflow.",
            bad='{"candidateCount": 1.5}',
            good='{"candidateCount": 1}',
            source=PROTO3_JSON,
        ),
        Rule(
            code="GW110",
            name="null-in-list",
            severity="error",
            summary="A list holds null.",
            why="null means 'not set' for a field, but a list element cannot be unset.",
            bad='{"contents": [null]}',
            good='{"contents": []}',
            source=PROTO3_JSON,
        ),
        Rule(
            code="GW201",
            name="video-fps-range",
            severity="error",
            summary="videoMetadata.fps is outside (0, 24].",
            why="The API samples video at more than 0 and at most 24 frames per second.",
            bad='{"videoMetadata": {"fps": 30}}',
            good='{"videoMetadata": {"fps": 24}}',
            source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
        ),
        Rule(
            code="GW202",
            name="inline-data-size",
            severity="error",
            summary="Inline data is larger, once decoded, than the dialect allows.",
            why="The Gemini API takes up to 100 MB inline; Vertex AI 20 MB for a whole request.",
            bad="an inlineData.data of 30 MB on Vertex AI",
            good="a fileData.fileUri pointing at the uploaded file",
            source="https://blog.google/innovation-and-ai/technology/developers-tools/gemini-api-new-file-limits",
        ),
        Rule(
            code="GW203",
            name="part-data-member",
            severity="error",
            summary="A request Part has no data member (text, inlineData, fileData, functionCall, ...).",
            why="The server answers \"required oneof field 'data' must have one initialized field\".",
            bad='{"parts": [{}]}',
            good='{"parts": [{"text": "Hello"}]}',
            source="https://github.com/router-for-me/CLIProxyAPI/issues/1292",
        ),
        Rule(
            code="GW301",
            name="stop-sequences-limit",
            severity="error",
            summary="generationConfig.stopSequences holds more than 5 sequences.",
            why="The server's supported range is 1 (inclusive) to 6 (exclusive).",
            bad='{"stopSequences": ["a", "b", "c", "d", "e", "f"]}',
            good='{"stopSequences": ["a", "b", "c", "d", "e"]}',
            source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
        ),
        Rule(
            code="GW302",
            name="logprobs-range",
            severity="error",
            summary="generationConfig.logprobs is outside its range (0..20 Gemini API, 1..20 Vertex AI).",
            why="The server refuses a number of top log probabilities beyond 20.",
            bad='{"responseLogprobs": true, "logprobs": 25}',
            good='{"responseLogprobs": true, "logprobs": 5}',
            source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
        ),
        Rule(
            code="GW303",
            name="logprobs-needs-response-logprobs",
            severity="error",
            summary="generationConfig.logprobs is set without responseLogprobs: true.",
            why="logprobs is only valid with responseLogprobs; the server refuses it even at 0.",
            bad='{"logprobs": 3}',
            good='{"responseLogprobs": true, "logprobs": 3}',
            source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
        ),
    ]
}


def rule(code: str) -> Rule:
    """The rule with this code."""
    return RULES[code]
