"""Media in parts (GW213-GW220): MIME types, file URIs, video, counts, what the model takes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from msgspec import UNSET

from gemini_wire.findings import Finding, Path, excerpt
from gemini_wire.rules.base import rule
from gemini_wire.rules.edits import (
    ANSWER,
    CALL,
    CLIP,
    PNG,
    USER,
    VIDEO,
    add_part,
    add_parts,
    api,
    body,
    exchange,
    exchange_with_parts,
    name_model,
)
from gemini_wire.rules.walk import (
    Context,
    contents_of,
    for_model,
    given,
    parts_of,
    report,
    turns,
    weight,
)

REFUSED_MIME = {"image/jpg", "application/octet-stream"}

MIME_MAJOR = {"image", "video", "audio", "text", "application"}


def mime_problem(mime: str) -> str | None:
    major, _, minor = mime.partition("/")
    if not minor:
        return f"{excerpt(mime)} is not a MIME type (type/subtype)"
    if mime.lower() in REFUSED_MIME or major.lower() not in MIME_MAJOR:
        return f"{excerpt(mime)} is not a MIME type the server reads"
    return None


MIME_FIXES = {"image/jpg": "image/jpeg", "png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "pdf": "application/pdf"}

YOUTUBE = re.compile(r"https?://(www\.|m\.)?(youtube\.com|youtu\.be)/", re.IGNORECASE)


GEMINI_FILES = re.compile(r"https://generativelanguage\.googleapis\.com/[^ ]*/files/", re.IGNORECASE)

URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_youtube(uri: Any) -> bool:
    return isinstance(uri, str) and bool(YOUTUBE.match(uri))


def seconds(duration: str) -> float:
    return float(duration.rstrip("s"))


def current_turn_calls(req: Any, ctx: Context) -> Iterator[tuple[Path, Any]]:
    """The first function call part of each model turn since the last user text (the current turn).

    A model turn split over several contents is one turn (see Turn): in parallel calls only the
    first functionCall part carries the signature (https://ai.google.dev/gemini-api/docs/thought-signatures),
    so a client that replays each call in a content of its own sends the later ones unsigned."""
    contents = contents_of(req)
    start = 0
    for i, c in enumerate(contents):
        if c.role != "model" and any(given(p.text) for p in parts_of(c)):
            start = i + 1
    for turn in ctx.fact(turns):
        if turn.role == "model" and turn.calls and turn.start >= start:
            i, j, _ = turn.calls[0]
            yield ("contents", i, "parts", j), contents[i].parts[j]


MAX_VIDEOS = 10

MAX_IMAGES_UNNAMED = 3000  # the largest known; a named model may take fewer


def media_kind(p: Any) -> str | None:
    for attr in ("inline_data", "file_data"):
        blob = getattr(p, attr)
        if given(blob):
            if attr == "file_data" and is_youtube(blob.file_uri):
                return "video"
            mime = blob.mime_type if given(blob.mime_type) else ""
            return mime.split("/", 1)[0] or None
    return None


@rule(
    code="GW213",
    name="mime-type-unsupported",
    severity="warning",
    summary="A MIME type that is not an exact, supported IANA type (png, image/jpg, application/octet-stream).",
    why='The server answers "Unsupported MIME type"; it matches exact types such as image/png and image/jpeg.',
    evidence='400 "Unsupported MIME type: png" for non-IANA names; whether a given exact type is read depends on the model',
    source="https://github.com/charmbracelet/crush/issues/995",
    since="0.1.0",
    reads=("part.inline_data", "part.file_data"),
    bad=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/jpg", "data": "iVBORw0KGgo="}}]}]),
    good=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/jpeg", "data": "iVBORw0KGgo="}}]}]),
    breaks=lambda p, d: add_part(p, {"inlineData": {"mimeType": "image/jpg", "data": PNG}}),
)
def mime_type_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        for attr, name in (("inline_data", "inlineData"), ("file_data", "fileData")):
            blob = getattr(p, attr)
            if given(blob) and given(blob.mime_type) and not is_youtube(getattr(blob, "file_uri", UNSET)):
                problem = mime_problem(blob.mime_type)
                if problem:
                    fix = MIME_FIXES.get(blob.mime_type.lower())
                    yield report("GW213", (*path, name, "mimeType"), problem, f"use {fix!r}" if fix else "give the exact IANA type, e.g. image/png, video/mp4, application/pdf")


@rule(
    code="GW214",
    name="file-uri-unsupported",
    severity="error",
    summary="A fileData.fileUri the dialect cannot read (a Gemini Files API URI on Vertex AI, a local path, an unknown scheme).",
    why="Vertex AI reads gs://, https:// and YouTube; Gemini Files API URIs are answered 403 there. Neither reads file:// or bare paths.",
    evidence='400 "Invalid or unsupported file uri: gs://..." (Gemini API); Vertex AI answers 403 for a Gemini Files API URI',
    source="https://github.com/googleapis/python-genai/issues/71",
    since="0.1.0",
    reads=("part.file_data",),
    bad=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://generativelanguage.googleapis.com/v1beta/files/abc", "mimeType": "video/mp4"}}]}]),
    good=body(contents=[{"role": "user", "parts": [VIDEO]}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_part(p, {"fileData": {"fileUri": "file:///tmp/clip.mp4", "mimeType": "video/mp4"}}),
)
def file_uri_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        uri = p.file_data.file_uri if given(p.file_data) and given(p.file_data.file_uri) else None
        if uri is None:
            continue
        where = (*path, "fileData", "fileUri")
        scheme = uri.split("://", 1)[0].lower() if URI_SCHEME.match(uri) else None
        if scheme not in ("gs", "https", "http"):
            yield report("GW214", where, f"{excerpt(uri)} is not a URI the server can read", "upload the file (Files API, or gs:// on Vertex AI) and give its URI")
        elif ctx.dialect == "vertex" and GEMINI_FILES.match(uri):
            yield report("GW214", where, "a Gemini Files API URI, which Vertex AI cannot read", "put the file in Cloud Storage and give its gs:// URI")


@rule(
    code="GW215",
    name="video-offsets-order",
    severity="error",
    summary="videoMetadata.startOffset is after endOffset.",
    why="An empty clip is refused (Vertex AI: 400, Gemini API: 500).",
    evidence='400 "Request contains an invalid argument." (Vertex AI), 500 "Internal error encountered." (Gemini API) for startOffset after endOffset',
    source="https://github.com/langchain-ai/langchain-google/pull/1719",
    since="0.1.0",
    reads=("part.video_metadata",),
    bad=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "40s", "endOffset": "10s"}}]}]),
    good=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "10s", "endOffset": "40s"}}]}]),
    breaks=lambda p, d: add_part(p, {**CLIP, "videoMetadata": {"startOffset": "40s", "endOffset": "10s"}}),
)
def video_offsets_order(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        vm = p.video_metadata
        if given(vm) and given(vm.start_offset) and given(vm.end_offset) and seconds(vm.start_offset) > seconds(vm.end_offset):
            yield report("GW215", (*path, "videoMetadata", "startOffset"), f"startOffset {vm.start_offset} is after endOffset {vm.end_offset}", "swap them: the clip runs from startOffset to endOffset")


@rule(
    code="GW216",
    name="youtube-mime-type",
    severity="error",
    summary="A YouTube fileData has a mimeType that is not video/*.",
    why='The server answers "Unsupported MIME type: application/octet-stream"; omit it or say video/*.',
    evidence='400 "Unsupported MIME type: application/octet-stream"',
    source="https://github.com/agentjido/req_llm/issues/433",
    since="0.1.0",
    reads=("part.file_data",),
    bad=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc", "mimeType": "application/octet-stream"}}]}]),
    good=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc"}}]}]),
    breaks=lambda p, d: add_part(p, {"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc", "mimeType": "application/octet-stream"}}),
)
def youtube_mime_type(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        fd = p.file_data
        if given(fd) and is_youtube(fd.file_uri) and given(fd.mime_type) and not fd.mime_type.startswith("video/"):
            yield report("GW216", (*path, "fileData", "mimeType"), f"a YouTube video with mimeType {excerpt(fd.mime_type)}", "leave mimeType out, or write video/mp4")


@rule(
    code="GW217",
    name="thought-signature-missing",
    severity="error",
    summary="On a Gemini 3 model, a function call of the current turn comes back without its thoughtSignature.",
    why="Gemini 3 validates that the signatures it returned are sent back with the current turn's function calls.",
    evidence='400 "Function call is missing a thought_signature in functionCall parts." on Gemini 3; https://ai.google.dev/gemini-api/docs/thought-signatures — "you must return thought signatures during function calling"',
    source="https://ai.google.dev/gemini-api/docs/thought-signatures",
    since="0.1.0",
    reads=("part.function_call",),
    models=lambda p: p is not None and p.family.startswith("gemini-3"),
    bad=body(contents=[USER, CALL, ANSWER]),
    good=body(contents=[USER, {"role": "model", "parts": [{**CALL["parts"][0], "thoughtSignature": "c2ln"}]}, ANSWER]),
    example_model="gemini-3-flash-preview",
    breaks=lambda p, d: exchange(name_model(p, d, "gemini-3-flash-preview"), ["zz_a"], ["zz_a"]),
)
def thought_signature_missing(req: Any, ctx: Context) -> Iterable[Finding]:
    if ctx.profile is None or not ctx.profile.family.startswith("gemini-3"):
        return
    for path, p in current_turn_calls(req, ctx):
        if not given(p.thought_signature):
            yield report("GW217", (*path, "thoughtSignature"), f"{for_model(ctx)} needs this function call's thoughtSignature back", "send the model's turn back exactly as it came, thoughtSignature included")


@rule(
    code="GW218",
    name="too-many-videos",
    severity="warning",
    summary="More than 10 videos (YouTube, video files, inline video) in one request.",
    why="Gemini 2.5 models take at most 10 videos per prompt.",
    evidence='a per-model limit (10 videos per prompt on 2.5 models); no server message known',
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash",
    since="0.1.0",
    reads=("part.inline_data", "part.file_data"),
    bad=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"https://youtu.be/v{i}"}} for i in range(11)]}]),
    good=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"https://youtu.be/v{i}"}} for i in range(10)]}]),
    breaks=lambda p, d: add_parts(p, [{"fileData": {"fileUri": f"https://youtu.be/v{i}", "mimeType": "video/mp4"}} for i in range(11)]),
)
def too_many_videos(req: Any, ctx: Context) -> Iterable[Finding]:
    videos = [path for path, p in ctx.parts if media_kind(p) == "video"]
    if len(videos) > MAX_VIDEOS:
        yield report("GW218", videos[MAX_VIDEOS], f"{len(videos)} videos in one request, at most {MAX_VIDEOS}", "split the videos over several requests")


@rule(
    code="GW219",
    name="too-many-images",
    severity="warning",
    summary="More images in one request than the model takes (3,000 for 2.5 models, 900 for Gemini 3 Pro).",
    why="Each model has a maximum number of images per prompt; above it the request is refused.",
    evidence='https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash — "Maximum images per prompt: 3,000" (an error only for a named model with a known limit)',
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash",
    since="0.1.0",
    reads=("part.inline_data", "part.file_data"),
    bad=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}] * 3001}]),
    good=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}] * 3000}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_parts(name_model(p, d, "gemini-3-pro-preview"), [{"fileData": {"fileUri": f"gs://b/{i}.png", "mimeType": "image/png"}} for i in range(901)]),
)
def too_many_images(req: Any, ctx: Context) -> Iterable[Finding]:
    images = [path for path, p in ctx.parts if media_kind(p) == "image"]
    limit = ctx.profile.max_images if ctx.profile and ctx.profile.max_images else None
    if limit is not None and len(images) > limit:
        yield report("GW219", images[limit], f"{len(images)} images, {for_model(ctx)} takes at most {limit}", "send fewer images, or several requests", severity="error")
    elif limit is None and len(images) > MAX_IMAGES_UNNAMED:
        yield report("GW219", images[MAX_IMAGES_UNNAMED], f"{len(images)} images; models take at most {MAX_IMAGES_UNNAMED} (some fewer)", "send fewer images, or name the model to check")


@rule(
    code="GW220",
    name="gemini-3-only-part-feature",
    severity="error",
    summary="A part uses functionResponse.parts or a per-part mediaResolution with a named model known to refuse it.",
    why='Some models answer "`function_response.parts` is not supported for this model" / "Per part media resolution is not supported for this Model."; '
            "others took them after launch (2.5 Flash per-part media resolution, the computer-use model multimodal function responses): "
            "the verdict is per model (models.toml).",
    evidence='400 "Unable to submit request because `function_response.parts` is not supported for this model." (Gemini 2.5, 2026-02-18, '
             'https://github.com/google-gemini/gemini-cli/issues/19436); 400 "Per part media resolution is not supported for this Model." '
             "(gemini-2.0-flash-lite, https://github.com/langchain4j/langchain4j/pull/4389); accepted: per-part mediaResolution on gemini-2.5-flash "
             "(google-genai 3.6.1 test_image_inline_part_media_resolution), functionResponse.parts on gemini-2.5-computer-use-preview-10-2025 "
             "(test_computer_use_multi_turn)",
    source="https://github.com/google-gemini/gemini-cli/issues/19436",
    since="0.1.0",
    reads=("part.function_response", "part.media_resolution"),
    models=lambda p: p is not None and False in (p.function_response_parts, p.part_media_resolution),
    bad=body(contents=[USER, CALL, {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {}, "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]}}]}]),
    good=body(contents=[USER, CALL, ANSWER]),
    example_dialect="vertex",
    example_model="gemini-2.5-flash",
    breaks=lambda p, d: add_part(name_model(p, d, "gemini-2.0-flash-lite"), {"text": "x", "mediaResolution": {"level": "MEDIA_RESOLUTION_LOW"}}) if api(d) == "vertex" else exchange_with_parts(name_model(p, d, "gemini-2.5-flash")),
)
def gemini_3_only_part_feature(req: Any, ctx: Context) -> Iterable[Finding]:
    p = ctx.profile
    if p is None:
        return
    for path, part in ctx.parts:
        fr = part.function_response
        if p.function_response_parts is False and fr is not UNSET and fr.parts is not UNSET:
            severity = weight(p, "function_response_parts")
            yield report("GW220", (*path, "functionResponse", "parts"), f"{for_model(ctx)} does not take multimodal function responses", "put the data into response, or use a Gemini 3 model", severity=severity)
        if p.part_media_resolution is False and getattr(part, "media_resolution", UNSET) is not UNSET:
            severity = weight(p, "part_media_resolution")
            yield report("GW220", (*path, "mediaResolution"), f"{for_model(ctx)} does not take a per-part media resolution", "set generationConfig.mediaResolution instead", severity=severity)
