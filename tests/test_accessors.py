"""The accessors and builders every client would otherwise write, on every dialect's Structs; the
refusal of an error body by decode_response; the README's "Reading a response" snippets, run and
type-checked with mypy --strict."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
import types
from pathlib import Path

import msgspec
import pytest

import gemini_wire
from gemini_wire import WireError, gemini, vertex
from gemini_wire.stream import StreamDecoder

ROOT = Path(__file__).resolve().parent.parent
DIALECTS = [gemini, gemini_wire.gemini_v1, vertex, gemini_wire.vertex_v1beta1]
IDS = [d.DIALECT.name for d in DIALECTS]

SIGNATURE = base64.b64encode(b"sig").decode()
RESPONSE = msgspec.json.encode(
    {
        "candidates": [
            {
                "content": {
                    "role": "model",
                    "parts": [
                        {"text": "Planning. ", "thought": True},
                        {"text": "Hel", "thoughtSignature": SIGNATURE},
                        {"text": "lo"},
                        {"functionCall": {"name": "weather", "args": {"city": "Paris"}}},
                    ],
                },
                "finishReason": "MAX_TOKENS",
            },
            {"content": {"role": "model", "parts": [{"text": "second candidate"}]}},
        ],
        "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 5, "totalTokenCount": 13},
    }
)
ERROR = b'{"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}}'


def decode(dialect: types.ModuleType, value: object) -> object:
    return dialect.decode_response(msgspec.json.encode(value))


# ------------------------------------------------------------------ responses


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_text_joins_the_first_candidates_text_parts_that_are_not_thoughts(dialect: types.ModuleType) -> None:
    assert gemini_wire.text(dialect.decode_response(RESPONSE)) == "Hello"


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_text_of_a_candidate_is_that_candidates_text(dialect: types.ModuleType) -> None:
    r = dialect.decode_response(RESPONSE)
    assert gemini_wire.text(r.candidates[1]) == "second candidate"


def test_text_of_a_response_without_candidates_or_parts_is_empty() -> None:
    assert gemini_wire.text(gemini.decode_response(b'{"promptFeedback": {"blockReason": "SAFETY"}}')) == ""
    assert gemini_wire.text(gemini.decode_response(b'{"candidates": [{"finishReason": "STOP"}]}')) == ""
    assert gemini_wire.candidate(gemini.decode_response(b"{}")) is None


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_thoughts_are_the_text_parts_marked_thought(dialect: types.ModuleType) -> None:
    assert gemini_wire.thoughts(dialect.decode_response(RESPONSE)) == "Planning. "


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_thought_signatures_are_the_parts_signatures_as_bytes(dialect: types.ModuleType) -> None:
    assert gemini_wire.thought_signatures(dialect.decode_response(RESPONSE)) == [b"sig"]


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_function_calls_give_name_args_and_id(dialect: types.ModuleType) -> None:
    calls = gemini_wire.function_calls(dialect.decode_response(RESPONSE))
    assert calls == [gemini_wire.Call(name="weather", args={"city": "Paris"}, id=None)]


def test_a_function_call_keeps_its_id_and_a_call_without_args_has_empty_args() -> None:
    part = {"functionCall": {"name": "now", "id": "call-1"}}
    r = decode(gemini, {"candidates": [{"content": {"parts": [part]}}]})
    assert gemini_wire.function_calls(r) == [gemini_wire.Call(name="now", args={}, id="call-1")]


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_finish_reason_is_the_value_as_a_string(dialect: types.ModuleType) -> None:
    reason = gemini_wire.finish_reason(dialect.decode_response(RESPONSE))
    assert reason == "MAX_TOKENS" and reason == dialect.FinishReason.MAX_TOKENS


def test_finish_reason_is_none_while_the_stream_is_unfinished() -> None:
    r = decode(gemini, {"candidates": [{"content": {"parts": [{"text": "Hel"}]}}]})
    assert gemini_wire.finish_reason(r) is None


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_a_value_newer_than_the_enum_and_new_keys_read_like_the_others(dialect: types.ModuleType) -> None:
    r = decode(
        dialect,
        {
            "candidates": [
                {
                    "content": {"parts": [{"text": "hi", "newPartKey": 1}], "newContentKey": 2},
                    "finishReason": "SOME_FUTURE_REASON",
                    "newCandidateKey": 3,
                }
            ],
            "newResponseKey": 4,
        },
    )
    assert type(r.candidates[0]) is not dialect.Candidate  # the subclass that keeps the keys
    assert gemini_wire.finish_reason(r) == "SOME_FUTURE_REASON"
    assert gemini_wire.text(r) == "hi"


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_usage_counts_the_tokens_and_zero_where_the_server_gave_none(dialect: types.ModuleType) -> None:
    used = gemini_wire.usage(dialect.decode_response(RESPONSE))
    assert used == gemini_wire.Usage(prompt=8, candidates=5, total=13)
    assert used.thoughts == used.cached == used.tool_use_prompt == 0


def test_usage_of_a_response_without_usage_metadata_is_all_zero() -> None:
    assert gemini_wire.usage(gemini.decode_response(b"{}")) == gemini_wire.Usage()


# ------------------------------------------------------------------ builders


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_builders_make_the_parts_of_the_dialect_given(dialect: types.ModuleType) -> None:
    text = gemini_wire.text_part("hi", dialect.Part)
    inline = gemini_wire.inline_part(b"\x89PNG", "image/png", dialect.Part)
    answer = gemini_wire.function_response_part("weather", {"temperature": 21}, dialect.Part)
    assert all(type(p) is dialect.Part for p in (text, inline, answer))
    assert gemini_wire.encode(text) == b'{"text":"hi"}'
    assert gemini_wire.encode(inline) == b'{"inlineData":{"mimeType":"image/png","data":"iVBORw=="}}'
    assert gemini_wire.encode(answer) == b'{"functionResponse":{"name":"weather","response":{"temperature":21}}}'


def test_builders_make_gemini_parts_when_no_class_is_given() -> None:
    part = gemini_wire.function_response_part("now", {"time": "12:00"}, id="call-1")
    assert type(part) is gemini.Part
    assert gemini_wire.encode(part) == b'{"functionResponse":{"id":"call-1","name":"now","response":{"time":"12:00"}}}'
    assert type(gemini_wire.text_part("hi")) is type(gemini_wire.inline_part(b"", "text/plain")) is gemini.Part


def test_a_built_request_passes_the_dialects_own_decoder() -> None:
    request = gemini.GenerateContentRequest(
        contents=[gemini.Content(role="user", parts=[gemini_wire.text_part("What is this?"), gemini_wire.inline_part(b"\x89PNG", "image/png")])]
    )
    assert gemini.decode_request(gemini_wire.encode(request)) == request


def test_a_function_response_id_is_refused_where_the_dialect_has_none() -> None:
    with pytest.raises(ValueError, match="vertex-v1's FunctionResponse has no id"):
        gemini_wire.function_response_part("now", {}, vertex.Part, id="call-1")


# ------------------------------------------------------------------ an error body where a response was expected


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_decode_response_refuses_an_error_body_with_gw121(dialect: types.ModuleType) -> None:
    with pytest.raises(WireError) as raised:
        dialect.decode_response(ERROR)
    [f] = raised.value.findings
    assert (f.code, f.loc) == ("GW121", ("error",))
    assert "429 RESOURCE_EXHAUSTED: Resource exhausted" in f.message and "decode_error" in f.hint


@pytest.mark.parametrize(
    "body",
    [
        # A snake_case key beside it: the middle path (codec/repair.py) mends it, then refuses.
        b'{"error": {"code": 400, "message": "bad", "status": "INVALID_ARGUMENT"}, "model_version": "x"}',
        # An integer as a string beside it: the spelling-aware slow path, which refuses it the same.
        b'{"error": {"code": 400, "message": "bad", "status": "INVALID_ARGUMENT"}, "candidates": [{"index": "0"}]}',
    ],
    ids=["mended", "slow"],
)
def test_decode_response_refuses_an_error_body_on_every_path(body: bytes) -> None:
    with pytest.raises(WireError) as raised:
        gemini.decode_response(body)
    assert [(f.code, f.message) for f in raised.value.findings] == [
        ("GW121", "this is an error body (400 INVALID_ARGUMENT: bad), not a GenerateContentResponse")
    ]


def test_a_response_whose_unknown_key_error_is_not_a_status_is_still_a_response() -> None:
    r = gemini.decode_response(b'{"candidates": [{"content": {"parts": [{"text": "hi"}]}}], "error": "none"}')
    assert gemini_wire.text(r) == "hi"


def test_decode_error_reads_what_decode_response_refuses() -> None:
    assert gemini_wire.error_code(gemini.decode_error(ERROR)) == 429


@pytest.mark.parametrize("framing", [b"data: %s\n\n", b"[%s]"], ids=["sse", "array"])
def test_a_stream_still_gives_an_error_body_in_place_of_a_chunk(framing: bytes) -> None:
    decoder = StreamDecoder("gemini")
    items = decoder.feed(framing % ERROR) + decoder.close()
    assert [type(i) for i in items] == [gemini.ErrorBody]


# ------------------------------------------------------------------ the README's snippets


def readme_snippets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Reading a response\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_shows_a_response_and_an_error_being_read() -> None:
    snippets = readme_snippets()
    assert len(snippets) == 2
    assert "gemini_wire.text(" in snippets[0] and "gemini_wire.retry_delay(" in snippets[1]


@pytest.mark.parametrize("index", [0, 1])
def test_each_readme_snippet_runs_and_its_asserts_hold(index: int) -> None:
    exec(compile(readme_snippets()[index], f"README snippet {index}", "exec"), {})


@pytest.mark.xdist_group("mypy-cache")  # one mypy cache in the project folder (test_code_quality)
def test_the_readme_snippets_pass_mypy_strict(tmp_path: Path) -> None:
    files = []
    for i, snippet in enumerate(readme_snippets()):
        files.append(tmp_path / f"snippet_{i}.py")
        files[-1].write_text(snippet, encoding="utf-8")
    # From the project's folder, for its mypy cache; --strict with the files named overrides its `files`.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *map(str, files)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
