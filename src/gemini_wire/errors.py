"""The typed details of an error body, read from `error.details[]` by their `@type`.

The same for every dialect: google.rpc's error details are one proto
(https://github.com/googleapis/googleapis/blob/master/google/rpc/error_details.proto), which the
field names below follow. A Duration becomes a number of seconds (`"38s"` -> 38.0) and an int64
an `int`, the values a client computes with. A detail of another type, or one that does not fit
its type, is kept as the dict it came as.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

__all__ = [
    "BadRequest",
    "Detail",
    "ErrorInfo",
    "FieldViolation",
    "Help",
    "HelpLink",
    "QuotaFailure",
    "QuotaViolation",
    "RetryInfo",
    "details",
    "seconds",
]

PREFIX = "type.googleapis.com/google.rpc."
# google.protobuf.Duration in proto3 JSON: seconds with up to nine fractional digits, then "s".
DURATION = re.compile(r"-?[0-9]+(?:\.[0-9]{1,9})?s")


class RetryInfo(msgspec.Struct, frozen=True, kw_only=True):
    """When to retry: `retry_delay` in seconds (None when the server gave none)."""

    retry_delay: float | None = None


class QuotaViolation(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """One quota that was exceeded (google.rpc.QuotaFailure.Violation)."""

    subject: str = ""
    description: str = ""
    api_service: str = ""
    quota_metric: str = ""
    quota_id: str = ""
    quota_dimensions: dict[str, str] = {}
    quota_value: int | None = None
    future_quota_value: int | None = None


class QuotaFailure(msgspec.Struct, frozen=True, kw_only=True):
    """The quotas a request exceeded (a 429's usual detail)."""

    violations: list[QuotaViolation] = []


class ErrorInfo(msgspec.Struct, frozen=True, kw_only=True):
    """The machine-readable reason of an error: `reason` within `domain`, with `metadata`."""

    reason: str = ""
    domain: str = ""
    metadata: dict[str, str] = {}


class HelpLink(msgspec.Struct, frozen=True, kw_only=True):
    """A link to documentation about the error (google.rpc.Help.Link)."""

    description: str = ""
    url: str = ""


class Help(msgspec.Struct, frozen=True, kw_only=True):
    """Links to documentation about the error."""

    links: list[HelpLink] = []


class LocalizedMessage(msgspec.Struct, frozen=True, kw_only=True):
    """A message in a locale (google.rpc.LocalizedMessage)."""

    locale: str = ""
    message: str = ""


class FieldViolation(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """One bad field of a request: its path in `field` and what is wrong in `description`."""

    field: str = ""
    description: str = ""
    reason: str = ""
    localized_message: LocalizedMessage | None = None


class BadRequest(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """The fields of a request that the server refused (a 400's detail)."""

    field_violations: list[FieldViolation] = []


Detail = RetryInfo | QuotaFailure | ErrorInfo | Help | BadRequest | dict[str, Any]

TYPES: dict[str, Any] = {
    cls.__name__: cls for cls in (RetryInfo, QuotaFailure, ErrorInfo, Help, BadRequest)
}


def seconds(duration: object) -> float | None:
    """A Duration string (`"38s"`, `"1.5s"`) as seconds, or None for anything else."""
    if isinstance(duration, str) and DURATION.fullmatch(duration):
        return float(duration[:-1])
    return None


def details(raw: object) -> list[Detail]:
    """The typed details of a `details` list (an error's), in order; unknown or odd ones as dicts."""
    if not isinstance(raw, list):
        return []
    return [detail(item) for item in raw if isinstance(item, dict)]


def detail(item: dict[str, Any]) -> Detail:
    kind = item.get("@type")
    cls = TYPES.get(kind[len(PREFIX) :]) if isinstance(kind, str) and kind.startswith(PREFIX) else None
    if cls is None:
        return item
    fields = {k: v for k, v in item.items() if k != "@type"}
    if cls is RetryInfo:
        delay = fields.get("retryDelay")
        if delay is not None and seconds(delay) is None:
            return item
        return RetryInfo(retry_delay=seconds(delay))
    try:
        # strict=False: int64 values (quotaValue) come as strings in proto3 JSON.
        typed: Detail = msgspec.convert(fields, cls, strict=False)
    except msgspec.ValidationError:
        return item
    return typed
