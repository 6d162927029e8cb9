"""The model of a dialect, built from its protos (codegen/upstream/<dialect>.binpb).

A dialect's messages and enums, each named for the class it becomes, the fields with their kind
(message, enum, map, a scalar kind of codec/kinds.py or a well-known type), and the roots: the
request, the response and the error body. codegen/sdk_additions.py adds to it what the SDK sends
and the protos lack; codegen/schemas.py and the field table are written from it.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

ROOT = Path(__file__).resolve().parent.parent
UPSTREAM = ROOT / "codegen" / "upstream"
SRC = ROOT / "src"
# dialect -> (API, endpoint version, proto package)
DIALECTS = {
    "gemini-v1beta": ("gemini", "v1beta", "google.ai.generativelanguage.v1beta"),
    "gemini-v1": ("gemini", "v1", "google.ai.generativelanguage.v1"),
    "vertex-v1": ("vertex", "v1", "google.cloud.aiplatform.v1"),
    "vertex-v1beta1": ("vertex", "v1beta1", "google.cloud.aiplatform.v1beta1"),
}


# The scalar kinds (their patterns, ranges and JSON Schema keywords) are one table, which the
# codec reads too: src/gemini_wire/codec/kinds.py, loaded by its path because it imports nothing
# of ours but the rules catalog, which stands on the ground floor (the package itself needs the
# files generated here: the codec package is not imported).
def load_kinds() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("gemini_wire_kinds", SRC / "gemini_wire" / "codec" / "kinds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


KINDS = load_kinds()
# A protobuf field type -> its kind (a row of KINDS).
SCALARS = {
    FieldDescriptor.TYPE_DOUBLE: "double",
    FieldDescriptor.TYPE_FLOAT: "float",
    FieldDescriptor.TYPE_INT64: "int64",
    FieldDescriptor.TYPE_SINT64: "int64",
    FieldDescriptor.TYPE_SFIXED64: "int64",
    FieldDescriptor.TYPE_UINT64: "uint64",
    FieldDescriptor.TYPE_FIXED64: "uint64",
    FieldDescriptor.TYPE_INT32: "int32",
    FieldDescriptor.TYPE_SINT32: "int32",
    FieldDescriptor.TYPE_SFIXED32: "int32",
    FieldDescriptor.TYPE_UINT32: "uint32",
    FieldDescriptor.TYPE_FIXED32: "uint32",
    FieldDescriptor.TYPE_BOOL: "bool",
    FieldDescriptor.TYPE_STRING: "string",
    FieldDescriptor.TYPE_BYTES: "bytes",
}
# Well-known types with their own JSON form.
WELL_KNOWN = {
    "google.protobuf.Struct": "struct",
    "google.protobuf.Value": "value",
    "google.protobuf.ListValue": "list",
    "google.protobuf.Duration": "duration",
    "google.protobuf.Timestamp": "timestamp",
    "google.protobuf.Any": "any",
}


@dataclass
class Field:
    name: str  # proto (snake_case) name
    json_name: str  # lowerCamelCase wire name
    kind: str  # message | enum | map | a scalar kind | a well-known kind
    target: str | None  # def name of a message or enum (for a map: of its values)
    repeated: bool
    oneof: str | None  # a real oneof (proto3 `optional` synthetic oneofs are not listed)
    value_kind: str | None = None  # for a map: the kind of its values
    source: str | None = None  # where a field that the protos lack comes from


@dataclass
class Message:
    name: str
    full_name: str
    fields: list[Field] = field(default_factory=list)

    def oneofs(self) -> dict[str, list[Field]]:
        groups: dict[str, list[Field]] = {}
        for f in self.fields:
            if f.oneof:
                groups.setdefault(f.oneof, []).append(f)
        return groups


@dataclass
class Enum:
    name: str
    full_name: str
    values: list[tuple[str, int | None]]  # None: a value the SDK names without its number
    source: str | None = None


@dataclass
class Model:
    dialect: str
    api: str
    version: str
    messages: dict[str, Message]
    enums: dict[str, Enum]
    roots: dict[str, str]  # entry name -> def name


def load_pool(dialect: str) -> descriptor_pool.DescriptorPool:
    fds = descriptor_pb2.FileDescriptorSet.FromString((UPSTREAM / f"{dialect}.binpb").read_bytes())
    pool = descriptor_pool.DescriptorPool()
    for fdp in fds.file:
        pool.Add(fdp)
    return pool


def def_names(descs: list[Descriptor | EnumDescriptor]) -> dict[str, str]:
    """A class name per type: its own name, or its parents' names before it where two collide."""

    def chain(d: Descriptor | EnumDescriptor) -> list[str]:
        names = [d.name]
        parent = d.containing_type
        while parent is not None:
            names.insert(0, parent.name)
            parent = parent.containing_type
        return names

    short: dict[str, list[Descriptor | EnumDescriptor]] = {}
    for d in descs:
        short.setdefault(d.name, []).append(d)
    out: dict[str, str] = {}
    for name, group in short.items():
        for d in group:
            nested = d.containing_type is not None
            if len(group) == 1 or (not nested and sum(g.containing_type is None for g in group) == 1):
                out[d.full_name] = name
            else:
                out[d.full_name] = "".join(chain(d))
    if len(set(out.values())) != len(out):
        raise SystemExit("codegen: two types map to one class name")
    return out


def build_model(dialect: str) -> Model:
    pool = load_pool(dialect)
    api, version, package = DIALECTS[dialect]
    roots = {
        "GenerateContentRequest": pool.FindMessageTypeByName(f"{package}.GenerateContentRequest"),
        "GenerateContentResponse": pool.FindMessageTypeByName(f"{package}.GenerateContentResponse"),
        "Status": pool.FindMessageTypeByName("google.rpc.Status"),
    }
    details = [
        pool.FindMessageTypeByName(f"google.rpc.{n}")
        for n in (
            "ErrorInfo RetryInfo DebugInfo QuotaFailure PreconditionFailure BadRequest "
            "RequestInfo ResourceInfo Help LocalizedMessage"
        ).split()
    ]
    seen_m: dict[str, Descriptor] = {}
    seen_e: dict[str, EnumDescriptor] = {pool.FindEnumTypeByName("google.rpc.Code").full_name: pool.FindEnumTypeByName("google.rpc.Code")}
    todo = list(roots.values()) + details
    while todo:
        d = todo.pop()
        if d.full_name in seen_m or d.full_name in WELL_KNOWN:
            continue
        seen_m[d.full_name] = d
        for f in d.fields:
            if f.message_type is not None:
                if f.message_type.GetOptions().map_entry:
                    v = f.message_type.fields_by_name["value"]
                    if v.message_type is not None:
                        todo.append(v.message_type)
                    if v.enum_type is not None:
                        seen_e[v.enum_type.full_name] = v.enum_type
                else:
                    todo.append(f.message_type)
            if f.enum_type is not None:
                seen_e[f.enum_type.full_name] = f.enum_type
    names = def_names(sorted([*seen_m.values(), *seen_e.values()], key=lambda d: d.full_name))

    def describe(f: FieldDescriptor) -> Field:
        oneof = f.containing_oneof
        real_oneof = oneof.name if oneof is not None and not oneof.name.startswith("_") else None
        base = dict(name=f.name, json_name=f.json_name, repeated=f.is_repeated, oneof=real_oneof)
        mt = f.message_type
        if mt is not None and mt.GetOptions().map_entry:
            v = mt.fields_by_name["value"]
            vf = describe(v)
            return Field(**{**base, "repeated": False}, kind="map", target=vf.target, value_kind=vf.kind)
        if mt is not None:
            if mt.full_name in WELL_KNOWN:
                return Field(**base, kind=WELL_KNOWN[mt.full_name], target=None)
            return Field(**base, kind="message", target=names[mt.full_name])
        if f.enum_type is not None:
            return Field(**base, kind="enum", target=names[f.enum_type.full_name])
        return Field(**base, kind=SCALARS[f.type], target=None)

    messages = {}
    for full, d in sorted(seen_m.items()):
        messages[names[full]] = Message(names[full], full, [describe(f) for f in d.fields])
    enums = {
        names[full]: Enum(names[full], full, [(v.name, v.number) for v in e.values])
        for full, e in sorted(seen_e.items())
    }
    # The HTTP mapping wraps google.rpc.Status as {"error": {...}} and adds `status`, the name
    # of the google.rpc.Code (https://cloud.google.com/apis/design/errors#http_mapping).
    status = messages.pop("Status")
    messages["ErrorStatus"] = Message(
        "ErrorStatus",
        "google.rpc.Status",
        [*status.fields, Field("status", "status", "enum", "Code", False, None)],
    )
    messages["ErrorBody"] = Message(
        "ErrorBody", "", [Field("error", "error", "message", "ErrorStatus", False, None)]
    )
    return Model(
        dialect,
        api,
        version,
        messages,
        enums,
        {
            "GenerateContentRequest": "GenerateContentRequest",
            "GenerateContentResponse": "GenerateContentResponse",
            "ErrorBody": "ErrorBody",
        },
    )

