"""One dialect's public verbs, typed by its own request, response and error Structs."""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from functools import cache
from typing import Any, Generic, TypeVar

from gemini_wire._base import WireEnum, WireStruct
from gemini_wire.codec import Codec, Table, encode, learn_spellings, wire_class
from gemini_wire.endpoints import info
from gemini_wire.findings import Finding, WireError

Req = TypeVar("Req")
Resp = TypeVar("Resp")
Err = TypeVar("Err")
T = TypeVar("T")

# The dialects made so far, by the public module their classes name (`publish`): `validate` finds
# the dialect of a tree by its class (a tree is built from a dialect module, which made its
# Dialect; a class that every dialect shares names the first dialect module loaded, and is checked there).
_BY_STRUCTS: dict[str, Dialect[Any, Any, Any]] = {}

GENERATED = "gemini_wire._generated."
WIRE = (WireStruct, WireEnum)


def public_names(structs: types.ModuleType) -> list[str]:
    """The Structs and enums of a generated module: those it defines, and those every dialect
    shares, which it imports from `_generated/common.py` (not msgspec's or typing's names)."""
    return sorted(
        n
        for n in dir(structs)
        if n[:1].isupper() and isinstance(cls := getattr(structs, n), type) and issubclass(cls, WIRE) and cls not in WIRE
    )


def publish(structs: types.ModuleType, public: str) -> None:
    """Name the public module `public` (`gemini_wire.gemini`) as the home of the Structs and enums
    of `structs`, so that reprs and pickles name it rather than `gemini_wire._generated...`; the
    shared ones take the first public module that loads (each dialect module re-exports them,
    so a pickle names a module that has them). Their annotations are resolved first, in the
    generated module that wrote them, since msgspec and typing resolve a string annotation in the
    module that `__module__` names."""
    for name in public_names(structs):
        cls = getattr(structs, name)
        if not cls.__module__.startswith(GENERATED):
            continue  # a shared class, published already
        cls.__annotations__ = inspect.get_annotations(cls, eval_str=True)  # in the generated module
        cls.__module__ = public


def documented(fn: Callable[[bytes | str], Any], name: str, doc: str) -> Callable[[bytes | str], Any]:
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn



@cache
def linter() -> Callable[..., list[Finding]]:
    """`lint.lint`, imported on the first lint: its checks load then, not with the dialect. A
    cached call, where an import statement in each lint cost about 0.6 us (0.18x the raw parse
    of a 1.8 KB response)."""
    from gemini_wire.lint import lint

    return lint

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
        spell: types.ModuleType,
    ) -> None:
        """The dialect of the generated modules `structs` (`_generated/<dialect>.py`), `wire`,
        `quick`, `census` and `spell` beside it; `others` gives the tables of the dialects other
        than the one named (the registry's other_tables), for the hints about fields of another
        version. `spell` is encode's enum spelling walk of these Structs (codegen/spell.py)."""
        name: str = wire.DIALECT
        publish(structs, info(name).module)
        self.codec = Codec(structs, wire, quick, census, lambda: others(name))
        learn_spellings(spell, self.codec.table)
        self.name = name
        self.api: str = info(self.name).api  # "gemini" or "vertex"
        self.version: str = info(self.name).version
        self.title: str = info(self.name).title
        self.structs = structs
        self.roots = (request, response, error)
        _BY_STRUCTS[info(name).module] = self
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
        return linter()(self.codec, payload, kind="request", model=model)

    def lint_response(self, payload: bytes | str) -> list[Finding]:
        """Every finding for a response, with line and column; never raises."""
        return linter()(self.codec, payload, kind="response")

    def lint_error(self, payload: bytes | str) -> list[Finding]:
        """Every finding for an error body, with line and column; never raises."""
        return linter()(self.codec, payload, kind="error")

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
