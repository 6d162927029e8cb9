"""tools and toolConfig: function declarations with valid, unique names and well-formed schemas,
one kind of tool per Tool where the API asks it, and a calling config that names only declared
functions."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from gemini_wire.strategies.contents import function_names
from gemini_wire.strategies.generic import (
    Dialect,
    Payload,
    api,
    at_most_one,
    enum_names,
    field_of,
    has,
    merged,
    message,
    optional,
    table,
)
from gemini_wire.strategies.scalars import TIMESTAMPS
from gemini_wire.strategies.schemas import json_schemas, schemas

SCHEMAS = frozenset({"parameters", "parametersJsonSchema", "response", "responseJsonSchema"})
Toolset = tuple[list[Payload], Payload | None, tuple[str, ...]]  # tools, toolConfig, declared names


@cache
def declarations(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """A function declaration without its name: parameters an OBJECT (GW501), and each schema
    given one way, as a Schema or as JSON Schema (GW502)."""
    rest = message(dialect, "FunctionDeclaration", True, depth, SCHEMAS | {"name"})
    params = at_most_one({"parameters": schemas(dialect, depth - 1, root_object=True), "parametersJsonSchema": json_schemas(depth - 1, root_object=True)})
    result = at_most_one({"response": schemas(dialect, depth - 1), "responseJsonSchema": json_schemas(depth - 1)})
    return merged(rest, params, result)


def _google_search(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """googleSearch whose time range has both ends (GW511)."""
    if not has(dialect, "GoogleSearch", "timeRangeFilter"):
        return message(dialect, "GoogleSearch", True, depth)
    interval = st.fixed_dictionaries({"startTime": TIMESTAMPS, "endTime": TIMESTAMPS})
    return merged(message(dialect, "GoogleSearch", True, depth, frozenset({"timeRangeFilter"})), optional({"timeRangeFilter": interval}))


def _retrieval(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """retrieval from one Vertex AI Search source with at most 10 results (GW514)."""
    source = frozenset({"datastore", "engine"})
    search = merged(
        message(dialect, "VertexAISearch", True, depth - 1, source | {"maxResults"}),
        st.one_of(*(st.fixed_dictionaries({k: st.text(min_size=1, max_size=8)}) for k in sorted(source))),
        optional({"maxResults": st.integers(1, 10)}),
    )
    sources = {"vertexAiSearch": search, "vertexRagStore": message(dialect, "VertexRagStore", True, depth - 1)}
    rest = message(dialect, "Retrieval", True, depth, frozenset(sources))
    return merged(rest, at_most_one(sources))


BUILDERS = {"googleSearch": _google_search, "retrieval": _retrieval}


@cache
def _kinds(dialect: Dialect, depth: int) -> dict[str, st.SearchStrategy[Any]]:
    """Each kind of tool other than functions, with its values."""
    kinds: dict[str, st.SearchStrategy[Any]] = {}
    for f in table(dialect).messages["Tool"].fields:
        if f.json_name == "functionDeclarations":
            continue
        build = BUILDERS.get(f.json_name)
        s = build(dialect, depth - 1) if build else field_of(dialect, "Tool", f.json_name, depth)
        if s is not None:
            kinds[f.json_name] = s
    return kinds


@cache
def _tool_config(dialect: Dialect, depth: int) -> tuple[st.SearchStrategy[Payload], st.SearchStrategy[Payload], st.SearchStrategy[Payload]]:
    """toolConfig's strategies: its fields without functionCallingConfig, a functionCallingConfig
    without mode and allowedFunctionNames, and a mode (what `_calling_config` puts together)."""
    rest = message(dialect, "ToolConfig", True, depth, frozenset({"functionCallingConfig"}))
    fcc = frozenset({"mode", "allowedFunctionNames"})
    modes = st.fixed_dictionaries({"mode": st.sampled_from(enum_names(dialect, "FunctionCallingConfigMode"))})
    return rest, message(dialect, "FunctionCallingConfig", True, depth - 1, fcc), modes


def _calling_config(draw: st.DrawFn, dialect: Dialect, depth: int, declared: tuple[str, ...]) -> Payload:
    """toolConfig; a functionCallingConfig only beside declarations (GW508), and allowed names
    only declared ones (GW505), with mode ANY, which both APIs take for them (GW504)."""
    rest, fcc, modes = _tool_config(dialect, depth)
    config = draw(rest)
    if not declared or not draw(st.booleans()):
        return config
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(declared), min_size=1, max_size=2, unique=True))
        how: Payload = {"mode": "ANY", "allowedFunctionNames": names}
    else:
        how = draw(modes)
    return config | {"functionCallingConfig": draw(fcc) | how}


# Built-in tools that the server runs itself (checks.walk.BUILT_IN, in the JSON spelling).
SERVER_SIDE = frozenset({"googleSearch", "urlContext", "codeExecution", "googleSearchRetrieval", "googleMaps"})


@st.composite
def toolsets(draw: st.DrawFn, dialect: Dialect, depth: int) -> Toolset:
    """tools, perhaps a toolConfig, and the names of the declared functions."""
    declared = tuple(draw(st.lists(function_names(dialect), unique=True, max_size=4)))
    tools: list[Payload] = []
    if declared:
        cut = draw(st.integers(1, len(declared)))  # over one or two tools
        for group in (declared[:cut], declared[cut:]):
            if group:
                tools.append({"functionDeclarations": [draw(declarations(dialect, depth - 2)) | {"name": n} for n in group]})
    kinds = _kinds(dialect, depth - 1)
    chosen = draw(st.lists(st.sampled_from(sorted(kinds)), unique=True, max_size=2))
    built_in = [{k: draw(kinds[k])} for k in chosen]
    together: bool = draw(st.booleans())
    if api(dialect) == "gemini" and built_in and together:
        # The Gemini API takes several kinds in one Tool; Vertex AI takes one a Tool (GW506).
        built_in = [{k: v for t in built_in for k, v in t.items()}]
    tools = draw(st.permutations(tools + built_in))
    config = _calling_config(draw, dialect, depth - 1, declared) if draw(st.booleans()) else None
    if api(dialect) == "gemini" and any(k in SERVER_SIDE for k in chosen):
        # The Gemini API takes built-in tools beside functions only with this flag (GW509); set
        # beside any built-in tool, so that a breaking edit that adds a function breaks only its rule.
        config = {**(config or {}), "includeServerSideToolInvocations": True}
    return tools, config, declared
