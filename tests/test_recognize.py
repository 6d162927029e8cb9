"""Recognition of Gemini payloads by content, measured both ways: every real body is recognised
(with its keys misspelled too), and no other JSON is (other providers' bodies, manifests, configs).
"""

from __future__ import annotations

import functools
import json
import lzma
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from foreign import FOREIGN

from gemini_wire.recognize import FIELDS, SHARED, Verdict, recognize

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared"
TRAFFIC = SHARED_DATA / "traffic" / "interactions.jsonl.xz"
CORPUS = SHARED_DATA / "corpus"
# Files of the corpus that wrap payloads in a recorder's own envelope ({capturedAt, calls: [...]}):
# not a payload at their top level, so a walk passes over them (named, they are checked).
ENVELOPE = re.compile(r"-envelope")


def traffic_documents() -> list[bytes]:
    """Every request and response body of the recorded traffic, each SSE event on its own."""
    if not TRAFFIC.exists():
        pytest.skip("the recorded traffic (../shared/traffic) is absent")
    return read_traffic()


@functools.cache
def read_traffic() -> list[bytes]:
    out: list[bytes] = []
    with lzma.open(TRAFFIC, "rt") as lines:
        for row in map(json.loads, lines):
            for side in ("request_body", "response_body"):
                body = (row.get(side) or "").encode()
                if row.get("sse") and side == "response_body":
                    out += [line[5:] for line in body.splitlines() if line.startswith(b"data:") and line[5:].strip()]
                elif body.strip():
                    out.append(body)
    return out


def test_every_recorded_request_and_response_body_is_recognised() -> None:
    documents = traffic_documents()
    assert len(documents) > 1000
    assert [d[:120] for d in documents if not recognize(d)] == []


def test_every_corpus_payload_is_recognised_and_only_envelopes_are_not() -> None:
    if not CORPUS.exists():
        pytest.skip("the corpus (../shared/corpus) is absent")
    files = [p for p in sorted(CORPUS.rglob("*")) if p.suffix in (".json", ".jsonl")]
    missed = [p.name for p in files if not recognize(p.read_bytes(), batch=p.suffix == ".jsonl")]
    assert len(files) > 40
    assert all(ENVELOPE.search(name) for name in missed), missed


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_json_that_is_not_gemini_is_passed_over_and_said_what_it_is(name: str) -> None:
    verdict = recognize(FOREIGN[name], batch=name.endswith(".jsonl"))
    assert not verdict and verdict.why


def misspelled(key: str) -> str:
    """One edit: two neighbouring letters swapped, else the last one dropped."""
    return key[1] + key[0] + key[2:] if key[0] != key[1] else key[:-1]


def snake(key: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), key)


MUTATIONS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "every key misspelled": lambda d: {misspelled(k): v for k, v in d.items()},
    "snake_case keys": lambda d: {snake(k): v for k, v in d.items()},
    "PascalCase keys": lambda d: {k[:1].upper() + k[1:]: v for k, v in d.items()},
    "contents as one object": lambda d: {**d, "contents": d["contents"][0]} if d.get("contents") else d,
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_near_miss_of_a_real_payload_is_still_recognised(mutation: str) -> None:
    payloads = [json.loads(d) for d in traffic_documents() if d.lstrip()[:1] == b"{"]
    mutated = [MUTATIONS[mutation](p) for p in payloads if "error" not in p]
    assert [list(m)[:4] for m in mutated if not recognize(json.dumps(m).encode())] == []


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'{"contnets": [{"parts": [{"text": "hi"}]}]}', "request"),
        (b'{"content": {"parts": [{"text": "hi"}]}}', "request"),  # one letter short, and an object
        (b'{"system_instruction": {"parts": []}, "contents": []}', "request"),
        (b'{"candidates": [], "usageMetadata": {}}', "response"),
        (b'{"error": {"code": 429, "message": "Quota", "status": "RESOURCE_EXHAUSTED"}}', "error"),
        (b'[{"candidates": []}, {"candidates": []}]', "stream"),
        (b'\xef\xbb\xbf{"contents": []}', "request"),
        (b'{"contents": [{"parts": [{"text": "a trailing comma"},]}]}', "request"),  # not JSON: by its keys
        (b'{"key": "a", "request": {"contents": []}}\n', "batch"),
    ],
)
def test_gemini_shapes_are_recognised_as_their_kind(data: bytes, kind: str) -> None:
    assert recognize(data, batch=kind == "batch").kind == kind


@pytest.mark.parametrize(
    "data",
    [
        b'{"candidate": "Ada"}',  # a near-miss of `candidates` holding a string: not a list of candidates
        b'{"content": [{"type": "text", "text": "hi"}], "role": "assistant", "type": "message", "stop_reason": null}',
        b'{"error": {"message": "bad key", "type": "invalid_request_error", "code": "invalid_api_key"}}',
        b"[]",
        b"",
        b"// only a comment\n",
    ],
)
def test_shapes_close_to_gemini_but_not_gemini_are_passed_over(data: bytes) -> None:
    assert recognize(data) == Verdict(None, recognize(data).why)
    assert not recognize(data)


def test_the_shared_names_are_fields_of_a_dialect() -> None:
    assert SHARED <= FIELDS.keys()


def test_recognition_never_raises_on_hostile_input() -> None:
    for data in (b"[" * 100_000, b'{"' + b"a" * 1_000_000 + b'": 1}', b"\xff\xfe", b'{"error": 3}', b"[1, [2]]"):
        assert not recognize(data) or recognize(data).kind
        assert not recognize(data, batch=True) or recognize(data, batch=True).kind
