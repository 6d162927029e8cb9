"""The middle path for responses: what the API's changes bring, read by msgspec all the same.

When a response fails the typed decode for a key msgspec does not know (a field newer than the
spec, or a snake_case spelling), the slow path would walk every value in Python. Here msgspec
says where: its error names the key and the object (`$.candidates[0]`), whose message type follows
from the path. A variant of the Structs is then made for that change (the message type with a
field for the new key, or with the field under the other spelling; the types above it pointing
at their variants), once per change, and msgspec decodes the whole again into it: one more typed
pass, with nothing done in Python but for the objects of the types that changed, which become
the generated classes again (or their subclasses keeping the new keys, codec/extras.py). The
variants are codec/variants.py's, which Interactions' tagged wire makes for its changes too:
this module finds the changes, by the table of messages.

What a variant cannot take (many spellings, both spellings of one type, keys msgspec cannot name)
is mended in the parsed JSON instead: every object of the named type has its new keys taken out and
kept aside and its snake_case keys renamed, and msgspec converts the whole again. Anything else
msgspec refuses (or a spelling clash) is left to the slow path, which gives the same Structs or the
findings.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import msgspec

from gemini_wire._base import opens_enums
from gemini_wire.codec.extras import keep_extras, odd
from gemini_wire.codec.table import MessageSpec, Table
from gemini_wire.codec.variants import Variant, make_variant, restore
from gemini_wire.findings import Key, Path

UNKNOWN = re.compile(r"Object contains unknown field `(.*?)`(?: - at `\$((?:\.\w+|\[\d+\]|\[\.\.\.\])*)`)?", re.S)
STEP = re.compile(r"\.(\w+)|\[(\d+|\.\.\.)\]")
# Rounds before the slow path takes over: each mends one message type everywhere, and a
# response seldom brings new keys in more than a few.
ROUNDS = 8
FAILED_CAP = 1024  # msgspec errors remembered with their message type
ALL = ""  # a target meaning every message type
# Typed passes into variants before the parsed JSON is mended instead: one per new key (msgspec
# names the first unknown key of an object), and one spelling; more is a payload spelled
# otherwise throughout, which one walk of the parsed JSON mends faster.
VARIANT_ROUNDS = 3
VARIANTS_CAP = 256  # decoders of variants kept, one per change met


class Change(NamedTuple):
    """What a message type brings that its generated class cannot decode."""

    keys: tuple[str, ...] = ()  # new keys, in the order met
    spelled: tuple[tuple[str, str], ...] = ()  # (attribute, the key it came as)


class Repair:
    """Mends responses of one dialect's table (see the module's docstring)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.known = {name: frozenset(f.json_name for f in spec.fields) for name, spec in table.messages.items()}
        # message -> the message types found at or below it (which the walk may skip past)
        self.below: dict[str, frozenset[str]] = {}
        for name in table.messages:
            seen, todo = {name}, [name]
            while todo:
                for f in table.messages[todo.pop()].fields:
                    if f.kind == "message" and f.target and f.target not in seen:
                        seen.add(f.target)
                        todo.append(f.target)
            self.below[name] = frozenset(seen)
        self._steps: dict[tuple[str, str], list[tuple[str, str, str, bool, bool]]] = {}
        self._failed: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._variants: dict[tuple[str, tuple[tuple[str, Change], ...]], Variant | None] = {}
        self._fields: dict[type, tuple[Any, ...]] = {}
        self._changed: dict[tuple[str, Change, str], Change | None] = {}
        # msgspec's first error -> the variant that decoded the response it came from
        self._known: dict[tuple[str, str], Variant] = {}
        # root -> the variant that the last response needed: once the API has changed, every
        # response brings the same new key (each chunk of a stream too), so the decoder tries
        # it first (`expected`) until a response needs nothing of it.
        self.expected: dict[str, Variant] = {}

    @opens_enums
    def expect(self, data: bytes | str, root: str) -> Any:
        """The Structs of `data` decoded into the variant the last response needed, or None."""
        variant = self.expected.get(root)
        if variant is None:
            return None
        try:
            obj = variant.decoder.decode(data)
        except Exception:  # something else, or a change gone: the usual way, which may find another
            self.expected.pop(root, None)
            return None
        used: list[bool] = []
        obj = restore(obj, variant.classes, used)
        if not used:
            self.expected.pop(root, None)
        return obj

    @opens_enums
    def mend(self, data: bytes | str, root: str, error: msgspec.ValidationError) -> Any:
        """The Structs of `data`, or None when it needs the slow path."""
        message = str(error)
        known = self._known.get((root, message))
        if known is not None:
            try:
                obj = known.decoder.decode(data)
            except Exception:  # another change behind the same first one: go round again
                pass
            else:
                self.expected[root] = known
                return restore(obj, known.classes, [])
        failed = self.failed(root, message)
        if failed is None:
            return None
        first = failed[0]
        changes: dict[str, Change] = {}
        for _ in range(VARIANT_ROUNDS):
            name, key = failed
            change = self.changed(name, changes.get(name, Change()), key)
            if change is None:
                break
            changes[name] = change
            variant = self.variant(root, changes)
            if variant is None:
                break
            try:
                obj = variant.decoder.decode(data)
            except msgspec.ValidationError as e:
                failed = self.failed(root, str(e))
                if failed is None:
                    return None  # not a key: what msgspec refuses, the slow path reports
                continue
            except Exception:
                return None
            if len(self._known) < FAILED_CAP:
                self._known[(root, message)] = variant
            self.expected[root] = variant
            return restore(obj, variant.classes, [])
        return self.mend_parsed(data, root, first)

    def changed(self, name: str, change: Change, key: str) -> Change | None:
        """`change` with one more unknown key of a `name` object, or None if a variant cannot take it."""
        known = (name, change, key)
        if known in self._changed:
            return self._changed[known]
        got = self.change(name, change, key)
        if len(self._changed) < VARIANTS_CAP:
            self._changed[known] = got
        return got

    def change(self, name: str, change: Change, key: str) -> Change | None:
        spec = self.table.messages[name]
        f = spec.by_key.get(key)
        if f is None:  # a new key
            return None if odd(key) or key in change.keys else change._replace(keys=(*change.keys, key))
        attr = spec.attrs[f.json_name]
        if key == f.json_name or any(a == attr for a, _ in change.spelled):
            return None  # both spellings of a field in one response
        return change._replace(spelled=(*change.spelled, (attr, key)))

    def variant(self, root: str, changes: dict[str, Change]) -> Variant | None:
        """The decoder of `root` into the variant classes of these changes (made once each)."""
        key = (root, tuple(sorted(changes.items())))
        if key in self._variants:
            return self._variants[key]
        messages = self.table.messages
        keys = {messages[name].cls: change.keys for name, change in changes.items() if change.keys}
        spelled = {messages[name].cls: change.spelled for name, change in changes.items() if change.spelled}
        # A type inside itself that holds a change is left to the parsed JSON (None).
        variant = make_variant(messages[root].cls, keys, {}, self.fields, spelled=spelled)
        if len(self._variants) < VARIANTS_CAP:
            self._variants[key] = variant
        return variant

    def fields(self, cls: type) -> tuple[Any, ...]:
        """msgspec.structs.fields of a generated class, read once (it reads the annotations)."""
        got = self._fields.get(cls)
        if got is None:
            got = self._fields[cls] = msgspec.structs.fields(cls)
        return got

    @opens_enums
    def mend_parsed(self, data: bytes | str, root: str, target: str) -> Any:
        """The Structs of `data` mended in its parsed JSON from the `target` type on, or None."""
        try:
            raw = msgspec.json.decode(data)
        except Exception:
            return None
        cls = self.table.messages[root].cls
        kept: dict[Path, dict[str, Any]] = {}
        done: set[str] = set()
        spelled = 0  # message types that held a snake_case key
        for _ in range(ROUNDS):
            if target in done or ALL in done:
                return None
            done.add(target)
            snake: list[bool] = []
            if not self.walk(raw, root, target, (), kept, snake):
                return None
            spelled += bool(snake)
            if spelled == 2:  # the second type spelled so: the whole is likely snake_case, mend it all
                if not self.walk(raw, root, ALL, (), kept, []):
                    return None
                done.add(ALL)
            try:
                obj = msgspec.convert(raw, cls)
            except msgspec.ValidationError as e:
                failed = self.failed(root, str(e))
                if failed is None:
                    return None
                target = failed[0]
                continue
            return put(obj, kept)
        return None

    def failed(self, root: str, message: str) -> tuple[str, str] | None:
        """The message type of the object that msgspec's error names, and the key, if it is an
        unknown key (remembered: a client meets the same new key in every response)."""
        key = (root, message)
        if key in self._failed:
            return self._failed[key]
        found = self.parse_error(root, message)
        if len(self._failed) < FAILED_CAP:
            self._failed[key] = found
        return found

    def parse_error(self, root: str, message: str) -> tuple[str, str] | None:
        m = UNKNOWN.fullmatch(message)
        if m is None:
            return None
        name = root
        expect_item = False
        for field, _index in STEP.findall(m.group(2) or ""):
            spec = self.table.messages[name]
            if field:
                if expect_item:
                    return None
                f = spec.by_key.get(field)
                if f is None or f.kind != "message" or f.target is None:
                    return None
                name, expect_item = f.target, f.repeated or f.is_map
            elif expect_item:
                expect_item = False
            else:
                return None
        return None if expect_item else (name, m.group(1))

    def steps(self, name: str, target: str) -> list[tuple[str, str, str, bool, bool]]:
        """(json name, attribute, type, repeated, map) of the fields of `name` to descend for `target`."""
        key = (name, target)
        got = self._steps.get(key)
        if got is None:
            spec = self.table.messages[name]
            got = self._steps[key] = [
                (f.json_name, spec.attrs[f.json_name], f.target, f.repeated, f.is_map)
                for f in spec.fields
                if f.kind == "message" and f.target and (target == ALL or target in self.below[f.target])
            ]
        return got

    def walk(self, value: Any, name: str, target: str, path: Path, kept: dict[Path, dict[str, Any]], snake: list[bool]) -> bool:
        """Mend every `target` object at or below `value` (a `name` object); False if one cannot be.
        `kept` gets the new keys by the path of their Struct, in attributes, indexes and map keys."""
        if not isinstance(value, dict):
            return False
        if (target == ALL or name == target) and not self.known[name].issuperset(value):
            if not self.mend_object(value, self.table.messages[name], path, kept, snake):
                return False
        steps = self._steps.get((name, target))
        if steps is None:
            steps = self.steps(name, target)
        for key, attr, below, repeated, is_map in steps:
            item = value.get(key)
            if item is None:
                continue
            if is_map:
                if not isinstance(item, dict):
                    return False
                for k, v in item.items():
                    if not self.walk(v, below, target, (*path, attr, Key(k)), kept, snake):
                        return False
            elif repeated:
                if not isinstance(item, list):
                    return False
                for i, v in enumerate(item):
                    if not self.walk(v, below, target, (*path, attr, i), kept, snake):
                        return False
            elif not self.walk(item, below, target, (*path, attr), kept, snake):
                return False
        return True

    def mend_object(self, value: dict[str, Any], spec: MessageSpec, path: Path, kept: dict[Path, dict[str, Any]], snake: list[bool]) -> bool:
        known = self.known[spec.name]
        for key in [k for k in value if k not in known]:
            f = spec.by_key.get(key)
            if f is None:
                kept.setdefault(path, {})[key] = value.pop(key)
            elif f.json_name in value:
                return False  # both spellings of one field: the slow path reports it (GW103)
            else:
                value[f.json_name] = value.pop(key)
                snake.append(True)
        return True


def put(obj: Any, kept: dict[Path, dict[str, Any]]) -> Any:
    """`obj` with the new keys kept on the Structs at their paths (the root may be a new Struct)."""
    for path, extras in kept.items():
        if not path:
            obj = keep_extras(obj, extras)
            continue
        parent = obj
        for seg in path[:-1]:
            parent = getattr(parent, seg) if type(seg) is str else parent[seg]
        last = path[-1]
        if type(last) is str:
            setattr(parent, last, keep_extras(getattr(parent, last), extras))
        else:
            parent[last] = keep_extras(parent[last], extras)
    return obj
