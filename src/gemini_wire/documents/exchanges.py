"""Checking a response against its request, and each request against the exchange before it
(the GW8xx rules, declared in gemini_wire.rules.exchanges).

    check_exchange(request, response, dialect="gemini")        # one call
    check_conversation([(request, response), ...], dialect=...)  # calls in order

An exchange is a request with what it got: a unary response, a stream (Server-Sent Events or a
JSON array, as bytes, or its chunks: folded with `stream.aggregate` as the SDKs fold them), or an
error body (nothing to compare). Documents are read as JSON values, once; a document that does
not parse or decode is left to lint, which reports it. Exchange k follows exchange k-1 when its
request extends that request's history (its first contents are the same, thought signatures
aside) with a model turn: that turn replays what the model answered, and the turns after it
answer the model's function calls.

A finding's path is rooted at its document: `response.candidates[0]...` or `request.contents[3]...`
for one exchange, `exchange[2].response...` in a conversation.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import msgspec

from gemini_wire import dialects
from gemini_wire.codec import encode
from gemini_wire.dialect import Dialect
from gemini_wire.documents.contracts import contract_findings, format_error, ordering_findings
from gemini_wire.documents.fields import get, integer, items, parts_of
from gemini_wire.findings import Finding, Key, Path, WireError, excerpt, relocate, ticked
from gemini_wire.models import profile
from gemini_wire.rules.exchanges import (
    FUNCTION_ARGS_MISMATCH,
    FUNCTION_CALL_UNANSWERED,
    FUNCTION_CALLING_MODE_IGNORED,
    FUNCTION_RESPONSE_UNMATCHED,
    JSON_OUTPUT_MISMATCH,
    JSON_OUTPUT_TRUNCATED,
    JSON_OUTPUT_UNPARSABLE,
    MODEL_TEXT_EDITED,
    THOUGHT_SIGNATURE_NOT_REPLAYED,
    TOO_MANY_CANDIDATES,
    UNDECLARED_FUNCTION_CALLED,
)
from gemini_wire.rules.media import THOUGHT_SIGNATURE_MISSING
from gemini_wire.stream import StreamDecoder, aggregate

__all__ = ["Call", "Exchange", "check_conversation", "check_exchange", "read_call"]

Document = bytes | str | dict[str, Any] | list[Any] | msgspec.Struct | None
Exchange = tuple[Document, Document]  # a request, and what it got: a response, a stream, an error body or None
REQUEST = "request"
RESPONSE = "response"
MAX_SCHEMA_FINDINGS = 5  # per value: the first few say enough
SIGNATURE = "thoughtSignature"
SIDE = frozenset({SIGNATURE, "thought_signature"})  # what a replay may carry that the model's part did not


@dataclass(frozen=True)
class Call:
    """One exchange read as JSON values: the request, the response it got (a stream folded into
    one; None for an error body or one that cannot be read), and the model it was for."""

    request: dict[str, Any]
    response: dict[str, Any] | None
    model: str = ""


@dataclass(frozen=True)
class Found:
    """A finding in one document of a sequence of exchanges: exchange `index`, `document`
    "request" or "response", the finding's path relative to that document."""

    index: int
    document: str
    finding: Finding


def check_exchange(
    request: Document, response: Document, *, dialect: str | Dialect[Any, Any, Any] = "gemini", model: str | None = None
) -> list[Finding]:
    """The findings of a response against its own request (paths from `request` or `response`)."""
    call = read_call(request, response, resolved(dialect), model or "")
    return [] if call is None else [relocate(f, (side,)) for side, f in exchange_findings(call)]


def check_conversation(
    exchanges: Iterable[Exchange],
    *,
    dialect: str | Dialect[Any, Any, Any] = "gemini",
    model: str | None = None,
) -> list[Finding]:
    """The findings of each exchange, and of each request against the exchange it follows (paths
    from `exchange[k].request` or `exchange[k].response`)."""
    chosen = resolved(dialect)
    calls = [read_call(request, response, chosen, model or "") for request, response in exchanges]
    return [relocate(f.finding, ("exchange", f.index, f.document)) for f in conversation_findings(calls)]


def resolved(dialect: str | Dialect[Any, Any, Any]) -> Dialect[Any, Any, Any]:
    return dialects.dialect(dialect) if isinstance(dialect, str) else dialect


# --------------------------------------------------------------------------- reading documents

FIRST = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*(.?)")


def read_call(request: Document, response: Document, dialect: Dialect[Any, Any, Any], model: str = "") -> Call | None:
    """The exchange as JSON values, or None when its request is not a JSON object."""
    asked = json_value(request)
    if not isinstance(asked, dict):
        return None
    return Call(asked, response_value(response, dialect), model)


def json_value(document: Document) -> Any:
    """A document as JSON values: a Struct encoded (every dialect's encode is codec.encode),
    bytes or text parsed (None when not JSON), anything else as it is."""
    if isinstance(document, msgspec.Struct):
        document = encode(document)
    if isinstance(document, (bytes, str)):
        try:
            return msgspec.json.decode(document)
        except msgspec.DecodeError:
            return None
    return document


def response_value(response: Document, dialect: Dialect[Any, Any, Any]) -> dict[str, Any] | None:
    """The response as one JSON object: a stream folded; None for an error body or none."""
    if isinstance(response, str):
        response = response.encode()
    if isinstance(response, bytes):
        m = FIRST.match(response)
        if m is None or m.group(1) != b"{":
            return folded(stream_chunks(response, dialect), dialect)
    elif isinstance(response, list):
        return folded([chunk_struct(c, dialect) for c in response], dialect)
    value = json_value(response)
    if not isinstance(value, dict) or "error" in value:
        return None
    return value


def stream_chunks(data: bytes, dialect: Dialect[Any, Any, Any]) -> list[Any]:
    decoder: StreamDecoder[Any, Any] = StreamDecoder(dialect)
    try:
        return [*decoder.feed(data), *decoder.close()]
    except WireError:
        return []  # lint reports the stream's problem; there is no answer to compare


def chunk_struct(chunk: Any, dialect: Dialect[Any, Any, Any]) -> Any:
    if isinstance(chunk, msgspec.Struct):
        return chunk
    try:
        return dialect.decode_response(msgspec.json.encode(chunk))
    except (WireError, TypeError):
        return None


def folded(chunks: list[Any], dialect: Dialect[Any, Any, Any]) -> dict[str, Any] | None:
    responses = [c for c in chunks if isinstance(c, dialect.structs.GenerateContentResponse)]
    if not responses or len(responses) != len(chunks):
        return None  # an error in the stream, or a chunk that does not decode
    try:
        value = msgspec.json.decode(dialect.encode(aggregate(responses)))
    except (WireError, ValueError, TypeError):
        return None
    return value if isinstance(value, dict) else None


# --------------------------------------------------------------------------- field access


def spoken(parts: Iterable[tuple[Any, Any]]) -> str:
    """The answer's text of parts (thought summaries aside)."""
    return "".join(t for _, p in parts if isinstance(t := get(p, "text"), str) and get(p, "thought") is not True)


def declarations(request: dict[str, Any]) -> dict[str, Any]:
    """The declared functions by name."""
    out: dict[str, Any] = {}
    for tool in items(get(request, "tools")):
        for d in items(get(tool, "functionDeclarations")):
            if isinstance(name := get(d, "name"), str):
                out[name] = d
    return out


def computer_use(request: dict[str, Any]) -> bool:
    """Whether a built-in tool that calls functions of its own (Computer Use) is on."""
    return any(get(tool, "computerUse") is not None for tool in items(get(request, "tools")))


def candidates(response: dict[str, Any] | None) -> list[Any]:
    return items(get(response, "candidates")) if response else []


# --------------------------------------------------------------------------- one exchange


def exchange_findings(call: Call) -> Iterator[tuple[str, Finding]]:
    """The response's findings against its request, each with its document ("response")."""
    request, response = call.request, call.response
    if response is None:
        return
    config = get(request, "generationConfig")
    listed = candidates(response)
    asked = integer(get(config, "candidateCount"), 1)
    if len(listed) > max(asked, 1):
        yield RESPONSE, TOO_MANY_CANDIDATES.finding(("candidates", max(asked, 1)), f"{len(listed)} candidates for a candidateCount of {asked}", "read every candidate, or ask for as many as you read (generationConfig.candidateCount)")
    declared = declarations(request)
    calling = get(get(request, "toolConfig"), "functionCallingConfig")
    mode = str(get(calling, "mode") or "AUTO").upper()
    allowed = {n for n in items(get(calling, "allowedFunctionNames")) if isinstance(n, str)} if isinstance(get(calling, "allowedFunctionNames"), list) else set()
    mime = str(get(config, "responseMimeType") or "").lower()
    for c, candidate in enumerate(listed):
        at: Path = ("candidates", c, "content", "parts")
        parts = list(enumerate(parts_of(get(candidate, "content"))))
        calls = [(j, get(p, "functionCall")) for j, p in parts if isinstance(get(p, "functionCall"), dict)]
        for j, fc in calls:
            yield from ((RESPONSE, f) for f in call_findings(fc, (*at, j, "functionCall"), declared, request, mode, allowed))
        if mode == "ANY" and declared and not calls and get(candidate, "finishReason") == "STOP":
            yield RESPONSE, FUNCTION_CALLING_MODE_IGNORED.finding(("candidates", c), "no function call under mode ANY", "the application expects a call here: handle an answer without one")
        if mime in ("application/json", "text/x.enum") and not calls:
            yield from ((RESPONSE, f) for f in json_findings(candidate, parts, at, config, mime))
    yield from ((RESPONSE, f) for f in contract_findings(request, response))


def call_findings(fc: dict[str, Any], at: Path, declared: dict[str, Any], request: dict[str, Any], mode: str, allowed: set[str]) -> Iterator[Finding]:
    name = get(fc, "name")
    if not isinstance(name, str):
        return
    if mode == "NONE":
        yield FUNCTION_CALLING_MODE_IGNORED.finding((*at, "name"), f"a call of {excerpt(name)} under mode NONE", "handle the call, or do not rely on mode NONE alone")
    elif mode in ("ANY", "VALIDATED") and allowed and name not in allowed:
        yield FUNCTION_CALLING_MODE_IGNORED.finding((*at, "name"), f"{excerpt(name)} is not in allowedFunctionNames", f"the allowed functions: {', '.join(map(excerpt, sorted(allowed)))}")
    declaration = declared.get(name)
    if declaration is None:
        if not computer_use(request):
            hint = f"the declared functions: {', '.join(map(excerpt, sorted(declared)))}" if declared else "the request declares no function"
            yield UNDECLARED_FUNCTION_CALLED.finding((*at, "name"), f"{excerpt(name)} is not declared in the request", hint)
        return
    args = get(fc, "args")
    args = {} if args is None else args
    for path, message in schema_errors_of(args, declaration, "parameters"):
        yield FUNCTION_ARGS_MISMATCH.finding((*at, "args", *path), message, f"check the arguments of {excerpt(name)} before calling it")


def schema_errors_of(value: Any, holder: Any, field: str) -> Iterator[tuple[Path, str]]:
    """The value's breaks of the holder's JSON Schema (`<field>JsonSchema`) or, without one, of
    its OpenAPI-subset Schema (`<field>`)."""
    json_schema = get(holder, f"{field}JsonSchema")
    if json_schema is not None:
        yield from json_schema_errors(value, json_schema)
    elif (schema := get(holder, field)) is not None:
        yield from limited(schema_errors(value, schema, ()))


def json_findings(candidate: Any, parts: list[tuple[int, Any]], at: Path, config: Any, mime: str) -> Iterator[Finding]:
    texts = [(j, p) for j, p in parts if isinstance(get(p, "text"), str) and get(p, "thought") is not True]
    if not texts:
        return
    text = spoken(texts)
    where: Path = (*at, texts[0][0], "text")
    schema_holder = config
    if mime == "text/x.enum":
        options = items(get(get(config, "responseSchema"), "enum"))
        if options and text.strip() not in options:
            yield JSON_OUTPUT_MISMATCH.finding(where, f"{excerpt(text)} is not one of the schema's enum values", f"expect one of {', '.join(map(excerpt, map(str, options[:5])))}")
        return
    try:
        value = msgspec.json.decode(text)
    except msgspec.DecodeError as e:
        if get(candidate, "finishReason") == "MAX_TOKENS":
            yield JSON_OUTPUT_TRUNCATED.finding(where, f"the JSON text stops at MAX_TOKENS after {len(text):,} characters", "raise generationConfig.maxOutputTokens, or ask for less")
        else:
            yield JSON_OUTPUT_UNPARSABLE.finding(where, f"the text is not JSON: {excerpt(str(e), quoted=False)}", "parse defensively; a responseSchema makes the model keep to JSON")
        return
    for path, message in schema_errors_of(value, schema_holder, "responseSchema"):
        yield JSON_OUTPUT_MISMATCH.finding((*where, *path), message, "validate the answer before using it")
    yield from ordering_findings(value, schema_holder, where)


def limited(errors: Iterator[tuple[Path, str]]) -> Iterator[tuple[Path, str]]:
    for n, error in enumerate(errors):
        if n == MAX_SCHEMA_FINDINGS:
            return
        yield error


# --------------------------------------------------------------------------- schemas

# The OpenAPI-subset Schema's types, and the JSON values that fit them.
TYPES: dict[str, tuple[type, ...]] = {
    "STRING": (str,),
    "NUMBER": (int, float),
    "INTEGER": (int,),
    "BOOLEAN": (bool,),
    "ARRAY": (list,),
    "OBJECT": (dict,),
}


def json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array", dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def schema_errors(value: Any, schema: Any, at: Path) -> Iterator[tuple[Path, str]]:
    """The value's breaks of an OpenAPI-subset Schema (`parameters`, `responseSchema`): type,
    nullable, enum, format, required, properties, items, anyOf and the size bounds."""
    if not isinstance(schema, dict):
        return
    kind = str(get(schema, "type") or "").upper()
    if value is None:
        if kind not in ("", "NULL") and get(schema, "nullable") is not True:
            yield at, f"null where {kind} was declared (not nullable)"
        return
    any_of = items(get(schema, "anyOf"))
    if any_of:
        if all(next(schema_errors(value, s, at), None) is not None for s in any_of):
            yield at, f"{json_type(value)} that matches none of the {len(any_of)} anyOf schemas"
        return
    fits = TYPES.get(kind)
    if fits is not None and not fitting(value, kind, fits):
        yield at, f"{json_type(value)} where {kind} was declared"
        return
    enum = get(schema, "enum")
    if isinstance(enum, list) and enum and value not in enum:
        yield at, f"{excerpt(str(value))} is not one of the enum values {', '.join(map(excerpt, map(str, enum[:5])))}"
    if (wrong := format_error(value, schema, kind)) is not None:
        yield at, wrong
    if isinstance(value, dict):
        for name in items(get(schema, "required")):
            if isinstance(name, str) and name not in value:
                yield at, f"the required property {ticked(name)} is missing"
        properties = get(schema, "properties")
        if isinstance(properties, dict):
            for name, inner in properties.items():
                if name in value:
                    yield from schema_errors(value[name], inner, (*at, Key(name)))
    elif isinstance(value, list):
        low, high = integer(get(schema, "minItems"), 0), integer(get(schema, "maxItems"), -1)
        if len(value) < low or 0 <= high < len(value):
            yield at, f"{len(value)} items, outside minItems {low} / maxItems {high if high >= 0 else 'unset'}"
        inner = get(schema, "items")
        for k, item in enumerate(value):
            yield from schema_errors(item, inner, (*at, k))


def fitting(value: Any, kind: str, fits: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return kind == "BOOLEAN"
    if kind == "INTEGER" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, fits)


def json_schema_errors(value: Any, schema: Any) -> Iterator[tuple[Path, str]]:
    """The value's breaks of a JSON Schema (`parametersJsonSchema`, `responseJsonSchema`), by the
    jsonschema package when it is installed (the `schemas` extra); without it, unchecked, and
    a SetupNote says so once."""
    validator = json_validator(msgspec.json.encode(schema))
    if validator is None:
        return
    try:
        errors = list(validator.iter_errors(value))[:MAX_SCHEMA_FINDINGS]
    except Exception:  # a schema the validator cannot follow (a $ref it cannot resolve)
        return
    for error in errors:
        yield tuple(Key(p) if isinstance(p, str) else p for p in error.absolute_path), excerpt(error.message, quoted=False, size=160)


INSTALL_SCHEMAS = "python -m pip install jsonschema"  # the `schemas` extra; works for any install


class SetupNote(UserWarning):
    """A check that could not run for lack of an optional dependency, with its install line: a
    setup problem of the one who runs gemini-wire, told once a run, not a finding of a file."""


@cache  # once a process: a run meets many schemas
def note_schemas_unchecked() -> None:
    message = f"JSON Schemas (parametersJsonSchema, responseJsonSchema) are not checked without jsonschema: {INSTALL_SCHEMAS}"
    warnings.warn(SetupNote(message), stacklevel=2)


@lru_cache(maxsize=256)  # the schemas of a run repeat; a long run of many holds only the recent
def json_validator(schema: bytes) -> Any:
    """A validator of the schema (its JSON bytes: cached per schema), or None without jsonschema
    (told once: SetupNote) or for a schema it refuses."""
    try:
        import jsonschema  # type: ignore[import-untyped]  # optional: imported when a JSON Schema is met
    except ImportError:
        note_schemas_unchecked()
        return None
    loaded = msgspec.json.decode(schema)
    if not isinstance(loaded, (dict, bool)):
        return None
    try:
        cls = jsonschema.validators.validator_for(loaded, default=jsonschema.Draft202012Validator)
        cls.check_schema(loaded)
        return cls(loaded)
    except Exception:  # a schema that jsonschema refuses is lint's matter, not this check's
        return None


# --------------------------------------------------------------------------- conversations


def conversation_findings(calls: Sequence[Call | None], *, linted: frozenset[str] = frozenset()) -> list[Found]:
    """Each exchange's findings, and each request's against the exchange it follows. `linted`:
    the codes of the rules that the caller also checks each request for on its own (lint), whose
    findings these leave to them (GW217: a Gemini 3 current-turn call sent back unsigned)."""
    found: list[Found] = []
    for k, call in enumerate(calls):
        if call is None:
            continue
        found += [Found(k, side, f) for side, f in exchange_findings(call)]
        before = calls[k - 1] if k else None
        if before is not None and before.response is not None:
            found += [Found(k, REQUEST, f) for f in replay_findings(before, call, linted)]
    return found


def loose(content: Any) -> Any:
    """A content as a replay may carry it: its parts without their signatures."""
    if not isinstance(content, dict):
        return content
    return {**content, "parts": [{k: v for k, v in p.items() if k not in SIDE} if isinstance(p, dict) else p for p in parts_of(content)]}


def replay_at(before: Call, after: Call) -> int | None:
    """Where `after`'s contents replay `before`'s answer (the index after `before`'s contents),
    or None when `after` does not extend `before`'s history with a model turn."""
    old, new = items(get(before.request, "contents")), items(get(after.request, "contents"))
    n = len(old)
    if len(new) <= n or get(new[n], "role") != "model":
        return None
    if any(a is not b and a != b and loose(a) != loose(b) for a, b in zip(old, new, strict=False)):
        return None
    return n


def replay_findings(before: Call, after: Call, linted: frozenset[str] = frozenset()) -> Iterator[Finding]:
    n = replay_at(before, after)
    listed = candidates(before.response)
    if n is None or not listed:
        return
    contents = items(get(after.request, "contents"))
    end = n
    while end < len(contents) and get(contents[end], "role") == "model":
        end += 1
    replayed = [((i, j), p) for i in range(n, end) for j, p in enumerate(parts_of(contents[i]))]
    answered = [(j, p) for j, p in enumerate(parts_of(get(listed[0], "content")))]
    if not answer_replayed(answered, replayed) and get(before.request, "systemInstruction") != get(after.request, "systemInstruction"):
        return  # another agent's history that starts alike (a sub-agent asked the same question)
    current = not any(get(c, "role") != "model" and spoken(enumerate(parts_of(c))) for c in contents[end:])
    yield from signature_findings(answered, replayed, current, before.model or after.model, THOUGHT_SIGNATURE_MISSING.code in linted)
    said, sent = spoken(answered), spoken(replayed)
    if said and said != sent:
        yield MODEL_TEXT_EDITED.finding(("contents", n), f"the model said {excerpt(said)}, the replay says {excerpt(sent)}", "send the model's turn back as it came")
    yield from answer_findings(answered, replayed, contents, end)


def answer_replayed(answered: list[tuple[int, Any]], replayed: list[tuple[tuple[int, int], Any]]) -> bool:
    """Whether some part of the replay is a part of the answer, signatures aside."""
    said = [loose({"parts": [p]}) for _, p in answered]
    return any(loose({"parts": [p]}) in said for _, p in replayed)


def signature_findings(answered: list[tuple[int, Any]], replayed: list[tuple[tuple[int, int], Any]], current: bool, model: str, linted: bool = False) -> Iterator[Finding]:
    """GW812 for each signed part of the answer that comes back without its signature or with
    another; `linted`: the request is also checked for GW217, which says it of a Gemini 3
    current-turn call left unsigned (one error at one place, not two)."""
    taken: set[tuple[int, int]] = set()
    for _, part in answered:
        signature = get(part, SIGNATURE)
        if not isinstance(part, dict) or not isinstance(signature, str):
            continue
        bare = {k: v for k, v in part.items() if k not in SIDE}
        match = next(((w, p) for w, p in replayed if w not in taken and isinstance(p, dict) and {k: v for k, v in p.items() if k not in SIDE} == bare), None)
        if match is None:
            continue  # the part itself was dropped or edited (GW813, GW810 say which)
        (i, j), sent = match
        taken.add((i, j))
        given = get(sent, SIGNATURE)
        if isinstance(given, str) and same_bytes(given, signature):
            continue
        at: Path = ("contents", i, "parts", j)
        if given is None:
            moved = any(isinstance(s := get(p, SIGNATURE), str) and same_bytes(s, signature) for _, p in replayed)
            is_call = get(part, "functionCall") is not None
            if is_call and current and not moved and linted and signing_model(model) and (i, j) == first_call(replayed):
                continue  # GW217's, from the request alone: it checks the first call of the turn
            if is_call and current and gemini_3(model) and not moved:
                yield THOUGHT_SIGNATURE_NOT_REPLAYED.finding(at, "the current turn's function call comes back without the signature the model gave it", "send the part back with its thoughtSignature", severity="error")
            else:
                what = "moved to another part" if moved else "dropped"
                yield THOUGHT_SIGNATURE_NOT_REPLAYED.finding(at, f"the model's thoughtSignature of this part is {what}", "send each part back with its own thoughtSignature")
        else:
            what = "the skip_thought_signature_validator sentinel" if given == SKIP else "another thoughtSignature"
            yield THOUGHT_SIGNATURE_NOT_REPLAYED.finding((*at, SIGNATURE), f"the part comes back with {what} in place of the one the model gave it", "send the signature back unchanged")


SKIP = "skip_thought_signature_validator"  # what clients send to pass Gemini 3's check without a signature
URL_SAFE = str.maketrans("-_", "+/")


def same_bytes(a: str, b: str) -> bool:
    """Whether two base64 texts hold the same bytes: the SDKs send back in the URL-safe alphabet
    what the server sent in the standard one, with or without padding."""
    return a == b or a.rstrip("=").translate(URL_SAFE) == b.rstrip("=").translate(URL_SAFE)


def gemini_3(model: str) -> bool:
    return model.rsplit("/", 1)[-1].startswith("gemini-3")


def first_call(replayed: list[tuple[tuple[int, int], Any]]) -> tuple[int, int] | None:
    """Where the replayed model turn's first function call is."""
    return next((w for w, p in replayed if get(p, "functionCall") is not None), None)


def signing_model(model: str) -> bool:
    """Whether GW217 checks requests to this model: a known Gemini 3 profile (gemini_wire.models)."""
    known = profile(model)
    return known is not None and known.family.startswith("gemini-3")


def answer_findings(answered: list[tuple[int, Any]], replayed: list[tuple[tuple[int, int], Any]], contents: list[Any], end: int) -> Iterator[Finding]:
    asked = [get(p, "functionCall") for _, p in answered if isinstance(get(p, "functionCall"), dict)]
    if not asked:
        return
    # A call that the application added to the replay (its own tool's) is answered like the model's.
    every = asked + [get(p, "functionCall") for _, p in replayed if isinstance(get(p, "functionCall"), dict)]
    stop = end
    while stop < len(contents) and get(contents[stop], "role") != "model":
        stop += 1
    responses = [((i, j), fr) for i in range(end, stop) for j, p in enumerate(parts_of(contents[i])) if isinstance(fr := get(p, "functionResponse"), dict)]
    ids = {get(c, "id") for c in every} - {None}
    names = {get(c, "name") for c in every}
    for c in asked:
        cid, name = get(c, "id"), get(c, "name")
        if not any((get(r, "id") == cid) if cid is not None else (get(r, "name") == name) for _, r in responses):
            at: Path = ("contents", end) if end < len(contents) else ("contents",)
            key = f"id {excerpt(str(cid))}" if cid is not None else "its name"
            yield FUNCTION_CALL_UNANSWERED.finding(at, f"the model's call of {excerpt(str(name))} has no functionResponse (by {key})", "answer each function call before the next model turn")
    for (i, j), r in responses:
        rid = get(r, "id")
        if (rid is not None and ids and rid not in ids) or (rid is None and get(r, "name") not in names):
            said = f"id {excerpt(str(rid))}" if rid is not None else f"name {excerpt(str(get(r, 'name')))}"
            yield FUNCTION_RESPONSE_UNMATCHED.finding(("contents", i, "parts", j, "functionResponse"), f"this response's {said} answers no call the model made", "answer under the id and name of the call")
