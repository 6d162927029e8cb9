"""The middle path for responses: mend what the API's changes bring, keep msgspec for the rest.

When a response fails the typed decode for a key msgspec does not know (a field newer than the
spec, or a snake_case spelling), the slow path would walk every value in Python. Here msgspec
says where: its error names the object (`$.candidates[0]`), whose message type follows from the
path. Every object of that type in the parsed JSON is then mended (new keys taken out and kept
aside, snake_case keys renamed) and msgspec converts the whole again: one round per type that
carries something new (after a second type spelled snake_case, one round for the whole), a
walk that descends only where that type can be found, and nothing paid for the other objects.
Anything else msgspec refuses (or a spelling clash) is left to the slow path, which gives the
same Structs or the findings.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from gemini_wire._base import opens_enums
from gemini_wire.codec.extras import keep_extras
from gemini_wire.codec.table import MessageSpec, Table
from gemini_wire.findings import Key, Path

UNKNOWN = re.compile(r"Object contains unknown field `.*?`(?: - at `\$((?:\.\w+|\[\d+\]|\[\.\.\.\])*)`)?", re.S)
STEP = re.compile(r"\.(\w+)|\[(\d+|\.\.\.)\]")
# Rounds before the slow path takes over: each mends one message type everywhere, and a
# response seldom brings new keys in more than a few.
ROUNDS = 8
FAILED_CAP = 1024  # msgspec errors remembered with their message type
ALL = ""  # a target meaning every message type


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
        self._failed: dict[tuple[str, str], str | None] = {}

    @opens_enums
    def mend(self, data: bytes | str, root: str, error: msgspec.ValidationError) -> Any:
        """The Structs of `data`, or None when it needs the slow path."""
        target = self.failed_type(root, str(error))
        if target is None:
            return None
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
                target = self.failed_type(root, str(e))
                if target is None:
                    return None
                continue
            return put(obj, kept)
        return None

    def failed_type(self, root: str, message: str) -> str | None:
        """The message type of the object that msgspec's error names, if it is an unknown key
        (remembered: a client meets the same new key in every response)."""
        key = (root, message)
        if key in self._failed:
            return self._failed[key]
        name = self.parse_error(root, message)
        if len(self._failed) < FAILED_CAP:
            self._failed[key] = name
        return name

    def parse_error(self, root: str, message: str) -> str | None:
        m = UNKNOWN.fullmatch(message)
        if m is None:
            return None
        name = root
        expect_item = False
        for field, _index in STEP.findall(m.group(1) or ""):
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
        return None if expect_item else name

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
