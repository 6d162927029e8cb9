"""GenerateContentRequest, composed of the strategies of its parts so that lint finds no error.

The contents call the functions that the tools declare; a cachedContent stands instead of the
system instruction, tools and tool config it holds (GW603); the walk adds the fields that no
request rule reads (serviceTier, store, ...).
"""

from __future__ import annotations

import string
from functools import cache

from hypothesis import strategies as st

from gemini_wire.rules.safety import CACHE_NAME, label_text_ok
from gemini_wire.rules.structure import MODEL_EXAMPLE, MODEL_NAME
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


@cache
def _cache_names(dialect: Dialect) -> st.SearchStrategy[str]:
    return st.from_regex(CACHE_NAME[api(dialect)], fullmatch=True)


@cache
def _model_names(dialect: Dialect) -> st.SearchStrategy[str]:
    """Model names in the API's format (GW113) of models that no profile knows: every profile is
    of a gemini or gemma model, and a known model would bring its limits (breaking() names them)."""
    where = MODEL_EXAMPLE[api(dialect)].rsplit("/", 1)[0]
    names = st.from_regex(r"x-[a-z0-9.-]{0,8}", fullmatch=True).map(f"{where}/{{}}".format)
    assert MODEL_NAME[api(dialect)].fullmatch(where + "/x-1")
    return names


@st.composite
def _requests(draw: st.DrawFn, dialect: Dialect, depth: int) -> Payload:
    p = draw(message(dialect, REQUEST, True, depth, BUILT))
    tools, tool_config, declared = draw(toolsets(dialect, depth - 1))
    p["contents"] = draw(conversations(dialect, depth - 2, declared))
    if draw(st.integers(0, 4)) == 0:
        p["cachedContent"] = draw(_cache_names(dialect))  # holds the rest (GW602, GW603)
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
        p["model"] = draw(_model_names(dialect))
    return p


@cache
def request_payloads(dialect: Dialect, depth: int) -> st.SearchStrategy[Payload]:
    """GenerateContentRequest objects that the codec accepts and lint finds no error in."""
    return _requests(dialect, depth)
