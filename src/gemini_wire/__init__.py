"""gemini-wire: the schema and codec of Gemini's generateContent wire protocol.

One dialect per endpoint version (`dialect(name)`, `dialect_for_url(url)`): `gemini-v1beta`
(module `gemini_wire.gemini`), `gemini-v1` (`gemini_wire.gemini_v1`), `vertex-v1`
(`gemini_wire.vertex`), `vertex-v1beta1` (`gemini_wire.vertex_v1beta1`). Each has Structs,
`decode_request`, `decode_response`, `decode_error`, `lint_*`, `encode`. Failures raise
`WireError`, whose `findings` say where, what, and how to fix it. Accessors read what every
client reads (`text`, `function_calls`, `finish_reason`, `usage`, `retry_delay`, ...) from the
Structs of any dialect, and builders make the parts it sends most (`text_part`, `inline_part`,
`function_response_part`). `check_exchange(request, response)` and `check_conversation(exchanges)`
check what the model answered against what it was asked, and each request against the answer
it replays (the GW8xx rules).
"""

# No `from __future__ import annotations` and no helper names here: every name this module
# holds is public or starts with an underscore (dir() and `import *` give __all__; the submodules
# the import system adds are left out of dir()).
#
# Every public name is loaded from its module when first asked for (PEP 562), so that
# `from gemini_wire import gemini` loads that dialect and what it stands on, not Vertex AI, the
# linter or the streams, and the pytest plugin (`gemini_wire.pytest_plugin`, which every
# dependent's pytest imports) costs a test run that does not use it nothing. Type checkers read
# the imports below.
import sys as _sys
import types as _types
import typing as _typing

if _typing.TYPE_CHECKING:
    from gemini_wire import gemini, gemini_v1, vertex, vertex_v1beta1
    from gemini_wire.accessors import (
        Call,
        Usage,
        candidate,
        error_code,
        error_details,
        error_message,
        error_status,
        finish_reason,
        function_calls,
        function_response_part,
        inline_part,
        parts,
        retry_delay,
        text,
        text_part,
        thought_signatures,
        thoughts,
        usage,
    )
    from gemini_wire.codec import unknown_fields
    from gemini_wire.codec.encode import encode  # (mypy takes the package's name for its submodule)
    from gemini_wire.conversation import append_response, curated_history
    from gemini_wire.dialect import validate
    from gemini_wire.dialects import NAMES as DIALECTS
    from gemini_wire.dialects import dialect, dialect_for_url
    from gemini_wire.documents.exchanges import Exchange, check_conversation, check_exchange
    from gemini_wire.errors import BadRequest, ErrorInfo, Help, QuotaFailure, RetryInfo
    from gemini_wire.findings import Finding, WireError
    from gemini_wire.rules import RULES, Rule
    from gemini_wire.stream import StreamDecoder, aiter_responses, iter_responses
    from gemini_wire.stream.aggregate import aggregate

__version__ = "0.1.0"

# The module that holds each public name, and the name it has there (`DIALECTS` is dialects.NAMES).
_HOMES: dict[str, tuple[str, str]] = {
    **{n: ("accessors", n) for n in (
        "Call", "Usage", "candidate", "error_code", "error_details", "error_message", "error_status",
        "finish_reason", "function_calls", "function_response_part", "inline_part", "parts",
        "retry_delay", "text", "text_part", "thought_signatures", "thoughts", "usage",
    )},
    **{n: ("codec", n) for n in ("encode", "unknown_fields")},
    **{n: ("conversation", n) for n in ("append_response", "curated_history")},
    "DIALECTS": ("dialects", "NAMES"),
    **{n: ("dialects", n) for n in ("dialect", "dialect_for_url")},
    **{n: ("exchanges", n) for n in ("Exchange", "check_conversation", "check_exchange")},
    "validate": ("dialect", "validate"),
    **{n: ("errors", n) for n in ("BadRequest", "ErrorInfo", "Help", "QuotaFailure", "RetryInfo")},
    **{n: ("findings", n) for n in ("Finding", "WireError")},
    **{n: ("rules", n) for n in ("RULES", "Rule")},
    **{n: ("stream", n) for n in ("StreamDecoder", "aggregate", "aiter_responses", "iter_responses")},
}  # fmt: skip
# The public modules that `import gemini_wire` used to load, reachable as its attributes.
_MODULES = ("gemini", "gemini_v1", "vertex", "vertex_v1beta1", "stream", "conversation", "rules")


def _module(name: str) -> _types.ModuleType:
    """A module of the package, by an import statement each (only dialects.py looks a module of
    ours up by name); `import a.b as m`, as `from a import b` would ask __getattr__ again."""
    if name == "accessors":
        import gemini_wire.accessors as accessors

        return accessors
    if name == "codec":
        import gemini_wire.codec as codec

        return codec
    if name == "conversation":
        import gemini_wire.conversation as conversation

        return conversation
    if name == "dialect":
        # The module of the Dialect class: the package's `dialect` is the function (_Package), so
        # the module is taken from sys.modules, not from the package's attribute.
        import gemini_wire.dialect  # noqa: F401

        return _sys.modules["gemini_wire.dialect"]
    if name == "dialects":
        import gemini_wire.dialects as dialects

        return dialects
    if name == "errors":
        import gemini_wire.errors as errors

        return errors
    if name == "exchanges":
        import gemini_wire.documents.exchanges as exchanges

        return exchanges
    if name == "findings":
        import gemini_wire.findings as findings

        return findings
    if name == "gemini":
        import gemini_wire.gemini as gemini

        return gemini
    if name == "gemini_v1":
        import gemini_wire.gemini_v1 as gemini_v1

        return gemini_v1
    if name == "rules":
        import gemini_wire.rules as rules

        return rules
    if name == "stream":
        import gemini_wire.stream as stream

        return stream
    if name == "vertex":
        import gemini_wire.vertex as vertex

        return vertex
    if name == "vertex_v1beta1":
        import gemini_wire.vertex_v1beta1 as vertex_v1beta1

        return vertex_v1beta1
    raise AttributeError(name)


def __getattr__(name: str) -> object:
    if name in _MODULES:
        return _module(name)  # the import system has set it on the package: asked once
    if name not in _HOMES:
        raise AttributeError(f"module 'gemini_wire' has no attribute {name!r}")
    home, there = _HOMES[name]
    value = getattr(_module(home), there)
    setattr(_sys.modules[__name__], name, value)
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(_types.ModuleType):
    """The package: its name `dialect` is the function `dialects.dialect`, also after the submodule
    `gemini_wire.dialect` (the Dialect class, importable by its full name) is loaded, which the
    import system would otherwise set on the package under the same name."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "dialect" and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package

__all__ = [
    "DIALECTS",
    "RULES",
    "BadRequest",
    "Call",
    "ErrorInfo",
    "Exchange",
    "Finding",
    "Help",
    "QuotaFailure",
    "RetryInfo",
    "Rule",
    "StreamDecoder",
    "Usage",
    "WireError",
    "aggregate",
    "aiter_responses",
    "append_response",
    "candidate",
    "check_conversation",
    "check_exchange",
    "curated_history",
    "dialect",
    "dialect_for_url",
    "encode",
    "error_code",
    "error_details",
    "error_message",
    "error_status",
    "finish_reason",
    "function_calls",
    "function_response_part",
    "gemini",
    "gemini_v1",
    "inline_part",
    "iter_responses",
    "parts",
    "retry_delay",
    "text",
    "text_part",
    "thought_signatures",
    "thoughts",
    "unknown_fields",
    "usage",
    "validate",
    "vertex",
    "vertex_v1beta1",
]
