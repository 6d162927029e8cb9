"""One type set for what the dialects share (issue 24, item 4): a message or enum that every
dialect defines alike is one class, and each dialect's codec decodes, checks, lints and encodes it."""

from __future__ import annotations

import copy
import importlib
import pickle

import msgspec
import pytest

import gemini_wire
from gemini_wire._generated import common
from gemini_wire.dialect import public_names
from gemini_wire.endpoints import INFO

MODULES = {name: importlib.import_module(info.module) for name, info in INFO.items()}
SHARED = public_names(common)
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
