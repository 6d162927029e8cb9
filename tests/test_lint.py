"""Lint, rule by rule: a payload that breaks exactly that rule, and its fix that breaks none."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini_wire import gemini, vertex
from gemini_wire.checks import CHECKS
from gemini_wire.dialects import INTERACTIONS, interactions_dialect
from gemini_wire.positions import locate_all
from gemini_wire.rules import RULES
from gemini_wire.rules.edits import TOOLS, body, gc

G, V = "gemini", "vertex"
# Every rule with a request example (lint's, and the codec's where the example is a request).
EXAMPLES = sorted(code for code, r in RULES.items() if isinstance(r.bad, dict))
LINTED = sorted(CHECKS)
# The same rules on another bound or model: (dialect, model, breaks the rule, the same payload fixed).
VARIANTS: dict[str, tuple[str, str | None, dict[str, Any], dict[str, Any]]] = {
    "GW309-floor": (V, "gemini-2.5-flash", gc(maxOutputTokens=0), gc(maxOutputTokens=1)),
    "GW219-model": (G, "gemini-3-pro-preview", body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"gs://b/{i}.png", "mimeType": "image/png"}} for i in range(901)]}]), body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"gs://b/{i}.png", "mimeType": "image/png"}} for i in range(900)]}])),
    "GW508-model": (G, "gemini-2.5-flash", body(toolConfig={"functionCallingConfig": {"mode": "AUTO"}}), body()),
    "GW326-model": (G, "gemini-2.5-flash", body(tools=TOOLS, generationConfig={"responseMimeType": "application/json"}), body(tools=TOOLS)),
}
# Rules about the named model's limits (their examples name a model): without a model, they warn at most.
MODEL_RULES = sorted(code for code in CHECKS if RULES[code].example_model is not None)


def lint(dialect: str, payload: Any, model: str | None = None) -> list[Any]:
    if dialect in INTERACTIONS:  # an Interactions rule's example names its model in the request
        return interactions_dialect(dialect).lint(json.dumps(payload, indent=2))
    module = gemini if dialect == "gemini" else vertex
    return module.lint_request(json.dumps(payload, indent=2), model=model)


@pytest.mark.parametrize("code", EXAMPLES)
def test_rule_fires_alone_on_its_bad_example(code: str) -> None:
    r = RULES[code]
    assert [f.code for f in lint(r.example_dialect, r.bad, r.example_model)] == [code]


@pytest.mark.parametrize("code", EXAMPLES)
def test_the_good_example_is_clean(code: str) -> None:
    r = RULES[code]
    assert lint(r.example_dialect, r.good, r.example_model) == []


@pytest.mark.parametrize("code", sorted(VARIANTS))
def test_rule_fires_alone_on_its_variant_for_the_named_model(code: str) -> None:
    dialect, model, bad, good = VARIANTS[code]
    assert [f.code for f in lint(dialect, bad, model)] == [code.split("-")[0]]
    assert lint(dialect, good, model) == []


@pytest.mark.parametrize("code", MODEL_RULES)
def test_without_a_model_a_model_rule_is_at_most_a_warning(code: str) -> None:
    r = RULES[code]
    assert r.example_model is not None
    assert all(f.severity != "error" for f in lint(r.example_dialect, r.bad) if f.code == code)


def test_the_model_field_of_the_request_names_the_model() -> None:
    r = RULES["GW309"]
    assert [f.code for f in lint(r.example_dialect, {**r.bad, "model": f"models/{r.example_model}"})] == ["GW309"]


def test_every_lint_rule_has_a_request_example() -> None:
    assert set(LINTED) <= set(EXAMPLES)


def test_rules_of_one_dialect_do_not_fire_in_the_other() -> None:
    assert RULES["GW206"].dialects == ("vertex",)
    assert lint("gemini", RULES["GW206"].bad) == []


def test_request_larger_than_vertex_takes_is_refused() -> None:
    big = body(contents=[{"role": "user", "parts": [{"text": "x" * (20 * 2**20)}]}])
    assert [f.code for f in lint(V, big)] == ["GW112"]
    assert lint(G, big) == []


def test_candidate_count_zero_is_accepted_by_vertex_only() -> None:
    assert [f.code for f in lint(G, gc(candidateCount=0))] == ["GW321"]
    assert lint(V, gc(candidateCount=0)) == []


@pytest.mark.parametrize("dialect", ["gemini", "vertex"])
@pytest.mark.parametrize(
    ("role", "severity"),
    [("tool", "error"), ("function", "error"), ("bot", "error"), ("system", "warning"), ("assistant", "warning"),
     ("developer", "warning"), ("USER", "warning"), ("Model", "warning"), ("model", None)],
)
def test_a_role_the_server_names_valid_is_a_warning_and_any_other_an_error(dialect: str, role: str, severity: str | None) -> None:
    # GW205: the refusals of 2026 name system, assistant, developer, ... valid, and refuse tool and function.
    payload = body(contents=[{"role": "user", "parts": [{"text": "Hi"}]}, {"role": role, "parts": [{"text": "Sunny."}]}])
    found = [(f.code, f.severity) for f in lint(dialect, payload)]
    assert found == ([("GW205", severity)] if severity else [])


@pytest.mark.parametrize(
    ("model", "role", "severity"),
    [
        ("gemini-2.5-flash", "function", "warning"),  # HTTP 200, 2026-04-02 (ruby_llm's cassette)
        ("models/gemini-2.5-flash", "tool", "warning"),  # HTTP 200, 2025-12 (louter's test data)
        ("gemini-1.5-pro-002", "function", "warning"),  # Google's 2024 function-calling example
        ("gemini-pro", "function", "warning"),
        ("gemini-3.7-flash", "function", "error"),  # 400 "Role 'function' is not supported", 2026-08
        ("gemini-3-pro-preview", "tool", "error"),
        (None, "function", "error"),
        ("gemini-2.5-flash", "bot", "error"),
        ("gemini-20-flash", "function", "error"),
    ],
)
def test_a_function_role_is_a_warning_only_on_the_models_before_gemini_3(model: str | None, role: str, severity: str) -> None:
    payload = body(contents=[{"role": "user", "parts": [{"text": "Hi"}]}, {"role": role, "parts": [{"text": "Sunny."}]}])
    assert [(f.code, f.severity) for f in lint("gemini", payload, model) if f.code == "GW205"] == [("GW205", severity)]


@pytest.mark.parametrize(
    ("dialect", "model", "image", "expected"),
    [
        ("vertex", None, {"aspectRatio": "4:1", "imageSize": "512"}, []),  # Gemini 3.1 Flash Image's (2026-02)
        ("gemini", "gemini-3.1-flash-image-preview", {"aspectRatio": "1:8"}, []),
        ("vertex", "gemini-3-pro-image-preview", {"aspectRatio": "8:1"}, [("GW324", "warning")]),  # documented unsupported
        ("vertex", "gemini-2.5-flash-image", {"aspectRatio": "16:9", "imageSize": "512"}, [("GW324", "warning")]),
        ("vertex", None, {"aspectRatio": "3:1"}, [("GW324", "error")]),
        ("vertex", None, {"aspectRatio": "16:9", "imageSize": "3K"}, [("GW324", "error")]),
    ],
)
def test_the_image_values_of_gemini_3_1_flash_image_are_taken_and_warned_of_on_older_image_models(
    dialect: str, model: str | None, image: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert [(f.code, f.severity) for f in lint(dialect, gc(imageConfig=image), model)] == expected


def declarations_in(*sizes: int) -> dict[str, Any]:
    return body(tools=[{"functionDeclarations": [{"name": f"t{t}_f{i}"} for i in range(n)]} for t, n in enumerate(sizes)])


@pytest.mark.parametrize(
    ("dialect", "sizes", "expected"),
    [
        ("gemini", (512,), []),
        ("gemini", (513,), [("GW503", "error", "tools[0].functionDeclarations[512]")]),  # "At most 512 ..."
        ("vertex", (600, 10), [("GW503", "error", "tools[0].functionDeclarations[512]")]),
        ("vertex", (129,), [("GW503", "warning", "tools[0].functionDeclarations[128]")]),  # Vertex AI's docs: 128
        ("vertex", (128,), []),
        ("gemini", (300, 300), [("GW503", "warning", "tools[1].functionDeclarations[212]")]),
        ("gemini", (300,), []),
    ],
)
def test_the_server_refuses_more_than_512_declarations_in_a_tool(dialect: str, sizes: tuple[int, ...], expected: list[Any]) -> None:
    assert [(f.code, f.severity, f.path) for f in lint(dialect, declarations_in(*sizes))] == expected


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ({"type": "INTEGER", "format": "enum", "enum": ["101", "201"]}, "warning"),  # Google's reference example
        ({"type": "NUMBER", "format": "enum", "enum": ["1.5"]}, "warning"),
        ({"type": "INTEGER", "enum": ["101"]}, "error"),
        ({"type": "BOOLEAN", "format": "enum", "enum": ["true"]}, "error"),
    ],
)
def test_an_enum_beside_format_enum_on_a_number_is_a_warning(node: dict[str, Any], expected: str) -> None:
    payload = body(generationConfig={"responseMimeType": "application/json", "responseSchema": node})
    assert [(f.code, f.severity) for f in lint("gemini", payload)] == [("GW404", expected)]


def test_finding_points_at_the_offending_key_in_the_text() -> None:
    text = '{\n  "contents": [{"role": "user", "parts": [{"text": "x"}]}],\n  "generation_config": {"stop_sequences": [""]}\n}'
    (f,) = gemini.lint_request(text)
    assert (f.code, f.path, f.line, f.column) == ("GW308", "generation_config.stop_sequences[0]", 3, 44)


def test_missing_field_points_at_its_parent() -> None:
    text = '{"contents": [{"parts": [{"text": "x"}]}]}'
    (f,) = vertex.lint_request(text)
    assert (f.code, f.path, f.line, f.column) == ("GW206", "contents[0].role", 1, 15)


@given(st.binary(max_size=200))
def test_lint_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    for module in (gemini, vertex):
        for f in module.lint_request(data) + module.lint_response(data):
            assert f.code in RULES


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["contents", "parts", "text", "role", "generationConfig", "tools", "x", "candidates", "content"]) | st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)


@given(JSON)
def test_lint_never_raises_on_arbitrary_json_and_every_path_resolves(value: Any) -> None:
    text = json.dumps(value, indent=1)
    for module in (gemini, vertex):
        for f in module.lint_request(text) + module.lint_response(text):
            assert f.code in RULES
            if f.code == "GW100":
                continue  # a syntax error is placed where the parser stopped, not at a path
            where = locate_all(text, [f.loc]).get(f.loc)
            assert where is not None and (f.line, f.column) == where[:2]


@pytest.mark.parametrize("code", EXAMPLES)
def test_each_finding_path_resolves_to_its_line_and_column(code: str) -> None:
    r = RULES[code]
    text = json.dumps(r.bad, indent=2)
    for f in lint(r.example_dialect, r.bad):
        resolved = locate_all(text, [f.loc]).get(f.loc)
        assert resolved is not None
        assert (f.line, f.column) == resolved[:2]
        # The path names something in the payload, down to its last existing segment.
        assert resolved[2] == f.loc[: len(resolved[2])]


def test_lint_of_a_valid_response_is_clean() -> None:
    assert gemini.lint_response(msgspec.json.encode({"candidates": [{"content": {"role": "model", "parts": [{"text": "hi"}]}}]})) == []


@pytest.mark.parametrize("dialect", [G, V])
def test_generated_valid_requests_give_no_error(dialect: str) -> None:
    from gemini_wire import strategies

    module = gemini if dialect == G else vertex

    @given(strategies.payloads(dialect, "GenerateContentRequest"))  # type: ignore[arg-type]
    def check(payload: dict[str, Any]) -> None:
        errors = [f for f in module.lint_request(msgspec.json.encode(payload)) if f.severity == "error"]
        assert errors == []

    check()


def test_ref_inside_data_is_not_a_schema_node() -> None:
    # "$ref" beside "type" inside a default value is data, not a schema with $ref siblings.
    payload = gc(responseMimeType="application/json", responseJsonSchema={"type": "object", "default": {"$ref": "x", "type": "y"}})
    assert lint(G, payload) == []
