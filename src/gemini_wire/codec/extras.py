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
ODD_NAME = "@unknownKeys"  # the wire name of the field that holds keys msgspec cannot name


class Once:
    """Has something that `encode` must look for happened in this process? (set once, never
    reset; read at every encode, and a slot is read faster than a class attribute)"""

    __slots__ = ("made",)

    def __init__(self) -> None:
        self.made = False


ODD_KEYS = Once()  # has a Struct been given a key that msgspec cannot name?


def wire_class(obj: Any) -> Any:
    """The generated class of a Struct (its own class, unless it keeps unknown keys)."""
    cls = type(obj)
    return cls.__wire_base__ or cls


def own_unknown(obj: Any) -> dict[str, Any]:
    """The unknown keys of this Struct alone (not of those below it): wire name -> value."""
    cls = type(obj)
    keys: dict[str, str] | None = cls.__wire_unknown__
    if keys is None:
        return {}
    out = {key: getattr(obj, attr) for attr, key in keys.items()}
    if cls.__wire_odd__:
        out.update(getattr(obj, cls.__wire_odd__))
    return out


def keep_extras(obj: Any, extras: dict[str, Any]) -> Any:
    """`obj` with these unknown keys added (a new Struct; `obj` itself is left as it is)."""
    if not extras:
        return obj
    base = wire_class(obj)
    kept = {**own_unknown(obj), **extras}
    cls = unknown_class(base, tuple(kept))
    known = msgspec.structs.astuple(obj)[: len(base.__struct_fields__)]
    if cls.__wire_plain__:  # the usual case: the generated fields in order, then the new ones
        return cls(*known, *kept.values())
    values = dict(zip(base.__struct_fields__, known, strict=True))
    values.update((attr, kept[key]) for attr, key in cls.__wire_unknown__.items())
    if cls.__wire_odd__:
        values[cls.__wire_odd__] = {k: v for k, v in kept.items() if odd(k)}
    return cls(**values)


def odd(key: str) -> bool:
    """Whether msgspec cannot name a field so (empty, or with a quote, backslash or control character)."""
    return not key or '"' in key or "\\" in key or any(c < " " for c in key)


def same_default(info: Any) -> dict[str, Any]:
    """The keywords of `msgspec.field` that give a variant's field the default of the generated
    field it stands for (`info`, from `msgspec.structs.fields`)."""
    if info.default is not msgspec.NODEFAULT:
        return {"default": info.default}
    if info.default_factory is not msgspec.NODEFAULT:
        return {"default_factory": info.default_factory}
    return {}


def unknown_class(base: type[msgspec.Struct], keys: tuple[str, ...]) -> Any:
    """The subclass of `base` with a field for each unknown key.

    A key that names a field of `base` (an enum number that no value has, kept as the number)
    overrides that field, in its place. Keys that msgspec cannot name share one field, written
    as `"@unknownKeys": {...}` by msgspec and put back in place by `gemini_wire.encode`."""
    cls = _CLASSES.get((base, keys))
    if cls is not None:
        return cls
    by_name = dict(zip(base.__struct_encode_fields__, base.__struct_fields__, strict=True))
    taken = set(base.__struct_fields__) | set(dir(base))
    attrs: dict[str, str] = {}
    fields: list[tuple[str, Any, Any]] = []
    holder = None
    for i, key in enumerate(keys):
        if odd(key):
            holder = holder or "unknown_keys"
            continue
        if key in by_name:
            attr = by_name[key]
        else:
            # The key itself where it can be an attribute (`candidate.newKey`), else a made-up one.
            attr = key if key.isidentifier() and not keyword.iskeyword(key) and not key.startswith("_") else f"unknown_{i}"
            while attr in taken:
                attr += "_"
            taken.add(attr)
        attrs[attr] = key
        fields.append((attr, Any, msgspec.field(name=key, default=UNSET)))
    if holder is not None:
        while holder in taken:
            holder += "_"
        fields.append((holder, Any, msgspec.field(name=ODD_NAME, default=UNSET)))
        ODD_KEYS.made = True
    plain = holder is None and not any(key in by_name for key in keys)
    namespace = {
        "__wire_base__": base,
        "__wire_unknown__": attrs,
        "__wire_odd__": holder,
        "__wire_plain__": plain,
        "__wire_keys__": keys,
        "__reduce__": _reduce,
    }
    cls = msgspec.defstruct(base.__name__, fields, bases=(base,), module=base.__module__, namespace=namespace)
    cls.__qualname__ = base.__qualname__
    if len(_CLASSES) < _CLASSES_CAP:
        _CLASSES[(base, keys)] = cls
    return cls


def _reduce(obj: Any) -> tuple[Any, ...]:
    # pickle finds a class by its name, which names the generated class: rebuild from that.
    cls = type(obj)
    return _rebuild, (cls.__wire_base__, cls.__wire_keys__, tuple(getattr(obj, a) for a in cls.__struct_fields__))


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
        if attr == cls.__wire_odd__:
            out.update(((*path, k), v) for k, v in value.items())
        elif attr in unknown:
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
