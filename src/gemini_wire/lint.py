"""Lint: every finding in one pass, never an exception.

The codec's `analyze` gives the structural findings and as much of the Structs as could be
built; then one pass runs the checks registered in `gemini_wire.checks` that can report on what the
request has (cross-field rules, the conversation, names and formats), sharing their walks through
one Context. Positions (line, column, the path as the user spelled it) are computed only when
there is something to report.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import Any

import msgspec

from gemini_wire.census import Census, Counted
from gemini_wire.checks import CHECKS
from gemini_wire.checks.per_model import unknown_model
from gemini_wire.checks.structure import size_findings
from gemini_wire.checks.walk import Context
from gemini_wire.codec import Codec, Failed
from gemini_wire.findings import Finding, order, unexplained
from gemini_wire.models import known, profile
from gemini_wire.positions import placed
from gemini_wire.rules import Rule
from gemini_wire.rules.contents import PART_DATA_MEMBER
from gemini_wire.rules.structure import OTHER_DIALECT_FIELD, UNKNOWN_FIELD

ROOTS = {"request": "GenerateContentRequest", "response": "GenerateContentResponse", "error": "ErrorBody"}

# What lint makes once per codec (a dialect's): its census, and its first try of each kind. Keyed by
# the codec itself, not its dialect's name: a codec built apart (a test's) has its own.
CENSUS: dict[Codec, Census] = {}
VALID: dict[tuple[Codec, str], Callable[[Any], Any]] = {}
# The rule of each check, for `selected`.
CODES: dict[Callable[..., Any], str] = {r.check: code for code, r in CHECKS.items()}


def escalated(r: Rule, ctx: Context, found: list[Finding]) -> list[Finding]:
    """The findings of a rule, at the severity its declaration gives for the named model."""
    family = ctx.profile.family if ctx.profile is not None else None
    for when in r.escalate:
        if family is not None and family.startswith(when.family) and ctx.dialect in when.apis:
            return [msgspec.structs.replace(f, severity=when.severity) if f.severity == r.severity else f for f in found]
    return found


def lint(
    codec: Codec,
    payload: Any,
    *,
    kind: str,
    model: str | None = None,
    gated: bool = True,
    selected: Container[str] | None = None,
    scanned: bool = False,
) -> list[Finding]:
    """Every finding for a payload (bytes or str) of a kind, positioned in its text.

    `gated=False` runs every rule's check, even those whose fields the request lacks or that a
    rule's `clean` test says would find nothing (for tests). `selected`: the rule codes whose
    checks run (--select / --ignore); the others are not run (None: all). `scanned`: the
    payload is known to nest no deeper than MAX_DEPTH (the document holding it was scanned).

    A payload that is not valid is parsed into Structs once (`valid` says why it failed, and
    `analyze` goes on from there), as JSON at most once more (the slow path), and scanned for
    its depth at most once."""
    request = kind == "request"
    valid = VALID.get((codec, kind))
    if valid is None:
        # A request's quick check is run by its census (`Census.checked`), which walks the Parts once for both.
        valid = VALID[codec, kind] = codec.valid(ROOTS[kind], request=request, quick_check=not request)
    obj = valid(payload)
    findings: list[Finding] = []
    counted: Counted | None = None
    census = (CENSUS.get(codec) or census_of(codec)) if request else None
    if census is not None:
        if type(obj) is not Failed:
            counted = census.checked(obj)
            if counted is None:
                obj = Failed(obj, None)
    if type(obj) is Failed:
        notes: list[Finding] = []
        obj, findings = codec.analyze(payload, ROOTS[kind], request=request, notes=notes, failed=obj, scanned=scanned)
        findings += notes
    text = isinstance(payload, (bytes, bytearray, memoryview, str))
    if request and text:
        findings += size_findings(codec.api, payload)
    if obj is not None and census is not None:  # a request
        if findings and any(f.code == PART_DATA_MEMBER.code for f in findings):
            findings = parts_without_data(obj, findings)
        name = model or (obj.model if isinstance(getattr(obj, "model", None), str) else None)
        seen, parts = counted if counted is not None else census.census(obj)
        model_profile = profile(name)
        ctx = Context(obj, codec.table, name, model_profile, parts)
        semantic: list[Finding] = []
        if gated:
            chosen = census.select(seen, model_profile, selected)
        else:
            chosen = census.every if selected is None else [(None, [c for c in census.every[0][1] if CODES[c[0]] in selected])]
        for clean, checks in chosen:
            if clean is not None and clean(obj, ctx):
                continue  # the clean test of every check of the group
            for check, escalating in checks:
                if escalating is None:
                    semantic.extend(check(obj, ctx))
                else:
                    semantic.extend(escalated(escalating, ctx, list(check(obj, ctx))))
        if semantic:
            # A value the codec refused is missing from the Structs; its finding already says so.
            findings += unexplained(semantic, findings) if findings else semantic
        if name and not known(name):  # a notice, after the rules: it explains no other finding
            findings.append(unknown_model(name, model_profile, ("model",) if model is None else ()))
    if not findings:
        return findings
    if text:
        findings = placed(payload if isinstance(payload, str) else bytes(payload), findings)
    return sorted(findings, key=order)


def census_of(codec: Codec) -> Census:
    """The census of a codec's requests, made on its first lint."""
    census = CENSUS.get(codec)
    if census is None:
        census = CENSUS[codec] = Census(codec.census, codec.api, codec.sure(ROOTS["request"], request=True))
    return census


def parts_without_data(req: Any, findings: list[Finding]) -> list[Finding]:
    """The codec's GW203 findings (a part with nothing in it), less those of a part whose member
    is a key this spec does not know (GW102, GW111): that finding says it, and the key may be a
    data member of a newer version (toolCall, toolResponse)."""
    unknown = [f.loc for f in findings if f.code in (UNKNOWN_FIELD.code, OTHER_DIALECT_FIELD.code)]
    return [f for f in findings if f.code != PART_DATA_MEMBER.code or not any(len(u) > len(f.loc) and u[: len(f.loc)] == f.loc for u in unknown)]


__all__ = ["lint"]
