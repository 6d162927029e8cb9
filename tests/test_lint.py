"""Lint, rule by rule: a payload that breaks exactly that rule, and its fix that breaks none."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini_wire import gemini, vertex
from gemini_wire.lint import CHECKS
from gemini_wire.positions import locate
from gemini_wire.rules import RULES

USER = {"role": "user", "parts": [{"text": "What is the weather in Paris?"}]}
CALL = {"role": "model", "parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}]}
ANSWER = {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp": 21}}}]}
DECL = {"name": "get_weather", "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]}}
TOOLS = [{"functionDeclarations": [DECL]}]
VIDEO = {"fileData": {"fileUri": "gs://b/v.mp4", "mimeType": "video/mp4"}}


def body(**fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"contents": [USER]}
    out.update(fields)
    return out


def gc(**fields: Any) -> dict[str, Any]:
    return body(generationConfig=fields)


def schema(s: dict[str, Any]) -> dict[str, Any]:
    return gc(responseMimeType="application/json", responseSchema=s)


G, V = "gemini", "vertex"
# code: (dialect, breaks the rule, the same payload fixed)
CASES: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "GW102": (G, body(temperature=0.5), gc(temperature=0.5)),
    "GW104": (G, body(contents=[{"role": "user", "parts": [{"text": "a", **VIDEO}]}]), body(contents=[{"role": "user", "parts": [{"text": "a"}, VIDEO]}])),
    "GW105": (G, body(safetySettings=[{"category": "HARM_CATEGORY_HATE", "threshold": "BLOCK_NONE"}]), body(safetySettings=[{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_NONE"}])),
    "GW107": (G, body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": {"seconds": 5}}}]}]), body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "5s"}}]}])),
    "GW201": (G, body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 25}}]}]), body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 24}}]}])),
    "GW203": (G, body(contents=[{"role": "user", "parts": [{}]}]), body()),
    "GW204": (G, {"systemInstruction": {"parts": [{"text": "Be brief."}]}}, body(systemInstruction={"parts": [{"text": "Be brief."}]})),
    "GW205": (G, body(contents=[USER, {"role": "assistant", "parts": [{"text": "Sunny."}]}]), body(contents=[USER, {"role": "model", "parts": [{"text": "Sunny."}]}])),
    "GW206": (V, body(contents=[{"parts": [{"text": "Hi"}]}]), body(contents=[{"role": "user", "parts": [{"text": "Hi"}]}])),
    "GW207": (G, body(contents=[USER, {"role": "model", "parts": []}, USER]), body(contents=[USER, {"role": "model", "parts": [{"text": "Sunny."}]}, USER])),
    "GW208": (G, body(contents=[{"role": "user", "parts": [{"text": ""}]}]), body()),
    "GW209": (G, body(systemInstruction={"parts": [VIDEO]}), body(systemInstruction={"parts": [{"text": "Be brief."}]})),
    "GW210": (G, body(contents=[{"role": "user", "parts": [{"text": "clip", "videoMetadata": {"fps": 1}}]}]), body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"fps": 1}}]}])),
    "GW211": (G, body(contents=[{"role": "user", "parts": [{"inlineData": {"data": "iVBORw0KGgo="}}]}]), body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]}])),
    "GW212": (G, body(tools=[{"functionDeclarations": [{**DECL, "name": "get weather"}]}]), body(tools=TOOLS)),
    "GW301": (G, gc(stopSequences=list("abcdef")), gc(stopSequences=list("abcde"))),
    "GW302": (V, gc(responseLogprobs=True, logprobs=0), gc(responseLogprobs=True, logprobs=1)),
    "GW303": (G, gc(logprobs=3), gc(logprobs=3, responseLogprobs=True)),
    "GW318": (G, gc(temperature=2.5), gc(temperature=2)),
    "GW319": (V, gc(topP=1.01), gc(topP=1)),
    "GW320": (G, gc(topK=0), gc(topK=1)),
    "GW321": (G, gc(candidateCount=0), gc(candidateCount=1)),
    "GW322": (G, gc(frequencyPenalty=2.0), gc(frequencyPenalty=-2.0)),
    "GW111": (G, body(generationConfig={"routingConfig": {"autoMode": {}}}), body()),
    "GW113": (G, body(model="publishers/google/models/gemini-2.5-flash"), body(model="models/gemini-2.5-flash")),
    "GW213": (G, body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/jpg", "data": "iVBORw0KGgo="}}]}]), body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/jpeg", "data": "iVBORw0KGgo="}}]}])),
    "GW214": (V, body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://generativelanguage.googleapis.com/v1beta/files/abc", "mimeType": "video/mp4"}}]}]), body(contents=[{"role": "user", "parts": [VIDEO]}])),
    "GW215": (G, body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "40s", "endOffset": "10s"}}]}]), body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "10s", "endOffset": "40s"}}]}])),
    "GW216": (G, body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc", "mimeType": "application/octet-stream"}}]}]), body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc"}}]}])),
    "GW323": (G, gc(speechConfig={"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}, "multiSpeakerVoiceConfig": {"speakerVoiceConfigs": []}}), gc(speechConfig={"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}})),
    "GW324": (V, gc(imageConfig={"aspectRatio": "16x9"}), gc(imageConfig={"aspectRatio": "16:9"})),
    "GW406": (V, schema({"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}], "description": "x"}), schema({"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}]})),
    "GW407": (G, gc(responseMimeType="application/json", responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", "type": "object"}), gc(responseMimeType="application/json", responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a"})),
    "GW508": (G, body(toolConfig={"functionCallingConfig": {"mode": "AUTO"}}), body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "AUTO"}})),
    "GW509": (G, body(tools=[{"googleSearch": {}}, *TOOLS]), body(tools=TOOLS)),
    "GW510": (G, body(tools=[{"googleSearchRetrieval": {}}]), body(tools=[{"googleSearch": {}}])),
    "GW511": (G, body(tools=[{"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z"}}}]), body(tools=[{"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z", "endTime": "2025-02-01T00:00:00Z"}}}])),
    "GW512": (G, body(tools=[{"urlContext": {}}], contents=[{"role": "user", "parts": [{"text": " ".join(f"https://example.com/{i}" for i in range(21))}]}]), body(tools=[{"urlContext": {}}], contents=[{"role": "user", "parts": [{"text": " ".join(f"https://example.com/{i}" for i in range(20))}]}])),
    "GW513": (G, body(tools=[{"functionDeclarations": [{**DECL, "behavior": "NON_BLOCKING"}]}]), body(tools=TOOLS)),
    "GW218": (G, body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"https://youtu.be/v{i}"}} for i in range(11)]}]), body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"https://youtu.be/v{i}"}} for i in range(10)]}])),
    "GW219": (V, body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}] * 3001}]), body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}] * 3000}])),
    "GW705": (G, body(tools=TOOLS, contents=[USER, {"role": "model", "parts": [{"functionCall": {"name": "get_wether", "args": {}}}]}, {"role": "user", "parts": [{"functionResponse": {"name": "get_wether", "response": {}}}]}]), body(tools=TOOLS, contents=[USER, CALL, ANSWER])),
    "GW325": (G, gc(responseMimeType="application/xml"), gc(responseMimeType="text/plain")),
    "GW326": (G, body(tools=TOOLS, generationConfig={"responseMimeType": "application/json"}), body(tools=TOOLS)),
    "GW408": (G, gc(responseMimeType="application/json", responseJsonSchema={"type": "string", "const": "x"}), gc(responseMimeType="application/json", responseJsonSchema={"type": "string", "enum": ["x"]})),
    "GW514": (V, body(tools=[{"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 20}}}]), body(tools=[{"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 10}}}])),
    "GW304": (G, gc(responseSchema={"type": "STRING"}), gc(responseSchema={"type": "STRING"}, responseMimeType="application/json")),
    "GW305": (G, gc(responseMimeType="application/json", responseSchema={"type": "STRING"}, responseJsonSchema={"type": "string"}), gc(responseMimeType="application/json", responseJsonSchema={"type": "string"})),
    "GW306": (G, gc(responseMimeType="text/x.enum", responseSchema={"type": "STRING"}), gc(responseMimeType="text/x.enum", responseSchema={"type": "STRING", "enum": ["yes", "no"]})),
    "GW307": (V, gc(thinkingConfig={"thinkingLevel": "LOW", "thinkingBudget": 1024}), gc(thinkingConfig={"thinkingLevel": "LOW"})),
    "GW308": (G, gc(stopSequences=[""]), gc(stopSequences=["END"])),
    "GW401": (G, schema({"type": "STRING", "properties": {"a": {"type": "STRING"}}}), schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}})),
    "GW402": (G, schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["b"]}), schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["a"]})),
    "GW403": (G, schema({"type": "ARRAY"}), schema({"type": "ARRAY", "items": {"type": "STRING"}})),
    "GW404": (G, schema({"type": "INTEGER", "enum": ["1", "2"]}), schema({"type": "STRING", "enum": ["1", "2"]})),
    "GW405": (G, schema({"type": "OBJECT", "properties": {}}), schema({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}})),
    "GW501": (G, body(tools=[{"functionDeclarations": [{"name": "f", "parameters": {"type": "STRING"}}]}]), body(tools=[{"functionDeclarations": [{"name": "f"}]}])),
    "GW502": (G, body(tools=[{"functionDeclarations": [{**DECL, "parametersJsonSchema": {"type": "object"}}]}]), body(tools=TOOLS)),
    "GW503": (V, body(tools=[{"functionDeclarations": [{"name": f"f{i}"} for i in range(129)]}]), body(tools=[{"functionDeclarations": [{"name": f"f{i}"} for i in range(128)]}])),
    "GW504": (G, body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "AUTO", "allowedFunctionNames": ["get_weather"]}}), body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}})),
    "GW505": (G, body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_wether"]}}), body(tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}})),
    "GW506": (V, body(tools=[{"codeExecution": {}, "googleSearch": {}}]), body(tools=[{"codeExecution": {}}, {"googleSearch": {}}])),
    "GW507": (G, body(tools=[{"functionDeclarations": [DECL, DECL]}]), body(tools=TOOLS)),
    "GW601": (V, body(labels={"Team": "ml"}), body(labels={"team": "ml"})),
    "GW602": (G, body(cachedContent="my-cache"), body(cachedContent="cachedContents/abc123")),
    "GW603": (G, body(cachedContent="cachedContents/abc", systemInstruction={"parts": [{"text": "x"}]}), body(cachedContent="cachedContents/abc")),
    "GW604": (G, body(safetySettings=[{"category": "HARM_CATEGORY_VIOLENCE", "threshold": "BLOCK_NONE"}]), body(safetySettings=[{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "threshold": "BLOCK_NONE"}])),
    "GW605": (G, body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}] * 2), body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}])),
    "GW606": (G, body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT"}]), body(safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "OFF"}])),
    "GW607": (V, body(modelArmorConfig={"promptTemplateName": "projects/p/locations/l/templates/t"}, safetySettings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "OFF"}]), body(modelArmorConfig={"promptTemplateName": "projects/p/locations/l/templates/t"})),
    "GW701": (G, body(contents=[ANSWER]), body(contents=[USER, CALL, ANSWER])),
    "GW702": (G, body(contents=[USER, {"role": "model", "parts": CALL["parts"] * 2}, ANSWER]), body(contents=[USER, {"role": "model", "parts": CALL["parts"] * 2}, {"role": "user", "parts": ANSWER["parts"] * 2}])),
    "GW703": (G, body(contents=[USER, CALL, {"role": "user", "parts": [{"functionResponse": {"name": "getWeather", "response": {}}}]}]), body(contents=[USER, CALL, ANSWER])),
    "GW704": (G, body(contents=[CALL, ANSWER]), body(contents=[USER, CALL, ANSWER])),
}


# Rules that depend on the model: (dialect, model, breaks the rule, the same payload fixed).
MODEL_CASES: dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]] = {
    "GW309": (G, "gemini-2.0-flash-001", gc(maxOutputTokens=65536), gc(maxOutputTokens=8192)),
    "GW309-floor": (V, "gemini-2.5-flash", gc(maxOutputTokens=0), gc(maxOutputTokens=1)),
    "GW310": (G, "models/gemini-3-pro-preview", gc(candidateCount=2), gc(candidateCount=1)),
    "GW311": (V, "publishers/google/models/gemini-2.0-flash", gc(topK=41), gc(topK=40)),
    "GW312": (G, "gemini-2.0-flash", gc(thinkingConfig={"thinkingBudget": 1024}), gc()),
    "GW313": (G, "gemini-2.5-pro", gc(thinkingConfig={"thinkingBudget": 0}), gc(thinkingConfig={"thinkingBudget": 128})),
    "GW314": (V, "gemini-3-pro-preview", gc(thinkingConfig={"thinkingLevel": "MINIMAL"}), gc(thinkingConfig={"thinkingLevel": "LOW"})),
    "GW315": (G, "gemini-2.5-flash", gc(presencePenalty=0.5), gc(presencePenalty=0)),
    "GW316": (G, "gemini-2.5-flash", gc(responseLogprobs=True), gc()),
    "GW217": (G, "gemini-3-flash-preview", body(contents=[USER, CALL, ANSWER]), body(contents=[USER, {"role": "model", "parts": [{**CALL["parts"][0], "thoughtSignature": "c2ln"}]}, ANSWER])),
    "GW219-model": (G, "gemini-3-pro-preview", body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"gs://b/{i}.png", "mimeType": "image/png"}} for i in range(901)]}]), body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"gs://b/{i}.png", "mimeType": "image/png"}} for i in range(900)]}])),
    "GW220": (V, "gemini-2.5-flash", body(contents=[USER, CALL, {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {}, "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]}}]}]), body(contents=[USER, CALL, ANSWER])),
    "GW508-model": (G, "gemini-2.5-flash", body(toolConfig={"functionCallingConfig": {"mode": "AUTO"}}), body()),
    "GW317": (G, "gemma-3-27b-it", body(systemInstruction={"parts": [{"text": "Be brief."}]}), body()),
    "GW326-model": (G, "gemini-2.5-flash", body(tools=TOOLS, generationConfig={"responseMimeType": "application/json"}), body(tools=TOOLS)),
    "GW327": (G, "gemini-2.5-flash", body(tools=[{"googleSearch": {}}], generationConfig={"responseMimeType": "application/json"}), body(tools=[{"googleSearch": {}}])),
    "GW328": (G, "gemini-2.5-flash-preview-tts", gc(responseModalities=["TEXT"]), gc(responseModalities=["AUDIO"])),
}
# Cases above whose fixed payload needs a model that supports what it uses.
CASE_MODEL = {"GW302": "gemini-2.0-flash", "GW303": "gemini-2.0-flash", "GW322": "gemini-2.0-flash"}


def lint(dialect: str, payload: Any, model: str | None = None) -> list[Any]:
    module = gemini if dialect == "gemini" else vertex
    return module.lint_request(json.dumps(payload, indent=2), model=model)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_alone_on_its_breaking_payload(code: str) -> None:
    dialect, bad, _ = CASES[code]
    assert [f.code for f in lint(dialect, bad, CASE_MODEL.get(code))] == [code]


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_fixed_payload_is_clean(code: str) -> None:
    dialect, _, good = CASES[code]
    assert lint(dialect, good, CASE_MODEL.get(code)) == []


@pytest.mark.parametrize("code", sorted(MODEL_CASES))
def test_model_rule_fires_alone_for_the_named_model(code: str) -> None:
    dialect, model, bad, good = MODEL_CASES[code]
    assert [f.code for f in lint(dialect, bad, model)] == [code.split("-")[0]]
    assert lint(dialect, good, model) == []


@pytest.mark.parametrize("code", sorted(MODEL_CASES))
def test_without_a_model_a_model_rule_is_at_most_a_warning(code: str) -> None:
    if code.endswith(("-floor", "-model")):
        return  # a bound of the wire, or a warning that the model turns into an error
    dialect, _, bad, _ = MODEL_CASES[code]
    assert all(f.severity != "error" for f in lint(dialect, bad) if f.code == code)


def test_the_model_field_of_the_request_names_the_model() -> None:
    _, model, bad, _ = MODEL_CASES["GW309"]
    assert [f.code for f in lint(G, {**bad, "model": f"models/{model}"})] == ["GW309"]


def test_every_request_rule_has_a_case() -> None:
    assert {code for code, _ in CHECKS} <= set(CASES) | set(MODEL_CASES)


def test_rules_of_one_dialect_do_not_fire_in_the_other() -> None:
    _, bad, _ = CASES["GW206"]
    assert lint("gemini", bad) == []


def test_request_larger_than_vertex_takes_is_refused() -> None:
    big = body(contents=[{"role": "user", "parts": [{"text": "x" * (20 * 2**20)}]}])
    assert [f.code for f in lint(V, big)] == ["GW112"]
    assert lint(G, big) == []


def test_candidate_count_zero_is_accepted_by_vertex_only() -> None:
    assert [f.code for f in lint(G, gc(candidateCount=0))] == ["GW321"]
    assert lint(V, gc(candidateCount=0)) == []


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
            where = locate(text, f.loc)
            assert where is not None and (f.line, f.column) == where[:2]


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_finding_path_resolves_to_its_line_and_column(code: str) -> None:
    dialect, bad, _ = CASES[code]
    text = json.dumps(bad, indent=2)
    for f in lint(dialect, bad):
        resolved = locate(text, f.loc)
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
