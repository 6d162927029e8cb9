"""Streams under hostile input: aggregation and decoding linear in their input, indexes bounded,
results independent of how the bytes are split, and an empty stream read as `[]` is.

Costs are compared, never timed: the same work on n and on 4n inputs in one process, whose ratio
is about 4 for a linear reader and 16 for a quadratic one (the bound, 8, leaves room for noise).
"""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from promises import stream_outcome

from gemini_wire import WireError, encode, gemini, vertex
from gemini_wire.documents.traffic import check_call
from gemini_wire.limits import MAX_PARTIAL_ARG_SKIP
from gemini_wire.recordings import Body
from gemini_wire.stream import StreamDecoder, aggregate, aiter_responses, iter_responses

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


def test_the_elements_skipped_in_one_call_add_up_to_the_limit() -> None:
    half = MAX_PARTIAL_ARG_SKIP // 2
    assert aggregate(streamed_call({"jsonPath": f"$.a[{half}][{half}]", "numberValue": 1}))
    finding = refused(streamed_call({"jsonPath": f"$.a[{half}][{half + 1}]", "numberValue": 1}))
    assert finding.code == "GW122" and "MAX_PARTIAL_ARG_SKIP" in finding.message
    pieces = [{"jsonPath": f"$.k{i}[{half}]", "numberValue": 1} for i in range(3)]
    assert refused(streamed_call(*pieces)).path.startswith("[3].")  # the third piece: 96 skipped
    assert aggregate(streamed_call(*pieces[:1]) + streamed_call(*pieces[1:2]))  # two calls, each in its limit


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


# --------------------------------------------------------------------------- decoding: the head

BOM = b"\xef\xbb\xbf"
EVENT = b'data: {"candidates": [{"content": {"parts": [{"text": "Hi"}]}}]}\n\n'
ELEMENT = b'{"candidates": [{"content": {"parts": [{"text": "Hi"}]}}]}'


def outcome(data: bytes, cuts: list[int] | None = None) -> tuple[list[bytes], list[tuple[Any, ...]]]:
    """What the decoder makes of a body fed whole or cut at offsets: the responses (as JSON)
    and the findings (code, path, line, column, message)."""
    return stream_outcome("gemini", data, cuts or [])


def keep_alive(n: int) -> Callable[[], object]:
    """n newlines a byte at a time before the first event, as a proxy keeps a connection open."""

    def run() -> object:
        decoder: StreamDecoder[Any, Any] = StreamDecoder("gemini")
        for _ in range(n):
            decoder.feed(b"\n")
        return decoder.feed(EVENT) + decoder.close()

    return run


def test_whitespace_before_the_first_event_fed_a_byte_at_a_time_costs_linear_time() -> None:
    assert growth(keep_alive, 10_000) < GROWTH


def test_the_event_after_keep_alive_whitespace_is_decoded_on_its_line() -> None:
    (item,) = keep_alive(3)()  # type: ignore[misc]
    assert item.candidates[0].content.parts[0].text == "Hi"
    assert outcome(b"\n\n\n" + EVENT.replace(b"Hi", b"Hi\\ud800"))[1][0][2] == 4


def test_two_boms_decode_alike_fed_whole_or_a_byte_at_a_time() -> None:
    for body in (EVENT, b"[" + ELEMENT + b"]"):
        data = BOM + BOM + body
        assert outcome(data) == outcome(data, list(range(len(data))))


def test_one_bom_at_the_start_is_skipped_and_a_second_is_content() -> None:
    assert outcome(BOM + EVENT)[0] and not outcome(BOM + EVENT)[1]
    assert [f[0] for f in outcome(BOM + BOM + EVENT)[1]] == ["GW120"]  # WHATWG: no `data` field


HEADS = [BOM, BOM[:1], BOM[:2], BOM[1:], BOM[2:], b"\n", b" ", b"\r\n", b"\r", b"\t", b": c\n"]
BODIES = [EVENT, b"[" + ELEMENT + b"]", ELEMENT, b"", b"[]", b"[ ", EVENT[:20], b"x"]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(HEADS), max_size=6), st.sampled_from(BODIES), st.lists(st.integers(0, 24), max_size=12))
def test_any_split_of_boms_and_whitespace_before_the_first_event_decodes_as_the_whole(
    head: list[bytes], body: bytes, cuts: list[int]
) -> None:
    data = b"".join(head) + body
    assert outcome(data, cuts) == outcome(data) == outcome(data, list(range(len(data))))


# --------------------------------------------------------------------------- an empty stream


def test_an_empty_body_and_an_empty_array_decode_alike() -> None:
    assert outcome(b"") == outcome(b"[]") == ([], [("GW120", "", 1, 1, "the stream ends before its first response")])


@pytest.mark.parametrize("empty", [b"\n\n", b" \r\n", b"\n\n[ ]", b"[\r\n]", b": keep-alive\n\n"])
def test_every_stream_without_a_response_gets_the_finding_of_an_empty_one(empty: bytes) -> None:
    responses, findings = outcome(empty)
    assert responses == [] and [f[:2] + f[4:] for f in findings] == [f[:2] + f[4:] for f in outcome(b"")[1]]


def iterated(body: bytes) -> tuple[list[Any], list[tuple[Any, ...]]]:
    items: list[Any] = []
    with pytest.raises(WireError) as raised:
        items.extend(iter_responses(iter([body])))
    return items, [(f.code, f.path, f.line, f.column) for f in raised.value.findings]


def async_iterated(body: bytes) -> tuple[list[Any], list[tuple[Any, ...]]]:
    async def chunks() -> AsyncIterator[bytes]:
        yield body

    async def collect(items: list[Any]) -> None:
        async for item in aiter_responses(chunks()):
            items.append(item)

    items: list[Any] = []
    with pytest.raises(WireError) as raised:
        asyncio.run(collect(items))
    return items, [(f.code, f.path, f.line, f.column) for f in raised.value.findings]


def test_iter_responses_reads_an_empty_body_as_an_empty_array() -> None:
    assert iterated(b"") == iterated(b"[]") == ([], [("GW120", "", 1, 1)])
    assert async_iterated(b"") == async_iterated(b"[]") == ([], [("GW120", "", 1, 1)])


def lint_stream(tmp_path: Path, data: bytes, *options: str) -> tuple[int, str]:
    path = tmp_path / "stream.json"
    path.write_bytes(data)
    argv = [sys.executable, "-m", "gemini_wire", "lint", *options, str(path)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout.replace(str(path), "FILE")


def test_the_command_line_reads_an_empty_stream_file_as_an_empty_array(tmp_path: Path) -> None:
    empty = lint_stream(tmp_path, b"", "--kind", "stream")
    assert empty == lint_stream(tmp_path, b"[]", "--kind", "stream") == lint_stream(tmp_path, b"[]")
    assert empty[0] == 1 and "FILE:1:1: GW120 error: the stream ends before its first response" in empty[1]


STREAM_URL = "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-flash:streamGenerateContent"


@pytest.mark.parametrize("url", [STREAM_URL, STREAM_URL + "?alt=sse"])
def test_a_recorded_empty_stream_body_is_reported_as_an_empty_array(url: str) -> None:
    def codes(body: bytes, status: int) -> list[tuple[str, str]]:
        exchange = check_call(url, None, Body(body, line=1, column=1), status, "vertex")
        assert exchange is not None
        return [(f.code, f.path) for f in exchange.findings]

    assert codes(b"", 200) == codes(b"[]", 200) == [("GW120", "response")]
    assert codes(b"", 500) == []  # an error answered without a body
