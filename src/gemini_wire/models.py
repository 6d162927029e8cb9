"""Model profiles: per model family, what the model accepts, each value with its evidence.

The facts live in `models.toml` beside this module (one table a family, every value with its
source, the server's words when there are any, and the older evidence it replaced); this module
reads them once into frozen Profiles. A profile is matched from any spelling of a model name:
`gemini-2.5-flash`, `gemini-2.5-flash-001`, `models/gemini-2.5-flash`,
`publishers/google/models/gemini-2.5-flash`, a full Vertex AI resource name, or a `-preview-…` /
`-latest` variant. `None` in a profile means "not known": no finding is made from it.
"""

from __future__ import annotations

import difflib
import functools
import re
import sys
from importlib import resources
from typing import Any

import msgspec

if sys.version_info >= (3, 11):
    import tomllib
else:  # a dependency of the package on Python 3.10 (pyproject.toml)
    import tomli as tomllib

DATA = "models.toml"
# Sources that are Google's own word: its docs and reference pages, and its SDK's test tables.
GOOGLE = ("https://ai.google.dev/", "https://cloud.google.com/", "https://docs.cloud.google.com/", "google-genai ")


class Evidence(msgspec.Struct, frozen=True, kw_only=True):
    """Where a value is shown: a source, the server's or the page's words, and when."""

    value: Any
    source: str
    quote: str = ""
    date: str = ""


class Fact(msgspec.Struct, frozen=True, kw_only=True):
    """The newest evidence for one value of a profile, and the older evidence it replaced."""

    value: Any
    source: str
    quote: str = ""
    date: str = ""
    was: tuple[Evidence, ...] = ()

    @property
    def firm(self) -> bool:
        """Whether the fact can make an error: the server's words, or Google's own source."""
        return bool(self.quote) or self.source.startswith(GOOGLE)


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    """What one model family accepts."""

    family: str
    pattern: str  # a regular expression matched against the bare model id
    models: tuple[str, ...] = ()  # the names Google's docs and the SDK use for it
    max_output_tokens: int | None = None
    max_candidate_count: int | None = None
    top_k_max: int | None = None
    thinking: bool | None = None  # accepts thinkingConfig at all
    thinking_budget: tuple[int, int] | None = None  # inclusive range when thinking is on
    thinking_budget_zero: bool | None = None  # 0 (thinking off) is accepted
    thinking_levels: tuple[str, ...] | None = None  # () when thinkingLevel is refused
    thinking_levels_accepted: bool | None = None  # thinkingLevel accepted, the levels not known
    # The Interactions API's thinking_level accepted where generateContent's thinkingLevel is not
    # (it maps the level for models that think by budget); None: as generateContent's.
    interactions_thinking_level: bool | None = None
    # Per API family ("gemini", "vertex"): True accepted, False refused; a missing family is not known.
    penalties: dict[str, bool] = {}
    logprobs: dict[str, bool] = {}
    system_instruction: bool | None = None
    function_calling: bool | None = None
    json_mode: bool | None = None
    media_resolution: bool | None = None
    part_media_resolution: bool | None = None  # Part.mediaResolution
    max_images: int | None = None  # per request
    json_with_functions: bool | None = None  # responseMimeType application/json beside functionDeclarations
    json_with_built_in_tools: bool | None = None  # ... beside Google Search, URL context, code execution
    function_response_parts: bool | None = None  # functionResponse.parts (multimodal function responses)
    output_modalities: tuple[str, ...] | None = None  # what responseModalities may ask for; TEXT when unset
    facts: dict[str, Fact] = {}  # the evidence of each value, by field ("penalties.gemini" for a per-API one)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source of the profile's values, each once."""
        return tuple(dict.fromkeys(f.source for f in self.facts.values()))

    def firm(self, name: str) -> bool:
        """Whether the value named can make an error (models.Fact.firm); False when not known."""
        fact = self.facts.get(name)
        return fact is not None and fact.firm


def read(text: str) -> list[Profile]:
    """The profiles of a models.toml document, in its order."""
    document = tomllib.loads(text)
    named: dict[str, str] = document.get("sources", {})
    profiles = []
    for row in document["family"]:
        values: dict[str, Any] = {}
        facts: dict[str, Fact] = {}
        for key, fact in row.items():
            if not isinstance(fact, dict):
                continue
            facts[key] = msgspec.convert(fact, Fact)
            field, _, api = key.partition(".")
            value = tuple(fact["value"]) if isinstance(fact["value"], list) else fact["value"]
            if api:
                values.setdefault(field, {})[api] = value
            else:
                values[field] = value
        source = row.get("models_source", "")
        facts["models"] = Fact(value=row["models"], source=named.get(source, source))
        profiles.append(Profile(family=row["name"], pattern=row["pattern"], models=tuple(row["models"]), facts=facts, **values))
    return profiles


# The first profile whose pattern matches the bare model id is the model's: specific families
# (TTS, image models) come before the general ones, and the last rows only say a generation.
PROFILES: list[Profile] = read(resources.files(__package__).joinpath(DATA).read_text(encoding="utf-8"))

# The largest output limit of any profile: above it, every known model refuses (GW309).
MAX_OUTPUT_TOKENS = max(p.max_output_tokens for p in PROFILES if p.max_output_tokens)
KNOWN_MODELS = tuple(dict.fromkeys(m for p in PROFILES for m in p.models))

RESOURCE = re.compile(r"(?:.*/)?models/([^/:]+)|^(?:publishers/[^/]+/models/)?([^/:]+)$")


def model_id(name: str) -> str:
    """The bare model id in any spelling of a model name (lower case, no path, no method)."""
    text = name.strip().split(":", 1)[0]
    m = RESOURCE.match(text)
    bare = (m.group(1) or m.group(2)) if m else text.rsplit("/", 1)[-1]
    return bare.lower()


@functools.lru_cache(maxsize=256)
def profile(name: str | None) -> Profile | None:
    """The profile of a model name, or None for no name or an unknown model."""
    if not name:
        return None
    bare = model_id(name)
    for p in PROFILES:
        if re.fullmatch(p.pattern, bare):
            return p
    return None


def closest(name: str) -> str | None:
    """The known model name nearest to an unknown one (a typo's fix), or None when none is near."""
    found = difflib.get_close_matches(model_id(name), KNOWN_MODELS, n=1, cutoff=0.6)
    return found[0] if found else None


@functools.lru_cache(maxsize=256)
@functools.lru_cache(maxsize=256)  # lint asks it of every request that names a model
def known(name: str) -> bool:
    """Whether a name is a model that Google's docs or the SDK name, or a version of one
    (`gemini-2.5-flash-001`, `-preview-09-2025`): not a typo, not a model of the future."""
    bare = model_id(name)
    return any(bare == m or bare.startswith(f"{m}-") for m in KNOWN_MODELS)
