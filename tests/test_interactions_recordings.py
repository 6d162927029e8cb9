"""Interactions API calls in recordings (issue 23): each call of a cassette or HAR file recognised
by its URL and method and checked in the dialect of its URL, its findings placed in the file as a
generateContent call's are.

The recordings are written here from payloads of our own: one body a line, so that a finding's
line is the line of its call's body.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from recording_formats import httprr_calls, nock_calls

from gemini_wire.documents.check import Selection
from gemini_wire.documents.interactions_exchanges import check_interactions_conversation, signature_findings
from gemini_wire.documents.traffic import CANCEL, CREATE, DELETE, GET, check_recording, operation
from gemini_wire.rules import RULES, Rule, interactions_exchanges
from gemini_wire.testing import Linter, LintFailure, backend, transport

BASE = "https://generativelanguage.googleapis.com/v1beta/interactions"
ASK = {"model": "gemini-3-flash-preview", "input": "What is the weather in Paris?"}
ANSWER = {
    "id": "v1_first",
    "object": "interaction",
    "status": "completed",
    "model": "gemini-3-flash-preview",
    "steps": [{"type": "model_output", "content": [{"type": "text", "text": "Sunny."}]}],
    "usage": {"total_input_tokens": 7, "total_output_tokens": 2, "total_tokens": 9},
}
ERROR = {"error": {"code": "invalid_request", "message": "Invalid input received"}}
GC_URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
GC_ASK = {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}]}
GC_ANSWER = {"candidates": [{"content": {"role": "model", "parts": [{"text": "Hello."}]}, "finishReason": "STOP", "index": 0}]}

Body = dict[str, Any] | str | None
# One call: method, URL, request body, status, response body (a str is sent as it is: a stream).
Call = tuple[str, str, Body, int, Body]


def spelt(body: Body) -> str:
    return body if isinstance(body, str) else "" if body is None else json.dumps(body)


def quoted(body: Body) -> str:
    """A body as a YAML double-quoted scalar on one line (JSON's string escapes are YAML's)."""
    return json.dumps(spelt(body))


def vcrpy(calls: Sequence[Call]) -> str:
    return "interactions:\n" + "".join(
        f"- request:\n    body: {quoted(q)}\n    method: {m}\n    uri: {u}\n"
        f"  response:\n    body: {{string: {quoted(a)}}}\n    status: {{code: {s}}}\n"
        for m, u, q, s, a in calls
    )


def ruby_vcr(calls: Sequence[Call]) -> str:
    return "http_interactions:\n" + "".join(
        f"- request:\n    method: {m.lower()}\n    uri: {u}\n    body:\n      encoding: UTF-8\n      string: {quoted(q)}\n"
        f"  response:\n    status:\n      code: {s}\n    body:\n      encoding: UTF-8\n      string: {quoted(a)}\n"
        for m, u, q, s, a in calls
    )


def go_vcr(calls: Sequence[Call]) -> str:
    return "version: 2\ninteractions:\n" + "".join(
        f"    - id: {k}\n      request:\n        body: {quoted(q)}\n        url: {u}\n        method: {m}\n"
        f"      response:\n        body: {quoted(a)}\n        code: {s}\n"
        for k, (m, u, q, s, a) in enumerate(calls)
    )


def har(calls: Sequence[Call]) -> str:
    entries = [
        {
            "request": {"method": m, "url": u, **({"postData": {"mimeType": "application/json", "text": spelt(q)}} if q is not None else {})},
            "response": {"status": s, "content": {"mimeType": "application/json", "text": spelt(a)}},
        }
        for m, u, q, s, a in calls
    ]
    return json.dumps({"log": {"version": "1.2", "entries": entries}}, indent=1)


FORMATS: dict[str, Callable[[Sequence[Call]], str]] = {
    "vcrpy.yaml": vcrpy,
    "ruby-vcr.yml": ruby_vcr,
    "go-vcr.yaml": go_vcr,
    "recording.har": har,
    "nock.json": nock_calls,
    "trace.httprr": httprr_calls,
}
ENTRIES = {
    "vcrpy.yaml": "interactions", "ruby-vcr.yml": "http_interactions", "go-vcr.yaml": "interactions",
    "recording.har": "log.entries", "nock.json": "", "trace.httprr": "",
}


def line_of(text: str, body: Body, after: int = 0) -> int:
    """The 1-based line where a body is spelt, from line `after` on."""
    escaped = json.dumps(spelt(body))[1:-1]  # as the YAML scalar and the HAR text both escape it
    needles = (escaped, spelt(body)) if isinstance(body, dict) else (escaped,)  # nock and httprr keep JSON as it is
    rows = text.splitlines()
    return next(k + 1 for k in range(after, len(rows)) if any(n in rows[k] for n in needles))


def checked(name: str, calls: Sequence[Call]) -> tuple[str, list[tuple[str, str, int | None]], str]:
    text = FORMATS[name](calls)
    result = check_recording(name, text.encode(), "gemini")
    return text, [(f.code, f.path, f.line) for f in result.findings], result.tally.summary()


# --------------------------------------------------------------------------- which calls


@pytest.mark.parametrize(
    ("method", "url", "what"),
    [
        ("POST", BASE, CREATE),
        ("", BASE, CREATE),
        ("GET", f"{BASE}/v1_abc", GET),
        ("", f"{BASE}/v1_abc?stream=true", GET),
        ("DELETE", f"{BASE}/v1_abc", DELETE),
        ("POST", f"{BASE}/v1_abc/cancel", CANCEL),
        ("POST", "https://us-central1-aiplatform.googleapis.com/v1beta1/projects/p/locations/us-central1/interactions", CREATE),
    ],
)
def test_the_sdks_interactions_calls_are_recognised_by_url_and_method(method: str, url: str, what: str) -> None:
    called = operation(url, method)
    assert called is not None and called.what == what


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", f"{BASE}/v1_abc/auth_tokens"),  # another resource under an interaction
        ("GET", BASE),  # no list call in the SDK
        ("POST", f"{BASE}/v1_abc:cancel"),  # not the SDK's spelling of cancel
        ("POST", GC_URL),
        ("POST", "https://example.com/v1beta/interactions"),
    ],
)
def test_other_calls_are_not_interactions_calls(method: str, url: str) -> None:
    assert operation(url, method) is None


# --------------------------------------------------------------------------- call by call


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_bad_request_in_call_two_is_reported_at_its_place_in_the_file(name: str) -> None:
    bad = {**ASK, "temperature": 0.2}  # a generateContent habit: the Interactions API has generation_config
    calls = [("POST", BASE, ASK, 200, ANSWER), ("POST", BASE, bad, 200, {**ANSWER, "id": "v1_second"})]
    text, found, summary = checked(name, calls)
    assert found == [("GW102", f"{ENTRIES[name]}[1].request.temperature", line_of(text, bad))]
    assert summary == "2 interaction(s): 2 checked (interactions-v1beta 2), 0 skipped"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_response_that_is_no_interaction_is_reported_on_its_response(name: str) -> None:
    broken = {k: v for k, v in ANSWER.items() if k != "status"}
    text, found, _ = checked(name, [("POST", BASE, ASK, 200, broken)])
    assert found == [("GW101", f"{ENTRIES[name]}[0].response", line_of(text, broken))]


def test_an_error_body_is_read_as_the_interactions_apis_own() -> None:
    google_rpc = {"error": {"code": 400, "message": "Invalid input received", "status": "INVALID_ARGUMENT"}}
    _, clean, _ = checked("vcrpy.yaml", [("POST", BASE, ASK, 400, ERROR)])
    _, found, _ = checked("vcrpy.yaml", [("POST", BASE, ASK, 400, google_rpc)])
    assert clean == []
    assert [(code, path) for code, path, _ in found] == [("GW101", "interactions[0].response.error")]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_get_and_cancel_answer_an_interaction_and_a_delete_that_succeeded_is_not_read(name: str) -> None:
    broken = {"id": "v1_first", "steps": []}
    calls = [
        ("GET", f"{BASE}/v1_first", None, 200, broken),
        ("POST", f"{BASE}/v1_first/cancel", None, 200, broken),
        ("DELETE", f"{BASE}/v1_first", None, 200, "ok"),
        ("DELETE", f"{BASE}/v1_gone", None, 404, {"error": {"code": 404}}),
    ]
    _, found, summary = checked(name, calls)
    entries = ENTRIES[name]
    assert [(code, path) for code, path, _ in found] == [
        ("GW101", f"{entries}[0].response"),
        ("GW101", f"{entries}[1].response"),
        ("GW101", f"{entries}[3].response.error"),
    ]
    assert summary == "4 interaction(s): 4 checked (interactions-v1beta 4), 0 skipped"


def test_a_streamed_answer_is_checked_event_by_event() -> None:
    created = {"event_type": "interaction.created", "interaction": {"id": "v1_s", "status": "in_progress"}}
    broken = {"event_type": "step.delta", "index": "zero", "delta": {"type": "text", "text": "Hi"}}
    stream = "".join(f"event: {e['event_type']}\ndata: {json.dumps(e)}\n\n" for e in (created, broken)) + "data: [DONE]\n\n"
    _, found, _ = checked("vcrpy.yaml", [("POST", f"{BASE}?alt=sse", {**ASK, "stream": True}, 200, stream)])
    assert [(code, path) for code, path, _ in found] == [("GW121", "interactions[0].response.event[1].index")]


def events(*steps: dict[str, Any], status: str = "requires_action") -> str:
    """A stream that starts each step whole and ends in an Interaction of this status."""
    head = {"id": "v1_first", "model": ASK["model"]}
    sent = [{"event_type": "interaction.created", "interaction": {**head, "status": "in_progress"}}]
    for k, step in enumerate(steps):
        sent += [{"event_type": "step.start", "index": k, "step": step}, {"event_type": "step.stop", "index": k}]
    sent.append({"event_type": "interaction.completed", "interaction": {**head, "status": status}})
    return "".join(f"event: {e['event_type']}\ndata: {json.dumps(e)}\n\n" for e in sent) + "data: [DONE]\n\n"


def test_a_streamed_answer_is_folded_into_the_interaction_that_the_next_request_continues() -> None:
    streamed = ("POST", f"{BASE}?alt=sse", {**ASK, "tools": [{"type": "function", "name": "get_weather"}], "stream": True}, 200, events({"type": "function_call", "id": "call_1", "name": "get_weather", "arguments": {}}))
    wrong = {"model": ASK["model"], "previous_interaction_id": "v1_first", "input": [{"type": "function_result", "call_id": "call_9", "name": "get_weather", "result": "sunny"}]}
    _, found, _ = checked("vcrpy.yaml", [streamed, ("POST", BASE, wrong, 200, {**ANSWER, "id": "v1_second"})])
    assert [(code, path) for code, path, _ in found] == [
        ("GW853", "interactions[1].request.input[0]"),
        ("GW854", "interactions[1].request.input[0].call_id"),
    ]


def test_a_recording_without_methods_reads_an_interactions_own_url_as_a_get() -> None:
    text = vcrpy([("GET", f"{BASE}/v1_first", None, 200, {"id": "v1_first"}), ("DELETE", f"{BASE}/v1_first", None, 200, None)])
    bare = text.replace("    method: GET\n", "").replace("    method: DELETE\n", "")
    found = check_recording("c.yaml", bare.encode(), "gemini").findings
    assert [(f.code, f.path) for f in found] == [("GW101", "interactions[0].response")]  # an empty body is no answer to check


def test_other_calls_under_interactions_stay_quiet() -> None:
    calls = [("GET", f"{BASE}/v1_first/auth_tokens", None, 200, "not json"), ("GET", BASE, None, 200, "not json")]
    _, found, summary = checked("vcrpy.yaml", calls)
    assert found == []
    assert "0 checked" in summary and "2 skipped" in summary


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_generate_content_and_interactions_calls_in_one_recording_are_each_checked_in_their_dialect(name: str) -> None:
    bad_gc = {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}], "generationConfig": {"temprature": 0.2}}
    bad_ix = {**ASK, "generationConfig": {"temperature": 0.2}}  # camelCase: the Interactions API has none
    calls = [("POST", GC_URL, bad_gc, 200, GC_ANSWER), ("POST", BASE, bad_ix, 200, ANSWER), ("POST", GC_URL, GC_ASK, 200, GC_ANSWER)]
    text, found, summary = checked(name, calls)
    entries = ENTRIES[name]
    assert ("GW102", f"{entries}[0].request.generationConfig.temprature", line_of(text, bad_gc)) in found
    assert ("GW102", f"{entries}[1].request.generationConfig", line_of(text, bad_ix)) in found
    assert summary == "3 interaction(s): 3 checked (gemini-v1beta 2, interactions-v1beta 1), 0 skipped"


# --------------------------------------------------------------------------- the command line


def test_the_command_line_lints_a_cassette_with_interactions_calls(tmp_path: Any, capsys: Any) -> None:
    from gemini_wire.cli import main

    bad = {**ASK, "max_output_tokens": 10}
    path = tmp_path / "cassette.yaml"
    path.write_text(vcrpy([("POST", BASE, ASK, 200, ANSWER), ("POST", BASE, bad, 200, ANSWER)]))
    status = main(["lint", "--format", "json", str(path)])
    found = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [(f["code"], f["path"], f["line"]) for f in found] == [("GW102", "interactions[1].request.max_output_tokens", line_of(path.read_text(), bad))]


# --------------------------------------------------------------------------- conversations

IX_RULES = sorted(r.code for r in vars(interactions_exchanges).values() if isinstance(r, Rule))
WEATHER = {"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
TOOL_ASK = {**ASK, "tools": [WEATHER]}
CALL = {"type": "function_call", "id": "call_1", "name": "get_weather", "arguments": {"city": "Paris"}}
RESULT = {"type": "function_result", "call_id": "call_1", "name": "get_weather", "result": "sunny"}


def example(code: str, kind: str) -> list[tuple[Any, Any]]:
    return [(e["request"], e.get("response")) for e in json.loads(getattr(RULES[code], kind))]


def test_the_interactions_exchange_rules_are_in_the_exchange_area_and_warn() -> None:
    assert IX_RULES == ["GW850", "GW851", "GW852", "GW853", "GW854", "GW855"]
    assert {RULES[c].severity for c in IX_RULES} == {"warning"}
    assert all(RULES[c].checked_by == ("gemini_wire.documents.interactions_exchanges",) for c in IX_RULES)


@pytest.mark.parametrize("code", IX_RULES)
def test_each_interactions_exchange_rules_bad_example_breaks_it_and_its_good_one_is_clean(code: str) -> None:
    assert code in [f.code for f in check_interactions_conversation(example(code, "bad"))]
    assert check_interactions_conversation(example(code, "good")) == []


@pytest.mark.parametrize("code", IX_RULES)
@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_interactions_exchange_rule_is_found_in_each_format_at_its_exchange_path_and_line(code: str, name: str) -> None:
    pairs = example(code, "bad")
    calls: list[Call] = [("POST", BASE, q, 200, a if a is not None else {**ANSWER, "id": f"v1_{k}"}) for k, (q, a) in enumerate(pairs)]
    text = FORMATS[name](calls)
    expected = []
    for f in check_interactions_conversation(pairs):
        k, side, rest = re.fullmatch(r"exchange\[(\d+)\]\.(request|response)(.*)", f.path).groups()  # type: ignore[union-attr]
        body = calls[int(k)][2 if side == "request" else 4]
        expected.append((f.code, f"{ENTRIES[name]}[{k}].{side}{rest}", line_of(text, body)))
    found = check_recording(name, text.encode(), "gemini", selection=Selection(select=("GW85",))).findings
    assert sorted((f.code, f.path, f.line) for f in found) == sorted(expected)
    assert code in [c for c, _, _ in expected]


def test_a_previous_interaction_id_links_to_the_interaction_answered_earlier_in_the_file() -> None:
    first = ("POST", BASE, TOOL_ASK, 200, {**ANSWER, "status": "requires_action", "steps": [CALL]})
    other = ("POST", BASE, ASK, 200, {**ANSWER, "id": "v1_other"})  # another conversation between them
    wrong = {"model": ASK["model"], "previous_interaction_id": "v1_first", "input": [{**RESULT, "call_id": "call_9"}]}
    _, found, _ = checked("vcrpy.yaml", [first, other, ("POST", BASE, wrong, 200, {**ANSWER, "id": "v1_third"})])
    assert [(code, path) for code, path, _ in found] == [
        ("GW853", "interactions[2].request.input[0]"),
        ("GW854", "interactions[2].request.input[0].call_id"),
    ]


def test_a_previous_interaction_id_that_the_recording_does_not_hold_is_no_finding() -> None:
    unknown = {"model": ASK["model"], "previous_interaction_id": "v1_before_the_recording", "input": [RESULT]}
    _, found, _ = checked("vcrpy.yaml", [("POST", BASE, unknown, 200, ANSWER)])
    assert found == []


def test_an_interaction_fetched_with_get_is_continued_like_one_created() -> None:
    started = ("POST", BASE, {**TOOL_ASK, "background": True}, 200, {**ANSWER, "status": "in_progress", "steps": []})
    polled = ("GET", f"{BASE}/v1_first", None, 200, {**ANSWER, "status": "requires_action", "steps": [{"type": "user_input", "content": []}, CALL]})
    answer = {"model": ASK["model"], "previous_interaction_id": "v1_first", "input": "never mind"}
    _, found, _ = checked("vcrpy.yaml", [started, polled, ("POST", BASE, answer, 200, {**ANSWER, "id": "v1_next"})])
    assert [(code, path) for code, path, _ in found] == [("GW853", "interactions[2].request.input")]


def test_an_error_answer_is_not_compared_with_its_request() -> None:
    _, found, _ = checked("vcrpy.yaml", [("POST", BASE, TOOL_ASK, 400, ERROR)])
    assert found == []


def test_a_model_answered_under_a_version_or_for_an_alias_is_the_one_asked_for() -> None:
    versioned = ("POST", BASE, ASK, 200, {**ANSWER, "model": "gemini-3-flash-preview-001"})
    alias = ("POST", BASE, {**ASK, "model": "gemini-flash-latest"}, 200, ANSWER)
    _, found, _ = checked("vcrpy.yaml", [versioned, alias])
    assert found == []


def test_generate_content_and_interactions_conversations_in_one_recording_are_apart() -> None:
    gc_call = {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}
    gc_tools = {**GC_ASK, "tools": [{"functionDeclarations": [{"name": "get_weather"}]}]}
    gc_answer = {"candidates": [{"content": {"role": "model", "parts": [gc_call]}, "finishReason": "STOP", "index": 0}]}
    calls = [
        ("POST", GC_URL, gc_tools, 200, gc_answer),
        ("POST", BASE, TOOL_ASK, 200, {**ANSWER, "steps": [{**CALL, "name": "get_wether"}]}),
        ("POST", GC_URL, {**gc_tools, "contents": [*GC_ASK["contents"], {"role": "model", "parts": [gc_call]}]}, 200, GC_ANSWER),
    ]
    _, found, _ = checked("vcrpy.yaml", calls)
    assert sorted((code, path) for code, path, _ in found) == [
        ("GW810", "interactions[2].request.contents"),
        ("GW850", "interactions[1].response.steps[0].name"),
    ]


# --------------------------------------------------------------------------- test runs through the SDK

IX_URL = "https://generativelanguage.googleapis.com/v1/interactions"
ASKED = {"type": "function_call", "id": "call_1", "name": "get_weather", "arguments": {"city": "Paris"}}
WAITING = {**ANSWER, "status": "requires_action", "steps": [ASKED]}


def sdk_client(answers: Sequence[Any], linter: Any) -> tuple[Any, list[tuple[str, str]]]:
    """A google-genai client whose calls pass a checking transport to an inner one that gives
    these answers in turn (a dict as JSON, a str as an event stream), and the calls it saw."""
    genai = importlib.import_module("google.genai")  # dev.txt, Python 3.11+: not on the oldest
    httpx = backend()
    seen: list[tuple[str, str]] = []
    queue = list(answers)

    def answer(request: Any) -> Any:
        seen.append((request.method, str(request.url)))
        given = queue.pop(0)
        if isinstance(given, str):
            return httpx.Response(200, content=given.encode(), headers={"content-type": "text/event-stream"})
        return httpx.Response(given.get("status_code", 200), json={k: v for k, v in given.items() if k != "status_code"})

    options = genai.types.HttpOptions(client_args={"transport": transport(httpx.MockTransport(answer), linter)})
    return genai.Client(api_key="test-key", http_options=options), seen


def problems(linter: Any) -> list[tuple[str, str, str]]:
    linter.settle()
    return [(p.dialect, p.finding.code, p.finding.path) for p in linter.problems]


def test_an_interactions_call_through_the_sdk_is_checked_in_the_dialect_of_its_url() -> None:
    linter = Linter()
    client, seen = sdk_client([ANSWER], linter)
    client.interactions.create(model=ASK["model"], input="Hi", generation_config={"thinking_levl": "low"})
    assert seen == [("POST", IX_URL)]
    assert problems(linter) == [("interactions-v1", "GW102", "request.generation_config.thinking_levl")]
    assert linter.tally.summary() == "1 interaction(s): 1 checked (interactions-v1 1), 0 skipped"
    with pytest.raises(LintFailure, match="GW102 error: unknown field `thinking_levl`"):
        linter.assert_clean()


def test_the_sdks_answers_are_checked_and_its_calls_checked_as_a_conversation() -> None:
    linter = Linter(responses=True)
    broken = {k: v for k, v in ANSWER.items() if k != "status"}
    client, seen = sdk_client([WAITING, {**ANSWER, "id": "v1_second"}, broken, {}, {"status_code": 404, "error": {"code": 404}}], linter)
    client.interactions.create(model=ASK["model"], input="Weather in Paris?", tools=[WEATHER])
    client.interactions.create(model=ASK["model"], previous_interaction_id="v1_first", input=[{**RESULT, "call_id": "call_9"}])
    client.interactions.get(id="v1_second")
    client.interactions.delete(id="v1_second")
    with pytest.raises(Exception):  # noqa: B017  (the SDK's own error for a 404)
        client.interactions.cancel(id="v1_gone")
    assert [method for method, _ in seen] == ["POST", "POST", "GET", "DELETE", "POST"]
    assert problems(linter) == [
        ("interactions-v1", "GW101", "response"),  # the get's answer is no Interaction
        ("interactions-v1", "GW101", "response.error"),  # nor is the cancel's error body the API's
        ("interactions-v1", "GW853", "request.input[0]"),
        ("interactions-v1", "GW854", "request.input[0].call_id"),
    ]
    assert linter.tally.summary() == "5 interaction(s): 5 checked (interactions-v1 5), 0 skipped"


@pytest.mark.parametrize(
    ("ignore", "thought", "found"),
    [
        # The request alone shows an unsigned thought before a call: GW907 (an error) says it,
        # and GW855 leaves it to GW907, as GW812 leaves generateContent's case to GW217.
        ((), {"type": "thought"}, ("GW907", "request.input[1]")),
        (("GW907",), {"type": "thought"}, ("GW855", "request.input[1]")),
        # Another signature than the model gave: only the conversation can tell.
        ((), {"type": "thought", "signature": "b3RoZXI="}, ("GW855", "request.input[1].signature")),
    ],
)
def test_a_streamed_answer_through_the_sdk_is_checked_and_folded_for_the_conversation(
    ignore: tuple[str, ...], thought: dict[str, str], found: tuple[str, str]
) -> None:
    linter = Linter(responses=True, ignore=ignore)
    signed = {"type": "thought", "signature": "c2ln"}
    client, _ = sdk_client([events(signed, ASKED), {**ANSWER, "id": "v1_second"}], linter)
    for _ in client.interactions.create(model=ASK["model"], input="Weather in Paris?", tools=[WEATHER], stream=True, store=False):
        pass
    replay = [{"type": "user_input", "content": [{"type": "text", "text": "Weather in Paris?"}]}, thought, ASKED]
    client.interactions.create(model=ASK["model"], input=[*replay, RESULT], tools=[WEATHER], store=False)
    assert problems(linter) == [("interactions-v1", *found)]


@pytest.mark.parametrize(
    ("latest", "found"),
    [
        ("QQ==", []),  # every thought sent back with its own signature
        ("b3RoZXI=", [("GW855", ("input", 4, "signature"))]),  # the latest answer's, another one
    ],
)
def test_a_stateless_conversation_pairs_the_answer_with_its_own_replay(latest: str, found: list[Any]) -> None:
    # tidyverse/ellmer's recorded call (HTTP 200): every earlier answer is sent back, and a thought
    # without a summary is only its type and signature; the last answer's thought is input[4],
    # not the older turn's thought at input[1].
    user = {"type": "user_input", "content": [{"type": "text", "text": "hi"}]}
    output = {"type": "model_output", "content": [{"type": "text", "text": "ok"}]}
    answer = [(0, {"type": "thought", "signature": "QQ=="}), (1, output)]
    given = [user, {"type": "thought", "signature": "Qg=="}, output, user, {"type": "thought", "signature": latest}, output, user]
    got = [(f.code, f.loc) for f in signature_findings(answer, given, 6)]
    assert got == found


def test_a_broken_stream_through_the_sdk_is_reported_on_its_event() -> None:
    linter = Linter(responses=True)
    broken = events(ASKED).replace('"index": 0', '"index": "zero"', 1)
    client, _ = sdk_client([broken], linter)
    with contextlib.suppress(Exception):  # the SDK may refuse the event itself
        for _ in client.interactions.create(model=ASK["model"], input="Hi", tools=[WEATHER], stream=True):
            pass
    assert ("interactions-v1", "GW121", "response.event[1].index") in problems(linter)


def test_generate_content_and_interactions_calls_of_one_test_are_both_checked() -> None:
    linter = Linter(responses=True)
    client, _ = sdk_client([GC_ANSWER, ANSWER], linter)
    client.models.generate_content(model="gemini-2.5-flash", contents="Hi", config={"stop_sequences": list("abcdef")})
    client.interactions.create(model=ASK["model"], input="Hi", generation_config={"thinking_levl": "low"})
    assert sorted(code for _, code, _ in problems(linter)) == ["GW102", "GW301"]
    assert linter.tally.summary() == "2 interaction(s): 2 checked (gemini-v1 1, interactions-v1 1), 0 skipped"  # the SDK's default versions


PROGRAM = '''
import {httpx} as httpx
from google import genai

ANSWER = {answer!r}


def client():
    fake = httpx.MockTransport(lambda request: httpx.Response(200, json=ANSWER))
    return genai.Client(api_key="test-key", http_options=genai.types.HttpOptions(client_args={{"transport": fake}}))


def test_good():
    assert client().interactions.create(model="gemini-3-flash-preview", input="Hi").id == "v1_first"


def test_bad():
    client().interactions.create(model="gemini-3-flash-preview", input="Hi", generation_config={{"thinking_levl": "low"}})
'''


def test_the_pytest_plugin_checks_the_interactions_calls_of_each_test(tmp_path: Any) -> None:
    importlib.import_module("google.genai")  # the program below drives the SDK
    (tmp_path / "test_program.py").write_text(PROGRAM.format(httpx=backend().__name__, answer=ANSWER))
    (tmp_path / "pytest.ini").write_text("[pytest]\ngemini_wire = true\n")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    assert "FAILED test_program.py::test_bad" in result.stdout and "1 failed, 1 passed" in result.stdout
    assert "GW102 error: unknown field `thinking_levl` at request.generation_config.thinking_levl" in result.stdout
    assert "2 checked (interactions-v1 2), 0 skipped" in result.stdout
