"""Every Gemini call in a recording is checked: base, tuned and deployed models, every endpoint
version (the nearest dialect where none of its own serves it), and the summary says why any
other call was skipped."""

from __future__ import annotations

import json

from gemini_wire import dialects
from gemini_wire.documents.traffic import check_recording

GEMINI = "https://generativelanguage.googleapis.com"
VERTEX = "https://us-central1-aiplatform.googleapis.com"
BAD = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"stopSequences": list("abcdef")}}


def har(*urls: str) -> bytes:
    entries = [{"request": {"url": u, "postData": {"text": json.dumps(BAD)}}, "response": {"status": 200, "content": {"text": "{}"}}} for u in urls]
    return json.dumps({"log": {"entries": entries}}).encode()


def test_v1alpha_of_the_gemini_api_is_read_as_v1beta() -> None:
    called = dialects.endpoint(f"{GEMINI}/v1alpha/models/gemini-2.5-flash:generateContent")
    assert called is not None and (called.dialect, called.version, called.model) == ("gemini-v1beta", "v1alpha", "gemini-2.5-flash")
    assert dialects.dialect_for_url(f"{GEMINI}/v1alpha/models/x:generateContent") == "gemini-v1beta"


def test_tuned_and_deployed_models_are_generate_content_calls() -> None:
    tuned = dialects.endpoint(f"{GEMINI}/v1beta/tunedModels/my-model-1:generateContent")
    deployed = dialects.endpoint(f"{VERTEX}/v1/projects/p/locations/us-central1/endpoints/123:streamGenerateContent?alt=sse")
    assert tuned is not None and (tuned.dialect, tuned.target, tuned.model) == ("gemini-v1beta", "tunedModels", "")
    assert deployed is not None and (deployed.dialect, deployed.target, deployed.sse) == ("vertex-v1", "endpoints", True)


def test_each_call_is_checked_and_the_summary_says_how_and_why_not() -> None:
    checked = check_recording("calls.har", har(
        f"{GEMINI}/v1alpha/models/gemini-2.5-flash:generateContent",
        f"{GEMINI}/v1beta/tunedModels/my-model-1:generateContent",
        f"{VERTEX}/v1/projects/p/locations/us-central1/endpoints/123:generateContent",
        f"{GEMINI}/v1beta/models/gemini-2.5-flash:countTokens",
        "https://example.com/v1beta/other",
    ), "gemini-v1beta")
    assert [f.code for f in checked.findings] == ["GW301", "GW301", "GW301"]  # each call's request is linted
    summary = checked.tally.summary()
    assert "3 checked (gemini-v1beta 1, gemini-v1beta for v1alpha 1, vertex-v1 1)" in summary
    assert "2 skipped (countTokens: not generateContent 1, not a Google API call 1)" in summary


def test_a_google_host_at_a_version_no_dialect_knows_is_said_in_the_summary() -> None:
    checked = check_recording("calls.har", har(f"{VERTEX}/v9/projects/p/locations/l/publishers/google/models/gemini-2.5-flash:generateContent"), "vertex-v1")
    assert "vertex-v1 for v9 1" in checked.tally.summary()
