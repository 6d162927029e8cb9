"""The base of every generated Struct: the msgspec configuration that the codec relies on."""

from __future__ import annotations

import msgspec


class WireStruct(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, weakref=True):
    """A wire message. Unknown keys fail the fast decode, which then takes the spelling-aware path."""
