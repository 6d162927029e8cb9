"""Configuration: `[tool.gemini-wire]` in pyproject.toml, found upwards from the working folder.

    [tool.gemini-wire]
    dialect = "gemini"                 # for every file (else: vertex for a name starting with it);
                                       # interactions-v1 (-v1beta) as --dialect: lint only
    model = "gemini-2.5-flash"         # the model the requests go to, for its limits
    select = ["GW1", "GW3"]            # rules by code or prefix, as --select / --ignore
    ignore = ["GW316"]
    fail-on = "warning"                # as --fail-on
    exclude = ["fixtures/old"]         # replaces the default excludes of a folder walk (--exclude)
    extend-exclude = ["*.draft.json"]  # adds to them (--extend-exclude)
    include = ["fixtures/*.json"]      # checked in a walk even if not recognised as Gemini's
    respect-gitignore = true           # as --no-respect-gitignore when false

    [tool.gemini-wire.files."vertex/**"]   # per glob, relative to the file's folder;
    dialect = "vertex"                     # the last glob that matches wins
    model = "gemini-2.5-pro"

The command line overrides it; `--config FILE` names the file (pyproject.toml, or a TOML file
whose top level is the `[tool.gemini-wire]` table). A configuration found upwards applies to the
files in its folder and below; a file outside it is checked as if there were none (defaults and
the command line). One named with --config applies to every file. The file is read like a
payload (a regular file, at most MAX_CONFIG bytes), parsed as TOML, and then looked up, so every
TOML spelling of the table counts; a problem in it is a usage error (exit 2) naming the file and key.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gemini_wire import endpoints
from gemini_wire.documents.sources import read_small
from gemini_wire.findings import SEVERITIES

TABLE = "gemini-wire"
PYPROJECT = "pyproject.toml"
FAIL_ON = tuple(s for s in SEVERITIES if s != "info")  # a run never fails on info
PATTERN_KEYS = ("exclude", "extend-exclude", "include")
KEYS = {"dialect", "model", "select", "ignore", "fail-on", "files", "respect-gitignore", *PATTERN_KEYS}
FILE_KEYS = {"dialect", "model"}


class Wrong(Exception):
    """A configuration that cannot be used, and why (a usage error)."""


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
    exclude: tuple[str, ...] | None = None  # None: the defaults
    extend_exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    respect_gitignore: bool | None = None
    named: bool = False  # by --config: it applies to every file

    @property
    def folder(self) -> str:
        """The folder that patterns are relative to."""
        return str(self.path.parent) if self.path is not None else os.getcwd()

    def covers(self, name: str) -> bool:
        """Whether a file is governed by this configuration: in its folder or below, or named."""
        if self.path is None or self.named:
            return True
        folder = os.path.abspath(self.path.parent)
        here = os.path.abspath(name)
        return here == folder or here.startswith(folder.rstrip(os.sep) + os.sep)

    def target_of(self, name: str) -> Target:
        """The dialect and model of a file: its last matching glob's, else the top level's."""
        if not self.covers(name):
            return Target()
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
    """The nearest pyproject.toml at or above `start` that has a [tool.gemini-wire] table.

    Each pyproject.toml on the way is read and parsed (never searched for a substring): one that
    cannot be read or parsed stops the search with Wrong, as it may well be ours. Only where no
    TOML parser is installed (Python 3.10 without tomli) is a file that never names the table
    taken for another tool's."""
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if not os.path.lexists(candidate):
            continue
        data = read(candidate)
        if toml_parser() is None and TABLE.encode() not in data:
            continue
        tool = parse(candidate, data).get("tool", {})
        if not isinstance(tool, dict):
            raise Wrong(f"{candidate}: `tool` is {kind(tool)}, where TOML tables of tools go: [tool.{TABLE}]")
        if TABLE in tool:
            return candidate
    return None


def read(file: Path) -> bytes:
    """A configuration file's bytes: a regular file, capped (limits.MAX_CONFIG); Wrong otherwise."""
    try:
        return read_small(file)
    except OSError as e:
        raise Wrong(f"{file}: cannot read: {e.strerror or e}") from None


def toml_parser() -> Any:
    """tomllib, or tomli on Python 3.10 (a dependency there); None when a --no-deps install lacks it."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    else:
        try:
            import tomli
        except ImportError:
            return None
        return tomli


def parse(file: Path, data: bytes) -> dict[str, Any]:
    """A TOML document; Wrong when it is not UTF-8 or not TOML."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Wrong(f"{file}: not UTF-8: {e}") from None
    tomllib = toml_parser()
    if tomllib is None:
        raise Wrong(f"{file}: reading TOML on Python 3.10 needs tomli: python -m pip install tomli")
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise Wrong(f"{file}: not valid TOML: {e}") from None
    return document


def load(path: str | None, start: Path | None = None) -> Config | str:
    """The configuration named by --config, else found upwards; a message when it is wrong."""
    try:
        return configuration(path, start or Path.cwd())
    except Wrong as e:
        return str(e)


def configuration(path: str | None, start: Path) -> Config:
    file = Path(path) if path else find(start)
    if file is None:
        return Config()
    top = parse(file, read(file))
    tool = top.get("tool")
    if tool is not None and not isinstance(tool, dict):
        raise Wrong(f"{file}: `tool` is {kind(tool)}, where TOML tables of tools go: [tool.{TABLE}]")
    table = (tool or {}).get(TABLE)
    if table is None and file.name == PYPROJECT:
        raise Wrong(f"{file}: no [tool.{TABLE}] table")
    if table is None:
        table = top  # a file of its own: the table's keys at its top level
    if not isinstance(table, dict):
        raise Wrong(f"{file}: `tool.{TABLE}` is {kind(table)}, not a table: [tool.{TABLE}]")
    return parsed(file, table, named=bool(path))


def parsed(file: Path, table: dict[str, Any], named: bool = False) -> Config:
    where = f"{file}: [tool.{TABLE}]"
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise Wrong(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})")
    target = read_target(where, table)
    codes = {key: strings(where, key, table.get(key, []), "a list of rule codes or prefixes") for key in ("select", "ignore")}
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise Wrong(f"{where}: fail-on is one of {', '.join(FAIL_ON)}, not {shown(fail_on)}")
    patterns = {
        key: strings(where, key, table[key], 'a list of patterns, as in .gitignore: ["fixtures/old", "*.draft.json"]')
        for key in PATTERN_KEYS
        if key in table
    }
    gitignore = table.get("respect-gitignore")
    if gitignore is not None and not isinstance(gitignore, bool):
        raise Wrong(f"{where}: respect-gitignore is true or false, not {shown(gitignore)}")
    files = table.get("files", {})
    if not isinstance(files, dict):
        raise Wrong(f'{where}: files is a table of globs: [tool.{TABLE}.files."vertex/**"], not {kind(files)}')
    globs: list[tuple[str, Target]] = []
    for pattern, settings in files.items():
        inner = f'{where}.files."{pattern}"'
        if not isinstance(settings, dict) or set(settings) - FILE_KEYS:
            raise Wrong(f"{inner}: a glob takes only {' and '.join(sorted(FILE_KEYS))}")
        globs.append((pattern, read_target(inner, settings)))
    return Config(
        file,
        target,
        codes["select"],
        codes["ignore"],
        fail_on,
        tuple(globs),
        patterns.get("exclude"),
        patterns.get("extend-exclude", ()),
        patterns.get("include", ()),
        gitignore,
        named,
    )


def strings(where: str, key: str, value: object, what: str) -> tuple[str, ...]:
    """A list of strings (or one string); Wrong naming the key otherwise."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Wrong(f"{where}: {key} is {what}, not {shown(value)}")
    return tuple(value)


def read_target(where: str, table: dict[str, Any]) -> Target:
    dialect, model = table.get("dialect"), table.get("model")
    if dialect is not None:
        if not isinstance(dialect, str):
            raise Wrong(f"{where}: dialect is a name such as \"vertex\", not {shown(dialect)}")
        try:
            endpoints.full_name(dialect)  # an Interactions dialect too, as --dialect takes
        except ValueError as e:
            raise Wrong(f"{where}: {e}") from None
    if model is not None and not isinstance(model, str):
        raise Wrong(f"{where}: model is a name such as \"gemini-2.5-flash\", not {shown(model)}")
    return Target(dialect, model)


def kind(value: object) -> str:
    """What a TOML value is, for a message."""
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "a table"}
    return names.get(type(value), "a date or time")


def shown(value: object) -> str:
    """A wrong value for a message: short, whatever its size."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
