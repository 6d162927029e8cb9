"""Codec: decoding and encoding for one dialect.

Two paths, one result. The fast path is msgspec decoding straight into the generated Structs,
which only succeeds for the canonical form (camelCase keys, enum names, numbers as numbers,
padded standard base64, no unknown keys): what SDKs send and what the server answers. Anything
else takes the slow path (codec/normalize.py), which walks the parsed JSON with the field table
and applies the wire rules of DESIGN section 3: it accepts every spelling the server accepts,
rewrites it canonically, and reports everything it refuses as findings. Both paths end in the
same checks on the Structs (codec/checks.py), for what a schema type cannot say.

Responses change without notice, and the fast path holds for them when they do: a value newer
than an enum decodes as it is (an open WireEnum value, _base.py), so only a new key or another
spelling of one fails msgspec. Then `repair` decodes it again into Structs made for that change
(codec/repair.py) before going the long way, and tries them first on the next response, which
brings the same change: the new keys are kept on the Structs that held them (codec/extras.py). An error body
given as a response (`{"error": {...}}`) would come out as an empty response keeping `error`;
`decode_response` refuses it instead (GW121, ErrorBodyGiven), on whichever path it was read.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import msgspec

from gemini_wire._base import opens_enums
from gemini_wire.codec.checks import Checker, field_at, typed, typed_problem, unwritable
from gemini_wire.codec.encode import encode, proto3
from gemini_wire.codec.extras import attach, own_unknown, wire_class
from gemini_wire.codec.normalize import DROP, Normalizer
from gemini_wire.codec.repair import Repair
from gemini_wire.codec.speedups import COMPILED, accelerate
from gemini_wire.codec.syntax import malformed, nested, unreadable
from gemini_wire.codec.table import Table
from gemini_wire.findings import Finding, Path, WireError, excerpt, unexplained
from gemini_wire.limits import too_deep
from gemini_wire.rules.stream import INVALID_STREAM_EVENT
from gemini_wire.rules.structure import INVALID_JSON, WRONG_TYPE


class Codec:
    """Decode and encode the messages of one dialect."""

    def __init__(
        self,
        structs: types.ModuleType,
        wire: types.ModuleType,
        quick: types.ModuleType,
        census: types.ModuleType,
        others: Callable[[], list[Table]] = list,
    ) -> None:
        """A dialect's generated modules (`_generated/<dialect>.py`, `_wire`, `_quick`, `_census`),
        handed over by the dialect module that imports them, and the other dialects' tables."""
        self.table = Table(structs, wire)
        self.dialect = self.table.dialect
        self.api = self.table.api  # the API family, which the rules are written for
        self.census = census  # lint's census of a request (census.py reads it)
        self.others = others
        self._decoders = {
            name: msgspec.json.Decoder(self.table.messages[name].cls) for name in self.table.roots.values()
        }
        # The quick checks in C where the extension was built, each asking the generated Python
        # one when it is not sure (codec/speedups.py); the generated ones else.
        self._checkers = {
            r: Checker(self.table, accelerate(self.table, quick.REQUEST if r else quick.RESPONSE, request=r), request=r)
            for r in (True, False)
        }
        # A request's decode with the quick check written into it, by root (codegen/quick.py):
        # with the C check, the closure of `decoder` is faster.
        self._decode: dict[str, Callable[..., Callable[[Any], Any]]] = {} if COMPILED is not None else quick.DECODE
        self._repair = Repair(self.table)

    def sure(self, root: str, *, request: bool) -> Callable[[Any], bool] | None:
        """The quick check in C alone, without its Python fallback: True only where the Python
        check finds nothing to report, False where it is not sure (codec/speedups.py); None
        where the extension is not there. Lint's census asks it before its own checked walk."""
        quick = self._checkers[request].quick.get(self.table.messages[root].cls)
        return getattr(quick, "verdict", None)

    def valid(self, root: str, *, request: bool, quick_check: bool = True) -> Callable[[Any], Any]:
        """A function that gives the Structs of canonical input with nothing to report, and for
        anything else a Failed saying why, which `analyze` then explains without parsing the
        typed structure again: the cheap first try of lint. `quick_check=False`: the Structs of
        any canonical input, for a caller that runs the quick check itself (lint's census
        of a request does, in its walk of the Parts)."""
        parse = self._decoders[root].decode if request else self.opened(root)
        quick = self._checkers[request].quick.get(self.table.messages[root].cls) if quick_check else None

        def valid_root(data: Any) -> Any:
            try:
                obj = parse(data)
            except Exception as e:  # not canonical, not JSON or not text
                return Failed(None, e)
            return obj if quick is None or quick(obj) else Failed(obj, None)

        return valid_root

    def opened(self, root: str) -> Callable[[Any], Any]:
        """msgspec's typed decode with enums open: a response's newer enum values decode."""
        parse = self._decoders[root].decode

        @opens_enums
        def parse_open(data: Any) -> Any:
            return parse(data)

        return parse_open

    def decoder(self, root: str, *, request: bool) -> Callable[[bytes | str], Any]:
        """`decode` for one root type, with the valid case in as few Python steps as possible:
        msgspec's typed decode and the quick check. Anything else goes the long way, which
        gives the same result (or the same findings)."""
        parse = self._decoders[root].decode
        quick = self._checkers[request].quick.get(self.table.messages[root].cls)
        decode = self.decode
        # A request's decode is written out with its quick check (codegen/quick.py, `decoder`):
        # decode_request below in one Python call. The closure stands in while generating, and
        # with the quick check in C (one C call, and msgspec's).
        written = self._decode.get(root) if request else None
        if written is not None:

            def slow(data: bytes | str, obj: Any, error: Exception | None) -> Any:
                return decode(data, root, request=True, failed=Failed(obj, error))

            return written(parse, slow)

        # `valid` inlined: on an 89-byte request one more Python call is 7% of the decode. The
        # long way is taken after the `except` block, so that a WireError does not chain
        # msgspec's own error (parse returns a Struct, never None).
        def decode_request(data: bytes | str) -> Any:
            try:
                obj = parse(data)
            except Exception as e:  # not canonical, not JSON or not text (or nested past msgspec's limit)
                failed = Failed(None, e)
            else:
                if quick is None or quick(obj):
                    return obj
                failed = Failed(obj, None)
            return decode(data, root, request=True, failed=failed)

        mend, expect, expected = self._repair.mend, self._repair.expect, self._repair.expected
        # An error body read as a response would be an empty response with the error among its
        # unknown keys; it can only come that way, since the generated Struct has no `error`.
        refuse = refuse_error_body if root == "GenerateContentResponse" else keep

        # The same with enums open (see _base.WireEnum), and a new key or spelling mended in
        # place (codec/repair.py) before the long way.
        # What failed is handed to the long way (`failed`, `mended`), which goes on from there
        # instead of parsing and mending the same bytes again.
        @opens_enums
        def decode_response(data: bytes | str) -> Any:
            obj = expect(data, root) if expected else None
            failed = None
            if obj is not None:
                refuse(obj)
            else:
                try:
                    obj = parse(data)
                except msgspec.ValidationError as e:
                    obj = mend(data, root, e)
                    if obj is not None:
                        refuse(obj)
                    else:
                        failed = Failed(None, e)
                except Exception as e:  # not JSON or not text (or nested past msgspec's limit)
                    failed = Failed(None, e)
            if obj is not None:
                if quick is None or quick(obj):
                    return obj
                failed = Failed(obj, None)
            return refuse(decode(data, root, request=False, failed=failed, mended=True))

        return decode_request if request else decode_response

    def decode(self, data: bytes | str, root: str, *, request: bool, failed: Failed | None = None, mended: bool = False) -> Any:
        """The Structs in `data`, or WireError with every finding (`failed`, `mended`: see `analyze`)."""
        obj, findings = self.analyze(data, root, request=request, failed=failed, mended=mended)
        if findings:
            raise WireError(findings)
        return obj

    def analyze(
        self,
        data: bytes | str,
        root: str,
        *,
        request: bool,
        notes: list[Finding] | None = None,
        failed: Failed | None = None,
        scanned: bool = False,
        mended: bool = False,
    ) -> tuple[Any, list[Finding]]:
        """As much of the Structs as could be built (or None), and every finding; never raises.

        `notes` receives the warnings about spellings that decoding accepts (lint wants them).
        `failed`: what the typed parse of `data` gave when it was tried already (`valid`), so
        that it is not parsed again; `scanned`: the caller has found `data` nested no deeper than
        MAX_DEPTH (a document holding it was scanned), so that it is not scanned again;
        `mended`: a response's `failed` error is one that `Repair.mend` could not mend already,
        so that it is not tried again."""
        if not scanned:
            try:
                deep = too_deep(data)
            except TypeError:
                return None, [unreadable(data)]
            if deep is not None:
                return None, [nested(data, deep)]
        if failed is None:
            try:
                obj = self._decoders[root].decode(data) if request else self.opened(root)(data)
            except Exception as e:
                failed = Failed(None, e)
            else:
                return obj, self._checkers[request].run(obj)
        error = failed.error
        if error is None:  # the Structs were built; the quick check wants the full one
            return failed.obj, self._checkers[request].run(failed.obj)
        if isinstance(error, msgspec.ValidationError):
            if not request and notes is None and not mended:
                repaired = self._repair.mend(data, root, error)
                if repaired is not None:
                    return repaired, self._checkers[request].run(repaired)
            return self.slow(data, root, request=request, notes=notes)
        if isinstance(error, (msgspec.DecodeError, UnicodeError)):
            return None, [malformed(data, error)]
        if isinstance(error, TypeError):
            return None, [unreadable(data)]
        raise error

    def slow(
        self, data: bytes | str, root: str, *, request: bool, notes: list[Finding] | None = None
    ) -> tuple[Any, list[Finding]]:
        """The spelling-aware path: parse, normalise, convert, check."""
        try:
            raw = msgspec.json.decode(data)
        except (msgspec.DecodeError, UnicodeError) as e:
            return None, [malformed(data, e)]
        except TypeError:
            return None, [unreadable(data)]
        try:
            n = Normalizer(self.table, request=request, others=self.others)
            norm, findings, extras = n.message(raw, root, ()), n.findings, n.extras
            if notes is not None:
                notes += n.notes
        except RecursionError:
            return None, [INVALID_JSON.finding((), "the JSON is nested too deeply to check", "flatten the payload")]
        if norm is DROP:
            return None, findings
        try:
            open_enums = not request or n.open_values
            obj = (convert_response if open_enums else msgspec.convert)(norm, self.table.messages[root].cls)
        except msgspec.ValidationError as e:  # a bound the normalizer does not know
            return None, [*findings, WRONG_TYPE.finding((), excerpt(str(e), quoted=False, size=200), "fix the value at the path given")]
        if extras:
            kept: dict[Path, dict[str, Any]] = {}
            for path, key, value in extras:
                kept.setdefault(path, {})[key] = value
            obj = attach(self.table, obj, kept)
        # What survived normalization is checked too, so that one pass reports everything.
        return obj, findings + unexplained(self._checkers[request].run(obj), findings)

    def check(self, obj: Any, *, request: bool) -> list[Finding]:
        """What decoding the encoded tree would find, on a Struct tree built in code: types,
        ranges and limits, enum values, oneofs, cross-field rules (codec/checks.py, "Structs
        built in code"). A tree that holds its types costs msgspec's conversion and the checks."""
        checker = self._checkers[request]
        spec = self.table.by_class.get(wire_class(obj))
        if spec is None or (typed(obj, spec.cls, request=request) and not getattr(type(obj), "__wire_unknown__", None)):
            return checker.run(obj)
        try:
            data = encode(obj)
        except (TypeError, ValueError, OverflowError):
            return [unwritable(obj)]
        _, findings = self.slow(data, spec.name, request=request)
        problem = typed_problem(proto3(obj), spec.cls)
        if problem is not None and all(f.loc != problem.loc for f in findings):
            at = field_at(self.table, spec.name, problem.loc)
            if at is None or at.kind != "enum":  # an enum's number is one of its spellings
                findings.append(problem)  # what the bytes hide: a str in a bytes field, 2.0 in an int field
        return findings


class Failed:
    """Why a payload's typed parse gave no valid Structs: msgspec's `error`, or (error None) the
    Structs `obj` that the quick check did not pass. `analyze` goes on from it."""

    __slots__ = ("error", "obj")

    def __init__(self, obj: Any, error: Exception | None) -> None:
        self.obj = obj
        self.error = error


class ErrorBodyGiven(WireError):
    """Raised by `decode_response` for an error body (`{"error": {...}}`), which it refuses
    rather than read as an empty response; `decode_error` reads it."""


def refuse_error_body(obj: Any) -> Any:
    """`obj`, unless it is an error body decoded as a response: then ErrorBodyGiven (GW121)."""
    status = own_unknown(obj).get("error")
    if not isinstance(status, dict):
        return obj
    code, name, message = status.get("code"), status.get("status"), status.get("message")
    said = " ".join(str(v) for v in (code, name) if v is not None) or "an error"
    if isinstance(message, str):
        said += f": {excerpt(message, quoted=False, size=120)}"
    raise ErrorBodyGiven([
        INVALID_STREAM_EVENT.finding(
            ("error",),
            f"this is an error body ({said}), not a GenerateContentResponse",
            "read it with decode_error: the server answers a failed call (HTTP 400 and up) with an error body",
        )
    ])


def keep(obj: Any) -> Any:
    return obj


@opens_enums
def convert_response(value: Any, cls: type) -> Any:
    """msgspec.convert with enums open: the slow path of a response (and of a request that holds
    a value of an enum that only the SDK names)."""
    return msgspec.convert(value, cls)
