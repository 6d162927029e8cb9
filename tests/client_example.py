"""A client as one that depends on gemini-wire writes it: sync and async over httpx(2), unary calls,
both stream framings, an error with its retry delay, and a second turn that carries the first.

Written against the public API only, for one endpoint version; tests/test_client_example.py runs it
and type-checks it with `mypy --strict` for each of the four dialects, by putting the dialect's
module and name where this one says `gemini` and "gemini-v1beta".
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Final

if sys.version_info >= (3, 11):
    from typing import assert_type

    import httpx2 as httpx  # httpx's successor, the HTTP package google-genai prefers (same API)
else:  # httpx2 needs Python 3.11; httpx has the same API
    import httpx
    from typing_extensions import assert_type

import gemini_wire
from gemini_wire import gemini as api
from gemini_wire.testing import FakeGemini

DIALECT: Final = "gemini-v1beta"
API = api.DIALECT.api  # "gemini" or "vertex"
VERSION = api.DIALECT.version
BASE = (
    f"https://generativelanguage.googleapis.com/{VERSION}/models/gemini-2.5-flash"
    if API == "gemini"
    else f"https://aiplatform.googleapis.com/{VERSION}/projects/p/locations/global/publishers/google/models/gemini-2.5-flash"
)


class RateLimited(Exception):
    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def request(contents: Sequence[api.Content]) -> bytes:
    config = api.GenerationConfig(temperature=0.2, max_output_tokens=256)
    return api.encode(api.GenerateContentRequest(contents=list(contents), generation_config=config))


def user(text: str) -> api.Content:
    return api.Content(role="user", parts=[api.Part(text=text)])


def raise_for(status: int, body: bytes) -> None:
    if status < 400:
        return
    error = api.decode_error(body)
    message = f"{gemini_wire.error_code(error)} {gemini_wire.error_status(error)}: {gemini_wire.error_message(error)}"
    if status == 429:
        raise RateLimited(message, gemini_wire.retry_delay(error))
    raise RuntimeError(message)


def streamed(items: Sequence[api.GenerateContentResponse | api.ErrorBody]) -> api.GenerateContentResponse:
    chunks: list[api.GenerateContentResponse] = []
    for item in items:
        if isinstance(item, api.ErrorBody):
            raise RuntimeError(gemini_wire.error_message(item))
        chunks.append(item)
    return gemini_wire.aggregate(chunks)


class Client:
    def __init__(self, transport: httpx.BaseTransport) -> None:
        self.http = httpx.Client(transport=transport)

    def generate(self, contents: Sequence[api.Content]) -> api.GenerateContentResponse:
        reply = self.http.post(f"{BASE}:generateContent", content=request(contents))
        raise_for(reply.status_code, reply.content)
        return api.decode_response(reply.content)

    def stream(self, contents: Sequence[api.Content], *, sse: bool) -> api.GenerateContentResponse:
        url = f"{BASE}:streamGenerateContent" + ("?alt=sse" if sse else "")
        with self.http.stream("POST", url, content=request(contents)) as reply:
            if reply.status_code >= 400:
                raise_for(reply.status_code, reply.read())
            items = gemini_wire.iter_responses(reply.iter_bytes(), api.DIALECT)  # the dialect, or its name
            assert_type(items, Iterator[api.GenerateContentResponse | api.ErrorBody])
            return streamed(list(items))


class AsyncClient:
    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self.http = httpx.AsyncClient(transport=transport)

    async def generate(self, contents: Sequence[api.Content]) -> api.GenerateContentResponse:
        reply = await self.http.post(f"{BASE}:generateContent", content=request(contents))
        raise_for(reply.status_code, reply.content)
        return api.decode_response(reply.content)

    async def stream(self, contents: Sequence[api.Content], *, sse: bool) -> api.GenerateContentResponse:
        url = f"{BASE}:streamGenerateContent" + ("?alt=sse" if sse else "")
        async with self.http.stream("POST", url, content=request(contents)) as reply:
            if reply.status_code >= 400:
                raise_for(reply.status_code, await reply.aread())
            items = gemini_wire.aiter_responses(reply.aiter_bytes(), DIALECT)
            assert_type(items, AsyncIterator[api.GenerateContentResponse | api.ErrorBody])
            return streamed([item async for item in items])


Json = dict[str, Any]
SIGNED: Json = {"text": "", "thoughtSignature": "c2lnbmVk"}
CHUNKS: list[Json] = [
    {"candidates": [{"content": {"role": "model", "parts": [{"text": "Hello, "}]}, "index": 0}]},
    {"candidates": [{"content": {"role": "model", "parts": [{"text": "world."}, SIGNED]}, "index": 0}]},
    {
        "candidates": [{"content": {"role": "model", "parts": [{"text": ""}]}, "finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 4, "totalTokenCount": 7},
    },
]
CALL: Json = {
    "candidates": [
        {
            "content": {"role": "model", "parts": [{"functionCall": {"name": "weather", "args": {"city": "Oslo"}}}]},
            "finishReason": "STOP",
        }
    ]
}
QUOTA: Json = {
    "error": {
        "code": 429,
        "message": "Resource has been exhausted.",
        "status": "RESOURCE_EXHAUSTED",
        "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "38s"}],
    }
}


def conversation(first: api.GenerateContentResponse, history: list[api.Content]) -> list[api.Content]:
    """The history for the second turn: the model's answer, signed, then the next question."""
    contents = gemini_wire.append_response(history, first)
    contents.append(user("And in Bergen?"))
    return gemini_wire.curated_history(contents)


def run_sync() -> list[str]:
    fake = FakeGemini(CHUNKS, CHUNKS, CALL, QUOTA)
    client = Client(fake.transport(httpx.__name__))
    history = [user("Hi")]
    seen: list[str] = []
    for sse in (True, False):
        answer = client.stream(history, sse=sse)
        assert gemini_wire.text(answer) == "Hello, world.", gemini_wire.text(answer)
        assert gemini_wire.finish_reason(answer) == "STOP"
        assert gemini_wire.thought_signatures(answer) == [b"signed"]
        assert gemini_wire.usage(answer).total == 7
        seen.append(gemini_wire.text(answer))
    contents = conversation(answer, history)
    assert [c.role for c in contents] == ["user", "model", "user"]
    second = client.generate(contents)
    calls = gemini_wire.function_calls(second)
    assert [(c.name, c.args) for c in calls] == [("weather", {"city": "Oslo"})]
    seen.append(calls[0].name)
    try:
        client.generate(contents)
    except RateLimited as e:
        assert e.retry_after == 38.0
        seen.append(str(e))
    else:
        raise AssertionError("a 429 answers the fourth call")
    return seen


async def run_async() -> list[str]:
    fake = FakeGemini(CHUNKS, CHUNKS, CALL, QUOTA)
    client = AsyncClient(fake.async_transport(httpx.__name__))
    history = [user("Hi")]
    seen: list[str] = []
    for sse in (True, False):
        answer = await client.stream(history, sse=sse)
        assert gemini_wire.thought_signatures(answer) == [b"signed"]
        seen.append(gemini_wire.text(answer))
    second = await client.generate(conversation(answer, history))
    seen.append(gemini_wire.function_calls(second)[0].name)
    try:
        await client.generate(history)
    except RateLimited as e:
        seen.append(str(e))
    return seen


def main() -> None:
    expected = run_sync()
    assert asyncio.run(run_async()) == expected, expected


if __name__ == "__main__":
    main()
