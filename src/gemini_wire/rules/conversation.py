"""The conversation (GW7xx): turns, function calls and their responses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gemini_wire.findings import Finding, closest, excerpt
from gemini_wire.rules.base import rule
from gemini_wire.rules.edits import (
    ANSWER,
    CALL,
    TOOLS,
    USER,
    add_tool,
    body,
    exchange,
)
from gemini_wire.rules.walk import (
    Context,
    declarations,
    declared,
    given,
    previous,
    report,
    turns,
)


def called(ctx: Context) -> set[Any]:
    """The names of the functions called in the history."""
    return {f.name for turn in ctx.fact(turns) for _, _, f in turn.calls}


def answered(ctx: Context) -> bool:
    """Whether each turn of function responses follows a turn of as many calls and names only
    functions called there: then GW701-GW703 have nothing to report (their `clean` test)."""
    before = None
    for turn in ctx.fact(turns):
        if turn.responses:
            # As previous(): the turn before is adjacent to this one.
            if before is None or before.end + 1 != turn.start or len(before.calls) != len(turn.responses):
                return False
            names = [f.name for _, _, f in before.calls]
            for _, _, r in turn.responses:
                if r.name not in names:
                    return False
        before = turn
    return True


@rule(
    code="GW701",
    name="function-response-without-call",
    severity="error",
    summary="A turn with functionResponse parts does not follow a model turn with functionCall parts.",
    why="A function response turn must come right after the function call turn it answers. A turn is a run of "
            "consecutive contents with one role: the server accepts one turn split over several contents.",
    evidence='400 "Please ensure that function response turn comes immediately after a function call turn."',
    source="https://github.com/GoogleCloudPlatform/generative-ai/pull/368",
    since="0.1.0",
    reads=("part.function_response",),
    clean=lambda req, ctx: ctx.fact(answered),
    bad=body(contents=[ANSWER]),
    good=body(contents=[USER, CALL, ANSWER]),
    breaks=lambda p, d: {**p, "contents": [*p["contents"], {"role": "model", "parts": [{"text": "ok"}]}, {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}]},
)
def function_response_without_call(req: Any, ctx: Context) -> Iterable[Finding]:
    history = ctx.fact(turns)
    for k, turn in enumerate(history):
        before = previous(history, k)
        if turn.responses and (before is None or not before.calls):
            c, j, _ = turn.responses[0]
            yield report("GW701", ("contents", c, "parts", j, "functionResponse"), "a function response with no function call in the turn before it", "put the model turn with the matching functionCall just before this turn")


@rule(
    code="GW702",
    name="function-response-count",
    severity="error",
    summary="The number of functionResponse parts differs from the functionCall parts they answer.",
    why="Each parallel call needs its response before the model's next turn (in one content or several).",
    evidence='400 "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."',
    source="https://github.com/microsoft/vscode/issues/299295",
    since="0.1.0",
    reads=("part.function_response",),
    clean=lambda req, ctx: ctx.fact(answered),
    bad=body(contents=[USER, {"role": "model", "parts": CALL["parts"] * 2}, ANSWER]),
    good=body(contents=[USER, {"role": "model", "parts": CALL["parts"] * 2}, {"role": "user", "parts": ANSWER["parts"] * 2}]),
    breaks=lambda p, d: exchange(p, ["zz_a", "zz_b"], ["zz_a"]),
)
def function_response_count(req: Any, ctx: Context) -> Iterable[Finding]:
    history = ctx.fact(turns)
    for k, turn in enumerate(history):
        found = turn.responses
        before = previous(history, k)
        if found and before is not None:
            asked = before.calls
            if asked and len(asked) != len(found):
                yield report("GW702", ("contents", turn.start, "parts"), f"{len(found)} function response(s) for {len(asked)} call(s)", "answer every functionCall of the previous turn before the next model turn")


@rule(
    code="GW703",
    name="function-response-name",
    severity="warning",
    summary="A functionResponse names a function that the preceding turn did not call (a warning: no refusal known).",
    why="Responses are matched to calls by name (and id).",
    evidence='no server message known for a response naming another function; calls are matched by name and id',
    source="https://github.com/GoogleCloudPlatform/generative-ai/pull/368",
    since="0.1.0",
    reads=("part.function_response",),
    clean=lambda req, ctx: ctx.fact(answered),
    bad=body(contents=[USER, CALL, {"role": "user", "parts": [{"functionResponse": {"name": "getWeather", "response": {}}}]}]),
    good=body(contents=[USER, CALL, ANSWER]),
    breaks=lambda p, d: exchange(p, ["zz_a"], ["zz_b"]),
)
def function_response_name(req: Any, ctx: Context) -> Iterable[Finding]:
    history = ctx.fact(turns)
    for k, turn in enumerate(history):
        before = previous(history, k)
        if before is None or not turn.responses:
            continue
        names = {f.name for _, _, f in before.calls if given(f.name)}
        if not names:
            continue
        for c, j, r in turn.responses:
            if given(r.name) and r.name not in names:
                yield report("GW703", ("contents", c, "parts", j, "functionResponse", "name"), f"{excerpt(r.name)} was not called in the previous turn", f"name the function that was called: {', '.join(map(excerpt, sorted(names)))}")


@rule(
    code="GW704",
    name="function-call-position",
    severity="error",
    summary="The history starts with a model turn of functionCall parts, not after a user turn.",
    why="The server checks that a function call turn comes right after a user turn or a function response turn; "
            "consecutive model contents are one turn, so only a history that starts with calls breaks it.",
    evidence='400 "Please ensure that function call turn comes immediately after a user turn or after a function response turn."',
    source="https://github.com/google-gemini/gemini-cli/issues/11814",
    since="0.1.0",
    reads=("part.function_call",),
    bad=body(contents=[CALL, ANSWER]),
    good=body(contents=[USER, CALL, ANSWER]),
    breaks=lambda p, d: {**p, "contents": [{"role": "model", "parts": [{"functionCall": {"name": "zz_a", "args": {}}}]}, *p["contents"]]},
)
def function_call_position(req: Any, ctx: Context) -> Iterable[Finding]:
    history = ctx.fact(turns)
    if history and history[0].start == 0 and history[0].calls:
        i, _, _ = history[0].calls[0]  # the content of the first call
        yield report("GW704", ("contents", i), "the history starts with a function call turn", "start the history with the user turn that led to the call")


@rule(
    code="GW705",
    name="function-call-undeclared",
    severity="warning",
    summary="The history holds a functionCall of a function that the request's tools do not declare.",
    why="The model sees only the declared functions; a call to another one in the history is almost surely a stale or misspelled name.",
    evidence='no refusal: the model sees only the declared functions',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto",
    since="0.1.0",
    reads=("tool.function_declarations",),
    clean=lambda req, ctx: called(ctx).issubset(ctx.fact(declared).names),
    bad=body(tools=TOOLS, contents=[USER, {"role": "model", "parts": [{"functionCall": {"name": "get_wether", "args": {}}}]}, {"role": "user", "parts": [{"functionResponse": {"name": "get_wether", "response": {}}}]}]),
    good=body(tools=TOOLS, contents=[USER, CALL, ANSWER]),
    breaks=lambda p, d: add_tool(exchange(p, ["zz_unknown"], ["zz_unknown"]), {"functionDeclarations": [{"name": "zz_known"}]}),
)
def function_call_undeclared(req: Any, ctx: Context) -> Iterable[Finding]:
    names = {d.name for _, d in ctx.once(declarations) if given(d.name)}
    if not names:
        return  # without declarations the history is all the model has; nothing to compare
    for turn in ctx.fact(turns):
        for i, j, call in turn.calls:
            if given(call.name) and call.name not in names:
                close = closest(call.name, names)
                hint = f"did you mean {excerpt(close)}?" if close else "declare it in tools[].functionDeclarations"
                yield report("GW705", ("contents", i, "parts", j, "functionCall", "name"), f"{excerpt(call.name)} is not a declared function", hint)
