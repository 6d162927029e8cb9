"""Lint: every finding in one pass, never an exception.

The codec's `analyze` gives the structural findings and as much of the Structs as could be
built; then one pass runs the checks declared in `gemini_wire.rules` that can report on what the
request has (cross-field rules, the conversation, names and formats), sharing their walks through
one Context. Positions (line, column, the path as the user spelled it) are computed only when
there is something to report.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import msgspec
from msgspec import UNSET

from gemini_wire.codec import Codec
from gemini_wire.findings import Finding, Path, order, unexplained
from gemini_wire.models import profile
from gemini_wire.positions import placed
from gemini_wire.rules import RULES, Rule
from gemini_wire.rules.base import Check
from gemini_wire.rules.contents import DATA_MEMBERS
from gemini_wire.rules.structure import size_findings
from gemini_wire.rules.walk import Context

ROOTS = {"request": "GenerateContentRequest", "response": "GenerateContentResponse", "error": "ErrorBody"}

# A selected check: the function, and the rule when its findings' severity depends on the model.
Selected = tuple[Check, "Rule | None"]


class Census:
    """What a request of one dialect has, and the checks to run for it.

    A rule's `reads` (its declaration) names what it needs: a field of the request
    ("generation_config"), "part.<field>" for a field set on any Part (or "part.empty_text"),
    "generation_config.<field>", or "tool.<field>" for a field set on any Tool. A check runs only
    when one of them is present; one that reads nothing always runs. This is what keeps lint near
    the cost of decoding: most rules are about a part of the request that most requests lack.

    The census is one function per dialect that walks the contents once, noting what is present
    and collecting every Part with its path for the checks. It is written out as straight-line
    Python when the dialect is first linted (as the codec's QuickCheck is): a Part that is only
    text costs one C-level read of its other fields. It is compiled here, at run time, rather
    than generated in codegen/, because it is built from the codec's tables (this dialect's Part,
    GenerationConfig and Tool fields) and from the rules' declared reads, both of which exist only
    once the package is imported; it is the only code lint compiles."""

    def __init__(self, codec: Codec) -> None:
        table = codec.table

        def fields(message: str) -> list[str]:
            return [f.name for f in msgspec.structs.fields(table.messages[message].cls)]

        top, part = fields("GenerateContentRequest"), fields("Part")
        others = [name for name in part if name != "text"]
        self.rules = [r for r in RULES.values() if r.check is not None and codec.api in r.dialects]
        read = {name for r in self.rules for name in r.reads}
        # Of the generation config and the tools, only the fields that some rule reads.
        config = [name for name in fields("GenerationConfig") if f"generation_config.{name}" in read]
        tool = [name for name in fields("Tool") if f"tool.{name}" in read]
        # The census is a tuple: a flag per field of the request, then one int whose bits say
        # which Part fields occur (bit i: self.part_names[i]), one for the generation config's
        # fields and one for the fields set on any tool. Cheap to build, and a dict key.
        self.top_names = top
        self.part_names = ["part.empty_text", "part.text", *(f"part.{name}" for name in others)]
        self.config_names = [f"generation_config.{name}" for name in config]
        self.tool_names = [f"tool.{name}" for name in tool]
        part_bits = [
            "                if p.text == '':",
            "                    bits |= 1",
            "                elif p.text is not UNSET:",
            "                    bits |= 2",
            "                if others(p) != BLANK:",
            *(f"                    if p.{name} is not UNSET:\n                        bits |= {1 << (i + 2)}" for i, name in enumerate(others)),
        ]
        # The same walk gives every Part with its path, as walk.all_parts does, for the checks.
        lines = [
            "def census(r):",
            "    bits = 0",
            "    found = []",
            "    contents = r.contents",
            "    if contents is not UNSET:",
            "        for i, c in enumerate(contents):",
            "            parts = c.parts",
            "            if parts is UNSET:",
            "                continue",
            "            for j, p in enumerate(parts):",
            "                found.append(((CONTENTS, i, PARTS, j), p))",
            *part_bits,
            "    si = r.system_instruction",
            "    if si is not UNSET and si.parts is not UNSET:",
            "        for j, p in enumerate(si.parts):",
            "            found.append(((SYSTEM, PARTS, j), p))",
            *(line[4:] for line in part_bits),
            "    config = 0",
            "    g = r.generation_config",
            "    if g is not UNSET and g is not None:",
            *(f"        if g.{name} is not UNSET:\n            config |= {1 << i}" for i, name in enumerate(config)),
            "    tool = 0",
            "    tools = r.tools",
            "    if tools is not UNSET and tools is not None:",
            "        for t in tools:",
            *(f"            if t.{name} is not UNSET:\n                tool |= {1 << i}" for i, name in enumerate(tool)),
            "            pass",
            f"    return ({''.join(f'r.{name} is not UNSET, ' for name in top)}bits, config, tool), found",
        ]
        namespace: dict[str, Any] = {
            "UNSET": UNSET,
            "others": operator.attrgetter(*others),
            "BLANK": (UNSET,) * len(others),
            "CONTENTS": "contents",
            "PARTS": "parts",
            "SYSTEM": "systemInstruction",
        }
        exec(compile("\n".join(lines), f"<gemini-wire census: {codec.dialect}>", "exec"), namespace)
        self.census: Callable[[Any], tuple[tuple[Any, ...], list[tuple[Path, Any]]]] = namespace["census"]
        self.every: list[Selected] = [selected(r) for r in self.rules]
        self.chosen: dict[tuple[Any, ...], list[Selected]] = {}
        self.valid = {kind: codec.valid(root, request=kind == "request") for kind, root in ROOTS.items()}

    def present(self, key: tuple[Any, ...]) -> set[str]:
        """The names of what a request of this census has: its fields, "part.<field>" for its
        Parts, "generation_config.<field>" and "tool.<field>" for the fields that rules read."""
        *flags, bits, config, tool = key
        names = {name for name, flag in zip(self.top_names, flags, strict=True) if flag}
        for some, mask in ((self.part_names, bits), (self.config_names, config), (self.tool_names, tool)):
            names |= {name for i, name in enumerate(some) if mask >> i & 1}
        return names

    def select(self, key: tuple[Any, ...]) -> list[Selected]:
        """The checks that can report on a request of this census."""
        checks = self.chosen.get(key)
        if checks is None:
            present = self.present(key)
            checks = [selected(r) for r in self.rules if not r.reads or not present.isdisjoint(r.reads)]
            if len(self.chosen) < 4096:  # distinct censuses are few; never grow without bound
                self.chosen[key] = checks
        return checks


def selected(r: Rule) -> Selected:
    assert r.check is not None
    return r.check, (r if r.escalate else None)


CENSUS: dict[str, Census] = {}


def escalated(r: Rule, ctx: Context, found: list[Finding]) -> list[Finding]:
    """The findings of a rule, at the severity its declaration gives for the named model."""
    family = ctx.profile.family if ctx.profile is not None else None
    for when in r.escalate:
        if family is not None and family.startswith(when.family) and ctx.dialect in when.apis:
            return [msgspec.structs.replace(f, severity=when.severity) if f.severity == r.severity else f for f in found]
    return found


def lint(codec: Codec, payload: Any, *, kind: str, model: str | None = None, gated: bool = True) -> list[Finding]:
    """Every finding for a payload (bytes or str) of a kind, positioned in its text.

    `gated=False` runs every rule, even those whose fields the request lacks (for tests)."""
    request = kind == "request"
    census = CENSUS.get(codec.dialect)
    if census is None:
        census = CENSUS[codec.dialect] = Census(codec)
    obj = census.valid[kind](payload)
    findings: list[Finding] = []
    if obj is None:
        notes: list[Finding] = []
        obj, findings = codec.analyze(payload, ROOTS[kind], request=request, notes=notes)
        findings += notes
    text = isinstance(payload, (bytes, bytearray, memoryview, str))
    if request and text:
        findings += size_findings(codec.api, payload)
    if obj is not None and request:
        if findings and any(f.code == "GW203" for f in findings):
            findings = parts_without_data(obj, findings)
        name = model or (obj.model if isinstance(getattr(obj, "model", None), str) else None)
        key, parts = census.census(obj)
        ctx = Context(obj, codec.api, name, profile(name), parts)
        semantic: list[Finding] = []
        for check, escalating in census.select(key) if gated else census.every:
            if escalating is None:
                semantic.extend(check(obj, ctx))
            else:
                semantic.extend(escalated(escalating, ctx, list(check(obj, ctx))))
        if semantic:
            # A value the codec refused is missing from the Structs; its finding already says so.
            findings += unexplained(semantic, findings) if findings else semantic
    if not findings:
        return findings
    if text:
        findings = placed(payload if isinstance(payload, str) else bytes(payload), findings)
    return sorted(findings, key=order)


def parts_without_data(req: Any, findings: list[Finding]) -> list[Finding]:
    """The codec's GW203 findings (a part with nothing in it), less those of a part whose member
    is a key this spec does not know (GW102, GW111): that finding says it, and the key may be a
    data member of a newer version (toolCall, toolResponse)."""
    unknown = [f.loc for f in findings if f.code in ("GW102", "GW111")]
    return [f for f in findings if f.code != "GW203" or not any(len(u) > len(f.loc) and u[: len(f.loc)] == f.loc for u in unknown)]


__all__ = ["DATA_MEMBERS", "lint"]
