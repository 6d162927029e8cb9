"""Canonical JSON bytes from Structs: msgspec's encoder, proto3's spelling of NaN and infinity,
and enum values in their canonical spelling.

Unknown keys of a response are fields of the Struct that holds them (codec/extras.py), so
msgspec writes them where they were. What it cannot write is a float that JSON has no number for:
it writes null, where proto3 JSON writes "NaN", "Infinity" or "-Infinity"; nor a key that it
cannot name a field (empty, or with a quote), which extras.py keeps under "@unknownKeys". Both
come only from the slow path, which notes that it has made one; until then no output needs a
second look, and after it only an output that holds a null (or that name) does.

An enum field given a str in code (`threshold="block_none"`, or "BLOCK_NONE" itself) is written
as the enum's value when the str is a known value in another case (the server reads any case, but
the canonical form is upper case), and as given otherwise: a response's value newer than its enum
is kept, and a value that no spelling of the enum names is sent as it is, for `check`/`validate`
(and the server) to refuse (GW105). Whether a tree has such a str is answered by a walk that
codegen/spell.py writes for each dialect, over the Structs that can hold an enum field and no
others; a tree without one (any decoded tree) is written by msgspec after that walk. Where the
extension was built, the C walker of codec/_quick_c.c answers first, from the same tables
(codec/speedups.py: `spellings`), and asks the generated walk only when it is not sure: the walk
costs a fifth of msgspec's encode on a chat request in C, where it cost as much as the encode. The walk
takes a Part for what its oneof says it is: a text Part is read in the fields outside the oneof
alone, so a Part that also sets a member with an enum (GW104, refused by `check` and the server)
has that member's enum written as given.
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable
from typing import Any

import msgspec
from msgspec import UNSET

from gemini_wire.codec.extras import ODD_KEYS, ODD_NAME, Once
from gemini_wire.codec.speedups import negated, spellings
from gemini_wire.codec.table import Table

_ENCODER = msgspec.json.Encoder()


NONFINITE = Once()  # has this process decoded a non-finite float?
ODD_BYTES = msgspec.json.encode(ODD_NAME)


def encode(obj: Any) -> bytes:
    """Canonical JSON bytes: camelCase keys, unset fields omitted, enum values in their canonical
    spelling (a str of another case is written upper case), unknown response keys kept."""
    # respelled(obj), written out for the common case (a Struct of a class already met): a call
    # fewer is a tenth of the whole on a small request. The check is in C where the extension was
    # built (codec/speedups.py), the generated walk negated else.
    try:
        clean = _CLEAN[type(obj)]  # a subscript: faster than .get, whose call costs more than a try
    except KeyError:  # a list, or a class met for the first time
        again = respelled(obj)
    else:
        try:
            again = not clean(obj)
        except (AttributeError, TypeError):  # as respelled() says
            again = True
    if again:
        return _ENCODER.encode(proto3(obj))
    out = _ENCODER.encode(obj)
    if (NONFINITE.made and b"null" in out) or (ODD_KEYS.made and ODD_BYTES in out):
        return _ENCODER.encode(proto3(obj))
    return out


# --------------------------------------------------------------------------- enum spellings

# What codegen/spell.py wrote for each dialect (_generated/<dialect>_spell.py), given by each
# Dialect as it is made: per message class, the walk that finds a str to respell below it, and its
# enum fields (attribute, wire name, the enum's values by their upper case, 0 one, 1 a list, 2 a map).
_WALKS: dict[type, Callable[[Any], bool]] = {}
_ENUMS: dict[type, tuple[tuple[str, str, dict[str, str], int], ...]] = {}
_OWN: set[type] = set()  # the classes a dialect gave; the others' entries are looked up (below)
# By the classes a dialect gave: True where nothing below is to respell (speedups.spellings).
_CLEAN: dict[type, Callable[[Any], bool]] = {}


def learn_spellings(spell: types.ModuleType, table: Table) -> None:
    """Take the spelling walks and enum fields of a dialect's Structs (`table`'s)."""
    _WALKS.update(spell.WALKS)
    _ENUMS.update(spell.ENUMS)
    _OWN.update(spell.WALKS, spell.ENUMS)
    _CLEAN.update(spellings(table, spell.WALKS, spell.ENUMS))


def nothing(obj: Any) -> bool:
    return False


def inherited(cls: type) -> None:
    """Enter `cls` in the tables as its nearest generated base (a Struct made for a response's
    unknown keys is a subclass of its message's), or as nothing to respell."""
    base: type | None = next((b for b in cls.__mro__ if b in _OWN), None)
    _WALKS[cls] = _WALKS.get(base, nothing) if base is not None else nothing
    _ENUMS[cls] = _ENUMS.get(base, ()) if base is not None else ()
    if cls in _CLEAN:  # a generated class (proto3 asks of one without enum fields): its own check
        return
    check = _CLEAN.get(base) if base is not None else None
    if check is not None and getattr(cls, "__wire_base__", None) is base:
        # The check of its generated class: the C walker reads such a subclass as its base where
        # its fields are the base's in their places, and asks the walk of the base otherwise.
        _CLEAN[cls] = check
    else:  # so that encode finds it at once next time (a missed subscript raises, which costs)
        _CLEAN[cls] = negated(_WALKS[cls])


def respelled(obj: Any) -> bool:
    """Whether an enum field below `obj` (a Struct, or a list of them) holds a str that `encode`
    writes in another spelling."""
    try:
        if type(obj) is list:
            return any(respelled(x) for x in obj)
        walk = _WALKS.get(type(obj))
        if walk is None:
            inherited(type(obj))
            walk = _WALKS[type(obj)]
        return walk(obj)
    except (AttributeError, TypeError):
        # Something other than a Struct (or a list) where the walk reads one: the slow path
        # looks at each value for what it is.
        return True


def spelled(values: dict[str, str], v: Any) -> Any:
    if type(v) is str:
        return values.get(v.upper(), v)
    return v


def proto3(obj: Any) -> Any:
    """The value as dicts and lists, with every non-finite float spelled as proto3 JSON spells it,
    the keys that msgspec cannot name put back in their place and enum values spelled canonically."""
    if isinstance(obj, msgspec.Struct):
        cls = type(obj)
        config = cls.__struct_config__
        # A tagged Struct (the Interactions API's unions) writes its tag first, as msgspec does.
        out: dict[str, Any] = {} if config.tag_field is None else {config.tag_field: config.tag}
        out.update(
            (name, proto3(v))
            for attr, name in zip(cls.__struct_fields__, cls.__struct_encode_fields__, strict=True)
            if (v := getattr(obj, attr)) is not UNSET
        )
        if cls not in _ENUMS:
            inherited(cls)
        for _, name, values, held in _ENUMS[cls]:
            if name in out:
                v = out[name]
                if held == 1 and isinstance(v, list):
                    out[name] = [spelled(values, x) for x in v]
                elif held == 2 and isinstance(v, dict):
                    out[name] = {k: spelled(values, x) for k, x in v.items()}
                else:
                    out[name] = spelled(values, v)
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
