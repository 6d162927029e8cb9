"""The dialects: one per endpoint version that clients call, found by name or by endpoint URL.

    from gemini_wire import dialect, dialect_for_url
    d = dialect(dialect_for_url(url) or "gemini")   # a Dialect: decode_*, lint_*, encode

The names and URLs are `gemini_wire.endpoints` (re-exported here); this module is the one
registry of Dialect objects, each loaded when first named.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gemini_wire.endpoints import (
    ALIASES,
    API_TITLES,
    GEMINI_HOST,
    INFO,
    INTERACTIONS,
    METHOD,
    NAMES,
    NEAREST,
    VERTEX_HOST,
    Endpoint,
    Info,
    canonical,
    dialect_for_url,
    endpoint,
    full_name,
    info,
    interactions_info,
    split,
)

if TYPE_CHECKING:
    from gemini_wire.codec import Table
    from gemini_wire.dialect import Dialect
    from gemini_wire.interactions_dialect import InteractionsDialect


def dialect(name: str) -> Dialect[Any, Any, Any]:
    """The verbs of a dialect (`decode_request`, `lint_request`, ...) by name or alias."""
    # The one lookup of a module of ours by name: a dialect module is some 30 ms, loaded when named.
    module = importlib.import_module(info(name).module)
    found: Dialect[Any, Any, Any] = module.DIALECT
    return found


def interactions_dialect(name: str) -> InteractionsDialect[Any, Any, Any, Any]:
    """The verbs of an Interactions API dialect (`interactions-v1`, `interactions-v1beta`)."""
    module = importlib.import_module(interactions_info(name).module)
    found: InteractionsDialect[Any, Any, Any, Any] = module.DIALECT
    return found


def other_tables(name: str) -> list[Table]:
    """The field tables of the dialects other than `name`, the other versions of its API first:
    where a field unknown to `name` may be found (GW111)."""
    here = info(name)
    others = [n for n in NAMES if n != here.name]
    return [dialect(n).codec.table for n in sorted(others, key=lambda n: INFO[n].api != here.api)]


__all__ = [
    "ALIASES",
    "API_TITLES",
    "GEMINI_HOST",
    "INFO",
    "INTERACTIONS",
    "METHOD",
    "NAMES",
    "NEAREST",
    "VERTEX_HOST",
    "Endpoint",
    "Info",
    "canonical",
    "dialect",
    "dialect_for_url",
    "endpoint",
    "full_name",
    "info",
    "interactions_dialect",
    "interactions_info",
    "other_tables",
    "split",
]
