"""The bounds of the limits overlay and of nesting, checked on decoded values.

Shared by the codec's checks (codec/checks.py, codec/normalize.py) and the generated quick checks
(`_generated/<dialect>_quick.py`), which import this module and nothing above it.
"""

from __future__ import annotations

import math
from typing import Any

BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def bounds_text(keywords: dict[str, Any]) -> str:
    """`from 0 to 2`, `at least 0`, `above 0`, ... for the bounds among some keywords."""
    words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "above", "exclusiveMaximum": "below"}
    if "minimum" in keywords and "maximum" in keywords:
        return f"from {keywords['minimum']} to {keywords['maximum']}"
    return " and ".join(f"{words[k]} {keywords[k]}" for k in BOUNDS if k in keywords)


def check_keywords(keywords: dict[str, Any], value: Any) -> tuple[str, str] | None:
    """The first JSON Schema bound (from the limits overlay) that the value breaks, if any."""
    for key, bound in keywords.items():
        if key == "maxItems" and len(value) > bound:
            return f"{len(value)} items, at most {bound} allowed", f"keep at most {bound}"
        if key == "minItems" and len(value) < bound:
            return f"{len(value)} items, at least {bound} needed", f"give at least {bound}"
        if isinstance(value, float) and math.isnan(value) and key in BOUNDS:
            return "NaN is not a number, so it is in no range", f"use a number ({bounds_text(keywords)})"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if key == "minimum" and not value >= bound:
                return f"{value} is below the minimum {bound}", f"use a value of at least {bound}"
            if key == "maximum" and not value <= bound:
                return f"{value} is above the maximum {bound}", f"use a value of at most {bound}"
            if key == "exclusiveMinimum" and not value > bound:
                return f"{value} must be greater than {bound}", f"use a value above {bound}"
            if key == "exclusiveMaximum" and not value < bound:
                return f"{value} must be less than {bound}", f"use a value below {bound}"
        if key == "decoded_max_bytes" and isinstance(value, bytes) and len(value) > bound:
            return (
                f"{len(value):,} bytes of inline data, at most {bound:,} allowed",
                "upload the file and refer to it with fileData.fileUri instead",
            )
    return None


def deeper(value: Any, levels: int) -> bool:
    """Whether a decoded JSON value holds arrays and objects more than `levels` deep.

    Level by level, breadth first: one list per level and no tuple per container, since the
    quick check runs it on the fast path (on what a data field's object holds: codegen/quick.py
    writes a look at its first level in place)."""
    if type(value) is not dict and type(value) is not list:
        return False
    if levels < 1:
        return True
    todo = [value]
    while True:
        below = []
        for v in todo:
            for x in v.values() if type(v) is dict else v:
                if type(x) is dict or type(x) is list:
                    below.append(x)
        if not below:
            return False
        levels -= 1
        if levels < 1:
            return True
        todo = below
