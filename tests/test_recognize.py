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
from hypothesis import HealthCheck, given, settings

from gemini_wire import interactions
from gemini_wire import strategies as gws
from gemini_wire.recognize import FIELDS, SHARED, Verdict, recognize, recognize_interactions

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


# --------------------------------------------------------------------------- the Interactions API

IX_STREAM = (
    b'event: interaction.created\ndata: {"event_type": "interaction.created", "interaction": {"id": "v1_a", '
    b'"status": "in_progress"}, "event_id": "e1"}\n\n'
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'{"model": "gemini-2.5-flash", "input": "Tell me a joke"}', "request"),  # by the model's name
        (b'{"model": "models/gemma-3-27b-it", "input": "hi", "stream": true}', "request"),
        (b'{"agent": "deep-research-pro-preview-12-2025", "input": "Research it", "background": true}', "request"),
        (b'{"model": "tuned-1", "input": [{"type": "user_input", "content": [{"type": "text", "text": "hi"}]}]}', "request"),
        (b'{"model": "tuned-1", "input": {"type": "image", "uri": "gs://b/a.png"}}', "request"),  # one content
        (b'{"model": "tuned-1", "input": "hi", "system_instruction": "Be brief."}', "request"),  # a key of its own
        (b'{"model": "tuned-1", "input": "hi", "generation_confg": {}}', "request"),  # a near-miss of one
        (b'{"id": "v1_a", "status": "completed", "steps": [{"type": "model_output", "content": []}]}', "response"),
        (b'{"id": "v1_a", "status": "in_progress", "steps": []}', "response"),
        (b'{"id": "v1_a", "status": "queued", "agent": "deep-research-preview-04-2026", "created": "2026-01-01T00:00:00Z"}', "response"),
        (b'{"id": "v1_a", "status": "completed", "object": "interaction"}', "response"),
        (b'{"id": "v1_a", "status": "completed", "outputs": [{"type": "text", "text": "Hi"}]}', "response"),  # before May 2026
        (IX_STREAM, "stream"),
        (b"\xef\xbb\xbf: a comment first\r\n" + IX_STREAM.replace(b"\n", b"\r\n"), "stream"),
        (b'data: {"event_type": "content.delta", "index": 0, "delta": {"type": "text", "text": "Hi"}}\n\n', "stream"),
    ],
)
def test_interactions_shapes_are_recognised_as_their_kind(data: bytes, kind: str) -> None:
    assert recognize_interactions(data).kind == kind


@pytest.mark.parametrize(
    "data",
    [
        b'{"model": "gpt-4.1", "input": "hi"}',  # nothing of Gemini's
        b'{"model": "gpt-4.1", "input": "hi", "temperature": 0.2}',  # a key the Interactions API lacks
        b'{"model": "gemini-2.5-flash", "input": "hi", "instructions": "Be brief."}',  # OpenAI's, to a Gemini model
        b'{"model": "gpt-4.1", "input": [{"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"}]}',
        b'{"model": "gemini-2.5-flash", "contents": [{"parts": [{"text": "hi"}]}]}',  # generateContent's
        b'{"id": "resp_1", "object": "response", "status": "completed", "output": []}',
        b'{"id": 1, "status": "completed", "steps": [{"name": "build", "status": "completed"}]}',
        b'{"id": "x", "status": "done", "steps": []}',  # a status the Interactions API never gives
        b'event: response.created\ndata: {"type": "response.created", "response": {"status": "in_progress"}}\n\n',
        b'data: {"event_type": "deploy.finished"}\n\n',
    ],
)
def test_shapes_close_to_the_interactions_api_are_not_claimed(data: bytes) -> None:
    verdict = recognize_interactions(data)
    assert not verdict and verdict.why


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_json_of_other_kinds_is_not_an_interactions_payload(name: str) -> None:
    assert not recognize_interactions(FOREIGN[name])


def test_no_recorded_generate_content_body_is_taken_for_the_interactions_api() -> None:
    documents = traffic_documents()
    assert [d[:120] for d in documents if recognize_interactions(d)] == []


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(gws.requests("interactions-v1"))
def test_every_generated_interactions_request_is_recognised_as_one(request: object) -> None:
    body = interactions.encode(request)
    assert recognize_interactions(body).kind == "request", body[:300]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(gws.responses("interactions-v1"))
def test_every_generated_interaction_is_recognised_as_a_response(interaction: object) -> None:
    body = interactions.encode(interaction)
    assert recognize_interactions(body).kind == "response", body[:300]


def test_interactions_recognition_never_raises_on_hostile_input() -> None:
    for data in (b"[" * 100_000, b'{"input": ' * 50_000, b"data: " + b"{" * 100_000, b"\xff\xfe", b'{"status": 3, "input": 1}'):
        assert not recognize_interactions(data) or recognize_interactions(data).kind
