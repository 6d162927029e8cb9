"""The promises of reading configuration and exclude patterns, checked on one input: shared by
the fixed-budget fuzz test in the suite (tests/test_config_fuzz.py) and the atheris target
`config` (fuzz/entry_points.py).

- `config.load` of any file's bytes gives a Config or a message, never an exception;
- the settings of any table (any TOML value under any key) give a Config or raise `Wrong`;
- `.gitignore` lines and exclude patterns of any text compile, and matching a path against
  them gives a verdict, never an exception.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from gemini_wire import config
from gemini_wire.documents import ignore


def loads(data: bytes, *, as_pyproject: bool) -> None:
    """A configuration file holding `data`, named on the command line or found upwards."""
    with tempfile.TemporaryDirectory() as folder:
        name = config.PYPROJECT if as_pyproject else "gemini-wire.toml"
        path = Path(folder) / name
        path.write_bytes(data)
        named = config.load(str(path))
        found = config.load(None, Path(folder)) if as_pyproject else named
    for result in (named, found):
        assert isinstance(result, config.Config | str), type(result)
        if isinstance(result, config.Config):
            result.target_of(str(path))  # a glob of any text matches or not


def settles(table: dict[str, Any]) -> None:
    """The settings of one table: a Config, or Wrong naming what is wrong."""
    try:
        parsed = config.parsed(Path("pyproject.toml"), table)
    except config.Wrong as e:
        assert str(e).startswith("pyproject.toml"), str(e)
        return
    parsed.target_of("a/b.json")


def matches(lines: list[str], path: str, is_folder: bool) -> None:
    """Patterns of any text, and any path matched against them."""
    for everywhere in (False, True):
        rules = ignore.rules("/base", lines, everywhere=everywhere)
        verdict = rules.verdict("/base/" + path, is_folder)
        assert verdict in (None, True, False)
        ignore.Ignores((rules,), (rules,)).ignored("/base/" + path, is_folder)


def check(data: bytes) -> None:
    """One input, every promise: its bytes as a configuration file, its lines as patterns."""
    loads(data, as_pyproject=bool(data[:1]) and data[0] & 1 == 1)
    lines = data.decode("utf-8", "replace").splitlines()
    matches(lines[1:], lines[0] if lines else "", bool(data[-1:]) and data[-1] & 1 == 1)
