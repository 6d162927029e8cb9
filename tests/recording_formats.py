"""Recordings of generateContent calls in each format that `gemini-wire lint` reads (a vcrpy
cassette, a Ruby VCR cassette, a go-vcr cassette, a HAR file, a nock recording, an httprr trace),
each body on one line of its own,
and the lines those bodies are on (for tests/test_exchanges.py and tests/test_exchange_formats.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

Pairs = Sequence[tuple[dict[str, Any], dict[str, Any]]]


def url_of(model: str) -> str:
    """The Gemini Developer API's generateContent URL of this model."""
    return f"https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent"


def quoted(value: dict[str, Any]) -> str:
    """A JSON body as a YAML single-quoted scalar on one line."""
    return "'" + json.dumps(value).replace("'", "''") + "'"


def cassette(*exchanges: tuple[dict[str, Any], dict[str, Any]], url: str = url_of("gemini-3-pro-preview")) -> bytes:
    """A vcrpy cassette of these calls (to gemini-3-pro-preview unless told), one body a line."""
    lines = ["interactions:"]
    for request, response in exchanges:
        lines += [
            "- request:",
            f"    body: {quoted(request)}",
            f"    uri: {url}",
            "  response:",
            f"    body: {{string: {quoted(response)}}}",
            "    status: {code: 200}",
        ]
    return ("\n".join(lines) + "\n").encode()


def har(*exchanges: tuple[dict[str, Any], dict[str, Any]], url: str) -> str:
    """A HAR file of these calls, one key a line."""
    entries = [
        {
            "request": {"method": "POST", "url": url, "postData": {"mimeType": "application/json", "text": json.dumps(request)}},
            "response": {"status": 200, "content": {"mimeType": "application/json", "text": json.dumps(response)}},
        }
        for request, response in exchanges
    ]
    return json.dumps({"log": {"version": "1.2", "entries": entries}}, indent=1)


def ruby_vcr(url: str, pairs: Pairs) -> str:
    """A Ruby VCR cassette (http_interactions, bodies under `string:`)."""
    return "http_interactions:\n" + "".join(
        f"- request:\n    method: post\n    uri: {url}\n    body:\n      encoding: UTF-8\n      string: {quoted(q)}\n"
        f"  response:\n    status:\n      code: 200\n    body:\n      encoding: UTF-8\n      string: {quoted(a)}\n"
        for q, a in pairs
    )


def go_vcr(url: str, pairs: Pairs) -> str:
    """A go-vcr cassette (version 2)."""
    return "version: 2\ninteractions:\n" + "".join(
        f"    - id: {k}\n      request:\n        body: {quoted(q)}\n        url: {url}\n        method: POST\n"
        f"      response:\n        body: {quoted(a)}\n        code: 200\n"
        for k, (q, a) in enumerate(pairs)
    )


def nock_calls(calls: Sequence[tuple[str, str, Any, int, Any]]) -> str:
    """A nock recording of these calls (method, URL, request, status, response), one body a line:
    a body that is JSON as a JSON value (as nock keeps it), a str as a JSON string, None as ""."""
    entries = []
    for method, url, request, status, response in calls:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        scope = f"{parts.scheme}://{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
        entries.append(
            f'  {{"scope": {json.dumps(scope)}, "method": {json.dumps(method)}, "path": {json.dumps(url[len(origin):])},\n'
            f'   "body": {json.dumps("" if request is None else request)},\n'
            f'   "status": {status},\n'
            f'   "response": {json.dumps("" if response is None else response)},\n'
            f'   "rawHeaders": ["Content-Type", "application/json; charset=UTF-8"], "responseIsBinary": false}}'
        )
    return "[\n" + ",\n".join(entries) + "\n]\n"


def httprr_calls(calls: Sequence[tuple[str, str, Any, int, Any]]) -> str:
    """An httprr trace (Go) of these calls (method, URL, request, status, response), as Go writes
    its records: heads in CRLF, each body on its own line (a body that is JSON as its JSON, a str as
    it is, None as no body)."""
    records = []
    for method, url, request, status, response in calls:
        sent, got = (b"" if body is None else (body if isinstance(body, str) else json.dumps(body)).encode() for body in (request, response))
        length = f"Content-Length: {len(sent)}\r\nContent-Type: application/json\r\n" if sent else ""
        asked = f"{method} {url} HTTP/1.1\r\nHost: {urlsplit(url).netloc}\r\nUser-Agent: Go-http-client/1.1\r\n{length}\r\n".encode() + sent
        answered = (
            f"HTTP/2.0 {status} {'OK' if status == 200 else 'Status'}\r\nContent-Length: {len(got)}\r\n"
            f"Content-Type: application/json; charset=UTF-8\r\n\r\n"
        ).encode() + got
        records.append(b"%d %d\n" % (len(asked), len(answered)) + asked + answered)
    return (b"httprr trace v1\n" + b"".join(records)).decode()


def httprr(url: str, pairs: Pairs) -> str:
    """An httprr trace of these calls."""
    return httprr_calls([("POST", url, request, 200, response) for request, response in pairs])


def nock(url: str, pairs: Pairs) -> str:
    """A nock recording of these calls (a JSON array of them)."""
    return nock_calls([("POST", url, request, 200, response) for request, response in pairs])


# Each format by a file name that says it: a writer of the calls to one URL, and how a body is spelt in it.
FORMATS: dict[str, Callable[[str, Pairs], str]] = {
    "ruby-vcr.yml": ruby_vcr,
    "go-vcr.yaml": go_vcr,
    "vcrpy.yaml": lambda url, pairs: cassette(*pairs, url=url).decode(),
    "recording.har": lambda url, pairs: har(*pairs, url=url),
    "nock.json": nock,
    "trace.httprr": httprr,
}
# Where each format keeps its interactions (the start of a finding's path).
ENTRIES = {"ruby-vcr.yml": "http_interactions", "go-vcr.yaml": "interactions", "vcrpy.yaml": "interactions", "recording.har": "log.entries",
           "nock.json": "", "trace.httprr": ""}
SPELT: dict[str, Callable[[dict[str, Any]], str]] = {
    "ruby-vcr.yml": quoted,
    "go-vcr.yaml": quoted,
    "vcrpy.yaml": quoted,
    "recording.har": lambda body: json.dumps(json.dumps(body)),
    "nock.json": json.dumps,  # the body's own JSON: a finding inside it is on its line
    "trace.httprr": json.dumps,  # the bytes sent: a finding inside it is on its line
}


def body_lines(name: str, text: str, pairs: Pairs) -> list[tuple[int, int]]:
    """The 1-based lines of each interaction's request body and response body, found in order in the text."""
    rows = text.splitlines()
    spell = SPELT[name]
    at = 0
    out = []
    for request, response in pairs:
        found = []
        for body in (request, response):
            spelt = spell(body)
            at = next(k for k in range(at, len(rows)) if spelt in rows[k])
            found.append(at + 1)
            at += 1
        out.append((found[0], found[1]))
    return out
