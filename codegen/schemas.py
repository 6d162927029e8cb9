"""The JSON Schemas of a dialect: per entry (request, response, error body) what the server
accepts, and the canonical schema of what gemini-wire writes, which is compiled into Structs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model import KINDS, Enum, Field, Message, Model
from overlay import Overlay

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
END = KINDS.END


def snake_alias(f: Field) -> str | None:
    """The second spelling the wire admits for a field, when it differs from the json name."""
    return f.name if f.name != f.json_name else None


def base64_chars(decoded: int) -> int:
    return -(-decoded // 3) * 4


def apply_limit(schema: dict[str, Any], row: dict[str, Any], repeated: bool) -> dict[str, Any]:
    keywords = dict(row.get("schema", {}))
    if "decoded_max_bytes" in row:
        keywords["maxLength"] = base64_chars(row["decoded_max_bytes"])
    out = dict(schema)
    if "anyOf" in out and not repeated:
        # Bounds go on the number branch; a string spelling is bounded once decoded.
        branches = [dict(b) for b in out["anyOf"]]
        target = next(b for b in branches if b.get("type") in ("number", "integer", "string"))
        target.update(keywords)
        out["anyOf"] = branches
    else:
        out.update(keywords)
    return out


@dataclass
class Emitter:
    model: Model
    overlay: Overlay
    wire: bool  # the spelling-lenient schema, or the canonical one
    request: bool  # unknown keys refused (request) or tolerated (response, error body)

    @property
    def response_messages(self) -> set[str]:
        """Messages that travel in responses or error bodies: request limits stay out of their
        Structs (a generated 4K image may be larger than what a request may carry) and are
        checked by the codec on requests instead."""
        found: set[str] = set()
        for root in ("GenerateContentResponse", "ErrorBody"):
            found.update(self.closure(self.model.roots[root])[0])
        return found

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def value_schema(self, msg: Message, f: Field, kind: str, target: str | None) -> dict[str, Any]:
        if kind == "message":
            assert target is not None
            return self.ref(target)
        if kind == "enum":
            assert target is not None
            rows = self.overlay.leniencies.get((msg.name, f.name), [])
            if self.wire and any(r["kind"] == "enum_lower_case" for r in rows):
                lower = [n.lower() for n, _ in self.model.enums[target].values]
                return {"anyOf": [self.ref(target), {"type": "string", "enum": lower}]}
            return self.ref(target)
        return KINDS.schema(kind, wire=self.wire)

    def field_schema(self, msg: Message, f: Field) -> dict[str, Any]:
        if f.kind == "map":
            assert f.value_kind is not None
            schema: dict[str, Any] = {
                "type": "object",
                "additionalProperties": self.value_schema(msg, f, f.value_kind, f.target),
            }
        else:
            item = self.value_schema(msg, f, f.kind, f.target)
            if f.repeated:
                schema = {"type": "array", "items": item}
            else:
                schema = item
        limited = self.request if self.wire else msg.name not in self.response_messages
        for row in self.overlay.limits.get((msg.name, f.name), []) if limited else []:
            schema = apply_limit(schema, row, f.repeated)
        if self.wire:
            if f.repeated and f.kind == "message":
                # Google's front ends take one object where a list is expected (DESIGN section 3).
                schema = {"anyOf": [schema, self.ref(f.target or "")]}
            if f.kind != "value":
                schema = {"anyOf": [schema, {"type": "null"}]}
        sources = [r["source"] for r in self.overlay.limits.get((msg.name, f.name), [])] if limited else []
        comments = ["limit: " + " ".join(sources)] if sources else []
        if f.source and msg.full_name:
            comments.append("added from " + f.source)
        if comments:
            schema["$comment"] = "; ".join(comments)
        return schema

    def present(self, key: str) -> dict[str, Any]:
        return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}

    def message_schema(self, msg: Message) -> dict[str, Any]:
        props: dict[str, Any] = {}
        constraints: list[dict[str, Any]] = []
        for f in msg.fields:
            props[f.json_name] = self.field_schema(msg, f)
            alias = snake_alias(f)
            if self.wire and alias:
                props[alias] = props[f.json_name]
                constraints.append({"not": {"required": [f.json_name, alias]}})
        required_oneofs = {
            r["oneof"]
            for r in self.overlay.rules
            if r["kind"] == "oneof_required_in_request" and r["message"] == msg.name
        }
        for group, members in msg.oneofs().items():
            if len(members) < 2 and not (self.request and group in required_oneofs):
                continue  # one member cannot conflict with another
            if not self.wire:
                # At most one member, said with `not` alone so that the Struct compiler, which
                # reads `oneOf` as a union of classes, leaves the message one class.
                keys = [m.json_name for m in members]
                pairs = [
                    {"allOf": [self.present(a), self.present(b)]}
                    for i, a in enumerate(keys)
                    for b in keys[i + 1 :]
                ]
                constraints.append({"not": {"anyOf": pairs}, "$comment": f"oneof {group}: at most one"})
                continue
            keys = [k for m in members for k in (m.json_name, snake_alias(m)) if k]
            branches = [self.present(k) for k in keys]
            branches.insert(0, {"not": {"anyOf": list(branches)}})
            constraints.append({"oneOf": branches, "$comment": f"oneof {group}: at most one"})
            if self.request and group in required_oneofs:
                # ... and not empty: a part with side fields alone is accepted (lint warns).
                every = [k for f in msg.fields for k in (f.json_name, snake_alias(f)) if k]
                constraints.append({"anyOf": [self.present(k) for k in every], "$comment": f"oneof {group}: required unless another field is set"})
        for r in self.overlay.rules:
            if r["kind"] == "requires_true" and r["message"] == msg.name:
                f = next(x for x in msg.fields if x.name == r["field"])
                o = next(x for x in msg.fields if x.name == r["other"])
                spellings = [k for k in (o.json_name, snake_alias(o)) if k]
                needs = {"anyOf": [{"required": [k], "properties": {k: {"const": True}}} for k in spellings]}
                for key in [k for k in (f.json_name, snake_alias(f)) if k] if self.wire else [f.json_name]:
                    constraints.append({"if": self.present(key), "then": needs, "$comment": "rule: " + r["source"]})
        out: dict[str, Any] = {"type": "object", "properties": props}
        if self.request or not self.wire:
            out["additionalProperties"] = False
        if constraints:
            out["allOf"] = constraints
        if msg.full_name:
            out["$comment"] = f"proto: {msg.full_name}"
        else:
            out["$comment"] = "added from " + ", ".join(sorted({f.source for f in msg.fields if f.source}))
        return out

    def enum_schema(self, e: Enum) -> dict[str, Any]:
        names = [n for n, _ in e.values]
        numbers = [n for _, n in e.values if n is not None]
        if not self.wire:
            return {"type": "string", "enum": names, "$comment": origin(e)}
        branches: list[dict[str, Any]] = [{"type": "string", "enum": names}]
        if numbers:
            branches += [
                {"type": "integer", "enum": numbers},
                {"type": "string", "enum": [str(n) for n in numbers]},
            ]
        if self.request:
            # Names in any case: Google's front ends read "low" as LOW (lint warns, GW114).
            # JSON Schema's regular expressions have no flags, so each letter lists both cases.
            letters = "|".join("".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in n) for n in names)
            branches.append({"type": "string", "pattern": f"^(?:{letters})" + END})
            if not numbers:
                # An enum that only the SDK names, without its numbers: its names are the SDK's
                # guess and the server takes others (toolType "GOOGLE_SEARCH"): any string, as
                # the codec does (a GW105 warning).
                branches.append({"type": "string"})
        else:
            # Responses may carry values newer than this schema: known names are listed, any
            # other string or number is tolerated.
            branches += [{"type": "string"}, {"type": "integer"}]
        return {"anyOf": branches, "$comment": origin(e)}

    def closure(self, root: str) -> tuple[list[str], list[str]]:
        msgs: list[str] = []
        enums: list[str] = []
        todo = [root]
        while todo:
            name = todo.pop()
            if name in msgs:
                continue
            msgs.append(name)
            for f in self.model.messages[name].fields:
                kind = f.value_kind if f.kind == "map" else f.kind
                if kind == "message" and f.target:
                    todo.append(f.target)
                elif kind == "enum" and f.target and f.target not in enums:
                    enums.append(f.target)
        return sorted(msgs), sorted(enums)

    def defs(self, msgs: list[str], enums: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in sorted(msgs + enums):
            if name in self.model.messages:
                out[name] = self.message_schema(self.model.messages[name])
            else:
                out[name] = self.enum_schema(self.model.enums[name])
        return out


def origin(e: Enum) -> str:
    return f"proto: {e.full_name}" if e.full_name else f"added from {e.source}"


def schema_id(dialect: str, name: str) -> str:
    return f"https://gemini-wire.invalid/schema/{dialect}/{name}.json"


def entry_schema(model: Model, overlay: Overlay, entry: str) -> dict[str, Any]:
    request = entry == "GenerateContentRequest"
    em = Emitter(model, overlay, wire=True, request=request)
    msgs, enums = em.closure(model.roots[entry])
    kind = "request" if request else "response" if entry == "GenerateContentResponse" else "error body"
    return {
        "$schema": JSON_SCHEMA,
        "$id": schema_id(model.dialect, entry),
        "title": f"{entry} ({model.dialect})",
        "description": (
            f"A {kind} as the {model.dialect} server accepts it: camelCase or snake_case keys, "
            "enum names or numbers, numbers as strings, null for unset."
            + ("" if request else " Unknown keys and enum values are tolerated.")
        ),
        "$ref": f"#/$defs/{model.roots[entry]}",
        "$defs": em.defs(msgs, enums),
    }


def canonical_schema(model: Model, overlay: Overlay) -> dict[str, Any]:
    em = Emitter(model, overlay, wire=False, request=False)
    return {
        "$schema": JSON_SCHEMA,
        "$id": schema_id(model.dialect, "canonical"),
        "title": f"gemini-wire canonical types ({model.dialect})",
        "description": (
            "Every message in the canonical form that gemini-wire writes: camelCase keys, enum "
            "names, standard padded base64, 64-bit integers as numbers, unset fields omitted."
        ),
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in model.roots.values()],
        "$defs": em.defs(sorted(model.messages), sorted(model.enums)),
    }
