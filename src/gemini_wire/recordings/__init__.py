"""Recorded HTTP traffic: VCR cassettes (vcrpy / pytest-recording, Ruby VCR, go-vcr), HAR 1.2,
nock recordings (Node.js) and httprr traces (Go).

    recording = read(name, data)          # a Recording, or NotARecording saying why
    for i in recording.interactions:       # url, status, request and response bodies, each
        ...                                # with the line of the file where it starts

Formats are told apart by content (the suffix only says which parser to try first). YAML needs
PyYAML (the `cassettes` extra: `python -m pip install pyyaml`); HAR and nock are JSON, httprr is
HTTP/1.1 text, and they need nothing. A recording is
input from elsewhere, read as safely as a payload: in time linear in the file, within the limits
of gemini_wire.limits (aliases, nesting, decompressed bodies), and entry by entry.
"""

from __future__ import annotations

from pathlib import PurePath

from gemini_wire.recordings import cassettes, har, httprr, nock
from gemini_wire.recordings.cassettes import looks_like_cassette, top_keys
from gemini_wire.recordings.model import (
    INSTALL_CASSETTES,
    Body,
    Interaction,
    MissingExtra,
    NotARecording,
    Recording,
)

__all__ = [
    "Body",
    "Interaction",
    "MissingExtra",
    "NotARecording",
    "Recording",
    "looks_like_cassette",
    "read",
    "sniff",
]

YAML_SUFFIXES = (".yaml", ".yml")
HAR_SUFFIX = ".har"
HTTPRR_SUFFIX = ".httprr"
SUFFIXES = (*YAML_SUFFIXES, HAR_SUFFIX, HTTPRR_SUFFIX)
BOM = b"\xef\xbb\xbf"
CASSETTE_KEYS = frozenset(cassettes.CASSETTE_KEYS)


def suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


def sniff(name: str, data: bytes) -> str | None:
    """`yaml`, `har`, `nock` or `httprr` when a file is (or claims to be) a recording; None for a
    JSON payload (a stream saved as a JSON array among them)."""
    if httprr.looks_like_httprr(data) or suffix(name) == HTTPRR_SUFFIX or name.lower().endswith(httprr.GZIPPED):
        return "httprr"
    if suffix(name) in YAML_SUFFIXES:
        return "yaml"
    if suffix(name) == HAR_SUFFIX:
        return "har"
    text = data.removeprefix(BOM)
    first = text.lstrip()[:1]
    if first == b"{":
        # HAR, or a cassette that vcrpy's JSON serializer wrote (JSON is YAML, and keeps its marks)
        keys = top_keys(text) if b'"log"' in text or b"interactions" in text else set()
        return "har" if "log" in keys else "yaml" if keys & CASSETTE_KEYS else None
    if first == b"[":
        return "nock" if nock.looks_like_nock(text) else None
    if first == b"" or suffix(name) in (".json", ".jsonl"):
        return None
    return "yaml"


def yaml_installed() -> bool:
    try:
        import yaml  # noqa: F401
    except ImportError:
        return False
    return True


def read(name: str, data: bytes, sniffed: str | None = None) -> Recording | NotARecording:
    """The recording in a file's content, or why it is not one (`sniffed`: what `sniff` said of
    it, when it was asked already). Never raises on any content; raises MissingExtra for a
    cassette when PyYAML is not installed (a setup problem)."""
    found = sniffed or sniff(name, data)
    if found == "har":
        return har.read(data)
    if found == "nock":
        return nock.read(data)
    if found == "httprr":
        return httprr.read(data)
    if yaml_installed():
        return cassettes.read(data)
    if looks_like_cassette(data):
        raise MissingExtra("this is a VCR cassette, and reading one needs PyYAML", INSTALL_CASSETTES)
    return NotARecording(f"{cassettes.WITHOUT_INTERACTIONS} (its top keys, read without PyYAML)", other=True)
