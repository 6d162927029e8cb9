"""PTransforms: batch lines read from files, linted, their keys grouped, their findings counted.

    lines = pipeline | ReadBatchLines("gs://bucket/batches/*.jsonl")
    findings = lines | LintLines(model="gemini-2.5-flash")
    summary = (lines, findings) | Summarize()        # {"files": ..., "codes": ...}

Each line is checked by the same function as in `gemini-wire lint` (documents.batch.check_line), so
the findings are the CLI's. Duplicate keys (GW131) are found by grouping every line's key with
GroupByKey, which the runner spreads over its workers: no table of keys in one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from gemini_wire.documents.batch import check_line, lines_of, repeated, span_of
from gemini_wire.documents.check import EVERY_RULE, Selection, Settings
from gemini_wire.documents.sources import Source
from gemini_wire.findings import SEVERITIES, Finding, masked
from gemini_wire.rules.batch import BATCH_DUPLICATE_KEY
from gemini_wire.secrets import mask

KEYS = "keys"
DUPLICATE_SCOPES = ("file", "corpus")
SPAN = 16 << 20  # a span is read whole: small enough for each of a worker's threads to hold one


class BatchLine(NamedTuple):
    """One line of a batch file: where it is, its bytes, and a dialect and model of its own, if any."""

    file: str
    number: int  # 1-based, counting every line of the file, blank ones too
    text: bytes
    dialect: str | None = None  # None: LintLines' option, else by the file name (as the CLI does)
    model: str | None = None  # None: LintLines' option, else the request's own `model`


class LineFinding(NamedTuple):
    """A finding of a batch line, with its file and the line's key; `gemini-wire lint --format json`
    has the same fields, but for `key`."""

    file: str
    line: int
    column: int | None
    key: str | None
    code: str
    severity: str
    path: str
    message: str
    hint: str
    source: str


class FileSummary(NamedTuple):
    """The lines of a file, and its findings by severity."""

    file: str
    lines: int
    error: int
    warning: int
    info: int


class CodeSummary(NamedTuple):
    """How many findings a rule code has over the whole corpus."""

    code: str
    severity: str
    findings: int


def line_finding(file: str, key: str | None, f: Finding) -> LineFinding:
    """A library finding as a record of the corpus, keys and tokens masked (gemini_wire.secrets):
    every output of the pipeline is made of these records and of file names."""
    f = masked(f)
    shown = mask(key) if key is not None else None
    return LineFinding(
        mask(file), f.line or 1, f.column, shown, f.code, f.severity, f.path, f.message, f.hint, f.source
    )


class ReadBatchLines(beam.PTransform):
    """Every line of every file that a pattern matches (any file system Beam reads: local, gs://),
    numbered from 1 in its file, read in spans of about `span` bytes on many workers at once.

    A line's number needs the count of lines before it: a first pass counts the lines of each
    span (in parallel), the spans of a file are grouped to add up the counts before each, and a
    second pass reads each span and numbers its lines. Only spans and counts cross the workers,
    never the lines, and the check runs where its span was read. Plain JSONL (as the batch APIs
    take it); a compressed file cannot be read from an offset.
    """

    def __init__(self, pattern: str, span: int = SPAN) -> None:
        super().__init__()
        self.pattern, self.span = pattern, span

    def expand(self, pbegin: Any) -> Any:
        return (
            pbegin
            | "match" >> fileio.MatchFiles(self.pattern)
            | "cut into spans" >> beam.FlatMap(spans, self.span)
            | "spread spans" >> beam.Reshuffle()
            | "count lines" >> beam.Map(count_lines)
            | "spans by file" >> beam.GroupByKey()
            | "number spans" >> beam.FlatMap(numbered_spans)
            | "spread numbered spans" >> beam.Reshuffle()
            | "read lines" >> beam.FlatMap(span_lines)
        )


class Span(NamedTuple):
    """Bytes [start, end) of a file: its lines are those that start there (documents.batch.read_span)."""

    file: str
    start: int
    end: int


def spans(metadata: Any, size: int) -> Iterator[Span]:
    """The spans of a matched file (none for an empty one)."""
    for start in range(0, metadata.size_in_bytes, size):
        yield Span(metadata.path, start, min(start + size, metadata.size_in_bytes))


def read(span: Span) -> bytes:
    with FileSystems.open(span.file, compression_type=CompressionTypes.UNCOMPRESSED) as stream:
        return span_of(stream, span.start, span.end)


def count_lines(span: Span) -> tuple[str, tuple[Span, int]]:
    return span.file, (span, len(lines_of(read(span))))


def numbered_spans(group: tuple[str, Iterable[tuple[Span, int]]]) -> Iterator[tuple[Span, int]]:
    """Each span of a file with the number of the line before its first."""
    _, counted = group
    before = 0
    for span, lines in sorted(counted):
        yield span, before
        before += lines


def span_lines(numbered: tuple[Span, int]) -> Iterator[BatchLine]:
    span, before = numbered
    for number, text in enumerate(lines_of(read(span)), before + 1):
        yield BatchLine(span.file, number, text)


class LintLines(beam.PTransform):
    """The findings (LineFinding) of batch lines, duplicate keys (GW131) included.

    `dialect` and `model` apply to lines that do not carry their own; without a dialect, a file
    whose name starts with `vertex` is read as Vertex AI's, any other as the Gemini API's.
    `duplicate_keys`: "file" reports a key repeated within one file (each file is one batch job,
    as `gemini-wire lint` sees it); "corpus" also a key that another file had first (by file
    name, then line), for jobs that read many files as one.
    """

    def __init__(
        self,
        dialect: str | None = None,
        model: str | None = None,
        selection: Selection = EVERY_RULE,
        duplicate_keys: str = "file",
    ) -> None:
        super().__init__()
        if duplicate_keys not in DUPLICATE_SCOPES:
            raise ValueError(f"duplicate_keys is one of {', '.join(DUPLICATE_SCOPES)}, not {duplicate_keys!r}")
        self.check = CheckLines(dialect, model, selection, by_file=duplicate_keys == "file")

    def expand(self, lines: Any) -> Any:
        checked = lines | "check" >> beam.ParDo(self.check).with_outputs(KEYS, main="findings")
        repeats = checked[KEYS] | "group keys" >> beam.GroupByKey() | "repeated keys" >> beam.FlatMap(repeats_of)
        return (checked.findings, repeats) | "all findings" >> beam.Flatten()


class CheckLines(beam.DoFn):
    """Each line's findings; and, tagged KEYS, its key with where it is, for the grouping."""

    def __init__(self, dialect: str | None, model: str | None, selection: Selection, by_file: bool) -> None:
        super().__init__()
        self.dialect, self.model, self.selection, self.by_file = dialect, model, selection, by_file
        self.keys = BATCH_DUPLICATE_KEY.code in selection
        # The settings of each dialect and model met, its dialect resolved once (Settings).
        self.settings: dict[tuple[str, str | None], Settings] = {}

    def process(self, line: BatchLine) -> Iterator[Any]:
        dialect = Source(line.file, None).dialect(line.dialect or self.dialect)
        model = line.model or self.model
        settings = self.settings.get((dialect, model))
        if settings is None:
            settings = self.settings[dialect, model] = Settings(dialect, "auto", model, self.selection)
        checked = check_line(line.text, line.number, settings, self.selection)
        if checked is None:
            return
        key = checked.key[0] if checked.key is not None else None
        for f in checked.findings:
            yield line_finding(line.file, key, f)
        if checked.key is not None and self.keys:
            text, column = checked.key
            group = (line.file if self.by_file else "", text)
            yield beam.pvalue.TaggedOutput(KEYS, (group, (line.file, line.number, column)))


def repeats_of(group: tuple[tuple[str, str], Iterable[tuple[str, int, int]]]) -> Iterator[LineFinding]:
    """GW131 at every line with a key but the first (by file name, then line)."""
    (_, key), places = group
    first_file, first_line, _ = min(places)  # runners give an iterable that can be walked twice
    for file, line, column in places:
        if (file, line) != (first_file, first_line):
            f = repeated(line, column, first_line, key, "" if file == first_file else first_file)
            yield line_finding(file, key, f)


class Summarize(beam.PTransform):
    """From (lines, findings): {"files": FileSummary per file, "codes": CodeSummary per code}.

    A file appears once it has a line; an empty file has nothing to count."""

    def expand(self, pair: tuple[Any, Any]) -> dict[str, Any]:
        lines, findings = pair
        per_file = (
            (
                lines | "count lines" >> beam.Map(line_count),
                findings | "count severities" >> beam.Map(severity_count),
            )
            | "by file" >> beam.Flatten()
            | "add up files" >> beam.CombinePerKey(add_up)
            | "file summary" >> beam.MapTuple(file_summary)
        )
        per_code = (
            findings
            | "by code" >> beam.Map(code_count)
            | "add up codes" >> beam.CombinePerKey(sum)
            | "code summary" >> beam.MapTuple(code_summary)
        )
        return {"files": per_file, "codes": per_code}


def line_count(line: BatchLine) -> tuple[str, tuple[int, int, int, int]]:
    return mask(line.file), (1, 0, 0, 0)  # the name its findings carry (line_finding)


def severity_count(f: LineFinding) -> tuple[str, tuple[int, ...]]:
    return f.file, (0, *(int(f.severity == s) for s in SEVERITIES))


def add_up(counts: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    """Lines, errors, warnings and info, summed (the runner combines partial sums the same way)."""
    total = [0, 0, 0, 0]
    for c in counts:
        for i, n in enumerate(c):
            total[i] += n
    return tuple(total)


def file_summary(file: str, counts: tuple[int, ...]) -> FileSummary:
    lines, error, warning, info = counts
    return FileSummary(file, lines, error, warning, info)


def code_count(f: LineFinding) -> tuple[tuple[str, str], int]:
    return (f.code, f.severity), 1


def code_summary(code: tuple[str, str], count: int) -> CodeSummary:
    return CodeSummary(code[0], code[1], count)
