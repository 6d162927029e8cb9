"""Mutations of valid payloads and the verdicts of three judges, shared by the oracle tests.

A mutation is a Hypothesis strategy that takes a valid canonical payload (a dict from
`gemini_wire.strategies.payloads`), the dialect's field table and the root message. It walks the
payload alongside the table to find every place where the mutation applies, changes one of them
and gives a `Mutated` record (the new payload, what was done and where), or None when the payload
has no such place. Fields can be mutated where they are, added to objects that lack them, and,
when the payload has no object of the right message at all, added inside new empty objects
(`{}`) created on the way.

The judges: `codec_verdict` (our `decode_*`), `oracle_verdict` (protobuf's `json_format.Parse`
on dynamic messages built from `codegen/upstream/<dialect>.binpb`) and `schema_verdict` (the
checked-in wire JSON Schema through `jsonschema`). A disagreement is allowed only when it is a
row of docs/differences.md: `expected_difference` (protobuf vs codec) and
`expected_schema_difference` (schema vs codec) name the row.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from hypothesis import strategies as st

from gemini_wire import WireError, dialects
from gemini_wire import strategies as gws
from gemini_wire.codec import FieldSpec, Table

ROOT = Path(__file__).resolve().parent.parent
# Every dialect, by its name (dialects.NAMES), and the proto package of its spec.
DIALECTS = {name: dialects.dialect(name) for name in dialects.NAMES}
PACKAGES = {
    "gemini-v1beta": "google.ai.generativelanguage.v1beta",
    "gemini-v1": "google.ai.generativelanguage.v1",
    "vertex-v1": "google.cloud.aiplatform.v1",
    "vertex-v1beta1": "google.cloud.aiplatform.v1beta1",
}
REQUEST, RESPONSE, ERROR = "GenerateContentRequest", "GenerateContentResponse", "ErrorBody"
ROOTS = (REQUEST, RESPONSE, ERROR)

PART_NEEDS_DATA = "GW203"  # the Part rule "exactly one data member"

# A key written as DUP + name in a payload dict comes out as a second "name" key in the JSON
# text: the only way to put the same key twice into one object.
DUP = "\u0000dup:"


def table(dialect: str) -> Table:
    return dialects.dialect(dialect).codec.table


def _limit_codes() -> frozenset[str]:
    """The codes of the documented limits and cross-field rules (codegen/limits.toml), which
    protobuf does not know, in either dialect."""
    codes = set()
    for d in DIALECTS:
        tbl = table(d)
        codes |= {lim.rule.code for lims in tbl.limits.values() for lim in lims}
        codes |= {r["code"] for r in tbl.rules if r["kind"] != "oneof_required_in_request"}
    return frozenset(codes)


LIMIT_CODES = _limit_codes()
# The fields that the dialects take from the SDK or another version (their protos lack them).
ADDED = frozenset(name for d in DIALECTS for fields in table(d).added.values() for name in fields)


def dumps(payload: Any) -> str:
    return json.dumps(payload, allow_nan=False, ensure_ascii=False).replace('"\\u0000dup:', '"')


# --------------------------------------------------------------------------- the judges


@dataclass
class Verdict:
    accepted: bool
    said: str = ""
    codes: frozenset[str] = frozenset()
    why: Callable[[], str] | None = None  # the detail, worked out only when it is read

    @property
    def detail(self) -> str:
        return self.said or (self.why() if self.why else "")

    def __str__(self) -> str:
        detail = self.detail
        return ("accepted" if self.accepted else "rejected") + (f" ({detail})" if detail else "")


def codec_verdict(dialect: str, root: str, text: str | bytes) -> Verdict:
    d = dialects.dialect(dialect)
    decode = {REQUEST: d.decode_request, RESPONSE: d.decode_response, ERROR: d.decode_error}[root]
    try:
        decode(text)
    except WireError as e:
        codes = frozenset(f.code for f in e.findings)
        return Verdict(False, "; ".join(str(f) for f in e.findings)[:600], codes)
    return Verdict(True)


def _error_body_file() -> descriptor_pb2.FileDescriptorProto:
    """The error body as one protobuf message, so that json_format can judge all of it:
    `{"error": google.rpc.Status + "status": google.rpc.Code}` (what Google's front ends send,
    https://cloud.google.com/apis/design/errors#http_mapping)."""
    fd = descriptor_pb2.FieldDescriptorProto
    f = descriptor_pb2.FileDescriptorProto(
        name="gemini_wire_tests/error_body.proto",
        package="gemini_wire_tests",
        syntax="proto3",
        dependency=["google/protobuf/any.proto", "google/rpc/code.proto"],
    )
    status = f.message_type.add(name="ErrorStatus")
    status.field.add(name="code", number=1, type=fd.TYPE_INT32, label=fd.LABEL_OPTIONAL, json_name="code")
    status.field.add(
        name="message", number=2, type=fd.TYPE_STRING, label=fd.LABEL_OPTIONAL, json_name="message"
    )
    status.field.add(
        name="details",
        number=3,
        type=fd.TYPE_MESSAGE,
        label=fd.LABEL_REPEATED,
        type_name=".google.protobuf.Any",
        json_name="details",
    )
    status.field.add(
        name="status",
        number=4,
        type=fd.TYPE_ENUM,
        label=fd.LABEL_OPTIONAL,
        type_name=".google.rpc.Code",
        json_name="status",
    )
    body = f.message_type.add(name="ErrorBody")
    body.field.add(
        name="error",
        number=1,
        type=fd.TYPE_MESSAGE,
        label=fd.LABEL_OPTIONAL,
        type_name=".gemini_wire_tests.ErrorStatus",
        json_name="error",
    )
    return f


@cache
def pool(dialect: str) -> descriptor_pool.DescriptorPool:
    fds = descriptor_pb2.FileDescriptorSet.FromString(
        (ROOT / "codegen" / "upstream" / f"{dialects.canonical(dialect)}.binpb").read_bytes()
    )
    p = descriptor_pool.DescriptorPool()
    for f in fds.file:
        p.Add(f)
    p.Add(_error_body_file())
    return p


@cache
def message_class(dialect: str, root: str) -> Any:
    full = "gemini_wire_tests.ErrorBody" if root == ERROR else f"{PACKAGES[dialects.canonical(dialect)]}.{root}"
    return message_factory.GetMessageClass(pool(dialect).FindMessageTypeByName(full))


def oracle_verdict(dialect: str, root: str, text: str) -> Verdict:
    """protobuf's verdict: unknown fields are errors in a request and ignored elsewhere."""
    try:
        json_format.Parse(
            text,
            message_class(dialect, root)(),
            ignore_unknown_fields=root != REQUEST,
            descriptor_pool=pool(dialect),
        )
    except Exception as e:  # json_format lets a TypeError through here and there
        return Verdict(False, f"{type(e).__name__}: {e}"[:600])
    return Verdict(True)


@cache
def validator(dialect: str, root: str, canonical: bool = False) -> jsonschema.Draft202012Validator:
    schema = json.loads(
        (ROOT / "schema" / dialects.canonical(dialect) / f"{'canonical' if canonical else root}.json").read_text()
    )
    if canonical:  # the root's own definition, rather than the anyOf of the three roots
        schema = {k: v for k, v in schema.items() if k != "anyOf"} | {"$ref": f"#/$defs/{root}"}
    return jsonschema.Draft202012Validator(schema)  # metaschema validity: test_schema.py


def schema_verdict(dialect: str, root: str, payload: Any, *, canonical: bool = False) -> Verdict:
    """jsonschema's verdict; the error it finds most relevant is looked for (every error of the
    payload) only when a message shows it: is_valid stops at the first one."""
    v = validator(dialect, root, canonical)
    if v.is_valid(payload):
        return Verdict(True)

    def why() -> str:
        error = jsonschema.exceptions.best_match(v.iter_errors(payload))
        return f"{error.json_path}: {error.message}"[:600] if error is not None else ""

    return Verdict(False, why=why)


# --------------------------------------------------------------------------- walking a payload

Seg = str | int


@dataclass(frozen=True)
class Slot:
    """A field of one message object: present under `key`, or absent (then `key` is the json
    name). `create` lists the objects to make first, when the object itself is new: (key,
    is_list, message) from the deepest existing object down to `path`."""

    path: tuple[Seg, ...]
    message: str
    field: FieldSpec
    key: str
    present: bool
    create: tuple[tuple[str, bool, str], ...] = ()


@dataclass
class Mutated:
    mutation: str
    variant: str
    payload: Any
    message: str = ""
    field: FieldSpec | None = None
    where: str = ""
    raw: str | None = None  # the JSON text, when a dict cannot say it
    dialect: str = ""  # set by draw_mutated

    @property
    def text(self) -> str:
        return self.raw if self.raw is not None else dumps(self.payload)

    def __str__(self) -> str:
        return f"{self.mutation}/{self.variant} at {self.where or '$'} ({self.message})"


def objects(
    value: Any, tbl: Table, name: str, path: tuple[Seg, ...] = ()
) -> list[tuple[tuple[Seg, ...], str]]:
    """Every message object in a payload (path, message name); Struct and Value data are not entered."""
    out: list[tuple[tuple[Seg, ...], str]] = []
    if not isinstance(value, dict):
        return out
    out.append((path, name))
    spec = tbl.messages[name]
    for key, item in value.items():
        f = spec.by_key.get(key)
        if f is None or f.kind != "message" or item is None:
            continue
        assert f.target is not None
        if f.is_map and isinstance(item, dict):
            for k, v in item.items():
                out += objects(v, tbl, f.target, (*path, key, k))
        elif f.repeated and isinstance(item, list):
            for i, v in enumerate(item):
                out += objects(v, tbl, f.target, (*path, key, i))
        elif not f.repeated and not f.is_map:
            out += objects(item, tbl, f.target, (*path, key))
    return out


def resolve(payload: Any, path: tuple[Seg, ...]) -> Any:
    for seg in path:
        payload = payload[seg]
    return payload


def where(path: tuple[Seg, ...], key: str | None = None) -> str:
    out = ""
    for seg in (*path, key) if key is not None else path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out


def bounded(tbl: Table, message: str, f: FieldSpec) -> bool:
    """A field with a documented limit or in a cross-field rule: never added on the way."""
    if (message, f.json_name) in tbl.limits:
        return True
    return any(
        r.get("message") == message and f.json_name in (r.get("field"), r.get("other")) for r in tbl.rules
    )


def addable(tbl: Table, message: str, obj: dict[str, Any], f: FieldSpec) -> bool:
    """Whether `f` can be added to `obj` without breaking another rule on the way."""
    spec = tbl.messages[message]
    if f.json_name in obj or f.proto_name in obj or bounded(tbl, message, f):
        return False
    if f.oneof is not None:
        present = {spec.by_key[k].oneof for k, v in obj.items() if k in spec.by_key and v is not None}
        if f.oneof in present:
            return False
    return True


Pred = Callable[[FieldSpec], bool]


def slots(
    payload: Any, tbl: Table, root: str, pred: Pred, *, absent: bool = True, reach: int = 2
) -> list[Slot]:
    """The places for a field mutation: fields matching `pred`, present or (with `absent`)
    addable to an existing object; failing both, addable to new objects made on the way, at
    most `reach` levels below an existing one."""
    found: list[Slot] = []
    places = objects(payload, tbl, root)
    for path, name in places:
        obj = resolve(payload, path)
        for key in obj:
            f = tbl.messages[name].by_key.get(key)
            if f is not None and pred(f):
                found.append(Slot(path, name, f, key, True))
        if absent:
            for f in tbl.messages[name].fields:
                if pred(f) and addable(tbl, name, obj, f):
                    found.append(Slot(path, name, f, f.json_name, False))
    if found or not absent:
        return found
    request = root == REQUEST
    for path, name in places:
        frontier: list[tuple[tuple[Seg, ...], str, dict[str, Any], tuple[tuple[str, bool, str], ...]]] = [
            (path, name, resolve(payload, path), ())
        ]
        for _ in range(reach):
            nxt = []
            for p, n, obj, create in frontier:
                for f in tbl.messages[n].fields:
                    if f.kind != "message" or f.is_map or not addable(tbl, n, obj, f):
                        continue
                    assert f.target is not None
                    q = (*p, f.json_name, 0) if f.repeated else (*p, f.json_name)
                    made = (*create, (f.json_name, f.repeated, f.target))
                    seed = new_object(f.target, request)
                    nxt.append((q, f.target, seed, made))
                    found += [
                        Slot(q, f.target, g, g.json_name, False, made)
                        for g in tbl.messages[f.target].fields
                        if pred(g) and addable(tbl, f.target, seed, g)
                    ]
            frontier = nxt
    return found


def reachable(tbl: Table, root: str) -> set[str]:
    """The messages that can occur in a payload of `root` (Any details are opaque)."""
    seen, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [f.target for f in tbl.messages[name].fields if f.kind == "message" and f.target]
    return seen


def new_object(message: str, request: bool) -> dict[str, Any]:
    """A new valid object made on the way to a slot: `{}`, but a request Part needs its data."""
    return {"text": "x"} if request and message == "Part" else {}


def make_room(payload: Any, s: Slot, request: bool) -> dict[str, Any]:
    """The object that holds the slot's field, after creating the new objects on the way."""
    base = s.path
    for _key, is_list, _name in s.create:
        base = base[:-2] if is_list else base[:-1]
    obj = resolve(payload, base)
    for key, is_list, name in s.create:
        made = new_object(name, request)
        obj[key] = [made] if is_list else made
        obj = made
    return obj


# --------------------------------------------------------------------------- valid values


def scalar_values(kind: str) -> st.SearchStrategy[Any]:
    """Valid canonical JSON for one element of a scalar or data field (free of documented limits)."""
    return {
        "int32": st.integers(-1000, 1000),
        "uint32": st.integers(0, 1000),
        "int64": st.integers(-(2**40), 2**40),
        "uint64": st.integers(0, 2**40),
        "float": st.floats(-100, 100, width=32),
        "double": st.floats(-100, 100),
        "bool": st.booleans(),
        "string": st.text(max_size=6),
        "bytes": st.binary(max_size=9).map(lambda b: base64.b64encode(b).decode()),
        "duration": st.sampled_from(["0s", "1.5s", "90s", "3.000000001s"]),
        "timestamp": st.sampled_from(["2024-01-31T12:00:00Z", "2025-06-01T00:00:00.5+02:00"]),
        "struct": st.just({"a": [1, "x", None]}),
        "value": st.sampled_from([1, "x", None, {"k": True}, [1.5]]),
        "list": st.just([1, "x"]),
        "any": st.just({"@type": "type.googleapis.com/google.rpc.DebugInfo", "detail": "d"}),
    }[kind]


def element_values(tbl: Table, f: FieldSpec, request: bool) -> st.SearchStrategy[Any]:
    """Valid canonical JSON for one element (one list item, one map value) of a field."""
    if f.kind == "message":
        assert f.target is not None
        return gws.payloads(tbl.dialect, f.target, request=request, max_depth=2)  # type: ignore[arg-type]
    if f.kind == "enum":
        assert f.target is not None
        return st.sampled_from(sorted(tbl.enums[f.target].names))
    return scalar_values(f.kind)


def field_values(tbl: Table, f: FieldSpec, request: bool) -> st.SearchStrategy[Any]:
    item = element_values(tbl, f, request)
    if f.is_map:
        return st.dictionaries(st.sampled_from(["k", "k2"]), item, min_size=1, max_size=2)
    if f.repeated:
        return st.lists(item, min_size=1, max_size=2)
    return item


def put(obj: dict[str, Any], s: Slot, value: Any) -> str:
    """Set one element of the slot's field (the value itself for a singular field) to `value`;
    returns where it went."""
    f, here = s.field, where(s.path, s.key)
    current = obj.get(s.key)
    if f.is_map:
        k = next(iter(current)) if isinstance(current, dict) and current else "k"
        obj[s.key] = {**(current if isinstance(current, dict) else {}), k: value}
        return f"{here}[{k!r}]"
    if f.repeated:
        items = list(current) if isinstance(current, list) and current else [None]
        items[0] = value
        obj[s.key] = items
        return f"{here}[0]"
    obj[s.key] = value
    return here


def current(obj: dict[str, Any], s: Slot) -> Any:
    """The slot's first element now (None when absent)."""
    v = obj.get(s.key)
    if s.field.is_map:
        return next(iter(v.values())) if isinstance(v, dict) and v else None
    if s.field.repeated:
        return v[0] if isinstance(v, list) and v else None
    return v


# --------------------------------------------------------------------------- mutations


@dataclass(frozen=True)
class Mutation:
    name: str
    build: Callable[[Any, Table, str], st.SearchStrategy[Mutated | None]]
    applies: Callable[[Table, str], bool]  # whether some payload of this root has a place for it


MUTATIONS: dict[str, Mutation] = {}


def kinds_reachable(*kinds: str) -> Callable[[Table, str], bool]:
    def applies(tbl: Table, root: str) -> bool:
        return any(f.kind in kinds for name in reachable(tbl, root) for f in tbl.messages[name].fields)

    return applies


def always(tbl: Table, root: str) -> bool:
    return True


def mutation(
    name: str, applies: Callable[[Table, str], bool] = always
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        MUTATIONS[name] = Mutation(name, fn, applies)
        return fn

    return register


ChangeFn = Callable[[dict[str, Any], Slot, Any], "tuple[str, str | None] | str"]


def at_slot(
    payload: Any, root: str, name: str, candidates: list[Slot], change: ChangeFn
) -> st.SearchStrategy[Mutated | None]:
    """Pick one of the candidate slots and apply `change(obj, slot, draw)` to a copy of the
    payload there; `change` returns the variant (and optionally where it wrote)."""
    if not candidates:
        return st.just(None)

    @st.composite
    def build(draw: st.DrawFn) -> Mutated:
        s = draw(st.sampled_from(candidates))
        new = copy.deepcopy(payload)
        obj = make_room(new, s, root == REQUEST)
        out = change(obj, s, draw)
        variant, at = out if isinstance(out, tuple) else (out, None)
        return Mutated(name, variant, new, s.message, s.field, at or where(s.path, s.key))

    return build()


def other_spelling(f: FieldSpec) -> bool:
    return f.proto_name != f.json_name


@mutation(
    "snake_case",
    lambda tbl, root: any(other_spelling(f) for n in reachable(tbl, root) for f in tbl.messages[n].fields),
)
def snake_case(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A present camelCase key renamed to its proto (snake_case) name, in place."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> str:
        items = [(s.field.proto_name if k == s.key else k, v) for k, v in obj.items()]
        obj.clear()
        obj.update(items)
        return "proto_name"

    cands = [s for s in slots(payload, tbl, root, other_spelling, absent=False) if s.key == s.field.json_name]
    return at_slot(payload, root, "snake_case", cands, change)


@mutation("both_spellings", MUTATIONS["snake_case"].applies)
def both_spellings(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A present field given again under its snake_case name (same value, or null)."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> str:
        variant = draw(st.sampled_from(["same_value", "second_null"]))
        obj[s.field.proto_name] = copy.deepcopy(obj[s.key]) if variant == "same_value" else None
        return variant

    cands = [s for s in slots(payload, tbl, root, other_spelling, absent=False) if s.key == s.field.json_name]
    return at_slot(payload, root, "both_spellings", cands, change)


@mutation("duplicate_key")
def duplicate_key(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """The same key twice in one JSON object (same spelling), with another valid value."""
    request = root == REQUEST

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> str:
        variant = draw(st.sampled_from(["same_value", "other_value"]))
        value = (
            copy.deepcopy(obj[s.key])
            if variant == "same_value"
            else draw(field_values(tbl, s.field, request))
        )
        obj[DUP + s.key] = value
        return variant

    cands = [s for s in slots(payload, tbl, root, lambda f: True, absent=False) if obj_has_value(payload, s)]
    return at_slot(payload, root, "duplicate_key", cands, change)


def obj_has_value(payload: Any, s: Slot) -> bool:
    return resolve(payload, s.path).get(s.key) is not None


UNKNOWN_KEYS = {
    "made_up": "notAFieldOfThis",
    "made_up_snake": "not_a_field_of_this",
    "extension_like": "[ext.not_a_field]",
}


@mutation("unknown_key")
def unknown_key(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A key that is no field of the object's message: made up, a near miss of a real name
    (capitalised, plural), or shaped like a protobuf extension ("[a.b]")."""
    places = objects(payload, tbl, root)

    @st.composite
    def build(draw: st.DrawFn) -> Mutated | None:
        path, name = draw(st.sampled_from(places))
        spec = tbl.messages[name]
        variant = draw(st.sampled_from([*UNKNOWN_KEYS, "near_miss"]))
        if variant == "near_miss":
            if not spec.fields:
                return None
            f = draw(st.sampled_from(spec.fields))
            key = draw(st.sampled_from([f.json_name[:1].upper() + f.json_name[1:], f.json_name + "s"]))
        else:
            key = UNKNOWN_KEYS[variant]
        if key in spec.by_key:
            return None
        new = copy.deepcopy(payload)
        resolve(new, path)[key] = draw(st.sampled_from([1, "x", True, {}, [], {"a": 1}]))
        return Mutated("unknown_key", variant, new, name, None, where(path, key))

    return build() if places else st.just(None)


WRONG = {
    "text": "text",
    "number": 7,
    "float": 1.5,
    "true": True,
    "object": {"a": 1},
    "list": ["a"],
    "empty_list": [],
    "empty_string": "",
    "empty_object": {},
    "type_not_string": {"@type": 5},
}
WRONG_FOR_KIND = {
    "message": ["text", "empty_string", "number", "true", "list", "empty_list"],
    "enum": ["float", "object", "list"],
    "string": ["number", "true", "object", "list"],
    "bool": ["text", "number", "object"],
    "int32": ["true", "object", "list", "text", "float"],
    "uint32": ["true", "object", "list", "text", "float"],
    "int64": ["true", "object", "list", "text", "float"],
    "uint64": ["true", "object", "list", "text", "float"],
    "float": ["true", "object", "list", "text"],
    "double": ["true", "object", "list", "text"],
    "bytes": ["number", "true", "object", "list"],
    "duration": ["number", "true", "object", "list"],
    "timestamp": ["number", "true", "object", "list"],
    "struct": ["text", "number", "list"],
    "any": ["text", "number", "list", "object", "empty_object", "type_not_string"],
    "list": ["text", "number", "object"],
    "value": [],  # a Value takes every JSON value
}


@mutation("wrong_type")
def wrong_type(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A value of a JSON type that the field does not take (for a list or map: a scalar for the
    whole field, or a wrong element)."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str | None]:
        names = WRONG_FOR_KIND[s.field.kind]
        if s.field.is_map or s.field.repeated:
            options = [("scalar_for_list", "text"), ("number_for_list", 7)] + [
                ("element_" + n, WRONG[n]) for n in names if n != "list"
            ]
            variant, value = draw(st.sampled_from(options))
            if variant.startswith("element_"):
                return variant, put(obj, s, value)
            obj[s.key] = value
            return variant, None
        variant = draw(st.sampled_from(names))
        obj[s.key] = WRONG[variant]
        return variant, None

    return at_slot(
        payload, root, "wrong_type", slots(payload, tbl, root, lambda f: bool(WRONG_FOR_KIND[f.kind])), change
    )


def oneof_groups(tbl: Table, name: str) -> list[str]:
    fields = tbl.messages[name].fields
    return sorted({f.oneof for f in fields if f.oneof and sum(g.oneof == f.oneof for g in fields) >= 2})


@mutation("oneof_two", lambda tbl, root: any(oneof_groups(tbl, n) for n in reachable(tbl, root)))
def oneof_two(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """Two members of one oneof group set in the same object."""
    places = [(p, n, g) for p, n in objects(payload, tbl, root) for g in oneof_groups(tbl, n)]
    if not places:  # make an object that has a oneof
        found = slots(
            payload,
            tbl,
            root,
            lambda f: f.kind == "message" and bool(f.target and oneof_groups(tbl, f.target)),
        )
        if not found:
            return st.just(None)
        request = root == REQUEST

        @st.composite
        def build_new(draw: st.DrawFn) -> Mutated:
            s = draw(st.sampled_from(found))
            assert s.field.target is not None
            group = draw(st.sampled_from(oneof_groups(tbl, s.field.target)))
            members = [f for f in tbl.messages[s.field.target].fields if f.oneof == group]
            a, b = draw(st.permutations(members))[:2]
            new = copy.deepcopy(payload)
            obj = make_room(new, s, request)
            value = {
                a.json_name: draw(field_values(tbl, a, request)),
                b.json_name: draw(field_values(tbl, b, request)),
            }
            at = put(obj, s, value)
            return Mutated("oneof_two", "two_members_new_object", new, s.field.target, b, at)

        return build_new()

    @st.composite
    def build(draw: st.DrawFn) -> Mutated:
        path, name, group = draw(st.sampled_from(places))
        members = [f for f in tbl.messages[name].fields if f.oneof == group]
        a, b = draw(st.permutations(members))[:2]
        new = copy.deepcopy(payload)
        obj = resolve(new, path)
        for f in (a, b):
            if f.json_name not in obj and f.proto_name not in obj:
                obj[f.json_name] = draw(field_values(tbl, f, root == REQUEST))
        return Mutated("oneof_two", "two_members", new, name, b, where(path, b.json_name))

    return build()


def is_enum(f: FieldSpec) -> bool:
    return f.kind == "enum"


@mutation("bad_enum_name", kinds_reachable("enum"))
def bad_enum_name(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """An enum given a name that is none of its values: made up, empty, or a real one in lower case."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        assert s.field.target is not None
        variant = draw(st.sampled_from(["made_up", "empty", "lower_case"]))
        real = draw(st.sampled_from(sorted(tbl.enums[s.field.target].names)))
        return variant, put(
            obj, s, {"made_up": "NOT_A_VALUE", "empty": "", "lower_case": real.lower()}[variant]
        )

    return at_slot(payload, root, "bad_enum_name", slots(payload, tbl, root, is_enum), change)


@mutation("schema_type_lower_case", lambda tbl, root: "Schema" in reachable(tbl, root))
def schema_type_lower_case(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """Schema.type in lower case ("object"), as many clients write it."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        assert s.field.target is not None
        real = draw(st.sampled_from(sorted(tbl.enums[s.field.target].names)))
        return "lower_case", put(obj, s, real.lower())

    cands = [
        s
        for s in slots(payload, tbl, root, is_enum, reach=3)
        if s.message == "Schema" and s.field.json_name == "type"
    ]
    if not cands:
        cands = [
            s
            for s in slots(
                payload, tbl, root, lambda f: f.kind == "enum" and f.target == "Type", absent=False, reach=0
            )
        ]
    return at_slot(payload, root, "schema_type_lower_case", cands, change)


@mutation("enum_number", kinds_reachable("enum"))
def enum_number(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """An enum given as its number (JSON number or decimal string); also a number that is no
    value of the enum, and true/false."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        assert s.field.target is not None
        e = tbl.enums[s.field.target]
        numbers = {n: num for num, n in e.by_number.items()}
        name = current(obj, s)
        number = numbers[name] if name in numbers else draw(st.sampled_from(sorted(e.by_number)))
        variant = draw(st.sampled_from(["number", "decimal_string", "unknown_number", "bool"]))
        value = {
            "number": number,
            "decimal_string": str(number),
            "unknown_number": max(e.by_number) + 1000,
            "bool": draw(st.booleans()),
        }[variant]
        return variant, put(obj, s, value)

    def numbered(f: FieldSpec) -> bool:
        # An enum that the SDK adds comes without numbers: only its names travel.
        return is_enum(f) and bool(tbl.enums[f.target or ""].by_number)

    return at_slot(payload, root, "enum_number", slots(payload, tbl, root, numbered), change)


INT32 = {"int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1)}


@mutation("int32_string", kinds_reachable("int32", "uint32"))
def int32_string(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A 32-bit integer written as a decimal string; also one out of range."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        cur = current(obj, s)
        n = cur if isinstance(cur, int) and not isinstance(cur, bool) else draw(scalar_values(s.field.kind))
        variant = draw(st.sampled_from(["decimal", "decimal", "out_of_range"]))
        return variant, put(obj, s, str(n) if variant == "decimal" else str(INT32[s.field.kind][1] + 1))

    return at_slot(
        payload, root, "int32_string", slots(payload, tbl, root, lambda f: f.kind in INT32), change
    )


@mutation("int64_string", kinds_reachable("int64", "uint64"))
def int64_string(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A 64-bit integer written as a string, as proto3 JSON writes it, instead of a number (also
    as 1000.0)."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        cur = current(obj, s)
        n = cur if isinstance(cur, int) and not isinstance(cur, bool) else int(draw(scalar_values(s.field.kind)))
        variant = draw(st.sampled_from(["string", "integral_float"]))
        return variant, put(obj, s, str(n) if variant == "string" else 1000.0)

    return at_slot(
        payload,
        root,
        "int64_string",
        slots(payload, tbl, root, lambda f: f.kind in ("int64", "uint64")),
        change,
    )


def base64_variants(raw: bytes) -> dict[str, str]:
    std = base64.b64encode(raw).decode()
    url = base64.urlsafe_b64encode(raw).decode()
    return {
        "url_safe": url,
        "unpadded": std.rstrip("="),
        "url_safe_unpadded": url.rstrip("="),
        "invalid_character": std[:1] + "!" + std[1:],
        "line_break": std[:4] + "\n" + std[4:],
    }


@mutation("base64", kinds_reachable("bytes"))
def base64_variant(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """bytes in the URL-safe alphabet, without padding, or with a character outside base64."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        # Bytes whose encoding has '+', '/' and padding, so that every variant changes something.
        raw = draw(st.binary(max_size=6)) + b"\xfb\xff\xbf" + draw(st.sampled_from([b"a", b"ab"]))
        variant, value = draw(st.sampled_from(sorted(base64_variants(raw).items())))
        return variant, put(obj, s, value)

    return at_slot(payload, root, "base64", slots(payload, tbl, root, lambda f: f.kind == "bytes"), change)


@mutation("duration_object", kinds_reachable("duration"))
def duration_object(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A Duration written as an object {"seconds": ..., "nanos": ...} instead of "1.5s"."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        variant = draw(st.sampled_from(["seconds", "seconds_nanos"]))
        value: dict[str, Any] = {"seconds": draw(st.integers(0, 3600))}
        if variant == "seconds_nanos":
            value["nanos"] = draw(st.integers(1, 999_999_999))
        return variant, put(obj, s, value)

    return at_slot(
        payload,
        root,
        "duration_object",
        slots(payload, tbl, root, lambda f: f.kind == "duration", reach=4),
        change,
    )


@mutation("null")
def null(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """null for a present field (proto3 JSON: not set), or null as an element of a list."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str | None]:
        options = ["field"]
        if s.field.repeated and not s.field.is_map and isinstance(obj[s.key], list) and obj[s.key]:
            options.append("list_element")
        variant = draw(st.sampled_from(options))
        if variant == "field":
            obj[s.key] = None
            return variant, None
        return variant, put(obj, s, None)

    cands = [s for s in slots(payload, tbl, root, lambda f: True, absent=False) if obj_has_value(payload, s)]
    return at_slot(payload, root, "null", cands, change)


def is_float(f: FieldSpec) -> bool:
    return f.kind in ("float", "double")


@mutation("float_special", kinds_reachable("float", "double"))
def float_special(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A float or double written as "NaN", "Infinity" or "-Infinity", or as a decimal string."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        variant = draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "decimal_string"]))
        cur = current(obj, s)
        value = (
            variant
            if variant != "decimal_string"
            else repr(float(cur if isinstance(cur, (int, float)) else 0.5))
        )
        return variant, put(obj, s, value)

    return at_slot(payload, root, "float_special", slots(payload, tbl, root, is_float), change)


PYTHON_SPELLINGS = {
    "int": ["+5", "1_000", "5.0", "1e2", "\uff15"],  # "\uff15": FULLWIDTH DIGIT FIVE
    "float": ["inf", "-infinity", "1_0", " 1", "+1.5", "nan"],
}
NUMBER_KINDS = ("int32", "uint32", "int64", "uint64", "float", "double")


@mutation("python_number", kinds_reachable(*NUMBER_KINDS))
def python_number(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A number in a string that Python's int()/float() read but proto3 JSON does not define."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        family = "float" if is_float(s.field) else "int"
        value = draw(st.sampled_from(PYTHON_SPELLINGS[family]))
        return f"{family}:{value!r}", put(obj, s, value)

    return at_slot(
        payload, root, "python_number", slots(payload, tbl, root, lambda f: f.kind in NUMBER_KINDS), change
    )


FLOAT32_MAX = 3.4028234663852886e38


@mutation("float32_range", kinds_reachable("float"))
def float32_range(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A 32-bit float beyond its range (about 3.4e38), as a JSON number or a string."""

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        variant = draw(st.sampled_from(["number_above", "number_below", "string_above"]))
        value = {"number_above": 3.5e38, "number_below": -3.5e38, "string_above": "1e39"}[variant]
        return variant, put(obj, s, value)

    return at_slot(
        payload, root, "float32_range", slots(payload, tbl, root, lambda f: f.kind == "float"), change
    )


LINE_BREAK_KINDS = ("int32", "uint32", "int64", "uint64", "float", "double", "bytes", "duration", "timestamp")


@mutation("trailing_line_break", kinds_reachable(*LINE_BREAK_KINDS))
def trailing_line_break(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A value written as a string (a number, base64, a Duration, a Timestamp) with a line break
    at the end: Python's regular expressions let `$` match before it."""
    request = root == REQUEST

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> tuple[str, str]:
        cur = current(obj, s)
        if cur is None or isinstance(cur, dict):
            cur = draw(element_values(tbl, s.field, request))
        return s.field.kind, put(obj, s, f"{cur}\n")

    return at_slot(
        payload,
        root,
        "trailing_line_break",
        slots(payload, tbl, root, lambda f: f.kind in LINE_BREAK_KINDS),
        change,
    )


def message_list(f: FieldSpec) -> bool:
    return f.kind == "message" and f.repeated and not f.is_map


@mutation(
    "single_object",
    lambda tbl, root: any(message_list(f) for n in reachable(tbl, root) for f in tbl.messages[n].fields),
)
def single_object(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A list of messages given as its one object, not in [ ] (a server leniency, DESIGN section 3)."""
    request = root == REQUEST

    def change(obj: dict[str, Any], s: Slot, draw: Any) -> str:
        cur = obj.get(s.key)
        if isinstance(cur, list) and cur:
            obj[s.key] = cur[0]
            return "first_element"
        obj[s.key] = draw(element_values(tbl, s.field, request))
        return "new_object"

    def fits(s: Slot) -> bool:
        cur = resolve(payload, s.path).get(s.key) if not s.create else None
        return (isinstance(cur, list) and len(cur) == 1) or (
            not s.present and not (request and s.field.target == "Part")
        )

    return at_slot(
        payload,
        root,
        "single_object",
        [s for s in slots(payload, tbl, root, message_list) if fits(s)],
        change,
    )


@mutation("part_without_data", lambda tbl, root: root == REQUEST)
def part_without_data(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A request Part without its data member: `{}`, only side fields, or the member null."""
    places = [(p, n) for p, n in objects(payload, tbl, root) if n == "Part"]
    if not places:
        return st.just(None)

    @st.composite
    def build(draw: st.DrawFn) -> Mutated:
        path, name = draw(st.sampled_from(places))
        new = copy.deepcopy(payload)
        obj = resolve(new, path)
        spec = tbl.messages[name]
        data = [k for k in obj if k in spec.by_key and spec.by_key[k].oneof == "data"]
        variant = draw(st.sampled_from(["empty", "side_fields_only", "data_null"]))
        if variant == "empty":
            obj.clear()
        elif variant == "side_fields_only":
            for k in data:
                del obj[k]
            obj["thought"] = True
        else:
            for k in data:
                obj[k] = None
        return Mutated("part_without_data", variant, new, name, None, where(path))

    return build()


@mutation("limit", lambda tbl, root: bool({"GenerationConfig", "VideoMetadata"} & reachable(tbl, root)))
def limit(payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    """A documented limit broken (codegen/limits.toml): more than 5 stopSequences, logprobs out
    of range or without responseLogprobs, fps outside (0, 24]."""
    pred = lambda f: f.kind == "message" and f.target in ("GenerationConfig", "VideoMetadata")  # noqa: E731
    holders = [s for s in slots(payload, tbl, root, pred, reach=3) if not s.present]
    existing = [(p, n) for p, n in objects(payload, tbl, root) if n in ("GenerationConfig", "VideoMetadata")]
    if not holders and not existing:
        return st.just(None)
    lo = tbl.limits[("GenerationConfig", "logprobs")][0].keywords["minimum"]

    @st.composite
    def build(draw: st.DrawFn) -> Mutated:
        new = copy.deepcopy(payload)
        if existing and (not holders or draw(st.booleans())):
            path, name = draw(st.sampled_from(existing))
            obj = resolve(new, path)
        else:
            s = draw(st.sampled_from(holders))
            assert s.field.target is not None
            parent = make_room(new, s, root == REQUEST)
            put(parent, s, {})
            obj, name = current(parent, s), s.field.target
            path = (*s.path, s.key, 0) if s.field.repeated else (*s.path, s.key)
        spec = tbl.messages[name]
        for f in spec.fields:  # one spelling only
            if f.proto_name in obj and f.proto_name != f.json_name:
                obj[f.json_name] = obj.pop(f.proto_name)
        if name == "VideoMetadata":
            variant = draw(st.sampled_from(["fps_zero", "fps_above_24", "fps_negative"]))
            obj["fps"] = {"fps_zero": 0, "fps_above_24": 24.5, "fps_negative": -1.0}[variant]
            key = "fps"
        else:
            variant = draw(
                st.sampled_from(
                    [
                        "six_stop_sequences",
                        "logprobs_above_20",
                        "logprobs_below_min",
                        "logprobs_without_flag",
                        "logprobs_string_above_20",
                    ]
                )
            )
            key = "stopSequences" if variant == "six_stop_sequences" else "logprobs"
            if variant == "six_stop_sequences":
                obj["stopSequences"] = [f"s{i}" for i in range(6)]
            elif variant == "logprobs_without_flag":
                obj["logprobs"] = draw(st.integers(max(lo, 1), 20))
                obj.pop("responseLogprobs", None)
            else:
                obj["logprobs"] = {"logprobs_above_20": 21, "logprobs_string_above_20": "21"}.get(
                    variant, lo - 1
                )
                obj["responseLogprobs"] = True
        return Mutated("limit", variant, new, name, spec.by_key[key], where(path, key))

    return build()


def mutate(name: str, payload: Any, tbl: Table, root: str) -> st.SearchStrategy[Mutated | None]:
    return MUTATIONS[name].build(payload, tbl, root)


DEPTH = 4  # of generated payloads: deep enough for every message, small enough to stay fast


def draw_mutated(data: st.DataObject, name: str, dialect: str, root: str) -> Mutated | None:
    """A generated payload of `root` with mutation `name` applied, or None when it has no place."""
    payload = data.draw(gws.payloads(dialect, root, max_depth=DEPTH), label="payload")  # type: ignore[arg-type]
    mutated: Mutated | None = data.draw(mutate(name, payload, table(dialect), root), label="mutated")
    return None if mutated is None else dataclasses.replace(mutated, dialect=dialect)


def under_added(m: Mutated, root: str) -> bool:
    """Whether the mutated place is inside, or is, a field that the dialect's protos lack."""
    tbl = table(m.dialect)
    message: str | None = root
    for key in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", m.where):
        spec = tbl.messages.get(message or "")
        f = spec.by_key.get(key) if spec else None
        if f is None:
            return False
        if f.json_name in tbl.added.get(spec.name, {}):  # type: ignore[union-attr]
            return True
        message = f.target if f.kind == "message" else None
    return m.field is not None and m.field.json_name in tbl.added.get(m.message, {})


def cases() -> list[tuple[str, str, str]]:
    """(mutation, dialect, root) for every mutation that has a place in some payload of the root."""
    return [
        (name, d, root)
        for name, m in MUTATIONS.items()
        for d in DIALECTS
        for root in ROOTS
        if m.applies(table(d), root)
    ]


# --------------------------------------------------------------------------- the slow path


def force_slow_path(payload: Any, tbl: Table, root: str) -> Any:
    """The payload with one more field set to null (proto3 JSON: not set). The codec's fast path
    refuses null, so this sends the same content down the slow path; None if there is no room."""
    for s in slots(payload, tbl, root, lambda f: True, reach=0):
        if not s.present:
            new = copy.deepcopy(payload)
            resolve(new, s.path)[s.key] = None
            return new
    return None


# --------------------------------------------------------------------------- known differences


@cache
def difference_rows() -> dict[str, str]:
    """Row id -> row text, from the tables of docs/differences.md (first cell `**P1**` etc.)."""
    rows = {}
    for line in (ROOT / "docs" / "differences.md").read_text().splitlines():
        m = re.match(r"\|\s*\*\*([A-Z][0-9]+)\*\*", line)
        if m:
            rows[m.group(1)] = line
    return rows


# The error-detail (google.protobuf.Any) values of `wrong_type` that are JSON objects: an Any is
# any JSON object for the codec (P9), so these are kept as data.
ANY_OBJECTS = {"object", "empty_object", "type_not_string"}


def _any_object(m: Mutated) -> bool:
    return (
        m.mutation == "wrong_type"
        and m.field is not None
        and m.field.kind == "any"
        and m.variant.removeprefix("element_") in ANY_OBJECTS
    )


NO_FIELD = re.compile(r'has no field named "([^"]+)"')


def added_field_refused(oracle: Verdict) -> bool:
    """protobuf refused a field that the protos lack and a dialect takes from the SDK (P13)."""
    found = NO_FIELD.search(oracle.detail)
    return found is not None and (found[1] in ADDED or found[1] in map(snake, ADDED))


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def expected_difference(m: Mutated, root: str, oracle: Verdict, ours: Verdict) -> str | None:
    """The row of docs/differences.md (table 1: protobuf json_format vs gemini-wire) that explains
    why protobuf and the codec disagree on this payload, or None if no row does."""
    if oracle.accepted == ours.accepted:
        return None
    request = root == REQUEST
    kind = m.field.kind if m.field is not None else None
    v = m.variant
    if oracle.accepted:  # we reject what protobuf takes
        codes = ours.codes
        if not request and m.dialect and under_added(m, root):
            return "P13"  # protobuf ignores a field that its protos lack, as unknown, in a response
        if request and codes and codes <= LIMIT_CODES:
            return "P1"  # (responses and error bodies are never refused for a limit)
        if request and codes == {PART_NEEDS_DATA}:
            return "P2"
        if m.mutation == "both_spellings" and codes == {"GW103"}:
            return "P4"
        if codes == {"GW104"} and m.mutation == "oneof_two" and any(f"`{k}`" in ours.detail for k in ADDED):
            return "P13"  # protobuf ignores the added member of a response's oneof as unknown
        if (
            codes == {"GW105"}
            and kind == "enum"
            and (
                (m.mutation == "enum_number" and (v == "bool" or (v == "unknown_number" and request)))
                or (m.mutation == "wrong_type" and v in ("float", "element_float"))
            )
        ):
            return "P5"
        if codes == {"GW106"} and (
            (m.mutation == "base64" and v in ("invalid_character", "line_break"))
            or (m.mutation == "trailing_line_break" and kind == "bytes")
        ):
            return "P6"
        if codes == {"GW101"} and (
            m.mutation == "python_number"
            or (m.mutation == "trailing_line_break" and kind in NUMBER_KINDS)
            or (m.mutation == "wrong_type" and kind in ("float", "double") and v in ("true", "element_true"))
        ):
            return "P7"
        if codes == {"GW108"} and m.mutation == "trailing_line_break" and kind == "timestamp":
            return "P7"  # protobuf reads a UTC offset's minutes with int(), which skips the "\n"
        if (
            m.mutation == "wrong_type"
            and kind == "message"
            and "GW101" in codes
            and codes <= {"GW101", PART_NEEDS_DATA}
        ):
            return "P8"  # (a Part whose data member is refused also has no data)
    else:  # we take what protobuf rejects
        if m.mutation == "single_object" or m.mutation == "schema_type_lower_case":
            return "P3"
        if m.mutation == "bad_enum_name" and v == "lower_case" and request and kind == "enum":
            return "P3"
        if request and added_field_refused(oracle):
            return "P13"
        if root == ERROR and (m.mutation == "error_detail" or _any_object(m)):
            return "P9"
        if (
            m.mutation == "unknown_key"
            and v == "extension_like"
            and not request
            and "extensions" in oracle.detail
        ):
            return "P10"
        if m.mutation == "duplicate_key" and "duplicate key" in oracle.detail:
            return "P11"
        if m.mutation == "float32_range" and v.startswith("number") and "Float value too" in oracle.detail:
            return "P12"
    return None


# Mutations that write a number as a string (which the wire schema checks with a pattern only).
NUMBERS_AS_STRINGS = {
    ("int32_string", "out_of_range"),
    ("float_special", "NaN"),
    ("float_special", "Infinity"),
    ("float_special", "-Infinity"),
    ("float_special", "decimal_string"),
    ("float32_range", "string_above"),
    ("limit", "logprobs_string_above_20"),
}


def expected_schema_difference(m: Mutated, root: str, schema: Verdict, ours: Verdict) -> str | None:
    """The row of docs/differences.md (table 2: wire JSON Schema vs codec) that explains why
    jsonschema and the codec disagree on this payload, or None if no row does."""
    if schema.accepted == ours.accepted:
        return None
    if (
        schema.accepted
        and ours.codes
        and ours.codes <= {"GW109"} | LIMIT_CODES
        and (m.mutation, m.variant) in NUMBERS_AS_STRINGS
    ):
        return "S1"
    if schema.accepted and ours.codes == {"GW202"} and m.mutation == "inline_data_limit":
        return "S2"
    if (
        schema.accepted
        and ours.codes == {"GW106"}
        and m.mutation == "trailing_line_break"
        and m.variant == "bytes"  # the variant of this mutation is the kind of the field
    ):
        return "S3"
    return None


def expected_canonical_difference(m: Mutated, root: str, canonical: Verdict) -> str | None:
    """The row of docs/differences.md (the canonical table) that explains why
    `encode(decode(payload))` does not validate against canonical.json, or None."""
    if canonical.accepted:
        return None
    if m.mutation == "float_special" and m.variant in ("NaN", "Infinity", "-Infinity"):
        return "C1"
    if root != REQUEST and m.mutation in ("unknown_key", "bad_enum_name", "enum_number"):
        return "C2"
    if m.mutation == "bad_enum_name" and m.field is not None and m.field.target and sdk_only_enum(m.dialect, m.field.target):
        return "C3"
    return None


def sdk_only_enum(dialect: str, name: str) -> bool:
    """An enum that only the SDK names, without numbers: a request takes any name (GW105 warns)."""
    from gemini_wire import dialects

    return not dialects.dialect(dialect).codec.table.enums[name].by_number


# --------------------------------------------------------------------------- a final line break

# A value written as a string with a line break at the end, one per kind that the Structs and the
# schemas check with a pattern or a parser: (kind, root, dialects, JSON text, the codec's code).
# Both paths of the codec refuse every one, and so does the wire schema (the B8 fix: patterns end
# in `$(?!\n)`) except on bytes, whose pattern ends in a plain `$` (row S3); protobuf takes the
# numbers and the offset Timestamp (P7) and the bytes (P6).
_LB_REQUEST = '{"contents": [{"role": "user", "parts": [%s]}]%s}'
LINE_BREAK_CASES: list[tuple[str, str, tuple[str, ...], str, str]] = [
    (
        "duration",
        REQUEST,
        ("gemini", "vertex"),
        _LB_REQUEST % ('{"text": "x", "videoMetadata": {"startOffset": "1s\\n"}}', ""),
        "GW108",
    ),
    (
        "duration",
        REQUEST,
        ("gemini", "vertex"),
        _LB_REQUEST % ('{"text": "x", "videoMetadata": {"endOffset": "1.5s\\n"}}', ""),
        "GW108",
    ),
    (
        "int32",
        REQUEST,
        ("gemini", "vertex"),
        _LB_REQUEST % ('{"text": "x"}', ', "generationConfig": {"seed": "5\\n"}'),
        "GW101",
    ),
    (
        "int64",
        REQUEST,
        ("gemini", "vertex"),
        _LB_REQUEST
        % (
            '{"text": "x"}',
            ', "generationConfig": {"responseSchema": {"type": "STRING", "maxLength": "5\\n"}}',
        ),
        "GW101",
    ),
    (
        "float",
        REQUEST,
        ("gemini", "vertex"),
        _LB_REQUEST % ('{"text": "x"}', ', "generationConfig": {"temperature": "1.5\\n"}'),
        "GW101",
    ),
    (
        "double",
        REQUEST,
        ("gemini", "vertex"),
        _LB_REQUEST
        % ('{"text": "x"}', ', "toolConfig": {"retrievalConfig": {"latLng": {"latitude": "1.5\\n"}}}'),
        "GW101",
    ),
    (
        "bytes",
        REQUEST,
        ("gemini", "vertex"),
        _LB_REQUEST % ('{"text": "x", "thoughtSignature": "AAAA\\n"}', ""),
        "GW106",
    ),
    (
        "timestamp",
        REQUEST,
        ("gemini",),
        _LB_REQUEST
        % (
            '{"text": "x"}',
            ', "tools": [{"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-31T12:00:00Z\\n"}}}]',
        ),
        "GW108",
    ),
    (
        "timestamp",
        REQUEST,
        ("gemini",),
        _LB_REQUEST
        % (
            '{"text": "x"}',
            ', "tools": [{"googleSearch": {"timeRangeFilter": {"endTime": "2025-06-01T00:00:00+02:00\\n"}}}]',
        ),
        "GW108",
    ),
    ("timestamp", RESPONSE, ("vertex",), '{"createTime": "2025-01-31T12:00:00Z\\n"}', "GW108"),
    ("timestamp", RESPONSE, ("vertex",), '{"createTime": "2025-06-01T00:00:00.5+02:00\\n"}', "GW108"),
    ("int32", RESPONSE, ("gemini", "vertex"), '{"usageMetadata": {"promptTokenCount": "5\\n"}}', "GW101"),
    (
        "duration",
        RESPONSE,
        ("gemini", "vertex"),
        '{"candidates": [{"content": {"parts": [{"text": "x", "videoMetadata": {"startOffset": "1s\\n"}}]}}]}',
        "GW108",
    ),
    (
        "bytes",
        RESPONSE,
        ("gemini", "vertex"),
        '{"candidates": [{"content": {"parts": [{"thoughtSignature": "AAAA\\n"}]}}]}',
        "GW106",
    ),
    ("int32", ERROR, ("gemini", "vertex"), '{"error": {"code": "400\\n"}}', "GW101"),
]
