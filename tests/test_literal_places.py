"""A place in a string's text maps to its spelling in the quoted literal of the file
(positions.LiteralIndex), which places findings inside bodies stored as strings (HAR, nock, JSON and
YAML cassettes): every character of any text, spelled by JSON (escaped or not) or by YAML (single
or double quotes, folded over lines as PyYAML's emitter folds them), is found where its spelling
starts."""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_wire.positions import LiteralIndex


def spelled_at(quoted: str, at: int) -> str:
    """The character that the literal spells from index `at` (an escape, a fold, or itself)."""
    if quoted[at] in " \t\r\n" and "\n" in quoted[at : at + 1 + len(quoted[at:]) - len(quoted[at:].lstrip(" \t\r"))]:
        return "fold"
    if quoted[0] == "'":
        return "'" if quoted.startswith("''", at) else quoted[at]
    if quoted[at] != "\\":
        return quoted[at]
    if quoted[at + 1] == "u":
        pair = quoted[at : at + 12]
        if len(pair) == 12 and pair[2] in "dD" and pair[3] in "89abAB" and pair[6:8] == "\\u":
            return str(json.loads(f'"{pair}"'))
        return str(json.loads(f'"{quoted[at : at + 6]}"'))
    if quoted[at + 1] in "xU":  # YAML's codes
        size = 4 if quoted[at + 1] == "x" else 10
        return chr(int(quoted[at + 2 : at + size], 16))
    return str(yaml.safe_load(f'"{quoted[at : at + 2]}"'))


def index_of(quoted: str, lines: int, index: int) -> int:
    """The index in the literal of (lines after its first, index in that line)."""
    start = 0
    for _ in range(lines):
        start = quoted.index("\n", start) + 1
    return start + index


def in_literal(quoted: str, line: int, column: int) -> tuple[int, int]:
    return LiteralIndex(quoted).place(line, column)


def every_place(text: str, quoted: str) -> None:
    index = LiteralIndex(quoted)  # read once, asked of every character
    for number, line in enumerate(text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            at = index_of(quoted, *index.place(number, column))
            assert 0 < at < len(quoted) - 1, (text, quoted, number, column, at)
            got = spelled_at(quoted, at)
            assert got == char or (got == "fold" and char in " \n"), (text, quoted, number, column, at, got)


@settings(max_examples=300)
@given(text=st.text(), ascii_only=st.booleans())
def test_every_character_of_a_json_string_is_found_where_it_is_spelled(text: str, ascii_only: bool) -> None:
    every_place(text, json.dumps(text, ensure_ascii=ascii_only))


WORDS = st.lists(st.text(alphabet="ab'\"\\é😀{}:,", min_size=1, max_size=8), min_size=1, max_size=30)


@settings(max_examples=300)
@given(words=WORDS, style=st.sampled_from(["'", '"']), width=st.integers(10, 40))
def test_every_character_of_a_folded_yaml_scalar_is_found_where_it_is_spelled(words: list[str], style: str, width: int) -> None:
    # PyYAML's emitter folds a long quoted scalar at its spaces, as vcrpy's cassettes hold bodies.
    text = " ".join(words)
    document = yaml.dump({"body": text}, default_style=style, width=width, allow_unicode=True)
    quoted = document[document.index(":") + 2 :].rstrip("\n")
    assert yaml.safe_load(document)["body"] == text
    every_place(text, quoted)


def test_a_fold_of_empty_lines_spells_line_ends() -> None:
    quoted = "'a\n\n   b\n  c'"  # "a\nb c"
    assert yaml.safe_load(f"k: {quoted}")["k"] == "a\nb c"
    assert in_literal(quoted, 2, 1) == (2, 3)  # b
    assert in_literal(quoted, 2, 3) == (3, 2)  # c, after the fold that spells a space


def test_a_place_past_the_text_is_the_closing_quote_and_no_literal_is_the_start() -> None:
    assert in_literal('"abc"', 1, 9) == (0, 4)
    assert in_literal('"abc"', 3, 1) == (0, 4)
    assert in_literal('"', 1, 1) == (0, 0)
    assert in_literal("abc", 1, 1) == (0, 0)  # not a quoted literal
    assert in_literal('"a\\nb"', 2, 1) == (0, 4)  # the second line starts after the escaped line end
