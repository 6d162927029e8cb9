"""Schema vs Structs (DESIGN section 6.2): the checked-in wire JSON Schemas, run through
jsonschema, give the verdict our decode_* gives, on generated payloads and on the mutations of
tests/mutations.py; and what `encode` writes validates against canonical.json.

A disagreement must be a row of docs/differences.md (table 2 and the canonical table), named by
`expected_schema_difference` / `expected_canonical_difference`; `test_known_differences` and
`test_known_canonical_differences` show every row happening, in both dialects, and the tests at
the end guard the fixes of the former bug rows B2, B3, B7 and B8.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import jsonschema_rs
import msgspec
import mutations as M
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemini_wire import encode
from gemini_wire import strategies as gws
from gemini_wire.endpoints import INTERACTIONS

DIALECTS = list(M.DIALECTS)
VALID_EXAMPLES = 40
MUTATION_EXAMPLES = 12
REQ, RESP, ERR = M.REQUEST, M.RESPONSE, M.ERROR


def budget(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def decode(dialect: str, root: str, text: str) -> object:
    d = M.DIALECTS[dialect]
    return {REQ: d.decode_request, RESP: d.decode_response, ERR: d.decode_error}[root](text)


def canonical_verdict(dialect: str, root: str, text: str) -> tuple[M.Verdict, bytes]:
    out = encode(decode(dialect, root, text))
    return M.schema_verdict(dialect, root, json.loads(out), canonical=True), out


# --------------------------------------------------------------------------- the schemas themselves

SCHEMAS = sorted(str(p.relative_to(M.ROOT)) for p in (M.ROOT / "schema").glob("*/*.json"))


def subschemas(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from subschemas(v)
    elif isinstance(node, list):
        for v in node:
            yield from subschemas(v)


@pytest.mark.parametrize("path", SCHEMAS)
def test_schema_is_valid_json_schema_2020_12(path: str) -> None:
    """(B7 fixed: canonical.json had `{"not": {"anyOf": []}}` for oneof groups of one member.)"""
    schema = json.loads((M.ROOT / path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    for sub in subschemas(schema):
        for key in ("anyOf", "oneOf", "allOf"):
            assert sub.get(key, [None]), f"an empty {key} in {path}"


@pytest.mark.parametrize("path", SCHEMAS)
def test_every_pattern_refuses_a_final_line_break(path: str) -> None:
    """B8 fixed: every pattern ends in `$(?!\\n)` (a no-op in ECMA-262; in Python it stops `$`
    matching before a final line break) and has no other `$`; except base64 (row S3), which
    ends in a plain `$` so that backtracking engines can match megabytes of it."""
    patterns = {
        sub["pattern"]: sub
        for sub in subschemas(json.loads((M.ROOT / path).read_text()))
        if isinstance(sub.get("pattern"), str)  # (not the property `pattern` of the Schema message)
    }
    assert patterns or path.split("/")[1] in INTERACTIONS  # the Interactions spec has no pattern
    for p, sub in patterns.items():
        if sub.get("contentEncoding") == "base64":
            assert p.startswith("^") and (p.endswith("={0,2}$") or p.endswith("=)?$")), p
            assert p.count("$") == 1 and "(?" not in p.replace("(?:", ""), p  # no lookaround at all
        else:
            assert p.startswith("^") and p.endswith("$(?!\\n)") and p.count("$") == 1, p


@pytest.mark.parametrize("dialect", DIALECTS)
def test_jsonschema_rs_validates_megabytes_of_base64(dialect: str) -> None:
    """Row S3: with a lookahead in the base64 pattern, jsonschema-rs failed from about 1 MB on
    ("Max stack size exceeded for backtracking"); the fastest validator must work on our schema."""
    schema = json.loads((M.ROOT / "schema" / dialect / "GenerateContentRequest.json").read_text())
    validator = jsonschema_rs.validator_for(schema)
    data = base64.b64encode(bytes(range(256)) * (12 * 4096)).decode()  # 12 MiB, 16 MiB of base64
    request = {"contents": [{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": data}}]}]}
    assert validator.is_valid(request)
    request["contents"][0]["parts"][0]["inlineData"]["data"] = data[:-4] + "AA!="
    assert not validator.is_valid(request)


def struct_patterns(dialect: str) -> set[str]:
    """The `Meta(pattern=...)` of every field of the dialect's Structs (both paths decode into them)."""
    found: set[str] = set()

    def walk(t: msgspec.inspect.Type) -> None:  # one Struct's field types; nested Structs come on their own
        if isinstance(t, msgspec.inspect.StrType) and t.pattern is not None:
            found.add(t.pattern)
        elif isinstance(t, msgspec.inspect.UnionType):
            for x in t.types:
                walk(x)
        elif isinstance(t, (msgspec.inspect.ListType, msgspec.inspect.DictType)):
            walk(t.value_type if isinstance(t, msgspec.inspect.DictType) else t.item_type)

    for spec in M.table(dialect).messages.values():
        info = msgspec.inspect.type_info(spec.cls)
        assert isinstance(info, msgspec.inspect.StructType)
        for f in info.fields:
            walk(f.type)
    return found


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_struct_pattern_refuses_a_final_line_break(dialect: str) -> None:
    patterns = struct_patterns(dialect)
    assert patterns  # 64-bit integers, Duration, Timestamp
    for p in patterns:
        assert p.startswith("^") and p.endswith("$(?!\\n)") and p.count("$") == 1, p


# --------------------------------------------------------------------------- valid payloads


@pytest.mark.parametrize("root", M.ROOTS)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_valid_payloads_schema_and_codec_accept_and_encode_is_canonical(dialect: str, root: str) -> None:
    @budget(VALID_EXAMPLES)
    @given(gws.payloads(dialect, root, max_depth=M.DEPTH))  # type: ignore[arg-type]
    def run(payload: dict) -> None:
        text = M.dumps(payload)
        assert M.codec_verdict(dialect, root, text).accepted
        schema = M.schema_verdict(dialect, root, payload)
        assert schema.accepted, f"the wire schema refuses a valid payload: {schema}\n{text[:2000]}"
        canonical, out = canonical_verdict(dialect, root, text)
        assert canonical.accepted, f"encode writes what canonical.json refuses: {canonical}\n{out[:2000]!r}"
        # The canonical form is also a wire form, and encoding it again changes nothing.
        assert M.schema_verdict(dialect, root, json.loads(out)).accepted
        assert encode(decode(dialect, root, out)) == out

    run()


# --------------------------------------------------------------------------- mutations


@pytest.mark.parametrize(("name", "dialect", "root"), M.cases(), ids=lambda x: str(x))
def test_mutated_payloads_schema_agrees_with_codec(name: str, dialect: str, root: str) -> None:
    applied: list[str] = []

    @budget(MUTATION_EXAMPLES)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        m = M.draw_mutated(data, name, dialect, root)
        if m is None:
            return
        applied.append(m.variant)
        text = m.text
        ours = M.codec_verdict(dialect, root, text)
        # What another validator sees: the parsed JSON (for a duplicate key, the last value).
        schema = M.schema_verdict(dialect, root, json.loads(text))
        if schema.accepted != ours.accepted:
            row = M.expected_schema_difference(m, root, schema, ours)
            assert row is not None, (
                f"undocumented disagreement: {m}\n  payload: {text[:2000]}\n  schema: {schema}\n  gemini-wire: {ours}"
            )
            assert row in M.difference_rows(), f"row {row} is not in docs/differences.md"
        if ours.accepted:
            canonical, out = canonical_verdict(dialect, root, text)
            if not canonical.accepted:
                row = M.expected_canonical_difference(m, root, canonical)
                assert row is not None, (
                    f"encode writes what canonical.json refuses: {m}\n  {canonical}\n  {out[:2000]!r}"
                )
                assert row in M.difference_rows()

    run()
    assert applied, f"{name} found no place in {MUTATION_EXAMPLES} payloads of {dialect} {root}"


# --------------------------------------------------------------------------- every row, for real


def over_limit(dialect: str, over: int) -> str:
    limit = M.table(dialect).limits[("Blob", "data")][0].keywords["decoded_max_bytes"]
    data = base64.b64encode(bytes(limit + over)).decode()
    return json.dumps(
        {"contents": [{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": data}}]}]}
    )


GEN = '{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": %s}'
LATLNG = '{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "toolConfig": {"retrievalConfig": {"latLng": {"latitude": %s}}}}'
FPS = '{"contents": [{"role": "user", "parts": [{"text": "x", "videoMetadata": {"fps": %s}}]}]}'
SCHEMA_EXAMPLES = [
    ("S1", REQ, "int32_string", "out_of_range", lambda d: GEN % '{"seed": "2147483648"}'),
    (
        "S1",
        REQ,
        "limit",
        "logprobs_string_above_20",
        lambda d: GEN % '{"responseLogprobs": true, "logprobs": "21"}',
    ),
    ("S1", REQ, "float_special", "NaN", lambda d: FPS % '"NaN"'),
    ("S1", REQ, "float_special", "Infinity", lambda d: FPS % '"Infinity"'),
    ("S2", REQ, "inline_data_limit", "one_byte_over", lambda d: over_limit(d, 1)),
    (
        "S3",
        REQ,
        "trailing_line_break",
        "bytes",
        lambda d: '{"contents": [{"role": "user", "parts": [{"text": "x", "thoughtSignature": "AAAA\\n"}]}]}',
    ),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    ("row", "root", "mutation", "variant", "text"),
    SCHEMA_EXAMPLES,
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_known_differences(row: str, root: str, mutation: str, variant: str, text, dialect: str) -> None:  # type: ignore[no-untyped-def]
    raw = text(dialect)
    m = M.Mutated(mutation, variant, None, raw=raw)
    schema, ours = M.schema_verdict(dialect, root, json.loads(raw)), M.codec_verdict(dialect, root, raw)
    assert schema.accepted != ours.accepted, f"schema: {schema}; gemini-wire: {ours}"
    assert M.expected_schema_difference(m, root, schema, ours) == row
    assert row in M.difference_rows()


# (row, root, mutation, variant, JSON text, what `encode` keeps that canonical.json cannot say)
CANONICAL_EXAMPLES = [
    ("C1", REQ, "float_special", "NaN", LATLNG % '"NaN"', b'"latitude":"NaN"'),
    (
        "C1",
        RESP,
        "float_special",
        "-Infinity",
        '{"candidates": [{"avgLogprobs": "-Infinity"}]}',
        b'"-Infinity"',
    ),
    (
        "C1",
        RESP,
        "float_special",
        "Infinity",
        '{"candidates": [{"citationMetadata": {}, "avgLogprobs": "Infinity"}]}',
        b'"Infinity"',
    ),
    (
        "C2",
        RESP,
        "unknown_key",
        "made_up",
        '{"candidates": [{"index": 0}], "notYetInvented": 1}',
        b'"notYetInvented":1',
    ),
    (
        "C2",
        RESP,
        "bad_enum_name",
        "made_up",
        '{"candidates": [{"finishReason": "NOT_YET_INVENTED"}]}',
        b'"NOT_YET_INVENTED"',
    ),
    ("C2", ERR, "enum_number", "unknown_number", '{"error": {"code": 400, "status": 99}}', b'"status":99'),
    ("C2", ERR, "unknown_key", "made_up", '{"error": {"code": 400, "reason": "x"}}', b'"reason":"x"'),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    ("row", "root", "mutation", "variant", "text", "kept"),
    CANONICAL_EXAMPLES,
    ids=lambda x: x if isinstance(x, str) and len(x) < 20 else "",
)
def test_known_canonical_differences(
    row: str, root: str, mutation: str, variant: str, text: str, kept: bytes, dialect: str
) -> None:
    assert M.codec_verdict(dialect, root, text).accepted
    canonical, out = canonical_verdict(dialect, root, text)
    assert not canonical.accepted, out
    assert kept in out, out  # what encode writes, as the row says
    assert (
        M.expected_canonical_difference(M.Mutated(mutation, variant, None, raw=text), root, canonical) == row
    )
    assert row in M.difference_rows()


@pytest.mark.parametrize("dialect", ["gemini-v1beta", "gemini-v1", "vertex-v1beta1"])  # the versions with serviceTier
def test_a_value_of_an_enum_that_only_the_sdk_names_is_kept_in_a_request(dialect: str) -> None:
    text = '{"contents": [{"role": "user", "parts": [{"text": "a"}]}], "serviceTier": "NOT_YET_NAMED"}'
    assert M.codec_verdict(dialect, REQ, text).accepted
    assert M.schema_verdict(dialect, REQ, json.loads(text)).accepted  # the wire schema takes any string
    canonical, out = canonical_verdict(dialect, REQ, text)
    assert not canonical.accepted and b'"NOT_YET_NAMED"' in out
    field = M.table(dialect).messages["GenerateContentRequest"].by_key["serviceTier"]
    mutated = M.Mutated("bad_enum_name", "made_up", None, field=field, raw=text, dialect=dialect)
    assert M.expected_canonical_difference(mutated, REQ, canonical) == "C3"
    assert "C3" in M.difference_rows()


def test_every_row_of_table_two_and_the_canonical_table_is_shown() -> None:
    rows = M.difference_rows()
    schema_rows = {r for r, *_ in SCHEMA_EXAMPLES}
    canonical_rows = {r for r, *_ in CANONICAL_EXAMPLES} | {"C3"}  # C3: its own test, below
    assert {r for r in rows if r.startswith("S")} == schema_rows
    assert {r for r in rows if r.startswith("C")} == canonical_rows
    assert not [r for r in rows if r.startswith("B")]  # the former bug rows: fixed or documented


# --------------------------------------------------------------------------- fixed bugs (B2, B3, B8)

RESPONSE_FPS = (
    '{"candidates": [{"content": {"role": "model", "parts": [{"text": "x", "videoMetadata": {"fps": %s}}]}}]}'
)
REQUEST_FPS = '{"contents": [{"role": "user", "parts": [{"text": "x", "videoMetadata": {"fps": %s}}]}]}'
DETAILS = '{"error": {"code": 400, "details": [%s]}}'


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("fps", ["30", "0", "-1"])
def test_response_schemas_carry_no_request_limit(dialect: str, fps: str) -> None:
    """B2 fixed: the response wire schema and canonical.json take what the codec takes in a
    response; the request wire schema still refuses it."""
    text = RESPONSE_FPS % fps
    assert M.codec_verdict(dialect, RESP, text).accepted
    assert M.schema_verdict(dialect, RESP, json.loads(text)).accepted
    canonical, out = canonical_verdict(dialect, RESP, text)
    assert canonical.accepted, out
    assert not M.schema_verdict(dialect, REQ, json.loads(REQUEST_FPS % fps)).accepted


@pytest.mark.parametrize("dialect", DIALECTS)
def test_request_limits_stay_in_canonical_for_request_only_messages(dialect: str) -> None:
    """GenerationConfig never travels in a response, so canonical.json keeps its limits."""
    assert not M.schema_verdict(dialect, REQ, json.loads(GEN % '{"temperature": 3}'), canonical=True).accepted
    assert M.schema_verdict(dialect, REQ, json.loads(GEN % '{"temperature": 1}'), canonical=True).accepted


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("detail", ["{}", '{"@type": 5}', '{"a": 1}'])
def test_schemas_take_any_object_as_an_error_detail(dialect: str, detail: str) -> None:
    """B3 fixed: like the codec, the wire schema and canonical.json take any JSON object as an
    error detail, and refuse anything else."""
    text = DETAILS % detail
    assert M.codec_verdict(dialect, ERR, text).accepted
    assert M.schema_verdict(dialect, ERR, json.loads(text)).accepted
    canonical, out = canonical_verdict(dialect, ERR, text)
    assert canonical.accepted, out
    bad = json.loads(DETAILS % "5")
    assert not M.schema_verdict(dialect, ERR, bad).accepted
    assert not M.schema_verdict(dialect, ERR, bad, canonical=True).accepted


@pytest.mark.parametrize(
    ("kind", "root", "dialect", "text", "code"),
    [(k, r, d, t, c) for k, r, ds, t, c in M.LINE_BREAK_CASES for d in ds],
    ids=lambda x: x if isinstance(x, str) and len(x) < 24 else "",
)
def test_schemas_refuse_a_final_line_break(kind: str, root: str, dialect: str, text: str, code: str) -> None:
    """B8 fixed: jsonschema, which matches patterns with Python's `re.search`, refuses a final
    line break like the codec does, in the wire schema and in canonical.json; except on base64
    (row S3), whose pattern has no lookahead."""
    assert not M.codec_verdict(dialect, root, text).accepted
    wire = M.schema_verdict(dialect, root, json.loads(text))
    if kind == "bytes":  # row S3: Python's `$` lets the base64 pattern end before the line break
        assert wire.accepted, wire
        return
    assert not wire.accepted and "does not match" in wire.detail, wire
    clean = json.loads(text.replace("\\n", ""))
    assert M.schema_verdict(dialect, root, clean).accepted
    if M.schema_verdict(dialect, root, clean, canonical=True).accepted:  # a string in canonical form too
        assert not M.schema_verdict(dialect, root, json.loads(text), canonical=True).accepted
