"""The wire rules of DESIGN section 3, one behaviour per test."""

from __future__ import annotations

import gc
import json
import math
from typing import Any

import msgspec
import pytest

from gemini_wire import WireError, encode, gemini, gemini_v1, unknown_fields, vertex, vertex_v1beta1


def req(**body: Any) -> bytes:
    body.setdefault("contents", [{"role": "user", "parts": [{"text": "hi"}]}])
    return json.dumps(body).encode()


def codes(data: bytes | str, decode: Any = gemini.decode_request) -> list[str]:
    with pytest.raises(WireError) as info:
        decode(data)
    return [f.code for f in info.value.findings]


def roundtrip(data: bytes | str, decode: Any = gemini.decode_request) -> Any:
    return json.loads(encode(decode(data)))


def test_canonical_request_decodes_to_structs() -> None:
    r = gemini.decode_request(req(generationConfig={"temperature": 0.2}))
    assert isinstance(r, gemini.GenerateContentRequest)
    assert r.contents[0].parts[0].text == "hi"
    assert r.generation_config.temperature == 0.2


def test_snake_case_and_camel_case_mix_freely_and_encode_as_camel_case() -> None:
    body = {
        "system_instruction": {"parts": [{"text": "be brief"}]},
        "contents": [{"role": "user", "parts": [{"inline_data": {"mime_type": "image/png", "data": "iVBORw0KGgo="}}]}],
        "generationConfig": {"max_output_tokens": 5, "topP": 0.5},
    }
    out = roundtrip(json.dumps(body))
    assert out["systemInstruction"] == {"parts": [{"text": "be brief"}]}
    assert out["contents"][0]["parts"][0] == {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}
    assert out["generationConfig"] == {"maxOutputTokens": 5, "topP": 0.5}


def test_same_field_under_both_spellings_is_refused() -> None:
    assert codes(req(generationConfig={"topK": 1, "top_k": 2})) == ["GW103"]


def test_data_keys_are_never_rewritten() -> None:
    body = {
        "contents": [
            {"role": "model", "parts": [{"functionCall": {"name": "f", "args": {"snake_key": 1, "camelKey": {"inner_key": 2}}}}]},
            {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {"result_value": [1, {"a_b": None}]}}}]},
        ],
        "generationConfig": {
            "responseMimeType": "application/json",
            "responseSchema": {"type": "OBJECT", "properties": {"first_name": {"type": "STRING"}}},
        },
    }
    out = roundtrip(json.dumps(body))
    assert out["contents"][0]["parts"][0]["functionCall"]["args"] == {"snake_key": 1, "camelKey": {"inner_key": 2}}
    assert out["contents"][1]["parts"][0]["functionResponse"]["response"] == {"result_value": [1, {"a_b": None}]}
    assert list(out["generationConfig"]["responseSchema"]["properties"]) == ["first_name"]


def test_vertex_labels_keys_are_data() -> None:
    out = roundtrip(req(labels={"team_name": "a", "costCenter": "b"}), vertex.decode_request)
    assert out["labels"] == {"team_name": "a", "costCenter": "b"}


def test_enum_by_number_or_decimal_string_encodes_as_name() -> None:
    out = roundtrip(req(safetySettings=[{"category": 7, "threshold": "3"}]))
    assert out["safetySettings"] == [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}]


def test_unknown_enum_name_in_request_is_refused_with_a_suggestion() -> None:
    with pytest.raises(WireError) as info:
        gemini.decode_request(req(safetySettings=[{"category": "HARM_CATEGORY_HATE"}]))
    (f,) = info.value.findings
    assert (f.code, f.path) == ("GW105", "safetySettings[0].category")
    assert "HARM_CATEGORY_HATE_SPEECH" in f.hint


def test_integers_as_decimal_strings_and_integral_floats_are_accepted() -> None:
    out = roundtrip(req(generationConfig={"topK": "40", "candidateCount": 1.0}))
    assert out["generationConfig"] == {"topK": 40, "candidateCount": 1}


def test_fractional_integer_is_refused() -> None:
    assert codes(req(generationConfig={"topK": 1.5})) == ["GW109"]


def test_int32_overflow_is_refused() -> None:
    assert codes(req(generationConfig={"seed": 2**31})) == ["GW109"]


def test_float_special_strings_survive_re_encoding() -> None:
    body = {"candidates": [{"avgLogprobs": "NaN", "logprobsResult": {"chosenCandidates": [{"token": "a", "logProbability": "-Infinity"}]}}]}
    r = gemini.decode_response(json.dumps(body))
    assert math.isnan(r.candidates[0].avg_logprobs)
    assert r.candidates[0].logprobs_result.chosen_candidates[0].log_probability == -math.inf
    assert roundtrip(json.dumps(body), gemini.decode_response) == body


def test_nan_is_outside_a_bounded_range() -> None:
    assert codes(req(generationConfig={"temperature": "NaN"})) == ["GW318"]


@pytest.mark.parametrize("given", [3, "3", "03", 3.0])
def test_int64_is_an_int_written_as_a_number_whichever_spelling_came(given: object) -> None:
    # google-genai types Schema.max_items as an int and sends a number; proto3 JSON writes "3".
    body = req(generationConfig={"responseSchema": {"type": "ARRAY", "maxItems": given, "items": {"type": "STRING"}}})
    assert gemini.decode_request(body).generation_config.response_schema.max_items == 3  # type: ignore[union-attr]
    assert roundtrip(body)["generationConfig"]["responseSchema"]["maxItems"] == 3


@pytest.mark.parametrize("data", ["-_8", "-_8=", "+/8", "+/8="])
def test_base64_in_either_alphabet_with_or_without_padding(data: str) -> None:
    body = req(contents=[{"parts": [{"inlineData": {"mimeType": "image/png", "data": data}}]}])
    r = gemini.decode_request(body)
    assert r.contents[0].parts[0].inline_data.data == b"\xfb\xff"
    assert json.loads(encode(r))["contents"][0]["parts"][0]["inlineData"]["data"] == "+/8="


@pytest.mark.parametrize("data", ["not base64!", "A", "QQ==="])
def test_invalid_base64_is_refused(data: str) -> None:
    body = req(contents=[{"parts": [{"inlineData": {"mimeType": "image/png", "data": data}}]}])
    assert codes(body) == ["GW106"]


def test_duration_string_is_accepted() -> None:
    part = {"fileData": {"fileUri": "gs://b/v.mp4", "mimeType": "video/mp4"}, "videoMetadata": {"startOffset": "1.500s", "endOffset": "60s"}}
    out = roundtrip(req(contents=[{"parts": [part]}]), vertex.decode_request)
    assert out["contents"][0]["parts"][0]["videoMetadata"] == {"startOffset": "1.500s", "endOffset": "60s"}


def test_duration_object_form_is_refused_with_the_string_to_write() -> None:
    part = {"fileData": {"fileUri": "gs://b/v.mp4"}, "videoMetadata": {"startOffset": {"seconds": 60, "nanos": 500000000}}}
    with pytest.raises(WireError) as info:
        gemini.decode_request(req(contents=[{"parts": [part]}]))
    (f,) = info.value.findings
    assert f.code == "GW107"
    assert '"60.5s"' in f.hint


def test_null_means_unset() -> None:
    r = gemini.decode_request(req(generationConfig={"temperature": None}, tools=None))
    assert r.tools is msgspec.UNSET
    assert r.generation_config.temperature is msgspec.UNSET


def test_null_inside_a_list_is_refused() -> None:
    assert codes(req(contents=[None])) == ["GW110"]


def test_unknown_request_field_names_the_closest_known_field() -> None:
    with pytest.raises(WireError) as info:
        gemini.decode_request(req(generationConfig={"temprature": 0.5}))
    (f,) = info.value.findings
    assert (f.code, f.path) == ("GW102", "generationConfig.temprature")
    assert "`temperature`" in f.hint


def test_sampling_parameter_at_top_level_is_an_unknown_field() -> None:
    assert codes(req(temperature=0.5)) == ["GW102"]


def test_unknown_response_fields_and_enum_values_are_kept_on_re_encoding() -> None:
    body = {
        "candidates": [{"content": {"role": "model", "parts": [{"text": "x"}]}, "finishReason": "SOMETHING_NEW", "novel": {"a": 1}}],
        "turnToken": "t",
    }
    r = gemini.decode_response(json.dumps(body))
    assert unknown_fields(r) == {
        ("turnToken",): "t",
        ("candidates", 0, "finishReason"): "SOMETHING_NEW",
        ("candidates", 0, "novel"): {"a": 1},
    }
    assert unknown_fields(r.candidates[0]) == {("finishReason",): "SOMETHING_NEW", ("novel",): {"a": 1}}
    assert json.loads(encode(r)) == body


def test_structs_are_not_tracked_by_the_garbage_collector() -> None:
    """gc=False (docs/stability.md): a decoded tree, its unknown-key variants included, costs the
    collector nothing; the data dicts inside it are ordinary, tracked objects."""
    body = {"candidates": [{"content": {"parts": [{"text": "x"}, {"functionCall": {"name": "f", "args": {"a": [1]}}}]}, "novel": 1}]}
    r = gemini.decode_response(json.dumps(body))
    candidate = r.candidates[0]
    assert unknown_fields(candidate) == {("novel",): 1}  # a variant class, made by the slow path
    structs = [r, candidate, candidate.content, *candidate.content.parts, candidate.content.parts[1].function_call]
    assert not any(gc.is_tracked(s) for s in structs)
    assert gc.is_tracked(candidate.content.parts[1].function_call.args)
    assert not gc.is_tracked(gemini.Part(text="built in code"))


def test_unknown_fields_survive_when_a_nested_struct_is_encoded_alone() -> None:
    body = {"candidates": [{"content": {"role": "model", "parts": [{"text": "x", "newPartField": 1}]}}]}
    r = gemini.decode_response(json.dumps(body))
    assert json.loads(encode(r.candidates[0].content)) == body["candidates"][0]["content"]


def test_unknown_field_in_request_is_refused_but_tolerated_in_response() -> None:
    part = {"text": "x", "futureField": 1}
    assert codes(req(contents=[{"parts": [part]}])) == ["GW102"]
    gemini.decode_response(json.dumps({"candidates": [{"content": {"parts": [part]}}]}))


def test_single_object_where_a_list_is_expected_is_accepted() -> None:
    out = roundtrip(json.dumps({"contents": {"role": "user", "parts": {"text": "hi"}}}))
    assert out["contents"] == [{"role": "user", "parts": [{"text": "hi"}]}]


def test_lower_case_schema_type_is_accepted_and_written_upper_case() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    out = roundtrip(req(generationConfig={"responseMimeType": "application/json", "responseSchema": schema}))
    assert out["generationConfig"]["responseSchema"] == {"type": "OBJECT", "properties": {"n": {"type": "INTEGER"}}}


def test_enum_names_in_any_case_are_accepted_and_written_canonically() -> None:
    # The servers read names in any case ("thinkingLevel": "low" was accepted by both APIs).
    out = roundtrip(req(safetySettings=[{"category": "harm_category_Harassment", "threshold": "block_none"}]))
    assert out["safetySettings"] == [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]


def test_lint_warns_about_an_enum_name_in_another_case_but_not_about_schema_type() -> None:
    body = req(
        toolConfig={"functionCallingConfig": {"mode": "any"}},
        tools=[{"functionDeclarations": [{"name": "f", "parameters": {"type": "object"}}]}],
    )
    found = [(f.code, f.severity, f.path) for f in gemini.lint_request(body)]
    assert found == [("GW114", "warning", "toolConfig.functionCallingConfig.mode")]


def test_an_enum_name_that_no_case_matches_is_refused() -> None:
    assert codes(req(safetySettings=[{"category": "harassment", "threshold": "BLOCK_NONE"}])) == ["GW105"]


def test_two_members_of_a_oneof_are_refused() -> None:
    part = {"text": "a", "fileData": {"fileUri": "gs://b/x.png"}}
    assert codes(req(contents=[{"parts": [part]}])) == ["GW104"]


def test_two_members_of_a_oneof_are_refused_on_the_fast_path_too() -> None:
    # Canonical input that msgspec decodes at once: the check runs on the Structs.
    body = b'{"contents":[{"parts":[{"text":"a","fileData":{"fileUri":"gs://b/x"}}]}]}'
    assert codes(body) == ["GW104"]


def test_an_empty_request_part_is_refused() -> None:
    assert codes(req(contents=[{"parts": [{}]}])) == ["GW203"]
    assert codes(req(contents=[{"parts": [{"text": None}]}])) == ["GW203"]


def test_a_request_part_with_side_fields_alone_is_accepted() -> None:
    # The server took a thought with its signature, and videoMetadata alone (recorded traffic);
    # lint warns (GW203 as a warning), decode does not refuse.
    gemini.decode_request(req(contents=[{"role": "model", "parts": [{"thought": True, "thoughtSignature": "c2ln"}]}]))
    vertex.decode_request(req(contents=[{"role": "user", "parts": [{"videoMetadata": {"startOffset": "1s"}}]}]))


def test_response_part_may_carry_only_a_thought_signature() -> None:
    gemini.decode_response(json.dumps({"candidates": [{"content": {"parts": [{"thoughtSignature": "c2ln"}]}}]}))


@pytest.mark.parametrize(("count", "ok"), [(5, True), (6, False)])
def test_at_most_five_stop_sequences(count: int, ok: bool) -> None:
    body = req(generationConfig={"stopSequences": [str(i) for i in range(count)]})
    if ok:
        gemini.decode_request(body)
    else:
        assert codes(body) == ["GW301"]


@pytest.mark.parametrize(("dialect", "value", "ok"), [
    (gemini, 0, True), (gemini, 20, True), (gemini, 21, False), (gemini, -1, False),
    # Vertex AI takes 0 too: Google's SDK test table expects it to succeed (issue 20).
    (vertex, 0, True), (vertex, 20, True), (vertex, -1, False), (vertex, 21, False),
])
def test_logprobs_range_per_dialect(dialect: Any, value: int, ok: bool) -> None:
    body = req(generationConfig={"responseLogprobs": True, "logprobs": value})
    if ok:
        dialect.decode_request(body)
    else:
        assert codes(body, dialect.decode_request) == ["GW302"]


def test_logprobs_needs_response_logprobs() -> None:
    assert codes(req(generationConfig={"logprobs": 0})) == ["GW303"]
    assert codes(req(generationConfig={"logprobs": 2, "responseLogprobs": False})) == ["GW303"]


@pytest.mark.parametrize(("fps", "ok"), [(24, True), (0.001, True), (0, False), (24.0001, False), (-1, False)])
def test_fps_in_open_closed_interval(fps: float, ok: bool) -> None:
    part = {"fileData": {"fileUri": "gs://b/v.mp4", "mimeType": "video/mp4"}, "videoMetadata": {"fps": fps}}
    body = req(contents=[{"parts": [part]}])
    if ok:
        gemini.decode_request(body)
    else:
        assert codes(body) == ["GW201"]


@pytest.mark.parametrize(("dialect", "size", "ok"), [
    (vertex, 20 * 2**20, True), (vertex, 20 * 2**20 + 1, False),
])
def test_inline_data_decoded_size_per_dialect(dialect: Any, size: int, ok: bool) -> None:
    import base64

    data = base64.b64encode(b"\0" * size).decode()
    body = req(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": data}}]}])
    if ok:
        dialect.decode_request(body)
    else:
        assert codes(body, dialect.decode_request) == ["GW202"]


def test_dialect_only_field_is_refused_naming_the_dialect_that_has_it() -> None:
    body = req(generationConfig={"routingConfig": {"autoMode": {}}})  # Vertex AI only
    with pytest.raises(WireError) as info:
        gemini.decode_request(body)
    (f,) = info.value.findings
    assert (f.code, f.path) == ("GW111", "generationConfig.routingConfig")
    assert "Vertex AI only" in f.message
    assert "--dialect vertex-v1" in f.hint
    vertex.decode_request(body)


def test_a_field_of_another_version_names_that_version() -> None:
    call = {"role": "model", "parts": [{"functionCall": {"id": "c1", "name": "f", "args": {}}}]}
    body = req(contents=[{"role": "user", "parts": [{"text": "hi"}]}, call])
    with pytest.raises(WireError) as info:
        vertex.decode_request(body)  # v1: function call ids are a v1beta1 field
    (f,) = info.value.findings
    assert (f.code, f.path) == ("GW111", "contents[1].parts[0].functionCall.id")
    assert "Vertex AI v1beta1" in f.message
    assert "--dialect vertex-v1beta1" in f.hint
    vertex_v1beta1.decode_request(body)


@pytest.mark.parametrize(
    ("dialect", "body"),
    [
        (gemini, {"generationConfig": {"thinkingConfig": {"thinkingLevel": "LOW"}}}),
        (gemini_v1, {"generationConfig": {"thinkingConfig": {"thinkingLevel": "LOW"}}}),
        (gemini, {"toolConfig": {"includeServerSideToolInvocations": True}}),
        (gemini, {"tools": [{"fileSearch": {"fileSearchStoreNames": ["fileSearchStores/s"]}}]}),
        (gemini, {"serviceTier": "flex"}),
        (vertex_v1beta1, {"serviceTier": "flex"}),
    ],
)
def test_fields_the_sdk_sends_and_the_protos_lack_are_accepted(dialect: Any, body: dict[str, Any]) -> None:
    decoded = dialect.decode_request(req(**body))
    assert msgspec.json.decode(encode(decoded))[next(iter(body))] == next(iter(body.values()))


def test_a_server_side_tool_call_is_a_parts_data() -> None:
    call = {"toolCall": {"id": "t1", "toolType": "GOOGLE_SEARCH_WEB", "args": {}}, "thoughtSignature": "AAAA"}
    body = req(contents=[{"role": "user", "parts": [{"text": "hi"}]}, {"role": "model", "parts": [call]}])
    gemini.decode_request(body)
    both = {**call, "text": "x"}
    bad = req(contents=[{"role": "model", "parts": [both]}])
    assert codes(bad) == ["GW104"]


def test_malformed_json_has_a_line_and_column() -> None:
    with pytest.raises(WireError) as info:
        gemini.decode_request('{\n  "contents": [\n    {"parts": [}\n  ]\n}')
    (f,) = info.value.findings
    assert f.code == "GW100"
    assert (f.line, f.column) == (3, 16)


def test_wrong_top_level_type_is_a_finding() -> None:
    assert codes(b"[1, 2]") == ["GW101"]


def test_invalid_utf8_is_a_finding_not_a_crash() -> None:
    assert codes(b'{"contents": "\xff"}') == ["GW100"]


def test_every_problem_is_reported_in_one_decode() -> None:
    body = req(temperature=1, contents=[{"parts": [{}]}], generationConfig={"topK": "x", "stopSequences": list("abcdef")})
    assert sorted(codes(body)) == ["GW101", "GW102", "GW203", "GW301"]


def test_error_body_decodes_with_its_details() -> None:
    body = {
        "error": {
            "code": 400,
            "message": "bad",
            "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "x"}]}],
        }
    }
    e = gemini.decode_error(json.dumps(body))
    assert e.error.status == gemini.Code.INVALID_ARGUMENT
    assert json.loads(encode(e)) == body


def test_messages_never_echo_megabytes() -> None:
    with pytest.raises(WireError) as info:
        gemini.decode_request(req(contents=[{"parts": [{"text": "x" * 5_000_000, "inlineData": 5}]}]))
    assert all(len(f.message) < 300 for f in info.value.findings)
