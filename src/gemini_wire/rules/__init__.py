"""The catalog of rules: one declaration per rule, with a stable code, a name, and where it comes from.

Codes are grouped by area, one module each: GW1xx structure of the JSON (`structure`; streams
`stream` and `interactions_stream`, batch files `batch`), GW2xx contents and parts, GW3xx generation config (`generation`,
and `per_model` for the limits of the named model), GW4xx schemas, GW5xx tools, GW6xx safety,
caching and labels, GW7xx the conversation of one request, GW8xx the exchange (`exchanges`: what
the model answered against its own request, and how the next request replayed it; GW85x the
Interactions API's, `interactions_exchanges`), GW9xx the Interactions API's requests
(`interactions`), which hold for its dialects only. A code never changes meaning once released.

Each rule is a module-level value named after it (`STOP_SEQUENCES_LIMIT` for
stop-sequences-limit); what reports it imports the value and calls `Rule.finding`, never looks
it up by its code. The catalog holds declarations only and stands on the ground floor (findings,
and the dialects' names for the examples): lint's checks (gemini_wire.checks), the codec, the
streams and the documents import it, never the other way.
"""

from __future__ import annotations

from gemini_wire.rules import (  # noqa: F401  (each module declares its rules when imported)
    batch,
    contents,
    conversation,
    exchanges,
    generation,
    interactions,
    interactions_exchanges,
    interactions_stream,
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
