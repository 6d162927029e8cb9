"""Tools and the tool config (GW5xx)."""

from __future__ import annotations

from gemini_wire.rules.base import When, declare
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

PARAMETERS_ROOT_OBJECT = declare(
    code="GW501",
    name="parameters-root-object",
    severity="error",
    summary="A function declaration's parameters schema is not of type OBJECT.",
    why='The server answers "functionDeclaration parameters schema should be of type OBJECT".',
    evidence='400 "functionDeclaration parameters schema should be of type OBJECT"',
    source="https://github.com/diegosouzapw/OmniRoute/pull/3360",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"functionDeclarations": [{"name": "f", "parameters": {"type": "STRING"}}]}]),
    good=body(tools=[{"functionDeclarations": [{"name": "f"}]}]),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_f", "parameters": {"type": "STRING"}}]}),
)


PARAMETERS_SCHEMAS_EXCLUSIVE = declare(
    code="GW502",
    name="parameters-schemas-exclusive",
    severity="error",
    summary="A function declaration sets both parameters and parametersJsonSchema (or response and responseJsonSchema).",
    why="Each pair is mutually exclusive.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto — parameters_json_schema "is mutually exclusive with parameters"',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"functionDeclarations": [{**DECL, "parametersJsonSchema": {"type": "object"}}]}]),
    good=body(tools=TOOLS),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_f", "parameters": {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}}, "parametersJsonSchema": {"type": "object"}}]}),
)


TOO_MANY_FUNCTION_DECLARATIONS = declare(
    code="GW503",
    name="too-many-function-declarations",
    severity="error",
    summary="More than 512 function declarations in one tool (on Vertex AI, more than 128 in a request: a warning).",
    why='The server answers "At most 512 function declarations can be specified." for a tool that holds more. '
        "Vertex AI's documentation says 128 a request, which no quoted answer has enforced since the server "
        "named 512: a warning there.",
    evidence='400 "tools[0].function_declarations: [FIELD_INVALID] At most 512 function declarations can be specified." '
             "(gemini-3-flash-preview, 2026-04-15: https://github.com/google-gemini/gemini-cli/issues/25440; 2026-02-14: "
             "https://github.com/google-gemini/gemini-cli/issues/19083; a Google maintainer, 2026-05-11: \"the Gemini/Vertex API "
             "... limit (512)\", https://github.com/google-gemini/gemini-cli/pull/26869); older: "
             "https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/function-calling — at most 128 function declarations",
    source="https://github.com/google-gemini/gemini-cli/issues/25440",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"functionDeclarations": [{"name": f"f{i}"} for i in range(513)]}]),
    good=body(tools=[{"functionDeclarations": [{"name": f"f{i}"} for i in range(512)]}]),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": f"zz_f{i}"} for i in range(513)]}),
)


ALLOWED_FUNCTION_NAMES_MODE = declare(
    code="GW504",
    name="allowed-function-names-mode",
    severity="error",
    summary="allowedFunctionNames is set while the mode is not ANY (or VALIDATED).",
    why="The list only restricts which function must be called; other modes do not take it.",
    evidence='400 for allowedFunctionNames with mode AUTO; clients switch the mode to ANY to avoid it: https://github.com/tensorzero/tensorzero/pull/4875',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "AUTO", "allowedFunctionNames": ["get_weather"]}}),
    good=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}}),
    breaks=lambda p, d: calling(add_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), {"mode": "AUTO", "allowedFunctionNames": ["zz_f"]}),
)


UNDECLARED_FUNCTION = declare(
    code="GW505",
    name="undeclared-function",
    severity="warning",
    summary="allowedFunctionNames names a function that no declaration defines.",
    why="The model can only be forced to call functions it was given.",
    evidence='the proto says the names "should match" a declaration; no server message known',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_wether"]}}),
    good=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}}),
    breaks=lambda p, d: calling(p, {"mode": "ANY", "allowedFunctionNames": ["zz_missing"]}),
)


ONE_TOOL_TYPE_PER_TOOL = declare(
    code="GW506",
    name="one-tool-type-per-tool",
    severity="error",
    dialects=("vertex",),
    summary="One Tool object sets more than one kind of tool (Vertex AI); an empty Tool is a warning.",
    why="Vertex AI reads a Tool as a oneof: \"one_of 'tool_type' has more than one initialized field\".",
    evidence='400 "tools[0].tool_type: one_of \'tool_type\' has more than one initialized field: function_declarations, google_search" (Vertex AI); no refusal known for an empty Tool',
    source="https://github.com/langchain-ai/langchain-google/issues/1116",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"codeExecution": {}, "googleSearch": {}}]),
    good=body(tools=[{"codeExecution": {}}, {"googleSearch": {}}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_tool(p, {"codeExecution": {}, "googleSearch": {}}),
)


DUPLICATE_FUNCTION_NAME = declare(
    code="GW507",
    name="duplicate-function-name",
    severity="warning",
    summary="Two function declarations have the same name.",
    why="The model's call names one function; two with one name are ambiguous and refused.",
    evidence='no server message known for two declarations with one name',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"functionDeclarations": [DECL, DECL]}]),
    good=body(tools=TOOLS),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_dup"}, {"name": "zz_dup"}]}),
)


CALLING_CONFIG_WITHOUT_DECLARATIONS = declare(
    code="GW508",
    name="calling-config-without-declarations",
    severity="warning",
    summary="toolConfig.functionCallingConfig is set but no function is declared.",
    why='The Gemini API answers "Function calling config is set without function_declarations." for models up to 2.5; Gemini 3 and '
            "Vertex AI tolerate it.",
    evidence='400 "Function calling config is set without function_declarations." on the Gemini API (gemini-2.5-flash, gemini-2.5-pro: '
             "https://github.com/pydantic/pydantic-ai/pull/5791, 2026-06-05); tolerated by Vertex AI on every model, and by Gemini 3 on the "
             "Gemini API (gemini-3-flash-preview, gemini-3.5-flash, in requests with include_server_side_tool_invocations): a warning there",
    source="https://github.com/pydantic/pydantic-ai/pull/5791",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    escalate=(When(family=("gemini-2",), apis=("gemini",)),),
    bad=body(toolConfig={"functionCallingConfig": {"mode": "AUTO"}}),
    good=body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "AUTO"}}),
    breaks=lambda p, d: {**no_cache(p), "tools": [t for t in p.get("tools", []) if "functionDeclarations" not in t], "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}}},
)


BUILT_IN_TOOLS_WITH_FUNCTIONS = declare(
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
    checked_by=("gemini_wire.checks.tools",),
    escalate=(When(family=("gemini-2",)),),
    bad=body(tools=[{"googleSearch": {}}, *TOOLS]),
    good=body(tools=[{"googleSearch": {}}, *TOOLS], toolConfig={"includeServerSideToolInvocations": True}),
    breaks=lambda p, d: without_server_side_flag(add_tool(add_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), {"googleSearch": {}})),
)


GOOGLE_SEARCH_RETRIEVAL_LEGACY = declare(
    code="GW510",
    name="google-search-retrieval-legacy",
    severity="warning",
    summary="tools[].googleSearchRetrieval, the Gemini 1.5 search tool.",
    why='Gemini 2.0 and later answer "Please use google_search field instead of google_search_retrieval field."',
    evidence='400 "Please use google_search field instead of google_search_retrieval field." on Gemini 2.0 and later',
    source="https://github.com/simonw/llm-gemini/pull/39",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    escalate=(When(family=("gemini-2", "gemini-3")),),
    bad=body(tools=[{"googleSearchRetrieval": {}}]),
    good=body(tools=[{"googleSearch": {}}]),
    breaks=lambda p, d: server_side_allowed(add_tool(p, {"googleSearchRetrieval": {}}), d),
)


SEARCH_TIME_RANGE_INCOMPLETE = declare(
    code="GW511",
    name="search-time-range-incomplete",
    severity="warning",
    dialects=("gemini",),
    summary="googleSearch.timeRangeFilter sets a start time without an end time, or the other way round.",
    why="A time range needs both ends.",
    evidence="the SDK's types document both ends; no server message known",
    source="https://github.com/googleapis/python-genai/blob/main/google/genai/types.py",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z"}}}]),
    good=body(tools=[{"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z", "endTime": "2025-02-01T00:00:00Z"}}}]),
    breaks=lambda p, d: server_side_allowed(add_tool(p, {"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z"}}}), d),
)


URL_CONTEXT_TOO_MANY_URLS = declare(
    code="GW512",
    name="url-context-too-many-urls",
    severity="error",
    summary="With the urlContext tool, the prompt holds more than 20 URLs.",
    why='The server answers "Number of urls to lookup exceeds the limit (21 > 20)".',
    evidence='400 "Number of urls to lookup exceeds the limit (24 > 20). Please reduce the number of urls in the request."; https://ai.google.dev/gemini-api/docs/url-context#limitations — up to 20 URLs per request',
    source="https://rhyannonjoy.github.io/agent-ecosystem-testing/gemini-url-context-test-raw-findings",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"urlContext": {}}], contents=[{"role": "user", "parts": [{"text": " ".join(f"https://example.com/{i}" for i in range(21))}]}]),
    good=body(tools=[{"urlContext": {}}], contents=[{"role": "user", "parts": [{"text": " ".join(f"https://example.com/{i}" for i in range(20))}]}]),
    breaks=lambda p, d: add_part(server_side_allowed(add_tool(p, {"urlContext": {}}), d), {"text": " ".join(f"https://example.com/{i}" for i in range(21))}),
)


FUNCTION_BEHAVIOR_LIVE_ONLY = declare(
    code="GW513",
    name="function-behavior-live-only",
    severity="warning",
    dialects=("gemini",),
    summary="functionDeclarations[].behavior is set; it only applies to the Live API.",
    why="BLOCKING / NON_BLOCKING is only supported by BidiGenerateContent.",
    evidence='the field is documented for the Live API only; generateContent ignores it',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"functionDeclarations": [{**DECL, "behavior": "NON_BLOCKING"}]}]),
    good=body(tools=TOOLS),
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_f", "behavior": "NON_BLOCKING"}]}),
)


VERTEX_AI_SEARCH_SOURCE = declare(
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
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 20}}}]),
    good=body(tools=[{"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 10}}}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_tool(p, {"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 20}}}),
)


PARAMETER_NAME_FORMAT = declare(
    code="GW515",
    name="parameter-name-format",
    severity="warning",
    dialects=("vertex",),
    summary="A function parameter's name breaks the format Vertex AI documents for it.",
    why="Vertex AI documents parameter names as a letter or underscore, then letters, digits or underscores, at most 64 in all; a name outside that may be refused or renamed.",
    evidence="a warning: Vertex AI's reference states the format, but no request refused for it is known (RULES.md row 83: not observed enforced)",
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/reference/java/latest/com.google.cloud.vertexai.api.FunctionDeclarationOrBuilder",
    since="0.1.0",
    checked_by=("gemini_wire.checks.tools",),
    bad=body(tools=[{"functionDeclarations": [{"name": "get_user", "parameters": {"type": "OBJECT", "properties": {"user-id": {"type": "STRING"}}}}]}]),
    good=body(tools=[{"functionDeclarations": [{"name": "get_user", "parameters": {"type": "OBJECT", "properties": {"user_id": {"type": "STRING"}}}}]}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_tool(p, {"functionDeclarations": [{"name": "zz_f", "parameters": {"type": "OBJECT", "properties": {"zz-a": {"type": "STRING"}}}}]}),
)
