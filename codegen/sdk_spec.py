"""Read what the google-genai SDK sends to each backend, from its source, without importing it.

The protos lag the live API; the SDK does not, because it is what clients use. Its converters
(`_<Type>_to_mldev` for the Gemini Developer API, `_<Type>_to_vertex` for Vertex AI, in
google/genai/models.py) name every wire key they write, and its types (google/genai/types.py)
carry each key's value type and enum values. This module turns both into data:

    python codegen/sdk_spec.py WHEEL_OR_PACKAGE_DIR OUT.json

with the pinned wheel (`make update-spec` downloads it) or an installed `google/genai` folder.
Only the parse happens here; codegen/sdk_additions.py decides what the dialects take from it, and
tests/test_sdk_drift.py runs the same parse on the installed SDK.

The parse reads the source as a syntax tree: nothing of the SDK runs, so the SDK needs none of
its dependencies and can be pinned apart from the proto packages (whose pins it conflicts with).
"""

from __future__ import annotations

import ast
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

CONVERTER = re.compile(r"_(?P<type>\w+?)_to_(?P<backend>mldev|vertex)$")
# The type of a converter's argument, where its name is not one of types.py: the request's
# parameters (GenerateContentParameters) and config (GenerateContentConfig) are both there.
SCALARS = {"str": "string", "int": "int32", "float": "double", "bool": "bool", "bytes": "bytes"}


def annotation(node: ast.expr | None, aliases: dict[str, ast.expr]) -> dict[str, Any]:
    """A field's value type as data: {kind, target?, repeated?}.

    A type alias is read through. Of a union, the one model class it names is taken (the SDK's
    `SpeechConfigUnion = Union[str, SpeechConfig]`: the other forms are sugar that its
    transformers turn into that model before sending); any other union is any JSON value."""
    if node is None:
        return {"kind": "value"}

    def inner(n: ast.expr | None) -> dict[str, Any]:
        return annotation(n, aliases)

    if isinstance(node, ast.Subscript):
        head = ast.unparse(node.value)
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if head in ("Optional", "typing.Optional"):
            return inner(args[0])
        if head in ("list", "List", "typing.List"):
            item = inner(args[0])
            if item.get("repeated"):
                return {"kind": "value"}  # a list of lists has no proto3 JSON field form
            return {**item, "repeated": True}
        if head in ("dict", "Dict", "typing.Dict"):
            value = inner(args[1]) if len(args) == 2 else {"kind": "value"}
            if value["kind"] == "value":
                return {"kind": "struct"}
            return {"kind": "map", "value": value}
        if head in ("Union", "typing.Union"):
            kinds = [inner(a) for a in args if ast.unparse(a) != "None"]
            models = [k for k in kinds if k["kind"] == "type" and not k.get("repeated")]
            if len(kinds) == 1:
                return kinds[0]
            return models[0] if len(models) == 1 else {"kind": "value"}
        return {"kind": "value"}
    name = ast.unparse(node).strip("'\"")
    if name in aliases:
        # (without itself, so that an alias that names itself cannot recurse forever)
        return annotation(aliases[name], {k: v for k, v in aliases.items() if k != name})
    if name in SCALARS:
        return {"kind": SCALARS[name]}
    if name in ("datetime.datetime", "datetime"):
        return {"kind": "timestamp"}
    if re.fullmatch(r"[A-Z]\w*", name):
        return {"kind": "type", "target": name}
    return {"kind": "value"}


def read_types(source: str) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
    """Pydantic models (field -> type) and enums (values, in order) of types.py."""
    models: dict[str, dict[str, Any]] = {}
    enums: dict[str, list[str]] = {}
    body = ast.parse(source).body
    aliases = {
        node.targets[0].id: node.value
        for node in body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Subscript)
    }
    for node in body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {ast.unparse(b) for b in node.bases}
        if any(b.endswith("Enum") for b in bases):
            enums[node.name] = [
                stmt.value.value
                for stmt in node.body
                if isinstance(stmt, ast.Assign)
                and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)
            ]
        elif "_common.BaseModel" in bases or bases & set(models):
            fields: dict[str, Any] = {}
            for base in sorted(bases & set(models)):
                fields.update(models[base])
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    fields[stmt.target.id] = annotation(stmt.annotation, aliases)
            models[node.name] = fields
    # A name that is neither a model nor an enum (a type alias) says nothing about the wire.
    for fields in models.values():
        for spec in fields.values():
            for inner in (spec, spec.get("value", {})):
                if inner.get("kind") != "type":
                    continue
                if inner["target"] in enums:
                    inner["kind"] = "enum"
                elif inner["target"] in models:
                    inner["kind"] = "message"
                else:
                    inner.clear()
                    inner["kind"] = "value"
            if spec.get("value") == {"kind": "value"}:
                spec.clear()
                spec["kind"] = "struct"
    return models, enums


def first_call(node: ast.AST, pattern: re.Pattern[str]) -> ast.Call | None:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and pattern.fullmatch(ast.unparse(sub.func)):
            return sub
    return None


GETV = re.compile(r"getv")


def read_converters(source: str) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per backend, per converter type: the wire keys it writes, each with where it writes it
    (its own object, or the parent's), the SDK field it reads, and the converter of the value."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {"mldev": {}, "vertex": {}}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef) or not (m := CONVERTER.match(node.name)):
            continue
        writes = []
        for call in ast.walk(node):
            if not (isinstance(call, ast.Call) and ast.unparse(call.func) == "setv" and len(call.args) == 3):
                continue
            target, path, value = call.args
            where = ast.unparse(target)
            if where not in ("to_object", "parent_object") or not isinstance(path, ast.List):
                continue
            keys = [k.value for k in path.elts if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            if len(keys) != len(path.elts) or any(k.startswith("_") for k in keys):
                continue  # URL parameters (`_url`, `_query`) and computed paths are not body keys
            getv = first_call(value, GETV)
            read = None
            if getv is not None and len(getv.args) == 2 and isinstance(getv.args[1], ast.List):
                elts = getv.args[1].elts
                if len(elts) == 1 and isinstance(elts[0], ast.Constant):
                    read = elts[0].value
            inner = first_call(value, re.compile(r"_\w+?_to_" + m["backend"]))
            converter = CONVERTER.match(ast.unparse(inner.func))["type"] if inner is not None else None  # type: ignore[index]
            writes.append(
                {
                    "path": keys,
                    "parent": where == "parent_object",
                    "reads": read,
                    "converter": converter,
                    "each": isinstance(value, ast.ListComp),
                }
            )
        out[m["backend"]][m["type"]] = writes
    return out


ROOT = "GenerateContentParameters"


def reachable(
    converters: dict[str, dict[str, list[dict[str, Any]]]], models: dict[str, dict[str, Any]]
) -> tuple[set[str], set[str]]:
    """The converters and types that a generateContent request can reach, on either backend."""
    seen: set[tuple[str, str, str]] = set()
    todo = [("converter", backend, ROOT) for backend in converters]
    while todo:
        item = todo.pop()
        if item in seen:
            continue
        seen.add(item)
        what, backend, name = item
        fields = models.get(name, {})
        if what == "converter":
            todo.append(("type", backend, name))
            for w in converters[backend].get(name, []):
                if w["converter"]:
                    todo.append(("converter", backend, w["converter"]))
                read = fields.get(w["reads"] or "", {})
                if read.get("kind") == "message":
                    todo.append(("type", backend, read["target"]))
            continue
        for spec in fields.values():
            inner = spec.get("value", spec)
            if inner.get("kind") == "message":
                todo.append(("type", backend, inner["target"]))
    convs = {name for what, _, name in seen if what == "converter"}
    types = {name for what, _, name in seen if what == "type" and name in models}
    return convs, types


def read(where: Path, name: str) -> str:
    """One source file of the SDK, from a wheel or from the `google/genai` folder."""
    if where.is_file():
        with zipfile.ZipFile(where) as wheel:
            return wheel.read(f"google/genai/{name}").decode("utf-8")
    return (where / name).read_text("utf-8")


def spec(where: Path) -> dict[str, Any]:
    models, enums = read_types(read(where, "types.py"))
    converters = read_converters(read(where, "models.py"))
    convs, types = reachable(converters, models)
    used_enums = {
        s["target"]
        for t in types
        for f in models[t].values()
        for s in (f, f.get("value", {}))
        if s.get("kind") == "enum"
    }
    return {
        "package": "google-genai",
        "version": version_of(read(where, "version.py")),
        "sources": {"types": "google/genai/types.py", "converters": "google/genai/models.py"},
        "root": ROOT,
        "converters": {
            backend: {name: writes for name, writes in sorted(table.items()) if name in convs}
            for backend, table in sorted(converters.items())
        },
        "types": {name: dict(sorted(models[name].items())) for name in sorted(types)},
        "enums": {name: enums[name] for name in sorted(used_enums)},
    }


def version_of(source: str) -> str:
    found = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", source)
    if found is None:
        raise SystemExit("codegen/sdk_spec.py: no __version__ in google/genai/version.py")
    return found[1]


def main(argv: list[str]) -> int:
    where, out = Path(argv[0]), Path(argv[1])
    text = json.dumps(spec(where), indent=1, sort_keys=True) + "\n"
    out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
