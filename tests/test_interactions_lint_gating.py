"""Lint of an Interactions request skips the checks whose fields it lacks (or whose facts of the
steps, from the census's one walk of them), whose model they do not concern, or whose `clean` test
says they find nothing: skipping must never change what it reports."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_wire.checks import interactions as checks
from gemini_wire.checks.schemas import schema_nodes
from gemini_wire.dialects import INTERACTIONS, interactions_dialect
from gemini_wire.rules import RULES
from gemini_wire.rules.interactions import CALL, DEPRECATED, RESULT, TOOL, USER
from gemini_wire.strategies import interactions as ixs

OURS = sorted(code for code in RULES if code.startswith("GW9"))
# Models of every kind the checks tell apart: a gemini-3 (GW911), thinking with and without
# levels, not thinking, unknown (GW910), and a misspelt one.
MODELS = ["gemini-3-flash-preview", "gemini-3-pro-preview", "gemini-2.5-flash", "gemini-2.0-flash", "gemini-3-flsh-preview", "my-model"]
IDS = st.sampled_from(["call_1", "call_2"])


def step() -> st.SearchStrategy[dict[str, Any]]:
    """A step that the checks of the steps read, right or wrong: thoughts signed, unsigned or with
    an empty signature, calls and results whose ids may not match, results with or without a name."""
    signature = st.sampled_from([None, "", "c2ln"])
    return st.one_of(
        st.just(USER),
        st.just({"type": "model_output", "content": [{"type": "text", "text": "Sunny."}]}),
        signature.map(lambda s: {"type": "thought"} if s is None else {"type": "thought", "signature": s}),
        IDS.map(lambda i: {**CALL, "id": i}),
        st.tuples(IDS, st.booleans()).map(lambda t: {**RESULT, "call_id": t[0]} if t[1] else {"type": "function_result", "call_id": t[0], "result": "sunny"}),
    )


def parameters() -> st.SearchStrategy[Any]:
    kinds = st.sampled_from(["string", "text", "object", "null", ["string", "null"], ["string", 1], 7])
    schema = st.builds(lambda k: {"type": "object", "properties": {"city": {"type": k}}}, kinds)
    return schema | st.just({"type": "array"}) | st.just([])


@st.composite
def nasty_requests(draw: st.DrawFn) -> dict[str, Any]:
    """A request to a model or an agent that any GW9xx check may report on (or not)."""
    payload: dict[str, Any] = {"input": draw(st.lists(step(), max_size=8) | st.just("Hello"))}
    if draw(st.booleans()):
        payload["model"] = draw(st.sampled_from(MODELS))
        config = draw(st.fixed_dictionaries({}, optional={"thinking_level": st.sampled_from(["minimal", "low", "high"]), **{path[1]: st.just({} if path[1] == "image_config" else 0.5) for path in DEPRECATED if len(path) == 2}}))
        if config or draw(st.booleans()):
            payload["generation_config"] = config
        if draw(st.booleans()):
            payload["cached_content"] = "cachedContents/abc"
    else:
        payload["agent"] = "deep-research-pro-preview-12-2025"
    optional = {
        "previous_interaction_id": st.just("v1_prev"),
        "store": st.booleans(),
        "response_format": st.just({"type": "text"}),
        "response_mime_type": st.just("application/json"),
        "response_modalities": st.just(["text"]),
        "tools": st.lists(parameters().map(lambda p: {**TOOL, "parameters": p}), min_size=1, max_size=2),
    }
    for key, value in optional.items():
        if draw(st.booleans()):
            payload[key] = draw(value)
    return payload


def same_findings(payload: dict[str, Any], dialect: str = "interactions-v1") -> list[Any]:
    """Lint's findings on the request, which must be what every check run on it without a
    shortcut reports, and for each code alone what that code's check reports among all."""
    req = interactions_dialect(dialect).decode_request(msgspec.json.encode(payload))
    found = checks.lint_request(req)
    assert found == checks.lint_request(req, gated=False)
    for code in {f.code for f in found}:
        assert checks.lint_request(req, {code}) == [f for f in found if f.code == code]
    return found


@pytest.mark.parametrize("dialect", sorted(INTERACTIONS))
@pytest.mark.parametrize("code", OURS)
def test_gating_keeps_the_findings_of_each_rules_examples(code: str, dialect: str) -> None:
    for example in (RULES[code].bad, RULES[code].good):
        body = json.dumps(example).encode()
        if interactions_dialect(dialect).analyze(body, "request")[0] is not None:  # GW901's bad one the codec refuses
            same_findings(example, dialect)


@settings(max_examples=300, deadline=None)
@given(payload=nasty_requests())
def test_gated_lint_reports_what_every_check_reports_on_any_steps(payload: dict[str, Any]) -> None:
    same_findings(payload)


@settings(max_examples=100, deadline=None)
@given(payload=ixs.payloads())
def test_gated_lint_reports_what_every_check_reports_on_valid_requests(payload: dict[str, Any]) -> None:
    same_findings(payload)


def test_the_shared_walk_sees_each_step_rule_that_reports() -> None:
    # One request that each check of the steps reports on: none of their `clean` tests may skip it.
    thought = {"type": "thought"}
    payload = {"model": "gemini-3-flash-preview", "input": [USER, thought, CALL, {**RESULT, "call_id": "call_9"}, {**CALL, "id": "call_2"}, USER, {"type": "function_result", "call_id": "call_2", "result": "x"}]}
    codes = {f.code for f in same_findings(payload)}
    assert {"GW905", "GW906", "GW907", "GW911", "GW912"} <= codes


def present(payload: dict[str, Any]) -> set[str]:
    seen = checks.census(decoded(payload))
    return {name for i, name in enumerate(checks.NAMES) if seen >> i & 1}


def test_a_valid_conversation_runs_no_check_of_its_steps() -> None:
    payload = {"model": "gemini-3-flash-preview", "input": [USER, {"type": "thought", "signature": "c2ln"}, CALL, RESULT, USER]}
    assert present(payload) == {"model"}  # no fact of its steps
    assert [code for code, _, _ in checks.select(checks.census(decoded(payload)), None)] == ["GW910"]


def test_the_census_names_what_the_checks_read() -> None:
    assert set(checks.NAMES) == {name for c in checks.CHECKS.values() for name in c.reads}
    assert {name for name in checks.NAMES if name.startswith("step.")} == {f"step.{fact}" for fact in checks.STEP_FACTS}
    assert present({"model": "gemini-3-flash-preview", "input": "Hi", "generation_config": {"top_p": 0.5}}) == {"model", "generation_config.top_p"}


TYPES = st.sampled_from([*sorted(checks.JSON_SCHEMA_TYPES), "text", "String", 7, None, True])


def schemas() -> st.SearchStrategy[Any]:
    """JSON Schemas with right and wrong types, and what is not a schema object where one may be."""
    kind = TYPES | st.lists(TYPES, max_size=3)
    leaf = st.fixed_dictionaries({}, optional={"type": kind, "description": st.just("type")})

    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        named = st.dictionaries(st.sampled_from(["type", "items", "city"]), inner | st.just(True), max_size=3)
        listed = st.lists(inner | st.just(1), max_size=2)
        return st.fixed_dictionaries(
            {},
            optional={
                "type": kind,
                "items": inner | st.booleans() | st.lists(inner, max_size=2),
                "additionalProperties": inner | st.booleans(),
                "properties": named,
                "$defs": named,
                "anyOf": listed,
                "oneOf": listed,
                "prefixItems": listed,
                "default": inner,  # data, not a schema object
            },
        )

    return st.recursive(leaf, extend, max_leaves=12)


def decoded(payload: dict[str, Any]) -> Any:
    return interactions_dialect("interactions-v1").decode_request(msgspec.json.encode(payload))


@settings(max_examples=500, deadline=None)
@given(schema=schemas() | schemas().map(lambda s: {"type": "object", "properties": {"city": s}}))
def test_gw908_clean_test_takes_only_parameters_the_check_finds_nothing_in(schema: Any) -> None:
    req = decoded({"model": "gemini-3-flash-preview", "input": "Hi", "tools": [TOOL, {**TOOL, "name": "other", "parameters": schema}]})
    ctx = checks.Linted(req, req.model, None)
    if checks.parameters_typed(req, ctx):
        assert list(checks.function_parameters_schema(req, ctx)) == []
        assert not any(checks.wrong_types(node) for _, node in schema_nodes(schema, ()))


def test_gw908_clean_test_takes_the_usual_parameters() -> None:
    for example in (RULES["GW908"].good, {"model": "gemini-3-flash-preview", "input": "Hi", "tools": [{**TOOL, "parameters": {"type": "object", "additionalProperties": False, "$defs": {"d": {"anyOf": [{"type": "string"}, {"type": ["integer", "null"]}]}}}}]}):
        req = decoded(example)
        assert checks.parameters_typed(req, checks.Linted(req, req.model, None))
