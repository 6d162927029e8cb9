"""Recognition: whether a JSON document is Gemini's, by its content alone.

A folder holds much JSON that is not Gemini's (package manifests, tool configs, JSON Schemas,
OpenAPI documents, other providers' fixtures): a walk checks only what this module recognises.
The rule reads the top level of the document (README, "What a folder walk checks"):

- An object is a request or a response when it has a field of one (any dialect, camelCase or
  snake_case) that no other common format uses at its top level, or a near-miss of one (`contnets`,
  `GenerationConfig`, `content` holding an object or a list), and its Gemini keys outnumber the
  marker keys of other formats (`messages`, `choices`, `$schema`, `compilerOptions`, ...).
- An error body is `{"error": {...}}` with google.rpc.Status's `code`, `message` and `status` or
  `details` (OpenAI's error has a `type` instead of `status`).
- A stream is a JSON array with a recognised element among its first few.
- A batch file (JSONL) has a recognised line among its first few: `request` or `response` members
  holding Gemini payloads, or a payload on its own.
- Text that is not JSON (cut short, a trailing comma, JSONC comments) is recognised by its keys at
  any depth: a Gemini field with no foreign marker beside it.

The Interactions API's payloads (`interactions`) are told apart first, by their own shapes: OpenAI's
Responses API also sends `model` and `input`, so a create request needs every key to be one of the
Interactions API's (or a near-miss of one) and some sign that is Gemini's alone: a key OpenAI's body
lacks (`generation_config`, `agent`, `previous_interaction_id`, ...), a Gemini model's name, or an
`input` of Interactions steps or contents; an Interaction, `status` of its enum with `steps` (or the
older `outputs`) of typed steps, or `object: "interaction"`; a stream, Server-Sent Events whose JSON
names an Interactions event in `event_type` (OpenAI's and Anthropic's say `type`).

Field names are read from the generated Structs of every dialect, never listed here; the tables
below name only what other formats use. `recognize` never raises.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import msgspec

from gemini_wire._generated import gemini_v1, gemini_v1beta, interactions, vertex_v1, vertex_v1beta1
from gemini_wire.limits import MAX_DEPTH, too_deep

BOM = b"\xef\xbb\xbf"
# How many elements of a stream, or lines of a batch file, are looked at before deciding.
LOOKED_AT = 8
# Keys compared by spelling (near-misses); a top level with more keys is no payload of ours.
NEAR_KEYS = 64
LONGEST_KEY = 40


def _fields(*structs: type) -> dict[str, bool]:
    """Both spellings of each field, and whether it holds an object or list (a Struct, list or dict)."""
    out: dict[str, bool] = {}
    for s in structs:
        hints = typing.get_type_hints(s)
        for f in msgspec.structs.fields(s):
            hint = hints[f.name]
            members = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
            composite = any(
                typing.get_origin(m) in (list, dict) or (isinstance(m, type) and issubclass(m, msgspec.Struct))
                for m in members
            )
            out[f.name] = out[f.encode_name] = composite
    return out


# The Structs of every dialect (a test checks that these are all of dialects.NAMES).
STRUCTS = (gemini_v1beta, gemini_v1, vertex_v1, vertex_v1beta1)
REQUEST_FIELDS = _fields(*(s.GenerateContentRequest for s in STRUCTS))
RESPONSE_FIELDS = _fields(*(s.GenerateContentResponse for s in STRUCTS))
# Gemini's top-level fields that other formats use at their top level too (OpenAI's chat and
# responses bodies have `model`, `tools`, `store`, `service_tier`; many documents have `labels`
# or `createTime`): alone they say nothing. A test checks that each is a field of a dialect.
SHARED = frozenset(
    {"model", "tools", "labels", "store", "serviceTier", "service_tier", "createTime", "create_time"}
)
FIELDS = {**REQUEST_FIELDS, **RESPONSE_FIELDS}
TELLING = {name: composite for name, composite in FIELDS.items() if name not in SHARED}

# Top-level keys that mark other formats, and what they are (the first format with most marks
# names a passed-over file in `gemini-wire lint -v`).
FOREIGN: dict[str, frozenset[str]] = {
    "an OpenAI or Anthropic chat body": frozenset(
        {"messages", "max_tokens", "max_completion_tokens", "stop_sequences", "system", "tool_choice",
         "response_format", "frequency_penalty", "presence_penalty", "logit_bias", "stream_options",
         "parallel_tool_calls", "anthropic_version", "n", "user"}
    ),
    "an OpenAI response or chunk": frozenset({"choices", "object", "created", "system_fingerprint", "usage"}),
    "an OpenAI Responses API body": frozenset(
        {"input", "instructions", "output", "previous_response_id", "max_output_tokens", "reasoning",
         "truncation", "incomplete_details"}
    ),
    "an Anthropic message": frozenset({"type", "role", "stop_reason", "stop_sequence", "content_block"}),
    "a completion request of another provider": frozenset({"prompt", "suffix", "best_of", "echo"}),
    "a JSON Schema": frozenset({"$schema", "$id", "$ref", "$defs", "definitions", "properties", "allOf",
                                "anyOf", "oneOf", "additionalProperties"}),
    "an OpenAPI or discovery document": frozenset({"openapi", "swagger", "paths", "components", "servers",
                                                   "discoveryVersion", "resources", "schemas", "info"}),
    "a package manifest": frozenset({"name", "version", "dependencies", "devDependencies", "scripts",
                                     "main", "license", "author", "repository", "packages", "lockfileVersion",
                                     "require", "autoload", "workspaces"}),
    "a tool or editor configuration": frozenset({"compilerOptions", "extends", "include", "exclude", "files",
                                                 "rules", "plugins", "env", "settings", "presets", "overrides",
                                                 "root", "configurations", "recommendations", "folders"}),
}
MARKERS = frozenset().union(*FOREIGN.values())
STATUS = frozenset({"code", "message"})
# A key in text that is not JSON: a quoted name followed by a colon.
KEY = re.compile(rb'"((?:[^"\\\n]|\\.){1,%d})"\s*:' % LONGEST_KEY)

TOP = msgspec.json.Decoder(dict[str, msgspec.Raw] | list[msgspec.Raw])


def _tags(union: object) -> frozenset[str]:
    """The wire tags (`type` or `event_type`) of a tagged union's members."""
    return frozenset(t for m in typing.get_args(union) if isinstance(t := m.__struct_config__.tag, str))


# The Interactions API (docs/interactions.md), read from its generated Structs: snake_case keys only.
IX_REQUEST = frozenset(_fields(interactions.CreateModelInteraction, interactions.CreateAgentInteraction))
# An Interaction, and the one of the stream's events (`object`); `outputs` is the schema before
# May 2026, which google-genai 3.6.1 still reads (Interaction._maybe_coerce_outputs makes it steps).
IX_RESPONSE = frozenset(_fields(interactions.Interaction, interactions.InteractionSseEventInteraction)) | {"outputs"}
IX_STATUS = frozenset(s.value for s in interactions.InteractionStatus)
# The events of the current schema, and those of the schema before May 2026 (GW123 reports them).
IX_EVENTS = _tags(interactions.InteractionSSEEvent) | {
    "interaction.start", "interaction.complete", "content.start", "content.delta", "content.stop"
}
# Keys of a create request that OpenAI's Responses API body has too (its reference: `model`,
# `input`, `tools`, `store`, `stream`, `background`, `service_tier`), or other APIs' bodies
# (`response_format`, `labels`): beside `model` and `input` they tell nothing.
IX_SHARED = frozenset({"model", "input", "tools", "store", "stream", "background", "service_tier", "response_format", "labels"})
IX_OWN = IX_REQUEST - IX_SHARED
# Item types of OpenAI's Responses API `input` and `output` (its reference): an Interactions step
# or content of the same name says nothing.
OPENAI_ITEMS = frozenset(
    {"message", "input_text", "input_image", "input_file", "input_audio", "output_text", "refusal",
     "function_call", "function_call_output", "reasoning", "file_search_call", "web_search_call",
     "computer_call", "computer_call_output", "code_interpreter_call", "image_generation_call",
     "local_shell_call", "local_shell_call_output", "mcp_call", "mcp_list_tools", "mcp_approval_request",
     "mcp_approval_response", "item_reference", "custom_tool_call", "custom_tool_call_output",
     "tool_search_call", "tool_search_output", "text"}
)
IX_STEPS = _tags(interactions.Step) - OPENAI_ITEMS
IX_CONTENTS = _tags(interactions.Content)
IX_ITEMS = (IX_STEPS | IX_CONTENTS) - OPENAI_ITEMS
# The names Google gives its models and agents (models.toml's families; Deep Research's agents).
GEMINI_NAMES = re.compile(r"(?:models/)?(?:gemini|gemma|learnlm|lyria|imagen|veo|deep-research)-")
SSE_FIELD = re.compile(rb"\s*(?:event|data|id|retry)?:")


@dataclass(frozen=True)
class Verdict:
    """What a document was recognised as (`request`, `response`, `error`, `stream`, `batch`), or
    None with what it looks like instead."""

    kind: str | None
    why: str = ""

    def __bool__(self) -> bool:
        return self.kind is not None


def recognize(
    data: bytes, *, batch: bool = False, top: dict[str, msgspec.Raw] | list[msgspec.Raw] | None = None
) -> Verdict:
    """Whether `data` is a Gemini payload (a batch file's first lines when `batch`); never raises.
    `top`: its members or elements, when the caller has read them already (then not again)."""
    if top is not None:
        return recognize_top(top)
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if batch:
        return recognize_lines(data)
    if not data.strip():
        return Verdict(None, "empty")
    top = top_of(data)
    if top is None:
        return by_keys(data)
    return recognize_top(top)


def recognize_interactions(data: bytes, *, top: dict[str, msgspec.Raw] | list[msgspec.Raw] | None = None) -> Verdict:
    """Whether `data` is an Interactions API payload: a create `request`, an Interaction
    (`response`) or a `stream` of its Server-Sent Events; never raises. `top` as for `recognize`."""
    if top is None:
        if data.startswith(BOM):
            data = data[len(BOM) :]
        if sse_text(data):
            return interactions_stream(data)
        if b'"input"' not in data and b'"status"' not in data:
            return Verdict(None, "no `input` or `status` in it")  # told without reading its JSON
        top = top_of(data)
    if isinstance(top, dict):
        if interactions_request(top):
            return Verdict("request")
        if interactions_response(top):
            return Verdict("response")
    if top is None:
        return Verdict(None, "not JSON")
    other = recognize_top(top)
    return Verdict(None, f"a generateContent {other.kind}" if other else other.why)


def sse_text(data: bytes) -> bool:
    """Whether a file is Server-Sent Events: its first line a field (`event:`, `data:`, `id:`,
    `retry:`) or a comment (`:`), after a BOM and blank space."""
    return SSE_FIELD.match(data, len(BOM) if data.startswith(BOM) else 0) is not None


def interactions_request(top: dict[str, msgspec.Raw]) -> bool:
    """`model` or `agent`, `input`, every other key the Interactions API's (or a near-miss of one),
    and a sign that OpenAI's Responses API body lacks."""
    if "input" not in top or not top.keys() & {"model", "agent"}:
        return False
    keys = list(top)
    if len(keys) > NEAR_KEYS or any(k not in IX_REQUEST and (k in MARKERS or not nearest(k, IX_FOLDED)) for k in keys):
        return False
    if top.keys() & IX_OWN or any(k not in IX_REQUEST for k in keys):
        return True
    return gemini_name(top["model"]) or typed_items(top["input"], IX_ITEMS)


def interactions_response(top: dict[str, msgspec.Raw]) -> bool:
    """An Interaction: a `status` of its enum, no key of another format's, and `steps` (or the older
    `outputs`) of Interactions steps, `object: "interaction"`, or no steps yet beside an agent or a
    Gemini model."""
    if "status" not in top or string(top["status"]) not in IX_STATUS:
        return False
    kind = string(top["object"]) if "object" in top else None
    if kind not in (None, "interaction") or any(k in MARKERS and k not in IX_RESPONSE for k in top):
        return False
    if kind == "interaction":
        return True
    if "steps" in top:
        return typed_items(top["steps"], IX_STEPS) or (bytes(top["steps"]).strip() == b"[]" and "id" in top)
    if "outputs" in top:
        return typed_items(top["outputs"], IX_CONTENTS)
    # One with no steps yet (a background interaction in progress): its `id`, only an Interaction's
    # keys, and an agent or a Gemini model.
    return "id" in top and all(k in IX_RESPONSE for k in top) and ("agent" in top or ("model" in top and gemini_name(top["model"])))


def interactions_stream(data: bytes) -> Verdict:
    """Server-Sent Events, one of whose first data lines is JSON with an Interactions `event_type`."""
    for line in nonblank(data, LOOKED_AT * 3):
        if line.startswith(b"data:"):
            event = top_of(line[5:])
            if isinstance(event, dict) and "event_type" in event and string(event["event_type"]) in IX_EVENTS:
                return Verdict("stream")
    return Verdict(None, "Server-Sent Events of no Interactions API event")


def string(raw: msgspec.Raw) -> str | None:
    """A JSON string's value; None for any other value."""
    try:
        return msgspec.json.decode(raw, type=str)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def gemini_name(raw: msgspec.Raw) -> bool:
    """A model (or agent) name that Google gives (`gemini-2.5-flash`, `models/gemma-3-27b-it`)."""
    name = string(raw)
    return name is not None and GEMINI_NAMES.match(name.lower()) is not None


def typed_items(raw: msgspec.Raw, types_: frozenset[str]) -> bool:
    """A list of objects (or one object) the first few of which have a `type` among `types_`."""
    value = top_of(bytes(raw))
    items = value if isinstance(value, list) else [bytes(raw)] if isinstance(value, dict) else []
    for item in items[:LOOKED_AT]:
        members = top_of(bytes(item))
        if isinstance(members, dict) and "type" in members and string(members["type"]) in types_:
            return True
    return False


def recognize_lines(data: bytes) -> Verdict:
    """A batch file: its first non-blank lines, each a batch line or a payload of its own."""
    seen: list[Verdict] = []
    for line in nonblank(data, LOOKED_AT):
        top = top_of(line)
        verdict = by_keys(line) if top is None else batch_line(top) or recognize_top(top)
        if verdict:
            return Verdict("batch")
        seen.append(verdict)
    return Verdict(None, seen[0].why if seen else "empty")


def nonblank(data: bytes, most: int) -> Iterator[bytes]:
    start = 0
    while most and start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if data[start:end].strip():
            yield data[start:end]
            most -= 1
        start = end + 1


def top_of(data: bytes) -> dict[str, msgspec.Raw] | list[msgspec.Raw] | None:
    """The members or elements of a JSON document as raw text; None when it is not JSON."""
    if too_deep(data, MAX_DEPTH) is not None:
        return None
    try:
        top: dict[str, msgspec.Raw] | list[msgspec.Raw] = TOP.decode(data)
        return top
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None


def recognize_top(top: dict[str, msgspec.Raw] | list[msgspec.Raw]) -> Verdict:
    if isinstance(top, list):
        return recognize_stream(top)
    return error_body(top) or payload(top)


def recognize_stream(elements: list[msgspec.Raw]) -> Verdict:
    if not elements:
        return Verdict(None, "an empty JSON array")
    for raw in elements[:LOOKED_AT]:
        element = top_of(bytes(raw))
        if isinstance(element, dict) and (error_body(element) or payload(element)):
            return Verdict("stream")
    return Verdict(None, "a JSON array of no Gemini payloads")


def error_body(top: dict[str, msgspec.Raw]) -> Verdict:
    """google.rpc.Status under `error`: code and message, with status or details, and no `type`."""
    if "error" not in top:
        return Verdict(None)
    inner = top_of(bytes(top["error"]))
    if isinstance(inner, dict) and STATUS <= inner.keys() and inner.keys() & {"status", "details"}:
        if "type" not in inner:
            return Verdict("error")
    return Verdict(None, "an error body of another API")


def payload(top: dict[str, msgspec.Raw]) -> Verdict:
    """A request or response: telling fields (or near-misses) outnumbering other formats' marks."""
    keys = list(top)
    exact = [k for k in keys if k in TELLING]
    near = [
        k
        for k in keys[:NEAR_KEYS]
        if k not in FIELDS and k not in MARKERS and (target := nearest(k)) and TELLING[target] == composite(top[k])
    ]
    foreign = [k for k in keys if k in MARKERS]
    if (exact or near) and len(exact) + len(near) > len(foreign):
        named = {nearest(k) or k for k in (*exact, *near)}
        return Verdict("response" if named <= RESPONSE_FIELDS.keys() else "request")
    return Verdict(None, looks_like(foreign) if foreign else describe(keys))


def batch_line(top: dict[str, msgspec.Raw] | list[msgspec.Raw]) -> Verdict:
    """`{"key": ..., "request": {...}}` and output lines: a member that holds a Gemini payload."""
    if not isinstance(top, dict):
        return Verdict(None)
    for member in ("request", "response"):
        inner = top_of(bytes(top[member])) if member in top else None
        if isinstance(inner, dict) and payload(inner):
            return Verdict("batch")
    return error_body(top) if "key" in top or "status" in top else Verdict(None)


def by_keys(text: bytes) -> Verdict:
    """Text that is not JSON: its quoted keys at any depth, exact Gemini fields against markers."""
    keys = {m.group(1).decode("utf-8", "replace") for m in KEY.finditer(text)}
    telling, foreign = keys & TELLING.keys(), keys & MARKERS
    if telling and len(telling) > len(foreign):
        return Verdict("request" if telling - RESPONSE_FIELDS.keys() else "response")
    return Verdict(None, "not JSON, " + (looks_like(foreign) if foreign else "with no Gemini field in it"))


def composite(raw: msgspec.Raw) -> bool:
    return bytes(raw)[:1] in (b"{", b"[")


def looks_like(foreign: Iterable[str]) -> str:
    marks = set(foreign)
    what = max(FOREIGN, key=lambda name: len(FOREIGN[name] & marks))
    return f"{what} ({', '.join(sorted(FOREIGN[what] & marks)[:3])})"


def describe(keys: list[str]) -> str:
    if not keys:
        return "an empty object"
    shown = ", ".join(k[:LONGEST_KEY] for k in keys[:3])
    return f"no Gemini field at its top level ({shown}{', ...' if len(keys) > 3 else ''})"


def folded(name: str) -> str:
    """A name without case or separators: `System_Instruction` and `systemInstruction` agree."""
    return name.lower().replace("_", "").replace("-", "")


# Folded name -> the camelCase spelling (snake_case names come first, so camelCase ones win).
_FOLDED = {folded(name): name for name in sorted(TELLING, key=lambda n: ("_" not in n, n))}
# The same for the Interactions API's own request keys.
IX_FOLDED = {folded(name): name for name in sorted(IX_OWN)}


def nearest(key: str, among: dict[str, str] = _FOLDED) -> str | None:
    """The telling field (or one of `among`, folded name -> name) that `key` misspells: the same
    when folded, or one or two edits away."""
    if len(key) > LONGEST_KEY:
        return None
    k = folded(key)
    if k in among:
        return among[k]
    for target_folded, target in among.items():
        allowed = 1 if len(target_folded) <= 8 else 2
        if abs(len(k) - len(target_folded)) <= allowed and edits(k, target_folded, allowed) <= allowed:
            return target
    return None


def edits(a: str, b: str, most: int) -> int:
    """Optimal string alignment distance (a transposition is one edit), stopping past `most`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > most:
            return most + 1
        previous2, previous = previous, row
    return previous[-1]


__all__ = ["REQUEST_FIELDS", "RESPONSE_FIELDS", "SHARED", "Verdict", "recognize", "recognize_interactions"]
