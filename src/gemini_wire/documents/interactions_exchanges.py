"""Checking an Interactions API exchange (issue 23): an Interaction against the request that made
it, and each request against the interaction it continues (the GW85x rules, declared in
gemini_wire.rules.interactions_exchanges).

    check_interactions_conversation([(request, interaction), ...])   # calls in order

The machinery is generateContent's (documents.exchanges): a call read as JSON values (`Call`),
findings by exchange and document (`Found`), JSON Schema validation, base64 compared by its
bytes. What differs is the wire: an answer is an `Interaction` whose `steps` are typed, and a
request continues an interaction in one of two ways:

- by `previous_interaction_id`, naming an interaction answered earlier in the same recording (one
  it names that is not there may predate the recording: nothing is said of it);
- statelessly (`store: false`), by replaying in `input` the steps that the call before it
  answered, found by the steps themselves (signatures aside).

Either way, the function calls of the interaction it continues are to be answered by
function_result steps (by `call_id`), and a stateless replay sends each step's signature back
unchanged. A create call's answer holds only the model's steps; a get's holds the input too.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from typing import Any

from gemini_wire import dialects
from gemini_wire.checks.interactions import thought_signature_missing
from gemini_wire.documents.exchanges import (
    FIRST,
    REQUEST,
    RESPONSE,
    Call,
    Document,
    Found,
    json_schema_errors,
    json_value,
    same_bytes,
)
from gemini_wire.documents.fields import get, items
from gemini_wire.findings import Finding, Path, excerpt, relocate
from gemini_wire.rules.interactions import THOUGHT_STEP_UNSIGNED
from gemini_wire.rules.interactions_exchanges import (
    INTERACTION_FUNCTION_ARGS_MISMATCH,
    INTERACTION_FUNCTION_CALL_UNANSWERED,
    INTERACTION_FUNCTION_RESULT_UNMATCHED,
    INTERACTION_MODEL_MISMATCH,
    INTERACTION_THOUGHT_SIGNATURE_NOT_REPLAYED,
    INTERACTION_UNDECLARED_FUNCTION_CALLED,
)
from gemini_wire.stream.interactions import stream_findings

__all__ = ["check_interactions_conversation", "interactions_conversation_findings", "read_interaction_call"]

SIGNATURE = "signature"
FUNCTION_CALL = "function_call"
FUNCTION_RESULT = "function_result"
USER_INPUT = "user_input"


def check_interactions_conversation(exchanges: Iterable[tuple[Document, Document]], *, dialect: str = "interactions-v1") -> list[Finding]:
    """The findings of each exchange (a request, and the Interaction it got: a stream's body
    folded into one; an error body or None), and of each request against the interaction it
    continues (paths from `exchange[k].request` or `exchange[k].response`)."""
    calls = [read_interaction_call(request, response, dialect) for request, response in exchanges]
    return [relocate(f.finding, ("exchange", f.index, f.document)) for f in interactions_conversation_findings(calls)]


def read_interaction_call(request: Document, response: Document, dialect: str = "interactions-v1", model: str = "") -> Call:
    """The exchange as JSON values: the request ({} for a call without one: a get, a cancel), the
    Interaction (a stream's body folded into the one it adds up to, in `dialect`; None for an
    error body, or anything that is not one)."""
    if isinstance(response, str):
        response = response.encode()
    if isinstance(response, bytes) and streamed(response):
        response = stream_findings(dialects.interactions_dialect(dialect), response)[0]
    asked, got = json_value(request), json_value(response)
    answer = got if isinstance(got, dict) and "error" not in got else None
    return Call(asked if isinstance(asked, dict) else {}, answer, model)


def streamed(data: bytes) -> bool:
    """Whether a body is framed as a stream of events: anything but a JSON object."""
    m = FIRST.match(data)
    return (m.group(1) if m else b"") != b"{"


def interactions_conversation_findings(calls: Sequence[Call | None], *, linted: Container[str] = ()) -> list[Found]:
    """Each exchange's findings, and each request's against the interaction it continues.
    `linted`: the codes each request is also linted for; GW855 leaves to GW907 (an error, from
    the request alone) the unsigned thought step that comes before a call."""
    unsigned = THOUGHT_STEP_UNSIGNED.code in linted
    found: list[Found] = []
    answered: dict[str, Call] = {}  # interactions by id, as the calls before answered them
    before: Call | None = None
    for k, call in enumerate(calls):
        if call is None:
            continue
        found += [Found(k, RESPONSE, f) for f in answer_findings(call)]
        found += [Found(k, REQUEST, f) for f in continuation_findings(call, answered, before, unsigned)]
        if call.response is not None:
            if isinstance(name := get(call.response, "id"), str):
                answered[name] = call
            before = call
    return found


# --------------------------------------------------------------------------- one exchange


def steps(interaction: Any) -> list[tuple[int, Any]]:
    return list(enumerate(items(get(interaction, "steps"))))


def declared(request: dict[str, Any]) -> dict[str, Any] | None:
    """The request's functions by name; None when it declares no tool (one that continues an
    interaction may call a function declared before)."""
    tools = items(get(request, "tools"))
    if not tools:
        return None
    return {name: t for t in tools if get(t, "type") == "function" and isinstance(name := get(t, "name"), str)}


def answer_findings(call: Call) -> Iterator[Finding]:
    """The Interaction's findings against its own request (paths from the Interaction)."""
    request, response = call.request, call.response
    if response is None or not request:
        return
    yield from model_findings(request, response)
    functions = declared(request)
    if functions is None:
        return
    for i, step in steps(response):
        if get(step, "type") != FUNCTION_CALL or not isinstance(name := get(step, "name"), str):
            continue
        function = functions.get(name)
        if function is None:
            hint = f"the declared functions: {', '.join(map(excerpt, sorted(functions)))}" if functions else "the request declares no function"
            yield INTERACTION_UNDECLARED_FUNCTION_CALLED.finding(("steps", i, "name"), f"{excerpt(name)} is not declared in the request's tools", hint)
            continue
        schema = get(function, "parameters")
        if schema is None:
            continue
        arguments = get(step, "arguments")
        for path, message in json_schema_errors({} if arguments is None else arguments, schema):
            yield INTERACTION_FUNCTION_ARGS_MISMATCH.finding(("steps", i, "arguments", *path), message, f"check the arguments of {excerpt(name)} before calling it")


def model_findings(request: dict[str, Any], response: dict[str, Any]) -> Iterator[Finding]:
    for key in ("model", "agent"):
        asked, got = get(request, key), get(response, key)
        if isinstance(asked, str) and isinstance(got, str) and not same_model(asked, got):
            yield INTERACTION_MODEL_MISMATCH.finding((key,), f"the request asked for {excerpt(asked)}, the Interaction names {excerpt(got)}", f"check which {key} answers, or ask for {excerpt(got)}")


def same_model(asked: str, got: str) -> bool:
    """Whether an answer's model is the one asked for: by its last name segment, a version of it
    (`-001`), or any answer to an alias (`-latest`) or a resource name that the URL does not say."""
    asked, got = asked.rsplit("/", 1)[-1], got.rsplit("/", 1)[-1]
    return asked == got or got.startswith(f"{asked}-") or asked.endswith("-latest") or not asked or not got


# --------------------------------------------------------------------------- the next request


def continuation_findings(call: Call, answered: dict[str, Call], before: Call | None, linted: bool = False) -> Iterator[Finding]:
    """The request against the interaction it continues: the one its previous_interaction_id
    names, or the one before it whose steps its input replays (`linted`: GW907 is checked on the
    request too)."""
    request = call.request
    previous = get(request, "previous_interaction_id")
    given = items(get(request, "input")) if isinstance(get(request, "input"), list) else []
    if isinstance(previous, str):
        earlier = answered.get(previous)
        if earlier is not None and earlier.response is not None:
            yield from result_findings(steps(earlier.response), list(enumerate(given)))
        return
    if before is None or before.response is None:
        return
    model_steps = [(i, s) for i, s in steps(before.response) if get(s, "type") != USER_INPUT]
    end = replayed_until(model_steps, given)
    if end is None:
        return
    told = {f.loc for f in thought_signature_missing(request)} if linted else set()  # GW907's steps
    yield from (f for f in signature_findings(model_steps, given, end) if f.loc not in told)
    yield from result_findings(model_steps, list(enumerate(given))[end:])


def loose(step: Any) -> Any:
    """A step as a replay may carry it: without its signature."""
    return {k: v for k, v in step.items() if k != SIGNATURE} if isinstance(step, dict) else step


def replayed_until(model_steps: list[tuple[int, Any]], given: list[Any]) -> int | None:
    """Where the input's replay of the answer's model steps ends (the index after the last step
    of the answer found in it); None when it replays none of them."""
    said = [loose(s) for _, s in model_steps if get(s, "type") != "thought" or get(s, "summary") is not None]
    last = None
    for j, step in enumerate(given):
        if loose(step) in said:
            last = j
    return None if last is None else last + 1


def signature_findings(model_steps: list[tuple[int, Any]], given: list[Any], end: int) -> Iterator[Finding]:
    """GW855 for each signed step of the answer that the replay sends back without its
    signature or with another. The answer's steps are matched by the step itself, from the last
    backwards in the replay that ends before `end`: a stateless conversation sends every earlier
    answer back too, and a thought without a summary is only `{"type": "thought"}` and its
    signature, so matched from the start it would be paired with an older turn's thought."""
    taken: set[int] = set()
    limit = min(end, len(given))
    found: list[tuple[int, Finding]] = []
    for _, step in reversed(model_steps):
        signature = get(step, SIGNATURE)
        if not isinstance(signature, str):
            continue
        bare = loose(step)
        j = next((j for j in range(limit - 1, -1, -1) if j not in taken and loose(given[j]) == bare), None)
        if j is None:
            continue  # the step itself was dropped or edited
        taken.add(j)
        limit = j  # the answer's earlier steps come before this one
        sent = get(given[j], SIGNATURE)
        if isinstance(sent, str) and same_bytes(sent, signature):
            continue
        kind = excerpt(str(get(step, "type")))
        if sent is None:
            found.append((j, INTERACTION_THOUGHT_SIGNATURE_NOT_REPLAYED.finding(("input", j), f"this {kind} step comes back without the signature the model gave it", "send each step back with its own signature")))
        else:
            found.append((j, INTERACTION_THOUGHT_SIGNATURE_NOT_REPLAYED.finding(("input", j, SIGNATURE), f"this {kind} step comes back with another signature than the model gave it", "send the signature back unchanged")))
    yield from (f for _, f in sorted(found, key=lambda pair: pair[0]))


def result_findings(answer: list[tuple[int, Any]], given: list[tuple[int, Any]]) -> Iterator[Finding]:
    """GW853 for each function call of the answer left without a function_result in the input
    steps `given` (those after a replay of the answer), GW854 for each function_result there that answers no call of the answer's
    or of the input's own."""
    results = {get(s, "call_id") for _, s in answer if get(s, "type") == FUNCTION_RESULT}  # answered within
    asked = [s for _, s in answer if get(s, "type") == FUNCTION_CALL and get(s, "id") not in results]
    calls = {get(s, "id") for s in asked} | {get(s, "id") for _, s in given if get(s, "type") == FUNCTION_CALL}
    sent = [(j, s) for j, s in given if get(s, "type") == FUNCTION_RESULT]
    ids = {get(s, "call_id") for _, s in sent}
    for call in asked:
        if get(call, "id") not in ids:
            at: Path = ("input", given[0][0]) if given else ("input",)
            yield INTERACTION_FUNCTION_CALL_UNANSWERED.finding(at, f"the model's call of {excerpt(str(get(call, 'name')))} (id {excerpt(str(get(call, 'id')))}) has no function_result", "send a function_result for each function call, under its call_id")
    for j, result in sent:
        call_id = get(result, "call_id")
        if call_id not in calls:
            yield INTERACTION_FUNCTION_RESULT_UNMATCHED.finding(("input", j, "call_id"), f"call_id {excerpt(str(call_id))} matches no function call of the interaction this continues", "answer under the id of the model's function_call step")

