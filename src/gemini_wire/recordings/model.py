"""What a recording is read into: interactions with their bodies, each placed in the file."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import msgspec

from gemini_wire.findings import Path

INSTALL_CASSETTES = "python -m pip install pyyaml"  # the `cassettes` extra; works for any install


class Spelling(Protocol):
    """A string literal of a file read only when asked (yaml_tree.Literal): "" when it cannot be."""

    def text(self) -> str: ...

    def __bool__(self) -> bool: ...


@dataclass(frozen=True)
class Body:
    """A request or response body, and where it is in the file.

    `literal`: the body's lines are the file's lines from `line` on, each indented by `indent`
    (a YAML block scalar), so a position inside it maps exactly. `tree`: the body was stored as
    parsed YAML (pytest-recording's `parsed_body`, a mapping under `body`): its YAML node, so a
    path inside the body maps to the node's line. `verbatim`: the body's bytes are the file's own
    text from `line` and `column` on (a JSON value stored as it is, in a nock recording; an httprr
    body neither chunked nor compressed), so a position inside it maps exactly. `quoted`: the
    body's text is what a string literal of the file spells, from `line` and `column` (its
    opening quote) on: a JSON string (HAR's `text`, nock's string bodies) or a quoted YAML scalar,
    folded over lines or not, as it stands in the file (positions.LiteralIndex maps a place in the
    text to the literal).
    """

    data: bytes
    line: int | None = None
    column: int | None = None
    literal: bool = False
    indent: int = 0
    tree: Any = None
    verbatim: bool = False
    quoted: bytes | str | msgspec.Raw | Spelling = b""
    problem: str = ""  # why the body's bytes cannot be had (bad base64, a broken gzip stream)


@dataclass(frozen=True)
class Interaction:
    """One HTTP exchange: `where` is its path in the file (`interactions[3]`, `log.entries[0]`, as a
    tuple), `line` and `column` where it starts. `problem` says why an entry of the recording
    cannot be read as an exchange (a status that is text, a request that is no mapping): the
    entry is reported, and the others are still checked."""

    index: int
    where: Path
    url: str
    status: int | None
    request: Body | None
    response: Body | None
    problem: str = ""
    line: int | None = None
    column: int | None = None
    date: str | None = None  # when it was recorded, as the recording says it (HAR, VCR, a Date header)
    method: str = ""  # the HTTP method in capitals, as the recording says it ("" when it does not)


@dataclass(frozen=True)
class Recording:
    """The interactions of a recording (a cassette, HAR file, nock recording or httprr trace), in
    order, and the name of its format."""

    format: str
    interactions: list[Interaction] = field(default_factory=list)


@dataclass(frozen=True)
class NotARecording:
    """Why a file is not a recording that gemini-wire reads, and where when known."""

    message: str
    line: int | None = None
    column: int | None = None
    # Well-formed YAML or JSON without a recording's structure (a CI workflow, say): a folder's
    # walk passes over it; named on the command line, it is a finding.
    other: bool = False


class BodyError(ValueError):
    """A body that cannot be read (bad base64, a broken gzip stream, past a limit)."""


class EntryError(ValueError):
    """An entry of a recording that cannot be read as an exchange (reported on that entry)."""


class MissingExtra(ImportError):
    """A file that needs an optional dependency that is not installed (a cassette without PyYAML):
    a setup problem for the one who runs gemini-wire, not a finding about the file."""

    def __init__(self, what: str, install: str) -> None:
        super().__init__(f"{what}: {install}")
        self.install = install


# RFC 3986 3.2: the authority follows "//" (after an optional scheme) and ends at "/", "?" or "#".
AUTHORITY = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#]*)")
# RFC 3986 3.2.2: a host in brackets is the whole host, then an optional port.
BRACKETED = re.compile(r"\[([^\[\]]*)\](?::[0-9]*)?")
IPV_FUTURE = re.compile(r"[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+")


def request_url(text: str) -> str:
    """A request's URL, when its host is well formed and urllib can split it (`http://[::1/x`,
    `https://a[b]c/` cannot); else EntryError."""
    problem = host_problem(text)
    if problem:
        raise EntryError(f"its request URL cannot be read: {problem}")
    try:
        urlsplit(text)
    except ValueError as e:
        raise EntryError(f"its request URL cannot be read: {e}") from None
    return text


def host_problem(url: str) -> str:
    """Why the host of `url` is not well formed ('' when it is), by RFC 3986 rather than by
    urllib: whether `urlsplit` refuses a bracket inside a host changed between Python versions
    (3.10 reads `https://a[b]c/` as host `b`, 3.11 refuses it), and a recording must get the same
    finding on every Python."""
    authority = AUTHORITY.match(url)
    if authority is None:
        return ""
    host = authority.group(1).rpartition("@")[2]  # past the user information
    if "[" not in host and "]" not in host:
        return ""
    bracketed = BRACKETED.fullmatch(host)
    if bracketed is None:
        return f"a bracket in its host {host[:80]!r}: only an IPv6 address stands in brackets, as the whole host"
    literal = bracketed.group(1)
    if IPV_FUTURE.fullmatch(literal):
        return ""
    try:
        ipaddress.IPv6Address(literal)
    except ValueError:
        return f"{literal[:80]!r} in brackets is not an IPv6 address"
    return ""
