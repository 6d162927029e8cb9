"""safetySettings: categories the API lets a request configure (GW604), one setting each
(GW605), each with its threshold (GW606); never beside modelArmorConfig (GW607)."""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from gemini_wire.rules.safety import SAFETY_CATEGORIES
from gemini_wire.strategies.generic import Dialect, Payload, api, enum_names, has, message, optional

BUILT = frozenset({"category", "threshold"})


@cache
def _settings(dialect: Dialect, depth: int) -> tuple[st.SearchStrategy[list[str]], st.SearchStrategy[str], st.SearchStrategy[Payload]]:
    """Categories (a list without repeats), a threshold, and a setting's other fields."""
    allowed = sorted(SAFETY_CATEGORIES[api(dialect)] & set(enum_names(dialect, "HarmCategory")))
    categories = st.lists(st.sampled_from(allowed), unique=True, max_size=3)
    thresholds = st.sampled_from(enum_names(dialect, "HarmBlockThreshold"))
    return categories, thresholds, message(dialect, "SafetySetting", True, depth, BUILT)


@st.composite
def safety_settings(draw: st.DrawFn, dialect: Dialect, depth: int) -> list[Payload]:
    """A list of safety settings, at most one a category."""
    categories, thresholds, rest = _settings(dialect, depth)
    return [draw(rest) | {"category": c, "threshold": draw(thresholds)} for c in draw(categories)]


@cache
def safety(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """The request's safety fields: safetySettings, or (where there is one) modelArmorConfig."""
    settings = optional({"safetySettings": safety_settings(dialect, depth - 1)})
    if not has(dialect, "GenerateContentRequest", "modelArmorConfig"):
        return settings
    armor = st.fixed_dictionaries({"modelArmorConfig": message(dialect, "ModelArmorConfig", True, depth - 1)})
    return st.one_of(settings, armor)
