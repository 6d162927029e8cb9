"""What `bench.py` times on each payload: the raw parse, our verbs, and the competitors.

Each contender is a call with no arguments that does the whole job from the body's bytes, as a
user would run it. A competitor that is not installed, cannot be built or refuses the valid
payload is not timed: it carries the reason instead, and the table prints `n/a: <reason>`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import interactions_stream
import msgspec
import stream_throughput
from payloads import DIALECTS, INTERACTIONS, MODEL, Payload

from gemini_wire import dialects, encode

ROOT = Path(__file__).resolve().parent.parent
PROTO_PACKAGES = {"gemini": "google.ai.generativelanguage.v1beta", "vertex": "google.cloud.aiplatform.v1"}
READ = 65_536  # bytes per feed() of the stream decoder, a typical HTTP client read

RAW = "raw parse: msgspec.json.decode"
ORJSON = "orjson.loads"
JSON = "json.loads"
DECODE = "ours: decode"
LINT = "ours: lint, every rule"
ENCODE = "ours: encode"
ENCODE_DICTS = "msgspec.json.encode of the dicts"
ENCODE_STRUCTS = "msgspec.json.encode of the Structs"
SDK_VALIDATE = "google-genai: pydantic validate_json"
SDK_PATH = "google-genai: its response path"
PROTOBUF = "protobuf json_format.Parse"
JSONSCHEMA = "msgspec + jsonschema"
FASTJSONSCHEMA = "msgspec + fastjsonschema"
JSONSCHEMA_RS = "msgspec + jsonschema-rs"
STREAM_RAW = "raw parse of each chunk: msgspec.json.decode"
STREAM_EACH = "ours: decode_response of each chunk"
STREAM_DECODER = "ours: StreamDecoder, 64 KiB reads"
STREAM_SDK = "google-genai: its response path, each chunk"
SDK_IX_VALIDATE = "google-genai Interactions models: pydantic validate_json"
SDK_IX_PATH = "google-genai Interactions: its create path"
IX_LINT = "ours: lint"
IX_STREAM_EACH = "ours: decode_event of each event"
IX_STREAM_DECODER = "ours: InteractionsStreamDecoder, 64 KiB reads"
IX_STREAM_FOLD = "ours: InteractionsStreamDecoder + aggregate"
IX_STREAM_SDK = "google-genai Interactions: its stream path"
NEW_KEY = "ours: decode, one new key"
NEW_ENUM = "ours: decode, one new enum value"
SNAKE_KEY = "ours: decode, one snake_case key"
NEW_KEY_FIRST = "ours: decode, one new key, first met"
SNAKE_KEY_FIRST = "ours: decode, one snake_case key, first met"
# A response as the API may answer it tomorrow, one change at a time (issue 24: "unknown is cheap").
CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    NEW_KEY: lambda r: r["candidates"][0].__setitem__("newCandidateField", {"added": "later"}),
    NEW_ENUM: lambda r: r["candidates"][0].__setitem__("finishReason", "FINISH_REASON_FROM_THE_FUTURE"),
    SNAKE_KEY: lambda r: r.__setitem__("usage_metadata", r.pop("usageMetadata")),
    NEW_KEY_FIRST: lambda r: r["candidates"][0].__setitem__("newCandidateField", {"added": "later"}),
    SNAKE_KEY_FIRST: lambda r: r.__setitem__("usage_metadata", r.pop("usageMetadata")),
}
# The decoder tries first what the last response needed (codec/repair.py): these rows make it
# forget before each call, as when a change is met for the first time.
FIRST_MET = frozenset({NEW_KEY_FIRST, SNAKE_KEY_FIRST})

WHAT = {
    RAW: "`msgspec.json.decode(body)`, no type: dicts and lists. The 1.0 of every ratio.",
    ORJSON: "`orjson.loads(body)`, for reference.",
    JSON: "`json.loads(body)` of the standard library, for reference.",
    DECODE: "`gemini.decode_request(body)` / `decode_response(body)` (or `vertex.`, `interactions.`): typed Structs, every check "
    "that decoding makes.",
    LINT: "`lint_request(body, model=\"gemini-2.5-flash\")` / `lint_response(body)`: every rule, findings with line and column.",
    ENCODE: "`gemini_wire.encode(structs)` of the decoded payload.",
    ENCODE_DICTS: "`msgspec.json.encode(dicts)` of the same data as plain dicts and lists: the encode target's yardstick.",
    ENCODE_STRUCTS: "`msgspec.json.encode(structs)` of the decoded payload, no canonical spellings: what msgspec alone takes for "
    "the Structs that `encode` writes (the floor of *ours: encode*).",
    SDK_VALIDATE: "responses: `google.genai.types.GenerateContentResponse.model_validate_json(body)`; requests (the SDK has "
    "no request type): `pydantic.TypeAdapter` of a TypedDict over the wire keys (`contents`, `systemInstruction`, `tools`, "
    "`toolConfig`, `safetySettings`, `generationConfig`, `cachedContent`), each typed by the SDK's own model, unknown keys refused "
    "as the SDK's models refuse them; `.validate_json(body)`.",
    SDK_PATH: "what google-genai runs on a unary response body (`Models._generate_content` in google/genai/models.py): "
    "`json.loads(body)`, `_GenerateContentResponse_from_mldev` (Vertex AI: `_from_vertex`), then "
    "`types.GenerateContentResponse._from_response(response=..., kwargs={})`, which drops unknown keys and validates.",
    SDK_IX_VALIDATE: "the Interactions API's pydantic models that google-genai 3.6.1 generates with Speakeasy "
    "(google/genai/_gaos/types/interactions/): requests, `pydantic.TypeAdapter(CreateInteractionRequestBody)` (the SDK's "
    "union of `CreateAgentInteraction` and `CreateModelInteraction`, google/genai/_gaos/models/createinteraction.py) "
    "`.validate_json(body)`; Interactions, `Interaction.model_validate_json(body)`. Their models keep unknown keys (extra=\"allow\").",
    SDK_IX_PATH: "what google-genai 3.6.1 runs (google/genai/_gaos/interactions.py, `Interactions.create`): on a request, "
    "`utils.unmarshal({\"body\": json.loads(body)}, models.CreateInteractionRequest)` as `create(**body)` does with its "
    "keyword arguments (a pydantic model made per call by `create_model`), then `utils.serialize_request_body(request.body, "
    "..., \"json\", models.CreateInteractionRequestBody)` to the bytes it sends; on a 200 JSON answer, "
    "`unmarshal_json_response(Interaction, ...)`, that is `utils.unmarshal_json(body, Interaction)`.",
    IX_LINT: "`interactions.lint(body, kind=\"request\")` / `kind=\"response\"`: the Interactions API's rules, findings with "
    "line and column.",
    PROTOBUF: "`json_format.Parse(body, Message(), descriptor_pool=pool)` into a message class built from our pinned "
    "descriptors (codegen/upstream/<dialect>.binpb); `ignore_unknown_fields` for responses only, as the server treats them.",
    JSONSCHEMA: "`msgspec.json.decode(body)`, then `Draft202012Validator(schema).validate(value)` against our checked-in "
    "schema/<dialect>/<message>.json (validator built once).",
    FASTJSONSCHEMA: "`msgspec.json.decode(body)`, then the function that `fastjsonschema.compile(schema)` built once. "
    "fastjsonschema knows drafts up to 2019-09 and compiles our 2020-12 schema with that generator; the schema uses no "
    "keyword whose meaning changed in 2020-12.",
    JSONSCHEMA_RS: "`msgspec.json.decode(body)`, then `jsonschema_rs.validator_for(schema).validate(value)` (built once). "
    "Each JSON Schema validator must accept the payload and refuse one with a misspelled key before it is timed.",
    STREAM_RAW: "`msgspec.json.decode` of each event's JSON, already cut out of the stream.",
    STREAM_EACH: "`gemini.decode_response` of each event's JSON, already cut out of the stream.",
    STREAM_DECODER: "`StreamDecoder(\"gemini\")` fed the whole SSE body in reads of 64 KiB, then `close()`: framing, "
    "decoding and checks.",
    STREAM_SDK: "google-genai's response path (above) on each event's JSON; its SSE framing is not counted.",
    IX_STREAM_EACH: "`interactions.decode_event` of each event's JSON, already cut out of the stream.",
    IX_STREAM_DECODER: "`InteractionsStreamDecoder(interactions_dialect(\"interactions-v1\"))` fed the whole SSE body in reads "
    "of 64 KiB, then `close()`: framing, decoding each event into its Struct, the checks of the `event:` line against "
    "`event_type` (benchmarks/interactions_stream.py, `ours`).",
    IX_STREAM_FOLD: "the same, then `aggregate(events, dialect)`: the deltas folded into the Interaction that the call "
    "without `stream` answers.",
    IX_STREAM_SDK: "what google-genai 3.6.1 runs on the 200 `text/event-stream` answer of "
    "`client.interactions.create(..., stream=True)` (google/genai/_gaos/interactions.py, `Interactions.create`): "
    "`eventstreaming.Stream(http_res, decoder, sentinel=\"[DONE]\")` iterated to the end, its `stream_events` reading an "
    "httpx Response whose `iter_bytes()` yields the same 64 KiB reads, and for each event the decoder create passes it: "
    "`unmarshal_json_response(InteractionSSEStreamEvent, http_res, raw, validate=False).data` (the event's fields "
    "re-serialized with `json.dumps`, then `utils.unmarshal_json` into the pydantic union of events). It has no fold "
    "(benchmarks/interactions_stream.py, `sdk_reader`).",
    NEW_KEY: "`decode_response` of the same response with one key the spec does not know in its candidate "
    "(kept on the Candidate; codec/repair.py decodes it into Structs made for the change, and tries them first "
    "on the next response).",
    NEW_ENUM: "`decode_response` of the same response with a finishReason the spec does not know (read at its field).",
    SNAKE_KEY: "`decode_response` of the same response with `usageMetadata` spelled `usage_metadata`.",
    NEW_KEY_FIRST: "the same as *one new key*, the decoder made to forget the change before each call, as for the "
    "first response of a run that brings it: the typed decode is refused where the key sits, then the decode into the "
    "variant. No target: its cost is the row above plus that refused pass, once per run.",
    SNAKE_KEY_FIRST: "the same as *one snake_case key*, the decoder made to forget the change before each call; no "
    "target, as the row above.",
}


@dataclass
class Contender:
    """A named call to time, or the reason it cannot be timed."""

    name: str
    run: Callable[[], object] | None
    missing: str = ""  # why it is not timed
    note: str = ""  # how it was timed, when that differs from the other payloads


# A contender's call, or its call and a note.
Made = Callable[[], object] | tuple[Callable[[], object], str]


class NotAvailable(Exception):
    """A competitor that cannot run here; the message is the reason."""


def root(p: Payload) -> str:
    if p.dialect in INTERACTIONS:
        return "CreateInteractionRequest" if p.kind == "request" else "Interaction"
    return "GenerateContentRequest" if p.kind == "request" else "GenerateContentResponse"


def optional_module(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError as e:
        raise NotAvailable("not installed") from e


def first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return (f"{type(e).__name__}: {text[0]}" if text else type(e).__name__)[:160]


# --------------------------------------------------------------------------- google-genai


@cache
def sdk_request_adapter() -> Any:
    """The google-genai SDK has no request type: it builds the body from its own parameters.
    The closest honest equivalent is a pydantic TypedDict over the wire keys, each typed by the
    SDK's own model for it and refusing unknown keys as the SDK's models do."""
    try:
        import pydantic
        from google.genai import types
        from typing_extensions import TypedDict
    except ImportError as e:
        raise NotAvailable("not installed") from e

    @pydantic.with_config(pydantic.ConfigDict(extra="forbid"))
    class WireRequest(TypedDict, total=False):
        contents: list[types.Content]
        systemInstruction: types.Content
        tools: list[types.Tool]
        toolConfig: types.ToolConfig
        safetySettings: list[types.SafetySetting]
        generationConfig: types.GenerationConfig
        cachedContent: str

    return pydantic.TypeAdapter(WireRequest)


def sdk_validate(p: Payload) -> Callable[[], object]:
    if p.kind == "request":
        adapter = sdk_request_adapter()
        return lambda: adapter.validate_json(p.body)
    try:
        from google.genai import types
    except ImportError as e:
        raise NotAvailable("not installed") from e
    return lambda: types.GenerateContentResponse.model_validate_json(p.body)


def sdk_response_path(dialect: str) -> Callable[[bytes], object]:
    """What google-genai 3.3 runs on a response body (models.py, Models._generate_content, and per
    chunk in _generate_content_stream): json.loads, the dialect's converter from wire keys to its
    own, then GenerateContentResponse._from_response, which drops unknown keys and validates."""
    try:
        from google.genai import models, types
    except ImportError as e:
        raise NotAvailable("not installed") from e
    convert = (
        models._GenerateContentResponse_from_mldev if dialect == "gemini" else models._GenerateContentResponse_from_vertex
    )
    model = types.GenerateContentResponse

    def run(body: bytes) -> object:
        return model._from_response(response=convert(json.loads(body), None, None), kwargs={})

    return run


def sdk_interactions_validate(p: Payload) -> Callable[[], object]:
    """The SDK's own Interactions models, validating the body's bytes."""
    try:
        import pydantic
        from google.genai._gaos import models
        from google.genai._gaos.types import interactions
    except ImportError as e:
        raise NotAvailable("not installed") from e
    if p.kind == "request":
        adapter = pydantic.TypeAdapter(models.CreateInteractionRequestBody)
        return lambda: adapter.validate_json(p.body)
    return lambda: interactions.Interaction.model_validate_json(p.body)


def sdk_interactions_path(p: Payload) -> Callable[[], object]:
    """What google-genai 3.6.1's Interactions.create runs on a request's fields and on the answer."""
    try:
        from google.genai._gaos import models, utils
        from google.genai._gaos.types import interactions
    except ImportError as e:
        raise NotAvailable("not installed") from e
    body = p.body
    if p.kind == "request":

        def run() -> object:
            request = utils.unmarshal({"body": json.loads(body)}, models.CreateInteractionRequest)
            return utils.serialize_request_body(request.body, False, False, "json", models.CreateInteractionRequestBody)

        return run
    return lambda: utils.unmarshal_json(body, interactions.Interaction)


# --------------------------------------------------------------------------- protobuf


@cache
def proto_pool(dialect: str) -> Any:
    try:
        from google.protobuf import descriptor_pb2, descriptor_pool
    except ImportError as e:
        raise NotAvailable("not installed") from e
    fds = descriptor_pb2.FileDescriptorSet.FromString(
        (ROOT / "codegen" / "upstream" / f"{dialects.canonical(dialect)}.binpb").read_bytes()
    )
    pool = descriptor_pool.DescriptorPool()
    for f in fds.file:
        pool.Add(f)
    return pool


def protobuf_parse(p: Payload) -> Callable[[], object]:
    """json_format.Parse into a message class built from our pinned descriptors; unknown fields are
    errors in a request and ignored in a response, as the server treats them."""
    pool = proto_pool(p.dialect)
    from google.protobuf import json_format, message_factory

    cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{PROTO_PACKAGES[p.dialect]}.{root(p)}"))
    ignore = p.kind != "request"
    return lambda: json_format.Parse(p.body, cls(), ignore_unknown_fields=ignore, descriptor_pool=pool)


def protobuf_backend() -> str:
    try:
        from google.protobuf.internal import api_implementation
    except ImportError:
        return "not installed"
    return str(api_implementation.Type())


# --------------------------------------------------------------------------- JSON Schema


INVALID = {  # one wrong key deep inside: a validator must refuse it, or it is not validating
    "request": {"contents": [{"role": "user", "parts": [{"txt": "Hello"}]}]},
    "response": {"candidates": [{"content": {"parts": [{"text": "Hi"}]}, "index": "first"}]},
}
INVALID_INTERACTIONS = {
    "request": {"model": "gemini-3-flash-preview", "input": [{"type": "user_input", "content": [{"type": "text", "txt": "Hello"}]}]},
    "response": {"id": "v1_a", "status": "completed", "usage": {"total_tokens": "many"}},
}


@cache
def schema(dialect: str, name: str) -> Any:
    """Our checked-in schema, as a user of the package gets it."""
    folder = dialect if dialect in INTERACTIONS else dialects.canonical(dialect)
    return json.loads((ROOT / "schema" / folder / f"{name}.json").read_text())


@cache
def schema_validator(tool: str, dialect: str, name: str) -> Callable[[Any], object]:
    """The validation function of a JSON Schema library for one of our schemas, built once."""
    doc = schema(dialect, name)
    validate: Callable[[Any], object]
    if tool == JSONSCHEMA:
        jsonschema = optional_module("jsonschema")
        validate = jsonschema.Draft202012Validator(doc).validate
    elif tool == FASTJSONSCHEMA:
        # It knows drafts up to 2019-09 and compiles a 2020-12 schema with that generator; ours
        # uses no keyword whose meaning changed in 2020-12 (prefixItems, array items, $dynamicRef).
        fastjsonschema = optional_module("fastjsonschema")
        try:
            validate = fastjsonschema.compile(doc)
        except Exception as e:
            raise NotAvailable(f"cannot compile our schema: {first_line(e)}") from e
    else:
        validate = optional_module("jsonschema_rs").validator_for(doc).validate
    return validate


def schema_validation(tool: str, p: Payload) -> Made:
    """Parse, then validate the parsed value: what a user of a JSON Schema library runs."""
    validate = schema_validator(tool, p.dialect, root(p))
    try:
        validate(p.dicts)
    except Exception as e:
        raise NotAvailable(f"rejects valid payload: {first_line(e)}") from e
    try:
        validate((INVALID_INTERACTIONS if p.dialect in INTERACTIONS else INVALID)[p.kind])
    except Exception:
        pass
    else:
        raise NotAvailable("accepts an invalid payload, so it would not be validating")
    body = p.body

    def run() -> object:
        return validate(msgspec.json.decode(body))

    return run


# --------------------------------------------------------------------------- the list


def parsers(body: bytes) -> Iterator[tuple[str, Callable[[], Made]]]:
    """The plain JSON parsers every payload is measured against: msgspec (the raw parse that the
    ratios divide by), orjson and json."""
    yield RAW, lambda: lambda: msgspec.json.decode(body)

    def orjson_loads() -> Callable[[], object]:
        loads = optional_module("orjson").loads
        return lambda: loads(body)

    yield ORJSON, orjson_loads
    yield JSON, lambda: lambda: json.loads(body)


def interactions_candidates(p: Payload) -> Iterator[tuple[str, Callable[[], Made]]]:
    """The contenders on an Interactions API payload: no protobuf (the API has no proto), the
    SDK's own Interactions models instead of google.genai.types."""
    ix = INTERACTIONS[p.dialect]
    body = p.body
    if p.kind == "stream":
        yield STREAM_RAW, lambda: lambda: [msgspec.json.decode(c) for c in p.chunks]
        yield IX_STREAM_EACH, lambda: lambda: [ix.decode_event(c) for c in p.chunks]
        yield IX_STREAM_DECODER, lambda: lambda: interactions_stream.ours(body, READ, False)
        yield IX_STREAM_FOLD, lambda: lambda: interactions_stream.ours(body, READ, True)

        def sdk_stream() -> Callable[[], object]:
            try:
                read = interactions_stream.sdk_reader()
            except ImportError as e:
                raise NotAvailable("not installed") from e
            return lambda: read(body, READ)

        yield IX_STREAM_SDK, sdk_stream
        return
    decode = ix.decode_request if p.kind == "request" else ix.decode_response
    yield from parsers(body)
    yield DECODE, lambda: lambda: decode(body)
    yield IX_LINT, lambda: lambda: ix.lint(body, kind=p.kind)
    yield ENCODE, lambda: lambda: encode(p.obj)
    yield ENCODE_DICTS, lambda: lambda: msgspec.json.encode(p.dicts)
    yield ENCODE_STRUCTS, lambda: lambda: msgspec.json.encode(p.obj)
    yield SDK_IX_VALIDATE, lambda: sdk_interactions_validate(p)
    yield SDK_IX_PATH, lambda: sdk_interactions_path(p)
    for tool in (JSONSCHEMA, FASTJSONSCHEMA, JSONSCHEMA_RS):
        yield tool, lambda tool=tool: schema_validation(tool, p)


def candidates(p: Payload) -> Iterator[tuple[str, Callable[[], Made]]]:
    """(name, factory) for every contender on a payload; a factory may raise NotAvailable."""
    if p.dialect in INTERACTIONS:
        yield from interactions_candidates(p)
        return
    d = DIALECTS[p.dialect]
    body = p.body
    if p.kind == "stream":
        yield STREAM_RAW, lambda: lambda: [msgspec.json.decode(c) for c in p.chunks]
        yield STREAM_EACH, lambda: lambda: [d.decode_response(c) for c in p.chunks]
        yield STREAM_DECODER, lambda: lambda: stream_throughput.decode_all(body, READ)

        def sdk_chunks() -> Callable[[], object]:
            path = sdk_response_path(p.dialect)
            return lambda: [path(c) for c in p.chunks]

        yield STREAM_SDK, sdk_chunks
        return
    decode = d.decode_request if p.kind == "request" else d.decode_response
    yield from parsers(body)
    yield DECODE, lambda: lambda: decode(body)
    if p.kind == "response":
        for name, change in CHANGES.items():

            def changed(change: Callable[[dict[str, Any]], None] = change, first: bool = name in FIRST_MET) -> Callable[[], object]:
                value = msgspec.json.decode(body)
                change(value)
                new = msgspec.json.encode(value)
                if first:
                    forget = d.DIALECT.codec._repair.expected.clear
                    return lambda: (forget(), decode(new))
                return lambda: decode(new)

            yield name, changed
    if p.kind == "request":
        yield LINT, lambda: lambda: d.lint_request(body, model=MODEL)
    else:
        yield LINT, lambda: lambda: d.lint_response(body)
    yield ENCODE, lambda: lambda: encode(p.obj)
    yield ENCODE_DICTS, lambda: lambda: msgspec.json.encode(p.dicts)
    yield ENCODE_STRUCTS, lambda: lambda: msgspec.json.encode(p.obj)
    yield SDK_VALIDATE, lambda: sdk_validate(p)
    if p.kind == "response":

        def sdk_path() -> Callable[[], object]:
            path = sdk_response_path(p.dialect)
            return lambda: path(body)

        yield SDK_PATH, sdk_path
    yield PROTOBUF, lambda: protobuf_parse(p)
    for tool in (JSONSCHEMA, FASTJSONSCHEMA, JSONSCHEMA_RS):
        yield tool, lambda tool=tool: schema_validation(tool, p)


def contenders(p: Payload) -> list[Contender]:
    """Every contender on a payload, each run once: a refusal of the valid payload is a reason."""
    out = []
    for name, factory in candidates(p):
        try:
            made = factory()
        except NotAvailable as e:
            out.append(Contender(name, None, str(e)))
            continue
        except Exception as e:
            out.append(Contender(name, None, f"cannot be set up: {first_line(e)}"))
            continue
        run, note = made if isinstance(made, tuple) else (made, "")
        try:
            run()
        except Exception as e:
            out.append(Contender(name, None, f"rejects valid payload: {first_line(e)}"))
        else:
            out.append(Contender(name, run, note=note))
    return out
