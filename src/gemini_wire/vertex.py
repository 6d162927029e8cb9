"""Vertex AI v1: its Structs and its codec (dialect `vertex-v1`; `vertex` for short).

    from gemini_wire import vertex
    request = vertex.decode_request(body)          # bytes or str in, Structs out
    body = vertex.encode(request)                  # canonical camelCase JSON bytes
"""

from __future__ import annotations

from gemini_wire._generated import vertex_v1 as _structs
from gemini_wire._generated import vertex_v1_wire as _wire
from gemini_wire._generated.vertex_v1 import *  # noqa: F403 (the Structs are this module's API)
from gemini_wire._generated.vertex_v1 import ErrorBody, GenerateContentRequest, GenerateContentResponse
from gemini_wire.codec import encode, unknown_fields
from gemini_wire.dialect import Dialect, public_names

DIALECT = Dialect(_structs, _wire, GenerateContentRequest, GenerateContentResponse, ErrorBody)
decode_request = DIALECT.decode_request
decode_response = DIALECT.decode_response
decode_error = DIALECT.decode_error
check = DIALECT.check
lint_request = DIALECT.lint_request
lint_response = DIALECT.lint_response
lint_error = DIALECT.lint_error

__all__ = [
    "DIALECT",
    "check",
    "decode_error",
    "decode_request",
    "decode_response",
    "encode",
    "lint_error",
    "lint_request",
    "lint_response",
    "unknown_fields",
    *public_names(_structs),
]
