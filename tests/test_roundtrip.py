"""Round trip, for generated values of every top-level message of both dialects."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini_wire import dialects, encode, strategies

CASES = [
    (dialect, message)
    for dialect in dialects.NAMES
    for message in ("GenerateContentRequest", "GenerateContentResponse", "ErrorBody")
]


def decoder(dialect: str, message: str) -> Any:
    d = dialects.dialect(dialect)
    return {
        "GenerateContentRequest": d.decode_request,
        "GenerateContentResponse": d.decode_response,
        "ErrorBody": d.decode_error,
    }[message]


@pytest.mark.parametrize(("dialect", "message"), CASES)
def test_encode_then_decode_is_identity(dialect: str, message: str) -> None:
    decode = decoder(dialect, message)

    @given(strategies.payloads(dialect, message))  # type: ignore[arg-type]
    def check(payload: dict[str, Any]) -> None:
        value = decode(msgspec.json.encode(payload))
        assert decode(encode(value)) == value

    check()


@pytest.mark.parametrize(("dialect", "message"), CASES)
def test_encoding_is_canonical_and_idempotent(dialect: str, message: str) -> None:
    decode = decoder(dialect, message)

    @given(strategies.payloads(dialect, message))  # type: ignore[arg-type]
    def check(payload: dict[str, Any]) -> None:
        once = encode(decode(msgspec.json.encode(payload)))
        assert encode(decode(once)) == once
        # The generated payloads are canonical already: encoding gives back the same JSON.
        assert msgspec.json.decode(once) == payload

    check()


@given(st.data())
def test_fast_and_slow_paths_agree(data: st.DataObject) -> None:
    dialect = data.draw(st.sampled_from(dialects.NAMES))
    payload = data.draw(strategies.payloads(dialect, "GenerateContentRequest"))  # type: ignore[arg-type]
    codec = dialects.dialect(dialect).codec
    body = msgspec.json.encode(payload)
    fast = codec.decode(body, "GenerateContentRequest", request=True)
    slow, findings = codec.slow(body, "GenerateContentRequest", request=True)
    assert findings == []
    assert fast == slow
