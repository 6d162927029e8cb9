"""Structs built in code: `check` finds on the tree what decoding its encoded bytes finds,
`validate` raises with it, and `encode` writes enum values canonically (issue 24, item 5)."""

from __future__ import annotations

import re
import subprocess
import sys
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec import UNSET

import gemini_wire
from gemini_wire import WireError, dialects, gemini, vertex
from gemini_wire import strategies as gws

ROOT = Path(__file__).resolve().parent.parent
DIALECTS = {name: dialects.dialect(name) for name in dialects.NAMES}


def decoded(d: Any, obj: Any) -> list[tuple[str, tuple[Any, ...], str]]:
    """What decoding the encoded tree finds (code, path, message)."""
    try:
        d.decode_request(d.encode(obj))
    except WireError as e:
        return [(f.code, f.loc, f.message) for f in e.findings]
    return []


def checked(d: Any, obj: Any) -> list[tuple[str, tuple[Any, ...], str]]:
    return [(f.code, f.loc, f.message) for f in d.check(obj, request=True)]


# ------------------------------------------------------------------ the examples


def test_a_config_built_with_wrong_values_is_found_as_decoding_finds_it() -> None:
    config = gemini.GenerationConfig(temperature="hot", max_output_tokens=-5, stop_sequences=list("abcdef"))  # type: ignore[arg-type]
    request = gemini.GenerateContentRequest(
        contents=[gemini.Content(role="user", parts=[gemini.Part(text="hi")])], generation_config=config
    )
    found = checked(gemini, request)
    assert sorted(c for c, _, _ in found) == ["GW101", "GW301", "GW309"]
    assert found == decoded(gemini.DIALECT, request)
    assert {c for c, _, _ in checked(gemini, config)} == {"GW101", "GW301", "GW309"}


@pytest.mark.parametrize("name", sorted(DIALECTS))
def test_each_kind_of_wrong_value_is_found_with_decodings_words(name: str) -> None:
    d = DIALECTS[name]
    s = d.structs
    part = s.Part(text="hi")
    cases = [
        s.GenerationConfig(seed=2**40),  # past int32
        s.GenerationConfig(top_k="many"),  # a str where an int is declared
        s.GenerationConfig(top_p=3.5),  # past the overlay's bound
        s.GenerationConfig(candidate_count=True),  # a bool where an int is declared
        s.SafetySetting(category="HARM_CATEGORY_HARASSMENT", threshold="BLOCK_EVERYTHING"),  # no such value
        s.Content(role=5, parts=[part]),  # a number where a str is declared
        s.Content(parts=[s.Part(text="a", inline_data=s.Blob(mime_type="image/png", data=b"x"))]),  # a oneof
    ]
    for built in cases:
        wrapped = wrap(s, built)
        found = checked(d, wrapped)
        assert found, built
        assert found == decoded(d, wrapped), built


def wrap(s: Any, built: Any) -> Any:
    """A request holding `built` where a request holds it."""
    contents = [s.Content(role="user", parts=[s.Part(text="hi")])]
    if isinstance(built, s.GenerationConfig):
        return s.GenerateContentRequest(contents=contents, generation_config=built)
    if isinstance(built, s.SafetySetting):
        return s.GenerateContentRequest(contents=contents, safety_settings=[built])
    return s.GenerateContentRequest(contents=[built])


def test_what_the_bytes_hide_is_found_too() -> None:
    blob = gemini.Blob(mime_type="image/png", data="abcd")  # type: ignore[arg-type]  # base64 of other bytes
    request = gemini.GenerateContentRequest(contents=[gemini.Content(role="user", parts=[gemini.Part(inline_data=blob)])])
    assert decoded(gemini.DIALECT, request) == []
    assert checked(gemini, request) == [("GW101", ("contents", 0, "parts", 0, "inlineData", "data"), "expected bytes, got str")]
    assert [c for c, _, _ in checked(gemini, gemini.GenerationConfig(top_k=2.0))] == ["GW101"]  # type: ignore[arg-type]


def test_an_enum_number_is_a_spelling_as_on_the_wire() -> None:
    def request(outcome: Any) -> Any:
        result = vertex.CodeExecutionResult(outcome=outcome)
        return vertex.GenerateContentRequest(contents=[vertex.Content(role="user", parts=[vertex.Part(code_execution_result=result)])])

    assert vertex.check(request(3), request=True) == []
    assert [f.code for f in vertex.check(request(99), request=True)] == ["GW105"]


def test_a_value_json_cannot_hold_is_found_where_it_is() -> None:
    request = gemini.GenerateContentRequest(contents=[gemini.Content(parts=[gemini.Part(text=object())])])  # type: ignore[arg-type]
    [f] = gemini.check(request, request=True)
    assert (f.code, f.loc) == ("GW101", ("contents", 0, "parts", 0, "text"))
    assert "cannot be written as JSON" in f.message


def test_a_valid_tree_has_nothing_and_a_decoded_one_is_unchanged() -> None:
    body = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"temperature": 0.5}}'
    request = gemini.decode_request(body)
    assert gemini.check(request, request=True) == []
    assert gemini_wire.validate(request) is request


def test_responses_keep_their_open_values() -> None:
    r = gemini.decode_response(b'{"candidates": [{"finishReason": "NEW_REASON", "newKey": 1}]}')
    assert gemini.check(r, request=False) == []
    assert gemini_wire.validate(r) is r  # a response is checked as a response
    built = gemini.GenerateContentResponse(candidates=[gemini.Candidate(finish_reason="NEWER")])  # type: ignore[arg-type]
    assert gemini.check(built, request=False) == []
    assert gemini.encode(built) == b'{"candidates":[{"finishReason":"NEWER"}]}'


# ------------------------------------------------------------------ validate


def test_validate_raises_with_the_findings_and_gives_back_a_valid_object() -> None:
    config = vertex.GenerationConfig(temperature=9.0)
    with pytest.raises(WireError) as e:
        vertex.validate(config)
    assert e.value.findings == vertex.check(config, request=True) and e.value.findings
    with pytest.raises(WireError):
        gemini_wire.validate(config)  # the dialect of the Structs, found by their class
    ok = vertex.GenerationConfig(temperature=1.0)
    assert gemini_wire.validate(ok) is ok and vertex.validate(ok) is ok
    with pytest.raises(TypeError, match="Struct of a gemini_wire dialect"):
        gemini_wire.validate({"temperature": 1.0})


def test_validate_is_public_everywhere() -> None:
    assert "validate" in gemini_wire.__all__
    for name in dialects.NAMES:
        module = dialects.dialect(name)
        assert module.validate.__doc__


# ------------------------------------------------------------------ encode's enum spellings


def test_encode_writes_a_known_enum_value_canonically_and_others_as_given() -> None:
    setting = gemini.SafetySetting(category="harm_category_harassment", threshold="Block_None")  # type: ignore[arg-type]
    config = gemini.GenerationConfig(response_modalities=["text", "IMAGE"], media_resolution="nonsense")  # type: ignore[list-item, arg-type]
    out = gemini.encode(gemini.GenerateContentRequest(safety_settings=[setting], generation_config=config))
    assert out == (
        b'{"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],'
        b'"generationConfig":{"responseModalities":["TEXT","IMAGE"],"mediaResolution":"nonsense"}}'
    )
    assert setting.category == "harm_category_harassment"  # the tree itself is left as it is
    candidate = gemini.Candidate(finish_reason="stop")  # type: ignore[arg-type]
    assert gemini_wire.encode(candidate) == b'{"finishReason":"STOP"}'
    # A value that no member names stays, and check reports it in a request.
    codes = [f.code for f in gemini.check(gemini.GenerateContentRequest(generation_config=config), request=True)]
    assert codes == ["GW105"]


def test_a_list_of_structs_is_respelled_too() -> None:
    settings = [gemini.SafetySetting(category="harm_category_harassment")]  # type: ignore[arg-type]
    assert gemini.encode(settings) == b'[{"category":"HARM_CATEGORY_HARASSMENT"}]'


def test_a_str_in_a_text_field_is_never_respelled() -> None:
    part = gemini.Part(text="stop")
    assert gemini.encode(gemini.Content(role="model", parts=[part])) == b'{"parts":[{"text":"stop"}],"role":"model"}'


def test_a_str_in_an_enum_field_of_a_subclass_is_respelled() -> None:
    # A response's unknown keys make a subclass of the message (codec/extras.py).
    candidate = gemini.decode_response(b'{"candidates":[{"finishReason":"STOP","newKey":1}]}').candidates[0]  # type: ignore[index]
    assert type(candidate) is not gemini.Candidate
    candidate.finish_reason = "max_tokens"  # type: ignore[assignment]
    assert gemini.encode(candidate) == b'{"finishReason":"MAX_TOKENS","newKey":1}'


def test_a_dict_where_a_struct_belongs_is_written_as_given() -> None:
    request = gemini.GenerateContentRequest(generation_config={"responseModalities": ["text"]})  # type: ignore[arg-type]
    assert gemini.encode(request) == b'{"generationConfig":{"responseModalities":["text"]}}'


@pytest.mark.parametrize("name", sorted(DIALECTS))
def test_each_walk_finds_a_str_in_each_enum_field_of_its_message(name: str) -> None:
    # Every generated walk (roots without a test that any field is set included) reads every
    # enum field of its own message: one given alone, in another case, is found.
    spell = sys.modules[f"gemini_wire._generated.{name.replace('-', '_')}_spell"]
    for cls, fields in spell.ENUMS.items():
        for attr, _, values, container in fields:
            canonical = sorted(values.values())[0]
            other = canonical.swapcase()
            value = other if container == 0 else [other] if container == 1 else {"k": other}
            assert spell.WALKS[cls](cls(**{attr: value})), (cls.__name__, attr)
            assert not spell.WALKS[cls](cls(**{attr: canonical if container == 0 else [canonical]})), (cls.__name__, attr)


def test_a_text_part_has_its_fields_outside_the_oneof_respelled() -> None:
    # A text Part is read in the fields outside its oneof alone (codegen/spell.py): those are.
    part = gemini.Part(text="x", media_resolution=gemini.PartMediaResolution(level="media_resolution_low"))  # type: ignore[arg-type]
    request = gemini.GenerateContentRequest(contents=[gemini.Content(role="user", parts=[part])])
    assert b'"level":"MEDIA_RESOLUTION_LOW"' in gemini.encode(request)
    part = gemini.Part(file_data=gemini.FileData(file_uri="gs://b/v.mp4"), video_metadata=gemini.VideoMetadata(fps=1.0))
    part.video_metadata.content_layers = ["frames"]  # type: ignore[union-attr, list-item]
    assert b'"contentLayers":["FRAMES"]' in gemini.encode(part)


def test_a_part_whose_member_holds_an_enum_has_it_respelled() -> None:
    parts = [
        gemini.Part(function_response=gemini.FunctionResponse(name="f", response={}, scheduling="silent")),  # type: ignore[arg-type]
        gemini.Part(executable_code=gemini.ExecutableCode(language="python", code="1")),  # type: ignore[arg-type]
        gemini.Part(code_execution_result=gemini.CodeExecutionResult(outcome="outcome_ok")),  # type: ignore[arg-type]
    ]
    out = gemini.encode(gemini.GenerateContentRequest(contents=[gemini.Content(role="user", parts=parts)]))
    assert b'"SILENT"' in out and b'"PYTHON"' in out and b'"OUTCOME_OK"' in out


def test_a_part_that_breaks_its_oneof_is_read_as_its_first_plain_member_says() -> None:
    # The walk's trade (codec/encode.py): a text Part is not read for a second member, which
    # only a Part refused with GW104 can have.
    part = gemini.Part(text="x", function_response=gemini.FunctionResponse(name="f", response={}, scheduling="silent"))  # type: ignore[arg-type]
    request = gemini.GenerateContentRequest(contents=[gemini.Content(role="user", parts=[part])])
    assert [f.code for f in gemini.check(request, request=True)] == ["GW104"]
    assert b'"scheduling":"silent"' in gemini.encode(request)


def test_a_schema_type_deep_in_a_schema_is_respelled() -> None:
    # Schema contains itself: below its first level the walk calls s_Schema, which reads what
    # its caller has not (codegen/spell.py).
    def tree(leaf: Any) -> Any:
        inner = gemini.Schema(type=gemini.Type.ARRAY, items=leaf)
        middle = gemini.Schema(type=gemini.Type.OBJECT, properties={"b": inner})
        return gemini.Schema(type=gemini.Type.OBJECT, any_of=[gemini.Schema(type=gemini.Type.ARRAY, items=middle)])

    for spelling in ("string", "String", "STRING"):
        schema = tree(gemini.Schema(type=spelling))  # type: ignore[arg-type]
        declaration = gemini.FunctionDeclaration(name="f", parameters=schema)
        request = gemini.GenerateContentRequest(tools=[gemini.Tool(function_declarations=[declaration])])
        assert b'"type":"STRING"' in gemini.encode(schema)
        assert b'"type":"STRING"' in gemini.encode(request)
        assert spelling.encode() not in gemini.encode(request).replace(b"STRING", b"")


@pytest.mark.parametrize("name", sorted(DIALECTS))
def test_every_enum_field_is_known_to_encode(name: str) -> None:
    # The generated tables (codegen/spell.py, from the field table) against the Structs' types.
    spell = sys.modules[f"gemini_wire._generated.{name.replace('-', '_')}_spell"]
    for cls in DIALECTS[name].codec.table.by_class:
        enums = {
            f.name: (f.encode_name, {str(m.value).upper(): str(m.value) for m in held}, container)
            for f in msgspec.structs.fields(cls)
            for held, container in [unwrap(f.type)]
            if isinstance(held, type) and issubclass(held, Enum)
        }
        assert {a: (n, v, c) for a, n, v, c in spell.ENUMS.get(cls, ())} == enums, cls.__name__


@pytest.mark.parametrize("name", sorted(DIALECTS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_known_value_in_another_case_is_written_canonically_wherever_it_is(name: str, data: st.DataObject) -> None:
    d = DIALECTS[name]
    request = data.draw(gws.requests(name, max_depth=4))
    canonical = d.encode(request)
    fields = [(obj, attr) for obj, attr, held in scalar_fields(request) if issubclass(held, Enum)]
    if not fields:
        return
    obj, attr = data.draw(st.sampled_from(fields))
    value = str(getattr(obj, attr).value)
    setattr(obj, attr, data.draw(st.sampled_from([value.lower(), value.title(), value])))
    assert d.encode(request) == canonical


# ------------------------------------------------------------------ the property


def unwrap(tp: Any) -> tuple[Any, int]:
    """The class a field holds and its container: 0 one, 1 a list, 2 a map."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            kept = [a for a in typing.get_args(tp) if a is not msgspec.UnsetType and a is not type(None)]
            if len(kept) != 1:
                return None, 0
            tp = kept[0]
        else:
            break
    if origin is list:
        item = unwrap(typing.get_args(tp)[0])
        return (item[0], 1) if item[1] == 0 else (None, 0)
    if origin is dict:
        item = unwrap(typing.get_args(tp)[1])
        return (item[0], 2) if item[1] == 0 else (None, 0)
    return tp, 0


def scalar_fields(obj: Any) -> list[tuple[Any, str, Any]]:
    """Every set field below `obj` that holds one scalar: (Struct, attribute, declared type)."""
    out: list[tuple[Any, str, Any]] = []
    if isinstance(obj, msgspec.Struct):
        for f in msgspec.structs.fields(type(obj)):
            v = getattr(obj, f.name)
            if v is UNSET:
                continue
            held, container = unwrap(f.type)
            scalar = held in (str, int, float, bool, bytes) or (isinstance(held, type) and issubclass(held, Enum))
            if container == 0 and scalar:
                out.append((obj, f.name, held))
            out += scalar_fields(v)
    elif isinstance(obj, list):
        for x in obj:
            out += scalar_fields(x)
    elif isinstance(obj, dict):
        for x in obj.values():
            out += scalar_fields(x)
    return out


# Values of the wrong type or past a bound, each of which JSON can hold.
BROKEN: dict[Any, list[Any]] = {
    float: ["hot", 1e300, -1e300, [1.0]],
    int: ["many", 2**40, -(2**40), 2.5, True],
    str: [[1], {"a": 1}],
    bool: ["yes", 2],
    bytes: [7, [1]],
}


@pytest.mark.parametrize("name", sorted(DIALECTS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_broken_tree_is_found_as_decoding_its_bytes_finds_it(name: str, data: st.DataObject) -> None:
    d = DIALECTS[name]
    request = data.draw(gws.requests(name, max_depth=4))
    assert d.check(request, request=True) == []
    fields = scalar_fields(request)
    if not fields:
        return
    obj, attr, held = data.draw(st.sampled_from(fields))
    bad = data.draw(st.sampled_from(["NOT_A_VALUE", 3]) if issubclass(held, Enum) else st.sampled_from(BROKEN[held]))
    setattr(obj, attr, bad)
    assert sorted(checked(d, request)) == sorted(decoded(d, request))


# ------------------------------------------------------------------ the README


def snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Check what you built\n", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, re.S)
    return str(code)


def test_the_readme_snippet_runs_and_its_asserts_hold() -> None:
    exec(compile(snippet(), "README check snippet", "exec"), {})


@pytest.mark.xdist_group("mypy-cache")  # one mypy cache in the project folder (test_code_quality)
def test_the_readme_snippet_passes_mypy_strict(tmp_path: Path) -> None:
    file = tmp_path / "snippet_check.py"
    file.write_text(snippet(), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(file)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
