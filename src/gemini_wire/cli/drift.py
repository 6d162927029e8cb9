"""gemini-wire drift: the report of what recorded traffic holds that the spec lacks.

For maintainers of client libraries: run it over the cassettes of a test suite to learn which
keys and enum values the live API sends (or accepted) that gemini-wire's spec, and so the
client's own types, do not have yet. Text for reading, JSON for tools and baselines, Markdown
for a checked-in report (docs/drift.md), and the overlay (TOML rows for codegen/observed.toml)
that makes adding a field that traffic proves one reviewed step.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from gemini_wire.documents.formats import WALKED
from gemini_wire.documents.sources import Scope, Source, expand
from gemini_wire.drift import Drift, Entry

DRIFT_FORMATS = ("text", "json", "markdown", "overlay")
# Besides what lint walks a folder for: compressed traffic dumps and SSE captures.
EXTRA_SUFFIXES = (".xz", ".gz", ".sse")


@dataclass(frozen=True)
class DriftOptions:
    paths: tuple[str, ...]
    dialect: str
    output: str
    baseline: str | None
    fail_on_new: bool
    output_file: str | None = None


def gather(o: DriftOptions, err: TextIO) -> tuple[Drift, bool]:
    """Every entry of every file the paths name; True when a file could not be read."""
    found = expand(o.paths, scope=Scope(suffixes=WALKED))
    names = [s.name for s in found.sources]
    for path in o.paths:
        if os.path.isdir(path):
            for top, folders, files in os.walk(path):
                folders[:] = sorted(d for d in folders if not d.startswith("."))
                # (a `.httprr.gz` trace is lint's too: the walk above has it already)
                names += [os.path.join(top, f) for f in sorted(files) if f.endswith(EXTRA_SUFFIXES) and not f.endswith(WALKED)]
    trouble = bool(found.problems)
    for problem in found.problems:
        err.write(f"{problem}\n")
    drift = Drift(o.dialect)
    for name in names:
        try:
            data = Source(name, Path(name)).read()  # a regular file, at most MAX_DOCUMENT
        except OSError as e:
            err.write(f"{name}: cannot read: {e.strerror or e}\n")
            trouble = True
            continue
        drift.add_file(name, data)
    return drift, trouble


def baseline_ids(path: str) -> set[str] | str:
    """The ids of a baseline (a JSON report of an earlier run), or why it cannot be read."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        return {e["id"] for e in document["entries"]}
    except OSError as e:
        return f"{path}: cannot read: {e.strerror or e}"
    except (ValueError, KeyError, TypeError) as e:
        return f"{path}: not a drift report in JSON (gemini-wire drift --format json): {e}"


def notes_of(path: str | None) -> dict[str, str]:
    """The notes of a baseline's entries (why each is known), by id."""
    if path is None:
        return {}
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        return {e["id"]: e.get("note", "") for e in document["entries"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def run(o: DriftOptions, out: TextIO, err: TextIO) -> int:
    """The report; exit 1 with --fail-on-new when an entry is not in the baseline, 2 on trouble."""
    known: set[str] = set()
    if o.baseline is not None:
        ids = baseline_ids(o.baseline)
        if isinstance(ids, str):
            err.write(ids + "\n")
            return 2
        known = ids
    drift, trouble = gather(o, err)
    entries = drift.entries()
    new = [e for e in entries if e.id not in known]
    notes = notes_of(o.baseline)
    # The overlay is for what to add: with a baseline, only what it does not list.
    shown = new if o.output == "overlay" and o.baseline is not None else entries
    text = RENDER[o.output](drift, shown, notes, new if o.baseline is not None else None)
    if o.output_file is None:
        out.write(text)
    else:
        try:
            Path(o.output_file).write_text(text, encoding="utf-8")
        except OSError as e:
            err.write(f"{o.output_file}: cannot write: {e.strerror or e}\n")
            return 2
    if trouble:
        return 2
    if o.fail_on_new and new:
        err.write(f"{len(new)} new entr{'y' if len(new) == 1 else 'ies'} not in the baseline\n")
        return 1
    return 0


def summary(drift: Drift) -> str:
    skipped = ", ".join(f"{why} {n}" for why, n in sorted(drift.skipped.items()))
    return f"{drift.calls} payload(s) read" + (f"; skipped: {skipped}" if skipped else "")


def render_text(drift: Drift, entries: list[Entry], notes: dict[str, str], new: list[Entry] | None) -> str:
    lines = []
    fresh = {e.id for e in new} if new is not None else set()
    for e in entries:
        mark = "new " if e.id in fresh else ""
        what = f"{e.what} {e.value!r} of {e.enum}" if e.value else e.what
        lines.append(f"{mark}{e.dialect} {e.direction} {e.path}: {what}, seen {e.count}x, first {e.first}, last {e.last}")
        if e.models:
            lines.append(f"    models: {', '.join(sorted(e.models))}")
        if e.first_date:
            lines.append(f"    dates: {e.first_date} .. {e.last_date}")
    lines.append(f"{len(entries)} unknown key(s) and value(s); {summary(drift)}")
    return "\n".join(lines) + "\n"


def render_json(drift: Drift, entries: list[Entry], notes: dict[str, str], new: list[Entry] | None) -> str:
    fresh = {e.id for e in new} if new is not None else None
    records = []
    for e in entries:
        r = e.record()
        if e.id in notes:
            r["note"] = notes[e.id]
        if fresh is not None:
            r["new"] = e.id in fresh
        records.append(r)
    document: dict[str, Any] = {"entries": records, "payloads": drift.calls, "skipped": drift.skipped}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(drift: Drift, entries: list[Entry], notes: dict[str, str], new: list[Entry] | None) -> str:
    lines = [
        "| dialect | direction | path | what | count | first seen | last seen | models | status |",
        "| --- | --- | --- | --- | ---: | --- | --- | --- | --- |",
    ]
    fresh = {e.id for e in new} if new is not None else set()
    for e in entries:
        what = f"`{e.value}` ({e.enum})" if e.value else e.what
        status = "**new**" if e.id in fresh else notes.get(e.id, "")
        models = ", ".join(sorted(e.models))
        lines.append(f"| {e.dialect} | {e.direction} | `{e.path}` | {what} | {e.count} | {e.first} | {e.last} | {models} | {status} |")
    lines.append("")
    lines.append(f"{len(entries)} unknown key(s) and value(s); {summary(drift)}.")
    return "\n".join(lines) + "\n"


def render_overlay(drift: Drift, entries: list[Entry], notes: dict[str, str], new: list[Entry] | None) -> str:
    """TOML rows for codegen/observed.toml: each names its dialect, message and key (or enum and
    value) and the recording that shows it, to be reviewed before `make generate`."""
    lines = ["# gemini-wire drift --format overlay: review each row, then add it to codegen/observed.toml", ""]
    for e in entries:
        lines.append("[[observed]]")
        lines.append(f'dialect = "{e.dialect}"')
        lines.append(f'direction = "{e.direction}"')
        if e.value:
            lines.append(f'enum = "{e.enum}"')
            lines.append(f"value = {json.dumps(e.value)}")
        else:
            lines.append(f'message = "{e.message}"')
            lines.append(f"key = {json.dumps(e.key)}")
        lines.append(f"evidence = {json.dumps(f'{e.count}x in recorded traffic, first {e.first}, last {e.last}')}")
        lines.append("")
    return "\n".join(lines)


RENDER = {"text": render_text, "json": render_json, "markdown": render_markdown, "overlay": render_overlay}
