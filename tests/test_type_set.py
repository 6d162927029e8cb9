"""One type set for what the dialects share (issue 24, item 4): a message or enum that every
dialect defines alike is one class, and each dialect's codec decodes, checks, lints and encodes it."""

from __future__ import annotations

import copy
import importlib
import pickle
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

import gemini_wire
from gemini_wire import common as common_api
from gemini_wire._generated import common, shapes
from gemini_wire.dialect import public_names
from gemini_wire.endpoints import INFO

MODULES = {name: importlib.import_module(info.module) for name, info in INFO.items()}
SHARED = public_names(common)
ROOT = Path(__file__).resolve().parent.parent
ERROR = (
    b'{"error":{"code":429,"message":"slow down","status":"RESOURCE_EXHAUSTED",'
    b'"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"38s"}],"futureKey":1}}'
)


def test_the_shared_classes_are_those_of_every_dialect_module() -> None:
    assert {"ErrorBody", "ErrorStatus", "RetryInfo", "HarmProbability", "Modality"} <= set(SHARED)
    for module in MODULES.values():
        for name in SHARED:
            assert getattr(module, name) is getattr(common, name)
        assert set(SHARED) <= set(module.__all__)
    assert gemini_wire.gemini.ErrorBody is gemini_wire.vertex.ErrorBody


@pytest.mark.parametrize("name", list(INFO))
def test_each_dialect_decodes_lints_and_encodes_a_shared_class_with_its_unknown_keys(name: str) -> None:
    api = MODULES[name]
    body = api.decode_error(ERROR)
    assert type(body) is common.ErrorBody
    assert gemini_wire.retry_delay(body) == 38.0
    assert api.unknown_fields(body) == {("error", "futureKey"): 1}
    encoded = api.encode(body)
    assert b'"futureKey":1' in encoded and api.decode_error(encoded) == body  # the unknown key kept
    assert api.check(body, request=False) == []
    assert [f.code for f in api.lint_error(ERROR)] == [f.code for f in MODULES["gemini-v1beta"].lint_error(ERROR)]
    for kept in (pickle.loads(pickle.dumps(body)), copy.deepcopy(body), msgspec.structs.replace(body)):
        assert api.encode(kept) == encoded


def test_a_shared_class_built_in_code_encodes_alike_in_every_dialect() -> None:
    status = common.ErrorStatus(code=400, message="bad", status="INVALID_ARGUMENT")
    encoded = {api.encode(api.ErrorBody(error=status)) for api in MODULES.values()}
    assert encoded == {b'{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}'}


@pytest.mark.parametrize("name", list(INFO))
def test_classes_name_their_public_module_in_reprs_and_pickles(name: str) -> None:
    api = MODULES[name]
    response = api.decode_response(b'{"candidates":[{"content":{"parts":[{"text":"hi"}]},"finishReason":"STOP"}]}')
    assert api.Part.__module__ == INFO[name].module and repr(api.Part) == f"<class '{INFO[name].module}.Part'>"
    assert api.ErrorBody.__module__ == "gemini_wire.gemini"  # shared: the module the package loads first
    for obj in (response, api.decode_error(ERROR), api.Part(text="hi"), common.HarmProbability.LOW):
        dumped = pickle.dumps(obj)
        assert b"_generated" not in dumped
        assert pickle.loads(dumped) == obj


# --------------------------------------------------------------------------- messages that differ

PROTOCOLS = shapes.__all__
ONCE = '''
from __future__ import annotations

from msgspec import UNSET

from gemini_wire import common, function_calls, gemini, gemini_v1, text, vertex, vertex_v1beta1


def answer(response: common.GenerateContentResponse) -> str:
    if response.candidates is UNSET or not response.candidates:
        return ""
    content = response.candidates[0].content
    if content is UNSET or content.parts is UNSET:
        return ""
    return "".join(part.text for part in content.parts if part.text is not UNSET and not part.thought)


def turns(request: common.GenerateContentRequest) -> list[str]:
    return [c.role for c in request.contents or () if c.role is not UNSET]


def config(settings: common.GenerationConfig | None) -> float:
    return 1.0 if settings is None or settings.temperature is UNSET else settings.temperature


def tools(tool: common.Tool) -> list[str]:
    declared = tool.function_declarations
    return [] if declared is UNSET else [d.name for d in declared if d.name is not UNSET]


def read(response: common.GenerateContentResponse) -> tuple[str, list[str]]:
    # The accessors take what one annotation holds, as they take each dialect's Structs.
    return text(response), [call.name for call in function_calls(response)]


def rated(rating: common.SafetyRating) -> common.HarmProbability | str | None:
    return None if rating.probability is UNSET else rating.probability


BODY = b'{"candidates":[{"content":{"parts":[{"text":"hi"}]},"safetyRatings":[{"probability":"LOW"}]}]}'
REQUEST = b'{"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"temperature":0.5},"tools":[{"functionDeclarations":[{"name":"f"}]}]}'


def main() -> None:
    for api in (gemini, gemini_v1, vertex, vertex_v1beta1):
        response = api.decode_response(BODY)
        request = api.decode_request(REQUEST)
        assert answer(response) == "hi", api
        assert read(response) == ("hi", [])
        assert turns(request) == ["user"]
        assert config(request.generation_config or None) == 0.5
        assert request.tools is not UNSET and tools(request.tools[0]) == ["f"]
        assert response.candidates is not UNSET and response.candidates[0].safety_ratings is not UNSET
        assert rated(response.candidates[0].safety_ratings[0]) == "LOW"
    answer(gemini.decode_response(BODY))
    answer(vertex.decode_response(BODY))
    mixed: list[common.Content] = [gemini.Content(role="user"), vertex.Content(role="model")]
    assert [c.role for c in mixed] == ["user", "model"]
    part: common.Part = vertex_v1beta1.Part(text="x")
    assert part.text == "x"


main()
'''
# What one annotation does not let through: another message, a field that one dialect lacks, a write.
WRONG = '''
from gemini_wire import common, gemini, vertex

def answer(response: common.GenerateContentResponse) -> None: ...

answer(gemini.Content())
def vertex_only(response: common.GenerateContentResponse) -> object:
    return response.create_time
part: common.Part = vertex.Part()
part.text = "x"
'''


def test_a_protocol_has_the_fields_that_every_dialect_class_of_its_name_has() -> None:
    assert {"Part", "Content", "Candidate", "GenerationConfig", "Tool", "GenerateContentRequest", "GenerateContentResponse"} <= set(PROTOCOLS)
    assert not set(PROTOCOLS) & set(SHARED)  # a message alike everywhere is a class, not a protocol
    for name in PROTOCOLS:
        members = {n for n, v in vars(getattr(common_api, name)).items() if isinstance(v, property)}
        assert members, name
        for api in MODULES.values():
            assert members <= set(getattr(api, name).__struct_fields__), (api.__name__, name)
    part = {n for n, v in vars(common_api.Part).items() if isinstance(v, property)}
    assert {"text", "inline_data", "function_call", "function_response", "thought", "thought_signature"} <= part
    assert "audio_transcription" not in part  # the Gemini API's alone


def test_the_public_module_names_the_shared_classes_and_the_protocols() -> None:
    assert common_api.ErrorBody is gemini_wire.gemini.ErrorBody is gemini_wire.vertex.ErrorBody
    assert set(common_api.__all__) == set(SHARED) | set(PROTOCOLS)
    assert repr(common_api.Part) == "<class 'gemini_wire.common.Part'>"


def test_importing_a_dialect_loads_no_protocol() -> None:
    code = "import sys; from gemini_wire import gemini; print('gemini_wire._generated.shapes' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_one_annotation_serves_every_dialect_at_run_time() -> None:
    exec(compile(ONCE, "once.py", "exec"), {"__name__": "once"})


@pytest.mark.xdist_group("mypy-cache")  # one mypy cache in the project folder (test_code_quality)
def test_one_annotation_serves_every_dialect_under_mypy_strict(tmp_path: Path) -> None:
    (tmp_path / "once.py").write_text(ONCE, encoding="utf-8")
    (tmp_path / "wrong.py").write_text(WRONG, encoding="utf-8")
    version = "{}.{}".format(*sys.version_info)
    mypy = [sys.executable, "-m", "mypy", "--strict", "--python-version", version]
    once = subprocess.run([*mypy, str(tmp_path / "once.py")], cwd=ROOT, capture_output=True, text=True)
    assert once.returncode == 0, once.stdout + once.stderr
    wrong = subprocess.run([*mypy, str(tmp_path / "wrong.py")], cwd=ROOT, capture_output=True, text=True)
    found = sorted(line.split(":")[1] for line in wrong.stdout.splitlines() if ": error:" in line)
    assert found == ["10", "6", "8"], wrong.stdout  # the Content, create_time (Vertex's), the write
