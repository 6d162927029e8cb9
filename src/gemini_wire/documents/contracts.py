"""The answer against the rest of its request's contract, and against itself (GW814-GW819,
declared in gemini_wire.rules.exchanges; documents.exchanges calls these for each exchange, a
stream folded first): thought parts nobody asked for, log probabilities of another size than
asked, a modality that was not asked for, the key order of JSON text against propertyOrdering,
and, in the answer alone, citation and grounding offsets that miss their text and usage counts
that do not add up. The OpenAPI-subset Schema's `format` is read here too, for the schema checks
of documents.exchanges (GW802, GW804).

What real answers do (../shared/traffic, 660 answers) decides what is a finding: the early Gemini
2.5 previews counted thoughts inside candidatesTokenCount; per-modality details may leave tokens
out but never hold more; a grounding segment of Gemini 3 counts only the parts with text when
server-side tool parts come first; offsets count UTF-8 bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from gemini_wire.documents.fields import get, integer, items, parts_of
from gemini_wire.findings import Finding, Key, Path, excerpt, ticked
from gemini_wire.rules.exchanges import (
    ANSWER_OFFSETS_OUTSIDE_TEXT,
    LOGPROBS_SIZE_MISMATCH,
    MODALITY_NOT_REQUESTED,
    PROPERTY_ORDER_DIFFERS,
    THOUGHTS_NOT_REQUESTED,
    USAGE_COUNTS_MISMATCH,
)

__all__ = ["contract_findings", "format_error", "ordering_findings"]

MAX_FINDINGS = 5  # of one kind in one answer: the first few say enough


def contract_findings(request: dict[str, Any], response: dict[str, Any]) -> Iterator[Finding]:
    """The answer's findings against its request's thinking, logprobs and modality settings, and
    against itself (offsets, usage); paths from the response."""
    config = get(request, "generationConfig")
    listed = items(get(response, "candidates"))
    usage = get(response, "usageMetadata")
    yield from usage_findings(usage)
    tokens = integer(get(usage, "candidatesTokenCount"), -1) if len(listed) == 1 else -1
    for c, candidate in enumerate(listed):
        at: Path = ("candidates", c)
        parts = parts_of(get(candidate, "content"))
        yield from thought_findings(config, parts, at)
        yield from modality_findings(request, config, parts, at)
        yield from logprob_findings(config, candidate, parts, at, tokens)
        yield from islice(offset_findings(candidate, parts, at), MAX_FINDINGS)


# --------------------------------------------------------------------------- the request's settings


def thought_findings(config: Any, parts: list[Any], at: Path) -> Iterator[Finding]:
    asked = get(get(config, "thinkingConfig"), "includeThoughts")
    if asked is True:
        return
    j = next((j for j, p in enumerate(parts) if get(p, "thought") is True), None)
    if j is not None:
        unset = "unset" if asked is None else "false"
        yield THOUGHTS_NOT_REQUESTED.finding((*at, "content", "parts", j, "thought"), f"a thought part in the answer while thinkingConfig.includeThoughts is {unset}", "leave out the parts with thought: true when reading the answer")


# What an inline or file part's MIME type says of its modality (Modality: TEXT IMAGE AUDIO VIDEO).
MEDIA = {"image": "IMAGE", "audio": "AUDIO", "video": "VIDEO"}


def modality_findings(request: dict[str, Any], config: Any, parts: list[Any], at: Path) -> Iterator[Finding]:
    asked = {m.upper() for m in items(get(config, "responseModalities")) if isinstance(m, str)}
    if not asked:
        return  # the model's default: nothing to compare
    plots = any(get(tool, "codeExecution") is not None for tool in items(get(request, "tools")))
    seen: set[str] = set()
    for j, part in enumerate(parts):
        kind, what = modality(part)
        if kind is None or kind in asked or kind in seen or (plots and kind == "IMAGE"):
            continue
        seen.add(kind)
        yield MODALITY_NOT_REQUESTED.finding((*at, "content", "parts", j), f"{what} where responseModalities asked for {', '.join(sorted(asked))}", f"handle {kind} parts, or list the modalities you read")


def modality(part: Any) -> tuple[str | None, str]:
    """A part's output modality and how to name it, or None (a call, code, a thought, no text)."""
    if get(part, "thought") is True:
        return None, ""
    text = get(part, "text")
    if isinstance(text, str):
        return ("TEXT", "a text part") if text else (None, "")
    blob = get(part, "inlineData") or get(part, "fileData")
    mime = get(blob, "mimeType")
    if isinstance(mime, str) and (kind := MEDIA.get(mime.partition("/")[0].lower())) is not None:
        return kind, f"{'an' if kind[0] in 'AEIOU' else 'a'} {kind} part ({excerpt(mime, quoted=False)})"
    return None, ""


def logprob_findings(config: Any, candidate: Any, parts: list[Any], at: Path, tokens: int) -> Iterator[Finding]:
    asked = get(config, "responseLogprobs") is True
    result = get(candidate, "logprobsResult")
    where: Path = (*at, "logprobsResult")
    if result is None:
        if asked and parts:
            yield LOGPROBS_SIZE_MISMATCH.finding(at, "no logprobsResult although responseLogprobs asked for one", "handle a candidate without log probabilities")
        return
    if not asked:
        yield LOGPROBS_SIZE_MISMATCH.finding(where, "a logprobsResult that responseLogprobs did not ask for", "ask for log probabilities with generationConfig.responseLogprobs, or ignore them")
        return
    size = integer(get(config, "logprobs"), 0)
    top, chosen = items(get(result, "topCandidates")), items(get(result, "chosenCandidates"))
    for k, step in enumerate(top):
        got = len(items(get(step, "candidates")))
        if got != size:
            yield LOGPROBS_SIZE_MISMATCH.finding((*where, "topCandidates", k, "candidates"), f"{got} alternatives at this step for logprobs {size}", "read as many alternatives as each step holds")
            break
    if top and chosen and len(top) != len(chosen):
        yield LOGPROBS_SIZE_MISMATCH.finding((*where, "topCandidates"), f"{len(top)} steps of topCandidates for {len(chosen)} chosenCandidates", "pair the steps with the chosen tokens by position only when they are as many")
    # One chosen candidate per output token: seen on text answers (thoughts are not in either count).
    text_only = all(isinstance(get(p, "text"), str) for p in parts)
    if chosen and tokens >= 0 and text_only and len(chosen) != tokens:
        yield LOGPROBS_SIZE_MISMATCH.finding((*where, "chosenCandidates"), f"{len(chosen)} chosenCandidates for a candidatesTokenCount of {tokens}", "do not count tokens by the log probabilities")


# --------------------------------------------------------------------------- the answer against itself


def usage_findings(usage: Any) -> Iterator[Finding]:
    if not isinstance(usage, dict):
        return
    count = {name: integer(get(usage, name), 0) for name in ("promptTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "toolUsePromptTokenCount", "cachedContentTokenCount")}
    prompt, answer, thoughts, tools = (count[n] for n in ("promptTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "toolUsePromptTokenCount"))
    total = get(usage, "totalTokenCount")
    # Without a total there is nothing to add up (a recording that trimmed it; proto3 leaves out a 0).
    # The early 2.5 previews counted thoughts inside candidatesTokenCount (2 real answers).
    if total is not None and integer(total, -1) != prompt + answer + thoughts + tools and not (thoughts <= answer and integer(total, -1) == prompt + answer + tools):
        terms = " + ".join(f"{name} {count[name]:,}" for name in count if name != "cachedContentTokenCount" and get(usage, name) is not None)
        yield USAGE_COUNTS_MISMATCH.finding(("usageMetadata", "totalTokenCount"), f"totalTokenCount {excerpt(str(total), quoted=False)} where {terms or 'no count'} make {prompt + answer + thoughts + tools:,}", "count tokens from the parts you need, not from the total")
    if count["cachedContentTokenCount"] > prompt:
        yield USAGE_COUNTS_MISMATCH.finding(("usageMetadata", "cachedContentTokenCount"), f"{count['cachedContentTokenCount']:,} cached tokens, more than the prompt's {prompt:,} (the prompt count includes them)", "read the cached share as part of promptTokenCount")
    for details, name in (("promptTokensDetails", "promptTokenCount"), ("candidatesTokensDetails", "candidatesTokenCount"), ("cacheTokensDetails", "cachedContentTokenCount"), ("toolUsePromptTokensDetails", "toolUsePromptTokenCount")):
        listed = items(get(usage, details))
        summed = sum(integer(get(d, "tokenCount"), 0) for d in listed)
        if listed and summed > count[name]:
            yield USAGE_COUNTS_MISMATCH.finding(("usageMetadata", details), f"the modalities' tokenCount sum to {summed:,}, more than {name} {count[name]:,}", f"take {name} as the count; the details break it down")


def offset_findings(candidate: Any, parts: list[Any], at: Path) -> Iterator[Finding]:
    cited, grounded = get(candidate, "citationMetadata"), get(candidate, "groundingMetadata")
    if cited is None and grounded is None:
        return
    texts = [t if isinstance(t := get(p, "text"), str) else None for p in parts]
    whole = "".join(t for t in texts if t is not None)
    for name in ("citations", "citationSources"):  # Vertex, Gemini
        for k, source in enumerate(items(get(cited, name))):
            yield from span_findings(source, [whole], (*at, "citationMetadata", name, k), "the candidate's text", exact=False)
    # partIndex counts the parts of the content; a Gemini 3 answer whose server-side tool parts
    # (toolCall, toolResponse) come first counts the text parts only (seen in real traffic); a
    # stream folded into several text parts keeps offsets into its whole text.
    answer = [t for p, t in zip(parts, texts, strict=True) if t is not None and get(p, "thought") is not True]
    for k, support in enumerate(items(get(grounded, "groundingSupports"))):
        segment = get(support, "segment")
        if not isinstance(segment, dict):
            continue
        n = integer(get(segment, "partIndex"), 0)
        targets = [t for t in (answer[n] if 0 <= n < len(answer) else None, texts[n] if 0 <= n < len(texts) else None, whole if n == 0 else None) if t is not None]
        where: Path = (*at, "groundingMetadata", "groundingSupports", k, "segment")
        if not targets:
            yield ANSWER_OFFSETS_OUTSIDE_TEXT.finding((*where, "partIndex"), f"partIndex {n} points at no text (the content has {len(parts)} parts)", "find the segment's text in the answer rather than trust its place")
            continue
        yield from span_findings(segment, targets, where, f"part {n}'s text", exact=True)


def span_findings(span: dict[str, Any], targets: list[str], at: Path, what: str, *, exact: bool) -> Iterator[Finding]:
    """A span's breaks of the first of the texts it may point into, unless it fits one of them:
    within it, and holding the span's own `text` when it has one, counted in UTF-8 bytes."""
    end = get(span, "endIndex")
    if end is None:
        return  # unset (or 0, which proto3 leaves out): no span to place
    start, stop = integer(get(span, "startIndex"), 0), integer(end, -1)
    said = get(span, "text") if exact else None
    said = said if isinstance(said, str) else None
    if any(fits(t.encode(), start, stop, said, exact=exact) for t in targets):
        return
    text = targets[0]
    data = text.encode()
    size = f"{len(data):,} UTF-8 bytes" + (f", {len(text):,} characters" if len(data) != len(text) else "")
    if not 0 <= start <= stop:
        yield ANSWER_OFFSETS_OUTSIDE_TEXT.finding((*at, "startIndex"), f"startIndex {start:,} and endIndex {stop:,} make no span", "skip a span that ends before it starts")
    elif stop > len(data):
        yield ANSWER_OFFSETS_OUTSIDE_TEXT.finding((*at, "endIndex"), f"endIndex {stop:,} is past the end of {what} ({size})", "find the cited text in the answer rather than trust its offsets")
    elif said is not None and text[start:stop] == said:
        yield ANSWER_OFFSETS_OUTSIDE_TEXT.finding((*at, "startIndex"), f"the offsets {start:,}-{stop:,} count characters: the API counts UTF-8 bytes, where the segment is {byte_span(data, said)}", "count the offsets in UTF-8 bytes (text.encode()[startIndex:endIndex])")
    elif said is not None:
        held = data[start:stop].decode("utf-8", "replace")
        yield ANSWER_OFFSETS_OUTSIDE_TEXT.finding((*at, "startIndex"), f"the UTF-8 bytes {start:,}-{stop:,} of {what} hold {excerpt(held)}, the segment's text is {excerpt(said)}", "find the segment's text in the answer rather than trust its offsets")
    else:
        cut = start if not boundary(data, start) else stop
        yield ANSWER_OFFSETS_OUTSIDE_TEXT.finding((*at, "startIndex" if cut == start else "endIndex"), f"offset {cut:,} falls inside a UTF-8 character of {what}: the offsets count bytes, and these were counted otherwise", "count the offsets in UTF-8 bytes (text.encode()[startIndex:endIndex])")


def fits(data: bytes, start: int, stop: int, said: str | None, *, exact: bool) -> bool:
    if not 0 <= start <= stop <= len(data):
        return False
    if said is not None:
        return data[start:stop] == said.encode()
    return not exact or (boundary(data, start) and boundary(data, stop))


def boundary(data: bytes, i: int) -> bool:
    """Whether a byte offset starts a UTF-8 character (or ends the text)."""
    return i == len(data) or data[i] & 0xC0 != 0x80


def byte_span(data: bytes, said: str) -> str:
    at = data.find(said.encode())
    return f"at bytes {at:,}-{at + len(said.encode()):,}" if at >= 0 else "nowhere in it"


# --------------------------------------------------------------------------- the schema's format and order

# The formats the OpenAPI-subset Schema supports ("for NUMBER type: float, double, for INTEGER
# type: int32, int64, for STRING type: enum, date-time"; Schema.format in the API reference).
INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
FLOAT_MAX = 3.4028234663852886e38
RFC3339 = re.compile(r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:[Zz]|[+-](\d\d):(\d\d))")


def format_error(value: Any, schema: Any, kind: str) -> str | None:
    """What a value of the declared type breaks of its schema's `format`, if anything."""
    declared = get(schema, "format")
    if not isinstance(declared, str):
        return None
    declared = declared.lower()
    if kind == "STRING" and declared == "date-time" and isinstance(value, str) and not date_time(value):
        return f"{excerpt(value)} is not an RFC 3339 date-time (format date-time)"
    if kind == "INTEGER" and declared in INT_RANGES and isinstance(value, (int, float)):
        low, high = INT_RANGES[declared]
        if not low <= value <= high:
            return f"{value} is outside the range of format {declared}"
    if kind == "NUMBER" and declared == "float" and isinstance(value, (int, float)) and abs(value) > FLOAT_MAX:
        return f"{value} is outside the range of format float"
    return None


def date_time(text: str) -> bool:
    m = RFC3339.fullmatch(text)
    if m is None:
        return False
    year, month, day, hour, minute, second, offset_hours, offset_minutes = (int(g) if g else 0 for g in m.groups())
    try:
        datetime(year, month, day, hour, minute, min(second, 59))  # RFC 3339 allows a leap second
    except ValueError:
        return False
    return second <= 60 and offset_hours <= 23 and offset_minutes <= 59


def ordering_findings(value: Any, config: Any, at: Path) -> Iterator[Finding]:
    """The objects of a JSON answer whose keys break their schema's propertyOrdering (in
    responseSchema, or in responseJsonSchema, where clients send it too)."""
    schema = get(config, "responseSchema")
    schema = get(config, "responseJsonSchema") if schema is None else schema
    for path, message in islice(order_breaks(value, schema, ()), MAX_FINDINGS):
        yield PROPERTY_ORDER_DIFFERS.finding((*at, *path), message, "read the answer by key; ask again if the order carries meaning")


def order_breaks(value: Any, schema: Any, at: Path) -> Iterator[tuple[Path, str]]:
    if not isinstance(schema, dict):
        return
    branches = [s for s in items(get(schema, "anyOf")) + items(get(schema, "oneOf")) if isinstance(s, dict)]
    if branches:  # the branch that declares every key of the object, or the first
        keys = set(value) if isinstance(value, dict) else set()
        chosen = next((s for s in branches if keys <= set(get(s, "properties") or ())), branches[0])
        yield from order_breaks(value, chosen, at)
        return
    if isinstance(value, dict):
        ordering = get(schema, "propertyOrdering")
        if isinstance(ordering, list):
            declared = [k for k in ordering if isinstance(k, str) and k in value]
            wanted = set(declared)
            came = [k for k in value if k in wanted]
            if came != declared:
                yield at, f"the keys come as {', '.join(map(ticked, came))}; propertyOrdering declares {', '.join(map(ticked, declared))}"
        properties = get(schema, "properties")
        if isinstance(properties, dict):
            for name, inner in properties.items():
                if name in value:
                    yield from order_breaks(value[name], inner, (*at, Key(name)))
    elif isinstance(value, list):
        inner = get(schema, "items")
        for k, item in enumerate(value):
            yield from order_breaks(item, inner, (*at, k))
