"""Writes the spelling walk of a dialect: does an enum field below a Struct hold a `str` that
`encode` writes in another spelling?

`encode` writes a known enum value canonically (`threshold="block_none"` as "BLOCK_NONE"): a
`str` stands in an enum field only where code put it, and a decoded tree holds enum members,
so nearly every tree has nothing to respell, and the answer must cost little next to msgspec's
encode. So the answer is written out per message, as quick.py writes the quick check: straight-line
Python over the messages that can hold an enum field (directly or below), the messages below
inlined (a call only where a type contains itself, as Schema does), and nothing for the others.

codegen/generate.py writes `_generated/<dialect>_spell.py` (checked in, drift tested); the dialect
module imports it and hands it to its Dialect, which gives it to gemini_wire/codec/encode.py:

    WALKS   message class -> `w_<Message>(o)`: True when a str below `o` is to be respelled
    ENUMS   message class -> its enum fields (attribute, wire name, the enum's values by their
            upper case, container: 0 one value, 1 a list, 2 a map), which encode's slow path
            respells
"""

from __future__ import annotations

from gemini_wire.codec.table import FieldSpec, Table

ONE, LIST, MAP = 0, 1, 2
ARGS = "U=UNSET, T=type, S=str"
# Fields that a valid message always has: message -> JSON names (each a message field).
ALWAYS = {"GenerateContentRequest": ("contents",)}  # GW204 (rules/contents.py): refused without


def container(f: FieldSpec) -> int:
    return MAP if f.is_map else LIST if f.repeated else ONE


class Writer:
    """The spelling walks and enum fields of one table."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.values: dict[str, str] = {}  # enum name -> the constant of its values
        self.called: set[str] = set()  # messages that contain themselves: s_<name> is called
        # A message leads to a respelling if it has an enum field or a message field that leads.
        self.leads = {name: bool(self.enum_fields(name)) for name in table.messages}
        changed = True
        while changed:
            changed = False
            for name in table.messages:
                if not self.leads[name] and self.steps(name):
                    self.leads[name] = changed = True

    def enum_fields(self, name: str) -> list[FieldSpec]:
        return [f for f in self.table.messages[name].fields if f.kind == "enum"]

    def steps(self, name: str) -> list[FieldSpec]:
        return [
            f for f in self.table.messages[name].fields if f.kind == "message" and f.target and self.leads.get(f.target)
        ]

    def constant(self, enum: str) -> str:
        """The module constant holding enum `enum`'s values by their upper case."""
        if enum not in self.values:
            self.values[enum] = f"V_{enum}"
        return self.values[enum]

    def names(self) -> list[str]:
        return [name for name in self.table.messages if self.leads[name]]

    def function(self, name: str) -> list[str]:
        # UNSET, type and str are bound as default arguments: a local is read faster than a global.
        return [f"def w_{name}(o, {ARGS}):", *self.block(name, "o", 1, (name,)), "    return False", "", ""]

    def below(self, name: str) -> list[str]:
        """`s_<name>(o)`, the messages below a `name` Struct whose enum fields the caller has read,
        called where a message contains itself and only when one of them is set (so no test that
        any is)."""
        spec = self.table.messages[name]
        lines = [f"def s_{name}(o, {ARGS}):"]
        for f in self.steps(name):
            lines += self.step(spec.attrs[f.json_name], f, "o", 1, (name,))
        return [*lines, "    return False", "", ""]

    def block(self, name: str, var: str, depth: int, stack: tuple[str, ...]) -> list[str]:
        """The fields of a `name` Struct in `var` that lead to a respelling. Where a oneof has
        members that lead and members that do not (Part: `functionResponse` and `text`), a
        member that does not, when set, leaves only the fields outside the oneof to read: a
        valid tree sets one member, and a text Part, most of a chat, is read in 6 tests instead
        of 10 (gemini-v1beta). A Part that sets two (GW104, an error that `check` reports and
        the server refuses) is read as its first member without an enum says."""
        spec = self.table.messages[name]
        fields = [*self.enum_fields(name), *self.steps(name)]
        plain, oneof = self.shortcut(name, fields)
        if not plain:
            return self.fields(name, fields, var, depth, stack)
        pad = "    " * depth
        test = " or ".join(f"{var}.{spec.attrs[m]} is not U" for m in plain)
        outside = [f for f in fields if f.json_name not in oneof]
        if outside:
            lines = [f"{pad}if {test}:", *self.fields(name, outside, var, depth + 1, stack), f"{pad}else:"]
        else:
            lines = [f"{pad}if not ({test}):"]
        return lines + self.fields(name, fields, var, depth + 1, stack)

    def shortcut(self, name: str, fields: list[FieldSpec]) -> tuple[list[str], frozenset[str]]:
        """The members of a oneof of `name` that do not lead to a respelling (in field order),
        and the oneof, where it has members that do; else nothing."""
        spec = self.table.messages[name]
        leading = {f.json_name for f in fields}
        for oneof in sorted(spec.oneofs):
            members = spec.oneofs[oneof]
            plain = [f.json_name for f in spec.fields if f.json_name in members and f.json_name not in leading]
            if plain and members & leading:
                return plain, members
        return [], frozenset()

    def fields(self, name: str, fields: list[FieldSpec], var: str, depth: int, stack: tuple[str, ...]) -> list[str]:
        """These fields of a `name` Struct in `var` (enum fields, then messages below), behind one
        test that any of them is set (most are unset), but for a field that a valid message
        always has, read first and alone (the test would only cost)."""
        pad = "    " * depth
        spec = self.table.messages[name]
        lines = []
        always = [f for f in fields if f.json_name in ALWAYS.get(name, ())]
        for f in always:
            lines += self.step(spec.attrs[f.json_name], f, var, depth, stack)
        fields = [f for f in fields if f not in always]
        if len(fields) > 1:  # one field alone is tested where it is read
            lines.append(f"{pad}if " + " or ".join(f"{var}.{spec.attrs[f.json_name]} is not U" for f in fields) + ":")
            pad, depth = pad + "    ", depth + 1
        for f in fields:
            if f.kind == "enum":
                lines += self.enum_lines(name, [f], var, depth)
            else:
                lines += self.step(spec.attrs[f.json_name], f, var, depth, stack)
        return lines

    def enum_lines(self, name: str, fields: list[FieldSpec], var: str, depth: int) -> list[str]:
        """True if one of these enum fields of the `name` Struct in `var` holds a str in another
        spelling."""
        pad = "    " * depth
        spec = self.table.messages[name]
        lines: list[str] = []
        for f in fields:
            assert f.target is not None
            values = self.constant(f.target)
            lines.append(f"{pad}e = {var}.{spec.attrs[f.json_name]}")
            if container(f) == ONE:
                lines += [f"{pad}if T(e) is S and {values}.get(e.upper(), e) != e:", f"{pad}    return True"]
            else:
                lines += [
                    f"{pad}if e is not U:",
                    f"{pad}    for y in e{'.values()' if f.is_map else ''}:",
                    f"{pad}        if T(y) is S and {values}.get(y.upper(), y) != y:",
                    f"{pad}            return True",
                ]
        return lines

    def step(self, attr: str, f: FieldSpec, var: str, depth: int, stack: tuple[str, ...]) -> list[str]:
        """Into the message of field `f` of `var`: its walk, inlined or called."""
        assert f.target is not None
        pad = "    " * depth
        value, item = f"v{len(stack)}", f"x{len(stack)}"
        lines = [f"{pad}{value} = {var}.{attr}", f"{pad}if {value} is not U:"]
        depth += 1
        if container(f) != ONE:
            lines.append(f"{'    ' * depth}for {item} in {value}{'.values()' if f.is_map else ''}:")
            target, depth = item, depth + 1
        else:
            target = value
        at = "    " * depth
        if f.target in stack:
            # A message that contains itself (Schema) is called, but its enum fields are read
            # here, and the call (to the messages below it) made only when it goes deeper: a
            # leaf (most of a tree) costs no call.
            spec = self.table.messages[f.target]
            lines += self.enum_lines(f.target, self.enum_fields(f.target), target, depth)
            deeper = " or ".join(f"{target}.{spec.attrs[g.json_name]} is not U" for g in self.steps(f.target))
            lines.append(f"{at}if ({deeper}) and s_{f.target}({target}):\n{at}    return True")
            self.called.add(f.target)
        else:
            lines += self.block(f.target, target, depth, (*stack, f.target))
        return lines

    def enums(self) -> list[str]:
        """The ENUMS table: each message with enum fields, and those fields."""
        lines = ["ENUMS = {"]
        for name, spec in self.table.messages.items():
            fields = self.enum_fields(name)
            if fields:
                rows = ", ".join(
                    f"({spec.attrs[f.json_name]!r}, {f.json_name!r}, {self.constant(f.target or '')}, {container(f)})"
                    for f in fields
                )
                lines.append(f"    s.{name}: ({rows},),")
        return [*lines, "}"]


def source(table: Table, header: str) -> str:
    """The module `_generated/<dialect>_spell.py` for one table."""
    w = Writer(table)
    functions = [line for name in w.names() for line in w.function(name)]
    functions += [line for name in sorted(w.called) for line in w.below(name)]
    enums = w.enums()
    module = table.dialect.replace("-", "_")
    constants = []
    for enum, constant in sorted(w.values.items()):
        values = {str(m.value).upper(): str(m.value) for m in table.enums[enum].cls}
        constants.append(f"{constant} = {dict(sorted(values.items()))!r}")
    lines = [
        header.rstrip("\n"),
        f'"""The spelling walk of {table.dialect}: does an enum field below a Struct hold a str that',
        "`encode` writes in another spelling? And each message's enum fields.",
        "",
        "Written by codegen/spell.py from the dialect's field table; see there.",
        '"""',
        "",
        "from msgspec import UNSET",
        "",
        f"from gemini_wire._generated import {module} as s",
        "",
        *constants,
        "",
        "",
        *functions,
        "WALKS = {",
        *(f"    s.{name}: w_{name}," for name in w.names()),
        "}",
        *enums,
    ]
    return "\n".join(lines) + "\n"
