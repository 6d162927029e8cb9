"""The generation config (GW3xx) against the named model's profile (models.py)."""

from __future__ import annotations

from gemini_wire.rules.base import declare
from gemini_wire.rules.edits import (
    TOOLS,
    add_tool,
    api,
    body,
    gc,
    name_model,
    no_cache,
    set_gc,
    without_functions,
)

MAX_OUTPUT_TOKENS_RANGE = declare(
    code="GW309",
    name="max-output-tokens-range",
    severity="error",
    summary="maxOutputTokens is below 1, or above the named model's output limit (a warning above every known model's limit when the model is not known).",
    why='The server answers "the supported range is from 1 (inclusive) to N (exclusive)"; Google\'s model pages give each limit. '
            "A warning where a model's limit is only reported (models.toml).",
    evidence='400 "Unable to submit request because it has a maxOutputTokens value of 65536 but the supported range is from 1 (inclusive) to 65536 (exclusive)." '
             "(Vertex AI, gemini-2.5-pro-exp-03-25, 2025-05-04); Google's pages: \"Maximum output tokens: 65,535 (default)\" (2.5 Flash), "
             '"Maximum output tokens: 65,536 (default)" (2.5 Flash-Lite, 2025-08-27: https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash-lite)',
    source="https://github.com/BerriAI/litellm/pull/10548",
    since="0.1.0",
    checked_by=("codegen/limits.toml", "gemini_wire.checks.per_model"),
    bad=gc(maxOutputTokens=65536),
    good=gc(maxOutputTokens=8192),
    example_model="gemini-2.0-flash-001",
    breaks=lambda p, d: name_model(p, d, "gemini-2.0-flash", maxOutputTokens=8193),
)


CANDIDATE_COUNT_MODEL = declare(
    code="GW310",
    name="candidate-count-model",
    severity="error",
    summary="candidateCount is above what the named model can return (a warning for Gemini 3 on Vertex AI).",
    why='Gemini 3.x models answer "Multiple candidates is not enabled for this model" on the Gemini API; Vertex AI took four '
            "candidates from gemini-3.1-pro-preview, so there it is a warning. 2.5 models take 1 to 8.",
    evidence='400 "Multiple candidates is not enabled for this model" on the Gemini API: gemini-3-pro-preview '
             "(https://github.com/googleapis/python-genai/issues/1723, 2025-11-18); gemini-3.1-flash-lite, gemini-3-flash-preview, "
             "gemini-3.1-pro-preview (https://github.com/googleapis/js-genai/issues/1609, 2026-05-18); accepted: candidate_count 4 on "
             "gemini-3.1-pro-preview on Vertex AI (python-genai issue 1723, 2026-04-10); \"candidateCount: 1-8\" (Google's 2.5 Flash page). "
             'Replaces "candidateCount must be 1" (genkit issue 546, which predates Gemini 3)',
    source="https://github.com/googleapis/js-genai/issues/1609",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=gc(candidateCount=2),
    good=gc(candidateCount=1),
    example_model="models/gemini-3-pro-preview",
    breaks=lambda p, d: name_model(p, d, "gemini-3-pro-preview", candidateCount=2),
)


TOP_K_MODEL = declare(
    code="GW311",
    name="top-k-model",
    severity="error",
    summary="topK is above the named model's range.",
    why='Google\'s pages give 2.5 models "topK: 64 (fixed)"; the server answers "topK value of 50 but the supported range is from 1 '
            '(inclusive) to 41 (exclusive)" for 40-topK models. A warning where a limit is only reported (2.0 Flash).',
    evidence='"topK: 64 (fixed)" (Google\'s pages of gemini-2.5-flash, -pro and -flash-lite: '
             "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash); the 400 \"Unable to submit request because it has a "
             'topK value of 50 but the supported range is from 1 (inclusive) to 41 (exclusive)." was gemini-1.5-flash\'s '
             "(https://github.com/genkit-ai/genkit/issues/1397, 2024-11-25); for 2.0 Flash only a reported 400 on gemini-2.0-flash-exp "
             "(https://github.com/Robitx/gp.nvim/issues/241, 2025-01-02), so a warning",
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=gc(topK=65),
    good=gc(topK=64),
    example_dialect="vertex",
    example_model="publishers/google/models/gemini-2.5-flash",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-flash", topK=65),
)


THINKING_UNSUPPORTED = declare(
    code="GW312",
    name="thinking-unsupported",
    severity="error",
    summary="thinkingConfig is set for a model that does not think.",
    why='The server answers "thinking is not supported by this model" (2.0 Flash) and "Thinking is not enabled for this model" '
            "(2.5 Flash Image). A warning where a refusal is only reported (Gemma 3).",
    evidence='400 "Unable to submit request because thinking is not supported by this model." (gemini-2.0-flash, js-genai issue 681, 2025-06-12); '
             '"Thinking is not enabled for this model" (gemini-2.5-flash-image, https://github.com/anomalyco/models.dev/issues/576, 2025-12-27); '
             "Gemma 3: a reported 400 without the server's words (llm-gemini issue 116), a warning",
    source="https://github.com/googleapis/js-genai/issues/681",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=gc(thinkingConfig={"thinkingBudget": 1024}),
    good=gc(),
    example_model="gemini-2.0-flash",
    breaks=lambda p, d: name_model(p, d, "gemini-2.0-flash", thinkingConfig={"thinkingBudget": 128}),
)


THINKING_BUDGET_MODEL = declare(
    code="GW313",
    name="thinking-budget-model",
    severity="error",
    summary="thinkingBudget is outside the named model's range (-1 means dynamic), or 0 for a model that cannot turn thinking off.",
    why="2.5 Pro takes 128..32768 and cannot turn thinking off; 2.5 Flash 0..24576; 2.5 Flash-Lite 0 or 512..24576. "
            "3.5 Flash-Lite refuses 0 (reported without the server's words: a warning); 3.6 to 3.8 Flash take it.",
    evidence='Google\'s thinking page: "Gemini 2.5 Pro | 128 | 32,768", "Gemini 2.5 Flash | 1 | 24,576", "Gemini 2.5 Flash-Lite | 512 | 24,576" '
             "(https://cloud.google.com/vertex-ai/generative-ai/docs/thinking); 400 \"Unable to submit request because The model does not support "
             'setting thinking_budget to 0" (gemini-2.5-pro, https://github.com/earendil-works/pi/issues/3460, 2026-04-20); 0 on '
             "gemini-3.5-flash-lite: 400 \"Request contains an invalid argument.\" to a request that differs from an accepted one by the budget "
             "alone (pydantic/logfire's recorded call, 2026-09-09), first a 400 reproduced by the SDK's team without the server's words "
             "(https://github.com/googleapis/python-genai/issues/2936, 2026-09-08); accepted on 3.6 to 3.8 Flash (https://github.com/maragudk/gai/pull/369, 2026-09-16)",
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/thinking",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=gc(thinkingConfig={"thinkingBudget": 0}),
    good=gc(thinkingConfig={"thinkingBudget": 128}),
    example_model="gemini-2.5-pro",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-pro", thinkingConfig={"thinkingBudget": 0}),
)


THINKING_LEVEL_MODEL = declare(
    code="GW314",
    name="thinking-level-model",
    severity="error",
    summary="thinkingLevel is set for a model that does not take it, or to a level it does not offer.",
    why="Each model takes its own thinking levels (Gemini 3 Pro LOW and HIGH, 3.1 Pro LOW to HIGH, Gemma 4 MINIMAL and HIGH); "
            "models without thinking refuse thinkingLevel. An error where the server's refusal is quoted, a warning where only a 400 "
            "is reported (models.toml); nothing for 2.5 Flash, which refused it in January 2026 and took it since.",
    evidence='400 "Thinking level MINIMAL is not supported for this model." (gemini-3.1-pro-preview, 2026-05-30); '
             '400 "Unable to submit request because thinking_level MEDIUM is not supported by this model." (gemini-3-pro-preview, 2025-12-17); '
             "accepted: thinkingLevel LOW on gemini-2.5-flash (google-genai 3.6.1 test_thinking_level), newer than its refusal "
             "(https://github.com/RooCodeInc/Roo-Code/issues/10700, 2026-01-13); "
             '400 "Thinking level is not supported for this model." (gemini-2.5-flash-lite, pydantic/logfire\'s recorded call, 2026-09-09; '
             "the Interactions API took its thinking_level, GW909)",
    source="https://github.com/vellum-ai/vellum-assistant/pull/32687",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=gc(thinkingConfig={"thinkingLevel": "MINIMAL"}),
    good=gc(thinkingConfig={"thinkingLevel": "LOW"}),
    example_dialect="vertex",
    example_model="gemini-3-pro-preview",
    breaks=lambda p, d: name_model(p, d, "gemini-3-pro-preview", thinkingConfig={"thinkingLevel": "MINIMAL"}),
)


PENALTIES_MODEL = declare(
    code="GW315",
    name="penalties-model",
    severity="error",
    summary="A non-zero presencePenalty or frequencyPenalty for a model that does not take penalties on this API.",
    why='The Gemini API answers "Penalty is not enabled for models/..." for 2.5 models, while Vertex AI takes them on 2.5 Pro and '
            "both APIs on 2.0 Flash. A warning when the model, or its verdict on this API, is not known or only reported.",
    evidence='400 "Penalty is not enabled for models/gemini-2.5-flash" on the Gemini API (https://github.com/BerriAI/litellm/pull/32273, 2026-07-06; '
             "also 2.5 Pro and 2.5 Flash-Lite); accepted: penalties on gemini-2.0-flash-001 on both APIs (google-genai 3.6.1 "
             "test_penalty_gemini_2_0_flash), on gemini-2.5-pro on Vertex AI (issue 10); Gemini 3: \"Penalty is not enabled for this model\" "
             "reported without the model (https://github.com/google-gemini/cookbook/issues/1290, 2026-07-17), a warning",
    source="https://github.com/SillyTavern/SillyTavern/issues/3015",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=gc(presencePenalty=0.5),
    good=gc(presencePenalty=0),
    example_model="gemini-2.5-flash",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-flash", presencePenalty=0.5),
)


LOGPROBS_MODEL = declare(
    code="GW316",
    name="logprobs-model",
    severity="warning",
    summary="responseLogprobs is asked of a model that may not support it (an error where the model is known to refuse on this API).",
    why='Many models answer "Logprobs is not enabled for models/..."; 2.0 Flash supports it, and 2.5 Flash on Vertex AI but not on the Gemini API.',
    evidence='400 "Logprobs is not enabled for models/gemini-2.5-flash" on the Gemini API, expected by Google\'s own SDK test table '
             "(google-genai 3.6.1 test_logprobs_zero_with_response_logprobs_true), which expects success on Vertex AI: per model and API; "
             "a warning where the verdict is not known",
    source="https://github.com/mscraftsman/generative-ai/issues/135",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=gc(responseLogprobs=True),
    good=gc(),
    example_model="gemini-2.5-pro",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-pro", responseLogprobs=True),
)


MODEL_FEATURE_UNSUPPORTED = declare(
    code="GW317",
    name="model-feature-unsupported",
    severity="error",
    summary="The named model does not support a feature the request uses (system instruction, function calling, JSON mode, media resolution).",
    why='Gemma 3 models on the Gemini API answer "<Feature> is not enabled for models/gemma-3-27b-it". A warning where a refusal '
            "is only reported (models.toml).",
    evidence='400 "Developer instruction is not enabled for models/gemma-3-27b-it", "Function calling is not enabled for models/gemma-3-27b-it", '
             '"JSON mode is not enabled for models/gemma-3-27b-it" (https://github.com/vercel/ai/issues/8080, 2025-08-15), '
             '"Media resolution is not enabled for models/gemma-3-12b-it" (https://github.com/simonw/llm-gemini/issues/118, 2025-12-18)',
    source="https://github.com/BerriAI/litellm/issues/10313",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=body(systemInstruction={"parts": [{"text": "Be brief."}]}),
    good=body(),
    example_model="gemma-3-27b-it",
    breaks=lambda p, d: {**no_cache(name_model(p, d, "gemma-3-27b-it")), "systemInstruction": {"parts": [{"text": "Be brief."}]}},
)


JSON_MODE_WITH_FUNCTIONS = declare(
    code="GW326",
    name="json-mode-with-functions",
    severity="warning",
    summary="responseMimeType application/json together with function declarations.",
    why='2.5 Flash and Flash-Lite answer "Function calling with a response mime type: \'application/json\' is unsupported"; '
            "2.0 Flash and Gemini 3 accept it. An error where the refusal is quoted, a warning when not known.",
    evidence='400 "Function calling with a response mime type: \'application/json\' is unsupported" on gemini-2.5-flash '
             "(https://github.com/symfony/ai/issues/1777, 2026-03-16; python-genai issue 867, 2025-05-27) and gemini-2.5-flash-lite "
             "(https://github.com/analyticalrohit/ai-blog-generator/issues/17, 2025-11-20); accepted on gemini-2.0-flash (issue 10) and Gemini 3 "
             "(https://ai.google.dev/gemini-api/docs/gemini-3), so the verdict is per model",
    source="https://github.com/symfony/ai/issues/1777",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=body(tools=TOOLS, generationConfig={"responseMimeType": "application/json"}),
    good=body(tools=TOOLS),
    breaks=lambda p, d: set_gc(add_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), responseMimeType="application/json"),
)


JSON_MODE_WITH_BUILT_IN_TOOLS = declare(
    code="GW327",
    name="json-mode-with-built-in-tools",
    severity="error",
    summary="responseMimeType application/json together with a built-in tool (Google Search, URL context, code execution, Maps).",
    why='2.5 models answer "Tool use with a response mime type: \'application/json\' is unsupported"; Gemini 3 combines '
            "structured output with built-in tools. An error where the refusal is quoted, a warning when the model is not known.",
    evidence='400 "Tool use with a response mime type: \'application/json\' is unsupported" (2.5 models, Gemini CLI, 2025-07-28); https://ai.google.dev/gemini-api/docs/gemini-3 — Gemini 3 combines structured output with built-in tools',
    source="https://github.com/snailyp/gemini-balance/issues/264",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=body(tools=[{"googleSearch": {}}], generationConfig={"responseMimeType": "application/json"}),
    good=body(tools=[{"googleSearch": {}}]),
    example_model="gemini-2.5-flash",
    breaks=lambda p, d: add_tool(without_functions(name_model(p, d, "gemini-2.5-flash", responseMimeType="application/json")), {"googleSearch": {}}),
)


RESPONSE_MODALITIES_MODEL = declare(
    code="GW328",
    name="response-modalities-model",
    severity="error",
    summary="responseModalities asks the named model for an output it cannot produce (AUDIO from a text model; TEXT, or no responseModalities, from a TTS model).",
    why="Each model answers in a fixed set of modalities; TTS models only in AUDIO, text models only in TEXT, image models in TEXT and IMAGE. "
            "A warning where a model's set is only reported (models.toml).",
    evidence='400 "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-2.5-flash-preview-tts accepts the following combination of response modalities: * AUDIO" (2025-07-12); '
             'the same for gemini-2.5-pro-preview-tts without responseModalities (https://github.com/BerriAI/litellm/issues/11118, 2025-06-01); '
             '"Model does not support the requested response modalities: image,text" (gemini-2.0-flash)',
    source="https://github.com/danielmiessler/Fabric/issues/1607",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    # Without responseModalities the model answers in text: nothing to say when it can.
    bad=gc(responseModalities=["TEXT"]),
    good=gc(responseModalities=["AUDIO"]),
    example_model="gemini-2.5-flash-preview-tts",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-flash-preview-tts", responseModalities=["TEXT"]),
)


UNKNOWN_MODEL = declare(
    code="GW329",
    name="unknown-model",
    severity="info",
    summary="The named model (--model, the URL's or the request's model field) is not one that Google's docs or the SDK name: per-model rules are skipped, or only its family's are checked.",
    why="Per-model limits come from the model's profile (models.toml); a typo (gemini-2.0-flsh) would otherwise pass every per-model rule in silence.",
    evidence="a notice, not a refusal: the server answers an unknown model with 404 NOT_FOUND, but a new model may be one gemini-wire does not know yet",
    source="https://ai.google.dev/gemini-api/docs/models",
    since="0.2.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=body(model="models/gemini-2.0-flsh"),
    good=body(model="models/gemini-2.0-flash"),
    breaks=lambda p, d: {**p, "model": "models/gemini-0.0-zz" if api(d) == "gemini" else "projects/p/locations/l/publishers/google/models/gemini-0.0-zz"},
)
