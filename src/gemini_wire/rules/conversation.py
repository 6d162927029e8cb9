"""The conversation (GW7xx): turns, function calls and their responses."""

from __future__ import annotations

from gemini_wire.rules.base import declare
from gemini_wire.rules.edits import (
    ANSWER,
    CALL,
    TOOLS,
    USER,
    add_tool,
    body,
    exchange,
)

FUNCTION_RESPONSE_WITHOUT_CALL = declare(
    code="GW701",
    name="function-response-without-call",
    severity="error",
    summary="A turn with functionResponse parts does not follow a model turn with functionCall parts.",
    why="A function response turn must come right after the function call turn it answers. A turn is a run of "
            "consecutive contents with one role: the server accepts one turn split over several contents.",
    evidence='400 "Please ensure that function response turn comes immediately after a function call turn."',
    source="https://github.com/GoogleCloudPlatform/generative-ai/pull/368",
    since="0.1.0",
    checked_by=("gemini_wire.checks.conversation",),
    bad=body(contents=[ANSWER]),
    good=body(contents=[USER, CALL, ANSWER]),
    breaks=lambda p, d: {**p, "contents": [*p["contents"], {"role": "model", "parts": [{"text": "ok"}]}, {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}]},
)


FUNCTION_RESPONSE_COUNT = declare(
    code="GW702",
    name="function-response-count",
    severity="error",
    summary="The number of functionResponse parts differs from the functionCall parts they answer.",
    why="Each parallel call needs its response before the model's next turn (in one content or several).",
    evidence='400 "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."',
    source="https://github.com/microsoft/vscode/issues/299295",
    since="0.1.0",
    checked_by=("gemini_wire.checks.conversation",),
    bad=body(contents=[USER, {"role": "model", "parts": CALL["parts"] * 2}, ANSWER]),
    good=body(contents=[USER, {"role": "model", "parts": CALL["parts"] * 2}, {"role": "user", "parts": ANSWER["parts"] * 2}]),
    breaks=lambda p, d: exchange(p, ["zz_a", "zz_b"], ["zz_a"]),
)


FUNCTION_RESPONSE_NAME = declare(
    code="GW703",
    name="function-response-name",
    severity="warning",
    summary="A functionResponse names a function that the preceding turn did not call (a warning: no refusal known).",
    why="Responses are matched to calls by name (and id).",
    evidence='no server message known for a response naming another function; calls are matched by name and id',
    source="https://github.com/GoogleCloudPlatform/generative-ai/pull/368",
    since="0.1.0",
    checked_by=("gemini_wire.checks.conversation",),
    bad=body(contents=[USER, CALL, {"role": "user", "parts": [{"functionResponse": {"name": "getWeather", "response": {}}}]}]),
    good=body(contents=[USER, CALL, ANSWER]),
    breaks=lambda p, d: exchange(p, ["zz_a"], ["zz_b"]),
)


FUNCTION_CALL_POSITION = declare(
    code="GW704",
    name="function-call-position",
    severity="error",
    summary="The history starts with a model turn of functionCall parts, not after a user turn.",
    why="The server checks that a function call turn comes right after a user turn or a function response turn; "
            "consecutive model contents are one turn, so only a history that starts with calls breaks it.",
    evidence='400 "Please ensure that function call turn comes immediately after a user turn or after a function response turn."',
    source="https://github.com/google-gemini/gemini-cli/issues/11814",
    since="0.1.0",
    checked_by=("gemini_wire.checks.conversation",),
    bad=body(contents=[CALL, ANSWER]),
    good=body(contents=[USER, CALL, ANSWER]),
    breaks=lambda p, d: {**p, "contents": [{"role": "model", "parts": [{"functionCall": {"name": "zz_a", "args": {}}}]}, *p["contents"]]},
)


FUNCTION_CALL_UNDECLARED = declare(
    code="GW705",
    name="function-call-undeclared",
    severity="warning",
    summary="The history holds a functionCall of a function that the request's tools do not declare.",
    why="The model sees only the declared functions; a call to another one in the history is almost surely a stale or misspelled name.",
    evidence='no refusal: the model sees only the declared functions',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.conversation",),
    bad=body(tools=TOOLS, contents=[USER, {"role": "model", "parts": [{"functionCall": {"name": "get_wether", "args": {}}}]}, {"role": "user", "parts": [{"functionResponse": {"name": "get_wether", "response": {}}}]}]),
    good=body(tools=TOOLS, contents=[USER, CALL, ANSWER]),
    breaks=lambda p, d: add_tool(exchange(p, ["zz_unknown"], ["zz_unknown"]), {"functionDeclarations": [{"name": "zz_known"}]}),
)
