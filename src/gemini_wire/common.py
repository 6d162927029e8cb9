"""What the four dialects have in common: one annotation for a message of any dialect.

    from gemini_wire import common, gemini, vertex

    def answer(response: common.GenerateContentResponse) -> str: ...

    answer(gemini.decode_response(body))      # and vertex's, gemini_v1's, vertex_v1beta1's

A message or enum that every dialect defines alike is one class, the very class of every dialect
module (`common.ErrorBody is gemini.ErrorBody is vertex.ErrorBody`): build it, decode it,
`isinstance` it. A message that the dialects define differently (`Part`, `Content`, `Candidate`,
`GenerationConfig`, `Tool`, the request and the response, ...) is here a `typing.Protocol` of the
fields that all four have, read only: each dialect's class is one for a type checker, and costs
nothing at run time (the dialects' Structs, their key order and their speed are untouched). Build
such a message, or `isinstance` it, with a dialect's module: the dialect decides what goes on the
wire.
"""

from __future__ import annotations

from gemini_wire._generated import common as _common
from gemini_wire._generated import shapes as _shapes
from gemini_wire._generated.common import *  # noqa: F403 (the shared classes are this module's API)
from gemini_wire._generated.shapes import *  # noqa: F403 (and the protocols)

__all__ = sorted([*_common.__all__, *_shapes.__all__])

for _name in _shapes.__all__:  # reprs name this module, not a generated one
    getattr(_shapes, _name).__module__ = __name__
