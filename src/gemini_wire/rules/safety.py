"""Safety settings, caching and labels (GW6xx)."""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from msgspec import UNSET

from gemini_wire.findings import Finding, Key, excerpt
from gemini_wire.rules.base import rule
from gemini_wire.rules.edits import (
    OK,
    api,
    body,
    set_safety,
)
from gemini_wire.rules.walk import (
    Context,
    given,
    name_of,
    report,
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


CACHE_EXAMPLE = {"gemini": "cachedContents/abc123", "vertex": "projects/my-project/locations/us-central1/cachedContents/123"}

MAX_LABELS = 64


def label_text_ok(text: str, *, key: bool) -> bool:
    def allowed(c: str) -> bool:
        return c.islower() or c.isdigit() or c in "_-" or unicodedata.category(c) == "Lo"

    if key and (not text or not (text[0].islower() or unicodedata.category(text[0]) == "Lo")):
        return False
    return len(text) <= 63 and all(allowed(c) for c in text)


def safety_settings(req: Any) -> list[Any]:
    return list(req.safety_settings) if given(req.safety_settings) else []


def categories(req: Any) -> list[str | None]:
    """The category of each safety setting, by name (None: not set)."""
    return [name_of(s.category) for s in safety_settings(req)]


THRESHOLD = operator.attrgetter("threshold")


@rule(
    code="GW601",
    name="labels-format",
    severity="error",
    dialects=("vertex",),
    summary="A label key or value breaks the format (lower-case letters, digits, _ and -, at most 63; keys start with a letter), or there are more than 64.",
    why="Vertex AI billing labels follow Google Cloud's label rules.",
    evidence='https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/add-labels-to-api-calls — "Each API call can have up to 64 labels." and the label format',
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/add-labels-to-api-calls",
    since="0.1.0",
    reads=("labels",),
    bad=body(labels={"Team": "ml"}),
    good=body(labels={"team": "ml"}),
    example_dialect="vertex",
    breaks=lambda p, d: {**p, "labels": {"Team": "ml"}},
)
def labels_format(req: Any, ctx: Context) -> Iterable[Finding]:
    labels: Any = getattr(req, "labels", UNSET)
    if not given(labels):
        return
    if len(labels) > MAX_LABELS:
        yield report("GW601", ("labels",), f"{len(labels)} labels, at most {MAX_LABELS} allowed", "keep the labels your billing reports need")
    for k, v in labels.items():
        if not label_text_ok(k, key=True):
            yield report("GW601", ("labels", Key(k)), f"label key {excerpt(k)} breaks the label format", "use 1-63 lower-case letters, digits, _ or -, starting with a letter")
        if not label_text_ok(v, key=False):
            yield report("GW601", ("labels", Key(k)), f"label value {excerpt(v)} breaks the label format", "use at most 63 lower-case letters, digits, _ or -")


@rule(
    code="GW602",
    name="cached-content-name",
    severity="error",
    summary="cachedContent is not a cache resource name of this dialect.",
    why="Gemini API caches are cachedContents/{id}; Vertex AI caches projects/{p}/locations/{l}/cachedContents/{id}.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto — "Format: `cachedContents/{cachedContent}`"',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    reads=("cached_content",),
    bad=body(cachedContent="my-cache"),
    good=body(cachedContent="cachedContents/abc123"),
    breaks=lambda p, d: {k: v for k, v in p.items() if k not in ("systemInstruction", "tools", "toolConfig")} | {"cachedContent": "my-cache"},
)
def cached_content_name(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(req.cached_content) and not CACHE_NAME[ctx.dialect].fullmatch(req.cached_content):
        yield report("GW602", ("cachedContent",), f"{excerpt(req.cached_content)} is not a {ctx.dialect} cache name", f"use the cache's full name, such as {CACHE_EXAMPLE[ctx.dialect]!r}")


@rule(
    code="GW603",
    name="cached-content-exclusive",
    severity="error",
    summary="cachedContent is combined with systemInstruction, tools or toolConfig.",
    why="Those live in the cache; the server refuses them beside it.",
    evidence='400 "Tool config, tools and system instruction should not be set in the request when using cached content."',
    source="https://github.com/567-labs/instructor/issues/2580",
    since="0.1.0",
    reads=("cached_content",),
    bad=body(cachedContent="cachedContents/abc", systemInstruction={"parts": [{"text": "x"}]}),
    good=body(cachedContent="cachedContents/abc"),
    breaks=lambda p, d: {**p, "cachedContent": "cachedContents/c" if api(d) == "gemini" else "projects/p/locations/l/cachedContents/c", "systemInstruction": {"parts": [{"text": "x"}]}},
)
def cached_content_exclusive(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(req.cached_content):
        for attr, name in (("system_instruction", "systemInstruction"), ("tools", "tools"), ("tool_config", "toolConfig")):
            if given(getattr(req, attr)):
                yield report("GW603", (name,), f"{name} beside cachedContent", f"put {name} into the cache when you create it, and drop it here")


@rule(
    code="GW604",
    name="safety-category-supported",
    severity="error",
    summary="A safety setting names a category this dialect does not take (such as the PaLM-era ones).",
    why="Only the current harm categories can be configured; others are refused.",
    evidence='400 "element predicate failed: $.category in (HarmCategory.HARM_CATEGORY_HATE_SPEECH, ...)"',
    source="https://github.com/Visionatrix/ComfyUI-Gemini/issues/8",
    since="0.1.0",
    reads=("safety_settings",),
    clean=lambda req, ctx: SAFETY_CATEGORIES[ctx.dialect].issuperset(ctx.once(categories)),
    bad=body(safetySettings=[{"category": "HARM_CATEGORY_VIOLENCE", "threshold": "BLOCK_NONE"}]),
    good=body(safetySettings=[{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "threshold": "BLOCK_NONE"}]),
    breaks=lambda p, d: set_safety(p, [{"category": "HARM_CATEGORY_UNSPECIFIED", **OK}]),
)
def safety_category_supported(req: Any, ctx: Context) -> Iterable[Finding]:
    allowed = SAFETY_CATEGORIES[ctx.dialect]
    for i, s in enumerate(safety_settings(req)):
        cat = name_of(s.category)
        if cat is not None and cat not in allowed:
            yield report("GW604", ("safetySettings", i, "category"), f"{cat} cannot be configured on {ctx.dialect}", f"use one of {', '.join(sorted(allowed))}")


@rule(
    code="GW605",
    name="safety-category-duplicate",
    severity="warning",
    summary="Two safety settings name the same category.",
    why="Each category takes one threshold.",
    evidence='no server message known for two settings of one category',
    source="https://github.com/Visionatrix/ComfyUI-Gemini/issues/8",
    since="0.1.0",
    reads=("safety_settings",),
    clean=lambda req, ctx: len(set(ctx.once(categories))) == len(ctx.once(categories)),
    bad=body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}] * 2),
    good=body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]),
    breaks=lambda p, d: set_safety(p, [{"category": "HARM_CATEGORY_HARASSMENT", **OK}] * 2),
)
def safety_category_duplicate(req: Any, ctx: Context) -> Iterable[Finding]:
    seen: set[str] = set()
    for i, s in enumerate(safety_settings(req)):
        cat = name_of(s.category)
        if cat is not None:
            if cat in seen:
                yield report("GW605", ("safetySettings", i, "category"), f"a second setting for {cat}", "keep one threshold per category")
            seen.add(cat)


@rule(
    code="GW606",
    name="safety-threshold-required",
    severity="error",
    summary="A safety setting has no threshold (or no category).",
    why="A setting says which threshold applies to which category; half of it is refused.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/safety.proto — category and threshold are both "Required."',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/safety.proto",
    since="0.1.0",
    reads=("safety_settings",),
    clean=lambda req, ctx: None not in ctx.once(categories) and UNSET not in map(THRESHOLD, safety_settings(req)),
    bad=body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT"}]),
    good=body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "OFF"}]),
    breaks=lambda p, d: set_safety(p, [{"category": "HARM_CATEGORY_HARASSMENT"}]),
)
def safety_threshold_required(req: Any, ctx: Context) -> Iterable[Finding]:
    examples = {"category": '"category": "HARM_CATEGORY_HARASSMENT"', "threshold": '"threshold": "BLOCK_ONLY_HIGH"'}
    for i, s in enumerate(safety_settings(req)):
        for name, example in examples.items():
            if not given(getattr(s, name)):
                yield report("GW606", ("safetySettings", i, name), f"a safety setting without {name}", f"add {example}")


@rule(
    code="GW607",
    name="model-armor-exclusive",
    severity="error",
    dialects=("vertex",),
    summary="modelArmorConfig is combined with safetySettings.",
    why="With Model Armor, safety settings must not be supplied.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/prediction_service.proto — "If supplied, safety_settings must not be supplied."',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/prediction_service.proto",
    since="0.1.0",
    reads=("model_armor_config",),
    bad=body(modelArmorConfig={"promptTemplateName": "projects/p/locations/l/templates/t"}, safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "OFF"}]),
    good=body(modelArmorConfig={"promptTemplateName": "projects/p/locations/l/templates/t"}),
    example_dialect="vertex",
    breaks=lambda p, d: {**p, "modelArmorConfig": {"promptTemplateName": "projects/p/locations/l/templates/t"}, "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", **OK}]},
)
def model_armor_exclusive(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(getattr(req, "model_armor_config", UNSET)) and safety_settings(req):
        yield report("GW607", ("safetySettings",), "safetySettings beside modelArmorConfig", "drop safetySettings; Model Armor templates decide")
