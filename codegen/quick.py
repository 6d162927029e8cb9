"""Writes the quick check of a dialect: the Checker's verdict "nothing to report" as Python source.

Valid payloads are the hot path of a codec, and a Python walk that prepares for findings costs
more than msgspec's whole parse of a small payload. So for each type the checks of its plan
(codec/checks.py) are written out as straight-line Python: one boolean expression per check,
fields read once, and a loop over a list of leaf messages (such as Parts) inlined. Only when it
answers False does the Checker walk again, building the findings with their paths.

codegen/generate.py writes the source to `_generated/<dialect>_quick.py` (checked in, drift
tested); the dialect module imports it and hands it to its codec's Checker. Functions are
`rq_<Message>` for requests and `rs_<Message>` for responses and error bodies, gathered in REQUEST
and RESPONSE; `decode_GenerateContentRequest(parse, slow)` (in DECODE) makes the codec's decode of a
request, the same checks written into it (`Writer.decoder`). The module imports only the Structs,
gemini_wire/bounds.py and gemini_wire/limits.py.
"""

from __future__ import annotations

from typing import Any

from gemini_wire.codec.checks import Oneof, leads, nesting, plan
from gemini_wire.codec.table import FieldSpec, Limit, MessageSpec, Table
from gemini_wire.limits import MAX_DEPTH


class Writer:
    """The quick check functions of one table, for requests or for responses."""

    def __init__(
        self,
        table: Table,
        *,
        request: bool,
        constants: dict[str, str],
        calls: str = "",
        fail: str = "False",
        root: bool = False,
    ) -> None:
        self.table = table
        self.request = request
        self.prefix = "rq_" if request else "rs_"
        # Another module's writer (lint's census, codegen/census.py) calls this module's functions
        # as `q.rq_Schema` (calls="q."), and answers `fail` where a check finds something.
        self.calls = calls + self.prefix
        self.fail = f"return {fail}"
        self.leads = leads(table, request=request)
        self.nesting = nesting(table)
        self.constants = constants  # name -> Python expression, shared by both writers
        # The messages whose copy with nothing set (a blank) the function being written compares
        # list items with (`settled`), by the local that holds it.
        self.blanks: dict[str, str] = {}
        # `root`: the code written runs on a root message (a decoder, `decoder`), where the path
        # length `lv` is 0: the depth arithmetic is done here, and MAX_DEPTH written as a number.
        self.root = root

    def left(self, used: int) -> str:
        """The levels that a value may still nest once the path is `used` longer: how deep
        `deeper` may look."""
        return str(MAX_DEPTH - used) if self.root else f"MAX_DEPTH - lv - {used}"

    def at(self, level: int) -> str:
        """The path length `level` further down (the `lv` of a call)."""
        return str(level) if self.root else f"lv + {level}"

    def constant(self, letter: str, expression: str) -> str:
        for name, known in self.constants.items():
            if known == expression:
                return name
        name = f"{letter}{len(self.constants)}"
        self.constants[name] = expression
        return name

    def functions(self) -> list[str]:
        lines: list[str] = []
        for name in self.table.messages:
            if self.leads[name]:
                lines += self.function(name)
        return lines

    def names(self) -> list[str]:
        return [name for name in self.table.messages if self.leads[name]]

    def steps(self, name: str) -> list[FieldSpec]:
        return [
            f for f in self.table.messages[name].fields if f.kind == "message" and f.target and self.leads[f.target]
        ]

    def conditions(self, name: str, var: str) -> list[str]:
        """Python expressions over `var` (a `name` Struct), each true when a check fails. The
        oneof that `dispatch` writes is not among them."""
        spec = self.table.messages[name]
        out: list[str] = []
        dispatched = self.dispatched(name)
        for planned in plan(self.table, spec, request=self.request):
            if isinstance(planned, Oneof):
                if planned == dispatched:
                    continue
                first, *rest = (f"{var}.{spec.attrs[m.json_name]}" for m in planned.members)
                empty = self.constant("E", f"s.{name}()")  # the message with nothing set (see oneof_check)
                if not rest:  # one member alone: planned only because it is required
                    out.append(f"({first} is U and {var} == {empty})")
                    continue
                count = " + ".join(f"({m} is not U)" for m in (first, *rest))
                none = f" or ({count} == 0 and {var} == {empty})" if planned.required is not None else ""
                out.append(f"({count} > 1{none})")
            elif isinstance(planned, Limit):
                key = self.constant("K", repr(planned.keywords))
                attr = f"{var}.{spec.attrs[planned.field]}"
                out.append(f"{attr} is not U and check_keywords({key}, {attr}) is not None")
            else:
                r = planned
                out.append(f"{var}.{spec.attrs[r['field']]} is not U and {var}.{spec.attrs[r['other']]} is not True")
        return out

    def function(self, name: str) -> list[str]:
        # `lv`: the length of the path to `o`, so that o's JSON nests lv + 1 levels deep. A
        # payload past MAX_DEPTH is sent the long way, whose scan of the text reports it; msgspec
        # parses canonical input first, since a scan of every input would cost a fifth of the
        # decode, so nesting is checked here where it can grow: data values and recursion.
        guard = ["    if lv >= MAX_DEPTH:", f"        {self.fail}"] if name in self.nesting else []
        body = self.block(name, "o", 1, (name,), 0)
        # UNSET is bound as a default argument: a local is read faster than a global.
        return [f"def {self.prefix}{name}(o, lv=0, U=UNSET):", *guard, *self.blank_lines("    "), *body, "    return True", "", ""]

    def decoder(self, name: str) -> list[str]:
        """`decode_<name>(parse, slow)`: the codec's decode of a root message (codec/decode.py),
        with the quick check written into it: msgspec's typed `parse`, then the checks, and
        `slow(data, obj, error)` (the long way, which says why) for what fails either. One
        Python call less than a decode that calls `rq_<name>`: a tenth of the decode of an
        89-byte request. Written by a `root` Writer (`lv` is 0), failing with the slow call."""
        assert self.root and self.fail == "return slow(data, o, None)"
        body = self.block(name, "o", 3, (name,), 0)
        return [
            f"def decode_{name}(parse, slow):",
            "    U = UNSET",
            "",
            "    def decode(data):",
            "        try:",
            "            o = parse(data)",
            "        except Exception as e:  # not canonical, not JSON or not text",
            "            failed = e",
            "        else:",
            *self.blank_lines("            "),
            *body,
            "            return o",
            "        # After the except block, so that a WireError does not chain msgspec's error.",
            "        return slow(data, None, failed)",
            "",
            "    return decode",
            "",
            "",
        ]

    def blank_lines(self, pad: str) -> list[str]:
        """The first lines of the function just written: the blanks it compares with (`settled`)."""
        lines = [f"{pad}{local} = {self.constant('E', f's.{name}()')}.__copy__()" for name, local in self.blanks.items()]
        self.blanks = {}
        return lines

    def only_first(self, name: str) -> str | None:
        """The attribute of the first member of the message's oneof when a message with that
        member alone set has nothing to check: a scalar (a Part's text) that no other check
        reads. Then one comparison in C with a copy of the empty message that holds the same
        value settles a list item (most Parts of a chat): it holds that member and nothing
        else. For requests only: a response's Struct may be a subclass that keeps new keys."""
        oneof = self.dispatched(name)
        if not self.request or oneof is None:
            return None
        first = oneof.members[0]
        spec = self.table.messages[name]
        if first.kind == "message" or any(f.json_name == first.json_name for f in self.nesting.get(name, ())):
            return None
        for planned in plan(self.table, spec, request=self.request):
            if isinstance(planned, Limit) and planned.field == first.json_name:
                return None
            if isinstance(planned, dict) and first.json_name in (planned["field"], planned["other"]):
                return None
            if isinstance(planned, Oneof) and planned != oneof and first in planned.members:
                return None
        return spec.attrs[first.json_name]

    def settled(self, name: str, item: str, pad: str, hit: tuple[str, ...]) -> list[str]:
        """The first branch of the dispatch of list item `item` (a `name`) when its first oneof
        member alone settles it (`only_first`): `continue` for an item that holds that member and
        nothing else, after the lines `hit` (which may read the member's value, `t_<item>`).
        Else [] (the dispatch writes its usual branch).

        For lint's census (codegen/census.py), which must know that every other field of a text
        Part is unset (19 in v1beta): one comparison in C does it for about a third of the
        tests' cost. The blank is a copy made per call (`blank_lines`): one shared between calls
        would keep the last value alive, and two threads would write it at once. The quick check
        of decode does not use it: it tests only the ten fields it must, which measured as fast."""
        attr = self.only_first(name)
        if attr is None:
            return []
        blank = self.blanks.setdefault(name, f"b_{name}")
        value = f"t_{item}"
        return [
            f"{pad}{value} = {item}.{attr}",
            f"{pad}if {value} is not U:",
            f"{pad}    {blank}.{attr} = {value}",
            f"{pad}    if {item} == {blank}:",
            *(f"{pad}        {line}" for line in hit),
            f"{pad}        continue",
        ]

    def block(
        self,
        name: str,
        var: str,
        depth: int,
        stack: tuple[str, ...],
        level: int,
        skip: frozenset[str] = frozenset(),
        settle: tuple[str, ...] | None = None,
    ) -> list[str]:
        """The checks of a `name` Struct in `var` (at path length lv + level), and those of the
        messages below it, inlined (a call only where a type contains itself, as Schema does).
        `skip`: fields of `name` whose checks another writer places (lint's census)."""
        pad = "    " * depth
        spec = self.table.messages[name]
        fail = self.fail
        lines = [f"{pad}if {c}:\n{pad}    {fail}" for c in self.conditions(name, var)]
        oneof = self.dispatched(name)
        members = frozenset(m.json_name for m in oneof.members) if oneof is not None else frozenset()
        if oneof is not None:
            lines += self.dispatch(name, oneof, var, depth, stack, level, settle)
        if skip & members:
            raise ValueError(f"{name}: the fields of its oneof {oneof.group if oneof else ''} cannot be skipped")
        for f in self.nesting.get(name, ()):
            if f.json_name not in members and f.json_name not in skip:
                lines += self.deep_value(spec, f, var, depth, level)
        for f in self.steps(name):
            if f.json_name not in members and f.json_name not in skip:
                lines += self.step(spec, f, var, depth, stack, level)
        return lines

    def dispatched(self, name: str) -> Oneof | None:
        """The message's first oneof of several members, which `dispatch` checks."""
        for planned in plan(self.table, self.table.messages[name], request=self.request):
            if isinstance(planned, Oneof) and len(planned.members) > 1:
                return planned
        return None

    def dispatch(
        self, name: str, oneof: Oneof, var: str, depth: int, stack: tuple[str, ...], level: int, settle: tuple[str, ...] | None
    ) -> list[str]:
        """The oneof as a chain on the member that is set (text, for a Part: the common case):
        the members before it are unset, those after it must be, and only its own checks follow.
        `settle`: `var` is a list item, which its first member alone settles (see `settled`)."""
        pad = "    " * depth
        spec = self.table.messages[name]
        nesting = {f.json_name: f for f in self.nesting.get(name, ())}
        steps = {f.json_name: f for f in self.steps(name)}
        lines: list[str] = []
        for i, m in enumerate(oneof.members):
            settled = self.settled(name, var, pad, settle) if i == 0 and settle is not None else []
            if settled:
                lines += settled
            else:
                lines.append(f"{pad}{'elif' if i else 'if'} {var}.{spec.attrs[m.json_name]} is not U:")
            later = " or ".join(f"{var}.{spec.attrs[o.json_name]} is not U" for o in oneof.members[i + 1 :])
            body = [f"{pad}    if {later}:\n{pad}        {self.fail}"] if later else []
            if m.json_name in nesting:
                body += self.deep_value(spec, nesting[m.json_name], var, depth + 1, level)
            if m.json_name in steps:
                body += self.step(spec, steps[m.json_name], var, depth + 1, stack, level, known=True)
            lines += body or [f"{pad}    pass"]
        if oneof.required is not None:  # no member: only a message with nothing at all is refused
            empty = self.constant("E", f"s.{name}()")
            lines.append(f"{pad}elif {var} == {empty}:\n{pad}    {self.fail}")
        return lines

    def deep_value(self, spec: MessageSpec, f: FieldSpec, var: str, depth: int, level: int) -> list[str]:
        """Whether a data field's JSON nests past MAX_DEPTH. An object's first two levels are
        looked at here: a function call's args and a function's response are mostly flat, or
        hold a list or an object of plain values, which then need no call of `deeper`.

        `deeper(v, k)` is `k < 1 or deeper(c, k - 1)` for some array or object c in v, so with
        k at least 2 (the guard) the two levels written out here say what `deeper` would. The
        value is read once into `w` (no check inside it reads another)."""
        pad = "    " * depth
        value = f"{var}.{spec.attrs[f.json_name]}"
        if self.root:
            guard = "" if level + 2 < MAX_DEPTH else None
        else:
            guard = f" and lv < MAX_DEPTH - {level + 2}"
        lines = [f"{pad}w = {value}", f"{pad}if w is not U:"]
        if guard is not None:
            limit = self.left(level + 3)
            lines += [
                f"{pad}    if type(w) is dict{guard}:",
                f"{pad}        for y in w.values():",
                f"{pad}            if type(y) is dict:",
                f"{pad}                for z in y.values():",
                f"{pad}                    if (type(z) is dict or type(z) is list) and deeper(z, {limit}):",
                f"{pad}                        {self.fail}",
                f"{pad}            elif type(y) is list:",
                f"{pad}                for z in y:",
                f"{pad}                    if (type(z) is dict or type(z) is list) and deeper(z, {limit}):",
                f"{pad}                        {self.fail}",
                f"{pad}    elif deeper(w, {self.left(level + 1)}):",
            ]
        else:
            lines.append(f"{pad}    if deeper(w, {self.left(level + 1)}):")
        return [*lines, f"{pad}        {self.fail}"]

    def reads(self, name: str) -> list[str] | None:
        """The attributes that the function of `name` reads, if it has nothing to check when they
        are all unset (no condition of its own), else None."""
        spec = self.table.messages[name]
        if any(True for _ in plan(self.table, spec, request=self.request)):
            return None
        fields = [*self.nesting.get(name, ()), *self.steps(name)]
        return [spec.attrs[f.json_name] for f in fields]

    def step(
        self, spec: MessageSpec, f: FieldSpec, var: str, depth: int, stack: tuple[str, ...], level: int, *, known: bool = False
    ) -> list[str]:
        """Into the message of field `f` of `var`: its checks, inlined or called. `known`: the
        field is set (the member that `dispatch` found)."""
        assert f.target is not None
        pad = "    " * depth
        value, item = f"v{len(stack)}", f"x{len(stack)}"
        lines = [f"{pad}{value} = {var}.{spec.attrs[f.json_name]}"]
        if not known:
            lines.append(f"{pad}if {value} is not U:")
            depth += 1
        inner = "    " * depth
        if f.repeated or f.is_map:
            lines.append(f"{inner}for {item} in {value}{'.values()' if f.is_map else ''}:")
            target, indent, below = item, depth + 1, level + 2
        else:
            target, indent, below = value, depth, level + 1
        if f.target in stack:
            call = f"{self.calls}{f.target}({target}, {self.at(below)})"
            at = "    " * indent
            read = self.reads(f.target)
            if read is not None and not (self.root and below >= MAX_DEPTH):
                # A leaf (a Schema without items, properties, ...: most of a tree) is settled
                # here: the call would only test its level.
                busy = " or ".join(f"{target}.{a} is not U" for a in read)
                deep = "" if self.root else f"lv + {below} >= MAX_DEPTH or "
                call = f"({deep}{busy}) and not {call}"
            else:
                call = f"not {call}"
            lines.append(f"{at}if {call}:\n{at}    {self.fail}")
        else:
            lines += self.block(f.target, target, indent, (*stack, f.target), below)
        return lines


def source(table: Table, header: str) -> str:
    """The module `_generated/<dialect>_quick.py` for one table."""
    constants: dict[str, str] = {}
    writers = {kind: Writer(table, request=kind == "REQUEST", constants=constants) for kind in ("REQUEST", "RESPONSE")}
    functions = {kind: w.functions() for kind, w in writers.items()}
    root = Writer(table, request=True, constants=constants, fail="slow(data, o, None)", root=True)
    roots = ["GenerateContentRequest"]  # the root that the codec decodes as a request (dialect.py)
    decoders = [line for name in roots for line in root.decoder(name)]
    module = table.dialect.replace("-", "_")
    lines: list[Any] = [
        header.rstrip("\n"),
        f'"""The quick check of {table.dialect}: is there nothing to report on these Structs?',
        "",
        "Written by codegen/quick.py from the plan of gemini_wire/codec/checks.py; see there.",
        '"""',
        "",
        "from msgspec import UNSET",
        "",
        f"from gemini_wire._generated import {module} as s",
        "from gemini_wire.bounds import check_keywords, deeper",
        "from gemini_wire.limits import MAX_DEPTH",
        "",
        *(f"{k} = {v}" for k, v in constants.items()),
        "",
        "",
    ]
    for kind in writers:
        lines += functions[kind]
    lines += decoders
    for kind, w in writers.items():
        lines.append(f"{kind} = {{")
        lines += [f"    {name!r}: {w.prefix}{name}," for name in w.names()]
        lines.append("}")
    lines.append("DECODE = {")
    lines += [f"    {name!r}: decode_{name}," for name in roots]
    lines.append("}")
    return "\n".join(lines) + "\n"
