"""Unknown keys (and enum values) kept from responses, so that re-encoding loses nothing.

They are kept beside the Struct that held them, by its id: the generated Structs have no field
for them. Entries leave with their Struct (weakref.finalize), so the table is empty in the
common case and `encode` can then take msgspec's path untouched.
"""

from __future__ import annotations

import weakref
from typing import Any

import msgspec
from msgspec import UNSET

EXTRAS: dict[int, dict[str, Any]] = {}


def keep_extras(obj: Any, extras: dict[str, Any]) -> None:
    """Keep unknown keys beside a Struct, for `unknown_fields` and `encode`."""
    key = id(obj)
    if key not in EXTRAS:
        weakref.finalize(obj, EXTRAS.pop, key, None)
        EXTRAS[key] = {}
    EXTRAS[key].update(extras)


def any_unknown_fields() -> bool:
    """Whether any live Struct keeps unknown keys: when not, none that was just decoded does."""
    return bool(EXTRAS)


def unknown_fields(obj: msgspec.Struct) -> dict[str, Any]:
    """The keys (and enum values) of a decoded response that this version does not know."""
    return dict(EXTRAS.get(id(obj), {}))


def with_extras(obj: Any) -> Any:
    """The value as dicts and lists, with the unknown keys kept beside its Structs put back."""
    if isinstance(obj, msgspec.Struct):
        out = {}
        for attr, name in zip(obj.__struct_fields__, obj.__struct_encode_fields__, strict=True):
            v = getattr(obj, attr)
            if v is not UNSET:
                out[name] = with_extras(v)
        out.update(EXTRAS.get(id(obj), {}))
        return out
    # Only Structs hold unknown keys, and a list or map holds Structs directly (protobuf nests
    # no lists): data (args, Struct values) is left to msgspec, so `encode` reaches as deep with
    # unknown keys kept somewhere as without.
    if isinstance(obj, list):
        return [with_extras(x) if isinstance(x, msgspec.Struct) else x for x in obj]
    if isinstance(obj, dict):
        return {k: with_extras(v) if isinstance(v, msgspec.Struct) else v for k, v in obj.items()}
    return obj

