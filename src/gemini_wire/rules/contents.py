"""Contents and parts (GW201-GW212): turns, roles, the shape of a part."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from typing import Any

from msgspec import UNSET

from gemini_wire.findings import Finding, excerpt
from gemini_wire.rules.base import declare, rule
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
from gemini_wire.rules.walk import (
    ROLE,
    Context,
    all_parts,
    contents_of,
    declarations,
    declared,
    given,
    parts_of,
    report,
    struct_fields,
)

# The members of a Part's `data` oneof, in any dialect (the generated tables list each one's).
DATA_MEMBERS = frozenset(
    {"text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult", "toolCall", "toolResponse"}
)


ROLES = frozenset({"user", "model", UNSET})
PARTS = operator.attrgetter("parts")

# Function declaration names: colons are accepted by the Gemini API since 2025-11, and its SDK
# documents 128 characters; Vertex AI's proto keeps 64 and no colon (RULES.md rows 29, 82).
FUNCTION_NAME = {
    "gemini": re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,127}"),
    "vertex": re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}"),
}


declare(
    code="GW201",
    name="video-fps-range",
    severity="error",
    summary="videoMetadata.fps is outside (0, 24].",
    why="The API samples video at more than 0 and at most 24 frames per second.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto — "The fps range is (0.0, 24.0]."',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("limits",),
    bad=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 25}}]}]),
    good=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 24}}]}]),
    breaks=lambda p, d: add_part(p, {**CLIP, "videoMetadata": {"fps": 30}}),
)


declare(
    code="GW202",
    name="inline-data-size",
    severity="error",
    summary="Inline data is larger, once decoded, than the dialect allows.",
    why="The Gemini API takes up to 100 MB inline; Vertex AI 20 MB for a whole request.",
    evidence='https://blog.google/innovation-and-ai/technology/developers-tools/gemini-api-new-file-limits — "maximum payload size for inline data from 20MB to 100MB"; Vertex AI 20 MB per request',
    source="https://blog.google/innovation-and-ai/technology/developers-tools/gemini-api-new-file-limits",
    since="0.1.0",
    checked_by=("limits",),
    bad="an inlineData.data of 30 MB on Vertex AI",
    good="a fileData.fileUri pointing at the uploaded file",
)


@rule(
    code="GW203",
    name="part-data-member",
    severity="error",
    summary="A request Part has no data member (text, inlineData, fileData, functionCall, ...).",
    why="The server answers \"required oneof field 'data' must have one initialized field\" for {}. "
            "A part with only side fields (thought and thoughtSignature, videoMetadata) was accepted: a warning.",
    evidence='400 "parts[0].data: required oneof field \'data\' must have one initialized field" for {}; a part with only thought and thoughtSignature, or only videoMetadata, was accepted (a warning)',
    source="https://github.com/router-for-me/CLIProxyAPI/issues/1292",
    since="0.1.0",
    checked_by=("lint", "codec", "limits"),
    reads=("part.thought", "part.thought_signature", "part.video_metadata", "part.media_resolution", "part.part_metadata"),
    bad=body(contents=[{"role": "user", "parts": [{}]}]),
    good=body(),
    breaks=lambda p, d: add_part(p, {}),
)
def part_with_side_fields_only(req: Any, ctx: Context) -> Iterable[Finding]:
    # `{}` is the codec's error; a part with side fields alone was accepted in recorded traffic
    # (a thought with its signature; videoMetadata alone, on gemini-2.0-flash): a warning.
    for path, p in ctx.parts:
        present = [wire for attr, wire in struct_fields(p) if given(getattr(p, attr))]
        if present and DATA_MEMBERS.isdisjoint(present):
            yield report(
                "GW203",
                path,
                f"a part with only {', '.join(present)}: no data member",
                "put these fields on the part that carries the data they describe, or drop the part",
                severity="warning",
            )


@rule(
    code="GW204",
    name="contents-required",
    severity="error",
    summary="The request has no contents, or an empty list of them.",
    why='The server answers "contents is not specified"; a system instruction alone is not a prompt.',
    evidence='400 "GenerateContentRequest.contents: contents is not specified"',
    source="https://github.com/ikechan8370/chatgpt-plugin/issues/733",
    since="0.1.0",
    bad={"systemInstruction": {"parts": [{"text": "Be brief."}]}},
    good=body(systemInstruction={"parts": [{"text": "Be brief."}]}),
    breaks=lambda p, d: {k: v for k, v in p.items() if k != "contents"},
)
def contents_required(req: Any, ctx: Context) -> Iterable[Finding]:
    if not contents_of(req):
        yield report("GW204", ("contents",), "the request has no contents", 'add at least one turn: "contents": [{"role": "user", "parts": [{"text": "..."}]}]')


@rule(
    code="GW205",
    name="role-value",
    severity="error",
    summary="A content's role is neither `user` nor `model`.",
    why="Only user and model turns exist; system, assistant and function roles are refused.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto — "Must be either \'user\' or \'model\'."',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    reads=("contents",),
    clean=lambda req, ctx: ROLES.issuperset(map(ROLE, contents_of(req))),
    bad=body(contents=[USER, {"role": "assistant", "parts": [{"text": "Sunny."}]}]),
    good=body(contents=[USER, {"role": "model", "parts": [{"text": "Sunny."}]}]),
    breaks=lambda p, d: p["contents"][0].update(role="assistant") or p,
)
def role_value(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, c in enumerate(contents_of(req)):
        if given(c.role) and c.role not in ("user", "model"):
            hint = 'use "model" for the model\'s turns' if c.role in ("assistant", "bot") else (
                "move it to systemInstruction" if c.role in ("system", "developer") else 'use "user" or "model"'
            )
            yield report("GW205", ("contents", i, "role"), f"role {excerpt(c.role)} is neither user nor model", hint)


@rule(
    code="GW206",
    name="role-required",
    severity="error",
    dialects=("vertex",),
    summary="A content in contents has no role (Vertex AI requires one).",
    why="The Gemini API defaults a missing role to user; Vertex AI refuses the request.",
    evidence='Vertex AI answers 400 for a content without role ("Vertex AI requires each content object to have a role field", omi PR 7083)',
    source="https://github.com/BasedHardware/omi/pull/7083",
    since="0.1.0",
    reads=("contents",),
    clean=lambda req, ctx: all(map(ROLE, contents_of(req))),
    bad=body(contents=[{"parts": [{"text": "Hi"}]}]),
    good=body(contents=[{"role": "user", "parts": [{"text": "Hi"}]}]),
    example_dialect="vertex",
    breaks=lambda p, d: (p["contents"][0].pop("role", None) and p) or p,
)
def role_required(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, c in enumerate(contents_of(req)):
        if not given(c.role):
            yield report("GW206", ("contents", i, "role"), "this turn has no role", 'add "role": "user" (or "model" for the model\'s turns)')


@rule(
    code="GW207",
    name="parts-required",
    severity="error",
    summary="A content has no parts.",
    why='The server answers "contents.parts must not be empty".',
    evidence='400 "contents[1].parts: contents.parts must not be empty."',
    source="https://github.com/egoist/chatwise-releases/issues/250",
    since="0.1.0",
    reads=("contents",),
    clean=lambda req, ctx: all(map(PARTS, contents_of(req))),  # UNSET and [] are false
    bad=body(contents=[USER, {"role": "model", "parts": []}, USER]),
    good=body(contents=[USER, {"role": "model", "parts": [{"text": "Sunny."}]}, USER]),
    breaks=lambda p, d: p["contents"][0].update(parts=[]) or p,
)
def parts_required(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, c in enumerate(contents_of(req)):
        if not parts_of(c):
            yield report("GW207", ("contents", i, "parts"), "this turn has no parts", 'give it at least one part, e.g. {"text": "..."}; or drop the turn')


@rule(
    code="GW208",
    name="empty-text",
    severity="warning",
    summary='A part\'s text is the empty string.',
    why='Servers refused "" ("empty text parameter") through early 2025 and accept it since; it adds nothing.',
    evidence='refused through early 2025 ("empty text parameter"); accepted in 2025-08 replays on both APIs',
    source="https://github.com/Portkey-AI/gateway/issues/462",
    since="0.1.0",
    reads=("part.empty_text",),
    bad=body(contents=[{"role": "user", "parts": [{"text": ""}]}]),
    good=body(),
    breaks=lambda p, d: add_part(p, {"text": ""}),
)
def empty_text(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.once(all_parts):
        if p.text == "" and not given(getattr(p, "thought_signature", UNSET)):
            yield report("GW208", (*path, "text"), "empty text", "remove the part, or give it text")


@rule(
    code="GW209",
    name="system-instruction-text-only",
    severity="warning",
    summary="The system instruction has a part that is not text.",
    why="System instructions are documented as text only; other parts are unsupported.",
    evidence='documented as text only; no server refusal known',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    reads=("system_instruction",),
    bad=body(systemInstruction={"parts": [VIDEO]}),
    good=body(systemInstruction={"parts": [{"text": "Be brief."}]}),
    breaks=lambda p, d: {**no_cache(p), "systemInstruction": {"parts": [{"inlineData": {"mimeType": "image/png", "data": PNG}}]}},
)
def system_instruction_text_only(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(req.system_instruction):
        for j, p in enumerate(parts_of(req.system_instruction)):
            if not given(p.text):
                yield report("GW209", ("systemInstruction", "parts", j), "a system instruction part that is not text", "move media into the user turn; keep the system instruction to text")


@rule(
    code="GW210",
    name="video-metadata-needs-media",
    severity="warning",
    summary="videoMetadata is set on a part without inlineData or fileData.",
    why="Video metadata only applies beside the video it describes; the server accepted it alone, and ignores it.",
    evidence='accepted: a part with videoMetadata and no video was answered 200 by gemini-2.0-flash (issue 10); the proto says it should only be set beside the video',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    reads=("part.video_metadata",),
    bad=body(contents=[{"role": "user", "parts": [{"text": "clip", "videoMetadata": {"fps": 1}}]}]),
    good=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 1}}]}]),
    breaks=lambda p, d: add_part(p, {"text": "clip", "videoMetadata": {"fps": 1}}),
)
def video_metadata_needs_media(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        if given(p.video_metadata) and not (given(p.inline_data) or given(p.file_data)):
            yield report("GW210", (*path, "videoMetadata"), "videoMetadata on a part without video data", "put videoMetadata on the part that carries the video (inlineData or fileData)")


@rule(
    code="GW211",
    name="mime-type-required",
    severity="error",
    summary="inlineData has no mimeType (on Vertex AI, fileData neither).",
    why="The server cannot tell what the bytes are; Vertex AI marks both mimeType fields required.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/content.proto — "Required. The IANA standard MIME type of the source data."',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/content.proto",
    since="0.1.0",
    reads=("part.inline_data", "part.file_data"),
    bad=body(contents=[{"role": "user", "parts": [{"inlineData": {"data": "iVBORw0KGgo="}}]}]),
    good=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]}]),
    breaks=lambda p, d: add_part(p, {"inlineData": {"data": PNG}}),
)
def mime_type_required(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        if given(p.inline_data) and not given(p.inline_data.mime_type):
            yield report("GW211", (*path, "inlineData", "mimeType"), "inlineData without mimeType", 'say what the bytes are, e.g. "mimeType": "image/png"')
        if ctx.dialect == "vertex" and given(p.file_data) and not given(p.file_data.mime_type):
            yield report("GW211", (*path, "fileData", "mimeType"), "fileData without mimeType (required on Vertex AI)", 'add the file\'s type, e.g. "mimeType": "video/mp4"')


@rule(
    code="GW212",
    name="function-name-format",
    severity="error",
    summary="A function name has characters outside [a-zA-Z0-9_.:-], does not start with a letter or _, or is longer than 64.",
    why='The server answers "Invalid function name" for the whole request.',
    evidence='400 "Invalid function name. Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or contain underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64."',
    source="https://github.com/kaitranntt/ccs/issues/25",
    since="0.1.0",
    reads=("tool.function_declarations",),
    clean=lambda req, ctx: UNSET not in ctx.fact(declared).names and all(map(FUNCTION_NAME[ctx.dialect].fullmatch, ctx.fact(declared).names)),
    bad=body(tools=[{"functionDeclarations": [{**DECL, "name": "get weather"}]}]),
    good=body(tools=TOOLS),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "bad name"}]}),
)
def function_name_format(req: Any, ctx: Context) -> Iterable[Finding]:
    pattern = FUNCTION_NAME[ctx.dialect]
    for path, d in ctx.once(declarations):
        if given(d.name) and not pattern.fullmatch(d.name):
            fixed = re.sub(r"[^A-Za-z0-9_.-]", "_", d.name)[:64] or "f"
            if not re.match(r"[A-Za-z_]", fixed):
                fixed = "_" + fixed[:63]
            yield report("GW212", (*path, "name"), f"invalid function name {excerpt(d.name)}", f"use letters, digits, _ . - only, starting with a letter or _, e.g. {excerpt(fixed)}")
