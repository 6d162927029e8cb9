"""The codec of a wire whose unions are tagged: the Interactions API (codegen/interactions.py).

Its wire has one spelling (snake_case keys, enum values as they are), so there is no slow path
of spellings as for generateContent (codec/normalize.py): msgspec's typed decode is the whole
decode of valid input, and its error is the finding for a request. A response keeps what is
newer than the spec, as the generateContent codec does: an unknown key on the Struct that held
it (codec/extras.py), an unknown enum value as a value of its enum (_base.WireEnum), and a union
member of an unknown kind (a new step `type`) as an UnknownKind holding its keys as they came.
msgspec opens the enums itself (_base.opens_enums); a new key or kind it refuses, naming where.
As for generateContent (codec/repair.py), a variant of the Structs is then made for what is new,
once (the Struct with a field for the new key, a union with a member for the new kind, the types
above them pointing at their variants), and msgspec decodes the whole again into it; the objects of
the types that changed become the generated classes again (or UnknownKind). The variant the last
response needed is tried first, so every later response with the same new key costs one typed pass.
What a variant cannot take is read again field by field, from the types that msgspec.inspect
gives of the Structs: the slow path, which also gives the findings.

A field whose wire union msgspec cannot hold (`input`: a string, a content, a list of contents
or a list of steps) is any JSON value in its Struct, read as each of its forms in turn (the
wire module's FORMS); first, one typed pass into the class's twin (codec/forms.py) reads the
forms that msgspec can hold in one union (a string, a content, a list of steps).
"""

from __future__ import annotations

import re
import types
from typing import Any, Literal

import msgspec
from msgspec import UNSET
from msgspec import inspect as mi

from gemini_wire._base import WireStruct, opens_enums
from gemini_wire.codec.extras import keep_extras, odd, unknown_class, wire_class
from gemini_wire.codec.forms import accepts, fits, json_kind, kinds_of, twins
from gemini_wire.codec.repair import FAILED_CAP, VARIANTS_CAP
from gemini_wire.codec.syntax import malformed, nested, unreadable
from gemini_wire.codec.variants import Keys, Kinds, Variant, make_variant, restore
from gemini_wire.findings import Finding, Key, Path, WireError, closest, excerpt
from gemini_wire.limits import too_deep
from gemini_wire.rules.structure import INVALID_ENUM, INVALID_JSON, ONEOF_CONFLICT, UNKNOWN_FIELD, WRONG_TYPE

_AT = re.compile(r" - at `\$(.*)`$")
_SEGMENT = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[([^\]]*)\]")
_UNKNOWN = re.compile(r"Object contains unknown field `(.*)`")
_ENUM = re.compile(r"Invalid enum value '(.*)'")
_KIND = re.compile(r"Invalid value '(.*)'")
# Typed passes into variants before the slow path: msgspec names one new key or kind at a time.
ROUNDS = 4
# What the findings of this wire cite: its reference, not generateContent's evidence.
SOURCE = "https://ai.google.dev/gemini-api/docs/interactions"


class UnknownKind(WireStruct):
    """A union member of a kind newer than the spec (in a response): its keys, kept as they came."""


class TaggedCodec:
    """Decode the messages of a tagged wire: requests strictly, responses keeping what is new."""

    def __init__(self, structs: types.ModuleType, wire: types.ModuleType) -> None:
        """A dialect's generated Structs and wire module, handed over by its dialect module."""
        self.structs = structs
        self.forms: dict[type, dict[str, tuple[Any, ...]]] = wire.FORMS
        self.requests: tuple[type, ...] = tuple(getattr(structs, n) for n in wire.REQUESTS)
        self._decoders: dict[Any, msgspec.json.Decoder[Any]] = {}
        self._by_id: dict[int, tuple[Any, msgspec.json.Decoder[Any]]] = {}
        self._info: dict[Any, Any] = {}
        self._unions: dict[int, tuple[list[Any], str | None, dict[Any, Any]]] = {}
        self._kept: list[Any] = []
        self._variants: dict[Any, Variant | None] = {}
        # (type, msgspec's first error) -> the variant that decoded the response it came from
        self._known: dict[tuple[Any, str], Variant] = {}
        # type -> the variant that the last response needed, tried first (codec/repair.py)
        self.expected: dict[Any, Variant] = {}
        self.slow = 0  # responses read by the slow path (a count the tests read)
        self._fields: dict[type, tuple[Any, ...]] = {}  # msgspec.structs.fields, which reads annotations
        # Each form held in a Struct of one field: msgspec.convert to a Struct uses the type
        # information the class keeps, where a bare union is read afresh each time (30x slower).
        self._accepts = {o: accepts(self._type(o)) for fields in self.forms.values() for options in fields.values() for o in options}
        self._holders = {o: msgspec.defstruct("Form", [("value", o)], bases=(WireStruct,)) for fields in self.forms.values() for options in fields.values() for o in options}
        self._twins = twins(self.forms)

    def _decoder(self, tp: Any) -> msgspec.json.Decoder[Any]:
        found = self._by_id.get(id(tp))  # hashing a union (an event's type) hashes its members
        if found is not None and found[0] is tp:
            return found[1]
        decoder = self._decoders.get(tp)
        if decoder is None:
            decoder = self._decoders[tp] = msgspec.json.Decoder(tp)
        if len(self._by_id) < 64:  # the type kept with it, so that its id names it
            self._by_id[id(tp)] = (tp, decoder)
        return decoder

    # ----------------------------------------------------------------------- requests

    def analyze_request(self, data: bytes | str) -> tuple[Any, list[Finding]]:
        """The request in `data` (a model's or an agent's), or None and why; never raises."""
        model, agent = self.requests
        fast = self._twin(model, data)
        if fast is not None:
            return fast, []
        try:
            return self._refine(self._decoder(model).decode(data), request=True)
        except msgspec.ValidationError as e:
            error = e
        except Exception:
            return None, [unparsed(data)]
        try:
            raw = msgspec.json.decode(data)
        except Exception:  # typed, msgspec stopped before the syntax error: not JSON after all
            return None, [unparsed(data)]
        if isinstance(raw, dict) and "agent" in raw:
            if "model" in raw:
                return None, [
                    ONEOF_CONFLICT.finding(
                        ("agent",),
                        "a request names a model and an agent",
                        "keep one: `model` to call a model, `agent` to run an agent",
                        source=SOURCE,
                    )
                ]
            model = agent
            fast = self._twin(agent, data)
            if fast is not None:
                return fast, []
            try:
                return self._refine(self._decoder(agent).decode(data), request=True)
            except msgspec.ValidationError as e:
                error = e
        return None, [problem(error, raw, self._type(model))]

    # ----------------------------------------------------------------------- responses

    def analyze_response(self, data: bytes | str, tp: Any) -> tuple[Any, list[Finding]]:
        """The response of type `tp` in `data`, keeping what is newer than the spec, or None and
        why; never raises."""
        variant = self.expected.get(tp) if self.expected else None
        if variant is not None:
            got = self._expect(data, tp, variant)
            if got is not None:
                return self._refine(got, request=False)
        fast = _twin_opened(self._twins, tp, data)
        if fast is not None:
            return fast, []
        try:
            return self._refine(_opened(self._decoder(tp), data), request=False)
        except msgspec.ValidationError as e:
            message = str(e)  # something new (or wrong)
        except Exception:
            return None, [unparsed(data)]
        mended = self._known_change(data, tp, message)
        if mended is not None:
            return self._refine(mended, request=False)
        try:
            raw = msgspec.json.decode(data)
        except Exception:
            return None, [unparsed(data)]
        mended = self._mend(data, tp, raw, message)
        if mended is not None:
            return self._refine(mended, request=False)
        self.slow += 1  # read it field by field
        findings: list[Finding] = []
        obj = self._build(raw, self._type(tp), (), findings)
        if findings and isinstance(raw, dict) and list(raw) == ["error"] and isinstance(raw["error"], dict):
            # An error body where an answer was expected: say so, rather than what it lacks.
            said = " ".join(str(raw["error"].get(k)) for k in ("code", "message") if raw["error"].get(k) is not None)
            found = f"this is an error body ({excerpt(said, quoted=False, size=120) or 'no code'}), not what was expected"
            findings = [WRONG_TYPE.finding(("error",), found, "read it with decode_error", source=SOURCE)]
        return (None, findings) if findings else (obj, [])

    def _twin(self, cls: Any, data: bytes | str) -> Any:
        """`cls`'s request in `data` by one typed pass into its twin, or None if the twin refuses it."""
        decoder = self._twins.get(cls)
        if decoder is None:
            return None
        try:
            got = decoder.decode(data)
        except Exception:  # a form the twin does not hold, an error, not JSON: the usual way tells
            return None
        return cls(*msgspec.structs.astuple(got))

    # ----------------------------------------------------------------------- variants

    def _expect(self, data: bytes | str, tp: Any, variant: Variant) -> Any:
        """The Structs of `data` decoded into the variant the last response needed, or None."""
        try:
            obj = _opened(variant.decoder, data)
        except Exception:  # something else, or a change gone: the usual way, which may find another
            self.expected.pop(tp, None)
            return None
        used: list[bool] = []
        obj = restore(obj, variant.classes, used)
        if not used:  # the API answers as the spec says again: the plain decoder first
            self.expected.pop(tp, None)
        return obj

    def _known_change(self, data: bytes | str, tp: Any, message: str) -> Any:
        """The Structs of `data` decoded into the variant of an earlier response that msgspec
        refused with the same error, or None."""
        known = self._known.get((tp, message))
        if known is None:
            return None
        try:
            obj = _opened(known.decoder, data)
        except Exception:  # another change behind the same first one: go round again
            return None
        self.expected[tp] = known
        return restore(obj, known.classes, [])

    def _mend(self, data: bytes | str, tp: Any, raw: Any, message: str) -> Any:
        """The Structs of `data` (parsed: `raw`) decoded into a variant, or None for the slow path."""
        first = (tp, message)
        keys: Keys = {}
        kinds: Kinds = {}
        for _ in range(ROUNDS):
            if not self._change(self._type(tp), raw, message, keys, kinds):
                return None
            variant = self._variant(tp, keys, kinds)
            if variant is None:
                return None
            try:
                obj = _opened(variant.decoder, data)
            except msgspec.ValidationError as e:
                message = str(e)
                continue
            except Exception:
                return None
            if len(self._known) < FAILED_CAP:
                self._known[first] = variant
            self.expected[tp] = variant
            return restore(obj, variant.classes, [])
        return None

    def _change(self, t: Any, raw: Any, message: str, keys: Keys, kinds: Kinds) -> bool:
        """Add what msgspec's error names to `keys` or `kinds`; False if it is not a new key or
        kind that a variant can take (or one taken already: the variant did not help)."""
        said, path = located(message)
        unknown = _UNKNOWN.fullmatch(said)
        if unknown is None:
            if _KIND.fullmatch(said) is None or not path:
                return False
            path, field = path[:-1], path[-1]
        else:
            field = None
        t, value = type_at(t, raw, path)
        if not isinstance(value, dict):
            return False
        if isinstance(t, mi.UnionType):
            members, tag_field, tagged = self._union(t)
            tag = value.get(tag_field) if tag_field is not None else None
            if isinstance(tag, (str, int)) and tag in tagged:
                t = tagged[tag]
            elif tag_field is not None and isinstance(tag, str) and field in (None, tag_field):  # a kind newer than the spec
                names = tuple(value)  # its tag among them, where it came
                union = frozenset(m.cls for m in members if isinstance(m, mi.StructType))
                made = kinds.get(union, ())
                if any(odd(k) for k in names) or (tag_field, tag, names) in made:
                    return False
                kinds[union] = (*(m for m in made if m[1] != tag), (tag_field, tag, names))
                return True
            else:
                return False
        if unknown is None or not isinstance(t, mi.StructType):
            return False
        key, cls = unknown.group(1), t.cls
        have = keys.get(cls, ())
        if odd(key) or key in have or not unknown_class(cls, (*have, key)).__wire_plain__:
            return False
        keys[cls] = (*have, key)
        return True

    def _variant(self, tp: Any, keys: Keys, kinds: Kinds) -> Variant | None:
        """The decoder of `tp` into the variant classes of these changes (made once each)."""
        cache = (tp, frozenset(keys.items()), frozenset(kinds.items()))
        if cache in self._variants:
            return self._variants[cache]
        if len(self._variants) >= VARIANTS_CAP:  # changes past the cap (hostile input?): the slow path
            return None
        found = self._variants[cache] = make_variant(tp, keys, kinds, self._struct_fields, UnknownKind)
        return found

    def _struct_fields(self, cls: type) -> tuple[Any, ...]:
        found = self._fields.get(cls)
        if found is None:
            found = self._fields[cls] = msgspec.structs.fields(cls)
        return found

    def _type(self, tp: Any) -> Any:
        found = self._info.get(tp)
        if found is None:
            found = self._info[tp] = mi.type_info(tp)
        return found

    def _build(self, value: Any, t: Any, path: Path, findings: list[Finding], newer: bool = True) -> Any:
        """`value` (parsed JSON) as type `t` (msgspec.inspect), keeping what is new; what does not
        fit goes to `findings`. `newer`: a union member of an unknown kind is kept (else refused)."""
        if isinstance(t, mi.UnionType):
            return self._member(value, t, path, findings, newer)
        if isinstance(t, mi.StructType):
            return self._struct(value, t, path, findings, newer)
        if isinstance(t, mi.ListType) and isinstance(value, list):
            return [self._build(v, t.item_type, (*path, i), findings, newer) for i, v in enumerate(value)]
        if isinstance(t, mi.DictType) and isinstance(value, dict):
            return {k: self._build(v, t.value_type, (*path, Key(k)), findings, newer) for k, v in value.items()}
        if isinstance(t, mi.AnyType):
            return value
        try:
            return _convert_open(value, _python(t))
        except msgspec.ValidationError as e:
            findings.append(_wrong(str(e), path))
            return None

    def _union(self, t: mi.UnionType) -> tuple[list[Any], str | None, dict[Any, Any]]:
        """A union's members (but null), its tag field, and its tagged members by tag: once."""
        found = self._unions.get(id(t))
        if found is None:
            members = [m for m in t.types if not isinstance(m, mi.NoneType)]
            tagged = {m.tag: m for m in members if isinstance(m, mi.StructType) and m.tag_field is not None}
            field = next((str(m.tag_field) for m in tagged.values()), None)
            found = self._unions[id(t)] = (members, field, tagged)
            self._kept.append(t)  # so that its id names it while the codec lives
        return found

    def _member(self, value: Any, t: mi.UnionType, path: Path, findings: list[Finding], newer: bool) -> Any:
        members, field, tagged = self._union(t)
        if value is None and len(members) < len(t.types):
            return None
        if isinstance(value, dict) and field is not None:
            tag = value.get(field)
            if isinstance(tag, (str, int)) and tag in tagged:
                return self._struct(value, tagged[tag], path, findings, newer)
            if isinstance(tag, str) and newer:  # a kind newer than the spec
                return keep_extras(UnknownKind(), value)
            findings.append(
                WRONG_TYPE.finding(
                    (*path, field),
                    f"expected `{field}` naming a kind, got {excerpt(str(tag))}",
                    "give the kind",
                    source=SOURCE,
                )
            )
            return None
        for member in members:
            if fits(value, member):
                return self._build(value, member, path, findings, newer)
        findings.append(_wrong(f"Expected `{kinds_of(members)}`, got `{json_kind(value)}`", path))
        return None

    def _struct(self, value: Any, t: mi.StructType, path: Path, findings: list[Finding], newer: bool) -> Any:
        if not isinstance(value, dict):
            findings.append(_wrong(f"Expected `object`, got `{json_kind(value)}`", path))
            return None
        try:  # msgspec first: only the objects on the way to what is new are walked here
            obj = _convert_open(value, t.cls)
        except msgspec.ValidationError:
            pass
        else:
            return self._refine(obj, request=False, at=path, findings=findings)[0]
        fields = {f.encode_name: f for f in t.fields}
        known: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        for key, v in value.items():
            f = fields.get(key)
            if f is None:
                if key != t.tag_field:
                    extras[key] = v
            else:
                known[f.name] = self._build(v, f.type, (*path, key), findings, newer)
        for f in t.fields:
            if f.required and f.name not in known:
                findings.append(
                    WRONG_TYPE.finding(
                        path,
                        f"object missing required field `{f.encode_name}`",
                        f"give `{f.encode_name}`",
                        source=SOURCE,
                    )
                )
        if findings:
            return None
        obj = t.cls(**known)
        obj, _ = self._refine(obj, request=False, at=path, findings=findings)
        return keep_extras(obj, extras)

    # ----------------------------------------------------------------------- forms

    def _refine(
        self, obj: Any, *, request: bool, at: Path = (), findings: list[Finding] | None = None
    ) -> tuple[Any, list[Finding]]:
        """`obj` with each field of its FORMS read as the first of its forms that fits."""
        forms = self.forms.get(type(obj)) or self.forms.get(wire_class(obj))
        out = [] if findings is None else findings
        if not forms:
            return obj, out
        for key, options in forms.items():
            value = getattr(obj, key)
            if value is UNSET:
                continue
            read = self._form(value, options, (*at, key), request=request)
            if isinstance(read, Finding):
                out.append(read)
            else:
                setattr(obj, key, read)
        return (None, out) if out and findings is None else (obj, out)

    def _form(self, value: Any, options: tuple[Any, ...], path: Path, *, request: bool) -> Any:
        """`value` as the first of its forms that it fits; for a response, one of a union member
        of an unknown kind only when no form fits without (a list of contents is not a list of
        steps of unknown kinds), and the value as it came when none fits at all."""
        first: Finding | None = None
        for newer in (False, True) if not request else (False,):
            for option in options:
                if type(value) not in self._accepts[option]:
                    continue
                if not newer:  # the form as it is: what a request must be, what a response mostly is
                    try:
                        held: Any = (msgspec.convert if request else _convert_open)({"value": value}, self._holders[option])
                        return held.value
                    except msgspec.ValidationError as e:
                        first = first or self._refused(str(e), option, value, path)
                        if request:
                            continue
                scratch: list[Finding] = []
                read = self._build(value, self._type(option), path, scratch, newer)
                if not scratch:
                    return read
                first = first or scratch[0]
        if not request:
            return value  # a response's value of no form the spec has: kept as it came
        return first or _wrong(f"Expected `{kinds_of([self._type(o) for o in options])}`, got `{json_kind(value)}`", path)

    def _refused(self, message: str, option: Any, value: Any, path: Path) -> Finding:
        """The finding for msgspec's refusal of `value` as the form `option` (in its holder): a key
        the form does not know is GW102 at the key, as anywhere else in a request."""
        said, at = located(message)
        unknown = _UNKNOWN.match(said)
        if unknown is None:
            return _wrong(message, path, skip=1)
        at, key = at[1:], unknown.group(1)  # less the holder's own field (`value`)
        close = closest(key, fields_at(self._type(option), value, at))
        hint = f"did you mean `{close}`?" if close else "remove it: the Interactions API takes no key that its spec lacks"
        return UNKNOWN_FIELD.finding((*path, *at, key), f"unknown field `{key}`", hint, source=SOURCE)


@opens_enums
def _twin_opened(twins: dict[Any, msgspec.json.Decoder[Any]], tp: Any, data: bytes | str) -> Any:
    """TaggedCodec._twin for a response (values newer than an enum kept), in one call."""
    decoder = twins.get(tp) if isinstance(tp, type) else None  # a union (an event) has none
    if decoder is None:
        return None
    try:
        got = decoder.decode(data)
    except Exception:  # something new, an error, not JSON: the usual way tells
        return None
    return tp(*msgspec.structs.astuple(got))


@opens_enums
def _opened(decoder: msgspec.json.Decoder[Any], data: bytes | str) -> Any:
    return decoder.decode(data)


@opens_enums
def _convert_open(value: Any, tp: Any) -> Any:
    return msgspec.convert(value, tp)


_SCALARS: dict[type, Any] = {mi.StrType: str, mi.IntType: int, mi.FloatType: float, mi.BoolType: bool, mi.NoneType: None}


def _python(t: Any) -> Any:
    """The Python type of a scalar msgspec.inspect type."""
    if isinstance(t, mi.EnumType):
        return t.cls
    if isinstance(t, mi.LiteralType):
        return Literal[t.values]
    return _SCALARS.get(type(t), Any)


def located(message: str) -> tuple[str, Path]:
    """msgspec's error message without its place, and the place as a path."""
    at = _AT.search(message)
    path: list[str | int] = []
    if at:
        message = message[: at.start()]
        for name, index, key in _SEGMENT.findall(at.group(1)):
            path.append(name if name else int(index) if index else Key(key))
    return message, tuple(path)


def _wrong(message: str, path: Path, skip: int = 0) -> Finding:
    said, at = located(message)
    at = at[skip:]  # the holder's own field (`value`), where a form was read in one
    said = said[:1].lower() + said[1:].replace("`", "")
    return WRONG_TYPE.finding(
        (*path, *at), said, "give the field a value of its declared type", source=SOURCE
    )


def problem(error: msgspec.ValidationError, raw: Any, t: Any) -> Finding:
    """The finding for msgspec's refusal of a request (`raw` parsed, `t` its type's inspect info)."""
    said, path = located(str(error))
    unknown = _UNKNOWN.match(said)
    if unknown:
        key = unknown.group(1)
        close = closest(key, fields_at(t, raw, path))
        hint = (
            f"did you mean `{close}`?"
            if close
            else "remove it: the Interactions API takes no key that its spec lacks"
        )
        return UNKNOWN_FIELD.finding((*path, key), f"unknown field `{key}`", hint, source=SOURCE)
    enum = _ENUM.match(said)
    if enum:
        return INVALID_ENUM.finding(
            path,
            f"`{enum.group(1)}` is not a value of this field",
            "use one of the values the API reference lists",
            source=SOURCE,
        )
    return WRONG_TYPE.finding(
        path,
        said[:1].lower() + said[1:].replace("`", ""),
        "give the field a value of its declared type",
        source=SOURCE,
    )


def fields_at(t: Any, raw: Any, path: Path) -> list[str]:
    """The wire names of the fields of the Struct at `path` in `raw`, read as type `t`."""
    t, raw = type_at(t, raw, path)
    t = _member_of(t, raw)
    return [f.encode_name for f in t.fields] if isinstance(t, mi.StructType) else []


def _member_of(t: Any, raw: Any) -> Any:
    """The member of a union (msgspec.inspect) that the value `raw` is: by its tag, or its kind."""
    while isinstance(t, mi.UnionType):
        members = [m for m in t.types if fits(raw, m)]
        tag = (
            raw.get(members[0].tag_field)
            if members and isinstance(raw, dict) and isinstance(members[0], mi.StructType)
            else None
        )
        t = next(
            (m for m in members if getattr(m, "tag", None) == tag),
            members[0] if members else mi.AnyType(),
        )
    return t


def type_at(t: Any, raw: Any, path: Path) -> tuple[Any, Any]:
    """The type (msgspec.inspect; a union as it is) and the value at `path` in `raw`, read as
    type `t`; (None, None) if the path leads nowhere."""
    for seg in path:
        t = _member_of(t, raw)
        try:
            raw = raw[seg]
        except (KeyError, IndexError, TypeError):
            return None, None
        if isinstance(t, mi.StructType):
            t = next((f.type for f in t.fields if f.encode_name == seg), mi.AnyType())
        elif isinstance(t, mi.ListType):
            t = t.item_type
        elif isinstance(t, mi.DictType):
            t = t.value_type
        else:
            return None, None
    return t, raw


def unparsed(data: Any) -> Finding:
    """The finding for input that is not JSON text at all."""
    if not isinstance(data, (bytes, str)):
        return unreadable(data)
    try:
        deep = too_deep(data)
    except TypeError:
        return unreadable(data)
    if deep is not None:
        return nested(data, deep)
    try:
        msgspec.json.decode(data)
    except (msgspec.DecodeError, UnicodeError) as e:
        return malformed(data, e)
    except Exception:  # any other refusal is told below
        pass
    return INVALID_JSON.finding((), "the JSON could not be read", "send a JSON object")


def raise_findings(result: tuple[Any, list[Finding]]) -> Any:
    """The value of an analysis, or WireError with its findings."""
    obj, findings = result
    if findings:
        raise WireError(findings)
    return obj
