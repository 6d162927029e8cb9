"""Lint every request a test run sends to Gemini: transport wrappers, a fake server, and what the
pytest plugin (gemini_wire.pytest_plugin) runs on.

The google-genai SDK sends through httpx or its fork httpx2 (whichever its `http_options` name,
else the one installed). Each request to a (stream)generateContent URL is checked in the dialect
and with the model of its URL, and each Interactions API call (create, get, cancel, delete:
documents.traffic.operation) in the dialect of its URL; other requests pass untouched. Nothing here opens a connection:
the wrapped transport (or the client's own) does the sending, and `FakeGemini` answers offline.

    linter = Linter()
    fake = FakeGemini({"candidates": [...]})            # canned answers; unary, SSE or JSON array
    options = types.HttpOptions(client_args={"transport": transport(fake.transport(), linter)},
                                async_client_args={"transport": async_transport(fake.async_transport(), linter)})
    ...
    linter.assert_clean()                    # LintFailure (an AssertionError) with the findings

`linter.problems` holds every finding of every call; those at or above `fail_on` (default
`error`) fail. Responses are checked too with `responses=True`, as the client reads them: a
stream passes through chunk by chunk (its first chunk reaches the client at once, an endless
one keeps no chunk), and its problems are reported when it ends. With `responses=True` the calls
are also checked as exchanges and a conversation (GW8xx, gemini_wire.documents.exchanges) when
the findings are asked for: each response against its request, each request against the call it
replays. A unary answer is kept as it came; a streamed one is folded as it passes (a
stream.aggregate.Folder: what is kept is the answer so far, never the chunks), up to MAX_FOLDED
bytes of stream: past that the fold is dropped and an UncomparedNote (a warning) says once that
this answer is not compared. A stream closed before its end, or with an error, is not compared
either. An Interactions API answer is kept until its end and checked whole, as a recorded one is
(documents.traffic), its conversation apart from generateContent's (GW85x). A host that no dialect serves
(a local gateway, a proxy) is read in the `fallback` dialect (an Interactions one reads the calls to
an Interactions API path there, and leaves generateContent's to `gemini`). A call that passes two linting
layers (the plugin's and a transport the test added) is checked once, by the outer one. URLs,
messages and paths are masked (gemini_wire.secrets) before anything is kept or printed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import types
import warnings
import weakref
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

from gemini_wire import dialects
from gemini_wire.documents.check import Selection
from gemini_wire.documents.exchanges import Found, conversation_findings, read_call
from gemini_wire.documents.interactions_exchanges import (
    interactions_conversation_findings,
    read_interaction_call,
)
from gemini_wire.documents.traffic import (
    DELETE,
    ERROR_STATUS,
    EXCHANGE_AREA,
    Tally,
    check_call,
    gateway_dialect,
    operation,
)
from gemini_wire.fake import BACKENDS, FakeGemini, every_installed, installed
from gemini_wire.findings import SEVERITIES, Finding, Severity, WireError, fails, masked, relocate
from gemini_wire.limits import MAX_DOCUMENT, size_text
from gemini_wire.models import profile
from gemini_wire.recordings import Body
from gemini_wire.secrets import mask
from gemini_wire.stream import StreamDecoder
from gemini_wire.stream.aggregate import Folder

__all__ = ["FakeGemini", "LintFailure", "Linter", "Problem", "UncomparedNote", "async_transport", "linting", "transport"]

SHOWN = 20  # findings in one failure message
# The most of a streamed answer folded for the exchange checks, counted in the stream's bytes
# (which bound what the fold holds: the answer's text and calls, less each chunk's envelope):
# as much as the command line reads of one document. Past it the fold is dropped.
MAX_FOLDED = MAX_DOCUMENT
# Packages whose frames stand between a test and the transport: the test's own line is the
# innermost frame outside them.
PLUMBING = frozenset(
    {"gemini_wire", "httpx", "httpx2", "httpcore", "google", "anyio", "asyncio", "sniffio", "tenacity",
     "contextlib", "concurrent", "threading", "selectors", "pydantic", "_pytest", "pluggy"}
)


class UncomparedNote(UserWarning):
    """A streamed answer longer than the fold keeps (MAX_FOLDED): it was checked chunk by chunk,
    but is not compared with its request (GW8xx). Told once an answer, as a warning, not a finding."""


class LintFailure(AssertionError):
    """Calls with findings at or above the fail level; `problems` has them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines: list[str] = []
        call = None
        for p in problems[:SHOWN]:  # the findings of a call under one line that names it
            if p.call != call:
                call = p.call
                lines.append(f"  {call}")
            lines.append(p.shown())
        if len(problems) > SHOWN:
            lines.append(f"... and {len(problems) - SHOWN} more")
        super().__init__(f"gemini-wire: {len(problems)} finding(s) in Gemini traffic\n" + "\n".join(lines))


@dataclass(frozen=True)
class Problem:
    """One finding of one call: where the test made it, the URL (masked), the dialect and model
    it was checked in, and the finding (masked)."""

    url: str
    dialect: str
    model: str
    finding: Finding
    at: str = ""  # file:line of the test's code that made the call

    @property
    def call(self) -> str:
        """The call: the test's line, the URL, the dialect and the model."""
        return f"{self.at + ': ' if self.at else ''}{self.url} ({self.dialect}, {self.model})"

    def shown(self) -> str:
        """The finding, its path and its fix."""
        f = self.finding
        where = f" at {f.path}" if f.path else ""
        return f"    {f.code} {f.severity}: {f.message}{where}\n      fix: {f.hint}"

    def __str__(self) -> str:
        return f"  {self.call}\n{self.shown()}"


@dataclass
class Linter:
    """Checks calls as they are sent (and answered), and keeps what it found and what it saw.

    `select`/`ignore` choose rules by code or prefix, as `gemini-wire lint` does; `model` is the
    model for a URL whose own model gemini-wire does not know (a gateway's alias, a tuned model).
    `fallback` reads the calls at a host that no dialect serves (a gateway): a generateContent
    dialect its generateContent calls; an Interactions dialect (`interactions-v1`) its calls to an
    Interactions API path, and its generateContent calls in `gemini`."""

    fail_on: Severity = "error"
    responses: bool = False
    fallback: str = "gemini"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    model: str | None = None
    problems: list[Problem] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    selection: Selection = field(init=False)
    # The calls since the last assert_clean, in order, for the exchange checks (GW8xx): kept
    # only with `responses`, each with its answer (a stream folded) once it is read.
    sent: list[Sent] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.fail_on not in SEVERITIES:
            raise ValueError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {self.fail_on!r}")
        dialects.full_name(self.fallback)  # ValueError for a name no dialect has
        self.selection = Selection(tuple(self.select), tuple(self.ignore))

    def wants(self, url: str, method: str = "") -> bool:
        """Whether a call is one this linter checks (a generateContent endpoint, an Interactions
        API call: `method` tells a delete from a get)."""
        return dialects.endpoint(url) is not None or operation(url, method, self.fallback) is not None

    def check(
        self, url: str, request: bytes | None, status: int | None = None, response: bytes | None = None, method: str = ""
    ) -> Sent | None:
        """Check one call (a request, and a response when one is given); the call as kept for
        the exchange checks, whose answer its `watch` fills in, or None when it is not kept."""
        __tracebackhide__ = True
        exchange = check_call(
            url,
            Body(request) if request is not None else None,
            Body(response) if response is not None else None,
            status,
            self.fallback,
            model=self.model_for(url),
            selection=self.selection,
            method=method,
        )
        if exchange is None:
            return None
        kept = None
        if request is not None:  # a response alone is the second half of a call already counted
            self.tally.interactions += 1
            self.tally.count(exchange)
            if self.responses and self.exchanges_selected and not exchange.skipped and not deleting(url, method, self.fallback):
                kept = Sent(url, request, exchange.dialect, exchange.model, caller())
                self.sent.append(kept)
        self.report(url, exchange.dialect, exchange.model, exchange.findings)
        return kept

    @property
    def exchanges_selected(self) -> bool:
        return any(code.startswith(EXCHANGE_AREA) for code in self.selection.codes)

    def settle(self) -> None:
        """Check the calls sent since the last time as exchanges and a conversation (GW8xx): each
        response against its request, each request against the call it replays."""
        sent, self.sent = self.sent, []
        generate = [s for s in sent if s.dialect not in dialects.INTERACTIONS]
        calls = [read_call(s.request, s.response, dialects.dialect(s.dialect), s.model) for s in generate]
        self.keep(generate, conversation_findings(calls, linted=self.selection.codes))  # each request is linted too
        ix = [s for s in sent if s.dialect in dialects.INTERACTIONS]
        self.keep(ix, interactions_conversation_findings([read_interaction_call(s.request, s.response, s.dialect, s.model) for s in ix], linted=self.selection.codes))

    def keep(self, sent: list[Sent], found: list[Found]) -> None:
        """Keep the selected findings of a conversation of these calls, masked, on their calls."""
        for f in found:
            s = sent[f.index]
            if f.finding.code in self.selection:
                self.problems.append(Problem(mask(s.url), s.dialect, s.model, masked(relocate(f.finding, (f.document,))), s.at))

    def model_for(self, url: str) -> str | None:
        """The configured model, for a URL whose own model has no profile; else None (the URL's)."""
        called = dialects.endpoint(url)
        if self.model is None or called is None or profile(called.model) is not None:
            return None
        return self.model

    def report(self, url: str, dialect: str, model: str, findings: list[Finding]) -> None:
        """Keep the selected findings of a call, masked, with the test's line that made it."""
        chosen = [f for f in findings if f.code in self.selection]
        if chosen:
            at, shown = caller(), mask(url)
            self.problems += [Problem(shown, dialect, model, masked(f), at) for f in chosen]

    def failures(self) -> list[Problem]:
        """The problems at or above the fail level (the calls sent so far checked as exchanges)."""
        self.settle()
        return [p for p in self.problems if fails(p.finding.severity, self.fail_on)]

    def assert_clean(self) -> None:
        """Raise LintFailure if a call had a finding at or above the fail level; forget them all
        (and the calls kept for the exchange checks)."""
        __tracebackhide__ = True
        failures, self.problems = self.failures(), []
        if failures:
            raise LintFailure(failures)

    def watch(self, url: str, status: int, sent: Sent | None = None, method: str = "") -> Watch:
        """A check of a response's body that is fed as the client reads it; the answer of `sent`
        (the call as `check` kept it) once read: a unary body, or a stream folded as it passes."""
        called = dialects.endpoint(url)
        answered = sent if status < ERROR_STATUS else None  # an error body: nothing to compare
        if called is None:
            asked = operation(url, method, self.fallback)
            assert asked is not None  # only calls that `wants` are watched
            model = sent.model if sent is not None else ""
            return Watch(self, url, status, asked.dialect, model, None, stream=False, sent=answered, method=method)
        name = dialects.canonical(called.dialect or gateway_dialect(self.fallback))
        decoder: StreamDecoder[Any, Any] | None = StreamDecoder(dialects.dialect(name)) if called.stream else None
        folder: Folder[Any] | None = Folder() if called.stream and answered is not None else None
        return Watch(self, url, status, name, self.model_for(url) or called.model, decoder, called.stream, answered, folder)


def deleting(url: str, method: str, fallback: str) -> bool:
    """Whether a call is an Interactions API delete (no conversation's: its answer is none)."""
    asked = operation(url, method, fallback)
    return asked is not None and asked.what == DELETE


@dataclass
class Sent:
    """A call kept for the exchange checks: its request, and its unary response once read."""

    url: str
    request: bytes
    dialect: str
    model: str
    at: str
    response: bytes | None = None


def caller() -> str:
    """`file:line` of the innermost frame outside the libraries between a test and a transport."""
    frame = sys._getframe(1)
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).split(".")[0] not in PLUMBING:
            name = frame.f_code.co_filename
            with contextlib.suppress(ValueError):  # another drive (Windows)
                relative = os.path.relpath(name)
                name = name if relative.startswith("..") else relative
            return f"{name}:{frame.f_lineno}"
        frame = frame.f_back  # type: ignore[assignment]
    return ""


@dataclass
class Watch:
    """A response body checked as it passes: a stream chunk by chunk through a StreamDecoder (the
    responses a chunk completes are folded into the answer for the exchange checks, when the call
    is kept for them, and dropped: no chunk is kept; the first problem is reported), a unary body
    kept until its end and linted whole, as `gemini-wire lint` lints a recorded one (every finding)."""

    linter: Linter
    url: str
    status: int
    dialect: str
    model: str
    decoder: StreamDecoder[Any, Any] | None  # None for a unary call, or a stream with a problem
    stream: bool
    sent: Sent | None = None  # the call kept for the exchange checks, whose answer this is
    folder: Folder[Any] | None = None  # a stream's answer so far; None when it will not be compared
    folded: int = 0  # the bytes of stream folded
    body: bytearray = field(default_factory=bytearray)
    found: list[Finding] = field(default_factory=list)
    ended: bool = False
    method: str = ""  # the HTTP method (an Interactions API delete's answer is not read)

    def feed(self, chunk: bytes) -> None:
        if not self.stream:
            self.body += chunk
        elif self.decoder is not None:
            try:
                items = self.decoder.feed(chunk)
            except WireError as e:  # the decoder stops at its first problem; the bytes still pass
                self.found, self.decoder, self.folder = e.findings, None, None
                return
            self.fold(len(chunk), items)

    def fold(self, size: int, items: list[Any]) -> None:
        """Fold a chunk's responses into the answer, or give up on comparing it: past MAX_FOLDED
        (said once), or for an error in the stream or chunks that do not fold."""
        if self.folder is None:
            return
        self.folded += size
        if self.folded > MAX_FOLDED:
            self.folder = None
            shown = f"{caller()}: {mask(self.url)}"
            message = (f"{shown}: the streamed answer is longer than the {size_text(MAX_FOLDED)} that the exchange checks"
                       " fold (gemini_wire.testing.MAX_FOLDED): its chunks were checked, it is not compared with its request")
            warnings.warn(UncomparedNote(message), stacklevel=2)
            return
        answer = dialects.dialect(self.dialect).structs.GenerateContentResponse
        try:
            for item in items:
                if not isinstance(item, answer):
                    raise TypeError("an error body in the stream")  # nothing to compare, as lint does
                self.folder.add(item)
        except (WireError, ValueError, TypeError):
            self.folder = None

    def answer(self) -> None:
        """The folded stream, encoded, as the kept call's answer (the fold's structs dropped)."""
        if self.folder is None or not self.folder.count or self.sent is None:
            return
        with contextlib.suppress(WireError, ValueError, TypeError):  # as lint: an answer that does not fold is not compared
            self.sent.response = dialects.dialect(self.dialect).encode(self.folder.result())

    def end(self, *, complete: bool) -> None:
        """Report what was found; `complete`: the body was read to its end (not closed early)."""
        __tracebackhide__ = True
        if self.ended:
            return
        self.ended = True
        found: list[Finding] = []
        if self.stream:
            if self.decoder is not None and complete:
                try:
                    self.fold(0, self.decoder.close())
                except WireError as e:
                    self.found, self.folder = e.findings, None
                self.answer()
            self.folder = None  # a stream closed before its end is not compared: its answer is cut
            found = [relocate(f, ("response",)) for f in self.found]
        elif complete:
            body, self.body = Body(bytes(self.body)), bytearray()
            if self.sent is not None:
                self.sent.response = body.data
            exchange = check_call(
                self.url, None, body, self.status, self.linter.fallback, model=self.model, selection=self.linter.selection,
                method=self.method,
            )
            found = exchange.findings if exchange is not None else []
        self.linter.report(self.url, self.dialect, self.model, found)


# --------------------------------------------------------------------------- transports


def backend(inner: object | None = None) -> types.ModuleType:
    """httpx or httpx2: the package of the inner transport, else the one installed."""
    names = [c.__module__.split(".")[0] for c in type(inner).__mro__] if inner is not None else []
    module: types.ModuleType = installed(next((n for n in names if n in BACKENDS), None))
    return module


# The requests that a linting layer has taken: a call that passes two layers is checked once.
CLAIMED: weakref.WeakSet[Any] = weakref.WeakSet()


def claim(linter: Linter, request: Any) -> bool:
    """Whether this layer checks the request (a generateContent call no outer layer took)."""
    if request in CLAIMED or not linter.wants(str(request.url), request.method):
        return False
    CLAIMED.add(request)
    return True


def watched(linter: Linter, request: Any, response: Any, sent: Sent | None) -> None:
    """Check the response (when asked) as the client reads it: its stream wrapped, or its body
    at once when the transport gave it whole; `sent`, the call as `check` kept it, gets it."""
    __tracebackhide__ = True
    if not linter.responses:
        return
    watch = linter.watch(str(request.url), response.status_code, sent, request.method)
    if response.is_stream_consumed:  # built from bytes: nothing to wait for
        watch.feed(response.content)
        watch.end(complete=True)
        return
    module = backend(response)
    if isinstance(response.stream, module.AsyncByteStream):
        response.stream = type("WatchedAsyncStream", (_WatchedAsync, module.AsyncByteStream), {})(response.stream, watch)
    else:
        response.stream = type("WatchedStream", (_Watched, module.SyncByteStream), {})(response.stream, watch)


class _Watched:
    """A sync response stream that feeds each chunk to a Watch on its way to the client."""

    def __init__(self, inner: Any, watch: Watch) -> None:
        self.inner, self.watch = inner, watch

    def __iter__(self) -> Iterator[bytes]:
        __tracebackhide__ = True
        for chunk in self.inner:
            self.watch.feed(chunk)
            yield chunk
        self.watch.end(complete=True)

    def close(self) -> None:
        self.watch.end(complete=False)
        self.inner.close()


class _WatchedAsync:
    """An async response stream that feeds each chunk to a Watch on its way to the client."""

    def __init__(self, inner: Any, watch: Watch) -> None:
        self.inner, self.watch = inner, watch

    async def __aiter__(self) -> AsyncIterator[bytes]:
        __tracebackhide__ = True
        async for chunk in self.inner:
            self.watch.feed(chunk)
            yield chunk
        self.watch.end(complete=True)

    async def aclose(self) -> None:
        self.watch.end(complete=False)
        await self.inner.aclose()


class _Transport:
    """Checks each request, then hands it to the inner transport."""

    def __init__(self, inner: Any, linter: Linter) -> None:
        self.inner = inner
        self.linter = linter

    def handle_request(self, request: Any) -> Any:
        __tracebackhide__ = True
        if not claim(self.linter, request):
            return self.inner.handle_request(request)
        sent = self.linter.check(str(request.url), request.read(), method=request.method)
        response = self.inner.handle_request(request)
        watched(self.linter, request, response, sent)
        return response

    def close(self) -> None:
        self.inner.close()


class _AsyncTransport:
    """Checks each request, then hands it to the inner async transport."""

    def __init__(self, inner: Any, linter: Linter) -> None:
        self.inner = inner
        self.linter = linter

    async def handle_async_request(self, request: Any) -> Any:
        __tracebackhide__ = True
        if not claim(self.linter, request):
            return await self.inner.handle_async_request(request)
        sent = self.linter.check(str(request.url), await request.aread(), method=request.method)
        response = await self.inner.handle_async_request(request)
        watched(self.linter, request, response, sent)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def transport(inner: Any = None, linter: Linter | None = None) -> Any:
    """A sync transport (httpx or httpx2, as `inner` is) that lints each Gemini request, then
    sends it through `inner` (default: a real HTTPTransport)."""
    module = backend(inner)
    # A subclass of the backend's own BaseTransport, so that the SDK picks the same backend.
    cls = type("LintingTransport", (_Transport, module.BaseTransport), {})
    return cls(inner if inner is not None else module.HTTPTransport(), linter or Linter())


def async_transport(inner: Any = None, linter: Linter | None = None) -> Any:
    """An async transport that lints each Gemini request, then sends it through `inner`."""
    module = backend(inner)
    cls = type("AsyncLintingTransport", (_AsyncTransport, module.AsyncBaseTransport), {})
    return cls(inner if inner is not None else module.AsyncHTTPTransport(), linter or Linter())


@contextlib.contextmanager
def linting(linter: Linter) -> Iterator[Linter]:
    """Inside the block, every request that any httpx or httpx2 client sends is checked."""
    saved: list[tuple[type, Any]] = []
    for module in every_installed():
        for cls, method in ((module.Client, sync_send), (module.AsyncClient, async_send)):
            saved.append((cls, cls.send))
            cls.send = method(cls.send, linter)
    try:
        yield linter
    finally:
        for cls, original in reversed(saved):
            cls.send = original


def sync_send(original: Any, linter: Linter) -> Any:
    # The call is sent as a stream whatever the caller asked, so that the response passes through
    # the check as it is read; a caller that did not ask for a stream gets it read, as httpx does.
    def send(client: Any, request: Any, *, stream: bool = False, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        if not claim(linter, request):
            return original(client, request, stream=stream, **kwargs)
        sent = linter.check(str(request.url), request.read(), method=request.method)
        response = original(client, request, stream=True, **kwargs)
        watched(linter, request, response, sent)
        if not stream:
            try:
                response.read()
            except BaseException:
                response.close()
                raise
        return response

    return send


def async_send(original: Any, linter: Linter) -> Any:
    async def send(client: Any, request: Any, *, stream: bool = False, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        if not claim(linter, request):
            return await original(client, request, stream=stream, **kwargs)
        sent = linter.check(str(request.url), await request.aread(), method=request.method)
        response = await original(client, request, stream=True, **kwargs)
        watched(linter, request, response, sent)
        if not stream:
            try:
                await response.aread()
            except BaseException:
                await response.aclose()
                raise
        return response

    return send
