"""One dialect's public verbs, typed by its own request, response and error Structs."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from gemini_wire.codec import Codec, Table, encode
from gemini_wire.endpoints import info
from gemini_wire.findings import Finding

Req = TypeVar("Req")
Resp = TypeVar("Resp")
Err = TypeVar("Err")


def public_names(structs: types.ModuleType) -> list[str]:
    """The Structs and enums that a generated module defines (not what it imports)."""
    return sorted(
        n
        for n in dir(structs)
        if n[:1].isupper() and getattr(getattr(structs, n), "__module__", "") == structs.__name__
    )


def documented(fn: Callable[[bytes | str], Any], name: str, doc: str) -> Callable[[bytes | str], Any]:
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


class Dialect(Generic[Req, Resp, Err]):
    """One dialect's verbs: decode_request / decode_response / decode_error, lint_*, encode."""

    encode = staticmethod(encode)

    def __init__(
        self,
        structs: types.ModuleType,
        wire: types.ModuleType,
        quick: types.ModuleType,
        census: types.ModuleType,
        request: type[Req],
        response: type[Resp],
        error: type[Err],
        *,
        others: Callable[[str], list[Table]],
    ) -> None:
        """The dialect of the generated modules `structs` (`_generated/<dialect>.py`), `wire`,
        `quick` and `census` beside it; `others` gives the tables of the dialects other than the
        one named (the registry's other_tables), for the hints about fields of another version."""
        name: str = wire.DIALECT
        self.codec = Codec(structs, wire, quick, census, lambda: others(name))
        self.name = name
        self.api: str = info(self.name).api  # "gemini" or "vertex"
        self.version: str = info(self.name).version
        self.title: str = info(self.name).title
        self.structs = structs
        # Plain functions rather than methods: a decode is often cheaper than a method call
        # chain, so the valid case takes as few Python steps as possible (see Codec.decoder).
        self.decode_request: Callable[[bytes | str], Req] = documented(
            self.codec.decoder("GenerateContentRequest", request=True),
            "decode_request",
            "The GenerateContentRequest in `data`; raises WireError with every finding.",
        )
        self.decode_response: Callable[[bytes | str], Resp] = documented(
            self.codec.decoder("GenerateContentResponse", request=False),
            "decode_response",
            "The GenerateContentResponse in `data`, unknown keys kept; raises WireError.",
        )
        self.decode_error: Callable[[bytes | str], Err] = documented(
            self.codec.decoder("ErrorBody", request=False),
            "decode_error",
            "The error body (`{\"error\": {...}}`) in `data`; raises WireError.",
        )

    def __repr__(self) -> str:
        return f"<Dialect {self.name}>"

    def __str__(self) -> str:
        return self.name

    def lint_request(self, payload: bytes | str, *, model: str | None = None) -> list[Finding]:
        """Every finding for a request, with line and column; never raises."""
        from gemini_wire.lint import lint  # lint's checks load on the first lint, not with the dialect

        return lint(self.codec, payload, kind="request", model=model)

    def lint_response(self, payload: bytes | str) -> list[Finding]:
        """Every finding for a response, with line and column; never raises."""
        from gemini_wire.lint import lint

        return lint(self.codec, payload, kind="response")

    def lint_error(self, payload: bytes | str) -> list[Finding]:
        """Every finding for an error body, with line and column; never raises."""
        from gemini_wire.lint import lint

        return lint(self.codec, payload, kind="error")

    def check(self, obj: Req | Resp | Err, *, request: bool) -> list[Finding]:
        """Findings for a Struct tree built in code (oneofs, cross-field rules, sizes)."""
        return self.codec.check(obj, request=request)
