"""The exchange (GW8xx): what the model answered against its own request, and how the next request
replayed it.

A request declares a contract (its functions and their parameters, a JSON schema for the answer,
a function-calling mode, a candidate count); a response that breaks it is not refused by any
server, it is what breaks the application that reads it: these rules warn. A replay that the
server refuses (a Gemini 3 function call sent back without its signature) is an error, with its
evidence. The examples are conversations: a JSON list of exchanges, each a request with the
response it got (`gemini_wire.documents.exchanges.check_conversation` reads them).
"""

from __future__ import annotations

import json
from typing import Any

from gemini_wire.rules.base import declare
from gemini_wire.rules.edits import ANSWER, CALL, TOOLS, USER

CHECKED_BY = ("gemini_wire.documents.exchanges",)
SIGNATURES = "https://ai.google.dev/gemini-api/docs/thought-signatures"
FUNCTION_CALLING = "https://ai.google.dev/gemini-api/docs/function-calling"
STRUCTURED = "https://ai.google.dev/gemini-api/docs/structured-output"
NO_REFUSAL = "no refusal: the server sent this answer; the application that reads it is what breaks"


def said(*parts: dict[str, Any], finish: str = "STOP", candidates: int = 1) -> dict[str, Any]:
    """A response whose candidates say these parts."""
    one = {"content": {"role": "model", "parts": list(parts)}, "finishReason": finish}
    return {"candidates": [{**one, "index": i} for i in range(candidates)]}


def talk(*exchanges: dict[str, Any]) -> str:
    """An example: exchanges (`{"request": ..., "response": ...}`) as one line of JSON."""
    return json.dumps(list(exchanges), ensure_ascii=False)


CALLED = CALL["parts"][0]
ASK = {"contents": [USER], "tools": TOOLS}
JSON_ASK = {
    "contents": [USER],
    "generationConfig": {"responseMimeType": "application/json", "responseSchema": {"type": "OBJECT", "properties": {"temp": {"type": "INTEGER"}}, "required": ["temp"]}},
}
SIGNED = {**CALLED, "thoughtSignature": "c2ln"}


UNDECLARED_FUNCTION_CALLED = declare(
    code="GW801",
    name="undeclared-function-called",
    severity="warning",
    summary="The response calls a function that its request did not declare.",
    why="An application dispatches calls by name: a call to a function it never declared has no handler.",
    evidence=NO_REFUSAL,
    source=FUNCTION_CALLING,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": ASK, "response": said({"functionCall": {"name": "get_wether", "args": {"city": "Paris"}}})}),
    good=talk({"request": ASK, "response": said(CALLED)}),
)


FUNCTION_ARGS_MISMATCH = declare(
    code="GW802",
    name="function-args-mismatch",
    severity="warning",
    summary="A function call's args break the declared parameters or parametersJsonSchema.",
    why="A required argument missing, a string where an integer was declared, a value outside the enum: "
        "the function the application calls with them fails or does the wrong thing. parametersJsonSchema "
        "is validated with the jsonschema package when it is installed.",
    evidence=NO_REFUSAL,
    source=FUNCTION_CALLING,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": ASK, "response": said({"functionCall": {"name": "get_weather", "args": {"town": "Paris"}}})}),
    good=talk({"request": ASK, "response": said(CALLED)}),
)


JSON_OUTPUT_UNPARSABLE = declare(
    code="GW803",
    name="json-output-unparsable",
    severity="warning",
    summary="The request asked for JSON (responseMimeType application/json) and the candidate's text does not parse.",
    why="The application parses the text as JSON; text around it (a Markdown fence, a sentence) breaks the parse.",
    evidence=NO_REFUSAL,
    source=STRUCTURED,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": JSON_ASK, "response": said({"text": "```json\n{\"temp\": 21}\n```"})}),
    good=talk({"request": JSON_ASK, "response": said({"text": "{\"temp\": 21}"})}),
)


JSON_OUTPUT_MISMATCH = declare(
    code="GW804",
    name="json-output-mismatch",
    severity="warning",
    summary="The candidate's JSON text parses but breaks the request's responseSchema or responseJsonSchema.",
    why="The application reads the answer into the type the schema describes; a missing property or a "
        "wrong type fails there. responseJsonSchema is validated with the jsonschema package when it is installed.",
    evidence=NO_REFUSAL,
    source=STRUCTURED,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": JSON_ASK, "response": said({"text": "{\"temp\": \"21\"}"})}),
    good=talk({"request": JSON_ASK, "response": said({"text": "{\"temp\": 21}"})}),
)


JSON_OUTPUT_TRUNCATED = declare(
    code="GW805",
    name="json-output-truncated",
    severity="warning",
    summary="The request asked for JSON and the candidate stopped at MAX_TOKENS: its text is cut JSON.",
    why="The answer ran out of output tokens before its JSON closed; raise maxOutputTokens (thinking counts too) "
        "or ask for less.",
    evidence=NO_REFUSAL,
    source=STRUCTURED,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": JSON_ASK, "response": said({"text": "{\"te"}, finish="MAX_TOKENS")}),
    good=talk({"request": JSON_ASK, "response": said({"text": "{\"temp\": 21}"})}),
)


FUNCTION_CALLING_MODE_IGNORED = declare(
    code="GW806",
    name="function-calling-mode-ignored",
    severity="warning",
    summary="The response disagrees with toolConfig.functionCallingConfig: a call under NONE, a call outside "
            "allowedFunctionNames, or no call under ANY.",
    why="The application relies on the mode it set (no calls, or a call of one of the named functions).",
    evidence=NO_REFUSAL,
    source=FUNCTION_CALLING,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": {**ASK, "toolConfig": {"functionCallingConfig": {"mode": "NONE"}}}, "response": said(CALLED)}),
    good=talk({"request": {**ASK, "toolConfig": {"functionCallingConfig": {"mode": "NONE"}}}, "response": said({"text": "It is sunny."})}),
)


TOO_MANY_CANDIDATES = declare(
    code="GW807",
    name="too-many-candidates",
    severity="warning",
    summary="The response holds more candidates than the request's candidateCount (1 when unset).",
    why="An application that reads candidates[0] ignores the others; one that loops over them did not expect them.",
    evidence=NO_REFUSAL,
    source="https://ai.google.dev/api/generate-content#generationconfig",
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": {"contents": [USER]}, "response": said({"text": "Sunny."}, candidates=2)}),
    good=talk({"request": {"contents": [USER], "generationConfig": {"candidateCount": 2}}, "response": said({"text": "Sunny."}, candidates=2)}),
)


FUNCTION_CALL_UNANSWERED = declare(
    code="GW810",
    name="function-call-unanswered",
    severity="warning",
    summary="The next request replays the model's function call without a functionResponse to it (by id, else by name).",
    why="The model asked for the call's result; a history that goes on without it leaves the model guessing.",
    evidence="the next request stands alone (GW702 checks the counts inside it); this compares it with the calls the model made",
    source=FUNCTION_CALLING,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": ASK, "response": said(CALLED)}, {"request": {**ASK, "contents": [USER, CALL, {"role": "user", "parts": [{"text": "and tomorrow?"}]}]}}),
    good=talk({"request": ASK, "response": said(CALLED)}, {"request": {**ASK, "contents": [USER, CALL, ANSWER]}}),
)


FUNCTION_RESPONSE_UNMATCHED = declare(
    code="GW811",
    name="function-response-unmatched",
    severity="warning",
    summary="A functionResponse after the replayed model turn answers no call the model made (another id or name).",
    why="Responses are matched to calls by id (and name): one under another id answers nothing, and its call stays open.",
    evidence="no server message known for a response under another id",
    source=FUNCTION_CALLING,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk(
        {"request": ASK, "response": said({"functionCall": {**CALLED["functionCall"], "id": "c1"}})},
        {"request": {**ASK, "contents": [USER, {"role": "model", "parts": [{"functionCall": {**CALLED["functionCall"], "id": "c1"}}]},
                                         {"role": "user", "parts": [{"functionResponse": {**ANSWER["parts"][0]["functionResponse"], "id": "c2"}}]}]}},
    ),
    good=talk(
        {"request": ASK, "response": said({"functionCall": {**CALLED["functionCall"], "id": "c1"}})},
        {"request": {**ASK, "contents": [USER, {"role": "model", "parts": [{"functionCall": {**CALLED["functionCall"], "id": "c1"}}]},
                                         {"role": "user", "parts": [{"functionResponse": {**ANSWER["parts"][0]["functionResponse"], "id": "c1"}}]}]}},
    ),
)


THOUGHT_SIGNATURE_NOT_REPLAYED = declare(
    code="GW812",
    name="thought-signature-not-replayed",
    severity="warning",
    summary="The next request replays the model's turn with a thoughtSignature dropped, changed or moved to another part; "
            "an error for a Gemini 3 function call of the current turn sent back without it (GW217's alone where the "
            "requests are linted too).",
    why="Signatures carry the model's reasoning from turn to turn and must come back unchanged on the part that had "
        "them. Gemini 3 refuses a current-turn function call without its signature; elsewhere the model only "
        "reasons worse.",
    evidence='400 "Function call is missing a thought_signature in functionCall parts. This is required for tools to work '
             'correctly" on gemini-3-pro-preview, "this does not happen with gemini-2.5" (the error case); the others are '
             "accepted (a warning)",
    source="https://github.com/nanbingxyz/5ire/issues/405",
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk({"request": ASK, "response": said(SIGNED)}, {"request": {**ASK, "contents": [USER, CALL, ANSWER]}}),
    good=talk({"request": ASK, "response": said(SIGNED)}, {"request": {**ASK, "contents": [USER, {"role": "model", "parts": [SIGNED]}, ANSWER]}}),
    example_model="gemini-3-pro-preview",
)


MODEL_TEXT_EDITED = declare(
    code="GW813",
    name="model-text-edited",
    severity="warning",
    summary="The next request replays the model's turn with its text changed.",
    why="The history should say what the model said: edited text (trimmed, rewritten, a thought summary kept as "
        "an answer) misleads the next turn, and breaks the signature that came with it.",
    evidence="accepted: the server cannot tell; the recording can",
    source=SIGNATURES,
    since="0.2.0",
    checked_by=CHECKED_BY,
    bad=talk(
        {"request": {"contents": [USER]}, "response": said({"text": "It is sunny in Paris."})},
        {"request": {"contents": [USER, {"role": "model", "parts": [{"text": "It is rainy in Paris."}]}, {"role": "user", "parts": [{"text": "And tomorrow?"}]}]}},
    ),
    good=talk(
        {"request": {"contents": [USER]}, "response": said({"text": "It is sunny in Paris."})},
        {"request": {"contents": [USER, {"role": "model", "parts": [{"text": "It is sunny in Paris."}]}, {"role": "user", "parts": [{"text": "And tomorrow?"}]}]}},
    ),
)


# The answer against the rest of its request's contract, and against itself (documents.contracts).
CONTRACTS = ("gemini_wire.documents.contracts",)
GENERATION_CONFIG = "https://ai.google.dev/api/generate-content#generationconfig"
FORECAST = "It is 21 °C in Paris. Rain is expected."  # "°" is two bytes in UTF-8: the offsets of "Rain" differ
SEARCH_ASK = {"contents": [USER], "tools": [{"googleSearch": {}}]}


def grounded(start: int, end: int) -> dict[str, Any]:
    """An answer whose second sentence is grounded at these offsets."""
    response = said({"text": FORECAST})
    segment = {"startIndex": start, "endIndex": end, "text": "Rain is expected."}
    response["candidates"][0]["groundingMetadata"] = {"groundingSupports": [{"segment": segment, "groundingChunkIndices": [0]}]}
    return response


def counted(total: int) -> dict[str, Any]:
    """An answer whose usage says this total."""
    usage = {"promptTokenCount": 8, "candidatesTokenCount": 4, "thoughtsTokenCount": 40, "totalTokenCount": total}
    return {**said({"text": "It is sunny."}), "usageMetadata": usage}


def scored(*top: list[str]) -> dict[str, Any]:
    """An answer with log probabilities: the chosen tokens, and these alternatives at each step."""
    response = said({"text": "Sunny"})
    steps = [{"candidates": [{"token": t, "logProbability": -0.5 * k} for k, t in enumerate(step)]} for step in top]
    chosen = [{"token": step[0], "logProbability": 0.0} for step in top]
    response["candidates"][0]["logprobsResult"] = {"topCandidates": steps, "chosenCandidates": chosen}
    return response


THINKING = {"text": "**Checking the forecast** The user asks about Paris today.", "thought": True}
PICTURE = {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}
ORDERED_ASK = {
    "contents": [USER],
    "generationConfig": {
        "responseMimeType": "application/json",
        "responseSchema": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}, "temp": {"type": "INTEGER"}}, "propertyOrdering": ["city", "temp"]},
    },
}


ANSWER_OFFSETS_OUTSIDE_TEXT = declare(
    code="GW814",
    name="answer-offsets-outside-text",
    severity="warning",
    summary="A citation's or grounding segment's startIndex/endIndex fall outside the text they point into, or "
            "do not hold the segment's own text; the offsets count UTF-8 bytes.",
    why="Citations (citationMetadata.citationSources, on Vertex citations) and groundingSupports[].segment "
        "(partIndex, startIndex, endIndex) place sources in the answer by UTF-8 byte offsets. An application "
        "that slices its string by them (JavaScript, Java and Kotlin count UTF-16 units, Python characters) "
        "misplaces every source after the first non-ASCII character or runs past the end "
        "(firebase/firebase-android-sdk#8033: StringIndexOutOfBoundsException); offsets that count characters "
        "are the work of a client or proxy that rebuilt the response.",
    evidence="no refusal: the server sent these offsets; the application that slices the text is what breaks",
    source="https://googleapis.github.io/js-genai/interfaces/types.Segment.html",
    since="0.2.0",
    checked_by=CONTRACTS,
    bad=talk({"request": SEARCH_ASK, "response": grounded(22, 39)}),
    good=talk({"request": SEARCH_ASK, "response": grounded(23, 40)}),
)


USAGE_COUNTS_MISMATCH = declare(
    code="GW815",
    name="usage-counts-mismatch",
    severity="warning",
    summary="usageMetadata does not add up: totalTokenCount is not promptTokenCount + candidatesTokenCount + "
            "thoughtsTokenCount + toolUsePromptTokenCount, cached tokens exceed the prompt, or a per-modality "
            "breakdown sums to more than its count.",
    why="Billing, quotas and context budgets are computed from these counts. Real answers hold the sum exactly, "
        "and their per-modality details never exceed their count (they may leave tokens out: an image model's "
        "text tokens, Gemini 3's built-in tools); the early Gemini 2.5 previews counted thoughts inside "
        "candidatesTokenCount, which is taken as it is.",
    evidence="no refusal: the server's own accounting; 656 of the 658 real answers with a total add up, the 2 "
             "others are the early 2.5 previews' accounting",
    source="https://googleapis.github.io/js-genai/release_docs/classes/types.GenerateContentResponseUsageMetadata.html",
    since="0.2.0",
    checked_by=CONTRACTS,
    bad=talk({"request": {"contents": [USER]}, "response": counted(50)}),
    good=talk({"request": {"contents": [USER]}, "response": counted(52)}),
)


THOUGHTS_NOT_REQUESTED = declare(
    code="GW816",
    name="thoughts-not-requested",
    severity="warning",
    summary="The answer holds thought parts (thought: true) while thinkingConfig.includeThoughts was unset or false.",
    why="An application that did not ask for thought summaries joins every text part into the answer, and shows "
        "the model's reasoning to its user.",
    evidence=NO_REFUSAL,
    source="https://ai.google.dev/gemini-api/docs/thinking",
    since="0.2.0",
    checked_by=CONTRACTS,
    bad=talk({"request": {"contents": [USER]}, "response": said(THINKING, {"text": "It is sunny."})}),
    good=talk({"request": {"contents": [USER], "generationConfig": {"thinkingConfig": {"includeThoughts": True}}},
               "response": said(THINKING, {"text": "It is sunny."})}),
)


LOGPROBS_SIZE_MISMATCH = declare(
    code="GW817",
    name="logprobs-size-mismatch",
    severity="warning",
    summary="logprobsResult is of another size than asked: topCandidates steps without `logprobs` alternatives "
            "each, as many steps as chosenCandidates, one chosen candidate per output token; or log "
            "probabilities missing where responseLogprobs asked for them, or present where it did not.",
    why="An application reads a fixed number of alternatives per token, and pairs the steps with the tokens: a "
        "step of another size or a step too many misreads the probabilities.",
    evidence=NO_REFUSAL,
    source=GENERATION_CONFIG,
    since="0.2.0",
    checked_by=CONTRACTS,
    bad=talk({"request": {"contents": [USER], "generationConfig": {"responseLogprobs": True, "logprobs": 1}}, "response": scored(["Sunny", "Rain"])}),
    good=talk({"request": {"contents": [USER], "generationConfig": {"responseLogprobs": True, "logprobs": 1}}, "response": scored(["Sunny"])}),
)


MODALITY_NOT_REQUESTED = declare(
    code="GW818",
    name="modality-not-requested",
    severity="warning",
    summary="The answer holds a part of a modality that generationConfig.responseModalities did not list "
            "(an image or audio where only TEXT was asked).",
    why="An application that asked for text reads text parts; an image or audio part is dropped or breaks it. "
        "Without responseModalities the model's default holds, and nothing is compared; a code execution "
        "tool's plots are its own output.",
    evidence=NO_REFUSAL,
    source=GENERATION_CONFIG,
    since="0.2.0",
    checked_by=CONTRACTS,
    bad=talk({"request": {"contents": [USER], "generationConfig": {"responseModalities": ["TEXT"]}}, "response": said({"text": "Here it is."}, PICTURE)}),
    good=talk({"request": {"contents": [USER], "generationConfig": {"responseModalities": ["TEXT", "IMAGE"]}}, "response": said({"text": "Here it is."}, PICTURE)}),
)


PROPERTY_ORDER_DIFFERS = declare(
    code="GW819",
    name="property-order-differs",
    severity="warning",
    summary="The keys of an object in the candidate's JSON text come in another order than the schema's propertyOrdering.",
    why="propertyOrdering is how a request makes the model write one field before another (its reasoning before "
        "its verdict, a summary last); JSON parsers do not mind the order, but the answer was not written the way "
        "it was asked, and a streaming reader that relies on it waits in vain.",
    evidence=NO_REFUSAL,
    source=STRUCTURED,
    since="0.2.0",
    checked_by=CONTRACTS,
    bad=talk({"request": ORDERED_ASK, "response": said({"text": "{\"temp\": 21, \"city\": \"Paris\"}"})}),
    good=talk({"request": ORDERED_ASK, "response": said({"text": "{\"city\": \"Paris\", \"temp\": 21}"})}),
)
