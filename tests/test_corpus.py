"""Real-traffic conformance: every body in the shared corpus decodes and re-encodes losslessly.

The corpus (`../shared/corpus` from the repository root) holds payloads captured from the real
Gemini Developer API and Vertex AI by public projects; it is not part of this repository and is
never copied into it. When it is absent, these tests skip.

Each corpus file is one test case. For every generateContent body found in it (a request, a
response, an error body, or one chunk of a stream) the test asserts that

1. it decodes without WireError, in the dialect of its URL when the file records one, else the
   API named by the file (`vertex...` or gemini);
2. it re-encodes without losing a field: every leaf (path and value) of the original JSON, once
   normalised to the canonical form by an oracle written here, is present in the re-encoded JSON;
3. encoding is idempotent: encode(decode(encode(x))) == encode(x).

The oracle (`Oracle` below) walks the original JSON with the library's generated field table
(which keys are fields, of which kind) but applies the wire rules itself; it deliberately does
not use `gemini_wire.codec.Normalizer`, whose work it checks.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from gemini_wire import WireError, dialects, encode

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FOLDERS = ("response", "request", "error", "stream")

# --------------------------------------------------------------------------- bodies


@dataclass
class Body:
    where: str  # where in the file, e.g. "interactions[1].response" or "event 3"
    kind: str  # "request", "response" or "error"
    value: Any  # the parsed JSON
    raw: str | None = None  # its text exactly as captured, when the file holds it verbatim
    url: str | None = None  # the endpoint it went to or came from, when the file says


def dialect_of(path: Path, body: Body) -> Any:
    """The dialect of the body's URL, else the API the file's name starts with."""
    name = dialects.dialect_for_url(body.url) if body.url else None
    return dialects.dialect(name or ("vertex" if path.name.startswith("vertex") else "gemini"))


def response_kind(body: Any, status: int | None = None) -> str:
    if (status is not None and status >= 400) or (isinstance(body, dict) and "error" in body):
        return "error"
    return "response"


GENERATE = re.compile(r":(stream)?[Gg]enerateContent\b|:(stream)?generate_content\b")


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


def stream_bodies(chunks: Iterator[tuple[str, str]]) -> list[Body]:
    """Bodies from (where, JSON text) per chunk; each decoded from its captured text."""
    out = []
    for where, text in chunks:
        chunk = json.loads(text)
        out.append(Body(where, response_kind(chunk), chunk, text))
    return out


def envelope_bodies(doc: dict[str, Any], default: str) -> list[Body]:
    """The bodies in a JSON file: a bare body, or a live envelope (see the corpus notes)."""
    if "calls" in doc:  # {calls: [{url, requestBody, responseStatus, responseBody}] | [{request, response}]}
        out = []
        for i, call in enumerate(doc["calls"]):
            if "request" in call:
                req, resp = call["request"].get("body"), call["response"].get("body")
                status = call["response"].get("status")
            else:
                req, resp, status = call.get("requestBody"), call.get("responseBody"), call.get("responseStatus")
            if req is not None:
                out.append(Body(f"calls[{i}].request", "request", req))
            if resp is not None:
                out.append(Body(f"calls[{i}].response", response_kind(resp, status), resp))
        return out
    if isinstance(doc.get("request"), dict) and isinstance(doc.get("response"), dict):
        # {capturedAt, request: {url, method, body}, response: {status, headers, body}}
        out = []
        if doc["request"].get("body") is not None:
            out.append(Body("request.body", "request", doc["request"]["body"]))
        if doc["response"].get("body") is not None:
            status = doc["response"].get("status")
            out.append(Body("response.body", response_kind(doc["response"]["body"], status), doc["response"]["body"]))
        return out
    if "error" in doc:
        return [Body("body", "error", doc)]
    embedded = {k: v for k, v in doc.items() if isinstance(v, dict) and "error" in v}
    if embedded:  # {capturedAt, model, <name>Response: {error: ...}, ...}
        return [Body(k, "error", v) for k, v in embedded.items()]
    return [Body("body", default, doc)]


def cassette_body(holder: dict[str, Any]) -> Any:
    """A VCR request/response body: `parsed_body` (pydantic-ai) or `body` (string or {string})."""
    if "parsed_body" in holder:
        return holder["parsed_body"]
    body = holder.get("body")
    if isinstance(body, dict):
        body = body.get("string")
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    if not body:
        return None
    return body  # text, parsed by the caller


def cassette_bodies(doc: dict[str, Any]) -> list[Body]:
    out: list[Body] = []
    for i, inter in enumerate(doc["interactions"]):
        req, resp = inter["request"], inter["response"]
        if not GENERATE.search(req.get("uri", "")):
            continue  # an OAuth token exchange, a file upload...: not generateContent traffic
        url = req.get("uri")
        body = cassette_body(req)
        if body is not None:
            out.append(Body(f"interactions[{i}].request", "request", json.loads(body) if isinstance(body, str) else body, url=url))
        body = cassette_body(resp)
        status = resp.get("status", {}).get("code")
        if isinstance(body, str):
            if body.lstrip().startswith("data:"):
                out += [
                    Body(f"interactions[{i}].response {w}", response_kind(c, status), c, url=url)
                    for w, c in ((w, json.loads(d)) for w, d in sse_events(body))
                ]
                continue
            body = json.loads(body)
        if isinstance(body, list):  # a streamed response in JSON-array framing
            out += [Body(f"interactions[{i}].response[{j}]", response_kind(c, status), c, url=url) for j, c in enumerate(body)]
        elif body is not None:
            out.append(Body(f"interactions[{i}].response", response_kind(body, status), body, url=url))
    return out


def bodies(path: Path) -> list[Body]:
    folder = path.parent.name
    name = path.name
    if name.endswith(".cassette.yaml"):
        return cassette_bodies(yaml.safe_load(path.read_text("utf-8")))
    text = path.read_text("utf-8")
    if name.endswith(".sse"):
        return stream_bodies(sse_events(text))
    if name.endswith(".jsonl"):
        return stream_bodies((f"line {i}", line) for i, line in enumerate(text.splitlines(), 1) if line.strip())
    if name.endswith(".json"):
        doc = json.loads(text)
        if isinstance(doc, list):  # streamGenerateContent without alt=sse
            return [Body(f"[{i}]", response_kind(c), c) for i, c in enumerate(doc)]
        default = {"request": "request", "error": "error"}.get(folder, "response")
        found = envelope_bodies(doc, default)
        if len(found) == 1 and found[0].value is doc:
            found[0].raw = text  # a bare body: decode the file's own bytes
        return found
    raise AssertionError(f"no reader for {name}: teach tests/test_corpus.py this form")


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
                return str(n) if kind in INT64 else n
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
                raw = binascii.a2b_base64(std + "=" * (-len(std) % 4), strict_mode=True)
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


# --------------------------------------------------------------------------- the checks


def check_body(dialect: Any, body: Body) -> list[str]:
    """Problems with one body (an empty list when it passes)."""
    decode: Callable[[bytes], Any] = {
        "request": dialect.decode_request,
        "response": dialect.decode_response,
        "error": dialect.decode_error,
    }[body.kind]
    raw = (body.raw if body.raw is not None else json.dumps(body.value, ensure_ascii=False)).encode("utf-8")
    label = f"{body.where} ({dialect.name} {body.kind})"
    try:
        decoded = decode(raw)
    except WireError as e:
        found = "; ".join(f"{f.code} {f.path}: {f.message}" for f in e.findings)
        return [f"{label}: WireError: {found}"]
    once = encode(decoded)
    problems: list[str] = []
    expected = Oracle(dialect.codec.table).message(body.value, ROOTS[body.kind])
    got = json.loads(once)
    lost = [(p, v) for p, v in leaves(expected) if not same(v, lookup(got, p))]
    for p, v in lost[:10]:
        problems.append(f"{label}: lost {show(p)} = {short(v)}, re-encoded: {short(lookup(got, p))}")
    if len(lost) > 10:
        problems.append(f"{label}: ... and {len(lost) - 10} more leaves lost")
    try:
        twice = encode(decode(once))
    except WireError as e:
        found = "; ".join(f"{f.code} {f.path}: {f.message}" for f in e.findings)
        return [*problems, f"{label}: its own encoding does not decode: {found}"]
    if twice != once:
        problems.append(f"{label}: encoding not idempotent:\n  once:  {once[:300]!r}\n  twice: {twice[:300]!r}")
    return problems


def corpus_files() -> list[Any]:
    if not CORPUS.is_dir():
        reason = f"the corpus folder {CORPUS} is absent"
        return [pytest.param(None, id="corpus-absent", marks=pytest.mark.skip(reason=reason))]
    files = sorted(p for folder in FOLDERS for p in (CORPUS / folder).glob("*") if p.is_file())
    return [pytest.param(p, id=p.relative_to(CORPUS).as_posix()) for p in files]


@pytest.mark.parametrize("path", corpus_files())
def test_corpus_body_decodes_and_reencodes(path: Path | None) -> None:
    if path is None or not CORPUS.is_dir():
        pytest.skip(f"the corpus folder {CORPUS} is absent")
    found = bodies(path)
    assert found, f"no generateContent body found in {path.name}"
    problems = [p for body in found for p in check_body(dialect_of(path, body), body)]
    assert not problems, f"{len(problems)} problem(s) in {path.name}:\n" + "\n".join(problems)
