"""The commands: each joins loading, checking and rendering, and returns the exit code.

Exit codes (stable): 0 nothing at the fail level; 1 findings at the fail level (fmt: a file
would change under --check or --diff, or has errors and was left alone); 2 a usage error, a
file that cannot be read, or an internal error. Every message names its file.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import warnings
from collections.abc import Iterator
from typing import TextIO

from gemini_wire import dialects
from gemini_wire.cli.args import (
    NOT_FORMATTED,
    FmtOptions,
    Inputs,
    LintOptions,
    RulesOptions,
    SchemaOptions,
    parsers,
)
from gemini_wire.cli.fmt import Unformattable, canonical_file, diff, write_atomic
from gemini_wire.cli.progress import Progress
from gemini_wire.cli.render import Renderer, Totals, renderer, wants_colour
from gemini_wire.cli.schema import UnknownMessage, message_schema, messages
from gemini_wire.documents import formats
from gemini_wire.documents.batch import cores
from gemini_wire.documents.check import EVERY_RULE, Selection, Settings
from gemini_wire.documents.exchanges import SetupNote
from gemini_wire.documents.formats import Content, Options
from gemini_wire.documents.sources import Problem, Refused, Source, expand
from gemini_wire.findings import Finding, fails
from gemini_wire.recognize import recognize, recognize_interactions
from gemini_wire.recordings import MissingExtra
from gemini_wire.rules import RULES, Rule, shown

SHOWN_ERRORS = 20  # of a file that fmt leaves alone


def lint(o: LintOptions, out: TextIO, err: TextIO) -> int:
    """gemini-wire lint, to standard output or to the --output file."""
    if o.output_file is None:
        with setup_notes(err):
            return lint_to(o, out, err)
    try:
        report = open(o.output_file, "w", encoding="utf-8")  # closed by the with below
    except OSError as e:
        err.write(f"{o.output_file}: cannot write: {e.strerror or e}\n")
        return 2
    with report, setup_notes(err):
        return lint_to(o, report, err)


@contextlib.contextmanager
def setup_notes(err: TextIO) -> Iterator[None]:
    """A SetupNote (a check that an optional dependency is missing for) told on standard error as
    `gemini-wire: note: ...` when it comes; the library tells each one once a run."""
    shown = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: TextIO | None = None, line: str | None = None) -> None:
        if issubclass(category, SetupNote):
            err.write(f"gemini-wire: note: {message}\n")
        else:
            shown(message, category, filename, lineno, file, line)

    with warnings.catch_warnings():
        warnings.simplefilter("always", SetupNote)
        warnings.showwarning = show
        yield


def dialect_of(source: Source, inputs: Inputs) -> str | None:
    """The dialect chosen for a file: the command line's, else its configuration's (its last
    matching glob's, else the top level's); None when neither chose one. An Interactions dialect
    (`interactions-v1`) reads the file as an Interactions API payload, any other as generateContent's."""
    return inputs.dialect or inputs.config.target_of(source.name).dialect


def settings_for(source: Source, inputs: Inputs, model: str | None = None, selection: Selection = EVERY_RULE) -> Settings:
    """A generateContent file's dialect and model (the one chosen for it, else by name), and the
    rules to check it for."""
    return Settings(source.dialect(dialect_of(source, inputs)), inputs.kind, model or inputs.config.target_of(source.name).model, selection)


class Reported:
    """One file's findings on their way to the renderer (counted, judged at the file's fail
    level), and the progress bar of a batch file on a terminal."""

    def __init__(self, source: Source, fail_on: str, view: Renderer, totals: Totals, err: TextIO) -> None:
        self.source, self.fail_on, self.view, self.totals, self.err = source, fail_on, view, totals, err
        self.clean, self.failing = True, False
        self.progress: Progress | None = None

    def found(self, findings: list[Finding]) -> None:
        if self.progress is not None:
            self.progress.clear()
        for f in findings:
            self.totals.count(f)
            self.failing = self.failing or fails(f.severity, self.fail_on)
            self.view.finding(self.source.name, f)
        self.clean = self.clean and not findings

    def advanced(self, lines: int, size: int) -> None:
        if self.progress is None:
            self.progress = Progress(self.source.name, self.source.size(), self.err, enabled=self.err.isatty())
        self.progress.advance(lines, size)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.clear()


def lint_to(o: LintOptions, out: TextIO, err: TextIO) -> int:
    """Every finding of every file, rendered as they come."""
    found = expand(o.inputs.paths, o.inputs.stdin_filename, o.inputs.scope)
    view = renderer(o.output, out, o.selection.rules(), colour=wants_colour(out))
    trouble = False

    def unchecked(problem: Problem) -> None:
        nonlocal trouble
        err.write(f"{problem}\n")
        view.problem(problem)
        trouble = True

    for problem in found.problems:
        unchecked(problem)
    totals = Totals()
    failing = False
    # More processes than cores only add memory and switching; --jobs is capped.
    jobs = min(o.jobs or cores(), cores())
    for source in found.sources:
        selection, fail_on = o.judged(source.name)
        reported = Reported(source, fail_on, view, totals, err)
        try:
            chosen = dialect_of(source, o.inputs)
            if chosen in dialects.INTERACTIONS:
                outcome = interactions_file(source, chosen, o.inputs.kind, selection, reported)
            else:
                options = Options(settings_for(source, o.inputs, o.model, selection), jobs, interactions_for(source, o.inputs))
                outcome = formats.check(source, options, reported)
        except BrokenPipeError:  # the reader went away (`| head`): main() ends quietly
            raise
        except MissingExtra as e:  # a setup problem, not the file's: the run stops, exit 2
            err.write(f"{source.name}: {e}\n")
            trouble = True
            break
        except OSError as e:
            unchecked(Problem(source.name, f"cannot read: {e.strerror or e}"))
            continue
        except Exception as e:  # the promise: never a traceback, and the message names the file
            unchecked(Problem(source.name, f"internal error: {type(e).__name__}: {e}"))
            continue
        finally:
            reported.close()
            failing = failing or reported.failing
        if outcome.passed:
            totals.passed += 1
            if o.verbose:
                err.write(f"{source.name}: passed over: {outcome.passed}\n")
            continue
        totals.files += 1
        totals.lines += outcome.lines
        totals.traffic.add(outcome.tally)
        view.done(source.name, outcome.what, reported.clean)
    status = 2 if trouble else 1 if failing and not o.exit_zero else 0
    view.end(totals, status)
    out.flush()
    return status


def interactions_for(source: Source, inputs: Inputs) -> str | None:
    """The Interactions dialect that a file the Interactions API's is read in: its GA version when
    neither the command line nor the configuration chose a dialect for it, else None."""
    return None if dialect_of(source, inputs) else formats.INTERACTIONS


def interactions_file(source: Source, dialect: str, kind: str, selection: Selection, reported: Reported) -> formats.Outcome:
    """A file read in the Interactions dialect chosen for it (`--dialect interactions-v1`, or
    configured): what the schema refuses in it and, for a request, what its rules (GW9xx) find,
    read as `kind` (--kind) says or as its keys tell. A folder walk passes over what is not the
    Interactions API's."""
    data = source.read()
    if not source.chosen and not (verdict := recognize_interactions(data)):
        return formats.Outcome(passed=f"not an Interactions API payload: {verdict.why}")
    return formats.lint_interactions(dialect, kind, data, selection, reported)


def fmt(o: FmtOptions, out: TextIO, err: TextIO) -> int:
    """gemini-wire fmt: print, check, diff or write the canonical form of each file."""
    found = expand(o.inputs.paths, o.inputs.stdin_filename, o.inputs.scope)
    for problem in found.problems:
        err.write(f"{problem}\n")
    trouble = bool(found.problems)
    looking = o.check or o.diff
    if not (looking or o.write) and len(found.sources) > 1:
        # Canonical forms one after another could not be told apart, nor split back into files.
        err.write(
            parsers()[1]["fmt"].format_usage() + f"gemini-wire fmt: error: {len(found.sources)} files to "
            "standard output: name one file, or use --write, --check or --diff for several\n"
        )
        return 2
    note = err if o.diff else out  # a diff alone on stdout can be piped into `patch`
    changed = same = broken = 0
    for source in found.sources:
        chosen = dialect_of(source, o.inputs)
        if chosen in dialects.INTERACTIONS:  # configured: the command line refuses them (args.py)
            if not source.walked:
                err.write(f"{source.name}: its configured dialect is {chosen}: {NOT_FORMATTED}\n")
                trouble = True
            continue
        settings = settings_for(source, o.inputs)
        try:
            content = Content(source)
            sniffed = formats.sniff(source, content).format.name
            data = content.data
            if sniffed == "recording":  # a cassette, HAR file, nock recording or httprr trace: not ours to rewrite
                if not source.walked:
                    err.write(f"{source.name}: not a JSON payload (a cassette, HAR, nock, httprr or YAML file), left as it is\n")
                continue
            if sniffed == "interactions" and not o.inputs.dialect:  # not formatted yet (args.py)
                if not source.walked:
                    err.write(f"{source.name}: an Interactions API payload, left as it is: fmt does not format them yet\n")
                continue
            if not source.chosen and not recognize(data, batch=source.batch):
                continue  # not Gemini's, met in a folder: as lint passes over it
            new = canonical_file(data, settings, batch=source.batch)
            if o.diff and new != data:
                out.write(diff(source.name, data, new))
            if looking:
                if o.check and new != data:
                    out.write(f"would reformat {source.name}\n")
            elif not o.write or source.path is None:  # standard input cannot be replaced
                out.write(new.decode("utf-8"))
            elif new != data:
                write_atomic(source.path, new)
                out.write(f"reformatted {source.name}\n")
        except Unformattable as e:
            err.write(
                f"{source.name}: left as it is: it has errors (fix them first, see `gemini-wire lint`)\n"
            )
            view = renderer("text", err, [])
            for f in e.findings[:SHOWN_ERRORS]:
                view.finding(source.name, f)
            if len(e.findings) > SHOWN_ERRORS:
                err.write(f"{source.name}: and {len(e.findings) - SHOWN_ERRORS} more\n")
            broken += 1
            continue
        except BrokenPipeError:  # the reader went away (`| head`): main() ends quietly
            raise
        except MissingExtra as e:  # a setup problem, not the file's: the run stops, exit 2
            err.write(f"{source.name}: {e}\n")
            trouble = True
            break
        except OSError as e:
            verb = "write" if o.write and not isinstance(e, Refused) else "read"
            err.write(f"{source.name}: cannot {verb}: {e.strerror or e}\n")
            trouble = True
            continue
        except Exception as e:  # never a traceback
            err.write(f"{source.name}: internal error: {type(e).__name__}: {e}\n")
            trouble = True
            continue
        changed += new != data
        same += new == data
    if looking or o.write:
        verb = "would be reformatted" if looking else "reformatted"
        left = f", {broken} left as they are (errors)" if broken else ""
        note.write(f"{changed} file(s) {verb}, {same} already canonical{left}\n")
    if trouble:
        return 2
    return 1 if broken or (looking and changed) else 0


def schema(o: SchemaOptions, out: TextIO, err: TextIO) -> int:
    """gemini-wire schema: the JSON Schema of one message, or the list of them."""
    if o.list:
        out.write("".join(name + "\n" for name in messages(o.dialect)))
        return 0
    try:
        document = message_schema(o.dialect, o.message)
    except UnknownMessage:
        known = messages(o.dialect)
        hint = (
            f"did you mean {', '.join(close)}?"
            if (close := difflib.get_close_matches(o.message, known))
            else ""
        )
        other = next((d for d in (*dialects.NAMES, *dialects.INTERACTIONS) if o.message in messages(d)), None)
        if other is not None:
            hint = f"it is a message of the {other} dialect: add --dialect {other}"
        err.write(
            f"gemini-wire schema: no message {o.message!r} in the {o.dialect} schemas; {hint or 'see --list'}\n"
        )
        return 2
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


def rules(o: RulesOptions, out: TextIO, err: TextIO) -> int:
    """gemini-wire rules: one line per rule; a full explanation of each code or name given."""
    if not o.codes:
        out.write("".join(headline(r) for _, r in sorted(RULES.items())))
        return 0
    by_name = {r.name: r for r in RULES.values()}
    status = 0
    for asked in o.codes:
        code, name = asked.upper(), asked.lower().replace("_", "-")
        if code in RULES or name in by_name:
            out.write(explanation(RULES.get(code) or by_name[name]))
        elif listed := [r for c, r in sorted(RULES.items()) if c.startswith(code)]:
            out.write("".join(headline(r) for r in listed))
        else:
            # A near name is a typo worth naming; a near code is only another rule.
            close = difflib.get_close_matches(name, by_name, n=3)
            hint = f"did you mean {' or '.join(close)}?" if close else "`gemini-wire rules` lists them"
            err.write(f"gemini-wire rules: no rule {asked} (by code or name); {hint}\n")
            status = 2
    return status


def headline(r: Rule) -> str:
    return f"{r.code} {r.name} ({r.severity}): {r.summary}\n"


def explanation(r: Rule) -> str:
    # The example's dialect and model, where linting it needs them.
    on = [d for d in (r.example_dialect if r.example_dialect != "gemini" else None, r.example_model and f"model {r.example_model}") if d]
    where = f" ({', '.join(on)})" if on else ""
    return (
        f"{r.code} {r.name} ({r.severity})\n{r.summary}\n\n"
        f"    why: {r.why}\n    bad{where}: {shown(r.bad)}\n    good{where}: {shown(r.good)}\n"
        f"    source: {r.source}\n    evidence: {r.evidence}\n    dialects: {', '.join(r.dialects)}\n"
    )
