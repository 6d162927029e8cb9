"""The Interactions API's strategies: create calls and Interactions valid by construction.

Each property runs on the suite's derandomized budget (tests/conftest.py, profile `ci`); the
coverage tests stop at the first example that shows all they look for, or after COVERAGE_EXAMPLES.
"""

from __future__ import annotations

import contextlib
from typing import Any

import msgspec
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.errors import NoSuchExample

from gemini_wire import dialects, strategies
from gemini_wire import interactions as ix
from gemini_wire.strategies import interactions as ixs

DIALECTS = list(dialects.INTERACTIONS)
COVERAGE_EXAMPLES = 1000  # at most; derandomized, so each run looks at the same examples (a field
# that 1 request in 36 carries, `response_modalities`, needs more than 300 on some seeds)
BUDGET = settings(max_examples=COVERAGE_EXAMPLES, database=None, phases=[Phase.generate])
DEPRECATED = {"response_mime_type", "response_modalities"}


def errors(payload: dict[str, Any], dialect: str, kind: str) -> list[str]:
    found = dialects.interactions_dialect(dialect).lint(msgspec.json.encode(payload), kind=kind)
    return [f"{f.code} {f.message}" for f in found if f.severity == "error"]


def appears(strategy: Any, seen: set[str], wanted: set[str], collect: Any) -> None:
    """Draw from `strategy` until `collect` has shown every name in `wanted` (or the budget ends)."""

    def done(value: Any) -> bool:
        seen.update(collect(value))
        return wanted <= seen

    with contextlib.suppress(NoSuchExample):
        find(strategy, done, settings=BUDGET)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_requests_decode_and_have_no_lint_error(dialect: str) -> None:
    d = dialects.interactions_dialect(dialect)

    @given(strategies.payloads(dialect))
    def check(payload: dict[str, Any]) -> None:
        d.decode_request(msgspec.json.encode(payload))
        assert errors(payload, dialect, "request") == []

    check()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_interactions_decode_and_have_no_lint_error(dialect: str) -> None:
    d = dialects.interactions_dialect(dialect)

    @given(strategies.payloads(dialect, "Interaction"))
    def check(payload: dict[str, Any]) -> None:
        d.decode_response(msgspec.json.encode(payload))
        assert errors(payload, dialect, "response") == []

    check()


@given(ixs.request_payloads())
def test_a_generated_request_is_canonical_so_decode_then_encode_is_identity(payload: dict[str, Any]) -> None:
    body = msgspec.json.encode(payload)
    assert msgspec.json.decode(ix.encode(ix.decode_request(body))) == payload


@given(ixs.interaction_payloads())
def test_a_generated_interaction_decode_then_encode_is_identity(payload: dict[str, Any]) -> None:
    body = msgspec.json.encode(payload)
    assert msgspec.json.decode(ix.encode(ix.decode_response(body))) == payload


@given(ixs.request_payloads())
def test_a_request_names_a_model_or_an_agent_never_both(payload: dict[str, Any]) -> None:
    assert ("model" in payload) != ("agent" in payload)
    if "agent" in payload:
        assert not {"generation_config", "cached_content", "tools"} & set(payload)
    else:
        assert "agent_config" not in payload


@given(ixs.request_payloads())
def test_response_format_never_comes_with_the_deprecated_fields(payload: dict[str, Any]) -> None:
    assert not ("response_format" in payload and DEPRECATED & set(payload))


@given(ixs.request_payloads())
def test_a_chain_or_background_call_is_never_unstored(payload: dict[str, Any]) -> None:
    if payload.get("store") is False:
        assert "previous_interaction_id" not in payload and "background" not in payload


@given(ixs.request_payloads())
def test_every_function_result_answers_an_earlier_call_of_a_declared_function(payload: dict[str, Any]) -> None:
    steps = payload["input"] if isinstance(payload.get("input"), list) else []
    declared = {t["name"] for t in payload.get("tools", []) if t["type"] == "function"}
    calls: dict[str, str] = {}
    for step in steps:
        if step.get("type") == "function_call":
            assert step["name"] in declared
            calls[step["id"]] = step["name"]
        elif step.get("type") == "function_result":
            assert calls.pop(step["call_id"]) == step["name"]
        elif step.get("type") == "user_input":
            assert calls == {}, "a call left unanswered before the user's next turn"


@given(ixs.request_payloads())
def test_tool_parameters_are_an_object_schema_whose_required_are_its_properties(payload: dict[str, Any]) -> None:
    for tool in payload.get("tools", []):
        if tool["type"] == "function":
            schema = tool["parameters"]
            assert schema["type"] == "object"
            assert set(schema.get("required", [])) <= set(schema["properties"])


@given(ixs.interaction_payloads())
def test_an_interactions_usage_total_is_the_sum_of_its_parts(payload: dict[str, Any]) -> None:
    if "usage" in payload:
        u = payload["usage"]
        assert u["total_tokens"] == u["total_input_tokens"] + u["total_output_tokens"] + u["total_thought_tokens"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_requests_and_responses_give_the_dialects_structs(dialect: str) -> None:
    @settings(max_examples=10)
    @given(strategies.requests(dialect), strategies.responses(dialect))
    def check(request: Any, response: Any) -> None:
        assert isinstance(request, ix.CreateModelInteraction | ix.CreateAgentInteraction)
        assert isinstance(response, ix.Interaction)

    check()


def test_every_input_form_and_step_kind_of_a_conversation_can_appear() -> None:
    def forms(payload: dict[str, Any]) -> set[str]:
        value = payload["input"]
        if isinstance(value, str):
            return {"string"}
        if isinstance(value, dict):
            return {"content"}
        return {"steps", *(s["type"] for s in value)} if "content" in value[0] else {"contents"}

    wanted = {"string", "content", "contents", "steps", "user_input", "model_output", "thought", "function_call", "function_result"}
    seen: set[str] = set()
    appears(ixs.request_payloads(), seen, wanted, forms)
    assert wanted - seen == set()


def test_every_request_field_the_strategy_composes_can_appear() -> None:
    wanted = {
        "model", "agent", "agent_config", "input", "tools", "generation_config", "response_format",
        *DEPRECATED, "store", "stream", "background", "previous_interaction_id", "system_instruction",
        "labels", "service_tier", "safety_settings",
    }  # fmt: skip
    seen: set[str] = set()
    appears(ixs.request_payloads(), seen, wanted, set)
    assert wanted - seen == set()


def test_a_tool_of_each_kind_and_each_thinking_level_can_appear() -> None:
    def kinds(payload: dict[str, Any]) -> set[str]:
        level = payload.get("generation_config", {}).get("thinking_level")
        return {t["type"] for t in payload.get("tools", [])} | ({f"thinking:{level}"} if level else set())

    wanted = {"function", "google_search", "code_execution", "url_context"}
    wanted |= {f"thinking:{v.value}" for v in ix.ThinkingLevel if v.value != "xhigh"}  # no profile takes xhigh yet
    seen: set[str] = set()
    appears(ixs.request_payloads(), seen, wanted, kinds)
    assert wanted - seen == set()


def test_every_interaction_status_can_appear() -> None:
    wanted = {v.value for v in ix.InteractionStatus}
    seen: set[str] = set()
    appears(ixs.interaction_payloads(), seen, wanted, lambda p: {p["status"]})
    assert wanted - seen == set()


def test_payloads_of_an_interactions_dialect_refuse_a_message_they_do_not_make() -> None:
    with pytest.raises(ValueError, match="not 'Usage'"):
        strategies.payloads("interactions-v1", "Usage")
