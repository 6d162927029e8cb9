"""The table of scalar kinds (gemini_wire.codec.kinds): its columns agree with each other."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_wire.codec.kinds import KINDS, Refusal, schema
from gemini_wire.rules.structure import NUMBER_OUT_OF_RANGE


def patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "pattern"] + [p for v in node.values() for p in patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in patterns(v)]
    return []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_kinds_pattern_is_the_one_its_wire_schema_states(kind: str) -> None:
    row = KINDS[kind]
    assert patterns(row.wire_schema) == ([row.pattern] if row.pattern else [])


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_gives_a_copy_that_callers_may_change(kind: str) -> None:
    schema(kind, wire=True)["$comment"] = "changed"
    assert "$comment" not in KINDS[kind].wire_schema


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_value_of_a_kinds_strategy_converts_without_refusal(kind: str, data: st.DataObject) -> None:
    row = KINDS[kind]
    value = data.draw(row.strategy(st, {}))
    assert not isinstance(row.convert(value), Refusal)
    if isinstance(value, str) and row.pattern:
        assert re.fullmatch(row.pattern, value)


@pytest.mark.parametrize("kind", sorted(k for k, row in KINDS.items() if row.range))
def test_an_integer_one_past_a_kinds_range_is_refused_as_gw109(kind: str) -> None:
    lo, hi = KINDS[kind].range or (0, 0)
    for outside in (lo - 1, hi + 1, str(hi + 1)):
        refusal = KINDS[kind].convert(outside)
        assert isinstance(refusal, Refusal) and refusal.rule is NUMBER_OUT_OF_RANGE
