"""Model profiles: per model family, the limits that depend on the model, each with its source.

A profile is matched from any spelling of a model name: `gemini-2.5-flash`, `gemini-2.5-flash-001`,
`models/gemini-2.5-flash`, `publishers/google/models/gemini-2.5-flash`, a full Vertex AI resource
name, or a `-preview-…` / `-latest` variant. `None` in a profile means "not known": no finding is
made from it.
"""

from __future__ import annotations

import functools
import re

import msgspec

RULES_MD = "https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto"


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    """What one model family accepts."""

    family: str
    pattern: str  # a regular expression matched against the bare model id
    max_output_tokens: int | None = None
    max_candidate_count: int | None = None
    top_k_max: int | None = None
    thinking: bool | None = None  # accepts thinkingConfig at all
    thinking_budget: tuple[int, int] | None = None  # inclusive range when thinking is on
    thinking_budget_zero: bool | None = None  # 0 (thinking off) is accepted
    thinking_levels: tuple[str, ...] | None = None  # () when thinkingLevel is refused
    penalties: bool | None = None
    logprobs: bool | None = None
    system_instruction: bool | None = None
    function_calling: bool | None = None
    json_mode: bool | None = None
    media_resolution: bool | None = None
    max_images: int | None = None  # per request
    sources: tuple[str, ...] = ()


PROFILES: list[Profile] = [
    Profile(
        family="gemma-3",
        pattern=r"gemma-3(n)?-.*",
        system_instruction=False,
        function_calling=False,
        json_mode=False,
        media_resolution=False,
        thinking=False,
        sources=(
            "https://github.com/stackblitz-labs/bolt.diy/issues/1824",
            "https://github.com/BerriAI/litellm/issues/10313",
            "https://github.com/simonw/llm-gemini/issues/116",
        ),
    ),
    Profile(
        family="gemini-2.0-flash-lite",
        pattern=r"gemini-2\.0-flash-lite.*",
        max_output_tokens=8192,
        top_k_max=40,
        thinking=False,
        thinking_levels=(),
        sources=(
            "https://github.com/genkit-ai/genkit/issues/1397",
            "https://github.com/googleapis/js-genai/issues/681",
        ),
    ),
    Profile(
        family="gemini-2.0-flash",
        pattern=r"gemini-2\.0-flash(?!-lite).*",
        max_output_tokens=8192,
        top_k_max=40,
        thinking=False,
        thinking_levels=(),
        penalties=True,
        logprobs=True,
        sources=(
            "https://github.com/genkit-ai/genkit/issues/1397",
            "https://github.com/googleapis/js-genai/issues/681",
            "https://github.com/SillyTavern/SillyTavern/issues/3015",
        ),
    ),
    Profile(
        family="gemini-2.5-pro",
        pattern=r"gemini-2\.5-pro.*",
        max_images=3000,
        max_output_tokens=65535,
        max_candidate_count=8,
        top_k_max=64,
        thinking=True,
        thinking_budget=(128, 32768),
        thinking_budget_zero=False,
        thinking_levels=(),
        penalties=False,
        sources=(
            "https://github.com/BerriAI/litellm/pull/10548",
            "https://github.com/lobehub/lobehub/pull/8122",
            "https://github.com/juspay/neurolink/pull/1707",
            "https://github.com/SillyTavern/SillyTavern/issues/3015",
        ),
    ),
    Profile(
        family="gemini-2.5-flash-lite",
        pattern=r"gemini-2\.5-flash-lite.*",
        max_output_tokens=65535,
        top_k_max=64,
        thinking=True,
        thinking_budget=(512, 24576),
        thinking_budget_zero=True,
        thinking_levels=(),
        penalties=False,
        sources=(
            "https://github.com/snailyp/gemini-balance/issues/195",
            "https://github.com/juspay/neurolink/pull/1707",
        ),
    ),
    Profile(
        family="gemini-2.5-flash",
        pattern=r"gemini-2\.5-flash(?!-lite)(?!-image).*",
        max_images=3000,
        max_output_tokens=65535,
        max_candidate_count=8,
        top_k_max=64,
        thinking=True,
        thinking_budget=(1, 24576),
        thinking_budget_zero=True,
        thinking_levels=(),
        penalties=False,
        sources=(
            "https://github.com/BerriAI/litellm/pull/10548",
            "https://github.com/snailyp/gemini-balance/issues/195",
            "https://github.com/juspay/neurolink/pull/1707",
        ),
    ),
    Profile(
        family="gemini-3-pro",
        pattern=r"gemini-3(\.\d+)?-pro.*",
        max_images=900,
        max_candidate_count=1,
        thinking=True,
        thinking_levels=("LOW", "HIGH"),
        sources=(
            "https://github.com/juspay/neurolink/pull/1707",
            "https://github.com/vercel/ai/blob/7e719f0ffd7412b8a3666b220ba7460ee1182844/packages/google/src/__fixtures__/issue-22372-live-errors.json",
            "https://github.com/genkit-ai/genkit/issues/546",
            "https://docs.cloud.google.com/vertex-ai/generative-ai/docs/multimodal/image-understanding",
        ),
    ),
    Profile(
        family="gemini-3-flash",
        pattern=r"gemini-3(\.\d+)?-flash.*",
        max_candidate_count=1,
        thinking=True,
        thinking_levels=("MINIMAL", "LOW", "MEDIUM", "HIGH"),
        sources=("https://github.com/juspay/neurolink/pull/1707",),
    ),
]

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
