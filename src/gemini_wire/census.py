"""The census of a request: which fields it sets, in one pass, and so which of lint's checks run.

A check's `reads` (its registration in gemini_wire.checks) names what it needs: a field of the request
("generation_config"), "part.<field>" for a field set on any Part (or "part.empty_text"),
"generation_config.<field>", "tool.<field>" for a field set on any Tool, or "content.irregular"
for a content without parts or with a role other than user and model. A check runs only
when one of them is present; one that reads nothing always runs. This is what keeps lint near
the cost of decoding: most rules are about a part of the request that most requests lack.

The census function of a dialect is written out as straight-line Python by codegen/census.py, from
the dialect's Structs alone (every field of the request, its Parts, its generation config and its
tools), to `_generated/<dialect>_census.py` (checked in, drift tested), which the dialect module
imports and hands over with its codec. Which checks a census selects depends on the checks'
registrations, so `Census` decides that here, at run time, once per distinct census.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Container, Iterable
from typing import Any

from gemini_wire.checks import CHECKS, Check, Clean, Registered
from gemini_wire.findings import Path
from gemini_wire.models import Profile
from gemini_wire.rules import Rule

# A selected check: the function, and the rule when its findings' severity depends on the model.
Selected = tuple[Check, "Rule | None"]
# The selected checks that share one test that there is nothing to find (Registered.clean; None:
# no test), which lint runs once for all of them: a dozen checks of a chat share four tests.
Group = tuple["Clean | None", list[Selected]]

# What the census function gives: a bit per name of NAMES, and (path, Part) for each Part that
# sets a field other than text (the parts that most part checks are about).
Counted = tuple[int, list[tuple[Path, Any]]]


class Census:
    """The census function of one dialect, and the checks to run for each census it gives."""

    def __init__(self, module: types.ModuleType, api: str, sure: Callable[[Any], bool] | None = None) -> None:
        self.names: tuple[str, ...] = module.NAMES
        self.census: Callable[[Any], Counted] = module.census
        # The census and the codec's quick check at once: None when the quick check finds something.
        self.checked: Callable[[Any], Counted | None] = module.checked
        if sure is not None:
            # The quick check in C (Codec.sure) and the census alone cost three quarters of the
            # census that checks as it counts (10.3 against 13.2 µs on the chat request); where
            # the C check is not sure, that one answers.
            census: Callable[[Any], Counted] = module.census
            checked: Callable[[Any], Counted | None] = module.checked

            def sure_then_census(r: Any) -> Counted | None:
                return census(r) if sure(r) else checked(r)

            self.checked = sure_then_census
        self.rules = [r for r in CHECKS.values() if api in r.rule.dialects]
        # gated=False: every check, without its clean test.
        self.every: list[Group] = [(None, [selected(r) for r in self.rules])]
        self.chosen: dict[tuple[int, str | None, Container[str] | None], list[Group]] = {}

    def present(self, seen: int) -> set[str]:
        """The names of what a request with this census has."""
        return {name for i, name in enumerate(self.names) if seen >> i & 1}

    def select(self, seen: int, model: Profile | None, codes: Container[str] | None = None) -> list[Group]:
        """The checks that can report on a request with this census, for a model of this profile,
        grouped by their clean test; `codes`: only the checks of these rules (--select, --ignore)."""
        # A frozenset of codes (the CLI's) is part of the key; another container is not cached.
        key = seen, model.pattern if model is not None else None, codes
        groups = self.chosen.get(key) if codes is None or type(codes) is frozenset else None
        if groups is None:
            present = self.present(seen)
            groups = grouped(
                r
                for r in self.rules
                if (not r.reads or not present.isdisjoint(r.reads))
                and (r.models is None or r.models(model))
                and (codes is None or r.rule.code in codes)
            )
            if (codes is None or type(codes) is frozenset) and len(self.chosen) < 4096:  # distinct censuses are few; never grow without bound
                self.chosen[key] = groups
        return groups


def grouped(rules: Iterable[Registered]) -> list[Group]:
    """The checks of these registrations, by clean test, in the order of the first of each group
    (the order of the findings is lint's sort, not this one)."""
    groups: dict[Clean | None, list[Selected]] = {}
    alone: list[Group] = []
    for r in rules:
        if r.clean is None:
            alone.append((None, [selected(r)]))
        else:
            groups.setdefault(r.clean, []).append(selected(r))
    return alone + list(groups.items())


def selected(r: Registered) -> Selected:
    return r.check, (r.rule if r.rule.escalate else None)
