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

from gemini_wire import dialect, dialects, models
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
    # GW310: two candidates from 2.5 Flash (test_generate_content.py).
    ("test_2_candidates_gemini_2_5_flash", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-flash",
     {"contents": [USER], "generationConfig": {"candidateCount": 2}}),
    # GW309, GW310, GW311 together (test_generate_content.py).
    ("test_simple_shared_generation_config", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-flash",
     {"contents": [USER], "generationConfig": {"maxOutputTokens": 100, "topK": 2, "temperature": 0.5, "topP": 0.5,
                                               "responseMimeType": "application/json", "stopSequences": ["\n"],
                                               "candidateCount": 2, "seed": 42}}),
    # GW315: penalties on 2.0 Flash, on both APIs (test_generate_content.py).
    ("test_penalty_gemini_2_0_flash", ("gemini-v1", "vertex-v1beta1"), "gemini-2.0-flash-001",
     {"contents": [USER], "generationConfig": {"presencePenalty": 0.5, "frequencyPenalty": 0.5}}),
    # GW313: a budget inside 2.5 Pro's range (test_generate_content_thought.py).
    ("test_thinking_budget", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-pro",
     {"contents": [USER], "generationConfig": {"thinkingConfig": {"includeThoughts": True, "thinkingBudget": 10000}}}),
    # GW508: a calling mode beside declared functions (test_generate_content_tools.py).
    ("test_function_calling_config_validated_mode", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-flash",
     {"contents": [USER], "tools": [{"functionDeclarations": [{"name": "get_weather"}]}],
      "toolConfig": {"functionCallingConfig": {"mode": "VALIDATED"}}}),
    # GW328: an image model asked for images only (test_generate_content_image_generation.py).
    ("test_image_generation_config", ("gemini-v1", "vertex-v1beta1"), "gemini-2.5-flash-image",
     {"contents": [USER], "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": {"aspectRatio": "16:9"}}}),
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


# --------------------------------------------------------------------------- verdicts of issue 20, point 3
# Each pair pins one verdict that the newest evidence in models.toml gives: a request that lints
# clean and one that still errors. /work/wt/evidence20.md names the evidence of each.


def found(model: str | None, payload: dict[str, Any], code: str, name: str = "gemini") -> list[str]:
    return [f.severity for f in dialect(name).lint_request(json.dumps(payload), model=model) if f.code == code]


def config(**values: Any) -> dict[str, Any]:
    return {"contents": [USER], "generationConfig": values}


def test_gemma_3_refuses_json_mode_and_media_resolution_in_the_server_s_words() -> None:
    # "JSON mode is not enabled for models/gemma-3-27b-it"; "Media resolution is not enabled for models/gemma-3-12b-it".
    assert found("gemma-3-27b-it", config(responseMimeType="application/json"), "GW317") == ["error"]
    assert found("gemma-3-12b-it", config(mediaResolution="MEDIA_RESOLUTION_LOW"), "GW317") == ["error"]
    assert found("gemma-4-31b-it", config(responseMimeType="application/json"), "GW317") == []
    p = profile("gemma-3-27b-it")
    assert p is not None and p.firm("json_mode") and p.firm("media_resolution") and not p.firm("thinking")


def test_2_5_flash_image_does_not_think_and_gemini_3_image_models_are_not_flagged() -> None:
    thinking_on = config(thinkingConfig={"includeThoughts": True})
    assert found("gemini-2.5-flash-image", thinking_on, "GW312") == ["error"]
    assert found("gemini-3-pro-image-preview", thinking_on, "GW312") == []


def test_2_5_flash_lite_writes_65536_tokens_and_2_5_flash_on_vertex_65535() -> None:
    assert found("gemini-2.5-flash-lite", config(maxOutputTokens=65536), "GW309") == []
    assert found("gemini-2.5-flash-lite", config(maxOutputTokens=65537), "GW309") == ["error"]
    assert found("gemini-2.5-flash", config(maxOutputTokens=65536), "GW309", "vertex") == ["error"]
    fact = profile("gemini-2.5-flash-lite").facts["max_output_tokens"]  # type: ignore[union-attr]
    assert fact.value == 65536 and fact.was[0].value == 65535


def test_2_5_flash_lite_refuses_json_mode_beside_functions_and_3_1_flash_lite_takes_it() -> None:
    payload = {"contents": [USER], "tools": [{"functionDeclarations": [{"name": "f"}]}],
               "generationConfig": {"responseMimeType": "application/json"}}
    assert found("gemini-2.5-flash-lite", payload, "GW326") == ["error"]
    assert found("gemini-3.1-flash-lite", payload, "GW326") == []


def test_gemini_3_x_returns_one_candidate_on_the_gemini_api() -> None:
    # "Multiple candidates is not enabled for this model" (js-genai 1609, 2026-05-18).
    for model in ("gemini-3.1-flash-lite", "gemini-3-flash-preview", "gemini-3.1-pro-preview"):
        assert found(model, config(candidateCount=2), "GW310") == ["error"], model
        assert found(model, config(candidateCount=1), "GW310") == [], model
    fact = profile("gemini-3-flash-preview").facts["max_candidate_count"]  # type: ignore[union-attr]
    assert fact.quote and fact.date == "2026-05-18" and fact.was[0].source.endswith("genkit/issues/546")


def test_2_5_pro_thinking_budget_from_google_s_page_and_the_refusal_of_zero() -> None:
    assert found("gemini-2.5-pro", config(thinkingConfig={"thinkingBudget": 0}), "GW313") == ["error"]
    assert found("gemini-2.5-pro", config(thinkingConfig={"thinkingBudget": 128}), "GW313") == []
    p = profile("gemini-2.5-pro")
    assert p is not None and p.firm("thinking_budget") and p.firm("thinking_budget_zero")


def test_top_k_above_64_on_2_5_is_refused_by_google_s_page() -> None:
    assert found("gemini-2.5-flash", config(topK=65), "GW311") == ["error"]
    assert found("gemini-2.5-flash", config(topK=64), "GW311") == []


def test_function_calling_config_without_functions_is_refused_by_the_gemini_api_up_to_2_5() -> None:
    # "Function calling config is set without function_declarations." (pydantic-ai 5791, 2026-06-05);
    # Vertex AI and Gemini 3 tolerate it.
    payload = {"contents": [USER], "tools": [{"googleSearch": {}}], "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}}}
    assert found("gemini-2.5-flash", payload, "GW508") == ["error"]
    assert found("gemini-2.5-flash", payload, "GW508", "vertex") == ["warning"]
    assert found("gemini-3-flash-preview", payload, "GW508") == ["warning"]


# A refusal reported without the server's words or a Google page is a warning (walk.weight).
def test_gemma_3_thinking_refused_without_the_server_s_words_is_a_warning() -> None:
    assert found("gemma-3-27b-it", config(thinkingConfig={"thinkingBudget": 128}), "GW312") == ["warning"]


def test_top_k_of_2_0_flash_without_a_quoted_refusal_is_a_warning() -> None:
    assert found("gemini-2.0-flash", config(topK=41), "GW311") == ["warning"]


def test_vertex_ai_took_four_candidates_from_3_1_pro() -> None:
    # python-genai 1723, 2026-04-10: candidate_count 4 on gemini-3.1-pro-preview, Vertex AI.
    assert "error" not in found("gemini-3.1-pro-preview", config(candidateCount=4), "GW310", "vertex")


def test_3_5_flash_lite_refusing_a_zero_budget_is_an_error_since_the_server_s_words_were_recorded() -> None:
    # A warning while only a reproduced 400 was known (python-genai #2936); pydantic/logfire's
    # recorded 400 of 2026-09-09 gives the server's words: the newest evidence wins, the old kept.
    assert found("gemini-3.5-flash-lite", config(thinkingConfig={"thinkingBudget": 0}), "GW313") == ["error"]
    fact = profile("gemini-3.5-flash-lite").facts["thinking_budget_zero"]  # type: ignore[union-attr]
    assert fact.quote and fact.was and fact.was[0].source.endswith("/issues/2936")


def test_a_thinking_level_on_2_5_flash_lite_is_refused_on_generate_content_and_taken_by_interactions() -> None:
    # generateContent: a recorded 400, "Thinking level is not supported for this model." (2026-09-09);
    # the Interactions API took thinking_level "high" for the same model (HTTP 200, 2026-05-13).
    assert found("gemini-2.5-flash-lite", config(thinkingConfig={"thinkingLevel": "LOW"}), "GW314") == ["error"]
    ask = {"model": "gemini-2.5-flash-lite", "input": "hi", "generation_config": {"thinking_level": "high"}}
    codes = [f.code for f in dialects.interactions_dialect("interactions-v1beta").lint(json.dumps(ask).encode(), kind="request")]
    assert "GW909" not in codes


UNFIRM = '''
[[family]]
name = "zz-unfirm"
pattern = 'zz-unfirm-1|zz-{tag}'
models = ["zz-unfirm-1"]
models_source = "a test"
{fact} = {{ value = {value}, source = "https://example.com/a-reported-400" }}
'''

# (rule, fact refused without a quote or a Google page, request that uses it)
UNFIRM_CASES = [
    ("GW309", "max_output_tokens", "100", config(maxOutputTokens=200)),
    ("GW310", "max_candidate_count", "1", config(candidateCount=2)),
    ("GW311", "top_k_max", "40", config(topK=41)),
    ("GW312", "thinking", "false", config(thinkingConfig={"thinkingBudget": 128})),
    ("GW313", "thinking_budget", "[128, 1024]", config(thinkingConfig={"thinkingBudget": 2048})),
    ("GW314", "thinking_levels", '["HIGH"]', config(thinkingConfig={"thinkingLevel": "LOW"})),
    ("GW315", '"penalties.gemini"', "false", config(presencePenalty=0.5)),
    ("GW316", '"logprobs.gemini"', "false", config(responseLogprobs=True)),
    ("GW317", "json_mode", "false", config(responseMimeType="application/json")),
    ("GW326", "json_with_functions", "false",
     {"contents": [USER], "tools": [{"functionDeclarations": [{"name": "f"}]}], "generationConfig": {"responseMimeType": "application/json"}}),
    ("GW327", "json_with_built_in_tools", "false",
     {"contents": [USER], "tools": [{"googleSearch": {}}], "generationConfig": {"responseMimeType": "application/json"}}),
    ("GW328", "output_modalities", '["AUDIO"]', config(responseModalities=["TEXT"])),
]


@pytest.fixture()
def unfirm(monkeypatch: pytest.MonkeyPatch) -> Any:
    def add(fact: str, value: str) -> None:
        # A pattern of its own: lint keeps the checks it selects by pattern (census.Census.select).
        family = UNFIRM.format(fact=fact, value=value, tag=fact.strip('"').replace(".", "-"))
        monkeypatch.setattr(models, "PROFILES", [*models.read(family), *PROFILES])
        profile.cache_clear()

    yield add
    profile.cache_clear()


@pytest.mark.parametrize(("code", "fact", "value", "payload"), [pytest.param(*case, id=case[0]) for case in UNFIRM_CASES])
def test_a_refusal_without_a_quote_or_a_google_page_is_at_most_a_warning(unfirm: Any, code: str, fact: str, value: str, payload: dict[str, Any]) -> None:
    unfirm(fact, value)
    assert found("zz-unfirm-1", payload, code) == ["warning"]
