"""Canonical JSON bytes from Structs, with the unknown keys that responses brought kept."""

from __future__ import annotations

from typing import Any

import msgspec

from gemini_wire.codec.extras import EXTRAS, with_extras

_ENCODER = msgspec.json.Encoder()


def encode(obj: Any) -> bytes:
    """Canonical JSON bytes: camelCase keys, unset fields omitted, unknown response keys kept."""
    if not EXTRAS:
        return _ENCODER.encode(obj)
    return _ENCODER.encode(with_extras(obj))
