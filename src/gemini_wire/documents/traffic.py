"""Checking recorded traffic: each generateContent or Interactions API call of a cassette, HAR
file, nock recording or httprr trace, or of a test run.

An exchange (URL, request body, status, response body) is checked in the dialect and with the
model that its URL names; a URL that is not a (stream)generateContent endpoint is skipped, and
a host that no dialect serves (a local gateway) is read in the fallback dialect. The response is
read by its first byte, as the server frames it: `[` a stream sent as one JSON array, `{` a
unary response (an error body from status 400 on), anything else Server-Sent Events.

Findings carry a path from the file's root (`interactions[2].request.contents[0]`,
`log.entries[0].response[3].candidates`, the `[3]` being the stream's fourth chunk) and the
line where the body starts in the file, or the exact line when the body's lines are the file's
(a YAML block scalar, a body that nock stored as a JSON value, an httprr body neither chunked
nor compressed) or it was stored as parsed YAML, and the exact line and column inside a body
stored as a string literal (a JSON string, a quoted YAML scalar folded over lines or not;
`Body.quoted`).

An Interactions API call (issue 23) is recognised by its URL and HTTP method, as google-genai
3.6.1 makes them (google/genai/_gaos/interactions.py): create `POST /{version}/interactions`,
get `GET .../interactions/{id}`, cancel `POST .../interactions/{id}/cancel` and delete `DELETE
.../interactions/{id}`. Its request (create's) is linted in the dialect of its URL; its answer,
read by its first byte as above, is an Interaction (`{`), an error body from status 400 on
(`{"error": {"code": "invalid_request", ...}}`), or a stream of events (stream.interactions:
decoded, and folded into its Interaction for the conversation); the SDK reads no body of a
delete that succeeded, so neither does this.

After each call alone, the recording's calls in order are checked as a conversation
(documents.exchanges): each response against its request, and each request that extends the
history of the call before it against what that call answered.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote

import msgspec

from gemini_wire import dialects
from gemini_wire.documents.check import EVERY_RULE, Selection, Settings, check_document, element_kind, lint
from gemini_wire.documents.exchanges import REQUEST, Call, Found, conversation_findings, read_call
from gemini_wire.documents.interactions_exchanges import (
    interactions_conversation_findings,
    read_interaction_call,
    streamed,
)
from gemini_wire.endpoints import INTERACTIONS_PATH
from gemini_wire.findings import Finding, Path, WireError, excerpt, relocate
from gemini_wire.positions import LiteralIndex, spellings
from gemini_wire.recordings import Body, Interaction, NotARecording, Recording, read
from gemini_wire.recordings.yaml_tree import Mapping, Node, Sequence
from gemini_wire.rules import Rule
from gemini_wire.rules.batch import UNRECOGNISED_RECORDING
from gemini_wire.rules.stream import STREAM_TRUNCATED
from gemini_wire.rules.structure import INVALID_JSON, NON_CANONICAL_ENUM
from gemini_wire.stream import StreamDecoder
from gemini_wire.stream.decode import BOM
from gemini_wire.stream.interactions import stream_findings
from gemini_wire.stream.sse import Event, Run, SseFramer

if TYPE_CHECKING:
    from gemini_wire.dialect import Dialect
    from gemini_wire.interactions_dialect import InteractionsDialect

FIRST_BYTE = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*(.?)")
ERROR_STATUS = 400
NOT_A_CALL = "not generateContent"
UNREADABLE = "cannot be read"
NOT_GOOGLE = "not a Google API call"
# An Interactions API path at a host that no dialect serves (a local gateway), after any prefix of
# the gateway's own (`/google/v1beta/interactions`): read in the fallback when that is an
# Interactions dialect (`operation`).
GATEWAY_INTERACTIONS = re.compile(f"(?:{INTERACTIONS_PATH.pattern})$")
# The Interactions API's calls, by what google-genai 3.6.1 sends (google/genai/_gaos/interactions.py).
CREATE, GET, CANCEL, DELETE = "create", "get", "cancel", "delete"
EXCHANGE_AREA = "GW8"  # the rules of a response against its request (gemini_wire.rules.exchanges)


@dataclass(frozen=True)
class Exchange:
    """One call: the dialect its URL names, the model, and the findings; `skipped` says why a
    call was not checked."""

    dialect: str
    model: str
    findings: list[Finding]
    skipped: str = ""
    version: str = ""  # the URL's endpoint version when no dialect of its own serves it (dialects.NEAREST)
    folded: Any = None  # an Interactions API stream folded into its Interaction, kept for the conversation


@dataclass
class Tally:
    """Interactions seen, checked by dialect, and skipped by reason."""

    interactions: int = 0
    checked: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.interactions += other.interactions
        self.checked += other.checked
        self.skipped += other.skipped

    def count(self, exchange: Exchange | None, url: str = "") -> None:
        if exchange is None:
            self.skipped[skip_reason(url)] += 1
        elif exchange.skipped:
            self.skipped[exchange.skipped] += 1
        else:
            # A version read in its nearest dialect says so: "gemini-v1beta for v1alpha".
            self.checked[f"{exchange.dialect} for {exchange.version}" if exchange.version else exchange.dialect] += 1

    def summary(self) -> str:
        return (
            f"{self.interactions} interaction(s): {sum(self.checked.values())} checked{by(self.checked)}, "
            f"{sum(self.skipped.values())} skipped{by(self.skipped)}"
        )


def skip_reason(url: str) -> str:
    """Why a call was not checked: a Google API call of another method says which (`countTokens:
    not generateContent`, `models: not generateContent` for a list), any other is not Google's."""
    parts = dialects.split(url)  # None for a URL that urllib refuses
    host = "" if parts is None else (parts.hostname or "").lower()
    if parts is None or (host != dialects.GEMINI_HOST and not dialects.VERTEX_HOST.fullmatch(host)):
        return NOT_GOOGLE
    last = unquote(parts.path).rstrip("/").rsplit("/", 1)[-1]
    what = last.rsplit(":", 1)[-1] if ":" in last else last
    return f"{what[:40] or 'other'}: {NOT_A_CALL}"


def by(counts: Counter[str]) -> str:
    return f" ({', '.join(f'{name} {n}' for name, n in sorted(counts.items()))})" if counts else ""


@dataclass(frozen=True)
class Checked:
    """A recording's format (or None when it is not one), its findings and its tally."""

    format: str | None
    findings: list[Finding]
    tally: Tally
    other: bool = False  # well-formed, but not a recording (see NotARecording.other)


def check_call(
    url: str,
    request: Body | None,
    response: Body | None,
    status: int | None,
    fallback: str,
    where: Path = (),
    model: str | None = None,
    selection: Selection = EVERY_RULE,
    method: str = "",
) -> Exchange | None:
    """The findings of one call to a generateContent or Interactions API URL; None for any other
    URL. `model`, when given, is checked for in place of the URL's (a test run's configured model
    for an alias); the checks of rules that `selection` leaves out are not run. `method`: the
    HTTP method when known (it tells an Interactions API delete from a get). `fallback`, for a
    host that no dialect serves, is any dialect's name (`gateway_dialect`, `operation`)."""
    called = dialects.endpoint(url)
    if called is None:
        asked = operation(url, method, fallback)
        return None if asked is None else interactions_exchange(asked, request, response, status, where, selection)
    name = dialects.canonical(called.dialect or gateway_dialect(fallback))
    settings = Settings(name, "auto", model or called.model, selection)
    found: list[Finding] = []
    if request is not None:
        inner = [unreadable(request)] if request.problem else lint("request", request.data, settings)
        found += placed_all(inner, request, (*where, "request"))
    if response is not None:
        inner = [unreadable(response)] if response.problem else response_findings(response.data, status, settings, called.stream)
        found += placed_all(inner, response, (*where, "response"))
    version = called.version
    if called.dialect is None and skip_reason(url) != NOT_GOOGLE:
        # A Google host at a version that no dialect serves: read in the fallback, and said so.
        parts = dialects.split(url)
        if parts is not None:
            version = unquote(parts.path).lstrip("/").split("/", 1)[0]
    return Exchange(name, settings.model or called.model, found, version=version)


@dataclass(frozen=True)
class Operation:
    """An Interactions API call named by a URL: its dialect, and which call (CREATE, GET, CANCEL
    or DELETE)."""

    dialect: str
    what: str


def gateway_dialect(fallback: str) -> str:
    """The dialect of a generateContent call at a host that no dialect serves: the fallback, or
    `gemini` when that is an Interactions dialect (which says nothing of generateContent)."""
    return "gemini" if fallback in dialects.INTERACTIONS else fallback


def operation(url: str, method: str = "", fallback: str = "") -> Operation | None:
    """The Interactions API call of a URL and HTTP method ("" when not known: a get, on an
    interaction's own URL); None for any other call (an interaction's auth_tokens, say). At a
    host that no dialect serves, a path of the Interactions API's is read in `fallback` when that
    is an Interactions dialect (a test run's gateway), and is no call otherwise."""
    name = dialects.dialect_for_url(url)
    parts = dialects.split(url)
    if parts is None:
        return None
    if name is None and fallback in dialects.INTERACTIONS and skip_reason(url) == NOT_GOOGLE:
        name = fallback if GATEWAY_INTERACTIONS.search(unquote(parts.path)) else None
    if name not in dialects.INTERACTIONS:
        return None
    method = method.upper()
    path = unquote(parts.path).rstrip("/")
    if path.endswith("/interactions"):
        what = CREATE if method in ("", "POST") else ""
    elif path.endswith("/cancel"):
        what = CANCEL if method in ("", "POST") else ""
    elif ":" in path.rsplit("/", 1)[-1]:
        what = ""  # `{id}:verb` is no path of the SDK's
    else:
        what = {"": GET, "GET": GET, "DELETE": DELETE}.get(method, "")
    return Operation(name, what) if what else None


class Asked(msgspec.Struct):
    """What a create request asks of: a model or an agent (a request that does not say, or is
    not an object, asks of "")."""

    model: str = ""
    agent: str = ""


def asked_of(data: bytes) -> str:
    try:
        asked = msgspec.json.decode(data, type=Asked)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError, RecursionError):
        return ""
    return asked.model or asked.agent


def interactions_exchange(
    called: Operation, request: Body | None, response: Body | None, status: int | None, where: Path, selection: Selection
) -> Exchange:
    """The findings of one Interactions API call, in the dialect of its URL (schema-level: the
    dialect's lint, kept as the selection says)."""
    ix = dialects.interactions_dialect(called.dialect)
    found: list[Finding] = []
    model = ""
    if request is not None and called.what == CREATE:
        inner = [unreadable(request)] if request.problem else ix.lint(request.data, kind="request")
        model = "" if request.problem else asked_of(request.data)
        found += placed_all([f for f in inner if f.code in selection], request, (*where, "request"))
    failed = status is not None and status >= ERROR_STATUS
    folded = None
    if response is not None and (failed or called.what != DELETE):  # the SDK reads no body of a delete that succeeded
        folded, inner = (None, [unreadable(response)]) if response.problem else interaction_findings(ix, response.data, failed)
        found += placed_all([f for f in inner if f.code in selection], response, (*where, "response"))
    return Exchange(called.dialect, model, found, folded=folded)


def interaction_findings(ix: InteractionsDialect[Any, Any, Any, Any], data: bytes, failed: bool) -> tuple[Any, list[Finding]]:
    """An Interactions API answer read as the server framed it: `{` an Interaction (an error
    body when the call failed), anything else a stream of events, decoded and folded into its
    Interaction (stream.interactions; a finding's path names the event: `event[3].delta`). A
    failed call's body that is not JSON is no answer of the API's (a proxy's page). With the
    findings, a stream's Interaction (None for anything else, or a stream that does not fold)."""
    if streamed(data):
        return (None, []) if failed or not data.strip() else stream_findings(ix, data)
    return None, ix.lint(data, kind="error" if failed else "response")




def unreadable(body: Body) -> Finding:
    """GW100 for a body whose bytes cannot be had from the recording."""
    return INVALID_JSON.finding((), f"the body cannot be read: {body.problem}", "record the call again")


def response_findings(data: bytes, status: int | None, settings: Settings, stream: bool = False) -> list[Finding]:
    """A response body read as the server framed it (paths relative to the body); an empty body
    of a streamGenerateContent call that did not fail is a stream without a response, like `[]`."""
    m = FIRST_BYTE.match(data)
    first = m.group(1) if m else b""
    failed = status is not None and status >= ERROR_STATUS
    if first == b"[":
        return check_document(data, replace(settings, kind="stream")).findings
    if first == b"{":
        return lint("error" if failed else "response", data, settings)
    if not data.strip() and (failed or not stream):
        return []
    return sse_findings(data, settings)


def sse_findings(data: bytes, settings: Settings) -> list[Finding]:
    """Every event's findings (`[i]` is the event's index), and the stream decoder's verdict on
    the framing: a stream cut inside an event (GW120). Each event is parsed once, by lint: the
    decoder is told what decoding each event it read gives (see Linted)."""
    found: list[Finding] = []
    linted: dict[bytes, list[Finding] | None] = {}
    for i, (line, column, payload) in enumerate(sse_events(data)):
        kind = element_kind(payload)
        inner = lint(kind, payload, settings)
        if inner:
            found += [relocate(f, (i,), (line, column)) for f in inner]
        if kind == "response":
            # What a response's decode refuses, lint finds; lint also notes a spelling that
            # decoding accepts (GW114, the one note a response can have), which does not stop it.
            linted[payload] = [f for f in inner if f.code != NON_CANONICAL_ENUM.code] or None
        elif not inner:
            linted[payload] = None
    decoder: StreamDecoder[Any, Any] = StreamDecoder(cast("Dialect[Any, Any, Any]", Linted(settings.resolved, linted)))
    try:
        decoder.feed(data)
        decoder.close()
    except WireError as e:
        found += [f for f in e.findings if f.code == STREAM_TRUNCATED.code]  # the rest are the events' own
    return found


class Linted:
    """The stream decoder's dialect for a stream whose events lint has read: an event that lint
    read is not parsed again. One in which lint found nothing is one that the dialect decodes
    (lint's first try is decode's typed parse and quick check, and an error body is read as one
    by both), so it is taken as decoded; a response in which lint found what decoding refuses
    stops the decoder as decoding it would. The decoder tells how the stream ends from the
    framing, and from the events it stops at as before. Any other payload (an error body with
    findings, which decode_response may read as a response when its `error` is no object, an
    event that the stream ends in, bare JSON after the events) is decoded by the dialect."""

    def __init__(self, dialect: Dialect[Any, Any, Any], linted: dict[bytes, list[Finding] | None]) -> None:
        self.dialect = dialect
        self.linted = linted  # payload -> what decoding it refuses (None: nothing)

    def decode_response(self, data: bytes) -> Any:
        # A run's value keeps the space after `data:` (stream.sse.Run): JSON reads it alike.
        payload = data.removeprefix(b" ")
        if payload not in self.linted:
            return self.dialect.decode_response(data)
        refused = self.linted[payload]
        if refused is not None:
            raise WireError(refused)
        return None

    def decode_error(self, data: bytes) -> Any:
        return self.dialect.decode_error(data)  # only a payload that decode_response gave on to


def sse_events(data: bytes) -> list[tuple[int, int, bytes]]:
    """The data of each complete Server-Sent Event with the line and column where it starts,
    framed as the stream decoder frames it (gemini_wire.stream.sse). An event that the body ends
    inside is never dispatched; a line of bare JSON ends the SSE."""
    framer = SseFramer()
    events: list[tuple[int, int, bytes]] = []
    for items in (framer.feed(data.removeprefix(BOM)), framer.close()):
        for item in items:
            if isinstance(item, Run):
                for k in range(len(item.values)):
                    line, before = item.place(k)
                    events.append((line, before + 1, item.payload(k)))
            elif isinstance(item, Event) and item.ended and item.places:
                line, before = item.places[0]
                events.append((line, before + 1, item.data))
    return events


def placed_all(findings: list[Finding], body: Body, prefix: Path) -> list[Finding]:
    """`placed` of each finding of one body, its quoted literal (if any) read once for them all."""
    index = literal_index(body.quoted) if body.quoted and any(f.line is not None for f in findings) else None
    return [placed(f, body, prefix, index) for f in findings]


def placed(f: Finding, body: Body, prefix: Path, index: LiteralIndex | None = None) -> Finding:
    """A finding of a body placed in the file: its path from the file's root, its line there
    (`index`: the body's quoted literal read already, by `placed_all`)."""
    if body.tree is not None:
        return relocate(f, prefix, at=node_position(body.tree, f.loc))
    if body.literal and body.line is not None:
        return relocate(f, prefix, (body.line, body.indent + 1), block=True)  # the body's lines are the file's
    if body.verbatim and body.line is not None:
        return relocate(f, prefix, (body.line, body.column or 1))  # the body's text is the file's
    if body.quoted and body.line is not None and f.line is not None and f.column is not None:
        # A string literal of the file: the place of the character in its spelling.
        lines, at = (index or literal_index(body.quoted)).place(f.line, f.column)
        column = (body.column or 1) + at if lines == 0 else at + 1
        return relocate(f, prefix, at=(body.line + lines, column))
    return relocate(f, prefix, at=(body.line, body.column))  # type: ignore[arg-type]


def literal_index(spelled: Any) -> LiteralIndex:
    """The index of a body's quoted literal (`Body.quoted`)."""
    if isinstance(spelled, (bytes, msgspec.Raw)):
        return LiteralIndex(bytes(spelled).decode("utf-8", "replace"))
    return LiteralIndex(spelled if isinstance(spelled, str) else spelled.text())


def node_position(tree: Node, segments: Path) -> tuple[int, int]:
    """Line and column of the YAML node a finding's path names (the deepest that exists)."""
    node = tree
    for number, segment in enumerate(segments, 1):
        if isinstance(node, Sequence) and isinstance(segment, int) and segment < len(node.items):
            node = node.items[segment]
        elif isinstance(node, Mapping) and isinstance(segment, str):
            names = spellings(segment) | {segment}
            match = next(((k, v) for k, v in node.pairs() if getattr(k, "value", None) in names), None)
            if match is None:
                break
            key, value = match
            node = key if number == len(segments) else value  # the key is where a member is
        elif isinstance(node, Mapping) and segment == 0:
            continue  # one object where a list is expected
        else:
            break
    return node.line, node.column


def check_recording(
    name: str, data: bytes, fallback: str, sniffed: str | None = None, selection: Selection = EVERY_RULE
) -> Checked:
    """Every generateContent interaction of a recording (`sniffed`: `yaml`, `har`, `nock` or `httprr`,
    when recordings.sniff was asked already), checked."""
    recording = read(name, data, sniffed)
    if isinstance(recording, NotARecording):
        return Checked(None, [unrecognised(recording)], Tally(), recording.other)
    return check_interactions(recording, fallback, selection)


def check_interactions(recording: Recording, fallback: str, selection: Selection = EVERY_RULE) -> Checked:
    """Each interaction on its own: one that cannot be read, or that trips a bug of ours, is a
    finding on that interaction, and the others are still checked; then the checked calls in
    order, as a conversation."""
    tally = Tally(interactions=len(recording.interactions))
    found: list[Finding] = []
    checked: list[tuple[Interaction, Exchange]] = []
    for i in recording.interactions:
        if i.problem:
            tally.skipped[UNREADABLE] += 1
            found.append(entry_finding(UNRECOGNISED_RECORDING, i, f"this interaction cannot be read: {i.problem}",
                                       "record the call again, or repair this entry"))
            continue
        try:
            exchange = check_call(i.url, i.request, i.response, i.status, fallback, i.where, selection=selection, method=i.method)
        except Exception as e:
            tally.skipped[UNREADABLE] += 1
            message = f"gemini-wire could not check this interaction: {type(e).__name__}: {excerpt(str(e), quoted=False)}"
            found.append(entry_finding(INVALID_JSON, i, message, "please report it with the recording"))
            continue
        tally.count(exchange, i.url)
        found += exchange.findings if exchange else []
        if exchange is not None and not exchange.skipped:
            checked.append((i, exchange))
    found += conversation(checked, selection, fallback)
    return Checked(recording.format, found, tally)


def conversation(checked: list[tuple[Interaction, Exchange]], selection: Selection, fallback: str = "") -> list[Finding]:
    """The recording's calls in order, each response against its request and each request
    against the call it follows when it replays it (documents.exchanges, GW8xx), placed in the
    file as the calls' own findings are. generateContent's calls and the Interactions API's are
    two conversations (documents.interactions_exchanges, GW85x)."""
    if not any(code.startswith(EXCHANGE_AREA) for code in selection.codes):
        return []  # no rule of the area selected: nothing to run
    generate = [(i, e) for i, e in checked if e.dialect not in dialects.INTERACTIONS]
    calls = [
        read_call(i.request.data, answered(i), dialects.dialect(exchange.dialect), exchange.model)
        if i.request is not None and not i.request.problem
        else None
        for i, exchange in generate
    ]
    ix = [(i, e) for i, e in checked if e.dialect in dialects.INTERACTIONS]
    return [
        *in_file(generate, conversation_findings(calls, linted=selection.codes), selection),
        *in_file(ix, interactions_conversation_findings([interaction_call(i, e, fallback) for i, e in ix], linted=selection.codes), selection),
    ]


def in_file(checked: list[tuple[Interaction, Exchange]], found: list[Found], selection: Selection) -> list[Finding]:
    """The selected findings of a conversation placed in the file, on the bodies of their calls."""
    out: list[Finding] = []
    for f in found:
        i = checked[f.index][0]
        body = i.request if f.document == REQUEST else i.response
        if f.finding.code in selection and body is not None:
            out.append(placed(f.finding, body, (*i.where, f.document)))
    return out


def interaction_call(i: Interaction, exchange: Exchange, fallback: str = "") -> Call | None:
    """An Interactions API call as its conversation reads it: a create's request (a get's or a
    cancel's is none) and the Interaction answered (a stream as its check folded it); None for a
    delete."""
    called = operation(i.url, i.method, fallback)
    if called is None or called.what == DELETE:
        return None
    request = i.request.data if called.what == CREATE and i.request is not None and not i.request.problem else None
    answer = answered(i)
    return read_interaction_call(request, exchange.folded if answer is not None and exchange.folded is not None else answer, called.dialect)


def answered(i: Interaction) -> bytes | None:
    """The body of what the call answered, unless it failed or cannot be read."""
    if i.response is None or i.response.problem or (i.status is not None and i.status >= ERROR_STATUS):
        return None
    return i.response.data


def entry_finding(rule: Rule, interaction: Interaction, message: str, hint: str) -> Finding:
    return relocate(rule.finding(interaction.where, message, hint), at=(interaction.line, interaction.column))  # type: ignore[arg-type]


def unrecognised(why: NotARecording) -> Finding:
    """GW134: a file that was read as a recording but is none that gemini-wire knows."""
    hint = "give a vcrpy, Ruby VCR, go-vcr or cassetter cassette (YAML), a HAR file, a nock recording, an httprr trace, or a JSON payload"
    return relocate(UNRECOGNISED_RECORDING.finding((), why.message, hint), at=(why.line, why.column))  # type: ignore[arg-type]
