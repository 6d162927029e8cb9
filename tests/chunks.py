"""Hypothesis strategies for the chunks of a stream, to fold: small pools of parts, calls streamed
in pieces, citations, grounding, logprobs and unknown keys, so that a few chunks already repeat
entries, continue strings and meet the edges of jsonPath (for tests/test_stream_fuzz.py)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

TEXTS = st.sampled_from(["", "a", "Hello", " world", "\u00e9\U0001f600"])
SIGNATURES = st.sampled_from(["c2ln", "c2lnYg=="])
# Paths that assemble, collide, skip, nest past the limits or do not parse.
JSON_PATHS = st.sampled_from(
    [
        "$.a", "$.a.b", "$.b", "$.l[0]", "$.l[1]", "$.l[3]", "$.l[0].x", "$['x y']", '$["q\\"s"]', "$.a[0]",
        "$.l[64]", "$.l[65]", "$.l[100000000]", "$.l[" + "9" * 5_000 + "]", "$.l[007]", "$" + ".d" * 101,
        "$" + ".d" * 99, "$", "a", "$..a", "$[0]", "$.a[", "",
    ]
)
PIECE_VALUES = st.one_of(
    st.builds(lambda v: {"stringValue": v}, TEXTS),
    st.builds(lambda v: {"numberValue": v}, st.sampled_from([0, 3, 2.5, -1e308, 1e300])),
    st.builds(lambda v: {"boolValue": v}, st.booleans()),
    st.just({"nullValue": "NULL_VALUE"}),
    st.just({}),
)


@st.composite
def pieces(draw: st.DrawFn) -> dict[str, Any]:
    piece: dict[str, Any] = {"jsonPath": draw(JSON_PATHS), **draw(PIECE_VALUES)}
    if draw(st.booleans()):
        piece["willContinue"] = draw(st.booleans())
    return piece


def calls() -> st.SearchStrategy[dict[str, Any]]:
    """A whole call, the first piece of a streamed one, or its next pieces."""
    whole = st.builds(lambda n, a: {"name": n, "args": a}, st.sampled_from(["f", "g"]), st.sampled_from([{}, {"x": 1}]))
    first = st.builds(lambda n: {"name": n, "willContinue": True}, st.sampled_from(["f", "g"]))
    more = st.builds(
        lambda p, w: {"partialArgs": p, **({"willContinue": w} if w is not None else {})},
        st.lists(pieces(), max_size=3),
        st.sampled_from([True, False, None]),
    )
    return st.one_of(whole, first, more, more, st.just({}))


PART = st.one_of(
    st.builds(lambda t: {"text": t}, TEXTS),
    st.builds(lambda t: {"text": t, "thought": True}, TEXTS),
    st.builds(lambda t, s: {"text": t, "thoughtSignature": s}, TEXTS, SIGNATURES),
    st.builds(lambda c: {"functionCall": c}, calls()),
    st.builds(lambda c: {"functionCall": c}, calls()),
    st.just({"text": "x", "newPartKey": 1}),
)
SOURCES = st.sampled_from([{"uri": "https://a.example", "startIndex": 0}, {"uri": "https://b.example"}, {}])
WEB_CHUNKS = st.sampled_from([{"web": {"uri": "https://a.example"}}, {"web": {"uri": "https://b.example"}}, {}])
SUPPORTS = st.builds(
    lambda text, indices: {"segment": {"text": text}, "groundingChunkIndices": indices},
    TEXTS,
    st.lists(st.integers(0, 3), max_size=3),
)
TOKEN = st.sampled_from([{"token": "a", "logProbability": -0.5}, {"token": "b", "logProbability": -1.0}])


def metadata(vertex: bool) -> dict[str, st.SearchStrategy[Any]]:
    """The candidate fields that combine across chunks, in the dialect's spelling."""
    citations = "citations" if vertex else "citationSources"
    return {
        "citationMetadata": st.builds(lambda s: {citations: s}, st.lists(SOURCES, max_size=3)),
        "groundingMetadata": st.fixed_dictionaries(
            {},
            optional={
                "groundingChunks": st.lists(WEB_CHUNKS, max_size=3),
                "groundingSupports": st.lists(SUPPORTS, max_size=2),
                "webSearchQueries": st.lists(TEXTS, max_size=2),
                "newGroundingKey": st.integers(0, 2),
            },
        ),
        "logprobsResult": st.fixed_dictionaries(
            {},
            optional={
                "chosenCandidates": st.lists(TOKEN, max_size=3),
                "topCandidates": st.lists(st.builds(lambda c: {"candidates": c}, st.lists(TOKEN, max_size=2)), max_size=2),
                **({"logProbabilitySum": st.sampled_from([-1.5, 0.0])} if vertex else {}),
            },
        ),
        "urlContextMetadata": st.builds(
            lambda u: {"urlMetadata": u}, st.lists(st.sampled_from([{"retrievedUrl": "https://a.example"}, {}]), max_size=2)
        ),
        "finishReason": st.sampled_from(["STOP", "MAX_TOKENS", "BRAND_NEW_REASON"]),
        "newCandidateKey": st.integers(0, 2),
    }


@st.composite
def chunks(draw: st.DrawFn, vertex: bool) -> dict[str, Any]:
    """One chunk: a candidate or two (by index) with parts and metadata, unknown keys at the top."""
    candidates = []
    for index in draw(st.lists(st.sampled_from([None, 0, 1]), min_size=1, max_size=2)):
        candidate: dict[str, Any] = draw(st.fixed_dictionaries({}, optional=metadata(vertex)))
        if draw(st.booleans()):
            candidate["content"] = {"role": "model", "parts": draw(st.lists(PART, max_size=3))}
        if index is not None:
            candidate["index"] = index
        candidates.append(candidate)
    top: dict[str, Any] = {"candidates": candidates}
    if draw(st.booleans()):
        top["usageMetadata"] = {"totalTokenCount": draw(st.integers(0, 9))}
    if draw(st.booleans()):
        top["newTopKey"] = draw(st.integers(0, 2))
    return top
