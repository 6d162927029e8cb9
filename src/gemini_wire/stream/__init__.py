"""Streams: an incremental decoder for streamGenerateContent, and the fold of its chunks.

    decoder = StreamDecoder("gemini")
    for piece in http_body:                      # split anywhere, even inside a UTF-8 sequence
        for item in decoder.feed(piece):         # GenerateContentResponse or ErrorBody Structs
            ...
    rest = decoder.close()                       # WireError (GW120) if the stream was cut
    final = aggregate(responses)                 # what a unary call would have answered

The pipeline, one module a step: `sse` frames Server-Sent Events and `array` frames a JSON array
(neither knows the codec); `decode` picks the framing, decodes each payload with the dialect's
codec and places its findings in the stream; `aggregate` folds the decoded chunks. The Interactions
API's streams (`event:` and `data:` per event, `step.*` deltas) have their decoder and fold in
`interactions`, on the same SSE framing.
"""

from gemini_wire.stream.aggregate import aggregate
from gemini_wire.stream.decode import StreamDecoder, aiter_responses, iter_responses
from gemini_wire.stream.interactions import (
    InteractionFolder,
    InteractionsStreamDecoder,
    iter_events,
    stream_findings,
)

__all__ = [
    "InteractionFolder",
    "InteractionsStreamDecoder",
    "StreamDecoder",
    "aggregate",
    "aiter_responses",
    "iter_events",
    "iter_responses",
    "stream_findings",
]
