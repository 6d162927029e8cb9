"""Unknown keys of a response, kept on the Struct that held them.

A Struct that brought keys this version does not know is an instance of a subclass of its
generated class made for those keys (`Candidate` plus a field `newKey`, wire name "newKey"),
made once per class and set of keys. So the keys are fields like any other: msgspec.json.encode,
msgspec.to_builtins, msgspec.structs.replace, copy.deepcopy and pickle keep them where they were,
`isinstance(obj, Candidate)` holds, and a Struct without unknown keys (the common case) is the
generated class itself and costs nothing. Values newer than an enum are values of that enum
(gemini_wire/_base.py: WireEnum); `unknown_fields` finds both anywhere in a tree.
"""

from __future__ import annotations

import keyword
from typing import Any

import msgspec
from msgspec import UNSET

from gemini_wire._base import WireEnum, WireStruct
from gemini_wire.findings import Key

Path = tuple[str | int, ...]
# (generated class, unknown keys in order) -> the subclass that holds them. Capped: a class
# made past the cap works the same, but is not shared (two of them never compare equal).
_CLASSES: dict[tuple[type, tuple[str, ...]], Any] = {}
_CLASSES_CAP = 1024


def wire_class(obj: Any) -> Any:
    """The generated class of a Struct (its own class, unless it keeps unknown keys)."""
    cls = type(obj)
    return cls.__wire_base__ or cls


def own_unknown(obj: Any) -> dict[str, Any]:
    """The unknown keys of this Struct alone (not of those below it): wire name -> value."""
    keys: dict[str, str] | None = type(obj).__wire_unknown__
    if not keys:
        return {}
    return {key: getattr(obj, attr) for attr, key in keys.items()}


def keep_extras(obj: Any, extras: dict[str, Any]) -> Any:
    """`obj` with these unknown keys added (a new Struct; `obj` itself is left as it is)."""
    if not extras:
        return obj
    base = wire_class(obj)
    kept = {**own_unknown(obj), **extras}
    cls = unknown_class(base, tuple(kept))
    # Positionally: the generated fields come first, in order, then the unknown ones.
    known = msgspec.structs.astuple(obj)[: len(base.__struct_fields__)]
    return cls(*known, *kept.values())


def unknown_class(base: type[msgspec.Struct], keys: tuple[str, ...]) -> Any:
    """The subclass of `base` with one field for each unknown key."""
    cls = _CLASSES.get((base, keys))
    if cls is not None:
        return cls
    taken = set(base.__struct_fields__) | set(dir(base))
    attrs: dict[str, str] = {}
    for i, key in enumerate(keys):
        # The key itself where it can be an attribute (`candidate.newKey`), else a made-up one.
        attr = key if key.isidentifier() and not keyword.iskeyword(key) and not key.startswith("_") else f"unknown_{i}"
        while attr in taken:
            attr += "_"
        taken.add(attr)
        attrs[attr] = key
    cls = msgspec.defstruct(
        base.__name__,
        [(attr, Any, msgspec.field(name=key, default=UNSET)) for attr, key in attrs.items()],
        bases=(base,),
        module=base.__module__,
        namespace={"__wire_base__": base, "__wire_unknown__": attrs, "__reduce__": _reduce},
    )
    cls.__qualname__ = base.__qualname__
    if len(_CLASSES) < _CLASSES_CAP:
        _CLASSES[(base, keys)] = cls
    return cls


def _reduce(obj: Any) -> tuple[Any, ...]:
    # pickle finds a class by its name, which names the generated class: rebuild from that.
    cls = type(obj)
    return _rebuild, (cls.__wire_base__, tuple(cls.__wire_unknown__.values()), tuple(getattr(obj, a) for a in cls.__struct_fields__))


def _rebuild(base: type[msgspec.Struct], keys: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    cls = unknown_class(base, keys)
    return cls(**dict(zip(cls.__struct_fields__, values, strict=True)))


def unknown_fields(obj: Any) -> dict[Path, Any]:
    """Every unknown key and enum value in a decoded tree, by its path from `obj`.

    A path is a tuple of wire names and list indexes (map keys as they are):
    `{("candidates", 0, "finishReason"): "NEW_REASON", ("usageMetadata", "newCount"): 3}`. A key's
    value is as the wire gave it; an enum value is given as its string. Empty when nothing is new.
    """
    out: dict[Path, Any] = {}
    _collect(obj, (), out)
    return out


def _collect(obj: Any, path: Path, out: dict[Path, Any]) -> None:
    if isinstance(obj, WireEnum):
        if obj._name_ not in type(obj)._member_map_:
            out[path] = str(obj)
        return
    if not isinstance(obj, WireStruct):
        return
    cls = type(obj)
    unknown: dict[str, str] = cls.__wire_unknown__ or {}
    for attr, name in zip(cls.__struct_fields__, cls.__struct_encode_fields__, strict=True):
        value = getattr(obj, attr)
        if value is UNSET:
            continue
        if attr in unknown:
            out[(*path, name)] = value
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, (WireStruct, WireEnum)):
                    _collect(item, (*path, name, i), out)
        elif isinstance(value, dict):
            for k, item in value.items():
                if isinstance(item, (WireStruct, WireEnum)):
                    _collect(item, (*path, name, k), out)
        else:
            _collect(value, (*path, name), out)


def attach(table: Any, obj: Any, kept: dict[Path, dict[str, Any]]) -> Any:
    """`obj` with unknown keys put on the Structs at these paths (wire names as given, list
    indexes, map keys as findings.Key) of the dialect's `table`; the root may be a new Struct."""
    for path, extras in kept.items():
        if not path:
            obj = keep_extras(obj, extras)
            continue
        parent = obj
        for seg in path[:-1]:
            parent = _step(table, parent, seg)
        last = path[-1]
        new = keep_extras(_step(table, parent, last), extras)
        if isinstance(last, int) or isinstance(last, Key):
            parent[last] = new
        else:
            setattr(parent, _attr(table, parent, last), new)
    return obj


def _attr(table: Any, obj: Any, key: str) -> str:
    spec = table.by_class[wire_class(obj)]
    attr: str = spec.attrs[spec.by_key[key].json_name]
    return attr


def _step(table: Any, obj: Any, seg: str | int) -> Any:
    if isinstance(seg, int) or isinstance(seg, Key):
        return obj[seg]
    return getattr(obj, _attr(table, obj, seg))
