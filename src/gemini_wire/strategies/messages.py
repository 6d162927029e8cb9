"""The strategies of whole messages: canonical JSON (payloads) and decoded Structs."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import strategies as st

from gemini_wire import dialects
from gemini_wire.strategies import generic, interactions
from gemini_wire.strategies.generic import Dialect
from gemini_wire.strategies.request import request_payloads


def payloads(
    dialect: Dialect = "gemini",
    message: str | None = None,
    *,
    request: bool | None = None,
    max_depth: int = 6,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid canonical JSON objects (dicts) for a message of a dialect (by default its request).

    A GenerateContentRequest is also valid for lint: every request rule holds (roles, parts,
    schemas, tools, the conversation, labels, caching, safety settings). For other messages,
    `request` fills the oneofs that a request must fill (a Part's data). An Interactions dialect
    (`interactions-v1`) gives its CreateInteractionRequest or Interaction (strategies/interactions.py).
    """
    if dialect in dialects.INTERACTIONS:
        return interactions.payloads(message or interactions.REQUEST)
    message = message or "GenerateContentRequest"
    if message == "GenerateContentRequest":
        return request_payloads(dialect, max_depth)
    return generic.message(dialect, message, bool(request), max_depth)


def requests(dialect: Dialect = "gemini", *, max_depth: int = 6) -> st.SearchStrategy[Any]:
    """Valid GenerateContentRequest Structs (an Interactions dialect's: its create calls)."""
    if dialect in dialects.INTERACTIONS:
        return interactions.requests(dialect)
    d = dialects.dialect(dialect)
    return payloads(dialect, "GenerateContentRequest", max_depth=max_depth).map(
        lambda p: d.decode_request(msgspec.json.encode(p))
    )


def responses(dialect: Dialect = "gemini", *, max_depth: int = 6) -> st.SearchStrategy[Any]:
    """Valid GenerateContentResponse Structs (an Interactions dialect's: Interactions)."""
    if dialect in dialects.INTERACTIONS:
        return interactions.responses(dialect)
    d = dialects.dialect(dialect)
    return payloads(dialect, "GenerateContentResponse", max_depth=max_depth).map(
        lambda p: d.decode_response(msgspec.json.encode(p))
    )


def error_bodies(dialect: Dialect = "gemini") -> st.SearchStrategy[Any]:
    """Valid error bodies (`{"error": {...}}`) as Structs."""
    d = dialects.dialect(dialect)
    return payloads(dialect, "ErrorBody", request=False).map(lambda p: d.decode_error(msgspec.json.encode(p)))
