"""The generation config (GW3xx) against the named model's profile (models.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec import UNSET

from gemini_wire.endpoints import API_TITLES
from gemini_wire.findings import Finding, Path, excerpt
from gemini_wire.models import MAX_OUTPUT_TOKENS, Profile, closest, model_id
from gemini_wire.rules.base import declare, rule
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
from gemini_wire.rules.walk import (
    BUILT_IN,
    Context,
    contents_of,
    declarations,
    for_model,
    generation,
    given,
    name_of,
    report,
    thinking,
    weight,
)


@rule(
    code="GW309",
    name="max-output-tokens-range",
    severity="error",
    summary="maxOutputTokens is below 1, or above the named model's output limit (a warning above every known model's limit when the model is not known).",
    why='The server answers "the supported range is from 1 (inclusive) to N (exclusive)".',
    evidence='400 "Unable to submit request because it has a maxOutputTokens value of 65536 but the supported range is from 1 (inclusive) to 65536 (exclusive)."',
    source="https://github.com/BerriAI/litellm/pull/10548",
    since="0.1.0",
    checked_by=("lint", "limits"),
    reads=("generation_config.max_output_tokens",),
    bad=gc(maxOutputTokens=65536),
    good=gc(maxOutputTokens=8192),
    example_model="gemini-2.0-flash-001",
    breaks=lambda p, d: name_model(p, d, "gemini-2.0-flash", maxOutputTokens=8193),
)
def max_output_tokens_model(req: Any, ctx: Context) -> Iterable[Finding]:
    g, p = generation(req), ctx.profile
    if g is None or not given(g.max_output_tokens):
        return
    path = ("generationConfig", "maxOutputTokens")
    if p and p.max_output_tokens:
        if g.max_output_tokens > p.max_output_tokens:
            yield report("GW309", path, f"{for_model(ctx)} writes at most {p.max_output_tokens} tokens", f"use at most {p.max_output_tokens}")
    elif g.max_output_tokens > MAX_OUTPUT_TOKENS:
        yield report("GW309", path, f"no known model writes more than {MAX_OUTPUT_TOKENS} tokens", f"use at most {MAX_OUTPUT_TOKENS}, or name the model to check", severity="warning")


@rule(
    code="GW310",
    name="candidate-count-model",
    severity="error",
    summary="candidateCount is above what the named model can return.",
    why='Gemini 3 previews return one candidate; the server answers "candidateCount must be 1".',
    evidence='400 "candidateCount must be 1" on Gemini 3 previews (genkit issue 546)',
    source="https://github.com/genkit-ai/genkit/issues/546",
    since="0.1.0",
    reads=("generation_config.candidate_count",),
    models=lambda p: p is not None and bool(p.max_candidate_count),
    bad=gc(candidateCount=2),
    good=gc(candidateCount=1),
    example_model="models/gemini-3-pro-preview",
    breaks=lambda p, d: name_model(p, d, "gemini-3-pro-preview", candidateCount=2),
)
def candidate_count_model(req: Any, ctx: Context) -> Iterable[Finding]:
    g, p = generation(req), ctx.profile
    if g is not None and given(g.candidate_count) and p and p.max_candidate_count and g.candidate_count > p.max_candidate_count:
        yield report("GW310", ("generationConfig", "candidateCount"), f"{for_model(ctx)} returns at most {p.max_candidate_count} candidate(s)", f"use at most {p.max_candidate_count}")


@rule(
    code="GW311",
    name="top-k-model",
    severity="error",
    summary="topK is above the named model's range.",
    why='The server answers "topK value of 50 but the supported range is from 1 (inclusive) to 41 (exclusive)".',
    evidence='400 "Unable to submit request because it has a topK value of 50 but the supported range is from 1 (inclusive) to 41 (exclusive)."',
    source="https://github.com/genkit-ai/genkit/issues/1397",
    since="0.1.0",
    reads=("generation_config.top_k",),
    models=lambda p: p is not None and bool(p.top_k_max),
    bad=gc(topK=41),
    good=gc(topK=40),
    example_dialect="vertex",
    example_model="publishers/google/models/gemini-2.0-flash",
    breaks=lambda p, d: name_model(p, d, "gemini-2.0-flash", topK=41),
)
def top_k_model(req: Any, ctx: Context) -> Iterable[Finding]:
    g, p = generation(req), ctx.profile
    if g is not None and given(g.top_k) and p and p.top_k_max and g.top_k > p.top_k_max:
        yield report("GW311", ("generationConfig", "topK"), f"{for_model(ctx)} takes topK up to {p.top_k_max}", f"use at most {p.top_k_max}")


@rule(
    code="GW312",
    name="thinking-unsupported",
    severity="error",
    summary="thinkingConfig is set for a model that does not think.",
    why='The server answers "thinking is not supported by this model".',
    evidence='400 "thinking is not supported by this model" (js-genai issue 681)',
    source="https://github.com/googleapis/js-genai/issues/681",
    since="0.1.0",
    reads=("generation_config.thinking_config",),
    models=lambda p: p is not None and p.thinking is False,
    bad=gc(thinkingConfig={"thinkingBudget": 1024}),
    good=gc(),
    example_model="gemini-2.0-flash",
    breaks=lambda p, d: name_model(p, d, "gemini-2.0-flash", thinkingConfig={"thinkingBudget": 128}),
)
def thinking_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    if thinking(req) is not None and ctx.profile and ctx.profile.thinking is False:
        yield report("GW312", ("generationConfig", "thinkingConfig"), f"{for_model(ctx)} does not think", "remove thinkingConfig, or pick a 2.5 or 3 model")


@rule(
    code="GW313",
    name="thinking-budget-model",
    severity="error",
    summary="thinkingBudget is outside the named model's range (-1 means dynamic).",
    why="2.5 Pro takes 128..32768 and cannot turn thinking off; 2.5 Flash 0..24576; 2.5 Flash-Lite 0 or 512..24576.",
    evidence="400 for a thinking budget outside the model's range, e.g. 0 on gemini-2.5-pro, which only works in thinking mode: https://github.com/lobehub/lobehub/pull/8122",
    source="https://github.com/lobehub/lobehub/pull/8122",
    since="0.1.0",
    reads=("generation_config.thinking_config",),
    models=lambda p: p is not None and p.thinking_budget is not None,
    bad=gc(thinkingConfig={"thinkingBudget": 0}),
    good=gc(thinkingConfig={"thinkingBudget": 128}),
    example_model="gemini-2.5-pro",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-pro", thinkingConfig={"thinkingBudget": 0}),
)
def thinking_budget_model(req: Any, ctx: Context) -> Iterable[Finding]:
    tc, p = thinking(req), ctx.profile
    if tc is None or not given(tc.thinking_budget) or p is None or p.thinking_budget is None:
        return
    budget, (lo, hi) = tc.thinking_budget, p.thinking_budget
    if budget == -1 or lo <= budget <= hi or (budget == 0 and p.thinking_budget_zero):
        return
    off = " or 0 to turn thinking off" if p.thinking_budget_zero else ""
    yield report("GW313", ("generationConfig", "thinkingConfig", "thinkingBudget"), f"{for_model(ctx)} takes a thinking budget of {lo}..{hi}{off}, not {budget}", f"use a budget from {lo} to {hi}, or -1 for a dynamic one")


@rule(
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
    reads=("generation_config.thinking_config",),
    models=lambda p: p is not None and p.thinking_levels is not None,
    bad=gc(thinkingConfig={"thinkingLevel": "MINIMAL"}),
    good=gc(thinkingConfig={"thinkingLevel": "LOW"}),
    example_dialect="vertex",
    example_model="gemini-3-pro-preview",
    breaks=lambda p, d: name_model(p, d, "gemini-3-pro-preview", thinkingConfig={"thinkingLevel": "MINIMAL"}),
)
def thinking_level_model(req: Any, ctx: Context) -> Iterable[Finding]:
    tc, p = thinking(req), ctx.profile
    level = name_of(getattr(tc, "thinking_level", UNSET)) if tc is not None else None
    if level is None or p is None or p.thinking_levels is None:
        return
    path = ("generationConfig", "thinkingConfig", "thinkingLevel")
    severity = weight(p, "thinking_levels")
    if not p.thinking_levels:
        yield report("GW314", path, f"{for_model(ctx)} does not take thinkingLevel", "leave thinkingLevel out for this model", severity=severity)
    elif level not in p.thinking_levels:
        yield report("GW314", path, f"{for_model(ctx)} offers thinking levels {', '.join(p.thinking_levels)}, not {level}", f"use one of {', '.join(p.thinking_levels)}", severity=severity)


@rule(
    code="GW315",
    name="penalties-model",
    severity="error",
    summary="A non-zero presencePenalty or frequencyPenalty for a model that does not take penalties on this API.",
    why='The Gemini API answers "Penalty is not enabled for models/..." for 2.5 models, while Vertex AI takes them on 2.5 Pro. '
            "A warning when the model, or its verdict on this API, is not known.",
    evidence='400 "Penalty is not enabled for models/..." on the Gemini API for 2.5 models; Vertex AI accepted penalties on gemini-2.5-pro (issue 10), so the verdict is per model and API',
    source="https://github.com/SillyTavern/SillyTavern/issues/3015",
    since="0.1.0",
    reads=("generation_config.presence_penalty", "generation_config.frequency_penalty"),
    bad=gc(presencePenalty=0.5),
    good=gc(presencePenalty=0),
    example_model="gemini-2.5-flash",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-flash", presencePenalty=0.5),
)
def penalties_model(req: Any, ctx: Context) -> Iterable[Finding]:
    g = generation(req)
    verdict = ctx.profile.penalties.get(ctx.dialect) if ctx.profile else None
    if g is None or verdict is True:
        return
    for attr, name in (("presence_penalty", "presencePenalty"), ("frequency_penalty", "frequencyPenalty")):
        value = getattr(g, attr)
        if given(value) and value != 0:
            if verdict is None:
                who = f"{for_model(ctx)} on {API_TITLES[ctx.dialect]}" if ctx.model else "most models"
                yield report("GW315", ("generationConfig", name), f"{name} may be refused by {who}", "name a model known to take penalties, or leave it out", severity="warning")
            else:
                yield report("GW315", ("generationConfig", name), f"{for_model(ctx)} does not take {name} on {API_TITLES[ctx.dialect]}", "leave it out")


@rule(
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
    reads=("generation_config.response_logprobs",),
    bad=gc(responseLogprobs=True),
    good=gc(),
    example_model="gemini-2.5-pro",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-pro", responseLogprobs=True),
)
def logprobs_model(req: Any, ctx: Context) -> Iterable[Finding]:
    g, p = generation(req), ctx.profile
    verdict = p.logprobs.get(ctx.dialect) if p is not None else None
    if g is not None and g.response_logprobs is True and verdict is not True:
        who = for_model(ctx) if ctx.model else "most models"
        refused = verdict is False and p is not None and p.firm(f"logprobs.{ctx.dialect}")
        yield report("GW316", ("generationConfig", "responseLogprobs"), f"log probabilities are not enabled for {who}", "check the model supports them (2.0 Flash does), or leave responseLogprobs out", severity="error" if refused else None)


@rule(
    code="GW317",
    name="model-feature-unsupported",
    severity="error",
    summary="The named model does not support a feature the request uses (system instruction, function calling, JSON mode, media resolution).",
    why='Gemma models on the Gemini API answer "<Feature> is not enabled for models/gemma-3-27b-it".',
    evidence='400 "Developer instruction is not enabled for models/gemma-3-27b-it" (and "Function calling is not enabled ...")',
    source="https://github.com/BerriAI/litellm/issues/10313",
    since="0.1.0",
    reads=("system_instruction", "tool.function_declarations", "generation_config.response_mime_type", "generation_config.response_schema", "generation_config.media_resolution"),
    models=lambda p: p is not None and False in (p.system_instruction, p.function_calling, p.json_mode, p.media_resolution),
    bad=body(systemInstruction={"parts": [{"text": "Be brief."}]}),
    good=body(),
    example_model="gemma-3-27b-it",
    breaks=lambda p, d: {**no_cache(name_model(p, d, "gemma-3-27b-it")), "systemInstruction": {"parts": [{"text": "Be brief."}]}},
)
def model_feature_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    p = ctx.profile
    if p is None:
        return
    g = generation(req)
    uses = [
        (p.system_instruction, given(req.system_instruction), ("systemInstruction",), "system instructions"),
        (p.function_calling, bool(ctx.once(declarations)), ("tools",), "function calling"),
        (p.json_mode, g is not None and (g.response_mime_type == "application/json" or given(g.response_schema)), ("generationConfig", "responseMimeType"), "JSON mode"),
        (p.media_resolution, g is not None and given(g.media_resolution), ("generationConfig", "mediaResolution"), "media resolution"),
    ]
    for supported, used, path, feature in uses:
        if supported is False and used:
            yield report("GW317", path, f"{feature} is not enabled for {for_model(ctx)}", f"remove it, or use a Gemini model for {feature}")


@rule(
    code="GW326",
    name="json-mode-with-functions",
    severity="warning",
    summary="responseMimeType application/json together with function declarations.",
    why='2.5 Flash answers "Function calling with a response mime type: \'application/json\' is unsupported"; '
            "2.0 Flash and Gemini 3 accept it. An error for a model known to refuse, a warning when not known.",
    evidence='400 "Function calling with a response mime type: \'application/json\' is unsupported" on gemini-2.5-flash; accepted on gemini-2.0-flash and Gemini 3 (issue 10), so the verdict is per model',
    source="https://github.com/googleapis/python-genai/issues/867",
    since="0.1.0",
    reads=("generation_config.response_mime_type",),
    bad=body(tools=TOOLS, generationConfig={"responseMimeType": "application/json"}),
    good=body(tools=TOOLS),
    breaks=lambda p, d: set_gc(add_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), responseMimeType="application/json"),
)
def json_mode_with_functions(req: Any, ctx: Context) -> Iterable[Finding]:
    g = generation(req)
    verdict = ctx.profile.json_with_functions if ctx.profile else None
    if verdict is not True and g is not None and g.response_mime_type == "application/json" and bool(ctx.once(declarations)):
        yield report("GW326", ("generationConfig", "responseMimeType"), "JSON mode beside function declarations", "ask for JSON in a turn without tools, or use a model that takes both (Gemini 3)", severity="error" if verdict is False else None)


@rule(
    code="GW327",
    name="json-mode-with-built-in-tools",
    severity="error",
    summary="responseMimeType application/json together with a built-in tool (Google Search, URL context, code execution, Maps).",
    why='2.5 models answer "Tool use with a response mime type: \'application/json\' is unsupported"; Gemini 3 combines '
            "structured output with built-in tools. A warning when the model is not known.",
    evidence='400 "Tool use with a response mime type: \'application/json\' is unsupported" (2.5 models, Gemini CLI); https://ai.google.dev/gemini-api/docs/gemini-3 — Gemini 3 combines structured output with built-in tools',
    source="https://github.com/snailyp/gemini-balance/issues/264",
    since="0.1.0",
    reads=("generation_config.response_mime_type",),
    bad=body(tools=[{"googleSearch": {}}], generationConfig={"responseMimeType": "application/json"}),
    good=body(tools=[{"googleSearch": {}}]),
    example_model="gemini-2.5-flash",
    breaks=lambda p, d: add_tool(without_functions(name_model(p, d, "gemini-2.5-flash", responseMimeType="application/json")), {"googleSearch": {}}),
)
def json_mode_with_built_in_tools(req: Any, ctx: Context) -> Iterable[Finding]:
    g = generation(req)
    verdict = ctx.profile.json_with_built_in_tools if ctx.profile else None
    if verdict is True or g is None or g.response_mime_type != "application/json" or not given(req.tools):
        return
    for i, tool in enumerate(req.tools):
        for attr, name in BUILT_IN.items():
            if given(getattr(tool, attr, UNSET)):
                yield report("GW327", ("tools", i, name), f"{name} beside responseMimeType application/json", "drop the JSON MIME type and ask for JSON in the prompt, or use a Gemini 3 model", severity="error" if verdict is False else "warning")


@rule(
    code="GW328",
    name="response-modalities-model",
    severity="error",
    summary="responseModalities asks the named model for an output it cannot produce (AUDIO from a text model; TEXT, or no responseModalities, from a TTS model).",
    why="Each model answers in a fixed set of modalities; TTS models only in AUDIO, text models only in TEXT, image models in TEXT and IMAGE.",
    evidence='400 "The requested combination of response modalities (TEXT) is not supported by the model. models/gemini-2.5-flash-preview-tts accepts the following combination of response modalities: * AUDIO"; "Model does not support the requested response modalities: image,text" (gemini-2.0-flash)',
    source="https://github.com/danielmiessler/Fabric/issues/1607",
    since="0.1.0",
    reads=("generation_config", "contents"),
    models=lambda p: p is not None and p.output_modalities is not None,
    # Without responseModalities the model answers in text: nothing to say when it can.
    clean=lambda req, ctx: "TEXT" in ctx.profile.output_modalities and getattr(generation(req), "response_modalities", UNSET) is UNSET,
    bad=gc(responseModalities=["TEXT"]),
    good=gc(responseModalities=["AUDIO"]),
    example_model="gemini-2.5-flash-preview-tts",
    breaks=lambda p, d: name_model(p, d, "gemini-2.5-flash-preview-tts", responseModalities=["TEXT"]),
)
def response_modalities_model(req: Any, ctx: Context) -> Iterable[Finding]:
    g, p = generation(req), ctx.profile
    if p is None or p.output_modalities is None or (g is None and not contents_of(req)):
        return  # (a request with neither is refused for that: GW204)
    asked = [name_of(m) for m in g.response_modalities] if g is not None and given(g.response_modalities) else []
    path: Path = ("generationConfig", "responseModalities")
    # Without responseModalities the model answers in text, which a TTS model cannot do.
    for i, m in enumerate(asked or ["TEXT"]):
        if m is not None and m not in p.output_modalities:
            yield report("GW328", (*path, i) if asked else path, f"{for_model(ctx)} cannot answer in {m}", f"ask for {', '.join(p.output_modalities)}")


declare(
    code="GW329",
    name="unknown-model",
    severity="info",
    summary="The named model (--model, the URL's or the request's model field) is not one that Google's docs or the SDK name: per-model rules are skipped, or only its family's are checked.",
    why="Per-model limits come from the model's profile (models.toml); a typo (gemini-2.0-flsh) would otherwise pass every per-model rule in silence.",
    evidence="a notice, not a refusal: the server answers an unknown model with 404 NOT_FOUND, but a new model may be one gemini-wire does not know yet",
    source="https://ai.google.dev/gemini-api/docs/models",
    since="0.2.0",
    bad=body(model="models/gemini-2.0-flsh"),
    good=body(model="models/gemini-2.0-flash"),
    breaks=lambda p, d: {**p, "model": "models/gemini-0.0-zz" if api(d) == "gemini" else "projects/p/locations/l/publishers/google/models/gemini-0.0-zz"},
)


def unknown_model(name: str, profile: Profile | None, path: Path) -> Finding:
    """GW329 for a model name that Google's docs and the SDK do not name, with the closest known
    name, and what is checked for it: its generation's facts, or no per-model rule at all."""
    near = closest(name)
    scope = f"only what is known of its family ({profile.family}) is checked" if profile else "per-model rules are skipped"
    hint = f"did you mean {near}? ({scope})" if near else f"{scope}; check the name against https://ai.google.dev/gemini-api/docs/models"
    return report("GW329", path, f"{excerpt(model_id(name))} is not a model gemini-wire knows", hint)
