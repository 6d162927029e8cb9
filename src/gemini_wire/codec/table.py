"""The field table of one dialect: its messages, enums, limits and rules, joined to its Structs.

Built from the generated wire module (`_generated/<dialect>_wire.py`, from the protobuf
descriptors and the limits overlay) and the generated Structs; walked by the normalizer, and
planned into checks by codec/checks.py.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any, NamedTuple

import msgspec

from gemini_wire.rules import RULES, Rule


class FieldSpec(NamedTuple):
    json_name: str
    proto_name: str
    kind: str
    target: str | None
    repeated: bool
    is_map: bool
    oneof: str | None


@dataclass
class MessageSpec:
    name: str
    cls: type[msgspec.Struct]
    fields: list[FieldSpec]
    by_key: dict[str, FieldSpec]  # both spellings
    attrs: dict[str, str]  # json name -> Struct attribute
    lower_case_enums: frozenset[str]
    oneofs: dict[str, frozenset[str]]  # a oneof's name -> the JSON names of its members


@dataclass
class EnumSpec:
    name: str
    cls: type
    names: frozenset[str]
    by_number: dict[int, str]


@dataclass
class Limit:
    rule: Rule  # the rule it checks (its code in the overlay, resolved once here)
    source: str
    keywords: dict[str, Any]
    in_struct: bool  # msgspec checks it (Meta) while decoding; no Python check needed
    field: str  # the JSON name of the field it bounds


class Table:
    """The field table of one dialect, joined to its Structs."""

    def __init__(self, structs: types.ModuleType, wire: types.ModuleType) -> None:
        self.dialect: str = wire.DIALECT
        self.api: str = wire.API
        self.version: str = wire.VERSION
        self.structs = structs
        self.enums: dict[str, EnumSpec] = {}
        for name, values in wire.ENUMS.items():
            self.enums[name] = EnumSpec(
                name,
                getattr(structs, name),
                frozenset(n for n, _ in values),
                # Values that the SDK adds come without their numbers: names only.
                {num: n for n, num in values if num is not None},
            )
        lenient = {(m, f) for m, f, kind in wire.LENIENCIES if kind == "enum_lower_case"}
        self.messages: dict[str, MessageSpec] = {}
        for name, rows in wire.MESSAGES.items():
            cls = getattr(structs, name)
            fields = [FieldSpec(*row) for row in rows]
            by_key: dict[str, FieldSpec] = {}
            for f in fields:
                by_key[f.json_name] = f
                by_key.setdefault(f.proto_name, f)
            attrs = {fi.encode_name: fi.name for fi in msgspec.structs.fields(cls)}
            self.messages[name] = MessageSpec(
                name,
                cls,
                fields,
                by_key,
                attrs,
                frozenset(f for m, f in lenient if m == name),
                {g: frozenset(f.json_name for f in fields if f.oneof == g) for g in {f.oneof for f in fields if f.oneof}},
            )
        self.by_class = {m.cls: m for m in self.messages.values()}
        self.limits: dict[tuple[str, str], list[Limit]] = {}
        for row in wire.LIMITS:
            keywords = {k: v for k, v in row.items() if k not in ("message", "field", "code", "source", "in_struct")}
            self.limits.setdefault((row["message"], row["field"]), []).append(
                Limit(RULES[row["code"]], row["source"], keywords, row["in_struct"], row["field"])
            )
        self.rules: list[dict[str, Any]] = list(wire.RULES)
        self.roots: dict[str, str] = dict(wire.ROOTS)
        # Fields that the protos lack and the SDK sends: message -> json name -> source.
        self.added: dict[str, dict[str, str]] = dict(wire.ADDED)
