"""Decoding and encoding of the wire, one dialect at a time (DESIGN sections 2 and 3).

    kinds       the scalar kinds: pattern, range, conversion, JSON Schema, strategy
    table       the field table of a dialect, joined to its Structs
    syntax      findings about the text (GW100)
    normalize   the slow path: every spelling the server accepts, rewritten canonically
    checks      what a schema type cannot say (oneofs, limits, 64-bit ranges), on Structs
    extras      unknown response keys kept on their Structs, and found in a tree
    repair      the middle path of a response: new keys and snake_case read by msgspec into
                Structs made for the change (or mended in the parsed JSON)
    encode      canonical JSON bytes
    decode      Codec: the fast path, the slow path, and the checks, for one dialect

A codec is built from a dialect's generated modules, handed over by the dialect module that
imports them (Structs, field table, quick check, census; encode's spelling walk through
`learn_spellings`); it imports none of them itself.
The quick check is written by codegen/quick.py from the plan of `checks`.

This module re-exports what the rest of the package imports.
"""

from __future__ import annotations

from gemini_wire.codec.checks import Link, flat
from gemini_wire.codec.decode import Codec, ErrorBodyGiven, Failed
from gemini_wire.codec.encode import encode, learn_spellings
from gemini_wire.codec.extras import keep_extras, own_unknown, unknown_fields, wire_class
from gemini_wire.codec.syntax import lone_surrogate, malformed, nested
from gemini_wire.codec.table import FieldSpec, Table

__all__ = [
    "Codec",
    "ErrorBodyGiven",
    "Failed",
    "FieldSpec",
    "Link",
    "Table",
    "encode",
    "flat",
    "keep_extras",
    "learn_spellings",
    "lone_surrogate",
    "malformed",
    "nested",
    "own_unknown",
    "unknown_fields",
    "wire_class",
]
