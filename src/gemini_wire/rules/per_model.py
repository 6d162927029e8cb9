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
    why='The server answers "the supported range is from 1 (inclusive) to N (exclusive)".',
    evidence='400 "Unable to submit request because it has a maxOutputTokens value of 65536 but the supported range is from 1 (inclusive) to 65536 (exclusive)."',
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
    summary="candidateCount is above what the named model can return.",
    why='Gemini 3 previews return one candidate; the server answers "candidateCount must be 1".',
    evidence='400 "candidateCount must be 1" on Gemini 3 previews (genkit issue 546)',
    source="https://github.com/genkit-ai/genkit/issues/546",
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
    why='The server answers "topK value of 50 but the supported range is from 1 (inclusive) to 41 (exclusive)".',
    evidence='400 "Unable to submit request because it has a topK value of 50 but the supported range is from 1 (inclusive) to 41 (exclusive)."',
    source="https://github.com/genkit-ai/genkit/issues/1397",
    since="0.1.0",
    checked_by=("gemini_wire.checks.per_model",),
    bad=gc(topK=41),
    good=gc(topK=40),
    example_dialect="vertex",
    example_model="publishers/google/models/gemini-2.0-flash",
    breaks=lambda p, d: name_model(p, d, "gemini-2.0-flash", topK=41),
)


THINKING_UNSUPPORTED = declare(
    code="GW312",
    name="thinking-unsupported",
    severity="error",
    summary="thinkingConfig is set for a model that does not think.",
    why='The server answers "thinking is not supported by this model".',
    evidence='400 "thinking is not supported by this model" (js-genai issue 681)',
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
    summary="thinkingBudget is outside the named model's range (-1 means dynamic).",
    why="2.5 Pro takes 128..32768 and cannot turn thinking off; 2.5 Flash 0..24576; 2.5 Flash-Lite 0 or 512..24576.",
    evidence="400 for a thinking budget outside the model's range, e.g. 0 on gemini-2.5-pro, which only works in thinking mode: https://github.com/lobehub/lobehub/pull/8122",
    source="https://github.com/lobehub/lobehub/pull/8122",
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
             "(https://github.com/RooCodeInc/Roo-Code/issues/10700, 2026-01-13)",
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
    why='The Gemini API answers "Penalty is not enabled for models/..." for 2.5 models, while Vertex AI takes them on 2.5 Pro. '
            "A warning when the model, or its verdict on this API, is not known.",
    evidence='400 "Penalty is not enabled for models/..." on the Gemini API for 2.5 models; Vertex AI accepted penalties on gemini-2.5-pro (issue 10), so the verdict is per model and API',
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
    why='Gemma models on the Gemini API answer "<Feature> is not enabled for models/gemma-3-27b-it".',
    evidence='400 "Developer instruction is not enabled for models/gemma-3-27b-it" (and "Function calling is not enabled ...")',
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
    why='2.5 Flash answers "Function calling with a response mime type: \'application/json\' is unsupported"; '
            "2.0 Flash and Gemini 3 accept it. An error for a model known to refuse, a warning when not known.",
    evidence='400 "Function calling with a response mime type: \'application/json\' is unsupported" on gemini-2.5-flash; accepted on gemini-2.0-flash and Gemini 3 (issue 10), so the verdict is per model',
    source="https://github.com/googleapis/python-genai/issues/867",
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
            "structured output with built-in tools. A warning when the model is not known.",
    evidence='400 "Tool use with a response mime type: \'application/json\' is unsupported" (2.5 models, Gemini CLI); https://ai.google.dev/gemini-api/docs/gemini-3 — Gemini 3 combines structured output with built-in tools',
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
    why="Each model answers in a fixed set of modalities; TTS models only in AUDIO, text models only in TEXT, image models in TEXT and IMAGE.",
    evidence='400 "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-2.5-flash-preview-tts accepts the following combination of response modalities: * AUDIO"; "Model does not support the requested response modalities: image,text" (gemini-2.0-flash)',
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
