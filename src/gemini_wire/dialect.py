"""One dialect's public verbs, typed by its own request, response and error Structs."""

from __future__ import annotations

import types
from typing import Generic, TypeVar

from gemini_wire.codec import Codec
from gemini_wire.findings import Finding
from gemini_wire.lint import lint

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


class Dialect(Generic[Req, Resp, Err]):
    """decode_request / decode_response / decode_error for one dialect."""

    def __init__(
        self,
        structs: types.ModuleType,
        wire: types.ModuleType,
        request: type[Req],
        response: type[Resp],
        error: type[Err],
    ) -> None:
        self.codec = Codec(structs, wire)
        self.name = self.codec.dialect

    def decode_request(self, data: bytes | str) -> Req:
        """The GenerateContentRequest in `data`; raises WireError with every finding."""
        result: Req = self.codec.decode(data, "GenerateContentRequest", request=True)
        return result

    def decode_response(self, data: bytes | str) -> Resp:
        """The GenerateContentResponse in `data`, unknown keys kept; raises WireError."""
        result: Resp = self.codec.decode(data, "GenerateContentResponse", request=False)
        return result

    def decode_error(self, data: bytes | str) -> Err:
        """The error body (`{"error": {...}}`) in `data`; raises WireError."""
        result: Err = self.codec.decode(data, "ErrorBody", request=False)
        return result

    def lint_request(self, payload: bytes | str, *, model: str | None = None) -> list[Finding]:
        """Every finding for a request, with line and column; never raises."""
        return lint(self.codec, payload, kind="request", model=model)

    def lint_response(self, payload: bytes | str) -> list[Finding]:
        """Every finding for a response, with line and column; never raises."""
        return lint(self.codec, payload, kind="response")

    def lint_error(self, payload: bytes | str) -> list[Finding]:
        """Every finding for an error body, with line and column; never raises."""
        return lint(self.codec, payload, kind="error")

    def check(self, obj: Req | Resp | Err, *, request: bool) -> list[Finding]:
        """Findings for a Struct tree built in code (oneofs, cross-field rules, sizes)."""
        return self.codec.check(obj, request=request)
