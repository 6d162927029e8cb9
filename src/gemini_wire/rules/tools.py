"""Tools and the tool config (GW5xx)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from msgspec import UNSET

from gemini_wire.findings import Finding, Key, Path, Severity, closest, excerpt, format_path
from gemini_wire.rules.base import When, rule
from gemini_wire.rules.edits import (
    DECL,
    TOOLS,
    add_part,
    add_tool,
    body,
    calling,
    no_cache,
    server_side_allowed,
    without_server_side_flag,
)
from gemini_wire.rules.walk import (
    BUILT_IN,
    Context,
    all_parts,
    calling_config,
    declarations,
    declared,
    given,
    is_gemini_3,
    name_of,
    report,
    schema_type,
    struct_fields,
)

MAX_DECLARATIONS_VERTEX = 128

URL = re.compile(r"https?://[^\s<>\"')\]]+")


MAX_URLS = 20


@rule(
    code="GW501",
    name="parameters-root-object",
    severity="error",
    summary="A function declaration's parameters schema is not of type OBJECT.",
    why='The server answers "functionDeclaration parameters schema should be of type OBJECT".',
    evidence='400 "functionDeclaration parameters schema should be of type OBJECT"',
    source="https://github.com/diegosouzapw/OmniRoute/pull/3360",
    since="0.1.0",
    reads=("tool.function_declarations",),
    clean=lambda req, ctx: ctx.fact(declared).plain,
    bad=body(tools=[{"functionDeclarations": [{"name": "f", "parameters": {"type": "STRING"}}]}]),
    good=body(tools=[{"functionDeclarations": [{"name": "f"}]}]),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_f", "parameters": {"type": "STRING"}}]}),
)
def parameters_root_object(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, d in ctx.once(declarations):
        if given(d.parameters) and schema_type(d.parameters) != "OBJECT":
            yield report("GW501", (*path, "parameters"), "the parameters schema is not of type OBJECT", 'write "parameters": {"type": "OBJECT", "properties": {...}}')


@rule(
    code="GW502",
    name="parameters-schemas-exclusive",
    severity="error",
    summary="A function declaration sets both parameters and parametersJsonSchema (or response and responseJsonSchema).",
    why="Each pair is mutually exclusive.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto — parameters_json_schema "is mutually exclusive with parameters"',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    reads=("tool.function_declarations",),
    clean=lambda req, ctx: ctx.fact(declared).plain,
    bad=body(tools=[{"functionDeclarations": [{**DECL, "parametersJsonSchema": {"type": "object"}}]}]),
    good=body(tools=TOOLS),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_f", "parameters": {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}}, "parametersJsonSchema": {"type": "object"}}]}),
)
def parameters_schemas_exclusive(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, d in ctx.once(declarations):
        for a, b, name in (("parameters", "parameters_json_schema", "parametersJsonSchema"), ("response", "response_json_schema", "responseJsonSchema")):
            if given(getattr(d, a)) and given(getattr(d, b)):
                yield report("GW502", (*path, name), f"both {a} and {name} are set", "keep one of them")


@rule(
    code="GW503",
    name="too-many-function-declarations",
    severity="error",
    dialects=("vertex",),
    summary="More than 128 function declarations in one request.",
    why="Vertex AI accepts at most 128 function declarations per request.",
    evidence='https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/function-calling — at most 128 function declarations',
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/function-calling",
    since="0.1.0",
    reads=("tool.function_declarations",),
    bad=body(tools=[{"functionDeclarations": [{"name": f"f{i}"} for i in range(129)]}]),
    good=body(tools=[{"functionDeclarations": [{"name": f"f{i}"} for i in range(128)]}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": f"zz_f{i}"} for i in range(129)]}),
)
def too_many_function_declarations(req: Any, ctx: Context) -> Iterable[Finding]:
    found = ctx.once(declarations)
    if len(found) > MAX_DECLARATIONS_VERTEX:
        yield report("GW503", found[MAX_DECLARATIONS_VERTEX][0], f"{len(found)} function declarations, at most {MAX_DECLARATIONS_VERTEX} allowed", "send only the functions this turn needs")


@rule(
    code="GW504",
    name="allowed-function-names-mode",
    severity="error",
    summary="allowedFunctionNames is set while the mode is not ANY (or VALIDATED).",
    why="The list only restricts which function must be called; other modes do not take it.",
    evidence='400 for allowedFunctionNames with mode AUTO; clients switch the mode to ANY to avoid it: https://github.com/tensorzero/tensorzero/pull/4875',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    reads=("tool_config",),
    bad=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "AUTO", "allowedFunctionNames": ["get_weather"]}}),
    good=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}}),
    breaks=lambda p, d: calling(add_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), {"mode": "AUTO", "allowedFunctionNames": ["zz_f"]}),
)
def allowed_function_names_mode(req: Any, ctx: Context) -> Iterable[Finding]:
    fcc = calling_config(req)
    if given(fcc) and given(fcc.allowed_function_names):
        modes = {"ANY"} if ctx.dialect == "vertex" else {"ANY", "VALIDATED"}
        mode = name_of(fcc.mode)
        if mode not in modes:
            path = ("toolConfig", "functionCallingConfig", "allowedFunctionNames")
            yield report("GW504", path, f"allowedFunctionNames with mode {mode or 'unset'}", f'set "mode": "{sorted(modes)[0]}", or drop allowedFunctionNames')


@rule(
    code="GW505",
    name="undeclared-function",
    severity="warning",
    summary="allowedFunctionNames names a function that no declaration defines.",
    why="The model can only be forced to call functions it was given.",
    evidence='the proto says the names "should match" a declaration; no server message known',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    reads=("tool_config",),
    bad=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_wether"]}}),
    good=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}}),
    breaks=lambda p, d: calling(p, {"mode": "ANY", "allowedFunctionNames": ["zz_missing"]}),
)
def undeclared_function(req: Any, ctx: Context) -> Iterable[Finding]:
    fcc = calling_config(req)
    if given(fcc) and given(fcc.allowed_function_names):
        declared = {d.name for _, d in ctx.once(declarations) if given(d.name)}
        for i, name in enumerate(fcc.allowed_function_names):
            if name not in declared:
                close = closest(name, declared)
                hint = f"did you mean {excerpt(close)}?" if close else "declare it in tools[].functionDeclarations, or remove it"
                yield report("GW505", ("toolConfig", "functionCallingConfig", "allowedFunctionNames", i), f"{excerpt(name)} is not a declared function", hint)


@rule(
    code="GW506",
    name="one-tool-type-per-tool",
    severity="error",
    dialects=("vertex",),
    summary="One Tool object sets more than one kind of tool (Vertex AI); an empty Tool is a warning.",
    why="Vertex AI reads a Tool as a oneof: \"one_of 'tool_type' has more than one initialized field\".",
    evidence='400 "tools[0].tool_type: one_of \'tool_type\' has more than one initialized field: function_declarations, google_search" (Vertex AI); no refusal known for an empty Tool',
    source="https://github.com/langchain-ai/langchain-google/issues/1116",
    since="0.1.0",
    reads=("tools",),
    bad=body(tools=[{"codeExecution": {}, "googleSearch": {}}]),
    good=body(tools=[{"codeExecution": {}}, {"googleSearch": {}}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_tool(p, {"codeExecution": {}, "googleSearch": {}}),
)
def one_tool_type_per_tool(req: Any, ctx: Context) -> Iterable[Finding]:
    if not given(req.tools):
        return
    for i, tool in enumerate(req.tools):
        kinds = [wire for attr, wire in struct_fields(tool) if given(getattr(tool, attr))]
        if len(kinds) > 1:
            yield report("GW506", ("tools", i, kinds[1]), f"one Tool sets {', '.join(kinds)}", "give each kind of tool its own object in tools[]")
        elif not kinds:
            yield report("GW506", ("tools", i), "an empty Tool", "remove it, or say which tool it is", severity="warning")


@rule(
    code="GW507",
    name="duplicate-function-name",
    severity="warning",
    summary="Two function declarations have the same name.",
    why="The model's call names one function; two with one name are ambiguous and refused.",
    evidence='no server message known for two declarations with one name',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    reads=("tool.function_declarations",),
    clean=lambda req, ctx: len(set(ctx.fact(declared).names)) == len(ctx.fact(declared).names),
    bad=body(tools=[{"functionDeclarations": [DECL, DECL]}]),
    good=body(tools=TOOLS),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_dup"}, {"name": "zz_dup"}]}),
)
def duplicate_function_name(req: Any, ctx: Context) -> Iterable[Finding]:
    seen: dict[str, Path] = {}
    for path, d in ctx.once(declarations):
        if given(d.name):
            if d.name in seen:
                yield report("GW507", (*path, "name"), f"{excerpt(d.name)} is declared twice (first at {format_path(seen[d.name])})", "rename one, or merge them")
            else:
                seen[d.name] = path


@rule(
    code="GW508",
    name="calling-config-without-declarations",
    severity="warning",
    summary="toolConfig.functionCallingConfig is set but no function is declared.",
    why="The Gemini API answers 400 for models up to 2.5; Gemini 3 and Vertex AI tolerate it.",
    evidence='400 on the Gemini API for models up to 2.5 (pydantic-ai PR 5791); tolerated by Vertex AI and Gemini 3',
    source="https://github.com/pydantic/pydantic-ai/pull/5791",
    since="0.1.0",
    reads=("tool_config",),
    escalate=(When(family=("gemini-2",), apis=("gemini",)),),
    bad=body(toolConfig={"functionCallingConfig": {"mode": "AUTO"}}),
    good=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "AUTO"}}),
    breaks=lambda p, d: {**no_cache(p), "tools": [t for t in p.get("tools", []) if "functionDeclarations" not in t], "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}}},
)
def calling_config_without_declarations(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(calling_config(req)) and not bool(ctx.once(declarations)):
        yield report("GW508", ("toolConfig", "functionCallingConfig"), "functionCallingConfig without any function declaration", "declare the functions in tools, or drop toolConfig")


@rule(
    code="GW509",
    name="built-in-tools-with-functions",
    severity="warning",
    summary="Built-in tools (Google Search, URL context, code execution, Maps) are combined with function declarations: "
            "on the Gemini API without toolConfig.includeServerSideToolInvocations, on Vertex AI before Gemini 3.",
    why='The Gemini API answers "Please enable tool_config.include_server_side_tool_invocations to use Built-in tools with '
            'Function calling." (2026, on 2.5 Flash and 3.x models alike), which replaced the older answer of 2.x models, '
            '"Tool use with function calling is unsupported". Vertex AI has no such flag: Gemini 3 takes both there, 2.x refused.',
    evidence='400 "Please enable tool_config.include_server_side_tool_invocations to use Built-in tools with Function calling." '
             "(gemini-2.5-flash, v1beta, 2026-04-08: https://github.com/langchain-ai/langchainjs/issues/10675; gemini-3.1-pro-preview, "
             "2026-04-20: https://github.com/owndev/Open-WebUI-Functions/pull/159; https://github.com/googleapis/js-genai/issues/1425, 2026-03-21); "
             '400 "Tool use with function calling is unsupported" on Gemini 2.x (older); accepted: Gemini 3 on Vertex AI without the flag, '
             "and on the Gemini API with it (../shared/traffic)",
    source="https://github.com/langchain-ai/langchainjs/issues/10675",
    since="0.1.0",
    reads=tuple(f"tool.{attr}" for attr in BUILT_IN),  # and function declarations, which the check asks
    escalate=(When(family=("gemini-2",)),),
    bad=body(tools=[{"googleSearch": {}}, *TOOLS]),
    good=body(tools=[{"googleSearch": {}}, *TOOLS], toolConfig={"includeServerSideToolInvocations": True}),
    breaks=lambda p, d: without_server_side_flag(add_tool(add_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), {"googleSearch": {}})),
)
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
                yield report("GW509", ("tools", i, name), f"{name} beside function declarations", hint, severity=severity)


@rule(
    code="GW510",
    name="google-search-retrieval-legacy",
    severity="warning",
    summary="tools[].googleSearchRetrieval, the Gemini 1.5 search tool.",
    why='Gemini 2.0 and later answer "Please use google_search field instead of google_search_retrieval field."',
    evidence='400 "Please use google_search field instead of google_search_retrieval field." on Gemini 2.0 and later',
    source="https://github.com/simonw/llm-gemini/pull/39",
    since="0.1.0",
    reads=("tool.google_search_retrieval",),
    escalate=(When(family=("gemini-2", "gemini-3")),),
    bad=body(tools=[{"googleSearchRetrieval": {}}]),
    good=body(tools=[{"googleSearch": {}}]),
    breaks=lambda p, d: server_side_allowed(add_tool(p, {"googleSearchRetrieval": {}}), d),
)
def google_search_retrieval_legacy(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        if given(tool.google_search_retrieval):
            yield report("GW510", ("tools", i, "googleSearchRetrieval"), "googleSearchRetrieval is the Gemini 1.5 search tool", 'use "googleSearch": {}')


@rule(
    code="GW511",
    name="search-time-range-incomplete",
    severity="warning",
    dialects=("gemini",),
    summary="googleSearch.timeRangeFilter sets a start time without an end time, or the other way round.",
    why="A time range needs both ends.",
    evidence="the SDK's types document both ends; no server message known",
    source="https://github.com/googleapis/python-genai/blob/main/google/genai/types.py",
    since="0.1.0",
    reads=("tool.google_search",),
    bad=body(tools=[{"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z"}}}]),
    good=body(tools=[{"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z", "endTime": "2025-02-01T00:00:00Z"}}}]),
    breaks=lambda p, d: server_side_allowed(add_tool(p, {"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z"}}}), d),
)
def search_time_range_incomplete(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        gs = tool.google_search
        trf: Any = getattr(gs, "time_range_filter", UNSET) if given(gs) else UNSET
        if given(trf) and given(trf.start_time) != given(trf.end_time):
            missing = "endTime" if given(trf.start_time) else "startTime"
            yield report("GW511", ("tools", i, "googleSearch", "timeRangeFilter", missing), f"a time range without {missing}", f"add {missing}")


@rule(
    code="GW512",
    name="url-context-too-many-urls",
    severity="error",
    summary="With the urlContext tool, the prompt holds more than 20 URLs.",
    why='The server answers "Number of urls to lookup exceeds the limit (21 > 20)".',
    evidence='400 "Number of urls to lookup exceeds the limit (24 > 20). Please reduce the number of urls in the request."; https://ai.google.dev/gemini-api/docs/url-context#limitations — up to 20 URLs per request',
    source="https://rhyannonjoy.github.io/agent-ecosystem-testing/gemini-url-context-test-raw-findings",
    since="0.1.0",
    reads=("tool.url_context",),
    bad=body(tools=[{"urlContext": {}}], contents=[{"role": "user", "parts": [{"text": " ".join(f"https://example.com/{i}" for i in range(21))}]}]),
    good=body(tools=[{"urlContext": {}}], contents=[{"role": "user", "parts": [{"text": " ".join(f"https://example.com/{i}" for i in range(20))}]}]),
    breaks=lambda p, d: add_part(server_side_allowed(add_tool(p, {"urlContext": {}}), d), {"text": " ".join(f"https://example.com/{i}" for i in range(21))}),
)
def url_context_too_many_urls(req: Any, ctx: Context) -> Iterable[Finding]:
    if not any(given(getattr(t, "url_context", UNSET)) for t in (req.tools if given(req.tools) else [])):
        return
    count = sum(len(URL.findall(p.text)) for _, p in ctx.once(all_parts) if given(p.text))
    if count > MAX_URLS:
        yield report("GW512", ("contents",), f"{count} URLs for the URL context tool, at most {MAX_URLS}", "split the request, or keep the 20 URLs that matter")


@rule(
    code="GW513",
    name="function-behavior-live-only",
    severity="warning",
    dialects=("gemini",),
    summary="functionDeclarations[].behavior is set; it only applies to the Live API.",
    why="BLOCKING / NON_BLOCKING is only supported by BidiGenerateContent.",
    evidence='the field is documented for the Live API only; generateContent ignores it',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    reads=("tool.function_declarations",),
    clean=lambda req, ctx: ctx.fact(declared).plain,
    bad=body(tools=[{"functionDeclarations": [{**DECL, "behavior": "NON_BLOCKING"}]}]),
    good=body(tools=TOOLS),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_f", "behavior": "NON_BLOCKING"}]}),
)
def function_behavior_live_only(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, d in ctx.once(declarations):
        if given(getattr(d, "behavior", UNSET)):
            yield report("GW513", (*path, "behavior"), "behavior only applies to the Live API", "drop it for generateContent")


@rule(
    code="GW514",
    name="vertex-ai-search-source",
    severity="error",
    dialects=("vertex",),
    summary="retrieval.vertexAiSearch asks for more than 10 results, or sets both datastore and engine (a warning).",
    why="A Vertex AI Search tool returns at most 10 results. It reads one data store or one engine; the clients "
            "say not both, the reference does not say the server refuses it.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/tool.proto — max_results: "The maximumm allowed value is 10." (datastore and engine are both optional there)',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/tool.proto",
    since="0.1.0",
    reads=("tool.retrieval",),
    bad=body(tools=[{"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 20}}}]),
    good=body(tools=[{"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 10}}}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_tool(p, {"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 20}}}),
)
def vertex_ai_search_source(req: Any, ctx: Context) -> Iterable[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        retrieval: Any = getattr(tool, "retrieval", UNSET)
        search: Any = retrieval.vertex_ai_search if given(retrieval) else UNSET
        if not given(search):
            continue
        path = ("tools", i, "retrieval", "vertexAiSearch")
        if given(search.datastore) and given(search.engine):
            yield report("GW514", (*path, "engine"), "both datastore and engine", "keep one of them", severity="warning")
        if given(search.max_results) and search.max_results > 10:
            yield report("GW514", (*path, "maxResults"), f"maxResults {search.max_results}, at most 10", "ask for at most 10 results")


# Vertex AI's FunctionDeclaration reference (RULES.md row 83).
PARAMETER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@rule(
    code="GW515",
    name="parameter-name-format",
    severity="warning",
    dialects=("vertex",),
    summary="A function parameter's name breaks the format Vertex AI documents for it.",
    why="Vertex AI documents parameter names as a letter or underscore, then letters, digits or underscores, at most 64 in all; a name outside that may be refused or renamed.",
    evidence="a warning: Vertex AI's reference states the format, but no request refused for it is known (RULES.md row 83: not observed enforced)",
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/reference/java/latest/com.google.cloud.vertexai.api.FunctionDeclarationOrBuilder",
    since="0.1.0",
    reads=("tool.function_declarations",),
    bad=body(tools=[{"functionDeclarations": [{"name": "get_user", "parameters": {"type": "OBJECT", "properties": {"user-id": {"type": "STRING"}}}}]}]),
    good=body(tools=[{"functionDeclarations": [{"name": "get_user", "parameters": {"type": "OBJECT", "properties": {"user_id": {"type": "STRING"}}}}]}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_f", "parameters": {"type": "OBJECT", "properties": {"zz-a": {"type": "STRING"}}}}]}),
)
def parameter_name_format(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, d in ctx.once(declarations):
        if not given(d.parameters) or not given(d.parameters.properties):
            continue
        for name in d.parameters.properties:
            if not PARAMETER_NAME.fullmatch(name):
                fixed = re.sub(r"[^A-Za-z0-9_]", "_", name)[:64]
                yield report("GW515", (*path, "parameters", "properties", Key(name)), f"parameter name {excerpt(name)} breaks the format", f"rename it, e.g. {excerpt(fixed if PARAMETER_NAME.fullmatch(fixed) else '_' + fixed[:63])}")
