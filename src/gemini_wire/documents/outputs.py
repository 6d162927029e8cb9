"""Batch output files: each answer of a batch job checked against the request it answers (GW8xx).

    variant = output_variant(first_line)        # "gemini", "vertex", or None for an input file
    pairs = Answers(variant, settings, input)   # each output line's exchange findings, in order

Two APIs write them, and a file says which by its first line (never by its name):

- The Gemini API writes a results file, one line per request of the input file in its order:
  `{"key": ..., "response": {GenerateContentResponse}}` or `{"key": ..., "error": {Status}}`
  (https://ai.google.dev/gemini-api/docs/batch-mode). The requests are in the input file, found
  beside it (`input_for`) and joined by key.
- Vertex AI batch prediction writes `predictions.jsonl` lines that carry their own request:
  `{"status": "", "processed_time": ..., "request": {...}, "response": {...}}`, a non-empty
  `status` in place of the response when the request failed
  (https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-from-cloud-storage).

Each line is still linted as a batch line (documents.batch: the response decoded, an error line
reported as GW133); this module adds the exchange checks, one line at a time in file order, read
by the parent process beside the workers that lint the lines. A line's findings are placed at its
line, at the column where its `response` starts, with paths from the line (`response.candidates
[0]...`). An output line is one exchange: a batch job replays no conversation between lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from gemini_wire.documents.check import MEMBER, Settings, top_of, value_starts
from gemini_wire.documents.exchanges import Call, exchange_findings, read_call
from gemini_wire.documents.sources import BATCH_SUFFIX
from gemini_wire.findings import Finding, relocate
from gemini_wire.limits import MAX_DOCUMENT
from gemini_wire.positions import line_column

GEMINI = "gemini"  # a Gemini API results file: keyed answers, the requests in the input file
VERTEX = "vertex"  # a Vertex AI predictions file: each line carries its request
ANSWERS = frozenset({"response", "error"})
# The words that name a results file after its input (`requests-results.jsonl`), when the input
# cannot be told by its first key (a results file whose first line answers another request).
RESULT_WORDS = ("results", "result", "output", "outputs", "responses", "predictions")


def output_variant(line: bytes) -> str | None:
    """What a batch file is, by its first line: GEMINI or VERTEX output, or None (an input file,
    or a line that is not an object)."""
    top = top_of(line)
    if not isinstance(top, dict):
        return None
    if "request" in top:
        return VERTEX if top.keys() & {"response", "status"} else None
    return GEMINI if "key" in top and top.keys() & ANSWERS else None


def first_line(stream: BinaryIO) -> bytes:
    """The first line that is not blank (at most MAX_DOCUMENT bytes of it); raises OSError."""
    while line := stream.readline(MAX_DOCUMENT):
        if line.strip():
            return line
    return b""


def key_of(line: bytes) -> str | None:
    """The `key` of a batch line, when it has one that is a string."""
    return keyed(line)[0]


def keyed(line: bytes) -> tuple[str | None, msgspec.Raw | None]:
    """The `key` of a batch line (when it is a string) and its `request`, the line parsed once."""
    top = top_of(line)
    if not isinstance(top, dict):
        return None, None
    return key_in(top), top.get("request")


def key_in(top: dict[str, msgspec.Raw]) -> str | None:
    if "key" not in top:
        return None
    try:
        return msgspec.json.decode(top["key"], type=str)
    except msgspec.ValidationError:
        return None


def input_for(output: Path, first: bytes) -> Path | None:
    """The input file of a Gemini API results file: the batch input file beside it (a .jsonl
    file whose lines hold a `request`) whose first key is the results' first key, as the job
    writes its answers in the order of the requests; of several, the one named most like the
    results file. Else the input file named as the results file less a word of RESULT_WORDS
    (`batch-results.jsonl` answers `batch.jsonl` or `batch-requests.jsonl`...). None if none is."""
    folder = output.parent
    try:
        siblings = sorted(p for p in folder.iterdir() if p.suffix == BATCH_SUFFIX and p.name != output.name and p.is_file())
    except OSError:
        return None
    firsts: dict[Path, bytes] = {}
    for p in siblings:
        try:
            with p.open("rb") as stream:
                firsts[p] = first_line(stream)
        except OSError:
            continue
    inputs = {p: line for p, line in firsts.items() if is_input_line(line)}
    wanted = key_of(first)
    same_first = [p for p, line in inputs.items() if wanted is not None and key_of(line) == wanted]
    if same_first:
        return max(same_first, key=lambda p: (shared(p.stem, output.stem), -siblings.index(p)))
    for stem in input_stems(output.stem):
        for p in inputs:
            if p.stem == stem:
                return p
    return None


def shared(a: str, b: str) -> int:
    """How many characters two names share at their start."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def is_input_line(line: bytes) -> bool:
    top = top_of(line)
    return isinstance(top, dict) and "request" in top and not top.keys() & (ANSWERS | {"status"})


def input_stems(stem: str) -> Iterator[str]:
    """The names an input file may have beside a results file named `stem`."""
    for word in RESULT_WORDS:
        for sep in ("-", "_", "."):
            if stem.endswith(sep + word):
                base = stem[: -len(sep + word)]
                yield base
                yield from (base + sep + name for name in ("requests", "request", "input", "inputs"))
            elif stem.startswith(word + sep):
                yield stem[len(word + sep):]


class Requests:
    """The requests of a batch input file by key, read only as far as the keys asked for: the
    results come in the order of the requests, so the file is read once, a line at a time, and
    only the keys of the lines passed over are kept (with where their line starts)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream: BinaryIO = path.open("rb")
        self.passed: dict[str, int] = {}  # key -> offset of a line read past
        self.again: BinaryIO | None = None  # a second handle, for the lines read past

    def get(self, key: str) -> msgspec.Raw | None:
        """The request of the input line with this key; None when no line has it."""
        offset = self.passed.pop(key, None)
        if offset is not None:
            if self.again is None:
                self.again = self.path.open("rb")
            self.again.seek(offset)
            return keyed(self.again.readline(MAX_DOCUMENT))[1]
        while True:
            start = self.stream.tell()
            line = self.stream.readline(MAX_DOCUMENT)
            if not line:
                return None
            found, request = keyed(line)
            if found == key:
                return request
            if found is not None:
                self.passed.setdefault(found, start)

    def close(self) -> None:
        self.stream.close()
        if self.again is not None:
            self.again.close()


@dataclass
class Answers:
    """The exchange findings of a batch output file, line by line: `check(line, number)` for each
    line in order. `joined` counts the answers checked against their request."""

    variant: str
    settings: Settings
    requests: Requests | None = None  # GEMINI: the input file's requests
    joined: int = 0
    missing: int = 0  # GEMINI: answers whose key no input line has
    selected: frozenset[str] = field(default_factory=frozenset)

    def check(self, line: bytes, number: int) -> list[Finding]:
        """The selected exchange findings of one output line (number `number`), placed in the file."""
        top = top_of(line)
        if not isinstance(top, dict) or "response" not in top:
            return []  # an error or a failed status answers nothing; a line that is no object is lint's
        response = top["response"]
        request = top.get("request") if self.variant == VERTEX else self.joined_request(top)
        if request is None:
            return []
        call = read_call(bytes(request), bytes(response), self.settings.resolved, self.settings.model or "")
        if call is None or call.response is None:
            return []
        if not call.model:
            call = Call(call.request, call.response, model_of(call.response))
        self.joined += 1
        found = [f for _, f in exchange_findings(call) if f.code in self.selected]
        if not found:
            return []
        starts = dict(zip(top, value_starts(line, top.values(), MEMBER), strict=True))
        _, column = line_column(line, starts["response"])
        return [relocate(f, ("response",), at=(number, column)) for f in found]

    def joined_request(self, top: dict[str, msgspec.Raw]) -> msgspec.Raw | None:
        key = key_in(top)
        if self.requests is None or key is None:
            return None
        request = self.requests.get(key)
        self.missing += request is None
        return request

    def summary(self) -> str:
        """What `what` adds for the exchange checks: how many answers met their request, and
        for a results file, in which input file (or that none was found beside it)."""
        checked = f", {self.joined} answer(s) checked against their request"
        if self.variant == VERTEX:
            return checked
        if self.requests is None:
            return ", its input file not found beside it (answers not checked against their requests)"
        missing = f", {self.missing} key(s) not in it" if self.missing else ""
        return f"{checked} in {self.requests.path.name}{missing}"

    def close(self) -> None:
        if self.requests is not None:
            self.requests.close()


def model_of(response: dict[str, Any]) -> str:
    """The model that answered (`modelVersion`, less a Vertex `@default`), for the rules that
    depend on it: a batch job names its model once, not on each line."""
    version = response.get("modelVersion")
    return version.split("@", 1)[0] if isinstance(version, str) else ""
