"""gemini_wire.testing: every request a google-genai program sends is linted, without a network.

The programs here talk to a fake inner transport that answers canned responses, through the
client options the SDK documents (`HttpOptions(client_args=..., async_client_args=...)`), for
the Gemini API (an API key) and Vertex AI (a project, a location and stub credentials that
refuse to refresh, so no token is ever fetched). The API versions are named, so that the test
does not depend on the SDK release's defaults.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from gemini_wire import fake as fake_module
from gemini_wire import gemini, testing
from gemini_wire.stream.aggregate import Folder
from gemini_wire.testing import FakeGemini, Linter, LintFailure, async_transport, backend, linting, transport

genai = pytest.importorskip("google.genai")
types = pytest.importorskip("google.genai.types")
credentials = pytest.importorskip("google.auth.credentials")
httpx: Any = backend()

ANSWER = {"candidates": [{"content": {"role": "model", "parts": [{"text": "Hi"}]}, "finishReason": "STOP"}]}
SENT: list[str] = []


def fake(request: Any) -> Any:
    """The canned answer: SSE for alt=sse, one JSON object otherwise."""
    SENT.append(str(request.url))
    if "alt=sse" in str(request.url):
        event = b"data: " + json.dumps(ANSWER).encode() + b"\r\n\r\n"
        return httpx.Response(200, content=event, headers={"content-type": "text/event-stream"})
    return httpx.Response(200, json=ANSWER)


class StubCredentials(credentials.Credentials):  # type: ignore[misc]
    """A token that never expires; refreshing it would mean a network call, so it fails."""

    def __init__(self) -> None:
        super().__init__()
        self.token = "stub"

    def refresh(self, request: Any) -> None:
        raise AssertionError("the test tried to fetch a token")


def client(api: str, linter: Linter) -> Any:
    if api == "gemini":
        version, kwargs = "v1beta", {"api_key": "test-key"}
    else:
        version = "v1"
        kwargs = {"vertexai": True, "project": "p", "location": "us-central1", "credentials": StubCredentials()}
    options = types.HttpOptions(
        api_version=version,
        client_args={"transport": transport(httpx.MockTransport(fake), linter)},
        async_client_args={"transport": async_transport(httpx.MockTransport(fake), linter)},
    )
    return genai.Client(http_options=options, **kwargs)


GOOD = types.GenerateContentConfig(temperature=0.5)
BAD = types.GenerateContentConfig(temperature=0.5, stop_sequences=["a", "b", "c", "d", "e", "f"])


@pytest.mark.parametrize("api", ["gemini", "vertex"])
def test_a_good_request_passes_sync_and_streaming(api: str) -> None:
    linter = Linter(responses=True)
    c = client(api, linter)
    assert c.models.generate_content(model="gemini-2.5-flash", contents="hi", config=GOOD).text == "Hi"
    assert [r.text for r in c.models.generate_content_stream(model="gemini-2.5-flash", contents="hi")] == ["Hi"]
    linter.assert_clean()
    assert sum(linter.tally.checked.values()) == 2


@pytest.mark.parametrize("api", ["gemini", "vertex"])
def test_a_bad_request_fails_with_its_finding(api: str) -> None:
    linter = Linter()
    c = client(api, linter)  # kept: a client that is collected closes its HTTP client
    c.models.generate_content(model="gemini-2.5-flash", contents="hi", config=BAD)
    with pytest.raises(LintFailure) as failure:
        linter.assert_clean()
    (problem,) = failure.value.problems
    assert (problem.finding.code, problem.model) == ("GW301", "gemini-2.5-flash")
    assert problem.dialect == ("gemini-v1beta" if api == "gemini" else "vertex-v1")
    assert "generationConfig.stopSequences" in str(failure.value)


@pytest.mark.parametrize("api", ["gemini", "vertex"])
def test_the_async_client_is_linted_too(api: str) -> None:
    linter = Linter()
    c = client(api, linter)

    async def run() -> None:
        await c.aio.models.generate_content(model="gemini-2.5-flash", contents="hi", config=GOOD)
        await c.aio.models.generate_content(model="gemini-2.5-flash", contents="hi", config=BAD)

    asyncio.run(run())
    assert [p.finding.code for p in linter.problems] == ["GW301"]


def test_the_fail_level_is_chosen() -> None:
    # logprobs at a gateway's URL of a model that may not have it: a warning, failing only at `warning`.
    # (gemini-2.5-pro: its verdict is not known; 2.5 Flash is known to refuse them on the Gemini API.)
    for level, codes in (("error", []), ("warning", ["GW316"])):
        linter = Linter(fail_on=level)
        with linting(linter):
            request = httpx.Request(
                "POST",
                "http://localhost:8787/v1beta/models/gemini-2.5-pro:generateContent",
                json={"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"responseLogprobs": True, "logprobs": 3}},
            )
            httpx.Client(transport=httpx.MockTransport(fake)).send(request)
        assert [p.finding.code for p in linter.failures()] == codes
        assert [p.finding.code for p in linter.problems] == ["GW316"]  # every finding is kept


def test_other_requests_pass_untouched() -> None:
    linter = Linter()
    with linting(linter):
        httpx.Client(transport=httpx.MockTransport(fake)).get("https://generativelanguage.googleapis.com/v1beta/models")
    assert linter.tally.interactions == 0 and linter.problems == []


# --------------------------------------------------------------------------- the pytest plugin

PROGRAM = '''
import json
import re
import {httpx} as httpx
import pytest
from google import genai
from google.genai import types

ANSWER = {{"candidates": [{{"content": {{"role": "model", "parts": [{{"text": "Hi"}}]}}}}]}}


def gemini():
    fake = httpx.MockTransport(lambda request: httpx.Response(200, json=ANSWER))
    options = types.HttpOptions(api_version="v1beta", client_args={{"transport": fake}})
    return genai.Client(api_key="test-key", http_options=options)


def test_good():
    client = gemini()
    assert client.models.generate_content(model="gemini-2.5-flash", contents="hi").text == "Hi"


def test_bad():
    config = types.GenerateContentConfig(stop_sequences=list("abcdef"))
    client = gemini()
    try:
        client.models.generate_content(model="gemini-2.5-flash", contents="hi", config=config)
    except Exception:
        pass  # a program that swallows errors still fails the test
'''


def run_pytest(folder: Path, *args: str, ini: str = "") -> subprocess.CompletedProcess[str]:
    (folder / "test_program.py").write_text(PROGRAM.format(httpx=httpx.__name__))
    (folder / "pytest.ini").write_text("[pytest]\n" + textwrap.dedent(ini))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
    )


def test_one_ini_line_lints_every_request_of_the_run(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, ini="gemini_wire = true\n")
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed" in result.stdout
    assert "FAILED test_program.py::test_bad" in result.stdout
    assert "GW301 error: 6 items, at most 5 allowed at request.generationConfig.stopSequences" in result.stdout
    assert "gemini-wire: 2 Gemini request(s): 2 checked (gemini-v1beta 2), 0 skipped" in result.stdout


def test_the_plugin_is_off_until_switched_on(tmp_path: Path) -> None:
    assert run_pytest(tmp_path).returncode == 0
    assert run_pytest(tmp_path, "--gemini-wire").returncode == 1


def test_the_fixture_lints_one_test(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, "-k", "bad", ini="usefixtures = gemini_wire_lint\n")
    assert result.returncode == 1 and "GW301" in result.stdout


def test_a_wrong_fail_level_is_a_usage_error(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, ini="gemini_wire = true\ngemini_wire_fail_on = sometimes\n")
    assert result.returncode == 4 and "gemini_wire_fail_on: one of error, warning, info" in result.stderr


def readme_blocks() -> list[str]:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("\n## Lint every request your tests send\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_test_file_runs_offline_sync_async_and_streaming(tmp_path: Path) -> None:
    test_file, _ = readme_blocks()
    (tmp_path / "test_chat.py").write_text(test_file)
    (tmp_path / "pytest.ini").write_text("[pytest]\ngemini_wire_responses = true\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
    assert "4 passed" in result.stdout
    assert "gemini-wire: 4 Gemini request(s): 4 checked (gemini-v1beta 4), 0 skipped" in result.stdout
    # Without the pytest.raises, the last test fails with the lines the README shows.
    (tmp_path / "test_chat.py").write_text(test_file.replace("    with pytest.raises(LintFailure, match=\"GW301\"):\n        gemini_wire_lint.assert_clean()  # what the plugin does when the test ends\n", ""))
    failed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "refuse"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1, failed.stdout
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    shown = readme.split("Without the `pytest.raises`, that last test fails like this", 1)[1].split("```\n", 2)[1]
    for line in shown.splitlines():
        assert line.split("fix: ")[0].strip() in failed.stdout, line
    assert "pytest_plugin.py" not in failed.stdout and "testing.py" not in failed.stdout  # frames hidden


def test_the_readme_program_runs_offline_and_reports_the_bad_request(tmp_path: Path) -> None:
    _, program = readme_blocks()
    (tmp_path / "program.py").write_text(program)
    result = subprocess.run([sys.executable, "program.py"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    printed = "".join(line.removeprefix("# ") + "\n" for line in program.splitlines() if line.startswith("#   "))
    assert "GW301 error: 6 items, at most 5 allowed at request.generationConfig.stopSequences" in result.stdout
    for line in printed.splitlines():
        assert line.split("fix: ")[0].strip() in result.stdout, line


def test_responses_are_checked_only_when_asked() -> None:
    bad = {"candidates": [{"content": {"role": "model", "parts": [{"text": 7}]}}]}
    transport_ = httpx.MockTransport(lambda request: httpx.Response(200, json=bad))
    url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
    body = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}
    for responses, paths in ((False, []), (True, ["response.candidates[0].content.parts[0].text"])):
        linter = Linter(responses=responses)
        with linting(linter):
            answer = httpx.Client(transport=transport_).post(url, json=body)
        assert answer.json() == bad  # the caller still reads the whole response
        assert [p.finding.path for p in linter.problems] == paths


# --------------------------------------------------------------------------- streams pass through

STREAM = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
EVENT = b"data: " + json.dumps(ANSWER).encode() + b"\r\n\r\n"
BAD_EVENT = b'data: {"candidates": [{"content": {"role": "model", "parts": [{"text": 7}]}}]}\r\n\r\n'
HI = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}


def streamed(events: Iterator[bytes]) -> Any:
    """An inner transport whose response is a stream the client reads while it comes."""
    return httpx.MockTransport(lambda request: httpx.Response(200, headers={"content-type": "text/event-stream"}, content=events))


def counted(pulled: list[int], count: int | None = None, bad: int = -1) -> Iterator[bytes]:
    """`count` events (forever if None), the `bad`th one wrong; `pulled[0]` says how many were read."""
    for i in itertools.count() if count is None else range(count):
        pulled[0] = i + 1
        yield BAD_EVENT if i == bad else EVENT


@contextlib.contextmanager
def layer(kind: str, inner: Any, linter: Linter) -> Iterator[Any]:
    """A client whose calls pass the linter: through its transport, or through `linting`."""
    if kind == "transport":
        yield httpx.Client(transport=transport(inner, linter))
    else:
        with linting(linter):
            yield httpx.Client(transport=inner)


@pytest.mark.parametrize("kind", ["transport", "linting"])
def test_a_checked_stream_gives_its_first_chunk_before_the_rest_is_read(kind: str) -> None:
    pulled = [0]
    linter = Linter(responses=True)
    with layer(kind, streamed(counted(pulled, 1000, bad=2)), linter) as client, client.stream("POST", STREAM, json=HI) as answer:
        chunks = answer.iter_raw()
        assert next(chunks) == EVENT and pulled[0] == 1
        assert [next(chunks) for _ in range(2)][-1] == BAD_EVENT and linter.problems == []  # reported at the end
        assert sum(1 for _ in chunks) == 997
    (problem,) = linter.problems
    assert (problem.finding.code, problem.finding.path) == ("GW121", "response.event[2].candidates[0].content.parts[0].text")


def test_the_sdk_streams_through_a_checked_transport_chunk_by_chunk() -> None:
    pulled = [0]
    linter = Linter(responses=True)
    options = types.HttpOptions(api_version="v1beta", client_args={"transport": transport(streamed(counted(pulled, 1000)), linter)})
    c = genai.Client(api_key="test-key", http_options=options)
    chunks = c.models.generate_content_stream(model="gemini-2.5-flash", contents="hi")
    assert next(chunks).text == "Hi" and pulled[0] <= 2
    assert sum(1 for _ in chunks) == 999 and linter.problems == []


def test_the_async_client_streams_through_a_checked_transport_chunk_by_chunk() -> None:
    pulled = [0]

    async def events() -> AsyncIterator[bytes]:
        for chunk in counted(pulled, 100):
            yield chunk

    inner = httpx.MockTransport(lambda request: httpx.Response(200, headers={"content-type": "text/event-stream"}, content=events()))
    linter = Linter(responses=True)

    async def read() -> int:
        async with httpx.AsyncClient(transport=async_transport(inner, linter)) as client:
            async with client.stream("POST", STREAM, json=HI) as answer:
                chunks = answer.aiter_raw()
                assert await chunks.__anext__() == EVENT and pulled[0] == 1
                return 1 + len([c async for c in chunks])

    assert asyncio.run(read()) == 100 and linter.problems == []


def read_endless(events: int, linter: Linter | None = None) -> tuple[int, Linter]:
    """The peak of memory while a client reads `events` events of an endless checked stream, then
    closes it; and the linter (by default one that checks responses but not as exchanges: it
    folds nothing)."""
    pulled = [0]
    linter = linter or Linter(responses=True, select=("GW1", "GW2", "GW3"))
    tracemalloc.start()
    with layer("transport", streamed(counted(pulled)), linter) as client, client.stream("POST", STREAM, json=HI) as answer:
        for n, _ in enumerate(answer.iter_raw(), 1):
            if n == events:
                break
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert pulled[0] == events
    return top, linter


def test_an_endless_stream_is_read_as_far_as_the_client_reads_it() -> None:
    _, linter = read_endless(3000, Linter(responses=True))
    assert linter.problems == [] and linter.failures() == []  # closed by the client: not cut short, not compared


def test_a_checked_stream_holds_no_memory_for_what_has_passed() -> None:
    read_endless(100)  # warm: imports and caches
    (small, _), (large, _) = read_endless(2000), read_endless(8000)  # about 0.5 and 2 MB of events
    assert large < 1.5 * small, (small, large)


def test_a_folded_stream_holds_about_its_answer_not_its_chunks() -> None:
    read_endless(100, Linter(responses=True))  # warm: imports and caches
    (plain, _), (folding, _) = read_endless(32000), read_endless(32000, Linter(responses=True))  # 3.5 MB of events
    text = len("Hi") * 32000  # the answer so far: 32,000 pieces of two characters, folded into one text
    assert folding - plain < 3 * text, (plain, folding)  # a string object a piece would be some 50 bytes each


def test_a_fold_joins_long_runs_of_text_as_aggregate_always_did() -> None:
    # Runs longer than the fold's blocks (aggregate.JOINED pieces): each run one part, in order.
    def chunk(part: dict[str, Any]) -> Any:
        return gemini.decode_response(json.dumps({"candidates": [{"content": {"role": "model", "parts": [part]}}]}).encode())

    signed = {"text": "!", "thoughtSignature": "c2ln"}
    pieces = [
        *({"text": f"t{i} ", "thought": True} for i in range(600)),
        *({"text": f"a{i} "} for i in range(700)),
        signed,
        *({"text": f"b{i} "} for i in range(300)),
    ]
    folder: Folder[Any] = Folder()
    for piece in pieces:
        folder.add(chunk(piece))
    parts = json.loads(gemini.encode(folder.result()))["candidates"][0]["content"]["parts"]
    assert parts == [
        {"text": "".join(f"t{i} " for i in range(600)), "thought": True},
        {"text": "".join(f"a{i} " for i in range(700))},
        signed,
        {"text": "".join(f"b{i} " for i in range(300))},
    ]


def test_a_folded_stream_holds_no_more_than_max_folded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(testing, "MAX_FOLDED", 64 << 10)  # about 600 events
    read_endless(100, Linter(responses=True))  # warm: imports and caches
    with pytest.warns(testing.UncomparedNote) as notes:
        (small, _), (large, _) = read_endless(2000, Linter(responses=True)), read_endless(32000, Linter(responses=True))
    assert large < 1.5 * small, (small, large)  # folded whole, the second would hold 60 kB more
    assert len(notes) == 2  # once a stream
    assert "test_testing.py" in str(notes[0].message) and "is not compared with its request" in str(notes[0].message)


def test_a_folded_stream_keeps_its_answer_not_its_chunks() -> None:
    linter = Linter(responses=True)
    with layer("transport", streamed(counted([0], 1000)), linter) as client, client.stream("POST", STREAM, json=HI) as answer:
        read = sum(len(chunk) for chunk in answer.iter_raw())
    (sent,) = linter.sent
    assert sent.response is not None
    kept = json.loads(sent.response)
    assert kept["candidates"][0]["content"]["parts"] == [{"text": "Hi" * 1000}]
    assert len(sent.response) < read / 20, (len(sent.response), read)  # about the answer's 2,000 bytes of text


# --------------------------------------------------------------------------- streamed answers as exchanges

UNDECLARED = {"functionCall": {"name": "get_time", "args": {"city": "Paris"}}}
WEATHER = {"name": "get_weather", "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]}}
# The model's answer in two chunks: a text, then more text and a call to a function never declared.
CALLING = [
    {"candidates": [{"content": {"role": "model", "parts": [{"text": "Let me "}]}}]},
    {"candidates": [{"content": {"role": "model", "parts": [{"text": "look."}, UNDECLARED]}, "finishReason": "STOP"}]},
]
# A JSON answer in three chunks whose `age` is a string where the schema says an integer.
JSON_ANSWER = [
    {"candidates": [{"content": {"role": "model", "parts": [{"text": '{"name": "Ada", '}]}}]},
    {"candidates": [{"content": {"role": "model", "parts": [{"text": '"age": '}]}}]},
    {"candidates": [{"content": {"role": "model", "parts": [{"text": '"36"}'}]}, "finishReason": "STOP"}]},
]
PERSON = {"type": "OBJECT", "properties": {"name": {"type": "STRING"}, "age": {"type": "INTEGER"}}, "required": ["name", "age"]}
CALL_PATH = "response.candidates[0].content.parts[1].functionCall.name"  # in the folded answer: "Let me look." is part 0


def sdk(fake: FakeGemini, linter: Linter) -> Any:
    options = types.HttpOptions(
        api_version="v1beta",
        client_args={"transport": transport(fake.transport(), linter)},
        async_client_args={"transport": async_transport(fake.async_transport(), linter)},
    )
    return genai.Client(api_key="test-key", http_options=options)


def found(linter: Linter) -> list[tuple[str, str]]:
    return [(p.finding.code, p.finding.path) for p in linter.failures()]


def test_a_streamed_answer_that_calls_an_undeclared_function_is_found_in_the_folded_answer() -> None:
    linter = Linter(responses=True, fail_on="warning")
    c = sdk(FakeGemini(CALLING), linter)
    config = types.GenerateContentConfig(tools=[types.Tool(function_declarations=[types.FunctionDeclaration(**WEATHER)])])
    chunks = c.models.generate_content_stream(model="gemini-2.5-flash", contents="Weather in Paris?", config=config)
    assert [len(chunk.candidates[0].content.parts) for chunk in chunks] == [1, 2]  # the client gets the chunks as they came
    (problem,) = linter.failures()
    assert (problem.finding.code, problem.finding.path) == ("GW801", CALL_PATH)
    assert "streamGenerateContent?alt=sse" in problem.url and problem.at.startswith("tests/test_testing.py:")


def test_an_async_streamed_json_answer_that_breaks_its_schema_is_found_in_its_joined_text() -> None:
    linter = Linter(responses=True, fail_on="warning")
    c = sdk(FakeGemini(JSON_ANSWER), linter)
    config = types.GenerateContentConfig(response_mime_type="application/json", response_schema=PERSON)

    async def read() -> str:
        chunks = await c.aio.models.generate_content_stream(model="gemini-2.5-flash", contents="Who?", config=config)
        return "".join([chunk.text async for chunk in chunks])

    assert json.loads(asyncio.run(read())) == {"name": "Ada", "age": "36"}
    assert found(linter) == [("GW804", "response.candidates[0].content.parts[0].text.age")]  # into the joined text


def test_a_streamed_answer_framed_as_a_json_array_is_compared_too() -> None:
    linter = Linter(responses=True, fail_on="warning")
    url = STREAM.removesuffix("?alt=sse")  # no alt=sse: the server answers one JSON array
    body = {**HI, "tools": [{"functionDeclarations": [WEATHER]}]}
    with layer("linting", FakeGemini(CALLING).transport(httpx.__name__), linter) as client, client.stream("POST", url, json=body) as answer:
        assert json.loads(answer.read())[1]["candidates"][0]["content"]["parts"][1] == UNDECLARED
    assert found(linter) == [("GW801", CALL_PATH)]


def test_a_streamed_answer_is_compared_at_its_own_exchange_and_replayed_by_the_next() -> None:
    linter = Linter(responses=True, fail_on="warning")
    fake = FakeGemini(ANSWER, CALLING, ANSWER)
    c = sdk(fake, linter)
    tools = types.GenerateContentConfig(tools=[types.Tool(function_declarations=[types.FunctionDeclaration(**WEATHER)])])
    chat = c.chats.create(model="gemini-2.5-flash", config=tools)
    chat.send_message("hi")  # unary, good
    list(chat.send_message_stream("Weather in Paris?"))  # the stream: an undeclared call
    chat.send_message("and tomorrow?")  # replays the streamed turn without answering its call
    exchanges = [(p.finding.code, p.finding.path, p.url.rsplit(":", 1)[1]) for p in linter.failures() if p.finding.code.startswith("GW8")]
    # The SDK replays the streamed turn as it came, a model turn a chunk (contents[3] and [4]):
    # the user's turn after them leaves the call unanswered.
    assert exchanges == [
        ("GW801", CALL_PATH, "streamGenerateContent?alt=sse"),
        ("GW810", "request.contents[5]", "generateContent"),
    ]


def test_a_stream_the_client_closes_early_is_not_compared() -> None:
    linter = Linter(responses=True, fail_on="warning")
    body = {**HI, "tools": [{"functionDeclarations": [WEATHER]}]}
    with layer("transport", FakeGemini(CALLING).transport(httpx.__name__), linter) as client, client.stream("POST", STREAM, json=body) as answer:
        next(answer.iter_raw())
    assert linter.sent[0].response is None and linter.failures() == []


def test_a_stream_with_an_error_in_it_is_not_compared() -> None:
    linter = Linter(responses=True, fail_on="warning")
    body = {**HI, "tools": [{"functionDeclarations": [WEATHER]}]}
    events = [CALLING[1], {"error": {"code": 500, "message": "internal", "status": "INTERNAL"}}]
    with layer("transport", FakeGemini(events).transport(httpx.__name__), linter) as client, client.stream("POST", STREAM, json=body) as answer:
        answer.read()
    assert linter.sent[0].response is None and "GW801" not in [code for code, _ in found(linter)]


def test_a_unary_answer_is_kept_as_it_came() -> None:
    linter = Linter(responses=True, fail_on="warning")
    unary = {"candidates": [{"content": {"role": "model", "parts": [UNDECLARED]}, "finishReason": "STOP"}]}
    body = {**HI, "tools": [{"functionDeclarations": [WEATHER]}]}
    with layer("transport", FakeGemini(unary).transport(httpx.__name__), linter) as client:
        client.post(STREAM.replace("streamGenerateContent?alt=sse", "generateContent"), json=body)
    assert json.loads(linter.sent[0].response or b"") == unary
    assert found(linter) == [("GW801", "response.candidates[0].content.parts[0].functionCall.name")]


# --------------------------------------------------------------------------- the fake server


def test_the_fake_frames_each_answer_as_the_server_would() -> None:
    chunk = {"candidates": [{"content": {"role": "model", "parts": [{"text": "a"}]}}]}
    fake = FakeGemini(ANSWER, [chunk, chunk], {"error": {"code": 429, "message": "slow down", "status": "RESOURCE_EXHAUSTED"}})
    base = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:"
    assert fake.reply("POST", base + "generateContent") == (200, fake_module.JSON, [json.dumps(ANSWER).encode()])
    status, _, chunks = fake.reply("POST", base + "streamGenerateContent")  # no alt=sse: one JSON array
    assert status == 200 and json.loads(b"".join(chunks)) == [chunk, chunk] and len(chunks) == 3  # and `]`
    assert fake.reply("POST", base + "generateContent")[0] == 429
    assert fake.reply("POST", base + "generateContent")[0] == 429  # the last answer, again
    fake.add([chunk])
    status, headers, chunks = fake.reply("POST", base + "streamGenerateContent?alt=sse")
    assert headers["content-type"] == "text/event-stream" and chunks == [b"data: " + json.dumps(chunk).encode() + b"\r\n\r\n"]
    with pytest.raises(ValueError, match="one dict"):
        fake.reply("POST", base + "generateContent")  # a stream's chunks for a unary call
    assert fake.reply("GET", "https://oauth2.googleapis.com/token?access_token=abc")[0] == 404
