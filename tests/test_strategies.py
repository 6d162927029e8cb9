"""The public strategies: each rule's breaking strategy breaks that rule and no other."""

from __future__ import annotations

import contextlib
from typing import Any

import msgspec
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.errors import NoSuchExample

from gemini_wire import dialects, strategies
from gemini_wire.checks import CHECKS
from gemini_wire.rules import (
    RULES,
    Rule,
    batch,
    exchanges,
    interactions,
    interactions_exchanges,
    interactions_stream,
    stream,
)

CASES = [
    (dialect, code)
    for code, r in sorted(RULES.items())
    if r.breaks is not None
    for dialect in dialects.NAMES
    if dialects.info(dialect).api in RULES[code].dialects
]
COVERAGE_EXAMPLES = 200  # at most: enough for each field to appear, derandomized (tests/conftest.py)
# Rules that no offline breaking strategy can reach: not JSON at all, or megabytes of data.
UNREACHABLE = {
    "GW100": "a strategy of dicts is always JSON",
    "GW112": "needs a request of more than 20 MB",
    "GW202": "needs more than 20 MB of inline data",
}


@pytest.mark.parametrize(("dialect", "code"), CASES)
def test_breaking_strategy_breaks_exactly_its_rule(dialect: str, code: str) -> None:
    module = dialects.dialect(dialect)

    @settings(max_examples=5)
    @given(strategies.breaking(dialect, code))  # type: ignore[arg-type]
    def check(payload: dict[str, Any]) -> None:
        found = module.lint_request(msgspec.json.encode(payload))
        errors = {f.code for f in found if f.severity == "error"}
        assert code in {f.code for f in found}
        assert errors <= {code}  # that rule's code, and no other error

    check()


@pytest.mark.parametrize("dialect", dialects.NAMES)
def test_generated_requests_decode_and_have_no_lint_error(dialect: str) -> None:
    module = dialects.dialect(dialect)

    @given(strategies.payloads(dialect))  # type: ignore[arg-type]
    def check(payload: dict[str, Any]) -> None:
        body = msgspec.json.encode(payload)
        module.decode_request(body)
        assert [f for f in module.lint_request(body) if f.severity == "error"] == []

    check()


@pytest.mark.parametrize("dialect", dialects.NAMES)
def test_every_request_field_and_part_member_can_appear(dialect: str) -> None:
    messages = dialects.dialect(dialect).codec.table.messages
    fields: set[str] = set()
    members: set[str] = set()

    wanted_fields = {f.json_name for f in messages["GenerateContentRequest"].fields}
    wanted_members = {f.json_name for f in messages["Part"].fields}

    def collect(payload: dict[str, Any]) -> bool:
        fields.update(payload)
        for content in [*payload["contents"], payload.get("systemInstruction", {})]:
            for part in content.get("parts", []):
                members.update(part)
        return wanted_fields <= fields and wanted_members <= members

    # Sized by what it looks for: generation stops at the payload that shows the last missing
    # field (about 50 in), or after COVERAGE_EXAMPLES; the assertions then name what never appeared.
    budget = settings(max_examples=COVERAGE_EXAMPLES, database=None, phases=[Phase.generate])
    with contextlib.suppress(NoSuchExample):
        find(strategies.payloads(dialect), collect, settings=budget)  # type: ignore[arg-type]
    assert wanted_fields - fields == set()
    assert wanted_members - members == set()


def test_every_rule_has_a_breaking_strategy_or_a_reason() -> None:
    # Stream rules are about streams, batch rules about lines of batch files, exchange rules about
    # a response against its request; the Interactions rules about another protocol's requests,
    # streams and exchanges.
    not_requests = {v.code for area in (stream, batch, exchanges, interactions, interactions_stream, interactions_exchanges) for v in vars(area).values() if isinstance(v, Rule)}
    missing = {code for code, r in RULES.items() if r.breaks is None} - set(UNREACHABLE) - not_requests
    assert not missing
    assert set(CHECKS) <= set(strategies.BREAKERS)


def test_the_strategies_break_with_the_declared_edits() -> None:
    assert strategies.BREAKERS == {code: r.breaks for code, r in RULES.items() if r.breaks is not None}


