"""Hostile input (issue 11): every entry point gives a value or a finding, never another exception.

One behaviour per test, each a class of input that once crashed, dropped data or misled.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import msgspec
import pytest

from gemini_wire import WireError, encode, gemini, unknown_fields, vertex
from gemini_wire.cli.check import Settings, check_document
from gemini_wire.cli.fmt import Unformattable, canonical_file
from gemini_wire.limits import MAX_DEPTH, too_deep
from gemini_wire.stream import StreamDecoder

TEXT = {"role": "user", "parts": [{"text": "hi"}]}


def body(**fields: Any) -> bytes:
    fields.setdefault("contents", [TEXT])
    return json.dumps(fields).encode()


def nested(levels: int, inner: bytes = b"1") -> bytes:
    """A JSON value that is `levels` objects deep."""
    return b'{"a":' * levels + inner + b"}" * levels


def args_request(value: bytes) -> bytes:
    return b'{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":' + value + b"}}]}]}"


def args_response(value: bytes) -> bytes:
    return b'{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":' + value + b"}}]}}]}"


def refused(decode: Callable[[Any], Any], data: Any) -> list[Any]:
    with pytest.raises(WireError) as info:
        decode(data)
    return info.value.findings


def stream(data: bytes) -> list[Any]:
    decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
    return decoder.feed(data) + decoder.close()


# --------------------------------------------------------------------------- nesting


def test_nesting_up_to_the_limit_decodes() -> None:
    # args (level 7 of the request) holds objects down to exactly MAX_DEPTH levels in all.
    request = gemini.decode_request(args_request(nested(MAX_DEPTH - 6)))
    assert request.contents[0].parts[0].function_call.args is not msgspec.UNSET


@pytest.mark.parametrize("levels", [MAX_DEPTH, 1_000, 100_000])
@pytest.mark.parametrize(
    "decode",
    [gemini.decode_request, vertex.decode_request],
    ids=["gemini", "vertex"],
)
def test_nesting_past_the_limit_is_a_finding_at_the_bracket(decode: Any, levels: int) -> None:
    data = args_request(nested(levels))
    (f,) = refused(decode, data)
    assert (f.code, f.line) == ("GW100", 1)
    assert data[f.column - 1 : f.column] == b"{"
    assert f"{MAX_DEPTH} levels" in f.message


@pytest.mark.parametrize("where", ["args", "responseJsonSchema", "schema", "details", "array"])
def test_nesting_anywhere_is_refused_by_decode_and_lint(where: str) -> None:
    deep = nested(5_000)
    data = {
        "args": args_request(deep),
        "responseJsonSchema": b'{"contents":[],"generationConfig":{"responseJsonSchema":' + deep + b"}}",
        "schema": b'{"generationConfig":{"responseSchema":' + b'{"items":' * 3_000 + b"{}" + b"}" * 3_000 + b"}}",
        "details": b'{"error":{"code":400,"details":[' + deep + b"]}}",
        "array": b"[" * 5_000 + b"]" * 5_000,
    }[where]
    decode, lint = (gemini.decode_error, gemini.lint_error) if where == "details" else (
        gemini.decode_request,
        gemini.lint_request,
    )
    assert [f.code for f in refused(decode, data)] == ["GW100"]
    assert [f.code for f in lint(data)] == ["GW100"]
    assert [f.code for f in lint(data.decode())] == ["GW100"]


def test_nesting_in_a_response_is_refused_by_decode_lint_and_both_streams() -> None:
    data = args_response(nested(5_000))
    assert [f.code for f in refused(gemini.decode_response, data)] == ["GW100"]
    assert [f.code for f in gemini.lint_response(data)] == ["GW100"]
    for framed in (b"data: " + data + b"\n\n", b"[" + data + b"]", b"data: " + data):
        assert [f.code for f in refused(stream, framed)] == ["GW121"]


def test_nesting_in_a_document_or_batch_line_is_a_finding_for_the_cli() -> None:
    data = args_request(nested(5_000))
    assert [f.code for f in check_document(data, Settings()).findings] == ["GW100"]
    assert [f.code for f in check_document(b'{"request":' + data + b"}", Settings(), line=True).findings] == ["GW100"]
    with pytest.raises(Unformattable):
        canonical_file(data, Settings(), batch=False)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = "[{" * 10_000
    assert too_deep(body(contents=[{"role": "user", "parts": [{"text": text}]}])) is None
    gemini.decode_request(body(contents=[{"role": "user", "parts": [{"text": text}]}]))


def test_cut_off_nesting_is_counted_too() -> None:
    assert too_deep(b"[" * (MAX_DEPTH + 1)) == MAX_DEPTH


def test_encode_reaches_as_deep_whether_or_not_a_struct_keeps_unknown_keys() -> None:
    deep: Any = 1
    for _ in range(600):
        deep = {"a": deep}
    response = msgspec.convert(
        {"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": deep}}]}}]},
        gemini.GenerateContentResponse,
    )
    alone = encode(response)
    kept = gemini.decode_response(b'{"somethingNew": 1}')  # a live Struct with an unknown key
    assert unknown_fields(kept) == {"somethingNew": 1}
    assert encode(response) == alone


# --------------------------------------------------------------------------- text and numbers


def test_lone_surrogate_in_a_str_is_a_finding_with_its_position() -> None:
    data = '{"contents": [{"role": "user", "parts": [{"text": "a\ud800"}]}]}'
    for findings in (refused(gemini.decode_request, data), gemini.lint_request(data)):
        (f,) = findings
        assert (f.code, f.line, f.column) == ("GW100", 1, 53)
        assert "U+D800" in f.message


@pytest.mark.parametrize(
    "fields",
    [
        {"generationConfig": {"candidateCount": "9" * 5_000}},
        {"generationConfig": {"seed": "-" + "9" * 5_000}},
        {"safetySettings": [{"category": "9" * 5_000, "threshold": "BLOCK_NONE"}]},
    ],
    ids=["int32", "negative", "enum-number"],
)
def test_integer_strings_past_4300_digits_are_findings(fields: dict[str, Any]) -> None:
    data = body(**fields)
    findings = refused(gemini.decode_request, data)
    assert {f.code for f in findings} <= {"GW105", "GW109"}
    assert all(len(f.message) < 200 for f in findings)
    assert {f.code for f in gemini.lint_request(data)} <= {"GW105", "GW109", "GW604", "GW606"}


def test_integer_string_past_4300_digits_as_a_response_enum_is_kept() -> None:
    data = b'{"candidates": [{"finishReason": "' + b"9" * 5_000 + b'"}]}'
    response = gemini.decode_response(data)
    assert json.loads(encode(response)) == json.loads(data)


def test_sse_retry_past_4300_digits_is_ignored() -> None:
    decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
    items = decoder.feed(b"retry: " + b"9" * 5_000 + b"\ndata: {}\n\n") + decoder.close()
    assert len(items) == 1
    assert decoder.retry is None


@pytest.mark.parametrize("literal", [b"1" + b"0" * 309, b"-1" + b"0" * 400])
def test_integer_literal_past_the_double_range_in_a_float_field_is_a_finding(literal: bytes) -> None:
    data = b'{"contents":[],"generationConfig":{"temperature":' + literal + b"}}"
    (f,) = [f for f in refused(gemini.decode_request, data) if f.path == "generationConfig.temperature"]
    assert f.code == "GW109"
    assert len(f.message) < 200
    assert "GW109" in {f.code for f in gemini.lint_request(data)}
