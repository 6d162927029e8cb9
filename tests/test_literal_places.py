"""A place in a string's text maps to its spelling in the quoted literal of the file
(positions.in_literal), which places findings inside bodies stored as strings (HAR, nock, JSON and
YAML cassettes): every character of any text, spelled by JSON (escaped or not) or by YAML's single
quotes, is found where its spelling starts."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_wire.positions import in_literal


def spelled_at(quoted: str, at: int) -> str:
    """The character that the literal spells from index `at` (an escape, or itself)."""
    if quoted[0] == "'":
        return "'" if quoted.startswith("''", at) else quoted[at]
    if quoted[at] != "\\":
        return quoted[at]
    if quoted[at + 1] == "u":
        pair = quoted[at : at + 12]
        if len(pair) == 12 and pair[2] in "dD" and pair[3] in "89abAB" and pair[6:8] == "\\u":
            return str(json.loads(f'"{pair}"'))
        return str(json.loads(f'"{quoted[at : at + 6]}"'))
    return str(json.loads(f'"{quoted[at : at + 2]}"'))


def every_place(text: str, quoted: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            at = in_literal(quoted, number, column)
            assert 0 < at < len(quoted) - 1 and spelled_at(quoted, at) == char, (text, number, column, at)
        assert in_literal(quoted, number, len(line) + 1) in (len(quoted) - 1, *(
            i for i in range(len(quoted)) if quoted.startswith("\\n", i)
        ))


@settings(max_examples=300)
@given(text=st.text(), ascii_only=st.booleans())
def test_every_character_of_a_json_string_is_found_where_it_is_spelled(text: str, ascii_only: bool) -> None:
    every_place(text, json.dumps(text, ensure_ascii=ascii_only))


@settings(max_examples=200)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\n")))
def test_every_character_of_a_yaml_single_quoted_scalar_is_found_where_it_is_spelled(text: str) -> None:
    every_place(text, "'" + text.replace("'", "''") + "'")


def test_a_place_past_the_text_is_the_closing_quote_and_no_literal_is_the_start() -> None:
    assert in_literal('"abc"', 1, 9) == 4
    assert in_literal('"abc"', 3, 1) == 4
    assert in_literal('"', 1, 1) == 0
    assert in_literal("abc", 1, 1) == 0  # not a quoted literal
    assert in_literal('"a\\nb"', 2, 1) == 4  # the second line starts after the escaped line end
