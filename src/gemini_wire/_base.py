"""The bases of every generated Struct and enum: the msgspec configuration that the codec relies on."""

from __future__ import annotations

import sys
import types
import warnings
from enum import Enum
from typing import Any, ClassVar, TypeVar

import msgspec

F = TypeVar("F")


# gc=False: the garbage collector does not track the Structs. A decoded tree holds no cycle, so
# tracking each Struct (thousands in a logprobs response) only made decoding slower: 13% on the
# 262 KB logprobs response, and a fifth of it with the collector on, as in a client. A Struct
# put inside its own tree (in its `args`, say) would never be collected: docs/stability.md says so.
class WireStruct(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, repr_omit_defaults=True, gc=False):
    """A wire message. Unknown keys fail the fast decode, which then takes the spelling-aware path."""

    # Set on the subclasses that keep a response's unknown keys (codec/extras.py): the generated
    # class, and the fields of the unknown keys (attribute -> wire name).
    __wire_base__: ClassVar[Any] = None
    __wire_unknown__: ClassVar[Any] = None
    __wire_odd__: ClassVar[Any] = None


# The functions that decode responses, whose msgspec calls may make a value newer than its enum.
# msgspec calls an enum's `_missing_` straight from the decode, so the frame above `_missing_`
# is the function that called msgspec: checking it costs nothing until a value is unknown,
# where a thread-local switch around every decode cost 150 ns (a fifth of a small chunk's).
# Anywhere else (requests, msgspec.convert or Enum(value) by anyone) an unknown value is
# refused as msgspec refuses it for any enum, and a request gets GW105 for it.
_OPEN_CALLERS: set[types.CodeType] = set()


def opens_enums(fn: F) -> F:
    """Mark `fn` as a response decoder: its msgspec calls decode values newer than an enum."""
    _OPEN_CALLERS.add(fn.__code__)  # type: ignore[attr-defined]
    return fn


# Values newer than the enums, made once each: a client that meets a new finish reason in every
# response gets the same object every time. Capped, so that hostile input cannot grow it for ever.
_NEWER: dict[tuple[type, str], Any] = {}
_NEWER_CAP = 4096


class WireEnum(str, Enum):
    """An enum of the wire, open in responses: a value that this version does not know decodes to
    an instance of the enum too (not a member: `FinishReason("NEW") in FinishReason` is False),
    which compares equal to its string and prints as it, and encodes back as it came."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        if self._name_ in type(self)._member_map_:
            return Enum.__repr__(self)
        return f"<{type(self).__name__} {str.__repr__(self)} (not in this version)>"

    def __reduce_ex__(self, protocol: Any) -> Any:
        if self._name_ in type(self)._member_map_:
            return type(self), (self._value_,)
        return newer_value, (type(self), self._value_)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        # msgspec calls this for a string that is no member's value (and Enum(value) does too).
        if not isinstance(value, str) or sys._getframe(1).f_code not in _OPEN_CALLERS:
            return None
        return newer_value(cls, value)


def newer_value(cls: type[WireEnum], value: str) -> Any:
    """The value of `cls` for a string that names none of its members."""
    key = (cls, value)
    made = _NEWER.get(key)
    if made is None:
        made = str.__new__(cls, value)
        made._name_ = made._value_ = value
        if len(_NEWER) < _NEWER_CAP:
            _NEWER[key] = made
    return made


# --------------------------------------------------------------------------- renamed fields


class Renamed:
    """The old name of a renamed field, on its generated class (codegen/generate.py RENAMED):
    reading or setting it reads or sets the field under its new name, with a DeprecationWarning
    (docs/stability.md: a renamed name keeps working, and warns, for at least one minor release)."""

    def __init__(self, new: str) -> None:
        self.new = new
        self.old = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.old = name

    def warn(self, owner: type) -> None:
        message = f"{owner.__name__}.{self.old} is deprecated; use {owner.__name__}.{self.new}"
        warnings.warn(message, DeprecationWarning, stacklevel=3)

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        self.warn(type(obj))
        return getattr(obj, self.new)

    def __set__(self, obj: Any, value: Any) -> None:
        self.warn(type(obj))
        setattr(obj, self.new, value)


_STRUCT_CALL = type(msgspec.Struct).__call__  # how msgspec builds a Struct from its arguments


class RenamedFields(type(msgspec.Struct)):  # type: ignore[misc]
    """The metaclass of a generated Struct with a renamed field: the old name is still taken as a
    keyword, with a DeprecationWarning. Decoding does not call it; building the class in code
    pays a Python call, so only the classes with a renamed field have it."""

    def __init__(cls, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cls.__wire_renamed__ = {
            name: d.new for base in reversed(cls.__mro__) for name, d in vars(base).items() if isinstance(d, Renamed)
        }

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        for old, new in cls.__wire_renamed__.items():
            if old in kwargs:
                warnings.warn(f"{cls.__name__}({old}=...) is deprecated; use {new}=", DeprecationWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
        return _STRUCT_CALL(cls, *args, **kwargs)
