"""Drift: what the live API sends and accepts that the spec of the call's dialect does not know.

    drift = Drift()
    drift.add_file("cassette.yaml", data)          # cassettes, HAR, SSE, JSON payloads, JSONL
    for entry in drift.entries():                   # one per (dialect, direction, path, value)
        ...

Every key, enum value and Part member of an accepted request (an HTTP 2xx, or a payload file,
whose status is not known) and of a successful response is looked up in the field table of the
dialect its URL names (a payload file: the dialect given). What the table lacks is an entry:
its dotted path (`contents[].parts[].toolCall`), the message and key, how often it was seen,
the first and last place (file:line and the interaction), the models and the dates. Unknown keys
in requests are what lint calls GW102; in responses the codec keeps them (codec/extras.py) and
says nothing, which is why a report of its own is needed. Entries are the input of the spec
overlay (`codegen/observed.toml`, written by `gemini-wire drift --format overlay`).
"""

from __future__ import annotations

import lzma
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import msgspec

from gemini_wire import dialects, endpoints
from gemini_wire.codec.table import Table
from gemini_wire.limits import MAX_DECOMPRESSED, size_text
from gemini_wire.recognize import recognize
from gemini_wire.recordings import Body, NotARecording, read, sniff
from gemini_wire.stream.sse import Event, Run, SseFramer

# Kinds whose values are data (google.protobuf.Struct, Value, Any): never looked into.
DATA_KINDS = frozenset({"struct", "value", "any"})
INT = re.compile(r"-?\d+")
# Compressed inputs (the shared traffic is .jsonl.xz), each read with its output capped at
# limits.MAX_DECOMPRESSED, as recordings' bodies are: a bomb stops at the cap.
COMPRESSED: dict[bytes, Callable[[], Any]] = {
    b"\xfd7zXZ": lzma.LZMADecompressor,
    b"\x1f\x8b": lambda: zlib.decompressobj(wbits=16 + zlib.MAX_WBITS),
}
ROOTS = {"request": "GenerateContentRequest", "response": "GenerateContentResponse"}
VERSION = re.compile(r"/(v\d+(?:alpha|beta)?\d*)/")
SSE_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:data|event|id|retry)?:")  # an SSE field, or a comment


@dataclass(frozen=True)
class Place:
    """Where something was seen: a file, a line in it, and the interaction or line's index."""

    file: str
    line: int | None = None
    interaction: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where} #{self.interaction}" if self.interaction is not None else where


@dataclass
class Entry:
    """One thing the dialect does not know, and everywhere it was seen."""

    dialect: str
    direction: str  # "request" (accepted by the server) or "response"
    path: str  # dotted, with [] for list items: contents[].parts[].toolCall
    message: str  # the message that holds it
    key: str  # the key (for an enum value: the field that holds it)
    what: str  # "key", "member" (a key among a oneof's members: a new kind of Part) or "enum value"
    value: str = ""  # the enum value
    enum: str = ""  # the enum's name
    count: int = 0
    first: Place | None = None
    last: Place | None = None
    models: set[str] = field(default_factory=set)
    first_date: str = ""
    last_date: str = ""

    @property
    def id(self) -> str:
        """What identifies an entry across runs (a baseline's key)."""
        return f"{self.dialect} {self.direction} {self.path}" + (f" = {self.value}" if self.value else "")

    def saw(self, place: Place, model: str | None, date: str | None) -> None:
        self.count += 1
        self.first = self.first or place
        self.last = place
        if model:
            self.models.add(model)
        if date:
            self.first_date = min(self.first_date or date, date)
            self.last_date = max(self.last_date, date)

    def record(self) -> dict[str, Any]:
        """The entry as plain data (JSON output, baselines, the overlay)."""
        return {
            "id": self.id,
            "dialect": self.dialect,
            "direction": self.direction,
            "path": self.path,
            "message": self.message,
            "key": self.key,
            "what": self.what,
            **({"value": self.value, "enum": self.enum} if self.value else {}),
            "count": self.count,
            "first": str(self.first),
            "last": str(self.last),
            "models": sorted(self.models),
            **({"first_date": self.first_date, "last_date": self.last_date} if self.first_date else {}),
        }


@dataclass
class Drift:
    """Entries gathered over any number of files; `fallback` is the dialect of a payload file and
    of a call whose URL names none."""

    fallback: str = "gemini-v1beta"
    found: dict[tuple[str, str, str, str], Entry] = field(default_factory=dict)
    calls: int = 0  # requests and responses looked at
    skipped: dict[str, int] = field(default_factory=dict)  # why other things were not

    def entries(self) -> list[Entry]:
        """Every entry, most seen first."""
        return sorted(self.found.values(), key=lambda e: (-e.count, e.dialect, e.direction, e.path, e.value))

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    # ----------------------------------------------------------------------- what to read

    def add_file(self, name: str, data: bytes) -> None:
        """Everything a file holds: a recording's calls, a traffic or batch JSONL's lines, an SSE
        stream, or one JSON payload (a request or response, told apart by its keys)."""
        inner = name  # the name without .xz or .gz, which says what the content is
        for magic, opener in COMPRESSED.items():
            if data.startswith(magic):
                try:
                    data = opener().decompress(data, MAX_DECOMPRESSED + 1)
                except (OSError, EOFError, lzma.LZMAError, zlib.error) as e:
                    self.skip(f"unreadable compressed file ({e})")
                    return
                if len(data) > MAX_DECOMPRESSED:
                    self.skip(f"decompresses to more than {size_text(MAX_DECOMPRESSED)} (gemini_wire.limits.MAX_DECOMPRESSED)")
                    return
                inner = name.rsplit(".", 1)[0]
        if inner.endswith(".sse") or SSE_START.match(data):
            self.add_stream(name, data, self.fallback, None, Place(name, 1), None)
        elif sniff(inner, data) is not None:
            self.add_recording(name, data, inner)
        elif inner.endswith(".jsonl"):
            self.add_lines(name, data)
        else:
            self.add_payload(Place(name, 1), data, self.fallback, None, None)

    def add_recording(self, name: str, data: bytes, inner: str | None = None) -> None:
        recording = read(inner or name, data)
        if isinstance(recording, NotARecording):
            self.skip(f"not a recording: {recording.message}")
            return
        for i in recording.interactions:
            dialect = self.dialect_of(i.url)
            if dialect is None:
                self.skip("not a Gemini call")
                continue
            model = endpoint_model(i.url)
            ok = i.status is None or 200 <= i.status < 300
            if not ok:
                self.skip("refused by the server (not 2xx)")
                continue
            self.add_body(name, i.index, i.request, "request", dialect, model, i.date)
            self.add_body(name, i.index, i.response, "response", dialect, model, i.date)

    def add_body(self, name: str, index: int, body: Body | None, direction: str, dialect: str, model: str | None, date: str | None) -> None:
        if body is None or body.problem or not body.data.strip():
            return
        place = Place(name, body.line, index)
        if direction == "response" and body.data.lstrip()[:1] not in (b"{", b"["):
            self.add_stream(name, body.data, dialect, model, place, date)
        else:
            self.add_json(place, body.data, direction, dialect, model, date)

    def add_lines(self, name: str, data: bytes) -> None:
        """A JSONL file: traffic rows (url, status, request_body, response_body, as in
        ../shared/traffic), or batch lines ({key, request}, {response}), or payloads."""
        for number, line in enumerate(data.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = msgspec.json.decode(line)
            except msgspec.DecodeError:
                self.skip("a JSONL line that is not JSON")
                continue
            place = Place(name, number, number - 1)
            if isinstance(row, dict) and "url" in row and ("request_body" in row or "response_body" in row):
                self.add_row(place, row)
            elif isinstance(row, dict) and ("request" in row or "response" in row):
                for direction in ("request", "response"):
                    if isinstance(row.get(direction), dict):
                        self.walk(place, row[direction], direction, self.fallback, None, None)
            else:
                self.add_payload(place, line, self.fallback, None, None)

    def add_row(self, place: Place, row: dict[str, Any]) -> None:
        url = str(row["url"])
        dialect = self.dialect_of(url, row.get("dialect"))
        status = row.get("status")
        if dialect is None:
            self.skip("not a Gemini call")
            return
        if isinstance(status, int) and not 200 <= status < 300:
            self.skip("refused by the server (not 2xx)")
            return
        if isinstance(row.get("project"), str) and isinstance(row.get("file"), str):
            # A dump of other recordings (../shared/traffic): the place is the recording it names.
            place = Place(f"{row['project']}/{row['file']}", None, row.get("interaction"))
        model = row.get("model") or endpoint_model(url)
        date = row.get("date") or row.get("recorded_at")
        for direction in ("request", "response"):
            text = row.get(f"{direction}_body")
            if isinstance(text, str) and text.strip():
                data = text.encode("utf-8", "surrogatepass")
                if direction == "response" and text.lstrip()[:1] not in ("{", "["):
                    self.add_stream(place.file, data, dialect, model, place, date)
                else:
                    self.add_json(place, data, direction, dialect, model, date)

    def add_payload(self, place: Place, data: bytes, dialect: str, model: str | None, date: str | None) -> None:
        try:
            value = msgspec.json.decode(data)
        except msgspec.DecodeError:
            self.skip("not JSON")
            return
        if not recognize(data):  # JSON of another kind (a fixture of another format, a report): not drift
            self.skip("not a Gemini payload")
            return
        if isinstance(value, list):
            for chunk in value:
                self.walk(place, chunk, "response", dialect, model, date)
        elif isinstance(value, dict):
            direction = "response" if {"candidates", "usageMetadata", "promptFeedback"} & value.keys() else "request"
            if "error" in value:
                self.skip("an error body")
                return
            self.walk(place, value, direction, dialect, model or value.get("model"), date)

    def add_json(self, place: Place, data: bytes, direction: str, dialect: str, model: str | None, date: str | None) -> None:
        try:
            value = msgspec.json.decode(data)
        except msgspec.DecodeError:
            self.skip("a body that is not JSON")
            return
        for item in value if isinstance(value, list) else [value]:  # a stream sent as one array
            if isinstance(item, dict) and "error" in item:
                self.skip("an error body")
                continue
            self.walk(place, item, direction, dialect, model, date)

    def add_stream(self, name: str, data: bytes, dialect: str, model: str | None, place: Place, date: str | None) -> None:
        """Server-Sent Events: each event's data is a response."""
        framer = SseFramer()
        for items in (framer.feed(data), framer.close()):
            for item in items:
                payloads = [item.payload(k) for k in range(len(item.values))] if isinstance(item, Run) else [item.data] if isinstance(item, Event) and item.ended else []
                for payload in payloads:
                    self.add_json(place, payload, "response", dialect, model, date)

    def dialect_of(self, url: str, api: Any = None) -> str | None:
        """The dialect of a call's URL; for a host that no dialect knows (a local gateway), the
        API given (or the fallback's) at the version the path names; None for a URL that is not
        a generateContent call."""
        called = endpoints.endpoint(url)
        if called is None:
            return None
        if called.dialect is not None:
            return called.dialect
        fallback = endpoints.info(self.fallback)
        version = VERSION.search(url)
        name = f"{api if api in endpoints.API_TITLES else fallback.api}-{version.group(1) if version else fallback.version}"
        return name if name in endpoints.INFO else fallback.name

    # ----------------------------------------------------------------------- the walk

    def walk(self, place: Place, value: Any, direction: str, dialect: str, model: Any, date: Any) -> None:
        """Every key and enum value of a payload that its dialect's table lacks."""
        self.calls += 1
        table = dialects.dialect(dialect).codec.table
        name = model if isinstance(model, str) else None
        when = date if isinstance(date, str) else None
        for path, message, key, what, enum, val in unknowns(table, value, ROOTS[direction], ()):
            ident = (dialect, direction, path, val)
            entry = self.found.get(ident)
            if entry is None:
                entry = self.found[ident] = Entry(dialect, direction, path, message, key, what, val, enum)
            entry.saw(place, name, when)


def unknowns(table: Table, value: Any, message: str, path: tuple[str, ...]) -> Iterator[tuple[str, str, str, str, str, str]]:
    """(dotted path, message, key, what, enum, value) for each key and enum value of `value`,
    read as `message`, that the table lacks."""
    if not isinstance(value, dict):
        return
    spec = table.messages.get(message)
    if spec is None:
        return
    oneofs = {f.oneof for f in spec.fields if f.oneof}
    for key, item in value.items():
        f = spec.by_key.get(key)
        here = (*path, key)
        if f is None:
            yield dotted(here), message, key, "member" if "data" in oneofs else "key", "", ""
            continue
        if f.kind in DATA_KINDS or item is None:
            continue
        if f.is_map and isinstance(item, dict):
            items = list(item.values())
        elif f.repeated and isinstance(item, list):
            items = item
            here = (*path, f"{key}[]")
        else:
            items = [item]  # one object where a list is expected: the server reads it as a list
        for one in items:
            if f.kind == "message" and f.target:
                yield from unknowns(table, one, f.target, here)
            elif f.kind == "enum" and f.target and not known_enum(table, f.target, one):
                yield dotted(here), message, key, "enum value", f.target, str(one)


def known_enum(table: Table, name: str, value: Any) -> bool:
    e = table.enums.get(name)
    if e is None:
        return True
    if isinstance(value, str):
        return value.upper() in e.names or (INT.fullmatch(value) is not None and int(value) in e.by_number)
    return isinstance(value, int) and value in e.by_number


def dotted(path: tuple[str, ...]) -> str:
    return ".".join(path)


def endpoint_model(url: str) -> str | None:
    called = endpoints.endpoint(url)
    return called.model if called is not None else None
