"""Lint's checks: one function per rule whose findings need the decoded request (cross-field
rules, the conversation, names and formats), each registered on its declaration in
gemini_wire.rules with `@check(RULE, reads=..., clean=..., models=...)`.

One module per area, as in gemini_wire.rules; `walk` holds what the checks share (reading the
request, and the Context of one lint). Lint's rule pass (lint.py) runs the checks that census.py
selects for a request.
"""

from __future__ import annotations

from gemini_wire.checks import (  # noqa: F401  (each module registers its checks when imported)
    contents,
    conversation,
    generation,
    media,
    per_model,
    safety,
    schemas,
    structure,
    tools,
)
from gemini_wire.checks.base import REGISTERED, Check, Clean, Registered

# Each rule's check, by code in order of code (the order lint runs them in).
CHECKS: dict[str, Registered] = {r.rule.code: r for r in sorted(REGISTERED, key=lambda r: r.rule.code)}
assert len(CHECKS) == len(REGISTERED), "a rule with two checks"

__all__ = ["CHECKS", "Check", "Clean", "Registered"]
