"""`gemini-wire schema` for the Interactions dialects: the request, Interaction, stream event and
error schemas listed and printed as for generateContent's, each self-contained, taking a valid
payload and refusing a broken one."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from gemini_wire import dialects
from gemini_wire.cli import args, commands
from gemini_wire.cli.schema import INTERACTIONS_FILES

ROOT = Path(__file__).resolve().parent.parent
REQUEST = {"model": "gemini-3-flash-preview", "input": "Say hi", "generation_config": {"thinking_level": "low"}}
INTERACTION = {"id": "v1_abc", "status": "completed", "steps": [{"type": "model_output", "content": [{"type": "text", "text": "hi"}]}]}
EVENT = {"event_type": "step.delta", "index": 0, "delta": {"type": "text", "text": "hi"}}
ERROR = {"error": {"code": "invalid_request", "message": "model or agent is required"}}


def schema_command(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = args.parse(["schema", *argv])
    assert isinstance(options, args.SchemaOptions)
    return commands.schema(options, out, err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("dialect", dialects.INTERACTIONS)
def test_schema_of_an_interactions_dialect_without_a_type_prints_its_request_schema(dialect: str) -> None:
    code, out, _ = schema_command("--dialect", dialect)
    assert code == 0
    assert json.loads(out) == json.loads((ROOT / "schema" / dialect / "CreateInteractionRequest.json").read_bytes())


@pytest.mark.parametrize("dialect", dialects.INTERACTIONS)
def test_the_list_of_an_interactions_dialect_names_its_four_files_and_their_messages(dialect: str) -> None:
    code, out, _ = schema_command("--dialect", dialect, "--list")
    listed = out.split()
    assert code == 0
    assert set(INTERACTIONS_FILES) <= set(listed)
    assert {"CreateModelInteraction", "FunctionCallStep", "StepDelta", "Usage"} <= set(listed)
    assert "GenerateContentRequest" not in listed and listed == sorted(listed)


@pytest.mark.parametrize(
    ("message", "good", "bad"),
    [
        ("CreateInteractionRequest", REQUEST, {**REQUEST, "generationConfig": {}}),
        ("Interaction", INTERACTION, {"id": "v1_abc"}),  # status is required
        ("InteractionSSEEvent", EVENT, {**EVENT, "index": "zero"}),
        ("ErrorBody", ERROR, {"error": {"code": 400}}),  # a string code, not google.rpc.Status
        ("FunctionCallStep", {"type": "function_call", "id": "c1", "name": "f", "arguments": {}}, {"type": "function_call", "id": "c1"}),
    ],
)
def test_each_interactions_schema_printed_is_self_contained_and_tells_good_from_bad(
    message: str, good: dict[str, Any], bad: dict[str, Any]
) -> None:
    code, out, _ = schema_command(message, "--dialect", "interactions-v1")
    assert code == 0
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)  # no outside reference to resolve
    assert validator.is_valid(good)
    assert not validator.is_valid(bad)


def test_a_message_of_the_interactions_api_asked_of_generate_content_names_its_dialect() -> None:
    code, _, err = schema_command("InteractionSSEEvent")
    assert code == 2
    assert "it is a message of the interactions-v1 dialect: add --dialect interactions-v1" in err


def test_a_generate_content_message_asked_of_an_interactions_dialect_names_its_dialect() -> None:
    code, _, err = schema_command("GenerateContentResponse", "--dialect", "interactions-v1beta")
    assert code == 2
    assert "no message 'GenerateContentResponse' in the interactions-v1beta schemas" in err
    assert "add --dialect gemini-v1beta" in err
