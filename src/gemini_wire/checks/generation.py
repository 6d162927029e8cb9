"""Lint's checks of the generation config (GW3xx) that holds whatever the model.

Each is registered on its rule, declared in `gemini_wire.rules.generation`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec import UNSET

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import (
    Context,
    generation,
    generation_clean,
    given,
    schema_type,
    thinking,
)
from gemini_wire.findings import Finding, excerpt
from gemini_wire.rules.generation import (
    ASPECT_RATIOS,
    EMPTY_STOP_SEQUENCE,
    ENUM_MIME_NEEDS_ENUM_SCHEMA,
    IMAGE_BEFORE_3_1,
    IMAGE_CONFIG_VALUES,
    IMAGE_SIZES,
    JSON_MIME_TYPES,
    NEWER_ASPECT_RATIOS,
    NEWER_IMAGE_SIZES,
    RESPONSE_MIME_TYPE_UNSUPPORTED,
    RESPONSE_SCHEMA_NEEDS_MIME_TYPE,
    RESPONSE_SCHEMAS_EXCLUSIVE,
    SPEECH_CONFIG_EXCLUSIVE,
    THINKING_LEVEL_AND_BUDGET,
)


@check(
    RESPONSE_SCHEMA_NEEDS_MIME_TYPE,
    reads=("generation_config.response_schema", "generation_config.response_json_schema"),
)
def response_schema_needs_mime_type(req: Any, ctx: Context) -> Iterable[Finding]:
    gc = generation(req)
    if gc is None:
        return
    for attr, name in (("response_schema", "responseSchema"), ("response_json_schema", "responseJsonSchema")):
        if given(getattr(gc, attr, UNSET)) and gc.response_mime_type not in JSON_MIME_TYPES:
            yield RESPONSE_SCHEMA_NEEDS_MIME_TYPE.finding(("generationConfig", name), f"{name} without a JSON responseMimeType", 'add "responseMimeType": "application/json" (or "text/x.enum" for an enum)')


@check(RESPONSE_SCHEMAS_EXCLUSIVE, reads=("generation_config.response_schema",))
def response_schemas_exclusive(req: Any, ctx: Context) -> Iterable[Finding]:
    gc = generation(req)
    if gc is not None and given(gc.response_schema) and given(getattr(gc, "response_json_schema", UNSET)):
        yield RESPONSE_SCHEMAS_EXCLUSIVE.finding(("generationConfig", "responseJsonSchema"), "both responseSchema and responseJsonSchema are set", "keep one of them")


@check(ENUM_MIME_NEEDS_ENUM_SCHEMA, reads=("generation_config.response_mime_type",))
def enum_mime_needs_enum_schema(req: Any, ctx: Context) -> Iterable[Finding]:
    gc = generation(req)
    if gc is None or gc.response_mime_type != "text/x.enum":
        return
    s = gc.response_schema
    json_schema = getattr(gc, "response_json_schema", UNSET)
    if given(s) and schema_type(s) == "STRING" and given(s.enum) and s.enum:
        return
    if isinstance(json_schema, dict) and json_schema.get("enum"):
        return
    yield ENUM_MIME_NEEDS_ENUM_SCHEMA.finding(("generationConfig", "responseSchema"), "text/x.enum needs a STRING schema with enum values", 'give "responseSchema": {"type": "STRING", "enum": ["a", "b"]}')


@check(THINKING_LEVEL_AND_BUDGET, reads=("generation_config.thinking_config",), clean=generation_clean)
def thinking_level_and_budget(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    tc = thinking(req)
    if tc is not None and given(getattr(tc, "thinking_level", UNSET)) and given(tc.thinking_budget):
        out.append(THINKING_LEVEL_AND_BUDGET.finding(("generationConfig", "thinkingConfig", "thinkingBudget"), "thinkingLevel and thinkingBudget are both set", "keep thinkingLevel for Gemini 3 models, thinkingBudget for 2.5 models"))
    return out


@check(EMPTY_STOP_SEQUENCE, reads=("generation_config.stop_sequences",), clean=generation_clean)
def empty_stop_sequence(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    gc = generation(req)
    if gc is not None and given(gc.stop_sequences):
        for i, s in enumerate(gc.stop_sequences):
            if s == "":
                out.append(EMPTY_STOP_SEQUENCE.finding(("generationConfig", "stopSequences", i), "an empty stop sequence", "remove it"))
    return out


@check(SPEECH_CONFIG_EXCLUSIVE, reads=("generation_config.speech_config",))
def speech_config_exclusive(req: Any, ctx: Context) -> Iterable[Finding]:
    g = generation(req)
    sc = g.speech_config if g is not None and given(g.speech_config) else None
    if sc is None:
        return
    path = ("generationConfig", "speechConfig")
    if given(sc.voice_config) and given(sc.multi_speaker_voice_config):
        yield SPEECH_CONFIG_EXCLUSIVE.finding((*path, "multiSpeakerVoiceConfig"), "both voiceConfig and multiSpeakerVoiceConfig", "keep voiceConfig for one voice, multiSpeakerVoiceConfig for a dialogue")
    multi = sc.multi_speaker_voice_config
    if ctx.dialect == "vertex" and given(multi):
        speakers = multi.speaker_voice_configs if given(multi.speaker_voice_configs) else []
        if len(speakers) != 2:
            yield SPEECH_CONFIG_EXCLUSIVE.finding((*path, "multiSpeakerVoiceConfig", "speakerVoiceConfigs"), f"{len(speakers)} speaker voice(s); Vertex AI takes exactly two", "give two speakerVoiceConfigs")


@check(IMAGE_CONFIG_VALUES, reads=("generation_config.image_config",))
def image_config_values(req: Any, ctx: Context) -> Iterable[Finding]:
    g = generation(req)
    ic = g.image_config if g is not None and given(g.image_config) else None
    if ic is None:
        return
    older = ctx.model is not None and any(m in ctx.model for m in IMAGE_BEFORE_3_1)
    where = ("generationConfig", "imageConfig")
    for key, value, known, newer in (
        ("aspectRatio", ic.aspect_ratio, ASPECT_RATIOS, NEWER_ASPECT_RATIOS),
        ("imageSize", getattr(ic, "image_size", UNSET), IMAGE_SIZES, NEWER_IMAGE_SIZES),
    ):
        what = "aspect ratio" if key == "aspectRatio" else "image size"
        if not given(value) or value in known:
            continue
        if value in newer:
            if older:
                yield IMAGE_CONFIG_VALUES.finding((*where, key), f"{what} {excerpt(str(value))}, which Google documents for Gemini 3.1 Flash Image and not for {ctx.model}", f"use one of {', '.join(known)} on this model, or gemini-3.1-flash-image", severity="warning")
            continue
        yield IMAGE_CONFIG_VALUES.finding((*where, key), f"{what} {excerpt(str(value))}", f"use one of {', '.join(known + newer)}")


@check(RESPONSE_MIME_TYPE_UNSUPPORTED, reads=("generation_config.response_mime_type",))
def response_mime_type_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    g = generation(req)
    if g is not None and given(g.response_mime_type):
        mime = g.response_mime_type
        if not (mime.startswith("text/") or mime == "application/json"):
            yield RESPONSE_MIME_TYPE_UNSUPPORTED.finding(("generationConfig", "responseMimeType"), f"the model does not answer in {excerpt(mime)}", "use application/json, text/plain or text/x.enum")
