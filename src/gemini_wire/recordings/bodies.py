"""A recorded body's bytes: base64 undone, gzip and deflate decompressed within a budget."""

from __future__ import annotations

import base64
import binascii
import zlib

from gemini_wire import limits
from gemini_wire.limits import size_text
from gemini_wire.recordings.model import BodyError

GZIP_MAGIC = b"\x1f\x8b"
GZIP = 16 + zlib.MAX_WBITS  # a gzip header and trailer around the deflate stream
ZLIB = zlib.MAX_WBITS  # HTTP's `deflate` is the zlib format (RFC 9110, section 8.4.1.2)


class Budget:
    """What the compressed bodies of one recording may still decompress to (MAX_DECOMPRESSED)."""

    def __init__(self) -> None:
        self.left = limits.MAX_DECOMPRESSED

    def past(self) -> BodyError:
        return BodyError(
            f"decompressed, the bodies of this recording come to more than "
            f"{size_text(limits.MAX_DECOMPRESSED)} (gemini_wire.limits.MAX_DECOMPRESSED): "
            f"a compression bomb, or more than gemini-wire reads as one recording"
        )


def base64_bytes(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as e:
        raise BodyError(f"a body marked as base64 is not base64: {e}") from None


def hex_bytes(text: str, who: str) -> bytes:
    """The bytes a hex string spells (nock's binary bodies, cassetter's `binary` ones)."""
    try:
        return bytes.fromhex(text)
    except ValueError as e:
        raise BodyError(f"a body that {who} recorded as binary is not hex: {e}") from None


def unzipped(raw: bytes, encoding: str | None, budget: Budget) -> bytes:
    """A compressed body decompressed: gzip told by its magic bytes (a recorder that decoded the
    body may have kept `Content-Encoding: gzip`), deflate by its header; br and zstd need
    libraries that gemini-wire does not take, so such a body is reported as unreadable. `raw`
    itself (the same object) when it is not compressed."""
    coding = (encoding or "").lower().strip()
    if raw[:2] == GZIP_MAGIC:
        return decompressed(raw, GZIP, "gzip", budget)
    if coding == "deflate" and not decoded_text(raw):
        return decompressed(raw, ZLIB, coding, budget)
    if coding in ("br", "zstd") and not decoded_text(raw):
        raise BodyError(f"a body in {coding} encoding: record it decoded (vcrpy: decode_compressed_response=True)")
    return raw


def decompressed(raw: bytes, wbits: int, coding: str, budget: Budget) -> bytes:
    """Every member of a compressed stream (gzip may hold several, as gzip.decompress reads),
    the output capped by the budget as it is produced: a bomb stops at the cap, never in memory."""
    out: list[bytes] = []
    rest = raw
    while True:
        stream = zlib.decompressobj(wbits)
        try:
            # max_length stops the output there: one byte past what is left says it is too much.
            piece = stream.decompress(rest, budget.left + 1)
        except zlib.error as e:
            raise BodyError(f"a compressed body ({coding}) cannot be decompressed: {e}") from None
        if len(piece) > budget.left:
            raise budget.past()
        budget.left -= len(piece)
        out.append(piece)
        if not stream.eof:
            raise BodyError(f"a compressed body ({coding}) cannot be decompressed: it is cut short")
        rest = stream.unused_data.lstrip(b"\0")  # gzip allows zero padding after a member
        if not rest:
            return b"".join(out)
        if wbits != GZIP or rest[:2] != GZIP_MAGIC:
            raise BodyError(f"a compressed body ({coding}) cannot be decompressed: data after its end")


def decoded_text(raw: bytes) -> bool:
    """A body that starts as JSON or Server-Sent Events do, so it was stored decoded."""
    return raw.lstrip()[:1] in (b"{", b"[", b"d", b":", b"")
