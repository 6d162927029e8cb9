"""Canonical JSON values for each scalar kind of the field tables: the `strategy` column of the
codec's table of kinds (gemini_wire.codec.kinds), which also says what the codec accepts."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from gemini_wire.codec.kinds import KINDS

Keywords = dict[str, Any]  # the JSON Schema keywords of a field's limits (minimum, maximum, ...)


def scalar(kind: str, keywords: Keywords) -> st.SearchStrategy[Any]:
    """Valid canonical JSON for a scalar of `kind` within the limits `keywords`."""
    strategy: st.SearchStrategy[Any] = KINDS[kind].strategy(st, keywords)
    return strategy


DURATIONS = scalar("duration", {})
TIMESTAMPS = scalar("timestamp", {})
