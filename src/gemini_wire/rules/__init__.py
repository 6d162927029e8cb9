"""The rule registry: one declaration per rule, with a stable code, a name, and where it comes from.

Codes are grouped by area, one module each: GW1xx structure of the JSON (`structure`; streams
`stream`, batch files `batch`), GW2xx contents and parts, GW3xx generation config (`generation`,
and `per_model` for the limits of the named model), GW4xx schemas, GW5xx tools, GW6xx safety,
caching and labels, GW7xx the conversation. A code never changes meaning once released.

The area modules import only findings, models, dialects and msgspec, never the codec: the codec
imports this registry, and a check that needs a codec helper imports it when it runs.
"""

from __future__ import annotations

from gemini_wire.rules import (  # noqa: F401  (each module declares its rules when imported)
    batch,
    contents,
    conversation,
    generation,
    media,
    per_model,
    safety,
    schemas,
    stream,
    structure,
    tools,
)
from gemini_wire.rules.base import DECLARED, Rule, When, shown

RULES: dict[str, Rule] = {r.code: r for r in sorted(DECLARED, key=lambda r: r.code)}
assert len(RULES) == len(DECLARED), "a code declared twice"

__all__ = ["RULES", "Rule", "When", "shown"]
