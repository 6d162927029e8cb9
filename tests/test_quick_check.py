"""The quick check is an optimisation of the Checker: it must give the same verdict, always."""

from __future__ import annotations

import random
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import UNSET

from gemini_wire import WireError, gemini, strategies, vertex
from gemini_wire.lint import census_of
from gemini_wire.rules import RULES

MODULES = {"gemini": gemini, "vertex": vertex}
# The codes the Checker reports (oneofs, requires_true, the limits of codegen/limits.toml), with
# an edit that breaks a request on them.
CHECKER_CODES = sorted(
    code
    for code, r in RULES.items()
    if {"gemini_wire.codec.checks", "codegen/limits.toml"} & set(r.checked_by) and r.breaks is not None
)


def structs(obj: Any) -> list[Any]:
    """Every Struct in a tree, depth first."""
    out: list[Any] = []
    stack = [obj]
    while stack:
        x = stack.pop()
        if isinstance(x, msgspec.Struct):
            out.append(x)
            stack.extend(getattr(x, f) for f in x.__struct_fields__)
        elif isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
    return out


def same_verdict(dialect: str, obj: Any, *, request: bool) -> None:
    checker = MODULES[dialect].DIALECT.codec._checkers[request]
    quick = checker.quick[type(obj)]
    assert quick(obj) == (checker.walk(obj) == [])
    if request:
        same_census(dialect, obj)
        same_decode(dialect, obj)


def same_decode(dialect: str, obj: Any) -> None:
    """decode_request is the quick check written into the decode (codegen/quick.py, `decoder`):
    it gives the Structs of what the walk finds nothing on, and refuses the rest."""
    module = MODULES[dialect]
    body = module.encode(obj)
    try:
        decoded = module.decode_request(body)
    except WireError:
        decoded = None
    walked = module.DIALECT.codec._checkers[True].walk(msgspec.json.decode(body, type=type(obj)))
    assert (decoded is not None) == (walked == [])


def same_census(dialect: str, obj: Any) -> None:
    """Lint's census walks a request's Parts once for itself and the quick check (`checked`):
    it gives the census when the quick check passes, and None when it does not."""
    codec = MODULES[dialect].DIALECT.codec
    counted = codec.census.checked(obj)
    assert (counted is not None) == codec._checkers[True].quick[type(obj)](obj)
    if counted is not None:
        assert counted == codec.census.census(obj)
    # What lint runs: the C quick check, then the census alone, where the extension is built.
    assert census_of(codec).checked(obj) == counted


def mutated(obj: Any, rnd: random.Random) -> Any:
    """The tree with one Part emptied of its data, or given a second data member."""
    parts = [s for s in structs(obj) if type(s).__name__ == "Part"]
    if parts:
        part = rnd.choice(parts)
        if rnd.random() < 0.5:
            for name in ("text", "inline_data", "file_data", "function_call", "function_response"):
                setattr(part, name, UNSET)
            for name in ("executable_code", "code_execution_result"):
                if hasattr(part, name):
                    setattr(part, name, UNSET)
        else:
            part.text = "and a second member"
            part.file_data = FILE_DATA[type(part)]
    return obj


FILE_DATA = {
    gemini.Part: gemini.FileData(mime_type="image/png", file_uri="gs://b/a.png"),
    vertex.Part: vertex.FileData(mime_type="image/png", file_uri="gs://b/a.png"),
}


@pytest.mark.parametrize("dialect", ["gemini", "vertex"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_quick_check_agrees_with_the_walk(dialect: str, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["valid", "broken", "mutated", "response"]))
    module = MODULES[dialect]
    if kind == "response":
        payload = data.draw(strategies.responses(dialect))  # type: ignore[arg-type]
        obj = module.DIALECT.codec.analyze(msgspec.json.encode(payload), "GenerateContentResponse", request=False)[0]
        if obj is not None:
            same_verdict(dialect, mutated(obj, random.Random(data.draw(st.integers(0, 99)))), request=False)
        return
    if kind == "broken":
        payload = data.draw(strategies.breaking(dialect, data.draw(st.sampled_from(CHECKER_CODES))))  # type: ignore[arg-type]
    else:
        payload = data.draw(strategies.requests(dialect))  # type: ignore[arg-type]
    obj = module.DIALECT.codec.analyze(msgspec.json.encode(payload), "GenerateContentRequest", request=True)[0]
    assert obj is not None
    if kind == "mutated":
        obj = mutated(obj, random.Random(data.draw(st.integers(0, 99))))
    same_verdict(dialect, obj, request=True)
    if kind == "valid":
        assert module.decode_request(msgspec.json.encode(payload)) == obj


@pytest.mark.parametrize("dialect", ["gemini", "vertex"])
def test_decode_reports_what_the_quick_check_refuses(dialect: str) -> None:
    # Canonical JSON that msgspec decodes without complaint, but that breaks a oneof: the quick
    # check must send it the long way, which reports it.
    body = b'{"contents": [{"role": "user", "parts": [{"text": "a"}, {}]}]}'
    with pytest.raises(Exception, match="GW203"):
        MODULES[dialect].decode_request(body)


@pytest.mark.parametrize("dialect", ["gemini", "vertex"])
def test_the_census_with_the_quick_check_tells_text_alone_from_text_and_more(dialect: str) -> None:
    # A Part with text and a side field (a thought signature), one with empty text, one with
    # text and a second data member (refused), and a function call: what `checked` settles in
    # one comparison (text alone) and what it must not.
    module = MODULES[dialect]
    codec = module.DIALECT.codec
    fine = b'{"contents": [{"role": "user", "parts": [{"text": "a"}, {"text": ""}, {"text": "b", "thought": true}]},'
    fine += b' {"role": "model", "parts": [{"functionCall": {"name": "f", "args": {"x": [1, [2]]}}}]}],'
    fine += b' "systemInstruction": {"parts": [{"text": "be brief"}]}}'
    obj = module.decode_request(fine)
    seen, found = codec.census.checked(obj)
    assert (seen, found) == codec.census.census(obj)
    assert [path for path, _ in found] == [("contents", 0, "parts", 2), ("contents", 1, "parts", 0)]
    present = module.DIALECT.codec.census.NAMES
    assert {present[i] for i in range(len(present)) if seen >> i & 1} >= {"part.text", "part.empty_text", "part.thought", "part.function_call"}
    two = msgspec.json.decode(fine)
    two["systemInstruction"]["parts"][0]["fileData"] = {"mimeType": "image/png", "fileUri": "gs://b/a.png"}
    obj = msgspec.json.decode(msgspec.json.encode(two), type=type(obj))
    assert codec.census.checked(obj) is None
