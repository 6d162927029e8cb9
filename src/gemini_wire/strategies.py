"""Hypothesis strategies for valid Gemini wire payloads, per dialect and message.

    from hypothesis import given
    from gemini_wire import strategies as gws

    @given(gws.requests("gemini"))
    def test_my_client_sends_it(request): ...

`payloads()` gives canonical JSON values (dicts), `requests()` / `responses()` the decoded
Structs. Every value respects the documented limits that the codec checks, so the codec accepts
it; they are built from the same field table as the codec, so every message and field of the
dialect can appear. Needs `hypothesis` (the `strategies` extra).
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
from functools import cache
from typing import Any, Literal

import msgspec

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as e:  # an optional dependency: say which and how to get it
    raise ModuleNotFoundError(
        "gemini_wire.strategies needs hypothesis: pip install 'gemini-wire[strategies]' (or hypothesis)",
        name=e.name,
    ) from e

from gemini_wire import dialects
from gemini_wire.codec import FieldSpec, Table
from gemini_wire.lint import DATA_MEMBERS
from gemini_wire.rules import RULES
from gemini_wire.rules.base import Breaker

# A dialect's name (dialects.NAMES) or alias ("gemini", "vertex").
Dialect = str

JSON_SCALARS = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8)
JSON_VALUES = st.recursive(
    JSON_SCALARS | st.floats(allow_nan=False, allow_infinity=False, width=32),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
JSON_OBJECTS = st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=3)


def _table(dialect: Dialect) -> Table:
    return dialects.dialect(dialect).codec.table


def _api(dialect: Dialect) -> str:
    return dialects.info(dialect).api


def _durations() -> st.SearchStrategy[str]:
    seconds = st.integers(0, 10**6)
    nanos = st.integers(0, 999_999_999)
    return st.builds(lambda s, n: f"{s}s" if n == 0 else f"{s}.{n:09d}".rstrip("0") + "s", seconds, nanos)


def _timestamps() -> st.SearchStrategy[str]:
    return st.datetimes(
        min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1)
    ).map(lambda d: d.isoformat() + "Z")


def _scalar(kind: str, keywords: dict[str, Any]) -> st.SearchStrategy[Any]:
    if kind in ("int32", "uint32"):
        lo, hi = (-(2**31), 2**31 - 1) if kind == "int32" else (0, 2**32 - 1)
        return st.integers(max(lo, int(keywords.get("minimum", lo))), min(hi, int(keywords.get("maximum", hi))))
    if kind in ("int64", "uint64"):
        low64 = -(2**63) if kind == "int64" else 0
        return st.integers(low64, 2**63 - 1).map(str)
    if kind in ("float", "double"):
        width: Literal[32, 64] = 32 if kind == "float" else 64
        low: float | None = keywords.get("exclusiveMinimum", keywords.get("minimum"))
        high: float | None = keywords.get("exclusiveMaximum", keywords.get("maximum"))
        return st.floats(
            min_value=low,
            max_value=high,
            exclude_min="exclusiveMinimum" in keywords,
            exclude_max="exclusiveMaximum" in keywords,
            allow_nan=False,
            allow_infinity=False,
            width=width,
        )
    if kind == "bool":
        return st.booleans()
    if kind == "string":
        return st.text(max_size=12)
    if kind == "bytes":
        return st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode())
    if kind == "duration":
        return _durations()
    if kind == "timestamp":
        return _timestamps()
    if kind == "struct":
        return JSON_OBJECTS
    if kind == "value":
        return JSON_VALUES
    if kind == "list":
        return st.lists(JSON_VALUES, max_size=3)
    if kind == "any":
        return st.builds(
            lambda detail: {"@type": "type.googleapis.com/google.rpc.DebugInfo", "detail": detail},
            st.text(max_size=12),
        )
    raise AssertionError(kind)


@cache
def _message(dialect: Dialect, name: str, request: bool, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    table = _table(dialect)
    spec = table.messages[name]
    required = {
        r["oneof"]
        for r in table.rules
        if request and r["kind"] == "oneof_required_in_request" and r["message"] == name
    }
    plain: dict[str, st.SearchStrategy[Any]] = {}
    groups: dict[str, list[FieldSpec]] = {}
    for f in spec.fields:
        if f.oneof:
            groups.setdefault(f.oneof, []).append(f)
            continue
        s = _field(dialect, name, f, request, depth)
        if s is not None:
            plain[f.json_name] = s
    parts: list[st.SearchStrategy[dict[str, Any]]] = [st.fixed_dictionaries({}, optional=plain)]
    for group, members in groups.items():
        must = group in required
        # A required oneof may go one level deeper, so that it can always be filled.
        options = [
            st.fixed_dictionaries({m.json_name: s})
            for m in members
            if (s := _field(dialect, name, m, request, depth - 1 if must else depth)) is not None
        ]
        if not must:
            options.insert(0, st.just({}))
        parts.append(st.one_of(options))
    rules = [r for r in table.rules if r["kind"] == "requires_true" and r["message"] == name]

    def merge(dicts: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for d in dicts:
            out.update(d)
        for r in rules:
            if r["field"] in out:
                out[r["other"]] = True
        return out

    return st.tuples(*parts).map(lambda t: merge(list(t)))


def _field(dialect: Dialect, owner: str, f: FieldSpec, request: bool, depth: int) -> st.SearchStrategy[Any] | None:
    table = _table(dialect)
    keywords: dict[str, Any] = {}
    for lim in table.limits.get((owner, f.json_name), []):
        keywords.update(lim.keywords)
    if f.kind == "message":
        if depth <= 0:
            return None
        assert f.target is not None
        item: st.SearchStrategy[Any] = st.deferred(lambda: _message(dialect, f.target or "", request, depth - 1))
    elif f.kind == "enum":
        assert f.target is not None
        item = st.sampled_from(sorted(table.enums[f.target].names))
    else:
        item = _scalar(f.kind, keywords)
    if f.is_map:
        return st.dictionaries(st.text(min_size=1, max_size=8), item, max_size=3)
    if f.repeated:
        return st.lists(item, max_size=min(3, int(keywords.get("maxItems", 3))))
    return item


def payloads(
    dialect: Dialect = "gemini",
    message: str = "GenerateContentRequest",
    *,
    request: bool | None = None,
    max_depth: int = 6,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid canonical JSON objects (dicts) for a message of a dialect.

    A GenerateContentRequest is also valid for lint: every request rule holds (roles, parts,
    schemas, tools, the conversation, labels, caching, safety settings).
    """
    if request is None:
        request = message == "GenerateContentRequest"
    structural = _message(dialect, message, request, max_depth)
    if message != "GenerateContentRequest":
        return structural
    return st.builds(_repair, structural, st.just(dialect), st.randoms(use_true_random=False))


# --------------------------------------------------------------------------- request repair
#
# The structural strategies know types and limits, not the rules that span fields. A repair
# step makes each generated request meet them, keeping as much of the generated structure as it
# can; every rule of gemini_wire.lint has a line here.

_ALLOWED_CATEGORIES = {
    "gemini": ["HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_CIVIC_INTEGRITY"],
    "vertex": ["HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_JAILBREAK"],
}


def _repair_schema(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if "anyOf" in node:
        node = {"anyOf": node["anyOf"]}  # anyOf alone (Vertex AI refuses siblings)
    t = node.get("type")
    if t != "OBJECT":
        node.pop("properties", None)
        node.pop("required", None)
    else:
        props = node.get("properties")
        if props == {}:
            node.pop("properties")
            props = None
        if "required" in node:
            node["required"] = [r for r in node["required"] if props and r in props]
    if t == "ARRAY" and "items" not in node:
        node["items"] = {"type": "STRING"}
    if t not in (None, "STRING") and "enum" in node:
        node.pop("enum")
    for key in ("items",):
        if key in node:
            node[key] = _repair_schema(node[key])
    for key in ("properties", "defs"):
        if isinstance(node.get(key), dict):
            node[key] = {k: _repair_schema(v) for k, v in node[key].items()}
    if isinstance(node.get("anyOf"), list):
        node["anyOf"] = [_repair_schema(v) for v in node["anyOf"]]
    return node


def _repair_part(part: dict[str, Any], dialect: str, *, system: bool) -> dict[str, Any]:
    for member in ("functionCall", "functionResponse", "toolCall", "toolResponse"):
        part.pop(member, None)  # calls and responses only come in well-formed exchanges
    if system:
        part = {"text": part.get("text") or "Answer briefly."}
    if DATA_MEMBERS.isdisjoint(part) or part.get("text") == "":
        part.pop("text", None)
        if DATA_MEMBERS.isdisjoint(part):
            part["text"] = "Hello"
    if "videoMetadata" in part and not ("inlineData" in part or "fileData" in part):
        part.pop("videoMetadata")
    vm = part.get("videoMetadata", {})
    if "startOffset" in vm and "endOffset" in vm:
        vm["startOffset"], vm["endOffset"] = sorted((vm["startOffset"], vm["endOffset"]), key=lambda d: float(d[:-1]))
    if "fileData" in part:
        part["fileData"]["fileUri"] = "gs://bucket/file"
    if "inlineData" in part and not part["inlineData"].get("mimeType"):
        part["inlineData"]["mimeType"] = "image/png"
    if _api(dialect) == "vertex" and "fileData" in part and not part["fileData"].get("mimeType"):
        part["fileData"]["mimeType"] = "video/mp4"
    return part


def _repair(p: dict[str, Any], dialect: str, rnd: Any) -> dict[str, Any]:
    contents = [c for c in p.get("contents", [])]
    if not contents:
        contents = [{"parts": [{"text": "Hello"}]}]
    for c in contents:
        c["role"] = "model" if c.get("role") == "model" else "user"
        if _api(dialect) == "gemini" and rnd.random() < 0.2:
            c.pop("role")  # the Gemini API defaults a missing role to user
        c["parts"] = [_repair_part(x, dialect, system=False) for x in c.get("parts", [])] or [{"text": "Hello"}]
    p["contents"] = contents
    if "systemInstruction" in p:
        si = p["systemInstruction"]
        si["parts"] = [_repair_part(x, dialect, system=True) for x in si.get("parts", [])] or [{"text": "Be brief."}]
    gc = p.get("generationConfig")
    if gc is not None:
        if "stopSequences" in gc:
            gc["stopSequences"] = [x or "END" for x in gc["stopSequences"]]
        if "responseSchema" in gc:
            gc.pop("responseJsonSchema", None)
            gc["responseSchema"] = _repair_schema(gc["responseSchema"])
        if "responseSchema" in gc or "responseJsonSchema" in gc:
            gc["responseMimeType"] = "application/json"
        elif gc.get("responseMimeType") == "text/x.enum":
            gc.pop("responseMimeType")
        tc = gc.get("thinkingConfig")
        if tc and "thinkingLevel" in tc:
            tc.pop("thinkingBudget", None)
        sc = gc.get("speechConfig")
        if sc and ("voiceConfig" in sc or _api(dialect) == "vertex"):
            sc.pop("multiSpeakerVoiceConfig", None)
        ic = gc.get("imageConfig")
        if ic:
            ic.update({k: v for k, v in (("aspectRatio", "16:9"), ("imageSize", "1K")) if k in ic})
    p.pop("model", None)  # the model is named in the URL; a name here would bring its limits
    tools = []
    names: list[str] = []
    for tool in p.get("tools", []):
        trf = tool.get("googleSearch", {}).get("timeRangeFilter")
        if trf is not None and len(trf) != 2:
            tool["googleSearch"].pop("timeRangeFilter")
        search = tool.get("retrieval", {}).get("vertexAiSearch")
        if search is not None:
            if "datastore" in search:
                search.pop("engine", None)
            search["maxResults"] = min(search.get("maxResults", 10), 10)
        decls = []
        for d in tool.get("functionDeclarations", []):
            d["name"] = f"fn_{len(names)}"
            names.append(d["name"])
            if "parameters" in d:
                d.pop("parametersJsonSchema", None)
                d["parameters"].pop("anyOf", None)  # the root of parameters is an OBJECT
                d["parameters"]["type"] = "OBJECT"
                d["parameters"] = _repair_schema(d["parameters"])
            if "response" in d:
                d.pop("responseJsonSchema", None)
                d["response"] = _repair_schema(d["response"])
            decls.append(d)
        if "functionDeclarations" in tool:
            tool["functionDeclarations"] = decls
        if _api(dialect) == "vertex":
            # One kind of tool per Tool object on Vertex AI.
            tools += [{k: v} for k, v in tool.items()]
        else:
            tools.append(tool)
    if "tools" in p:
        p["tools"] = tools
    fcc = p.get("toolConfig", {}).get("functionCallingConfig")
    if fcc is not None and "allowedFunctionNames" in fcc:
        fcc["allowedFunctionNames"] = [n for n in fcc["allowedFunctionNames"] if n in names][:0] + names[:2]
        if fcc["allowedFunctionNames"]:
            fcc["mode"] = "ANY"
        else:
            fcc.pop("allowedFunctionNames")
    if names and rnd.random() < 0.5:
        # A well-formed function-calling exchange: the user asks, the model calls, the user answers.
        called = names[: 1 + rnd.randrange(min(2, len(names)))]
        p["contents"] += [
            {"role": "user", "parts": [{"text": "Please use the tools."}]},
            {"role": "model", "parts": [{"functionCall": {"name": n, "args": {}}} for n in called]},
            {"role": "user", "parts": [{"functionResponse": {"name": n, "response": {"ok": True}}} for n in called]},
        ]
    if "safetySettings" in p:
        categories = _ALLOWED_CATEGORIES[_api(dialect)]
        settings = []
        for i, s in enumerate(p["safetySettings"][: len(categories)]):
            settings.append({**s, "category": categories[i], "threshold": s.get("threshold") or "BLOCK_NONE"})
        p["safetySettings"] = settings
    if "labels" in p:
        p["labels"] = {f"k{i}": f"v{i}" for i in range(len(p["labels"]))}
    if "cachedContent" in p:
        p["cachedContent"] = "cachedContents/c1" if _api(dialect) == "gemini" else "projects/p/locations/l/cachedContents/c1"
        for key in ("systemInstruction", "tools", "toolConfig"):
            p.pop(key, None)
    if "modelArmorConfig" in p:
        p.pop("safetySettings", None)
    return p


def requests(dialect: Dialect = "gemini", *, max_depth: int = 6) -> st.SearchStrategy[Any]:
    """Valid GenerateContentRequest Structs."""
    d = dialects.dialect(dialect)
    return payloads(dialect, "GenerateContentRequest", max_depth=max_depth).map(
        lambda p: d.decode_request(msgspec.json.encode(p))
    )


def responses(dialect: Dialect = "gemini", *, max_depth: int = 6) -> st.SearchStrategy[Any]:
    """Valid GenerateContentResponse Structs."""
    d = dialects.dialect(dialect)
    return payloads(dialect, "GenerateContentResponse", max_depth=max_depth).map(
        lambda p: d.decode_response(msgspec.json.encode(p))
    )


def error_bodies(dialect: Dialect = "gemini") -> st.SearchStrategy[Any]:
    """Valid error bodies (`{"error": {...}}`) as Structs."""
    d = dialects.dialect(dialect)
    return payloads(dialect, "ErrorBody", request=False).map(lambda p: d.decode_error(msgspec.json.encode(p)))




# --------------------------------------------------------------------------- breaking one rule
#
# Each rule's declaration (gemini_wire.rules) holds the edit that breaks a valid request on that
# rule alone: rule.breaks.

BREAKERS: dict[str, Breaker] = {code: r.breaks for code, r in RULES.items() if r.breaks is not None}


def breaking(dialect: Dialect, code: str) -> st.SearchStrategy[dict[str, Any]]:
    """Requests (dicts) that break exactly the rule `code`, and no other rule that is an error."""
    if code not in BREAKERS:
        raise KeyError(f"no breaking strategy for {code}")
    if _api(dialect) not in RULES[code].dialects:
        raise ValueError(f"{code} does not apply to {dialect}")
    fn = BREAKERS[code]
    return payloads(dialect, "GenerateContentRequest").map(lambda p: fn(copy.deepcopy(p), dialect))


__all__ = ["BREAKERS", "breaking", "error_bodies", "payloads", "requests", "responses"]
