"""The fold of a stream's chunks into the response a unary call would have answered, as SDKs fold them."""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import msgspec
from msgspec import UNSET

from gemini_wire.codec import keep_extras, own_unknown, wire_class
from gemini_wire.findings import Path, WireError, excerpt
from gemini_wire.limits import MAX_DEPTH, MAX_PARTIAL_ARG_SKIP
from gemini_wire.rules.stream import PARTIAL_ARG_PATH

if TYPE_CHECKING:  # the Structs of the four dialect modules; the other versions load when named
    from gemini_wire._generated import gemini_v1, vertex_v1beta1
    from gemini_wire._generated import gemini_v1beta as gemini
    from gemini_wire._generated import vertex_v1 as vertex

__all__ = ["Folder", "aggregate", "replaced"]

R = TypeVar(
    "R",
    "gemini.GenerateContentResponse",
    "gemini_v1.GenerateContentResponse",
    "vertex.GenerateContentResponse",
    "vertex_v1beta1.GenerateContentResponse",
)


def aggregate(responses: Iterable[R]) -> R:
    """The response that a stream's chunks add up to: what the unary call would have answered.

    Per candidate index: adjacent text parts of one kind (thought or answer) are joined; a part
    that carries a thoughtSignature stays a part of its own, with its signature; function calls
    stay whole, and Vertex's streamed partialArgs are assembled into args; finishReason,
    finishMessage, safety ratings and usage come from the last chunk that has them; citations
    and grounding metadata are merged; ids, versions, prompt feedback and unknown keys are kept.
    """
    folder: Folder[R] = Folder()
    for response in responses:
        folder.add(response)
    return folder.result()


class Folder(Generic[R]):
    """`aggregate` one chunk at a time, for a stream read as it comes: each chunk is folded as it
    is added and not kept (what is kept is the answer so far), so `add` each chunk, then take
    `result()` once, at the end of the stream.

        folder = Folder()
        for chunk in chunks:
            folder.add(chunk)       # WireError (GW122) for a partialArgs path that cannot be
        final = folder.result()     # as aggregate(chunks)
    """

    def __init__(self) -> None:
        self.cls: type[msgspec.Struct] | None = None  # the class of the first chunk
        self.count = 0  # the chunks added
        self.fields: dict[str, Any] = {}  # the last value of each response field but candidates
        self.extras: dict[str, Any] = {}
        self.folds: dict[int, CandidateFold] = {}  # per candidate index

    def add(self, response: R) -> None:
        """Fold the next chunk in (ValueError, TypeError, WireError as `aggregate` raises them)."""
        i, cls = self.count, wire_class(response)
        if self.cls is None:
            self.cls = cls
        elif cls is not self.cls:
            raise TypeError(
                f"aggregate() takes the responses of one dialect; item {i} is {type(response).__module__}."
                f"{type(response).__name__}, item 0 a {self.cls.__name__}"
            )
        self.count += 1
        for attr in cls.__struct_fields__:
            value = getattr(response, attr)
            if value is UNSET:
                continue
            if attr == "candidates":
                self.fields[attr] = []
                for j, candidate in enumerate(value):
                    index = 0 if candidate.index is UNSET else candidate.index
                    fold = self.folds.get(index)
                    if fold is None:
                        fold = self.folds[index] = CandidateFold(wire_class(candidate))
                    fold.add(candidate, (i, "candidates", j))
            else:
                self.fields[attr] = value
        self.extras.update(own_unknown(response))

    def result(self) -> R:
        """The response the chunks add up to (the fold ends: add nothing after it)."""
        if self.cls is None:
            raise ValueError("aggregate() needs at least one response")
        fields = dict(self.fields)
        if self.folds:
            fields["candidates"] = [self.folds[k].result() for k in sorted(self.folds)]
        result: R = keep_extras(self.cls(**fields), self.extras)
        return result


def replaced(obj: Any, **changes: Any) -> Any:
    """msgspec.structs.replace, which keeps the unknown keys of the original (they are fields)."""
    return msgspec.structs.replace(obj, **changes)


def plain_text(part: Any) -> bool:
    """A text part with nothing else (no signature, no other member, no unknown key)."""
    if part.text is UNSET or part.thought_signature is not UNSET:
        return False
    for attr in part.__struct_fields__:
        if attr not in ("text", "thought") and getattr(part, attr) is not UNSET:
            return False
    return not own_unknown(part)


# A run of text pieces is joined JOINED at a time as it grows: a long stream of short pieces then
# holds about its text, not a string object a piece (some fifty bytes each), and each byte is
# copied twice in all (into its block, then into the part), however long the run.
JOINED = 256


class CandidateFold:
    """The chunks of one candidate index, folded into one candidate."""

    def __init__(self, cls: type[msgspec.Struct]) -> None:
        self.cls = cls
        self.fields: dict[str, Any] = {}  # the last value of each field that does not combine
        self.folds: dict[str, Fold] = {}  # the fields that combine across chunks (FOLDS)
        self.extras: dict[str, Any] = {}
        self.content: Any = None  # the first content seen: its class, role and unknown keys
        self.content_extras: dict[str, Any] = {}
        self.role: Any = UNSET
        self.parts: list[Any] | None = None
        self.texts: list[str] | None = None  # the text of the run that parts[-1] starts
        self.joined = 0  # texts[:joined] are blocks of JOINED pieces each, the rest single pieces
        self.thought = False  # the kind of that run
        self.call: CallFold | None = None

    def add(self, candidate: Any, where: Path) -> None:
        for attr in self.cls.__struct_fields__:
            value = getattr(candidate, attr)
            if value is UNSET or attr == "content":
                continue
            kind = FOLDS.get(attr)
            if kind is None:
                self.fields[attr] = value
            elif attr in self.folds:
                self.folds[attr].add(value)
            else:
                self.folds[attr] = kind(value)
        self.extras.update(own_unknown(candidate))
        content = candidate.content
        if content is UNSET:
            return
        if self.content is None:
            self.content = content
        if content.role is not UNSET:
            self.role = content.role
        self.content_extras.update(own_unknown(content))
        if content.parts is UNSET:
            return
        if self.parts is None:
            self.parts = []
        for k, part in enumerate(content.parts):
            self.add_part(part, (*where, "content", "parts", k))

    def add_part(self, part: Any, where: Path) -> None:
        assert self.parts is not None
        call = part.function_call
        if call is not UNSET:
            self.end_text()
            fold = self.call
            if fold is None or call.name is not UNSET:
                self.end_call()
                if getattr(call, "will_continue", UNSET) is not True and getattr(call, "partial_args", UNSET) is UNSET:
                    self.parts.append(part)  # a whole call, as the Gemini API always sends them
                    return
                fold = self.call = CallFold(part, len(self.parts))
                self.parts.append(part)
            fold.add(part, where)  # the first or the next piece of a call streamed in pieces
            if fold.done:
                self.end_call()
            return
        if plain_text(part):
            thought = part.thought is True
            if self.texts is not None and thought == self.thought:
                self.texts.append(part.text)
                if len(self.texts) - self.joined >= JOINED:
                    self.texts[self.joined :] = ["".join(self.texts[self.joined :])]
                    self.joined += 1
                return
            self.end_text()
            if part.text:  # an empty text part without a signature adds nothing
                self.parts.append(part)
                self.texts, self.thought, self.joined = [part.text], thought, 0
            return
        self.end_text()
        self.parts.append(part)

    def end_text(self) -> None:
        if self.texts is not None:
            assert self.parts is not None
            if len(self.texts) > 1:
                self.parts[-1] = replaced(self.parts[-1], text="".join(self.texts))
            self.texts = None

    def end_call(self) -> None:
        if self.call is not None:
            assert self.parts is not None
            self.parts[self.call.slot] = self.call.result()
            self.call = None

    def result(self) -> Any:
        self.end_text()
        self.end_call()
        fields = dict(self.fields)
        fields.update((attr, fold.result()) for attr, fold in self.folds.items())
        if self.content is not None:
            changes: dict[str, Any] = {"role": self.role, "parts": UNSET if self.parts is None else self.parts}
            content = msgspec.structs.replace(self.content, **changes)
            fields["content"] = keep_extras(content, self.content_extras)
        return keep_extras(self.cls(**fields), self.extras)


class CallFold:
    """A function call that Vertex streams in pieces (streamFunctionCallArguments).

    The first piece names the function and says willContinue; the next ones carry partialArgs,
    each a value at a jsonPath into args (`$.recipe.steps[0]`); a string at one path arrives in
    pieces while its willContinue is true; the piece without willContinue ends the call.
    """

    def __init__(self, part: Any, slot: int) -> None:
        self.part = part
        self.slot = slot
        call = part.function_call
        self.args: dict[str, Any] | None = None if call.args is UNSET else copy.deepcopy(call.args)
        self.signature = part.thought_signature
        self.growing = False  # a Growing string may be in args
        self.skipped = 0  # list elements that indexes past a list's end skipped (made null)
        self.done = False

    def add(self, part: Any, where: Path) -> None:
        call = part.function_call
        if self.signature is UNSET:
            self.signature = part.thought_signature
        if part is not self.part and call.args is not UNSET:
            # In place and copied: the pieces that follow write into args, never into a chunk.
            if self.args is None:
                self.args = {}
            self.args.update(copy.deepcopy(call.args))
        pieces = getattr(call, "partial_args", UNSET)
        for k, piece in enumerate(() if pieces is UNSET else pieces):
            self.put(piece, (*where, "functionCall", "partialArgs", k))
        self.done = getattr(call, "will_continue", UNSET) is not True

    def put(self, piece: Any, where: Path) -> None:
        path = piece.json_path
        steps = json_path_steps(path) if isinstance(path, str) else None
        if steps is None:
            raise partial_arg_error(where, f"jsonPath {excerpt(str(path))} is not a path into args")
        if len(steps) > MAX_DEPTH:
            message = f"jsonPath {excerpt(path)} is {len(steps):,} steps deep: at most {MAX_DEPTH} (gemini_wire.limits.MAX_DEPTH)"
            hint = f"flatten the function's parameters: Google's JSON parsers read at most {MAX_DEPTH} levels"
            raise partial_arg_error(where, message, hint)
        if piece.string_value is not UNSET:
            value: Any = piece.string_value
        elif piece.number_value is not UNSET:
            # A Struct number is a double; the server writes a whole one as an integer (3, not
            # 3.0), which is what the same call's args hold in a unary answer.
            number = piece.number_value
            value = int(number) if number.is_integer() else number
        elif piece.bool_value is not UNSET:
            value = piece.bool_value
        elif piece.null_value is not UNSET:
            value = None
        else:
            return  # a piece without a value (only willContinue) moves nothing
        if self.args is None:
            self.args = {}
        continues = isinstance(value, str) and piece.will_continue is True
        try:
            skipped = put_at(self.args, steps, value, continues=continues, room=MAX_PARTIAL_ARG_SKIP - self.skipped)
        except IndexError:
            message = (
                f"jsonPath {excerpt(path)} skips list elements past the {MAX_PARTIAL_ARG_SKIP} that one call's"
                " arguments may skip (gemini_wire.limits.MAX_PARTIAL_ARG_SKIP)"
            )
            hint = "a streamed list is written element by element: the next index is the list's length"
            raise partial_arg_error(where, message, hint) from None
        if skipped is None:
            raise partial_arg_error(where, f"jsonPath {excerpt(path)} contradicts the arguments assembled so far")
        self.skipped += skipped
        self.growing = self.growing or continues

    def result(self) -> Any:
        call = self.part.function_call
        if self.growing and self.args is not None:
            ended(self.args)
        changes: dict[str, Any] = {"args": call.args if self.args is None else self.args}
        if hasattr(call, "partial_args"):
            changes["partial_args"] = UNSET
        if hasattr(call, "will_continue"):
            # A call the stream never ended keeps willContinue: its arguments may be incomplete.
            changes["will_continue"] = UNSET if self.done else True
        return replaced(self.part, function_call=replaced(call, **changes), thought_signature=self.signature)


class Growing:
    """The pieces of a string still arriving at a path (willContinue), joined once when it ends:
    adding each piece to the string so far would copy the string once a piece."""

    __slots__ = ("pieces",)

    def __init__(self, first: str) -> None:
        self.pieces = [first]

    def __str__(self) -> str:
        return "".join(self.pieces)


JSON_PATH_STEP = re.compile(r"""\.([^.\[\]'"]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]""")
ESCAPED = re.compile(r"\\(.)")
# An index of more digits than this is past any limit: read as this (int() of 4,300 digits raises).
INDEX_DIGITS = 18


def json_path_steps(path: str) -> list[str | int] | None:
    """`$.a.b[0]['c d']` as ["a", "b", 0, "c d"]; None if it is not such a path into an object."""
    if not path.startswith("$"):
        return None
    steps: list[str | int] = []
    pos = 1
    while pos < len(path):
        m = JSON_PATH_STEP.match(path, pos)
        if m is None:
            return None
        name, number, single, double = m.groups()
        if number is not None:
            digits = number.lstrip("0")
            steps.append(int(digits or "0") if len(digits) <= INDEX_DIGITS else 10**INDEX_DIGITS)
        else:
            quoted = single if single is not None else double
            steps.append(name if quoted is None else ESCAPED.sub(r"\1", quoted))
        pos = m.end()
    if not steps or not isinstance(steps[0], str):
        return None
    return steps


def put_at(root: dict[str, Any], steps: list[str | int], value: Any, *, continues: bool, room: int) -> int | None:
    """Set the value at a path; how many list elements it skipped (an index past a list's end
    fills the gap with nulls), None if the path cannot be (it goes through a value of another
    kind). A string piece goes on the string still arriving there (a Growing); one that
    `continues` leaves it growing, the next one that does not ends it. Raises IndexError
    rather than skip more than `room` elements."""
    skipped = 0
    node: Any = root
    for step, following in itertools.pairwise(steps):
        child = child_at(node, step)
        if child is NOWHERE:
            return None
        if child is None:
            child = [] if isinstance(following, int) else {}
            skipped += set_at(node, step, child, room - skipped)
        node = child
    last = steps[-1]
    current = child_at(node, last)
    if current is NOWHERE:
        return None
    if isinstance(value, str) and isinstance(current, Growing):
        current.pieces.append(value)
        if not continues:
            set_at(node, last, str(current), 0)
    else:
        skipped += set_at(node, last, Growing(value) if continues else value, room - skipped)
    return skipped


NOWHERE = object()


def child_at(node: Any, step: str | int) -> Any:
    """node[step], None past the end of a list; NOWHERE if the step cannot go into the node."""
    if isinstance(step, str):
        return node.get(step) if isinstance(node, dict) else NOWHERE
    if isinstance(node, list):
        return node[step] if step < len(node) else None
    return NOWHERE


def set_at(node: dict[str, Any] | list[Any], step: str | int, value: Any, room: int) -> int:
    """node[step] = value, a list grown with nulls up to an index past its end; how many nulls.
    Raises IndexError rather than add more than `room`."""
    if isinstance(node, dict):
        node[step] = value  # type: ignore[index]
        return 0
    assert isinstance(step, int)
    skipped = step - len(node)
    if skipped > room:
        raise IndexError(step)
    if skipped < 0:
        node[step] = value
        return 0
    node.extend([None] * skipped)
    node.append(value)
    return skipped


def ended(args: dict[str, Any]) -> None:
    """Join the strings still arriving when the call's stream ended (its pieces said willContinue)."""
    stack: list[Any] = [args]
    while stack:
        node = stack.pop()
        keys: Iterable[Any] = node.keys() if isinstance(node, dict) else range(len(node))
        for key in keys:
            child = node[key]
            if isinstance(child, Growing):
                node[key] = str(child)
            elif isinstance(child, dict | list):
                stack.append(child)


def partial_arg_error(where: Path, message: str, hint: str = "") -> WireError:
    hint = hint or 'a jsonPath starts at "$" and names keys and list indexes: "$.items[0].name"'
    return WireError([PARTIAL_ARG_PATH.finding((*where, "jsonPath"), message, hint)])


# --------------------------------------------------------------------------- combining fields
# How a candidate field combines across chunks (FOLDS); any field not named there: the last
# value wins. Each fold takes the chunks' values one by one and makes its result once, so a
# long stream costs the sum of its chunks: nothing is copied or searched again per chunk.


class Fold(Protocol):
    """The values of one field across a candidate's chunks, combined."""

    def add(self, value: Any) -> None: ...
    def result(self) -> Any: ...


def key(item: Any) -> bytes:
    """What tells list entries apart: their JSON, with object keys in order, as Struct equality
    (== on fields) tells them apart; one encoding an entry, then a dict lookup."""
    return msgspec.json.encode(item, order="sorted")


class Distinct:
    """A list that takes each new entry once: the server may repeat an entry in later chunks.
    The first list is kept as it came."""

    def __init__(self, first: list[Any]) -> None:
        self.items = list(first)
        self.positions: dict[bytes, int] = {}
        for k, item in enumerate(first):
            self.positions.setdefault(key(item), k)

    def add(self, items: list[Any]) -> None:
        self.places(items)

    def places(self, items: list[Any]) -> list[int]:
        """Where each of these entries is in the list, the new ones appended."""
        out = []
        for item in items:
            k = self.positions.setdefault(key(item), len(self.items))
            if k == len(self.items):
                self.items.append(item)
            out.append(k)
        return out

    def result(self) -> list[Any]:
        return self.items


class Concat:
    """A list that takes every entry: logprobs, one per token of each chunk."""

    def __init__(self, first: list[Any]) -> None:
        self.items = list(first)

    def add(self, items: list[Any]) -> None:
        self.items += items

    def result(self) -> list[Any]:
        return self.items


class StructFold:
    """Structs of one class as one: lists joined (each entry once, or all of them with `concat`),
    floats summed with `concat` (logProbabilitySum: each chunk sums its own tokens), any other
    field the last value; unknown keys kept from each."""

    def __init__(self, first: Any, *, concat: bool = False) -> None:
        self.first = first
        self.concat = concat
        self.values: dict[str, Any] = {}  # the last value, the sum, or a Distinct / Concat
        self.extras = own_unknown(first)
        self.added = False
        self.take(first)

    def add(self, value: Any) -> None:
        self.added = True
        self.extras.update(own_unknown(value))
        self.take(value)

    def take(self, value: Any) -> None:
        values = self.values
        for attr in wire_class(value).__struct_fields__:
            v = getattr(value, attr)
            if v is UNSET:
                continue
            before = values.get(attr)
            if isinstance(v, list):
                if isinstance(before, Distinct | Concat):
                    before.add(v)
                else:
                    values[attr] = (Concat if self.concat else Distinct)(v)
            elif self.concat and isinstance(v, float) and isinstance(before, float):
                values[attr] = before + v
            else:
                values[attr] = v

    def result(self) -> Any:
        if not self.added:
            return self.first
        changes = {a: v.result() if isinstance(v, Distinct | Concat) else v for a, v in self.values.items()}
        return keep_extras(msgspec.structs.replace(self.first, **changes), self.extras)


class GroundingFold(StructFold):
    """Grounding metadata: chunks united, and each support re-pointed at the united chunks."""

    def add(self, value: Any) -> None:
        if value.grounding_chunks is not UNSET:
            united = self.values.get("grounding_chunks")
            if isinstance(united, Distinct):
                moved = united.places(value.grounding_chunks)
            else:
                united = self.values["grounding_chunks"] = Distinct(value.grounding_chunks)
                moved = [united.positions[key(chunk)] for chunk in value.grounding_chunks]
            changes: dict[str, Any] = {"grounding_chunks": UNSET}
            if value.grounding_supports is not UNSET and any(k != v for k, v in enumerate(moved)):
                changes["grounding_supports"] = [
                    s
                    if s.grounding_chunk_indices is UNSET
                    else replaced(s, grounding_chunk_indices=[moved[x] if 0 <= x < len(moved) else x for x in s.grounding_chunk_indices])
                    for s in value.grounding_supports
                ]
            value = replaced(value, **changes)
        super().add(value)


FOLDS: dict[str, Callable[[Any], Fold]] = {
    "citation_metadata": StructFold,
    "url_context_metadata": StructFold,
    "grounding_metadata": GroundingFold,
    "grounding_attributions": Distinct,
    "logprobs_result": lambda first: StructFold(first, concat=True),
}
