"""Interactions API streams (GW123-GW125): what the reader of `stream: true` answers checks."""

from __future__ import annotations

from gemini_wire.rules.base import declare

STREAMING = "https://ai.google.dev/gemini-api/docs/interactions/streaming"
MAY_2026 = "https://ai.google.dev/gemini-api/docs/interactions-breaking-changes-may-2026"

INTERACTIONS_LEGACY_STREAM = declare(
    code="GW123",
    name="interactions-legacy-stream",
    severity="warning",
    summary="An Interactions stream or answer of the schema before May 2026: `content.start`/`content.delta`/"
    "`content.stop` (or `interaction.start`/`interaction.complete`) events, or an interaction with "
    "`outputs` instead of `steps` (in a stream's event or as the answer itself).",
    why="The May 2026 schema replaced `outputs` by `steps` and the content events by `step.start`/"
    "`step.delta`/`step.stop`; the legacy schema was removed in June 2026, so a recording of it shows "
    "nothing the server answers today, and its events cannot be read as steps.",
    evidence=f"{MAY_2026} — \"The legacy schema will be removed on June 8, 2026\"; the two schemas side by side in "
    "the copies of Google's OpenAPI document in BerriAI/litellm (tests/test_litellm/interactions/: "
    "google_interactions_openapi_snapshot.json @10c757b, `outputs` and `Content`; interactions.openapi.json "
    "@87b4795, `steps`, with `ContentStart`/`ContentDelta`/`ContentStop` defined but no longer referenced); "
    "a warning: the recording is stale rather than refused (no 400 quoted for a response)",
    source=MAY_2026,
    since="0.2.0",
    dialects=("interactions",),
    example_dialect="interactions-v1",
    checked_by=("gemini_wire.stream.interactions",),
    bad='event: content.delta\ndata: {"event_type": "content.delta", "index": 0, "delta": {"type": "text", "text": "Hi"}}\n\n',
    good='event: step.start\ndata: {"event_type": "step.start", "index": 0, "step": {"type": "model_output", "content": []}}\n\n'
    'event: step.delta\ndata: {"event_type": "step.delta", "index": 0, "delta": {"type": "text", "text": "Hi"}}\n\n',
)


INTERACTIONS_EVENT_NAME = declare(
    code="GW124",
    name="interactions-event-name",
    severity="warning",
    summary="An Interactions stream event whose `event:` line names another type than its JSON's `event_type`.",
    why="The server names each event twice, on its `event:` line and in `event_type`; a reader that "
    "dispatches on the SSE name (a browser's EventSource) and one that reads the JSON would see "
    "different events. The JSON's `event_type` is what gemini-wire decodes.",
    evidence=f"{STREAMING} — each event is sent as `event: <type>` then `data:` with the same "
    "`event_type`; a warning: no client is known to refuse a mismatch",
    source=STREAMING,
    since="0.2.0",
    dialects=("interactions",),
    example_dialect="interactions-v1",
    checked_by=("gemini_wire.stream.interactions",),
    bad='event: step.stop\ndata: {"event_type": "step.start", "index": 0, "step": {"type": "model_output", "content": []}}\n\n',
    good='event: step.start\ndata: {"event_type": "step.start", "index": 0, "step": {"type": "model_output", "content": []}}\n\n'
    'event: step.delta\ndata: {"event_type": "step.delta", "index": 0, "delta": {"type": "text", "text": "Hi"}}\n\n',
)


INTERACTIONS_STEP_FOLD = declare(
    code="GW125",
    name="interactions-step-fold",
    severity="error",
    summary="An Interactions stream's `step.delta` or `step.stop` that cannot be folded into its step: an "
    "index never started or already stopped, a delta of another kind than its step, or function-call "
    "arguments whose fragments do not join into a JSON object.",
    why="Each step is opened by `step.start` with its index, filled by `step.delta` events of that index "
    "and closed by `step.stop`; a delta outside that, or arguments that are not JSON, leave the "
    "streamed answer different from the interaction the server stored.",
    evidence=f"{STREAMING} — a step is streamed as `step.start`, then `step.delta` events with its "
    "`index`, then `step.stop`; an `arguments_delta` carries a string where the function_call step's "
    "`arguments` is an object (google-genai 3.6.1 _gaos/types/interactions/argumentsdelta.py, "
    "functioncallstep.py): pieces of its JSON text",
    source=STREAMING,
    since="0.2.0",
    dialects=("interactions",),
    example_dialect="interactions-v1",
    checked_by=("gemini_wire.stream.interactions",),
    bad='event: step.delta\ndata: {"event_type": "step.delta", "index": 3, "delta": {"type": "text", "text": "Hi"}}\n\n',
    good='event: step.start\ndata: {"event_type": "step.start", "index": 3, "step": {"type": "model_output", "content": []}}\n\n'
    'event: step.delta\ndata: {"event_type": "step.delta", "index": 3, "delta": {"type": "text", "text": "Hi"}}\n\n',
)
