"""Batch files (GW13x): what the CLI checks line by line."""

from __future__ import annotations

from gemini_wire.rules.base import BATCH_GEMINI, BATCH_VERTEX, declare

BATCH_LINE_NOT_OBJECT = declare(
    code="GW130",
    name="batch-line-not-object",
    severity="error",
    summary="A line of a batch (JSONL) file is JSON, but not one object.",
    why="A batch job reads each line as one request (`{\"key\": ..., \"request\": {...}}` or "
            "`{\"request\": {...}}`); an array, a string or a number on a line fails that line.",
    evidence='https://ai.google.dev/gemini-api/docs/batch-api — each line of the input file is one request object',
    source=BATCH_GEMINI,
    since="0.1.0",
    checked_by=("gemini_wire.documents.check",),
    bad='[{"contents": [...]}, {"contents": [...]}]',
    good='{"key": "a", "request": {"contents": [...]}}',
)


BATCH_DUPLICATE_KEY = declare(
    code="GW131",
    name="batch-duplicate-key",
    severity="warning",
    summary="Two lines of a batch file have the same `key`.",
    why="The key is how an output line is matched to its request; with two equal keys the "
            "answers cannot be told apart.",
    evidence='no refusal: the job runs; the answers cannot be told apart',
    source=BATCH_GEMINI,
    since="0.1.0",
    checked_by=("gemini_wire.documents.batch",),
    bad='{"key": "q1", "request": {...}} on line 1 and {"key": "q1", "request": {...}} on line 2',
    good='{"key": "q1", "request": {...}} on line 1 and {"key": "q2", "request": {...}} on line 2',
)


BATCH_MISSING_REQUEST = declare(
    code="GW132",
    name="batch-missing-request",
    severity="error",
    summary="A batch line has a `key` but no `request` (nor, in an output file, a `response` or `error`).",
    why="An input line without a request gives the job nothing to send; an output line "
            "without either says nothing about its request.",
    evidence='https://ai.google.dev/gemini-api/docs/batch-api — an input line carries its request',
    source=BATCH_GEMINI,
    since="0.1.0",
    checked_by=("gemini_wire.documents.check",),
    bad='{"key": "q1", "contents": [...]}',
    good='{"key": "q1", "request": {"contents": [...]}}',
)


BATCH_LINE_FAILED = declare(
    code="GW133",
    name="batch-line-failed",
    severity="info",
    summary="An output line of a batch job reports that its request failed.",
    why="The Gemini API writes an `error` (google.rpc.Status) and Vertex AI a non-empty `status` "
            "instead of a response; the request needs fixing or sending again.",
    evidence='information: an output line that reports its request failed',
    source=BATCH_VERTEX,
    since="0.1.0",
    checked_by=("gemini_wire.documents.check",),
    bad='{"status": "Bad Request: ...", "request": {...}}',
    good='{"status": "", "request": {...}, "response": {...}}',
)


UNRECOGNISED_RECORDING = declare(
    code="GW134",
    name="unrecognised-recording",
    severity="error",
    summary="A file read as recorded traffic is not a cassette, HAR file, nock recording or httprr trace that gemini-wire knows.",
    why="Only vcrpy / pytest-recording, Ruby VCR and go-vcr cassettes (YAML), HAR 1.2 files, nock "
            "recordings (JSON) and httprr traces (Go) are read for their generateContent calls; anything else would be checked as nothing.",
    evidence="not a server verdict: a file named to be checked could not be read as a recording "
                "(https://vcrpy.readthedocs.io/en/latest/, http://www.softwareishard.com/blog/har-12-spec/), "
                "so none of its calls were checked and the run must not pass as clean",
    source="https://vcrpy.readthedocs.io/en/latest/",
    since="0.1.0",
    checked_by=("gemini_wire.documents.traffic",),
    bad="a .yaml file without `interactions` or `http_interactions`",
    good="interactions:\n- request: {uri: ..., body: ...}\n  response: {status: {code: 200}, body: {string: ...}}",
)
