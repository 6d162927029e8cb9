"""The Interactions API v1beta: its Structs and its codec (dialect `interactions-v1beta`).

from gemini_wire import interactions_v1beta
request = interactions_v1beta.decode_request(body)          # bytes or str in, Structs out
interaction = interactions_v1beta.decode_response(body)     # an Interaction, what is newer kept
body = interactions_v1beta.encode(request)                  # JSON bytes, snake_case, unset fields omitted
"""

from __future__ import annotations

from gemini_wire._generated import interactions as _structs
from gemini_wire._generated import interactions_wire as _wire
from gemini_wire._generated.interactions import *  # noqa: F403 (the Structs are this module's API)
from gemini_wire._generated.interactions import (
    CreateAgentInteraction,
    CreateModelInteraction,
    ErrorBody,
    Interaction,
    InteractionSSEEvent,
)
from gemini_wire.codec import encode, unknown_fields
from gemini_wire.codec.tagged import UnknownKind
from gemini_wire.dialect import public_names
from gemini_wire.interactions_dialect import InteractionsDialect

DIALECT: InteractionsDialect[
    CreateModelInteraction | CreateAgentInteraction, Interaction, InteractionSSEEvent, ErrorBody
] = InteractionsDialect("interactions-v1beta", _structs, _wire, Interaction, InteractionSSEEvent, ErrorBody)
decode_request = DIALECT.decode_request
decode_response = DIALECT.decode_response
decode_event = DIALECT.decode_event
decode_error = DIALECT.decode_error
lint = DIALECT.lint

__all__ = [
    "DIALECT",
    "UnknownKind",
    "decode_error",
    "decode_event",
    "decode_request",
    "decode_response",
    "encode",
    "lint",
    "unknown_fields",
    *public_names(_structs),
]
