"""gemini-wire: the schema and codec of Gemini's generateContent wire protocol.

Per dialect (`gemini_wire.gemini`, `gemini_wire.vertex`): Structs, `decode_request`,
`decode_response`, `decode_error`, `encode`. Failures raise `WireError`, whose `findings` say
where, what, and how to fix it.
"""

from __future__ import annotations

from gemini_wire import gemini, vertex
from gemini_wire.codec import encode, unknown_fields
from gemini_wire.conversation import append_response, curated_history
from gemini_wire.findings import Finding, WireError
from gemini_wire.rules import RULES, Rule
from gemini_wire.stream import StreamDecoder, aggregate, aiter_responses, iter_responses

__version__ = "0.1.0"
__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "StreamDecoder",
    "WireError",
    "aggregate",
    "aiter_responses",
    "append_response",
    "curated_history",
    "encode",
    "gemini",
    "iter_responses",
    "unknown_fields",
    "vertex",
]
