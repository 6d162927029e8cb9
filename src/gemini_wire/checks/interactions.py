"""Lint's checks of an Interactions API request (GW9xx, declared in gemini_wire.rules.interactions).

They read the request's JSON: the Interactions wire has one spelling, so a key is its field, and a
path is the one the user wrote. They run once the codec has decoded the request (a request the
schema refuses has only the codec's findings), from a registry of their own: lint.py's rule pass
and its census are generateContent's, so its checks never see an Interactions request, nor these
a generateContent one. `refined` gives the codec's refusal of a key that a rule here explains
(generation_config beside agent) that rule's finding, and a refused penalty the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator
from typing import Any

import msgspec

from gemini_wire.checks.schemas import schema_nodes
from gemini_wire.checks.walk import weight
from gemini_wire.findings import Finding, Key, Path, excerpt
from gemini_wire.models import Profile, closest, known, model_id, profile
from gemini_wire.rules.base import Rule
from gemini_wire.rules.interactions import (
    AGENT_MODEL_FIELD,
    CHAIN_NOT_STORED,
    DEPRECATED,
    DEPRECATED_FIELD,
    FUNCTION_CALL_STEP_UNANSWERED,
    FUNCTION_CALL_STEP_UNSIGNED,
    FUNCTION_PARAMETERS_SCHEMA,
    FUNCTION_RESULT_STEP_UNNAMED,
    FUNCTION_RESULT_WITHOUT_CALL,
    INTERACTIONS_THINKING_LEVEL_MODEL,
    INTERACTIONS_UNKNOWN_MODEL,
    RESPONSE_FORMAT_BESIDE_DEPRECATED,
    THOUGHT_STEP_UNSIGNED,
)
from gemini_wire.rules.structure import UNKNOWN_FIELD

Request = dict[str, Any]
# A check: the request's JSON and the named model's profile (None: no known model) -> findings.
Check = Callable[[Request, Profile | None], Iterable[Finding]]
CHECKS: dict[str, Check] = {}

JSON_SCHEMA_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})
# Keys the SDK refuses beside an agent (google-genai 3.6.1 _gaos/interactions.py), and beside a model.
AGENT_ONLY = ("agent_config",)
MODEL_ONLY = ("generation_config", "cached_content")
PENALTIES = ("presence_penalty", "frequency_penalty")


def check(rule: Rule) -> Callable[[Check], Check]:
    """Register the decorated function as the check of `rule` (an Interactions rule)."""

    def register(function: Check) -> Check:
        assert rule.code not in CHECKS, f"{rule.code} has two checks"
        CHECKS[rule.code] = function
        return function

    return register


def lint_request(data: bytes | str, selected: Container[str] | None = None) -> list[Finding]:
    """The findings of the checks `selected` (all when None) on a request the codec decoded."""
    req = parsed(data)
    if req is None:
        return []
    name = req.get("model")
    p = profile(name) if isinstance(name, str) else None
    out: list[Finding] = []
    for code, run in CHECKS.items():
        if selected is None or code in selected:
            out.extend(run(req, p))
    return out


def parsed(data: bytes | str) -> Request | None:
    try:
        value = msgspec.json.decode(data)
    except (msgspec.DecodeError, UnicodeError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def refined(findings: list[Finding], data: bytes | str, selected: Container[str] | None = None) -> list[Finding]:
    """The codec's findings, those of a key refused for a reason a rule here knows told so: a
    model's key beside an agent (GW901, when selected) and a penalty (its hint)."""
    if not any(f.code == UNKNOWN_FIELD.code for f in findings):
        return findings
    req = parsed(data)
    if req is None:
        return findings
    return [told(f, req, selected) if f.code == UNKNOWN_FIELD.code else f for f in findings]


def without_unknown_keys(findings: list[Finding], data: bytes | str) -> bytes | None:
    """The request without the keys the codec refused as unknown (GW102, or GW901 that tells
    one), when those are all it refused: the rest for the checks to read in the same pass, so
    that fixing a key does not bring other findings to light. None when anything else was
    refused, or a key's place is not found."""
    if not findings or any(f.code not in (UNKNOWN_FIELD.code, AGENT_MODEL_FIELD.code) or not f.loc for f in findings):
        return None
    req = parsed(data)
    if req is None:
        return None
    for f in findings:
        node: Any = req
        for step in f.loc[:-1]:
            node = node[step] if isinstance(node, list) and isinstance(step, int) and step < len(node) else node.get(step) if isinstance(node, dict) else None
        if not isinstance(node, dict) or f.loc[-1] not in node:
            return None
        del node[f.loc[-1]]
    return msgspec.json.encode(req)


def told(f: Finding, req: Request, selected: Container[str] | None) -> Finding:
    key = f.loc[-1] if f.loc else None
    if len(f.loc) == 1 and (selected is None or AGENT_MODEL_FIELD.code in selected):
        if key in MODEL_ONLY and "agent" in req:
            return AGENT_MODEL_FIELD.finding(f.loc, f"an agent takes no {key}", "configure the agent with agent_config, or name a model instead of the agent")
        if key in AGENT_ONLY and "agent" not in req:
            return AGENT_MODEL_FIELD.finding(f.loc, f"a model takes no {key}", "set the model's settings in generation_config, or name the agent that agent_config configures")
    if key in PENALTIES and f.loc[:-1] in ((), ("generation_config",)):
        # generateContent's GenerationConfig has presencePenalty and frequencyPenalty; this API's has neither.
        hint = "leave it out: the Interactions API has no penalties (its generation_config lacks presence_penalty and frequency_penalty, which generateContent's has)"
        return msgspec.structs.replace(f, hint=hint)
    return f


# --------------------------------------------------------------------------- the envelope


@check(RESPONSE_FORMAT_BESIDE_DEPRECATED)
def response_format_beside_deprecated(req: Request, p: Profile | None) -> Iterator[Finding]:
    if "response_format" not in req:
        return
    for key in ("response_mime_type", "response_modalities"):
        if key in req:
            yield RESPONSE_FORMAT_BESIDE_DEPRECATED.finding((key,), f"{key} is deprecated, and response_format is given too", f"leave {key} out: {DEPRECATED[(key,)]}")


@check(DEPRECATED_FIELD)
def deprecated_field(req: Request, p: Profile | None) -> Iterator[Finding]:
    for path, instead in DEPRECATED.items():
        if len(path) == 1 and "response_format" in req and path[0] in ("response_mime_type", "response_modalities"):
            continue  # GW902 says it
        holder: Any = req
        for key in path[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and path[-1] in holder:
            yield DEPRECATED_FIELD.finding(path, f"{path[-1]} is deprecated", instead)


@check(CHAIN_NOT_STORED)
def chain_not_stored(req: Request, p: Profile | None) -> Iterator[Finding]:
    if req.get("previous_interaction_id") and req.get("store") is False:
        yield CHAIN_NOT_STORED.finding(("store",), "this interaction continues a chain but is not stored, so no later request can continue from it", "leave store out (it is true by default), or send the whole history as input steps without previous_interaction_id")


# --------------------------------------------------------------------------- the steps of input


def steps(req: Request) -> list[tuple[int, dict[str, Any]]]:
    """The steps of `input` when it is a list of steps, with their indexes."""
    given = req.get("input")
    if not isinstance(given, list):
        return []
    return [(i, s) for i, s in enumerate(given) if isinstance(s, dict) and isinstance(s.get("type"), str)]


@check(FUNCTION_RESULT_WITHOUT_CALL)
def function_result_without_call(req: Request, p: Profile | None) -> Iterator[Finding]:
    if req.get("previous_interaction_id"):
        return  # the call may be in the stored interaction
    called: set[Any] = set()
    for i, s in steps(req):
        if s["type"] == "function_call":
            called.add(s.get("id"))
        elif s["type"] == "function_result" and s.get("call_id") not in called:
            shown = excerpt(s["call_id"]) if isinstance(s.get("call_id"), str) else "its call_id"
            yield FUNCTION_RESULT_WITHOUT_CALL.finding(("input", i, "call_id"), f"no function_call step before it has the id {shown}", "give the call_id of the function_call it answers, replay that call before it, or continue with previous_interaction_id")


@check(FUNCTION_CALL_STEP_UNANSWERED)
def function_call_unanswered(req: Request, p: Profile | None) -> Iterator[Finding]:
    open_calls: dict[Any, int] = {}
    for i, s in steps(req):
        if s["type"] == "function_call":
            open_calls[s.get("id")] = i
        elif s["type"] == "function_result":
            open_calls.pop(s.get("call_id"), None)
        elif s["type"] == "user_input":
            for at in open_calls.values():
                yield FUNCTION_CALL_STEP_UNANSWERED.finding(("input", at), f"the function call is not answered before the user_input step input[{i}]", "add its function_result step (with the call's id as call_id) before the next user_input step")
            open_calls.clear()


@check(THOUGHT_STEP_UNSIGNED)
def thought_signature_missing(req: Request, p: Profile | None) -> Iterator[Finding]:
    unsigned: list[int] = []  # unsigned thought steps of the model's turn so far
    for i, s in steps(req):
        if s["type"] == "thought" and not s.get("signature"):
            unsigned.append(i)
        elif s["type"] == "user_input":
            unsigned.clear()
        elif s["type"] == "function_call" and unsigned:
            for at in unsigned:
                yield THOUGHT_STEP_UNSIGNED.finding(("input", at), "a thought step before a function call is replayed without its signature", "replay the thought step's signature as the model sent it; when the model sent none, continue with previous_interaction_id instead of replaying the steps")
            unsigned.clear()


@check(FUNCTION_CALL_STEP_UNSIGNED)
def function_call_step_unsigned(req: Request, p: Profile | None) -> Iterator[Finding]:
    if req.get("previous_interaction_id") or p is None or not p.family.startswith("gemini-3"):
        return  # a stored chain keeps its signatures on the server; other models do not ask for them
    signed = False  # a signed thought step in the model's turn so far
    for i, s in steps(req):
        if s["type"] in ("user_input", "function_result"):
            signed = False
        elif s["type"] == "thought":
            signed = signed or bool(s.get("signature"))
        elif s["type"] == "function_call":
            if not signed and not unsigned_thought_before(req, i):
                yield FUNCTION_CALL_STEP_UNSIGNED.finding(("input", i), f"{model_id(req['model'])} made this call, and no thought step with its signature comes before it", "replay the thought step (with its signature) that the model sent before the call, or continue with previous_interaction_id")
            signed = True  # parallel calls: the turn's first call carries the signature


def unsigned_thought_before(req: Request, at: int) -> bool:
    """Whether the turn of the call at `at` has a thought step without a signature (GW907's)."""
    for _, s in reversed(steps(req)[:at]):
        if s["type"] in ("user_input", "function_result"):
            return False
        if s["type"] == "thought":
            return True
    return False


@check(FUNCTION_RESULT_STEP_UNNAMED)
def function_result_step_unnamed(req: Request, p: Profile | None) -> Iterator[Finding]:
    given = steps(req)
    if all(s["type"] != "function_result" or s.get("name") for _, s in given):
        return
    names = {s.get("id"): s.get("name") for _, s in given if s["type"] == "function_call"}
    for i, s in given:
        if s["type"] == "function_result" and not s.get("name"):
            known_name = names.get(s.get("call_id"))
            hint = f'add "name": {excerpt(known_name)}, the name of the call it answers' if isinstance(known_name, str) else "add the name of the function whose call it answers"
            yield FUNCTION_RESULT_STEP_UNNAMED.finding(("input", i), "the function result does not name its function", hint)


# --------------------------------------------------------------------------- tools


@check(FUNCTION_PARAMETERS_SCHEMA)
def function_parameters_schema(req: Request, p: Profile | None) -> Iterator[Finding]:
    tools = req.get("tools")
    for i, tool in enumerate(tools if isinstance(tools, list) else []):
        if not isinstance(tool, dict) or tool.get("type") != "function" or "parameters" not in tool:
            continue
        where: Path = ("tools", i, "parameters")
        schema = tool["parameters"]
        if not isinstance(schema, dict) or schema.get("type", "object") != "object":
            yield FUNCTION_PARAMETERS_SCHEMA.finding(where, "parameters is not the schema of an object", 'give the arguments as the properties of {"type": "object", "properties": {...}}')
            continue
        if not any_wrong_type(schema):
            continue  # the common case: no paths are built
        for path, node in schema_nodes(schema, where):
            wrong = wrong_types(node)
            if wrong:
                shown = excerpt(wrong[0]) if isinstance(wrong[0], str) else excerpt(msgspec.json.encode(wrong[0]).decode())
                yield FUNCTION_PARAMETERS_SCHEMA.finding((*path, Key("type")), f"{shown} is not a JSON Schema type", f"use one of {', '.join(sorted(JSON_SCHEMA_TYPES))}")


def wrong_types(node: dict[str, Any]) -> list[Any]:
    """The values of a schema object's `type` that are not JSON Schema types (any JSON value may
    stand there: `parameters` is free JSON to the codec)."""
    kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind is not None else []
    return [k for k in kinds if not isinstance(k, str) or k not in JSON_SCHEMA_TYPES]


# The keys under which schema_nodes finds schema objects: one, a mapping of them, a list of them.
ONE_SCHEMA, NAMED_SCHEMAS, LISTED_SCHEMAS = {"items", "additionalProperties"}, {"properties", "$defs"}, {"anyOf", "oneOf", "prefixItems"}


def any_wrong_type(schema: dict[str, Any]) -> bool:
    """Whether a schema object of `schema` (those schema_nodes gives) has a wrong `type`: one walk
    of the keys each object has, without paths (they are made only for a finding)."""
    todo = [schema]
    while todo:
        node = todo.pop()
        for key, sub in node.items():
            if key == "type":
                if sub is not None and not (sub in JSON_SCHEMA_TYPES if isinstance(sub, str) else isinstance(sub, list) and not wrong_types(node)):
                    return True
            elif key in ONE_SCHEMA:
                if isinstance(sub, dict):
                    todo.append(sub)
            elif key in NAMED_SCHEMAS:
                if isinstance(sub, dict):
                    todo.extend(x for x in sub.values() if isinstance(x, dict))
            elif key in LISTED_SCHEMAS and isinstance(sub, list):
                todo.extend(x for x in sub if isinstance(x, dict))
    return False


# --------------------------------------------------------------------------- the model's profile


@check(INTERACTIONS_THINKING_LEVEL_MODEL)
def thinking_level_model(req: Request, p: Profile | None) -> Iterator[Finding]:
    config = req.get("generation_config")
    level = config.get("thinking_level") if isinstance(config, dict) else None
    if not isinstance(level, str) or p is None:
        return
    path = ("generation_config", "thinking_level")
    model = model_id(req["model"])
    if p.thinking is False:
        yield INTERACTIONS_THINKING_LEVEL_MODEL.finding(path, f"{model} does not think", "leave thinking_level out, or pick a model that thinks", severity=weight(p, "thinking"))
    elif p.thinking_levels is not None and not p.thinking_levels:
        yield INTERACTIONS_THINKING_LEVEL_MODEL.finding(path, f"{model} does not take thinking_level", "leave thinking_level out for this model", severity=weight(p, "thinking_levels"))
    elif p.thinking_levels and level.upper() not in p.thinking_levels:
        offered = ", ".join(x.lower() for x in p.thinking_levels)
        yield INTERACTIONS_THINKING_LEVEL_MODEL.finding(path, f"{model} offers thinking levels {offered}, not {level}", f"use one of {offered}", severity=weight(p, "thinking_levels"))


@check(INTERACTIONS_UNKNOWN_MODEL)
def unknown_model(req: Request, p: Profile | None) -> Iterator[Finding]:
    name = req.get("model")
    if isinstance(name, str) and name and not known(name):
        near = closest(name)
        scope = f"only what is known of its family ({p.family}) is checked" if p else "per-model rules are skipped"
        hint = f"did you mean {near}? ({scope})" if near else f"{scope}; check the name against https://ai.google.dev/gemini-api/docs/models"
        yield INTERACTIONS_UNKNOWN_MODEL.finding(("model",), f"{excerpt(model_id(name))} is not a model gemini-wire knows", hint)
