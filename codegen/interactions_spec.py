"""Read the Interactions API's wire types from the pinned google-genai SDK, as JSON Schema.

Google publishes the Interactions API as an OpenAPI document (one per endpoint version); a copy
is vendored in LiteLLM's tests (manifest.json names it) but could not be fetched into this
offline build, so the spec is derived from the types that Speakeasy generated from
that document into the pinned SDK (google-genai 3.6.1, `google/genai/_gaos/types/interactions/`,
built from the document's version `__openapi_doc_version__` in `_gaos/_version.py`):

    .venv/bin/python codegen/interactions_spec.py     (`make update-spec` runs it)

writes codegen/upstream/interactions.json and the Interactions dialects' rows of
codegen/upstream/manifest.json (what the spec is derived from, and how). Only names, types, requiredness, enum values, discriminators and
deprecations are read; no prose. The output is pure data (sorted keys), so a second run on the
same SDK writes the same bytes; tests/test_interactions_drift.py runs it on the installed SDK
and compares it with the pinned copy.

How the SDK's types map to JSON Schema (each pydantic model class is one schema, by its name):

    Optional[X]                          X, the field not required
    Union[Literal[...], UnrecognizedStr] an open enum: {"enum": [...], "x-open": true}
    Annotated[Union[...], parse_open_union(disc_key, variants, union_name)]
                                         a union named `union_name`, discriminated by `disc_key`
                                         (the SDK's Unknown* class, its fallback, left out)
    Literal["x"]                         {"const": "x"}
    List[X], Dict[str, X], Any           arrays, maps (additionalProperties), any JSON value
"""

from __future__ import annotations

import functools
import json
import types
import typing
from pathlib import Path
from typing import Any

import pydantic
import typing_extensions
from google.genai._gaos import _version
from google.genai._gaos.types import interactions as sdk
from google.genai._gaos.types.basemodel import UnrecognizedStr
from google.genai.version import __version__ as SDK_VERSION

UPSTREAM = Path(__file__).resolve().parent / "upstream"
DIALECTS = ("interactions-v1", "interactions-v1beta")
# The wire messages read from the SDK; what they use is read with them.
ROOTS = (
    "CreateModelInteraction",
    "CreateAgentInteraction",
    "Interaction",
    "InteractionSSEEvent",
    "Error",
)
SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    Any: {},
}


def alias_names() -> dict[frozenset[Any], str]:
    """The SDK's names of its enums (`ThinkingLevel`, by their values) and of its unions
    (`ResponseFormat`, by their member classes), where a field's type does not carry one."""
    names: dict[frozenset[Any], list[str]] = {}
    for name in dir(sdk):
        value = getattr(sdk, name)
        if isinstance(value, typing_extensions.TypeAliasType):
            value = value.__value__
        if typing.get_origin(value) is typing.Annotated:
            value = typing.get_args(value)[0]
        if typing.get_origin(value) is not typing.Union or name.endswith("Param"):
            continue
        members = typing.get_args(value)
        literals = [a for a in members if typing.get_origin(a) is typing.Literal]
        if UnrecognizedStr in members and len(literals) == 1:
            names.setdefault(frozenset(typing.get_args(literals[0])), []).append(name)
        else:
            models = [m for m in members if isinstance(m, type) and issubclass(m, pydantic.BaseModel)]
            models = [m for m in models if not m.__name__.startswith("Unknown")]
            if len(models) > 1:
                names.setdefault(frozenset(models), []).append(name)
    return {key: sorted(found, key=lambda n: (len(n), n))[0] for key, found in names.items()}


def tag_of(cls: type[pydantic.BaseModel]) -> dict[str, str]:
    """The constant fields of a model class (`{"type": "text"}`): what may discriminate it."""
    return {
        f.alias or attr: typing.get_args(f.annotation)[0]
        for attr, f in cls.model_fields.items()
        if typing.get_origin(f.annotation) is typing.Literal and len(typing.get_args(f.annotation)) == 1
    }


class Reader:
    """Walks the SDK's types from the roots, collecting one schema per name."""

    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {}
        self.names = alias_names()

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def model(self, cls: type[pydantic.BaseModel]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.schemas:
            self.schemas[name] = None  # being read (a type may hold itself)
            properties: dict[str, Any] = {}
            required = []
            for attr, f in cls.model_fields.items():
                key = f.alias or attr
                # A union's discriminator is on the field (its metadata) or on the type (Annotated).
                ann = typing.Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation
                schema = self.value(ann, owner=name, field=key)
                if f.deprecated:
                    schema = {**schema, "deprecated": True}
                properties[key] = schema
                if f.is_required():
                    required.append(key)
            out: dict[str, Any] = {"type": "object", "properties": properties}
            if required:
                out["required"] = required
            self.schemas[name] = out
        return self.ref(name)

    def union(
        self, members: list[Any], validator: functools.partial[Any] | None, owner: str, field: str
    ) -> dict[str, Any]:
        if validator is not None:  # a discriminated union: parse_open_union's arguments say how
            kw = validator.keywords
            name = kw["union_name"]
            if name not in self.schemas:
                self.schemas[name] = None
                mapping = {tag: self.model(cls)["$ref"] for tag, cls in sorted(kw["variants"].items())}
                self.schemas[name] = {
                    "oneOf": [{"$ref": r} for r in sorted(set(mapping.values()))],
                    "discriminator": {"propertyName": kw["disc_key"], "mapping": mapping},
                }
            return self.ref(name)
        models = [m for m in members if isinstance(m, type) and issubclass(m, pydantic.BaseModel)]
        keys = set.intersection(*(set(tag_of(m)) for m in models)) if len(models) > 1 else set()
        variants = {tag_of(m)[k]: m for m in models for k in keys}
        if len(keys) == 1 and len(variants) == len(models):
            # Model classes that the SDK tells apart by trying each: discriminated by the one
            # constant field that all have (`type`); what else the union takes stays beside it.
            name = self.names.get(frozenset(models)) or f"{owner}{field.title().replace('_', '')}"
            disc = functools.partial(print, disc_key=keys.pop(), variants=variants, union_name=name)
            tagged = self.union([], disc, owner, field)
            rest = [m for m in members if m not in models]
            return (
                tagged
                if not rest
                else {"anyOf": [tagged, *(self.value(m, owner=owner, field=field) for m in rest)]}
            )
        literals = [m for m in members if typing.get_origin(m) is typing.Literal]
        others = [
            self.value(m, owner=owner, field=field)
            for m in members
            if m not in literals and m is not UnrecognizedStr
        ]
        if literals:  # an enum (open with UnrecognizedStr), alone or beside other forms
            values = [v for lit in literals for v in typing.get_args(lit)]
            name = self.names.get(frozenset(values)) or f"{owner}{field.title().replace('_', '')}"
            self.schemas.setdefault(
                name, {"type": "string", "enum": values, "x-open": UnrecognizedStr in members}
            )
            others.append(self.ref(name))
        return others[0] if len(others) == 1 else {"anyOf": others}

    def value(self, ann: Any, *, owner: str, field: str) -> dict[str, Any]:
        validator = None
        while True:
            if isinstance(ann, typing_extensions.TypeAliasType):
                ann = ann.__value__
            elif typing.get_origin(ann) is typing.Annotated:
                for meta in ann.__metadata__:
                    func = meta if isinstance(meta, functools.partial) else getattr(meta, "func", None)
                    if isinstance(func, functools.partial) and "disc_key" in func.keywords:
                        validator = func
                ann = typing.get_args(ann)[0]
            else:
                break
        origin = typing.get_origin(ann)
        if origin in (typing.Union, types.UnionType):
            members = [
                m
                for m in typing.get_args(ann)
                if m is not type(None) and not getattr(m, "__name__", "").startswith("Unknown")
            ]
            if len(members) == 1 and members[0] is not UnrecognizedStr:
                inner = members[0] if validator is None else typing.Annotated[members[0], validator]
                return self.value(inner, owner=owner, field=field)
            return self.union(members, validator, owner, field)
        if origin is typing.Literal:
            values = typing.get_args(ann)
            return {"const": values[0]} if len(values) == 1 else {"type": "string", "enum": list(values)}
        if origin is list:
            return {"type": "array", "items": self.value(typing.get_args(ann)[0], owner=owner, field=field)}
        if origin is dict:
            return {
                "type": "object",
                "additionalProperties": self.value(typing.get_args(ann)[1], owner=owner, field=field),
            }
        if isinstance(ann, type) and issubclass(ann, pydantic.BaseModel):
            return self.model(ann)
        if ann in SCALARS:
            return dict(SCALARS[ann])
        raise SystemExit(f"interactions_spec: no schema for {ann!r} ({owner}.{field})")


def spec() -> dict[str, Any]:
    """The wire types of the pinned SDK's Interactions API, as JSON Schema, with their source."""
    reader = Reader()
    for root in ROOTS:
        reader.value(getattr(sdk, root), owner=root, field="")
    return {
        "source": {
            "package": "google-genai",
            "version": SDK_VERSION,
            "types": "google/genai/_gaos/types/interactions/",
            "generator": "Speakeasy",
            "openapi_doc_version": _version.__openapi_doc_version__,
        },
        "roots": list(ROOTS),
        "schemas": dict(sorted(reader.schemas.items())),
    }


def main() -> int:
    data = spec()
    (UPSTREAM / "interactions.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    source = data["source"]
    row = {
        "derived": (
            "codegen/upstream/interactions.json, read by codegen/interactions_spec.py from the types that "
            f"Speakeasy generated into the SDK from Google's Interactions OpenAPI document "
            f"({source['openapi_doc_version']})"
        ),
        # Seen, not pinned: the build has no network, and the copy could only be read, not fetched.
        "document": (
            "a copy of Google's document (info.version v1beta) is vendored in BerriAI/litellm at "
            "tests/test_litellm/interactions/interactions.openapi.json, commit "
            "87b479577ba6c793c4d3bc0fbf8ed7c85e41c854; not pinned here, read for a cross-check: the "
            "facts it states that the SDK's types lack are rows of codegen/interactions_overlay.toml, "
            "each with its JSON pointer"
        ),
        "package": source["package"],
        "types": source["types"],
        "version": source["version"],
    }
    manifest = json.loads((UPSTREAM / "manifest.json").read_text())
    manifest.update(dict.fromkeys(DIALECTS, row))
    (UPSTREAM / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
