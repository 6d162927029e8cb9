"""Writes the census function of a dialect: which fields a request sets, in one pass, as Python source.

What lint's census is for, and how its bits select checks: gemini_wire/census.py. Here the census
of a dialect's requests is written out as straight-line Python from its Structs alone (every field
of the request, its Parts, its generation config and its tools); codegen/generate.py writes it to
`_generated/<dialect>_census.py` (checked in, drift tested), which the dialect module imports.
"""

from __future__ import annotations

from quick import Writer

from gemini_wire.codec.table import Table

ROOT = "GenerateContentRequest"


def source(table: Table, header: str) -> str:
    """The module `_generated/<dialect>_census.py` for one table."""
    module = table.dialect.replace("-", "_")

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
        "content.irregular",  # some content without parts, or with a role other than user and model
    ]
    bit = {name: 1 << i for i, name in enumerate(names)}
    # A content's test for "content.irregular", read where the census reaches its parts.
    irregular = [
        "            if not parts or (c.role != 'user' and c.role != 'model'):",
        f"                seen |= {bit['content.irregular']:#x}",
    ]
    besides_text = sum(bit[f"part.{name}"] for name in others)

    # `checked`: the census and the codec's quick check of the request in one walk, for lint,
    # which would otherwise walk every Part twice. A Part that is only text (most of a chat) is
    # settled by one comparison in C with a blank Part given the same text (Writer.settled),
    # which also says that the quick check has nothing to find on it; any other Part gets the
    # quick check's own code (codegen/quick.py) and its bits from `part_bits`. The rest of the request is the quick check's, less the
    # contents and the system instruction, whose Parts are checked here.
    constants: dict[str, str] = {}
    writer = Writer(table, request=True, constants=constants, calls="q.", fail="None")
    content = table.messages["Content"]
    if writer.conditions("Content", "c") or "Content" in writer.nesting or [f.json_name for f in writer.steps("Content")] != ["parts"]:
        raise ValueError(f"{table.dialect}: a Content has checks besides its Parts'; checked() would skip them")
    assert content.by_key["parts"].target == "Part"
    skipped = frozenset({"contents", "systemInstruction"})
    rest = writer.block(ROOT, "o", 1, (ROOT,), 0, skip=skipped)
    rest = [*writer.blank_lines("    "), *rest]

    def checked_part(indent: str, path: str, level: int) -> list[str]:
        # A Part equal to a blank Part given its text holds text alone (Writer.only_first,
        # Writer.settled); any other goes the long way: the quick check, then its bits.
        text = f"seen |= {bit['part.text']:#x} if t_p else {bit['part.empty_text']:#x}"
        quick = writer.block("Part", "p", len(indent) // 4, (ROOT, "Content", "Part"), level, settle=(text,))
        return [
            *quick,
            f"{indent}bits = part_bits(p)",
            f"{indent}seen |= bits",
            f"{indent}if bits & {besides_text:#x}:",
            f"{indent}    found.append(({path}, p))",
        ]

    in_contents = checked_part(" " * 16, '("contents", i, "parts", j)', 4)
    in_system = checked_part(" " * 16, '("systemInstruction", "parts", j)', 3)
    blanks = writer.blank_lines("    ")

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
        f"from gemini_wire._generated import {module} as s",
        f"from gemini_wire._generated import {module}_quick as q",
        "from gemini_wire.bounds import check_keywords, deeper",
        "from gemini_wire.limits import MAX_DEPTH",
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
        f"                seen |= {bit['content.irregular']:#x}",
        "                continue",
        *irregular,
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
        "",
        "",
        *(f"{k} = {v}" for k, v in constants.items()),
        "",
        "",
        "def part_bits(p, U=UNSET):",
        '    """The bits of NAMES that Part `p` sets."""',
        "    seen = 0",
        "    t = p.text",
        "    if t is not U:",
        f"        seen = {bit['part.empty_text']:#x} if t == '' else {bit['part.text']:#x}",
        *(f"    if p.{name} is not U:\n        seen |= {bit['part.' + name]:#x}" for name in others),
        "    return seen",
        "",
        "",
        "def rest(o, lv=0, U=UNSET):",
        '    """The quick check of a request, less its contents and system instruction."""',
        *rest,
        "    return True",
        "",
        "",
        "def checked(r, lv=0, U=UNSET):",
        '    """census(r) when the codec\'s quick check of request `r` has nothing to report (the',
        '    Parts of both walked once), else None."""',
        *blanks,
        "    seen = 0",
        "    found = []",
        *(f"    if r.{name} is not U:\n        seen |= {bit[name]:#x}" for name in top),
        "    contents = r.contents",
        "    if contents is not U:",
        "        for i, c in enumerate(contents):",
        "            parts = c.parts",
        "            if parts is U:",
        f"                seen |= {bit['content.irregular']:#x}",
        "                continue",
        *irregular,
        "            for j, p in enumerate(parts):",
        *in_contents,
        "    si = r.system_instruction",
        "    if si is not U:",
        "        parts = si.parts",
        "        if parts is not U:",
        "            for j, p in enumerate(parts):",
        *in_system,
        "    if not rest(r):",
        "        return None",
        "    g = r.generation_config",
        "    if g is not U and g is not None:",
        *(f"        if g.{name} is not U:\n            seen |= {bit['generation_config.' + name]:#x}" for name in config),
        "    tools = r.tools",
        "    if tools is not U and tools is not None:",
        "        for t in tools:",
        *(f"            if t.{name} is not U:\n                seen |= {bit['tool.' + name]:#x}" for name in tool),
        "    return seen, found",
    ]
    return "\n".join(lines) + "\n"
