"""The Interactions API's exchange (GW85x, in the exchange area GW8xx): an Interaction against the
request that made it, and each request against the interaction it continues.

A request continues an interaction when its `previous_interaction_id` names one answered earlier
in the same recording, or when its `input` replays the steps that the call before it answered (a
stateless chain, `store: false`). As for generateContent (gemini_wire.rules.exchanges), what the
model did against the request's contract, and a replay that no refusal is known for, warn. The
examples are conversations: a JSON list of exchanges, each a request with the Interaction it got
(`gemini_wire.documents.interactions_exchanges.check_interactions_conversation` reads them).
"""

from __future__ import annotations

from typing import Any

from gemini_wire.rules.base import declare
from gemini_wire.rules.exchanges import NO_REFUSAL, talk

CHECKED_BY = ("gemini_wire.documents.interactions_exchanges",)
DIALECT = "interactions-v1"
INTERACTIONS = "https://ai.google.dev/gemini-api/docs/interactions"
# js-genai's reference of the step, generated from Google's spec: call_id is "Required. ID to match
# the ID from the function call block."
FUNCTION_RESULT = "https://googleapis.github.io/js-genai/release_docs/types/gaos_models_interactions_function-result-step.FunctionResultStep.html"
SIGNATURES = "https://ai.google.dev/gemini-api/docs/thought-signatures"
UNREFUSED = "no refusal of the server's is known for it: a warning"

MODEL = "gemini-3-flash-preview"
WEATHER = {"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
ASK: dict[str, Any] = {"model": MODEL, "input": "What is the weather in Paris?", "tools": [WEATHER]}
CALL = {"type": "function_call", "id": "call_1", "name": "get_weather", "arguments": {"city": "Paris"}}
RESULT = {"type": "function_result", "call_id": "call_1", "name": "get_weather", "result": "sunny"}
THOUGHT = {"type": "thought", "signature": "c2ln"}
USER_STEP = {"type": "user_input", "content": [{"type": "text", "text": "What is the weather in Paris?"}]}


def answered(*steps: dict[str, Any], status: str = "requires_action", id: str = "v1_first", model: str = MODEL) -> dict[str, Any]:
    """An Interaction whose steps are these."""
    return {"id": id, "object": "interaction", "status": status, "model": model, "steps": list(steps)}


def then(**fields: Any) -> dict[str, Any]:
    """The next request: the same model and tools, and these fields."""
    return {"model": MODEL, "tools": [WEATHER], **fields}


INTERACTION_UNDECLARED_FUNCTION_CALLED = declare(
    code="GW850",
    name="interaction-undeclared-function-called",
    severity="warning",
    summary="The Interaction calls a function that its request's tools do not declare.",
    why="An application dispatches function_call steps by name: a call of a function it never declared has no handler.",
    evidence=NO_REFUSAL,
    source=INTERACTIONS,
    since="0.2.0",
    dialects=("interactions",),
    checked_by=CHECKED_BY,
    example_dialect=DIALECT,
    bad=talk({"request": ASK, "response": answered({**CALL, "name": "get_wether"})}),
    good=talk({"request": ASK, "response": answered(CALL)}),
)


INTERACTION_FUNCTION_ARGS_MISMATCH = declare(
    code="GW851",
    name="interaction-function-args-mismatch",
    severity="warning",
    summary="A function_call step's arguments break the JSON Schema of the declared function's parameters.",
    why="A required argument missing, a string where an integer was declared, a value outside the enum: the function "
        "the application calls with them fails or does the wrong thing. Validated with the jsonschema package when it "
        "is installed.",
    evidence=NO_REFUSAL,
    source=INTERACTIONS,
    since="0.2.0",
    dialects=("interactions",),
    checked_by=CHECKED_BY,
    example_dialect=DIALECT,
    bad=talk({"request": ASK, "response": answered({**CALL, "arguments": {"town": "Paris"}})}),
    good=talk({"request": ASK, "response": answered(CALL)}),
)


INTERACTION_MODEL_MISMATCH = declare(
    code="GW852",
    name="interaction-model-mismatch",
    severity="warning",
    summary="The Interaction names another model (or agent) than its request asked for.",
    why="The application's limits, prices and prompts are for the model it asked for. A request for an alias "
        "(`...-latest`) or a resource name is answered by the model it stands for, and a model answered under a "
        "version of its name (`gemini-2.5-flash-001`) is the same model: neither is reported.",
    evidence=NO_REFUSAL,
    source=INTERACTIONS,
    since="0.2.0",
    dialects=("interactions",),
    checked_by=CHECKED_BY,
    example_dialect=DIALECT,
    bad=talk({"request": ASK, "response": answered(CALL, model="gemini-2.5-flash-lite")}),
    good=talk({"request": ASK, "response": answered(CALL)}),
)


INTERACTION_FUNCTION_CALL_UNANSWERED = declare(
    code="GW853",
    name="interaction-function-call-unanswered",
    severity="warning",
    summary="The request that continues an interaction leaves one of its function calls without a function_result.",
    why="An interaction that stopped at function calls (status `requires_action`) waits for a result of each: the "
        "model goes on without the missing ones, and may call again or make an answer up.",
    evidence=UNREFUSED,
    source=FUNCTION_RESULT,
    since="0.2.0",
    dialects=("interactions",),
    checked_by=CHECKED_BY,
    example_dialect=DIALECT,
    bad=talk(
        {"request": ASK, "response": answered(CALL, {**CALL, "id": "call_2", "arguments": {"city": "Rome"}})},
        {"request": then(previous_interaction_id="v1_first", input=[RESULT])},
    ),
    good=talk(
        {"request": ASK, "response": answered(CALL, {**CALL, "id": "call_2", "arguments": {"city": "Rome"}})},
        {"request": then(previous_interaction_id="v1_first", input=[RESULT, {**RESULT, "call_id": "call_2", "result": "rain"}])},
    ),
)


INTERACTION_FUNCTION_RESULT_UNMATCHED = declare(
    code="GW854",
    name="interaction-function-result-unmatched",
    severity="warning",
    summary="A function_result's call_id matches no function_call of the interaction it continues, nor of its own input.",
    why="call_id is the ID of the function call that the result answers: a result under another ID answers nothing, "
        "and the call it was meant for is left unanswered.",
    evidence=UNREFUSED,
    source=FUNCTION_RESULT,
    since="0.2.0",
    dialects=("interactions",),
    checked_by=CHECKED_BY,
    example_dialect=DIALECT,
    bad=talk(
        {"request": ASK, "response": answered(CALL)},
        {"request": then(previous_interaction_id="v1_first", input=[{**RESULT, "call_id": "call_9"}])},
    ),
    good=talk(
        {"request": ASK, "response": answered(CALL)},
        {"request": then(previous_interaction_id="v1_first", input=[RESULT])},
    ),
)


INTERACTION_THOUGHT_SIGNATURE_NOT_REPLAYED = declare(
    code="GW855",
    name="interaction-thought-signature-not-replayed",
    severity="warning",
    summary="A stateless chain replays the interaction's steps with a step's signature dropped or changed.",
    why="Without server-side state (`store: false`) the application sends the model's steps back in `input`; their "
        "signatures carry the model's reasoning from turn to turn and must come back unchanged on the step that had them. "
        "Where requests are linted too, an unsigned thought step before a call is left to GW907, which the request "
        "alone shows (as GW812 leaves generateContent's Gemini 3 case to GW217).",
    evidence=UNREFUSED + " on the Interactions API (generateContent refuses a Gemini 3 function call sent back without "
             "its signature: GW812)",
    source=SIGNATURES,
    since="0.2.0",
    dialects=("interactions",),
    checked_by=CHECKED_BY,
    example_dialect=DIALECT,
    bad=talk(
        {"request": {**ASK, "store": False}, "response": answered(THOUGHT, CALL)},
        {"request": then(store=False, input=[USER_STEP, {"type": "thought"}, CALL, RESULT])},
    ),
    good=talk(
        {"request": {**ASK, "store": False}, "response": answered(THOUGHT, CALL)},
        {"request": then(store=False, input=[USER_STEP, THOUGHT, CALL, RESULT])},
    ),
)
