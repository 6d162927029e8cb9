"""Lint's checks of safety settings, caching and labels (GW6xx).

Each is registered on its rule, declared in `gemini_wire.rules.safety`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec import UNSET

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import (
    Context,
    given,
    name_of,
)
from gemini_wire.findings import Finding, Key, excerpt
from gemini_wire.rules.safety import (
    CACHE_NAME,
    CACHED_CONTENT_EXCLUSIVE,
    CACHED_CONTENT_NAME,
    LABELS_FORMAT,
    MODEL_ARMOR_EXCLUSIVE,
    SAFETY_CATEGORIES,
    SAFETY_CATEGORY_DUPLICATE,
    SAFETY_CATEGORY_SUPPORTED,
    SAFETY_THRESHOLD_REQUIRED,
    label_text_ok,
)

CACHE_EXAMPLE = {"gemini": "cachedContents/abc123", "vertex": "projects/my-project/locations/us-central1/cachedContents/123"}


MAX_LABELS = 64


def safety_settings(req: Any) -> list[Any]:
    return list(req.safety_settings) if given(req.safety_settings) else []


@check(LABELS_FORMAT, reads=("labels",))
def labels_format(req: Any, ctx: Context) -> Iterable[Finding]:
    labels: Any = getattr(req, "labels", UNSET)
    if not given(labels):
        return
    if len(labels) > MAX_LABELS:
        yield LABELS_FORMAT.finding(("labels",), f"{len(labels)} labels, at most {MAX_LABELS} allowed", "keep the labels your billing reports need")
    for k, v in labels.items():
        if not label_text_ok(k, key=True):
            yield LABELS_FORMAT.finding(("labels", Key(k)), f"label key {excerpt(k)} breaks the label format", "use 1-63 lower-case letters, digits, _ or -, starting with a letter")
        if not label_text_ok(v, key=False):
            yield LABELS_FORMAT.finding(("labels", Key(k)), f"label value {excerpt(v)} breaks the label format", "use at most 63 lower-case letters, digits, _ or -")


@check(CACHED_CONTENT_NAME, reads=("cached_content",))
def cached_content_name(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(req.cached_content) and not CACHE_NAME[ctx.dialect].fullmatch(req.cached_content):
        yield CACHED_CONTENT_NAME.finding(("cachedContent",), f"{excerpt(req.cached_content)} is not a {ctx.dialect} cache name", f"use the cache's full name, such as {CACHE_EXAMPLE[ctx.dialect]!r}")


@check(CACHED_CONTENT_EXCLUSIVE, reads=("cached_content",))
def cached_content_exclusive(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(req.cached_content):
        for attr, name in (("system_instruction", "systemInstruction"), ("tools", "tools"), ("tool_config", "toolConfig")):
            if given(getattr(req, attr)):
                yield CACHED_CONTENT_EXCLUSIVE.finding((name,), f"{name} beside cachedContent", f"put {name} into the cache when you create it, and drop it here")


def settings_clean(req: Any, ctx: Context) -> bool:
    """The clean test of GW604-GW606, run once for them all: each setting names a category that
    the dialect allows, none twice, and a threshold."""
    settings = req.safety_settings
    if settings is UNSET or settings is None:
        return True
    allowed = SAFETY_CATEGORIES[ctx.dialect]
    seen: set[str] = set()
    for s in settings:
        c = s.category
        name = getattr(c, "_name_", None) if c is not UNSET and c is not None else None  # name_of, inlined
        if name is None or name not in allowed or name in seen or s.threshold is UNSET:
            return False
        seen.add(name)
    return True


@check(SAFETY_CATEGORY_SUPPORTED, reads=("safety_settings",), clean=settings_clean)
def safety_category_supported(req: Any, ctx: Context) -> Iterable[Finding]:
    allowed = SAFETY_CATEGORIES[ctx.dialect]
    for i, s in enumerate(safety_settings(req)):
        cat = name_of(s.category)
        if cat is not None and cat not in allowed:
            yield SAFETY_CATEGORY_SUPPORTED.finding(("safetySettings", i, "category"), f"{cat} cannot be configured on {ctx.dialect}", f"use one of {', '.join(sorted(allowed))}")


@check(SAFETY_CATEGORY_DUPLICATE, reads=("safety_settings",), clean=settings_clean)
def safety_category_duplicate(req: Any, ctx: Context) -> Iterable[Finding]:
    seen: set[str] = set()
    for i, s in enumerate(safety_settings(req)):
        cat = name_of(s.category)
        if cat is not None:
            if cat in seen:
                yield SAFETY_CATEGORY_DUPLICATE.finding(("safetySettings", i, "category"), f"a second setting for {cat}", "keep one threshold per category")
            seen.add(cat)


@check(SAFETY_THRESHOLD_REQUIRED, reads=("safety_settings",), clean=settings_clean)
def safety_threshold_required(req: Any, ctx: Context) -> Iterable[Finding]:
    examples = {"category": '"category": "HARM_CATEGORY_HARASSMENT"', "threshold": '"threshold": "BLOCK_ONLY_HIGH"'}
    for i, s in enumerate(safety_settings(req)):
        for name, example in examples.items():
            if not given(getattr(s, name)):
                yield SAFETY_THRESHOLD_REQUIRED.finding(("safetySettings", i, name), f"a safety setting without {name}", f"add {example}")


@check(MODEL_ARMOR_EXCLUSIVE, reads=("model_armor_config",))
def model_armor_exclusive(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(getattr(req, "model_armor_config", UNSET)) and safety_settings(req):
        yield MODEL_ARMOR_EXCLUSIVE.finding(("safetySettings",), "safetySettings beside modelArmorConfig", "drop safetySettings; Model Armor templates decide")
