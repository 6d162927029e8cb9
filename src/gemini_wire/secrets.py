"""Masking secrets: API keys and tokens in any text that gemini-wire prints.

Every edge that prints (the CLI's formats, fmt's messages and diffs, the test transport's
failures, the Beam pipeline's outputs) passes its text through `mask`, so that a key recorded in
a cassette, a HAR file, a request URL or a payload never reaches a terminal or a CI log:

- a URL's query parameters that carry credentials: `?key=AIza…` becomes `?key=***`;
- the values of the headers that carry them (`x-goog-api-key`, `Authorization`, `Cookie`, ...),
  written as HTTP (`Authorization: Bearer ya29…`), JSON, YAML (a vcrpy list under the name), HAR
  (`{"name": "Cookie", "value": "…"}`) or nock's rawHeaders (`["Cookie", "…"]`, names and values in
  turn); an Authorization header keeps its scheme (`Bearer ***`);
- any value shaped like a Google credential, wherever it is (a request's text, a finding's
  quoted value): API keys (`AIza…`), OAuth access and refresh tokens (`ya29.…`, `1//0…`),
  OAuth client secrets (`GOCSPX-…`), and a bearer token after `Bearer`.

It imports nothing of gemini-wire's, so that every floor can use it. Masking errs on the side
of hiding: a header whose value is empty may take the next line's value with it.
"""

from __future__ import annotations

import re
from typing import TextIO

__all__ = ["MASK", "MaskedWriter", "mask", "suspect"]

MASK = "***"

# Query parameters whose value is a credential: the Gemini API's `key`, OAuth's tokens, and the
# signatures of signed URLs (Cloud Storage's X-Goog-*, S3's X-Amz-*) that a fileUri may carry.
PARAMETERS = (
    "key|api[_-]?key|access[_-]?token|id[_-]?token|refresh[_-]?token|token|auth|client[_-]?secret|"
    "password|secret|sig|signature|x-goog-signature|x-goog-credential|x-amz-signature|"
    "x-amz-credential|x-amz-security-token"
)
QUERY = re.compile(rf"(?i)([?&;](?:{PARAMETERS})=)[^&#\s\"'<>\\]*")

# Headers whose value is a credential. The separator admits HTTP (`: `), JSON (`": "`), YAML's
# block list (`:\n  - `), flow list (`: [`) and ini (`=`) forms.
HEADERS = "x-goog-api-key|x-api-key|api-key|authorization|proxy-authorization|set-cookie|cookie"
HEADER = re.compile(
    rf"(?i)(\b(?:{HEADERS})[\"']?[ \t]*[:=]\s*(?:\[\s*|-[ \t]+)?[\"']?)"  # the name and separator
    r"((?:Bearer|Basic|Digest|Token|OAuth|Negotiate|Bot)[ \t]+)?"  # a scheme, kept
    r"[^\"'\r\n\]]+"
)
# A HAR header: {"name": "...", "value": "..."}, the name and its value in two members.
HAR_HEADER = re.compile(rf'(?i)("name"\s*:\s*"(?:{HEADERS})"\s*,\s*"value"\s*:\s*")((?:[^"\\]|\\.)*)"')
# nock's rawHeaders: a JSON list of names and values in turn, the value the string after the name
# (a string followed by `:` is a key: HAR's `"Cookie", "value": ...` is HAR_HEADER's).
LISTED_HEADER = re.compile(rf'(?i)("(?:{HEADERS})",\s*")((?:[^"\\]|\\.)*)"(?!\s*:)')

# Values shaped like Google credentials (and a bearer token after its scheme). An API key is
# `AIza` and 35 characters; fewer are matched too, for a key a message quotes cut short.
TOKENS = re.compile(
    r"AIza[0-9A-Za-z_\-]{16,}"
    r"|ya29\.[0-9A-Za-z_\-.]+"
    r"|1//0[0-9A-Za-z_\-]{16,}"
    r"|GOCSPX-[0-9A-Za-z_\-]+"
    r"|(?<=Bearer )[0-9A-Za-z_\-.~+/]{8,}=*"
)


# What a text must hold for a pattern above to match, lower-cased: the start of a credential's
# shape, or a `:`, `=` or `",` and a word that every parameter and header name above contains. Most
# texts hold none of it, and a few substring tests tell (the patterns cost ten times more).
SHAPES = ("aiza", "ya29.", "1//0", "gocspx-", "bearer ")
NAMES = ("key", "token", "auth", "cookie", "secret", "password", "sig", "credential")


def suspect(text: str) -> bool:
    """Whether the text may hold a key or a token."""
    low = text.lower()
    if any(shape in low for shape in SHAPES):
        return True
    return ("=" in low or ":" in low or '",' in low) and any(name in low for name in NAMES)


def mask(text: str) -> str:
    """The text with every key and token it holds replaced by `***`."""
    if not suspect(text):
        return text
    text = HAR_HEADER.sub(lambda m: m.group(1) + MASK + '"', text)
    text = LISTED_HEADER.sub(lambda m: m.group(1) + MASK + '"', text)
    text = HEADER.sub(lambda m: m.group(1) + (m.group(2) or "") + MASK, text)
    text = QUERY.sub(lambda m: m.group(1) + MASK, text)
    return TOKENS.sub(MASK, text)


class MaskedWriter:
    """A text stream that masks what is written to it, for messages written straight to a stream
    (the command line's standard error: file names, exception text, argparse's usage)."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(mask(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()
