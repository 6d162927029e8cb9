"""The Interactions API dialects (issue 23): requests strict, responses keeping what is new, any
input a value or a WireError with a path, and the SDK's own requests read in the dialect of
their URL."""

from __future__ import annotations

import importlib
import json
import pickle
from typing import Any

import msgspec
import pytest

from gemini_wire import interactions, interactions_v1beta
from gemini_wire.dialects import INTERACTIONS, NAMES, dialect_for_url, interactions_dialect
from gemini_wire.findings import WireError

REQUEST = {
    "model": "gemini-3-flash-preview",
    "input": [
        {"type": "user_input", "content": [{"type": "text", "text": "What is the weather in Paris?"}]},
        {"type": "function_call", "id": "call_1", "name": "get_weather", "arguments": {"city": "Paris"}},
        {"type": "function_result", "call_id": "call_1", "name": "get_weather", "result": "sunny"},
    ],
    "system_instruction": "Answer briefly.",
    "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}],
    "generation_config": {"thinking_level": "low", "max_output_tokens": 256},
    "response_format": {"type": "text", "mime_type": "application/json", "schema": {"type": "object"}},
    "previous_interaction_id": "v1_prev",
    "store": True,
    "stream": False,
    "background": False,
    "service_tier": "flex",
}
AGENT = {
    "agent": "deep-research-pro-preview-12-2025",
    "input": "Research the history of the SSE protocol.",
    "agent_config": {"type": "deep-research", "thinking_summaries": "auto"},
    "background": True,
}
INTERACTION = {
    "id": "v1_abc",
    "status": "completed",
    "model": "gemini-3-flash-preview",
    "created": "2026-06-01T12:00:00Z",
    "steps": [
        {"type": "user_input", "content": [{"type": "text", "text": "hi"}]},
        {"type": "thought", "signature": "c2ln", "summary": [{"type": "text", "text": "greeting"}]},
        {"type": "model_output", "content": [{"type": "text", "text": "Hello!"}]},
    ],
    "usage": {"total_input_tokens": 3, "total_output_tokens": 2, "total_tokens": 5},
}


def text(obj: Any) -> Any:
    return json.loads(interactions.encode(obj))


# --------------------------------------------------------------------------- the registry


def test_the_interactions_dialects_are_registered_apart_from_generate_content() -> None:
    assert set(INTERACTIONS) == {"interactions-v1", "interactions-v1beta"}
    assert not set(INTERACTIONS) & set(NAMES)  # generateContent's passes never see them
    assert interactions_dialect("interactions-v1") is interactions.DIALECT
    assert interactions_dialect("interactions-v1beta") is interactions_v1beta.DIALECT
    with pytest.raises(ValueError, match="interactions-v1"):
        interactions_dialect("gemini-v1")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://generativelanguage.googleapis.com/v1/interactions", "interactions-v1"),
        ("https://generativelanguage.googleapis.com/v1beta/interactions?alt=sse", "interactions-v1beta"),
        ("https://generativelanguage.googleapis.com/v1beta/interactions/v1_abc/cancel", "interactions-v1beta"),
        ("https://us-central1-aiplatform.googleapis.com/v1beta1/projects/p/locations/us-central1/interactions", "interactions-v1beta"),
        # google-genai without both a project and a location, and with api_version="v1"
        ("https://aiplatform.googleapis.com/v1beta1/interactions", "interactions-v1beta"),
        ("https://aiplatform.googleapis.com/v1/projects/p/locations/global/interactions/i_1", "interactions-v1"),
        ("https://generativelanguage.googleapis.com/v1/projects/p/locations/l/interactions", "gemini-v1"),
        ("https://generativelanguage.googleapis.com/v1beta/models/m:generateContent", "gemini-v1beta"),
        ("https://generativelanguage.googleapis.com/v1beta/interactionsx", "gemini-v1beta"),
    ],
)
def test_an_interactions_url_names_its_dialect(url: str, name: str) -> None:
    assert dialect_for_url(url) == name


# --------------------------------------------------------------------------- requests


@pytest.mark.parametrize("payload", [REQUEST, AGENT, {"model": "gemini-2.5-flash", "input": "hi"}])
def test_a_request_decodes_and_encodes_back_as_it_came(payload: dict[str, Any]) -> None:
    obj = interactions.decode_request(json.dumps(payload))
    assert text(obj) == payload


def test_unions_are_tagged_structs() -> None:
    obj = interactions.decode_request(json.dumps(REQUEST))
    assert [type(s).__name__ for s in obj.input] == ["UserInputStep", "FunctionCallStep", "FunctionResultStep"]
    assert type(obj.tools[0]).__name__ == "Function"
    assert type(obj.response_format).__name__ == "TextResponseFormat"
    assert isinstance(interactions.decode_request(json.dumps(AGENT)), interactions.CreateAgentInteraction)


@pytest.mark.parametrize(
    ("value", "form"),
    [
        ("hi", str),
        ({"type": "text", "text": "hi"}, interactions.TextContent),
        ([{"type": "text", "text": "a"}], interactions.TextContent),
        ([{"type": "user_input", "content": [{"type": "text", "text": "a"}]}], interactions.UserInputStep),
    ],
)
def test_input_takes_each_of_its_forms(value: Any, form: type) -> None:
    obj = interactions.decode_request(json.dumps({"model": "m", "input": value}))
    assert isinstance(obj.input[0] if isinstance(value, list) else obj.input, form)


@pytest.mark.parametrize(
    ("payload", "code", "loc"),
    [
        ({"model": "m", "input": "hi", "temprature": 1}, "GW102", ("temprature",)),
        ({"model": "m", "generation_config": {"thinking_levl": "low"}}, "GW102", ("generation_config", "thinking_levl")),
        ({"model": "m", "generation_config": {"thinking_level": "huge"}}, "GW105", ("generation_config", "thinking_level")),
        ({"model": "m", "agent": "deep-research-pro-preview-12-2025"}, "GW104", ("agent",)),
        ({"model": "m", "input": 5}, "GW101", ("input",)),
        ({"model": "m", "input": [{"type": "hologram"}]}, "GW101", ("input", 0, "type")),
        ({"model": "m", "tools": [{"type": "function", "name": 3}]}, "GW101", ("tools", 0, "name")),
        ({"input": "hi"}, "GW101", ()),
    ],
)
def test_a_request_the_spec_refuses_gives_a_finding_at_its_path(payload: dict[str, Any], code: str, loc: tuple[Any, ...]) -> None:
    with pytest.raises(WireError) as e:
        interactions.decode_request(json.dumps(payload))
    assert [(f.code, f.loc) for f in e.value.findings] == [(code, loc)]


def test_an_unknown_key_is_told_the_field_it_misspells() -> None:
    (found,) = interactions.lint(b'{"model": "gemini-3-flash-preview", "generation_config": {"thinking_levl": "low"}}')
    assert "thinking_level" in found.hint
    assert (found.line, found.column) == (1, 59)


def test_model_names_beyond_the_spec_are_taken() -> None:
    # The SDK keeps model and agent names open: the server serves models its spec does not list.
    assert interactions.decode_request(b'{"model": "gemini-9-ultra"}').model == "gemini-9-ultra"


@pytest.mark.parametrize("data", [b"", b"[", b"null", b"\xff", "x", b"[" * 5000, b'{"model": "m", "input": [[[]]]}', b"{}" * 2])
def test_any_input_decodes_or_gives_a_wire_error(data: bytes | str) -> None:
    for kind in ("request", "response", "event", "error"):
        findings = interactions.lint(data, kind=kind)
        assert findings and all(f.severity == "error" for f in findings)
    with pytest.raises(WireError):
        interactions.decode_request(data)


# --------------------------------------------------------------------------- responses


def test_a_response_decodes_and_encodes_back_as_it_came() -> None:
    obj = interactions.decode_response(json.dumps(INTERACTION))
    assert isinstance(obj, interactions.Interaction)
    assert text(obj) == INTERACTION
    assert interactions.unknown_fields(obj) == {}


def test_a_response_keeps_unknown_keys_values_and_kinds() -> None:
    newer = {
        **INTERACTION,
        "object": "interaction",
        "status": "paused_for_review",
        "steps": [
            {"type": "model_output", "content": [{"type": "text", "text": "hi", "tone": "warm"}]},
            {"type": "hologram_call", "id": "h1", "shape": {"sides": 3}},
        ],
        "usage": {"total_tokens": 5, "total_hologram_tokens": 1},
    }
    obj = interactions.decode_response(json.dumps(newer))
    assert text(obj) == newer
    assert interactions.unknown_fields(obj) == {
        ("object",): "interaction",
        ("status",): "paused_for_review",
        ("steps", 0, "content", 0, "tone"): "warm",
        ("steps", 1, "type"): "hologram_call",
        ("steps", 1, "id"): "h1",
        ("steps", 1, "shape"): {"sides": 3},
        ("usage", "total_hologram_tokens"): 1,
    }
    assert isinstance(obj.steps[1], interactions.UnknownKind)
    assert pickle.loads(pickle.dumps(obj)) == obj


def test_a_response_of_the_wrong_shape_is_refused_with_a_path() -> None:
    with pytest.raises(WireError) as e:
        interactions.decode_response(b'{"status": "completed", "usage": {"total_tokens": "many"}}')
    assert [f.loc for f in e.value.findings] == [("usage", "total_tokens")]


def test_stream_events_are_tagged_by_event_type_and_new_ones_kept() -> None:
    delta = {"event_type": "step.delta", "index": 0, "delta": {"type": "text", "text": "Hel"}, "event_id": "e1"}
    event = interactions.decode_event(json.dumps(delta))
    assert isinstance(event, interactions.StepDelta) and isinstance(event.delta, interactions.TextDelta)
    assert text(event) == delta
    newer = {"event_type": "interaction.paused", "event_id": "e2"}
    assert text(interactions.decode_event(json.dumps(newer))) == newer


def test_the_encoders_long_way_writes_the_tags_too() -> None:
    # encode takes it for a non-finite float or a key msgspec cannot name, anywhere in the process.
    from gemini_wire.codec.encode import proto3

    for obj in (interactions.decode_request(json.dumps(REQUEST)), interactions.decode_event(b'{"event_type": "step.stop", "index": 0}')):
        assert proto3(obj) == msgspec.to_builtins(obj)
    weird = interactions.decode_response(b'{"status": "completed", "steps": [{"type": "thought", "a\\"b": 1}]}')
    assert json.loads(interactions.encode(weird)) == {"status": "completed", "steps": [{"type": "thought", 'a"b': 1}]}


def test_an_error_body_given_as_a_response_is_named_so() -> None:
    with pytest.raises(WireError) as e:
        interactions.decode_response(b'{"error": {"code": "invalid_request", "message": "no"}}')
    (found,) = e.value.findings
    assert found.loc == ("error",) and "error body (invalid_request no)" in found.message
    assert found.hint == "read it with decode_error"


def test_an_error_body_has_a_string_code() -> None:
    body = {"error": {"code": "invalid_request", "message": "model and agent are exclusive"}}
    error = interactions.decode_error(json.dumps(body))
    assert error.error.code == "invalid_request"
    assert text(error) == body


# --------------------------------------------------------------------------- the SDK's own requests


def sdk_call(call: str, **kwargs: Any) -> tuple[str, bytes, Any]:
    """What the pinned SDK sends for `client.interactions.<call>(**kwargs)`, answered offline
    with an Interaction that gemini-wire encoded, and what the SDK made of that answer."""
    httpx = importlib.import_module("httpx2")  # google-genai's (dev.txt, Python 3.11+: not on the oldest)
    genai = importlib.import_module("google.genai")
    answer = interactions.encode(interactions.decode_response(json.dumps(INTERACTION)))
    sent: list[tuple[str, bytes]] = []

    class Transport(httpx.BaseTransport):  # type: ignore[misc]
        def handle_request(self, request: Any) -> Any:
            sent.append((str(request.url), request.content))
            return httpx.Response(200, content=answer, headers={"content-type": "application/json"})

    options = genai.types.HttpOptions(client_args={"transport": Transport()})
    client = genai.Client(api_key="test-key", http_options=options)
    got = getattr(client.interactions, call)(**kwargs)
    ((url, body),) = sent
    return url, body, got


# A stateless chain as the SDK replays it: the user's turn, the model's signed thought and call,
# the function's result; then the structured output the SDK asks for with response_format.
REPLAYED = [
    {"type": "user_input", "content": [{"type": "text", "text": "Weather in Paris?"}]},
    {"type": "thought", "signature": "c2ln", "summary": [{"type": "text", "text": "Call the tool."}]},
    {"type": "function_call", "id": "call_1", "name": "get_weather", "arguments": {"city": "Paris"}},
    {"type": "function_result", "call_id": "call_1", "name": "get_weather", "result": "sunny"},
]
SDK_REQUESTS = [
    {"model": "gemini-3-flash-preview", "input": "Hello"},
    {
        "model": "gemini-3-flash-preview",
        "input": [{"type": "user_input", "content": [{"type": "text", "text": "Hi"}]}],
        "system_instruction": "Be brief.",
        "generation_config": {"thinking_level": "low", "tool_choice": "auto"},
        "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}, {"type": "google_search"}],
        "previous_interaction_id": "v1_prev",
        "store": True,
    },
    {"agent": "deep-research-pro-preview-12-2025", "input": "Research SSE.", "background": True},
    {
        "model": "gemini-3-pro-preview",
        "input": REPLAYED,
        "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}],
        "generation_config": {"thinking_level": "high", "max_output_tokens": 1024},
        "response_format": {"type": "text", "mime_type": "application/json", "schema": {"type": "object"}},
        "store": False,
    },
    {"model": "gemini-2.5-flash", "input": "Hi", "previous_interaction_id": "v1_prev", "stream": False},
]


@pytest.mark.parametrize("kwargs", SDK_REQUESTS)
def test_the_sdks_request_decodes_in_the_dialect_of_its_url_and_encodes_back(kwargs: dict[str, Any]) -> None:
    url, body, got = sdk_call("create", **kwargs)
    name = dialect_for_url(url)
    assert name in INTERACTIONS
    obj = interactions_dialect(name).decode_request(body)
    assert msgspec.json.decode(interactions.encode(obj)) == msgspec.json.decode(body)
    assert got.id == INTERACTION["id"]  # and the SDK reads what gemini-wire encodes
    assert [s.type for s in got.steps] == [s["type"] for s in INTERACTION["steps"]]


@pytest.mark.parametrize("kwargs", SDK_REQUESTS)
def test_the_sdks_request_lints_clean_in_the_dialect_of_its_url(kwargs: dict[str, Any]) -> None:
    url, body, _ = sdk_call("create", **kwargs)
    assert interactions_dialect(str(dialect_for_url(url))).lint(body) == []


# --------------------------------------------------------------------------- the command line


def lint_file(tmp_path: Any, capsys: Any, payload: Any, *options: str) -> tuple[int, list[dict[str, Any]]]:
    from gemini_wire.cli import main

    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload))
    status = main(["lint", "--format", "json", *options, str(path)])
    return status, json.loads(capsys.readouterr().out)


def test_the_command_line_lints_a_request_in_an_interactions_dialect(tmp_path: Any, capsys: Any) -> None:
    status, found = lint_file(tmp_path, capsys, {"model": "gemini-3-flash-preview", "generation_config": {"thinking_levl": "low"}}, "--dialect", "interactions-v1")
    assert status == 1
    assert [(f["code"], f["path"], f["hint"]) for f in found] == [
        ("GW102", "generation_config.thinking_levl", "did you mean `thinking_level`?")
    ]


@pytest.mark.parametrize("payload", [REQUEST, AGENT, INTERACTION, {"event_type": "step.stop", "index": 0}, {"error": {"code": "not_found"}}])
def test_the_command_line_reads_each_kind_by_its_keys(tmp_path: Any, capsys: Any, payload: dict[str, Any]) -> None:
    assert lint_file(tmp_path, capsys, payload, "--dialect", "interactions-v1beta") == (0, [])


def test_the_command_line_takes_the_kind_it_is_given(tmp_path: Any, capsys: Any) -> None:
    status, found = lint_file(tmp_path, capsys, INTERACTION, "--dialect", "interactions-v1", "--kind", "request")
    assert status == 1 and {f["code"] for f in found} == {"GW102"}  # a response's keys in a request


def test_fmt_and_an_event_outside_the_interactions_dialects_are_refused(tmp_path: Any, capsys: Any) -> None:
    from gemini_wire.cli import main

    path = tmp_path / "payload.json"
    path.write_text("{}")
    assert main(["fmt", "--dialect", "interactions-v1", str(path)]) == 2
    assert main(["lint", "--kind", "event", str(path)]) == 2
