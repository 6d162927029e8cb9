"""Throughput of the Interactions stream reader on a long stream, next to the SDK's own reading.

    .venv/bin/python benchmarks/interactions_stream.py [--size BYTES] [--repeat R] [--read BYTES]

The stream is built here from the generated Structs (no recording needed): interaction.created,
steps of text streamed in deltas of a few hundred bytes with a thought and a function call whose
arguments come in pieces, interaction.completed and `data: [DONE]`, about --size bytes in all.
Figures are events/s and MB/s of the same bytes, best of R runs:

- gemini-wire decode     InteractionsStreamDecoder fed reads of --read bytes (framing included);
- gemini-wire + fold     the same, then aggregate() into the Interaction;
- SDK                    what google-genai 3.6.1 runs on the 200 text/event-stream answer of
                         `client.interactions.create(..., stream=True)` (_gaos/interactions.py,
                         Interactions.create): its SSE reader (_gaos/utils/eventstreaming.py,
                         `Stream` -> `stream_events`, sentinel "[DONE]") over an httpx Response
                         that yields the same reads, with the decoder create passes it:
                         `unmarshal_json_response(InteractionSSEStreamEvent, response, raw,
                         validate=False).data` of each event; no fold, the SDK has none.

`make bench` times the same calls on a smaller stream (its "Interactions stream" rows:
benchmarks/payloads.py builds the stream with events() and body(), benchmarks/contenders.py calls
ours() and sdk_reader()). Never run as a pass/fail timing: tests/test_interactions_stream.py runs
this once on a tiny stream, tests/test_benchmarks.py the make bench rows.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from gemini_wire import interactions as ix
from gemini_wire.dialects import interactions_dialect
from gemini_wire.stream.interactions import InteractionsStreamDecoder, aggregate

WORDS = 'the quick brown fox jumps over a lazy dog; "quoted" text\nand a new line, then 数字'.split(" ")
D = interactions_dialect("interactions-v1")


def events(size: int) -> list[Any]:
    """A stream's events, about `size` bytes once framed."""
    head = ix.InteractionSseEventInteraction(id="v1_bench", status=ix.InteractionStatus.IN_PROGRESS, model="gemini-3-flash-preview")
    out: list[Any] = [ix.InteractionCreatedEvent(interaction=head, event_id="e0")]
    out += [ix.StepStart(index=0, step=ix.ThoughtStep()), ix.StepDelta(index=0, delta=ix.ThoughtSignatureDelta(signature="c2lnbmF0dXJl" * 8)), ix.StepStop(index=0)]
    out += [ix.StepStart(index=1, step=ix.ModelOutputStep(content=[]))]
    total, k = 0, 0
    while total < size:
        text = " ".join(WORDS[(k + j) % len(WORDS)] for j in range(40))
        out.append(ix.StepDelta(index=1, delta=ix.TextDelta(text=text), event_id=f"e{k}"))
        total += len(text) + 110
        k += 1
    out.append(ix.StepStop(index=1))
    call = ix.FunctionCallStep(arguments={}, id="call_1", name="get_weather")
    out += [ix.StepStart(index=2, step=call), *(ix.StepDelta(index=2, delta=ix.ArgumentsDelta(arguments=p)) for p in ['{"city": ', '"Paris", ', '"days": 3}']), ix.StepStop(index=2)]
    usage = ix.Usage(total_tokens=k * 12, total_output_tokens=k * 10)
    done = ix.InteractionSseEventInteraction(id="v1_bench", status=ix.InteractionStatus.COMPLETED, model="gemini-3-flash-preview", usage=usage)
    out.append(ix.InteractionCompletedEvent(interaction=done))
    return out


def payloads(evs: list[Any]) -> list[bytes]:
    """Each event's JSON, as a `data:` line carries it."""
    return [D.encode(e) for e in evs]


def body(evs: list[Any]) -> bytes:
    """The SSE body of the events: an `event:` and a `data:` line each, then `data: [DONE]`."""
    parts = []
    for e, data in zip(evs, payloads(evs), strict=True):
        name = type(e).__struct_config__.tag
        parts.append(b"event: " + name.encode() + b"\ndata: " + data + b"\n\n")
    return b"".join(parts) + b"data: [DONE]\n\n"


def ours(data: bytes, read: int, fold: bool) -> int:
    """Our reading of the stream in reads of `read` bytes (and its fold): the number of events."""
    decoder = InteractionsStreamDecoder(D)
    got = [e for k in range(0, len(data), read) for e in decoder.feed(data[k : k + read])] + decoder.close()
    if fold:
        aggregate(got, D)
    return len(got)


def sdk_reader() -> Callable[[bytes, int], int]:
    """What google-genai 3.6.1's Interactions.create(stream=True) runs on the answer's bytes, as a
    call of (body, read size) -> events read; ImportError without the SDK."""
    from google.genai._gaos.types import interactions as sdk_types
    from google.genai._gaos.utils import eventstreaming
    from google.genai._gaos.utils.unmarshal_json_response import unmarshal_json_response

    httpx = eventstreaming.httpx  # httpx2 or httpx, as the SDK found them
    event_type = sdk_types.InteractionSSEStreamEvent

    def run(data: bytes, read: int) -> int:
        reads = (data[k : k + read] for k in range(0, len(data), read))  # iter_bytes() yields them as they are
        response = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=reads)
        # The lambda of _gaos/interactions.py's _speakeasy_parse_response, around its http_res.
        stream = eventstreaming.Stream(
            response, lambda raw: unmarshal_json_response(event_type, response, raw, validate=False).data, sentinel="[DONE]"
        )
        return sum(1 for _ in stream)

    return run


def best(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = run()
        times.append(time.perf_counter() - start)
    return min(times), count


def main(argv: list[str] | None = None) -> list[tuple[str, float, float]]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=1 << 20)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--read", type=int, default=65536)
    a = p.parse_args(argv)
    evs = events(a.size)
    data = body(evs)
    sdk = sdk_reader()
    assert aggregate(InteractionsStreamDecoder(D).feed(data), D).steps  # the stream folds
    rows = [
        ("gemini-wire decode", lambda: ours(data, a.read, False)),
        ("gemini-wire + fold", lambda: ours(data, a.read, True)),
        ("SDK (SSE + pydantic)", lambda: sdk(data, a.read)),
    ]
    out = []
    print(f"{len(data) / 1e6:.2f} MB, {len(evs)} events, reads of {a.read} bytes, best of {a.repeat}")
    for name, run in rows:
        seconds, count = best(run, a.repeat)
        out.append((name, count / seconds, len(data) / seconds / 1e6))
        print(f"{name:24} {count / seconds:12,.0f} events/s {len(data) / seconds / 1e6:10.1f} MB/s")
    return out


if __name__ == "__main__":
    main()
