"""The Interactions API dialects from codegen/upstream/interactions.json (codegen/interactions_spec.py).

    codegen/upstream/interactions.json          the wire types, JSON Schema by name
      + codegen/interactions_overlay.toml         facts Google's OpenAPI document states that
                                                 the SDK's types lack (int64 as strings)
        -> schema/<dialect>/<Entry>.json         what the server accepts (requests: no unknown
                                                 key, no unknown enum value) and answers
                                                 (responses: unknown keys, values and variants)
        -> schema/<dialect>/canonical.json       the Structs' schema: what msgspec can hold
        -> datamodel-code-generator -> src/gemini_wire/_generated/interactions.py
        -> src/gemini_wire/_generated/interactions_wire.py   the roots, and the fields whose
                                                 wire union msgspec cannot hold (read in turn)

One spec serves both versions: the SDK reads both with the same types, and no difference
between them is documented. The wire is snake_case only (no second spelling to accept), its
unions are discriminated by `type` (events by `event_type`): msgspec's tagged unions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tomllib

from gemini_wire.codec.kinds import INT64_STRING

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "codegen" / "upstream" / "interactions.json"
OVERLAY = ROOT / "codegen" / "interactions_overlay.toml"
DIALECTS = ("interactions-v1", "interactions-v1beta")
MODULE = "interactions"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"

# The entry points: a request (a model's or an agent's), the Interaction resource that answers
# it, one event of its stream, and the error body (`{"error": {"code": "invalid_request", ...}}`,
# a string code: Error in the spec).
REQUEST = "CreateInteractionRequest"
ERROR_BODY = "ErrorBody"
ENTRIES = {
    REQUEST: ("request", ["CreateModelInteraction", "CreateAgentInteraction"]),
    "Interaction": ("response", ["Interaction"]),
    "InteractionSSEEvent": ("response", ["InteractionSSEEvent"]),
    ERROR_BODY: ("response", None),
}
# Enums of names that the server takes beyond those the spec lists: any model or agent it serves
# (the SDK keeps them open: `Union[Literal[...], UnrecognizedStr]`), so a string on the wire.
NAMES = {"Model", "AgentOption"}


def load() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC.read_text())
    schemas = spec["schemas"]
    schemas[ERROR_BODY] = {
        "type": "object",
        "properties": {"error": {"$ref": "#/$defs/Error"}},
        "required": ["error"],
    }
    for name in NAMES:
        schemas[name] = {"type": "string", "examples": schemas[name]["enum"]}
    apply_overlay(schemas)
    return schemas


# proto3 JSON's int64: a number, or its decimal digits as a string (what Google's servers write),
# with generateContent's pattern, which states the range and refuses a final line break.
INT64 = {
    "Int64": {"type": "integer", "format": "int64", "minimum": -(2**63), "maximum": 2**63 - 1},
    "Int64String": {"type": "string", "format": "int64", "pattern": INT64_STRING},
}


def apply_overlay(schemas: dict[str, Any]) -> None:
    """The facts of codegen/interactions_overlay.toml, each on the field it names."""
    for row in tomllib.loads(OVERLAY.read_text()).get("int64", []):
        props = schemas.get(row["schema"], {}).get("properties", {})
        if props.get(row["field"], {}).get("type") != "integer" or not row.get("source", "").startswith("https://"):
            raise SystemExit(f"codegen/interactions_overlay.toml: no integer {row['schema']}.{row['field']}, or no source")
        schemas.update(INT64)
        props[row["field"]] = {"anyOf": [{"$ref": f"#/$defs/{name}"} for name in INT64]}


def refs(node: Any) -> set[str]:
    """The names that a schema refers to, directly."""
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[1]} if "$ref" in node else set()
        for key, value in node.items():
            if key != "discriminator":
                found |= refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node)) if node else set()
    return set()


def closure(schemas: dict[str, Any], names: list[str]) -> list[str]:
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(refs(schemas[name]))
    return sorted(seen)


def tags(schemas: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each union member's discriminating field and value: name -> (field, value)."""
    out = {}
    for union in schemas.values():
        disc = union.get("discriminator")
        if disc:
            for value, ref in disc["mapping"].items():
                out[ref.rsplit("/", 1)[1]] = (disc["propertyName"], value)
    return out


# --------------------------------------------------------------------------- the wire schemas


def wire(schemas: dict[str, Any], node: Any, *, request: bool) -> Any:
    """A schema of the spec as the wire has it: a request refuses unknown keys and enum values,
    a response keeps them, and takes a union member of a kind that it does not know yet."""
    if isinstance(node, list):
        return [wire(schemas, v, request=request) for v in node]
    if not isinstance(node, dict):
        return node
    out = {
        k: wire(schemas, v, request=request) for k, v in node.items() if k not in ("x-open", "discriminator")
    }
    if "enum" in node and not request:
        out = {"type": "string", "examples": node["enum"]}
    if node.get("type") == "object" and node.get("properties") == {}:
        # An object the spec names no property of (a function's or an MCP tool's result, a file
        # search result; the SDK's model is empty): free JSON, whatever keys it holds. The server
        # read {"forecast": "sunny"} as a function_result's result (braintrust-sdk-python's
        # recorded call, HTTP 200), which a closed object refused.
        return {k: v for k, v in out.items() if k != "properties"} | {"additionalProperties": {}}
    if node.get("type") == "object" and "properties" in node and request:
        out["additionalProperties"] = False
    if "discriminator" in node:
        disc = node["discriminator"]
        out["discriminator"] = {
            "propertyName": disc["propertyName"]
        }  # OpenAPI's keyword: JSON Schema ignores it
        if not request:  # a kind newer than the spec: an object whose tag names no known kind
            newer = {
                "type": "object",
                "properties": {
                    disc["propertyName"]: {"type": "string", "not": {"enum": sorted(disc["mapping"])}}
                },
                "required": [disc["propertyName"]],
            }
            out = {"anyOf": [*out["oneOf"], newer], "discriminator": out["discriminator"]}
    return out


def with_tags(schemas: dict[str, Any]) -> dict[str, Any]:
    """The union members with their tag required: a member is known by it."""
    out = dict(schemas)
    for name, (field, _) in tags(schemas).items():
        member = dict(out[name])
        member["required"] = sorted({*member.get("required", []), field})
        out[name] = member
    return out


def entry_schema(schemas: dict[str, Any], dialect: str, entry: str) -> dict[str, Any]:
    kind, roots = ENTRIES[entry]
    request = kind == "request"
    schemas = with_tags(schemas)
    top: dict[str, Any] = {"$ref": f"#/$defs/{entry}"}
    names = closure(schemas, [entry] if roots is None else roots)
    if roots is not None and len(roots) > 1:  # a model's request or an agent's, never both
        top = {"oneOf": [{"$ref": f"#/$defs/{r}"} for r in roots]}
    elif roots is not None:
        top = {"$ref": f"#/$defs/{roots[0]}"}
    said = (
        "as a client sends it: snake_case keys, no key or enum value that the spec lacks"
        if request
        else "as the server answers: keys, enum values and union kinds newer than the spec are taken"
    )
    return {
        "$schema": JSON_SCHEMA,
        "$id": f"https://gemini-wire.invalid/schema/{dialect}/{entry}.json",
        "title": f"{entry} ({dialect})",
        "description": f"The Interactions API's {entry} {said}.",
        **top,
        "$defs": {n: wire(schemas, schemas[n], request=request) for n in names},
    }


# --------------------------------------------------------------------------- the Structs' schema


def kind(schemas: dict[str, Any], node: dict[str, Any], tagged: dict[str, tuple[str, str]]) -> str:
    """How msgspec tells a union member apart: its JSON type, or the tag of a tagged Struct."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        target = schemas[name]
        if "discriminator" in target:
            return "tagged:" + target["discriminator"]["propertyName"]
        if name in tagged:
            return "tagged:" + tagged[name][0]
        return kind(schemas, target, tagged)
    if "anyOf" in node:
        return "any"
    if "const" in node or "enum" in node:
        return "string"
    return str(node.get("type", "any"))


def holdable(
    schemas: dict[str, Any], members: list[dict[str, Any]], tagged: dict[str, tuple[str, str]]
) -> bool:
    """Whether msgspec can decode this union: one member per JSON type, or Structs tagged alike."""
    kinds = [kind(schemas, m, tagged) for m in members]
    plain = [k for k in kinds if not k.startswith("tagged:")]
    tags_ = {k for k in kinds if k.startswith("tagged:")}
    if "any" in kinds or len(tags_) > 1 or (tags_ and "object" in plain):
        return False
    return len(plain) == len(set(plain))


def canonical_node(
    schemas: dict[str, Any],
    node: Any,
    tagged: dict[str, tuple[str, str]],
    owner: str,
    key: str,
    read: dict[str, Any],
) -> Any:
    if isinstance(node, list):
        return [canonical_node(schemas, v, tagged, owner, key, read) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and node["$ref"].rsplit("/", 1)[1] in free_objects(schemas):
        return dict(FREE_OBJECT)  # free JSON in the Structs (`wire` says why), no class of its own
    if "anyOf" in node and not holdable(schemas, node["anyOf"], tagged):
        # A union that msgspec cannot hold is any JSON value in the Struct, read in turn as each
        # of its forms (codec/tagged.py): the forms go to the wire module.
        read.setdefault(owner, {})[key] = forms(node)
        return {k: v for k, v in node.items() if k not in ("anyOf", "type")}
    skip = ("x-open", "deprecated", "examples", "properties")
    out = {k: canonical_node(schemas, v, tagged, owner, key, read) for k, v in node.items() if k not in skip}
    if "properties" in node:
        out["properties"] = {
            k: canonical_node(schemas, v, tagged, owner, k, read) for k, v in node["properties"].items()
        }
    return out


# An object with any keys: a dict[str, Any] in the Structs.
FREE_OBJECT = {"type": "object", "additionalProperties": {}}


def free_objects(schemas: dict[str, Any]) -> frozenset[str]:
    """The messages of the spec that name no property (see `wire`): free JSON objects."""
    return frozenset(name for name, node in schemas.items() if node.get("type") == "object" and node.get("properties") == {})


def forms(node: dict[str, Any]) -> list[Any]:
    """The forms of a union, nested unions flattened, and a list of a union taken as a list of
    each of its forms: what the codec tries in turn."""
    out: list[Any] = []
    for member in node["anyOf"]:
        if "anyOf" in member:
            out.extend(forms(member))
        elif member.get("type") == "array" and "anyOf" in member.get("items", {}):
            out.extend({"type": "array", "items": item} for item in forms(member["items"]))
        else:
            out.append(member)
    return out


def canonical_schema(schemas: dict[str, Any], dialect: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema that the Structs are compiled from, and the fields to read in turn."""
    schemas = with_tags(schemas)
    tagged = tags(schemas)
    read: dict[str, Any] = {}
    free = free_objects(schemas)
    defs = {name: canonical_node(schemas, schemas[name], tagged, name, "", read) for name in sorted(schemas) if name not in free}
    return {
        "$schema": JSON_SCHEMA,
        "$id": f"https://gemini-wire.invalid/schema/{dialect}/canonical.json",
        "title": f"gemini-wire canonical types ({dialect})",
        "description": "Every message of the Interactions API as gemini-wire's Structs hold it.",
        "anyOf": [
            {"$ref": f"#/$defs/{name}"}
            for name in (*ENTRIES["Interaction"][1], *ENTRIES[REQUEST][1], "InteractionSSEEvent", ERROR_BODY)
        ],
        "$defs": defs,
    }, read


def annotation(node: dict[str, Any]) -> str:
    """A form as a Python type of the Structs module."""
    if "$ref" in node:
        return str(node["$ref"].rsplit("/", 1)[1])
    if node.get("type") == "array":
        return f"list[{annotation(node['items'])}]"
    if node.get("type") == "object":
        return f"dict[str, {annotation(node.get('additionalProperties') or {})}]"
    return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(
        node.get("type", ""), "Any"
    )


def wire_module(read: dict[str, Any], header: str) -> str:
    """_generated/interactions_wire.py: the roots, and each field to read as its forms in turn."""
    lines = [
        header,
        '"""The Interactions API\'s entry points, and the fields whose wire union msgspec cannot hold',
        "(the Struct holds any JSON value there): their forms, tried in turn (codec/tagged.py).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        f"from gemini_wire._generated.{MODULE} import (",
    ]
    used = sorted({n for fields in read.values() for f in fields.values() for n in _names(f)} | set(read))
    lines.extend(f"    {n}," for n in used)
    lines += [
        ")",
        "",
        f"DIALECTS = {DIALECTS!r}",
        f"REQUESTS = {tuple(ENTRIES[REQUEST][1])!r}",
        "FORMS: dict[type, dict[str, tuple[Any, ...]]] = {",
    ]
    for owner, fields in sorted(read.items()):
        lines.append(f"    {owner}: {{")
        for key, options in sorted(fields.items()):
            lines.append(f"        {key!r}: ({', '.join(annotation(o) for o in options)},),")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _names(options: list[Any]) -> set[str]:
    return {n for o in options for n in refs(o)}


def dump(obj: Any) -> str:
    return json.dumps(obj, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def generate(schema_dir: Path, generated: Path, header: str, compile_structs: Any) -> None:
    """Write the schemas, the Structs and the wire module (called by codegen/generate.py)."""
    schemas = load()
    read: dict[str, Any] = {}
    for dialect in DIALECTS:
        folder = schema_dir / dialect
        folder.mkdir(parents=True, exist_ok=True)
        for entry in ENTRIES:
            (folder / f"{entry}.json").write_text(dump(entry_schema(schemas, dialect, entry)))
        canonical, read = canonical_schema(schemas, dialect)
        (folder / "canonical.json").write_text(dump(canonical))
    roots = {*ENTRIES[REQUEST][1], *ENTRIES["Interaction"][1]}
    if not set(read) <= roots:  # the codec reads the forms of a root's fields only
        raise SystemExit(
            f"codegen/interactions.py: unions msgspec cannot hold below the roots: {sorted(set(read) - roots)}"
        )
    # One spec, one set of Structs: compiled from the first dialect's canonical schema.
    (generated / f"{MODULE}.py").write_text(compile_structs(schema_dir / DIALECTS[0] / "canonical.json"))
    (generated / f"{MODULE}_wire.py").write_text(wire_module(read, header))
