"""Findings about the text itself (GW100): not JSON, not UTF-8, a lone surrogate, a number out of
range, nesting past MAX_DEPTH, each placed by `positions.line_column`."""

from __future__ import annotations

import math
import re

import msgspec

from gemini_wire.findings import Finding
from gemini_wire.limits import MAX_DEPTH
from gemini_wire.positions import line_column
from gemini_wire.rules.structure import INVALID_JSON

BYTE_OFFSET = re.compile(r"\(byte (\d+)\)")


def malformed(data: bytes | str, error: Exception) -> Finding:
    """The finding for input that is not JSON (or not UTF-8), with its line and column."""
    text = str(error)
    hint = "fix the JSON syntax at the position given (a missing comma, quote or bracket)"
    line = column = None
    m = BYTE_OFFSET.search(text)
    offset = int(m.group(1)) if m else getattr(error, "start", None)
    head = data[:3] if isinstance(data, str) else bytes(data[:3])
    if head[:1] == "\ufeff" or head == b"\xef\xbb\xbf":
        text, offset = "a byte order mark (BOM) before the JSON", 0
        hint = "save the file as UTF-8 without a BOM: the JSON must start at its first byte"
    elif not data or not data.strip():
        text, offset = "the input is empty", 0
        hint = 'give the payload as one JSON object, e.g. {"contents": [...]}'
    elif (lone := lone_surrogate(data)) is not None and ("surrogate" in text or "truncated" in text):
        # msgspec says "truncated" when the pair's second half would run past the end.
        offset = lone.start()
        text = f"a lone surrogate {lone.group().decode()}: half of a UTF-16 pair"
        hint = "escape the whole character (both halves, \\ud83d\\ude00), or remove the half"
    elif "out of range" in text and offset is None:
        # msgspec names no byte for a number past the double (or 4,300-digit) range: found here.
        offset = number_out_of_range(data)
        text = "a number out of range"
        hint = "write a number between -1.8e308 and 1.8e308 (an integer of at most 4,300 digits)"
    elif isinstance(error, UnicodeDecodeError):
        text = f"invalid UTF-8 (byte 0x{error.object[error.start]:02x})"
    elif isinstance(error, UnicodeEncodeError) and isinstance(data, str):
        # A str holding half of a surrogate pair has no UTF-8 form: msgspec cannot read it.
        text = f"a lone surrogate U+{ord(data[error.start]):04X} has no UTF-8 form"
        hint = "pair the surrogate with its other half, or remove it (the text was cut inside a character)"
        offset = len(data[: error.start].encode("utf-8", "surrogatepass"))
    if offset is not None:
        line, column = line_column(data, offset)
    return msgspec.structs.replace(INVALID_JSON.finding((), f"not valid JSON: {text}", hint), line=line, column=column)


# A string (skipped), or a JSON number.
NUMBER_OR_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?')


# A \\u escape of half a surrogate pair without its other half.
LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def lone_surrogate(data: bytes | str) -> re.Match[bytes] | None:
    """The first escape of half a surrogate pair in the text, if any (msgspec refuses it)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    return LONE_SURROGATE.search(raw)


def number_out_of_range(data: bytes | str) -> int | None:
    """The byte offset of the first number that is no double (or an integer over 4,300 digits)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    for m in NUMBER_OR_STRING.finditer(raw):
        if raw[m.start()] == 0x22:  # a string
            continue
        if m.group(1) is None and m.group(2) is None:
            if len(m.group()) > 4_300:
                return m.start()
        elif math.isinf(float(m.group())):
            return m.start()
    return None


def nested(data: bytes | str, offset: int) -> Finding:
    """GW100 for input nested deeper than MAX_DEPTH, at the bracket that goes past it."""
    line, column = line_column(data, offset)
    found = INVALID_JSON.finding(
        (),
        f"arrays and objects nested more than {MAX_DEPTH} levels deep",
        f"flatten the payload: Google's JSON parsers (and gemini-wire) read at most {MAX_DEPTH} levels",
    )
    return msgspec.structs.replace(found, line=line, column=column)


def unreadable(data: object) -> Finding:
    return INVALID_JSON.finding((), f"expected JSON text as bytes or str, got {type(data).__name__}", "pass the request body")

