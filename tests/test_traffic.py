"""Real traffic: what the live servers accepted lints clean, and what they sent decodes without loss.

`../shared/traffic/interactions.jsonl.xz` (from the repository root) holds HTTP interactions with
generateContent and streamGenerateContent recorded in the test cassettes of public projects; its
README says what each field means. It is not part of this repository; when it is absent, these
tests skip. Each interaction is one test case:

1. a request the server answered with 200 lints without an `error`, in the dialect of its URL and
   for the model of its URL (a false error is the worst thing a CI linter can do);
2. a 200 response, unary or streamed (SSE or a JSON array, fed to StreamDecoder in several byte
   splits), decodes and re-encodes without losing a key;
3. an error body (any other status) decodes.
"""

from __future__ import annotations

import json
import lzma
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lossless import lost, sse_events

from gemini_wire import dialects, encode
from gemini_wire.dialect import Dialect
from gemini_wire.stream import StreamDecoder

TRAFFIC = Path(__file__).resolve().parents[2] / "shared" / "traffic" / "interactions.jsonl.xz"
# Byte splits of a streamed body: whole, tiny reads (inside UTF-8 sequences and line ends), and
# reads of a network-ish size.
SPLITS = (None, 1, 7, 1000)


def dialect_of(row: dict[str, Any]) -> Dialect[Any, Any, Any]:
    """The dialect of the interaction's URL; for a host that no dialect knows (a local gateway
    forwarding to Google), the recorded API at the version its path names."""
    name = dialects.dialect_for_url(row["url"])
    if name is None:
        versions = [v for v in dialects.INFO.values() if v.api == row["dialect"] and f"/{v.version}/" in row["url"]]
        name = versions[0].name if versions else row["dialect"]
    return dialects.dialect(name)


@cache
def interactions() -> list[dict[str, Any]]:
    with lzma.open(TRAFFIC, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cases(accepted: bool) -> list[Any]:
    if not TRAFFIC.is_file():
        return [pytest.param(None, id="traffic-absent", marks=pytest.mark.skip(reason=f"{TRAFFIC} is absent"))]
    return [
        pytest.param(r, id=f"{r['project']}:{Path(r['file']).name}#{r['interaction']}")
        for r in interactions()
        if (r["status"] == 200) == accepted
    ]


@pytest.mark.parametrize("row", cases(accepted=True))
def test_accepted_request_lints_without_error(row: dict[str, Any]) -> None:
    found = dialect_of(row).lint_request(row["request_body"], model=row["model"])
    errors = [f for f in found if f.severity == "error"]
    assert not errors, "\n".join(f"{f.code} {f.path}: {f.message}" for f in errors)


@pytest.mark.parametrize("row", cases(accepted=True))
def test_accepted_request_decodes(row: dict[str, Any]) -> None:
    dialect_of(row).decode_request(row["request_body"])  # WireError would be a false refusal


def chunks(row: dict[str, Any]) -> list[Any]:
    """The JSON values of a streamed body's chunks, read without the library."""
    body = row["response_body"]
    if body.lstrip().startswith("["):
        return list(json.loads(body))
    return [json.loads(data) for _, data in sse_events(body)]


def split(data: bytes, size: int | None) -> list[bytes]:
    return [data] if size is None else [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("row", cases(accepted=True))
def test_accepted_response_reencodes_without_loss(row: dict[str, Any]) -> None:
    dialect = dialect_of(row)
    table = dialect.codec.table
    if not row["stream"]:
        value = json.loads(row["response_body"])
        assert lost(table, value, "response", encode(dialect.decode_response(row["response_body"]))) == []
        return
    expected = chunks(row)
    data = row["response_body"].encode("utf-8")
    for size in SPLITS:
        decoder = StreamDecoder(dialect)
        items = [item for piece in split(data, size) for item in decoder.feed(piece)]
        items += decoder.close()
        assert len(items) == len(expected), f"{len(items)} chunks decoded in reads of {size}, {len(expected)} sent"
        for i, (item, value) in enumerate(zip(items, expected, strict=True)):
            assert lost(table, value, "response", encode(item)) == [], f"chunk {i}, reads of {size}"


@pytest.mark.parametrize("row", cases(accepted=False))
def test_error_body_decodes(row: dict[str, Any]) -> None:
    dialect = dialect_of(row)
    value = json.loads(row["response_body"])
    assert lost(dialect.codec.table, value, "error", encode(dialect.decode_error(row["response_body"]))) == []
