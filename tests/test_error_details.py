"""An error body's code, status and message, and its details typed by their `@type`
(google/rpc/error_details.proto), on every dialect."""

from __future__ import annotations

import types
from typing import Any

import msgspec
import pytest

import gemini_wire
from gemini_wire import errors, gemini, vertex
from gemini_wire.errors import (
    BadRequest,
    ErrorInfo,
    FieldViolation,
    Help,
    HelpLink,
    QuotaFailure,
    QuotaViolation,
    RetryInfo,
)

DIALECTS = [gemini, gemini_wire.gemini_v1, vertex, gemini_wire.vertex_v1beta1]
IDS = [d.DIALECT.name for d in DIALECTS]
RPC = "type.googleapis.com/google.rpc."


def body(dialect: types.ModuleType, *details: dict[str, Any], **status: Any) -> Any:
    error = {"code": 429, "message": "Quota exceeded.", "status": "RESOURCE_EXHAUSTED", **status}
    return dialect.decode_error(msgspec.json.encode({"error": {**error, "details": list(details)}}))


def typed(*details: dict[str, Any]) -> list[errors.Detail]:
    return gemini_wire.error_details(body(gemini, *details))


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_code_status_and_message_of_an_error_body(dialect: types.ModuleType) -> None:
    b = body(dialect)
    assert gemini_wire.error_code(b) == 429
    assert gemini_wire.error_status(b) == "RESOURCE_EXHAUSTED"
    assert gemini_wire.error_message(b) == "Quota exceeded."


def test_an_error_body_without_its_members_gives_none_and_empty() -> None:
    for b in (gemini.decode_error(b"{}"), gemini.decode_error(b'{"error": {}}')):
        assert (gemini_wire.error_code(b), gemini_wire.error_status(b), gemini_wire.error_message(b)) == (None, None, "")
        assert gemini_wire.error_details(b) == [] and gemini_wire.retry_delay(b) is None


def test_a_status_newer_than_the_code_enum_is_its_string() -> None:
    assert gemini_wire.error_status(body(gemini, status="SOME_NEW_CODE")) == "SOME_NEW_CODE"


@pytest.mark.parametrize("dialect", DIALECTS, ids=IDS)
def test_retry_delay_is_the_retry_infos_duration_in_seconds(dialect: types.ModuleType) -> None:
    b = body(dialect, {"@type": RPC + "RetryInfo", "retryDelay": "38s"})
    assert gemini_wire.retry_delay(b) == 38.0
    assert gemini_wire.error_details(b) == [RetryInfo(retry_delay=38.0)]


@pytest.mark.parametrize(("duration", "seconds"), [("38s", 38.0), ("1.5s", 1.5), ("0.000000001s", 1e-9), ("0s", 0.0)])
def test_a_duration_reads_as_seconds(duration: str, seconds: float) -> None:
    assert errors.seconds(duration) == seconds


@pytest.mark.parametrize("duration", ["38", "38 s", "1.5m", "s", "1.0000000001s", 38, None])
def test_what_is_not_a_duration_string_has_no_seconds(duration: object) -> None:
    assert errors.seconds(duration) is None


def test_a_retry_info_without_a_delay_has_none_and_one_with_a_bad_delay_stays_a_dict() -> None:
    assert typed({"@type": RPC + "RetryInfo"}) == [RetryInfo(retry_delay=None)]
    bad = {"@type": RPC + "RetryInfo", "retryDelay": {"seconds": 38}}
    assert typed(bad) == [bad]


def test_retry_delay_is_none_without_a_retry_info() -> None:
    assert gemini_wire.retry_delay(body(gemini, {"@type": RPC + "ErrorInfo", "reason": "X"})) is None


def test_quota_failure_gives_its_violations_with_int64_values_as_int() -> None:
    violation = {
        "subject": "project:123",
        "description": "Free tier requests per minute.",
        "apiService": "generativelanguage.googleapis.com",
        "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
        "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
        "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash"},
        "quotaValue": "10",
        "futureQuotaValue": "15",
    }
    [detail] = typed({"@type": RPC + "QuotaFailure", "violations": [violation]})
    assert detail == QuotaFailure(
        violations=[
            QuotaViolation(
                subject="project:123",
                description="Free tier requests per minute.",
                api_service="generativelanguage.googleapis.com",
                quota_metric="generativelanguage.googleapis.com/generate_content_free_tier_requests",
                quota_id="GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                quota_dimensions={"location": "global", "model": "gemini-2.5-flash"},
                quota_value=10,
                future_quota_value=15,
            )
        ]
    )


def test_error_info_gives_reason_domain_and_metadata() -> None:
    info = {"@type": RPC + "ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com", "metadata": {"service": "generativelanguage.googleapis.com"}}
    assert typed(info) == [ErrorInfo(reason="API_KEY_INVALID", domain="googleapis.com", metadata={"service": "generativelanguage.googleapis.com"})]


def test_help_gives_its_links() -> None:
    links = [{"description": "Rate limits", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]
    assert typed({"@type": RPC + "Help", "links": links}) == [
        Help(links=[HelpLink(description="Rate limits", url="https://ai.google.dev/gemini-api/docs/rate-limits")])
    ]


def test_bad_request_gives_its_field_violations() -> None:
    violations = [{"field": "contents[0].parts[0]", "description": "Required oneof field 'data' must have one initialized field"}]
    [detail] = typed({"@type": RPC + "BadRequest", "fieldViolations": violations})
    assert detail == BadRequest(
        field_violations=[FieldViolation(field="contents[0].parts[0]", description="Required oneof field 'data' must have one initialized field")]
    )
    assert isinstance(detail, BadRequest) and detail.field_violations[0].localized_message is None


def test_details_of_other_types_stay_dicts_in_their_place() -> None:
    other = {"@type": RPC + "DebugInfo", "detail": "x"}
    foreign = {"@type": "type.googleapis.com/google.other.RetryInfo", "retryDelay": "1s"}
    untyped = {"reason": "no @type"}
    retry = {"@type": RPC + "RetryInfo", "retryDelay": "2s"}
    assert typed(other, foreign, retry, untyped) == [other, foreign, RetryInfo(retry_delay=2.0), untyped]


def test_a_known_detail_that_does_not_fit_its_type_stays_a_dict() -> None:
    bad = {"@type": RPC + "QuotaFailure", "violations": "all of them"}
    assert typed(bad) == [bad]


def test_a_detail_keeps_working_when_it_carries_a_field_newer_than_the_proto() -> None:
    assert typed({"@type": RPC + "ErrorInfo", "reason": "R", "newField": 1}) == [ErrorInfo(reason="R")]
