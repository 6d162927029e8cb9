"""One dialect's public verbs, typed by its own request, response and error Structs."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from gemini_wire.codec import Codec, Table, encode, wire_class
from gemini_wire.endpoints import info
from gemini_wire.findings import Finding, WireError
from gemini_wire.lint import lint

Req = TypeVar("Req")
Resp = TypeVar("Resp")
Err = TypeVar("Err")
T = TypeVar("T")

# The dialects made so far, by the name of their generated Struct module: `validate` finds the
# dialect of a tree by its class (a tree is built from a dialect module, which made its Dialect).
_BY_STRUCTS: dict[str, Dialect[Any, Any, Any]] = {}


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
        self.roots = (request, response, error)
        _BY_STRUCTS[structs.__name__] = self
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
        return lint(self.codec, payload, kind="request", model=model)

    def lint_response(self, payload: bytes | str) -> list[Finding]:
        """Every finding for a response, with line and column; never raises."""
        return lint(self.codec, payload, kind="response")

    def lint_error(self, payload: bytes | str) -> list[Finding]:
        """Every finding for an error body, with line and column; never raises."""
        return lint(self.codec, payload, kind="error")

    def check(self, obj: Any, *, request: bool) -> list[Finding]:
        """What decoding the encoded tree would find, for a Struct tree built in code (any of the
        dialect's Structs): types and ranges, limits, enum values, oneofs, cross-field rules, with
        the codes, paths and messages that decoding gives. `request` says which rules apply:
        those of what a client sends, or those of what the server answers."""
        return self.codec.check(obj, request=request)

    def validate(self, obj: T, *, request: bool | None = None) -> T:
        """`obj`, if `check` finds no error in it; else WireError with every finding. A
        GenerateContentResponse or an ErrorBody is checked as a response, any other Struct as a
        request (what a client validates before sending), unless `request` says otherwise."""
        if request is None:
            request = wire_class(obj) is self.roots[0] or wire_class(obj) not in self.roots
        findings = self.check(obj, request=request)
        if any(f.severity == "error" for f in findings):
            raise WireError(findings)
        return obj


def validate(obj: T, *, request: bool | None = None) -> T:
    """`obj`, if checking it in the dialect whose Structs it is built of finds no error; else
    WireError with every finding (see Dialect.validate). `gemini.validate(obj)` says the dialect."""
    cls = type(obj)
    made = _BY_STRUCTS.get((getattr(cls, "__wire_base__", None) or cls).__module__)
    if made is None:
        raise TypeError(f"validate() takes a Struct of a gemini_wire dialect, not {type(obj).__name__}")
    return made.validate(obj, request=request)
