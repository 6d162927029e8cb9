"""Drift: every wire key that the pinned google-genai SDK sends to a backend is known to the
dialects that serve the versions it calls, and the checked-in SDK spec is that SDK's.

The walk here is written apart from codegen's (which adds the keys): it follows the installed
SDK's converters over the dialects' runtime field tables, so a bump of the SDK in
requirements/dev.txt without `make update-spec`, or a key that generation failed to add, fails.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from gemini_wire import dialects

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "codegen"))
import sdk_spec  # noqa: E402
from sdk_additions import SDK_EXCLUDED as EXCLUDED  # noqa: E402  (backend, message, key) -> why
from update_spec import lower_camel  # noqa: E402

CHECKED_IN = json.loads((ROOT / "codegen" / "upstream" / "sdk.json").read_text())
# The dialects of the versions the SDK calls for each backend (codegen/sdk_additions.py SDK_BACKENDS).
SERVED_BY = {"mldev": ("gemini-v1beta", "gemini-v1"), "vertex": ("vertex-v1beta1",)}


def installed_sdk() -> dict[str, Any]:
    found = importlib.util.find_spec("google.genai")
    assert found is not None and found.submodule_search_locations
    return sdk_spec.spec(Path(next(iter(found.submodule_search_locations))))


INSTALLED = installed_sdk()


def test_the_checked_in_sdk_spec_is_the_installed_sdks() -> None:
    assert CHECKED_IN["version"] == INSTALLED["version"], (
        "requirements/dev.txt and requirements/sdk.txt pin different google-genai versions: "
        "pin the same one and run `make update-spec` then `make generate`"
    )
    assert CHECKED_IN == INSTALLED


def sent_keys(backend: str, dialect: str) -> list[tuple[str, str, bool]]:
    """(message, key, known) for every key the SDK writes into a request of this backend."""
    table = dialects.dialect(dialect).codec.table
    converters = INSTALLED["converters"][backend]
    types = INSTALLED["types"]
    out: list[tuple[str, str, bool]] = []
    seen: set[tuple[str, str, str | None]] = set()

    def follow(message: str, key: str, sdk_type: str | None, converter: str | None) -> None:
        spec = table.messages.get(message)
        field = spec.by_key.get(key) if spec else None
        out.append((message, key, field is not None))
        if field is not None and field.kind == "message" and field.target and sdk_type:
            walk(field.target, sdk_type, converter, message)

    def walk(message: str, sdk_type: str, converter: str | None, parent: str | None) -> None:
        if (message, sdk_type, converter) in seen:
            return
        seen.add((message, sdk_type, converter))
        fields = types.get(sdk_type, {})
        if converter in converters:
            for w in converters[converter]:
                owner = parent if w["parent"] else message
                if owner is None or len(w["path"]) != 1:
                    continue
                read = fields.get(w["reads"] or "", {})
                inner = w["converter"] or read.get("value", read).get("target")
                follow(owner, w["path"][0], inner, w["converter"])
        else:
            for name, read in fields.items():
                inner = read.get("value", read).get("target") if read.get("kind") in ("message", "map") else None
                follow(message, lower_camel(name), inner, None)

    walk("GenerateContentRequest", INSTALLED["root"], INSTALLED["root"], None)
    return out


CASES = [(backend, dialect) for backend, served in SERVED_BY.items() for dialect in served]


@pytest.mark.parametrize(("backend", "dialect"), CASES)
def test_every_key_the_sdk_sends_is_known_to_the_dialects_it_calls(backend: str, dialect: str) -> None:
    sent = sent_keys(backend, dialect)
    assert len(sent) > 100  # the walk reached the whole request, not only its top
    unknown = sorted(
        {(m, k) for m, k, known in sent if not known and (backend, m, k) not in EXCLUDED}
    )
    assert unknown == [], f"google-genai {INSTALLED['version']} sends keys that {dialect} refuses"


def test_the_drift_check_sees_a_key_the_dialect_lacks() -> None:
    # Vertex AI v1 takes nothing from the SDK: what the SDK adds for v1beta1 is unknown there.
    missing = {(m, k) for m, k, known in sent_keys("vertex", "vertex-v1") if not known}
    assert ("FunctionCall", "id") in missing


def test_every_exclusion_says_why_and_names_a_key_the_sdk_sends() -> None:
    sent = {(backend, m, k) for backend, served in SERVED_BY.items() for m, k, _ in sent_keys(backend, served[0])}
    for key, why in EXCLUDED.items():
        assert len(why) > 20, key
        assert key in sent, f"{key} is excluded but the SDK does not send it (any more): drop the entry"
