"""The payloads that `bench.py` measures, built here from the library's Structs: no corpus, no network.

Every builder takes the dialect module (`gemini_wire.gemini` or `gemini_wire.vertex`) and a seed,
so the same call gives the same bytes. `payload_set` returns them with the few facts the harness
needs (kind, dialect, the decoded Structs, the same data as plain dicts) after checking that each
one decodes and lints clean: a benchmark of the refusal path would measure the wrong thing.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import interactions_stream  # sibling scripts: benchmarks/ is on sys.path when bench.py runs
import msgspec
import stream_throughput

from gemini_wire import Finding, encode, gemini, interactions, vertex

MODEL = "gemini-2.5-flash"  # named to lint, so that the model-dependent rules run too
DIALECTS: dict[str, ModuleType] = {"gemini": gemini, "vertex": vertex}
# The Interactions API: another protocol, its own verbs (decode_request, decode_response, lint).
INTERACTIONS: dict[str, ModuleType] = {"interactions-v1": interactions}
INTERACTIONS_MODEL = "gemini-3-flash-preview"  # the model of the Interactions payloads, which takes thinking_level
WORDS = (
    "the tide came in over the grey stones while a gull argued with the wind; "
    'she wrote "meet me at the harbour at six" and underlined it twice.\n'
    "Numbers: 3.14, 42, -7. Ünïcödé, 数据, emoji 🌊 and a tab\there."
).split(" ")
HARM_CATEGORIES = (
    "HARM_CATEGORY_HARASSMENT",
    "HARM_CATEGORY_HATE_SPEECH",
    "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    "HARM_CATEGORY_DANGEROUS_CONTENT",
)
MiB = 1 << 20


@dataclass
class Payload:
    """One body to measure, and what it is."""

    name: str
    dialect: str
    kind: str  # "request", "response" or "stream"
    body: bytes
    obj: Any = None  # the decoded Structs (requests and responses)
    dicts: Any = None  # the same data as plain dicts and lists (msgspec.json.decode of body)
    chunks: list[bytes] = field(default_factory=list)  # streams: each event's JSON
    decoded_bytes: int = 0  # inline data once base64-decoded
    what: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.dialect})"


def prose(rng: random.Random, words: int) -> str:
    start = rng.randrange(len(WORDS))
    return " ".join(WORDS[(start + i) % len(WORDS)] for i in range(words))


def small_request(d: ModuleType) -> Any:
    """One user turn of plain text: the smallest useful request."""
    return d.GenerateContentRequest(
        contents=[d.Content(role="user", parts=[d.Part(text="Write a haiku about the sea at night.")])]
    )


def order_schema(d: ModuleType) -> Any:
    """A parameters schema three levels deep: an object with a list of objects with an enum."""
    item = d.Schema(
        type=d.Type.OBJECT,
        properties={
            "sku": d.Schema(type=d.Type.STRING, description="Stock keeping unit, e.g. BX-1042."),
            "quantity": d.Schema(type=d.Type.INTEGER, minimum=1, maximum=99),
            "gift_wrap": d.Schema(type=d.Type.BOOLEAN),
        },
        required=["sku", "quantity"],
    )
    address = d.Schema(
        type=d.Type.OBJECT,
        properties={
            "street": d.Schema(type=d.Type.STRING),
            "city": d.Schema(type=d.Type.STRING),
            "country": d.Schema(type=d.Type.STRING, enum=["DE", "FR", "GB", "US"]),
        },
        required=["street", "city", "country"],
    )
    return d.Schema(
        type=d.Type.OBJECT,
        properties={
            "customer_id": d.Schema(type=d.Type.STRING),
            "items": d.Schema(type=d.Type.ARRAY, items=item, max_items=50),
            "shipping": d.Schema(
                type=d.Type.OBJECT,
                properties={
                    "speed": d.Schema(type=d.Type.STRING, enum=["standard", "express", "overnight"]),
                    "address": address,
                },
                required=["speed", "address"],
            ),
        },
        required=["customer_id", "items"],
    )


def tools(d: ModuleType) -> list[Any]:
    simple = d.Schema(
        type=d.Type.OBJECT,
        properties={"order_id": d.Schema(type=d.Type.STRING, description="The order number.")},
        required=["order_id"],
    )
    return [
        d.Tool(
            function_declarations=[
                d.FunctionDeclaration(name="place_order", description="Places an order.", parameters=order_schema(d)),
                d.FunctionDeclaration(name="get_order_status", description="Looks up an order.", parameters=simple),
                d.FunctionDeclaration(name="cancel_order", description="Cancels an order.", parameters=simple),
            ]
        )
    ]


def chat_request(d: ModuleType, seed: int = 1, turns: int = 20) -> Any:
    """`turns` contents of history (user and model in turn; every third exchange a function call
    and its answer), then the new user turn; a system instruction, tools with nested parameter
    schemas, safety settings and a generation config."""
    rng = random.Random(seed)
    contents: list[Any] = []
    while len(contents) < turns:
        contents.append(d.Content(role="user", parts=[d.Part(text=prose(rng, rng.randint(8, 40)))]))
        if len(contents) % 6 == 5 and len(contents) + 3 <= turns:
            order = f"A-{rng.randrange(10_000, 99_999)}"
            call = d.FunctionCall(name="get_order_status", args={"order_id": order})
            contents.append(d.Content(role="model", parts=[d.Part(function_call=call)]))
            answer = {"status": "in_transit", "carrier": "Parcelo", "items": [prose(rng, 4), prose(rng, 3)]}
            response = d.FunctionResponse(name="get_order_status", response=answer)
            contents.append(d.Content(role="user", parts=[d.Part(function_response=response)]))
        contents.append(d.Content(role="model", parts=[d.Part(text=prose(rng, rng.randint(20, 120)))]))
    contents.append(d.Content(role="user", parts=[d.Part(text=prose(rng, 25))]))
    return d.GenerateContentRequest(
        system_instruction=d.Content(parts=[d.Part(text="You are the order desk of a small shop. " + prose(rng, 30))]),
        contents=contents,
        tools=tools(d),
        tool_config=d.ToolConfig(function_calling_config=d.FunctionCallingConfig(mode=d.FunctionCallingConfigMode.AUTO)),
        safety_settings=[d.SafetySetting(category=c, threshold="BLOCK_ONLY_HIGH") for c in HARM_CATEGORIES],
        generation_config=d.GenerationConfig(
            temperature=0.7,
            top_p=0.95,
            top_k=40,
            candidate_count=1,
            max_output_tokens=2048,
            stop_sequences=["\n\nUser:"],
            thinking_config=d.ThinkingConfig(thinking_budget=1024),
        ),
    )


def citations(d: ModuleType, rng: random.Random, n: int) -> Any:
    # The two dialects name the list and its items differently.
    sources = [
        {
            "start_index": 40 * i,
            "end_index": 40 * i + rng.randint(20, 39),
            "uri": f"https://example.com/articles/{rng.randrange(10**6)}",
            "license": "CC-BY-4.0",
        }
        for i in range(n)
    ]
    if d is gemini:
        return gemini.CitationMetadata(citation_sources=[gemini.CitationSource(**s) for s in sources])
    return vertex.CitationMetadata(citations=[vertex.Citation(**s) for s in sources])


def safety_ratings(d: ModuleType, rng: random.Random) -> list[Any]:
    if d is gemini:
        return [gemini.SafetyRating(category=c, probability="NEGLIGIBLE") for c in HARM_CATEGORIES]
    return [
        vertex.SafetyRating(
            category=c,
            probability="NEGLIGIBLE",
            probability_score=round(rng.random() / 10, 6),
            severity="HARM_SEVERITY_NEGLIGIBLE",
            severity_score=round(rng.random() / 10, 6),
        )
        for c in HARM_CATEGORIES
    ]


def usage(d: ModuleType, prompt: int, output: int) -> Any:
    return d.UsageMetadata(
        prompt_token_count=prompt,
        candidates_token_count=output,
        thoughts_token_count=211,
        total_token_count=prompt + output + 211,
        prompt_tokens_details=[d.ModalityTokenCount(modality="TEXT", token_count=prompt)],
    )


def typical_response(d: ModuleType, seed: int = 2) -> Any:
    """One candidate of a few paragraphs, with safety ratings, citations and usage."""
    rng = random.Random(seed)
    text = "\n\n".join(prose(rng, rng.randint(40, 90)) for _ in range(3))
    return d.GenerateContentResponse(
        candidates=[
            d.Candidate(
                content=d.Content(role="model", parts=[d.Part(text=text)]),
                finish_reason="STOP",
                index=0,
                safety_ratings=safety_ratings(d, rng),
                citation_metadata=citations(d, rng, 3),
            )
        ],
        usage_metadata=usage(d, 14, 48),
        model_version=MODEL,
        response_id="x3JkZa1bPqeW1dkP8tWgwQc",
    )


def logprobs_response(d: ModuleType, seed: int = 3, tokens: int = 200, top: int = 20) -> Any:
    """`tokens` generated tokens, each with its `top` most likely candidates (20 is the API's limit)."""
    rng = random.Random(seed)
    chosen, tops = [], []
    for _ in range(tokens):
        alternatives = sorted(
            (
                d.LogprobsResultCandidate(
                    token=rng.choice(WORDS), token_id=rng.randrange(256_000), log_probability=round(-rng.expovariate(0.4), 6)
                )
                for _ in range(top)
            ),
            key=lambda c: -c.log_probability,
        )
        chosen.append(alternatives[0])
        tops.append(d.TopCandidates(candidates=alternatives))
    mean = sum(c.log_probability for c in chosen) / tokens
    return d.GenerateContentResponse(
        candidates=[
            d.Candidate(
                content=d.Content(role="model", parts=[d.Part(text=" ".join(c.token for c in chosen))]),
                finish_reason="STOP",
                index=0,
                avg_logprobs=round(mean, 6),
                logprobs_result=d.LogprobsResult(top_candidates=tops, chosen_candidates=chosen),
            )
        ],
        usage_metadata=usage(d, 24, tokens),
        model_version=MODEL,
        response_id="Lq1nZd2rCPOr1dkPk9qFmA0",
    )


def inline_request(d: ModuleType, base64_size: int, seed: int = 4) -> Any:
    """A question about one inline image of `base64_size` bytes of base64 (3/4 of that decoded)."""
    data = random.Random(seed).randbytes(base64_size // 4 * 3)
    parts = [d.Part(text="What is in this picture?"), d.Part(inline_data=d.Blob(mime_type="image/png", data=data))]
    return d.GenerateContentRequest(contents=[d.Content(role="user", parts=parts)])


def order_parameters() -> dict[str, Any]:
    """order_schema's parameters as the Interactions API takes them: plain JSON Schema."""
    item = {
        "type": "object",
        "properties": {
            "sku": {"type": "string", "description": "Stock keeping unit, e.g. BX-1042."},
            "quantity": {"type": "integer", "minimum": 1, "maximum": 99},
            "gift_wrap": {"type": "boolean"},
        },
        "required": ["sku", "quantity"],
    }
    address = {
        "type": "object",
        "properties": {"street": {"type": "string"}, "city": {"type": "string"}, "country": {"type": "string", "enum": ["DE", "FR", "GB", "US"]}},
        "required": ["street", "city", "country"],
    }
    return {
        "type": "object",
        "properties": {
            "customer_id": {"type": "string"},
            "items": {"type": "array", "items": item, "maxItems": 50},
            "shipping": {
                "type": "object",
                "properties": {"speed": {"type": "string", "enum": ["standard", "express", "overnight"]}, "address": address},
                "required": ["speed", "address"],
            },
        },
        "required": ["customer_id", "items"],
    }


def interactions_tools() -> list[dict[str, Any]]:
    """tools()'s three functions as flat Interactions tools."""
    simple = {"type": "object", "properties": {"order_id": {"type": "string", "description": "The order number."}}, "required": ["order_id"]}
    return [
        {"type": "function", "name": "place_order", "description": "Places an order.", "parameters": order_parameters()},
        {"type": "function", "name": "get_order_status", "description": "Looks up an order.", "parameters": simple},
        {"type": "function", "name": "cancel_order", "description": "Cancels an order.", "parameters": simple},
    ]


def text(value: str) -> list[dict[str, str]]:
    return [{"type": "text", "text": value}]


def interactions_request(seed: int = 5, exchanges: int = 6) -> dict[str, Any]:
    """A stateless create call replaying a conversation as `input` steps: `exchanges` user turns,
    each answered by the model (every second one by a signed thought, a function call and its
    result first), then the new user turn; a system instruction, the three order tools, a
    generation config with a thinking level and tool choice, store off."""
    rng = random.Random(seed)
    steps: list[dict[str, Any]] = []
    for i in range(exchanges):
        steps.append({"type": "user_input", "content": text(prose(rng, rng.randint(8, 40)))})
        if i % 2 == 1:
            call_id = f"call_{i}"
            order = f"A-{rng.randrange(10_000, 99_999)}"
            signature = base64.b64encode(rng.randbytes(48)).decode("ascii")
            steps.append({"type": "thought", "signature": signature, "summary": text(prose(rng, 12))})
            steps.append({"type": "function_call", "id": call_id, "name": "get_order_status", "arguments": {"order_id": order}})
            answer = {"status": "in_transit", "carrier": "Parcelo", "items": [prose(rng, 4), prose(rng, 3)]}
            steps.append({"type": "function_result", "call_id": call_id, "name": "get_order_status", "result": msgspec.json.encode(answer).decode()})
        steps.append({"type": "model_output", "content": text(prose(rng, rng.randint(20, 80)))})
    steps.append({"type": "user_input", "content": text(prose(rng, 25))})
    return {
        "model": INTERACTIONS_MODEL,
        "system_instruction": "You are the order desk of a small shop. " + prose(rng, 30),
        "input": steps,
        "tools": interactions_tools(),
        "generation_config": {"thinking_level": "low", "max_output_tokens": 2048, "tool_choice": "auto", "stop_sequences": ["\n\nUser:"]},
        "store": False,
    }


def interaction_response(seed: int = 6) -> dict[str, Any]:
    """A completed Interaction as a create call answers it: a signed thought with its summary, a
    few paragraphs of text, usage with per-modality counts."""
    rng = random.Random(seed)
    answer = "\n\n".join(prose(rng, rng.randint(40, 90)) for _ in range(3))
    return {
        "id": "v1_ChdZSjNrWmRfWk5QT3ZqTWNQLWNPN3FRURIX",
        "status": "completed",
        "model": INTERACTIONS_MODEL,
        "created": "2026-12-07T02:13:12Z",
        "updated": "2026-12-07T02:13:19Z",
        "steps": [
            {"type": "user_input", "content": text(prose(rng, 25))},
            {"type": "thought", "signature": base64.b64encode(rng.randbytes(96)).decode("ascii"), "summary": text(prose(rng, 30))},
            {"type": "model_output", "content": text(answer)},
        ],
        "usage": {
            "total_input_tokens": 412,
            "total_output_tokens": 268,
            "total_thought_tokens": 211,
            "total_tokens": 891,
            "input_tokens_by_modality": [{"modality": "text", "tokens": 412}],
            "output_tokens_by_modality": [{"modality": "text", "tokens": 268}],
        },
    }


def check(p: Payload) -> None:
    """Refuse to measure a payload that the codec or the linter would refuse."""
    if p.dialect in INTERACTIONS:
        ix = INTERACTIONS[p.dialect]
        p.obj = ix.decode_request(p.body) if p.kind == "request" else ix.decode_response(p.body)
        findings: list[Finding] = ix.lint(p.body, kind=p.kind)
    elif p.kind == "request":
        d = DIALECTS[p.dialect]
        p.obj = d.decode_request(p.body)
        findings = d.lint_request(p.body, model=MODEL)
    else:
        d = DIALECTS[p.dialect]
        p.obj = d.decode_response(p.body)
        findings = d.lint_response(p.body)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise SystemExit(f"benchmark payload {p.label} is invalid: {errors[0]}")
    p.notes += [f"lint finds {f.code} {f.message} (not an error)" for f in findings]
    p.dicts = msgspec.json.decode(p.body)


def payload_set(quick: bool = False, inline_size: int = 20 * MiB) -> list[Payload]:
    """The request and response payloads of both dialects, the inline request and the stream."""
    turns, tokens, top = (4, 3, 3) if quick else (20, 200, 20)
    out: list[Payload] = []
    for dialect, d in DIALECTS.items():
        chat = chat_request(d, turns=turns)
        calls = sum(1 for c in chat.contents for part in c.parts if part.function_call)
        built = [
            ("small request", "request", small_request(d), "one user turn of text"),
            (
                "chat request",
                "request",
                chat,
                f"{turns} turns of history ({calls} of them function calls, each followed by its answer) and "
                "the new user turn; a system instruction, 3 function declarations with parameter schemas "
                "nested 3 deep, tool config, 4 safety settings, generation config with a thinking budget",
            ),
            (
                "response",
                "response",
                typical_response(d),
                "one candidate of 3 paragraphs, 4 safety ratings, 3 citations, usage with token details",
            ),
            (
                "logprobs response",
                "response",
                logprobs_response(d, tokens=tokens, top=top),
                f"{tokens} tokens, each with its {top} most likely candidates (logprobsResult)",
            ),
        ]
        out += [Payload(name, dialect, kind, encode(obj), what=what) for name, kind, obj, what in built]
    inline = inline_request(gemini, 64 * 1024 if quick else inline_size)
    data = len(inline.contents[0].parts[1].inline_data.data)
    # Only the Gemini API: Vertex AI refuses a whole request above 20 MB.
    out.append(
        Payload(
            "inline request",
            "gemini",
            "request",
            encode(inline),
            decoded_bytes=data,
            what=f"a question and an image of {data:,} bytes as inline base64",
        )
    )
    request = interactions_request(exchanges=2 if quick else 6)
    out += [
        Payload(
            "Interactions request",
            "interactions-v1",
            "request",
            msgspec.json.encode(request),
            what=f"a create call replaying {len(request['input'])} steps (user turns, model outputs, signed thoughts, "
            "function calls each followed by its result), a system instruction, 3 function tools with parameter schemas "
            "nested 3 deep, a generation config with thinking level and tool choice",
        ),
        Payload(
            "Interaction",
            "interactions-v1",
            "response",
            msgspec.json.encode(interaction_response()),
            what="a completed Interaction: the user's step, a signed thought with a summary, 3 paragraphs of text, usage by modality",
        ),
    ]
    for p in out:
        check(p)
    chunks = stream_throughput.chunks(10 if quick else 200)
    out.append(
        Payload(
            "SSE stream",
            "gemini",
            "stream",
            stream_throughput.sse_body(chunks),
            chunks=chunks,
            what=f"{len(chunks)} `data: {{...}}` events of text with usage metadata (benchmarks/stream_throughput.py)",
        )
    )
    events = interactions_stream.events(4 << 10 if quick else 96 << 10)
    body = interactions_stream.body(events)
    if not interactions.aggregate(interactions.iter_events([body])).steps:
        raise SystemExit("benchmark payload Interactions stream does not fold")
    out.append(
        Payload(
            "Interactions stream",
            "interactions-v1",
            "stream",
            body,
            chunks=interactions_stream.payloads(events),
            what=f"{len(events)} `event:`/`data:` events of `stream: true`: interaction.created, a signed thought, "
            "text in step.delta events of about 300 bytes, a function call with its arguments in 3 pieces, "
            "interaction.completed with usage, `data: [DONE]` (benchmarks/interactions_stream.py)",
        )
    )
    return out
