"""Lint's checks of the request's size and model name (GW112, GW113); the rest of the structure
(GW10x, GW11x) is the codec's.

GW113 is registered on its rule, declared in `gemini_wire.rules.structure`; `size_findings` (GW112)
reads the request's text, not its tree, so lint runs it beside the rule pass."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import (
    Context,
    given,
)
from gemini_wire.findings import Finding, excerpt
from gemini_wire.models import model_id
from gemini_wire.rules.structure import (
    MODEL_NAME,
    MODEL_NAME_FORMAT,
    REQUEST_TOO_LARGE,
)

MODEL_FORM = {"gemini": "models/{}", "vertex": "projects/PROJECT/locations/LOCATION/publishers/google/models/{}"}


REQUEST_LIMIT = {"vertex": 20 * 2**20}


def size_findings(dialect: str, payload: bytes | bytearray | memoryview | str) -> list[Finding]:
    """GW112's check: of the request's text, not its tree, so lint runs it beside the rule pass."""
    limit = REQUEST_LIMIT.get(dialect)
    if limit is None or len(payload) <= limit // 4:  # a character is at most 4 bytes of UTF-8: no encoding to count
        return []
    size = len(payload.encode("utf-8", "surrogatepass")) if isinstance(payload, str) else len(payload)
    if size <= limit:
        return []
    return [REQUEST_TOO_LARGE.finding((), f"the request is {size:,} bytes, more than {limit:,}", "upload large media and refer to it with fileData.fileUri")]


@check(MODEL_NAME_FORMAT, reads=("model",))
def model_name_format(req: Any, ctx: Context) -> Iterable[Finding]:
    if given(req.model) and not MODEL_NAME[ctx.dialect].fullmatch(req.model):
        # The fix names the user's own model, in this API's form (issue 18: never an example's).
        bare = model_id(req.model)
        own = MODEL_FORM[ctx.dialect].format(bare if len(bare) <= 100 else "MODEL")
        yield MODEL_NAME_FORMAT.finding(("model",), f"{excerpt(req.model)} is not a {ctx.dialect} model name", f'write it as "{own}", or leave it out (the URL names the model)')
