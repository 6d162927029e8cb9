"""gemini_wire.genai: to and from google-genai's pydantic types, equal to what the SDK sends and
makes. The oracle is the SDK's own converters (google/genai/models.py), used here and only here:
the request the SDK would send for a config, and the response it would make of the same bytes.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pydantic
import pytest
from google import genai
from google.auth.credentials import AnonymousCredentials
from google.genai import _common, models, types
from hypothesis import HealthCheck, given, settings

from gemini_wire import WireError, dialects, encode, gemini, vertex
from gemini_wire import genai as gwg
from gemini_wire import strategies as gws

ROOT = Path(__file__).resolve().parent.parent
DIALECTS = ["gemini", "gemini-v1", "vertex", "vertex-v1beta1"]
BUDGET = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
EVERY_BYTE = bytes(range(256))
CLIENTS = {
    "gemini": genai.Client(api_key="test-key")._api_client,
    "vertex": genai.Client(
        vertexai=True, project="p", location="us-central1", credentials=AnonymousCredentials()
    )._api_client,
}
CACHED = {
    "gemini": "cachedContents/abc123",
    "vertex": "projects/p/locations/us-central1/cachedContents/abc123",
}


# --------------------------------------------------------------------------- the oracle


def sdk_request(contents: Any, config: types.GenerateContentConfig, api: str) -> dict[str, Any]:
    """The JSON body that google-genai sends for generate_content on this API."""
    convert = (
        models._GenerateContentParameters_to_vertex
        if api == "vertex"
        else models._GenerateContentParameters_to_mldev
    )
    params = types._GenerateContentParameters(model="gemini-2.5-flash", contents=contents, config=config)
    body = convert(CLIENTS[api], params, None, params)
    body.pop("_url", None)
    body.pop("config", None)
    sent: dict[str, Any] = _common.encode_unserializable_types(_common.convert_to_dict(body))
    return sent


def sdk_response(body: bytes, api: str) -> types.GenerateContentResponse:
    """The response that google-genai makes of a response body from this API."""
    convert = (
        models._GenerateContentResponse_from_vertex
        if api == "vertex"
        else models._GenerateContentResponse_from_mldev
    )
    return types.GenerateContentResponse._from_response(response=convert(json.loads(body)), kwargs={})


# What the SDK's response converter leaves out although its models have a field for it: on the
# Gemini API, _Candidate_from_mldev copies a list of candidate fields, and finishMessage is not
# among them. gemini_wire.genai carries it.
SDK_LEAVES_OUT = {"gemini": {"finish_message"}, "vertex": set()}


def as_sdk_converts(response: types.GenerateContentResponse, api: str) -> types.GenerateContentResponse:
    """`response` without what the SDK's converter of this API leaves out."""
    unset = dict.fromkeys(SDK_LEAVES_OUT[api])
    candidates = [c.model_copy(update=unset) for c in response.candidates or []]
    return response.model_copy(update={"candidates": candidates} if response.candidates is not None else {})


def utc_as_z(body: str) -> str:
    """The SDK writes a UTC time as Python's isoformat does (`+00:00`), gemini-wire as `Z` (the
    same instant, and the spelling that a time read from the wire keeps through the SDK)."""
    return re.sub(r'(T\d\d:\d\d:\d\d(?:\.\d+)?)\+00:00"', r'\1Z"', body)


def outcome(make: Any) -> Any:
    """What a conversion gives, or "refused" when it raises as the SDK or the server would."""
    try:
        return make()
    except (ValueError, WireError):  # WireError is a ValueError; the SDK raises ValueError
        return "refused"


def failure_or(make: Any) -> Any:
    """What a conversion gives, or the name of the exception it raises."""
    try:
        return make()
    except Exception as e:
        return type(e).__name__


# --------------------------------------------------------------------------- requests: the SDK's split


SCHEMA = types.Schema(
    type=types.Type.OBJECT,
    properties={
        "name": types.Schema(type=types.Type.STRING),
        "age": types.Schema(type=types.Type.INTEGER, minimum=0),
    },
    required=["name"],
)
CONFIGS: dict[str, dict[str, Any]] = {
    "system instruction as text": {"system_instruction": "Answer in French."},
    "system instruction as a Part": {"system_instruction": types.Part(text="Be brief.")},
    "system instruction as a Content": {
        "system_instruction": types.Content(role="user", parts=[types.Part(text="a"), types.Part(text="b")])
    },
    "tools, declarations merged last": {
        "tools": [
            types.Tool(function_declarations=[types.FunctionDeclaration(name="a", parameters=SCHEMA)]),
            types.Tool(google_search=types.GoogleSearch()),
            types.Tool(function_declarations=[types.FunctionDeclaration(name="b", description="b it")]),
            types.Tool(code_execution=types.ToolCodeExecution()),
        ]
    },
    "tool config": {
        "tool_config": types.ToolConfig(
            function_calling_config=types.FunctionCallingConfig(mode="ANY", allowed_function_names=["a"])
        )
    },
    "safety settings": {
        "safety_settings": [
            types.SafetySetting(category="HARM_CATEGORY_HATE_SPEECH", threshold="BLOCK_ONLY_HIGH"),
            types.SafetySetting(category=types.HarmCategory.HARM_CATEGORY_HARASSMENT, threshold="OFF"),
        ]
    },
    "safety setting with a method (Vertex AI)": {
        "safety_settings": [
            types.SafetySetting(category="HARM_CATEGORY_HATE_SPEECH", threshold="OFF", method="SEVERITY")
        ]
    },
    "labels": {"labels": {"team": "search", "env": "test"}},
    "sampling": {
        "temperature": 0.2,
        "top_p": 0.9,
        "top_k": 40,
        "candidate_count": 2,
        "max_output_tokens": 256,
        "stop_sequences": ["END", "STOP"],
        "seed": 7,
        "presence_penalty": 0.5,
        "frequency_penalty": -0.5,
    },
    "logprobs": {"response_logprobs": True, "logprobs": 3},
    "response schema, property order written": {
        "response_mime_type": "application/json",
        "response_schema": SCHEMA,
    },
    "response schema as a dict": {
        "response_mime_type": "application/json",
        "response_schema": {
            "type": "OBJECT",
            "properties": {"b": {"type": "STRING"}, "a": {"type": "NUMBER"}},
        },
    },
    "response JSON schema": {
        "response_mime_type": "application/json",
        "response_json_schema": {"type": "object", "properties": {"x": {"type": "number"}}},
    },
    "thinking": {"thinking_config": types.ThinkingConfig(thinking_budget=1024, include_thoughts=True)},
    "speech config as a voice name": {"speech_config": "Kore", "response_modalities": ["AUDIO"]},
    "media resolution": {"media_resolution": "MEDIA_RESOLUTION_LOW"},
    "image config": {
        "image_config": types.ImageConfig(aspect_ratio="16:9"),
        "response_modalities": ["TEXT", "IMAGE"],
    },
    "image output options (Vertex AI)": {"image_config": types.ImageConfig(output_mime_type="image/jpeg")},
    "routing (Vertex AI)": {"routing_config": types.GenerationConfigRoutingConfig(auto_mode={})},
    "model selection (Vertex AI)": {
        "model_selection_config": types.ModelSelectionConfig(
            feature_selection_preference="PRIORITIZE_QUALITY"
        )
    },
    "audio timestamp (Vertex AI)": {"audio_timestamp": True},
    "client-only fields are not sent": {
        "http_options": types.HttpOptions(timeout=1000),
        "automatic_function_calling": types.AutomaticFunctionCallingConfig(disable=True),
        "should_return_http_response": True,
    },
    "nothing": {},
}
CONTENTS: dict[str, Any] = {
    "text": "What is in this picture?",
    "parts and text in a row": [
        types.Part(inline_data=types.Blob(mime_type="image/png", data=EVERY_BYTE)),
        "Describe it.",
    ],
    "an uploaded file and dicts": [
        types.File(uri="https://generativelanguage.googleapis.com/v1beta/files/abc", mime_type="video/mp4"),
        {"text": "What happens?"},
        {"role": "model", "parts": [{"text": "A cat jumps."}]},
    ],
    "a turn with a function call": [
        types.Content(role="user", parts=[types.Part(text="weather?")]),
        types.Part(function_call=types.FunctionCall(name="weather", args={"city": "Paris"})),
        types.Part(function_response=types.FunctionResponse(name="weather", response={"temp": 21})),
    ],
}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("case", list(CONFIGS))
def test_a_config_becomes_the_request_the_sdk_sends(case: str, dialect: str) -> None:
    config = types.GenerateContentConfig(**CONFIGS[case])
    api = dialects.info(dialect).api
    expected = outcome(
        lambda: dialects.dialect(dialect).decode_request(json.dumps(sdk_request("hi", config, api)))
    )
    assert outcome(lambda: gwg.request_from_genai("hi", config, dialect=dialect)) == expected


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("case", list(CONTENTS))
def test_contents_are_grouped_as_the_sdk_groups_them(case: str, dialect: str) -> None:
    config = types.GenerateContentConfig(temperature=0)
    api = dialects.info(dialect).api
    expected = dialects.dialect(dialect).decode_request(json.dumps(sdk_request(CONTENTS[case], config, api)))
    assert gwg.request_from_genai(CONTENTS[case], config, dialect=dialect) == expected


@pytest.mark.parametrize("dialect", DIALECTS)
def test_cached_content_is_named_as_the_sdk_names_it(dialect: str) -> None:
    api = dialects.info(dialect).api
    config = types.GenerateContentConfig(cached_content=CACHED[api])
    expected = outcome(
        lambda: dialects.dialect(dialect).decode_request(json.dumps(sdk_request("hi", config, api)))
    )
    assert outcome(lambda: gwg.request_from_genai("hi", config, dialect=dialect)) == expected


def test_a_short_cached_content_name_is_completed_on_the_gemini_api_and_refused_on_vertex() -> None:
    config = types.GenerateContentConfig(cached_content="abc123")
    assert gwg.request_from_genai("hi", config, dialect="gemini").cached_content == "cachedContents/abc123"
    with pytest.raises(ValueError, match="give its full name"):
        gwg.request_from_genai("hi", config, dialect="vertex")


def test_every_config_field_is_sent_somewhere_or_named_client_only() -> None:
    # A field that a newer google-genai adds fails here until this module places it.
    unplaced = set(types.GenerateContentConfig.model_fields) - set(gwg.TOP_LEVEL) - gwg.CLIENT_ONLY
    generation = {types.GenerateContentConfig.model_fields[n].alias or n for n in unplaced}
    wire = {
        k for d in DIALECTS for k in dialects.dialect(d).structs.GenerationConfig.__struct_encode_fields__
    }
    assert {gwg.GENERATION_RENAMED.get(k, k) for k in generation} - wire == set()


def test_the_dialect_is_given_by_name_alias_module_or_dialect() -> None:
    made = [
        gwg.request_from_genai("hi", None, dialect=d) for d in ("vertex-v1", "vertex", vertex, vertex.DIALECT)
    ]
    assert isinstance(made[0], vertex.GenerateContentRequest) and made == made[:1] * 4


def test_a_python_function_as_a_tool_is_refused_with_the_way_out() -> None:
    def weather(city: str) -> str:
        return city

    with pytest.raises(TypeError, match="from_callable"):
        gwg.request_from_genai("hi", types.GenerateContentConfig(tools=[weather]), dialect="gemini")


# --------------------------------------------------------------------------- bytes


@pytest.mark.parametrize("dialect", DIALECTS)
def test_inline_data_and_signatures_round_trip_byte_for_byte(dialect: str) -> None:
    part = types.Part(
        inline_data=types.Blob(mime_type="application/octet-stream", data=EVERY_BYTE),
        thought_signature=EVERY_BYTE[::-1],
    )
    ours = gwg.from_genai(types.Content(role="user", parts=[part]), dialect=dialect)
    assert (
        ours.parts[0].inline_data.data == EVERY_BYTE and ours.parts[0].thought_signature == EVERY_BYTE[::-1]
    )
    # The wire's standard base64, not the URL-safe base64 that the SDK's JSON writes.
    assert re.search(rb'"data":"[A-Za-z0-9+/]+={0,2}"', encode(ours)) and b"+" in encode(ours)
    back = gwg.to_genai(ours)
    assert (
        back.parts[0].inline_data.data == EVERY_BYTE and back.parts[0].thought_signature == EVERY_BYTE[::-1]
    )


# --------------------------------------------------------------------------- the messages


@pytest.mark.parametrize("dialect", DIALECTS)
def test_each_named_message_converts_both_ways(dialect: str) -> None:
    messages = [
        types.Content(role="model", parts=[types.Part(text="hi", thought=True)]),
        types.Part(function_call=types.FunctionCall(name="f", args={"a": [1, "b"]})),
        types.Tool(function_declarations=[types.FunctionDeclaration(name="f", parameters=SCHEMA)]),
        types.ToolConfig(function_calling_config=types.FunctionCallingConfig(mode="AUTO")),
        types.SafetySetting(category="HARM_CATEGORY_HATE_SPEECH", threshold="BLOCK_NONE"),
        types.GenerationConfig(
            temperature=0.5, stop_sequences=["x"], thinking_config=types.ThinkingConfig(thinking_budget=0)
        ),
    ]
    for sdk in messages:
        ours = gwg.from_genai(sdk, dialect=dialect)
        assert isinstance(ours, getattr(dialects.dialect(dialect).structs, type(sdk).__name__))
        assert gwg.to_genai(ours) == sdk


def test_a_field_the_dialect_lacks_is_refused_as_the_server_would() -> None:
    with pytest.raises(WireError, match="GW111"):  # Vertex AI's safety setting method, on the Gemini API
        gwg.from_genai(
            types.SafetySetting(category="HARM_CATEGORY_HATE_SPEECH", threshold="OFF", method="SEVERITY"),
            dialect="gemini",
        )


def test_a_field_the_sdk_lacks_is_refused_in_a_request_message() -> None:
    tool = gemini.Tool(
        file_search=gemini.FileSearch(retrieval_config=gemini.FileSearchRetrievalConfig(top_k=3))
    )
    with pytest.raises(pydantic.ValidationError, match="retrievalConfig"):
        gwg.to_genai(tool)


# --------------------------------------------------------------------------- responses

RESPONSE = {
    "candidates": [
        {
            "content": {"role": "model", "parts": [{"text": "It is sunny.", "thoughtSignature": "+/+/AA=="}]},
            "finishReason": "STOP",
            "index": 0,
            "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"}],
        }
    ],
    "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 4, "totalTokenCount": 9},
    "modelVersion": "gemini-2.5-flash",
    "responseId": "abc",
}
CITED = {
    "gemini": {"citationSources": [{"uri": "https://a.example", "startIndex": 1}]},
    "vertex": {"citations": [{"uri": "https://a.example", "startIndex": 1}]},
}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_response_becomes_what_the_sdk_makes_of_it(dialect: str) -> None:
    api = dialects.info(dialect).api
    body = json.loads(json.dumps(RESPONSE))
    body["candidates"][0]["citationMetadata"] = CITED[api]
    data = json.dumps(body).encode()
    ours = gwg.response_to_genai(dialects.dialect(dialect).decode_response(data))
    assert ours == sdk_response(data, api)
    assert ours.candidates[0].citation_metadata.citations[0].start_index == 1
    assert ours.candidates[0].content.parts[0].thought_signature == b"\xfb\xff\xbf\x00"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_response_goes_back_to_the_same_structs(dialect: str) -> None:
    api = dialects.info(dialect).api
    body = json.loads(json.dumps(RESPONSE))
    body["candidates"][0]["citationMetadata"] = CITED[api]
    ours = dialects.dialect(dialect).decode_response(json.dumps(body))
    assert gwg.response_from_genai(gwg.response_to_genai(ours), dialect=dialect) == ours


def test_unknown_response_keys_are_dropped_as_the_sdk_drops_them() -> None:
    body = json.dumps(
        {**RESPONSE, "newTopKey": {"x": 1}, "candidates": [{**RESPONSE["candidates"][0], "newKey": 2}]}
    )
    ours = gemini.decode_response(body)
    assert gemini.unknown_fields(ours)  # kept by gemini-wire
    converted = gwg.response_to_genai(ours)
    assert converted == sdk_response(body.encode(), "gemini")
    assert "newKey" not in json.dumps(converted.model_dump(mode="json"))


def test_a_new_enum_value_reaches_the_sdk_as_it_reaches_it_from_the_wire() -> None:
    body = json.dumps({"candidates": [{"finishReason": "SOME_FUTURE_REASON"}]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the SDK warns of a value it does not know
        converted = gwg.response_to_genai(gemini.decode_response(body))
        assert converted == sdk_response(body.encode(), "gemini")
    assert converted.candidates[0].finish_reason == "SOME_FUTURE_REASON"


def test_client_only_response_fields_are_not_carried_back() -> None:
    sdk = sdk_response(json.dumps(RESPONSE).encode(), "gemini")
    sdk.sdk_http_response = types.HttpResponse(headers={"x": "y"})
    sdk.automatic_function_calling_history = [types.Content(role="user", parts=[types.Part(text="q")])]
    assert gwg.response_from_genai(sdk, dialect="gemini") == gemini.decode_response(json.dumps(RESPONSE))


# --------------------------------------------------------------------------- properties

NULL_VALUE = re.compile(rb'"(?:default|example|additionalProperties)":null')


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_responses_become_what_the_sdk_makes_of_their_bytes(dialect: str) -> None:
    api = dialects.info(dialect).api

    @BUDGET
    @given(gws.responses(dialect, max_depth=4))
    def run(response: Any) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = failure_or(lambda: sdk_response(encode(response), api))
            converted = failure_or(lambda: gwg.response_to_genai(response))
            if isinstance(expected, str):  # a value the SDK refuses from the wire too
                assert converted == expected
                return
            assert as_sdk_converts(converted, api) == expected
            # Back to Structs and to the SDK again: nothing the SDK holds is lost on the way.
            assert gwg.response_to_genai(gwg.response_from_genai(converted, dialect=dialect)) == converted

    run()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_request_messages_go_to_the_sdk_and_back_unchanged(dialect: str) -> None:
    @BUDGET
    @given(gws.requests(dialect, max_depth=4))
    def run(request: Any) -> None:
        pieces = [*(request.contents or []), *(request.tools or []), *(request.safety_settings or [])]
        pieces += [p for p in (request.tool_config, request.generation_config) if p]
        for piece in pieces:
            if NULL_VALUE.search(encode(piece)):
                continue  # the SDK holds a null Schema value as unset (the module says so)
            try:
                sdk = gwg.to_genai(piece)
            except Exception as e:  # only for a field that the SDK's models lack
                assert "Extra inputs are not permitted" in str(e) and "type=extra_forbidden" in str(e)
                assert set(re.findall(r"\[type=(\w+)", str(e))) == {"extra_forbidden"}
                continue
            assert gwg.from_genai(sdk, dialect=dialect) == piece

    run()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_requests_go_to_the_sdk_and_come_back_as_the_sdk_sends_them(dialect: str) -> None:
    api = dialects.info(dialect).api
    d = dialects.dialect(dialect)

    @BUDGET
    @given(gws.requests(dialect, max_depth=4))
    def run(request: Any) -> None:
        if NULL_VALUE.search(encode(request)):
            return  # the SDK holds a null Schema value as unset (the module says so)
        try:
            contents, config = gwg.request_to_genai(request)
        except Exception as e:  # only for a field that the SDK's models lack
            assert set(re.findall(r"\[type=(\w+)", str(e))) == {"extra_forbidden"}, e
            return
        if api == "vertex" and config.cached_content and not config.cached_content.startswith("projects/"):
            config.cached_content = (
                f"projects/p/locations/us-central1/{config.cached_content}"  # as the client completes it
            )
        sent = gwg.request_from_genai(contents, config, dialect=dialect)
        assert sent == d.decode_request(utc_as_z(json.dumps(sdk_request(contents, config, api))))
        # What the SDK does not rearrange comes back as it was.
        for name in ("contents", "system_instruction", "safety_settings", "tool_config", "labels"):
            assert getattr(sent, name) == getattr(request, name), name
        if request.generation_config:
            # The SDK writes out the property order of a response schema's objects (gwg.ordered).
            want = json.loads(encode(request.generation_config))
            if "responseSchema" in want:
                want["responseSchema"] = gwg.ordered(want["responseSchema"])
            assert json.loads(encode(sent.generation_config)) == want

    run()


# --------------------------------------------------------------------------- the optional dependency


def test_without_google_genai_the_import_error_gives_the_install_line() -> None:
    program = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'google' or name.startswith('google.'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "try:\n"
        "    import gemini_wire.genai\n"
        "except ImportError as e:\n"
        "    print(type(e).__name__, e, sep=': ')\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout == f"MissingExtra: gemini_wire.genai needs google-genai: {gwg.INSTALL_GENAI}\n"
    assert gwg.INSTALL_GENAI == "python -m pip install google-genai"


# --------------------------------------------------------------------------- the README's section


def readme_snippets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## google-genai interop\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_snippet_runs_and_its_asserts_hold() -> None:
    (snippet,) = readme_snippets()
    assert "request_from_genai(" in snippet and "response_to_genai(" in snippet
    exec(compile(snippet, "README snippet", "exec"), {})


def test_the_readme_snippet_passes_mypy_strict(tmp_path: Path) -> None:
    (snippet,) = readme_snippets()
    file = tmp_path / "snippet.py"
    file.write_text(snippet, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(file)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
