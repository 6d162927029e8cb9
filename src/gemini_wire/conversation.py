"""Conversations: carry a response into the next request, and keep a history the server accepts.

    contents = append_response(request.contents, aggregate(chunks))   # the model turn, signed
    contents.append(vertex.Content(role="user", parts=[vertex.Part(text="And then?")]))
    next_request = msgspec.structs.replace(request, contents=curated_history(contents))

Thought signatures (`thoughtSignature`) must travel back exactly where they came: on the same
part, in the same position, or the next call fails validation on Gemini 3
(https://ai.google.dev/gemini-api/docs/thought-signatures). So the model turn is the candidate's
parts as received, never re-joined or re-ordered.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

from msgspec import UNSET

from gemini_wire.codec import own_unknown, wire_class
from gemini_wire.stream.aggregate import replaced

if TYPE_CHECKING:  # the Structs of the four dialect modules; the other versions load when named
    from gemini_wire._generated import gemini_v1, vertex_v1beta1
    from gemini_wire._generated import gemini_v1beta as gemini
    from gemini_wire._generated import vertex_v1 as vertex

__all__ = ["append_response", "curated_history"]

C = TypeVar("C", "gemini.Content", "gemini_v1.Content", "vertex.Content", "vertex_v1beta1.Content")


@overload
def append_response(
    contents: Sequence[gemini.Content], response: gemini.GenerateContentResponse
) -> list[gemini.Content]: ...
@overload
def append_response(
    contents: Sequence[gemini_v1.Content], response: gemini_v1.GenerateContentResponse
) -> list[gemini_v1.Content]: ...
@overload
def append_response(
    contents: Sequence[vertex.Content], response: vertex.GenerateContentResponse
) -> list[vertex.Content]: ...
@overload
def append_response(
    contents: Sequence[vertex_v1beta1.Content], response: vertex_v1beta1.GenerateContentResponse
) -> list[vertex_v1beta1.Content]: ...
def append_response(contents: Sequence[Any], response: Any) -> list[Any]:
    """The contents followed by the response's first candidate as the model turn of the next request.

    Parts go as received, signatures included. A text part that is empty and unsigned is left
    out: it carries nothing, and the SDKs' rule would count the whole turn invalid for it, function
    calls included (google-gemini/gemini-cli#16797). No candidate gives a model turn without parts, which
    `curated_history` drops, as the SDKs do. Pass a stream through `aggregate` first.
    """
    content_cls = content_class(response)
    candidates = response.candidates
    content = candidates[0].content if candidates else UNSET
    if content is UNSET:
        return [*contents, content_cls(role="model", parts=[])]
    parts = []
    for part in [] if content.parts is UNSET else content.parts:
        call = part.function_call
        if call is not UNSET and (
            getattr(call, "will_continue", UNSET) is True or getattr(call, "partial_args", UNSET) is not UNSET
        ):
            raise ValueError(
                "the response holds an unfinished function call streamed in pieces (partialArgs / "
                "willContinue): pass aggregate(chunks) of the whole stream"
            )
        if part.text == "" and empty_part(part):
            continue
        parts.append(part)
    return [*contents, replaced(content, role="model", parts=parts)]


def content_class(response: Any) -> Any:
    """The Content class of a GenerateContentResponse's dialect; TypeError for anything else."""
    cls = wire_class(response) if hasattr(type(response), "__wire_base__") else type(response)
    # (a response that kept unknown keys is a subclass; wire_class gives the generated class)
    content = getattr(sys.modules[cls.__module__], "Content", None)
    if cls.__name__ != "GenerateContentResponse" or content is None:
        raise TypeError(f"append_response() takes a GenerateContentResponse, not {type(response).__name__}")
    return content


def curated_history(contents: Sequence[C]) -> list[C]:
    """The history without invalid model turns, each dropped with the user turn that led to it.

    The official SDKs' rule (google-genai `chats`): a run of model turns is invalid when one of
    them has no parts or an empty part, and then it goes, with the turn before it. One refinement:
    an empty text part that carries a thoughtSignature is not empty, because the API sends
    signatures that way when streaming and needs them back. Roles other than "model" count as
    input turns (the SDKs raise for them; the server takes more than "user").
    """
    curated: list[C] = []
    i, n = 0, len(contents)
    while i < n:
        if contents[i].role != "model":
            curated.append(contents[i])
            i += 1
            continue
        j = i
        while j < n and contents[j].role == "model":
            j += 1
        turns = contents[i:j]
        if all(valid_turn(turn) for turn in turns):
            curated.extend(turns)
        elif curated:
            curated.pop()
        i = j
    return curated


def valid_turn(content: Any) -> bool:
    parts = content.parts
    return bool(parts) and not any(empty_part(p) for p in parts)


def empty_part(part: Any) -> bool:
    """A part with nothing in it: no member but an empty text or the thought flag, no signature."""
    if part.thought_signature is not UNSET or part.text:
        return False
    for attr in part.__struct_fields__:
        if attr not in ("text", "thought") and getattr(part, attr) is not UNSET:
            return False
    return not own_unknown(part)
