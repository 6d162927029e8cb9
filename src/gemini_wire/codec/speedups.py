"""The quick check in C (codec/_quick_c.c), when the extension was built; the Python one else.

The generated quick check (`_generated/<dialect>_quick.py`, codegen/quick.py) is Python bytecode:
on a 7 KB chat request it costs a third of msgspec's whole parse. The extension walks the same
plan (codec/checks.py: `plan`, `leads`, `nesting`) with one generic walker, driven by the table
that `tables` builds here once per dialect and direction. It answers True only where the Python
check would; where it is not sure (a subclass kept for a response's new keys, a limit broken, a
oneof conflict, anything unusual) it asks the Python check of the same message, so a check made by
`accelerate` gives the Python check's verdict, always (tests/test_quick_c.py holds it to that).

The package installs without a compiler (the extension is optional in pyproject.toml); then, or
with GEMINI_WIRE_PURE_PYTHON set (to anything but "" or "0", read once at import), `accelerate`
hands back the Python checks.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from msgspec import UNSET

from gemini_wire.bounds import check_keywords
from gemini_wire.codec.checks import Oneof, leads, nesting, plan
from gemini_wire.codec.table import Limit, Table
from gemini_wire.limits import MAX_DEPTH

try:
    import gemini_wire.codec._quick_c as compiled_module
except ImportError:  # installed without a compiler: the Python check alone
    compiled_module = None  # type: ignore[assignment]

PURE_PYTHON = os.environ.get("GEMINI_WIRE_PURE_PYTHON", "") not in ("", "0")
COMPILED = None if PURE_PYTHON else compiled_module

# A node of the table: (Struct class, oneofs as (attrs, blank or None), requires_true pairs as
# (attr, attr), limits as (attr, keywords), data fields (attrs), steps as (attr, kind, node)).
Node = tuple[type, list[tuple[tuple[str, ...], Any]], list[tuple[str, str]], list[tuple[str, Any]], list[str], list[tuple[str, int, int]]]
ONE, LIST, MAP = 0, 1, 2


def nodes(table: Table, *, request: bool) -> tuple[list[Node], dict[str, int]]:
    """The table of the C walker: one node per message worth a visit (`leads`), and their index
    by message name. The same plan as the Checker's closures and codegen/quick.py's code."""
    worth = leads(table, request=request)
    data = nesting(table)
    names = [name for name in table.messages if worth[name]]
    index = {name: i for i, name in enumerate(names)}
    out: list[Node] = []
    for name in names:
        spec = table.messages[name]
        oneofs: list[tuple[tuple[str, ...], Any]] = []
        requires: list[tuple[str, str]] = []
        limits: list[tuple[str, Any]] = []
        for planned in plan(table, spec, request=request):
            if isinstance(planned, Oneof):
                # A required oneof refuses only a message with nothing set: compared with a blank.
                blank = spec.cls() if planned.required is not None else None
                oneofs.append((tuple(spec.attrs[m.json_name] for m in planned.members), blank))
            elif isinstance(planned, Limit):
                limits.append((spec.attrs[planned.field], planned.keywords))
            else:
                requires.append((spec.attrs[planned["field"]], spec.attrs[planned["other"]]))
        steps = [
            (spec.attrs[f.json_name], MAP if f.is_map else LIST if f.repeated else ONE, index[f.target])
            for f in spec.fields
            if f.kind == "message" and f.target and worth[f.target]
        ]
        values = [spec.attrs[f.json_name] for f in data.get(name, ())]
        out.append((spec.cls, oneofs, requires, limits, values, steps))
    return out, index


def accelerate(table: Table, quick: dict[str, Callable[[Any], bool]], *, request: bool) -> dict[str, Callable[[Any], bool]]:
    """The quick checks by message name: each the C check, which asks the Python one (`quick`)
    when it is not sure; the Python ones as they are when the extension is not there."""
    if COMPILED is None:
        return quick
    table_nodes, index = nodes(table, request=request)
    compiled = COMPILED.Plan(table_nodes, UNSET, check_keywords, MAX_DEPTH)
    return {name: compiled.quick(index[name], fn) for name, fn in quick.items()}


def spellings(table: Table, walks: dict[type, Callable[[Any], bool]], enums: dict[type, Any]) -> dict[type, Callable[[Any], bool]]:
    """encode's question, asked the other way round: by message class, a check that is True
    where no enum field below a Struct holds a str that encode writes in another spelling
    (codec/encode.py). In C where the extension was built, asking the generated walk
    (`walks`, codegen/spell.py, True where something is to respell) when it is not sure; that
    walk negated else. `enums` are the dialect's enum fields by class, as codegen/spell.py gives
    them: (attribute, wire name, values by their upper case, 0 one, 1 a list, 2 a map)."""
    python = {cls: negated(walk) for cls, walk in walks.items()}
    if COMPILED is None:
        return python
    names = [name for name, spec in table.messages.items() if spec.cls in walks]
    index = {name: i for i, name in enumerate(names)}
    rows: list[tuple[Any, ...]] = []
    for name in names:
        spec = table.messages[name]
        steps = [
            (spec.attrs[f.json_name], MAP if f.is_map else LIST if f.repeated else ONE, index[f.target])
            for f in spec.fields
            if f.kind == "message" and f.target in index
        ]
        # A value encode writes as it is: one whose upper case names it (spell.py's walk asks
        # `values.get(v.upper(), v) != v`).
        fields = [
            (attr, held, frozenset(v for v in values.values() if values.get(v.upper()) == v))
            for attr, _, values, held in enums.get(spec.cls, ())
        ]
        rows.append((spec.cls, [], [], [], [], steps, fields))
    compiled = COMPILED.Plan(rows, UNSET, check_keywords, MAX_DEPTH)
    return {table.messages[name].cls: compiled.quick(index[name], python[table.messages[name].cls]) for name in names}


def negated(walk: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """The check that is True where `walk` (a spelling walk) finds nothing to respell."""

    def clean(obj: Any) -> bool:
        return not walk(obj)

    return clean
