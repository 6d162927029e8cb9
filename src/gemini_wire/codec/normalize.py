"""The slow path: parsed JSON rewritten into the canonical form, with a finding for what is refused.

It walks the field table and applies the wire rules of DESIGN section 3: both spellings of a
key, enum names in any case or as numbers, scalars through their kind (codec/kinds.py), one
object where a list is expected, unknown keys refused in a request and kept in a response.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import msgspec

from gemini_wire.bounds import check_keywords
from gemini_wire.codec.checks import describe
from gemini_wire.codec.encode import NONFINITE
from gemini_wire.codec.kinds import INT_STRING, KINDS, Refusal, decimal
from gemini_wire.codec.table import FieldSpec, MessageSpec, Table
from gemini_wire.endpoints import API_TITLES, info
from gemini_wire.findings import Finding, Key, Path, closest, excerpt, format_path, ticked
from gemini_wire.rules import Rule
from gemini_wire.rules.structure import (
    DUPLICATE_SPELLING,
    INVALID_ENUM,
    NON_CANONICAL_ENUM,
    NULL_IN_LIST,
    ONEOF_CONFLICT,
    OTHER_DIALECT_FIELD,
    UNKNOWN_FIELD,
    WRONG_TYPE,
)

INT = re.compile(INT_STRING)

DROP = object()  # a value that could not be converted; its finding is already recorded
NUMBER = object()  # an enum number in a response that no value of this version has


class Normalizer:
    """Rewrites parsed JSON into the canonical form, recording a finding for what it refuses.

    In a request an unknown key is an error; in a response (or error body) it is kept (on its
    Struct, codec/extras.py), and an enum value newer than the table is the field's value.
    """

    def __init__(self, table: Table, *, request: bool, others: Callable[[], list[Table]] = list) -> None:
        self.table = table
        # The other dialects' tables, where an unknown key may be a field (GW111): given by the
        # registry (dialects.other_tables), since a codec knows only its own dialect.
        self.others = others
        self.request = request
        self.findings: list[Finding] = []
        # Spellings the server accepts but that are not canonical: lint warns, decode accepts.
        self.notes: list[Finding] = []
        self.open_values = False  # a request holds a value of an SDK-only enum: convert with enums open
        self.extras: list[tuple[Path, str, Any]] = []

    def add(self, rule: Rule, path: Path, message: str, hint: str, source: str = "") -> None:
        self.findings.append(rule.finding(path, message, hint, source=source))

    def message(self, value: Any, name: str, path: Path) -> Any:
        spec = self.table.messages[name]
        if not isinstance(value, dict):
            self.add(
                WRONG_TYPE,
                path,
                f"expected an object ({name}), got {describe(value)}",
                f"write {format_path(path) or 'the payload'} as a JSON object",
            )
            return DROP
        out: dict[str, Any] = {}
        spelled: dict[str, str] = {}
        oneofs: dict[str, str] = {}
        for key, item in value.items():
            f = spec.by_key.get(key)
            if f is None:
                self.unknown(spec, key, item, path)
                continue
            if f.json_name in spelled:
                self.add(
                    DUPLICATE_SPELLING,
                    (*path, key),
                    f"`{key}` sets the same field as `{spelled[f.json_name]}`",
                    f"merge the two objects into one `{f.json_name}`: the server refuses both spellings, and keeping one drops the other's fields"
                    if isinstance(item, dict) and isinstance(value.get(spelled[f.json_name]), dict)
                    else f"keep one spelling, preferably `{f.json_name}`",
                )
                continue
            spelled[f.json_name] = key
            if item is None and f.kind != "value":
                continue  # null means unset (proto3 JSON)
            if f.oneof is not None:
                if f.oneof in oneofs:
                    self.add(
                        ONEOF_CONFLICT,
                        (*path, key),
                        f"`{key}` and `{oneofs[f.oneof]}` are both members of the oneof `{f.oneof}`",
                        "set only one of them; split the content into separate objects if you need both",
                    )
                    continue
                oneofs[f.oneof] = key
            converted = self.field(spec, f, item, (*path, key))
            if converted is not DROP:
                out[f.json_name] = converted
        return out

    def unknown(self, spec: MessageSpec, key: str, item: Any, path: Path) -> None:
        if not self.request:
            self.extras.append((path, key, item))
            return
        for other in self.others():
            theirs = other.messages.get(spec.name)
            if theirs is not None and key in theirs.by_key:
                here, there = info(self.table.dialect), info(other.dialect)
                if there.api == here.api:
                    message = f"`{key}` is a field of {there.title}, not of {here.version}"
                    hint = (
                        f"call the {there.version} endpoint (.../{there.version}/...) and check the payload "
                        f"as --dialect {there.name}, or remove it"
                    )
                else:
                    message = f"`{key}` is a field of {API_TITLES[there.api]} only"
                    hint = f"remove it for {API_TITLES[here.api]}, or check the payload as --dialect {there.name}"
                self.add(OTHER_DIALECT_FIELD, (*path, key), message, hint)
                return
        names = [f.json_name for f in spec.fields]
        close = closest(key, names + [f.proto_name for f in spec.fields])
        inner = [
            (f.json_name, self.table.messages[f.target].by_key[key].json_name)
            for f in spec.fields
            if f.kind == "message" and f.target and not f.repeated and key in self.table.messages[f.target].by_key
        ]
        if close:
            best = spec.by_key[close].json_name
            hint = f"did you mean `{best}`?"
        elif inner:
            # `temperature` at the top: a field of generationConfig, one level down.
            hint = f"did you mean `{inner[0][0]}.{inner[0][1]}`? move it into `{inner[0][0]}`"
        else:
            hint = f"known fields of {spec.name}: {', '.join(names)}"
        where = f" in {spec.name}" if path else ""
        self.add(UNKNOWN_FIELD, (*path, key), f"unknown field {ticked(key)}{where}", hint)

    def field(self, spec: MessageSpec, f: FieldSpec, item: Any, path: Path) -> Any:
        value = self.field_value(spec, f, item, path)
        if value is NUMBER or (f.kind == "enum" and isinstance(value, (list, dict)) and NUMBER in (
            value if isinstance(value, list) else list(value.values())
        )):
            # Kept as the wire gave it, in the field's place (codec/extras.py): a str enum has no
            # value for a number, and re-encoding must give the number back.
            self.extras.append((path[:-1], f.json_name, item))
            return DROP
        # JSON numbers cannot say NaN or Infinity (msgspec writes null): encode spells them as
        # proto3 does once it knows that some exist (codec/encode.py).
        if (isinstance(value, float) and not math.isfinite(value)) or (
            isinstance(value, list) and f.kind in ("double", "float") and not all(map(math.isfinite, value))
        ):
            NONFINITE.made = True
        return value

    def field_value(self, spec: MessageSpec, f: FieldSpec, item: Any, path: Path) -> Any:
        if f.is_map:
            if not isinstance(item, dict):
                self.add(WRONG_TYPE, path, f"expected an object (a map), got {describe(item)}", "write it as a JSON object of keys to values")
                return DROP
            out = {}
            for k, v in item.items():
                c = self.single(spec, f, v, (*path, Key(k)))
                if c is not DROP:
                    out[k] = c
            return self.limit(spec, f, out, path)
        if f.repeated:
            if isinstance(item, dict) and f.kind == "message":
                # One object where a list is expected: Google's front ends take it (DESIGN 3).
                item = [item]
            if not isinstance(item, list):
                self.add(WRONG_TYPE, path, f"expected an array, got {describe(item)}", f"wrap the value in [ ]: `{path[-1]}` is a list")
                return DROP
            out_list = []
            for i, v in enumerate(item):
                if v is None and f.kind != "value":
                    self.add(NULL_IN_LIST, (*path, i), "null inside a list", "remove the null element")
                    c = DROP
                else:
                    c = self.single(spec, f, v, (*path, i))
                if c is not DROP:
                    out_list.append(c)
                elif f.kind == "message":
                    # An empty message holds the place, so that later elements keep their index
                    # (and findings on them their path); what was refused is already reported.
                    out_list.append({})
            return self.limit(spec, f, out_list, path)
        return self.limit(spec, f, self.single(spec, f, item, path), path)

    def limit(self, spec: MessageSpec, f: FieldSpec, value: Any, path: Path) -> Any:
        limits = self.table.limits.get((spec.name, f.json_name)) if self.request else None
        if not limits or value is DROP or value is NUMBER:
            return value
        for lim in limits:
            problem = check_keywords(lim.keywords, value)
            if problem:
                message, hint = problem
                self.add(lim.rule, path, message, hint, lim.source)
                return DROP
        return value

    def single(self, spec: MessageSpec, f: FieldSpec, v: Any, path: Path) -> Any:
        kind = f.kind
        if kind == "message":
            assert f.target is not None
            return self.message(v, f.target, path)
        if kind == "enum":
            return self.enum(spec, f, v, path)
        return self.scalar(kind, v, path)

    def enum(self, spec: MessageSpec, f: FieldSpec, v: Any, path: Path) -> Any:
        assert f.target is not None
        e = self.table.enums[f.target]
        if isinstance(v, str):
            if v in e.names:
                return v
            upper = v.upper()
            if upper in e.names:
                # Google's front ends read enum names in any case ("low", "any" are accepted:
                # recorded traffic of both APIs); lower-case Schema.type is the documented form
                # of a leniency of its own and is not worth a warning.
                if f.json_name not in spec.lower_case_enums:
                    self.notes.append(
                        NON_CANONICAL_ENUM.finding(path, f"{describe(v)} is not the canonical spelling of {upper}", f'write "{upper}"')
                    )
                return upper
            if INT.fullmatch(v) and decimal(v) in e.by_number:
                return e.by_number[decimal(v)]
        elif isinstance(v, int) and not isinstance(v, bool) and v in e.by_number:
            return e.by_number[v]
        if not self.request and isinstance(v, str):
            return v  # a value newer than our table: the field holds it (an open WireEnum value)
        if not self.request and isinstance(v, int) and not isinstance(v, bool):
            return NUMBER
        if not e.by_number and isinstance(v, str):
            # An enum that only the SDK names, without its numbers: its values are the SDK's
            # guess, and the server sent others (toolType "GOOGLE_SEARCH", issue 20). The field
            # holds it (the conversion opens the enums), and a warning at most.
            self.notes.append(msgspec.structs.replace(
                INVALID_ENUM.finding(path, f"{describe(v)} is not a value of {e.name} that the SDK names", f"the SDK names: {', '.join(sorted(e.names))}"),
                severity="warning",
            ))
            self.open_values = True
            return v
        close = closest(v, e.names, cutoff=0.5) if isinstance(v, str) else None
        hint = f"did you mean {close}?" if close else f"use one of: {', '.join(sorted(e.names))}"
        self.add(INVALID_ENUM, path, f"{describe(v)} is not a value of {e.name}", hint)
        return DROP

    def scalar(self, kind: str, v: Any, path: Path) -> Any:
        out = KINDS[kind].convert(v)
        if isinstance(out, Refusal):
            hint = out.hint.format(quote=excerpt(out.quote)) if out.quote else out.hint
            self.add(out.rule, path, out.message.format(value=describe(v)), hint)
            return DROP
        return out

