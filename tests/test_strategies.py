"""The public strategies: each rule's breaking strategy breaks that rule and no other."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings

from gemini_wire import dialects, strategies
from gemini_wire.rules import RULES

CASES = [
    (dialect, code)
    for code, r in sorted(RULES.items())
    if r.breaks is not None
    for dialect in dialects.NAMES
    if dialects.info(dialect).api in RULES[code].dialects
]
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


def test_every_rule_has_a_breaking_strategy_or_a_reason() -> None:
    # Stream rules are about streams, batch rules (checked by the CLI) about lines of batch files.
    not_requests = {code for code, r in RULES.items() if set(r.checked_by) <= {"stream", "cli"}}
    missing = {code for code, r in RULES.items() if r.breaks is None} - set(UNREACHABLE) - not_requests
    assert not missing
    assert {code for code, r in RULES.items() if r.check is not None} <= set(strategies.BREAKERS)


def test_the_strategies_break_with_the_declared_edits() -> None:
    assert strategies.BREAKERS == {code: r.breaks for code, r in RULES.items() if r.breaks is not None}


