"""VCR cassettes in YAML: vcrpy / pytest-recording, Ruby VCR, go-vcr (v1 and v2) and cassetter,
told apart by keys.

The document is composed (yaml_tree), never constructed: the nodes keep their lines, and tags
that only Ruby or vcrpy know (`!binary`, `!!python/...`) are read as plain text instead of
failing. The interactions are read one by one: an entry that is not an exchange (no mapping, a
status that is no HTTP status, a node past a limit) is reported on its own and the others read.
"""

from __future__ import annotations

import re
from dataclasses import replace

import msgspec

from gemini_wire.findings import excerpt
from gemini_wire.recordings.bodies import Budget, base64_bytes, hex_bytes, unzipped
from gemini_wire.recordings.model import (
    Body,
    BodyError,
    EntryError,
    Interaction,
    NotARecording,
    Recording,
    request_url,
)
from gemini_wire.recordings.yaml_tree import (
    NULL,
    FileLines,
    Literal,
    Mapping,
    Node,
    Refused,
    Scalar,
    Sequence,
    YamlProblem,
    compose,
    plain,
    uncollected,
)

BINARY_TAGS = ("tag:yaml.org,2002:binary", "!binary")
CASSETTE_KEYS = ("http_interactions", "interactions")  # Ruby VCR's, then vcrpy's and go-vcr's
STATUS = re.compile(r"[0-9]{3}")  # an HTTP status code (RFC 9110, section 15)
BOM = b"\xef\xbb\xbf"
# A cassette's key at the top of a YAML document: at the start of a line, plain or quoted.
TOP_KEY = re.compile(rb"""^(["']?)(?:http_)?interactions\1[ \t]*:""", re.MULTILINE)
WITHOUT_INTERACTIONS = (
    "not a recognised format: no `interactions` (vcrpy, go-vcr, cassetter) or `http_interactions` (Ruby VCR) at the top of a "
    "YAML cassette, and not a HAR file, a nock recording or an httprr trace"
)


def read(data: bytes) -> Recording | NotARecording:
    """The interactions of a cassette, or why it is not one; raises ImportError without PyYAML."""
    with uncollected():
        try:
            root = compose(data)
        except YamlProblem as e:
            # Broken YAML that is no cassette (a template, say) is passed over in a folder's walk.
            other = not looks_like_cassette(data)
            return NotARecording(f"not a recognised format: {e}", e.line, e.column, other)
        top = keyed(root)
        key = next((k for k in CASSETTE_KEYS if k in top), None)
        if key is None:
            return NotARecording(WITHOUT_INTERACTIONS, 1, 1, other=True)
        entries = top[key]
        if not isinstance(entries, Sequence):
            return NotARecording(f"not a recognised format: `{key}` is not a list of interactions", entries.line, entries.column)
        reader = Reader(FileLines(data))
        return Recording(format_name(key, top, entries), [reader.entry(i, (key, i), node) for i, node in enumerate(entries.items)])


def top_keys(data: bytes) -> set[str]:
    """The keys of a JSON object (an empty set for anything else)."""
    try:
        return set(msgspec.json.decode(data, type=dict[str, msgspec.Raw]))
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):  # msgspec's depth limit
        return set()


def looks_like_cassette(data: bytes) -> bool:
    """A cassette by its top keys, told without a YAML parser: `interactions:` (vcrpy, go-vcr,
    whose `version:` stands beside it) or `http_interactions:` (Ruby VCR) at the start of a line,
    or as a key of a JSON object (vcrpy's JSON serializer)."""
    text = data.removeprefix(BOM)
    if text.lstrip()[:1] == b"{":
        return bool(top_keys(text) & set(CASSETTE_KEYS))
    return TOP_KEY.search(text) is not None


# cassetter's body types (its SPECIFICATION.md, 1.2): a body `{type: ..., content: ...}`.
CASSETTER_TYPES = frozenset({"json", "text", "binary", "none"})


def typed(body: dict[str, Node]) -> bool:
    """Whether a mapping under `body` is cassetter's typed body, not a body written as YAML."""
    return body.keys() <= {"type", "content"} and scalar(body.get("type")) in CASSETTER_TYPES


def format_name(key: str, top: dict[str, Node], entries: Sequence) -> str:
    """Ruby VCR (or R's vcr) by its key; cassetter by its typed bodies; go-vcr by `url` where vcrpy
    writes `uri` (in the first request)."""
    if key == "http_interactions":
        # R's vcr package writes Ruby VCR's format and signs it `VCR-vcr/<version>` (tidyverse/ellmer).
        return "R vcr cassette" if (scalar(top.get("recorded_with")) or "").startswith("VCR-vcr/") else "Ruby VCR cassette"
    for node in entries.items:
        exchange = keyed(node)
        if any(typed(keyed(keyed(exchange.get(side)).get("body"))) for side in ("request", "response")):
            return "cassetter cassette"
        request = keyed(exchange.get("request"))
        if "url" in request:
            version = scalar(top.get("version")) or "1"
            return f"go-vcr cassette (v{version})" if version in ("1", "2") else f"go-vcr cassette ({excerpt(version)})"
        if "uri" in request:
            break
    return "vcrpy cassette"


def keyed(node: Node | None) -> dict[str, Node]:
    """A mapping as a dict of its keys' text to value nodes ({} for anything else)."""
    if not isinstance(node, Mapping):
        return {}
    return {k.value: v for k, v in node.pairs() if isinstance(k, Scalar)}


def scalar(node: Node | None) -> str | None:
    """The text of a scalar node that is not null."""
    return node.value if isinstance(node, Scalar) and node.tag != NULL else None


def fields(node: Node | None, what: str, required: bool = True) -> dict[str, Node]:
    """A part of an interaction that must be a mapping (when there), as `keyed`; else EntryError."""
    if node is None and not required:
        return {}
    if isinstance(node, Refused):
        raise EntryError(f"{what} cannot be read: {node.reason}")
    if not isinstance(node, Mapping):
        raise EntryError(f"{what} is {'missing' if node is None else 'not a mapping'}")
    return keyed(node)


def status_code(response: dict[str, Node]) -> int | None:
    """vcrpy and Ruby VCR: `status: {code: 200}`; go-vcr: `code: 200` beside `status: 200 OK`."""
    status = response.get("status")
    node = keyed(status).get("code") if isinstance(status, Mapping) else response.get("code") or status
    if isinstance(node, Refused):
        raise EntryError(f"the response status cannot be read: {node.reason}")
    text = scalar(node)
    if text is None:
        return None
    code = text.split(" ", 1)[0]
    if not STATUS.fullmatch(code):
        raise EntryError(f"the response status {excerpt(text)} is not an HTTP status code (three digits)")
    return int(code)


def header(message: dict[str, Node], name: str) -> str | None:
    """A header's first value: headers are a mapping of names to a value or a list of values."""
    for key, value in keyed(message.get("headers")).items():
        if key.lower() == name:
            if isinstance(value, Sequence):
                return scalar(value.items[0]) if value.items else None
            return scalar(value)
    return None


class Reader:
    """The interactions of one cassette: a body that several aliases name is read once, and the
    compressed bodies share one budget."""

    def __init__(self, file: FileLines) -> None:
        self.budget = Budget()
        self.bodies: dict[tuple[int, str | None], Body] = {}
        self.file = file  # where a quoted body's literal is read, when a finding is placed in it

    def entry(self, index: int, where: tuple[str, int], node: Node) -> Interaction:
        """An interaction, or the entry with the reason it cannot be read as one."""
        try:
            return self.interaction(index, where, node)
        except EntryError as e:
            problem = str(e)
        except Exception as e:  # a bug of ours stays on its entry; the fuzz tests look for these
            problem = f"gemini-wire could not read this interaction: {type(e).__name__}: {excerpt(str(e), quoted=False)}"
        return Interaction(index, where, "", None, None, None, problem, node.line, node.column)

    def interaction(self, index: int, where: tuple[str, int], node: Node) -> Interaction:
        item = fields(node, "the interaction")
        request = fields(item.get("request"), "its `request`")
        response = fields(item.get("response"), "its `response`", required=False)
        key = "url" if "url" in request else "uri"  # go-vcr, else vcrpy and Ruby VCR
        url = request.get(key)
        if isinstance(url, Refused):
            raise EntryError(f"its request's `{key}` cannot be read: {url.reason}")
        if not isinstance(url, Scalar) or scalar(url) is None:
            raise EntryError(f"its request has no `{key}`")
        status = status_code(response)
        date = scalar(item.get("recorded_at")) or header(response, "date")  # Ruby VCR, else the server's Date
        return Interaction(
            index, where, request_url(url.value), status, self.body(request), self.body(response),
            line=node.line, column=node.column, date=date, method=(scalar(request.get("method")) or "").upper(),
        )

    def body(self, message: dict[str, Node]) -> Body | None:
        """The body of a cassette's request or response, in any of the ways cassettes store it.

        `body: text` (vcrpy requests, go-vcr), `body: {string: text}` (vcrpy responses, Ruby VCR),
        `body: {base64_string: ...}` (Ruby VCR's exact bytes), `!!binary` / `!binary` base64 (gzip
        bodies), `body: {type: json|text|binary|none, content: ...}` (cassetter: JSON as YAML
        structure, text as a string, binary as hex), and a body stored as parsed YAML
        (`parsed_body:`, or a mapping under `body`).
        """
        encoding = header(message, "content-encoding")
        parsed = message.get("parsed_body")
        node = message.get("body")
        if parsed is None and isinstance(node, Mapping):
            inner = keyed(node)
            if typed(inner):
                return self.typed(inner, encoding)
            if "base64_string" in inner:
                return self.text(inner["base64_string"], encoding, binary=True)
            if "string" in inner or "encoding" in inner:
                node = inner.get("string")
            else:
                parsed = node  # a body that was written as YAML structure
        if parsed is not None and not (isinstance(parsed, Scalar) and parsed.tag == NULL):
            node = parsed  # parsed_body holding a plain string (SSE text, say) is read as text
        if node is None or (isinstance(node, Scalar) and node.tag == NULL):
            return None
        if isinstance(node, Refused):
            return Body(b"", node.line, node.column, problem=node.reason)
        if not isinstance(node, Scalar):
            return self.tree(node)
        return self.text(node, encoding, binary=node.tag in BINARY_TAGS)

    def typed(self, body: dict[str, Node], encoding: str | None) -> Body | None:
        """A cassetter body: `content` read as its `type` says (cassetter's SPECIFICATION.md 1.2
        and docs/tutorial/formats.md: `json` structure, `text` a string, `binary` hex, `none`)."""
        kind, content = scalar(body["type"]), body.get("content")
        if kind == "none" or content is None:
            return None
        if isinstance(content, Refused):
            return Body(b"", content.line, content.column, problem=content.reason)
        if kind == "json":
            if not isinstance(content, Scalar):
                return self.tree(content)
            return Body(msgspec.json.encode(plain(content)), content.line, content.column)  # a JSON scalar
        if kind == "text" or (isinstance(content, Scalar) and content.tag == NULL):
            return self.text(content, encoding, binary=False)
        if not isinstance(content, Scalar):
            return Body(b"", content.line, content.column, problem="a body of type binary is not a string of hex")
        try:
            return Body(unzipped(hex_bytes(content.value, "cassetter"), encoding, self.budget), content.line, content.column)
        except BodyError as e:
            return Body(b"", content.line, content.column, problem=str(e))

    def tree(self, node: Sequence | Mapping) -> Body:
        """A body stored as YAML structure, as JSON; its node maps a finding's path to a line."""
        key = (id(node), None)
        if key not in self.bodies:
            try:
                data = msgspec.json.encode(plain(node))
            except BodyError as e:
                self.bodies[key] = Body(b"", node.line, node.column, problem=str(e))
            else:
                self.bodies[key] = Body(data, node.line, node.column, tree=node)
        return self.bodies[key]

    def text(self, node: Node, encoding: str | None, binary: bool) -> Body:
        """A body stored as text (base64 when `binary`), decompressed when it is compressed. A
        literal block (`|`) of text maps line for line: its lines are the file's."""
        if not isinstance(node, Scalar):
            why = node.reason if isinstance(node, Refused) else "a body marked as base64 is not text"
            return Body(b"", node.line, node.column, problem=why)
        key = (id(node), encoding)
        if key in self.bodies:
            return self.bodies[key]
        indent = node.indent
        # A literal block's text starts on the line after its `|`.
        where = Body(b"", node.line, node.column) if indent is None else Body(b"", node.line + 1, indent + 1)
        try:
            raw = base64_bytes(node.value) if binary else node.value.encode("utf-8", "surrogatepass")
            data = unzipped(raw, encoding, self.budget)
        except BodyError as e:
            body = replace(where, problem=str(e))
        else:
            # Its lines are the file's when they are the body's bytes (not base64, not compressed).
            if indent is not None and not binary and data is raw:
                body = replace(where, data=data, literal=True, indent=indent)
            elif node.end is not None and not binary and data is raw:  # a quoted scalar, folded or not
                body = replace(where, data=data, quoted=Literal(self.file, node))
            else:
                body = replace(where, data=data)
        self.bodies[key] = body
        return body
