"""GenerateContentRequest, composed of the strategies of its parts so that lint finds no error.

The contents call the functions that the tools declare; a cachedContent stands instead of the
system instruction, tools and tool config it holds (GW603); the walk adds the fields that no
request rule reads (serviceTier, store, ...).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import cache

from hypothesis import strategies as st

from gemini_wire.lint import CACHE_NAME, MODEL_NAME, label_text_ok
from gemini_wire.strategies.contents import conversations, system_instructions
from gemini_wire.strategies.generation import generation_configs
from gemini_wire.strategies.generic import Dialect, Payload, api, has, message
from gemini_wire.strategies.safety import safety
from gemini_wire.strategies.tools import toolsets

REQUEST = "GenerateContentRequest"
BUILT = frozenset(
    {"model", "contents", "systemInstruction", "tools", "toolConfig", "cachedContent", "generationConfig",
     "safetySettings", "modelArmorConfig", "labels"}
)
# Label text from the characters that the label rule takes (GW601), read from the rule itself.
KEY_START = "".join(c for c in string.printable if label_text_ok(c, key=True))
LABEL_CHARS = "".join(c for c in string.printable if label_text_ok(c, key=False))
LABELS = st.dictionaries(
    st.builds(str.__add__, st.sampled_from(KEY_START), st.text(LABEL_CHARS, max_size=8)),
    st.text(LABEL_CHARS, max_size=8),
    max_size=3,
)


def _names(pattern: Mapping[str, re.Pattern[str]], dialect: Dialect) -> st.SearchStrategy[str]:
    return st.from_regex(pattern[api(dialect)], fullmatch=True)


@st.composite
def _requests(draw: st.DrawFn, dialect: Dialect, depth: int) -> Payload:
    p = draw(message(dialect, REQUEST, True, depth, BUILT))
    tools, tool_config, declared = draw(toolsets(dialect, depth - 1))
    p["contents"] = draw(conversations(dialect, depth - 2, declared))
    if draw(st.integers(0, 4)) == 0:
        p["cachedContent"] = draw(_names(CACHE_NAME, dialect))  # holds the rest (GW602, GW603)
    else:
        if draw(st.booleans()):
            p["systemInstruction"] = draw(system_instructions(dialect))
        if tools:
            p["tools"] = tools
        if tool_config is not None:
            p["toolConfig"] = tool_config
    if draw(st.booleans()):
        p["generationConfig"] = draw(generation_configs(dialect, depth - 1))
    p |= draw(safety(dialect, depth))
    if has(dialect, REQUEST, "labels") and draw(st.booleans()):
        p["labels"] = draw(LABELS)
    if draw(st.integers(0, 4)) == 0:
        # A model that no profile knows: a known one would bring its limits (breaking() names them).
        p["model"] = draw(_names(MODEL_NAME, dialect))
    return p


@cache
def request_payloads(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """GenerateContentRequest objects that the codec accepts and lint finds no error in."""
    return _requests(dialect, depth)
