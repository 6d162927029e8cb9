"""What a rule is: one declaration holding its metadata, evidence, example payloads, the edit that
breaks a valid request on it, and (for lint's rules) its check.

An area module declares each of its rules once, with `@rule(...)` over the check function or
`declare(...)` for a rule that the codec, the codegen limits, the stream reader or the CLI check.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import msgspec

from gemini_wire.findings import Finding, Severity

if TYPE_CHECKING:
    from gemini_wire.models import Profile
    from gemini_wire.rules.walk import Context

PROTO3_JSON = "https://protobuf.dev/programming-guides/json/"
GOOGLE_ERRORS = "https://cloud.google.com/apis/design/errors#http_mapping"
BATCH_GEMINI = "https://ai.google.dev/gemini-api/docs/batch-api"
BATCH_VERTEX = "https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-from-cloud-storage"

# A lint check: the decoded request and its Context -> the rule's findings.
Check = Callable[[Any, "Context"], Iterable[Finding]]
# A rule's test that its check has nothing to report: cheap, and true only when that is so.
Clean = Callable[[Any, "Context"], bool]
# A breaking edit: a valid request (a dict, edited in place or copied) and its dialect -> a
# request that breaks exactly this rule.
Breaker = Callable[[dict[str, Any], str], dict[str, Any]]


class When(msgspec.Struct, frozen=True, kw_only=True):
    """A named model (and API family) on which a rule's finding takes another severity."""

    family: tuple[str, ...]  # model family prefixes (models.Profile.family), e.g. ("gemini-2",)
    apis: tuple[str, ...] = ("gemini", "vertex")
    severity: Severity = "error"


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """What a rule checks, why, its source and evidence, its example, and where it is checked."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    # What shows the severity: for an error, the server's 400 message or the API reference that
    # says it refuses; for a warning, why it is not an error (no refusal known, or accepted).
    evidence: str
    source: str
    since: str  # the gemini-wire version that first had the rule
    # The example: a request payload (a dict) that breaks the rule and its fix, or text where the
    # rule is about text (not JSON, a stream, a batch file); linted as example_dialect, example_model.
    bad: Any
    good: Any
    example_dialect: str = "gemini"
    example_model: str | None = None
    dialects: tuple[str, ...] = ("gemini", "vertex")  # the API families it holds for
    checked_by: tuple[str, ...] = ("lint",)  # "lint", "codec", "limits" (codegen/limits.toml), "stream", "cli"
    reads: tuple[str, ...] = ()  # lint runs the check only when the request has one of these (lint.Census)
    escalate: tuple[When, ...] = ()  # the severity its findings take on these models
    # Whether the check can report for a model of this profile (None: no known model named);
    # lint selects the check only for those (and runs it for every model when gated=False).
    models: Callable[[Profile | None], bool] | None = None
    # A test cheaper than the check, true only when the check would find nothing: lint skips the
    # check then (and runs it without the test when gated=False, which the gating tests compare).
    clean: Clean | None = None
    breaks: Breaker | None = None
    check: Check | None = None


DECLARED: list[Rule] = []


def declare(**fields: Any) -> Rule:
    """Register a rule checked outside lint's rule pass (codec, limits, stream, CLI)."""
    declared = Rule(**fields)
    DECLARED.append(declared)
    return declared


def rule(**fields: Any) -> Callable[[Check], Check]:
    """Register the rule whose check the decorated function is, and return the function."""

    def register(check: Check) -> Check:
        declare(check=check, **fields)
        return check

    return register


FOLD = 8  # a list longer than this is shown by its first two items


def shown(example: Any) -> str:
    """An example as one line of JSON (text examples as they are), long lists folded for reading."""
    if isinstance(example, str):
        return example
    return json.dumps(folded(example), ensure_ascii=False)


def folded(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: folded(v) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) > FOLD:
            return [*map(folded, value[:2]), f"... {len(value)} items in all"]
        return [folded(v) for v in value]
    return value
