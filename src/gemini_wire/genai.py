"""To and from google-genai's pydantic types (`google.genai.types`), for clients that use both.

    from gemini_wire import genai as gwg
    request = gwg.request_from_genai(contents, config, dialect="gemini-v1")  # what the SDK would send
    sdk_response = gwg.response_to_genai(gemini.decode_response(body))      # what the SDK would return

`to_genai` / `from_genai` convert one message (`Content`, `Part`, `Tool`, `GenerationConfig`,
`SafetySetting`, `ToolConfig`, or any other that the SDK names alike); `request_from_genai`
splits a `GenerateContentConfig` as the SDK does, and `request_to_genai` gives the contents and
config for a request; `response_to_genai` / `response_from_genai` convert a whole response. The
dialect is given by name, alias, module (`gemini_wire.vertex`) or Dialect.

Bytes (inline data, thought signatures) stay bytes: the SDK's models hold raw bytes and write them
to JSON as URL-safe base64, which the wire does not use, so nothing here goes through the SDK's
JSON: from the SDK, `model_dump(mode="python")` and JSON that msgspec writes (standard base64) read
by the dialect's own decoder; to the SDK, `msgspec.to_builtins` with bytes kept as they are.

Not carried over:
- to the SDK, fields that its models do not have (it forbids unknown fields): a request's message
  with one raises pydantic's ValidationError naming it; a response drops them, as the SDK drops
  them from a response it receives itself (unknown keys, and fields newer than the SDK).
- from the SDK, fields that the dialect does not have (vertex-only fields on the Gemini API, and
  the reverse): WireError with GW111 for a request, as the server would refuse them; a response
  keeps them as unknown keys (`unknown_fields`). Client-only fields never reach the wire:
  `http_options`, `automatic_function_calling`, `automatic_continuation`,
  `should_return_http_response` of a config; `sdk_http_response`, `parsed` and
  `automatic_function_calling_history` of a response.
- a JSON null as a Schema's `default`, `example` or `additionalProperties`: the SDK holds null
  and unset alike as None (nulls inside data, function call arguments and the like, are kept).
- timestamps pass through Python's datetime in the SDK: digits past the microsecond are lost, and
  a UTC time is written with `Z` where the SDK writes `+00:00` (the same instant).
- a Gemini API candidate's finishMessage reaches the SDK's model here, though the SDK's own
  converter (google/genai/models.py: _Candidate_from_mldev) leaves it out.

Needs google-genai: `python -m pip install google-genai` (its absence is an ImportError saying so).
"""

from __future__ import annotations

import functools
import types as pytypes
import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import msgspec

from gemini_wire import dialects
from gemini_wire.dialect import Dialect
from gemini_wire.recordings.model import MissingExtra

INSTALL_GENAI = "python -m pip install google-genai"

try:
    import pydantic
    from google.genai import types
except ModuleNotFoundError as e:  # an optional dependency: say which and how to get it
    if e.name not in ("google", "google.genai", "pydantic"):
        raise
    raise MissingExtra("gemini_wire.genai needs google-genai", INSTALL_GENAI) from e

__all__ = [
    "INSTALL_GENAI",
    "from_genai",
    "request_from_genai",
    "request_to_genai",
    "response_from_genai",
    "response_to_genai",
    "to_genai",
]

DialectLike: TypeAlias = "str | pytypes.ModuleType | Dialect[Any, Any, Any]"

# Where each message of a request goes, so that one is read by the dialect's request decoder
# (all its spellings and checks, GW111 for a field the dialect lacks): key, attribute, a list?
SLOTS: dict[str, tuple[str, str, bool]] = {
    "Content": ("contents", "contents", True),
    "Tool": ("tools", "tools", True),
    "ToolConfig": ("toolConfig", "tool_config", False),
    "SafetySetting": ("safetySettings", "safety_settings", True),
    "GenerationConfig": ("generationConfig", "generation_config", False),
}
# The fields of a GenerateContentConfig that google-genai sends at the top of the request, and
# under which key (google/genai/models.py: _GenerateContentConfig_to_mldev, _to_vertex).
TOP_LEVEL = {
    "system_instruction": "systemInstruction",
    "safety_settings": "safetySettings",
    "tools": "tools",
    "tool_config": "toolConfig",
    "labels": "labels",
    "cached_content": "cachedContent",
    "service_tier": "serviceTier",
    "continuation_token": "continuationToken",
    "store": "store",
    "model_armor_config": "modelArmorConfig",
    "generation_output_config": "outputConfig",
}
# Fields of the config that only steer the client: never sent.
CLIENT_ONLY = frozenset(
    {"http_options", "should_return_http_response", "automatic_function_calling", "automatic_continuation"}
)
# What a response holds only in the SDK (the HTTP response, the parsed JSON, the AFC history).
RESPONSE_CLIENT_ONLY = frozenset({"sdk_http_response", "parsed", "automatic_function_calling_history"})
# The rest of the config is the generationConfig, each field under its camelCase name except:
# (google/genai/models.py: _GenerateContentConfig_to_vertex, `modelConfig`).
GENERATION_RENAMED = {"modelSelectionConfig": "modelConfig"}
# A response's citations: the SDK names them `citations`, as Vertex AI does; the Gemini API
# says `citationSources` (google/genai/models.py: _CitationMetadata_from_mldev).
CITATIONS = ("citationSources", "citations")
# The image output options that the SDK's ImageConfig holds flat and Vertex AI nests under
# imageOutputOptions (google/genai/models.py: _ImageConfig_to_vertex).
IMAGE_OUTPUT = {"outputMimeType": "mimeType", "outputCompressionQuality": "compressionQuality"}


def resolve(dialect: DialectLike) -> Dialect[Any, Any, Any]:
    """The Dialect named by a name or alias, a dialect module or a Dialect."""
    if isinstance(dialect, str):
        return dialects.dialect(dialect)
    if isinstance(dialect, pytypes.ModuleType):
        return dialects.dialect(dialect.DIALECT.name)
    return dialect


# --------------------------------------------------------------------------- to google-genai


def to_genai(obj: msgspec.Struct) -> Any:
    """The google-genai model of the same name for a request's message (`types.Content` for a
    Content, ...); raises pydantic's ValidationError for a field the SDK does not have. A
    response goes as `response_to_genai` takes it."""
    name = type(obj).__name__
    if name == "GenerateContentResponse":
        return response_to_genai(obj)
    model = getattr(types, name, None)
    if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
        raise TypeError(f"google-genai has no model named {name}: convert the message that holds it")
    values = msgspec.to_builtins(obj, builtin_types=(bytes, bytearray))
    if name == "GenerationConfig":
        values = renamed(values, {wire: sdk for sdk, wire in GENERATION_RENAMED.items()})
    return model.model_validate(values)


def response_to_genai(response: msgspec.Struct) -> types.GenerateContentResponse:
    """The `types.GenerateContentResponse` that google-genai makes of the same response: fields
    that its models do not have are dropped, as the SDK drops them."""
    values = msgspec.to_builtins(response, builtin_types=(bytes, bytearray))
    for candidate in values.get("candidates", ()):
        cited = candidate.get("citationMetadata")
        if cited is not None and CITATIONS[0] in cited:
            cited[CITATIONS[1]] = cited.pop(CITATIONS[0])
    return types.GenerateContentResponse.model_validate(known(types.GenerateContentResponse, values))


@functools.cache
def fields(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """A model's fields by wire name and by Python name -> the model that a dict under it is
    validated as (or None for data: Any, dicts of values, scalars)."""
    model.model_rebuild(raise_errors=False)  # the SDK builds its models on first use
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        out[name] = out[info.alias or name] = inner_model(info.annotation)
    return out


def inner_model(annotation: Any) -> Any:
    """The pydantic model inside an annotation (`Optional[list[Candidate]]` -> Candidate), or None."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def known(model: type[pydantic.BaseModel], values: Any) -> Any:
    """`values` with the keys that `model` (and the models below) do not have dropped."""
    if isinstance(values, list):
        return [known(model, v) for v in values]
    if not isinstance(values, dict):
        return values
    table = fields(model)
    out = {}
    for key, value in values.items():
        if key in table:
            below = table[key]
            out[key] = value if below is None else known(below, value)
    return out


# --------------------------------------------------------------------------- from google-genai


def python_values(model: pydantic.BaseModel, exclude: frozenset[str] = frozenset()) -> Any:
    """A model's set fields as Python values under their wire names, bytes kept as bytes."""
    return model.model_dump(by_alias=True, exclude_none=True, mode="python", exclude=set(exclude) or None)


def from_genai(model: pydantic.BaseModel, *, dialect: DialectLike) -> Any:
    """The dialect's Struct for a google-genai model of a request's message (Content, Part, Tool,
    ToolConfig, SafetySetting, GenerationConfig); raises WireError as the dialect's decoder does."""
    d = resolve(dialect)
    name = type(model).__name__
    values = python_values(model)
    if name == "Part":
        return piece(d, "Content", {"parts": [values]}).parts[0]
    if name in ("UserContent", "ModelContent"):
        name = "Content"
    if name not in SLOTS:
        raise TypeError(f"from_genai converts {', '.join(['Part', *SLOTS])}, not {name}")
    if name == "GenerationConfig" and d.api == "vertex":
        values = renamed(values, GENERATION_RENAMED)
    return piece(d, name, values)


def piece(d: Dialect[Any, Any, Any], name: str, values: Any) -> Any:
    """One message of a request, read where a request holds it."""
    key, attribute, many = SLOTS[name]
    found = getattr(d.decode_request(msgspec.json.encode({key: [values] if many else values})), attribute)
    return found[0] if many else found


def renamed(values: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """`values` with its keys renamed by `names`."""
    return {names.get(k, k): v for k, v in values.items()}


def response_from_genai(response: types.GenerateContentResponse, *, dialect: DialectLike) -> Any:
    """The dialect's GenerateContentResponse for a google-genai response (fields the dialect
    does not have are kept as unknown keys, as decoding keeps them); raises WireError."""
    d = resolve(dialect)
    values = python_values(response, RESPONSE_CLIENT_ONLY)
    if d.api == "gemini":
        for candidate in values.get("candidates", ()):
            cited = candidate.get("citationMetadata")
            if cited is not None and CITATIONS[1] in cited:
                cited[CITATIONS[0]] = cited.pop(CITATIONS[1])
    return d.decode_response(msgspec.json.encode(values))


def request_from_genai(
    contents: types.ContentListUnion | types.ContentListUnionDict,
    config: types.GenerateContentConfigOrDict | None = None,
    *,
    dialect: DialectLike,
) -> Any:
    """The dialect's GenerateContentRequest that google-genai sends for `generate_content(model=...,
    contents=contents, config=config)`, with the model left out (it is in the URL).

    `contents` as the SDK takes it: a Content, a Part, a string, an uploaded File, their dicts, or a
    list of those (parts in a row become one content, a user's or, for function calls, the
    model's). The config is split as the SDK splits it: system instruction, tools (function
    declarations merged into one tool, last), tool config, safety settings, cached content, labels
    and the rest at the top of the request, the generation settings under generationConfig.
    Raises WireError for what the dialect does not take (the SDK raises ValueError for most of
    those), TypeError for a tool given as a Python function or a response schema given as a
    Python type (convert them with the SDK first: `types.FunctionDeclaration.from_callable_with_api_option`,
    `response_json_schema`), and ValueError for a short cached content name on Vertex AI, which
    the SDK completes from its client's project and location.
    """
    d = resolve(dialect)
    request: dict[str, Any] = {"contents": [python_values(c) for c in contents_of(contents)]}
    if config is not None:
        if not isinstance(config, types.GenerateContentConfig):
            config = types.GenerateContentConfig.model_validate(config)
        request.update(split(config, d))
    return d.decode_request(msgspec.json.encode(request))


def request_to_genai(request: msgspec.Struct) -> tuple[list[types.Content], types.GenerateContentConfig]:
    """The contents and the config that make google-genai send this request: give them, with
    `request.model`, to `generate_content`. Raises pydantic's ValidationError for a field that the
    SDK's models do not have. The SDK then sends them as `request_from_genai` shows: the function
    declarations in one tool, last, a generationConfig (empty too) and, on Vertex AI, a cached
    content's name completed with the client's project and location."""
    values = msgspec.to_builtins(request, builtin_types=(bytes, bytearray))
    contents = [types.Content.model_validate(c) for c in values.get("contents", ())]
    config = {name: values[key] for name, key in TOP_LEVEL.items() if key in values}
    generation = values.get("generationConfig", {})
    config.update(renamed(generation, {wire: sdk for sdk, wire in GENERATION_RENAMED.items()}))
    return contents, types.GenerateContentConfig.model_validate(config)


def split(config: types.GenerateContentConfig, d: Dialect[Any, Any, Any]) -> dict[str, Any]:
    """A config's fields as the request's top-level fields and its generationConfig."""
    out = {
        key: top_level(name, getattr(config, name), d)
        for name, key in TOP_LEVEL.items()
        if getattr(config, name) is not None
    }
    out["generationConfig"] = generation_values(config, d)  # the SDK sends it, empty too, with any config
    return out


def generation_values(config: types.GenerateContentConfig, d: Dialect[Any, Any, Any]) -> dict[str, Any]:
    """The generationConfig of a config: its fields that are neither top-level nor client-only."""
    values = python_values(config, frozenset(TOP_LEVEL) | CLIENT_ONLY)
    if "speechConfig" in values and isinstance(config.speech_config, str):
        # A voice name alone (google/genai/_transformers.py: t_speech_config).
        values["speechConfig"] = {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": config.speech_config}}}
    schema = config.response_schema
    if schema is not None:
        if isinstance(schema, dict):
            schema = types.Schema.model_validate(schema)
        if not isinstance(schema, types.Schema):
            raise TypeError(
                "response_schema as a Python type is turned into a Schema by the SDK's client:"
                " give a types.Schema, or response_json_schema"
            )
        values["responseSchema"] = ordered(python_values(schema))
    image = values.get("imageConfig")
    if d.api == "vertex" and image is not None:
        # Vertex AI nests the output options (google/genai/models.py: _ImageConfig_to_vertex).
        options = {k: image.pop(sdk) for sdk, k in IMAGE_OUTPUT.items() if sdk in image}
        if options:
            image["imageOutputOptions"] = {**image.get("imageOutputOptions", {}), **options}
    return renamed(values, GENERATION_RENAMED) if d.api == "vertex" else values


def ordered(schema: Any) -> Any:
    """A response schema with each object's property order written out when it has more than one
    property and none is given, as the SDK writes it (google/genai/_transformers.py: process_schema)."""
    if isinstance(schema, list):
        return [ordered(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: ordered(v) if k in ("items", "anyOf", "prefixItems") else v for k, v in schema.items()}
    properties = schema.get("properties")
    if properties is not None:
        out["properties"] = {k: ordered(v) for k, v in properties.items()}
        kind = str(getattr(schema.get("type"), "value", schema.get("type", ""))).upper()
        if kind == "OBJECT" and len(properties) > 1 and "propertyOrdering" not in schema:
            out["propertyOrdering"] = list(properties)
    return out


def top_level(name: str, value: Any, d: Dialect[Any, Any, Any]) -> Any:
    """A top-level field of the request from the config's value, as the SDK writes it."""
    if name == "system_instruction":
        return python_values(content_of(value))
    if name == "tools":
        return [python_values(t) for t in merged(value)]
    if name == "cached_content":
        return cached_content_name(value, d)
    if isinstance(value, pydantic.BaseModel):
        return python_values(value)
    if isinstance(value, list):
        return [python_values(v) if isinstance(v, pydantic.BaseModel) else v for v in value]
    return value


def cached_content_name(name: str, d: Dialect[Any, Any, Any]) -> str:
    """The cached content's resource name as the SDK completes it (_transformers.py: _resource_name)."""
    if d.api == "vertex":
        if not name.startswith("projects/"):
            raise ValueError(
                f"cached content {name!r}: on Vertex AI give its full name"
                " (projects/{project}/locations/{location}/cachedContents/{id})"
            )
        return name
    return f"cachedContents/{name}" if "/" not in name else name


def merged(tools: Sequence[Any]) -> list[types.Tool]:
    """The tools as the SDK sends them: every function declaration in one tool at the end, and
    the other tools in their order (google/genai/_transformers.py: t_tools)."""
    out: list[types.Tool] = []
    declarations: list[types.FunctionDeclaration] = []
    for tool in tools:
        if isinstance(tool, dict):
            tool = types.Tool.model_validate(tool)
        if not isinstance(tool, types.Tool):
            raise TypeError(
                f"a tool given as {type(tool).__name__} is turned into a declaration by the SDK's client:"
                " give a types.Tool (types.FunctionDeclaration.from_callable_with_api_option)"
            )
        if tool.function_declarations:
            declarations += tool.function_declarations
            rest = tool.model_copy(update={"function_declarations": None})
            if rest.model_dump(exclude_none=True):
                out.append(rest)
        else:
            out.append(tool)
    if declarations:
        out.append(types.Tool(function_declarations=declarations))
    return out


# --------------------------------------------------------------------------- contents, as the SDK reads them


def part_of(value: Any) -> types.Part:
    """A Part from a Part, a string, an uploaded File or a dict (_transformers.py: t_part)."""
    if isinstance(value, str):
        return types.Part(text=value)
    if isinstance(value, types.File):
        if not value.uri or not value.mime_type:
            raise ValueError("a file in contents needs its uri and mime_type")
        return types.Part.from_uri(file_uri=value.uri, mime_type=value.mime_type)
    if isinstance(value, dict):
        return types.Part.model_validate(value)
    if isinstance(value, types.Part):
        return value
    raise TypeError(f"a part is a types.Part, a string, a types.File or a dict, not {type(value).__name__}")


def content_of(value: Any) -> types.Content:
    """A Content from a Content, a part or a list of parts (_transformers.py: t_content): a
    function call alone is the model's, anything else the user's."""
    if isinstance(value, types.Content):
        return value
    if isinstance(value, dict):
        return types.Content.model_validate(value)
    if isinstance(value, list):
        return types.Content(role="user", parts=[part_of(p) for p in value])
    part = part_of(value)
    return types.Content(role="model" if part.function_call else "user", parts=[part])


def contents_of(value: Any) -> list[types.Content]:
    """The contents of a request from what generate_content takes (_transformers.py: t_contents):
    parts in a row make one content, the user's, or the model's when they are function calls."""
    if value is None or value == []:
        raise ValueError("contents are required")
    if not isinstance(value, list):
        return [content_of(value)]
    out: list[types.Content] = []
    run: list[types.Part] = []

    def flush() -> None:
        if run:
            model = any(p.function_call for p in run)
            out.append(types.Content(role="model" if model else "user", parts=list(run)))
            run.clear()

    for item in value:
        if isinstance(item, (types.Content, list)) or (isinstance(item, dict) and not is_part(item)):
            flush()
            out.append(content_of(item))
            continue
        part = part_of(item)
        if run and bool(part.function_call) != bool(run[0].function_call):
            flush()
        run.append(part)
    flush()
    return out


def is_part(value: dict[str, Any]) -> bool:
    """Whether a dict in a list of contents is a Part (else a Content), as the SDK tells them apart."""
    if not value:
        return False
    try:
        types.Part.model_validate(value)
    except pydantic.ValidationError:
        return False
    return True
