"""dialect_for_url and dialects.endpoint are total: any str gives a dialect, an Endpoint or None,
never an exception (the promise of tests/promises.py, `urls`, checked here with a fixed,
derandomized budget; fuzz/entry_points.py runs it longer)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from promises import urls

from gemini_wire import dialect_for_url, dialects

MODEL_URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1/v1beta/models/x:generateContent",  # an unbalanced `[`
        "https://]/v1beta/models/x:generateContent",
        "https://a\uff0fb/v1beta/models/x:generateContent",  # FULLWIDTH SOLIDUS: NFKC `/`
        "https://a\u2100b/v1/models/x:generateContent",  # ACCOUNT OF: NFKC `a/c`
        "https://u\ufe6b@generativelanguage.googleapis.com/v1beta/models/x:generateContent",  # SMALL COMMERCIAL AT
    ],
)
def test_a_url_that_urllib_refuses_names_no_dialect_and_no_endpoint(url: str) -> None:
    assert dialect_for_url(url) is None
    assert dialects.endpoint(url) is None


def test_a_gemini_url_still_names_its_dialect_and_endpoint() -> None:
    assert dialect_for_url(MODEL_URL) == "gemini-v1beta"
    assert dialects.endpoint(MODEL_URL) == dialects.Endpoint("gemini-v1beta", "gemini-2.5-flash", True, True)


# Pieces of URLs: the hosts and versions that name dialects, and the characters urllib treats
# specially (brackets, separators, characters that NFKC-normalise to one, percent escapes).
SCHEMES = st.sampled_from(["https://", "http://", "", "//", "https:", "HTTPS://", "x://"])
HOSTS = st.sampled_from(
    [
        "generativelanguage.googleapis.com", "us-central1-aiplatform.googleapis.com", "aiplatform.googleapis.com",
        "[::1]", "[::1", "::1]", "[", "]", "[v1.x]", "u:p@", "\uff0f", "\u2100", "\uff03", "\uff1f", "\ufe6b",
        "%5B", "localhost:8080", ":99999", ":abc", "\x00", " ", "\u0130", "xn--", "\udc80", "",
    ]
)
SEGMENTS = st.sampled_from(
    [
        "v1beta", "v1", "v1beta1", "v1alpha", "models", "gemini-2.5-flash:generateContent", "x:streamGenerateContent",
        "publishers", "google", "%2F", "%3A", "..", "", "tunedModels", "\uff0f", "[", "]", "?", "#", ";",
    ]
)
QUERIES = st.sampled_from(["", "?alt=sse", "?$alt=sse&key=k", "?alt=%73se", "#frag", "?[", "?\u2100"])


@st.composite
def url_like(draw: st.DrawFn) -> str:
    """A URL made of the pieces above, with arbitrary text put in anywhere now and then."""
    pieces = [draw(SCHEMES), *draw(st.lists(HOSTS, min_size=1, max_size=3))]
    pieces += ["/" + segment for segment in draw(st.lists(SEGMENTS, max_size=6))]
    pieces.append(draw(QUERIES))
    if draw(st.booleans()):
        pieces.insert(draw(st.integers(0, len(pieces))), draw(st.text(max_size=8)))
    return "".join(pieces)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(url_like())
def test_url_helpers_are_total_on_url_like_text(url: str) -> None:
    urls(url)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text())
def test_url_helpers_are_total_on_any_text(text: str) -> None:
    urls(text)
