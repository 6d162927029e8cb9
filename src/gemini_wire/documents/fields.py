"""Fields of JSON values as the wire spells them: read by the exchange checks (documents.exchanges,
documents.contracts), which take documents as JSON values, not Structs, so that a key the
dialect does not know is still read and a document that does not decode is still compared.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any


@cache
def snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def get(obj: Any, name: str) -> Any:
    """A field of a JSON object under its camelCase or snake_case name (the wire takes both)."""
    if not isinstance(obj, dict):
        return None
    value = obj.get(name)
    return obj.get(snake(name)) if value is None else value


def items(value: Any) -> list[Any]:
    """A repeated field: a list, or the single object that the server takes for one."""
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def parts_of(content: Any) -> list[Any]:
    return items(get(content, "parts"))


def integer(value: Any, default: int) -> int:
    """An int32 of the wire: a number or a decimal string."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return default
