"""Batch lint throughput and memory: lines per second on 1 and N cores, peak memory of the run.

    .venv/bin/python benchmarks/batch.py generate /tmp/batch-1g.jsonl --size 1G
    .venv/bin/python benchmarks/batch.py measure /tmp/batch-1g.jsonl --jobs 1 2

`generate` writes a batch input file of Gemini API lines (`{"key": ..., "request": {...}}`)
shaped like real jobs: a prompt of a few hundred bytes to a few kilobytes, often a system
instruction and a generation config, sometimes a small inline image, a response schema or
a few earlier turns, and one line in a thousand with a mistake (a misspelled field, a part
with no data), so that the findings path runs too. Deterministic: the same size gives the
same bytes. Never commit the data.

`measure` runs `gemini-wire lint FILE --format json --jobs N` for each N, findings to
/dev/null, and prints the wall time, lines per second, the peak memory of the whole process
tree (the parent plus its worker processes, summed, sampled every 50 ms from /proc; Linux)
next to the parent's own high-water mark (VmHWM), and the CPU seconds of the tree and of the
parent alone: on a machine shared with other work, CPU seconds show the cost when wall time
cannot. The load average printed first says how shared the machine was.

Never a pass/fail timing: the tests run both on a tiny file so that the script cannot rot.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import msgspec

WORDS = (
    "summarise the following customer review in two sentences and say whether it is positive "
    "or negative; the parcel arrived late but the blender works well, crushes ice in seconds, "
    "and the lid seals tight — 5 stars for the motor, 2 for the courier. Übersetze ins Deutsche: "
    '数据 "quoted" words\n'
).split(" ")
UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
SAMPLE_EVERY = 0.05


def size(text: str) -> int:
    """`1G`, `200M`, `64K` or a number of bytes."""
    unit = UNITS.get(text[-1:].upper(), 1)
    return int(float(text[:-1] if unit > 1 else text) * unit)


def prose(rng: random.Random, words: int) -> str:
    start = rng.randrange(len(WORDS))
    return " ".join(WORDS[(start + i) % len(WORDS)] for i in range(words))


def request(rng: random.Random, n: int) -> dict[str, object]:
    """One request of the kinds that batch jobs send."""
    turns: list[dict[str, object]] = []
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        turns.append({"role": "user", "parts": [{"text": prose(rng, rng.randint(5, 40))}]})
        turns.append({"role": "model", "parts": [{"text": prose(rng, rng.randint(5, 60))}]})
    parts: list[dict[str, object]] = [{"text": prose(rng, rng.randint(20, 400))}]
    if rng.random() < 0.05:
        image = base64.b64encode(rng.randbytes(rng.randint(300, 3000))).decode()
        parts.append({"inlineData": {"mimeType": "image/png", "data": image}})
    turns.append({"role": "user", "parts": parts})
    out: dict[str, object] = {"contents": turns}
    if rng.random() < 0.6:
        out["systemInstruction"] = {"parts": [{"text": prose(rng, rng.randint(5, 30))}]}
    if rng.random() < 0.7:
        config: dict[str, object] = {
            "temperature": round(rng.uniform(0, 1.5), 2),
            "maxOutputTokens": rng.choice((256, 1024, 8192)),
        }
        if rng.random() < 0.2:
            config["responseMimeType"] = "application/json"
            config["responseSchema"] = {
                "type": "OBJECT",
                "properties": {
                    "sentiment": {"type": "STRING", "enum": ["positive", "negative"]},
                    "summary": {"type": "STRING"},
                },
                "required": ["sentiment", "summary"],
            }
        out["generationConfig"] = config
    if n % 1000 == 999:  # a mistake now and then: the findings path runs too
        if rng.random() < 0.5:
            out["generationConfig"] = {"temprature": 0.5}
        else:
            turns[-1]["parts"] = [{}]
    return out


def generate(path: Path, total: int, seed: int = 20240601) -> int:
    """Write batch lines until the file holds `total` bytes; the number of lines."""
    rng = random.Random(seed)
    encoder = msgspec.json.Encoder()
    written = n = 0
    with path.open("wb") as f:
        while written < total:
            line = encoder.encode({"key": f"request-{n:09d}", "request": request(rng, n)}) + b"\n"
            f.write(line)
            written += len(line)
            n += 1
    return n


def tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return out


def status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def count_lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 24), b""))


def cpu_seconds(pid: int) -> float:
    """User plus system time of a process so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(path: Path, jobs: int, command: list[str]) -> dict[str, float]:
    """One run: seconds, lines, peak summed RSS of the tree and the parent's own peak (MiB), CPU."""
    lines = count_lines(path)
    args = [*command, "lint", str(path), "--format", "json", "--jobs", str(jobs)]
    return {"jobs": jobs, "lines": lines, **sampled(args)}


def sampled(args: list[str], quiet: bool = False) -> dict[str, float]:
    """Run a command, its output (and with `quiet` its log) to /dev/null: seconds, peak RSS of its
    tree and of itself, CPU."""
    start = time.perf_counter()
    cpu: dict[int, float] = {}
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen(args, stdout=sink, stderr=sink if quiet else None)
        peak_tree = peak_parent = 0
        while child.poll() is None:
            pids = tree(child.pid)
            peak_tree = max(peak_tree, sum(status_kib(p, "VmRSS") for p in pids))
            peak_parent = max(peak_parent, status_kib(child.pid, "VmHWM"))
            cpu |= {p: cpu_seconds(p) or cpu.get(p, 0.0) for p in pids}
            time.sleep(SAMPLE_EVERY)
    seconds = time.perf_counter() - start
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} exited {child.returncode}")
    return {
        "seconds": seconds,
        "tree": peak_tree / 1024,
        "parent": peak_parent / 1024,
        "cpu": sum(cpu.values()),
        "parent_cpu": cpu.get(child.pid, 0.0),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    g = sub.add_parser("generate")
    g.add_argument("file", type=Path)
    g.add_argument("--size", type=size, default=size("1G"))
    m = sub.add_parser("measure")
    m.add_argument("file", type=Path)
    m.add_argument("--jobs", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    m.add_argument("--command", nargs="+", default=[sys.executable, "-m", "gemini_wire.cli"])
    a = p.parse_args()
    if a.what == "generate":
        lines = generate(a.file, a.size)
        print(f"{a.file}: {a.file.stat().st_size:,} bytes, {lines:,} lines")
        return
    print(f"{a.file}: {a.file.stat().st_size / (1 << 20):,.0f} MiB, load average {os.getloadavg()[0]:.2f}")
    print(
        f"{'jobs':>4} {'seconds':>8} {'lines/s':>9} {'MB/s':>6} {'speed-up':>8}"
        f" {'peak RSS, all':>13} {'parent':>8} {'CPU s':>7} {'parent CPU s':>12}"
    )
    first = None
    for jobs in a.jobs:
        r = measure(a.file, jobs, a.command)
        rate = r["lines"] / r["seconds"]
        first = first or rate
        mb = a.file.stat().st_size / 1e6 / r["seconds"]
        print(
            f"{jobs:>4} {r['seconds']:>8.1f} {rate:>9,.0f} {mb:>6.1f} {rate / first:>7.2f}x"
            f" {r['tree']:>9,.0f} MiB {r['parent']:>4,.0f} MiB {r['cpu']:>7.1f} {r['parent_cpu']:>12.1f}"
        )


if __name__ == "__main__":
    main()
