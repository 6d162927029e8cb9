"""Lint: every finding in one pass, never an exception.

The codec's `analyze` gives the structural findings and as much of the Structs as could be
built; the request rules below then check what a schema cannot say (cross-field rules, the
conversation, names and formats). Positions (line, column, the path as the user spelled it) are
computed only when there is something to report.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, NamedTuple, TypeVar

import msgspec
from msgspec import UNSET

from gemini_wire.codec import Codec, Link, flat
from gemini_wire.findings import (
    Finding,
    Key,
    Path,
    Severity,
    closest,
    excerpt,
    finding,
    format_path,
    order,
    unexplained,
)
from gemini_wire.models import MAX_OUTPUT_TOKENS, Profile, profile
from gemini_wire.positions import placed
from gemini_wire.rules import RULES

T = TypeVar("T")

ROOTS = {"request": "GenerateContentRequest", "response": "GenerateContentResponse", "error": "ErrorBody"}

# Harm categories each dialect lets a request configure (the enums also list retired ones).
SAFETY_CATEGORIES = {
    "gemini": {
        "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT",
        "HARM_CATEGORY_DANGEROUS_CONTENT",
        "HARM_CATEGORY_CIVIC_INTEGRITY",
    },
    "vertex": {
        "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT",
        "HARM_CATEGORY_DANGEROUS_CONTENT",
        "HARM_CATEGORY_CIVIC_INTEGRITY",
        "HARM_CATEGORY_JAILBREAK",
        # Image categories of Vertex AI v1beta1 (RULES.md row 99: "V adds IMAGE_* and JAILBREAK").
        "HARM_CATEGORY_IMAGE_HATE",
        "HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT",
        "HARM_CATEGORY_IMAGE_HARASSMENT",
        "HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT",
    },
}
# Function declaration names: colons are accepted by the Gemini API since 2025-11, and its SDK
# documents 128 characters; Vertex AI's proto keeps 64 and no colon (RULES.md rows 29, 82).
FUNCTION_NAME = {
    "gemini": re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,127}"),
    "vertex": re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}"),
}
CACHE_NAME = {
    "gemini": re.compile(r"cachedContents/[^/]+"),
    "vertex": re.compile(r"projects/[^/]+/locations/[^/]+/cachedContents/[^/]+"),
}
CACHE_EXAMPLE = {"gemini": "cachedContents/abc123", "vertex": "projects/my-project/locations/us-central1/cachedContents/123"}
JSON_MIME_TYPES = {"application/json", "text/x.enum"}
API_TITLES = {"gemini": "the Gemini API", "vertex": "Vertex AI"}
MAX_LABELS = 64
MAX_DECLARATIONS_VERTEX = 128


@dataclass(slots=True)
class Context:
    dialect: str
    model: str | None
    profile: Profile | None
    # Walks that several rules share (every Part, every schema), done once per request.
    memo: dict[Callable[[Any], Iterator[Any]], list[Any]] = field(default_factory=dict)


def cached(ctx: Context, walk: Callable[[Any], Iterator[T]], req: Any) -> list[T]:
    """`list(walk(req))`, computed once per lint of a request however many rules ask."""
    got = ctx.memo.get(walk)
    if got is None:
        got = ctx.memo[walk] = list(walk(req))
    return got


Check = Callable[[Any, Context], Iterator[Finding]]
CHECKS: list[tuple[str, Check]] = []
# What each rule reads: a rule runs only when one of these is present in the request. A name
# is a field of the request ("generation_config"), or "part.<field>" for a field set on any Part,
# or "part.empty_text". A rule with nothing here always runs. This is what keeps lint near the
# cost of decoding: most rules are about a part of the request that most requests do not have.
READS: dict[str, frozenset[str]] = {}


def check(code: str, *reads: str) -> Callable[[Check], Check]:
    """Register a request rule under the code of its row in the registry, with what it reads.

    A rule may report only when something it reads is present (tests/test_lint.py checks that
    skipping by `reads` never changes what lint reports)."""

    def register(fn: Check) -> Check:
        assert code in RULES, code
        CHECKS.append((code, fn))
        READS[code] = frozenset(reads)
        return fn

    return register


class Census:
    """What a request of one dialect has: its fields, and the fields set on any of its Parts.

    One function per dialect, written out as straight-line Python when first needed (as the
    codec's QuickCheck is): a Part that is only text costs one C-level read of its other fields.
    It also picks the rules to run for what is present, once per distinct census."""

    def __init__(self, codec: Codec) -> None:
        table = codec.table
        top = [f.name for f in msgspec.structs.fields(table.messages["GenerateContentRequest"].cls)]
        part = [f.name for f in msgspec.structs.fields(table.messages["Part"].cls)]
        others = [name for name in part if name != "text"]
        # The census is a tuple: a flag per field of the request, then one int whose bits say
        # which Part fields occur (bit i: self.part_names[i]). Cheap to build, and a dict key.
        self.top_names = top
        self.part_names = ["part.empty_text", "part.text", *(f"part.{name}" for name in others)]
        lines = [
            "def census(r):",
            "    bits = 0",
            "    for c in chain(r.contents if r.contents is not UNSET else (),",
            "                   (r.system_instruction,) if r.system_instruction is not UNSET else ()):",
            "        parts = c.parts",
            "        if parts is UNSET:",
            "            continue",
            "        for p in parts:",
            "            if p.text == '':",
            "                bits |= 1",
            "            elif p.text is not UNSET:",
            "                bits |= 2",
            "            if others(p) != BLANK:",
        ]
        lines += [f"                if p.{name} is not UNSET:\n                    bits |= {1 << (i + 2)}" for i, name in enumerate(others)]
        lines.append(f"    return ({''.join(f'r.{name} is not UNSET, ' for name in top)}bits)")
        namespace: dict[str, Any] = {
            "UNSET": UNSET,
            "chain": chain,
            "others": operator.attrgetter(*others),
            "BLANK": (UNSET,) * len(others),
        }
        exec(compile("\n".join(lines), f"<gemini-wire census: {codec.dialect}>", "exec"), namespace)
        self.census: Callable[[Any], tuple[Any, ...]] = namespace["census"]
        self.checks = [(code, fn, READS[code]) for code, fn in CHECKS if codec.api in RULES[code].dialects]
        self.selected: dict[tuple[Any, ...], list[Check]] = {}
        self.valid = {kind: codec.valid(root, request=kind == "request") for kind, root in ROOTS.items()}

    def present(self, req: Any) -> set[str]:
        """The names of what the request has: its fields, and "part.<field>" for its Parts."""
        *flags, bits = self.census(req)
        names = {name for name, flag in zip(self.top_names, flags, strict=True) if flag}
        return names | {name for i, name in enumerate(self.part_names) if bits >> i & 1}

    def __call__(self, req: Any) -> list[Check]:
        """The rules that can report on this request."""
        key = self.census(req)
        checks = self.selected.get(key)
        if checks is None:
            present = self.present(req)
            checks = [fn for _, fn, reads in self.checks if not reads or not present.isdisjoint(reads)]
            if len(self.selected) < 4096:  # distinct censuses are few; never grow without bound
                self.selected[key] = checks
        return checks


CENSUS: dict[str, Census] = {}


def struct_fields(obj: Any) -> Iterator[tuple[str, str]]:
    """(attribute, wire name) of each field of a Struct, from its class: msgspec.structs.fields
    would evaluate the type annotations again on every call."""
    cls = type(obj)
    return zip(cls.__struct_fields__, cls.__struct_encode_fields__, strict=True)


def given(value: Any) -> bool:
    return value is not UNSET and value is not None


def name_of(enum_value: Any) -> str | None:
    return getattr(enum_value, "name", None) if given(enum_value) else None


def report(code: str, path: Path, message: str, hint: str, severity: Severity | None = None) -> Finding:
    return finding(code, path, message, hint, severity=severity)


# --------------------------------------------------------------------------- the engine


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
    if request and isinstance(payload, (bytes, bytearray, memoryview, str)):
        findings += size_findings(codec.api, payload)
    if obj is not None and request and any(f.code == "GW203" for f in findings):
        findings = parts_without_data(obj, findings)
    if obj is not None and request:
        name = model or (obj.model if isinstance(getattr(obj, "model", None), str) else None)
        ctx = Context(codec.api, name, profile(name))
        semantic: list[Finding] = []
        for fn in census(obj) if gated else [fn for _, fn, _ in census.checks]:
            semantic.extend(fn(obj, ctx))
        # A value the codec refused is missing from the Structs; its finding already says so.
        findings += unexplained(semantic, findings)
    if not findings:
        return findings
    if isinstance(payload, (bytes, bytearray, memoryview, str)):
        findings = placed(payload if isinstance(payload, str) else bytes(payload), findings)
    return sorted(findings, key=order)


def parts_without_data(req: Any, findings: list[Finding]) -> list[Finding]:
    """The codec's GW203 findings (a part with nothing in it), less those of a part whose member
    is a key this spec does not know (GW102, GW111): that finding says it, and the key may be a
    data member of a newer version (toolCall, toolResponse)."""
    unknown = [f.loc for f in findings if f.code in ("GW102", "GW111")]
    return [f for f in findings if f.code != "GW203" or not any(len(u) > len(f.loc) and u[: len(f.loc)] == f.loc for u in unknown)]


# --------------------------------------------------------------------------- contents and parts


def contents_of(req: Any) -> Sequence[Any]:
    return req.contents if req.contents is not UNSET else ()


def parts_of(content: Any) -> Sequence[Any]:
    return content.parts if content.parts is not UNSET else ()


@check("GW204")
def contents_required(req: Any, ctx: Context) -> Iterator[Finding]:
    if not contents_of(req):
        yield report("GW204", ("contents",), "the request has no contents", 'add at least one turn: "contents": [{"role": "user", "parts": [{"text": "..."}]}]')


@check("GW205", "contents")
def role_value(req: Any, ctx: Context) -> Iterator[Finding]:
    for i, c in enumerate(contents_of(req)):
        if given(c.role) and c.role not in ("user", "model"):
            hint = 'use "model" for the model\'s turns' if c.role in ("assistant", "bot") else (
                "move it to systemInstruction" if c.role in ("system", "developer") else 'use "user" or "model"'
            )
            yield report("GW205", ("contents", i, "role"), f"role {excerpt(c.role)} is neither user nor model", hint)


@check("GW206", "contents")
def role_required(req: Any, ctx: Context) -> Iterator[Finding]:
    for i, c in enumerate(contents_of(req)):
        if not given(c.role):
            yield report("GW206", ("contents", i, "role"), "this turn has no role", 'add "role": "user" (or "model" for the model\'s turns)')


@check("GW207", "contents")
def parts_required(req: Any, ctx: Context) -> Iterator[Finding]:
    for i, c in enumerate(contents_of(req)):
        if not parts_of(c):
            yield report("GW207", ("contents", i, "parts"), "this turn has no parts", 'give it at least one part, e.g. {"text": "..."}; or drop the turn')


def all_parts(req: Any) -> Iterator[tuple[Path, Any]]:
    for i, c in enumerate(contents_of(req)):
        for j, p in enumerate(parts_of(c)):
            yield ("contents", i, "parts", j), p
    if given(req.system_instruction):
        for j, p in enumerate(parts_of(req.system_instruction)):
            yield ("systemInstruction", "parts", j), p


# The members of a Part's `data` oneof, in any dialect (the generated tables list each one's).
DATA_MEMBERS = frozenset(
    {"text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult", "toolCall", "toolResponse"}
)


@check("GW203", "part.thought", "part.thought_signature", "part.video_metadata", "part.media_resolution", "part.part_metadata")
def part_with_side_fields_only(req: Any, ctx: Context) -> Iterator[Finding]:
    # `{}` is the codec's error; a part with side fields alone was accepted in recorded traffic
    # (a thought with its signature; videoMetadata alone, on gemini-2.0-flash): a warning.
    for path, p in cached(ctx, all_parts, req):
        present = [wire for attr, wire in struct_fields(p) if given(getattr(p, attr))]
        if present and DATA_MEMBERS.isdisjoint(present):
            yield report(
                "GW203",
                path,
                f"a part with only {', '.join(present)}: no data member",
                "put these fields on the part that carries the data they describe, or drop the part",
                severity="warning",
            )


@check("GW208", "part.empty_text")
def empty_text(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, p in cached(ctx, all_parts, req):
        if p.text == "" and not given(getattr(p, "thought_signature", UNSET)):
            yield report("GW208", (*path, "text"), "empty text", "remove the part, or give it text")


@check("GW209", "system_instruction")
def system_instruction_text_only(req: Any, ctx: Context) -> Iterator[Finding]:
    if given(req.system_instruction):
        for j, p in enumerate(parts_of(req.system_instruction)):
            if not given(p.text):
                yield report("GW209", ("systemInstruction", "parts", j), "a system instruction part that is not text", "move media into the user turn; keep the system instruction to text")


@check("GW210", "part.video_metadata")
def video_metadata_needs_media(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, p in cached(ctx, all_parts, req):
        if given(p.video_metadata) and not (given(p.inline_data) or given(p.file_data)):
            yield report("GW210", (*path, "videoMetadata"), "videoMetadata on a part without video data", "put videoMetadata on the part that carries the video (inlineData or fileData)")


@check("GW211", "part.inline_data", "part.file_data")
def mime_type_required(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, p in cached(ctx, all_parts, req):
        if given(p.inline_data) and not given(p.inline_data.mime_type):
            yield report("GW211", (*path, "inlineData", "mimeType"), "inlineData without mimeType", 'say what the bytes are, e.g. "mimeType": "image/png"')
        if ctx.dialect == "vertex" and given(p.file_data) and not given(p.file_data.mime_type):
            yield report("GW211", (*path, "fileData", "mimeType"), "fileData without mimeType (required on Vertex AI)", 'add the file\'s type, e.g. "mimeType": "video/mp4"')


# --------------------------------------------------------------------------- generation config


def schema_type(s: Any) -> str | None:
    return name_of(s.type) if given(s) else None


def generation(req: Any) -> Any:
    return req.generation_config if given(req.generation_config) else None


@check("GW304", "generation_config")
def response_schema_needs_mime_type(req: Any, ctx: Context) -> Iterator[Finding]:
    gc = generation(req)
    if gc is None:
        return
    for attr, name in (("response_schema", "responseSchema"), ("response_json_schema", "responseJsonSchema")):
        if given(getattr(gc, attr, UNSET)) and gc.response_mime_type not in JSON_MIME_TYPES:
            yield report("GW304", ("generationConfig", name), f"{name} without a JSON responseMimeType", 'add "responseMimeType": "application/json" (or "text/x.enum" for an enum)')


@check("GW305", "generation_config")
def response_schemas_exclusive(req: Any, ctx: Context) -> Iterator[Finding]:
    gc = generation(req)
    if gc is not None and given(gc.response_schema) and given(getattr(gc, "response_json_schema", UNSET)):
        yield report("GW305", ("generationConfig", "responseJsonSchema"), "both responseSchema and responseJsonSchema are set", "keep one of them")


@check("GW306", "generation_config")
def enum_mime_needs_enum_schema(req: Any, ctx: Context) -> Iterator[Finding]:
    gc = generation(req)
    if gc is None or gc.response_mime_type != "text/x.enum":
        return
    s = gc.response_schema
    json_schema = getattr(gc, "response_json_schema", UNSET)
    if given(s) and schema_type(s) == "STRING" and given(s.enum) and s.enum:
        return
    if isinstance(json_schema, dict) and json_schema.get("enum"):
        return
    yield report("GW306", ("generationConfig", "responseSchema"), "text/x.enum needs a STRING schema with enum values", 'give "responseSchema": {"type": "STRING", "enum": ["a", "b"]}')


@check("GW307", "generation_config")
def thinking_level_and_budget(req: Any, ctx: Context) -> Iterator[Finding]:
    tc = thinking(req)
    if tc is not None and given(getattr(tc, "thinking_level", UNSET)) and given(tc.thinking_budget):
        yield report("GW307", ("generationConfig", "thinkingConfig", "thinkingBudget"), "thinkingLevel and thinkingBudget are both set", "keep thinkingLevel for Gemini 3 models, thinkingBudget for 2.5 models")


@check("GW308", "generation_config")
def empty_stop_sequence(req: Any, ctx: Context) -> Iterator[Finding]:
    gc = generation(req)
    if gc is not None and given(gc.stop_sequences):
        for i, s in enumerate(gc.stop_sequences):
            if s == "":
                yield report("GW308", ("generationConfig", "stopSequences", i), "an empty stop sequence", "remove it")


# --------------------------------------------------------------------------- schemas


def schemas(req: Any) -> Iterator[tuple[Path, Any]]:
    """The OpenAPI-subset Schemas of a request, with their paths: response schema, tool schemas."""
    gc = generation(req)
    if gc is not None and given(gc.response_schema):
        yield ("generationConfig", "responseSchema"), gc.response_schema
    for path, decl in declarations(req):
        if given(decl.parameters):
            yield (*path, "parameters"), decl.parameters
        if given(decl.response):
            yield (*path, "response"), decl.response


SCHEMA_CODES = ("GW401", "GW402", "GW403", "GW404", "GW405", "GW406")


def schema_findings(req: Any) -> Iterator[Finding]:
    """The findings of the six schema rules, in one walk over every schema of the request.

    Schemas are the largest part of many requests (tools with nested parameters), so they are
    walked once, depth first, with a path built only for a node that has a finding."""
    stack: list[tuple[Any, Link]] = []
    for path, root in reversed(list(schemas(req))):
        stack.append((root, path_link(path)))
    while stack:
        s, link = stack.pop()
        t = s.type._value_ if s.type is not UNSET else None  # a plain attribute, unlike .name
        props, required, items, any_of = s.properties, s.required, s.items, s.any_of
        if t is not None and t != "OBJECT":
            for value, name in ((props, "properties"), (required, "required")):
                if value is not UNSET:
                    yield report("GW401", (*flat(link), name), f"{name} on a schema of type {t}", 'make it "type": "OBJECT", or remove ' + name)
        if required is not UNSET:
            defined = set(props) if props is not UNSET else set()
            for i, name in enumerate(required):
                if name not in defined:
                    yield report("GW402", (*flat(link), "required", i), f"required names {excerpt(name)}, which is not in properties", f"define {excerpt(name)} under properties, or drop it from required")
        if t == "ARRAY" and items is UNSET:
            yield report("GW403", flat(link), "an ARRAY schema without items", 'say what the elements are: "items": {"type": "STRING"}')
        if s.enum is not UNSET and t is not None and t != "STRING":
            yield report("GW404", (*flat(link), "enum"), f"enum on a schema of type {t}", 'use "type": "STRING" with string values')
        if t == "OBJECT" and props is not UNSET and not props:
            yield report("GW405", (*flat(link), "properties"), "an OBJECT schema with no properties", "define its properties, or leave the schema out (a function without arguments has no parameters)")
        if any_of is not UNSET:
            others = [wire for attr, wire in struct_fields(s) if attr != "any_of" and given(getattr(s, attr))]
            if others:
                yield report("GW406", (*flat(link), others[0]), f"{', '.join(others)} beside anyOf", "move them into each anyOf branch, or drop them")
        # Children go on the stack last first, so that the walk is depth first in field order.
        defs: Any = getattr(s, "defs", UNSET)
        if defs is not UNSET:
            here = (link, "defs")
            stack.extend((v, (here, Key(k))) for k, v in reversed(defs.items()))
        if any_of is not UNSET:
            here = (link, "anyOf")
            stack.extend((v, (here, i)) for i, v in reversed(list(enumerate(any_of))))
        if props is not UNSET:
            here = (link, "properties")
            stack.extend((v, (here, Key(k))) for k, v in reversed(props.items()))
        if items is not UNSET:
            stack.append((items, (link, "items")))


def path_link(path: Path) -> Link:
    link: Link = ()
    for seg in path:
        link = (link, seg)
    return link


def schema_rule(code: str) -> Check:
    def rule(req: Any, ctx: Context) -> Iterator[Finding]:
        return (f for f in cached(ctx, schema_findings, req) if f.code == code)

    rule.__name__ = rule.__qualname__ = f"schema_rule_{code}"
    return rule


for _code in SCHEMA_CODES:
    check(_code, "generation_config", "tools")(schema_rule(_code))


# --------------------------------------------------------------------------- tools


def declarations(req: Any) -> Iterator[tuple[Path, Any]]:
    if given(req.tools):
        for i, tool in enumerate(req.tools):
            if given(tool.function_declarations):
                for j, d in enumerate(tool.function_declarations):
                    yield ("tools", i, "functionDeclarations", j), d


@check("GW212", "tools")
def function_name_format(req: Any, ctx: Context) -> Iterator[Finding]:
    pattern = FUNCTION_NAME[ctx.dialect]
    for path, d in cached(ctx, declarations, req):
        if given(d.name) and not pattern.fullmatch(d.name):
            fixed = re.sub(r"[^A-Za-z0-9_.-]", "_", d.name)[:64] or "f"
            if not re.match(r"[A-Za-z_]", fixed):
                fixed = "_" + fixed[:63]
            yield report("GW212", (*path, "name"), f"invalid function name {excerpt(d.name)}", f"use letters, digits, _ . - only, starting with a letter or _, e.g. {excerpt(fixed)}")


@check("GW501", "tools")
def parameters_root_object(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, d in cached(ctx, declarations, req):
        if given(d.parameters) and schema_type(d.parameters) != "OBJECT":
            yield report("GW501", (*path, "parameters"), "the parameters schema is not of type OBJECT", 'write "parameters": {"type": "OBJECT", "properties": {...}}')


@check("GW502", "tools")
def parameters_schemas_exclusive(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, d in cached(ctx, declarations, req):
        for a, b, name in (("parameters", "parameters_json_schema", "parametersJsonSchema"), ("response", "response_json_schema", "responseJsonSchema")):
            if given(getattr(d, a)) and given(getattr(d, b)):
                yield report("GW502", (*path, name), f"both {a} and {name} are set", "keep one of them")


@check("GW503", "tools")
def too_many_function_declarations(req: Any, ctx: Context) -> Iterator[Finding]:
    found = cached(ctx, declarations, req)
    if len(found) > MAX_DECLARATIONS_VERTEX:
        yield report("GW503", found[MAX_DECLARATIONS_VERTEX][0], f"{len(found)} function declarations, at most {MAX_DECLARATIONS_VERTEX} allowed", "send only the functions this turn needs")


def calling_config(req: Any) -> Any:
    tc = req.tool_config
    return tc.function_calling_config if given(tc) and given(tc.function_calling_config) else UNSET


@check("GW504", "tool_config")
def allowed_function_names_mode(req: Any, ctx: Context) -> Iterator[Finding]:
    fcc = calling_config(req)
    if given(fcc) and given(fcc.allowed_function_names):
        modes = {"ANY"} if ctx.dialect == "vertex" else {"ANY", "VALIDATED"}
        mode = name_of(fcc.mode)
        if mode not in modes:
            path = ("toolConfig", "functionCallingConfig", "allowedFunctionNames")
            yield report("GW504", path, f"allowedFunctionNames with mode {mode or 'unset'}", f'set "mode": "{sorted(modes)[0]}", or drop allowedFunctionNames')


@check("GW505", "tool_config")
def undeclared_function(req: Any, ctx: Context) -> Iterator[Finding]:
    fcc = calling_config(req)
    if given(fcc) and given(fcc.allowed_function_names):
        declared = {d.name for _, d in cached(ctx, declarations, req) if given(d.name)}
        for i, name in enumerate(fcc.allowed_function_names):
            if name not in declared:
                close = closest(name, declared)
                hint = f"did you mean {excerpt(close)}?" if close else "declare it in tools[].functionDeclarations, or remove it"
                yield report("GW505", ("toolConfig", "functionCallingConfig", "allowedFunctionNames", i), f"{excerpt(name)} is not a declared function", hint)


@check("GW506", "tools")
def one_tool_type_per_tool(req: Any, ctx: Context) -> Iterator[Finding]:
    if not given(req.tools):
        return
    for i, tool in enumerate(req.tools):
        kinds = [wire for attr, wire in struct_fields(tool) if given(getattr(tool, attr))]
        if len(kinds) > 1:
            yield report("GW506", ("tools", i, kinds[1]), f"one Tool sets {', '.join(kinds)}", "give each kind of tool its own object in tools[]")
        elif not kinds:
            yield report("GW506", ("tools", i), "an empty Tool", "remove it, or say which tool it is", severity="warning")


@check("GW507", "tools")
def duplicate_function_name(req: Any, ctx: Context) -> Iterator[Finding]:
    seen: dict[str, Path] = {}
    for path, d in cached(ctx, declarations, req):
        if given(d.name):
            if d.name in seen:
                yield report("GW507", (*path, "name"), f"{excerpt(d.name)} is declared twice (first at {format_path(seen[d.name])})", "rename one, or merge them")
            else:
                seen[d.name] = path


# --------------------------------------------------------------------------- safety, caching, labels


def label_text_ok(text: str, *, key: bool) -> bool:
    def allowed(c: str) -> bool:
        return c.islower() or c.isdigit() or c in "_-" or unicodedata.category(c) == "Lo"

    if key and (not text or not (text[0].islower() or unicodedata.category(text[0]) == "Lo")):
        return False
    return len(text) <= 63 and all(allowed(c) for c in text)


@check("GW601", "labels")
def labels_format(req: Any, ctx: Context) -> Iterator[Finding]:
    labels: Any = getattr(req, "labels", UNSET)
    if not given(labels):
        return
    if len(labels) > MAX_LABELS:
        yield report("GW601", ("labels",), f"{len(labels)} labels, at most {MAX_LABELS} allowed", "keep the labels your billing reports need")
    for k, v in labels.items():
        if not label_text_ok(k, key=True):
            yield report("GW601", ("labels", Key(k)), f"label key {excerpt(k)} breaks the label format", "use 1-63 lower-case letters, digits, _ or -, starting with a letter")
        if not label_text_ok(v, key=False):
            yield report("GW601", ("labels", Key(k)), f"label value {excerpt(v)} breaks the label format", "use at most 63 lower-case letters, digits, _ or -")


@check("GW602", "cached_content")
def cached_content_name(req: Any, ctx: Context) -> Iterator[Finding]:
    if given(req.cached_content) and not CACHE_NAME[ctx.dialect].fullmatch(req.cached_content):
        yield report("GW602", ("cachedContent",), f"{excerpt(req.cached_content)} is not a {ctx.dialect} cache name", f"use the cache's full name, such as {CACHE_EXAMPLE[ctx.dialect]!r}")


@check("GW603", "cached_content")
def cached_content_exclusive(req: Any, ctx: Context) -> Iterator[Finding]:
    if given(req.cached_content):
        for attr, name in (("system_instruction", "systemInstruction"), ("tools", "tools"), ("tool_config", "toolConfig")):
            if given(getattr(req, attr)):
                yield report("GW603", (name,), f"{name} beside cachedContent", f"put {name} into the cache when you create it, and drop it here")


def safety_settings(req: Any) -> list[Any]:
    return list(req.safety_settings) if given(req.safety_settings) else []


@check("GW604", "safety_settings")
def safety_category_supported(req: Any, ctx: Context) -> Iterator[Finding]:
    allowed = SAFETY_CATEGORIES[ctx.dialect]
    for i, s in enumerate(safety_settings(req)):
        cat = name_of(s.category)
        if cat is not None and cat not in allowed:
            yield report("GW604", ("safetySettings", i, "category"), f"{cat} cannot be configured on {ctx.dialect}", f"use one of {', '.join(sorted(allowed))}")


@check("GW605", "safety_settings")
def safety_category_duplicate(req: Any, ctx: Context) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, s in enumerate(safety_settings(req)):
        cat = name_of(s.category)
        if cat is not None:
            if cat in seen:
                yield report("GW605", ("safetySettings", i, "category"), f"a second setting for {cat}", "keep one threshold per category")
            seen.add(cat)


@check("GW606", "safety_settings")
def safety_threshold_required(req: Any, ctx: Context) -> Iterator[Finding]:
    examples = {"category": '"category": "HARM_CATEGORY_HARASSMENT"', "threshold": '"threshold": "BLOCK_ONLY_HIGH"'}
    for i, s in enumerate(safety_settings(req)):
        for name, example in examples.items():
            if not given(getattr(s, name)):
                yield report("GW606", ("safetySettings", i, name), f"a safety setting without {name}", f"add {example}")


@check("GW607", "model_armor_config")
def model_armor_exclusive(req: Any, ctx: Context) -> Iterator[Finding]:
    if given(getattr(req, "model_armor_config", UNSET)) and safety_settings(req):
        yield report("GW607", ("safetySettings",), "safetySettings beside modelArmorConfig", "drop safetySettings; Model Armor templates decide")


# --------------------------------------------------------------------------- the conversation


class Turn(NamedTuple):
    """A run of consecutive contents with one role, and its function calls and responses.

    The server reads such a run as one turn: consecutive same-role contents are accepted (RULES.md
    row 17), and real traffic it accepted splits one turn over several contents, both ways —
    parallel calls answered one functionResponse per user content (crewAI), and two model
    contents of calls answered together (pydantic-ai replaying a history on Gemini 3)."""

    role: str
    start: int  # the index of its first content
    calls: list[tuple[int, int, Any]]  # (content index, part index, functionCall)
    responses: list[tuple[int, int, Any]]  # (content index, part index, functionResponse)


def turns(req: Any) -> Iterator[Turn]:
    run: Turn | None = None
    for i, c in enumerate(contents_of(req)):
        role = c.role if given(c.role) else "user"  # the Gemini API's default; GW206 on Vertex AI
        if run is not None and run.role != role:
            yield run
            run = None
        if run is None:
            run = Turn(role, i, [], [])
        for j, p in enumerate(parts_of(c)):
            if p.function_call is not UNSET:
                run.calls.append((i, j, p.function_call))
            if p.function_response is not UNSET:
                run.responses.append((i, j, p.function_response))
    if run is not None:
        yield run


@check("GW701", "part.function_response")
def function_response_without_call(req: Any, ctx: Context) -> Iterator[Finding]:
    history = cached(ctx, turns, req)
    for i, turn in enumerate(history):
        if turn.responses and (i == 0 or not history[i - 1].calls):
            c, j, _ = turn.responses[0]
            yield report("GW701", ("contents", c, "parts", j, "functionResponse"), "a function response with no function call in the turn before it", "put the model turn with the matching functionCall just before this turn")


@check("GW702", "part.function_response")
def function_response_count(req: Any, ctx: Context) -> Iterator[Finding]:
    history = cached(ctx, turns, req)
    for i, turn in enumerate(history):
        found = turn.responses
        if found and i > 0:
            asked = history[i - 1].calls
            if asked and len(asked) != len(found):
                yield report("GW702", ("contents", turn.start, "parts"), f"{len(found)} function response(s) for {len(asked)} call(s)", "answer every functionCall of the previous turn before the next model turn")


@check("GW703", "part.function_response")
def function_response_name(req: Any, ctx: Context) -> Iterator[Finding]:
    history = cached(ctx, turns, req)
    for i, turn in enumerate(history):
        if i == 0 or not turn.responses:
            continue
        names = {f.name for _, _, f in history[i - 1].calls if given(f.name)}
        if not names:
            continue
        for c, j, r in turn.responses:
            if given(r.name) and r.name not in names:
                yield report("GW703", ("contents", c, "parts", j, "functionResponse", "name"), f"{excerpt(r.name)} was not called in the previous turn", f"name the function that was called: {', '.join(map(excerpt, sorted(names)))}")


@check("GW704", "part.function_call")
def function_call_position(req: Any, ctx: Context) -> Iterator[Finding]:
    history = cached(ctx, turns, req)
    if history and history[0].calls:
        i, _, _ = history[0].calls[0]  # the content of the first call
        yield report("GW704", ("contents", i), "the history starts with a function call turn", "start the history with the user turn that led to the call")


# --------------------------------------------------------------------------- the model


def for_model(ctx: Context) -> str:
    return f"models/{ctx.model}" if ctx.model and "/" not in ctx.model else str(ctx.model)


@check("GW309", "generation_config")
def max_output_tokens_model(req: Any, ctx: Context) -> Iterator[Finding]:
    g, p = generation(req), ctx.profile
    if g is None or not given(g.max_output_tokens):
        return
    path = ("generationConfig", "maxOutputTokens")
    if p and p.max_output_tokens:
        if g.max_output_tokens > p.max_output_tokens:
            yield report("GW309", path, f"{for_model(ctx)} writes at most {p.max_output_tokens} tokens", f"use at most {p.max_output_tokens}")
    elif g.max_output_tokens > MAX_OUTPUT_TOKENS:
        yield report("GW309", path, f"no known model writes more than {MAX_OUTPUT_TOKENS} tokens", f"use at most {MAX_OUTPUT_TOKENS}, or name the model to check", severity="warning")


@check("GW310", "generation_config")
def candidate_count_model(req: Any, ctx: Context) -> Iterator[Finding]:
    g, p = generation(req), ctx.profile
    if g is not None and given(g.candidate_count) and p and p.max_candidate_count and g.candidate_count > p.max_candidate_count:
        yield report("GW310", ("generationConfig", "candidateCount"), f"{for_model(ctx)} returns at most {p.max_candidate_count} candidate(s)", f"use at most {p.max_candidate_count}")


@check("GW311", "generation_config")
def top_k_model(req: Any, ctx: Context) -> Iterator[Finding]:
    g, p = generation(req), ctx.profile
    if g is not None and given(g.top_k) and p and p.top_k_max and g.top_k > p.top_k_max:
        yield report("GW311", ("generationConfig", "topK"), f"{for_model(ctx)} takes topK up to {p.top_k_max}", f"use at most {p.top_k_max}")


def thinking(req: Any) -> Any:
    g = generation(req)
    return g.thinking_config if g is not None and given(g.thinking_config) else None


@check("GW312", "generation_config")
def thinking_unsupported(req: Any, ctx: Context) -> Iterator[Finding]:
    if thinking(req) is not None and ctx.profile and ctx.profile.thinking is False:
        yield report("GW312", ("generationConfig", "thinkingConfig"), f"{for_model(ctx)} does not think", "remove thinkingConfig, or pick a 2.5 or 3 model")


@check("GW313", "generation_config")
def thinking_budget_model(req: Any, ctx: Context) -> Iterator[Finding]:
    tc, p = thinking(req), ctx.profile
    if tc is None or not given(tc.thinking_budget) or p is None or p.thinking_budget is None:
        return
    budget, (lo, hi) = tc.thinking_budget, p.thinking_budget
    if budget == -1 or lo <= budget <= hi or (budget == 0 and p.thinking_budget_zero):
        return
    off = " or 0 to turn thinking off" if p.thinking_budget_zero else ""
    yield report("GW313", ("generationConfig", "thinkingConfig", "thinkingBudget"), f"{for_model(ctx)} takes a thinking budget of {lo}..{hi}{off}, not {budget}", f"use a budget from {lo} to {hi}, or -1 for a dynamic one")


@check("GW314", "generation_config")
def thinking_level_model(req: Any, ctx: Context) -> Iterator[Finding]:
    tc, p = thinking(req), ctx.profile
    level = name_of(getattr(tc, "thinking_level", UNSET)) if tc is not None else None
    if level is None or p is None or p.thinking_levels is None:
        return
    path = ("generationConfig", "thinkingConfig", "thinkingLevel")
    if not p.thinking_levels:
        yield report("GW314", path, f"{for_model(ctx)} does not take thinkingLevel", "use thinkingBudget for models before Gemini 3")
    elif level not in p.thinking_levels:
        yield report("GW314", path, f"{for_model(ctx)} offers thinking levels {', '.join(p.thinking_levels)}, not {level}", f"use one of {', '.join(p.thinking_levels)}")


@check("GW315", "generation_config")
def penalties_model(req: Any, ctx: Context) -> Iterator[Finding]:
    g = generation(req)
    verdict = ctx.profile.penalties.get(ctx.dialect) if ctx.profile else None
    if g is None or verdict is True:
        return
    for attr, name in (("presence_penalty", "presencePenalty"), ("frequency_penalty", "frequencyPenalty")):
        value = getattr(g, attr)
        if given(value) and value != 0:
            if verdict is None:
                who = f"{for_model(ctx)} on {API_TITLES[ctx.dialect]}" if ctx.model else "most models"
                yield report("GW315", ("generationConfig", name), f"{name} may be refused by {who}", "name a model known to take penalties, or leave it out", severity="warning")
            else:
                yield report("GW315", ("generationConfig", name), f"{for_model(ctx)} does not take {name} on {API_TITLES[ctx.dialect]}", "leave it out")


@check("GW316", "generation_config")
def logprobs_model(req: Any, ctx: Context) -> Iterator[Finding]:
    g, p = generation(req), ctx.profile
    if g is not None and g.response_logprobs is True and not (p is not None and p.logprobs.get(ctx.dialect)):
        who = for_model(ctx) if ctx.model else "most models"
        yield report("GW316", ("generationConfig", "responseLogprobs"), f"log probabilities are not enabled for {who}", "check the model supports them (2.0 Flash does), or leave responseLogprobs out")


@check("GW317", "system_instruction", "tools", "generation_config")
def model_feature_unsupported(req: Any, ctx: Context) -> Iterator[Finding]:
    p = ctx.profile
    if p is None:
        return
    g = generation(req)
    uses = [
        (p.system_instruction, given(req.system_instruction), ("systemInstruction",), "system instructions"),
        (p.function_calling, bool(cached(ctx, declarations, req)), ("tools",), "function calling"),
        (p.json_mode, g is not None and (g.response_mime_type == "application/json" or given(g.response_schema)), ("generationConfig", "responseMimeType"), "JSON mode"),
        (p.media_resolution, g is not None and given(g.media_resolution), ("generationConfig", "mediaResolution"), "media resolution"),
    ]
    for supported, used, path, feature in uses:
        if supported is False and used:
            yield report("GW317", path, f"{feature} is not enabled for {for_model(ctx)}", f"remove it, or use a Gemini model for {feature}")


# --------------------------------------------------------------------------- more of RULES.md


REQUEST_LIMIT = {"vertex": 20 * 2**20}


def size_findings(dialect: str, payload: bytes | bytearray | memoryview | str) -> list[Finding]:
    limit = REQUEST_LIMIT.get(dialect)
    size = len(payload.encode("utf-8", "surrogatepass")) if isinstance(payload, str) else len(payload)
    if limit is None or size <= limit:
        return []
    return [report("GW112", (), f"the request is {size:,} bytes, more than {limit:,}", "upload large media and refer to it with fileData.fileUri")]


MODEL_NAME = {
    "gemini": re.compile(r"(models|tunedModels)/[^/]+"),
    "vertex": re.compile(r"projects/[^/]+/locations/[^/]+/(publishers/[^/]+/models/[^/]+|endpoints/[^/]+)"),
}
MODEL_EXAMPLE = {"gemini": "models/gemini-2.5-flash", "vertex": "projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash"}


@check("GW113", "model")
def model_name_format(req: Any, ctx: Context) -> Iterator[Finding]:
    if given(req.model) and not MODEL_NAME[ctx.dialect].fullmatch(req.model):
        yield report("GW113", ("model",), f"{excerpt(req.model)} is not a {ctx.dialect} model name", f"write it as {MODEL_EXAMPLE[ctx.dialect]!r}, or leave it out (the URL names the model)")


REFUSED_MIME = {"image/jpg", "application/octet-stream"}
MIME_MAJOR = {"image", "video", "audio", "text", "application"}


def mime_problem(mime: str) -> str | None:
    major, _, minor = mime.partition("/")
    if not minor:
        return f"{excerpt(mime)} is not a MIME type (type/subtype)"
    if mime.lower() in REFUSED_MIME or major.lower() not in MIME_MAJOR:
        return f"{excerpt(mime)} is not a MIME type the server reads"
    return None


MIME_FIXES = {"image/jpg": "image/jpeg", "png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "pdf": "application/pdf"}


@check("GW213", "part.inline_data", "part.file_data")
def mime_type_unsupported(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, p in cached(ctx, all_parts, req):
        for attr, name in (("inline_data", "inlineData"), ("file_data", "fileData")):
            blob = getattr(p, attr)
            if given(blob) and given(blob.mime_type) and not is_youtube(getattr(blob, "file_uri", UNSET)):
                problem = mime_problem(blob.mime_type)
                if problem:
                    fix = MIME_FIXES.get(blob.mime_type.lower())
                    yield report("GW213", (*path, name, "mimeType"), problem, f"use {fix!r}" if fix else "give the exact IANA type, e.g. image/png, video/mp4, application/pdf")


YOUTUBE = re.compile(r"https?://(www\.|m\.)?(youtube\.com|youtu\.be)/", re.IGNORECASE)
GEMINI_FILES = re.compile(r"https://generativelanguage\.googleapis\.com/[^ ]*/files/", re.IGNORECASE)
URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_youtube(uri: Any) -> bool:
    return isinstance(uri, str) and bool(YOUTUBE.match(uri))


@check("GW214", "part.file_data")
def file_uri_unsupported(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, p in cached(ctx, all_parts, req):
        uri = p.file_data.file_uri if given(p.file_data) and given(p.file_data.file_uri) else None
        if uri is None:
            continue
        where = (*path, "fileData", "fileUri")
        scheme = uri.split("://", 1)[0].lower() if URI_SCHEME.match(uri) else None
        if scheme not in ("gs", "https", "http"):
            yield report("GW214", where, f"{excerpt(uri)} is not a URI the server can read", "upload the file (Files API, or gs:// on Vertex AI) and give its URI")
        elif ctx.dialect == "vertex" and GEMINI_FILES.match(uri):
            yield report("GW214", where, "a Gemini Files API URI, which Vertex AI cannot read", "put the file in Cloud Storage and give its gs:// URI")


def seconds(duration: str) -> float:
    return float(duration.rstrip("s"))


@check("GW215", "part.video_metadata")
def video_offsets_order(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, p in cached(ctx, all_parts, req):
        vm = p.video_metadata
        if given(vm) and given(vm.start_offset) and given(vm.end_offset) and seconds(vm.start_offset) > seconds(vm.end_offset):
            yield report("GW215", (*path, "videoMetadata", "startOffset"), f"startOffset {vm.start_offset} is after endOffset {vm.end_offset}", "swap them: the clip runs from startOffset to endOffset")


@check("GW216", "part.file_data")
def youtube_mime_type(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, p in cached(ctx, all_parts, req):
        fd = p.file_data
        if given(fd) and is_youtube(fd.file_uri) and given(fd.mime_type) and not fd.mime_type.startswith("video/"):
            yield report("GW216", (*path, "fileData", "mimeType"), f"a YouTube video with mimeType {excerpt(fd.mime_type)}", "leave mimeType out, or write video/mp4")


def current_turn_calls(req: Any, ctx: Context) -> Iterator[tuple[Path, Any]]:
    """The first function call part of each model turn since the last user text (the current turn).

    A model turn split over several contents is one turn (see Turn): in parallel calls only the
    first functionCall part carries the signature (https://ai.google.dev/gemini-api/docs/thought-signatures),
    so a client that replays each call in a content of its own sends the later ones unsigned."""
    contents = contents_of(req)
    start = 0
    for i, c in enumerate(contents):
        if c.role != "model" and any(given(p.text) for p in parts_of(c)):
            start = i + 1
    for turn in cached(ctx, turns, req):
        if turn.role == "model" and turn.calls and turn.start >= start:
            i, j, _ = turn.calls[0]
            yield ("contents", i, "parts", j), contents[i].parts[j]


@check("GW217", "part.function_call")
def thought_signature_missing(req: Any, ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None or not ctx.profile.family.startswith("gemini-3"):
        return
    for path, p in current_turn_calls(req, ctx):
        if not given(p.thought_signature):
            yield report("GW217", (*path, "thoughtSignature"), f"{for_model(ctx)} needs this function call's thoughtSignature back", "send the model's turn back exactly as it came, thoughtSignature included")


@check("GW323", "generation_config")
def speech_config_exclusive(req: Any, ctx: Context) -> Iterator[Finding]:
    g = generation(req)
    sc = g.speech_config if g is not None and given(g.speech_config) else None
    if sc is None:
        return
    path = ("generationConfig", "speechConfig")
    if given(sc.voice_config) and given(sc.multi_speaker_voice_config):
        yield report("GW323", (*path, "multiSpeakerVoiceConfig"), "both voiceConfig and multiSpeakerVoiceConfig", "keep voiceConfig for one voice, multiSpeakerVoiceConfig for a dialogue")
    multi = sc.multi_speaker_voice_config
    if ctx.dialect == "vertex" and given(multi):
        speakers = multi.speaker_voice_configs if given(multi.speaker_voice_configs) else []
        if len(speakers) != 2:
            yield report("GW323", (*path, "multiSpeakerVoiceConfig", "speakerVoiceConfigs"), f"{len(speakers)} speaker voice(s); Vertex AI takes exactly two", "give two speakerVoiceConfigs")


ASPECT_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
IMAGE_SIZES = ("1K", "2K", "4K")


@check("GW324", "generation_config")
def image_config_values(req: Any, ctx: Context) -> Iterator[Finding]:
    g = generation(req)
    ic = g.image_config if g is not None and given(g.image_config) else None
    if ic is None:
        return
    if given(ic.aspect_ratio) and ic.aspect_ratio not in ASPECT_RATIOS:
        yield report("GW324", ("generationConfig", "imageConfig", "aspectRatio"), f"aspect ratio {excerpt(ic.aspect_ratio)}", f"use one of {', '.join(ASPECT_RATIOS)}")
    size = getattr(ic, "image_size", UNSET)
    if given(size) and size not in IMAGE_SIZES:
        yield report("GW324", ("generationConfig", "imageConfig", "imageSize"), f"image size {excerpt(str(size))}", f"use one of {', '.join(IMAGE_SIZES)}")


def json_schemas(req: Any) -> Iterator[tuple[Path, Any]]:
    g = generation(req)
    if g is not None:
        for attr, name in (("response_json_schema", "responseJsonSchema"), ("field_response_json_schema", "_responseJsonSchema")):
            value = getattr(g, attr, UNSET)
            if given(value):
                yield ("generationConfig", name), value
    for path, d in declarations(req):
        for attr, name in (("parameters_json_schema", "parametersJsonSchema"), ("response_json_schema", "responseJsonSchema")):
            value = getattr(d, attr, UNSET)
            if given(value):
                yield (*path, name), value


REF_SIBLINGS = frozenset({"description", "default"})
REF_SIBLINGS_AT_ROOT = REF_SIBLINGS | {"title"}


@check("GW407", "generation_config", "tools")
def json_schema_ref_siblings(req: Any, ctx: Context) -> Iterator[Finding]:
    roots = {path for path, _ in json_schemas(req)}
    for path, node in cached(ctx, json_schema_nodes, req):
        if "$ref" in node:
            # The server names description and default; a title at the root (pydantic's schema of
            # a recursive model: {"$defs": ..., "$ref": ..., "title": ...}) was accepted.
            allowed = REF_SIBLINGS_AT_ROOT if path in roots else REF_SIBLINGS
            extra = sorted(k for k in node if not k.startswith("$") and k not in allowed)
            if extra:
                yield report("GW407", (*path, Key(extra[0])), f"{', '.join(map(excerpt, extra))} beside $ref", "keep only description and default beside $ref; put the rest in the referenced definition")


@check("GW508", "tool_config")
def calling_config_without_declarations(req: Any, ctx: Context) -> Iterator[Finding]:
    if given(calling_config(req)) and not bool(cached(ctx, declarations, req)):
        fatal = ctx.dialect == "gemini" and ctx.profile is not None and ctx.profile.family.startswith("gemini-2")
        yield report("GW508", ("toolConfig", "functionCallingConfig"), "functionCallingConfig without any function declaration", "declare the functions in tools, or drop toolConfig", severity="error" if fatal else None)


BUILT_IN = {"google_search": "googleSearch", "url_context": "urlContext", "code_execution": "codeExecution", "google_search_retrieval": "googleSearchRetrieval", "google_maps": "googleMaps"}


@check("GW509", "tools")
def built_in_tools_with_functions(req: Any, ctx: Context) -> Iterator[Finding]:
    if not given(req.tools) or not bool(cached(ctx, declarations, req)):
        return
    if is_gemini_3(ctx):
        # Accepted in real traffic: by Vertex AI as it is, by the Gemini API with the flag.
        tc = req.tool_config
        if ctx.dialect == "vertex" or (given(tc) and getattr(tc, "include_server_side_tool_invocations", UNSET) is True):
            return
    for i, tool in enumerate(req.tools):
        for attr, name in BUILT_IN.items():
            if given(getattr(tool, attr, UNSET)):
                fatal = ctx.profile is not None and ctx.profile.family.startswith("gemini-2")
                yield report("GW509", ("tools", i, name), f"{name} beside function declarations", "on 2.x models, send built-in tools and functions in separate requests", severity="error" if fatal else None)


@check("GW510", "tools")
def google_search_retrieval_legacy(req: Any, ctx: Context) -> Iterator[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        if given(tool.google_search_retrieval):
            fatal = ctx.profile is not None and ctx.profile.family.startswith(("gemini-2", "gemini-3"))
            yield report("GW510", ("tools", i, "googleSearchRetrieval"), "googleSearchRetrieval is the Gemini 1.5 search tool", 'use "googleSearch": {}', severity="error" if fatal else None)


@check("GW511", "tools")
def search_time_range_incomplete(req: Any, ctx: Context) -> Iterator[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        gs = tool.google_search
        trf: Any = getattr(gs, "time_range_filter", UNSET) if given(gs) else UNSET
        if given(trf) and given(trf.start_time) != given(trf.end_time):
            missing = "endTime" if given(trf.start_time) else "startTime"
            yield report("GW511", ("tools", i, "googleSearch", "timeRangeFilter", missing), f"a time range without {missing}", f"add {missing}")


URL = re.compile(r"https?://[^\s<>\"')\]]+")
MAX_URLS = 20


@check("GW512", "tools")
def url_context_too_many_urls(req: Any, ctx: Context) -> Iterator[Finding]:
    if not any(given(getattr(t, "url_context", UNSET)) for t in (req.tools if given(req.tools) else [])):
        return
    count = sum(len(URL.findall(p.text)) for _, p in cached(ctx, all_parts, req) if given(p.text))
    if count > MAX_URLS:
        yield report("GW512", ("contents",), f"{count} URLs for the URL context tool, at most {MAX_URLS}", "split the request, or keep the 20 URLs that matter")


@check("GW513", "tools")
def function_behavior_live_only(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, d in cached(ctx, declarations, req):
        if given(getattr(d, "behavior", UNSET)):
            yield report("GW513", (*path, "behavior"), "behavior only applies to the Live API", "drop it for generateContent")


MAX_VIDEOS = 10
MAX_IMAGES_UNNAMED = 3000  # the largest known; a named model may take fewer


def media_kind(p: Any) -> str | None:
    for attr in ("inline_data", "file_data"):
        blob = getattr(p, attr)
        if given(blob):
            if attr == "file_data" and is_youtube(blob.file_uri):
                return "video"
            mime = blob.mime_type if given(blob.mime_type) else ""
            return mime.split("/", 1)[0] or None
    return None


@check("GW218", "part.inline_data", "part.file_data")
def too_many_videos(req: Any, ctx: Context) -> Iterator[Finding]:
    videos = [path for path, p in cached(ctx, all_parts, req) if media_kind(p) == "video"]
    if len(videos) > MAX_VIDEOS:
        yield report("GW218", videos[MAX_VIDEOS], f"{len(videos)} videos in one request, at most {MAX_VIDEOS}", "split the videos over several requests")


@check("GW219", "part.inline_data", "part.file_data")
def too_many_images(req: Any, ctx: Context) -> Iterator[Finding]:
    images = [path for path, p in cached(ctx, all_parts, req) if media_kind(p) == "image"]
    limit = ctx.profile.max_images if ctx.profile and ctx.profile.max_images else None
    if limit is not None and len(images) > limit:
        yield report("GW219", images[limit], f"{len(images)} images, {for_model(ctx)} takes at most {limit}", "send fewer images, or several requests", severity="error")
    elif limit is None and len(images) > MAX_IMAGES_UNNAMED:
        yield report("GW219", images[MAX_IMAGES_UNNAMED], f"{len(images)} images; models take at most {MAX_IMAGES_UNNAMED} (some fewer)", "send fewer images, or name the model to check")


@check("GW705", "tools")
def function_call_undeclared(req: Any, ctx: Context) -> Iterator[Finding]:
    declared = {d.name for _, d in cached(ctx, declarations, req) if given(d.name)}
    if not declared:
        return  # without declarations the history is all the model has; nothing to compare
    for turn in cached(ctx, turns, req):
        for i, j, call in turn.calls:
            if given(call.name) and call.name not in declared:
                close = closest(call.name, declared)
                hint = f"did you mean {excerpt(close)}?" if close else "declare it in tools[].functionDeclarations"
                yield report("GW705", ("contents", i, "parts", j, "functionCall", "name"), f"{excerpt(call.name)} is not a declared function", hint)



def is_gemini_3(ctx: Context) -> bool | None:
    """Whether the named model is a Gemini 3 model; None when no known model is named."""
    return ctx.profile.family.startswith("gemini-3") if ctx.profile else None


@check("GW220", "part.function_response", "part.media_resolution")
def gemini_3_only_part_feature(req: Any, ctx: Context) -> Iterator[Finding]:
    if is_gemini_3(ctx) is not False:
        return
    for path, p in cached(ctx, all_parts, req):
        fr = p.function_response
        if fr is not UNSET and fr.parts is not UNSET:
            yield report("GW220", (*path, "functionResponse", "parts"), f"multimodal function responses need a Gemini 3 model, not {for_model(ctx)}", "put the data into response, or use a Gemini 3 model")
        if getattr(p, "media_resolution", UNSET) is not UNSET:
            yield report("GW220", (*path, "mediaResolution"), f"per-part media resolution needs a Gemini 3 model, not {for_model(ctx)}", "set generationConfig.mediaResolution instead")


@check("GW325", "generation_config")
def response_mime_type_unsupported(req: Any, ctx: Context) -> Iterator[Finding]:
    g = generation(req)
    if g is not None and given(g.response_mime_type):
        mime = g.response_mime_type
        if not (mime.startswith("text/") or mime == "application/json"):
            yield report("GW325", ("generationConfig", "responseMimeType"), f"the model does not answer in {excerpt(mime)}", "use application/json, text/plain or text/x.enum")


@check("GW326", "generation_config")
def json_mode_with_functions(req: Any, ctx: Context) -> Iterator[Finding]:
    g = generation(req)
    verdict = ctx.profile.json_with_functions if ctx.profile else None
    if verdict is not True and g is not None and g.response_mime_type == "application/json" and bool(cached(ctx, declarations, req)):
        yield report("GW326", ("generationConfig", "responseMimeType"), "JSON mode beside function declarations", "ask for JSON in a turn without tools, or use a model that takes both (Gemini 3)", severity="error" if verdict is False else None)


@check("GW327", "generation_config")
def json_mode_with_built_in_tools(req: Any, ctx: Context) -> Iterator[Finding]:
    g = generation(req)
    verdict = ctx.profile.json_with_built_in_tools if ctx.profile else None
    if verdict is True or g is None or g.response_mime_type != "application/json" or not given(req.tools):
        return
    for i, tool in enumerate(req.tools):
        for attr, name in BUILT_IN.items():
            if given(getattr(tool, attr, UNSET)):
                yield report("GW327", ("tools", i, name), f"{name} beside responseMimeType application/json", "drop the JSON MIME type and ask for JSON in the prompt, or use a Gemini 3 model", severity="error" if verdict is False else "warning")


@check("GW328", "generation_config", "contents")
def response_modalities_model(req: Any, ctx: Context) -> Iterator[Finding]:
    g, p = generation(req), ctx.profile
    if p is None or p.output_modalities is None or (g is None and not contents_of(req)):
        return  # (a request with neither is refused for that: GW204)
    asked = [name_of(m) for m in g.response_modalities] if g is not None and given(g.response_modalities) else []
    path: Path = ("generationConfig", "responseModalities")
    # Without responseModalities the model answers in text, which a TTS model cannot do.
    for i, m in enumerate(asked or ["TEXT"]):
        if m is not None and m not in p.output_modalities:
            yield report("GW328", (*path, i) if asked else path, f"{for_model(ctx)} cannot answer in {m}", f"ask for {', '.join(p.output_modalities)}")


JSON_SCHEMA_KEYWORDS = {
    "$id", "$defs", "$ref", "$anchor", "$schema", "$comment", "type", "format", "title", "description",
    "enum", "items", "prefixItems", "minItems", "maxItems", "minimum", "maximum", "anyOf", "oneOf",
    "properties", "additionalProperties", "required", "propertyOrdering", "nullable", "default",
}


@check("GW408", "generation_config", "tools")
def json_schema_keyword_unsupported(req: Any, ctx: Context) -> Iterator[Finding]:
    for path, node in cached(ctx, json_schema_nodes, req):
        for key in node:
            if key not in JSON_SCHEMA_KEYWORDS:
                yield report("GW408", (*path, Key(key)), f"{excerpt(key)} is not among the JSON Schema keywords the server reads", "express it with the supported keywords (enum, minimum, maxItems, ...), or in description")


def json_schema_nodes(req: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    for root_path, root in json_schemas(req):
        yield from schema_nodes(root, root_path)


def schema_nodes(node: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The schema objects of a JSON Schema (not the data inside enum, default or const)."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from schema_nodes(node[key], (*path, Key(key)))
    for key in ("properties", "$defs"):
        if isinstance(node.get(key), dict):
            for name, sub in node[key].items():
                yield from schema_nodes(sub, (*path, Key(key), Key(name)))
    for key in ("anyOf", "oneOf", "prefixItems"):
        if isinstance(node.get(key), list):
            for i, sub in enumerate(node[key]):
                yield from schema_nodes(sub, (*path, Key(key), i))


@check("GW514", "tools")
def vertex_ai_search_source(req: Any, ctx: Context) -> Iterator[Finding]:
    for i, tool in enumerate(req.tools if given(req.tools) else []):
        retrieval: Any = getattr(tool, "retrieval", UNSET)
        search: Any = retrieval.vertex_ai_search if given(retrieval) else UNSET
        if not given(search):
            continue
        path = ("tools", i, "retrieval", "vertexAiSearch")
        if given(search.datastore) and given(search.engine):
            yield report("GW514", (*path, "engine"), "both datastore and engine", "keep one of them", severity="warning")
        if given(search.max_results) and search.max_results > 10:
            yield report("GW514", (*path, "maxResults"), f"maxResults {search.max_results}, at most 10", "ask for at most 10 results")
