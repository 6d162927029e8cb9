"""The checks a schema type cannot say, run on decoded Structs by both paths of the codec.

Oneofs (a Part's one data member), requires_true rules, and the limits of the overlay that
msgspec does not check (on Structs that responses share). The range of a 64-bit integer is in its
type (the pattern of codec/kinds.py), as a 32-bit one's is. `plan` lists them per message; the Checker makes them closures that
report findings with paths, and codegen/quick.py writes the same plan out as the generated quick
check (`_generated/<dialect>_quick.py`), which only answers whether there is anything to report.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import msgspec
from msgspec import UNSET

from gemini_wire._base import opens_enums
from gemini_wire.bounds import check_keywords
from gemini_wire.codec.extras import wire_class
from gemini_wire.codec.kinds import DATA_KINDS
from gemini_wire.codec.table import FieldSpec, Limit, MessageSpec, Table
from gemini_wire.findings import Finding, Key, Path, excerpt
from gemini_wire.rules import RULES
from gemini_wire.rules.structure import ONEOF_CONFLICT, WRONG_TYPE


def describe(value: Any) -> str:
    """A short description of a JSON value for messages: never megabytes of base64."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return excerpt(repr(value), quoted=False)
    if isinstance(value, str):
        return excerpt(value)
    if isinstance(value, list):
        return f"an array of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__



# --------------------------------------------------------------------------- checks on Structs


# A path while walking: () for the root, (parent, segment) below it. Building one is O(1); it is
# flattened into a Path only when a check reports something.
Link = tuple[Any, ...]
Check = Callable[[Any, Link, list[Finding]], None]
Visit = Callable[[Any, Link, list[Finding]], None]


def flat(link: Link) -> Path:
    segments: list[str | int] = []
    while link:
        link, seg = link
        segments.append(seg)
    return tuple(reversed(segments))


class Oneof(NamedTuple):
    group: str
    members: list[FieldSpec]
    required: dict[str, Any] | None  # the rule that asks for one member, in a request


def plan(table: Table, spec: MessageSpec, *, request: bool) -> Iterator[Oneof | Limit | dict[str, Any]]:
    """The checks of one message that its Struct type cannot say: oneofs that can be broken,
    requires_true rules (as their dicts), and in a request the limits msgspec does not check.
    The Checker makes them closures, codegen/quick.py the generated quick check: one plan keeps
    them agreeing."""
    groups: dict[str, list[FieldSpec]] = {}
    for f in spec.fields:
        if f.oneof:
            groups.setdefault(f.oneof, []).append(f)
    required = {
        r["oneof"]: r for r in table.rules if r["kind"] == "oneof_required_in_request" and r["message"] == spec.name
    }
    for group, members in groups.items():
        rule = required.get(group) if request else None
        if len(members) > 1 or rule is not None:  # one member alone cannot conflict
            yield Oneof(group, members, rule)
    for r in table.rules:
        if r["kind"] == "requires_true" and r["message"] == spec.name:
            yield r
    if not request:
        return  # the documented limits bound what a client sends
    for (message, _), limits in table.limits.items():
        if message == spec.name:
            yield from (lim for lim in limits if not lim.in_struct)


def nesting(table: Table) -> dict[str, list[FieldSpec]]:
    """The messages whose JSON can nest without bound, with their data fields (args, Struct,
    Value, error details): those with such fields, and those that contain their own type."""
    edges = {name: {f.target for f in spec.fields if f.kind == "message" and f.target} for name, spec in table.messages.items()}
    out: dict[str, list[FieldSpec]] = {}
    for name, spec in table.messages.items():
        seen, todo = set(), list(edges[name])
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo += edges.get(t, ())
        data = [f for f in spec.fields if f.kind in DATA_KINDS]
        if data or name in seen:
            out[name] = data
    return out


def leads(table: Table, *, request: bool) -> dict[str, bool]:
    """The messages worth a visit: those with checks, those that can nest without bound (data
    fields, or a type inside itself: the quick check measures them for MAX_DEPTH), and those
    with a field that leads to one of them. Most of a payload is never visited."""
    nests = nesting(table)
    out = {name: name in nests or any(True for _ in plan(table, spec, request=request)) for name, spec in table.messages.items()}
    changed = True
    while changed:
        changed = False
        for name, spec in table.messages.items():
            if not out[name] and any(f.kind == "message" and f.target and out[f.target] for f in spec.fields):
                out[name] = changed = True
    return out


class Checker:
    """The checks a schema type cannot say, run on decoded Structs by both paths.

    One visitor per message type is built once: it runs that type's checks and walks only the
    fields that can lead to a type with checks.
    """

    def __init__(self, table: Table, quick: dict[str, Callable[[Any], bool]], *, request: bool) -> None:
        self.table = table
        checks = {name: tuple(self.checks_for(spec, request)) for name, spec in table.messages.items()}
        worth = leads(table, request=request)
        self.visitors: dict[str, Visit] = {}
        for name, spec in table.messages.items():
            steps = tuple(
                (spec.attrs[f.json_name], f.json_name, f.repeated, f.is_map, f.target)
                for f in spec.fields
                if f.kind == "message" and f.target and worth[f.target]
            )
            self.visitors[name] = self.visitor(checks[name], steps)
        self.by_class = {spec.cls: self.visitors[name] for name, spec in table.messages.items()}
        # The same plan as straight-line Python (`_generated/<dialect>_quick.py`, written by
        # codegen/quick.py), by message name: handed over by the dialect that imports it.
        self.quick = {table.messages[name].cls: fn for name, fn in quick.items()}

    def visitor(self, checks: tuple[Check, ...], steps: tuple[tuple[str, str, bool, bool, str | None], ...]) -> Visit:
        visitors = self.visitors

        def visit(obj: Any, path: Link, out: list[Finding]) -> None:
            for check in checks:
                check(obj, path, out)
            for attr, name, repeated, is_map, target in steps:
                v = getattr(obj, attr)
                if v is UNSET:
                    continue
                child = visitors[target or ""]
                if repeated:
                    here = (path, name)
                    for i, x in enumerate(v):
                        child(x, (here, i), out)
                elif is_map:
                    here = (path, name)
                    for k, x in v.items():
                        child(x, (here, Key(k)), out)
                else:
                    child(v, (path, name), out)

        return visit

    def checks_for(self, spec: MessageSpec, request: bool) -> Iterator[Check]:
        for planned in plan(self.table, spec, request=request):
            if isinstance(planned, Oneof):
                attrs = [(spec.attrs[m.json_name], m.json_name) for m in planned.members]
                yield oneof_check(planned.group, attrs, planned.required)
            elif isinstance(planned, Limit):
                yield limit_check(spec.attrs[planned.field], planned.field, planned)
            else:
                r = planned
                yield requires_true_check(spec.attrs[r["field"]], r["field"], spec.attrs[r["other"]], r["other"], r)

    def run(self, obj: Any) -> list[Finding]:
        quick = self.quick.get(wire_class(obj))
        if quick is not None and quick(obj):
            return []  # the common case: nothing to report, so no paths are built
        return self.walk(obj)

    def walk(self, obj: Any) -> list[Finding]:
        """Every finding, with its path (what `run` falls back to when the quick check fails)."""
        out: list[Finding] = []
        visit = self.by_class.get(wire_class(obj))
        if visit is not None:
            visit(obj, (), out)
        return out



def oneof_check(group: str, attrs: list[tuple[str, str]], required: dict[str, Any] | None) -> Check:
    names = ", ".join(f"`{n}`" for _, n in attrs)
    getter = operator.attrgetter(*(a for a, _ in attrs))
    size = len(attrs)
    refused = RULES[required["code"]] if required is not None else None

    def check(obj: Any, path: Link, out: list[Finding]) -> None:
        values = getter(obj) if size > 1 else (getter(obj),)
        unset = values.count(UNSET)
        if unset == size - 1:
            return  # the common case: exactly one member
        present = [n for v, (_, n) in zip(values, attrs, strict=True) if v is not UNSET]
        if len(present) > 1:
            out.append(
                ONEOF_CONFLICT.finding(
                    (*flat(path), present[1]),
                    f"`{present[0]}` and `{present[1]}` are both members of the oneof `{group}`",
                    "set only one of them; split the content into separate objects if you need both",
                )
            )
        elif not present and refused is not None and required is not None and obj == type(obj)():
            # Only a part with nothing at all is refused ("required oneof field 'data' must have
            # one initialized field"); one with side fields alone (a thought and its signature,
            # videoMetadata) was accepted in recorded traffic, and lint warns about it (GW203).
            out.append(
                refused.finding(
                    flat(path),
                    f"no data member: one of {names} is required",
                    'give the part exactly one data member, e.g. {"text": "..."}',
                    source=required["source"],
                )
            )

    return check


def requires_true_check(attr: str, name: str, other_attr: str, other: str, rule: dict[str, Any]) -> Check:
    refused = RULES[rule["code"]]

    def check(obj: Any, path: Link, out: list[Finding]) -> None:
        if getattr(obj, attr) is not UNSET and getattr(obj, other_attr) is not True:
            out.append(
                refused.finding(
                    (*flat(path), name),
                    f"`{name}` is set but `{other}` is not true",
                    f"add \"{other}\": true, or remove `{name}`",
                    source=rule["source"],
                )
            )

    return check


def limit_check(attr: str, name: str, lim: Limit) -> Check:
    """A limit of the overlay on a decoded field (for Structs that responses share, whose types
    carry no bound)."""

    def check(obj: Any, path: Link, out: list[Finding]) -> None:
        v = getattr(obj, attr)
        if v is not UNSET:
            problem = check_keywords(lim.keywords, v)
            if problem:
                out.append(lim.rule.finding((*flat(path), name), problem[0], problem[1], source=lim.source))

    return check



# --------------------------------------------------------------------------- Structs built in code
#
# A Struct tree that code built was never through msgspec's decoder: a str where a float is
# declared, an int past int32 or a bound of the overlay (msgspec checks `Meta` only on decode)
# are there as given. `Codec.check` asks msgspec whether the tree holds its types (`typed`,
# all in C: to_builtins, then convert with the Struct's constraints), and only when it does not,
# decodes the tree's encoded bytes the long way, which finds and words everything as decoding
# finds it. What the bytes cannot show is left for `typed_problem`: a str in a bytes field reads
# as base64, a float 2.0 in an int field as 2.


def typed(obj: Any, cls: type, *, request: bool) -> bool:
    """Whether msgspec takes the tree `obj` as a `cls`, constraints and enum values included."""
    try:
        value = msgspec.to_builtins(obj, builtin_types=(bytes,))
        if request:
            msgspec.convert(value, cls, builtin_types=(bytes,))
        else:
            convert_open(value, cls)
    except (msgspec.ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True


@opens_enums
def convert_open(value: Any, cls: type) -> Any:
    """msgspec.convert with enums open (a response's newer value is one), bytes as bytes."""
    return msgspec.convert(value, cls, builtin_types=(bytes,))


_AT = re.compile(r" - at `\$(.*)`$")
_SEGMENT = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[([^\]]*)\]")


def typed_problem(value: Any, cls: type) -> Finding | None:
    """The finding for what msgspec refuses in `value` (the tree as dicts, enums spelled as
    `encode` writes them) once its bytes decode without one, or None."""
    try:
        convert_open(value, cls)  # enum values are the long way's to judge (GW105, or SDK-only values)
    except msgspec.ValidationError as e:
        said = str(e)
        if said.startswith("Object contains unknown field"):
            return None  # a response's new key, which its Struct keeps (codec/extras.py)
        at = _AT.search(said)
        path: list[str | int] = []
        if at:
            said = said[: at.start()]
            for name, index, key in _SEGMENT.findall(at.group(1)):
                path.append(name if name else int(index) if index else Key(key))
        message = said[:1].lower() + said[1:].replace("`", "")
        return WRONG_TYPE.finding(tuple(path), message, "give the field a value of its declared type")
    return None


def unwritable(obj: Any, path: Path = ()) -> Finding:
    """The finding for the first value in `obj` that JSON cannot hold (an object, a set...)."""
    if isinstance(obj, msgspec.Struct):
        cls = type(obj)
        items: list[tuple[str | int, Any]] = [
            (name, v)
            for attr, name in zip(cls.__struct_fields__, cls.__struct_encode_fields__, strict=True)
            if (v := getattr(obj, attr)) is not UNSET
        ]
    elif isinstance(obj, (list, tuple)):
        items = list(enumerate(obj))
    elif isinstance(obj, dict):
        items = [(Key(str(k)) if isinstance(k, str) else Key(repr(k)), v) for k, v in obj.items()]
    else:
        items = []
    for seg, v in items:
        try:
            msgspec.json.encode(v)
        except (TypeError, ValueError, OverflowError):
            return unwritable(v, (*path, seg))
    said = describe(obj) if isinstance(obj, (str, int, float, list, dict)) else f"a value of type {type(obj).__name__}"
    return WRONG_TYPE.finding(path, f"{said} cannot be written as JSON", "give the field a value of its declared type")


def field_at(table: Table, root: str, path: Path) -> FieldSpec | None:
    """The field that a path from a message of type `root` ends at, or None."""
    spec, f = table.messages.get(root), None
    for seg in path:
        if isinstance(seg, (int, Key)):
            continue
        if spec is None or seg not in spec.by_key:
            return None
        f = spec.by_key[seg]
        spec = table.messages.get(f.target) if f.kind == "message" and f.target else None
    return f
