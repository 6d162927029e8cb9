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
(and the server) to refuse (GW105). Which Structs can hold an enum is worked out once per class,
from its types; a tree whose enum fields hold enum members (any decoded tree) is written at
msgspec's speed after one walk of the Structs that can hold them.
"""

from __future__ import annotations

import math
import types
import typing
from collections.abc import Callable
from enum import Enum
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
    """Canonical JSON bytes: camelCase keys, unset fields omitted, enum values in their canonical
    spelling (a str of another case is written upper case), unknown response keys kept."""
    if respelled(obj):
        return _ENCODER.encode(proto3(obj))
    out = _ENCODER.encode(obj)
    if (NONFINITE.made and b"null" in out) or (ODD_KEYS.made and ODD_BYTES in out):
        return _ENCODER.encode(proto3(obj))
    return out


# --------------------------------------------------------------------------- enum spellings


class Shape(typing.NamedTuple):
    """What one Struct class can hold that `encode` may have to respell: its enum fields
    (attribute, the enum's values by their upper case, whether a list) and the fields that lead
    to a Struct with one (attribute, 0 one Struct, 1 a list, 2 a map)."""

    enums: tuple[tuple[str, dict[str, str], bool], ...]
    steps: tuple[tuple[str, int], ...]


_SHAPES: dict[type, Shape | None] = {}  # None: nothing below this class holds an enum
_SPELLINGS: dict[type, dict[str, str]] = {}


def spellings(enum: type[Enum]) -> dict[str, str]:
    """The values of a str enum by their upper case: what another case of each is written as."""
    made = _SPELLINGS.get(enum)
    if made is None:
        made = _SPELLINGS[enum] = {str(m.value).upper(): str(m.value) for m in enum}
    return made


def unwrap(tp: Any) -> tuple[Any, int]:
    """The class a field holds (an enum, a Struct, or something else) and its container: 0 one,
    1 a list, 2 a map."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            kept = [a for a in typing.get_args(tp) if a is not msgspec.UnsetType and a is not type(None)]
            if len(kept) != 1:
                return None, 0
            tp = kept[0]
        else:
            break
    if origin is list:
        item = unwrap(typing.get_args(tp)[0])
        return (item[0], 1) if item[1] == 0 else (None, 0)
    if origin is dict:
        item = unwrap(typing.get_args(tp)[1])
        return (item[0], 2) if item[1] == 0 else (None, 0)
    return tp, 0


def shape(cls: type) -> Shape | None:
    """The Shape of `cls`, worked out with every class it reaches (once, then looked up)."""
    if cls in _SHAPES:
        return _SHAPES[cls]
    if not (isinstance(cls, type) and issubclass(cls, msgspec.Struct)):
        return None
    fields: dict[type, tuple[list[tuple[str, dict[str, str], bool]], list[tuple[str, int, type]]]] = {}
    todo = [cls]
    while todo:
        c = todo.pop()
        if c in fields or c in _SHAPES:
            continue
        enums, children = fields[c] = ([], [])
        for f in msgspec.structs.fields(c):
            held, container = unwrap(f.type)
            if isinstance(held, type) and issubclass(held, Enum) and issubclass(held, str):
                if container != 2:
                    enums.append((f.name, spellings(held), container == 1))
            elif isinstance(held, type) and issubclass(held, msgspec.Struct):
                children.append((f.name, container, held))
                todo.append(held)

    def leads(t: type) -> bool:
        return worth[t] if t in worth else _SHAPES[t] is not None

    # A class is worth a walk if it holds an enum or leads to one that does.
    worth = {c: bool(enums) for c, (enums, _) in fields.items()}
    changed = True
    while changed:
        changed = False
        for c, (_, children) in fields.items():
            if not worth[c] and any(leads(t) for _, _, t in children):
                worth[c] = changed = True
    for c, (enums, children) in fields.items():
        _SHAPES[c] = Shape(tuple(enums), tuple((a, k) for a, k, t in children if leads(t))) if worth[c] else None
    return _SHAPES[cls]


# --- The walk that finds a respelling, one function per class: straight-line Python written from
# its Shape (as codegen/quick.py writes the quick check), since a generic loop over the fields costs
# ten times the encode itself on a chat request.

_WALKS: dict[type, Callable[[Any], bool]] = {}


def nothing(obj: Any) -> bool:
    return False


def walk_of(obj: Any) -> bool:
    """The walk of a class seen for the first time (made, kept, then run)."""
    cls = type(obj)
    s = shape(cls)
    _WALKS[cls] = made = nothing if s is None else write_walk(s)
    return made(obj)


def write_walk(s: Shape) -> Callable[[Any], bool]:
    names: dict[str, Any] = {"U": UNSET, "W": _WALKS, "first": walk_of}
    attrs = [a for a, _, _ in s.enums] + [a for a, _ in s.steps]
    lines = ["def walk(o):", "    if " + " and ".join(f"o.{a} is U" for a in attrs) + ":", "        return False"]
    for i, (attr, values, many) in enumerate(s.enums):
        names[f"V{i}"] = values
        if many:
            lines += [
                f"    v = o.{attr}",
                "    if v is not U:",
                "        for x in v:",
                f"            if type(x) is str and V{i}.get(x.upper(), x) != x:",
                "                return True",
            ]
        else:
            lines += [f"    v = o.{attr}", f"    if type(v) is str and V{i}.get(v.upper(), v) != v:", "        return True"]
    for attr, container in s.steps:
        lines += [f"    v = o.{attr}", "    if v is not U:"]
        if container == 0:
            lines += ["        if W.get(type(v), first)(v):", "            return True"]
        else:
            lines += [
                "        for x in v" + ("" if container == 1 else ".values()") + ":",
                "            if W.get(type(x), first)(x):",
                "                return True",
            ]
    lines.append("    return False")
    exec("\n".join(lines), names)  # the source is written above, from attribute names
    walk: Callable[[Any], bool] = names["walk"]
    return walk


def respelled(obj: Any) -> bool:
    """Whether an enum field below `obj` (a Struct, or a list of them) holds a str that `encode`
    writes in another spelling."""
    if type(obj) is list:
        return any(_WALKS.get(type(x), walk_of)(x) for x in obj)
    return _WALKS.get(type(obj), walk_of)(obj)


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
        s = _SHAPES[cls] if cls in _SHAPES else shape(cls)
        if s is not None:
            names = dict(zip(cls.__struct_fields__, cls.__struct_encode_fields__, strict=True))
            for attr, values, many in s.enums:
                name = names[attr]
                if name in out:
                    v = out[name]
                    out[name] = [spelled(values, x) for x in v] if many and isinstance(v, list) else spelled(values, v)
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
