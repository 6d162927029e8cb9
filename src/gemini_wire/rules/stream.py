"""Streams of responses (GW12x): what the stream reader checks."""

from __future__ import annotations

from gemini_wire.rules.base import declare

STREAM_TRUNCATED = declare(
    code="GW120",
    name="stream-truncated",
    severity="error",
    summary="A stream ends inside an event or array element, before its closing `]`, or before any response.",
    why="A cut connection leaves the answer incomplete, often without its finishReason and usage.",
    evidence='https://html.spec.whatwg.org/multipage/server-sent-events.html — an event ends at a blank line; a cut stream has no complete last event',
    source="https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation",
    since="0.1.0",
    dialects=("gemini", "vertex", "interactions"),
    checked_by=("gemini_wire.stream.decode", "gemini_wire.stream.interactions"),
    bad='data: {"candidates": [{"content": {"parts": [{"text": "Hel',
    good='data: {"candidates": [{"content": {"parts": [{"text": "Hello"}]}}]}\\r\\n\\r\\n',
)


INVALID_STREAM_EVENT = declare(
    code="GW121",
    name="invalid-stream-event",
    severity="error",
    summary="An event or array element of a stream is not a GenerateContentResponse or an error body; "
            "decode_response was given an error body.",
    why="Every chunk of streamGenerateContent is a whole response (or a google.rpc.Status error); "
        "a unary error body read as a response would look like an empty answer, its error hidden "
        "(decode_response refuses it: read it with decode_error).",
    evidence='https://ai.google.dev/api/generate-content — streamGenerateContent answers a stream of GenerateContentResponse; a failure is a google.rpc.Status error body (RULES.md section 3.7)',
    source="https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation",
    since="0.1.0",
    dialects=("gemini", "vertex", "interactions"),
    checked_by=("gemini_wire.codec.decode", "gemini_wire.stream.decode", "gemini_wire.stream.interactions", "gemini_wire.stream.place"),
    bad="data: [DONE]",
    good='data: {"candidates": [{"content": {"parts": [{"text": "Hi"}]}}]}',
)


PARTIAL_ARG_PATH = declare(
    code="GW122",
    name="partial-arg-path",
    severity="error",
    summary="A streamed function-call argument (Vertex partialArgs) has a jsonPath that cannot be assembled.",
    why="Each piece names where it goes in args (`$.a.b[0]`); a path that does not parse or "
            "contradicts an earlier piece leaves the call's arguments unknown.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/tool.proto — PartialArg.json_path names where the piece goes',
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/tool.proto",
    since="0.1.0",
    checked_by=("gemini_wire.stream.aggregate",),
    bad='{"partialArgs": [{"jsonPath": "recipe..name", "stringValue": "x"}]}',
    good='{"partialArgs": [{"jsonPath": "$.recipe.name", "stringValue": "x"}]}',
)
