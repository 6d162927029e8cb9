"""Severity from evidence: an error where the server refuses, per model and API where that differs.

Each test takes its payload from the rule's bad example (its declaration in gemini_wire.rules) and shows
the verdict where the server refuses and where it accepted the same payload.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gemini_wire import gemini, vertex
from gemini_wire.dialects import INTERACTIONS, interactions_dialect
from gemini_wire.rules import RULES
from gemini_wire.rules.edits import ANSWER, CALL, DECL, TOOLS, USER, VIDEO, body, gc


def severities(module: Any, payload: dict[str, Any], code: str, model: str | None = None) -> list[str]:
    if isinstance(module, str):  # an Interactions dialect's name: its requests name their model
        return [f.severity for f in interactions_dialect(module).lint(json.dumps(payload)) if f.code == code]
    return [f.severity for f in module.lint_request(json.dumps(payload), model=model) if f.code == code]


def errors(module: Any, payload: dict[str, Any], model: str | None = None) -> list[str]:
    return [f.code for f in module.lint_request(json.dumps(payload), model=model) if f.severity == "error"]


def test_every_rule_names_its_evidence() -> None:
    assert all(rule.evidence for rule in RULES.values())


def test_every_error_rule_quotes_a_refusal_or_cites_a_reference() -> None:
    # A 400 message in quotes, or the URL of the page (API reference, proto) that says it.
    vague = [r.code for r in RULES.values() if r.severity == "error" and '"' not in r.evidence and "https://" not in r.evidence]
    assert vague == []


# Rules made warnings (on every model): accepted in real traffic, or no refusal known (their records say which).
WARNINGS = sorted(code for code, r in RULES.items() if r.severity == "warning" and not r.escalate and isinstance(r.bad, dict))


@pytest.mark.parametrize("code", WARNINGS)
def test_a_rule_without_evidence_of_refusal_warns(code: str) -> None:
    r = RULES[code]
    module = r.example_dialect if r.example_dialect in INTERACTIONS else gemini if r.example_dialect == "gemini" else vertex
    assert severities(module, r.bad, code) == ["warning"]


def test_an_empty_tool_warns_and_two_kinds_in_one_tool_are_refused_by_vertex() -> None:
    assert severities(vertex, body(tools=[{}]), "GW506") == ["warning"]
    assert severities(vertex, body(tools=[{"codeExecution": {}, "googleSearch": {}}]), "GW506") == ["error"]


def test_vertex_ai_search_with_both_sources_warns() -> None:
    both = body(tools=[{"retrieval": {"vertexAiSearch": {"datastore": "d", "engine": "e"}}}])
    assert severities(vertex, both, "GW514") == ["warning"]


# --------------------------------------------------------------------------- per API and model

PENALTY = gc(presencePenalty=0.5)


def test_penalties_are_refused_by_the_gemini_api_on_2_5() -> None:
    assert severities(gemini, PENALTY, "GW315", "gemini-2.5-flash") == ["error"]
    assert severities(gemini, PENALTY, "GW315", "gemini-2.5-pro") == ["error"]


def test_penalties_are_taken_by_vertex_on_2_5_pro() -> None:
    assert severities(vertex, PENALTY, "GW315", "gemini-2.5-pro") == []


def test_penalties_warn_where_the_api_s_verdict_is_not_known() -> None:
    assert severities(vertex, PENALTY, "GW315", "gemini-2.5-flash") == ["warning"]
    assert severities(gemini, PENALTY, "GW315") == ["warning"]


def test_logprobs_are_taken_by_vertex_on_2_5_flash_and_refused_by_the_gemini_api() -> None:
    # Google's SDK test table: success on Vertex AI, "Logprobs is not enabled for
    # models/gemini-2.5-flash" on the Gemini API; unknown models only warn.
    payload = gc(responseLogprobs=True)
    assert severities(vertex, payload, "GW316", "gemini-2.5-flash") == []
    assert severities(gemini, payload, "GW316", "gemini-2.5-flash") == ["error"]
    assert severities(gemini, payload, "GW316", "gemini-2.5-pro") == ["warning"]


JSON_WITH_FUNCTIONS = body(tools=TOOLS, generationConfig={"responseMimeType": "application/json"})


def test_json_mode_with_functions_is_refused_by_2_5_flash_only() -> None:
    assert severities(gemini, JSON_WITH_FUNCTIONS, "GW326", "gemini-2.5-flash") == ["error"]
    assert severities(gemini, JSON_WITH_FUNCTIONS, "GW326", "gemini-2.0-flash") == []
    assert severities(gemini, JSON_WITH_FUNCTIONS, "GW326", "gemini-3-flash-preview") == []
    assert severities(gemini, JSON_WITH_FUNCTIONS, "GW326") == ["warning"]


JSON_WITH_SEARCH = body(tools=[{"googleSearch": {}}], generationConfig={"responseMimeType": "application/json"})


def test_json_mode_with_built_in_tools_is_refused_by_2_5_and_taken_by_gemini_3() -> None:
    assert severities(gemini, JSON_WITH_SEARCH, "GW327", "gemini-2.5-pro") == ["error"]
    assert severities(vertex, JSON_WITH_SEARCH, "GW327", "gemini-2.5-flash") == ["error"]
    assert severities(gemini, JSON_WITH_SEARCH, "GW327", "gemini-3-pro-preview") == []
    assert severities(gemini, JSON_WITH_SEARCH, "GW327") == ["warning"]


def test_a_tts_model_answers_only_in_audio() -> None:
    tts = "gemini-2.5-flash-preview-tts"
    assert severities(gemini, gc(responseModalities=["TEXT"]), "GW328", tts) == ["error"]
    assert severities(gemini, body(), "GW328", tts) == ["error"]  # no responseModalities: TEXT
    assert severities(gemini, gc(responseModalities=["AUDIO"]), "GW328", tts) == []


def test_a_text_model_does_not_answer_in_audio_and_an_image_model_draws() -> None:
    assert severities(vertex, gc(responseModalities=["AUDIO"]), "GW328", "gemini-2.5-flash") == ["error"]
    assert severities(gemini, gc(responseModalities=["TEXT", "IMAGE"]), "GW328", "gemini-2.5-flash-image") == []
    assert severities(gemini, gc(responseModalities=["AUDIO"]), "GW328") == []  # no model, no verdict


def test_a_request_body_model_naming_a_tts_model_is_accepted() -> None:
    payload = body(model="gemini-2.5-flash-preview-tts", generationConfig={"responseModalities": ["AUDIO"]})
    assert errors(gemini, payload) == []
    assert severities(gemini, payload, "GW113") == ["warning"]


def test_max_output_tokens_of_gemini_3_and_of_an_unknown_model() -> None:
    payload = gc(maxOutputTokens=70000)
    assert severities(gemini, payload, "GW309", "gemini-3-pro-preview") == ["error"]
    assert severities(gemini, payload, "GW309", "gemini-flash-latest") == ["warning"]
    assert severities(gemini, gc(maxOutputTokens=65536), "GW309") == []


def test_function_response_parts_are_refused_where_a_refusal_is_quoted_and_nowhere_else() -> None:
    bad = RULES["GW220"].bad
    for model in ("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-001"):
        assert severities(vertex, bad, "GW220", model) == ["error"], model
    # Accepted (Gemini 3, the computer-use model in Google's SDK tests), or no refusal on record.
    for model in ("gemini-3-pro-preview", "gemini-2.5-computer-use-preview-10-2025", "gemini-1.5-pro", "gemini-2.0-flash-exp"):
        assert severities(vertex, bad, "GW220", model) == [], model


# --------------------------------------------------------------------------- parts and schemas


def test_an_empty_part_is_refused() -> None:
    assert severities(gemini, body(contents=[{"role": "user", "parts": [{}]}]), "GW203") == ["error"]


def test_a_part_with_only_a_thought_signature_is_accepted() -> None:
    thought = {"thought": True, "thoughtSignature": "c2ln"}
    payload = body(contents=[USER, {"role": "model", "parts": [thought, {"text": "Sunny."}]}, USER])
    assert severities(gemini, payload, "GW203") == ["warning"]
    assert errors(gemini, payload) == []


def test_a_part_with_only_video_metadata_is_accepted() -> None:
    payload = body(contents=[{"role": "user", "parts": [{"text": "Explain"}, VIDEO, {"videoMetadata": {"fps": 1}}]}])
    assert errors(gemini, payload, "gemini-2.0-flash") == []


def test_a_part_whose_member_is_unknown_reports_the_unknown_key_only() -> None:
    payload = body(contents=[{"role": "user", "parts": [{"toolCallx": {}}]}])
    assert errors(gemini, payload) == ["GW102"]


def test_a_title_beside_ref_is_accepted_at_the_root_only() -> None:
    defs = {"node": {"type": "object", "properties": {"value": {"type": "string"}}}}
    root = gc(responseMimeType="application/json", responseJsonSchema={"$defs": defs, "$ref": "#/$defs/node", "title": "Node"})
    assert severities(gemini, root, "GW407") == []
    nested = {"type": "object", "properties": {"child": {"$ref": "#/$defs/node", "title": "Child"}}, "$defs": defs}
    assert severities(gemini, gc(responseMimeType="application/json", responseJsonSchema=nested), "GW407") == ["error"]


# --------------------------------------------------------------------------- the conversation

TWO_CALLS = {"role": "model", "parts": [*CALL["parts"], {"functionCall": {"name": "get_time", "args": {}}}]}
TIME_ANSWER = {"role": "user", "parts": [{"functionResponse": {"name": "get_time", "response": {"t": "noon"}}}]}
TOOLS_2 = [{"functionDeclarations": [DECL, {"name": "get_time"}]}]


def test_parallel_calls_may_be_answered_in_separate_user_contents() -> None:
    payload = body(tools=TOOLS_2, contents=[USER, TWO_CALLS, ANSWER, TIME_ANSWER])
    assert errors(gemini, payload) == []


def test_calls_in_consecutive_model_contents_are_answered_together() -> None:
    time_call = {"role": "model", "parts": [{"functionCall": {"name": "get_time", "args": {}}}]}
    answers = {"role": "user", "parts": [*ANSWER["parts"], *TIME_ANSWER["parts"]]}
    payload = body(tools=TOOLS_2, contents=[USER, CALL, time_call, answers])
    assert errors(gemini, payload) == []


def test_fewer_answers_than_parallel_calls_are_refused() -> None:
    payload = body(tools=TOOLS_2, contents=[USER, TWO_CALLS, ANSWER, {"role": "model", "parts": [{"text": "Sunny."}]}])
    assert errors(gemini, payload) == ["GW702"]


def test_a_history_that_starts_with_a_call_is_refused() -> None:
    assert errors(gemini, body(contents=[CALL, ANSWER])) == ["GW704"]


def test_on_gemini_3_parallel_calls_split_over_contents_need_only_the_first_signature() -> None:
    signed = {"role": "model", "parts": [{**CALL["parts"][0], "thoughtSignature": "c2ln"}]}
    unsigned = {"role": "model", "parts": [{"functionCall": {"name": "get_time", "args": {}}}]}
    answers = {"role": "user", "parts": [*ANSWER["parts"], *TIME_ANSWER["parts"]]}
    payload = body(tools=TOOLS_2, contents=[USER, signed, unsigned, answers])
    assert errors(gemini, payload, "gemini-3-flash-preview") == []
    payload = body(tools=TOOLS_2, contents=[USER, unsigned, signed, answers])
    assert errors(gemini, payload, "gemini-3-flash-preview") == ["GW217"]


def test_built_in_tools_beside_functions_are_refused_by_2_x_and_taken_by_gemini_3_on_vertex() -> None:
    payload = body(tools=[{"googleSearch": {}}, *TOOLS])
    assert severities(gemini, payload, "GW509", "gemini-2.5-flash") == ["error"]
    assert severities(vertex, payload, "GW509", "gemini-3-flash-preview") == []
    # On the Gemini API, every model refuses them without toolConfig.includeServerSideToolInvocations
    # (the 2026 message names the flag), and takes them with it.
    assert severities(gemini, payload, "GW509", "gemini-3-flash-preview") == ["error"]
    assert severities(gemini, payload, "GW509") == ["error"]
    flagged = {**payload, "toolConfig": {"includeServerSideToolInvocations": True}}
    assert severities(gemini, flagged, "GW509", "gemini-3-flash-preview") == []
    assert severities(gemini, flagged, "GW509", "gemini-2.5-flash") == []


def test_an_object_schema_without_properties_is_information() -> None:
    bad = RULES["GW405"].bad
    assert severities(gemini, bad, "GW405") == ["info"]
