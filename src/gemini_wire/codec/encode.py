"""Canonical JSON bytes from Structs: msgspec's encoder, and proto3's spelling of NaN and infinity.

Unknown keys of a response are fields of the Struct that holds them (codec/extras.py), so
msgspec writes them where they were. What it cannot write is a float that JSON has no number for:
it writes null, where proto3 JSON writes "NaN", "Infinity" or "-Infinity"; nor a key that it
cannot name a field (empty, or with a quote), which extras.py keeps under "@unknownKeys". Both
come only from the slow path, which notes that it has made one; until then no output needs a
second look, and after it only an output that holds a null (or that name) does.
"""

from __future__ import annotations

import math
from typing import Any

import msgspec
from msgspec import UNSET

from gemini_wire.codec.extras import ODD_KEYS, ODD_NAME

_ENCODER = msgspec.json.Encoder()


class _Seen:
    made = False  # has this process decoded a non-finite float? (set once, never reset)


NONFINITE = _Seen()
ODD_BYTES = msgspec.json.encode(ODD_NAME)


def encode(obj: Any) -> bytes:
    """Canonical JSON bytes: camelCase keys, unset fields omitted, unknown response keys kept."""
    out = _ENCODER.encode(obj)
    if (NONFINITE.made and b"null" in out) or (ODD_KEYS.made and ODD_BYTES in out):
        return _ENCODER.encode(proto3(obj))
    return out


def proto3(obj: Any) -> Any:
    """The value as dicts and lists, with every non-finite float spelled as proto3 JSON spells it
    and the keys that msgspec cannot name put back in their place."""
    if isinstance(obj, msgspec.Struct):
        cls = type(obj)
        out = {
            name: proto3(v)
            for attr, name in zip(cls.__struct_fields__, cls.__struct_encode_fields__, strict=True)
            if (v := getattr(obj, attr)) is not UNSET
        }
        if getattr(cls, "__wire_odd__", None):
            out.update(out.pop(ODD_NAME))
        return out
    if isinstance(obj, float):
        if math.isfinite(obj):
            return obj
        return "NaN" if math.isnan(obj) else "Infinity" if obj > 0 else "-Infinity"
    # Data (args, Struct values) is JSON and holds no non-finite float: left to msgspec.
    if isinstance(obj, list):
        return [proto3(x) if isinstance(x, (msgspec.Struct, float)) else x for x in obj]
    if isinstance(obj, dict):
        return {k: proto3(v) if isinstance(v, (msgspec.Struct, float)) else v for k, v in obj.items()}
    return obj
