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

The oracle (`tests/lossless.py`, shared with test_traffic) walks the original JSON with the
library's generated field table but applies the wire rules itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from lossless import lost, sse_events

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
    missing = lost(dialect.codec.table, body.value, body.kind, once)
    problems: list[str] = [f"{label}: {m}" for m in missing[:10]]
    if len(missing) > 10:
        problems.append(f"{label}: ... and {len(missing) - 10} more leaves lost")
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
