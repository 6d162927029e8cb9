"""What a lint check is: a function of the decoded request and its Context, registered on the rule
it reports (a declaration of gemini_wire.rules), with what lint reads to decide whether to run it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import msgspec

from gemini_wire.findings import Finding
from gemini_wire.models import Profile
from gemini_wire.rules import Rule

if TYPE_CHECKING:
    from gemini_wire.checks.walk import Context

# A lint check: the decoded request and its Context -> the rule's findings.
Check = Callable[[Any, "Context"], Iterable[Finding]]
# A rule's test that its check has nothing to report: cheap, and true only when that is so.
Clean = Callable[[Any, "Context"], bool]


class Registered(msgspec.Struct, frozen=True, kw_only=True):
    """A rule's check, and what decides whether lint runs it on a request."""

    rule: Rule
    check: Check
    reads: tuple[str, ...] = ()  # lint runs the check only when the request has one of these (census.py)
    # Whether the check can report for a model of this profile (None: no known model named);
    # lint selects the check only for those (and runs it for every model when gated=False).
    models: Callable[[Profile | None], bool] | None = None
    # A test cheaper than the check, true only when the check would find nothing: lint skips the
    # check then (and runs it without the test when gated=False, which the gating tests compare).
    # Checks given the same test (one function) are tested once for all (census.Group): such a
    # test must be true only when none of them would find anything.
    clean: Clean | None = None


REGISTERED: list[Registered] = []


def check(
    rule: Rule,
    *,
    reads: tuple[str, ...] = (),
    models: Callable[[Profile | None], bool] | None = None,
    clean: Clean | None = None,
    into: Callable[[Registered], None] | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of `rule`, and return the function: in
    generateContent's REGISTERED, or through `into` (the Interactions API's registry)."""

    def register(function: Check) -> Check:
        (into or REGISTERED.append)(Registered(rule=rule, check=function, reads=reads, models=models, clean=clean))
        return function

    return register
