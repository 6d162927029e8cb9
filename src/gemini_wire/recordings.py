"""Recorded HTTP traffic: VCR cassettes (vcrpy / pytest-recording, Ruby VCR, go-vcr) and HAR 1.2.

    recording = read(name, data)          # a Recording, or NotARecording saying why
    for i in recording.interactions:       # url, status, request and response bodies, each
        ...                                # with the line of the file where it starts

Formats are told apart by content (the suffix only says which parser to try first). YAML needs
PyYAML (`pip install 'gemini-wire[cassettes]'`); HAR is JSON and needs nothing. A cassette is
composed, never constructed: the nodes keep their line numbers, and tags that only Ruby or
vcrpy know (`!binary`, `!!python/...`) are read as plain text instead of failing.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

import msgspec

from gemini_wire.findings import Path

YAML_SUFFIXES = (".yaml", ".yml")
HAR_SUFFIX = ".har"
SUFFIXES = (*YAML_SUFFIXES, HAR_SUFFIX)
BINARY_TAGS = ("tag:yaml.org,2002:binary", "!binary")
BOM = b"\xef\xbb\xbf"
GZIP_MAGIC = b"\x1f\x8b"
CASSETTE_KEYS = {"interactions", "http_interactions"}


@dataclass(frozen=True)
class Body:
    """A request or response body, and where it is in the file.

    `literal`: the body's lines are the file's lines from `line` on, each indented by `indent`
    (a YAML block scalar), so a position inside it maps exactly. `tree`: the body was stored as
    parsed YAML (pytest-recording's `parsed_body`, a mapping under `body`): its YAML node, so a
    path inside the body maps to the node's line.
    """

    data: bytes
    line: int | None = None
    column: int | None = None
    literal: bool = False
    indent: int = 0
    tree: Any = None
    problem: str = ""  # why the body's bytes cannot be had (bad base64, a broken gzip stream)


@dataclass(frozen=True)
class Interaction:
    """One HTTP exchange: `where` is its path in the file (`interactions[3]`, `log.entries[0]`, as a tuple)."""

    index: int
    where: Path
    url: str
    status: int | None
    request: Body | None
    response: Body | None
    date: str | None = None  # when it was recorded, as the recording says it (HAR, VCR, a Date header)


@dataclass(frozen=True)
class Recording:
    """The interactions of a cassette or HAR file, in order, and the name of its format."""

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
    """A body that cannot be read (bad base64, a broken gzip stream)."""


def suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


def sniff(name: str, data: bytes) -> str | None:
    """`yaml` or `har` when a file is (or claims to be) a recording; None for a JSON payload."""
    if suffix(name) in YAML_SUFFIXES:
        return "yaml"
    if suffix(name) == HAR_SUFFIX:
        return "har"
    text = data[len(BOM) :] if data.startswith(BOM) else data
    first = text.lstrip()[:1]
    if first == b"{":
        # HAR, or a cassette that vcrpy's JSON serializer wrote (JSON is YAML, and keeps its marks)
        keys = top_keys(text) if b'"log"' in text or b"interactions" in text else set()
        return "har" if "log" in keys else "yaml" if keys & CASSETTE_KEYS else None
    if first in (b"[", b"") or suffix(name) in (".json", ".jsonl"):
        return None
    return "yaml"


def top_keys(data: bytes) -> set[str]:
    try:
        return set(msgspec.json.decode(data, type=dict[str, msgspec.Raw]))
    except (msgspec.DecodeError, UnicodeDecodeError):
        return set()


def read(name: str, data: bytes) -> Recording | NotARecording:
    """The recording in a file's content, or why it is not one; never raises."""
    return read_har(data) if sniff(name, data) == "har" else read_yaml(data)


# --------------------------------------------------------------------------- HAR 1.2


# The bodies stay raw JSON strings until their place in the file is found (one forward pass).
NULL = msgspec.Raw(b"null")


class HarPostData(msgspec.Struct):
    text: msgspec.Raw = NULL


class HarContent(msgspec.Struct):
    text: msgspec.Raw = NULL
    encoding: str | None = None


class HarRequest(msgspec.Struct):
    url: str
    postData: HarPostData | None = None  # HAR's own spelling


class HarResponse(msgspec.Struct):
    status: int | None = None
    content: HarContent | None = None


class HarEntry(msgspec.Struct):
    request: HarRequest
    response: HarResponse | None = None
    startedDateTime: str | None = None  # HAR's own spelling


class HarLog(msgspec.Struct):
    entries: list[HarEntry]


class Har(msgspec.Struct):
    log: HarLog


class Cursor:
    """Line and column of values met in the order of the text, in one pass over it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0  # searched up to here
        self.line = 1  # the line at pos
        self.line_start = 0

    def place(self, raw: bytes) -> tuple[int, int] | None:
        at = self.data.find(raw, self.pos)
        if at < 0:
            at = self.data.find(raw)  # out of order (a writer that puts response first): start over
            if at < 0:
                return None
            self.pos, self.line, self.line_start = 0, 1, 0
        self.line += self.data.count(b"\n", self.pos, at)
        self.line_start = max(self.line_start, self.data.rfind(b"\n", self.pos, at) + 1)
        column = len(self.data[self.line_start : at].decode("utf-8", "replace")) + 1
        self.pos = at + len(raw)  # a JSON string holds no raw line end: the line is the same
        return self.line, column


def read_har(data: bytes) -> Recording | NotARecording:
    """HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): `log.entries[]`."""
    try:
        har = msgspec.json.decode(data, type=Har)
    except msgspec.ValidationError as e:
        return NotARecording(
            f"not a recognised format: a HAR file needs log.entries[].request.url ({e})", other=True
        )
    except (msgspec.DecodeError, UnicodeDecodeError) as e:
        return NotARecording(f"not a recognised format: not JSON ({e})")
    cursor = Cursor(data)
    out = []
    for i, entry in enumerate(har.log.entries):
        post = entry.request.postData
        request = har_body(post.text, None, cursor) if post is not None else None
        response = None
        status = None
        if entry.response is not None:
            status = entry.response.status
            content = entry.response.content
            if content is not None:
                response = har_body(content.text, content.encoding, cursor)
        out.append(Interaction(i, ("log", "entries", i), entry.request.url, status, request, response, entry.startedDateTime))
    return Recording("HAR 1.2", out)


def har_body(raw: msgspec.Raw, encoding: str | None, cursor: Cursor) -> Body | None:
    """A HAR body (a JSON string, base64 when `encoding` says so) at its place in the file."""
    if bytes(raw) == b"null":
        return None
    line, column = cursor.place(bytes(raw)) or (None, None)
    try:
        text = msgspec.json.decode(raw, type=str)
        data = base64_bytes(text) if encoding == "base64" else text.encode("utf-8", "surrogatepass")
        return Body(unzipped(data, None), line, column)
    except msgspec.ValidationError as e:
        return Body(b"", line, column, problem=f"a HAR body is a string: {e}")
    except BodyError as e:
        return Body(b"", line, column, problem=str(e))


# --------------------------------------------------------------------------- VCR cassettes (YAML)


def read_yaml(data: bytes) -> Recording | NotARecording:
    """vcrpy / pytest-recording, Ruby VCR and go-vcr (v1 and v2) cassettes, told apart by keys."""
    try:
        import yaml
    except ImportError:
        return NotARecording("reading YAML cassettes needs PyYAML: pip install 'gemini-wire[cassettes]'")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(data, Loader=loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        at = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return NotARecording(f"not a recognised format: not YAML ({e.problem})", *at)
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        return NotARecording(f"not a recognised format: not YAML ({e})")
    top = mapping(root)
    if "http_interactions" in top:
        key, name = "http_interactions", "Ruby VCR cassette"
    elif "interactions" in top:
        key, name = "interactions", ""
    else:
        return NotARecording(
            "not a recognised format: a YAML file without `interactions` (vcrpy, go-vcr) "
            "or `http_interactions` (Ruby VCR)",
            1,
            1,
            other=True,
        )
    items = top[key].value if isinstance(top[key], yaml.SequenceNode) else []
    out = []
    for i, node in enumerate(items):
        where = (key, i)
        item = mapping(node)
        request, response = mapping(item.get("request")), mapping(item.get("response"))
        go = "url" in request
        if not name:
            version = scalar(top.get("version"))
            name = f"go-vcr cassette (v{version or 1})" if go else "vcrpy cassette"
        url = scalar(request.get("url" if go else "uri")) or ""
        status = status_code(response)
        date = scalar(item.get("recorded_at")) or header(response, "date")  # Ruby VCR, else the server's Date
        out.append(Interaction(i, where, url, status, yaml_body(request, data), yaml_body(response, data), date))
    return Recording(name or "vcrpy cassette", out)


def mapping(node: Any) -> dict[str, Any]:
    """A YAML mapping node as a dict of its plain-text keys to value nodes ({} otherwise)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def scalar(node: Any) -> str | None:
    """The text of a scalar node that is not null."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return str(node.value)
    return None


def status_code(response: dict[str, Any]) -> int | None:
    """vcrpy and Ruby VCR: `status: {code: 200}`; go-vcr: `code: 200` beside `status: 200 OK`."""
    code = scalar(mapping(response.get("status")).get("code")) or scalar(response.get("code"))
    if code is None:
        code = (scalar(response.get("status")) or "").split(" ", 1)[0]
    return int(code) if code and code.isdigit() else None


def header(message: dict[str, Any], name: str) -> str | None:
    """A header's first value: headers are a mapping of names to a value or a list of values."""
    import yaml

    for key, value in mapping(message.get("headers")).items():
        if key.lower() == name:
            if isinstance(value, yaml.SequenceNode):
                return scalar(value.value[0]) if value.value else None
            return scalar(value)
    return None


def yaml_body(message: dict[str, Any], data: bytes) -> Body | None:
    """The body of a cassette's request or response, in any of the ways cassettes store it.

    `body: text` (vcrpy requests, go-vcr), `body: {string: text}` (vcrpy responses, Ruby VCR),
    `body: {base64_string: ...}` (Ruby VCR's exact bytes), `!!binary` / `!binary` base64 (gzip
    bodies), and a body stored as parsed YAML (`parsed_body:`, or a mapping under `body`).
    """
    import yaml

    encoding = header(message, "content-encoding")
    parsed = message.get("parsed_body")
    node = message.get("body")
    if parsed is None and isinstance(node, yaml.MappingNode):
        inner = mapping(node)
        if "string" in inner or "base64_string" in inner or "encoding" in inner:
            if "base64_string" in inner:
                text = scalar(inner["base64_string"]) or ""
                return located(lambda: unzipped(base64_bytes(text), encoding), inner["base64_string"], data)
            node = inner.get("string")
        else:
            parsed = node  # a body that was written as YAML structure
    if parsed is not None and not (isinstance(parsed, yaml.ScalarNode) and scalar(parsed) is None):
        if isinstance(parsed, yaml.ScalarNode):
            node = parsed  # parsed_body holding a plain string (SSE text, say)
        else:
            body = msgspec.json.encode(plain(parsed))
            return Body(body, parsed.start_mark.line + 1, parsed.start_mark.column + 1, tree=parsed)
    if not isinstance(node, yaml.ScalarNode) or scalar(node) is None:
        return None
    text = node.value
    if node.tag in BINARY_TAGS:
        return located(lambda: unzipped(base64_bytes(text), encoding), node, data)
    return located(lambda: unzipped(text.encode("utf-8", "surrogatepass"), encoding), node, data)


def located(decoded: Callable[[], bytes], node: Any, data: bytes) -> Body:
    """A body at its node (a literal block scalar, `|`, maps line for line), or why its bytes
    cannot be had."""
    mark = node.start_mark
    if getattr(node, "style", None) == "|":
        lines = data.split(b"\n", mark.line + 2)
        first = lines[mark.line + 1] if len(lines) > mark.line + 1 else b""
        indent = len(first) - len(first.lstrip(b" "))
        where = Body(b"", mark.line + 2, indent + 1, literal=True, indent=indent)
    else:
        where = Body(b"", mark.line + 1, mark.column + 1)
    try:
        return replace(where, data=decoded())
    except BodyError as e:
        return replace(where, problem=str(e))


def plain(node: Any) -> Any:
    """A composed node as plain Python data (JSON types), its scalars read by their YAML tags."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return {str(plain(k)): plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(v) for v in node.value]
    tag, text = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if tag == "tag:yaml.org,2002:float":
        lowered = text.lower().replace("_", "")
        if lowered in (".nan",):
            return "NaN"
        if lowered in (".inf", "+.inf", "-.inf"):
            return "-Infinity" if lowered.startswith("-") else "Infinity"
        return float(lowered)
    return text


def base64_bytes(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as e:
        raise BodyError(f"a body marked as base64 is not base64: {e}") from None


def unzipped(raw: bytes, encoding: str | None) -> bytes:
    """A compressed body decompressed: gzip told by its magic bytes (a recorder that decoded the
    body may have kept `Content-Encoding: gzip`), deflate by its header; br and zstd need
    libraries that gemini-wire does not take, so such a body is reported as unreadable."""
    coding = (encoding or "").lower().strip()
    try:
        if raw[:2] == GZIP_MAGIC:
            return gzip.decompress(raw)
        if coding == "deflate" and not decoded_text(raw):
            return zlib.decompress(raw)
    except (OSError, EOFError, zlib.error) as e:
        raise BodyError(f"a compressed body ({coding or 'gzip'}) cannot be decompressed: {e}") from None
    if coding in ("br", "zstd") and not decoded_text(raw):
        raise BodyError(f"a body in {coding} encoding: record it decoded (vcrpy: decode_compressed_response=True)")
    return raw


def decoded_text(raw: bytes) -> bool:
    """A body that starts as JSON or Server-Sent Events do, so it was stored decoded."""
    return raw.lstrip()[:1] in (b"{", b"[", b"d", b":", b"")
