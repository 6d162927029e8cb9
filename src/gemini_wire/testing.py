"""Lint every request a test run sends to Gemini: transport wrappers and a pytest plugin.

The google-genai SDK sends through httpx or its fork httpx2 (whichever its `http_options` name,
else the one installed). Each request to a (stream)generateContent URL is checked in the dialect
and with the model of its URL; other requests pass untouched. Nothing here opens a connection:
the wrapped transport (or the client's own) does the sending.

    # pytest (the plugin is gemini_wire.pytest_plugin): one line in [tool.pytest.ini_options]
    gemini_wire = true                      # or `pytest --gemini-wire`, or the fixture
                                            # `gemini_wire_lint` in the tests that want it

    # any test, or without pytest: wrap the transport the client is given
    linter = Linter()
    options = types.HttpOptions(client_args={"transport": transport(inner, linter)},
                                async_client_args={"transport": async_transport(inner_async, linter)})
    ...
    linter.assert_clean()                    # LintFailure (an AssertionError) with the findings

A finding at or above `fail_on` (default `error`) fails the test; responses are checked too with
`responses=True` (`gemini_wire_responses = true`). A host that no dialect serves (a local
gateway, a proxy) is read in the `fallback` dialect.
"""

from __future__ import annotations

import contextlib
import importlib
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gemini_wire import dialects
from gemini_wire.cli.check import SEVERITY_RANK
from gemini_wire.cli.traffic import Tally, check_exchange
from gemini_wire.findings import Finding, Severity
from gemini_wire.recordings import Body

__all__ = ["LintFailure", "Linter", "async_transport", "linting", "transport"]

BACKENDS = ("httpx2", "httpx")  # the SDK's order of preference
SHOWN = 20  # findings in one failure message


class LintFailure(AssertionError):
    """Requests (or responses) with findings at or above the fail level; `problems` has them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [str(p) for p in problems[:SHOWN]]
        if len(problems) > SHOWN:
            lines.append(f"... and {len(problems) - SHOWN} more")
        super().__init__(f"gemini-wire: {len(problems)} finding(s) in Gemini traffic\n" + "\n".join(lines))


@dataclass(frozen=True)
class Problem:
    """One finding of one call: the URL, the dialect and model it was checked in."""

    url: str
    dialect: str
    model: str
    finding: Finding

    def __str__(self) -> str:
        f = self.finding
        where = f" at {f.path}" if f.path else ""
        return (
            f"  {self.url} ({self.dialect}, {self.model}): {f.code} {f.severity}: {f.message}{where}"
            f"\n      fix: {f.hint}"
        )


@dataclass
class Linter:
    """Checks calls as they are sent, and keeps what it found and how many calls it saw."""

    fail_on: Severity = "error"
    responses: bool = False
    fallback: str = "gemini"
    problems: list[Problem] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    def __post_init__(self) -> None:
        if self.fail_on not in SEVERITY_RANK:
            raise ValueError(f"fail_on must be one of {', '.join(SEVERITY_RANK)}, not {self.fail_on!r}")
        dialects.canonical(self.fallback)  # ValueError for a name no dialect has

    def wants(self, url: str) -> bool:
        """Whether a URL is a call this linter checks (a generateContent endpoint)."""
        return dialects.endpoint(url) is not None

    def check(self, url: str, request: bytes | None, status: int | None = None, response: bytes | None = None) -> None:
        """Check one call (a request, and a response when one is given)."""
        exchange = check_exchange(
            url,
            Body(request) if request is not None else None,
            Body(response) if response is not None else None,
            status,
            self.fallback,
        )
        if exchange is None:
            return
        if request is not None:  # a response alone is the second half of a call already counted
            self.tally.interactions += 1
            self.tally.count(exchange)
        rank = SEVERITY_RANK[self.fail_on]
        self.problems += [
            Problem(url, exchange.dialect, exchange.model, f)
            for f in exchange.findings
            if SEVERITY_RANK[f.severity] >= rank
        ]

    def assert_clean(self) -> None:
        """Raise LintFailure if a call had a finding at or above the fail level; forget them."""
        problems, self.problems = self.problems, []
        if problems:
            raise LintFailure(problems)


# --------------------------------------------------------------------------- transports


def backend(inner: object | None = None) -> types.ModuleType:
    """httpx or httpx2: the package of the inner transport, else the one installed."""
    names = [c.__module__.split(".")[0] for c in type(inner).__mro__] if inner is not None else []
    for name in [n for n in names if n in BACKENDS] or list(BACKENDS):
        with contextlib.suppress(ImportError):
            return importlib.import_module(name)
    raise ImportError("gemini_wire.testing needs httpx or httpx2 (google-genai installs one)")


class _Transport:
    """Checks each request, then hands it to the inner transport."""

    def __init__(self, inner: Any, linter: Linter) -> None:
        self.inner = inner
        self.linter = linter

    def handle_request(self, request: Any) -> Any:
        url = str(request.url)
        if not self.linter.wants(url):
            return self.inner.handle_request(request)
        self.linter.check(url, request.read())
        response = self.inner.handle_request(request)
        if self.linter.responses:
            self.linter.check(url, None, response.status_code, response.read())
        return response

    def close(self) -> None:
        self.inner.close()


class _AsyncTransport:
    """Checks each request, then hands it to the inner async transport."""

    def __init__(self, inner: Any, linter: Linter) -> None:
        self.inner = inner
        self.linter = linter

    async def handle_async_request(self, request: Any) -> Any:
        url = str(request.url)
        if not self.linter.wants(url):
            return await self.inner.handle_async_request(request)
        self.linter.check(url, await request.aread())
        response = await self.inner.handle_async_request(request)
        if self.linter.responses:
            self.linter.check(url, None, response.status_code, await response.aread())
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
    for name in BACKENDS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for cls, method in ((module.Client, sync_send), (module.AsyncClient, async_send)):
            saved.append((cls, cls.send))
            cls.send = method(cls.send, linter)
    try:
        yield linter
    finally:
        for cls, original in reversed(saved):
            cls.send = original


def sync_send(original: Any, linter: Linter) -> Any:
    def send(client: Any, request: Any, **kwargs: Any) -> Any:
        url = str(request.url)
        if not linter.wants(url):
            return original(client, request, **kwargs)
        linter.check(url, request.read())
        response = original(client, request, **kwargs)
        if linter.responses:
            linter.check(url, None, response.status_code, response.read())
        return response

    return send


def async_send(original: Any, linter: Linter) -> Any:
    async def send(client: Any, request: Any, **kwargs: Any) -> Any:
        url = str(request.url)
        if not linter.wants(url):
            return await original(client, request, **kwargs)
        linter.check(url, await request.aread())
        response = await original(client, request, **kwargs)
        if linter.responses:
            linter.check(url, None, response.status_code, await response.aread())
        return response

    return send
