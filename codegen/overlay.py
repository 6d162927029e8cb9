"""The overlay: codegen/limits.toml's limits, leniencies and rules, checked against a dialect's
model and grouped by the message and field each row names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tomllib
from model import ROOT, Model


@dataclass
class Overlay:
    limits: dict[tuple[str, str], list[dict[str, Any]]]  # (message, field) -> rows
    rules: list[dict[str, Any]]
    leniencies: dict[tuple[str, str], list[dict[str, Any]]]


def overlay_rows() -> list[tuple[str, dict[str, Any]]]:
    data = tomllib.loads((ROOT / "codegen" / "limits.toml").read_text())
    return [(section, row) for section in ("limit", "leniency", "rule") for row in data.get(section, [])]


def applies(row: dict[str, Any], model: Model) -> bool:
    """Whether a row holds for a dialect: it names the dialect, or its API and then holds for
    every version of that API that has the fields it names."""
    if model.dialect in row["dialects"]:
        return True
    if model.api not in row["dialects"]:
        return False
    msg = model.messages.get(row["message"])
    names = {f.name for f in msg.fields} if msg else set()
    return all(row[k] in names for k in ("field", "other") if k in row) and msg is not None


def load_overlay(model: Model) -> Overlay:
    limits: dict[tuple[str, str], list[dict[str, Any]]] = {}
    leniencies: dict[tuple[str, str], list[dict[str, Any]]] = {}
    rules = []
    for section, row in overlay_rows():
        if not applies(row, model):
            continue
        msg = model.messages.get(row["message"])
        if msg is None:
            raise SystemExit(f"codegen/limits.toml: no message {row['message']} in {model.dialect}")
        for n in [row[k] for k in ("field", "other") if k in row]:
            if n not in {f.name for f in msg.fields}:
                raise SystemExit(f"codegen/limits.toml: no field {row['message']}.{n} in {model.dialect}")
        if not row.get("source", "").startswith("https://"):
            raise SystemExit(f"codegen/limits.toml: a row without a source URL: {row}")
        if section == "limit":
            limits.setdefault((row["message"], row["field"]), []).append(row)
        elif section == "leniency":
            leniencies.setdefault((row["message"], row["field"]), []).append(row)
        else:
            rules.append(row)
    return Overlay(limits, rules, leniencies)
