"""Configuration: `[tool.gemini-wire]` in pyproject.toml, found upwards from the working folder.

    [tool.gemini-wire]
    dialect = "gemini"                 # for every file (else: vertex for a name starting with it)
    model = "gemini-2.5-flash"         # the model the requests go to, for its limits
    select = ["GW1", "GW3"]            # rules by code or prefix, as --select / --ignore
    ignore = ["GW316"]
    fail-on = "warning"                # as --fail-on

    [tool.gemini-wire.files."vertex/**"]   # per glob, relative to the file's folder;
    dialect = "vertex"                     # the last glob that matches wins
    model = "gemini-2.5-pro"

The command line overrides it; `--config FILE` names the file (pyproject.toml, or a TOML file
whose top level is the `[tool.gemini-wire]` table). A problem in it is a usage error (exit 2).
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gemini_wire import dialects

TABLE = "gemini-wire"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning")
KEYS = {"dialect", "model", "select", "ignore", "fail-on", "files"}
FILE_KEYS = {"dialect", "model"}


@dataclass(frozen=True)
class Target:
    """Where a file's requests go: the dialect and the model (None: not configured)."""

    dialect: str | None = None
    model: str | None = None


@dataclass(frozen=True)
class Config:
    """The settings of a configuration file; the empty Config when there is none."""

    path: Path | None = None
    target: Target = Target()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    files: tuple[tuple[str, Target], ...] = ()

    def target_of(self, name: str) -> Target:
        """The dialect and model of a file: its last matching glob's, else the top level's."""
        found = self.target
        if self.path is None or not self.files:
            return found
        try:
            relative = Path(os.path.relpath(os.path.abspath(name), self.path.parent)).as_posix()
        except ValueError:  # another drive (Windows)
            return found
        for pattern, target in self.files:
            if fnmatch.fnmatchcase(relative, pattern):
                found = Target(target.dialect or found.dialect, target.model or found.model)
        return found


def find(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.gemini-wire] table."""
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        try:
            text = candidate.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if f"tool.{TABLE}" not in text:  # most files are not ours: no need to parse them
            continue
        document = toml(text)
        if isinstance(document, str) or TABLE in document.get("tool", {}):
            return candidate  # ours to read, and to report on
    return None


def toml(text: str) -> dict[str, Any] | str:
    """A TOML document, or why it cannot be read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # tomli is a dependency there; a --no-deps install reads TOML only when there is some
        try:
            import tomli as tomllib
        except ImportError:
            return "reading TOML on Python 3.10 needs tomli: python -m pip install tomli"
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        return f"not valid TOML: {e}"


def load(path: str | None, start: Path | None = None) -> Config | str:
    """The configuration named by --config, else found upwards; a message when it is wrong."""
    file = Path(path) if path else find(start or Path.cwd())
    if file is None:
        return Config()
    try:
        document = toml(file.read_text("utf-8"))
    except OSError as e:
        return f"{file}: cannot read: {e.strerror or e}"
    except UnicodeDecodeError as e:
        return f"{file}: not UTF-8: {e}"
    if isinstance(document, str):
        return f"{file}: {document}"
    table = document.get("tool", {}).get(TABLE)
    if table is None and file.name == PYPROJECT:
        return f"{file}: no [tool.{TABLE}] table"
    if table is None:
        table = document  # a file of its own: the table's keys at its top level
    if not isinstance(table, dict):
        return f"{file}: [tool.{TABLE}] is not a table"
    return parsed(file, table)


def parsed(file: Path, table: dict[str, Any]) -> Config | str:
    where = f"{file}: [tool.{TABLE}]"
    unknown = sorted(set(table) - KEYS)
    if unknown:
        return f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})"
    target = read_target(where, table)
    if isinstance(target, str):
        return target
    codes: dict[str, tuple[str, ...]] = {}
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"{where}: {key} is a list of rule codes or prefixes"
        codes[key] = tuple(value)
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        return f"{where}: fail-on is one of {', '.join(FAIL_ON)}, not {fail_on!r}"
    files = table.get("files", {})
    if not isinstance(files, dict):
        return f'{where}: files is a table of globs: [tool.{TABLE}.files."vertex/**"]'
    globs: list[tuple[str, Target]] = []
    for pattern, settings in files.items():
        inner = f'{where}.files."{pattern}"'
        if not isinstance(settings, dict) or set(settings) - FILE_KEYS:
            return f"{inner}: a glob takes only {' and '.join(sorted(FILE_KEYS))}"
        found = read_target(inner, settings)
        if isinstance(found, str):
            return found
        globs.append((pattern, found))
    return Config(file, target, codes["select"], codes["ignore"], fail_on, tuple(globs))


def read_target(where: str, table: dict[str, Any]) -> Target | str:
    dialect, model = table.get("dialect"), table.get("model")
    if dialect is not None:
        try:
            dialects.canonical(str(dialect))
        except ValueError as e:
            return f"{where}: {e}"
    if model is not None and not isinstance(model, str):
        return f"{where}: model is a name such as \"gemini-2.5-flash\""
    return Target(dialect, model)
