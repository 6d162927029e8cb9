"""Contents: parts with exactly one data member, turns with valid roles, and function calling
exchanges in which the user answers each call of the model's turn, by name, in the next turn."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from gemini_wire.rules.contents import FUNCTION_NAME
from gemini_wire.rules.media import MIME_MAJOR, seconds
from gemini_wire.strategies.generic import (
    Dialect,
    Payload,
    api,
    field_of,
    has,
    merged,
    message,
    optional,
    table,
)
from gemini_wire.strategies.scalars import DURATIONS, scalar

EXCHANGE = frozenset({"functionCall", "functionResponse"})  # only in exchanges, built below
MIME_TYPES = st.builds(
    "{}/{}".format, st.sampled_from(sorted(MIME_MAJOR)), st.from_regex(r"[a-z][a-z0-9.+-]{0,7}", fullmatch=True)
)
# Schemes that every dialect reads (GW214); hosts without a dot are neither YouTube nor the
# Gemini Files API, whose URIs have rules of their own (GW214 on Vertex AI, GW216).
FILE_URIS = st.builds(
    "{}://{}/{}".format,
    st.sampled_from(["gs", "https"]),
    st.from_regex(r"[a-z][a-z0-9-]{0,7}", fullmatch=True),
    st.from_regex(r"[a-z0-9_-]{1,8}(\.[a-z0-9]{1,4})?", fullmatch=True),
)


@st.composite
def _clips(draw: st.DrawFn, rest: st.SearchStrategy[Payload]) -> Payload:
    """videoMetadata whose startOffset is never after its endOffset (GW215)."""
    clip = draw(rest)
    start, end = draw(st.none() | DURATIONS), draw(st.none() | DURATIONS)
    if start is not None and end is not None:
        start, end = sorted((start, end), key=seconds)  # the clip is the pair, in order
    return clip | {k: v for k, v in (("startOffset", start), ("endOffset", end)) if v is not None}


def _media(
    dialect: Dialect, member: str, depth: int, fixed: dict[str, Any], maybe: dict[str, Any]
) -> st.SearchStrategy[Payload]:
    """inlineData or fileData with the `fixed` fields, perhaps `maybe`, the walk's others, and
    sometimes videoMetadata."""
    target = "Blob" if member == "inlineData" else "FileData"
    blob = merged(message(dialect, target, True, depth, frozenset(fixed) | frozenset(maybe)), optional(maybe), st.fixed_dictionaries(fixed))
    clip = {"videoMetadata": _clips(message(dialect, "VideoMetadata", True, depth, frozenset({"startOffset", "endOffset"})))}
    return merged(st.fixed_dictionaries({member: blob}), optional(clip))


@cache
def data_members(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """Exactly one data member of a Part (its oneof `data`), other than calls and responses."""
    options = [st.fixed_dictionaries({"text": st.text(min_size=1, max_size=12)})]  # GW208: never empty
    options.append(_media(dialect, "inlineData", depth, {"mimeType": MIME_TYPES, "data": scalar("bytes", {})}, {}))
    # Vertex AI needs the type of a file (GW211); the Gemini API can find it out.
    mime = {"mimeType": MIME_TYPES}
    vertex = api(dialect) == "vertex"
    options.append(_media(dialect, "fileData", depth, {"fileUri": FILE_URIS} | (mime if vertex else {}), {} if vertex else mime))
    for member in sorted(_data(dialect) - EXCHANGE - {"text", "inlineData", "fileData"}):
        if has(dialect, "Part", member) and (s := field_of(dialect, "Part", member, depth)) is not None:
            options.append(st.fixed_dictionaries({member: s}))
    return st.one_of(options)


@cache
def _side(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """A Part's fields beside its data (thought, thoughtSignature, mediaResolution, ...)."""
    return message(dialect, "Part", True, depth, _data(dialect) | {"videoMetadata"})


def _data(dialect: Dialect) -> frozenset[str]:
    """The members of a Part's oneof `data` in the dialect, as its generated table lists them."""
    return table(dialect).messages["Part"].oneofs["data"]


@cache
def parts(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    return merged(_side(dialect, depth), data_members(dialect, depth))


@cache
def function_names(dialect: Dialect) -> st.SearchStrategy[str]:
    """Function names in the format of the dialect's API (GW212)."""
    return st.from_regex(FUNCTION_NAME[api(dialect)], fullmatch=True)


@cache
def _turn(role: st.SearchStrategy[Payload], each: st.SearchStrategy[Payload]) -> st.SearchStrategy[Payload]:
    return merged(role, st.fixed_dictionaries({"parts": st.lists(each, min_size=1, max_size=3)}))


@cache
def _user(dialect: Dialect) -> st.SearchStrategy[Payload]:
    # The Gemini API reads a turn without a role as the user's; Vertex AI needs it (GW206).
    user = st.just({"role": "user"})
    return user if api(dialect) == "vertex" else st.one_of(user, st.just({}))


@cache
def _exchanges(dialect: Dialect, depth: int) -> tuple[st.SearchStrategy[Payload], ...]:
    """A function call without its name, a function response without its name, a Part's side."""
    call = message(dialect, "FunctionCall", True, depth - 1, frozenset({"name"}))
    answer = message(dialect, "FunctionResponse", True, depth - 1, frozenset({"name"}))
    return call, answer, _side(dialect, depth)


def _exchange(draw: st.DrawFn, dialect: Dialect, depth: int, callable_: st.SearchStrategy[str]) -> list[Payload]:
    """The model calls functions; the next turn answers each call by its name (GW701-GW703)."""
    called = draw(st.lists(callable_, min_size=1, max_size=2))
    answered = draw(st.permutations(called))
    call, answer, side = _exchanges(dialect, depth)
    return [
        {"role": "model", "parts": [draw(side) | {"functionCall": draw(call) | {"name": n}} for n in called]},
        draw(_user(dialect)) | {"parts": [draw(side) | {"functionResponse": draw(answer) | {"name": n}} for n in answered]},
    ]


MODEL_ROLE = st.just({"role": "model"})
BLOCKS = st.lists(st.sampled_from(["user", "model", "exchange"]), max_size=3)


@st.composite
def conversations(draw: st.DrawFn, dialect: Dialect, depth: int, declared: tuple[str, ...]) -> list[Payload]:
    """`contents`: a user turn first (GW704), then user and model turns and exchanges.

    Calls name the declared functions when there are any (GW705), else any valid name."""
    callable_ = st.sampled_from(declared) if declared else function_names(dialect)
    each = parts(dialect, depth)
    user = _turn(_user(dialect), each)
    model = _turn(MODEL_ROLE, each)
    history = [draw(user)]
    for block in draw(BLOCKS):
        if block == "exchange":
            history += _exchange(draw, dialect, depth, callable_)
        else:
            history.append(draw(user if block == "user" else model))
    return history


def system_instructions(dialect: Dialect) -> st.SearchStrategy[Payload]:
    """A system instruction of text parts (GW209)."""
    text = st.fixed_dictionaries({"text": st.text(min_size=1, max_size=12)})
    return st.fixed_dictionaries({"parts": st.lists(text, min_size=1, max_size=2)})
