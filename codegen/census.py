"""Writes the census function of a dialect: which fields a request sets, in one pass, as Python source.

What lint's census is for, and how its bits select checks: gemini_wire/census.py. Here the census
of a dialect's requests is written out as straight-line Python from its Structs alone (every field
of the request, its Parts, its generation config and its tools); codegen/generate.py writes it to
`_generated/<dialect>_census.py` (checked in, drift tested), which the dialect module imports.
"""

from __future__ import annotations

from gemini_wire.codec.table import Table


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
        # A Part that sets one field besides text (a function call, a response, inline data)
        # stops at that field: the other fields are known to be unset.
        first, *rest = others
        return [
            f"{indent}text = p.text",
            f"{indent}if text is UNSET:",
            f"{indent}    unset = {len(part)}",
            f"{indent}else:",
            f"{indent}    seen |= {bit['part.empty_text']:#x} if text == '' else {bit['part.text']:#x}",
            f"{indent}    unset = {len(part) - 1}",
            f"{indent}more = unset - astuple(p).count(UNSET)  # fields set besides text",
            f"{indent}if more:",
            f"{indent}    found.append(({path}, p))",
            f"{indent}    if more != 1:",
            *(f"{indent}        if p.{name} is not UNSET:\n{indent}            seen |= {bit['part.' + name]:#x}" for name in others),
            f"{indent}    elif p.{first} is not UNSET:\n{indent}        seen |= {bit['part.' + first]:#x}",
            *(f"{indent}    elif p.{name} is not UNSET:\n{indent}        seen |= {bit['part.' + name]:#x}" for name in rest),
        ]

    lines = [
        header.rstrip("\n"),
        f'"""The census of a {table.dialect} request: which fields it sets, in one pass.',
        "",
        "Written by codegen/census.py from the dialect's Structs; see gemini_wire/census.py.",
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
