"""The lossless oracle shared by the real-traffic tests (test_corpus, test_traffic).

`Oracle` gives the canonical form of a parsed body from the library's generated field table
(which keys are fields, of which kind) while applying the wire rules itself; it deliberately
does not use `gemini_wire.codec.normalize.Normalizer`, whose work it checks. `lost` compares it with a
re-encoding, leaf by leaf. `sse_events` reads a Server-Sent Events body as the WHATWG rules say.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Iterator
from typing import Any


def sse_events(text: str) -> Iterator[tuple[str, str]]:
    """(where, data) per event of a Server-Sent Events stream.

    Per the SSE spec: lines end in CRLF, LF or CR; a blank line ends an event; `field:value`
    with one optional space after the colon; the `data` lines of an event are joined with "\\n";
    comments (`:...`) and other fields are ignored. One departure: a block of lines without any
    field that holds bare JSON (a legacy Vertex front end wrote its error object that way,
    without `data:`) is yielded too, so that the body is checked rather than silently dropped.
    """
    lines = re.split(r"\r\n|\r|\n", text)
    block: list[str] = []
    n = 0

    def flush() -> Iterator[tuple[str, str]]:
        nonlocal n
        if not block:
            return
        data: list[str] = []
        fields = False
        for line in block:
            name, colon, value = line.partition(":")
            if colon and name in ("data", "event", "id", "retry", ""):
                fields = True
                if name == "data":
                    data.append(value[1:] if value.startswith(" ") else value)
        n += 1
        if data:
            yield f"event {n}", "\n".join(data)
        elif not fields and "\n".join(block).strip()[:1] in ("{", "["):
            yield f"event {n} (bare JSON, no data: field)", "\n".join(block)

    for line in lines:
        if line == "":
            yield from flush()
            block = []
        else:
            block.append(line)
    yield from flush()


# --------------------------------------------------------------------------- the oracle

ROOTS = {"request": "GenerateContentRequest", "response": "GenerateContentResponse", "error": "ErrorBody"}
DATA_KINDS = {"struct", "value", "list", "any"}
INT32 = {"int32", "uint32"}
INT64 = {"int64", "uint64"}
FLOATS = {"float", "double"}
SPECIAL = {"NaN", "Infinity", "-Infinity"}


class Oracle:
    """The canonical form of a parsed body, from the field table alone (not the codec)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def message(self, value: Any, name: str) -> Any:
        if not isinstance(value, dict):
            return value
        spec = self.table.messages[name]
        out: dict[str, Any] = {}
        for key, item in value.items():
            f = spec.by_key.get(key)
            if f is None:
                out[key] = item  # unknown: kept verbatim (the decoder keeps it in responses)
                continue
            if item is None and f.kind != "value":
                continue  # null = unset
            out[f.json_name] = self.field(spec, f, item)
        return out

    def field(self, spec: Any, f: Any, item: Any) -> Any:
        if f.is_map and isinstance(item, dict):
            return {k: self.single(spec, f, v) for k, v in item.items()}  # map keys are data
        if f.repeated:
            if isinstance(item, dict) and f.kind == "message":
                item = [item]  # one object where a list of messages is expected
            if isinstance(item, list):
                return [self.single(spec, f, v) for v in item]
            return item
        return self.single(spec, f, item)

    def single(self, spec: Any, f: Any, v: Any) -> Any:
        kind = f.kind
        if kind == "message":
            return self.message(v, f.target)
        if kind in DATA_KINDS:
            return v  # Struct / Value / ListValue / Any: data, never rewritten
        if kind == "enum":
            e = self.table.enums[f.target]
            if isinstance(v, bool):
                return v
            if isinstance(v, int):
                return e.by_number.get(v, v)
            if isinstance(v, str):
                if v in e.names:
                    return v
                if v.upper() in e.names:  # names are read in any case (DESIGN 3, GW114)
                    return v.upper()
                if re.fullmatch(r"-?[0-9]+", v) and int(v) in e.by_number:
                    return e.by_number[int(v)]
            return v  # a value newer than the table: kept verbatim
        if kind in INT32 | INT64:
            n = v
            if isinstance(v, str) and re.fullmatch(r"-?[0-9]+", v):
                n = int(v)
            elif isinstance(v, float) and v.is_integer():
                n = int(v)
            if isinstance(n, int) and not isinstance(n, bool):
                return n
            return v
        if kind in FLOATS:
            if isinstance(v, str) and v not in SPECIAL:
                try:
                    return float(v)
                except ValueError:
                    return v
            return v
        if kind == "bytes" and isinstance(v, str):
            std = v.rstrip("=").replace("-", "+").replace("_", "/")
            try:
                # validate=True: strict_mode of binascii, which Python 3.10 lacks
                raw = base64.b64decode(std + "=" * (-len(std) % 4), validate=True)
            except binascii.Error:
                return v
            return base64.b64encode(raw).decode("ascii")
        return v  # string, bool, duration, timestamp


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path, value) for every scalar, and for every empty object or array."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from leaves(v, (*path, k))
    elif isinstance(value, list) and value:
        for i, v in enumerate(value):
            yield from leaves(v, (*path, i))
    else:
        yield path, value


MISSING = object()


def lookup(value: Any, path: tuple[Any, ...]) -> Any:
    for seg in path:
        if isinstance(seg, int):
            if not isinstance(value, list) or seg >= len(value):
                return MISSING
        elif not isinstance(value, dict) or seg not in value:
            return MISSING
        value = value[seg]
    return value


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and (bool(a) or not b)
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and (bool(a) or not b)
    return type(a) is type(b) and a == b


def show(path: tuple[Any, ...]) -> str:
    return "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path).lstrip(".") or "(root)"


def short(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False) if v is not MISSING else "<missing>"
    return text if len(text) <= 80 else text[:77] + "..."


def lost(table: Any, value: Any, kind: str, encoded: bytes) -> list[str]:
    """What the re-encoding `encoded` of the body `value` (of a kind) lost, one line per leaf."""
    expected = Oracle(table).message(value, ROOTS[kind])
    got = json.loads(encoded)
    return [f"lost {show(p)} = {short(v)}, re-encoded: {short(lookup(got, p))}" for p, v in leaves(expected) if not same(v, lookup(got, p))]
