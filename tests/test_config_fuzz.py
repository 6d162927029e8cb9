"""Configuration and exclude patterns under any input (tests/config_promises.py), with a fixed,
derandomized budget: any bytes as a configuration file, any TOML value under every key, any text
as .gitignore lines and exclude globs."""

from __future__ import annotations

import json
from typing import Any

import config_promises
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemini_wire import config

BUDGET = settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))

# TOML's values (it has no null): what a user may put under a key, of every type.
SCALARS = st.one_of(
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["gemini", "vertex-v1beta1", "error", "warning", "GW1", "*.json", "**/", "[", "!x", "\\"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
KEYS = st.sampled_from([*sorted(config.KEYS), "unknown"])
# Glob-ish text: the characters that mean something in a pattern, and any others.
GLOB_TEXT = st.text(st.sampled_from(list("ab/*?[]!\\#- .^$(){}|+")) | st.characters(), max_size=24)


def toml(value: Any) -> str:
    """A TOML value for a test: strings as JSON strings (their escapes are TOML's), tables inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + "}"


@BUDGET
@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_any_settings_give_a_config_or_a_message_naming_the_file(table: dict[str, Any]) -> None:
    config_promises.settles(table)


@BUDGET
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.sampled_from(["[tool.gemini-wire]", '[tool."gemini-wire"]', "[tool]", ""]))
def test_any_pyproject_loads_or_says_why(table: dict[str, Any], header: str) -> None:
    if header == "[tool]":
        text = f"[tool]\ngemini-wire = {toml(table)}\n"
    else:
        text = header + "\n" + "".join(f"{json.dumps(k)} = {toml(v)}\n" for k, v in table.items())
    config_promises.loads(text.encode(), as_pyproject=True)
    config_promises.loads(text.encode(), as_pyproject=False)


@BUDGET
@given(st.binary(max_size=200))
def test_any_bytes_as_a_configuration_file_load_or_say_why(data: bytes) -> None:
    config_promises.loads(data, as_pyproject=True)


@BUDGET
@given(st.lists(GLOB_TEXT, max_size=6), GLOB_TEXT, st.booleans())
def test_any_patterns_compile_and_match_any_path(lines: list[str], path: str, is_folder: bool) -> None:
    config_promises.matches(lines, path, is_folder)


def test_a_reversed_range_matches_nothing_and_the_other_patterns_stand() -> None:
    # Found by the atheris target `config`: `[x-a]` made the whole .gitignore an re.error.
    from gemini_wire.documents import ignore

    rules = ignore.rules("/base", ["[x-a].json", "[!x-a]x", "build/", "[a-c-z].txt"])
    assert rules.verdict("/base/b.json", False) is None
    assert rules.verdict("/base/qx", False) is True  # a negated empty class: any one character
    assert rules.verdict("/base/build", True) is True
    assert rules.verdict("/base/b.txt", False) is True and rules.verdict("/base/-.txt", False) is True
