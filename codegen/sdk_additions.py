"""Add to a dialect what the google-genai SDK sends to its backend and the protos lack.

The SDK's converters and types come from codegen/upstream/sdk.json (codegen/sdk_spec.py reads
them from the SDK's source); the tables here say which dialect takes from which backend, which
sibling version's proto is the better fact, and which keys are left out and why.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from model import Enum, Field, Message, Model
from update_spec import lower_camel

# Which SDK backend's converters each dialect takes additions from: the versions that the SDK
# calls. google-genai sends the same body to the Gemini API at v1 (its default since 3.x) and
# v1beta (`HttpOptions(api_version="v1beta")`, what most recorded traffic calls); to Vertex AI
# it sends v1beta1 by default. Vertex AI v1 keeps its proto alone: v1beta1 fields sent there
# (`functionCall.id`) are refused, and lint names the version that has them.
SDK_BACKENDS = {"gemini-v1beta": "mldev", "gemini-v1": "mldev", "vertex-v1beta1": "vertex"}
# Where the SDK sends a field that a version's protos lack but another version of the same API
# has, that version's proto is the better fact (its types, enum numbers and oneofs): the field
# and the messages it needs are taken from there.
SIBLINGS = {"gemini-v1": "gemini-v1beta", "vertex-v1beta1": "vertex-v1"}
# The SDK's types have no oneofs. Server-side tool calls and their results are a Part's data as
# text or a function call is (https://ai.google.dev/api/caching#Part lists them in the Part's
# `data` union); accepted requests carry parts holding only one of them and a signature.
SDK_ONEOFS = {("Part", "toolCall"): "data", ("Part", "toolResponse"): "data"}
# Keys that the walk over the SDK would add but that the SDK never sends as they are:
# (backend, message, key) -> why. tests/test_sdk_drift.py reads this table too.
SDK_EXCLUDED = {
    ("mldev", "Schema", "additionalProperties"): (
        "the SDK refuses it for the Gemini API before sending (_transformers.process_schema: "
        "'additionalProperties is only supported in ... not in Gemini Developer API mode')"
    ),
    ("mldev", "Schema", "defs"): "the SDK inlines $defs before sending (_transformers.process_schema)",
    ("mldev", "Schema", "ref"): "the SDK resolves $ref into the schema before sending (_transformers.process_schema)",
}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def add_from_sdk(model: Model, sdk: dict[str, Any], backend: str, sibling: Model | None = None) -> None:
    """Add to a dialect the wire keys that the SDK sends to its backend and the protos lack.

    Walks the SDK's converters from the request's (GenerateContentParameters) beside the proto
    model's messages from GenerateContentRequest: a key the message has leads into its message;
    a key it lacks becomes a field typed from the SDK's types, and a type the protos lack
    becomes a message; where the sibling version's proto has the field or the type, they are
    copied from it. Every addition records its source."""
    converters = sdk["converters"][backend]
    types: dict[str, dict[str, Any]] = sdk["types"]
    origin = f"google-genai {sdk['version']}"
    seen: set[tuple[str, str, str | None]] = set()

    def copy_type(name: str) -> None:
        """A message or enum of the sibling's proto, with what it refers to."""
        assert sibling is not None
        if name in model.messages or name in model.enums:
            return
        if name in sibling.enums:
            model.enums[name] = sibling.enums[name]
            return
        theirs = sibling.messages[name]
        where = f"the proto of {sibling.dialect} ({theirs.full_name})"
        model.messages[name] = Message(name, theirs.full_name, [replace(f, source=where) for f in theirs.fields])
        for f in theirs.fields:
            if f.target:
                copy_type(f.target)

    def walk(message: str, sdk_type: str, converter: str | None, parent: str | None) -> None:
        if (message, sdk_type, converter) in seen:
            return
        seen.add((message, sdk_type, converter))
        fields = types.get(sdk_type, {})
        if converter is not None and converter in converters:
            for w in converters[converter]:
                target = parent if w["parent"] else message
                if target is None or len(w["path"]) != 1:
                    continue
                spec = dict(fields.get(w["reads"] or "", {"kind": "value"}))
                if w["converter"]:
                    spec = {"kind": "message", "target": w["converter"], "repeated": w["each"] or spec.get("repeated", False)}
                where = f"{origin} {sdk['sources']['converters']} _{converter}_to_{backend}"
                visit(target, w["path"][0], spec, w["converter"], where)
        else:
            for name, spec in fields.items():
                visit(message, lower_camel(name), spec, None, f"{origin} {sdk['sources']['types']} {sdk_type}.{name}")

    def visit(message: str, key: str, spec: dict[str, Any], converter: str | None, where: str) -> None:
        if (backend, message, key) in SDK_EXCLUDED:
            return
        msg = model.messages[message]
        known = next((f for f in msg.fields if key in (f.json_name, f.name)), None)
        if known is not None:
            if known.kind == "message" and spec["kind"] == "message" and known.target:
                walk(known.target, spec["target"], converter, message)
            return
        theirs = sibling.messages.get(message) if sibling else None
        twin = next((f for f in theirs.fields if f.json_name == key), None) if theirs else None
        if twin is not None:
            assert theirs is not None
            # The twin's proto name, unless a field here has it already (gemini-v1's own
            # response_json_schema_ordered, whose JSON name the protos give as
            # responseJsonSchemaOrdered): then, as for a field the SDK adds, the snake_case of
            # its JSON name, so that both spellings of the key reach this field (issue 19).
            name = twin.name if all(f.name != twin.name for f in msg.fields) else snake(key)
            msg.fields.append(replace(twin, name=name, source=f"the proto of {sibling.dialect} ({theirs.full_name})"))  # type: ignore[union-attr]
            if twin.target:
                copy_type(twin.target)
            if twin.kind == "message" and spec["kind"] == "message" and twin.target:
                walk(twin.target, spec["target"], converter, message)
            return
        inner = spec.get("value", spec)
        kind = inner["kind"]
        target = None
        if kind == "message":
            target = inner["target"]
            if target not in model.messages:
                if sibling is not None and target in sibling.messages:
                    copy_type(target)
                else:
                    model.messages[target] = Message(target, "")
            walk(target, inner["target"], converter, message)
        elif kind == "enum":
            target = inner["target"]
            if target not in model.enums:
                values = [(v, None) for v in sdk["enums"][target]]
                model.enums[target] = Enum(target, "", values, f"{origin} {sdk['sources']['types']} {target}")
        is_map = spec["kind"] == "map"
        msg.fields.append(
            Field(
                snake(key),
                key,
                "map" if is_map else kind,
                target,
                bool(spec.get("repeated")) and not is_map,
                SDK_ONEOFS.get((message, key)),
                value_kind=kind if is_map else None,
                source=where,
            )
        )

    walk(model.roots["GenerateContentRequest"], sdk["root"], sdk["root"], None)
