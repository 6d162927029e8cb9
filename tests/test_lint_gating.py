"""Lint skips the rules whose fields a request lacks; skipping must never change what it reports."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_wire import dialects, gemini, strategies, vertex
from gemini_wire.checks import CHECKS
from gemini_wire.checks.structure import REQUEST_LIMIT, size_findings
from gemini_wire.lint import CODES, census_of, lint
from gemini_wire.models import profile

MODULES = {"gemini": gemini, "vertex": vertex}
MODELS = [None, "gemini-2.0-flash", "gemini-2.5-flash", "gemini-2.5-pro", "gemini-3-pro-preview", "gemma-3-27b-it", "gemini-2.5-flash-preview-tts"]


def codes(dialect: str) -> list[str]:
    return sorted(
        code
        for code, c in CHECKS.items()
        if dialect in c.rule.dialects and c.rule.breaks is not None
    )


def same_findings(dialect: str, payload: dict[str, Any], model: str | None) -> None:
    body = msgspec.json.encode(payload)
    codec = MODULES[dialect].DIALECT.codec
    assert lint(codec, body, kind="request", model=model) == lint(codec, body, kind="request", model=model, gated=False)


@pytest.mark.parametrize("dialect", ["gemini", "vertex"])
@settings(max_examples=60, deadline=None)
@given(payload=st.data(), model=st.sampled_from(MODELS))
def test_gated_lint_reports_what_every_rule_reports(dialect: str, payload: st.DataObject, model: str | None) -> None:
    same_findings(dialect, payload.draw(strategies.requests(dialect)), model)  # type: ignore[arg-type]


@pytest.mark.parametrize(("dialect", "code"), [(d, c) for d in ("gemini", "vertex") for c in codes(d)])
@settings(max_examples=3, deadline=None)
@given(payload=st.data(), model=st.sampled_from(MODELS))
def test_gating_keeps_each_rules_findings(dialect: str, code: str, payload: st.DataObject, model: str | None) -> None:
    same_findings(dialect, payload.draw(strategies.breaking(dialect, code)), model)  # type: ignore[arg-type]


def test_every_rule_says_what_it_reads_or_always_runs() -> None:
    # Only a rule about the absence of something may run on every request.
    always = {code for code, c in CHECKS.items() if not c.reads}
    assert always == {"GW204"}


def test_every_read_names_something_a_request_can_have() -> None:
    # A misspelt read would never be present, and its rule would silently never run.
    known: set[str] = {"part.empty_text", "content.irregular"}
    for name in dialects.NAMES:
        messages = dialects.dialect(name).codec.table.messages
        for message, prefix in (("GenerateContentRequest", ""), ("Part", "part."), ("GenerationConfig", "generation_config."), ("Tool", "tool.")):
            known |= {prefix + f.name for f in msgspec.structs.fields(messages[message].cls)}
    assert {(code, name) for code, c in CHECKS.items() for name in c.reads if name not in known} == set()


# The clean tests that several checks share (lint runs one per group, census.Group), and those
# that take a shortcut: a request each, that breaks one check of the group and passes the rest of
# its test, so that a clean test true too often would hide that check's finding.
DECLARED = {"name": "get_weather", "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}}}
SHORTCUTS: list[tuple[str, str, dict[str, Any]]] = [
    ("GW515", "vertex", {"tools": [{"functionDeclarations": [{**DECLARED, "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}, "a\nb": {"type": "STRING"}}}}]}]}),
    ("GW515", "vertex", {"tools": [{"functionDeclarations": [{**DECLARED, "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}, "9lives": {"type": "STRING"}}}}]}]}),
    ("GW506", "vertex", {"tools": [{"functionDeclarations": [DECLARED], "codeExecution": {}}]}),
    ("GW506", "vertex", {"tools": [{}]}),
    ("GW212", "gemini", {"tools": [{"functionDeclarations": [{**DECLARED, "name": "get weather"}]}]}),
    ("GW212", "vertex", {"tools": [{"functionDeclarations": [DECLARED, {**DECLARED, "name": "get\nweather"}]}]}),
    ("GW507", "gemini", {"tools": [{"functionDeclarations": [DECLARED]}, {"functionDeclarations": [DECLARED]}]}),
    ("GW705", "gemini", {"tools": [{"functionDeclarations": [DECLARED]}], "contents": [{"role": "user", "parts": [{"text": "Hi"}]}, {"role": "model", "parts": [{"functionCall": {"name": "get_wether", "args": {}}}]}, {"role": "user", "parts": [{"functionResponse": {"name": "get_wether", "response": {}}}]}]}),
    ("GW704", "gemini", {"contents": [{"role": "model", "parts": [{"functionCall": {"name": "f", "args": {}}}]}, {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}]}),
    ("GW702", "gemini", {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}, {"role": "model", "parts": [{"functionCall": {"name": "f", "args": {}}}, {"functionCall": {"name": "f", "args": {}}}]}, {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}]}),
    ("GW205", "gemini", {"contents": [{"role": "assistant", "parts": [{"text": "Hi"}]}]}),
    ("GW207", "gemini", {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}, {"role": "model", "parts": []}]}),
    ("GW207", "vertex", {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}, {"role": "model"}]}),
    ("GW206", "vertex", {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}, {"role": "model", "parts": [{"text": "Hello"}]}, {"parts": [{"text": "And?"}]}]}),
    ("GW605", "gemini", {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}], "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}] * 2}),
    ("GW606", "vertex", {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}], "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT"}]}),
    ("GW402", "gemini", {"tools": [{"functionDeclarations": [{**DECLARED, "parameters": {**DECLARED["parameters"], "required": ["town"]}}]}]}),
    ("GW403", "vertex", {"generationConfig": {"responseMimeType": "application/json", "responseSchema": {"type": "OBJECT", "properties": {"tags": {"type": "ARRAY"}}}}}),
    ("GW404", "gemini", {"tools": [{"functionDeclarations": [{**DECLARED, "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}, "n": {"type": "INTEGER", "enum": ["1", "2"]}}}}]}]}),
    ("GW402", "vertex", {"tools": [{"functionDeclarations": [{**DECLARED, "parameters": {"type": "OBJECT", "properties": {"city": {"type": "OBJECT", "properties": {"zip": {"type": "STRING"}}, "required": ["code"]}}}}]}]}),
    ("GW504", "gemini", {"tools": [{"functionDeclarations": [DECLARED]}], "toolConfig": {"functionCallingConfig": {"mode": "AUTO", "allowedFunctionNames": ["get_weather"]}}}),
    ("GW505", "vertex", {"tools": [{"functionDeclarations": [DECLARED]}], "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_wether"]}}}),
    # generation_clean, on gemini-2.5-flash (at most 65535 tokens, 8 candidates, topK 64, a budget of 1..24576 or 0)
    ("GW307", "gemini", {"generationConfig": {"thinkingConfig": {"thinkingBudget": 1024, "thinkingLevel": "LOW"}}}),
    ("GW308", "vertex", {"generationConfig": {"stopSequences": ["END", ""]}}),
    ("GW309", "gemini", {"generationConfig": {"maxOutputTokens": 65536, "topK": 64, "candidateCount": 8}}),
    ("GW310", "gemini", {"generationConfig": {"maxOutputTokens": 65535, "candidateCount": 9}}),
    ("GW311", "vertex", {"generationConfig": {"topK": 65, "candidateCount": 1}}),
    ("GW313", "gemini", {"generationConfig": {"thinkingConfig": {"thinkingBudget": 24577}}}),
    ("GW313", "gemini", {"generationConfig": {"maxOutputTokens": 100, "thinkingConfig": {"thinkingBudget": -2}}}),
]


@pytest.mark.parametrize(("code", "dialect", "payload"), SHORTCUTS, ids=[f"{c}-{d}-{i}" for i, (c, d, _) in enumerate(SHORTCUTS)])
def test_a_shared_clean_test_lets_each_check_of_its_group_report(code: str, dialect: str, payload: dict[str, Any]) -> None:
    payload = {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}], **payload}
    body = msgspec.json.encode(payload)
    codec = MODULES[dialect].DIALECT.codec
    found = lint(codec, body, kind="request", model="gemini-2.5-flash")
    assert code in {f.code for f in found}
    assert found == lint(codec, body, kind="request", model="gemini-2.5-flash", gated=False)


def test_the_checks_that_share_a_clean_test_are_tested_once() -> None:
    # A chat like the benchmark's: the checks it selects, grouped by their clean test.
    call = {"name": "get_weather", "args": {"city": "Oslo"}}
    chat = {
        "contents": [
            {"role": "user", "parts": [{"text": "Weather in Oslo?"}]},
            {"role": "model", "parts": [{"functionCall": call}]},
            {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"sky": "clear"}}}]},
            {"role": "model", "parts": [{"text": "Sunny."}]},
        ],
        "tools": [{"functionDeclarations": [DECLARED]}],
        "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
    }
    codec = gemini.DIALECT.codec
    assert lint(codec, msgspec.json.encode(chat), kind="request", model="gemini-2.5-flash") == []
    census = census_of(codec)
    seen, _ = census.census(gemini.decode_request(msgspec.json.encode(chat)))
    groups = {getattr(clean, "__name__", None): sorted(CODES[c] for c, _ in checks) for clean, checks in census.select(seen, profile("gemini-2.5-flash"))}
    assert groups["declarations_clean"] == ["GW212", "GW501", "GW502", "GW507", "GW513", "GW705"]
    assert groups["conversation_clean"] == ["GW701", "GW702", "GW703", "GW704"]
    assert groups["settings_clean"] == ["GW604", "GW605", "GW606"]
    # Its contents are regular ("content.irregular" unset): the checks of roles and parts are not selected.
    assert not {"GW205", "GW207"} & {code for codes in groups.values() for code in codes}
    # --select keeps only the checks named, in their groups.
    only = census.select(seen, profile("gemini-2.5-flash"), frozenset({"GW705", "GW604"}))
    assert sorted(CODES[c] for _, checks in only for c, _ in checks) == ["GW604", "GW705"]


@pytest.mark.parametrize(
    ("code", "model", "config"),
    [
        ("GW313", "gemini-2.5-pro", {"thinkingConfig": {"thinkingBudget": 0}}),  # cannot turn thinking off
        ("GW313", "gemini-2.5-pro", {"thinkingConfig": {"thinkingBudget": 64}}),  # below its floor of 128
        ("GW309", "gemini-2.0-flash", {"maxOutputTokens": 8193, "topK": 40}),
        ("GW309", None, {"maxOutputTokens": 10**6}),  # more than any model writes
    ],
)
def test_the_generation_clean_test_follows_the_named_model(code: str, model: str | None, config: dict[str, Any]) -> None:
    body = msgspec.json.encode({"contents": [{"role": "user", "parts": [{"text": "Hi"}]}], "generationConfig": config})
    codec = gemini.DIALECT.codec
    found = lint(codec, body, kind="request", model=model)
    assert code in {f.code for f in found}
    assert found == lint(codec, body, kind="request", model=model, gated=False)


def test_the_size_check_counts_the_bytes_of_a_text_that_may_pass_the_limit() -> None:
    # size_findings skips encoding a text of at most limit // 4 characters (4 bytes each at most).
    limit = REQUEST_LIMIT["vertex"]
    assert size_findings("vertex", "\U0001f30a" * (limit // 4)) == []  # exactly the limit in UTF-8
    assert [f.code for f in size_findings("vertex", "\U0001f30a" * (limit // 4 + 1))] == ["GW112"]
    assert [f.code for f in size_findings("vertex", b"x" * (limit + 1))] == ["GW112"]
