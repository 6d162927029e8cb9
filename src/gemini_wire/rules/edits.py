"""Request payloads for the rules' examples and breaking edits: small builders and edits of dicts.

The builders (`body`, `gc`, `schema` and the turns below) write the examples; the edits take a
valid request and change it so that one rule breaks, clearing first what would make another rule
fire too (a cache beside new tools, a model's other limits). No hypothesis here: the strategies
map these edits over their valid requests.
"""

from __future__ import annotations

from typing import Any

from gemini_wire import endpoints

# --------------------------------------------------------------------------- example payloads

USER: dict[str, Any] = {"role": "user", "parts": [{"text": "What is the weather in Paris?"}]}
CALL: dict[str, Any] = {"role": "model", "parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}]}
ANSWER: dict[str, Any] = {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp": 21}}}]}
DECL: dict[str, Any] = {"name": "get_weather", "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]}}
TOOLS: list[dict[str, Any]] = [{"functionDeclarations": [DECL]}]
VIDEO: dict[str, Any] = {"fileData": {"fileUri": "gs://b/v.mp4", "mimeType": "video/mp4"}}


def body(**fields: Any) -> dict[str, Any]:
    """A request of one user turn, with these fields."""
    out: dict[str, Any] = {"contents": [USER]}
    out.update(fields)
    return out


def gc(**fields: Any) -> dict[str, Any]:
    """A request of one user turn with this generationConfig."""
    return body(generationConfig=fields)


def schema(s: dict[str, Any]) -> dict[str, Any]:
    """A request asking for JSON of this responseSchema."""
    return gc(responseMimeType="application/json", responseSchema=s)


def api(dialect: str) -> str:
    """The API family ("gemini", "vertex") of a dialect or alias."""
    return endpoints.info(dialect).api


# --------------------------------------------------------------------------- breaking edits

PNG = "iVBORw0KGgo="
BUILT_IN_KEYS = ("googleSearch", "urlContext", "codeExecution", "googleMaps")
CLIP: dict[str, Any] = {"fileData": {"fileUri": "gs://bucket/clip.mp4", "mimeType": "video/mp4"}}


def add_part(p: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    p["contents"][0]["parts"].append(part)
    return p


def add_parts(p: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    p["contents"][0]["parts"].extend(parts)
    return p


def no_cache(p: dict[str, Any]) -> dict[str, Any]:
    p.pop("cachedContent", None)
    return p


def set_gc(p: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Set generationConfig fields (None removes one)."""
    gc = p.setdefault("generationConfig", {})
    for key, value in fields.items():
        if value is None:
            gc.pop(key, None)
        else:
            gc[key] = value
    return p


def set_schema(p: dict[str, Any], s: dict[str, Any]) -> dict[str, Any]:
    gc = p.setdefault("generationConfig", {})
    gc.pop("responseJsonSchema", None)
    return set_gc(p, responseMimeType="application/json", responseSchema=s)


def add_tool(p: dict[str, Any], tool: dict[str, Any]) -> dict[str, Any]:
    no_cache(p).setdefault("tools", []).append(tool)
    return p


def name_model(p: dict[str, Any], dialect: str, model: str, **fields: Any) -> dict[str, Any]:
    """Name the model and clear every setting whose limit depends on it, then set `fields`."""
    p["model"] = f"models/{model}" if api(dialect) == "gemini" else f"projects/p/locations/l/publishers/google/models/{model}"
    gc = p.setdefault("generationConfig", {})
    for key in ("maxOutputTokens", "candidateCount", "topK", "thinkingConfig", "presencePenalty",
                "frequencyPenalty", "responseLogprobs", "logprobs", "responseMimeType",
                "responseSchema", "responseJsonSchema", "mediaResolution", "responseModalities"):
        gc.pop(key, None)
    # Tool combinations that a named 2.x model refuses: legacy search, built-ins beside functions.
    tools = [{k: v for k, v in t.items() if k != "googleSearchRetrieval"} for t in p.get("tools", [])]
    if any(t.get("functionDeclarations") for t in tools):
        tools = [{k: v for k, v in t.items() if k not in BUILT_IN_KEYS} for t in tools]
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
                part["thoughtSignature"] = PNG  # Gemini 3 wants its signatures back (GW217)
    if model.startswith("gemma"):
        p.pop("systemInstruction", None)
        p.pop("tools", None)
        p.pop("toolConfig", None)
        p["contents"] = [c for c in p["contents"] if not any("functionCall" in x or "functionResponse" in x for x in c["parts"])]
    gc.update(fields)
    return p


def server_side_allowed(p: dict[str, Any], dialect: str) -> dict[str, Any]:
    """On the Gemini API, toolConfig.includeServerSideToolInvocations, which a built-in tool
    beside functions needs (GW509)."""
    if api(dialect) == "gemini":
        p.setdefault("toolConfig", {})["includeServerSideToolInvocations"] = True
    return p


def calling(p: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """toolConfig.functionCallingConfig set to `config`, the rest of toolConfig kept (the flag
    that built-in tools beside functions need, GW509)."""
    tool_config = no_cache(p).get("toolConfig")
    p["toolConfig"] = {**(tool_config if isinstance(tool_config, dict) else {}), "functionCallingConfig": config}
    return p


def without_server_side_flag(p: dict[str, Any]) -> dict[str, Any]:
    """No toolConfig.includeServerSideToolInvocations (built-in tools beside functions need it)."""
    if isinstance(p.get("toolConfig"), dict):
        p["toolConfig"].pop("includeServerSideToolInvocations", None)
    return p


def without_functions(p: dict[str, Any]) -> dict[str, Any]:
    """No function declarations, nor a calling config that would need them."""
    p["tools"] = [t for t in p.get("tools", []) if "functionDeclarations" not in t]
    p.pop("toolConfig", None)
    return p


def exchange(p: dict[str, Any], calls: list[str], answers: list[str]) -> dict[str, Any]:
    p["contents"] += [
        {"role": "user", "parts": [{"text": "Use the tools."}]},
        {"role": "model", "parts": [{"functionCall": {"name": n, "args": {}}} for n in calls]},
        {"role": "user", "parts": [{"functionResponse": {"name": n, "response": {}}} for n in answers]},
    ]
    return p


def exchange_with_parts(p: dict[str, Any]) -> dict[str, Any]:
    """A function-calling exchange whose response carries parts (a Gemini 3 feature)."""
    exchange(p, ["zz_a"], ["zz_a"])
    answer = p["contents"][-1]["parts"][0]["functionResponse"]
    answer["parts"] = [{"inlineData": {"mimeType": "image/png", "data": PNG}}]
    return p


def set_safety(p: dict[str, Any], settings: list[dict[str, Any]]) -> dict[str, Any]:
    p.pop("modelArmorConfig", None)
    p["safetySettings"] = settings
    return p




OK: dict[str, Any] = {"threshold": "BLOCK_NONE"}
