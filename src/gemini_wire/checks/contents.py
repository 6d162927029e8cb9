"""Lint's checks of contents and parts (GW203-GW212): turns, roles, the shape of a part.

Each is registered on its rule, declared in `gemini_wire.rules.contents`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from msgspec import UNSET

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import (
    Context,
    all_parts,
    contents_of,
    declarations,
    declarations_clean,
    given,
    parts_of,
    struct_fields,
)
from gemini_wire.findings import Finding, excerpt
from gemini_wire.models import model_id
from gemini_wire.rules.contents import (
    BEFORE_GEMINI_3,
    CONTENTS_REQUIRED,
    EMPTY_TEXT,
    FUNCTION_NAME,
    FUNCTION_NAME_FORMAT,
    FUNCTION_ROLES,
    MIME_TYPE_REQUIRED,
    NAMED_ROLES,
    PART_DATA_MEMBER,
    PARTS_REQUIRED,
    ROLE_REQUIRED,
    ROLE_VALUE,
    SYSTEM_INSTRUCTION_TEXT_ONLY,
    VIDEO_METADATA_NEEDS_MEDIA,
)


@check(
    PART_DATA_MEMBER,
    reads=("part.thought", "part.thought_signature", "part.video_metadata", "part.media_resolution", "part.part_metadata"),
)
def part_with_side_fields_only(req: Any, ctx: Context) -> Iterable[Finding]:
    # `{}` is the codec's error; a part with side fields alone was accepted in recorded traffic
    # (a thought with its signature; videoMetadata alone, on gemini-2.0-flash): a warning.
    for path, p in ctx.parts:
        present = [wire for attr, wire in struct_fields(p) if given(getattr(p, attr))]
        if present and ctx.table.messages["Part"].oneofs["data"].isdisjoint(present):
            yield PART_DATA_MEMBER.finding(
                path,
                f"a part with only {', '.join(present)}: no data member",
                "put these fields on the part that carries the data they describe, or drop the part",
                severity="warning",
            )


@check(CONTENTS_REQUIRED)
def contents_required(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    if not contents_of(req):
        out.append(CONTENTS_REQUIRED.finding(("contents",), "the request has no contents", 'add at least one turn: "contents": [{"role": "user", "parts": [{"text": "..."}]}]'))
    return out


# GW205-GW207 run only on a request with a content without parts or with a role other than user
# and model ("content.irregular": the census tests each content where it reaches its parts).
@check(ROLE_VALUE, reads=("content.irregular",))
def role_value(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, c in enumerate(contents_of(req)):
        if given(c.role) and c.role not in ("user", "model"):
            role = c.role.lower() if isinstance(c.role, str) else ""
            if role in ("user", "model"):
                yield ROLE_VALUE.finding(("contents", i, "role"), f"role {excerpt(c.role)} is not written in lower case", f'write "{role}", as the API reference does', severity="warning")
                continue
            hint = 'use "model" for the model\'s turns' if role in ("assistant", "bot") else (
                "move it to systemInstruction" if role in ("system", "system_1", "developer", "context", "user_context") else 'use "user" or "model"'
            )
            if role in NAMED_ROLES:
                yield ROLE_VALUE.finding(("contents", i, "role"), f"role {excerpt(c.role)} is neither user nor model; the server names it valid since 2026, the reference does not", hint, severity="warning")
            elif role in FUNCTION_ROLES and ctx.model and BEFORE_GEMINI_3.match(model := model_id(ctx.model)):
                yield ROLE_VALUE.finding(("contents", i, "role"), f"role {excerpt(c.role)} is neither user nor model; {model} has taken it, Gemini 3 models refuse it", 'send function responses in a "user" turn', severity="warning")
            else:
                yield ROLE_VALUE.finding(("contents", i, "role"), f"role {excerpt(c.role)} is neither user nor model", hint)


@check(ROLE_REQUIRED, reads=("content.irregular",))
def role_required(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, c in enumerate(contents_of(req)):
        if not given(c.role):
            yield ROLE_REQUIRED.finding(("contents", i, "role"), "this turn has no role", 'add "role": "user" (or "model" for the model\'s turns)')


@check(PARTS_REQUIRED, reads=("content.irregular",))
def parts_required(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, c in enumerate(contents_of(req)):
        if not parts_of(c):
            yield PARTS_REQUIRED.finding(("contents", i, "parts"), "this turn has no parts", 'give it at least one part, e.g. {"text": "..."}; or drop the turn')


@check(EMPTY_TEXT, reads=("part.empty_text",))
def empty_text(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.once(all_parts):
        if p.text == "" and not given(getattr(p, "thought_signature", UNSET)):
            yield EMPTY_TEXT.finding((*path, "text"), "empty text", "remove the part, or give it text")


@check(SYSTEM_INSTRUCTION_TEXT_ONLY, reads=("system_instruction",))
def system_instruction_text_only(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    if given(req.system_instruction):
        for j, p in enumerate(parts_of(req.system_instruction)):
            if not given(p.text):
                out.append(SYSTEM_INSTRUCTION_TEXT_ONLY.finding(("systemInstruction", "parts", j), "a system instruction part that is not text", "move media into the user turn; keep the system instruction to text"))
    return out


@check(VIDEO_METADATA_NEEDS_MEDIA, reads=("part.video_metadata",))
def video_metadata_needs_media(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        if given(p.video_metadata) and not (given(p.inline_data) or given(p.file_data)):
            yield VIDEO_METADATA_NEEDS_MEDIA.finding((*path, "videoMetadata"), "videoMetadata on a part without video data", "put videoMetadata on the part that carries the video (inlineData or fileData)")


@check(MIME_TYPE_REQUIRED, reads=("part.inline_data", "part.file_data"))
def mime_type_required(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        if given(p.inline_data) and not given(p.inline_data.mime_type):
            yield MIME_TYPE_REQUIRED.finding((*path, "inlineData", "mimeType"), "inlineData without mimeType", 'say what the bytes are, e.g. "mimeType": "image/png"')
        if ctx.dialect == "vertex" and given(p.file_data) and not given(p.file_data.mime_type):
            yield MIME_TYPE_REQUIRED.finding((*path, "fileData", "mimeType"), "fileData without mimeType (required on Vertex AI)", 'add the file\'s type, e.g. "mimeType": "video/mp4"')


@check(
    FUNCTION_NAME_FORMAT,
    reads=("tool.function_declarations",),
    clean=declarations_clean,
)
def function_name_format(req: Any, ctx: Context) -> Iterable[Finding]:
    pattern = FUNCTION_NAME[ctx.dialect]
    for path, d in ctx.once(declarations):
        if given(d.name) and not pattern.fullmatch(d.name):
            fixed = re.sub(r"[^A-Za-z0-9_.-]", "_", d.name)[:64] or "f"
            if not re.match(r"[A-Za-z_]", fixed):
                fixed = "_" + fixed[:63]
            yield FUNCTION_NAME_FORMAT.finding((*path, "name"), f"invalid function name {excerpt(d.name)}", f"use letters, digits, _ . - only, starting with a letter or _, e.g. {excerpt(fixed)}")
