"""Streams under hostile input: aggregation and decoding linear in their input, indexes bounded,
results independent of how the bytes are split, and an empty stream read as `[]` is.

Costs are compared, never timed: the same work on n and on 4n inputs in one process, whose ratio
is about 4 for a linear reader and 16 for a quadratic one (the bound, 8, leaves room for noise).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import msgspec
import pytest

from gemini_wire import WireError, encode, gemini, vertex
from gemini_wire.limits import MAX_PARTIAL_ARG_SKIP
from gemini_wire.stream import aggregate

GROWTH = 8  # the most that 4 times the input may cost, in times the cost of the input


def growth(make: Callable[[int], Callable[[], object]], n: int) -> float:
    """How many times the work for 4n costs the work for n (the inputs made beforehand).

    Each is the least of five runs, taken in turns, in CPU time of this process (other
    processes on the machine do not count) and without the garbage collector, whose passes come
    at moments that have nothing to do with the input.
    """
    runs = make(n), make(4 * n)
    best = [float("inf")] * 2
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            for k, run in enumerate(runs):
                start = time.process_time()
                run()
                best[k] = min(best[k], time.process_time() - start)
    finally:
        gc.enable()
    return best[1] / best[0]


def candidate_chunk(module: Any, **candidate: Any) -> Any:
    return module.decode_response(msgspec.json.encode({"candidates": [candidate]}))


def folding(chunks: list[Any]) -> Callable[[], object]:
    return lambda: aggregate(chunks)


# --------------------------------------------------------------------------- aggregate: linear


def streamed_string(n: int) -> Callable[[], object]:
    """One argument of a Vertex call streamed as n pieces of one string."""
    first = {"functionCall": {"name": "write", "willContinue": True}}
    piece = {"jsonPath": "$.text", "stringValue": "x" * 100, "willContinue": True}
    more = {"functionCall": {"partialArgs": [piece], "willContinue": True}}
    parts = [first, *[more] * n, {"functionCall": {}}]
    return folding([candidate_chunk(vertex, content={"role": "model", "parts": [p]}) for p in parts])


def test_a_string_argument_streamed_in_many_pieces_costs_linear_time() -> None:
    assert growth(streamed_string, 4_000) < GROWTH


def test_a_string_argument_streamed_in_pieces_is_whole_at_the_end() -> None:
    (part,) = streamed_string(3)().candidates[0].content.parts  # type: ignore[attr-defined]
    assert part.function_call.args == {"text": "x" * 300}


def new_grounding_chunks(n: int) -> Callable[[], object]:
    """n chunks, each citing one more web page with a support that points at it."""
    chunks = []
    for i in range(n):
        metadata = {
            "groundingChunks": [{"web": {"uri": f"https://{i}.example"}}],
            "groundingSupports": [{"segment": {"text": str(i)}, "groundingChunkIndices": [0]}],
        }
        chunks.append(candidate_chunk(gemini, groundingMetadata=metadata))
    return folding(chunks)


def test_grounding_chunks_of_many_chunks_cost_linear_time() -> None:
    assert growth(new_grounding_chunks, 2_000) < GROWTH


def new_citations(n: int) -> Callable[[], object]:
    return folding(
        [
            candidate_chunk(gemini, citationMetadata={"citationSources": [{"uri": f"https://{i}.example"}]})
            for i in range(n)
        ]
    )


def test_citations_of_many_chunks_cost_linear_time() -> None:
    assert growth(new_citations, 3_000) < GROWTH


def new_attributions(n: int) -> Callable[[], object]:
    return folding(
        [
            candidate_chunk(gemini, groundingAttributions=[{"content": {"parts": [{"text": str(i)}]}}])
            for i in range(n)
        ]
    )


def test_grounding_attributions_of_many_chunks_cost_linear_time() -> None:
    assert growth(new_attributions, 3_000) < GROWTH


def logprobs(n: int) -> Callable[[], object]:
    token = {"token": "a", "logProbability": -0.5}
    result = {"chosenCandidates": [token] * 10, "topCandidates": [{"candidates": [token]}] * 10}
    return folding([candidate_chunk(vertex, logprobsResult=result) for _ in range(n)])


def test_logprobs_of_many_chunks_cost_linear_time() -> None:
    assert growth(logprobs, 3_000) < GROWTH


# --------------------------------------------------------------------------- aggregate: bounded


def streamed_call(*pieces: dict[str, Any]) -> list[Any]:
    """A Vertex call streamed in pieces: its name, one chunk a piece, and the end."""
    parts = [{"functionCall": {"name": "f", "willContinue": True}}]
    parts += [{"functionCall": {"partialArgs": [p], "willContinue": True}} for p in pieces]
    parts.append({"functionCall": {}})
    return [candidate_chunk(vertex, content={"role": "model", "parts": [p]}) for p in parts]


def refused(chunks: list[Any]) -> Any:
    with pytest.raises(WireError) as raised:
        aggregate(chunks)
    (finding,) = raised.value.findings
    return finding


@pytest.mark.parametrize("index", ["100000000", "9" * 5_000, str(MAX_PARTIAL_ARG_SKIP + 1)])
def test_a_partial_arg_index_far_past_its_list_is_a_finding_naming_the_limit(index: str) -> None:
    finding = refused(streamed_call({"jsonPath": f"$.a[{index}]", "nullValue": "NULL_VALUE"}))
    assert (finding.code, finding.path) == ("GW122", "[1].candidates[0].content.parts[0].functionCall.partialArgs[0].jsonPath")
    assert "MAX_PARTIAL_ARG_SKIP" in finding.message and len(finding.message) < 300


def test_a_partial_arg_index_up_to_the_limit_past_its_list_makes_nulls() -> None:
    chunks = streamed_call({"jsonPath": "$.a[0]", "numberValue": 1}, {"jsonPath": f"$.a[{MAX_PARTIAL_ARG_SKIP + 1}]", "boolValue": True})
    (part,) = aggregate(chunks).candidates[0].content.parts
    assert part.function_call.args == {"a": [1, *[None] * MAX_PARTIAL_ARG_SKIP, True]}


def test_a_partial_arg_path_deeper_than_json_may_nest_is_a_finding() -> None:
    finding = refused(streamed_call({"jsonPath": "$" + ".a" * 101, "numberValue": 1}))
    assert finding.code == "GW122" and "MAX_DEPTH" in finding.message


def test_a_streamed_string_never_ended_is_joined() -> None:
    pieces = [{"jsonPath": "$.l[1].s", "stringValue": c, "willContinue": True} for c in "abc"]
    chunks = streamed_call(*pieces)[:-1]  # the stream ends before the call does
    (part,) = aggregate(chunks).candidates[0].content.parts
    assert part.function_call.args == {"l": [None, {"s": "abc"}]} and part.function_call.will_continue is True


def test_a_string_still_arriving_is_not_a_list_to_index_into() -> None:
    first = {"jsonPath": "$.a", "stringValue": "x", "willContinue": True}
    assert refused(streamed_call(first, {"jsonPath": "$.a[0]", "numberValue": 1})).code == "GW122"


def test_later_args_of_a_streamed_call_do_not_change_the_chunk_they_came_in() -> None:
    more = candidate_chunk(vertex, content={"parts": [{"functionCall": {"args": {"a": {"b": 1}}, "willContinue": True}}]})
    before = encode(more)
    chunks = [*streamed_call()[:1], more, *streamed_call({"jsonPath": "$.a.c", "numberValue": 2})[1:]]
    (part,) = aggregate(chunks).candidates[0].content.parts
    assert part.function_call.args == {"a": {"b": 1, "c": 2}} and encode(more) == before


def test_supports_point_at_the_right_chunk_when_a_chunk_repeats_in_one_list() -> None:
    page = {"web": {"uri": "https://a.example"}}
    other = {"web": {"uri": "https://b.example"}}
    first = candidate_chunk(gemini, groundingMetadata={"webSearchQueries": ["q"]})
    metadata = {"groundingChunks": [page, page, other], "groundingSupports": [{"groundingChunkIndices": [2]}]}
    grounding = aggregate([first, candidate_chunk(gemini, groundingMetadata=metadata)]).candidates[0].grounding_metadata
    (support,) = grounding.grounding_supports
    assert grounding.grounding_chunks[support.grounding_chunk_indices[0]].web.uri == "https://b.example"
