"""Hypothesis strategies for valid Gemini wire payloads, per dialect and message.

    from hypothesis import given
    from gemini_wire import strategies as gws

    @given(gws.requests("gemini"))
    def test_my_client_sends_it(request): ...

`payloads()` gives canonical JSON values (dicts), `requests()` / `responses()` the decoded
Structs. Every value respects the documented limits that the codec checks, so the codec accepts
it; they are built from the same field table as the codec, so every message and field of the
dialect can appear. A request is also valid for lint, by construction: its parts are composed
per message (contents, generation, tools, safety, schemas). `breaking(dialect, code)` gives
requests that break exactly one rule. Needs `hypothesis` (the `strategies` extra).

For the Interactions API, name its dialect: `requests("interactions-v1")` gives create calls
(CreateModelInteraction or CreateAgentInteraction), `responses("interactions-v1")` Interactions,
`payloads("interactions-v1", "Interaction")` their JSON; each valid for decode and lint by
construction (strategies/interactions.py).
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ModuleNotFoundError as e:  # an optional dependency: say which and how to get it
    raise ModuleNotFoundError(
        "gemini_wire.strategies needs hypothesis (the `strategies` extra): python -m pip install hypothesis",
        name=e.name,
    ) from e

from gemini_wire.strategies.breaking import BREAKERS, breaking
from gemini_wire.strategies.messages import error_bodies, payloads, requests, responses

__all__ = ["BREAKERS", "breaking", "error_bodies", "payloads", "requests", "responses"]
