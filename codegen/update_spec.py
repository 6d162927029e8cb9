"""Write the FileDescriptorSet of the generateContent closure of each dialect to codegen/upstream/.

Run through `make update-spec`, with the packages pinned in requirements/spec.txt installed. The
output carries names, types, enums, json names, oneofs and field behaviours; comments
(source_code_info) are dropped, and messages outside the closure are pruned, so that nothing but
facts travels from upstream.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import sys
from pathlib import Path

from google.protobuf import descriptor_pb2, descriptor_pool

HERE = Path(__file__).parent / "upstream"

# dialect -> (PyPI distribution, modules that register the descriptors, proto package)
DIALECTS = {
    "gemini-v1beta": (
        "google-ai-generativelanguage",
        ["google.ai.generativelanguage_v1beta.types.generative_service"],
        "google.ai.generativelanguage.v1beta",
    ),
    "gemini-v1": (
        "google-ai-generativelanguage",
        ["google.ai.generativelanguage_v1.types.generative_service"],
        "google.ai.generativelanguage.v1",
    ),
    "vertex-v1": (
        "google-cloud-aiplatform",
        ["google.cloud.aiplatform_v1.types.prediction_service"],
        "google.cloud.aiplatform.v1",
    ),
    "vertex-v1beta1": (
        "google-cloud-aiplatform",
        ["google.cloud.aiplatform_v1beta1.types.prediction_service"],
        "google.cloud.aiplatform.v1beta1",
    ),
}
# google.rpc.Status and the detail messages an error body carries in `details` (as Any).
RPC_MODULES = ["google.rpc.status_pb2", "google.rpc.error_details_pb2", "google.rpc.code_pb2"]
# The proto-plus packages rebuild their descriptors from Python classes, which loses two facts of
# the real .proto files: a reserved Python word gets a trailing underscore (`type_` is `type` on
# the wire), and explicit json_name options are dropped. Both are restored here.
JSON_NAME_CORRECTIONS = {
    # https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto
    # (GenerationConfig: response_json_schema_ordered carries json_name "responseJsonSchema").
    "google.ai.generativelanguage.v1beta.GenerationConfig.response_json_schema": "_responseJsonSchema",
    "google.ai.generativelanguage.v1beta.GenerationConfig.response_json_schema_ordered": "responseJsonSchema",
}
RPC_ROOTS = [
    "google.rpc.Status",
    "google.rpc.ErrorInfo",
    "google.rpc.RetryInfo",
    "google.rpc.DebugInfo",
    "google.rpc.QuotaFailure",
    "google.rpc.PreconditionFailure",
    "google.rpc.BadRequest",
    "google.rpc.RequestInfo",
    "google.rpc.ResourceInfo",
    "google.rpc.Help",
    "google.rpc.LocalizedMessage",
]


def closure(pool: descriptor_pool.DescriptorPool, roots: list[str]) -> tuple[set[str], set[str]]:
    """Full names of the messages and enums reachable from the roots through fields."""
    messages: set[str] = set()
    enums: set[str] = set()
    todo = [pool.FindMessageTypeByName(r) for r in roots]
    while todo:
        msg = todo.pop()
        if msg.full_name in messages:
            continue
        messages.add(msg.full_name)
        # A nested type is kept when its parent is, so that parents stay well formed.
        parent = msg.containing_type
        while parent is not None:
            todo.append(parent)
            parent = parent.containing_type
        for field in msg.fields:
            if field.message_type is not None:
                todo.append(field.message_type)
            if field.enum_type is not None:
                enums.add(field.enum_type.full_name)
                outer = field.enum_type.containing_type
                if outer is not None:
                    todo.append(outer)
    return messages, enums


def lower_camel(name: str) -> str:
    """protoc's default json_name: drop underscores and upper-case the letter after each."""
    head, *rest = name.split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def restore_names(container, prefix: str) -> None:
    for m in container:
        name = f"{prefix}.{m.name}"
        for f in m.field:
            if f.name.endswith("_") and not f.name.startswith("_"):
                f.name = f.name.rstrip("_")
            f.json_name = JSON_NAME_CORRECTIONS.get(f"{name}.{f.name}", lower_camel(f.name))
        restore_names(m.nested_type, name)


def prune_file(fdp: descriptor_pb2.FileDescriptorProto, keep_m: set[str], keep_e: set[str]) -> bool:
    """Keep only the closure in one file proto; return whether anything is left."""
    pkg = fdp.package

    def prune_messages(container, prefix: str) -> None:
        kept = []
        for m in container:
            name = f"{prefix}.{m.name}"
            if name in keep_m:
                prune_messages(m.nested_type, name)
                kept_enums = [e for e in m.enum_type if f"{name}.{e.name}" in keep_e]
                del m.enum_type[:]
                m.enum_type.extend(kept_enums)
                kept.append(m)
        del container[:]
        container.extend(kept)

    prune_messages(fdp.message_type, pkg)
    kept_enums = [e for e in fdp.enum_type if f"{pkg}.{e.name}" in keep_e]
    del fdp.enum_type[:]
    fdp.enum_type.extend(kept_enums)
    del fdp.service[:]
    del fdp.extension[:]
    # proto-plus lists a file's imports in the order its modules happened to be imported, which
    # depends on what else the process imported; sorted, the output depends on the spec alone.
    if not fdp.public_dependency and not fdp.weak_dependency:
        deps = sorted(fdp.dependency)
        del fdp.dependency[:]
        fdp.dependency.extend(deps)
    fdp.ClearField("source_code_info")
    return bool(fdp.message_type or fdp.enum_type)


def build(dialect: str) -> dict[str, str]:
    dist, modules, package = DIALECTS[dialect]
    for mod in modules + RPC_MODULES:
        importlib.import_module(mod)
    pool = descriptor_pool.Default()
    roots = [f"{package}.GenerateContentRequest", f"{package}.GenerateContentResponse"]
    keep_m, keep_e = closure(pool, roots + RPC_ROOTS)
    # The HTTP error envelope names its status by google.rpc.Code, which no message field uses.
    keep_e.add("google.rpc.Code")
    files: dict[str, descriptor_pb2.FileDescriptorProto] = {}
    for full in sorted(keep_m | keep_e):
        try:
            fd = pool.FindMessageTypeByName(full).file
        except KeyError:
            fd = pool.FindEnumTypeByName(full).file
        if fd.name not in files:
            fdp = descriptor_pb2.FileDescriptorProto()
            fd.CopyToProto(fdp)
            files[fd.name] = fdp
    # Files the kept ones import (for options such as field_behavior) come along, emptied of
    # anything outside the closure, so that the set loads in a fresh pool on its own.
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        fd = pool.FindFileByName(name)
        for dep in sorted(d.name for d in fd.dependencies):
            visit(dep)
        order.append(name)

    for name in sorted(files):
        visit(name)
    fds = descriptor_pb2.FileDescriptorSet()
    for name in order:
        fdp = files.get(name)
        if fdp is None:
            fdp = descriptor_pb2.FileDescriptorProto()
            pool.FindFileByName(name).CopyToProto(fdp)
        prune_file(fdp, keep_m, keep_e)
        restore_names(fdp.message_type, fdp.package)
        fds.file.append(fdp)
    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / f"{dialect}.binpb").write_bytes(fds.SerializeToString(deterministic=True))
    return {
        "package": dist,
        "version": importlib.metadata.version(dist),
        "proto_package": package,
        "protobuf": importlib.metadata.version("protobuf"),
        "googleapis-common-protos": importlib.metadata.version("googleapis-common-protos"),
    }


def main() -> int:
    # The rows of other specs (codegen/interactions_spec.py writes the Interactions dialects') stay.
    manifest = json.loads((HERE / "manifest.json").read_text())
    manifest.update({dialect: build(dialect) for dialect in DIALECTS})
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (HERE / "manifest.json").write_text(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
