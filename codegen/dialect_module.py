"""Writes the public module of a dialect (`gemini_wire.gemini`, `gemini_wire.vertex_v1beta1`, ...).

The four generateContent modules differ only in names, so one template writes them all, and the
two of the Interactions API (`gemini_wire.interactions`, `gemini_wire.interactions_v1beta`: one
spec, codegen/interactions.py) another; they exist as files for
type checkers and readers: `from gemini_wire import gemini` gives the dialect's Structs by name
(`gemini.GenerateContentRequest`), and `gemini.decode_request` returns its request Struct. Each
imports its generated modules explicitly and hands them to its Dialect, which the registry
(gemini_wire/dialects.py) finds as the module's DIALECT.

What each dialect is called comes from src/gemini_wire/endpoints.py (INFO, ALIASES, INTERACTIONS), loaded by
its path: it imports nothing of the package, which needs the files written here.
"""

from __future__ import annotations

import importlib.util
import sys
import types

import interactions
from model import SRC

TEMPLATE = '''{header}"""{title}: its Structs and its codec (dialect `{name}`{short}).

    from gemini_wire import {module}
    request = {module}.decode_request(body)          # bytes or str in, Structs out
    body = {module}.encode(request)                  # canonical camelCase JSON bytes
"""

from __future__ import annotations

from gemini_wire._generated import {generated} as _structs
from gemini_wire._generated import {generated}_census as _census
from gemini_wire._generated import {generated}_quick as _quick
from gemini_wire._generated import {generated}_spell as _spell
from gemini_wire._generated import {generated}_wire as _wire
from gemini_wire._generated.{generated} import *  # noqa: F403 (the Structs are this module's API)
from gemini_wire._generated.{generated} import ErrorBody, GenerateContentRequest, GenerateContentResponse
from gemini_wire.codec import encode, unknown_fields
from gemini_wire.dialect import Dialect, public_names
from gemini_wire.dialects import other_tables as _other_tables

DIALECT = Dialect(
    _structs,
    _wire,
    _quick,
    _census,
    GenerateContentRequest,
    GenerateContentResponse,
    ErrorBody,
    others=_other_tables,
    spell=_spell,
)
decode_request = DIALECT.decode_request
decode_response = DIALECT.decode_response
decode_error = DIALECT.decode_error
check = DIALECT.check
validate = DIALECT.validate
lint_request = DIALECT.lint_request
lint_response = DIALECT.lint_response
lint_error = DIALECT.lint_error

__all__ = [
    "DIALECT",
    "check",
    "decode_error",
    "decode_request",
    "decode_response",
    "encode",
    "lint_error",
    "lint_request",
    "lint_response",
    "unknown_fields",
    "validate",
    *public_names(_structs),
]
'''

# The Interactions API: its Dialect's type parameters are spelled out, so that a type checker
# knows what `interactions.decode_request` returns (the union of the two create calls).
INTERACTIONS_TEMPLATE = '''{header}"""{title}: its Structs and its codec (dialect `{name}`).

    from gemini_wire import {module}
    request = {module}.decode_request(body)          # bytes or str in, Structs out
    interaction = {module}.decode_response(body)     # an Interaction, what is newer kept
    body = {module}.encode(request)                  # JSON bytes, snake_case, unset fields omitted
    events = list({module}.iter_events(chunks))     # an SSE stream (`stream: true`), any split
    interaction = {module}.aggregate(events)         # what the same call without `stream` answers
"""

from __future__ import annotations

from gemini_wire._generated import {generated} as _structs
from gemini_wire._generated import {generated}_wire as _wire
from gemini_wire._generated.{generated} import *  # noqa: F403 (the Structs are this module's API)
from gemini_wire._generated.{generated} import (
    CreateAgentInteraction,
    CreateModelInteraction,
    ErrorBody,
    Interaction,
    InteractionSSEEvent,
)
from gemini_wire.codec import encode, unknown_fields
from gemini_wire.codec.tagged import UnknownKind
from gemini_wire.dialect import public_names
from gemini_wire.interactions_dialect import InteractionsDialect

DIALECT: InteractionsDialect[
    CreateModelInteraction | CreateAgentInteraction, Interaction, InteractionSSEEvent, ErrorBody
] = InteractionsDialect("{name}", _structs, _wire, Interaction, InteractionSSEEvent, ErrorBody)
decode_request = DIALECT.decode_request
decode_response = DIALECT.decode_response
decode_event = DIALECT.decode_event
decode_error = DIALECT.decode_error
iter_events = DIALECT.iter_events
aggregate = DIALECT.aggregate
lint = DIALECT.lint

__all__ = [
    "DIALECT",
    "UnknownKind",
    "aggregate",
    "decode_error",
    "decode_event",
    "decode_request",
    "decode_response",
    "encode",
    "iter_events",
    "lint",
    "unknown_fields",
    *public_names(_structs),
]
'''


def load_endpoints() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("gemini_wire_endpoints", SRC / "gemini_wire" / "endpoints.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


ENDPOINTS = load_endpoints()


def modules() -> dict[str, str]:
    """Each dialect's public module, by file name below src/gemini_wire (`gemini.py`,
    `interactions.py`)."""
    every = {**ENDPOINTS.INFO, **ENDPOINTS.INTERACTIONS}
    return {info.module.rsplit(".", 1)[-1] + ".py": name for name, info in every.items()}


def source(name: str, header: str) -> str:
    """The public module of dialect `name`."""
    if name in ENDPOINTS.INTERACTIONS:
        return interactions_source(name, header)
    info = ENDPOINTS.INFO[name]
    aliases = [alias for alias, full in ENDPOINTS.ALIASES.items() if full == name]
    return TEMPLATE.format(
        header=header,
        title=info.title[:1].upper() + info.title[1:],
        name=name,
        short="".join(f"; `{alias}` for short" for alias in aliases),
        module=info.module.rsplit(".", 1)[-1],
        generated=name.replace("-", "_"),
    )


def interactions_source(name: str, header: str) -> str:
    """The public module of Interactions dialect `name`: every version reads the one spec's
    Structs (codegen/interactions.py, MODULE)."""
    info = ENDPOINTS.INTERACTIONS[name]
    return INTERACTIONS_TEMPLATE.format(
        header=header,
        title=info.title[:1].upper() + info.title[1:],
        name=name,
        module=info.module.rsplit(".", 1)[-1],
        generated=interactions.MODULE,
    )
