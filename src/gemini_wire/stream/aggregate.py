"""The fold of a stream's chunks into the response a unary call would have answered, as SDKs fold them."""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable
from typing import Any, TypeVar

import msgspec
from msgspec import UNSET

from gemini_wire import gemini, vertex
from gemini_wire.codec import keep_extras, own_unknown, wire_class
from gemini_wire.findings import Path, WireError, excerpt, finding

__all__ = ["aggregate", "replaced"]

R = TypeVar("R", gemini.GenerateContentResponse, vertex.GenerateContentResponse)


def aggregate(responses: Iterable[R]) -> R:
    """The response that a stream's chunks add up to: what the unary call would have answered.

    Per candidate index: adjacent text parts of one kind (thought or answer) are joined; a part
    that carries a thoughtSignature stays a part of its own, with its signature; function calls
    stay whole, and Vertex's streamed partialArgs are assembled into args; finishReason,
    finishMessage, safety ratings and usage come from the last chunk that has them; citations
    and grounding metadata are merged; ids, versions, prompt feedback and unknown keys are kept.
    """
    items = list(responses)
    if not items:
        raise ValueError("aggregate() needs at least one response")
    cls = wire_class(items[0])
    fields: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    folds: dict[int, CandidateFold] = {}
    for i, response in enumerate(items):
        if wire_class(response) is not cls:
            raise TypeError(
                f"aggregate() takes the responses of one dialect; item {i} is {type(response).__module__}."
                f"{type(response).__name__}, item 0 a {cls.__name__}"
            )
        for attr in cls.__struct_fields__:
            value = getattr(response, attr)
            if value is UNSET:
                continue
            if attr == "candidates":
                fields[attr] = []
                for j, candidate in enumerate(value):
                    index = 0 if candidate.index is UNSET else candidate.index
                    fold = folds.get(index)
                    if fold is None:
                        fold = folds[index] = CandidateFold(wire_class(candidate))
                    fold.add(candidate, (i, "candidates", j))
            else:
                fields[attr] = value
        extras.update(own_unknown(response))
    if folds:
        fields["candidates"] = [folds[k].result() for k in sorted(folds)]
    result: R = keep_extras(cls(**fields), extras)
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


class CandidateFold:
    """The chunks of one candidate index, folded into one candidate."""

    def __init__(self, cls: type[msgspec.Struct]) -> None:
        self.cls = cls
        self.fields: dict[str, Any] = {}
        self.extras: dict[str, Any] = {}
        self.content: Any = None  # the first content seen: its class, role and unknown keys
        self.content_extras: dict[str, Any] = {}
        self.role: Any = UNSET
        self.parts: list[Any] | None = None
        self.texts: list[str] | None = None  # the text of the run that parts[-1] starts
        self.thought = False  # the kind of that run
        self.call: CallFold | None = None

    def add(self, candidate: Any, where: Path) -> None:
        for attr in self.cls.__struct_fields__:
            value = getattr(candidate, attr)
            if value is UNSET or attr == "content":
                continue
            merge = MERGES.get(attr)
            previous = self.fields.get(attr)
            self.fields[attr] = value if merge is None or previous is None else merge(previous, value)
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
                return
            self.end_text()
            if part.text:  # an empty text part without a signature adds nothing
                self.parts.append(part)
                self.texts, self.thought = [part.text], thought
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
        self.growing: set[str] = set()  # paths whose string is still arriving
        self.done = False

    def add(self, part: Any, where: Path) -> None:
        call = part.function_call
        if self.signature is UNSET:
            self.signature = part.thought_signature
        if part is not self.part and call.args is not UNSET:
            self.args = {**(self.args or {}), **call.args}
        pieces = getattr(call, "partial_args", UNSET)
        for k, piece in enumerate(() if pieces is UNSET else pieces):
            self.put(piece, (*where, "functionCall", "partialArgs", k))
        self.done = getattr(call, "will_continue", UNSET) is not True

    def put(self, piece: Any, where: Path) -> None:
        path = piece.json_path
        steps = json_path_steps(path) if isinstance(path, str) else None
        if steps is None:
            raise partial_arg_error(where, f"jsonPath {excerpt(str(path))} is not a path into args")
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
        append = isinstance(value, str) and path in self.growing
        if not put_at(self.args, steps, value, append=append):
            raise partial_arg_error(where, f"jsonPath {excerpt(path)} contradicts the arguments assembled so far")
        if isinstance(value, str) and piece.will_continue is True:
            self.growing.add(path)
        else:
            self.growing.discard(path)

    def result(self) -> Any:
        call = self.part.function_call
        changes: dict[str, Any] = {"args": call.args if self.args is None else self.args}
        if hasattr(call, "partial_args"):
            changes["partial_args"] = UNSET
        if hasattr(call, "will_continue"):
            # A call the stream never ended keeps willContinue: its arguments may be incomplete.
            changes["will_continue"] = UNSET if self.done else True
        return replaced(self.part, function_call=replaced(call, **changes), thought_signature=self.signature)


JSON_PATH_STEP = re.compile(r"""\.([^.\[\]'"]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]""")
ESCAPED = re.compile(r"\\(.)")


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
            steps.append(int(number))
        else:
            quoted = single if single is not None else double
            steps.append(name if quoted is None else ESCAPED.sub(r"\1", quoted))
        pos = m.end()
    if not steps or not isinstance(steps[0], str):
        return None
    return steps


def put_at(root: dict[str, Any], steps: list[str | int], value: Any, *, append: bool) -> bool:
    """Set (or extend, for a growing string) the value at a path; False if the path cannot be."""
    node: Any = root
    for step, following in itertools.pairwise(steps):
        fresh: Any = [] if isinstance(following, int) else {}
        if isinstance(step, str) and isinstance(node, dict):
            child = node.get(step)
            if child is None:
                child = node[step] = fresh
        elif isinstance(step, int) and isinstance(node, list):
            if step >= len(node):
                node.extend([None] * (step + 1 - len(node)))
            child = node[step]
            if child is None:
                child = node[step] = fresh
        else:
            return False
        node = child
    last = steps[-1]
    if isinstance(last, str) and isinstance(node, dict):
        current = node.get(last)
        node[last] = current + value if append and isinstance(current, str) else value
        return True
    if isinstance(last, int) and isinstance(node, list):
        if last >= len(node):
            node.extend([None] * (last + 1 - len(node)))
        current = node[last]
        node[last] = current + value if append and isinstance(current, str) else value
        return True
    return False


def partial_arg_error(where: Path, message: str) -> WireError:
    hint = 'a jsonPath starts at "$" and names keys and list indexes: "$.items[0].name"'
    return WireError([finding("GW122", (*where, "jsonPath"), message, hint)])


# How a candidate field combines across chunks; any field not named here: the last value wins.


def union(a: list[Any], b: list[Any]) -> list[Any]:
    """a, then what b adds: the server may repeat an entry in later chunks."""
    out = list(a)
    for x in b:
        if x not in out:
            out.append(x)
    return out


def merged(a: Any, b: Any, *, concat: bool = False) -> Any:
    """Two Structs of one class as one: lists joined (union, or concatenated), the rest b's."""
    changes: dict[str, Any] = {}
    for attr in a.__struct_fields__:
        vb = getattr(b, attr)
        if vb is UNSET:
            continue
        va = getattr(a, attr)
        if va is not UNSET and isinstance(vb, list):
            changes[attr] = va + vb if concat else union(va, vb)
        elif va is not UNSET and concat and isinstance(vb, float):
            changes[attr] = va + vb  # logProbabilitySum: each chunk sums its own tokens
        else:
            changes[attr] = vb
    return keep_extras(replaced(a, **changes), own_unknown(b))


def merged_grounding(a: Any, b: Any) -> Any:
    """Grounding metadata: chunks united, and b's supports re-pointed at the united chunks."""
    chunks = [] if a.grounding_chunks is UNSET else list(a.grounding_chunks)
    moved: dict[int, int] = {}
    for k, chunk in enumerate([] if b.grounding_chunks is UNSET else b.grounding_chunks):
        if chunk not in chunks:
            chunks.append(chunk)
        moved[k] = chunks.index(chunk)
    if b.grounding_supports is not UNSET and any(k != v for k, v in moved.items()):
        supports = [
            s
            if s.grounding_chunk_indices is UNSET
            else replaced(s, grounding_chunk_indices=[moved.get(x, x) for x in s.grounding_chunk_indices])
            for s in b.grounding_supports
        ]
        b = replaced(b, grounding_supports=supports)
    return merged(a, b)


MERGES: dict[str, Any] = {
    "citation_metadata": merged,
    "url_context_metadata": merged,
    "grounding_metadata": merged_grounding,
    "grounding_attributions": union,
    "logprobs_result": lambda a, b: merged(a, b, concat=True),
}
