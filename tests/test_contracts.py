"""The answer against the rest of its request's contract, and against itself (GW814-GW819), and the
OpenAPI-subset Schema's `format` in the schema checks (GW802, GW804).

Each rule's bad and good examples are run by test_exchanges; here, one behaviour a test. Faults
are injected into real answers of `../shared/traffic` copied at run time (skipped when absent),
and the untouched real answers give none of these findings but the one recording whose text
differs from what its offsets index.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from test_exchanges import ASK, answer, calls, cassette, dialect_of, needs_traffic, recordings

from gemini_wire.documents.exchanges import check_exchange, conversation_findings, schema_errors
from gemini_wire.documents.traffic import check_recording
from gemini_wire.findings import Key

USER = {"role": "user", "parts": [{"text": "Weather in Paris?"}]}
PLAIN = {"contents": [USER]}
FORECAST = "Il fait 21 °C à Paris. La pluie arrive."  # "°" and "à" are two bytes each in UTF-8
RAIN = "La pluie arrive."


def found(request: dict[str, Any], response: Any, **kwargs: Any) -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in check_exchange(request, response, **kwargs)]


def messages(request: dict[str, Any], response: Any, code: str) -> list[str]:
    return [f.message for f in check_exchange(request, response) if f.code == code]


def grounded(said: str, /, **segment: Any) -> dict[str, Any]:
    response = answer({"text": said})
    response["candidates"][0]["groundingMetadata"] = {"groundingSupports": [{"segment": segment, "groundingChunkIndices": [0]}]}
    return response


def bytes_of(text: str, part: str) -> tuple[int, int]:
    start = text.encode().index(part.encode())
    return start, start + len(part.encode())


# --------------------------------------------------------------------------- offsets (GW814)


def test_segment_offsets_in_utf8_bytes_hold_the_segments_text() -> None:
    start, end = bytes_of(FORECAST, RAIN)
    assert found(PLAIN, grounded(FORECAST, startIndex=start, endIndex=end, text=RAIN)) == []


def test_segment_offsets_counted_in_characters_are_named_as_such() -> None:
    start = FORECAST.index(RAIN)
    response = grounded(FORECAST, startIndex=start, endIndex=start + len(RAIN), text=RAIN)
    [f] = check_exchange(PLAIN, response)
    assert (f.code, f.path) == ("GW814", "response.candidates[0].groundingMetadata.groundingSupports[0].segment.startIndex")
    assert f.message == "the offsets 23-39 count characters: the API counts UTF-8 bytes, where the segment is at bytes 25-41"


def test_an_end_past_the_text_says_its_size_in_bytes_and_characters() -> None:
    response = grounded(FORECAST, startIndex=25, endIndex=60, text=RAIN)
    assert messages(PLAIN, response, "GW814") == ["endIndex 60 is past the end of part 0's text (41 UTF-8 bytes, 39 characters)"]


def test_offsets_that_hold_other_bytes_than_the_segments_text_quote_both() -> None:
    response = grounded(FORECAST, startIndex=0, endIndex=7, text=RAIN)
    assert messages(PLAIN, response, "GW814") == ['the UTF-8 bytes 0-7 of part 0\'s text hold "Il fait", the segment\'s text is "La pluie arrive."']


def test_without_its_text_a_segment_must_fall_on_utf8_character_boundaries() -> None:
    degree = FORECAST.encode().index("°".encode())
    assert found(PLAIN, grounded(FORECAST, startIndex=0, endIndex=degree)) == []
    inside = grounded(FORECAST, startIndex=0, endIndex=degree + 1)
    assert found(PLAIN, inside) == [("GW814", "response.candidates[0].groundingMetadata.groundingSupports[0].segment.endIndex")]


def test_a_segment_without_an_end_is_not_placed() -> None:
    assert found(PLAIN, grounded(FORECAST, startIndex=99, text="elsewhere")) == []


def test_server_side_tool_parts_before_the_text_do_not_count_in_part_index() -> None:
    # The shape of Gemini 3's grounded answers with built-in tools (../shared/traffic): partIndex 0
    # for a segment of the text that follows a toolCall and a toolResponse part.
    response = grounded(FORECAST, endIndex=len(FORECAST.encode()), text=FORECAST)
    parts = response["candidates"][0]["content"]["parts"]
    parts[:0] = [{"toolCall": {"toolType": "GOOGLE_SEARCH_WEB", "id": "t1"}}, {"toolResponse": {"toolType": "GOOGLE_SEARCH_WEB", "id": "t1"}}]
    assert found(PLAIN, response) == []


def test_a_part_index_that_points_at_no_text_is_a_finding() -> None:
    response = grounded(FORECAST, partIndex=3, startIndex=0, endIndex=2)
    assert found(PLAIN, response) == [("GW814", "response.candidates[0].groundingMetadata.groundingSupports[0].segment.partIndex")]


@pytest.mark.parametrize(("field", "end", "wrong"), [("citationSources", 41, False), ("citationSources", 42, True), ("citations", 39, False), ("citations", 99, True)])
def test_citations_of_either_api_end_within_the_candidates_text(field: str, end: int, wrong: bool) -> None:
    response = answer({"text": FORECAST})
    response["candidates"][0]["citationMetadata"] = {field: [{"startIndex": 3, "endIndex": end, "uri": "https://example.com"}]}
    expected = [("GW814", f"response.candidates[0].citationMetadata.{field}[0].endIndex")] if wrong else []
    assert found(PLAIN, response) == expected


def test_a_streamed_answer_is_checked_on_its_whole_text() -> None:
    start, end = bytes_of(FORECAST, RAIN)
    last = answer({"text": FORECAST[20:]})
    last["candidates"][0]["groundingMetadata"] = {"groundingSupports": [{"segment": {"startIndex": start, "endIndex": end + 1, "text": RAIN}}]}
    chunks = [answer({"text": FORECAST[:20]}), last]
    sse = "".join(f"data: {json.dumps(c)}\r\n\r\n" for c in chunks).encode()
    assert found(PLAIN, sse) == [("GW814", "response.candidates[0].groundingMetadata.groundingSupports[0].segment.endIndex")]
    last["candidates"][0]["groundingMetadata"]["groundingSupports"][0]["segment"]["endIndex"] = end
    assert found(PLAIN, chunks) == []


# --------------------------------------------------------------------------- usage (GW815)


def used(**counts: Any) -> dict[str, Any]:
    return {**answer({"text": "Sunny."}), "usageMetadata": counts}


def test_a_total_that_is_not_the_sum_of_its_counts_lists_them() -> None:
    response = used(promptTokenCount=8, candidatesTokenCount=4, thoughtsTokenCount=40, toolUsePromptTokenCount=3, totalTokenCount=50)
    [f] = check_exchange(PLAIN, response)
    assert (f.code, f.path) == ("GW815", "response.usageMetadata.totalTokenCount")
    assert f.message == "totalTokenCount 50 where promptTokenCount 8 + candidatesTokenCount 4 + thoughtsTokenCount 40 + toolUsePromptTokenCount 3 make 55"


def test_counts_that_add_up_are_clean_in_numbers_or_strings() -> None:
    assert found(PLAIN, used(promptTokenCount="8", candidatesTokenCount=4, thoughtsTokenCount=40, totalTokenCount="52")) == []


def test_the_early_previews_counted_thoughts_inside_the_candidates() -> None:
    # gemini-2.5-flash-preview-04-17 in ../shared/traffic: 8 + 79 = 87, the 71 thoughts among the 79
    assert found(PLAIN, used(promptTokenCount=8, candidatesTokenCount=79, thoughtsTokenCount=71, totalTokenCount=87)) == []


def test_without_a_total_there_is_nothing_to_add_up() -> None:
    assert found(PLAIN, used(candidatesTokenCount=18, thoughtsTokenCount=58)) == []


def test_modality_details_may_leave_tokens_out_but_not_hold_more() -> None:
    # an image model's answer lists its IMAGE tokens only (../shared/traffic)
    image = [{"modality": "IMAGE", "tokenCount": 1290}]
    assert found(PLAIN, used(promptTokenCount=10, candidatesTokenCount=1303, candidatesTokensDetails=image, totalTokenCount=1313)) == []
    more = [{"modality": "TEXT", "tokenCount": 9}, {"modality": "IMAGE", "tokenCount": 258}]
    assert found(PLAIN, used(promptTokenCount=10, promptTokensDetails=more, candidatesTokenCount=3, totalTokenCount=13)) == [("GW815", "response.usageMetadata.promptTokensDetails")]


def test_cached_tokens_are_part_of_the_prompt() -> None:
    response = used(promptTokenCount=100, cachedContentTokenCount=4096, candidatesTokenCount=3, totalTokenCount=103)
    assert found(PLAIN, response) == [("GW815", "response.usageMetadata.cachedContentTokenCount")]


def test_the_usage_of_a_stream_is_its_last_chunks() -> None:
    first = {**answer({"text": "Sun"}), "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8}}
    last = {**answer({"text": "ny."}), "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 3, "totalTokenCount": 11}}
    assert found(PLAIN, [first, last]) == []
    last["usageMetadata"]["totalTokenCount"] = 12
    assert found(PLAIN, [first, last]) == [("GW815", "response.usageMetadata.totalTokenCount")]


# --------------------------------------------------------------------------- thoughts (GW816)

THOUGHT = {"text": "The user asks about Paris.", "thought": True}


@pytest.mark.parametrize(("thinking", "said"), [({}, "unset"), ({"includeThoughts": False}, "false")])
def test_a_thought_part_that_was_not_asked_for_says_how_the_setting_stood(thinking: dict[str, Any], said: str) -> None:
    request = {**PLAIN, "generationConfig": {"thinkingConfig": thinking}}
    [f] = check_exchange(request, answer(THOUGHT, {"text": "Sunny."}))
    assert (f.code, f.path) == ("GW816", "response.candidates[0].content.parts[0].thought")
    assert f.message.endswith(f"includeThoughts is {said}")


def test_thoughts_asked_for_in_snake_case_are_asked_for() -> None:
    request = {**PLAIN, "generation_config": {"thinking_config": {"include_thoughts": True}}}
    assert found(request, answer(THOUGHT, {"text": "Sunny."})) == []


# --------------------------------------------------------------------------- logprobs (GW817)

LOGPROBS = {**PLAIN, "generationConfig": {"responseLogprobs": True, "logprobs": 2}}


def scored(steps: list[int], chosen: int, text: str = "Sunny") -> dict[str, Any]:
    response = answer({"text": text})
    top = [{"candidates": [{"token": f"t{k}", "logProbability": -1.0 * k} for k in range(n)]} for n in steps]
    response["candidates"][0]["logprobsResult"] = {"topCandidates": top, "chosenCandidates": [{"token": "t0", "logProbability": 0.0}] * chosen}
    return response


def test_log_probabilities_of_the_size_asked_are_clean() -> None:
    assert found(LOGPROBS, scored([2, 2], 2)) == []


def test_a_step_with_another_number_of_alternatives_is_found_at_that_step() -> None:
    assert found(LOGPROBS, scored([2, 3, 1], 3)) == [("GW817", "response.candidates[0].logprobsResult.topCandidates[1].candidates")]


def test_as_many_steps_as_chosen_tokens() -> None:
    assert found(LOGPROBS, scored([2, 2], 3)) == [("GW817", "response.candidates[0].logprobsResult.topCandidates")]


def test_one_chosen_candidate_per_output_token_of_a_text_answer() -> None:
    # Vertex's real answers: 7 chosenCandidates for "2 + 2 = 4" and a candidatesTokenCount of 7
    response = {**scored([], 7, "2 + 2 = 4"), "usageMetadata": {"promptTokenCount": 7, "candidatesTokenCount": 7, "thoughtsTokenCount": 17, "totalTokenCount": 31}}
    request = {**PLAIN, "generationConfig": {"responseLogprobs": True}}
    assert found(request, response) == []
    response["usageMetadata"] = {"promptTokenCount": 7, "candidatesTokenCount": 9, "thoughtsTokenCount": 17, "totalTokenCount": 33}
    assert found(request, response) == [("GW817", "response.candidates[0].logprobsResult.chosenCandidates")]


def test_log_probabilities_missing_or_not_asked_for() -> None:
    assert found(LOGPROBS, answer({"text": "Sunny"})) == [("GW817", "response.candidates[0]")]
    assert found(PLAIN, scored([], 1)) == [("GW817", "response.candidates[0].logprobsResult")]
    assert found(LOGPROBS, {"candidates": [{"content": {}, "finishReason": "SAFETY", "index": 0}]}) == []


# --------------------------------------------------------------------------- modalities (GW818)

PNG = {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}
WAV = {"inlineData": {"mimeType": "audio/L16;codec=pcm;rate=24000", "data": "AAAA"}}


def asking(*modalities: str, **more: Any) -> dict[str, Any]:
    return {**PLAIN, "generationConfig": {"responseModalities": list(modalities)}, **more}


def test_an_image_where_only_text_was_asked_is_found_at_its_part() -> None:
    [f] = check_exchange(asking("TEXT"), answer({"text": "Here."}, PNG, PNG))
    assert (f.code, f.path, f.message) == ("GW818", "response.candidates[0].content.parts[1]", "an IMAGE part (image/png) where responseModalities asked for TEXT")


@pytest.mark.parametrize(
    ("request_", "parts"),
    [
        (PLAIN, [{"text": "Here."}, PNG]),  # the model's default
        (asking("text", "image"), [{"text": "Here."}, PNG]),
        (asking("AUDIO"), [WAV]),
        (asking("IMAGE"), [{"text": ""}, PNG]),  # an empty text part (one that carries a signature) is no text
        (asking("TEXT", tools=[{"codeExecution": {}}]), [{"executableCode": {"language": "PYTHON", "code": "plot()"}}, PNG]),
    ],
)
def test_parts_of_the_modalities_asked_for_are_clean(request_: dict[str, Any], parts: list[dict[str, Any]]) -> None:
    assert found(request_, answer(*parts)) == []


def test_text_where_only_audio_was_asked() -> None:
    assert found(asking("AUDIO"), answer({"text": "I cannot speak."})) == [("GW818", "response.candidates[0].content.parts[0]")]


def test_each_modality_not_asked_for_is_named_once() -> None:
    clip = {"fileData": {"mimeType": "video/mp4", "fileUri": "https://example.com/a.mp4"}}
    said = messages(asking("TEXT"), answer(PNG, clip, clip, PNG), "GW818")
    assert said == ["an IMAGE part (image/png) where responseModalities asked for TEXT", "a VIDEO part (video/mp4) where responseModalities asked for TEXT"]


# --------------------------------------------------------------------------- format (GW802, GW804)


@pytest.mark.parametrize(
    ("value", "schema", "wrong"),
    [
        ("2026-12-06T23:45:13Z", {"type": "STRING", "format": "date-time"}, False),
        ("2026-12-06t23:45:13.120+01:00", {"type": "STRING", "format": "date-time"}, False),
        ("2016-12-31T23:59:60Z", {"type": "STRING", "format": "date-time"}, False),
        ("2026-02-30T10:00:00Z", {"type": "STRING", "format": "date-time"}, True),
        ("tomorrow at noon", {"type": "STRING", "format": "date-time"}, True),
        ("2026-12-06", {"type": "STRING", "format": "date-time"}, True),
        (2**31 - 1, {"type": "INTEGER", "format": "int32"}, False),
        (2**31, {"type": "INTEGER", "format": "int32"}, True),
        (2**31, {"type": "INTEGER", "format": "int64"}, False),
        (-(2**63) - 1, {"type": "INTEGER", "format": "int64"}, True),
        (1e39, {"type": "NUMBER", "format": "float"}, True),
        (1e39, {"type": "NUMBER", "format": "double"}, False),
        ("anything", {"type": "STRING", "format": "email"}, False),  # a format the Schema does not support
        ("c", {"type": "STRING", "format": "enum", "enum": ["a", "c"]}, False),
    ],
)
def test_the_schemas_format_is_read_by_its_own_semantics(value: Any, schema: dict[str, Any], wrong: bool) -> None:
    assert [path for path, _ in schema_errors(value, schema, ())] == ([()] if wrong else [])


def test_an_argument_outside_its_format_is_found_where_it_is() -> None:
    declared = {"name": "book", "parameters": {"type": "OBJECT", "properties": {"when": {"type": "STRING", "format": "date-time"}}}}
    request = {**PLAIN, "tools": [{"functionDeclarations": [declared]}]}
    [f] = check_exchange(request, answer({"functionCall": {"name": "book", "args": {"when": "next Tuesday"}}}))
    assert (f.code, f.loc[-1], f.message) == ("GW802", Key("when"), '"next Tuesday" is not an RFC 3339 date-time (format date-time)')


# --------------------------------------------------------------------------- propertyOrdering (GW819)


def json_ask(schema: dict[str, Any], key: str = "responseSchema") -> dict[str, Any]:
    return {**PLAIN, "generationConfig": {"responseMimeType": "application/json", key: schema}}


CITY = {"type": "OBJECT", "properties": {"city": {"type": "STRING"}, "country": {"type": "STRING"}}, "property_ordering": ["city", "country"]}


def test_keys_out_of_the_declared_order_are_found_at_their_object() -> None:
    # the shape pydantic-ai sends: snake_case, inside an anyOf branch (../shared/traffic)
    place = {"type": "OBJECT", "properties": {"kind": {"type": "STRING"}, "data": CITY}, "property_ordering": ["kind", "data"]}
    schema = {"type": "OBJECT", "properties": {"result": {"any_of": [place, {"type": "OBJECT", "properties": {"n": {"type": "INTEGER"}}}]}}}
    text = json.dumps({"result": {"kind": "city", "data": {"country": "Mexico", "city": "Mexico City"}}})
    [f] = check_exchange(json_ask(schema), answer({"text": text}))
    assert (f.code, f.path) == ("GW819", "response.candidates[0].content.parts[0].text.result.data")
    assert f.message == "the keys come as `country`, `city`; propertyOrdering declares `city`, `country`"


def test_keys_that_the_ordering_does_not_name_are_left_out_of_it() -> None:
    text = json.dumps({"extra": 1, "city": "Lyon", "note": "", "country": "France"})
    assert found(json_ask(CITY), answer({"text": text})) == []


def test_a_json_schema_with_property_ordering_is_held_to_it_too() -> None:
    # crewAI sends propertyOrdering inside responseJsonSchema (../shared/traffic)
    schema = {"type": "object", "properties": {"topic": {"type": "string"}, "summary": {"type": "string"}}, "propertyOrdering": ["topic", "summary"]}
    text = json.dumps({"summary": "s", "topic": "t"})
    assert found(json_ask(schema, "responseJsonSchema"), answer({"text": text})) == [("GW819", "response.candidates[0].content.parts[0].text")]


def test_the_objects_of_an_array_are_each_held_to_the_order() -> None:
    text = json.dumps([{"city": "Lyon", "country": "France"}, {"country": "Peru", "city": "Lima"}])
    schema = {"type": "ARRAY", "items": CITY}
    assert found(json_ask(schema), answer({"text": text})) == [("GW819", "response.candidates[0].content.parts[0].text[1]")]


# --------------------------------------------------------------------------- recordings and real traffic


def test_lint_of_a_cassette_places_the_answers_findings_at_its_line() -> None:
    start = FORECAST.index(RAIN)
    data = cassette((ASK, answer({"text": "x"})), (PLAIN, grounded(FORECAST, startIndex=start, endIndex=start + len(RAIN), text=RAIN)))
    found_ = [(f.code, f.line, f.path) for f in check_recording("c.yaml", data, "gemini").findings if f.code.startswith("GW8")]
    assert found_ == [("GW814", 12, "interactions[1].response.candidates[0].groundingMetadata.groundingSupports[0].segment.startIndex")]


CONTRACT_RULES = ("GW814", "GW815", "GW816", "GW817", "GW818", "GW819")
# A Vertex answer of gemini-3-flash-preview whose recorded text is 2 UTF-8 bytes shorter than the
# text its offsets index, from its fifth segment on (its project re-serialised the body from YAML):
# the offsets are wrong for the recording, and an application replaying it misplaces 5 sources.
REWRITTEN = "test_google_vertex_tool_combination_omits_include_server_side_tool_invocations.yaml"


@needs_traffic
def test_the_real_answers_break_these_rules_only_where_the_recording_changed_the_text() -> None:
    fired = {
        (file.rsplit("/", 1)[-1], f.finding.code)
        for (_, file), rows in recordings().items()
        for f in conversation_findings(calls(rows))
        if f.finding.code in CONTRACT_RULES
    }
    assert fired == {(REWRITTEN, "GW814")}


def real_answers(accept: Any) -> list[tuple[dict[str, Any], dict[str, Any], Any]]:
    """Real unary exchanges (request, response, dialect) that `accept` takes, copied at run time."""
    out = []
    for rows in recordings().values():
        for row in rows:
            if row["status"] == 200 and row["response_body"].lstrip()[:1] == "{":
                request, response = json.loads(row["request_body"]), json.loads(row["response_body"])
                if accept(request, response):
                    out.append((request, response, dialect_of(row)))
    return out


def non_ascii_grounding(request: dict[str, Any], response: dict[str, Any]) -> bool:
    candidate = (response.get("candidates") or [{}])[0]
    parts = candidate.get("content", {}).get("parts", [])
    supports = candidate.get("groundingMetadata", {}).get("groundingSupports", [])
    return len(parts) == 1 and not parts[0].get("text", "").isascii() and any("text" in s["segment"] for s in supports)


@needs_traffic
def test_a_real_grounded_answer_recounted_in_characters_is_found() -> None:
    chosen = [(q, a, d) for q, a, d in real_answers(non_ascii_grounding) if check_exchange(q, a, dialect=d) == []]
    if not chosen:
        pytest.skip("no clean real grounded answer with non-ASCII text")
    request, response, dialect = chosen[0]
    recounted = copy.deepcopy(response)
    text = recounted["candidates"][0]["content"]["parts"][0]["text"]
    shifted = []
    for k, support in enumerate(recounted["candidates"][0]["groundingMetadata"]["groundingSupports"]):
        segment = support["segment"]
        start = text.encode()[: segment.get("startIndex", 0)].decode()
        segment["startIndex"], segment["endIndex"] = len(start), len(start) + len(segment["text"])
        if not text[: segment["endIndex"]].isascii():
            shifted.append(f"response.candidates[0].groundingMetadata.groundingSupports[{k}].segment.startIndex")
    found_ = [(f.code, f.path, "count characters" in f.message) for f in check_exchange(request, recounted, dialect=dialect)]
    assert shifted
    assert found_ == [("GW814", path, True) for path in shifted][:5]  # the first five of an answer


@needs_traffic
def test_a_real_streamed_answer_with_a_total_changed_is_found_after_folding() -> None:
    for rows in recordings().values():
        for row in rows:
            if row["status"] == 200 and row["sse"] and '"totalTokenCount"' in row["response_body"]:
                request = json.loads(row["request_body"])
                body = row["response_body"]
                assert [c for c, _ in found(request, body, dialect=dialect_of(row)) if c in CONTRACT_RULES] == []
                head, _, tail = body.rpartition('"totalTokenCount"')
                number = tail.split(":", 1)[1].lstrip().split(",", 1)[0].split("}", 1)[0]
                changed = f'{head}"totalTokenCount": {int(number) + 1}{tail.split(number, 1)[1]}'
                assert ("GW815", "response.usageMetadata.totalTokenCount") in found(request, changed, dialect=dialect_of(row))
                return
    pytest.skip("no real stream with a usage total")


def reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: reversed_keys(v) for k, v in reversed(value.items())}
    return [reversed_keys(v) for v in value] if isinstance(value, list) else value


def first_candidate(response: dict[str, Any]) -> dict[str, Any]:
    return (response.get("candidates") or [{}])[0]


def unasked_thoughts(request: dict[str, Any], response: dict[str, Any]) -> None:
    del request["generationConfig"]["thinkingConfig"]


def one_alternative_more(request: dict[str, Any], response: dict[str, Any]) -> None:
    step = first_candidate(response)["logprobsResult"]["topCandidates"][0]["candidates"]
    step.append(dict(step[-1]))


def text_only(request: dict[str, Any], response: dict[str, Any]) -> None:
    request["generationConfig"]["responseModalities"] = ["TEXT"]


def keys_reversed(request: dict[str, Any], response: dict[str, Any]) -> None:
    part = first_candidate(response)["content"]["parts"][-1]
    part["text"] = json.dumps(reversed_keys(json.loads(part["text"])))


INJECTIONS = {
    "GW816": (lambda q, a: any(p.get("thought") for p in first_candidate(a).get("content", {}).get("parts", [])), unasked_thoughts),
    "GW817": (lambda q, a: "topCandidates" in first_candidate(a).get("logprobsResult", {}), one_alternative_more),
    "GW818": (lambda q, a: "IMAGE" in q.get("generationConfig", {}).get("responseModalities", []) and '"inlineData"' in json.dumps(a), text_only),
    "GW819": (lambda q, a: "property_ordering" in json.dumps(q.get("generationConfig", {}).get("responseSchema")), keys_reversed),
}


@needs_traffic
@pytest.mark.parametrize("code", sorted(INJECTIONS))
def test_a_fault_injected_into_a_real_exchange_is_found(code: str) -> None:
    wanted, inject = INJECTIONS[code]
    chosen = [(q, a, d) for q, a, d in real_answers(wanted) if check_exchange(q, a, dialect=d) == []]
    if not chosen:
        pytest.skip(f"no clean real exchange to break {code} in")
    request, response, dialect = chosen[0]
    inject(request, response)
    assert {f.code for f in check_exchange(request, response, dialect=dialect)} == {code}
