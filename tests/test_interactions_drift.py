"""The Interactions spec pinned in codegen/upstream/interactions.json is what the pinned SDK's
types say (codegen/interactions_spec.py, run on the installed SDK), and the Structs have the
SDK's fields, type by type; the facts of Google's OpenAPI document that the SDK's types lack
(codegen/interactions_overlay.toml) still hold for the SDK."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import msgspec
import pytest

from gemini_wire import interactions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

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


# The spec's objects without a property (a function's or an MCP tool's result, a file search
# result; the SDK's models are empty): free JSON in the Structs, `dict[str, Any]`, no class.
FREE = {name for name, props in fields(PINNED["schemas"]).items() if not props}


def test_an_object_without_properties_is_free_json_as_the_server_reads_it() -> None:
    assert FREE == {"FileSearchResult", "FunctionResultDeltaResult", "FunctionResultStepResult",
                    "MCPServerToolResultDeltaResult", "MCPServerToolResultStepResult"}
    for name in FREE:
        assert getattr(interactions_spec.sdk, name).model_fields == {}, name
        assert not hasattr(interactions, name), name
    # braintrust-sdk-python's recorded call (HTTP 200): a function_result whose result is an object.
    ask = {"model": "gemini-2.5-flash", "previous_interaction_id": "v1_x",
           "input": [{"type": "function_result", "call_id": "c1", "name": "get_weather", "result": {"forecast": "sunny"}}]}
    assert interactions.lint(json.dumps(ask), kind="request") == []
    step = interactions.decode_request(json.dumps(ask)).input[0]  # type: ignore[index]
    assert step.result == {"forecast": "sunny"}  # type: ignore[union-attr]


def test_each_struct_has_the_sdks_fields() -> None:
    sdk = interactions_spec.sdk
    for name, expected in fields(PINNED["schemas"]).items():
        if name in FREE:
            continue
        struct = getattr(interactions, name)
        tag = struct.__struct_config__.tag_field
        ours = set(struct.__struct_encode_fields__) | ({tag} if tag else set())
        theirs = {f.alias or a for a, f in getattr(sdk, name).model_fields.items()}
        assert ours == theirs == expected, name


def test_every_struct_of_the_spec_is_generated() -> None:
    missing = [n for n in fields(PINNED["schemas"]) if n not in FREE and not isinstance(getattr(interactions, n, None), msgspec.structs.StructMeta)]
    assert missing == []


def test_each_overlay_row_names_an_integer_field_that_the_sdk_sends_as_a_string() -> None:
    # codegen/interactions_overlay.toml: int64 fields that Google's document types as strings;
    # the SDK's model says int, but its serializer writes digits (serialize_int(True)).
    rows = tomllib.loads((ROOT / "codegen" / "interactions_overlay.toml").read_text())["int64"]
    assert rows
    for row in rows:
        assert PINNED["schemas"][row["schema"]]["properties"][row["field"]] == {"type": "integer"}
        model = getattr(interactions_spec.sdk, row["schema"]).model_validate({row["field"]: "7"})
        assert model.model_dump(mode="json", by_alias=True)[row["field"]] == "7"


def test_an_agent_config_as_the_sdk_writes_it_decodes_and_lints_clean() -> None:
    config = interactions_spec.sdk.AntigravityAgentConfig(max_total_tokens=1000).model_dump(mode="json", by_alias=True)
    request = json.dumps({"agent": "antigravity-preview-05-2026", "input": "hi", "agent_config": config})
    response = json.dumps({"id": "v1_x", "status": "completed", "agent_config": config})
    assert interactions.lint(request, kind="request") == []
    assert json.loads(interactions.encode(interactions.decode_request(request))) == json.loads(request)
    assert json.loads(interactions.encode(interactions.decode_response(response))) == json.loads(response)
    assert [f.code for f in interactions.lint(request.replace('"1000"', '"many"'), kind="request")] == ["GW101"]
