"""Add to a dialect what recorded traffic proves the live API sends or accepts and the spec lacks.

codegen/observed.toml holds the rows, written by `gemini-wire drift --format overlay` and
reviewed by hand: an enum value (`enum`, `value`), or a key of a message (`message`, `key`, and
the `kind` of its value: a scalar kind of codec/kinds.py, or `value` for any JSON). Each row
says what shows it (`evidence`); the row's addition carries it as its source, as the SDK's do.
"""

from __future__ import annotations

from typing import Any

import tomllib
from model import ROOT, Field, Model
from sdk_additions import snake

OBSERVED = ROOT / "codegen" / "observed.toml"


def observed_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = tomllib.loads(OBSERVED.read_text()).get("observed", []) if OBSERVED.is_file() else []
    return rows


def add_observed(model: Model, rows: list[dict[str, Any]]) -> set[int]:
    """Add the rows of this dialect to its model; the indexes of the rows used."""
    used = set()
    for i, row in enumerate(rows):
        if row["dialect"] != model.dialect:
            continue
        if not row.get("evidence"):
            raise SystemExit(f"codegen/observed.toml: a row without evidence: {row}")
        source = f"observed: {row['evidence']}"
        if "enum" in row:
            enum = model.enums.get(row["enum"])
            if enum is None:
                raise SystemExit(f"codegen/observed.toml: no enum {row['enum']} in {model.dialect}")
            if row["value"] not in {name for name, _ in enum.values}:
                enum.values.append((row["value"], None))  # its number is not known
        else:
            msg = model.messages.get(row["message"])
            if msg is None:
                raise SystemExit(f"codegen/observed.toml: no message {row['message']} in {model.dialect}")
            if row["key"] in {f.json_name for f in msg.fields}:
                raise SystemExit(f"codegen/observed.toml: {row['message']}.{row['key']} is in the spec already: remove the row")
            msg.fields.append(Field(snake(row["key"]), row["key"], row.get("kind", "value"), None, False, None, source=source))
        used.add(i)
    return used
