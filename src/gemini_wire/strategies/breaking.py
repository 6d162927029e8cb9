"""Breaking strategies: a valid request changed so that exactly one rule breaks.

Each rule's declaration (gemini_wire.rules) holds the edit that breaks a valid request on that
rule alone (`rule.breaks`); this module applies it to the valid requests of `payloads`.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from gemini_wire.rules import RULES
from gemini_wire.rules.base import Breaker
from gemini_wire.strategies.generic import Dialect, api
from gemini_wire.strategies.messages import payloads

BREAKERS: dict[str, Breaker] = {code: r.breaks for code, r in RULES.items() if r.breaks is not None}


def breaking(dialect: Dialect, code: str) -> st.SearchStrategy[dict[str, Any]]:
    """Requests (dicts) that break exactly the rule `code`, and no other rule that is an error."""
    if code not in BREAKERS:
        raise KeyError(f"no breaking strategy for {code}")
    if api(dialect) not in RULES[code].dialects:
        raise ValueError(f"{code} does not apply to {dialect}")
    edit = BREAKERS[code]
    return payloads(dialect, "GenerateContentRequest").map(lambda p: edit(copy.deepcopy(p), dialect))
