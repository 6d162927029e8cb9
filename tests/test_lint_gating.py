"""Lint skips the rules whose fields a request lacks; skipping must never change what it reports."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_wire import dialects, gemini, strategies, vertex
from gemini_wire.checks import CHECKS
from gemini_wire.lint import lint

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
    known: set[str] = {"part.empty_text"}
    for name in dialects.NAMES:
        messages = dialects.dialect(name).codec.table.messages
        for message, prefix in (("GenerateContentRequest", ""), ("Part", "part."), ("GenerationConfig", "generation_config."), ("Tool", "tool.")):
            known |= {prefix + f.name for f in msgspec.structs.fields(messages[message].cls)}
    assert {(code, name) for code, c in CHECKS.items() for name in c.reads if name not in known} == set()
