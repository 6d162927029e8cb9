"""Strategies of the Interactions API (dialects `interactions-v1`, `interactions-v1beta`): create
calls and Interactions, valid by construction.

    from hypothesis import given
    from gemini_wire import strategies as gws

    @given(gws.requests("interactions-v1"))            # CreateModelInteraction | CreateAgentInteraction
    def test_my_client_sends_it(request): ...

A request is composed per part: `model` or `agent`, never both; `input` as a string, one content,
a list of contents or a list of steps in which every `function_result` answers an earlier
`function_call` of a declared function; tools as flat objects whose `parameters` are an object
JSON Schema; `response_format` or the deprecated `response_mime_type` / `response_modalities`,
never both; `previous_interaction_id` and `background` only when `store` is not false. An
Interaction carries an id, a status, steps and usage whose totals add up. Enum values come from
the generated Structs, model names and thinking levels from the model profiles (models.toml).
"""

from __future__ import annotations

import base64
from functools import cache
from typing import Any

import msgspec
from hypothesis import strategies as st

from gemini_wire import dialects, models
from gemini_wire._generated import interactions as ix

# Chat models of the SDK's Model enum (google-genai 3.6.1, _gaos/types/interactions/model.py)
# whose profiles say which thinking levels they take.
MODELS = ("gemini-3-flash-preview", "gemini-3.1-pro-preview", "gemini-2.5-flash", "gemini-2.5-pro")
# Agents of the SDK's AgentOption enum, with the agent_config kind each takes. Deep Research runs
# in the background only (https://ai.google.dev/gemini-api/docs/deep-research: `background=True`).
AGENTS = {
    "deep-research-pro-preview-12-2025": ix.DeepResearchAgentConfig.__struct_config__.tag,
    "deep-research-preview-04-2026": ix.DeepResearchAgentConfig.__struct_config__.tag,
}
# The harm categories of the Gemini API's text models (the image ones and `jailbreak` are not
# offered on every model).
CATEGORIES = ("hate_speech", "dangerous_content", "harassment", "sexually_explicit")

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
IDS = st.from_regex(r"[A-Za-z0-9_-]{4,24}", fullmatch=True)
BASE64 = st.binary(min_size=1, max_size=24).map(lambda b: base64.b64encode(b).decode("ascii"))
TIMES = st.datetimes().map(lambda t: t.replace(microsecond=0).isoformat() + "Z")
TOKENS = st.integers(0, 100_000)


@cache
def values(enum: Any) -> st.SearchStrategy[str]:
    """The wire values of a generated enum."""
    return st.sampled_from([member.value for member in enum])


# --------------------------------------------------------------------------- contents and steps


@cache
def text_content() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda text: {"type": "text", "text": text}, TEXT)


@cache
def image_content() -> st.SearchStrategy[dict[str, Any]]:
    inline = st.builds(lambda data, mime: {"type": "image", "data": data, "mime_type": mime}, BASE64, values(ix.ImageDeltaMimeType))
    by_uri = st.builds(lambda name, mime: {"type": "image", "uri": f"gs://bucket/{name}", "mime_type": mime}, NAMES, values(ix.ImageDeltaMimeType))
    return inline | by_uri


@cache
def contents() -> st.SearchStrategy[list[dict[str, Any]]]:
    """What a user turn holds: text, and images inline or by URI."""
    return st.lists(text_content() | image_content(), min_size=1, max_size=3)


@cache
def thought() -> st.SearchStrategy[dict[str, Any]]:
    summary = st.lists(text_content(), max_size=2)
    return st.builds(lambda s, sig: {"type": "thought", "summary": s, "signature": sig} if s else {"type": "thought", "signature": sig}, summary, BASE64)


@cache
def arguments() -> st.SearchStrategy[dict[str, Any]]:
    scalar = st.none() | st.booleans() | st.integers(-1000, 1000) | TEXT
    return st.dictionaries(NAMES, scalar, max_size=3)


@st.composite
def steps(draw: st.DrawFn, functions: list[str]) -> list[dict[str, Any]]:
    """A stateless conversation as `input` steps: user turns, model turns (a thought, then text
    or calls of the declared functions), each call answered by a `function_result` before the next
    user turn; it ends with the user's turn or with the results the model waits for."""
    out: list[dict[str, Any]] = [{"type": "user_input", "content": draw(contents())}]
    for turn in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            out.append(draw(thought()))
        if bool(functions) and draw(st.booleans()):
            calls = draw(st.lists(st.sampled_from(functions), min_size=1, max_size=2))
            ids = [f"call_{turn}_{i}" for i in range(len(calls))]
            out += [{"type": "function_call", "id": i, "name": n, "arguments": draw(arguments())} for i, n in zip(ids, calls, strict=True)]
            out += [{"type": "function_result", "call_id": i, "name": n, "result": draw(result())} for i, n in zip(ids, calls, strict=True)]
            if draw(st.booleans()):
                return out  # the results are the input: the model answers them
        else:
            out.append({"type": "model_output", "content": draw(st.lists(text_content(), min_size=1, max_size=2))})
        out.append({"type": "user_input", "content": draw(contents())})
    return out


@cache
def result() -> st.SearchStrategy[Any]:
    """A function's result: a string, or a list of contents."""
    return TEXT | st.lists(text_content(), min_size=1, max_size=2)


def inputs(functions: list[str]) -> st.SearchStrategy[Any]:
    """`input` in each of its four forms."""
    return TEXT | text_content() | contents() | steps(functions)


# --------------------------------------------------------------------------- tools and config


PARAMETER_KINDS = st.sampled_from([{"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}])


@cache
@st.composite
def parameters(draw: st.DrawFn) -> dict[str, Any]:
    """A function's parameters: an object JSON Schema."""
    properties = draw(st.dictionaries(NAMES, PARAMETER_KINDS, max_size=4))
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = draw(st.lists(st.sampled_from(sorted(properties)), unique=True)) if properties else []
    if required:
        schema["required"] = required
    return schema


@cache
@st.composite
def function_tools(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = draw(st.lists(NAMES, min_size=1, max_size=3, unique=True))
    tools = []
    for name in names:
        tool: dict[str, Any] = {"type": "function", "name": name, "parameters": draw(parameters())}
        if draw(st.booleans()):
            tool["description"] = draw(TEXT)
        tools.append(tool)
    return tools


@cache
def built_in_tools() -> st.SearchStrategy[list[dict[str, Any]]]:
    kinds = st.sampled_from([{"type": "google_search"}, {"type": "code_execution"}, {"type": "url_context"}])
    return st.lists(kinds, min_size=1, max_size=3, unique_by=lambda t: t["type"])


@cache
def _config_options(model: str, functions: bool) -> dict[str, st.SearchStrategy[Any]]:
    profile = models.profile(model)
    levels = [level.lower() for level in (profile.thinking_levels or ())] if profile else []
    limit = (profile.max_output_tokens if profile else None) or 8192
    options: dict[str, st.SearchStrategy[Any]] = {
        "temperature": st.floats(0, 2),
        "top_p": st.floats(0, 1),
        "seed": st.integers(0, 2**31 - 1),
        "max_output_tokens": st.integers(1, limit),
        "stop_sequences": st.lists(TEXT, max_size=5),
    }
    if levels:
        options["thinking_level"] = st.sampled_from(levels)
        options["thinking_summaries"] = values(ix.ThinkingSummaries)
    if functions:
        options["tool_choice"] = st.sampled_from(["auto", "any", "none"])
    return options


@st.composite
def generation_config(draw: st.DrawFn, model: str, functions: bool) -> dict[str, Any]:
    options = _config_options(model, functions)
    chosen = draw(st.lists(st.sampled_from(sorted(options)), unique=True))
    return {key: draw(options[key]) for key in sorted(chosen)}


@cache
def response_format() -> st.SearchStrategy[dict[str, Any]]:
    schema = parameters()
    return st.builds(lambda s: {"type": "text", "mime_type": "application/json", "schema": s}, schema) | st.just(
        {"type": "text", "mime_type": "text/plain"}
    )


@cache
def labels() -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True), st.from_regex(r"[a-z0-9_-]{0,15}", fullmatch=True), max_size=3)


@cache
def safety_settings() -> st.SearchStrategy[list[dict[str, str]]]:
    setting = st.builds(lambda c, t: {"type": c, "threshold": t}, st.sampled_from(CATEGORIES), values(ix.Threshold))
    return st.lists(setting, min_size=1, max_size=4, unique_by=lambda s: s["type"])


# --------------------------------------------------------------------------- requests


@st.composite
def request_payloads(draw: st.DrawFn) -> dict[str, Any]:
    """A create call (`POST /{version}/interactions`) as canonical JSON: a model's or an agent's."""
    if draw(st.integers(0, 4)) == 0:
        agent = draw(st.sampled_from(sorted(AGENTS)))
        body: dict[str, Any] = {"agent": agent, "input": draw(TEXT | contents()), "background": True}
        if draw(st.booleans()):
            thinking = draw(values(ix.ThinkingSummaries))
            body["agent_config"] = {"type": AGENTS[agent], "thinking_summaries": thinking}
        store = draw(st.sampled_from([None, True]))
    else:
        model = draw(st.sampled_from(MODELS))
        tools = draw(st.none() | function_tools() | built_in_tools())
        functions = [t["name"] for t in tools or () if t["type"] == "function"]
        body = {"model": model, "input": draw(inputs(functions))}
        if tools:
            body["tools"] = tools
        config = draw(generation_config(model, bool(functions)))
        if config:
            body["generation_config"] = config
        # The structured output: response_format, or the deprecated fields it replaced; never both
        # (and not beside tools, which not every model combines with JSON output).
        output = draw(st.sampled_from(["none", "format", "deprecated"] if not tools else ["none"]))
        if output == "format":
            body["response_format"] = draw(response_format())
        elif output == "deprecated":
            body["response_mime_type"] = draw(st.sampled_from(["application/json", "text/plain"]))
            if draw(st.booleans()):
                body["response_modalities"] = ["text"]
        store = draw(st.sampled_from([None, True, False]))
        if store is not False and draw(st.booleans()):
            body["background"] = True
        elif draw(st.booleans()):
            body["stream"] = draw(st.booleans())
        if draw(st.booleans()):
            body["safety_settings"] = draw(safety_settings())
    if store is not None:
        body["store"] = store
    # A previous interaction is read from the server's store: only when storing is not off.
    if store is not False and draw(st.booleans()):
        body["previous_interaction_id"] = "v1_" + draw(IDS)
    if draw(st.booleans()):
        body["system_instruction"] = draw(TEXT)
    if draw(st.booleans()):
        body["labels"] = draw(labels())
    if draw(st.booleans()):
        body["service_tier"] = draw(values(ix.ServiceTier))
    return body


# --------------------------------------------------------------------------- Interactions


@st.composite
def output_steps(draw: st.DrawFn) -> list[dict[str, Any]]:
    """What a model answers with: a thought, then text or function calls."""
    out: list[dict[str, Any]] = []
    if draw(st.booleans()):
        out.append(draw(thought()))
    if draw(st.booleans()):
        names = draw(st.lists(NAMES, min_size=1, max_size=2))
        out += [{"type": "function_call", "id": f"call_{i}", "name": n, "arguments": draw(arguments())} for i, n in enumerate(names)]
    else:
        out.append({"type": "model_output", "content": draw(st.lists(text_content(), min_size=1, max_size=2))})
    return out


@st.composite
def usage(draw: st.DrawFn) -> dict[str, Any]:
    """Token counts whose total is the sum of its parts."""
    counts = {k: draw(TOKENS) for k in ("total_input_tokens", "total_output_tokens", "total_thought_tokens")}
    by_modality = [{"modality": "text", "tokens": counts["total_input_tokens"]}]
    return {**counts, "total_tokens": sum(counts.values()), "input_tokens_by_modality": by_modality}


@st.composite
def interaction_payloads(draw: st.DrawFn) -> dict[str, Any]:
    """An Interaction resource as the server answers a create or GET call, as canonical JSON."""
    status = draw(values(ix.InteractionStatus))
    body: dict[str, Any] = {"id": "v1_" + draw(IDS), "status": status}
    if draw(st.integers(0, 4)) == 0:
        body["agent"] = draw(st.sampled_from(sorted(AGENTS)))
    else:
        body["model"] = draw(st.sampled_from(MODELS))
    created = draw(TIMES)
    body["created"] = created
    body["updated"] = created
    if status not in ("queued", "in_progress"):
        body["steps"] = [{"type": "user_input", "content": draw(contents())}, *draw(output_steps())]
        body["usage"] = draw(usage())
    if draw(st.booleans()):
        body["previous_interaction_id"] = "v1_" + draw(IDS)
    return body


# --------------------------------------------------------------------------- as Structs

REQUEST = "CreateInteractionRequest"
RESPONSE = "Interaction"
PAYLOADS = {REQUEST: request_payloads, RESPONSE: interaction_payloads}


def payloads(message: str = REQUEST) -> st.SearchStrategy[dict[str, Any]]:
    """Valid canonical JSON objects of a create call (CreateInteractionRequest) or an Interaction."""
    if message not in PAYLOADS:
        raise ValueError(f"the Interactions strategies make {' and '.join(PAYLOADS)}, not {message!r}")
    return PAYLOADS[message]()


def requests(dialect: str = "interactions-v1") -> st.SearchStrategy[Any]:
    """Valid create calls as Structs: CreateModelInteraction or CreateAgentInteraction."""
    d = dialects.interactions_dialect(dialect)
    return request_payloads().map(lambda p: d.decode_request(msgspec.json.encode(p)))


def responses(dialect: str = "interactions-v1") -> st.SearchStrategy[Any]:
    """Valid Interactions as Structs."""
    d = dialects.interactions_dialect(dialect)
    return interaction_payloads().map(lambda p: d.decode_response(msgspec.json.encode(p)))
