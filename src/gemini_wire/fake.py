"""FakeGemini: canned answers to generateContent calls, as httpx or httpx2 transports, offline.

    fake = FakeGemini({"candidates": [...]}, [{chunk}, {chunk}])   # answers, in order
    options = types.HttpOptions(client_args={"transport": fake.transport()},
                                async_client_args={"transport": fake.async_transport()})

An answer is one response (a dict), or the chunks of a stream (a list of dicts); the answers are
given in order, and the last one again once they run out (the default answer says "OK"). A
streamGenerateContent call gets its answer framed as the server frames it: Server-Sent Events
for `alt=sse`, else one JSON array, chunk by chunk, as a stream the client reads while it comes;
a unary call gets one JSON object. An error body (`{"error": {"code": 429, ...}}`) is answered
with its code as the status. Any other request gets a 404 error body that says so: nothing
leaves the process. `offline()` makes the real transports of httpx and httpx2 answer from the
fake too, so that a client built without the fake's transport cannot reach the network either.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

from gemini_wire import endpoints
from gemini_wire.secrets import mask

__all__ = ["FakeGemini"]

BACKENDS = ("httpx2", "httpx")  # the google-genai SDK's order of preference
Answer = dict[str, Any] | list[dict[str, Any]]
OK: dict[str, Any] = {
    "candidates": [{"content": {"role": "model", "parts": [{"text": "OK"}]}, "finishReason": "STOP", "index": 0}],
    "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 1, "totalTokenCount": 2},
}
SSE = {"content-type": "text/event-stream"}
JSON = {"content-type": "application/json; charset=UTF-8"}


class FakeGemini:
    """A Gemini server in the process: each generateContent call gets the next canned answer."""

    def __init__(self, *answers: Answer) -> None:
        self.answers: list[Answer] = list(answers) or [OK]
        self.spent = not answers  # the one answer left was given already (or is the default)
        self.calls = 0  # generateContent calls answered

    def add(self, *answers: Answer) -> None:
        """More answers, given after those not given yet (an answer given already is dropped)."""
        self.answers = [*([] if self.spent else self.answers), *answers]
        self.spent = False

    def reply(self, method: str, url: str) -> tuple[int, dict[str, str], list[bytes]]:
        """The status, headers and body chunks that answer a request."""
        called = endpoints.endpoint(url)
        if called is None:
            message = f"gemini-wire's FakeGemini answers generateContent calls only, not {method} {mask(url)}"
            return 404, JSON, [json.dumps({"error": {"code": 404, "message": message, "status": "NOT_FOUND"}}).encode()]
        if len(self.answers) > 1:
            answer = self.answers.pop(0)
        else:
            answer, self.spent = self.answers[0], True
        self.calls += 1
        if isinstance(answer, dict) and "error" in answer:
            code = answer["error"].get("code") if isinstance(answer["error"], dict) else None
            return code if isinstance(code, int) and code >= 400 else 500, JSON, [json.dumps(answer).encode()]
        chunks = answer if isinstance(answer, list) else [answer]
        encoded = [json.dumps(c).encode() for c in chunks]
        if not called.stream:
            if isinstance(answer, list):
                raise ValueError("FakeGemini: a list of chunks answers streamGenerateContent; give generateContent one dict")
            return 200, JSON, encoded
        if called.sse:
            return 200, SSE, [b"data: " + c + b"\r\n\r\n" for c in encoded]
        return 200, JSON, [b"[" + encoded[0], *(b"\n,\r\n" + c for c in encoded[1:]), b"\n]"]  # the server's bytes

    def transport(self, backend: str | None = None) -> Any:
        """A sync transport of httpx2 or httpx (default: the one the SDK prefers) that answers."""
        module = installed(backend)
        fake = self

        class FakeTransport(module.BaseTransport):  # type: ignore[name-defined,misc]
            def handle_request(self, request: Any) -> Any:
                status, headers, chunks = fake.reply(request.method, str(request.url))
                return module.Response(status, headers=headers, content=iter(chunks))

        return FakeTransport()

    def async_transport(self, backend: str | None = None) -> Any:
        """An async transport of httpx2 or httpx that answers."""
        module = installed(backend)
        fake = self

        class AsyncFakeTransport(module.AsyncBaseTransport):  # type: ignore[name-defined,misc]
            async def handle_async_request(self, request: Any) -> Any:
                status, headers, chunks = fake.reply(request.method, str(request.url))
                return module.Response(status, headers=headers, content=one_by_one(chunks))

        return AsyncFakeTransport()

    @contextlib.contextmanager
    def offline(self) -> Iterator[FakeGemini]:
        """Inside the block, the real transports of httpx and httpx2 answer from this fake."""
        saved: list[tuple[type, str, Any]] = []
        for module in every_installed():
            sync, asynchronous = self.transport(module.__name__), self.async_transport(module.__name__)
            for cls, method, handler in (
                (module.HTTPTransport, "handle_request", lambda _, request, t=sync: t.handle_request(request)),
                (module.AsyncHTTPTransport, "handle_async_request",
                 lambda _, request, t=asynchronous: t.handle_async_request(request)),
            ):
                saved.append((cls, method, getattr(cls, method)))
                setattr(cls, method, handler)
        try:
            yield self
        finally:
            for cls, method, original in reversed(saved):
                setattr(cls, method, original)


def installed(name: str | None = None) -> Any:
    """The HTTP package named (httpx2 or httpx), else the first of BACKENDS that is installed."""
    for candidate in (name,) if name else BACKENDS:
        with contextlib.suppress(ImportError):
            return importlib.import_module(candidate)
    raise ImportError("gemini_wire.testing needs httpx or httpx2 (google-genai installs one)")


def every_installed() -> list[Any]:
    """The packages of BACKENDS that are installed."""
    found = []
    for name in BACKENDS:
        with contextlib.suppress(ImportError):
            found.append(importlib.import_module(name))
    return found


async def one_by_one(chunks: list[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk
