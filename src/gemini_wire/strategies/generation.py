"""generationConfig, valid whatever the model: the fields that rules tie together are built
together (the response MIME type and its schema, thinking level or budget, one kind of voice)."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from gemini_wire.rules.generation import (
    ASPECT_RATIOS,
    IMAGE_SIZES,
    JSON_MIME_TYPES,
    NEWER_ASPECT_RATIOS,
    NEWER_IMAGE_SIZES,
)
from gemini_wire.strategies.generic import (
    Dialect,
    Payload,
    at_most_one,
    enum_names,
    field_of,
    has,
    limits,
    merged,
    message,
    optional,
)
from gemini_wire.strategies.schemas import ENUM_VALUES, json_schemas, schemas

GC = "GenerationConfig"
# The JSON Schemas that no rule ties to the MIME type (GW304 reads responseJsonSchema only).
MORE_JSON_SCHEMAS = ("_responseJsonSchema", "responseJsonSchemaOrdered")
BUILT = frozenset(
    {"responseMimeType", "responseSchema", "responseJsonSchema", "stopSequences", "thinkingConfig", "speechConfig", "imageConfig", *MORE_JSON_SCHEMAS}
)


def _outputs(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """responseMimeType with the schema it allows: a schema only in a JSON MIME type (GW304), one
    schema at most (GW305), and for text/x.enum a STRING schema with enum values (GW306)."""
    options = [st.just({}), st.just({"responseMimeType": "text/plain"})]
    for mime in sorted(JSON_MIME_TYPES):
        if mime == "text/x.enum":
            schema: st.SearchStrategy[Payload] = st.fixed_dictionaries({"type": st.just("STRING"), "enum": ENUM_VALUES})
            json_schema: st.SearchStrategy[Any] = st.fixed_dictionaries({"type": st.just("string"), "enum": ENUM_VALUES})
            either = st.one_of(st.fixed_dictionaries({"responseSchema": schema}), st.fixed_dictionaries({"responseJsonSchema": json_schema}))
        else:
            either = at_most_one({"responseSchema": schemas(dialect, depth), "responseJsonSchema": json_schemas(depth)})
        options.append(merged(st.just({"responseMimeType": mime}), either))
    return st.one_of(options)


def _thinking(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """thinkingConfig with a thinkingLevel or a thinkingBudget, never both (GW307)."""
    choice = {"thinkingBudget": field_of(dialect, "ThinkingConfig", "thinkingBudget", depth)}
    if has(dialect, "ThinkingConfig", "thinkingLevel"):
        choice["thinkingLevel"] = st.sampled_from(enum_names(dialect, "ThinkingLevel"))
    rest = message(dialect, "ThinkingConfig", True, depth, frozenset(choice))
    return merged(rest, at_most_one({k: v for k, v in choice.items() if v is not None}))


def _speech(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """speechConfig with one voice or a dialogue of two, not both (GW323)."""
    speakers = st.lists(message(dialect, "SpeakerVoiceConfig", True, depth - 2), min_size=2, max_size=2)
    dialogue = st.fixed_dictionaries({"speakerVoiceConfigs": speakers})
    voice = message(dialect, "VoiceConfig", True, depth - 1)
    rest = message(dialect, "SpeechConfig", True, depth, frozenset({"voiceConfig", "multiSpeakerVoiceConfig"}))
    return merged(rest, at_most_one({"voiceConfig": voice, "multiSpeakerVoiceConfig": dialogue}))


def _image(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """imageConfig with an aspect ratio and a size that the server knows (GW324)."""
    # The requests name no known model, which takes Gemini 3.1 Flash Image's values too (GW324).
    values = {"aspectRatio": st.sampled_from(ASPECT_RATIOS + NEWER_ASPECT_RATIOS), "imageSize": st.sampled_from(IMAGE_SIZES + NEWER_IMAGE_SIZES)}
    known = {k: v for k, v in values.items() if has(dialect, "ImageConfig", k)}
    return merged(message(dialect, "ImageConfig", True, depth, frozenset(known)), optional(known))


@cache
def generation_configs(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """Valid generationConfig objects, the walk's fields beside those built here."""
    most = int(limits(dialect, GC, "stopSequences").get("maxItems", 3))
    built: dict[str, st.SearchStrategy[Any]] = {
        "stopSequences": st.lists(st.text(min_size=1, max_size=8), max_size=min(3, most)),  # never "" (GW308)
        "thinkingConfig": _thinking(dialect, depth - 1),
        "speechConfig": _speech(dialect, depth - 1),
        "imageConfig": _image(dialect, depth - 1),
    }
    built |= {name: json_schemas(depth - 1) for name in MORE_JSON_SCHEMAS if has(dialect, GC, name)}
    rest = message(dialect, GC, True, depth, BUILT)
    return merged(rest, _outputs(dialect, depth - 1), optional({k: v for k, v in built.items() if has(dialect, GC, k)}))
