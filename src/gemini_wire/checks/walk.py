"""What the checks share: reading the decoded request (its parts, declarations, turns), and the
Context of one lint, which does each shared walk once however many checks ask for it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import msgspec
from msgspec import UNSET

from gemini_wire.codec import Table
from gemini_wire.findings import Path, Severity
from gemini_wire.models import MAX_OUTPUT_TOKENS, Profile
from gemini_wire.rules.contents import FUNCTION_NAME

T = TypeVar("T")


class Context:
    """One request under lint: its API family, the model named, and the walks checks share."""

    __slots__ = ("dialect", "memo", "model", "parts", "profile", "req", "table")

    def __init__(
        self, req: Any, table: Table, model: str | None, profile: Profile | None, parts: list[tuple[Path, Any]]
    ) -> None:
        self.req = req
        self.table = table  # the dialect's field table (a message's fields and oneofs)
        self.dialect = table.api  # the API family, which the rules are written for
        self.model = model
        self.profile = profile
        # (path, Part) of every Part that sets a field other than text, from the census: what
        # checks of media, calls and side fields read (a chat is mostly text-only parts).
        self.parts = parts
        # What the shared walks and facts gave, by the function that computes them.
        self.memo: dict[Callable[..., Any], Any] = {}

    def once(self, walk: Callable[[Any], Iterable[T]]) -> list[T]:
        """`list(walk(req))`, computed once per request however many checks ask."""
        got: list[T] | None = self.memo.get(walk)
        if got is None:
            got = self.memo[walk] = list(walk(self.req))
        return got

    def fact(self, compute: Callable[[Context], T]) -> T:
        """`compute(ctx)`, computed once per request however many checks ask."""
        memo = self.memo
        if compute in memo:
            return memo[compute]  # type: ignore[no-any-return]
        got = memo[compute] = compute(self)
        return got


def given(value: Any) -> bool:
    return value is not UNSET and value is not None


# name_of, generation, thinking and calling_config test `given` in place: a dozen checks call
# them on every request, and the call to `given` was a third of their cost.


def name_of(enum_value: Any) -> str | None:
    # _name_ is what Enum's name property reads, without the descriptor call.
    return getattr(enum_value, "_name_", None) if enum_value is not UNSET and enum_value is not None else None


def struct_fields(obj: Any) -> Iterator[tuple[str, str]]:
    """(attribute, wire name) of each field of a Struct, from its class: msgspec.structs.fields
    would evaluate the type annotations again on every call."""
    cls = type(obj)
    return zip(cls.__struct_fields__, cls.__struct_encode_fields__, strict=True)


def contents_of(req: Any) -> Sequence[Any]:
    return req.contents if req.contents is not UNSET else ()


def parts_of(content: Any) -> Sequence[Any]:
    return content.parts if content.parts is not UNSET else ()


def all_parts(req: Any) -> Iterator[tuple[Path, Any]]:
    for i, c in enumerate(contents_of(req)):
        for j, p in enumerate(parts_of(c)):
            yield ("contents", i, "parts", j), p
    if given(req.system_instruction):
        for j, p in enumerate(parts_of(req.system_instruction)):
            yield ("systemInstruction", "parts", j), p


def generation(req: Any) -> Any:
    g = req.generation_config
    return g if g is not UNSET else None  # None when UNSET or null


def thinking(req: Any) -> Any:
    g = req.generation_config
    if g is UNSET or g is None:
        return None
    tc = g.thinking_config
    return tc if tc is not UNSET else None


def schema_type(s: Any) -> str | None:
    return name_of(s.type) if given(s) else None


def declarations(req: Any) -> Iterator[tuple[Path, Any]]:
    if given(req.tools):
        for i, tool in enumerate(req.tools):
            if given(tool.function_declarations):
                for j, d in enumerate(tool.function_declarations):
                    yield ("tools", i, "functionDeclarations", j), d


class Declared(msgspec.Struct):
    """The function declarations of a request, read once for the rules' clean tests."""

    found: list[Any]  # the FunctionDeclarations, in order (`declarations` gives their paths)
    names: list[Any]  # each one's name (UNSET where it has none), in order
    # Every one has parameters of type OBJECT or none, not both a Schema and a JSON Schema for
    # its parameters or its response, and no behavior: GW501, GW502 and GW513 have nothing to say.
    plain: bool
    json_schema: bool  # some one has parametersJsonSchema or responseJsonSchema


def declared(ctx: Context) -> Declared:
    found: list[Any] = []
    plain, json_schema = True, False
    tools = ctx.req.tools
    for tool in tools if tools is not UNSET and tools is not None else ():
        listed = tool.function_declarations
        if listed is UNSET or listed is None:
            continue
        found += listed  # as `declarations`, without a path per declaration
        for d in listed:
            params, parameters_json, response_json = d.parameters, d.parameters_json_schema, d.response_json_schema
            if params is not UNSET and (params.type != "OBJECT" or parameters_json is not UNSET):
                plain = False
            if (d.response is not UNSET and response_json is not UNSET) or getattr(d, "behavior", UNSET) is not UNSET:
                plain = False
            if parameters_json is not UNSET or response_json is not UNSET:
                json_schema = True
    return Declared(found, [d.name for d in found], plain, json_schema)


# FUNCTION_NAME of each dialect, for names joined by newlines.
FUNCTION_NAMES = {api: re.compile(rf"(?:{p.pattern})(?:\n(?:{p.pattern}))*") for api, p in FUNCTION_NAME.items()}


def declarations_clean(req: Any, ctx: Context) -> bool:
    """The clean test of the checks of function declarations and their names (GW212, GW501,
    GW502, GW507, GW513, GW705), run once for them all: every declaration plain (`Declared`),
    named, with a name of the dialect's format, no name twice, and every function called in
    the history declared."""
    d = ctx.fact(declared)
    names = d.names
    if not d.plain or UNSET in names or len(set(names)) != len(names):
        return False
    if names:  # every name of the format, in one match of them joined (a name holding a newline shows in the count)
        joined = "\n".join(names)
        if joined.count("\n") != len(names) - 1 or FUNCTION_NAMES[ctx.dialect].fullmatch(joined) is None:
            return False
    for turn in ctx.fact(turns) if ctx.parts else ():
        for _, _, f in turn.calls:
            if f.name not in names:
                return False
    return True


def generation_clean(req: Any, ctx: Context) -> bool:
    """The clean test of the checks of generation config values (GW307-GW311, GW313), run once
    for them all: each value they read within what the named model takes (or, without one, what
    any model takes), no empty stop sequence, not both a thinking level and a budget."""
    g = req.generation_config
    if g is UNSET or g is None:
        return True
    p = ctx.profile
    tokens = g.max_output_tokens
    if tokens is not UNSET and tokens is not None and tokens > (p.max_output_tokens if p and p.max_output_tokens else MAX_OUTPUT_TOKENS):
        return False
    if p is not None:
        for value, limit in ((g.candidate_count, p.max_candidate_count), (g.top_k, p.top_k_max)):
            if value is not UNSET and value is not None and limit and value > limit:
                return False
    stops = g.stop_sequences
    if stops is not UNSET and stops is not None and "" in stops:
        return False
    tc = g.thinking_config
    if tc is UNSET or tc is None:
        return True
    budget = tc.thinking_budget
    if budget is UNSET or budget is None:
        return True
    level = getattr(tc, "thinking_level", UNSET)
    if level is not UNSET and level is not None:
        return False
    if p is None or budget == -1:
        return True
    if budget == 0:
        return p.thinking_budget_zero is not False and (p.thinking_budget is None or p.thinking_budget_zero or p.thinking_budget[0] <= 0 <= p.thinking_budget[1])
    return p.thinking_budget is None or p.thinking_budget[0] <= budget <= p.thinking_budget[1]


def calling_config(req: Any) -> Any:
    tc = req.tool_config
    if tc is UNSET or tc is None:
        return UNSET
    fcc = tc.function_calling_config
    return fcc if fcc is not None else UNSET

BUILT_IN = {"google_search": "googleSearch", "url_context": "urlContext", "code_execution": "codeExecution", "google_search_retrieval": "googleSearchRetrieval", "google_maps": "googleMaps"}


def for_model(ctx: Context) -> str:
    return f"models/{ctx.model}" if ctx.model and "/" not in ctx.model else str(ctx.model)


def weight(p: Profile, fact: str) -> Severity | None:
    """The severity a refusal in the model's profile gives: the rule's own (an error) where the
    server's words or Google's own source show it, a warning where only a 400 is reported."""
    return None if p.firm(fact) else "warning"


def is_gemini_3(ctx: Context) -> bool | None:
    """Whether the named model is a Gemini 3 model; None when no known model is named."""
    return ctx.profile.family.startswith("gemini-3") if ctx.profile else None



class Turn(msgspec.Struct):
    """A run of consecutive contents with one role, and its function calls and responses.

    The server reads such a run as one turn: consecutive same-role contents are accepted (RULES.md
    row 17), and real traffic it accepted splits one turn over several contents, both ways —
    parallel calls answered one functionResponse per user content (crewAI), and two model
    contents of calls answered together (pydantic-ai replaying a history on Gemini 3)."""

    role: str
    start: int  # the index of its first content
    end: int  # the index of its last content
    calls: list[tuple[int, int, Any]]  # (content index, part index, functionCall)
    responses: list[tuple[int, int, Any]]  # (content index, part index, functionResponse)


def turns(ctx: Context) -> list[Turn]:
    """The turns (in order) that have a function call or response (`ctx.fact(turns)`).

    Only those: the checks of the conversation are about calls and their answers, so only the
    turns around them are read (`previous` tells whether two of them are adjacent)."""
    contents = ctx.req.contents
    last = len(contents) - 1 if contents is not UNSET else -1
    found: list[Turn] = []
    path: Any  # ("contents", i, "parts", j) for the parts of a content
    for path, p in ctx.parts:
        call, response = p.function_call, p.function_response
        if (call is UNSET and response is UNSET) or path[0] != "contents":
            continue
        _, i, _, j = path
        if found and i <= found[-1].end:
            turn = found[-1]
        else:
            # The role read in place (no call per content): a chat has a few such turns, each
            # scanned a content or two each way.
            role = contents[i].role
            if role is UNSET or role is None:
                role = "user"  # the Gemini API's default; GW206 on Vertex AI
            start = end = i
            while start > 0:
                other = contents[start - 1].role
                if (other if other is not UNSET and other is not None else "user") != role:
                    break
                start -= 1
            while end < last:
                other = contents[end + 1].role
                if (other if other is not UNSET and other is not None else "user") != role:
                    break
                end += 1
            turn = Turn(role, start, end, [], [])
            found.append(turn)
        if call is not UNSET:
            turn.calls.append((i, j, call))
        if response is not UNSET:
            turn.responses.append((i, j, response))
    return found


def previous(history: list[Turn], k: int) -> Turn | None:
    """The turn just before history[k] when it has calls or responses (None: it has neither,
    or history[k] is the first turn)."""
    if k > 0 and history[k - 1].end + 1 == history[k].start:
        return history[k - 1]
    return None
