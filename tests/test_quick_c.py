"""The quick check in C (codec/_quick_c.c) says "nothing to report" only where the Python one does.

The C walker answers True (nothing to report) or False (not sure); the codec then asks the
generated Python check (`_generated/<dialect>_quick.py`), so what decoding and lint see is the
Python verdict, always. Held here: C True implies Python True on every payload the strategies
make in all four dialects, on those payloads mutated (as Structs, and as text by tests/mutations.py),
at every deep site around MAX_DEPTH, and on the examples and the shared corpus; and on valid
payloads both say True, so that the C check is the one that answers. The same holds of encode's
spelling check (nothing to respell), which the same walker answers from the spelling tables.
"""

from __future__ import annotations

import importlib
import json
import os
import random
import subprocess
import sys
import types
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
import mutations as M
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import UNSET
from test_corpus import CORPUS, bodies, dialect_of
from test_hardening import DEEP_SHAPES, DEEP_SITES, nested, schema_chain
from test_quick_check import structs

import gemini_wire.codec._quick_c as quick_c
from gemini_wire import dialects, strategies
from gemini_wire.bounds import check_keywords
from gemini_wire.codec import speedups
from gemini_wire.codec.checks import Oneof, plan
from gemini_wire.codec.table import Limit
from gemini_wire.limits import MAX_DEPTH

encoding = importlib.import_module("gemini_wire.codec.encode")  # the module; the package names its function

ROOT = Path(__file__).resolve().parent.parent
DIALECTS = tuple(dialects.NAMES)
REQUEST, RESPONSE, ERROR = "GenerateContentRequest", "GenerateContentResponse", "ErrorBody"


@cache
def checks(dialect: str, request: bool) -> tuple[dict[type, Any], dict[type, Any]]:
    """The C checks alone (no fallback) and the generated Python checks, by Struct class: built
    here, whether or not GEMINI_WIRE_PURE_PYTHON keeps the codec from using the C ones."""
    table = dialects.dialect(dialect).codec.table
    nodes, index = speedups.nodes(table, request=request)
    compiled = quick_c.Plan(nodes, UNSET, check_keywords, MAX_DEPTH)
    generated = importlib.import_module(f"gemini_wire._generated.{dialect.replace('-', '_')}_quick")
    python = generated.REQUEST if request else generated.RESPONSE
    cls = {name: table.messages[name].cls for name in python}
    return {cls[n]: compiled.quick(index[n]) for n in python}, {cls[n]: fn for n, fn in python.items()}


def verdicts(dialect: str, obj: Any, *, request: bool) -> tuple[bool, bool]:
    """(C, Python) on a Struct tree; C True must imply Python True, and the codec's check (C,
    then Python when C is not sure) must give the Python verdict."""
    compiled, python = checks(dialect, request)
    cls = type(obj).__wire_base__ or type(obj)
    c, py = compiled[cls].verdict(obj), python[cls](obj)
    assert not c or py, f"the C check passes what the Python check refuses in {dialect}: {obj!r}"[:2000]
    assert dialects.dialect(dialect).codec._checkers[request].quick[cls](obj) == py
    return c, py


def plain(obj: Any) -> bool:
    """Whether the tree holds only the generated Structs (none kept a response's new keys)."""
    return all(type(s).__wire_base__ is None for s in structs(obj))


def test_the_extension_is_built_where_the_tests_run() -> None:
    # `make test` installs the package editable, which compiles codec/_quick_c.c: a build that fell
    # back to pure Python (no compiler, a broken source) fails here rather than passing slower.
    assert isinstance(quick_c.Plan, type) and isinstance(quick_c.Quick, type)
    assert Path(quick_c.__file__).parent == ROOT / "src" / "gemini_wire" / "codec"
    if speedups.PURE_PYTHON:
        assert speedups.COMPILED is None
    else:
        assert speedups.COMPILED is quick_c
        codec = dialects.dialect("gemini-v1beta").codec
        assert all(isinstance(q, quick_c.Quick) for q in codec._checkers[True].quick.values())
        # encode's spelling checks of the dialect's classes (a class met later, such as an
        # Interactions Struct, is entered with the Python walk: it has no table here).
        walks = importlib.import_module("gemini_wire._generated.gemini_v1beta_spell").WALKS
        assert all(isinstance(encoding._CLEAN[cls], quick_c.Quick) for cls in walks)


def test_the_environment_variable_keeps_the_python_check() -> None:
    probe = (
        "from gemini_wire import gemini\n"
        "from gemini_wire.codec import speedups\n"
        "import types\n"
        "assert speedups.COMPILED is None\n"
        "quick = gemini.DIALECT.codec._checkers[True].quick\n"
        "assert all(type(q) is types.FunctionType for q in quick.values())\n"
        "assert gemini.decode_request(b'{\"contents\": [{\"parts\": [{\"text\": \"a\"}]}]}').contents[0].parts[0].text == 'a'\n"
        "import sys\n"
        "assert all(type(q) is types.FunctionType for q in sys.modules['gemini_wire.codec.encode']._CLEAN.values())\n"
        "assert gemini.encode(gemini.Candidate(finish_reason='stop')) == b'{\"finishReason\":\"STOP\"}'\n"
    )
    env = {**os.environ, "GEMINI_WIRE_PURE_PYTHON": "1"}
    subprocess.run([sys.executable, "-c", probe], env=env, check=True)


def drawn(dialect: str, data: st.DataObject) -> tuple[bool, Any]:
    """A request or a response of the dialect, as the strategies make them (True: a request)."""
    request = data.draw(st.booleans())
    make = strategies.requests if request else strategies.responses
    return request, data.draw(make(dialect))  # type: ignore[arg-type]


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=40)
@given(data=st.data())
def test_valid_requests_and_responses_pass_both_checks(dialect: str, data: st.DataObject) -> None:
    request, obj = drawn(dialect, data)
    assert verdicts(dialect, obj, request=request) == (True, True)


# --------------------------------------------------------------------------- mutated Structs


def member_value(dialect: str, spec: Any, attr: str, rnd: random.Random) -> Any:
    """A value of a oneof member's type, or UNSET when the test cannot make one."""
    table = dialects.dialect(dialect).codec.table
    f = next(f for f in spec.fields if spec.attrs[f.json_name] == attr)
    if f.repeated or f.is_map:
        return UNSET
    if f.kind == "message" and f.target:
        return table.messages[f.target].cls()
    return {"string": "x", "bool": True, "bytes": b"x"}.get(f.kind, UNSET)


def deep(levels: int, rnd: random.Random) -> Any:
    """A free JSON value `levels` containers deep, through objects and arrays."""
    value: Any = rnd.choice([1, "a", None, {}, []]) if levels else 1
    for _ in range(max(levels - (1 if isinstance(value, (dict, list)) else 0), 0)):
        value = {"k": value, "x": 1} if rnd.random() < 0.5 else [0, value]
    return value


def mutate(dialect: str, obj: Any, rnd: random.Random, *, request: bool) -> Any:
    """The tree with one Struct changed where the checks look: a oneof emptied or given a second
    member, a requires_true pair broken, a limited value moved, a data value nested near or past
    MAX_DEPTH."""
    table = dialects.dialect(dialect).codec.table
    found = [s for s in structs(obj) if type(s) in table.by_class]
    rnd.shuffle(found)
    for s in found:
        spec = table.by_class[type(s)]
        options: list[Any] = [p for p in plan(table, spec, request=request)]
        options += [f for f in spec.fields if f.kind in ("struct", "value", "list", "any")]
        if not options:
            continue
        chosen = rnd.choice(options)
        if isinstance(chosen, Oneof):
            attrs = [spec.attrs[m.json_name] for m in chosen.members]
            if rnd.random() < 0.4:
                for a in attrs:
                    setattr(s, a, UNSET)
            else:
                for a in rnd.sample(attrs, min(2, len(attrs))):
                    if getattr(s, a) is UNSET:
                        setattr(s, a, member_value(dialect, spec, a, rnd))
        elif isinstance(chosen, Limit):
            attr = spec.attrs[chosen.field]
            if chosen.field == "fps":
                setattr(s, attr, rnd.choice([0.0, -1.0, 1.0, 24.0, 24.5, float("nan")]))
            else:
                setattr(s, attr, rnd.choice([b"", b"x" * 10, UNSET]))
        elif isinstance(chosen, dict):  # requires_true
            setattr(s, spec.attrs[chosen["field"]], rnd.choice([1, "x", True]))
            setattr(s, spec.attrs[chosen["other"]], rnd.choice([UNSET, False, True]))
        else:
            setattr(s, spec.attrs[chosen.json_name], deep(rnd.randint(MAX_DEPTH - 15, MAX_DEPTH + 1), rnd))
        return obj
    return obj


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=60)
@given(data=st.data())
def test_mutated_structs_pass_the_c_check_only_where_they_pass_the_python_one(dialect: str, data: st.DataObject) -> None:
    request, obj = drawn(dialect, data)
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    for _ in range(data.draw(st.integers(1, 3))):
        obj = mutate(dialect, obj, rnd, request=request)
    c, py = verdicts(dialect, obj, request=request)
    # What the C check leaves to Python: only findings, or a data value near MAX_DEPTH.
    if py and not c:
        assert any(
            type(v) in (dict, list) for s in structs(obj) for v in (getattr(s, a) for a in s.__struct_fields__)
        ), "the C check is unsure of a tree that only the Python check could settle"


# --------------------------------------------------------------------------- mutated text


CASES = [(name, d, root) for name, d, root in M.cases()]


@settings(max_examples=150)
@given(data=st.data())
def test_mutated_payloads_pass_the_c_check_only_where_they_pass_the_python_one(data: st.DataObject) -> None:
    name, dialect, root = data.draw(st.sampled_from(CASES))
    m = M.draw_mutated(data, name, dialect, root)
    if m is None:
        return
    codec = dialects.dialect(dialect).codec
    request = root == REQUEST
    obj, _ = codec.analyze(m.text, root, request=request)
    if obj is not None:
        c, py = verdicts(dialect, obj, request=request)
        if py and plain(obj):
            assert c
    try:  # as msgspec's typed parse gives it, when it does (the fast path)
        obj = codec._decoders[root].decode(m.text) if request else codec.opened(root)(m.text)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return
    verdicts(dialect, obj, request=request)


# --------------------------------------------------------------------------- deep sites


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("site", sorted(DEEP_SITES))
def test_every_deep_site_is_measured_as_the_python_check_does(dialect: str, site: str) -> None:
    codec = dialects.dialect(dialect).codec
    parse = codec._decoders[REQUEST].decode
    for shape, make in sorted(DEEP_SHAPES.items()):
        try:
            parse(DEEP_SITES[site].replace(b"@", make(3)))
        except msgspec.ValidationError:
            return  # the site is not in this dialect (Vertex AI's Part has no partMetadata)
        for levels in (3, *range(MAX_DEPTH - 12, MAX_DEPTH + 2)):
            obj = parse(DEEP_SITES[site].replace(b"@", make(levels)))
            c, py = verdicts(dialect, obj, request=True)
            assert c == py, (shape, levels)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_schema_chain_and_error_details_are_measured_as_the_python_check_does(dialect: str) -> None:
    codec = dialects.dialect(dialect).codec
    for levels in (3, *range(MAX_DEPTH - 12, MAX_DEPTH + 2)):
        request = codec._decoders[REQUEST].decode(schema_chain(levels))
        assert verdicts(dialect, request, request=True) in ((True, True), (False, False)), levels
        error = codec._decoders[ERROR].decode(b'{"error":{"code":1,"details":[' + nested(levels) + b"]}}")
        assert verdicts(dialect, error, request=False) in ((True, True), (False, False)), levels


# --------------------------------------------------------------------------- recorded payloads


def example_bodies() -> list[tuple[str, str, str, bytes]]:
    """(file, dialect, root, JSON) of every body in examples/."""
    out = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        dialect = "vertex-v1" if path.name.startswith("vertex") else "gemini-v1beta"
        kind = path.name.split(".")[-2]
        doc = json.loads(path.read_bytes())
        chunks = doc if kind == "stream" else [doc]
        root = {"request": REQUEST, "error": ERROR}.get(kind, RESPONSE)
        out += [(path.name, dialects.dialect(dialect).name, root, json.dumps(c).encode()) for c in chunks]
    return out


def same_on_body(dialect: str, root: str, body: bytes) -> None:
    codec = dialects.dialect(dialect).codec
    request = root == REQUEST
    obj, _ = codec.analyze(body, root, request=request)
    if obj is None:
        return
    c, py = verdicts(dialect, obj, request=request)
    if py and plain(obj):
        assert c, "the C check is unsure of a valid payload"


def test_every_example_gets_the_same_verdict() -> None:
    found = example_bodies()
    assert len(found) > 20
    for _, dialect, root, body in found:
        same_on_body(dialect, root, body)


def test_every_body_of_the_shared_corpus_gets_the_same_verdict() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here (../shared/corpus)")
    seen = 0
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("README.md", "PROVENANCE.tsv")):
        for body in bodies(path):
            dialect = dialect_of(path, body)
            if dialect.name not in DIALECTS:
                continue
            root = {"request": REQUEST, "error": ERROR}.get(body.kind, RESPONSE)
            raw = body.raw if body.raw is not None else json.dumps(body.value, ensure_ascii=False)
            same_on_body(dialect.name, root, raw.encode())
            seen += 1
    assert seen


# --------------------------------------------------------------------------- encode's spellings


@cache
def spellings(dialect: str) -> tuple[dict[type, Any], dict[type, Any]]:
    """The C spelling checks alone (True: nothing to respell) and the generated walks (True:
    something to respell), by Struct class, built here as in the test of the quick checks."""
    table = dialects.dialect(dialect).codec.table
    spell = importlib.import_module(f"gemini_wire._generated.{dialect.replace('-', '_')}_spell")
    return {cls: fn.verdict for cls, fn in speedups.spellings(table, spell.WALKS, spell.ENUMS).items()}, spell.WALKS


def spelling_verdicts(dialect: str, obj: Any) -> tuple[bool, bool]:
    """(C clean, Python clean) of a tree; C clean must imply Python clean, and encode's check
    must give the Python verdict."""
    compiled, python = spellings(dialect)
    c, py = compiled[type(obj)](obj), not python[type(obj)](obj)
    assert not c or py, f"the C check finds nothing to respell where the walk does, in {dialect}: {obj!r}"[:2000]
    assert encoding._CLEAN[type(obj)](obj) == py
    return c, py


def enum_slots(obj: Any) -> list[tuple[Any, str, int, list[str]]]:
    """Every enum field below `obj` that a Struct of a dialect has: (Struct, attribute, 0 one, 1 a
    list, 2 a map, the enum's canonical values), set or not."""
    out = []
    for s in structs(obj):
        for attr, _, values, held in encoding._ENUMS.get(type(s), ()):
            out.append((s, attr, held, sorted(values.values())))
    return out


def test_the_slow_path_of_encode_leaves_the_c_spelling_checks_in_place() -> None:
    # proto3 (encode's slow path) enters each class it meets in the tables; a generated class
    # keeps its C check (a Content has no enum field of its own, and leads to some).
    from gemini_wire import gemini

    kind = quick_c.Quick if speedups.COMPILED is not None else types.FunctionType

    part = gemini.Part(text="x", media_resolution=gemini.PartMediaResolution(level="media_resolution_low"))  # type: ignore[arg-type]
    content = gemini.Content(role="user", parts=[part])
    assert b'"MEDIA_RESOLUTION_LOW"' in encoding.encode(content)  # respelled: the slow path ran
    assert isinstance(encoding._CLEAN[gemini.Content], kind)
    assert isinstance(encoding._CLEAN[gemini.Part], kind)


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=60)
@given(data=st.data())
def test_the_c_spelling_check_passes_only_what_the_walk_passes(dialect: str, data: st.DataObject) -> None:
    _, obj = drawn(dialect, data)
    if not plain(obj):  # a response's new keys: a subclass, which both leave to the Python walk
        return
    assert spelling_verdicts(dialect, obj) == (True, True)  # decoded-like trees hold enum members
    slots = enum_slots(obj)
    if not slots:
        return
    for _ in range(data.draw(st.integers(1, 3))):
        s, attr, held, values = data.draw(st.sampled_from(slots))
        known = data.draw(st.sampled_from(values))
        v = data.draw(st.sampled_from([known, known.lower(), known.title(), known + "_NEW", "", 3, None]))
        setattr(s, attr, v if held == 0 else [v] if held == 1 else {"k": v})
        spelling_verdicts(dialect, obj)
    # What encode writes, by either path, is what its slow path (proto3's dicts) writes.
    assert encoding.encode(obj) == msgspec.json.encode(encoding.proto3(obj))


# --------------------------------------------------------------------------- a response's new keys


def objects(value: Any) -> list[dict[str, Any]]:
    """Every JSON object in a parsed document."""
    out: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            out.append(x)
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return out


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=40)
@given(data=st.data())
def test_a_response_that_kept_new_keys_is_read_by_the_c_checks(dialect: str, data: st.DataObject) -> None:
    # The subclasses that keep a response's new keys (codec/extras.py) are read by the C walker as
    # their generated class when their fields are its own in their places (`__wire_plain__`); a
    # key that overrides a field (finishReason as a number) makes a subclass left to Python.
    d = dialects.dialect(dialect)
    value = msgspec.json.decode(d.encode(data.draw(strategies.responses(dialect))))
    found = objects(value)
    for _ in range(data.draw(st.integers(1, 3))):
        target = data.draw(st.sampled_from(found))
        key, new = data.draw(st.sampled_from([("brandNewField", {"a": [1]}), ("zNew", "x"), ("finishReason", 99), ("role", 7)]))
        target[key] = new
    try:
        obj = d.decode_response(msgspec.json.encode(value))
    except Exception:  # findings (a number where a str belongs): nothing for the checks to read
        return
    c, py = verdicts(dialect, obj, request=False)
    kept = [s for s in structs(obj) if type(s).__wire_base__ is not None]
    if py and all(type(s).__wire_plain__ for s in kept):
        assert c, "the C check is unsure of a response whose new keys keep the generated fields in place"
    assert encoding.encode(obj) == msgspec.json.encode(encoding.proto3(obj))
    root = type(obj).__wire_base__ or type(obj)
    compiled, python = spellings(dialect)
    clean = compiled[root](obj)
    assert not clean or not python[root](obj)
    if all(type(s).__wire_plain__ for s in kept):
        assert clean, "the C spelling check is unsure of a decoded response"
