"""gemini-wire: the schema and codec of Gemini's generateContent wire protocol.

One dialect per endpoint version (`dialect(name)`, `dialect_for_url(url)`): `gemini-v1beta`
(module `gemini_wire.gemini`), `gemini-v1` (`gemini_wire.gemini_v1`), `vertex-v1`
(`gemini_wire.vertex`), `vertex-v1beta1` (`gemini_wire.vertex_v1beta1`). Each has Structs,
`decode_request`, `decode_response`, `decode_error`, `lint_*`, `encode`. Failures raise
`WireError`, whose `findings` say where, what, and how to fix it. Accessors read what every
client reads (`text`, `function_calls`, `finish_reason`, `usage`, `retry_delay`, ...) from the
Structs of any dialect, and builders make the parts it sends most (`text_part`, `inline_part`,
`function_response_part`).
"""

# No `from __future__ import annotations` and no helper imports here: every name this module
# holds is public (dir() and `import *` give __all__; the submodules the import system adds are
# left out of dir()).
from gemini_wire import gemini, vertex
from gemini_wire.accessors import (
    Call,
    Usage,
    candidate,
    error_code,
    error_details,
    error_message,
    error_status,
    finish_reason,
    function_calls,
    function_response_part,
    inline_part,
    parts,
    retry_delay,
    text,
    text_part,
    thought_signatures,
    thoughts,
    usage,
)
from gemini_wire.codec import encode, unknown_fields
from gemini_wire.conversation import append_response, curated_history
from gemini_wire.dialect import validate

# After the imports above, so that the name is this function rather than the submodule
# `gemini_wire.dialect` (which holds the Dialect class and stays importable by its full name).
from gemini_wire.dialects import NAMES as DIALECTS
from gemini_wire.dialects import dialect, dialect_for_url
from gemini_wire.errors import BadRequest, ErrorInfo, Help, QuotaFailure, RetryInfo
from gemini_wire.findings import Finding, WireError
from gemini_wire.rules import RULES, Rule
from gemini_wire.stream import StreamDecoder, aggregate, aiter_responses, iter_responses

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # The modules of the other endpoint versions load when first named (each is some 30 ms).
    # (`import a.b` rather than `from a import b`, which would ask this function again.)
    if name == "gemini_v1":
        import gemini_wire.gemini_v1

        return gemini_wire.gemini_v1
    if name == "vertex_v1beta1":
        import gemini_wire.vertex_v1beta1

        return gemini_wire.vertex_v1beta1
    raise AttributeError(f"module 'gemini_wire' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "DIALECTS",
    "RULES",
    "BadRequest",
    "Call",
    "ErrorInfo",
    "Finding",
    "Help",
    "QuotaFailure",
    "RetryInfo",
    "Rule",
    "StreamDecoder",
    "Usage",
    "WireError",
    "aggregate",
    "aiter_responses",
    "append_response",
    "candidate",
    "curated_history",
    "dialect",
    "dialect_for_url",
    "encode",
    "error_code",
    "error_details",
    "error_message",
    "error_status",
    "finish_reason",
    "function_calls",
    "function_response_part",
    "gemini",
    "gemini_v1",
    "inline_part",
    "iter_responses",
    "parts",
    "retry_delay",
    "text",
    "text_part",
    "thought_signatures",
    "thoughts",
    "unknown_fields",
    "usage",
    "validate",
    "vertex",
    "vertex_v1beta1",
]
