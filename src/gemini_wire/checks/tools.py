"""Lint's checks of tools and the tool config (GW5xx).

Each is registered on its rule, declared in `gemini_wire.rules.tools`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from msgspec import UNSET
from msgspec.structs import astuple

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import (
    BUILT_IN,
    Context,
    all_parts,
    calling_config,
    declarations,
    declarations_clean,
    declared,
    given,
    is_gemini_3,
    name_of,
    schema_type,
    struct_fields,
)
from gemini_wire.findings import Finding, Key, Path, Severity, closest, excerpt, format_path
from gemini_wire.rules.tools import (
    ALLOWED_FUNCTION_NAMES_MODE,
    BUILT_IN_TOOLS_WITH_FUNCTIONS,
    CALLING_CONFIG_WITHOUT_DECLARATIONS,
    DUPLICATE_FUNCTION_NAME,
    FUNCTION_BEHAVIOR_LIVE_ONLY,
    GOOGLE_SEARCH_RETRIEVAL_LEGACY,
    ONE_TOOL_TYPE_PER_TOOL,
    PARAMETER_NAME_FORMAT,
    PARAMETERS_ROOT_OBJECT,
    PARAMETERS_SCHEMAS_EXCLUSIVE,
    SEARCH_TIME_RANGE_INCOMPLETE,
    TOO_MANY_FUNCTION_DECLARATIONS,
    UNDECLARED_FUNCTION,
    URL_CONTEXT_TOO_MANY_URLS,
    VERTEX_AI_SEARCH_SOURCE,
)

MAX_DECLARATIONS_VERTEX = 128  # Vertex AI's documentation, a request
MAX_DECLARATIONS = 512  # the server's own check, a tool (GW503)


URL = re.compile(r"https?://[^\s<>\"')\]]+")


MAX_URLS = 20


@check(
    PARAMETERS_ROOT_OBJECT,
    reads=("tool.function_declarations",),
    clean=declarations_clean,
)
def parameters_root_object(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, d in ctx.once(declarations):
        if given(d.parameters) and schema_type(d.parameters) != "OBJECT":
            yield PARAMETERS_ROOT_OBJECT.finding((*path, "parameters"), "the parameters schema is not of type OBJECT", 'write "parameters": {"type": "OBJECT", "properties": {...}}')


@check(
    PARAMETERS_SCHEMAS_EXCLUSIVE,
    reads=("tool.function_declarations",),
    clean=declarations_clean,
)
def parameters_schemas_exclusive(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, d in ctx.once(declarations):
        for a, b, name in (("parameters", "parameters_json_schema", "parametersJsonSchema"), ("response", "response_json_schema", "responseJsonSchema")):
            if given(getattr(d, a)) and given(getattr(d, b)):
                yield PARAMETERS_SCHEMAS_EXCLUSIVE.finding((*path, name), f"both {a} and {name} are set", "keep one of them")


@check(TOO_MANY_FUNCTION_DECLARATIONS, reads=("tool.function_declarations",))
def too_many_function_declarations(req: Any, ctx: Context) -> Iterable[Finding]:
    if len(ctx.fact(declared).names) <= MAX_DECLARATIONS_VERTEX:  # one name per declaration, without its path
        return
    found = ctx.once(declarations)
    per_tool = Counter(path[1] for path, _ in found)  # declarations by the tool's index
    over = {tool for tool, n in per_tool.items() if n > MAX_DECLARATIONS}
    for tool in sorted(over):
        first_past = [path for path, _ in found if path[1] == tool][MAX_DECLARATIONS]
        yield TOO_MANY_FUNCTION_DECLARATIONS.finding(first_past, f"{per_tool[tool]} function declarations in this tool, at most {MAX_DECLARATIONS} allowed", "send only the functions this turn needs")
    if over:
        return
    if ctx.dialect == "vertex":
        yield TOO_MANY_FUNCTION_DECLARATIONS.finding(found[MAX_DECLARATIONS_VERTEX][0], f"{len(found)} function declarations; Vertex AI's documentation says at most {MAX_DECLARATIONS_VERTEX}", "send only the functions this turn needs", severity="warning")
    elif len(found) > MAX_DECLARATIONS:
        yield TOO_MANY_FUNCTION_DECLARATIONS.finding(found[MAX_DECLARATIONS][0], f"{len(found)} function declarations over several tools; the server takes at most {MAX_DECLARATIONS} in one", "send only the functions this turn needs", severity="warning")


def no_allowed_names(req: Any, ctx: Context) -> bool:
    """The clean test of GW504 and GW505, run once for both: no allowedFunctionNames."""
    fcc = calling_config(req)
    return fcc is UNSET or fcc is None or fcc.allowed_function_names is UNSET or fcc.allowed_function_names is None


@check(ALLOWED_FUNCTION_NAMES_MODE, reads=("tool_config",), clean=no_allowed_names)
def allowed_function_names_mode(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    fcc = calling_config(req)
    if given(fcc) and given(fcc.allowed_function_names):
        modes = {"ANY"} if ctx.dialect == "vertex" else {"ANY", "VALIDATED"}
        mode = name_of(fcc.mode)
        if mode not in modes:
            path = ("toolConfig", "functionCallingConfig", "allowedFunctionNames")
            out.append(ALLOWED_FUNCTION_NAMES_MODE.finding(path, f"allowedFunctionNames with mode {mode or 'unset'}", f'set "mode": "{sorted(modes)[0]}", or drop allowedFunctionNames'))
    return out


@check(UNDECLARED_FUNCTION, reads=("tool_config",), clean=no_allowed_names)
def undeclared_function(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    fcc = calling_config(req)
    if given(fcc) and given(fcc.allowed_function_names):
        declared = {d.name for _, d in ctx.once(declarations) if given(d.name)}
        for i, name in enumerate(fcc.allowed_function_names):
            if name not in declared:
                close = closest(name, declared)
                hint = f"did you mean {excerpt(close)}?" if close else "declare it in tools[].functionDeclarations, or remove it"
                out.append(UNDECLARED_FUNCTION.finding(("toolConfig", "functionCallingConfig", "allowedFunctionNames", i), f"{excerpt(name)} is not a declared function", hint))
    return out


def one_kind_each(req: Any, ctx: Context) -> bool:
    """GW506's clean test: each Tool sets exactly one field (counted in C, from its values)."""
    for tool in req.tools if req.tools is not UNSET and req.tools is not None else ():
        values = astuple(tool)
        if len(values) - values.count(UNSET) - values.count(None) != 1:
            return False
    return True


@check(ONE_TOOL_TYPE_PER_TOOL, reads=("tools",), clean=one_kind_each)
def one_tool_type_per_tool(req: Any, ctx: Context) -> Iterable[Finding]:
    if not given(req.tools):
        return
    for i, tool in enumerate(req.tools):
        kinds = [wire for attr, wire in struct_fields(tool) if given(getattr(tool, attr))]
        if len(kinds) > 1:
            yield ONE_TOOL_TYPE_PER_TOOL.finding(("tools", i, kinds[1]), f"one Tool sets {', '.join(kinds)}", "give each kind of tool its own object in tools[]")
        elif not kinds:
            yield ONE_TOOL_TYPE_PER_TOOL.finding(("tools", i), "an empty Tool", "remove it, or say which tool it is", severity="warning")


@check(
    DUPLICATE_FUNCTION_NAME,
    reads=("tool.function_declarations",),
    clean=declarations_clean,
)
def duplicate_function_name(req: Any, ctx: Context) -> Iterable[Finding]:
    seen: dict[str, Path] = {}
    for path, d in ctx.once(declarations):
        if given(d.name):
            if d.name in seen:
                yield DUPLICATE_FUNCTION_NAME.finding((*path, "name"), f"{excerpt(d.name)} is declared twice (first at {format_path(seen[d.name])})", "rename one, or merge them")
            else:
                seen[d.name] = path


@check(CALLING_CONFIG_WITHOUT_DECLARATIONS, reads=("tool_config",))
def calling_config_without_declarations(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    if given(calling_config(req)) and not ctx.fact(declared).names:
        out.append(CALLING_CONFIG_WITHOUT_DECLARATIONS.finding(("toolConfig", "functionCallingConfig"), "functionCallingConfig without any function declaration", "declare the functions in tools, or drop toolConfig"))
    return out


@check(
    BUILT_IN_TOOLS_WITH_FUNCTIONS,
    reads=tuple(f"tool.{attr}" for attr in BUILT_IN),
)  # and function declarations, which the check asks
def built_in_tools_with_functions(req: Any, ctx: Context) -> Iterable[Finding]:
    if not given(req.tools) or not bool(ctx.once(declarations)):
        return
    tc = req.tool_config
    flag = given(tc) and getattr(tc, "include_server_side_tool_invocations", UNSET) is True
    if (ctx.dialect == "gemini" and flag) or (ctx.dialect == "vertex" and is_gemini_3(ctx)):
        return  # accepted in real traffic
    severity: Severity | None = "error" if ctx.dialect == "gemini" else None  # the newest refusal names the flag, whatever the model
    hint = 'set "toolConfig": {"includeServerSideToolInvocations": true}' if ctx.dialect == "gemini" else "on 2.x models, send built-in tools and functions in separate requests"
    for i, tool in enumerate(req.tools):
        for attr, name in BUILT_IN.items():
            if given(getattr(tool, attr, UNSET)):
                yield BUILT_IN_TOOLS_WITH_FUNCTIONS.finding(("tools", i, name), f"{name} beside function declarations", hint, severity=severity)


@check(GOOGLE_SEARCH_RETRIEVAL_LEGACY, reads=("tool.google_search_retrieval",))
def google_search_retrieval_legacy(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        if given(tool.google_search_retrieval):
            yield GOOGLE_SEARCH_RETRIEVAL_LEGACY.finding(("tools", i, "googleSearchRetrieval"), "googleSearchRetrieval is the Gemini 1.5 search tool", 'use "googleSearch": {}')


@check(SEARCH_TIME_RANGE_INCOMPLETE, reads=("tool.google_search",))
def search_time_range_incomplete(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        gs = tool.google_search
        trf: Any = getattr(gs, "time_range_filter", UNSET) if given(gs) else UNSET
        if given(trf) and given(trf.start_time) != given(trf.end_time):
            missing = "endTime" if given(trf.start_time) else "startTime"
            yield SEARCH_TIME_RANGE_INCOMPLETE.finding(("tools", i, "googleSearch", "timeRangeFilter", missing), f"a time range without {missing}", f"add {missing}")


@check(URL_CONTEXT_TOO_MANY_URLS, reads=("tool.url_context",))
def url_context_too_many_urls(req: Any, ctx: Context) -> Iterable[Finding]:
    if not any(given(getattr(t, "url_context", UNSET)) for t in (req.tools if given(req.tools) else [])):
        return
    count = sum(len(URL.findall(p.text)) for _, p in ctx.once(all_parts) if given(p.text))
    if count > MAX_URLS:
        yield URL_CONTEXT_TOO_MANY_URLS.finding(("contents",), f"{count} URLs for the URL context tool, at most {MAX_URLS}", "split the request, or keep the 20 URLs that matter")


@check(
    FUNCTION_BEHAVIOR_LIVE_ONLY,
    reads=("tool.function_declarations",),
    clean=declarations_clean,
)
def function_behavior_live_only(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, d in ctx.once(declarations):
        if given(getattr(d, "behavior", UNSET)):
            yield FUNCTION_BEHAVIOR_LIVE_ONLY.finding((*path, "behavior"), "behavior only applies to the Live API", "drop it for generateContent")


@check(VERTEX_AI_SEARCH_SOURCE, reads=("tool.retrieval",))
def vertex_ai_search_source(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        retrieval: Any = getattr(tool, "retrieval", UNSET)
        search: Any = retrieval.vertex_ai_search if given(retrieval) else UNSET
        if not given(search):
            continue
        path = ("tools", i, "retrieval", "vertexAiSearch")
        if given(search.datastore) and given(search.engine):
            yield VERTEX_AI_SEARCH_SOURCE.finding((*path, "engine"), "both datastore and engine", "keep one of them", severity="warning")
        if given(search.max_results) and search.max_results > 10:
            yield VERTEX_AI_SEARCH_SOURCE.finding((*path, "maxResults"), f"maxResults {search.max_results}, at most 10", "ask for at most 10 results")


# Vertex AI's FunctionDeclaration reference (RULES.md row 83).
PARAMETER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
PARAMETER_NAMES = re.compile(rf"{PARAMETER_NAME.pattern}(?:\n{PARAMETER_NAME.pattern})*")


def parameter_names_clean(req: Any, ctx: Context) -> bool:
    """GW515's clean test: every parameter name of the format, in one match of them all joined by
    newlines (a name holding a newline shows in the count of newlines)."""
    names: list[str] = []
    for d in ctx.fact(declared).found:
        params = d.parameters
        if params is not UNSET and params is not None:
            props = params.properties
            if props is not UNSET and props is not None:
                names += props
    if not names:
        return True
    joined = "\n".join(names)
    return joined.count("\n") == len(names) - 1 and PARAMETER_NAMES.fullmatch(joined) is not None


@check(PARAMETER_NAME_FORMAT, reads=("tool.function_declarations",), clean=parameter_names_clean)
def parameter_name_format(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, d in ctx.once(declarations):
        if not given(d.parameters) or not given(d.parameters.properties):
            continue
        for name in d.parameters.properties:
            if not PARAMETER_NAME.fullmatch(name):
                fixed = re.sub(r"[^A-Za-z0-9_]", "_", name)[:64]
                yield PARAMETER_NAME_FORMAT.finding((*path, "parameters", "properties", Key(name)), f"parameter name {excerpt(name)} breaks the format", f"rename it, e.g. {excerpt(fixed if PARAMETER_NAME.fullmatch(fixed) else '_' + fixed[:63])}")
