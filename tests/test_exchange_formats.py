"""Every exchange rule (GW8xx) in each recording format `gemini-wire lint` reads: vcrpy, Ruby VCR,
go-vcr and HAR.

Each rule's bad and good examples (conversations) are written as a recording of each format and
linted as a file; what is found must be what the library's `check_conversation` finds in the same
conversation, at the same exchange and path, on the line of that exchange's body. The same
examples are sent through the SDK (google-genai) past the pytest plugin's Linter: found on the
test's line that made the call. Faults are also injected into a real conversation of
`../shared/traffic` copied at run time (skipped when absent).
"""

from __future__ import annotations

import copy
import inspect
import json
import re
from functools import cache
from itertools import pairwise
from typing import Any

import pytest
from recording_formats import ENTRIES, FORMATS, body_lines, url_of
from test_exchanges import needs_traffic, recordings

from gemini_wire import dialects
from gemini_wire.documents.check import EVERY_RULE, Selection
from gemini_wire.documents.exchanges import check_conversation
from gemini_wire.documents.traffic import check_recording
from gemini_wire.fake import installed
from gemini_wire.rules import RULES
from gemini_wire.testing import Linter, transport

# generateContent's: the Interactions API's (GW85x) are tests/test_interactions_recordings.py's
EXCHANGE_RULES = sorted(code for code, r in RULES.items() if code.startswith("GW8") and r.example_dialect not in dialects.INTERACTIONS)
MODEL = "gemini-2.5-flash"  # where a rule's example names none
EXCHANGES_ONLY = Selection(select=("GW8",))
# What a recording holds where an example's exchange has no response (its last request, replayed).
NO_ANSWER = {"candidates": [{"content": {"role": "model", "parts": [{"text": "It is."}]}, "finishReason": "STOP", "index": 0}]}

Seen = tuple[str, str, str, int | None]


def written(name: str, code: str, kind: str) -> tuple[str, str, list[tuple[int, int]], list[Seen]]:
    """A rule's example as a recording of this format: its text, model, body lines, and what the
    library finds in it, at the path and line the recording must show."""
    rule = RULES[code]
    model = rule.example_model or MODEL
    url = url_of(model)
    assert dialects.dialect_for_url(url) == dialects.canonical(rule.example_dialect)
    example = json.loads(getattr(rule, kind))
    pairs = [(e["request"], e.get("response") or NO_ANSWER) for e in example]
    text = FORMATS[name](url, pairs)
    lines = body_lines(name, text, pairs)
    expected = []
    for f in check_conversation([(e["request"], e.get("response")) for e in example], dialect=rule.example_dialect, model=model):
        at = re.fullmatch(r"exchange\[(\d+)\]\.(request|response)(.*)", f.path)
        assert at, f.path
        i, side = int(at[1]), at[2]
        expected.append((f.code, f.severity, f"{ENTRIES[name]}[{i}].{side}{at[3]}", lines[i][side == "response"]))
    return text, model, lines, expected


def linted(name: str, text: str, selection: Selection = EVERY_RULE) -> list[Seen]:
    return sorted((f.code, f.severity, f.path, f.line) for f in check_recording(name, text.encode(), "gemini", selection=selection).findings)


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("code", EXCHANGE_RULES)
def test_each_exchange_rules_bad_example_is_found_in_each_format_at_its_exchange_path_and_line(code: str, name: str) -> None:
    text, _, _, expected = written(name, code, "bad")
    assert code in [c for c, *_ in expected]
    if RULES[code].example_model is None:
        assert {s for c, s, *_ in expected if c == code} == {RULES[code].severity}
    assert linted(name, text, EXCHANGES_ONLY) == sorted(expected)
    # As `gemini-wire lint` runs it: each fault is said once, by its own rule or by the request's own
    # check (GW217 for a dropped signature) at the same line, inside the same path.
    found = linted(name, text)
    for seen in expected:
        code_, _, path, line = seen
        assert seen in found or any(c != code_ and p.startswith(path) and n == line for c, _, p, n in found), (seen, found)
    assert [f for f in found if f[0].startswith("GW8") and f not in expected] == []


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("code", EXCHANGE_RULES)
def test_each_exchange_rules_good_example_is_clean_in_each_format(code: str, name: str) -> None:
    text, _, _, expected = written(name, code, "good")
    assert expected == []
    assert linted(name, text, EXCHANGES_ONLY) == []
    assert [f for f in linted(name, text) if f[0].startswith("GW8")] == []


# --------------------------------------------------------------------------- a test run through the SDK

# A request's fields that the SDK takes in its config (generationConfig's own are spread into it).
CONFIG = ("tools", "toolConfig", "systemInstruction", "safetySettings", "cachedContent")


def sent(request: dict[str, Any]) -> dict[str, Any]:
    """A REST request as the SDK's generate_content arguments."""
    from google.genai import types

    config = {**request.get("generationConfig", {}), **{k: request[k] for k in CONFIG if k in request}}
    return {"contents": request["contents"], "config": types.GenerateContentConfig.model_validate(config)}


@pytest.mark.parametrize("kind", ["bad", "good"])
@pytest.mark.parametrize("code", EXCHANGE_RULES)
def test_each_exchange_rules_example_sent_through_the_sdk_is_found_on_the_line_of_its_call(code: str, kind: str) -> None:
    genai = pytest.importorskip("google.genai")
    rule = RULES[code]
    model = rule.example_model or MODEL
    example = json.loads(getattr(rule, kind))
    assert len(example) <= 2  # one call a line below
    answers = iter([e.get("response") or NO_ANSWER for e in example])
    http = installed(None)
    linter = Linter(responses=True)
    inner = http.MockTransport(lambda request: http.Response(200, json=next(answers)))
    options = genai.types.HttpOptions(api_version="v1beta", client_args={"transport": transport(inner, linter)})
    client = genai.Client(api_key="test-key", http_options=options)
    frame = inspect.currentframe()
    assert frame is not None
    lines = [frame.f_lineno + 1]
    client.models.generate_content(model=model, **sent(example[0]["request"]))
    if len(example) > 1:
        lines.append(frame.f_lineno + 1)
        client.models.generate_content(model=model, **sent(example[1]["request"]))
    linter.failures()  # the calls so far, checked as a conversation
    found = [(p.finding.code, p.finding.severity, p.finding.path, int(p.at.rsplit(":", 1)[1])) for p in linter.problems]
    assert all(p.at.startswith("tests/test_exchange_formats.py:") for p in linter.problems)
    expected = []
    for f in check_conversation([(e["request"], e.get("response")) for e in example], dialect=rule.example_dialect, model=model):
        at = re.fullmatch(r"exchange\[(\d+)\]\.(.*)", f.path)
        assert at, f.path
        expected.append((f.code, f.severity, at[2], lines[int(at[1])]))
    assert (code in [c for c, *_ in expected]) is (kind == "bad")
    for seen in expected:  # said by its own rule, or by the request's own check inside the same path
        assert seen in found or any(c != seen[0] and p.startswith(seen[2]) and n == seen[3] for c, _, p, n in found), (seen, found)
    assert sorted(f for f in found if f[0].startswith("GW8")) == sorted(e for e in expected if e in found)


# --------------------------------------------------------------------------- a real conversation


@cache
def real_call_and_reply() -> tuple[str, list[tuple[dict[str, Any], dict[str, Any]]], int]:
    """A real exchange whose answer calls a function and counts its tokens, then the next request
    that replays the call with its functionResponse (with that request's own answer), linted clean
    of GW8xx as vcrpy: the URL, the two exchanges, and how many contents the first request had."""
    for rows in recordings().values():
        for before, after in pairwise(rows):
            if {before["status"], after["status"]} != {200} or not all(r["response_body"].lstrip().startswith("{") for r in (before, after)):
                continue
            first, said = json.loads(before["request_body"]), json.loads(before["response_body"])
            replay, answered = json.loads(after["request_body"]), json.loads(after["response_body"])
            parts = said.get("candidates", [{}])[0].get("content", {}).get("parts", [])
            n = len(first.get("contents", []))
            contents = replay.get("contents", [])
            if (
                not any("functionCall" in p for p in parts)
                or "totalTokenCount" not in said.get("usageMetadata", {})
                or len(contents) < n + 2
                or contents[:n] != first["contents"]
                or not any("functionResponse" in p for p in contents[n + 1].get("parts", []))
            ):
                continue
            pairs = [(first, said), (replay, answered)]
            if not any(f.code.startswith("GW8") for f in check_recording("r.yaml", FORMATS["vcrpy.yaml"](before["url"], pairs).encode(), "gemini").findings):
                return before["url"], pairs, n
    pytest.skip("no real function call answered in the next request, clean of GW8xx, in the traffic")


def renamed(pairs: list[Any], n: int) -> tuple[list[Any], tuple[str, int, str]]:
    """The first call of the answer renamed to a function the request did not declare."""
    out = copy.deepcopy(pairs)
    parts = out[0][1]["candidates"][0]["content"]["parts"]
    k = next(k for k, p in enumerate(parts) if "functionCall" in p)
    parts[k]["functionCall"]["name"] = "zz_not_declared"
    return out, ("GW801", 0, f"response.candidates[0].content.parts[{k}].functionCall.name")


def unanswered(pairs: list[Any], n: int) -> tuple[list[Any], tuple[str, int, str]]:
    """The replay's functionResponse parts dropped (and their turn, when nothing else was in it)."""
    out = copy.deepcopy(pairs)
    contents = out[1][0]["contents"]
    kept = [p for p in contents[n + 1]["parts"] if "functionResponse" not in p]
    if kept:
        contents[n + 1]["parts"] = kept
        return out, ("GW810", 1, f"request.contents[{n + 1}]")
    del contents[n + 1]
    return out, ("GW810", 1, "request.contents")  # nothing follows the model's call: the end of the history


def miscounted(pairs: list[Any], n: int) -> tuple[list[Any], tuple[str, int, str]]:
    """The answer's usage total one token off."""
    out = copy.deepcopy(pairs)
    out[0][1]["usageMetadata"]["totalTokenCount"] += 1
    return out, ("GW815", 0, "response.usageMetadata.totalTokenCount")


@needs_traffic
@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("fault", [renamed, unanswered, miscounted], ids=lambda f: f.__name__)
def test_a_fault_injected_into_a_real_conversation_is_found_in_each_format_at_its_line(name: str, fault: Any) -> None:
    url, pairs, n = real_call_and_reply()
    untouched = linted(name, FORMATS[name](url, pairs))
    assert [f for f in untouched if f[0].startswith("GW8")] == []
    broken, (code, i, path) = fault(pairs, n)
    text = FORMATS[name](url, broken)
    line = body_lines(name, text, broken)[i][path.startswith("response")]
    new = [f for f in linted(name, text) if f not in untouched]
    assert new == [(code, RULES[code].severity, f"{ENTRIES[name]}[{i}].{path}", line)]
