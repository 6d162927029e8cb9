"""The Interactions spec pinned in codegen/upstream/interactions.json is what the pinned SDK's
types say (codegen/interactions_spec.py, run on the installed SDK), and the Structs have the
SDK's fields, type by type."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import msgspec
import pytest

from gemini_wire import interactions

ROOT = Path(__file__).resolve().parent.parent
PINNED = json.loads((ROOT / "codegen" / "upstream" / "interactions.json").read_text())
pytest.importorskip("google.genai._gaos.types.interactions")
sys.path.insert(0, str(ROOT / "codegen"))
import interactions_spec  # noqa: E402


def fields(schemas: dict[str, dict[str, object]]) -> dict[str, set[str]]:
    return {name: set(s["properties"]) for name, s in schemas.items() if isinstance(s.get("properties"), dict)}  # type: ignore[arg-type]


def test_the_pinned_spec_is_what_the_installed_sdk_says() -> None:
    fresh = interactions_spec.spec()
    assert fresh["source"] == PINNED["source"]
    assert fields(fresh["schemas"]) == fields(PINNED["schemas"])  # field names, type by type, first
    assert fresh == PINNED


def test_each_struct_has_the_sdks_fields() -> None:
    sdk = interactions_spec.sdk
    for name, expected in fields(PINNED["schemas"]).items():
        struct = getattr(interactions, name)
        tag = struct.__struct_config__.tag_field
        ours = set(struct.__struct_encode_fields__) | ({tag} if tag else set())
        theirs = {f.alias or a for a, f in getattr(sdk, name).model_fields.items()}
        assert ours == theirs == expected, name


def test_every_struct_of_the_spec_is_generated() -> None:
    missing = [n for n in fields(PINNED["schemas"]) if not isinstance(getattr(interactions, n, None), msgspec.structs.StructMeta)]
    assert missing == []
