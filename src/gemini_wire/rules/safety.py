"""Safety settings, caching and labels (GW6xx)."""

from __future__ import annotations

import re
import unicodedata

from gemini_wire.rules.base import declare
from gemini_wire.rules.edits import (
    OK,
    api,
    body,
    set_safety,
)

# Harm categories each dialect lets a request configure (the enums also list retired ones).
SAFETY_CATEGORIES = {
    "gemini": {
        "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT",
        "HARM_CATEGORY_DANGEROUS_CONTENT",
        "HARM_CATEGORY_CIVIC_INTEGRITY",
    },
    "vertex": {
        "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT",
        "HARM_CATEGORY_DANGEROUS_CONTENT",
        "HARM_CATEGORY_CIVIC_INTEGRITY",
        "HARM_CATEGORY_JAILBREAK",
        # Image categories of Vertex AI v1beta1 (RULES.md row 99: "V adds IMAGE_* and JAILBREAK").
        "HARM_CATEGORY_IMAGE_HATE",
        "HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT",
        "HARM_CATEGORY_IMAGE_HARASSMENT",
        "HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT",
    },
}


CACHE_NAME = {
    "gemini": re.compile(r"cachedContents/[^/]+"),
    "vertex": re.compile(r"projects/[^/]+/locations/[^/]+/cachedContents/[^/]+"),
}


def label_text_ok(text: str, *, key: bool) -> bool:
    def allowed(c: str) -> bool:
        return c.islower() or c.isdigit() or c in "_-" or unicodedata.category(c) == "Lo"

    if key and (not text or not (text[0].islower() or unicodedata.category(text[0]) == "Lo")):
        return False
    return len(text) <= 63 and all(allowed(c) for c in text)


LABELS_FORMAT = declare(
    code="GW601",
    name="labels-format",
    severity="error",
    dialects=("vertex",),
    summary="A label key or value breaks the format (lower-case letters, digits, _ and -, at most 63; keys start with a letter), or there are more than 64.",
    why="Vertex AI billing labels follow Google Cloud's label rules.",
    evidence='https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/add-labels-to-api-calls — "Each API call can have up to 64 labels." and the label format',
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/add-labels-to-api-calls",
    since="0.1.0",
    checked_by=("gemini_wire.checks.safety",),
    bad=body(labels={"Team": "ml"}),
    good=body(labels={"team": "ml"}),
    example_dialect="vertex",
    breaks=lambda p, d: {**p, "labels": {"Team": "ml"}},
)


CACHED_CONTENT_NAME = declare(
    code="GW602",
    name="cached-content-name",
    severity="error",
    summary="cachedContent is not a cache resource name of this dialect.",
    why="Gemini API caches are cachedContents/{id}; Vertex AI caches projects/{p}/locations/{l}/cachedContents/{id}.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto — "Format: `cachedContents/{cachedContent}`"',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.safety",),
    bad=body(cachedContent="my-cache"),
    good=body(cachedContent="cachedContents/abc123"),
    breaks=lambda p, d: {k: v for k, v in p.items() if k not in ("systemInstruction", "tools", "toolConfig")} | {"cachedContent": "my-cache"},
)


CACHED_CONTENT_EXCLUSIVE = declare(
    code="GW603",
    name="cached-content-exclusive",
    severity="error",
    summary="cachedContent is combined with systemInstruction, tools or toolConfig.",
    why="Those live in the cache; the server refuses them beside it.",
    evidence='400 "Tool config, tools and system instruction should not be set in the request when using cached content."',
    source="https://github.com/567-labs/instructor/issues/2580",
    since="0.1.0",
    checked_by=("gemini_wire.checks.safety",),
    bad=body(cachedContent="cachedContents/abc", systemInstruction={"parts": [{"text": "x"}]}),
    good=body(cachedContent="cachedContents/abc"),
    breaks=lambda p, d: {**p, "cachedContent": "cachedContents/c" if api(d) == "gemini" else "projects/p/locations/l/cachedContents/c", "systemInstruction": {"parts": [{"text": "x"}]}},
)


SAFETY_CATEGORY_SUPPORTED = declare(
    code="GW604",
    name="safety-category-supported",
    severity="error",
    summary="A safety setting names a category this dialect does not take (such as the PaLM-era ones).",
    why="Only the current harm categories can be configured; others are refused.",
    evidence='400 "element predicate failed: $.category in (HarmCategory.HARM_CATEGORY_HATE_SPEECH, ...)"',
    source="https://github.com/Visionatrix/ComfyUI-Gemini/issues/8",
    since="0.1.0",
    checked_by=("gemini_wire.checks.safety",),
    bad=body(safetySettings=[{"category": "HARM_CATEGORY_VIOLENCE", "threshold": "BLOCK_NONE"}]),
    good=body(safetySettings=[{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "threshold": "BLOCK_NONE"}]),
    breaks=lambda p, d: set_safety(p, [{"category": "HARM_CATEGORY_UNSPECIFIED", **OK}]),
)


SAFETY_CATEGORY_DUPLICATE = declare(
    code="GW605",
    name="safety-category-duplicate",
    severity="warning",
    summary="Two safety settings name the same category.",
    why="Each category takes one threshold.",
    evidence='no server message known for two settings of one category',
    source="https://github.com/Visionatrix/ComfyUI-Gemini/issues/8",
    since="0.1.0",
    checked_by=("gemini_wire.checks.safety",),
    bad=body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}] * 2),
    good=body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]),
    breaks=lambda p, d: set_safety(p, [{"category": "HARM_CATEGORY_HARASSMENT", **OK}] * 2),
)


SAFETY_THRESHOLD_REQUIRED = declare(
    code="GW606",
    name="safety-threshold-required",
    severity="error",
    summary="A safety setting has no threshold (or no category).",
    why="A setting says which threshold applies to which category; half of it is refused.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/safety.proto — category and threshold are both "Required."',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/safety.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.safety",),
    bad=body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT"}]),
    good=body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "OFF"}]),
    breaks=lambda p, d: set_safety(p, [{"category": "HARM_CATEGORY_HARASSMENT"}]),
)


MODEL_ARMOR_EXCLUSIVE = declare(
    code="GW607",
    name="model-armor-exclusive",
    severity="error",
    dialects=("vertex",),
    summary="modelArmorConfig is combined with safetySettings.",
    why="With Model Armor, safety settings must not be supplied.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/prediction_service.proto — "If supplied, safety_settings must not be supplied."',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/prediction_service.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.safety",),
    bad=body(modelArmorConfig={"promptTemplateName": "projects/p/locations/l/templates/t"}, safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "OFF"}]),
    good=body(modelArmorConfig={"promptTemplateName": "projects/p/locations/l/templates/t"}),
    example_dialect="vertex",
    breaks=lambda p, d: {**p, "modelArmorConfig": {"promptTemplateName": "projects/p/locations/l/templates/t"}, "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", **OK}]},
)
