"""Throughput of the stream decoder on a long stream, next to decoding its chunks one by one.

    .venv/bin/python benchmarks/stream_throughput.py [--chunks N] [--repeat R] [--read BYTES]

The stream is built here (no corpus needed): N chunks shaped like the API's, a few hundred bytes
of text each with escapes, usage metadata and ids, written by the library's own encoder. Every
figure is MB/s of the same stream bytes, best of R runs:

- raw parse      msgspec.json.decode of each chunk's JSON, untyped: the floor;
- one by one     gemini.decode_response of each chunk's JSON, already cut out of the stream;
- SSE decoder    StreamDecoder fed the `alt=sse` body in reads of BYTES (framing included);
- array decoder  StreamDecoder fed the JSON-array body (sent without alt=sse), same reads.

Never run as a pass/fail timing: the tests run it once on a tiny stream so that it cannot rot.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import msgspec

from gemini_wire import encode, gemini
from gemini_wire.stream import StreamDecoder

WORDS = "the quick brown fox jumps over a lazy dog; \"quoted\" text\nand a new line, then 数字 ".split(" ")


def chunks(n: int) -> list[bytes]:
    """n response chunks as the API streams them: text, then usage and ids on each."""
    out = []
    for i in range(n):
        text = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(60))
        response = gemini.GenerateContentResponse(
            candidates=[
                gemini.Candidate(
                    content=gemini.Content(parts=[gemini.Part(text=text)], role="model"),
                    index=0,
                    finish_reason=gemini.FinishReason.STOP if i == n - 1 else msgspec.UNSET,
                )
            ],
            usage_metadata=gemini.UsageMetadata(prompt_token_count=12, candidates_token_count=7 * i, total_token_count=12 + 7 * i),
            model_version="gemini-2.5-flash",
            response_id="beHBaJfEMIi-qtsP3769-Q8",
        )
        out.append(encode(response))
    return out


def sse_body(payloads: list[bytes]) -> bytes:
    return b"".join(b"data: " + p + b"\r\n\r\n" for p in payloads)


def array_body(payloads: list[bytes]) -> bytes:
    return b"[" + b"\n,\r\n".join(payloads) + b"]"


def best(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The best time of each run; runs take turns, so that a busy machine slows them alike."""
    times: dict[str, float] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            elapsed = time.perf_counter() - start
            times[name] = min(times.get(name, elapsed), elapsed)
    return times


def each(decode: Callable[[bytes], object], payloads: list[bytes]) -> list[object]:
    # Kept, as the decoder's results are (for aggregate): the same allocation pattern for both.
    return [decode(payload) for payload in payloads]


def decode_all(body: bytes, read: int) -> int:
    decoder = StreamDecoder("gemini")
    responses = []
    for i in range(0, len(body), read):
        responses += decoder.feed(body[i : i + read])
    responses += decoder.close()
    return len(responses)


def measure(n: int = 20_000, repeat: int = 5, read: int = 65_536) -> dict[str, float]:
    """MB/s (of the SSE body's size) for each way of decoding the same stream."""
    payloads = chunks(n)
    sse, array = sse_body(payloads), array_body(payloads)
    assert decode_all(sse, read) == decode_all(array, read) == n
    runs: dict[str, Callable[[], object]] = {
        "raw parse (msgspec, untyped)": lambda: each(msgspec.json.decode, payloads),
        "one by one (decode_response)": lambda: each(gemini.decode_response, payloads),
        "SSE decoder (StreamDecoder)": lambda: decode_all(sse, read),
        "array decoder (StreamDecoder)": lambda: decode_all(array, read),
    }
    seconds = best(runs, repeat)
    return {name: len(sse) / s / 1e6 for name, s in seconds.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--read", type=int, default=65_536, help="bytes per feed() call")
    args = parser.parse_args(argv)
    size = len(sse_body(chunks(args.chunks)))
    print(f"{args.chunks} chunks, {size / 1e6:.1f} MB of SSE, reads of {args.read} bytes, best of {args.repeat}")
    results = measure(args.chunks, args.repeat, args.read)
    one_by_one = results["one by one (decode_response)"]
    for name, mbps in results.items():
        print(f"{name:32} {mbps:8.1f} MB/s  {mbps / one_by_one:5.2f}x one by one")


if __name__ == "__main__":
    main()
