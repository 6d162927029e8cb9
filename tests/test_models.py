"""Model profiles are data with evidence (src/gemini_wire/models.toml), and lint follows the newest.

The requests below are those of Google's own SDK test tables (google-genai 3.6.1,
google/genai/tests/models/) that expect success, written again as wire payloads: each must lint
without an error in the dialect and for the model the table names.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from gemini_wire import dialect, models
from gemini_wire.models import PROFILES, profile

USER = {"role": "user", "parts": [{"text": "What is your name?"}]}
PNG = {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}
SCREENSHOT_TURNS = [
    {"role": "user", "parts": [{"text": "Go to google and search nano banana"}]},
    {"role": "model", "parts": [{"functionCall": {"name": "open_web_browser", "args": {}}, "thoughtSignature": "c2ln"}]},
    {"role": "user", "parts": [{"functionResponse": {"name": "open_web_browser", "response": {"url": "https://www.google.com"}, "parts": [PNG]}}]},
]

# (test name in the SDK's tables, dialects where the table expects success, model, request)
SDK_SUCCESSES: list[tuple[str, tuple[str, ...], str, dict[str, Any]]] = [
    ("test_disable_thinking", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-flash",
     {"contents": [USER], "generationConfig": {"thinkingConfig": {"thinkingBudget": 0}}}),
    ("test_thinking_level", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-flash",
     {"contents": [USER], "generationConfig": {"thinkingConfig": {"thinkingLevel": "LOW"}}}),
    ("test_image_inline_part_media_resolution", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-flash",
     {"contents": [USER, {"role": "user", "parts": [{**PNG, "mediaResolution": {"level": "MEDIA_RESOLUTION_LOW"}}]}]}),
    ("test_logprobs_zero_with_response_logprobs_true", ("vertex-v1beta1",), "gemini-2.5-flash",
     {"contents": [USER], "generationConfig": {"responseLogprobs": True, "logprobs": 0}}),
    ("test_presence_penalty_zero", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-flash",
     {"contents": [USER], "generationConfig": {"presencePenalty": 0}}),
    ("test_computer_use_multi_turn", ("gemini-v1beta",), "gemini-2.5-computer-use-preview-10-2025",
     {"contents": SCREENSHOT_TURNS, "tools": [{"computerUse": {"environment": "ENVIRONMENT_BROWSER"}}]}),
]


def cases() -> list[Any]:
    return [pytest.param(d, model, payload, id=f"{name}-{d}") for name, ds, model, payload in SDK_SUCCESSES for d in ds]


@pytest.mark.parametrize(("name", "model", "payload"), cases())
def test_a_request_that_google_s_sdk_tables_expect_to_succeed_has_no_error(name: str, model: str, payload: dict[str, Any]) -> None:
    found = dialect(name).lint_request(json.dumps(payload), model=model)
    assert [f"{f.code} {f.message}" for f in found if f.severity == "error"] == []


def test_every_value_of_every_profile_names_its_source() -> None:
    for p in PROFILES:
        for key, fact in p.facts.items():
            assert fact.source, (p.family, key)
            assert all(old.source for old in fact.was), (p.family, key)


def test_a_changed_verdict_keeps_the_newest_evidence_and_records_the_old() -> None:
    fact = profile("gemini-2.5-flash").facts["thinking_levels_accepted"]  # type: ignore[union-attr]
    assert fact.value is True
    assert fact.was[0].value is False and fact.was[0].quote and fact.was[0].date == "2026-01-13"


def test_every_model_that_the_sdk_enum_names_has_a_profile() -> None:
    # The Model enum of google-genai 3.6.1 (google/genai/_gaos/types/interactions/model.py).
    enum = ["gemma-4-26b-a4b-it", "gemma-4-31b-it", "gemini-flash-latest", "gemini-2.5-flash", "gemini-2.5-pro",
            "gemini-2.5-flash-lite", "gemini-3.5-flash-lite", "gemini-2.5-flash-image", "gemini-3-flash-preview",
            "gemini-3.1-pro-preview", "gemini-3.1-pro-preview-customtools", "gemini-3.1-flash-lite",
            "gemini-3.1-flash-lite-image", "gemini-3-pro-image", "nano-banana-pro-preview", "gemini-3.1-flash-image",
            "gemini-3.1-flash-tts-preview", "gemini-3.8-flash", "gemini-4-argon", "gemini-3.8-flash-tts"]
    assert [m for m in enum if profile(m) is None] == []


def test_each_known_model_name_is_matched_by_its_own_family() -> None:
    for p in PROFILES:
        for m in p.models:
            assert profile(m) is p, (m, p.family, getattr(profile(m), "family", None))


def test_an_unknown_future_model_of_a_known_generation_makes_no_error_without_evidence() -> None:
    p = profile("gemini-3.9-flash")
    assert p is not None and p.family == "gemini-3"
    payload = {"contents": [USER], "generationConfig": {"candidateCount": 4, "thinkingConfig": {"thinkingLevel": "MINIMAL"}}}
    assert [f for f in dialect("gemini").lint_request(json.dumps(payload), model="gemini-3.9-flash") if f.severity == "error"] == []


def test_a_refusal_reported_without_the_server_s_words_is_a_warning() -> None:
    payload = {"contents": [USER], "generationConfig": {"thinkingConfig": {"thinkingLevel": "LOW"}}}
    found = [f for f in dialect("gemini").lint_request(json.dumps(payload), model="gemma-4-31b-it") if f.code == "GW314"]
    assert [f.severity for f in found] == ["warning"]


def test_a_quoted_refusal_of_a_thinking_level_is_an_error() -> None:
    payload = {"contents": [USER], "generationConfig": {"thinkingConfig": {"thinkingLevel": "MINIMAL"}}}
    found = [f for f in dialect("gemini").lint_request(json.dumps(payload), model="gemini-3.1-pro-preview") if f.code == "GW314"]
    assert [f.severity for f in found] == ["error"]


def test_the_closest_known_model_of_a_typo() -> None:
    assert models.closest("gemini-2.0-flsh") == "gemini-2.0-flash"
    assert models.closest("models/gemini-2.5-flsh-lite") == "gemini-2.5-flash-lite"
    assert models.closest("llama-3") is None


def test_patterns_are_valid_regular_expressions() -> None:
    for p in PROFILES:
        re.compile(p.pattern)


def notices(model: str | None, body: dict[str, Any]) -> list[Any]:
    return [f for f in dialect("gemini").lint_request(json.dumps(body), model=model) if f.code == "GW329"]


def test_an_unknown_model_gets_a_notice_with_the_closest_known_one() -> None:
    (f,) = notices("gemini-2.0-flsh", {"contents": [USER]})
    assert f.severity == "info" and "gemini-2.0-flsh" in f.message and "did you mean gemini-2.0-flash?" in f.hint
    (f,) = notices("llama-3-70b", {"contents": [USER]})
    assert "per-model rules are skipped" in f.hint


def test_the_model_field_is_checked_too_and_the_notice_points_at_it() -> None:
    (f,) = notices(None, {"model": "models/gemini-2.5-flsh", "contents": [USER]})
    assert f.loc == ("model",)


def test_a_known_model_and_its_versions_get_no_notice() -> None:
    for model in ("gemini-2.5-flash", "gemini-2.5-flash-001", "models/gemini-3-pro-preview", "gemini-2.5-flash-preview-09-2025"):
        assert notices(model, {"contents": [USER]}) == [], model


def test_a_fix_that_names_a_model_names_the_user_s_own() -> None:
    found = dialect("gemini").lint_request(json.dumps({"model": "gemini-2.5-flash-preview-tts", "contents": [USER]}))
    (f,) = [f for f in found if f.code == "GW113"]
    assert '"models/gemini-2.5-flash-preview-tts"' in f.hint and "gemini-2.5-flash\"" not in f.hint
