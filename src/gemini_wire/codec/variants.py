"""Variants of a tagged wire's Structs, for what a response brings that they lack (codec/tagged.py).

A new key of a Struct makes its variant the subclass that keeps the key (codec/extras.py); a new
kind in a union makes a member of that kind, tagged as it came, with a field for each of its keys;
a key spelled otherwise (generateContent's snake_case) makes the field read under that spelling;
the types above them point at their variants. msgspec decodes a response into these at the speed
of the generated classes, and `restore` turns what it gives back into the generated classes (the
subclass with the new keys, or the class of unknown kinds), walking only the fields that changed.
Both wires use it: codec/tagged.py for Interactions, and codec/repair.py for generateContent,
which finds the changes by its table of messages; the variants are made from the Structs alone.
"""

from __future__ import annotations

import functools
import operator
import types
import typing
from collections.abc import Callable
from typing import Any, NamedTuple

import msgspec
from msgspec import UNSET

from gemini_wire._base import WireStruct
from gemini_wire.codec.extras import keep_extras, same_default, unknown_class

# What a response brings that the Structs lack: new keys by generated class, and new kinds by
# the union that takes them (its Struct members) -> ((tag field, tag, keys with the tag), ...).
Keys = dict[type, tuple[str, ...]]
Kinds = dict[frozenset[type], tuple[tuple[str, str, tuple[str, ...]], ...]]
# Fields read under another spelling, by generated class: (attribute, the key it came as).
Spelled = dict[type, tuple[tuple[str, str], ...]]
# variant class -> its generated class (the class of unknown kinds, for a new kind), its new keys
# (a new kind's keys), the attributes that may hold variants, whether it is unknown_class(cls,
# keys) itself (None: the class of a new kind, made apart from `cls`), and the attributes read
# under another spelling
Classes = dict[type, tuple[Any, tuple[str, ...], tuple[str, ...], bool | None, tuple[str, ...]]]


class Variant(NamedTuple):
    """The decoder of one set of changes, and how to turn what it gives into the generated classes."""

    decoder: msgspec.json.Decoder[Any]
    classes: Classes


def make_variant(
    tp: Any,
    keys: Keys,
    kinds: Kinds,
    fields_of: Callable[[type], tuple[Any, ...]],
    unknown: type | None = None,
    spelled: Spelled | None = None,
) -> Variant | None:
    """The decoder of `tp` into variant classes of these changes (the types that hold no change
    stay as they are), or None if msgspec cannot hold them. `fields_of` is msgspec.structs.fields
    (kept by the caller: it reads annotations), `unknown` the class that a new kind becomes,
    `spelled` the fields read under another spelling."""
    made: dict[type, Any] = {}
    classes: Classes = {}
    spelled = spelled or {}
    needs: dict[Any, bool] = {}

    def touched(kind: Any) -> bool:  # whether `kind` holds a changed type (memo; a cycle: no)
        if kind in needs:
            return needs[kind]
        needs[kind] = False
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            got = kind in keys or kind in spelled or any(touched(f.type) for f in fields_of(kind))
        else:
            args = typing.get_args(kind)
            got = _members(kind) in kinds or any(touched(a) for a in args if not isinstance(a, msgspec.Meta))
        needs[kind] = got
        return got

    def rewrite(kind: Any, making: frozenset[type]) -> Any:
        if not touched(kind):
            return kind
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            return make(kind, making)
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        new = tuple(a if isinstance(a, msgspec.Meta) else rewrite(a, making) for a in args)
        if origin is typing.Annotated:
            return typing.Annotated[new]
        if origin is typing.Union or isinstance(kind, types.UnionType):
            added = tuple(newer_kind(*k) for k in kinds.get(_members(kind), ()))
            return functools.reduce(operator.or_, (*new, *added))
        return origin[new]

    def newer_kind(tag_field: str, tag: str, names: tuple[str, ...]) -> Any:
        fields = [(f"f{i}", Any, msgspec.field(name=k, default=UNSET)) for i, k in enumerate(names) if k != tag_field]
        cls = msgspec.defstruct("UnknownKind", fields, bases=(WireStruct,), tag_field=tag_field, tag=tag)
        classes[cls] = (unknown, names, (), None, ())
        return cls

    def make(cls: type, making: frozenset[type]) -> Any:
        if cls in made:
            return made[cls]
        if cls in making:
            raise RecursionError(cls)  # a type inside itself: left to the slow path
        fields: list[tuple[str, Any, Any]] = []
        holding: list[str] = []  # the attributes whose type changed: they may hold variants
        spelling = dict(spelled.get(cls, ()))
        for info in fields_of(cls):
            kind = rewrite(info.type, making | {cls})
            if kind is not info.type:
                holding.append(info.name)
            elif info.name not in spelling:
                continue
            name = spelling.get(info.name, info.encode_name)
            fields.append((info.name, kind, msgspec.field(name=name, **same_default(info))))
        new = keys.get(cls, ())
        base = unknown_class(cls, new) if new else cls
        variant = msgspec.defstruct(cls.__name__, fields, bases=(base,), module=cls.__module__) if fields else base
        made[cls] = variant
        classes[variant] = (cls, new, tuple(holding), variant is base, tuple(spelling))
        return variant

    try:
        return Variant(msgspec.json.Decoder(rewrite(tp, frozenset())), classes)
    except (RecursionError, TypeError, ValueError):  # what msgspec cannot hold: the slow path
        return None


def restore(obj: Any, classes: Classes, used: list[bool]) -> Any:
    """The generated classes again for what a variant decoded (their subclasses where an object
    kept new keys, UnknownKind for a new kind), in place below `obj`. `used` gets an item for
    each object that held something new (a new key or kind, a key spelled otherwise)."""
    if type(obj) is list:  # an item of a generated class holds nothing of a variant below it
        for i, v in enumerate(obj):
            if type(v) in classes or type(v) in _CONTAINERS:
                obj[i] = restore(v, classes, used)
        return obj
    if type(obj) is dict:
        for k, v in obj.items():
            if type(v) in classes or type(v) in _CONTAINERS:
                obj[k] = restore(v, classes, used)
        return obj
    info = classes.get(type(obj))
    if info is None:
        return obj
    cls, keys, attrs, final, spelled = info
    for attr in attrs:
        setattr(obj, attr, restore(getattr(obj, attr), classes, used))
    if spelled and any(getattr(obj, attr) is not UNSET for attr in spelled):
        used.append(True)
    if final is None:  # a kind newer than the spec (made apart from `cls`: it holds its tag)
        used.append(True)
        return newer_kind(obj, cls, keys)
    if not keys:  # the fields of `cls`, some typed as variants: the object becomes a `cls`
        return become(obj, cls)
    values = msgspec.structs.astuple(obj)
    size = len(cls.__struct_fields__)
    extra = values[size:]
    if UNSET not in extra:
        used.append(True)
        return obj if final else become(obj, unknown_class(cls, keys))
    kept_keys = tuple(k for k, v in zip(keys, extra, strict=True) if v is not UNSET)
    if not kept_keys:
        return cls(*values[:size])
    used.append(True)
    return unknown_class(cls, kept_keys)(*values[:size], *(v for v in extra if v is not UNSET))


_CONTAINERS = (list, dict)


def newer_kind(obj: Any, cls: Any, keys: tuple[str, ...]) -> Any:
    """A member of a kind newer than the spec as a `cls` keeping its keys (`keys`, its tag among
    them) in the order they came."""
    config = type(obj).__struct_config__
    values = iter(msgspec.structs.astuple(obj))
    kept = {k: config.tag if k == config.tag_field else next(values) for k in keys}
    if UNSET not in kept.values():  # every key it was made for: the subclass for them
        kind = unknown_class(cls, keys)
        if kind.__wire_plain__:
            return kind(*kept.values())
    return keep_extras(cls(), {k: v for k, v in kept.items() if v is not UNSET})


def become(obj: Any, cls: Any) -> Any:
    """`obj`, a Struct of a variant of `cls` that adds no field to it, as a `cls`: its class is
    set (Python checks that the layouts agree), which costs less than making a new one."""
    try:
        obj.__class__ = cls
    except TypeError:  # a layout of its own after all: a new Struct
        return cls(*msgspec.structs.astuple(obj))
    return obj


def _members(kind: Any) -> frozenset[type]:
    """The Struct members of a union (empty for any other type): what names it in Kinds."""
    if not (typing.get_origin(kind) is typing.Union or isinstance(kind, types.UnionType)):
        return frozenset()
    return frozenset(a for a in typing.get_args(kind) if isinstance(a, type) and issubclass(a, msgspec.Struct))
