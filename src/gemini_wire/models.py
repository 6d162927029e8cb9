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
    # Per API family ("gemini", "vertex"): True accepted, False refused; a missing family is not known.
    penalties: dict[str, bool] = {}
    logprobs: dict[str, bool] = {}
    system_instruction: bool | None = None
    function_calling: bool | None = None
    json_mode: bool | None = None
    media_resolution: bool | None = None
    max_images: int | None = None  # per request
    json_with_functions: bool | None = None  # responseMimeType application/json beside functionDeclarations
    json_with_built_in_tools: bool | None = None  # ... beside Google Search, URL context, code execution
    function_response_parts: bool | None = None  # functionResponse.parts (multimodal function responses)
    output_modalities: tuple[str, ...] | None = None  # what responseModalities may ask for; TEXT when unset
    sources: tuple[str, ...] = ()


GEMINI_3_DOC = "https://ai.google.dev/gemini-api/docs/gemini-3"
# Text-only outputs: Vertex AI's model pages list "Output: Text"; a text model asked for images
# answered "Model does not support the requested response modalities: image,text".
TEXT_ONLY = ("TEXT",)
MODALITIES_SOURCE = "https://github.com/Laisky/one-api/issues/45"

# The first profile whose pattern matches the bare model id is the model's: specific families
# (TTS, image models) come before the general ones, and the last rows only say a generation.
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
        # "The requested combination of response modalities (TEXT) is not supported by the model.
        # models/gemini-2.5-flash-preview-tts accepts the following combination of response modalities: * AUDIO"
        family="gemini-2.5-tts",
        pattern=r"gemini-2\.5-.*-tts(-.*)?",
        output_modalities=("AUDIO",),
        sources=("https://github.com/danielmiessler/Fabric/issues/1607", "https://github.com/BerriAI/litellm/issues/11118"),
    ),
    Profile(
        family="gemini-2.5-flash-image",
        pattern=r"gemini-2\.5-flash-image.*",
        output_modalities=("TEXT", "IMAGE"),
        sources=("https://ai.google.dev/gemini-api/docs/image-generation",),
    ),
    Profile(
        family="gemini-3-pro-image",
        pattern=r"gemini-3(\.\d+)?-pro-image.*",
        output_modalities=("TEXT", "IMAGE"),
        sources=("https://ai.google.dev/gemini-api/docs/image-generation",),
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
        # Not the -exp, image-generation and thinking previews, which are other models.
        family="gemini-2.0-flash",
        pattern=r"gemini-2\.0-flash(?!-lite|-exp|-preview-image|-thinking).*",
        max_output_tokens=8192,
        top_k_max=40,
        thinking=False,
        thinking_levels=(),
        penalties={"gemini": True, "vertex": True},
        logprobs={"gemini": True, "vertex": True},
        json_with_functions=True,  # accepted in real traffic (issue 10)
        output_modalities=TEXT_ONLY,
        sources=(
            "https://github.com/genkit-ai/genkit/issues/1397",
            "https://github.com/googleapis/js-genai/issues/681",
            "https://github.com/SillyTavern/SillyTavern/issues/3015",
            "https://github.com/stackblitz-labs/bolt.diy/issues/955",
            MODALITIES_SOURCE,
        ),
    ),
    Profile(
        # Penalties: the Gemini API answers "Penalty is not enabled for models/gemini-2.5-pro";
        # Vertex AI accepted presencePenalty and frequencyPenalty on gemini-2.5-pro in real traffic.
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
        penalties={"gemini": False, "vertex": True},
        json_with_built_in_tools=False,
        output_modalities=TEXT_ONLY,
        sources=(
            "https://github.com/BerriAI/litellm/pull/10548",
            "https://github.com/lobehub/lobehub/pull/8122",
            "https://github.com/juspay/neurolink/pull/1707",
            "https://github.com/SillyTavern/SillyTavern/issues/3015",
            "https://github.com/snailyp/gemini-balance/issues/264",
            "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-pro",
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
        penalties={"gemini": False},
        output_modalities=TEXT_ONLY,
        sources=(
            "https://github.com/snailyp/gemini-balance/issues/195",
            "https://github.com/juspay/neurolink/pull/1707",
            "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash-lite",
        ),
    ),
    Profile(
        # JSON beside functions: "Function calling with a response mime type: 'application/json'
        # is unsupported". Log probabilities: Vertex AI answered them for gemini-2.5-flash in real
        # traffic (pydantic-ai cassettes); the Gemini API's answer is not known.
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
        penalties={"gemini": False},
        logprobs={"vertex": True},
        json_with_functions=False,
        json_with_built_in_tools=False,
        output_modalities=TEXT_ONLY,
        sources=(
            "https://github.com/BerriAI/litellm/pull/10548",
            "https://github.com/snailyp/gemini-balance/issues/195",
            "https://github.com/juspay/neurolink/pull/1707",
            "https://github.com/googleapis/python-genai/issues/867",
            "https://github.com/snailyp/gemini-balance/issues/264",
            "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash",
        ),
    ),
    Profile(
        # Gemini 3 combines structured output with function calling and built-in tools (its
        # docs; accepted for 3 Flash and 3 Pro previews in ../shared/traffic).
        family="gemini-3-pro",
        pattern=r"gemini-3(\.\d+)?-pro.*",
        max_images=900,
        max_output_tokens=65536,
        max_candidate_count=1,
        thinking=True,
        thinking_levels=("LOW", "HIGH"),
        json_with_functions=True,
        json_with_built_in_tools=True,
        sources=(
            "https://github.com/juspay/neurolink/pull/1707",
            "https://github.com/vercel/ai/blob/7e719f0ffd7412b8a3666b220ba7460ee1182844/packages/google/src/__fixtures__/issue-22372-live-errors.json",
            "https://github.com/genkit-ai/genkit/issues/546",
            "https://docs.cloud.google.com/vertex-ai/generative-ai/docs/multimodal/image-understanding",
            GEMINI_3_DOC,
        ),
    ),
    Profile(
        family="gemini-3-flash",
        pattern=r"gemini-3(\.\d+)?-flash.*",
        max_output_tokens=65536,
        max_candidate_count=1,
        thinking=True,
        thinking_levels=("MINIMAL", "LOW", "MEDIUM", "HIGH"),
        json_with_functions=True,
        json_with_built_in_tools=True,
        sources=("https://github.com/juspay/neurolink/pull/1707", GEMINI_3_DOC),
    ),
    # Other models of a generation: only what the generation says (before Gemini 3: no
    # functionResponse.parts, no per-part media resolution; GW220).
    Profile(family="gemini-2", pattern=r"gemini-2\.\d.*"),
    Profile(family="gemini-1", pattern=r"gemini-1\.\d.*|gemini-pro(-vision)?"),
]

# The largest output limit of any profile: above it, every known model refuses (GW309).
MAX_OUTPUT_TOKENS = max(p.max_output_tokens for p in PROFILES if p.max_output_tokens)

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
