"""A client's view of a response: new enum values and new keys are where the wire put them,
and stay there through msgspec's operations, pickle, copies and aggregation."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import msgspec
import pytest

import gemini_wire
from gemini_wire import WireError, aggregate, dialect, encode, gemini, unknown_fields
from gemini_wire.dialects import NAMES

NEW = {
    "candidates": [
        {
            "content": {"role": "model", "parts": [{"text": "hi", "newPartKey": [1, 2]}]},
            "finishReason": "BRAND_NEW_REASON",
            "safetyRatings": [{"category": "HARM_CATEGORY_NEW", "probability": "LOW"}],
            "newCandidateKey": {"a": 1},
        }
    ],
    "usageMetadata": {"promptTokenCount": 3, "newCount": 4},
    "newTopKey": "t",
}


def decoded(body: dict[str, Any] = NEW) -> Any:
    return gemini.decode_response(json.dumps(body))


# --------------------------------------------------------------------------- open enum values


def test_an_unknown_enum_value_is_read_at_its_field() -> None:
    candidate = decoded().candidates[0]
    assert candidate.finish_reason == "BRAND_NEW_REASON"
    assert str(candidate.finish_reason) == "BRAND_NEW_REASON"
    assert isinstance(candidate.finish_reason, gemini.FinishReason)
    assert candidate.finish_reason != gemini.FinishReason.STOP


def test_a_known_enum_value_is_its_member() -> None:
    body = {"candidates": [{"finishReason": "STOP"}]}
    assert decoded(body).candidates[0].finish_reason is gemini.FinishReason.STOP


def test_an_unknown_enum_value_in_a_list_and_in_a_nested_struct_is_kept() -> None:
    rating = decoded().candidates[0].safety_ratings[0]
    assert rating.category == "HARM_CATEGORY_NEW" and rating.probability is gemini.HarmProbability.LOW


def test_an_unknown_enum_value_survives_aggregation() -> None:
    first = gemini.decode_response(b'{"candidates":[{"content":{"parts":[{"text":"a"}]}}]}')
    last = gemini.decode_response(b'{"candidates":[{"content":{"parts":[{"text":"b"}]},"finishReason":"NEW_END"}]}')
    final = aggregate([first, last])
    assert final.candidates[0].finish_reason == "NEW_END"
    assert unknown_fields(final) == {("candidates", 0, "finishReason"): "NEW_END"}


def test_an_unknown_enum_value_in_a_request_is_still_refused() -> None:
    body = {"contents": [{"parts": [{"text": "x"}]}], "safetySettings": [{"category": "HARM_CATEGORY_NEW", "threshold": "BLOCK_NONE"}]}
    with pytest.raises(WireError) as info:
        gemini.decode_request(json.dumps(body))
    assert [f.code for f in info.value.findings] == ["GW105"]


def test_msgspec_called_directly_keeps_enums_closed() -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"finishReason": "NEW"}, gemini.Candidate)
    with pytest.raises(ValueError):
        gemini.FinishReason("NEW")


@pytest.mark.parametrize("name", NAMES)
def test_every_dialect_reads_a_new_finish_reason(name: str) -> None:
    d = dialect(name)
    r = d.decode_response(b'{"candidates":[{"finishReason":"NEWER"}]}')
    assert r.candidates[0].finish_reason == "NEWER"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- unknown keys


def test_unknown_fields_finds_every_new_key_and_value_by_its_path() -> None:
    assert unknown_fields(decoded()) == {
        ("candidates", 0, "content", "parts", 0, "newPartKey"): [1, 2],
        ("candidates", 0, "finishReason"): "BRAND_NEW_REASON",
        ("candidates", 0, "safetyRatings", 0, "category"): "HARM_CATEGORY_NEW",
        ("candidates", 0, "newCandidateKey"): {"a": 1},
        ("usageMetadata", "newCount"): 4,
        ("newTopKey",): "t",
    }


def test_unknown_fields_of_a_canonical_response_is_empty() -> None:
    assert unknown_fields(decoded({"candidates": [{"finishReason": "STOP", "index": 0}]})) == {}


def test_a_struct_with_new_keys_is_still_its_class_and_reads_them_as_attributes() -> None:
    candidate = decoded().candidates[0]
    assert isinstance(candidate, gemini.Candidate)
    assert candidate.newCandidateKey == {"a": 1}
    assert type(candidate).__name__ == "Candidate"


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda r: r, id="as decoded"),
        pytest.param(lambda r: msgspec.structs.replace(r, model_version="m"), id="replace"),
        pytest.param(copy.deepcopy, id="deepcopy"),
        pytest.param(copy.copy, id="copy"),
        pytest.param(lambda r: pickle.loads(pickle.dumps(r)), id="pickle"),
    ],
)
def test_new_keys_and_values_survive(operation: Any) -> None:
    r = operation(decoded())
    assert {k: v for k, v in unknown_fields(r).items()} == unknown_fields(decoded())
    assert json.loads(encode(r)) | {"modelVersion": "m"} == NEW | {"modelVersion": "m"}


def test_msgspec_json_encode_writes_new_keys_where_they_were() -> None:
    assert json.loads(msgspec.json.encode(decoded())) == NEW
    assert json.loads(encode(decoded())) == NEW


def test_msgspec_to_builtins_keeps_new_keys_and_values() -> None:
    assert msgspec.to_builtins(decoded()) == NEW


def test_a_re_encoded_response_decodes_to_an_equal_one() -> None:
    r = decoded()
    assert gemini.decode_response(msgspec.json.encode(r)) == r


def test_unknown_keys_on_separate_objects_do_not_leak_between_them() -> None:
    a = decoded()
    b = decoded({"candidates": [{"index": 0}]})
    assert unknown_fields(b) == {}
    assert unknown_fields(a.candidates[0]) != {}


# --------------------------------------------------------------------------- the middle path


MENDED = [
    {"candidates": [{"index": 0, "newKey": 1}]},
    {"newTop": {"x": [1]}, "candidates": [{"index": 0}]},
    {"candidates": [{"content": {"parts": [{"text": "a", "n": 1}, {"text": "b", "n": 2}]}}, {"content": {"parts": [{"text": "c", "n": 3}]}}]},
    {"usage_metadata": {"prompt_token_count": 1}, "model_version": "m"},
    {"candidates": [{"finish_reason": "STOP", "safety_ratings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "LOW", "x": 1}]}]},
    {"candidates": [{"groundingMetadata": {"groundingChunks": [{"web": {"uri": "u", "new": 1}}]}}], "new": None},
    {"promptFeedback": {"blockReason": "NEW_REASON", "newFeedback": True}},
    {"candidates": [{"index": 0, "newKey": 1}, {"index": 1}, {"index": 2, "newKey": 2}]},
    {"candidates": [{"index": 0, "one": 1, "two": 2}, {"index": 1, "two": 3}]},
    {"candidates": [{"content": {"parts": [{"text": "a", "n": 1}]}, "c": 1}], "usage_metadata": {"promptTokenCount": 1}},
    {"candidates": [{"index": 0}], "usage_metadata": {"promptTokenCount": 1}},
]


@pytest.mark.parametrize("body", MENDED)
def test_the_middle_path_gives_what_the_long_way_gives(body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    codec = gemini.DIALECT.codec
    with pytest.raises(msgspec.ValidationError) as refused:
        codec.opened("GenerateContentResponse")(data)
    assert codec._repair.mend(data, "GenerateContentResponse", refused.value) is not None  # mended, not the long way
    long_way, findings = codec.slow(data, "GenerateContentResponse", request=False)
    assert findings == []
    fast = gemini.decode_response(data)
    assert fast == long_way
    assert unknown_fields(fast) == unknown_fields(long_way)
    assert encode(fast) == encode(long_way)


def test_responses_after_a_changed_one_decode_as_they_are_whatever_comes_next() -> None:
    # The decoder tries first what the last response needed (codec/repair.py): a response that
    # needs something else, or nothing, gets what the long way gives all the same.
    bodies = [*MENDED, {"candidates": [{"index": 0}]}, MENDED[0], MENDED[0], {"modelVersion": "m"}, MENDED[3], MENDED[0]]
    for body in bodies:
        data = json.dumps(body).encode()
        long_way, _ = gemini.DIALECT.codec.slow(data, "GenerateContentResponse", request=False)
        fast = gemini.decode_response(data)
        assert fast == long_way, body
        assert unknown_fields(fast) == unknown_fields(long_way)
        assert encode(fast) == encode(long_way)


def test_a_variant_is_tried_first_while_responses_bring_its_change_and_dropped_after() -> None:
    # codec/variants.py tells which objects held the change: a new key, or a key spelled otherwise.
    expected = gemini.DIALECT.codec._repair.expected
    root = "GenerateContentResponse"
    for body in ({"candidates": [{"index": 0, "newKey": 1}]}, {"usage_metadata": {"promptTokenCount": 1}}):
        data = json.dumps(body).encode()
        first = gemini.decode_response(data)
        variant = expected[root]
        assert gemini.decode_response(data) == first and expected[root] is variant  # still needed
        assert gemini.decode_response(b'{"modelVersion": "m"}') == gemini.GenerateContentResponse(model_version="m")
        assert root not in expected  # a response that needs nothing of it


def test_a_new_key_keeps_the_typed_path_for_the_rest_of_the_response() -> None:
    body = {"candidates": [{"index": 0, "content": {"parts": [{"text": "a"}]}, "newKey": 1}], "usageMetadata": {"promptTokenCount": "x"}}
    with pytest.raises(WireError) as info:  # msgspec still checks what the variant decodes
        gemini.decode_response(json.dumps(body))
    assert [f.code for f in info.value.findings] == ["GW101"]


def test_both_spellings_of_one_field_still_take_the_long_way_and_are_refused() -> None:
    with pytest.raises(WireError) as info:
        gemini.decode_response(b'{"modelVersion":"a","model_version":"b"}')
    assert [f.code for f in info.value.findings] == ["GW103"]


# --------------------------------------------------------------------------- WireError, namespace


def test_a_wire_error_does_not_chain_msgspecs_error() -> None:
    for decode, data in ((gemini.decode_request, b'{"contents": 1}'), (gemini.decode_response, b'{"candidates": 1}')):
        with pytest.raises(WireError) as info:
            decode(data)
        assert info.value.__context__ is None and info.value.__cause__ is None


def test_a_wire_error_stays_short_for_a_megabyte_key_and_keeps_it_in_the_path_value() -> None:
    key = "k" * 1_000_000
    body = {"contents": [{"parts": [{"text": "x"}]}], "labels": {key: 5}}
    with pytest.raises(WireError) as info:
        gemini.decode_request(json.dumps(body))
    assert len(str(info.value)) < 500
    assert "(1,000,000 characters)" in str(info.value)
    assert info.value.findings[0].loc == ("labels", key)


def test_the_package_namespace_is_its_all() -> None:
    assert dir(gemini_wire) == sorted(gemini_wire.__all__)
    names: dict[str, Any] = {}
    exec("from gemini_wire import *", names)
    assert sorted(n for n in names if n != "__builtins__") == sorted(gemini_wire.__all__)
    assert not {"Any", "importlib", "annotations"} & set(vars(gemini_wire))


def test_a_dialect_prints_its_name() -> None:
    d = dialect("vertex-v1")
    assert str(d) == "vertex-v1" and repr(d) == "<Dialect vertex-v1>"


def test_an_enum_number_that_no_value_has_is_kept_as_the_number() -> None:
    data = b'{"candidates":[{"finishReason":99}]}'
    r = gemini.decode_response(data)
    assert r.candidates[0].finish_reason == 99
    assert unknown_fields(r) == {("candidates", 0, "finishReason"): 99}
    assert encode(r) == msgspec.json.encode(r) == data


def test_keys_that_msgspec_cannot_name_are_kept_and_written_back_in_place() -> None:
    body = {"error": {"code": 400, "": 1, 'a"b': 2, "c\\d": 3}}
    e = gemini.decode_error(json.dumps(body))
    assert unknown_fields(e) == {("error", ""): 1, ("error", 'a"b'): 2, ("error", "c\\d"): 3}
    assert json.loads(encode(e)) == body
    assert json.loads(encode(pickle.loads(pickle.dumps(e)))) == body


def test_a_response_that_kept_unknown_keys_goes_into_the_history() -> None:
    r = gemini.decode_response(b'{"candidates":[{"content":{"role":"model","parts":[{"text":"a"}]}}],"newTop":1}')
    (turn,) = gemini_wire.append_response([], r)
    assert turn.parts[0].text == "a"
