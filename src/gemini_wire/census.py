"""The census of a request: which fields it sets, in one pass, and so which of lint's checks run.

A check's `reads` (its registration in gemini_wire.checks) names what it needs: a field of the request
("generation_config"), "part.<field>" for a field set on any Part (or "part.empty_text"),
"generation_config.<field>", or "tool.<field>" for a field set on any Tool. A check runs only
when one of them is present; one that reads nothing always runs. This is what keeps lint near
the cost of decoding: most rules are about a part of the request that most requests lack.

The census function of a dialect is written out as straight-line Python by `source` below, from
the dialect's Structs alone (every field of the request, its Parts, its generation config and its
tools): codegen/generate.py writes it to `_generated/<dialect>_census.py` (checked in, drift
tested). Which checks a census selects depends on the checks' registrations, so `Census` decides
that here, at run time, once per distinct census.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from gemini_wire.checks import CHECKS, Check, Clean, Registered
from gemini_wire.codec.table import Table
from gemini_wire.findings import Path
from gemini_wire.models import Profile
from gemini_wire.rules import Rule

# A selected check: the function, the rule when its findings' severity depends on the model, and
# the check's test that there is nothing to find (Registered.clean).
Selected = tuple[Check, "Rule | None", "Clean | None"]

# What the census function gives: a bit per name of NAMES, and (path, Part) for each Part that
# sets a field other than text (the parts that most part checks are about).
Counted = tuple[int, list[tuple[Path, Any]]]


class Census:
    """The census function of one dialect, and the checks to run for each census it gives."""

    def __init__(self, dialect: str, api: str) -> None:
        module = importlib.import_module(f"gemini_wire._generated.{dialect.replace('-', '_')}_census")
        self.names: tuple[str, ...] = module.NAMES
        self.census: Callable[[Any], Counted] = module.census
        self.rules = [r for r in CHECKS.values() if api in r.rule.dialects]
        self.every: list[Selected] = [(check, escalating, None) for check, escalating, _ in map(selected, self.rules)]
        self.chosen: dict[tuple[int, str | None], list[Selected]] = {}

    def present(self, seen: int) -> set[str]:
        """The names of what a request with this census has."""
        return {name for i, name in enumerate(self.names) if seen >> i & 1}

    def select(self, seen: int, model: Profile | None) -> list[Selected]:
        """The checks that can report on a request with this census, for a model of this profile."""
        key = seen, model.pattern if model is not None else None
        checks = self.chosen.get(key)
        if checks is None:
            present = self.present(seen)
            checks = [
                selected(r)
                for r in self.rules
                if (not r.reads or not present.isdisjoint(r.reads)) and (r.models is None or r.models(model))
            ]
            if len(self.chosen) < 4096:  # distinct censuses are few; never grow without bound
                self.chosen[key] = checks
        return checks


def selected(r: Registered) -> Selected:
    return r.check, (r.rule if r.rule.escalate else None), r.clean


def source(table: Table, header: str) -> str:
    """The module `_generated/<dialect>_census.py` for one table."""

    def fields(message: str) -> list[str]:
        return list(table.messages[message].cls.__struct_fields__)

    top, part = fields("GenerateContentRequest"), fields("Part")
    config, tool = fields("GenerationConfig"), fields("Tool")
    others = [name for name in part if name != "text"]
    names = [
        *top,
        "part.empty_text",
        "part.text",
        *(f"part.{name}" for name in others),
        *(f"generation_config.{name}" for name in config),
        *(f"tool.{name}" for name in tool),
    ]
    bit = {name: 1 << i for i, name in enumerate(names)}

    def part_lines(indent: str, path: str) -> list[str]:
        # A Part that is only text (most of a chat) costs one C-level read of its other fields.
        # (astuple and count are C: half the cost of reading the other fields one by one.)
        return [
            f"{indent}text = p.text",
            f"{indent}if text is UNSET:",
            f"{indent}    unset = {len(part)}",
            f"{indent}else:",
            f"{indent}    seen |= {bit['part.empty_text']:#x} if text == '' else {bit['part.text']:#x}",
            f"{indent}    unset = {len(part) - 1}",
            f"{indent}if astuple(p).count(UNSET) != unset:",
            f"{indent}    found.append(({path}, p))",
            *(f"{indent}    if p.{name} is not UNSET:\n{indent}        seen |= {bit['part.' + name]:#x}" for name in others),
        ]

    lines = [
        header.rstrip("\n"),
        f'"""The census of a {table.dialect} request: which fields it sets, in one pass.',
        "",
        "Written by gemini_wire/census.py from the dialect's Structs; see there.",
        '"""',
        "",
        "from msgspec import UNSET",
        "from msgspec.structs import astuple",
        "",
        "# Bit i of a census says that the request has NAMES[i].",
        "NAMES = (",
        *(f"    {name!r}," for name in names),
        ")",
        "",
        "",
        "def census(r):",
        '    """The bits of NAMES that request `r` has, and (path, Part) of each Part that sets a',
        '    field other than text."""',
        "    seen = 0",
        "    found = []",
        *(f"    if r.{name} is not UNSET:\n        seen |= {bit[name]:#x}" for name in top),
        "    contents = r.contents",
        "    if contents is not UNSET:",
        "        for i, c in enumerate(contents):",
        "            parts = c.parts",
        "            if parts is UNSET:",
        "                continue",
        "            for j, p in enumerate(parts):",
        *part_lines(" " * 16, '("contents", i, "parts", j)'),
        "    si = r.system_instruction",
        "    if si is not UNSET and si.parts is not UNSET:",
        "        for j, p in enumerate(si.parts):",
        *part_lines(" " * 12, '("systemInstruction", "parts", j)'),
        "    g = r.generation_config",
        "    if g is not UNSET and g is not None:",
        *(f"        if g.{name} is not UNSET:\n            seen |= {bit['generation_config.' + name]:#x}" for name in config),
        "    tools = r.tools",
        "    if tools is not UNSET and tools is not None:",
        "        for t in tools:",
        *(f"            if t.{name} is not UNSET:\n                seen |= {bit['tool.' + name]:#x}" for name in tool),
        "    return seen, found",
    ]
    return "\n".join(lines) + "\n"
