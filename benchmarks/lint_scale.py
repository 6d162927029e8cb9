"""Lint time and peak memory where positions used to cost the most (issue 11, BENCHMARKS.md).

    .venv/bin/python benchmarks/lint_scale.py            # both cases, one process each

Two payloads: 16,000 empty parts (16,000 findings in 48 KB), and a 20 MiB inline image whose
base64 has one bad character (one finding in one long string). Each case is written to a
file and linted in a fresh process, which reads it and reports the wall time of one
`lint_request` and the growth of its peak resident memory (ru_maxrss) over what the process held
just before the call (imports and the input itself do not count).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

MiB = 1 << 20


def empty_parts(count: int = 16_000) -> bytes:
    parts = ",".join(["{}"] * count)
    return f'{{"contents":[{{"role":"user","parts":[{parts}]}}]}}'.encode()


def long_string(size: int = 20 * MiB) -> bytes:
    data = base64.b64encode(b"\x89PNG" + bytes(size * 3 // 4 - 4))
    bad = data[: len(data) // 2] + b"!" + data[len(data) // 2 + 1 :]  # one character outside base64
    return b'{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"image/png","data":"' + bad + b'"}}]}]}'


CASES = {"16,000 findings (16,000 empty parts, 48 KB)": empty_parts, "20 MiB string, one finding": long_string}


def run_one(path: str) -> None:
    from gemini_wire import gemini

    with open(path, "rb") as f:
        body = f.read()  # one allocation of the input's size, counted in the baseline
    # Resident now, not the peak so far: reading the file may have held two copies for a moment.
    with open("/proc/self/statm") as statm:
        before = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    start = time.perf_counter()
    found = gemini.lint_request(body)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"bytes": len(body), "findings": len(found), "seconds": elapsed, "extra_peak_mib": (peak - before) / 1024}
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a case is given up")
    args = parser.parse_args()
    if args.case:
        run_one(args.case)
        return
    print("| case | input | findings | lint time | extra peak memory |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for i, (name, build) in enumerate(CASES.items()):
            path = os.path.join(folder, f"case{i}.json")
            with open(path, "wb") as f:
                f.write(build())
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--case", path],
                    capture_output=True, text=True, timeout=args.timeout, check=True,
                )
            except subprocess.TimeoutExpired:
                print(f"| {name} | | | more than {args.timeout:.0f} s | |")
                continue
            r = json.loads(done.stdout)
            print(
                f"| {name} | {r['bytes']:,} bytes | {r['findings']:,} | {r['seconds']:.2f} s "
                f"| {r['extra_peak_mib']:,.0f} MiB |"
            )


if __name__ == "__main__":
    main()
