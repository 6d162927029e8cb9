"""Lint's checks of the conversation (GW7xx): turns, function calls and their responses.

Each is registered on its rule, declared in `gemini_wire.rules.conversation`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import (
    Context,
    declarations,
    declarations_clean,
    given,
    previous,
    turns,
)
from gemini_wire.findings import Finding, closest, excerpt
from gemini_wire.rules.conversation import (
    FUNCTION_CALL_POSITION,
    FUNCTION_CALL_UNDECLARED,
    FUNCTION_RESPONSE_COUNT,
    FUNCTION_RESPONSE_NAME,
    FUNCTION_RESPONSE_WITHOUT_CALL,
)


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


def conversation_clean(req: Any, ctx: Context) -> bool:
    """The clean test of GW701-GW704, run once for them all: each turn of responses answered
    (`answered`), and the history does not start with a call."""
    history = ctx.fact(turns)
    return not (history and history[0].start == 0 and history[0].calls) and ctx.fact(answered)


@check(FUNCTION_RESPONSE_WITHOUT_CALL, reads=("part.function_response",), clean=conversation_clean)
def function_response_without_call(req: Any, ctx: Context) -> Iterable[Finding]:
    history = ctx.fact(turns)
    for k, turn in enumerate(history):
        before = previous(history, k)
        if turn.responses and (before is None or not before.calls):
            c, j, _ = turn.responses[0]
            yield FUNCTION_RESPONSE_WITHOUT_CALL.finding(("contents", c, "parts", j, "functionResponse"), "a function response with no function call in the turn before it", "put the model turn with the matching functionCall just before this turn")


@check(FUNCTION_RESPONSE_COUNT, reads=("part.function_response",), clean=conversation_clean)
def function_response_count(req: Any, ctx: Context) -> Iterable[Finding]:
    history = ctx.fact(turns)
    for k, turn in enumerate(history):
        found = turn.responses
        before = previous(history, k)
        if found and before is not None:
            asked = before.calls
            if asked and len(asked) != len(found):
                yield FUNCTION_RESPONSE_COUNT.finding(("contents", turn.start, "parts"), f"{len(found)} function response(s) for {len(asked)} call(s)", "answer every functionCall of the previous turn before the next model turn")


@check(FUNCTION_RESPONSE_NAME, reads=("part.function_response",), clean=conversation_clean)
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
                yield FUNCTION_RESPONSE_NAME.finding(("contents", c, "parts", j, "functionResponse", "name"), f"{excerpt(r.name)} was not called in the previous turn", f"name the function that was called: {', '.join(map(excerpt, sorted(names)))}")


@check(FUNCTION_CALL_POSITION, reads=("part.function_call",), clean=conversation_clean)
def function_call_position(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    history = ctx.fact(turns)
    if history and history[0].start == 0 and history[0].calls:
        i, _, _ = history[0].calls[0]  # the content of the first call
        out.append(FUNCTION_CALL_POSITION.finding(("contents", i), "the history starts with a function call turn", "start the history with the user turn that led to the call"))
    return out


@check(FUNCTION_CALL_UNDECLARED, reads=("tool.function_declarations",), clean=declarations_clean)
def function_call_undeclared(req: Any, ctx: Context) -> Iterable[Finding]:
    names = {d.name for _, d in ctx.once(declarations) if given(d.name)}
    if not names:
        return  # without declarations the history is all the model has; nothing to compare
    for turn in ctx.fact(turns):
        for i, j, call in turn.calls:
            if given(call.name) and call.name not in names:
                close = closest(call.name, names)
                hint = f"did you mean {excerpt(close)}?" if close else "declare it in tools[].functionDeclarations"
                yield FUNCTION_CALL_UNDECLARED.finding(("contents", i, "parts", j, "functionCall", "name"), f"{excerpt(call.name)} is not a declared function", hint)
