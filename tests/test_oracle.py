"""Structural oracle (DESIGN section 6.1): protobuf's json_format.Parse vs our decode_*.

On generated valid payloads both must accept. On mutated payloads (tests/mutations.py) their
verdicts must agree, or the disagreement must be a row of docs/differences.md, named by
`expected_difference`; and the codec's fast and slow paths must give the same verdict.
`test_known_differences` shows every row happening on a small example, in both dialects; the
tests at the end pin down the behaviour that some rows describe, and guard the fixes of the
former bug rows B2, B3 and B8.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass

import mutations as M
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemini_wire import encode
from gemini_wire import strategies as gws

DIALECTS = list(M.DIALECTS)
VALID_EXAMPLES = 50
MUTATION_EXAMPLES = 15


def budget(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def explain(m: M.Mutated, oracle: M.Verdict, ours: M.Verdict) -> str:
    return f"{m}\n  payload: {m.text[:2000]}\n  protobuf: {oracle}\n  gemini-wire: {ours}"


# --------------------------------------------------------------------------- valid payloads


@pytest.mark.parametrize("root", M.ROOTS)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_valid_payloads_are_accepted_by_both(dialect: str, root: str) -> None:
    @budget(VALID_EXAMPLES)
    @given(gws.payloads(dialect, root, max_depth=M.DEPTH))  # type: ignore[arg-type]
    def run(payload: dict) -> None:
        text = M.dumps(payload)
        ours = M.codec_verdict(dialect, root, text)
        assert ours.accepted, f"a generated valid payload is refused: {ours}\n{text[:2000]}"
        oracle = M.oracle_verdict(dialect, root, text)
        # P13: a field that the SDK sends and the protos lack yet is unknown to protobuf.
        assert oracle.accepted or M.added_field_refused(oracle), f"protobuf refuses what we accept: {oracle}\n{text[:2000]}"

    run()


# --------------------------------------------------------------------------- mutations

# Mutations that keep a valid payload valid for both parsers, wherever they apply.
STILL_VALID = {
    ("snake_case", "proto_name"),
    ("enum_number", "number"),
    ("enum_number", "decimal_string"),
    ("int64_string", "string"),
    ("int64_string", "integral_float"),
    ("base64", "url_safe"),
    ("base64", "unpadded"),
    ("base64", "url_safe_unpadded"),
}


@pytest.mark.parametrize(("name", "dialect", "root"), M.cases(), ids=lambda x: str(x))
def test_mutated_payloads_agree_or_differ_as_documented(name: str, dialect: str, root: str) -> None:
    applied: list[str] = []

    @budget(MUTATION_EXAMPLES)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        m = M.draw_mutated(data, name, dialect, root)
        if m is None:
            return
        applied.append(m.variant)
        text = m.text
        oracle = M.oracle_verdict(dialect, root, text)
        ours = M.codec_verdict(dialect, root, text)
        if (m.mutation, m.variant) in STILL_VALID:
            assert ours.accepted and (oracle.accepted or M.added_field_refused(oracle)), explain(m, oracle, ours)
        if oracle.accepted != ours.accepted:
            row = M.expected_difference(m, root, oracle, ours)
            assert row is not None, "undocumented disagreement:\n" + explain(m, oracle, ours)
            assert row in M.difference_rows(), f"row {row} is not in docs/differences.md"
        # Two paths, one verdict (and the same findings): the same content down the slow path.
        forced = M.force_slow_path(m.payload, M.table(dialect), root)
        if forced is not None and m.raw is None:
            slow = M.codec_verdict(dialect, root, M.dumps(forced))
            assert (slow.accepted, slow.codes) == (ours.accepted, ours.codes), (
                f"fast path: {ours}; slow path: {slow}\n" + explain(m, oracle, ours)
            )

    run()
    assert applied, f"{name} found no place in {MUTATION_EXAMPLES} payloads of {dialect} {root}"


# --------------------------------------------------------------------------- every row, for real


@dataclass(frozen=True)
class Example:
    row: str
    root: str
    mutation: str  # how expected_difference sees it
    variant: str
    text: Callable[[str], str]  # dialect -> JSON text
    kind: str | None = None
    dialects: tuple[str, ...] = tuple(M.DIALECTS)

    def mutated(self, dialect: str) -> M.Mutated:
        field = M.FieldSpec("x", "x", self.kind, None, False, False, None) if self.kind else None
        return M.Mutated(self.mutation, self.variant, None, "", field, "", self.text(dialect))


def fixed(text: str) -> Callable[[str], str]:
    return lambda dialect: text


def request(**fields: object) -> Callable[[str], str]:
    body = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}], **fields}
    return fixed(json.dumps(body))


def part(**fields: object) -> Callable[[str], str]:
    return fixed(json.dumps({"contents": [{"role": "user", "parts": [fields]}]}))


def inline_data(over: int, root: str) -> Callable[[str], str]:
    """Inline data `over` bytes beyond the dialect's decoded limit (a real 100 MiB / 20 MiB)."""

    def text(dialect: str) -> str:
        limit = M.table(dialect).limits[("Blob", "data")][0].keywords["decoded_max_bytes"]
        blob = {
            "inlineData": {"mimeType": "image/png", "data": base64.b64encode(bytes(limit + over)).decode()}
        }
        if root == M.REQUEST:
            return json.dumps({"contents": [{"role": "user", "parts": [blob]}]})
        return json.dumps({"candidates": [{"content": {"role": "model", "parts": [blob]}}]})

    return text


REQ, RESP, ERR = M.REQUEST, M.RESPONSE, M.ERROR
EXAMPLES = [
    Example(
        "P1", REQ, "limit", "six_stop_sequences", request(generationConfig={"stopSequences": list("abcdef")})
    ),
    Example(
        "P1",
        REQ,
        "limit",
        "logprobs_above_20",
        request(generationConfig={"responseLogprobs": True, "logprobs": 21}),
    ),
    Example("P1", REQ, "limit", "logprobs_without_flag", request(generationConfig={"logprobs": 5})),
    Example("P1", REQ, "limit", "fps_above_24", part(text="x", videoMetadata={"fps": 25})),
    Example("P1", REQ, "limit", "fps_zero", part(text="x", videoMetadata={"fps": 0})),
    Example("P1", REQ, "limit", "inline_data", inline_data(1, REQ)),
    Example("P2", REQ, "part_without_data", "empty", part()),
    Example("P2", REQ, "part_without_data", "data_null", part(text=None)),
    Example(
        "P3",
        REQ,
        "single_object",
        "first_element",
        fixed('{"contents": {"role": "user", "parts": {"text": "hi"}}}'),
    ),
    Example(
        "P3",
        REQ,
        "schema_type_lower_case",
        "lower_case",
        request(
            generationConfig={
                "responseMimeType": "application/json",
                "responseSchema": {"type": "object", "properties": {"a": {"type": "string"}}},
            }
        ),
    ),
    Example(
        "P4",
        REQ,
        "both_spellings",
        "same_value",
        part(inlineData={"mimeType": "image/png", "mime_type": "image/png", "data": "AA=="}),
    ),
    Example(
        "P5",
        REQ,
        "enum_number",
        "unknown_number",
        request(safetySettings=[{"category": 999, "threshold": "BLOCK_NONE"}]),
        kind="enum",
    ),
    Example(
        "P5",
        REQ,
        "enum_number",
        "bool",
        request(safetySettings=[{"category": True, "threshold": "BLOCK_NONE"}]),
        kind="enum",
    ),
    Example(
        "P5", RESP, "enum_number", "bool", fixed('{"candidates": [{"finishReason": true}]}'), kind="enum"
    ),
    Example(
        "P5",
        REQ,
        "wrong_type",
        "float",
        request(safetySettings=[{"category": 1.5, "threshold": "BLOCK_NONE"}]),
        kind="enum",
    ),
    Example("P6", REQ, "base64", "invalid_character", part(text="x", thoughtSignature="AA!A=")),
    Example("P6", REQ, "base64", "line_break", part(text="x", thoughtSignature="AAAA\nAAAA")),
    Example("P6", REQ, "base64", "invalid_character", part(inlineData={"mimeType": "image/png", "data": "AA!A="})),
    Example("P7", REQ, "python_number", "int:'+1'", request(generationConfig={"candidateCount": "+1"})),
    Example("P7", REQ, "python_number", "int:'1e2'", request(generationConfig={"maxOutputTokens": "1e2"})),
    Example("P7", REQ, "python_number", "float:'inf'", request(generationConfig={"temperature": "inf"})),
    Example("P7", REQ, "python_number", "float:'1_0'", request(generationConfig={"topP": "1_0"})),
    Example("P7", REQ, "wrong_type", "true", request(generationConfig={"temperature": True}), kind="float"),
    Example("P8", REQ, "wrong_type", "empty_list", request(generationConfig=[]), kind="message"),
    Example("P8", REQ, "wrong_type", "empty_string", request(toolConfig=""), kind="message"),
    Example("P8", RESP, "wrong_type", "text", fixed('{"usageMetadata": "abc"}'), kind="message"),
    Example(
        "P9",
        ERR,
        "error_detail",
        "unknown_type",
        fixed(
            '{"error": {"code": 400, "details": [{"@type": "type.googleapis.com/google.rpc.NotYetInvented", "x": 1}]}}'
        ),
    ),
    Example(
        "P9",
        ERR,
        "error_detail",
        "contents",
        fixed(
            '{"error": {"code": 400, "details": [{"@type": "type.googleapis.com/google.rpc.DebugInfo", "detail": 5}]}}'
        ),
    ),
    Example(
        "P10",
        RESP,
        "unknown_key",
        "extension_like",
        fixed('{"candidates": [{"[ext.field]": 1, "index": 0}]}'),
    ),
    Example(
        "P7",
        REQ,
        "trailing_line_break",
        "timestamp",
        request(tools=[{"googleSearch": {"timeRangeFilter": {"startTime": "2025-06-01T00:00:00+02:00\n"}}}]),
        kind="timestamp",
        dialects=("gemini-v1beta",),  # (v1 has the field from the SDK only: P13)
    ),
    Example(
        "P7",
        RESP,
        "trailing_line_break",
        "timestamp",
        fixed('{"createTime": "2025-06-01T00:00:00.5+02:00\\n"}'),
        kind="timestamp",
        dialects=("vertex-v1", "vertex-v1beta1"),
    ),
    Example(
        "P9",
        ERR,
        "wrong_type",
        "element_object",
        fixed('{"error": {"code": 400, "details": [{"detail": "no @type"}]}}'),
        kind="any",
    ),
    Example(
        "P9",
        ERR,
        "wrong_type",
        "element_type_not_string",
        fixed('{"error": {"code": 400, "details": [{"@type": 5}]}}'),
        kind="any",
    ),
    Example(
        "P13",
        REQ,
        "unknown_key",
        "sdk_field",
        request(generationConfig={"thinkingConfig": {"thinkingLevel": "LOW"}}),
        dialects=("gemini-v1beta", "gemini-v1"),
    ),
    Example("P13", REQ, "unknown_key", "sdk_field", request(serviceTier="flex"), dialects=("vertex-v1beta1",)),
    Example(
        "P11",
        REQ,
        "duplicate_key",
        "other_value",
        fixed('{"contents": [{"role": "user", "parts": [{"text": "a", "text": "b"}]}]}'),
    ),
    Example(
        "P11",
        REQ,
        "duplicate_key",
        "other_value",
        fixed(
            '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "systemInstruction": {"parts": [{"text": "a"}]}, "systemInstruction": {"parts": [{"text": "b"}]}}'
        ),
    ),
    Example(
        "P11",
        RESP,
        "duplicate_key",
        "other_value",
        fixed('{"candidates": [{"index": 0, "index": 1}]}'),
    ),
    Example(
        "P12",
        REQ,
        "float32_range",
        "number_above",
        request(tools=[{"googleSearchRetrieval": {"dynamicRetrievalConfig": {"dynamicThreshold": 3.5e38}}}]),
    ),
    Example(
        "P12",
        RESP,
        "float32_range",
        "number_below",
        fixed(
            '{"candidates": [{"groundingMetadata": {"groundingSupports": [{"confidenceScores": [-3.5e38]}]}}]}'
        ),
    ),
]
# Which way each row goes: protobuf accepts and we reject (True), or the other way round.
PROTOBUF_ACCEPTS = {
    "P1": True,
    "P2": True,
    "P3": False,
    "P4": True,
    "P5": True,
    "P6": True,
    "P7": True,
    "P8": True,
    "P9": False,
    "P10": False,
    "P11": False,
    "P12": False,
    "P13": False,
}


def shows(ex: Example, dialect: str) -> bool:
    """Whether an example can show its row in a dialect: the dialect has its fields, and has them
    from its protos (a field that a version takes from the SDK only is P13 to protobuf)."""
    if dialect not in ex.dialects:
        return False
    return ex.row == "P13" or not M.added_field_refused(M.oracle_verdict(dialect, ex.root, ex.text(dialect)))


SHOWN = [(ex, d) for ex in EXAMPLES for d in DIALECTS if shows(ex, d)]


@pytest.mark.parametrize(
    ("ex", "dialect"), [pytest.param(ex, d, id=f"{ex.row}-{ex.mutation}-{ex.variant}-{d}") for ex, d in SHOWN]
)
def test_known_differences(ex: Example, dialect: str) -> None:
    m = ex.mutated(dialect)
    text = m.text
    oracle, ours = M.oracle_verdict(dialect, ex.root, text), M.codec_verdict(dialect, ex.root, text)
    assert oracle.accepted == PROTOBUF_ACCEPTS[ex.row], f"protobuf: {oracle}"
    assert ours.accepted != PROTOBUF_ACCEPTS[ex.row], f"gemini-wire: {ours}"
    assert M.expected_difference(m, ex.root, oracle, ours) == ex.row
    assert ex.row in M.difference_rows()


def test_every_row_of_table_one_is_shown_in_both_dialects() -> None:
    rows = M.difference_rows()
    assert {r for r in rows if r.startswith("P")} == set(PROTOBUF_ACCEPTS)
    assert {e.row for e in EXAMPLES} == set(PROTOBUF_ACCEPTS)
    with_additions = {d for d in DIALECTS if M.table(d).added}  # P13 needs a field from the SDK
    for row in PROTOBUF_ACCEPTS:
        expected = with_additions if row == "P13" else set(DIALECTS)
        assert {d for e, d in SHOWN if e.row == row} == expected, row


def test_no_bug_rows_are_left() -> None:
    """Every row of docs/differences.md is deliberate: the former bug rows (B*) are fixed or
    documented as P11, P12, C1, C2."""
    assert not [r for r in M.difference_rows() if r.startswith("B")]


def test_both_spellings_of_optional_and_oneof_fields_are_refused_by_both() -> None:
    """P4 only holds for plain fields: for proto3 `optional` fields (a synthetic oneof) and real
    oneof members, json_format refuses both spellings too."""
    for dialect in DIALECTS:
        for text in (
            '{"contents": [], "systemInstruction": {}, "system_instruction": {}}',
            '{"contents": [{"parts": [{"inlineData": {"data": "AA=="}, "inline_data": {"data": "AA=="}}]}]}',
        ):
            assert not M.oracle_verdict(dialect, REQ, text).accepted
            assert M.codec_verdict(dialect, REQ, text).codes == {"GW103"}


# --------------------------------------------------------------------------- what some rows mean, on both paths


def both_paths(dialect: str, root: str, text: str) -> tuple[M.Verdict, M.Verdict]:
    """The codec's verdict on `text`, and on the same content sent down the slow path."""
    forced = M.force_slow_path(json.loads(text), M.table(dialect), root)
    assert forced is not None
    return M.codec_verdict(dialect, root, text), M.codec_verdict(dialect, root, M.dumps(forced))


def decode_both_paths(dialect: str, root: str, text: str) -> list[object]:
    d = M.DIALECTS[dialect]
    decode = {REQ: d.decode_request, RESP: d.decode_response, ERR: d.decode_error}[root]
    forced = M.force_slow_path(json.loads(text), M.table(dialect), root)
    assert forced is not None
    return [decode(text), decode(M.dumps(forced))]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_duplicate_keys_the_last_value_wins(dialect: str) -> None:
    """P11 (formerly B1): accepted, the last value wins, the earlier ones are not looked at."""
    for text in (
        '{"contents": [{"role": "user", "parts": [{"text": "a", "text": "b"}]}]}',
        '{"contents": [{"role": "user", "parts": [{"text": 5, "text": "b"}]}]}',
    ):
        for req in decode_both_paths(dialect, REQ, text):
            assert req.contents[0].parts[0].text == "b"  # type: ignore[attr-defined]
            assert b'"text":"b"' in encode(req)
    # The last value is judged as usual.
    fast, slow = both_paths(
        dialect, REQ, '{"contents": [{"role": "user", "parts": [{"text": "a", "text": 5}]}]}'
    )
    assert not fast.accepted and not slow.accepted and "GW101" in fast.codes and fast.codes == slow.codes


@pytest.mark.parametrize("dialect", DIALECTS)
def test_float32_overflow_is_kept_as_a_python_float(dialect: str) -> None:
    """P12 (formerly B4): accepted on both paths, kept and written back unchanged."""
    text = '{"contents": [], "tools": [{"googleSearchRetrieval": {"dynamicRetrievalConfig": {"dynamicThreshold": 3.5e38}}}]}'
    for req in decode_both_paths(dialect, REQ, text):
        assert req.tools[0].google_search_retrieval.dynamic_retrieval_config.dynamic_threshold == 3.5e38  # type: ignore[attr-defined]
        assert b'"dynamicThreshold":3.5e38' in encode(req)


# --------------------------------------------------------------------------- fixed bugs (B2, B3, B8)

RESPONSE_PARTS = '{"candidates": [{"content": {"role": "model", "parts": [%s]}}]}'
REQUEST_PARTS = '{"contents": [{"role": "user", "parts": [%s]}]}'
FPS_PART = '{"text": "x", "videoMetadata": {"fps": %s}}'
DETAILS = '{"error": {"code": 400, "details": [%s]}}'


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("fps", ["30", "0", "-1", "24.5", '"NaN"', '"Infinity"'])
def test_request_limits_do_not_apply_to_responses(dialect: str, fps: str) -> None:
    """B2 fixed: a response is never refused for a request limit, on either path; the same value
    in a request still is, on both paths (P1)."""
    part = FPS_PART % fps
    fast, slow = both_paths(dialect, RESP, RESPONSE_PARTS % part)
    assert fast.accepted and slow.accepted, (fast, slow)
    fast, slow = both_paths(dialect, REQ, REQUEST_PARTS % part)
    assert not fast.accepted and fast.codes == slow.codes == {"GW201"}, (fast, slow)


def test_inline_data_limit_does_not_apply_to_responses() -> None:
    """B2 fixed: a Vertex response may carry inline data over the 20 MiB request limit (a 4K
    image from an image model), on either path."""
    text = inline_data(1, RESP)("vertex")
    fast, slow = both_paths("vertex", RESP, text)
    assert fast.accepted and slow.accepted, (fast, slow)


DETAIL_OBJECTS = [
    "{}",
    '{"@type": 5}',
    '{"a": 1}',
    '{"@type": "type.googleapis.com/google.rpc.NotYetInvented", "x": [1]}',
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("detail", DETAIL_OBJECTS)
def test_an_error_detail_is_any_json_object_on_both_paths(dialect: str, detail: str) -> None:
    """B3 fixed: an error detail is any JSON object, kept as data, whatever else the body holds."""
    text = DETAILS % detail
    for body in decode_both_paths(dialect, ERR, text):
        assert body.error.details == [json.loads(detail)]  # type: ignore[attr-defined]
        assert json.loads(encode(body))["error"]["details"] == [json.loads(detail)]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("detail", ["5", '"x"', "[]", '[{"@type": "a"}]'])
def test_an_error_detail_that_is_not_an_object_is_refused_on_both_paths(dialect: str, detail: str) -> None:
    fast, slow = both_paths(dialect, ERR, DETAILS % detail)
    assert not fast.accepted and fast.codes == slow.codes == {"GW101"}, (fast, slow)


@pytest.mark.parametrize(
    ("kind", "root", "dialect", "text", "code"),
    [(k, r, d, t, c) for k, r, ds, t, c in M.LINE_BREAK_CASES for d in ds],
    ids=lambda x: x if isinstance(x, str) and len(x) < 24 else "",
)
def test_a_final_line_break_is_refused_by_both_paths(
    kind: str, root: str, dialect: str, text: str, code: str
) -> None:
    """B8 fixed: the Structs' patterns no longer let a final line break through, so the fast path
    refuses it like the slow path, with the same finding. (protobuf takes some of them: P6, P7.)"""
    fast, slow = both_paths(dialect, root, text)
    assert fast.codes == slow.codes == {code}, (fast, slow)
    assert not fast.accepted
    # Without the line break, the same payload is fine.
    assert M.codec_verdict(dialect, root, text.replace("\\n", "")).accepted
