"""Fuzzing aggregation with a fixed budget: `aggregate` of any chunks gives a response or raises
WireError, and its result is of the order of the chunks' size (the promise of tests/promises.py,
`aggregates`). The chunks come from three sources: tests/chunks.py (small pools that repeat
entries, continue strings and reach the edges of jsonPath), the library's own strategies, and the
streams in examples/ with values and keys replaced by edge cases. fuzz/entry_points.py runs the
same promise longer."""

from __future__ import annotations

from pathlib import Path

import msgspec
from chunks import chunks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from promises import aggregates
from test_fuzz import KEY_AT, KEYS, VALUE_AT, VALUES

from gemini_wire import encode
from gemini_wire import strategies as gws

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STREAMS = {
    "gemini": [msgspec.json.encode(c) for c in msgspec.json.decode((EXAMPLES / "gemini-chat.stream.json").read_bytes())],
    "vertex": [msgspec.json.encode(c) for c in msgspec.json.decode((EXAMPLES / "vertex-handbook.stream.json").read_bytes())],
}
FUZZ = settings(max_examples=200, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.sampled_from(["gemini", "vertex"]), st.data())
def test_aggregate_of_chunks_from_small_pools_keeps_its_promise(dialect: str, data: st.DataObject) -> None:
    drawn = data.draw(st.lists(chunks(vertex=dialect == "vertex"), min_size=1, max_size=8))
    aggregates(dialect, [msgspec.json.encode(c) for c in drawn])


@FUZZ
@given(st.sampled_from(["gemini-v1beta", "gemini-v1", "vertex-v1", "vertex-v1beta1"]), st.data())
def test_aggregate_of_generated_responses_keeps_its_promise(dialect: str, data: st.DataObject) -> None:
    drawn = data.draw(st.lists(gws.responses(dialect, max_depth=4), min_size=1, max_size=4))
    aggregates(dialect, [encode(r) for r in drawn])


@st.composite
def mutated_stream(draw: st.DrawFn, dialect: str) -> list[bytes]:
    """An example stream's chunks, a few of them with a value or key replaced by an edge case."""
    out = list(STREAMS[dialect])
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(out) - 1))
        key = draw(st.booleans())
        places = list((KEY_AT if key else VALUE_AT).finditer(out[k]))
        if places:
            m = draw(st.sampled_from(places))
            edge = draw(st.sampled_from(KEYS if key else VALUES))
            out[k] = out[k][: m.start(1)] + edge + out[k][m.end(1) :]
    return draw(st.permutations(out)) if draw(st.booleans()) else out


@FUZZ
@given(st.sampled_from(["gemini", "vertex"]), st.data())
def test_aggregate_of_mutated_example_streams_keeps_its_promise(dialect: str, data: st.DataObject) -> None:
    aggregates(dialect, data.draw(mutated_stream(dialect)))
