"""Contents and parts (GW201-GW212): turns, roles, the shape of a part."""

from __future__ import annotations

import re

from gemini_wire.rules.base import declare
from gemini_wire.rules.edits import (
    CLIP,
    DECL,
    PNG,
    TOOLS,
    USER,
    VIDEO,
    add_part,
    add_tool,
    body,
    no_cache,
)

# Function declaration names: colons are accepted by the Gemini API since 2025-11, and its SDK
# documents 128 characters; Vertex AI's proto keeps 64 and no colon (RULES.md rows 29, 82).
FUNCTION_NAME = {
    "gemini": re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,127}"),
    "vertex": re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}"),
}


VIDEO_FPS_RANGE = declare(
    code="GW201",
    name="video-fps-range",
    severity="error",
    summary="videoMetadata.fps is outside (0, 24].",
    why="The API samples video at more than 0 and at most 24 frames per second.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto — "The fps range is (0.0, 24.0]."',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 25}}]}]),
    good=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 24}}]}]),
    breaks=lambda p, d: add_part(p, {**CLIP, "videoMetadata": {"fps": 30}}),
)


INLINE_DATA_SIZE = declare(
    code="GW202",
    name="inline-data-size",
    severity="error",
    summary="Inline data is larger, once decoded, than the dialect allows.",
    why="The Gemini API takes up to 100 MB inline; Vertex AI 20 MB for a whole request.",
    evidence='https://blog.google/innovation-and-ai/technology/developers-tools/gemini-api-new-file-limits — "maximum payload size for inline data from 20MB to 100MB"; Vertex AI 20 MB per request',
    source="https://blog.google/innovation-and-ai/technology/developers-tools/gemini-api-new-file-limits",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad="an inlineData.data of 30 MB on Vertex AI",
    good="a fileData.fileUri pointing at the uploaded file",
)


PART_DATA_MEMBER = declare(
    code="GW203",
    name="part-data-member",
    severity="error",
    summary="A request Part has no data member (text, inlineData, fileData, functionCall, ...).",
    why="The server answers \"required oneof field 'data' must have one initialized field\" for {}. "
            "A part with only side fields (thought and thoughtSignature, videoMetadata) was accepted: a warning.",
    evidence='400 "parts[0].data: required oneof field \'data\' must have one initialized field" for {}; a part with only thought and thoughtSignature, or only videoMetadata, was accepted (a warning)',
    source="https://github.com/router-for-me/CLIProxyAPI/issues/1292",
    since="0.1.0",
    checked_by=("codegen/limits.toml", "gemini_wire.checks.contents"),
    bad=body(contents=[{"role": "user", "parts": [{}]}]),
    good=body(),
    breaks=lambda p, d: add_part(p, {}),
)


CONTENTS_REQUIRED = declare(
    code="GW204",
    name="contents-required",
    severity="error",
    summary="The request has no contents, or an empty list of them.",
    why='The server answers "contents is not specified"; a system instruction alone is not a prompt.',
    evidence='400 "GenerateContentRequest.contents: contents is not specified"',
    source="https://github.com/ikechan8370/chatgpt-plugin/issues/733",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad={"systemInstruction": {"parts": [{"text": "Be brief."}]}},
    good=body(systemInstruction={"parts": [{"text": "Be brief."}]}),
    breaks=lambda p, d: {k: v for k, v in p.items() if k != "contents"},
)


# The roles besides user and model that the newest refusals name as valid ("Please use a valid
# role: SYSTEM, SYSTEM_1, USER, ASSISTANT, DEVELOPER, CONTEXT, USER_CONTEXT, MODEL, USER.", 2026;
# some answers name SYSTEM alone), in the lower case that user and model are written in. The API
# reference still says user or model, and no answer shows what the server does with such a turn:
# GW205 warns of them, and stays an error for every other role.
NAMED_ROLES = frozenset({"system", "system_1", "assistant", "developer", "context", "user_context"})

# The roles older SDKs give a function response (the JavaScript SDK @google/generative-ai writes
# "function"). Models before Gemini 3 took them: role function on gemini-2.5-flash answered 200 on
# 2026-04-02 (crmne/ruby_llm, spec/fixtures/vcr_cassettes/
# chat_function_calling_gemini_gemini-2_5-flash_can_use_tools_without_parameters.yml), role tool in
# 2025-12 (junjihashimoto/louter); the refusals of 2026 come from Gemini 3 models (3.5, 3.6 and
# 3.7 flash, reports of August and September 2026). GW205 is an error for them on Gemini 3 and on
# a model it cannot tell, and a warning on a model older than Gemini 3.
FUNCTION_ROLES = frozenset({"function", "tool"})
BEFORE_GEMINI_3 = re.compile(r"gemini-(?:1|2)(?:[.-]|$)|gemini-(?:pro|ultra)(?:-|$)")


ROLE_VALUE = declare(
    code="GW205",
    name="role-value",
    severity="error",
    summary="A content's role is neither `user` nor `model` (a warning for the roles the server has named valid since 2026, and for function and tool before Gemini 3).",
    why="The reference knows only user and model turns. The server refuses other roles such as tool and function; "
        "since 2026 its refusals also name system, assistant, developer, context and user_context as valid roles "
        "(in 2024 and 2025 they named user and model alone), so a turn with one of those is a warning: what the "
        "model makes of it is not documented. Older answers took some roles that are refused now: Google's 2024 "
        "function-calling example sent function responses as role function, gemini-2.5-flash answered a turn "
        "with role tool in December 2025 and one with role function in April 2026; the refusals of 2026 come from "
        "Gemini 3 models. So a turn with role function or tool is an error on Gemini 3 (and where the model is not "
        "known), a warning on the models before it.",
    evidence='400 "Role \'function\' is not supported. Please use a valid role: SYSTEM, USER, ASSISTANT, DEVELOPER, CONTEXT, '
             'USER_CONTEXT, MODEL..." (generateContent, 2026-09-10: https://github.com/sashiko-dev/sashiko/pull/500), and '
             '"Role \'tool\' is not supported. Please use a valid role: SYSTEM, USER, MODEL." (google-genai, 2026); older: '
             '400 "Please use a valid role: user, model." (2025-10-19: https://github.com/the-open-agent/openagent/issues/1666; '
             '2025-03-26: https://github.com/langgenius/dify-official-plugins/issues/566); refused on gemini-3.7-flash, '
             'accepted on gemini-3.5-flash (a client\'s notes, 2026-08-25), refused on "Gemini 3.5" (a client\'s changelog, 2026-09-11) '
             'and on gemini-3.6-flash; "caused invalid requests for tool messages" (2026-07-21: https://github.com/genkit-ai/genkit-dart/pull/340); '
             'accepted, older models: role function on gemini-2.5-flash, Gemini API, HTTP 200 recorded 2026-04-02 '
             '(https://github.com/crmne/ruby_llm, spec/fixtures/vcr_cassettes/chat_function_calling_gemini_gemini-2_5-flash_can_use_tools_without_parameters.yml); '
             'role tool on gemini-2.5-flash, Gemini API, 2025-12 (https://github.com/junjihashimoto/louter, test-data/gemini/streaming_function_calling); '
             'https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto — "Must be either \'user\' or \'model\'."',
    source="https://github.com/sashiko-dev/sashiko/pull/500",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad=body(contents=[USER, {"role": "tool", "parts": [{"text": "Sunny."}]}]),
    good=body(contents=[USER, {"role": "model", "parts": [{"text": "Sunny."}]}]),
    breaks=lambda p, d: p["contents"][0].update(role="tool") or p,
)


ROLE_REQUIRED = declare(
    code="GW206",
    name="role-required",
    severity="error",
    dialects=("vertex",),
    summary="A content in contents has no role (Vertex AI requires one).",
    why="The Gemini API defaults a missing role to user; Vertex AI refuses the request.",
    evidence='Vertex AI answers 400 for a content without role ("Vertex AI requires each content object to have a role field", omi PR 7083)',
    source="https://github.com/BasedHardware/omi/pull/7083",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad=body(contents=[{"parts": [{"text": "Hi"}]}]),
    good=body(contents=[{"role": "user", "parts": [{"text": "Hi"}]}]),
    example_dialect="vertex",
    breaks=lambda p, d: (p["contents"][0].pop("role", None) and p) or p,
)


PARTS_REQUIRED = declare(
    code="GW207",
    name="parts-required",
    severity="error",
    summary="A content has no parts.",
    why='The server answers "contents.parts must not be empty".',
    evidence='400 "contents[1].parts: contents.parts must not be empty."',
    source="https://github.com/egoist/chatwise-releases/issues/250",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad=body(contents=[USER, {"role": "model", "parts": []}, USER]),
    good=body(contents=[USER, {"role": "model", "parts": [{"text": "Sunny."}]}, USER]),
    breaks=lambda p, d: p["contents"][0].update(parts=[]) or p,
)


EMPTY_TEXT = declare(
    code="GW208",
    name="empty-text",
    severity="warning",
    summary='A part\'s text is the empty string.',
    why='Servers refused "" ("empty text parameter") through early 2025 and accept it since; it adds nothing.',
    evidence='refused through early 2025 ("empty text parameter"); accepted in 2025-08 replays on both APIs',
    source="https://github.com/Portkey-AI/gateway/issues/462",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad=body(contents=[{"role": "user", "parts": [{"text": ""}]}]),
    good=body(),
    breaks=lambda p, d: add_part(p, {"text": ""}),
)


SYSTEM_INSTRUCTION_TEXT_ONLY = declare(
    code="GW209",
    name="system-instruction-text-only",
    severity="warning",
    summary="The system instruction has a part that is not text.",
    why="System instructions are documented as text only; other parts are unsupported.",
    evidence='documented as text only; no server refusal known',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad=body(systemInstruction={"parts": [VIDEO]}),
    good=body(systemInstruction={"parts": [{"text": "Be brief."}]}),
    breaks=lambda p, d: {**no_cache(p), "systemInstruction": {"parts": [{"inlineData": {"mimeType": "image/png", "data": PNG}}]}},
)


VIDEO_METADATA_NEEDS_MEDIA = declare(
    code="GW210",
    name="video-metadata-needs-media",
    severity="warning",
    summary="videoMetadata is set on a part without inlineData or fileData.",
    why="Video metadata only applies beside the video it describes; the server accepted it alone, and ignores it.",
    evidence='accepted: a part with videoMetadata and no video was answered 200 by gemini-2.0-flash (issue 10); the proto says it should only be set beside the video',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad=body(contents=[{"role": "user", "parts": [{"text": "clip", "videoMetadata": {"fps": 1}}]}]),
    good=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 1}}]}]),
    breaks=lambda p, d: add_part(p, {"text": "clip", "videoMetadata": {"fps": 1}}),
)


MIME_TYPE_REQUIRED = declare(
    code="GW211",
    name="mime-type-required",
    severity="error",
    summary="inlineData has no mimeType (on Vertex AI, fileData neither).",
    why="The server cannot tell what the bytes are; Vertex AI marks both mimeType fields required.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/content.proto — "Required. The IANA standard MIME type of the source data."',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad=body(contents=[{"role": "user", "parts": [{"inlineData": {"data": "iVBORw0KGgo="}}]}]),
    good=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]}]),
    breaks=lambda p, d: add_part(p, {"inlineData": {"data": PNG}}),
)


FUNCTION_NAME_FORMAT = declare(
    code="GW212",
    name="function-name-format",
    severity="error",
    summary="A function name has characters outside [a-zA-Z0-9_.:-], does not start with a letter or _, or is longer than 64.",
    why='The server answers "Invalid function name" for the whole request.',
    evidence='400 "Invalid function name. Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or contain underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64."',
    source="https://github.com/kaitranntt/ccs/issues/25",
    since="0.1.0",
    checked_by=("gemini_wire.checks.contents",),
    bad=body(tools=[{"functionDeclarations": [{**DECL, "name": "get weather"}]}]),
    good=body(tools=TOOLS),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "bad name"}]}),
)
