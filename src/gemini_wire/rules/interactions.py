"""The Interactions API's requests (GW9xx): what its own wire refuses or gets wrong beyond its schema.

These rules hold for the Interactions dialects only (`interactions-v1`, `interactions-v1beta`):
their examples are Interactions requests, linted by `InteractionsDialect.lint`, and generateContent's
lint never runs their checks (gemini_wire.checks.interactions keeps its own registry). What the
schema alone refuses (an unknown key, a wrong type, `model` beside `agent`) is the codec's
(codec/tagged.py: GW100-GW105).
"""

from __future__ import annotations

from gemini_wire.rules.base import declare

INTERACTIONS = ("interactions",)  # the API family of both Interactions dialects
EXAMPLE = "interactions-v1"
SPEC = "https://ai.google.dev/gemini-api/docs/interactions"
# Google's OpenAPI document of the API, as the pinned SDK's Speakeasy types carry it
# (codegen/upstream/interactions.json, from google-genai 3.6.1's google/genai/_gaos/types/interactions/).
OPENAPI = "google-genai 3.6.1 google/genai/_gaos/types/interactions/ (Speakeasy types of Google's OpenAPI document; codegen/upstream/interactions.json)"

# The request fields the spec marks deprecated (codegen/upstream/interactions.json, `deprecated:
# true` on CreateModelInteraction, CreateAgentInteraction and GenerationConfig), with what replaces
# them; tests/test_interactions_lint.py holds the list to the spec.
DEPRECATED: dict[tuple[str, ...], str] = {
    ("cached_content",): "leave it out: the Interactions API caches the context of a chain itself (previous_interaction_id)",
    ("response_mime_type",): "say the MIME type in response_format (`{\"type\": \"text\", \"mime_type\": ...}`)",
    ("response_modalities",): "ask for each modality with an entry of response_format (`{\"type\": \"image\"}`, ...)",
    ("generation_config", "temperature"): "leave it out: the model's default is what Google recommends",
    ("generation_config", "top_p"): "leave it out: the model's default is what Google recommends",
    ("generation_config", "image_config"): "give the image's settings in a response_format entry of type image",
}

USER = {"type": "user_input", "content": [{"type": "text", "text": "What is the weather in Paris?"}]}
THOUGHT = {"type": "thought", "signature": "c2ln"}  # the model's signed thought before its call (GW907, GW911)
CALL = {"type": "function_call", "id": "call_1", "name": "get_weather", "arguments": {"city": "Paris"}}
RESULT = {"type": "function_result", "call_id": "call_1", "name": "get_weather", "result": "sunny"}
TOOL = {"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}
MODEL = "gemini-3-flash-preview"


def request(**fields: object) -> dict[str, object]:
    """A small valid Interactions request to a model, with `fields` set."""
    return {"model": MODEL, "input": "Hello", **fields}


AGENT_MODEL_FIELD = declare(
    code="GW901",
    name="agent-model-field",
    severity="error",
    summary="A request to an agent carries generation_config or cached_content, or a request to a model carries agent_config.",
    why="An agent is configured by agent_config; the model's settings belong to a request that names a model. The agent's "
        "request has no generation_config nor cached_content, and the model's has no agent_config, so the server refuses the key.",
    evidence="Google's OpenAPI document (google-genai 3.6.1 google/genai/_gaos/types/interactions/): CreateAgentInteraction has no "
             "generation_config nor cached_content, CreateModelInteraction no agent_config; and the SDK refuses them before "
             "sending: google-genai 3.6.1 google/genai/_gaos/interactions.py raises \"Cannot supply both 'generation_config' and "
             "'agent'.\", \"Cannot supply both 'cached_content' and 'agent'.\", \"Cannot supply both 'model' and 'agent_config'.\"",
    source="https://github.com/googleapis/python-genai/blob/main/google/genai/_gaos/interactions.py",
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad={"agent": "deep-research-pro-preview-12-2025", "input": "Research SSE.", "generation_config": {"thinking_level": "high"}},
    good={"agent": "deep-research-pro-preview-12-2025", "input": "Research SSE.", "agent_config": {"type": "deep-research", "thinking_summaries": "auto"}},
    example_dialect=EXAMPLE,
)


RESPONSE_FORMAT_BESIDE_DEPRECATED = declare(
    code="GW902",
    name="response-format-beside-deprecated",
    severity="warning",
    summary="response_format is given beside the deprecated response_mime_type or response_modalities.",
    why="response_format says the output's kinds and MIME types; response_mime_type and response_modalities are the "
        "deprecated older way to say them. Both at once say it twice, and may disagree.",
    evidence=f"{OPENAPI}: response_mime_type and response_modalities are marked deprecated on CreateModelInteraction and "
             "CreateAgentInteraction, and response_format's entries carry mime_type; no refusal of both together is known, so a warning",
    source=SPEC,
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(response_format={"type": "text", "mime_type": "application/json"}, response_mime_type="application/json"),
    good=request(response_format={"type": "text", "mime_type": "application/json"}),
    example_dialect=EXAMPLE,
)


DEPRECATED_FIELD = declare(
    code="GW903",
    name="deprecated-field",
    severity="info",
    summary="A request field that the Interactions API's spec marks deprecated.",
    why="A deprecated field is still taken, but may go in a later version of the API; its replacement says the same.",
    evidence=f"{OPENAPI}: `deprecated: true` on cached_content, response_mime_type, response_modalities and "
             "generation_config's temperature, top_p and image_config; taken by the server, so information only",
    source=SPEC,
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(response_modalities=["text"]),
    good=request(response_format={"type": "text"}),
    example_dialect=EXAMPLE,
)


CHAIN_NOT_STORED = declare(
    code="GW904",
    name="chain-not-stored",
    severity="warning",
    summary="previous_interaction_id continues a chain from a request with store: false, which no later request can continue.",
    why="A request continued by previous_interaction_id must have been stored; with store: false this interaction is not, "
        "so the chain ends here, and a later previous_interaction_id naming it fails.",
    evidence="Google's reference of previous_interaction_id: \"That interaction must have been run with store=true and must be in "
             "a terminal state\" (https://googleapis.github.io/js-genai/release_docs/types/gaos_models_interactions_create-interaction-event.CreateInteractionEvent.html); "
             "this request itself is taken, so a warning",
    source="https://ai.google.dev/gemini-api/docs/interactions#data-retention",
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(previous_interaction_id="v1_prev", store=False),
    good=request(previous_interaction_id="v1_prev"),
    example_dialect=EXAMPLE,
)


FUNCTION_RESULT_WITHOUT_CALL = declare(
    code="GW905",
    name="function-result-without-call",
    severity="warning",
    summary="A function_result step in input answers no function_call step before it (a chain replayed without previous_interaction_id).",
    why="Without previous_interaction_id the server knows only the steps given: a result is matched to its call by call_id, "
        "so a result whose call is not among the earlier steps answers nothing.",
    evidence="FunctionResultStep.call_id is \"the ID of the function call this result is for\" (Google's OpenAPI document, "
             "google-genai 3.6.1 google/genai/_gaos/types/interactions/); no server refusal of an orphan result is quoted "
             "for the Interactions API yet (generateContent refuses its counterpart, GW702), so a warning",
    source=SPEC,
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(input=[USER, THOUGHT, {**CALL, "id": "call_2"}, RESULT], tools=[TOOL]),
    good=request(input=[USER, THOUGHT, CALL, RESULT], tools=[TOOL]),
    example_dialect=EXAMPLE,
)


FUNCTION_CALL_STEP_UNANSWERED = declare(
    code="GW906",
    name="function-call-step-unanswered",
    severity="warning",
    summary="A function_call step in input has no function_result before the next user_input step.",
    why="The model asked for the function's result before the user spoke again; replaying the call without its result "
        "leaves the model's question open in the history it reads.",
    evidence="Google's function-calling sample for the Interactions API answers each function_call with a function_result "
             "carrying its call_id before the conversation goes on (as quoted in https://github.com/enricoros/big-AGI/issues/899); "
             "no refusal is quoted for the Interactions API (generateContent refuses its counterpart, GW702), so a warning",
    source="https://ai.google.dev/gemini-api/docs/function-calling",
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(input=[USER, THOUGHT, CALL, USER], tools=[TOOL]),
    good=request(input=[USER, THOUGHT, CALL, RESULT, USER], tools=[TOOL]),
    example_dialect=EXAMPLE,
)


THOUGHT_STEP_UNSIGNED = declare(
    code="GW907",
    name="thought-step-unsigned",
    severity="error",
    summary="A replayed thought step before a function_call has no signature (or an empty one).",
    why="A thought step carries the signature of the model's reasoning; replayed without one (or with the empty one the "
        "model sent when thinking_summaries was \"auto\") before a function call, the continuation of that call is refused.",
    evidence="googleapis/js-genai#1735 (2026-06-25, gemini-2.5-flash and gemini-3.5-flash, reproduced with curl): a thought step "
             "replayed with signature \"\" before a function_call gets 400 {\"error\": {\"message\": \"Request contains an invalid "
             "argument.\", \"code\": \"invalid_request\"}}",
    source="https://github.com/googleapis/js-genai/issues/1735",
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(input=[USER, {"type": "thought", "signature": "", "summary": [{"type": "text", "text": "Call the tool."}]}, CALL, RESULT], tools=[TOOL]),
    good=request(input=[USER, {"type": "thought", "signature": "c2ln", "summary": [{"type": "text", "text": "Call the tool."}]}, CALL, RESULT], tools=[TOOL]),
    example_dialect=EXAMPLE,
)


FUNCTION_PARAMETERS_SCHEMA = declare(
    code="GW908",
    name="function-parameters-schema",
    severity="warning",
    summary="A function tool's parameters is not a JSON Schema of an object, or a schema node's type is no JSON Schema type.",
    why="parameters is the JSON Schema of the function's arguments, which are a JSON object (a function_call step's "
        "arguments); a type outside JSON Schema's seven names describes nothing the model can write.",
    evidence="FunctionCallStep.arguments is an object, and Function.parameters is \"the JSON Schema for the function's parameters\" "
             f"({OPENAPI}); JSON Schema's types are null, boolean, object, array, number, string and integer "
             "(https://json-schema.org/draft/2020-12/json-schema-validation#section-6.1.1); no server answer is quoted, so a warning",
    source=SPEC,
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(tools=[{**TOOL, "parameters": {"type": "object", "properties": {"city": {"type": "text"}}}}]),
    good=request(tools=[TOOL]),
    example_dialect=EXAMPLE,
)


INTERACTIONS_THINKING_LEVEL_MODEL = declare(
    code="GW909",
    name="interactions-thinking-level-model",
    severity="error",
    summary="generation_config.thinking_level names a level the model does not take, or the model does not think.",
    why="The model profiles of generateContent (models.toml) hold for the same models called through the Interactions API: "
        "a model without thinking, or without this level, refuses it.",
    evidence="The named model's profile (gemini_wire/models.toml), as GW312 and GW314 for generateContent: "
             "\"Unable to submit request because thinking_level MEDIUM is not supported by this model.\" (gemini-3-pro-preview, "
             "https://github.com/jenslys/opencode-gemini-auth/issues/14); a warning where the profile's fact is neither the "
             "server's words nor Google's own page",
    source="https://ai.google.dev/gemini-api/docs/gemini-3",
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(model="gemini-3-pro-preview", generation_config={"thinking_level": "minimal"}),
    good=request(model="gemini-3-pro-preview", generation_config={"thinking_level": "low"}),
    example_dialect=EXAMPLE,
)


INTERACTIONS_UNKNOWN_MODEL = declare(
    code="GW910",
    name="interactions-unknown-model",
    severity="info",
    summary="The request's model is not a model that gemini-wire's model profiles know.",
    why="A typo in a model name is a 404 from the server; a model newer than gemini-wire's profiles is not checked against "
        "any per-model limit. Either way the request's per-model rules say nothing.",
    evidence="Offline, the names of Google's docs and SDK (gemini_wire/models.toml) are all that is known; the server answers "
             "an unknown model with 404, not 400, and a new model is served before gemini-wire knows it: information only",
    source="https://ai.google.dev/gemini-api/docs/models",
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(model="gemini-3-flsh-preview"),
    good=request(model="gemini-3-flash-preview"),
    example_dialect=EXAMPLE,
)


FUNCTION_CALL_STEP_UNSIGNED = declare(
    code="GW911",
    name="function-call-step-unsigned",
    severity="warning",
    summary="On a Gemini 3 model, a replayed function_call step has no signed thought step before it in the model's turn.",
    why="Gemini 3 wants the thought signature of each function call it made back when the call is replayed (generateContent "
        "refuses the call without it); in the Interactions API the signature travels on the thought step before the call, "
        "so replaying the call alone, without previous_interaction_id, drops it.",
    evidence="generateContent refuses a Gemini 3 function call replayed without its signature with 400 \"Function call is missing "
             "a thought_signature in functionCall parts.\" (GW217; https://ai.google.dev/gemini-api/docs/thought-signatures), and "
             "an Interactions client reports \"unsigned replayed calls are rejected outright\" "
             "(https://github.com/AidenAI-IO/aiden-firmware/pull/699); no Interactions 400 is quoted, so a warning",
    source="https://ai.google.dev/gemini-api/docs/thought-signatures",
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(input=[USER, CALL, RESULT], tools=[TOOL]),
    good=request(input=[USER, THOUGHT, CALL, RESULT], tools=[TOOL]),
    example_dialect=EXAMPLE,
)


FUNCTION_RESULT_STEP_UNNAMED = declare(
    code="GW912",
    name="function-result-step-unnamed",
    severity="warning",
    summary="A function_result step in input has no name.",
    why="The spec makes a function result's name optional, but the server has refused a result that carried only call_id and "
        "result, and took it once the function's name was added.",
    evidence="A live probe of the Interactions API (2026-08-14): \"HTTP 400 Invalid input received\" for a function_result step with "
             "only call_id and result, 200 with name added (https://github.com/robocurve/inspect-robots/issues/380); Google's OpenAPI "
             "document marks name optional (FunctionResultStep requires call_id and result only), so a warning",
    source="https://github.com/robocurve/inspect-robots/issues/380",
    since="0.2.0",
    dialects=INTERACTIONS,
    checked_by=("gemini_wire.checks.interactions",),
    bad=request(previous_interaction_id="v1_prev", input=[{"type": "function_result", "call_id": "call_1", "result": "sunny"}]),
    good=request(previous_interaction_id="v1_prev", input=[RESULT]),
    example_dialect=EXAMPLE,
)
