"""What a rule is: one declaration holding its metadata, evidence, example payloads, the edit that
breaks a valid request on it, and the places that check it.

An area module declares each of its rules once, as a module-level value named after the rule
(`STOP_SEQUENCES_LIMIT = declare(code="GW301", name="stop-sequences-limit", ...)`); whatever
checks the rule (a lint check in `gemini_wire.checks`, the codec, the stream reader, the
documents) imports that value and makes its findings with `Rule.finding`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import msgspec

from gemini_wire.findings import Finding, Path, Severity

PROTO3_JSON = "https://protobuf.dev/programming-guides/json/"
BATCH_GEMINI = "https://ai.google.dev/gemini-api/docs/batch-api"
BATCH_VERTEX = "https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-from-cloud-storage"

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
    # Where it is checked: the modules that report it (a lint check's module in
    # gemini_wire.checks, a module of the codec, the streams, the documents), or
    # "codegen/limits.toml" for a bound that codegen writes into the field tables.
    checked_by: tuple[str, ...] = ()
    escalate: tuple[When, ...] = ()  # the severity its findings take on these models
    breaks: Breaker | None = None

    def finding(
        self, loc: Path, message: str, hint: str, *, severity: Severity | None = None, source: str = ""
    ) -> Finding:
        """A finding of this rule at `loc`: its severity and source from the rule unless given."""
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            loc=loc,
            message=message,
            hint=hint,
            source=source or self.source,
        )


DECLARED: list[Rule] = []


def declare(**fields: Any) -> Rule:
    """The rule of these fields, registered in RULES (gemini_wire.rules)."""
    declared = Rule(**fields)
    DECLARED.append(declared)
    return declared


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
