"""The quick check in C against the generated Python one, on the decode of bench.py's payloads.

Interleaved medians, as the machine is noisy: each round times every contender in turn (a few
hundred calls each), and the figure is the median over rounds of its time divided by the raw
parse's time in the same round. `python benchmarks/quick_c.py [rounds]`; a figure, not a test.

The Python decoders are the codec's own, built with the checks that the C check falls back on
(`Quick.fallback`), as they are built when the extension is missing or GEMINI_WIRE_PURE_PYTHON
is set.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import msgspec
import payloads as P  # sibling script

from gemini_wire import encode
from gemini_wire.codec.speedups import COMPILED


def python_decoder(codec: Any, root: str, *, request: bool) -> Callable[[bytes], Any]:
    """The decoder that the codec builds without the extension."""
    checker = codec._checkers[request]
    saved, saved_decode = checker.quick, codec._decode
    checker.quick = {cls: getattr(q, "fallback", q) for cls, q in saved.items()}
    if request:
        codec._decode = codec.table.structs.__dict__.get("DECODE") or _generated_decode(codec)
    try:
        return codec.decoder(root, request=request)
    finally:
        checker.quick, codec._decode = saved, saved_decode


def _generated_decode(codec: Any) -> Any:
    import importlib

    module = codec.table.structs.__name__ + "_quick"
    return importlib.import_module(module).DECODE


def sdk(body: bytes, request: bool) -> Callable[[], Any] | None:
    try:
        import contenders
    except ImportError:
        return None
    try:
        if request:
            adapter = contenders.sdk_request_adapter()
            return lambda: adapter.validate_json(body)
        from google.genai import types

        return lambda: types.GenerateContentResponse.model_validate_json(body)
    except Exception:
        return None


def main(rounds: int = 41) -> None:
    if COMPILED is None:
        raise SystemExit("the extension is not there (or GEMINI_WIRE_PURE_PYTHON is set): nothing to compare")
    for dialect, d in P.DIALECTS.items():
        codec = d.DIALECT.codec
        cases = [
            ("small request", P.small_request(d), "GenerateContentRequest", True),
            ("chat request", P.chat_request(d), "GenerateContentRequest", True),
            ("response", P.typical_response(d), "GenerateContentResponse", False),
            ("logprobs response", P.logprobs_response(d), "GenerateContentResponse", False),
        ]
        for name, obj, root, request in cases:
            body = encode(obj)
            c = codec.decoder(root, request=request)
            py = python_decoder(codec, root, request=request)
            assert c(body) == py(body) == obj
            fs: dict[str, Callable[[], Any]] = {
                "raw": lambda body=body: msgspec.json.decode(body),
                "c": lambda c=c, body=body: c(body),
                "py": lambda py=py, body=body: py(body),
            }
            pyd = sdk(body, request) if name == "chat request" else None
            if pyd is not None:
                fs["pydantic"] = pyd
            # About 2 ms a contender per round.
            t = time.perf_counter()
            fs["raw"]()
            n = max(5, int(0.002 / max(time.perf_counter() - t, 1e-7)))
            times: dict[str, list[float]] = {k: [] for k in fs}
            for r in range(rounds):
                order = list(fs.items()) if r % 2 == 0 else list(reversed(fs.items()))
                for k, f in order:
                    t0 = time.perf_counter_ns()
                    for _ in range(n):
                        f()
                    times[k].append((time.perf_counter_ns() - t0) / n / 1000)
            raw = times["raw"]

            def ratio(k: str, raw: list[float] = raw, times: dict[str, list[float]] = times) -> float:
                return statistics.median(a / b for a, b in zip(times[k], raw, strict=True))

            line = (
                f"{dialect:6} {name:18} {len(body):6} B  raw {statistics.median(raw):7.2f} µs"
                f"  C {ratio('c'):.2f}x  Python {ratio('py'):.2f}x"
                f"  (C/Python {statistics.median(a / b for a, b in zip(times['c'], times['py'], strict=True)):.3f})"
            )
            if "pydantic" in times:
                line += f"  pydantic/C {statistics.median(a / b for a, b in zip(times['pydantic'], times['c'], strict=True)):.1f}x"
                line += f"  pydantic/Python {statistics.median(a / b for a, b in zip(times['pydantic'], times['py'], strict=True)):.1f}x"
            print(line, flush=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
