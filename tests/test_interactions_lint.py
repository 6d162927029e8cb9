"""The Interactions API's lint rules (GW9xx): each on its own examples in both Interactions dialects,
never on a generateContent request, with the codec's refusals they explain, the steps of a chain
replayed in one request, and the model profiles that generateContent's rules read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gemini_wire import gemini, interactions, vertex
from gemini_wire.checks import CHECKS
from gemini_wire.checks import interactions as checks
from gemini_wire.dialects import INTERACTIONS, interactions_dialect
from gemini_wire.positions import locate_all
from gemini_wire.rules import RULES, Rule
from gemini_wire.rules import interactions as interactions_rules
from gemini_wire.rules.interactions import CALL, DEPRECATED, RESULT, THOUGHT, TOOL, USER, request

ROOT = Path(__file__).resolve().parent.parent
OURS = sorted(r.code for r in vars(interactions_rules).values() if isinstance(r, Rule))  # GW9xx: requests


def lint(payload: Any, dialect: str = "interactions-v1", **options: Any) -> list[Any]:
    return interactions_dialect(dialect).lint(json.dumps(payload, indent=2), **options)


def codes(payload: Any, **options: Any) -> list[str]:
    return [f.code for f in lint(payload, **options)]


def test_the_interactions_rules_are_the_gw9_area_and_each_has_one_check() -> None:
    assert OURS == sorted(code for code in RULES if code.startswith("GW9"))
    assert sorted(checks.CHECKS) == [code for code in OURS if code != "GW901"]  # GW901 explains a refusal of the codec
    assert not set(OURS) & set(CHECKS)  # generateContent's lint pass never runs them
    assert all(RULES[code].example_dialect in INTERACTIONS for code in OURS)


def test_rule_names_are_unique_across_the_catalog() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("dialect", sorted(INTERACTIONS))
@pytest.mark.parametrize("code", OURS)
def test_each_rule_fires_alone_on_its_bad_example_and_not_on_its_good_one(code: str, dialect: str) -> None:
    r = RULES[code]
    assert [f.code for f in lint(r.bad, dialect)] == [code]
    assert lint(r.good, dialect) == []


@pytest.mark.parametrize("code", OURS)
def test_an_interactions_example_gives_no_gw9_finding_as_a_generate_content_request(code: str) -> None:
    for module in (gemini, vertex):
        found = module.lint_request(json.dumps(RULES[code].bad))
        assert found and not [f for f in found if f.code.startswith("GW9")]


@pytest.mark.parametrize("code", OURS)
def test_each_finding_points_at_its_place_in_the_text(code: str) -> None:
    text = json.dumps(RULES[code].bad, indent=2)
    for f in interactions.lint(text):
        where = locate_all(text, [f.loc]).get(f.loc)
        assert where is not None and (f.line, f.column) == where[:2]


def test_the_deprecated_fields_are_those_the_spec_marks() -> None:
    spec = json.loads((ROOT / "codegen" / "upstream" / "interactions.json").read_text(encoding="utf-8"))["schemas"]
    marked = {
        (*prefix, name)
        for schema, prefix in (("CreateModelInteraction", ()), ("CreateAgentInteraction", ()), ("GenerationConfig", ("generation_config",)))
        for name, field in spec[schema]["properties"].items()
        if field.get("deprecated")
    }
    assert set(DEPRECATED) == marked


# --------------------------------------------------------------------------- selection


def test_only_the_selected_rules_run() -> None:
    payload = request(previous_interaction_id="v1_prev", store=False, response_modalities=["text"])
    assert sorted(codes(payload)) == ["GW903", "GW904"]
    assert codes(payload, selected={"GW904"}) == ["GW904"]
    assert codes(payload, selected=set()) == []


def test_the_command_line_honours_select_and_ignore(tmp_path: Path, capsys: Any) -> None:
    from gemini_wire.cli import main

    path = tmp_path / "request.json"
    path.write_text(json.dumps(request(previous_interaction_id="v1_prev", store=False, response_modalities=["text"])))
    for options, expected in ((["--ignore", "GW903"], ["GW904"]), (["--select", "GW90"], ["GW903", "GW904"]), (["--ignore", "GW9"], [])):
        main(["lint", "--format", "json", "--dialect", "interactions-v1", *options, str(path)])
        assert sorted(f["code"] for f in json.loads(capsys.readouterr().out)) == expected, options


def test_the_rules_command_lists_them_with_their_api(capsys: Any) -> None:
    from gemini_wire.cli import main

    assert main(["rules", "GW904"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GW904 chain-not-stored (warning)\n") and "    dialects: interactions\n" in out
    assert "(interactions-v1)" in out  # the dialect its examples are linted in


# --------------------------------------------------------------------------- agent and model


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        ({"agent": "deep-research-pro-preview-12-2025", "input": "x", "cached_content": "cachedContents/c"}, "cached_content"),
        ({"agent": "deep-research-pro-preview-12-2025", "input": "x", "generation_config": {}}, "generation_config"),
        ({"model": "gemini-3-flash-preview", "input": "x", "agent_config": {"type": "dynamic"}}, "agent_config"),
    ],
)
def test_a_models_key_beside_an_agent_is_told_so_instead_of_unknown(payload: dict[str, Any], key: str) -> None:
    (f,) = lint(payload)
    assert (f.code, f.loc, f.severity) == ("GW901", (key,), "error")
    # Without GW901, the codec's own refusal stands.
    (f,) = lint(payload, selected={"GW102"})
    assert (f.code, f.loc) == ("GW102", (key,))


def test_a_model_and_an_agent_together_stay_the_codecs_oneof_conflict() -> None:
    assert codes({"model": "gemini-3-flash-preview", "agent": "deep-research-pro-preview-12-2025", "input": "x"}) == ["GW104"]


@pytest.mark.parametrize("path", [("generation_config", "presence_penalty"), ("frequency_penalty",)])
def test_a_penalty_is_refused_with_the_reason(path: tuple[str, ...]) -> None:
    payload: dict[str, Any] = request()
    holder = payload.setdefault(path[0], {}) if len(path) == 2 else payload
    holder[path[-1]] = 0.5
    (f,) = lint(payload)
    assert (f.code, f.loc, f.severity) == ("GW102", path, "error")
    assert "no penalties" in f.hint


# --------------------------------------------------------------------------- response_format and deprecations


def test_response_format_beside_both_deprecated_fields_gives_one_warning_each() -> None:
    payload = request(response_format={"type": "text"}, response_mime_type="text/plain", response_modalities=["text"])
    assert [(f.code, f.loc) for f in lint(payload)] == [("GW902", ("response_mime_type",)), ("GW902", ("response_modalities",))]


def test_a_deprecated_sampling_setting_is_information() -> None:
    found = lint(request(generation_config={"temperature": 0.2, "top_p": 0.9}))
    assert [(f.code, f.loc, f.severity) for f in found] == [
        ("GW903", ("generation_config", "temperature"), "info"),
        ("GW903", ("generation_config", "top_p"), "info"),
    ]


# --------------------------------------------------------------------------- the chain


@pytest.mark.parametrize("store", [True, None])
def test_a_stored_continuation_is_clean(store: bool | None) -> None:
    payload = request(previous_interaction_id="v1_prev", **({} if store is None else {"store": store}))
    assert lint(payload) == []


def test_store_false_without_a_chain_is_clean() -> None:
    assert lint(request(store=False)) == []


def test_a_result_continuing_a_stored_interaction_needs_no_call_in_input() -> None:
    assert lint(request(previous_interaction_id="v1_prev", input=[RESULT], tools=[TOOL])) == []


def test_a_result_before_its_call_answers_nothing() -> None:
    found = lint(request(input=[USER, RESULT, THOUGHT, CALL], tools=[TOOL]))
    assert [(f.code, f.loc) for f in found] == [("GW905", ("input", 1, "call_id"))]


def test_parallel_calls_are_answered_in_any_order() -> None:
    second = {**CALL, "id": "call_2"}
    answers = [{**RESULT, "call_id": "call_2"}, RESULT]
    assert lint(request(input=[USER, THOUGHT, CALL, second, *answers, USER], tools=[TOOL])) == []


def test_each_call_left_open_before_the_user_speaks_again_is_named() -> None:
    second = {**CALL, "id": "call_2"}
    found = lint(request(input=[USER, THOUGHT, CALL, second, RESULT, USER], tools=[TOOL]))
    assert [(f.code, f.loc) for f in found] == [("GW906", ("input", 3))]


def test_a_call_at_the_end_of_input_waits_for_its_result() -> None:
    assert lint(request(input=[USER, THOUGHT, CALL], tools=[TOOL])) == []


@pytest.mark.parametrize("thought", [{"type": "thought"}, {"type": "thought", "signature": ""}])
def test_an_unsigned_thought_before_a_call_is_refused(thought: dict[str, Any]) -> None:
    found = lint(request(input=[USER, thought, CALL, RESULT], tools=[TOOL]))
    assert [(f.code, f.loc, f.severity) for f in found] == [("GW907", ("input", 1), "error")]


def test_an_unsigned_thought_without_a_call_in_its_turn_is_clean() -> None:
    unsigned = {"type": "thought", "summary": [{"type": "text", "text": "Greet."}]}
    answer = {"type": "model_output", "content": [{"type": "text", "text": "Hi!"}]}
    assert lint(request(input=[USER, unsigned, answer, USER, THOUGHT, CALL, RESULT], tools=[TOOL])) == []


def test_on_gemini_3_each_round_of_calls_replays_its_signed_thought() -> None:
    second = {**CALL, "id": "call_2"}
    found = lint(request(input=[USER, THOUGHT, CALL, RESULT, second, {**RESULT, "call_id": "call_2"}], tools=[TOOL]))
    assert [(f.code, f.loc, f.severity) for f in found] == [("GW911", ("input", 4), "warning")]


def test_unsigned_calls_are_not_judged_before_gemini_3_nor_in_a_stored_chain() -> None:
    assert lint(request(model="gemini-2.5-flash", input=[USER, CALL, RESULT], tools=[TOOL])) == []
    assert lint(request(previous_interaction_id="v1_prev", input=[USER, CALL, RESULT], tools=[TOOL])) == []


def test_a_result_without_a_name_is_told_the_name_of_its_call() -> None:
    unnamed = {k: v for k, v in RESULT.items() if k != "name"}
    (f,) = lint(request(input=[USER, THOUGHT, CALL, unnamed], tools=[TOOL]))
    assert (f.code, f.loc, f.severity) == ("GW912", ("input", 3), "warning")
    assert f.hint.startswith('add "name": "get_weather"')


# --------------------------------------------------------------------------- tools


@pytest.mark.parametrize(
    ("parameters", "loc"),
    [
        ({"type": "string"}, ("tools", 0, "parameters")),
        ([{"type": "string"}], ("tools", 0, "parameters")),
        ({"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "str"}}}}, ("tools", 0, "parameters", "properties", "tags", "items", "type")),
        ({"type": "object", "properties": {"n": {"type": ["integer", "none"]}}}, ("tools", 0, "parameters", "properties", "n", "type")),
    ],
)
def test_parameters_must_be_an_object_schema_of_json_schema_types(parameters: Any, loc: tuple[Any, ...]) -> None:
    found = lint(request(tools=[{**TOOL, "parameters": parameters}]))
    assert [(f.code, f.loc) for f in found] == [("GW908", loc)]


def test_parameters_may_leave_type_out_and_use_type_lists() -> None:
    schema = {"properties": {"n": {"type": ["integer", "null"]}, "when": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}
    assert lint(request(tools=[{**TOOL, "parameters": schema}, {"type": "google_search"}])) == []


# --------------------------------------------------------------------------- the model profiles


def test_thinking_level_is_refused_by_a_model_that_does_not_think() -> None:
    found = lint(request(model="gemini-2.0-flash", generation_config={"thinking_level": "low"}))
    assert [(f.code, f.severity) for f in found] == [("GW909", "error")]


def test_thinking_levels_are_read_in_any_case_and_unknown_models_are_not_judged() -> None:
    assert lint(request(model="gemini-3-pro-preview", generation_config={"thinking_level": "high"})) == []
    assert codes(request(model="gemini-9-ultra", generation_config={"thinking_level": "xhigh"})) == ["GW910"]


def test_an_unknown_model_is_told_the_nearest_known_name() -> None:
    (f,) = lint(RULES["GW910"].bad)
    assert (f.severity, f.loc) == ("info", ("model",))
    assert f.hint.startswith("did you mean gemini-3-flash-preview?")


def test_an_agent_request_is_not_judged_by_a_model_profile() -> None:
    assert lint({"agent": "deep-research-pro-preview-12-2025", "input": "x", "agent_config": {"type": "deep-research"}}) == []


# --------------------------------------------------------------------------- one pass


def test_a_request_refused_only_for_unknown_keys_is_read_by_the_rules_too() -> None:
    # One pass shows every problem: the rules read the request without the refused key, so that
    # fixing the key brings nothing new to light, and each finding keeps its place.
    payload = request(store=False, previous_interaction_id="v1_x", generation_config={"presence_penalty": 0.5})
    found = lint(payload)
    assert [(f.code, f.path) for f in found] == [("GW904", "store"), ("GW102", "generation_config.presence_penalty")]
    assert [f.line for f in found] == [f.line for f in lint(request(store=False, previous_interaction_id="v1_x"))] + [found[1].line]
    fixed = request(store=False, previous_interaction_id="v1_x", generation_config={})
    assert [f.code for f in lint(fixed)] == ["GW904"]
    # An agent's model key (GW901, told from GW102) is left out the same way.
    agent = {"agent": "deep-research-pro-preview-12-2025", "input": "hi", "generation_config": {}, "store": False, "previous_interaction_id": "v1_x"}
    assert [(f.code, f.path) for f in lint(agent)] == [("GW901", "generation_config"), ("GW904", "store")]


def test_a_request_refused_for_anything_else_is_not_read_by_the_rules() -> None:
    # A wrong type may be what a rule reads: the rules see only what the codec takes.
    payload = request(store="no", previous_interaction_id="v1_x", generation_config={"presence_penalty": 0.5})
    assert {f.code for f in lint(payload)} <= {"GW101", "GW102"}


# Any JSON value where the codec takes free JSON (a tool's parameters, a call's arguments, a
# result), keyed by the names the rules read, so that the checks meet what they look for.
FREE_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["type", "properties", "items", "anyOf", "$defs", "required", "name", "x"]), inner, max_size=4),
    max_leaves=12,
)


# A tool's parameters: any JSON, or an object schema whose properties hold any JSON where
# JSON Schema puts its keywords.
PARAMETERS = FREE_JSON | st.builds(
    lambda properties: {"type": "object", "properties": properties},
    st.dictionaries(st.text(max_size=3), st.dictionaries(st.sampled_from(["type", "items", "anyOf", "properties"]), FREE_JSON, max_size=2), max_size=3),
)


@given(
    parameters=PARAMETERS,
    arguments=st.dictionaries(st.text(max_size=3), FREE_JSON, max_size=3),
    result=st.text(max_size=4) | st.dictionaries(st.text(max_size=3), FREE_JSON, max_size=2),
    signature=st.text(max_size=4),
    name=st.text(max_size=3),
)
@example(parameters={"type": "object", "properties": {"a": {"type": {"x": 1}}}}, arguments={}, result="ok", signature="c2ln", name="f")
@example(parameters={"type": "object", "properties": {"a": {"type": [["y"]]}}}, arguments={}, result="ok", signature="c2ln", name="f")
def test_the_rules_never_raise_on_what_the_codec_takes(parameters: Any, arguments: Any, result: Any, signature: str, name: str) -> None:
    payload = {
        "model": "gemini-3-flash-preview",
        "input": [
            {"type": "user_input", "content": [{"type": "text", "text": "hi"}]},
            {"type": "thought", "signature": signature},
            {"type": "function_call", "id": "c1", "name": name, "arguments": arguments},
            {"type": "function_result", "call_id": "c1", "name": "f", "result": result},
        ],
        "tools": [{"type": "function", "name": "f", "parameters": parameters}],
    }
    for dialect in INTERACTIONS:
        found = lint(payload, dialect)  # a finding for what is wrong, never an exception
        assert all(f.code in RULES and f.line is not None for f in found)
