"""Lint's checks of the generation config (GW3xx) against the named model's profile (models.py).

Each is registered on its rule, declared in `gemini_wire.rules.per_model`; `unknown_model` makes
GW329, which lint adds after the rule pass."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec import UNSET

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import (
    BUILT_IN,
    Context,
    contents_of,
    declarations,
    for_model,
    generation,
    generation_clean,
    given,
    is_gemini_3,
    name_of,
    thinking,
    weight,
)
from gemini_wire.endpoints import API_TITLES
from gemini_wire.findings import Finding, Path, excerpt
from gemini_wire.models import MAX_OUTPUT_TOKENS, Profile, closest, model_id
from gemini_wire.rules.per_model import (
    CANDIDATE_COUNT_MODEL,
    JSON_MODE_WITH_BUILT_IN_TOOLS,
    JSON_MODE_WITH_FUNCTIONS,
    LOGPROBS_MODEL,
    MAX_OUTPUT_TOKENS_RANGE,
    MODEL_FEATURE_UNSUPPORTED,
    PENALTIES_MODEL,
    RESPONSE_MODALITIES_MODEL,
    THINKING_BUDGET_MODEL,
    THINKING_LEVEL_MODEL,
    THINKING_UNSUPPORTED,
    TOP_K_MODEL,
    UNKNOWN_MODEL,
)


@check(MAX_OUTPUT_TOKENS_RANGE, reads=("generation_config.max_output_tokens",), clean=generation_clean)
def max_output_tokens_model(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    g, p = generation(req), ctx.profile
    if g is None or not given(g.max_output_tokens):
        return out
    path = ("generationConfig", "maxOutputTokens")
    if p and p.max_output_tokens:
        if g.max_output_tokens > p.max_output_tokens:
            out.append(MAX_OUTPUT_TOKENS_RANGE.finding(path, f"{for_model(ctx)} writes at most {p.max_output_tokens} tokens", f"use at most {p.max_output_tokens}", severity=weight(p, "max_output_tokens")))
    elif g.max_output_tokens > MAX_OUTPUT_TOKENS:
        out.append(MAX_OUTPUT_TOKENS_RANGE.finding(path, f"no known model writes more than {MAX_OUTPUT_TOKENS} tokens", f"use at most {MAX_OUTPUT_TOKENS}, or name the model to check", severity="warning"))
    return out


@check(
    CANDIDATE_COUNT_MODEL,
    reads=("generation_config.candidate_count",),
    clean=generation_clean,
    models=lambda p: p is not None and bool(p.max_candidate_count),
)
def candidate_count_model(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    g, p = generation(req), ctx.profile
    if g is not None and given(g.candidate_count) and p and p.max_candidate_count and g.candidate_count > p.max_candidate_count:
        # Gemini 3's refusals are the Gemini API's; Vertex AI took four candidates from 3.1 Pro.
        severity = "warning" if ctx.dialect == "vertex" and is_gemini_3(ctx) else weight(p, "max_candidate_count")
        out.append(CANDIDATE_COUNT_MODEL.finding(("generationConfig", "candidateCount"), f"{for_model(ctx)} returns at most {p.max_candidate_count} candidate(s)", f"use at most {p.max_candidate_count}", severity=severity))
    return out


@check(TOP_K_MODEL, reads=("generation_config.top_k",), models=lambda p: p is not None and bool(p.top_k_max), clean=generation_clean)
def top_k_model(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    g, p = generation(req), ctx.profile
    if g is not None and given(g.top_k) and p and p.top_k_max and g.top_k > p.top_k_max:
        out.append(TOP_K_MODEL.finding(("generationConfig", "topK"), f"{for_model(ctx)} takes topK up to {p.top_k_max}", f"use at most {p.top_k_max}", severity=weight(p, "top_k_max")))
    return out


@check(
    THINKING_UNSUPPORTED,
    reads=("generation_config.thinking_config",),
    models=lambda p: p is not None and p.thinking is False,
)
def thinking_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    if thinking(req) is not None and ctx.profile and ctx.profile.thinking is False:
        yield THINKING_UNSUPPORTED.finding(("generationConfig", "thinkingConfig"), f"{for_model(ctx)} does not think", "remove thinkingConfig, or pick a 2.5 or 3 model", severity=weight(ctx.profile, "thinking"))


@check(
    THINKING_BUDGET_MODEL,
    reads=("generation_config.thinking_config",),
    clean=generation_clean,
    models=lambda p: p is not None and (p.thinking_budget is not None or p.thinking_budget_zero is False),
)
def thinking_budget_model(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    tc, p = thinking(req), ctx.profile
    if tc is None or not given(tc.thinking_budget) or p is None:
        return out
    budget, path = tc.thinking_budget, ("generationConfig", "thinkingConfig", "thinkingBudget")
    if budget == 0 and p.thinking_budget_zero is False:
        out.append(THINKING_BUDGET_MODEL.finding(path, f"{for_model(ctx)} cannot turn thinking off with a budget of 0", "use a budget above 0, or -1 for a dynamic one", severity=weight(p, "thinking_budget_zero")))
        return out
    if p.thinking_budget is None:
        return out
    lo, hi = p.thinking_budget
    if budget == -1 or lo <= budget <= hi or (budget == 0 and p.thinking_budget_zero):
        return out
    off = " or 0 to turn thinking off" if p.thinking_budget_zero else ""
    out.append(THINKING_BUDGET_MODEL.finding(path, f"{for_model(ctx)} takes a thinking budget of {lo}..{hi}{off}, not {budget}", f"use a budget from {lo} to {hi}, or -1 for a dynamic one", severity=weight(p, "thinking_budget")))
    return out


@check(
    THINKING_LEVEL_MODEL,
    reads=("generation_config.thinking_config",),
    models=lambda p: p is not None and p.thinking_levels is not None,
)
def thinking_level_model(req: Any, ctx: Context) -> Iterable[Finding]:
    tc, p = thinking(req), ctx.profile
    level = name_of(getattr(tc, "thinking_level", UNSET)) if tc is not None else None
    if level is None or p is None or p.thinking_levels is None:
        return
    path = ("generationConfig", "thinkingConfig", "thinkingLevel")
    severity = weight(p, "thinking_levels")
    if not p.thinking_levels:
        yield THINKING_LEVEL_MODEL.finding(path, f"{for_model(ctx)} does not take thinkingLevel", "leave thinkingLevel out for this model", severity=severity)
    elif level not in p.thinking_levels:
        yield THINKING_LEVEL_MODEL.finding(path, f"{for_model(ctx)} offers thinking levels {', '.join(p.thinking_levels)}, not {level}", f"use one of {', '.join(p.thinking_levels)}", severity=severity)


@check(PENALTIES_MODEL, reads=("generation_config.presence_penalty", "generation_config.frequency_penalty"))
def penalties_model(req: Any, ctx: Context) -> Iterable[Finding]:
    g, p = generation(req), ctx.profile
    verdict = p.penalties.get(ctx.dialect) if p else None
    if g is None or verdict is True:
        return
    for attr, name in (("presence_penalty", "presencePenalty"), ("frequency_penalty", "frequencyPenalty")):
        value = getattr(g, attr)
        if given(value) and value != 0:
            if verdict is None:
                who = f"{for_model(ctx)} on {API_TITLES[ctx.dialect]}" if ctx.model else "most models"
                yield PENALTIES_MODEL.finding(("generationConfig", name), f"{name} may be refused by {who}", "name a model known to take penalties, or leave it out", severity="warning")
            elif p is not None:
                yield PENALTIES_MODEL.finding(("generationConfig", name), f"{for_model(ctx)} does not take {name} on {API_TITLES[ctx.dialect]}", "leave it out", severity=weight(p, f"penalties.{ctx.dialect}"))


@check(LOGPROBS_MODEL, reads=("generation_config.response_logprobs",))
def logprobs_model(req: Any, ctx: Context) -> Iterable[Finding]:
    g, p = generation(req), ctx.profile
    verdict = p.logprobs.get(ctx.dialect) if p is not None else None
    if g is not None and g.response_logprobs is True and verdict is not True:
        who = for_model(ctx) if ctx.model else "most models"
        refused = verdict is False and p is not None and p.firm(f"logprobs.{ctx.dialect}")
        yield LOGPROBS_MODEL.finding(("generationConfig", "responseLogprobs"), f"log probabilities are not enabled for {who}", "check the model supports them (2.0 Flash does), or leave responseLogprobs out", severity="error" if refused else None)


@check(
    MODEL_FEATURE_UNSUPPORTED,
    reads=("system_instruction", "tool.function_declarations", "generation_config.response_mime_type", "generation_config.response_schema", "generation_config.media_resolution"),
    models=lambda p: p is not None and False in (p.system_instruction, p.function_calling, p.json_mode, p.media_resolution),
)
def model_feature_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    p = ctx.profile
    if p is None:
        return
    g = generation(req)
    uses = [
        ("system_instruction", p.system_instruction, given(req.system_instruction), ("systemInstruction",), "system instructions"),
        ("function_calling", p.function_calling, bool(ctx.once(declarations)), ("tools",), "function calling"),
        ("json_mode", p.json_mode, g is not None and (g.response_mime_type == "application/json" or given(g.response_schema)), ("generationConfig", "responseMimeType"), "JSON mode"),
        ("media_resolution", p.media_resolution, g is not None and given(g.media_resolution), ("generationConfig", "mediaResolution"), "media resolution"),
    ]
    for fact, supported, used, path, feature in uses:
        if supported is False and used:
            yield MODEL_FEATURE_UNSUPPORTED.finding(path, f"{feature} is not enabled for {for_model(ctx)}", f"remove it, or use a Gemini model for {feature}", severity=weight(p, fact))


@check(JSON_MODE_WITH_FUNCTIONS, reads=("generation_config.response_mime_type",))
def json_mode_with_functions(req: Any, ctx: Context) -> Iterable[Finding]:
    g = generation(req)
    verdict = ctx.profile.json_with_functions if ctx.profile else None
    if verdict is not True and g is not None and g.response_mime_type == "application/json" and bool(ctx.once(declarations)):
        yield JSON_MODE_WITH_FUNCTIONS.finding(("generationConfig", "responseMimeType"), "JSON mode beside function declarations", "ask for JSON in a turn without tools, or use a model that takes both (Gemini 3)", severity="error" if verdict is False and ctx.profile is not None and ctx.profile.firm("json_with_functions") else None)


@check(JSON_MODE_WITH_BUILT_IN_TOOLS, reads=("generation_config.response_mime_type",))
def json_mode_with_built_in_tools(req: Any, ctx: Context) -> Iterable[Finding]:
    g = generation(req)
    verdict = ctx.profile.json_with_built_in_tools if ctx.profile else None
    if verdict is True or g is None or g.response_mime_type != "application/json" or not given(req.tools):
        return
    for i, tool in enumerate(req.tools):
        for attr, name in BUILT_IN.items():
            if given(getattr(tool, attr, UNSET)):
                yield JSON_MODE_WITH_BUILT_IN_TOOLS.finding(("tools", i, name), f"{name} beside responseMimeType application/json", "drop the JSON MIME type and ask for JSON in the prompt, or use a Gemini 3 model", severity="error" if verdict is False and ctx.profile is not None and ctx.profile.firm("json_with_built_in_tools") else "warning")


@check(
    RESPONSE_MODALITIES_MODEL,
    reads=("generation_config", "contents"),
    clean=lambda req, ctx: ctx.profile is not None and "TEXT" in (ctx.profile.output_modalities or ()) and getattr(generation(req), "response_modalities", UNSET) is UNSET,
    models=lambda p: p is not None and p.output_modalities is not None,
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
            yield RESPONSE_MODALITIES_MODEL.finding((*path, i) if asked else path, f"{for_model(ctx)} cannot answer in {m}", f"ask for {', '.join(p.output_modalities)}", severity=weight(p, "output_modalities"))


def unknown_model(name: str, profile: Profile | None, path: Path) -> Finding:
    """GW329 for a model name that Google's docs and the SDK do not name, with the closest known
    name, and what is checked for it: its generation's facts, or no per-model rule at all."""
    near = closest(name)
    scope = f"only what is known of its family ({profile.family}) is checked" if profile else "per-model rules are skipped"
    hint = f"did you mean {near}? ({scope})" if near else f"{scope}; check the name against https://ai.google.dev/gemini-api/docs/models"
    return UNKNOWN_MODEL.finding(path, f"{excerpt(model_id(name))} is not a model gemini-wire knows", hint)
