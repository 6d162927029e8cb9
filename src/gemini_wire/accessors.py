"""What every client reads from a response or an error body, and the parts it builds most.

Plain functions over the Structs of every dialect (gemini-v1beta, gemini-v1, vertex-v1,
vertex-v1beta1), so that a client writes `text(response)` instead of walking four levels of
`X | UnsetType`. They read a decoded tree as it is: a Struct that keeps unknown keys is an
instance of a subclass of its generated class (codec/extras.py), and an enum value newer than
the enum is a `str` like the known ones (_base.WireEnum), so both read like any other.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

import msgspec
from msgspec import UNSET

from gemini_wire import errors
from gemini_wire._base import WireStruct
from gemini_wire._generated import gemini_v1beta as gemini  # the Structs of gemini_wire.gemini, ...
from gemini_wire.endpoints import INFO

if TYPE_CHECKING:
    # What all four dialects have of a message (gemini_wire.common's Protocols): the Structs of
    # any dialect are taken, and so is a value a client annotated once as `common.X`.
    from gemini_wire._generated import shapes

    Response = shapes.GenerateContentResponse
    Candidate = shapes.Candidate
    Part = shapes.Part
    ErrorBody = gemini.ErrorBody  # one class, shared by every dialect (gemini_wire.common)

__all__ = [
    "Call",
    "Usage",
    "candidate",
    "error_code",
    "error_details",
    "error_message",
    "error_status",
    "finish_reason",
    "function_calls",
    "function_response_part",
    "inline_part",
    "parts",
    "retry_delay",
    "text",
    "text_part",
    "thought_signatures",
    "thoughts",
    "usage",
]

P = TypeVar("P", bound=WireStruct)


class Call(msgspec.Struct, frozen=True, kw_only=True):
    """A function call of the model: `name`, its `args` ({} when none) and its `id` (or None)."""

    name: str
    args: dict[str, Any]
    id: str | None = None


class Usage(msgspec.Struct, frozen=True, kw_only=True):
    """A response's token counts, 0 where the server gave none."""

    prompt: int = 0
    candidates: int = 0
    thoughts: int = 0
    cached: int = 0
    tool_use_prompt: int = 0
    total: int = 0


# ------------------------------------------------------------------ responses


def candidate(response: Response) -> Candidate | None:
    """The response's first candidate, or None (a blocked prompt has none)."""
    candidates = response.candidates
    return candidates[0] if candidates else None


def of(source: Response | Candidate) -> Candidate | None:
    """The candidate itself, or a response's first."""
    # Told by the field rather than by class: the classes are four dialects' and their subclasses.
    if "candidates" in cast("msgspec.Struct", source).__struct_fields__:
        return candidate(cast("Response", source))
    return cast("Candidate", source)


def parts(source: Response | Candidate) -> list[Part]:
    """The parts of a candidate (of a response: of its first candidate), [] when there are none."""
    found = of(source)
    if found is None or found.content is UNSET or found.content.parts is UNSET:
        return []
    return list(found.content.parts)


def text(source: Response | Candidate) -> str:
    """The answer's text: the text parts that are not thoughts, joined, as google-genai's
    `response.text` (which gives None where this gives "")."""
    return "".join(p.text for p in parts(source) if p.text is not UNSET and not p.thought)


def thoughts(source: Response | Candidate) -> str:
    """The thought summaries: the text parts marked `thought`, joined ("" when there are none)."""
    return "".join(p.text for p in parts(source) if p.text is not UNSET and p.thought is True)


def thought_signatures(source: Response | Candidate) -> list[bytes]:
    """The thought signatures of the parts, in order: send them back with the history."""
    return [p.thought_signature for p in parts(source) if p.thought_signature is not UNSET]


def function_calls(source: Response | Candidate) -> list[Call]:
    """The function calls that the model asks for, in order."""
    calls = []
    for p in parts(source):
        call = p.function_call
        if call is not UNSET:
            name = "" if call.name is UNSET else call.name
            args: dict[str, Any] = {} if call.args is UNSET else cast("dict[str, Any]", call.args)  # a dict, as decoded
            call_id = getattr(call, "id", UNSET)  # vertex-v1's FunctionCall has no id
            calls.append(Call(name=name, args=args, id=None if call_id is UNSET else call_id))
    return calls


def finish_reason(source: Response | Candidate) -> str | None:
    """Why the candidate stopped (`"STOP"`, `"MAX_TOKENS"`, ... or a value newer than this
    version's enum), or None while a stream is unfinished."""
    found = of(source)
    if found is None or found.finish_reason is UNSET:
        return None
    return found.finish_reason


def usage(response: Response) -> Usage:
    """The response's token counts (all 0 when it carries no usageMetadata)."""
    meta = response.usage_metadata
    if meta is UNSET:
        return Usage()

    def count(value: Any) -> int:
        return 0 if value is UNSET else int(value)

    return Usage(
        prompt=count(meta.prompt_token_count),
        candidates=count(meta.candidates_token_count),
        thoughts=count(meta.thoughts_token_count),
        # Not every dialect has these two (gemini-v1 lacks the cache, Vertex the tool-use count).
        cached=count(getattr(meta, "cached_content_token_count", UNSET)),
        tool_use_prompt=count(getattr(meta, "tool_use_prompt_token_count", UNSET)),
        total=count(meta.total_token_count),
    )


# ------------------------------------------------------------------ error bodies


def error_code(body: ErrorBody) -> int | None:
    """The error's HTTP-like code (429, 400, ...), or None when the body has none."""
    status = body.error
    return None if status is UNSET or status.code is UNSET else status.code


def error_status(body: ErrorBody) -> str | None:
    """The error's google.rpc.Code name (`"RESOURCE_EXHAUSTED"`, ...), or None."""
    status = body.error
    return None if status is UNSET or status.status is UNSET else status.status


def error_message(body: ErrorBody) -> str:
    """The error's message for people ("" when the body has none)."""
    status = body.error
    return "" if status is UNSET or status.message is UNSET else status.message


def error_details(body: ErrorBody) -> list[errors.Detail]:
    """The error's details, typed by their `@type` (RetryInfo, QuotaFailure, ErrorInfo, Help,
    BadRequest); others as dicts."""
    status = body.error
    return [] if status is UNSET or status.details is UNSET else errors.details(status.details)


def retry_delay(body: ErrorBody) -> float | None:
    """How many seconds the server asks to wait before retrying (its RetryInfo), or None."""
    for detail in error_details(body):
        if isinstance(detail, errors.RetryInfo):
            return detail.retry_delay
    return None


# ------------------------------------------------------------------ builders


@overload
def text_part(text: str) -> gemini.Part: ...
@overload
def text_part(text: str, part: type[P]) -> P: ...
def text_part(text: str, part: Any = None) -> Any:
    """A Part holding `text`; of `gemini.Part` unless another dialect's Part class is given."""
    return (part or gemini.Part)(text=text)


@overload
def inline_part(data: bytes, mime_type: str) -> gemini.Part: ...
@overload
def inline_part(data: bytes, mime_type: str, part: type[P]) -> P: ...
def inline_part(data: bytes, mime_type: str, part: Any = None) -> Any:
    """A Part holding `data` inline with its MIME type (`"image/png"`, ...)."""
    cls = part or gemini.Part
    return cls(inline_data=field_class(cls, "Blob")(mime_type=mime_type, data=data))


@overload
def function_response_part(
    name: str, response: dict[str, Any], *, id: str | None = None
) -> gemini.Part: ...
@overload
def function_response_part(
    name: str, response: dict[str, Any], part: type[P], *, id: str | None = None
) -> P: ...
def function_response_part(
    name: str, response: dict[str, Any], part: Any = None, *, id: str | None = None
) -> Any:
    """A Part answering the function call `name` (and `id`, when the call had one) with `response`."""
    cls = part or gemini.Part
    answer = field_class(cls, "FunctionResponse")
    if id is None:
        return cls(function_response=answer(name=name, response=response))
    if "id" not in answer.__struct_fields__:
        dialect = next((i.name for i in INFO.values() if i.module == answer.__module__), answer.__module__)
        raise ValueError(f"{dialect}'s FunctionResponse has no id: leave `id` out")
    return cls(function_response=answer(name=name, response=response, id=id))


def field_class(cls: type[Any], name: str) -> Any:
    """The Struct class that a Part field holds (`Blob`), from the module of the dialect of `cls`:
    every dialect names them alike."""
    return getattr(sys.modules[wire_class_of(cls).__module__], name)


def wire_class_of(cls: type[Any]) -> type[Any]:
    return cls.__wire_base__ or cls  # a subclass that keeps unknown keys (codec/extras.py)
