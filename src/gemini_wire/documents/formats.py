"""The input formats: one row each, tried in order; the first that claims an input reads it.

    found = sniff(source, content)               # the format and its variant, sniffed once
    outcome = found.format.check(source, found.variant, content, options, listener)

A row says how it recognises an input (`claims`: by the name, or by the first bytes, which
`Content` reads once and keeps) and how it checks it (`check`: parsing the bytes once, telling
the listener its findings in file order as they are found). Adding a format is a row here and
the module that checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from typing import NamedTuple, Protocol

from gemini_wire import dialects
from gemini_wire.documents.batch import check_stream
from gemini_wire.documents.check import Selection, Settings, check_document, top_of
from gemini_wire.documents.outputs import (
    GEMINI,
    VERTEX,
    Answers,
    Requests,
    first_line,
    input_for,
    output_variant,
)
from gemini_wire.documents.sources import BATCH_SUFFIX, Source
from gemini_wire.documents.traffic import EXCHANGE_AREA, Checked, Tally, check_recording
from gemini_wire.findings import Finding, order
from gemini_wire.limits import MAX_DOCUMENT
from gemini_wire.recognize import recognize, recognize_interactions, sse_text
from gemini_wire.recordings import sniff as sniff_recording

# How much of a batch file a folder walk reads to recognise it: its first lines, or enough of
# a first line holding inline media for its keys (recognize reads the keys of text cut short).
BATCH_HEAD = 1 << 20
# An Interactions API stream saved as its Server-Sent Events (a folder walk picks these up).
SSE_SUFFIX = ".sse"
# A file recognised as the Interactions API's, where no dialect was chosen, is read in its GA version.
INTERACTIONS = "interactions-v1"


class Listener(Protocol):
    """Where an input's findings go, as they are found, and how far a long input has got."""

    def found(self, findings: list[Finding]) -> None:
        """Findings of the input (the selected ones), in the file's order."""

    def advanced(self, lines: int, size: int) -> None:
        """`lines` more lines (`size` more bytes) of a batch file are checked."""


@dataclass(frozen=True)
class Options:
    """How to check an input: its dialect, kind, model and rules, and the processes for a batch file."""

    settings: Settings = field(default_factory=Settings)
    jobs: int = 1
    # The Interactions dialect that a file recognised as the Interactions API's is read in
    # (recognize.recognize_interactions); None when a dialect was chosen: then `settings.dialect`
    # reads every file, and a folder walk passes over the Interactions API's.
    interactions: str | None = None


@dataclass
class Outcome:
    """What an input was read as (`what`, for `ok (...)`), or why a folder walk passed over it."""

    what: str = ""
    passed: str = ""  # not Gemini's: nothing was reported
    lines: int = 0  # batch lines checked
    tally: Tally = field(default_factory=Tally)  # interactions of a recording


class Content:
    """An input's bytes, read once, when a format first needs them (a batch file never is)."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._data: bytes | None = None

    @property
    def data(self) -> bytes:
        """The whole content (OSError when it cannot be read, Refused past the limit)."""
        if self._data is None:
            self._data = self.source.read()
        return self._data


Check = Callable[[Source, str, Content, Options, Listener], Outcome]


class Format(NamedTuple):
    """One input format: the variant of it that an input is (None: not this format), and its check."""

    name: str
    claims: Callable[[Source, Content], str | None]
    check: Check
    suffixes: tuple[str, ...]  # the files of this format that a folder walk picks up


class Sniffed(NamedTuple):
    format: Format
    variant: str


def check_batch(
    source: Source, variant: str, content: Content, options: Options, listener: Listener
) -> Outcome:
    """A JSONL file of batch lines, chunk by chunk on `jobs` processes, in constant memory; in
    a batch output file (variant GEMINI or VERTEX), each answer against its request too."""
    if not source.chosen and not (verdict := recognize(source.head(BATCH_HEAD), batch=True)):
        return Outcome(passed=f"not a Gemini batch file: {verdict.why}")
    settings = options.settings
    if variant == VERTEX and dialects.info(settings.dialect).api != "vertex":
        settings = replace(settings, dialect="vertex")  # its lines say that Vertex AI wrote it
    answers = answers_for(source, variant, settings)
    lines = seen = 0
    with source.opened() as stream, ExitStack() as closing:
        # The exchange checks read the file again, here, while the workers lint its lines.
        again = closing.enter_context(source.opened()) if answers is not None else None
        if answers is not None:
            closing.callback(answers.close)
        for chunk in check_stream(stream, settings, settings.selection, options.jobs):
            found = chunk.findings
            if again is not None and answers is not None:
                paired = [f for k in range(1, chunk.lines + 1) for f in answers.check(again.readline(MAX_DOCUMENT), seen + k)]
                found = sorted(found + paired, key=order) if paired else found
            if found:
                listener.found(found)
            seen += chunk.lines
            lines += chunk.lines - chunk.blank  # a blank line is no request
            listener.advanced(chunk.lines, chunk.size)
    what = f"{settings.dialect} batch, {lines} line(s)"
    if variant in (GEMINI, VERTEX):
        what = f"{settings.dialect} batch output, {lines} line(s)" + (answers.summary() if answers is not None else "")
    return Outcome(what, lines=lines)


def answers_for(source: Source, variant: str, settings: Settings) -> Answers | None:
    """What checks each answer of a batch output file against its request; None for an input
    file, or when no exchange rule is selected."""
    exchange_rules = any(code.startswith(EXCHANGE_AREA) for code in settings.selection.codes)
    if variant not in (GEMINI, VERTEX) or source.path is None or not exchange_rules:
        return None
    requests = None
    if variant == GEMINI:
        with source.opened() as stream:
            found = input_for(source.path, first_line(stream))
        try:
            requests = Requests(found) if found is not None else None
        except OSError:
            requests = None  # an input that cannot be read: the answers are linted alone, as without one
    return Answers(variant, settings, requests, selected=settings.selection.codes)


def output_claim(source: Source, content: Content) -> str | None:
    """GEMINI or VERTEX for a batch file whose first line is an answer (a file: standard input is
    read once, by the lines' check)."""
    if not source.batch or source.path is None:
        return None
    with source.opened() as stream:
        return output_variant(first_line(stream))


def check_traffic(
    source: Source, variant: str, content: Content, options: Options, listener: Listener
) -> Outcome:
    """A cassette, a HAR file, a nock recording or an httprr trace: each generateContent call
    checked in the dialect of its URL."""
    settings = options.settings
    recording = check_recording(source.name, content.data, settings.dialect, variant, settings.selection)
    if not source.chosen and (why := not_gemini(recording)):
        return Outcome(passed=why)
    listener.found([f for f in recording.findings if f.code in options.settings.selection])
    what = f"{recording.format}, {recording.tally.summary()}" if recording.format else "not a recording"
    return Outcome(what, tally=recording.tally)


def not_gemini(recording: Checked) -> str:
    """Why a file met in a walk is passed over: a YAML or JSON file that is no recording, or a
    recording of no Gemini call; empty when it is to be reported."""
    if recording.other:
        return "not a recording (a YAML or JSON file of another kind)"
    if recording.format and not sum(recording.tally.checked.values()) and not recording.findings:
        return f"{recording.format} with no Gemini call"
    return ""


def check_payload(
    source: Source, variant: str, content: Content, options: Options, listener: Listener
) -> Outcome:
    """One JSON document: a request, a response, an error body or a stream saved as an array;
    its top level read once, for recognising it in a folder walk and for checking it."""
    data = content.data
    top = top_of(data)
    read = top if isinstance(top, (dict, list)) else None
    if not source.chosen and not (verdict := recognize(data, top=read)):
        return Outcome(passed=f"not a Gemini payload: {verdict.why}")
    checked = check_document(data, options.settings, top=top)
    listener.found([f for f in checked.findings if f.code in options.settings.selection])
    return Outcome(f"{options.settings.dialect} {checked.kind}")


def interactions_claim(source: Source, content: Content) -> str | None:
    """The kind of an Interactions API payload or stream (request, response, stream), by content."""
    return None if source.batch else recognize_interactions(content.data).kind


def check_interactions(
    source: Source, variant: str, content: Content, options: Options, listener: Listener
) -> Outcome:
    """An Interactions API payload or stream: read in `options.interactions`; where a dialect was
    chosen, a named file is read in it as any payload and a walk passes over it."""
    if options.interactions is None:
        if source.chosen:
            return check_payload(source, "json", content, options, listener)
        return Outcome(passed=f"an Interactions API {variant}, and the dialect chosen is {options.settings.dialect}")
    kind = variant if options.settings.kind == "auto" else options.settings.kind  # --kind, when given
    return lint_interactions(options.interactions, kind, content.data, options.settings.selection, listener)


def lint_interactions(dialect: str, kind: str, data: bytes, selection: Selection, listener: Listener) -> Outcome:
    """What the schema refuses in an Interactions API payload of `kind` (`auto`: by its shape) and,
    for a request, what its rules (GW9xx) find."""
    d = dialects.interactions_dialect(dialect)
    if kind == "auto":
        kind = "stream" if sse_text(data) else d.guess_kind(data)
    listener.found([f for f in d.lint(data, kind=kind, selected=selection) if f.code in selection])
    return Outcome(f"{dialect} {kind}")


FORMATS: tuple[Format, ...] = (
    # A batch output file: its first line is an answer (the batch row below picks up its files).
    Format("batch output", output_claim, check_batch, ()),
    Format("batch", lambda source, content: "jsonl" if source.batch else None, check_batch, (BATCH_SUFFIX,)),
    # An Interactions API request, Interaction or stream (before the recording row, which takes
    # any text that is not JSON for YAML).
    Format("interactions", interactions_claim, check_interactions, (SSE_SUFFIX,)),
    # A YAML or JSON file that holds no recording is passed over (or read as a payload); a nock
    # recording is a .json file, picked up by the payload row's suffix and claimed here first; an
    # httprr trace (Go) is a .httprr file (.httprr.gz compressed), or any file that starts with its first line.
    Format(
        "recording", lambda source, content: sniff_recording(source.name, content.data), check_traffic,
        (".yaml", ".yml", ".har", ".httprr", ".httprr.gz"),
    ),
    Format("payload", lambda source, content: "json", check_payload, (".json",)),
)
# What a folder walk picks up: every format's files.
WALKED = tuple(suffix for row in FORMATS for suffix in row.suffixes)


def sniff(source: Source, content: Content) -> Sniffed:
    """The format of an input: the first row that claims it (a payload, when none does)."""
    for row in FORMATS:
        variant = row.claims(source, content)
        if variant is not None:
            return Sniffed(row, variant)
    raise AssertionError("the payload row claims every input")


def check(source: Source, options: Options, listener: Listener) -> Outcome:
    """Every finding of one input, told to the listener as found; what it was read as."""
    content = Content(source)
    found = sniff(source, content)
    return found.format.check(source, found.variant, content, options, listener)
