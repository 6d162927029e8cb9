"""Breaking strategies: a valid request changed so that exactly one rule breaks."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from gemini_wire.strategies.generic import Dialect
from gemini_wire.strategies.generic import api as _api
from gemini_wire.strategies.messages import payloads

# --------------------------------------------------------------------------- breaking one rule
#
# Each breaker takes a valid request and changes it so that exactly one rule breaks. What would
# make another rule fire too (a cache beside new tools, a model's other limits) is cleared first.

_PNG = "iVBORw0KGgo="
_BUILT_IN = ("googleSearch", "urlContext", "codeExecution", "googleMaps")
_VIDEO = {"fileData": {"fileUri": "gs://bucket/clip.mp4", "mimeType": "video/mp4"}}


def _add_part(p: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    p["contents"][0]["parts"].append(part)
    return p


def _add_parts(p: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    p["contents"][0]["parts"].extend(parts)
    return p


def _first_turn(p: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Set (or, with None, remove) fields of the first turn."""
    turn = p["contents"][0]
    for key, value in fields.items():
        if value is None:
            turn.pop(key, None)
        else:
            turn[key] = value
    return p


def _no_cache(p: dict[str, Any]) -> dict[str, Any]:
    p.pop("cachedContent", None)
    return p


def _gc(p: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Set generationConfig fields (None removes one)."""
    gc = p.setdefault("generationConfig", {})
    for key, value in fields.items():
        if value is None:
            gc.pop(key, None)
        else:
            gc[key] = value
    return p


def _schema(p: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    gc = p.setdefault("generationConfig", {})
    gc.pop("responseJsonSchema", None)
    return _gc(p, responseMimeType="application/json", responseSchema=schema)


def _tool(p: dict[str, Any], tool: dict[str, Any]) -> dict[str, Any]:
    _no_cache(p).setdefault("tools", []).append(tool)
    return p


def _for_model(p: dict[str, Any], dialect: str, model: str, **fields: Any) -> dict[str, Any]:
    """Name the model and clear every setting whose limit depends on it, then set `fields`."""
    p["model"] = f"models/{model}" if _api(dialect) == "gemini" else f"projects/p/locations/l/publishers/google/models/{model}"
    gc = p.setdefault("generationConfig", {})
    for key in ("maxOutputTokens", "candidateCount", "topK", "thinkingConfig", "presencePenalty",
                "frequencyPenalty", "responseLogprobs", "logprobs", "responseMimeType",
                "responseSchema", "responseJsonSchema", "mediaResolution", "responseModalities"):
        gc.pop(key, None)
    # Tool combinations that a named 2.x model refuses: legacy search, built-ins beside functions.
    tools = [{k: v for k, v in t.items() if k != "googleSearchRetrieval"} for t in p.get("tools", [])]
    if any(t.get("functionDeclarations") for t in tools):
        tools = [{k: v for k, v in t.items() if k not in _BUILT_IN} for t in tools]
    elif "toolConfig" in p:
        p["toolConfig"].pop("functionCallingConfig", None)
    if "tools" in p:
        p["tools"] = [t for t in tools if t]
    for c in p["contents"]:
        for part in c["parts"] or []:
            part.pop("mediaResolution", None)  # per-part resolution is a Gemini 3 feature
            if "functionResponse" in part:
                part["functionResponse"].pop("parts", None)
            if "functionCall" in part and model.startswith("gemini-3"):
                part["thoughtSignature"] = _PNG  # Gemini 3 wants its signatures back (GW217)
    if model.startswith("gemma"):
        p.pop("systemInstruction", None)
        p.pop("tools", None)
        p.pop("toolConfig", None)
        p["contents"] = [c for c in p["contents"] if not any("functionCall" in x or "functionResponse" in x for x in c["parts"])]
    gc.update(fields)
    return p


def _without_functions(p: dict[str, Any]) -> dict[str, Any]:
    """No function declarations, nor a calling config that would need them."""
    p["tools"] = [t for t in p.get("tools", []) if "functionDeclarations" not in t]
    p.pop("toolConfig", None)
    return p


def _exchange(p: dict[str, Any], calls: list[str], answers: list[str]) -> dict[str, Any]:
    p["contents"] += [
        {"role": "user", "parts": [{"text": "Use the tools."}]},
        {"role": "model", "parts": [{"functionCall": {"name": n, "args": {}}} for n in calls]},
        {"role": "user", "parts": [{"functionResponse": {"name": n, "response": {}}} for n in answers]},
    ]
    return p


def _exchange_with_parts(p: dict[str, Any]) -> dict[str, Any]:
    """A function-calling exchange whose response carries parts (a Gemini 3 feature)."""
    _exchange(p, ["zz_a"], ["zz_a"])
    answer = p["contents"][-1]["parts"][0]["functionResponse"]
    answer["parts"] = [{"inlineData": {"mimeType": "image/png", "data": _PNG}}]
    return p


def _safety(p: dict[str, Any], settings: list[dict[str, Any]]) -> dict[str, Any]:
    p.pop("modelArmorConfig", None)
    p["safetySettings"] = settings
    return p


Breaker = Callable[[dict[str, Any], str], dict[str, Any]]
_OK = {"threshold": "BLOCK_NONE"}
BREAKERS: dict[str, Breaker] = {
    "GW101": lambda p, d: _gc(p, temperature="hot"),
    "GW102": lambda p, d: {**p, "temprature": 1},
    "GW103": lambda p, d: {**_no_cache(p), "systemInstruction": {"parts": [{"text": "a"}]}, "system_instruction": {"parts": [{"text": "b"}]}},
    "GW104": lambda p, d: {**p, "contents": [{"role": "user", "parts": [{"text": "a", "inlineData": {"mimeType": "image/png", "data": _PNG}}]}, *p["contents"]]},
    "GW105": lambda p, d: _safety(p, [{"category": "HARM_CATEGORY_NOT_A_CATEGORY", **_OK}]),
    "GW106": lambda p, d: _add_part(p, {"inlineData": {"mimeType": "image/png", "data": "not base64!"}}),
    "GW107": lambda p, d: _add_part(p, {**_VIDEO, "videoMetadata": {"startOffset": {"seconds": 3}}}),
    "GW108": lambda p, d: _add_part(p, {**_VIDEO, "videoMetadata": {"startOffset": "3 seconds"}}),
    "GW109": lambda p, d: _gc(p, seed=2**31),
    "GW110": lambda p, d: {**p, "contents": [*p["contents"], None]},
    "GW201": lambda p, d: _add_part(p, {**_VIDEO, "videoMetadata": {"fps": 30}}),
    "GW203": lambda p, d: _add_part(p, {}),
    "GW204": lambda p, d: {k: v for k, v in p.items() if k != "contents"},
    "GW205": lambda p, d: p["contents"][0].update(role="assistant") or p,
    "GW206": lambda p, d: (p["contents"][0].pop("role", None) and p) or p,
    "GW207": lambda p, d: p["contents"][0].update(parts=[]) or p,
    "GW208": lambda p, d: _add_part(p, {"text": ""}),
    "GW209": lambda p, d: {**_no_cache(p), "systemInstruction": {"parts": [{"inlineData": {"mimeType": "image/png", "data": _PNG}}]}},
    "GW210": lambda p, d: _add_part(p, {"text": "clip", "videoMetadata": {"fps": 1}}),
    "GW211": lambda p, d: _add_part(p, {"inlineData": {"data": _PNG}}),
    "GW212": lambda p, d: _tool(p, {"functionDeclarations": [{"name": "bad name"}]}),
    "GW301": lambda p, d: _gc(p, stopSequences=list("abcdef")),
    "GW302": lambda p, d: _gc(p, responseLogprobs=True, logprobs=21),
    "GW303": lambda p, d: _gc(p, responseLogprobs=False, logprobs=2),
    "GW304": lambda p, d: _gc(_schema(p, {"type": "STRING"}), responseMimeType="text/plain"),
    "GW305": lambda p, d: _gc(_schema(p, {"type": "STRING"}), responseJsonSchema={"type": "string"}),
    "GW306": lambda p, d: _gc(_schema(p, {"type": "STRING"}), responseMimeType="text/x.enum"),
    "GW307": lambda p, d: _gc(p, thinkingConfig={"thinkingLevel": "LOW", "thinkingBudget": 128}),
    "GW308": lambda p, d: _gc(p, stopSequences=[""]),
    "GW309": lambda p, d: _for_model(p, d, "gemini-2.0-flash", maxOutputTokens=8193),
    "GW310": lambda p, d: _for_model(p, d, "gemini-3-pro-preview", candidateCount=2),
    "GW311": lambda p, d: _for_model(p, d, "gemini-2.0-flash", topK=41),
    "GW312": lambda p, d: _for_model(p, d, "gemini-2.0-flash", thinkingConfig={"thinkingBudget": 128}),
    "GW313": lambda p, d: _for_model(p, d, "gemini-2.5-pro", thinkingConfig={"thinkingBudget": 0}),
    "GW314": lambda p, d: _for_model(p, d, "gemini-3-pro-preview", thinkingConfig={"thinkingLevel": "MINIMAL"}),
    "GW315": lambda p, d: _for_model(p, d, "gemini-2.5-flash", presencePenalty=0.5),
    "GW316": lambda p, d: _for_model(p, d, "gemini-2.5-flash" if d == "gemini" else "gemini-2.5-pro", responseLogprobs=True),
    "GW317": lambda p, d: {**_no_cache(_for_model(p, d, "gemma-3-27b-it")), "systemInstruction": {"parts": [{"text": "Be brief."}]}},
    "GW318": lambda p, d: _gc(p, temperature=2.5),
    "GW319": lambda p, d: _gc(p, topP=1.5),
    "GW320": lambda p, d: _gc(p, topK=0),
    "GW321": lambda p, d: _gc(p, candidateCount=-1),
    "GW322": lambda p, d: _gc(p, presencePenalty=2.0),
    "GW401": lambda p, d: _schema(p, {"type": "STRING", "properties": {"a": {"type": "STRING"}}}),
    "GW402": lambda p, d: _schema(p, {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["b"]}),
    "GW403": lambda p, d: _schema(p, {"type": "ARRAY"}),
    "GW404": lambda p, d: _schema(p, {"type": "INTEGER", "enum": ["1"]}),
    "GW405": lambda p, d: _schema(p, {"type": "OBJECT", "properties": {}}),
    "GW501": lambda p, d: _tool(p, {"functionDeclarations": [{"name": "zz_f", "parameters": {"type": "STRING"}}]}),
    "GW502": lambda p, d: _tool(p, {"functionDeclarations": [{"name": "zz_f", "parameters": {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}}, "parametersJsonSchema": {"type": "object"}}]}),
    "GW503": lambda p, d: _tool(p, {"functionDeclarations": [{"name": f"zz_f{i}"} for i in range(129)]}),
    "GW504": lambda p, d: {**_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), "toolConfig": {"functionCallingConfig": {"mode": "AUTO", "allowedFunctionNames": ["zz_f"]}}},
    "GW505": lambda p, d: {**_no_cache(p), "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["zz_missing"]}}},
    "GW506": lambda p, d: _tool(p, {"codeExecution": {}, "googleSearch": {}}),
    "GW507": lambda p, d: _tool(p, {"functionDeclarations": [{"name": "zz_dup"}, {"name": "zz_dup"}]}),
    "GW601": lambda p, d: {**p, "labels": {"Team": "ml"}},
    "GW602": lambda p, d: {k: v for k, v in p.items() if k not in ("systemInstruction", "tools", "toolConfig")} | {"cachedContent": "my-cache"},
    "GW603": lambda p, d: {**p, "cachedContent": "cachedContents/c" if _api(d) == "gemini" else "projects/p/locations/l/cachedContents/c", "systemInstruction": {"parts": [{"text": "x"}]}},
    "GW604": lambda p, d: _safety(p, [{"category": "HARM_CATEGORY_UNSPECIFIED", **_OK}]),
    "GW605": lambda p, d: _safety(p, [{"category": "HARM_CATEGORY_HARASSMENT", **_OK}] * 2),
    "GW606": lambda p, d: _safety(p, [{"category": "HARM_CATEGORY_HARASSMENT"}]),
    "GW607": lambda p, d: {**p, "modelArmorConfig": {"promptTemplateName": "projects/p/locations/l/templates/t"}, "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", **_OK}]},
    "GW114": lambda p, d: _safety(p, [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "block_none"}]),
    "GW111": lambda p, d: _gc(p, routingConfig={"autoMode": {}}) if _api(d) == "gemini" else _gc(p, enableEnhancedCivicAnswers=True),
    "GW113": lambda p, d: {**p, "model": "not/a/model/name"},
    "GW213": lambda p, d: _add_part(p, {"inlineData": {"mimeType": "image/jpg", "data": _PNG}}),
    "GW214": lambda p, d: _add_part(p, {"fileData": {"fileUri": "file:///tmp/clip.mp4", "mimeType": "video/mp4"}}),
    "GW215": lambda p, d: _add_part(p, {**_VIDEO, "videoMetadata": {"startOffset": "40s", "endOffset": "10s"}}),
    "GW216": lambda p, d: _add_part(p, {"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc", "mimeType": "application/octet-stream"}}),
    "GW217": lambda p, d: _exchange(_for_model(p, d, "gemini-3-flash-preview"), ["zz_a"], ["zz_a"]),
    "GW323": lambda p, d: _gc(p, speechConfig={"voiceConfig": {}, "multiSpeakerVoiceConfig": {"speakerVoiceConfigs": [{}, {}]}}),
    "GW324": lambda p, d: _gc(p, imageConfig={"aspectRatio": "16x9"}),
    "GW406": lambda p, d: _schema(p, {"anyOf": [{"type": "STRING"}], "description": "either"}),
    "GW407": lambda p, d: _gc(_schema(p, {"type": "STRING"}), responseSchema=None, responseJsonSchema={"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", "type": "object"}),
    "GW508": lambda p, d: {**_no_cache(p), "tools": [t for t in p.get("tools", []) if "functionDeclarations" not in t], "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}}},
    "GW509": lambda p, d: _tool(_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), {"googleSearch": {}}),
    "GW510": lambda p, d: _tool(p, {"googleSearchRetrieval": {}}),
    "GW511": lambda p, d: _tool(p, {"googleSearch": {"timeRangeFilter": {"startTime": "2025-01-01T00:00:00Z"}}}),
    "GW512": lambda p, d: _add_part(_tool(p, {"urlContext": {}}), {"text": " ".join(f"https://example.com/{i}" for i in range(21))}),
    "GW513": lambda p, d: _tool(p, {"functionDeclarations": [{"name": "zz_f", "behavior": "NON_BLOCKING"}]}),
    "GW218": lambda p, d: _add_parts(p, [{"fileData": {"fileUri": f"https://youtu.be/v{i}", "mimeType": "video/mp4"}} for i in range(11)]),
    "GW219": lambda p, d: _add_parts(_for_model(p, d, "gemini-3-pro-preview"), [{"fileData": {"fileUri": f"gs://b/{i}.png", "mimeType": "image/png"}} for i in range(901)]),
    "GW705": lambda p, d: _tool(_exchange(p, ["zz_unknown"], ["zz_unknown"]), {"functionDeclarations": [{"name": "zz_known"}]}),
    "GW220": lambda p, d: _add_part(_for_model(p, d, "gemini-2.5-flash"), {"text": "x", "mediaResolution": {"level": "MEDIA_RESOLUTION_LOW"}}) if _api(d) == "vertex" else _exchange_with_parts(_for_model(p, d, "gemini-2.5-flash")),
    "GW325": lambda p, d: _gc({**p, "generationConfig": {k: v for k, v in p.get("generationConfig", {}).items() if k not in ("responseSchema", "responseJsonSchema")}}, responseMimeType="application/xml"),
    "GW326": lambda p, d: _gc(_tool(p, {"functionDeclarations": [{"name": "zz_f"}]}), responseMimeType="application/json"),
    "GW327": lambda p, d: _tool(_without_functions(_for_model(p, d, "gemini-2.5-flash", responseMimeType="application/json")), {"googleSearch": {}}),
    "GW328": lambda p, d: _for_model(p, d, "gemini-2.5-flash-preview-tts", responseModalities=["TEXT"]),
    "GW408": lambda p, d: _gc(_schema(p, {"type": "STRING"}), responseSchema=None, responseJsonSchema={"type": "string", "const": "x"}),
    "GW514": lambda p, d: _tool(p, {"retrieval": {"vertexAiSearch": {"datastore": "d", "maxResults": 20}}}),
    "GW701": lambda p, d: {**p, "contents": [*p["contents"], {"role": "model", "parts": [{"text": "ok"}]}, {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}]},
    "GW702": lambda p, d: _exchange(p, ["zz_a", "zz_b"], ["zz_a"]),
    "GW703": lambda p, d: _exchange(p, ["zz_a"], ["zz_b"]),
    "GW704": lambda p, d: {**p, "contents": [{"role": "model", "parts": [{"functionCall": {"name": "zz_a", "args": {}}}]}, *p["contents"]]},
}


def breaking(dialect: Dialect, code: str) -> st.SearchStrategy[dict[str, Any]]:
    """Requests (dicts) that break exactly the rule `code`, and no other rule that is an error."""
    if code not in BREAKERS:
        raise KeyError(f"no breaking strategy for {code}")
    from gemini_wire.rules import RULES

    if _api(dialect) not in RULES[code].dialects:
        raise ValueError(f"{code} does not apply to {dialect}")
    fn = BREAKERS[code]
    return payloads(dialect, "GenerateContentRequest").map(lambda p: fn(copy.deepcopy(p), dialect))
