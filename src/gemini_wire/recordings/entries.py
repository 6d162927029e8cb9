"""The calls of a recording that is JSON (HAR's `log.entries`, nock's array of calls), read one
by one: each kept as its raw text, found in the file in one forward pass, and decoded on its
own, so that one call of the wrong shape is reported on its own and the others are read."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from gemini_wire.findings import Path, excerpt
from gemini_wire.limits import too_deep
from gemini_wire.positions import Lines
from gemini_wire.recordings.bodies import Budget
from gemini_wire.recordings.model import EntryError, Interaction, NotARecording

# One call: its index, its text, where that starts in the file, the file's lines (standing
# there) and the recording's budget of decompressed bytes.
ReadOne = Callable[[int, bytes, int, Lines, Budget], Interaction]


def refuse_deep(data: bytes, limit: int, name: str) -> NotARecording | None:
    """Why a JSON recording nested deeper than `limit` (gemini_wire.limits.`name`) is not read:
    msgspec would stop with a RecursionError somewhere past it. None when it is not."""
    deep = too_deep(data, limit)
    if deep is None:
        return None
    line, column = Lines(data).at(deep)
    return NotARecording(f"not a recognised format: nested deeper than {limit} levels (gemini_wire.limits.{name})", line, column)


def each(data: bytes, calls: list[msgspec.Raw], after: int, read_one: ReadOne, where: Callable[[int], Path], noun: str) -> list[Interaction]:
    """Every call of the recording in `data`, whose raw calls start after offset `after`; a
    call that cannot be read is an Interaction with its `problem` (the `noun` names it)."""
    places = Lines(data)
    budget = Budget()
    out = []
    for i, raw in enumerate(calls):
        text = bytes(raw)
        # Between two calls there is only a comma and white space: the next match is the call.
        start = data.find(text, after)
        after = start + len(text)
        line, column = places.at(start)
        try:
            out.append(read_one(i, text, start, places, budget))
        except EntryError as e:
            out.append(Interaction(i, where(i), "", None, None, None, str(e), line, column))
        except Exception as e:  # a bug of ours stays on its call; the fuzz tests look for these
            problem = f"gemini-wire could not read this {noun}: {type(e).__name__}: {excerpt(str(e), quoted=False)}"
            out.append(Interaction(i, where(i), "", None, None, None, problem, line, column))
    return out
