"""A response against its own request, and each request against the exchange before it (GW8xx).

The rules' examples are conversations; faults are injected into a real exchange of
`../shared/traffic` copied at run time (skipped when it is absent), and the untouched real
recordings give no error.
"""

from __future__ import annotations

import copy
import json
import lzma
import re
import subprocess
import sys
from collections import defaultdict
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from recording_formats import FORMATS, cassette, har
from test_recordings import rebuild

from gemini_wire import dialects
from gemini_wire.documents.check import Selection
from gemini_wire.documents.exchanges import (
    check_conversation,
    check_exchange,
    conversation_findings,
    read_call,
    schema_errors,
)
from gemini_wire.documents.traffic import check_recording
from gemini_wire.findings import Key
from gemini_wire.rules import RULES

TRAFFIC = Path(__file__).resolve().parents[2] / "shared" / "traffic" / "interactions.jsonl.xz"
# generateContent's: the Interactions API's (GW85x) are tests/test_interactions_recordings.py's
EXCHANGE_RULES = sorted(code for code, r in RULES.items() if code.startswith("GW8") and r.example_dialect not in dialects.INTERACTIONS)
WEATHER = {"name": "get_weather", "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]}}
ASK = {"contents": [{"role": "user", "parts": [{"text": "Weather in Paris?"}]}], "tools": [{"functionDeclarations": [WEATHER]}]}


def codes_of(example: str, dialect: str, model: str | None) -> list[str]:
    exchanges = json.loads(example)
    return [f.code for f in check_conversation([(e["request"], e.get("response")) for e in exchanges], dialect=dialect, model=model)]


@pytest.mark.parametrize("code", EXCHANGE_RULES)
def test_each_exchange_rules_bad_example_breaks_it_and_its_good_one_is_clean(code: str) -> None:
    r = RULES[code]
    assert isinstance(r.bad, str) and isinstance(r.good, str)
    assert code in codes_of(r.bad, r.example_dialect, r.example_model)
    assert codes_of(r.good, r.example_dialect, r.example_model) == []


def test_exchange_rules_warn_by_default() -> None:
    assert {RULES[code].severity for code in EXCHANGE_RULES} == {"warning"}


def answer(*parts: dict[str, Any], finish: str = "STOP") -> dict[str, Any]:
    return {"candidates": [{"content": {"role": "model", "parts": list(parts)}, "finishReason": finish, "index": 0}]}


def test_a_finding_points_into_the_argument_that_breaks_the_schema() -> None:
    said = answer({"text": "let me look"}, {"functionCall": {"name": "get_weather", "args": {"city": 75}}})
    [f] = check_exchange(ASK, said)
    assert (f.code, f.loc) == ("GW802", ("response", "candidates", 0, "content", "parts", 1, "functionCall", "args", Key("city")))
    assert f.path == "response.candidates[0].content.parts[1].functionCall.args.city"
    assert f.message == "an integer where STRING was declared"


def test_a_streamed_answer_is_folded_before_it_is_checked() -> None:
    chunks = [answer({"text": "{\"te"}), answer({"text": "mp\": \"21\"}"})]
    asked = {**ASK, "generationConfig": {"responseMimeType": "application/json", "responseSchema": {"type": "OBJECT", "properties": {"temp": {"type": "INTEGER"}}}}}
    sse = "".join(f"data: {json.dumps(c)}\r\n\r\n" for c in chunks).encode()
    for response in (chunks, sse, json.dumps(chunks)):
        [f] = check_exchange(asked, response)
        assert (f.code, f.path) == ("GW804", "response.candidates[0].content.parts[0].text.temp")


def test_an_error_body_has_nothing_to_compare() -> None:
    assert check_exchange(ASK, {"error": {"code": 400, "message": "no", "status": "INVALID_ARGUMENT"}}) == []
    assert check_exchange(ASK, None) == []


def test_snake_case_spellings_are_read_like_camel_case() -> None:
    asked = {"contents": ASK["contents"], "tools": [{"function_declarations": [WEATHER]}], "tool_config": {"function_calling_config": {"mode": "NONE"}}}
    said = answer({"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}})
    assert [f.code for f in check_exchange(asked, said)] == ["GW806"]


def test_a_request_that_does_not_extend_the_last_is_not_its_replay() -> None:
    said = answer({"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}})
    fresh = {**ASK, "contents": [{"role": "user", "parts": [{"text": "Something else"}]}]}
    assert check_conversation([(ASK, said), (fresh, None)]) == []


def test_a_signature_sent_back_in_the_url_safe_alphabet_is_the_same() -> None:
    call = {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}
    said = answer({**call, "thoughtSignature": "ab+/cd=="})
    reply = {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {}}}]}
    replay = {**ASK, "contents": [*ASK["contents"], {"role": "model", "parts": [{**call, "thoughtSignature": "ab-_cd"}]}, reply]}
    assert check_conversation([(ASK, said), (replay, None)], model="gemini-3-pro-preview") == []
    moved = {**ASK, "contents": [*ASK["contents"], {"role": "model", "parts": [{"text": "x", "thoughtSignature": "ab+/cd=="}, call]}, reply]}
    found = check_conversation([(ASK, answer({"text": "x"}, {**call, "thoughtSignature": "ab+/cd=="})), (moved, None)], model="gemini-3-pro-preview")
    assert [(f.code, f.severity, f.path) for f in found] == [("GW812", "warning", "exchange[1].request.contents[1].parts[1]")]


@pytest.mark.parametrize(
    ("value", "schema", "wrong"),
    [
        (None, {"type": "STRING", "nullable": True}, []),
        (None, {"type": "STRING"}, [()]),
        ("c", {"type": "STRING", "enum": ["a", "b"]}, [()]),
        (2.0, {"type": "INTEGER"}, []),
        (True, {"type": "INTEGER"}, [()]),
        ([1, "x"], {"type": "ARRAY", "items": {"type": "INTEGER"}}, [(1,)]),
        ([], {"type": "ARRAY", "minItems": "1"}, [()]),
        ("x", {"anyOf": [{"type": "INTEGER"}, {"type": "STRING"}]}, []),
        ({}, {"type": "object", "required": ["a"]}, [()]),
        ({"a": {"b": 1}}, {"type": "OBJECT", "properties": {"a": {"type": "OBJECT", "properties": {"b": {"type": "BOOLEAN"}}}}}, [(Key("a"), Key("b"))]),
    ],
)
def test_the_openapi_subset_schema_is_read_by_its_own_semantics(value: Any, schema: dict[str, Any], wrong: list[Any]) -> None:
    assert [path for path, _ in schema_errors(value, schema, ())] == wrong


PROPERTIES = {"city": {"type": "STRING"}, "days": {"type": "INTEGER"}, "units": {"type": "STRING", "enum": ["C", "F"]}, "hourly": {"type": "BOOLEAN", "nullable": True}}
FITTING = st.fixed_dictionaries(
    {"city": st.text(max_size=5)},
    optional={"days": st.integers(), "units": st.sampled_from(["C", "F"]), "hourly": st.one_of(st.none(), st.booleans())},
)


@settings(max_examples=50, deadline=None)
@given(FITTING, st.sampled_from(sorted(PROPERTIES)), st.one_of(st.floats(allow_nan=False).filter(lambda x: not x.is_integer()), st.lists(st.integers(), max_size=2)))
def test_args_break_the_schema_exactly_where_a_wrong_value_is_put(args: dict[str, Any], name: str, wrong: Any) -> None:
    schema = {"type": "OBJECT", "properties": PROPERTIES, "required": ["city"]}
    assert list(schema_errors(args, schema, ())) == []
    assert [path for path, _ in schema_errors({**args, name: wrong}, schema, ())] == [(Key(name),)]


# --------------------------------------------------------------------------- real traffic


@cache
def recordings() -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    with lzma.open(TRAFFIC, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out[row["project"], row["file"]].append(row)
    return {k: sorted(v, key=lambda r: r["interaction"]) for k, v in out.items()}


def dialect_of(row: dict[str, Any]) -> Any:
    name = dialects.dialect_for_url(row["url"])
    if name is None:
        versions = [v for v in dialects.INFO.values() if v.api == row["dialect"] and f"/{v.version}/" in row["url"]]
        name = versions[0].name if versions else row["dialect"]
    return dialects.dialect(name)


def calls(rows: list[dict[str, Any]]) -> list[Any]:
    return [read_call(r["request_body"], r["response_body"] if r["status"] == 200 else None, dialect_of(r), r["model"]) for r in rows]


needs_traffic = pytest.mark.skipif(not TRAFFIC.is_file(), reason=f"{TRAFFIC} is absent")


@needs_traffic
def test_the_untouched_real_recordings_give_no_error() -> None:
    errors = [
        (file, f.index, f.document, f.finding.path, f.finding.message)
        for (_, file), rows in recordings().items()
        for f in conversation_findings(calls(rows))
        if f.finding.severity == "error"
    ]
    assert errors == []


def signed_call_pair() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A real Gemini 3 exchange whose answer is one signed function call, and the next request
    that replays it (copied from the traffic at run time, never kept)."""
    for rows in recordings().values():
        for before, after in pairwise(rows):
            if "gemini-3" not in before["model"] or before["status"] != 200 or before["response_body"].lstrip()[:1] != "{":
                continue
            parts = json.loads(before["response_body"])["candidates"][0]["content"]["parts"]
            if len(parts) == 1 and "functionCall" in parts[0] and "thoughtSignature" in parts[0] and "parametersJsonSchema" not in before["request_body"]:
                pair = [before, after]
                if not conversation_findings(calls(pair)):
                    return before, [json.loads(r["request_body"]) for r in pair] + [json.loads(before["response_body"])]
    pytest.skip("no clean signed function call of Gemini 3 in the traffic")


@needs_traffic
def test_faults_injected_into_a_real_exchange_are_found_at_their_place() -> None:
    row, (first, second, said) = signed_call_pair()
    dialect, model = dialect_of(row), row["model"]
    n = len(first["contents"])

    def found(request: dict[str, Any], response: dict[str, Any], replay: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [(f.code, f.severity, f.path) for f in check_conversation([(request, response), (replay, None)], dialect=dialect, model=model)]

    dropped = copy.deepcopy(second)
    del dropped["contents"][n]["parts"][0]["thoughtSignature"]
    assert found(first, said, dropped) == [("GW812", "error", f"exchange[1].request.contents[{n}].parts[0]")]

    renamed = copy.deepcopy(said)
    renamed["candidates"][0]["content"]["parts"][0]["functionCall"]["name"] = "zz_not_declared"
    assert ("GW801", "warning", "exchange[0].response.candidates[0].content.parts[0].functionCall.name") in found(first, renamed, second)

    unanswered = copy.deepcopy(second)
    del unanswered["contents"][n + 1:]
    assert [code for code, _, _ in found(first, said, unanswered)] == ["GW810"]


# --------------------------------------------------------------------------- recordings


def test_lint_of_a_cassette_checks_its_calls_as_a_conversation_at_their_lines() -> None:
    call = {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}
    reply = {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp": 21}}}]}
    replay = {**ASK, "contents": [*ASK["contents"], {"role": "model", "parts": [call]}, reply]}
    data = cassette((ASK, answer({**call, "thoughtSignature": "c2ln"})), (replay, answer({"text": "21 degrees"})))
    found = [(f.code, f.severity, f.line, f.path) for f in check_recording("c.yaml", data, "gemini").findings]
    assert ("GW217", "error", 9, "interactions[1].request.contents[1].parts[0].thoughtSignature") in found
    assert [f for f in found if f[0] == "GW812"] == []  # the request's own check says it: one error, not two


def test_a_dropped_signature_is_left_to_gw217_only_where_requests_are_linted_for_it() -> None:
    call = {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}
    reply = {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp": 21}}}]}
    replay = {**ASK, "contents": [*ASK["contents"], {"role": "model", "parts": [call]}, reply]}
    data = cassette((ASK, answer({**call, "thoughtSignature": "c2ln"})), (replay, answer({"text": "21 degrees"})))
    found = [(f.code, f.severity) for f in check_recording("c.yaml", data, "gemini", selection=Selection(ignore=("GW217",))).findings]
    assert found == [("GW812", "error")]
    exchanges = [(ASK, answer({**call, "thoughtSignature": "c2ln"})), (replay, None)]
    assert [(f.code, f.severity) for f in check_conversation(exchanges, model="gemini-3-pro-preview")] == [("GW812", "error")]


def test_gw812_keeps_an_unsigned_call_that_gw217_does_not_check() -> None:
    # GW217 checks the first call of each model turn; a signature the model gave a later call is GW812's.
    first, second = ({"functionCall": {"name": "get_weather", "args": {"city": c}}} for c in ("Paris", "Rome"))
    replies = {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp": t}}} for t in (21, 25)]}
    replay = {**ASK, "contents": [*ASK["contents"], {"role": "model", "parts": [{**first, "thoughtSignature": "c2ln"}, second]}, replies]}
    said = answer({**first, "thoughtSignature": "c2ln"}, {**second, "thoughtSignature": "b3RoZXI"})
    found = [(f.code, f.severity, f.path) for f in check_recording("c.yaml", cassette((ASK, said), (replay, answer({"text": "warm"}))), "gemini").findings]
    assert found == [("GW812", "error", "interactions[1].request.contents[1].parts[1]")]


def test_a_selection_without_the_area_runs_no_exchange_check() -> None:
    data = cassette((ASK, answer({"functionCall": {"name": "zz", "args": {}}})))
    assert [f.code for f in check_recording("c.yaml", data, "gemini").findings] == ["GW801"]
    assert check_recording("c.yaml", data, "gemini", selection=Selection(ignore=("GW8",))).findings == []


@needs_traffic
def test_lint_of_the_real_cassettes_gives_no_exchange_error(tmp_path: Path) -> None:
    rows = [row for group in recordings().values() for row in group]
    rebuild(rows, tmp_path)
    found = [f for path in sorted(tmp_path.iterdir()) for f in check_recording(path.name, path.read_bytes(), "gemini").findings]
    assert [str(f) for f in found if f.code.startswith("GW8") and f.severity == "error"] == []
    assert any(f.code.startswith("GW8") for f in found)  # the real traffic breaks its own schemas


@needs_traffic
def test_faults_injected_into_a_real_exchange_in_a_har_file_are_found_at_their_lines() -> None:
    row, (first, second, said) = signed_call_pair()
    n = len(first["contents"])
    renamed = copy.deepcopy(said)
    renamed["candidates"][0]["content"]["parts"][0]["functionCall"]["name"] = "zz_not_declared"
    dropped = copy.deepcopy(second)
    dropped["contents"][n]["parts"][0]["thoughtSignature"] = "c2tpcA"
    def found(text: str) -> dict[tuple[str, str], int | None]:
        return {(f.code, f.path): f.line for f in check_recording("r.har", text.encode(), "gemini").findings if f.code.startswith("GW8")}

    text = har((first, renamed), url=row["url"])
    line = next(k + 1 for k, line in enumerate(text.splitlines()) if "zz_not_declared" in line)
    assert found(text)[("GW801", "log.entries[0].response.candidates[0].content.parts[0].functionCall.name")] == line
    text = har((first, said), (dropped, {"candidates": []}), url=row["url"])
    line = [k + 1 for k, line in enumerate(text.splitlines()) if '"postData"' in line][1] + 2  # the second request's text
    assert found(text)[("GW812", f"log.entries[1].request.contents[{n}].parts[0].thoughtSignature")] == line


# --------------------------------------------------------------------------- a test run


def test_a_test_runs_calls_are_checked_as_a_conversation_when_responses_are_linted() -> None:
    from gemini_wire.fake import FakeGemini, installed
    from gemini_wire.testing import Linter, transport

    http = installed(None)
    call = {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}
    fake = FakeGemini(answer({**call, "thoughtSignature": "c2ln"}), answer({"text": "21 degrees"}))
    reply = {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp": 21}}}]}
    replay = {**ASK, "contents": [*ASK["contents"], {"role": "model", "parts": [call]}, reply]}
    url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro-preview:generateContent"
    for responses, expected in ((True, [("GW217", "error")]), (False, [("GW217", "error")])):
        fake.add(answer({**call, "thoughtSignature": "c2ln"}), answer({"text": "21 degrees"}))
        linter = Linter(responses=responses)
        with http.Client(transport=transport(fake.transport(), linter)) as client:
            client.post(url, json=ASK)
            client.post(url, json=replay)
        failures = linter.failures()
        assert sorted((p.finding.code, p.finding.severity) for p in failures) == expected
        for p in failures:
            assert p.finding.path.startswith("request.contents[1].parts[0]") and p.at.startswith("tests/test_exchanges.py:")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_replaced_signature_is_found_in_each_recording_format_at_the_replays_line(name: str) -> None:
    call = {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}
    reply = {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp": 21}}}]}
    sentinel = {**call, "thoughtSignature": "skip_thought_signature_validator"}  # what GW217 cannot see
    replay = {**ASK, "contents": [*ASK["contents"], {"role": "model", "parts": [sentinel]}, reply]}
    url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro-preview:generateContent"
    text = FORMATS[name](url, [(ASK, answer({**call, "thoughtSignature": "c2ln"})), (replay, answer({"text": "21 degrees"}))])
    line = next(k + 1 for k, row in enumerate(text.splitlines()) if "functionResponse" in row)
    found = [(f.code, f.severity, f.path, f.line) for f in check_recording(name, text.encode(), "gemini").findings if f.code.startswith("GW8")]
    assert [(code, severity, at) for code, severity, _, at in found] == [("GW812", "warning", line)]
    assert found[0][2].endswith("[1].request.contents[1].parts[0].thoughtSignature")


# --------------------------------------------------------------------------- the README


def readme_section() -> str:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    return readme.split("\n### Each response against its request, each turn against the last\n", 1)[1].split("\n## ", 1)[0]


def test_the_readmes_library_example_prints_what_it_shows(capsys: pytest.CaptureFixture[str]) -> None:
    [code] = [block for block in re.findall(r"```python\n(.*?)```", readme_section(), re.S) if "check_exchange" in block]
    exec(compile(code, "README.md", "exec"), {})  # the README's own example, run as written
    shown = [line.removeprefix("# ") for line in code.splitlines() if line.startswith("# ")]
    assert capsys.readouterr().out.splitlines() == shown


def test_the_readmes_plugin_example_fails_as_the_readme_shows(tmp_path: Path) -> None:
    section = readme_section()
    [code] = [block for block in re.findall(r"```python\n(.*?)```", section, re.S) if "gemini_wire_fake" in block]
    shown = section.split(code, 1)[1].split("```\n", 3)[2]
    (tmp_path / "test_tools.py").write_text(code)
    (tmp_path / "pytest.ini").write_text("[pytest]\ngemini_wire_responses = true\ngemini_wire_fail_on = warning\n")
    run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:xdist"]
    done = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout
    assert shown.strip()
    for line in shown.splitlines():
        assert line in done.stdout.splitlines(), line
    (tmp_path / "pytest.ini").write_text("[pytest]\ngemini_wire_responses = true\n")  # the rules warn: not a failure by default
    assert subprocess.run(run, cwd=tmp_path, capture_output=True, text=True).returncode == 0
