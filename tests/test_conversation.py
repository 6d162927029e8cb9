"""Conversations: the model turn that the next request carries, and the curated history."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import msgspec
import pytest

from gemini_wire import aggregate, append_response, curated_history, encode, gemini, vertex
from gemini_wire.stream import StreamDecoder

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "stream"

SIGNATURE = base64.b64encode(b"opaque signature").decode()
QUESTION = gemini.Content(role="user", parts=[gemini.Part(text="Weather in Paris?")])


def response(*parts: dict[str, Any], role: str | None = "model", dialect: Any = gemini) -> Any:
    content: dict[str, Any] = {"parts": list(parts)}
    if role:
        content["role"] = role
    return dialect.decode_response(msgspec.json.encode({"candidates": [{"content": content}]}))


def turn(role: str, *parts: dict[str, Any], dialect: Any = gemini) -> Any:
    return msgspec.convert({"role": role, "parts": list(parts)}, dialect.Content)


def wire(contents: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = msgspec.json.decode(encode(contents))
    return out


# --------------------------------------------------------------------------- append_response


def test_the_first_candidate_becomes_the_model_turn() -> None:
    contents = append_response([QUESTION], response({"text": "Sunny."}))
    assert wire(contents) == [
        {"parts": [{"text": "Weather in Paris?"}], "role": "user"},
        {"parts": [{"text": "Sunny."}], "role": "model"},
    ]


def test_parts_and_their_signatures_go_back_as_received() -> None:
    parts = [
        {"text": "Thinking about it", "thought": True},
        {"functionCall": {"name": "weather", "args": {"city": "Paris"}}, "thoughtSignature": SIGNATURE},
        {"functionCall": {"name": "weather", "args": {"city": "Lyon"}}},
        {"text": "", "thoughtSignature": SIGNATURE},
    ]
    (model,) = wire(append_response([], response(*parts)))
    assert model == {"parts": parts, "role": "model"}


def test_a_missing_role_is_written_as_model() -> None:
    (model,) = append_response([], response({"text": "Hi"}, role=None))
    assert model.role == "model"


def test_an_empty_unsigned_text_part_is_left_out() -> None:
    call = {"functionCall": {"name": "weather", "args": {}}, "thoughtSignature": SIGNATURE}
    (model,) = wire(append_response([], response(call, {"text": ""})))
    assert model["parts"] == [call]


def test_no_candidate_gives_a_model_turn_without_parts() -> None:
    blocked = gemini.decode_response(b'{"promptFeedback": {"blockReason": "SAFETY"}}')
    assert wire(append_response([QUESTION], blocked))[-1] == {"parts": [], "role": "model"}


def test_the_given_contents_are_not_changed() -> None:
    contents = [QUESTION]
    append_response(contents, response({"text": "Hi"}))
    assert contents == [QUESTION]


def test_a_piece_of_a_streamed_call_is_refused() -> None:
    piece = response({"functionCall": {"name": "book", "willContinue": True}}, dialect=vertex)
    with pytest.raises(ValueError, match="aggregate"):
        append_response([], piece)


def test_the_next_request_carries_the_turn_and_decodes() -> None:
    call = {"functionCall": {"name": "weather", "args": {"city": "Paris"}}, "thoughtSignature": SIGNATURE}
    contents = append_response([QUESTION], response(call))
    answer = {"functionResponse": {"name": "weather", "response": {"sky": "clear"}}}
    contents.append(turn("user", answer))
    body = encode(gemini.GenerateContentRequest(contents=contents))
    again = gemini.decode_request(body)
    assert again.contents[1].parts[0].thought_signature == b"opaque signature"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is absent ({CORPUS})")
def test_a_streamed_function_call_goes_back_whole_with_its_signature() -> None:
    # A call and its signature in one chunk, then an empty text part with finishReason STOP.
    lines = (CORPUS / "gemini3-pro-function-call.chunks.jsonl").read_bytes().splitlines()
    decoder = StreamDecoder("gemini")
    chunks = decoder.feed(b"".join(b"data: " + line + b"\n\n" for line in lines)) + decoder.close()
    contents = curated_history(append_response([QUESTION], aggregate(chunks)))
    (model,) = wire(contents[1:])
    assert [list(p) for p in model["parts"]] == [["functionCall", "thoughtSignature"]]


# --------------------------------------------------------------------------- curated_history


ANSWER = ("model", {"text": "Sunny."})


def history(*turns: tuple[str, dict[str, Any] | None]) -> list[Any]:
    return [turn(role, *([] if part is None else [part])) for role, part in turns]


def test_valid_turns_are_all_kept() -> None:
    contents = history(("user", {"text": "Hi"}), ANSWER, ("user", {"text": "And?"}), ANSWER)
    assert curated_history(contents) == contents


def test_a_model_turn_without_parts_is_dropped_with_its_user_turn() -> None:
    contents = history(("user", {"text": "Hi"}), ANSWER, ("user", {"text": "Blocked?"}), ("model", None))
    assert curated_history(contents) == contents[:2]


def test_a_model_turn_with_an_empty_part_is_dropped_with_its_user_turn() -> None:
    contents = history(("user", {"text": "Blocked?"}), ("model", {"text": ""}), ("user", {"text": "Hi"}), ANSWER)
    assert curated_history(contents) == contents[2:]


def test_an_empty_text_part_with_a_signature_is_not_empty() -> None:
    contents = history(("user", {"text": "Hi"}), ("model", {"text": "", "thoughtSignature": SIGNATURE}))
    assert curated_history(contents) == contents


def test_one_invalid_turn_in_a_run_of_model_turns_drops_the_run() -> None:
    contents = history(("user", {"text": "Hi"}), ANSWER, ("model", {}), ("user", {"text": "Again"}), ANSWER)
    assert curated_history(contents) == contents[3:]


def test_an_invalid_model_turn_that_opens_the_history_goes_alone() -> None:
    contents = history(("model", {}), ("user", {"text": "Hi"}), ANSWER)
    assert curated_history(contents) == contents[1:]


def test_vertex_contents_are_curated_alike() -> None:
    contents = [turn("user", {"text": "Hi"}, dialect=vertex), turn("model", {"text": ""}, dialect=vertex)]
    assert curated_history(contents) == []
