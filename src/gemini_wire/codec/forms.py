"""The fields of a tagged wire whose union msgspec cannot hold (a wire module's FORMS, e.g. the
Interactions API's `input`: a string, a content, a list of contents or a list of steps): the kinds
of JSON value that each form takes, and the twin of a class with FORMS (codec/tagged.py).
"""

from __future__ import annotations

from typing import Any, Union

import msgspec
from msgspec import UNSET
from msgspec import inspect as mi

from gemini_wire._base import WireStruct

_KINDS = {
    str: (mi.StrType, mi.EnumType, mi.LiteralType),
    bool: (mi.BoolType,),
    int: (mi.IntType, mi.FloatType),
    float: (mi.FloatType,),
    list: (mi.ListType,),
    dict: (mi.StructType, mi.DictType),
}


def fits(value: Any, t: Any) -> bool:
    """Whether a JSON value is of the kind of type `t` (its members', for a union)."""
    if isinstance(t, mi.UnionType):
        return any(fits(value, m) for m in t.types)
    if isinstance(t, mi.AnyType):
        return True
    return isinstance(t, _KINDS.get(type(value), ()))


def accepts(t: Any) -> frozenset[type]:
    """The Python types of the JSON values that a type (msgspec.inspect) may take."""
    samples: tuple[Any, ...] = ("", False, 0, 0.0, [], {}, None)
    return frozenset(type(sample) for sample in samples if fits(sample, t))


def json_kind(value: Any) -> str:
    """The name of a JSON value's kind, as msgspec's messages name it."""
    return {str: "str", bool: "bool", int: "int", float: "float", list: "array", dict: "object"}.get(
        type(value), "null"
    )


def kinds_of(members: list[Any]) -> str:
    """The kinds of JSON value that types (msgspec.inspect) take, as msgspec's messages name them."""
    members = [n for m in members for n in (m.types if isinstance(m, mi.UnionType) else (m,))]
    names: dict[type, str] = {
        mi.StrType: "str",
        mi.EnumType: "str",
        mi.IntType: "int",
        mi.FloatType: "float",
        mi.BoolType: "bool",
    }
    names.update({mi.ListType: "array", mi.StructType: "object", mi.DictType: "object"})
    return " | ".join(sorted({names.get(type(m), "any") for m in members}))


def twins(forms: dict[type, dict[str, tuple[Any, ...]]]) -> dict[Any, msgspec.json.Decoder[Any]]:
    """The decoder of each class's twin, for the classes of `forms` (a wire module's FORMS) that
    have one."""
    out: dict[Any, msgspec.json.Decoder[Any]] = {}
    for cls, fields in forms.items():
        try:
            out[cls] = msgspec.json.Decoder(twin(cls, fields))
        except (TypeError, NotImplementedError):  # a union msgspec cannot hold after all: FORMS alone
            pass
    return out


def twin(cls: Any, fields: dict[str, tuple[Any, ...]]) -> Any:
    """A Struct class with the fields of `cls` (a class with FORMS), each field of FORMS typed as
    the union of its first form of each kind of JSON value (object, array, string); TypeError if a
    form is of another kind. A value that the twin takes is read as its field's first form that
    fits, as _form reads it: the forms of other kinds cannot take it, and an object, array or string
    is taken by the first form of its kind or refused. msgspec holds such a union when its objects
    are one dict or tagged Structs; a form it cannot hold with them is left to the usual way."""
    typed: dict[str, Any] = {}
    for key, options in fields.items():
        kinds: dict[str, Any] = {}
        for option in options:
            kind = _kind_of_form(mi.type_info(option))
            if kind is None:
                raise TypeError(f"{cls.__name__}.{key}: a form of no kind the twin holds: {option}")
            kinds.setdefault(kind, option)
        typed[key] = Union[tuple(kinds.values())]  # noqa: UP007 - a union of a computed tuple
    spec: list[Any] = []
    for f in msgspec.structs.fields(cls):
        tp = f.type
        if f.name in typed:
            tp = typed[f.name] | msgspec.UnsetType if f.default is UNSET else typed[f.name]
        if f.default is not msgspec.NODEFAULT:
            spec.append((f.name, tp, msgspec.field(default=f.default, name=f.encode_name)))
        elif f.default_factory is not msgspec.NODEFAULT:
            spec.append((f.name, tp, msgspec.field(default_factory=f.default_factory, name=f.encode_name)))
        else:
            spec.append((f.name, tp, msgspec.field(name=f.encode_name)))
    config = cls.__struct_config__
    return msgspec.defstruct(cls.__name__, spec, bases=(WireStruct,), tag_field=config.tag_field, tag=config.tag)


def _kind_of_form(t: Any) -> str | None:
    """The kind of JSON value a form takes (msgspec.inspect), if the twin can hold it: an object as
    tagged Structs or a dict, an array, a string; None for anything else."""
    if isinstance(t, mi.UnionType) and all(isinstance(m, mi.StructType) and m.tag_field is not None for m in t.types):
        return "object"
    if (isinstance(t, mi.StructType) and t.tag_field is not None) or isinstance(t, mi.DictType):
        return "object"
    if isinstance(t, mi.ListType):
        return "array"
    if isinstance(t, (mi.StrType, mi.EnumType, mi.LiteralType)):
        return "string"
    return None
