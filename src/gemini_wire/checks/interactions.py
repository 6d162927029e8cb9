"""Lint's checks of an Interactions API request (GW9xx, declared in gemini_wire.rules.interactions).

They read the request's Structs, as the codec decoded them (a request the schema refuses has only
the codec's findings): the Interactions wire has one spelling, so a field is its key, and a path
is the one the user wrote. They are registered as generateContent's are (checks.base.Registered:
`reads`, `models`, `clean`), in a registry of their own: lint.py's rule pass and its census are
generateContent's, so its checks never see an Interactions request, nor these a generateContent
one. Here `census` reads the fields that the checks read and walks the steps of `input` once for
what the checks of the steps look for (as generateContent's census tells "part.empty_text"); a
check runs only when the request has what it reads, for a model it concerns, and when its `clean`
test does not say that it would find nothing.
`refined` gives the codec's refusal of a key that a rule here explains (generation_config beside
agent) that rule's finding, and a refused penalty the reason.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from functools import partial
from typing import Any, Literal, get_args

import msgspec
from msgspec import UNSET

from gemini_wire.checks.base import Check, Clean, Registered
from gemini_wire.checks.base import check as base_check
from gemini_wire.checks.schemas import schema_nodes
from gemini_wire.checks.walk import Context, weight
from gemini_wire.findings import Finding, Key, Path, excerpt
from gemini_wire.models import Profile, closest, known, model_id, profile
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

# The request as the codec decoded it: a CreateModelInteraction or a CreateAgentInteraction.
Request = Any
# The request's JSON, where the codec refused it (`refined`, `without_unknown_keys`).
Json = dict[str, Any]
# Each rule's check, by code, in the order lint runs them in.
CHECKS: dict[str, Registered] = {}

JsonSchemaType = Literal["null", "boolean", "object", "array", "number", "string", "integer"]
JSON_SCHEMA_TYPES = frozenset(get_args(JsonSchemaType))
# Keys the SDK refuses beside an agent (google-genai 3.6.1 _gaos/interactions.py), and beside a model.
AGENT_ONLY = ("agent_config",)
MODEL_ONLY = ("generation_config", "cached_content")
PENALTIES = ("presence_penalty", "frequency_penalty")


def enter(registered: Registered) -> None:
    """Enter a check in CHECKS, the Interactions API's registry (one check a rule)."""
    assert registered.rule.code not in CHECKS, f"{registered.rule.code} has two checks"
    CHECKS[registered.rule.code] = registered


# checks.base.check into CHECKS: `reads` names a request's "field", "field.subfield" or
# "step.<fact>" of STEP_FACTS (none: always run), `models` and `clean` as for generateContent's.
check = partial(base_check, into=enter)


class Linted(Context):
    """One Interactions request under lint: the model named, and the walks its checks share
    (Context.fact, Context.once); it has no field table (that is generateContent's)."""

    __slots__ = ()

    def __init__(self, req: Request, model: str | None, model_profile: Profile | None) -> None:
        self.req = req
        self.dialect = "interactions"
        self.model = model
        self.profile = model_profile
        self.parts = []
        self.memo = {}


def lint_request(req: Request, selected: Container[str] | None = None, *, gated: bool = True) -> list[Finding]:
    """The findings of the checks `selected` (all when None) on a request the codec decoded.
    `gated=False` runs every check, even those whose fields the request lacks or that their
    `clean` test says would find nothing (for the tests that compare the two)."""
    name = getattr(req, "model", None)  # an agent's request names none
    model_profile = profile(name) if name is not None else None
    ctx = Linted(req, name, model_profile)
    chosen = select(census(req), model_profile) if gated else EVERY
    out: list[Finding] = []
    for code, run, clean in chosen:
        if selected is not None and code not in selected:
            continue
        if clean is not None and clean(req, ctx):
            continue
        out.extend(run(req, ctx))
    return out


# --------------------------------------------------------------------------- the census


def census(req: Request) -> int:
    """A bit per name of NAMES that the request has: a field (FIELDS), a field of one (NESTED), a
    fact of its steps (STEP_FACTS, "step.<fact>")."""
    seen = 0
    for field, bit in FIELDS:
        if getattr(req, field, UNSET) is not UNSET:  # an agent's request has fewer fields than a model's
            seen |= bit
    for field, inner in NESTED:
        value = getattr(req, field, UNSET)
        if value is not UNSET:
            for sub, bit in inner:
                if getattr(value, sub, UNSET) is not UNSET:
                    seen |= bit
    given = getattr(req, "input", UNSET)
    if isinstance(given, list):
        seen |= step_census(given)
    return seen


# A selected check: its rule's code, the check, and its clean test (None: none, or not gated).
Selected = tuple[str, Check, "Clean | None"]
CHOSEN: dict[tuple[int, str | None], list[Selected]] = {}


def select(seen: int, model: Profile | None) -> list[Selected]:
    """The checks that can report on a request with this census, for a model of this profile."""
    key = seen, model.pattern if model is not None else None
    chosen = CHOSEN.get(key)
    if chosen is None:
        chosen = [
            (code, c.check, c.clean)
            for code, c in CHECKS.items()
            if (not c.reads or any(seen >> NAMES.index(name) & 1 for name in c.reads)) and (c.models is None or c.models(model))
        ]
        if len(CHOSEN) < 4096:  # distinct censuses are few; never grow without bound
            CHOSEN[key] = chosen
    return chosen


def parsed(data: bytes | str) -> Json | None:
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


def told(f: Finding, req: Json, selected: Container[str] | None) -> Finding:
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


def sets(req: Request, path: tuple[str, ...]) -> bool:
    """Whether the request sets the field at `path` (an agent's request lacks some of a model's)."""
    holder: Any = req
    for key in path:
        holder = getattr(holder, key, UNSET)
        if holder is UNSET:
            return False
    return True


@check(RESPONSE_FORMAT_BESIDE_DEPRECATED, reads=("response_format",))
def response_format_beside_deprecated(req: Request, ctx: Context) -> Iterator[Finding]:
    if req.response_format is UNSET:
        return
    for key in ("response_mime_type", "response_modalities"):
        if getattr(req, key) is not UNSET:
            yield RESPONSE_FORMAT_BESIDE_DEPRECATED.finding((key,), f"{key} is deprecated, and response_format is given too", f"leave {key} out: {DEPRECATED[(key,)]}")


@check(DEPRECATED_FIELD, reads=tuple(".".join(path) for path in DEPRECATED))
def deprecated_field(req: Request, ctx: Context) -> Iterator[Finding]:
    for path, instead in DEPRECATED.items():
        if len(path) == 1 and req.response_format is not UNSET and path[0] in ("response_mime_type", "response_modalities"):
            continue  # GW902 says it
        if sets(req, path):
            yield DEPRECATED_FIELD.finding(path, f"{path[-1]} is deprecated", instead)


@check(CHAIN_NOT_STORED, reads=("previous_interaction_id",))
def chain_not_stored(req: Request, ctx: Context) -> Iterator[Finding]:
    if req.previous_interaction_id and req.store is False:
        yield CHAIN_NOT_STORED.finding(("store",), "this interaction continues a chain but is not stored, so no later request can continue from it", "leave store out (it is true by default), or send the whole history as input steps without previous_interaction_id")


# --------------------------------------------------------------------------- the steps of input
# The checks of the steps run only when the census's one walk of the steps (`step_census`) sees
# what they report: a valid conversation, the usual request, costs that walk and nothing more.

# The `type` of each class of Struct that `input` holds (a step's, or a content's), by class.
KINDS: dict[type, str] = {}


def kind(step: Any) -> str:
    found = KINDS.get(type(step))
    if found is None:
        found = KINDS[type(step)] = type(step).__struct_config__.tag
    return found


def steps(req: Request) -> Iterator[tuple[int, str, Any]]:
    """(index, type, step) of each step of `input` when it is a list of steps (a list of
    contents gives the contents, whose types no check here reads)."""
    given = req.input
    if isinstance(given, list):
        for i, s in enumerate(given):
            yield i, kind(s), s


# What the one walk of the steps (`step_census`) tells the census, as "step.<fact>": whether
# each check of the steps may have something to report (set: it may; unset: it has nothing).
STEP_FACTS = {
    "orphan_result": "a function_result whose call_id no call before it has (GW905)",
    "unanswered_call": "a call still open at a user_input step (GW906)",
    "unsigned_thought": "an unsigned thought step, then a call in the same turn (GW907)",
    "unsigned_call": "a call with no signed thought (nor call) before it in its turn (GW911)",
    "unnamed_result": "a function_result without its name (GW912)",
}


def step_census(given: list[Any]) -> int:
    """The census bits of the step facts of `input`'s steps, in one walk."""
    called: set[str] = set()
    open_calls: set[str] = set()
    signed = unsigned = False  # in the model's turn so far: a signed thought or call; an unsigned thought
    orphan = unanswered = unsigned_thought = unsigned_call = unnamed = False
    for s in given:
        k = KINDS.get(type(s)) or kind(s)
        if k == "user_input":
            if open_calls:
                unanswered = True
                open_calls.clear()
            signed = unsigned = False
        elif k == "thought":
            if s.signature:
                signed = True
            else:
                unsigned = True
        elif k == "function_call":
            called.add(s.id)
            open_calls.add(s.id)
            if unsigned:
                unsigned_thought = True
                unsigned = False
            if not signed:
                unsigned_call = True
                signed = True
        elif k == "function_result":
            if s.call_id not in called:
                orphan = True
            open_calls.discard(s.call_id)
            if not s.name:
                unnamed = True
            signed = False
    if not (orphan or unanswered or unsigned_thought or unsigned_call or unnamed):
        return 0  # the usual request
    facts = (orphan, unanswered, unsigned_thought, unsigned_call, unnamed)
    return sum(bit for bit, fact in zip(STEP_BITS, facts, strict=True) if fact)


@check(FUNCTION_RESULT_WITHOUT_CALL, reads=("step.orphan_result",))
def function_result_without_call(req: Request, ctx: Context) -> Iterator[Finding]:
    if req.previous_interaction_id:
        return  # the call may be in the stored interaction
    called: set[Any] = set()
    for i, k, s in ctx.once(steps):
        if k == "function_call":
            called.add(s.id)
        elif k == "function_result" and s.call_id not in called:
            yield FUNCTION_RESULT_WITHOUT_CALL.finding(("input", i, "call_id"), f"no function_call step before it has the id {excerpt(s.call_id)}", "give the call_id of the function_call it answers, replay that call before it, or continue with previous_interaction_id")


@check(FUNCTION_CALL_STEP_UNANSWERED, reads=("step.unanswered_call",))
def function_call_unanswered(req: Request, ctx: Context) -> Iterator[Finding]:
    open_calls: dict[Any, int] = {}
    for i, k, s in ctx.once(steps):
        if k == "function_call":
            open_calls[s.id] = i
        elif k == "function_result":
            open_calls.pop(s.call_id, None)
        elif k == "user_input":
            for at in open_calls.values():
                yield FUNCTION_CALL_STEP_UNANSWERED.finding(("input", at), f"the function call is not answered before the user_input step input[{i}]", "add its function_result step (with the call's id as call_id) before the next user_input step")
            open_calls.clear()


@check(THOUGHT_STEP_UNSIGNED, reads=("step.unsigned_thought",))
def thought_step_unsigned(req: Request, ctx: Context) -> Iterator[Finding]:
    return unsigned_thoughts((i, k, getattr(s, "signature", None)) for i, k, s in ctx.once(steps))


def thought_signature_missing(request: Any) -> Iterator[Finding]:
    """GW907's findings on a request's JSON, as lint gives them on its Structs (the exchange
    documents read requests as JSON)."""
    given = request.get("input") if isinstance(request, dict) else None
    if not isinstance(given, list):
        return iter(())
    return unsigned_thoughts((i, s["type"], s.get("signature")) for i, s in enumerate(given) if isinstance(s, dict) and isinstance(s.get("type"), str))


def unsigned_thoughts(given: Iterable[tuple[int, str, Any]]) -> Iterator[Finding]:
    """GW907's findings on the steps of input, given as (index, type, signature)."""
    unsigned: list[int] = []  # unsigned thought steps of the model's turn so far
    for i, k, signature in given:
        if k == "thought" and not signature:
            unsigned.append(i)
        elif k == "user_input":
            unsigned.clear()
        elif k == "function_call" and unsigned:
            for at in unsigned:
                yield THOUGHT_STEP_UNSIGNED.finding(("input", at), "a thought step before a function call is replayed without its signature", "replay the thought step's signature as the model sent it; when the model sent none, continue with previous_interaction_id instead of replaying the steps")
            unsigned.clear()


def gemini_3(p: Profile | None) -> bool:
    return p is not None and p.family.startswith("gemini-3")


@check(FUNCTION_CALL_STEP_UNSIGNED, reads=("step.unsigned_call",), models=gemini_3)
def function_call_step_unsigned(req: Request, ctx: Context) -> Iterator[Finding]:
    if req.previous_interaction_id or not gemini_3(ctx.profile):
        return  # a stored chain keeps its signatures on the server; other models do not ask for them
    signed = False  # a signed thought step in the model's turn so far
    given = ctx.once(steps)
    for i, k, s in given:
        if k in ("user_input", "function_result"):
            signed = False
        elif k == "thought":
            signed = signed or bool(s.signature)
        elif k == "function_call":
            if not signed and not unsigned_thought_before(given, i):
                yield FUNCTION_CALL_STEP_UNSIGNED.finding(("input", i), f"{model_id(req.model)} made this call, and no thought step with its signature comes before it", "replay the thought step (with its signature) that the model sent before the call, or continue with previous_interaction_id")
            signed = True  # parallel calls: the turn's first call carries the signature


def unsigned_thought_before(given: list[tuple[int, str, Any]], at: int) -> bool:
    """Whether the turn of the call at `at` has a thought step without a signature (GW907's)."""
    for _, k, _ in reversed(given[:at]):
        if k in ("user_input", "function_result"):
            return False
        if k == "thought":
            return True
    return False


@check(FUNCTION_RESULT_STEP_UNNAMED, reads=("step.unnamed_result",))
def function_result_step_unnamed(req: Request, ctx: Context) -> Iterator[Finding]:
    given = ctx.once(steps)
    if all(k != "function_result" or s.name for _, k, s in given):
        return
    names = {s.id: s.name for _, k, s in given if k == "function_call"}
    for i, k, s in given:
        if k == "function_result" and not s.name:
            known_name = names.get(s.call_id)
            hint = f'add "name": {excerpt(known_name)}, the name of the call it answers' if isinstance(known_name, str) else "add the name of the function whose call it answers"
            yield FUNCTION_RESULT_STEP_UNNAMED.finding(("input", i), "the function result does not name its function", hint)


# --------------------------------------------------------------------------- tools


class Typed(msgspec.Struct, rename="camel", gc=False):
    """A schema object with no wrong `type`, as GW908 reads it: its `type`, and the schema objects
    under the keys that schema_nodes follows (ONE_SCHEMA, NAMED_SCHEMAS, LISTED_SCHEMAS); any
    other key is ignored."""

    type: JsonSchemaType | list[JsonSchemaType] | None = None
    items: Typed | None = None
    additional_properties: Typed | bool | None = None  # `false` is the usual value
    properties: dict[str, Typed] | None = None
    defs: dict[str, Typed] | None = msgspec.field(name="$defs", default=None)
    any_of: list[Typed] | None = None
    one_of: list[Typed] | None = None
    prefix_items: list[Typed] | None = None


class Parameters(Typed, gc=False):
    """A function's parameters that GW908 has nothing to say about: an object schema (`type`
    object or left out), none of whose schema objects has a wrong type."""

    type: Literal["object"] = "object"


def parameters_typed(req: Request, ctx: Context) -> bool:
    """GW908's clean test: msgspec.convert takes the parameters of every function tool as
    Parameters (in C: a third of the time of any_wrong_type's walk in Python). It
    refuses some that have nothing wrong (`items` holding a list, not a schema object): the
    check tells those."""
    try:
        for tool in req.tools if req.tools is not UNSET else ():
            if kind(tool) == "function" and tool.parameters is not UNSET:
                msgspec.convert(tool.parameters, Parameters)  # to a Struct: msgspec keeps its type info (a list[...] is read afresh)
    except msgspec.ValidationError:
        return False
    return True


@check(FUNCTION_PARAMETERS_SCHEMA, reads=("tools",), clean=parameters_typed)
def function_parameters_schema(req: Request, ctx: Context) -> Iterator[Finding]:
    for i, tool in enumerate(req.tools if req.tools is not UNSET else ()):
        if kind(tool) != "function" or tool.parameters is UNSET:
            continue
        where: Path = ("tools", i, "parameters")
        schema = tool.parameters  # free JSON to the codec
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


def thinking_level_finding(req: Request, ctx: Context) -> Finding | None:
    """GW909's finding: the thinking level set for a model that does not take it, or None."""
    p = ctx.profile
    if not sets(req, ("generation_config", "thinking_level")) or p is None:
        return None
    level = req.generation_config.thinking_level  # a str Enum: its value is the string
    if p.thinking is False:
        said, hint, field = "does not think", "leave thinking_level out, or pick a model that thinks", "thinking"
    elif p.interactions_thinking_level:  # accepted here, whatever generateContent refuses
        return None
    elif p.thinking_levels is not None and not p.thinking_levels:
        said, hint, field = "does not take thinking_level", "leave thinking_level out for this model", "thinking_levels"
    elif p.thinking_levels and level.upper() not in p.thinking_levels:
        offered = ", ".join(x.lower() for x in p.thinking_levels)
        said, hint, field = f"offers thinking levels {offered}, not {level.value}", f"use one of {offered}", "thinking_levels"
    else:
        return None
    path = ("generation_config", "thinking_level")
    return INTERACTIONS_THINKING_LEVEL_MODEL.finding(path, f"{model_id(req.model)} {said}", hint, severity=weight(p, field))


@check(
    INTERACTIONS_THINKING_LEVEL_MODEL,
    reads=("generation_config.thinking_level",),
    models=lambda p: p is not None,
    clean=lambda req, ctx: thinking_level_finding(req, ctx) is None,
)
def thinking_level_model(req: Request, ctx: Context) -> Iterator[Finding]:
    found = thinking_level_finding(req, ctx)
    if found is not None:
        yield found


@check(INTERACTIONS_UNKNOWN_MODEL, reads=("model",), clean=lambda req, ctx: not ctx.model or known(ctx.model))
def unknown_model(req: Request, ctx: Context) -> Iterator[Finding]:
    name, p = ctx.model, ctx.profile
    if name and not known(name):
        near = closest(name)
        scope = f"only what is known of its family ({p.family}) is checked" if p else "per-model rules are skipped"
        hint = f"did you mean {near}? ({scope})" if near else f"{scope}; check the name against https://ai.google.dev/gemini-api/docs/models"
        yield INTERACTIONS_UNKNOWN_MODEL.finding(("model",), f"{excerpt(model_id(name))} is not a model gemini-wire knows", hint)


# --------------------------------------------------------------------------- what the census reads

# Each name that a check reads, and so a bit of the census, which reads them as FIELDS (a field
# and its bit), NESTED (a field, and (field of it, bit) for each "field.subfield") and STEP_BITS.
NAMES: tuple[str, ...] = tuple(sorted({name for c in CHECKS.values() for name in c.reads}))
EVERY: list[Selected] = [(code, c.check, None) for code, c in CHECKS.items()]  # lint_request(gated=False)
FIELDS: tuple[tuple[str, int], ...] = tuple((name, 1 << i) for i, name in enumerate(NAMES) if "." not in name)
NESTED: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = tuple(
    (field, tuple((name.partition(".")[2], 1 << i) for i, name in enumerate(NAMES) if name.partition(".")[0] == field and "." in name))
    for field in sorted({name.partition(".")[0] for name in NAMES if "." in name} - {"step"})
)
STEP_BITS: tuple[int, ...] = tuple(1 << NAMES.index(f"step.{fact}") for fact in STEP_FACTS)
