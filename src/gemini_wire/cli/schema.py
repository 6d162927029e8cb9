"""The checked-in JSON Schemas (package data), and a self-contained schema for any one message.

Each file under schema/<dialect>/ holds every message it uses in `$defs`. A message is taken
from the first file that has it: the request's (as the server accepts it in a request), then the
response's, then the error body's (for the Interactions API: the request's, the Interaction's,
the stream event's, the error body's); with it go exactly the definitions it refers to.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

from gemini_wire import dialects

FILES = ("GenerateContentRequest", "GenerateContentResponse", "ErrorBody")
# The Interactions API's files (codegen/interactions.py): its request is one of two create calls
# (a `oneOf`, no definition of its own), its response an Interaction, its stream event one type.
INTERACTIONS_FILES = ("CreateInteractionRequest", "Interaction", "InteractionSSEEvent", "ErrorBody")
REF_PREFIX = "#/$defs/"


class UnknownMessage(LookupError):
    """No message of that name in the dialect's schemas."""


def folder(dialect: str) -> str:
    """The folder below schema/ of a dialect name or alias (`gemini`, `interactions-v1`)."""
    return dialect if dialect in dialects.INTERACTIONS else dialects.canonical(dialect)


def files_of(dialect: str) -> tuple[str, ...]:
    """The dialect's schema files, by name, in the order a message is looked up in them; the
    first is its request's."""
    return INTERACTIONS_FILES if dialect in dialects.INTERACTIONS else FILES


def load(dialect: str, name: str) -> dict[str, Any]:
    """One checked-in schema file, parsed."""
    text = files("gemini_wire").joinpath("schema", folder(dialect), f"{name}.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def messages(dialect: str) -> list[str]:
    """Every message (and enum) that `message_schema` can give, by name."""
    return sorted({*files_of(dialect), *(name for f in files_of(dialect) for name in load(dialect, f)["$defs"])})


def message_schema(dialect: str, message: str) -> dict[str, Any]:
    """A JSON Schema (2020-12) of one message, with the definitions it needs and no others."""
    for file in files_of(dialect):
        schema = load(dialect, file)
        if message == file:
            return schema
        defs: dict[str, Any] = schema["$defs"]
        if message in defs:
            needed = closure(defs, message)
            return {
                "$schema": schema["$schema"],
                "title": f"{message} ({dialect})",
                "description": f"{message} as the {dialect} server accepts it in a {file} (from {file}.json).",
                "$ref": REF_PREFIX + message,
                "$defs": {name: defs[name] for name in sorted(needed)},
            }
    raise UnknownMessage(message)


def closure(defs: dict[str, Any], root: str) -> set[str]:
    """The definition `root` and every definition it refers to, directly or not."""
    seen = {root}
    todo = [root]
    while todo:
        for ref in refs(defs[todo.pop()]):
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return seen


def refs(node: Any) -> Iterator[str]:
    """The names of the local definitions that a schema node refers to."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                yield value[len(REF_PREFIX) :]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)
