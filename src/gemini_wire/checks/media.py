"""Lint's checks of media in parts (GW213-GW220): MIME types, file URIs, video, counts, what the
model takes.

Each is registered on its rule, declared in `gemini_wire.rules.media`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from msgspec import UNSET

from gemini_wire.checks.base import check
from gemini_wire.checks.walk import (
    Context,
    contents_of,
    for_model,
    given,
    parts_of,
    turns,
    weight,
)
from gemini_wire.findings import Finding, Path, excerpt
from gemini_wire.rules.media import (
    FILE_URI_UNSUPPORTED,
    GEMINI_3_ONLY_PART_FEATURE,
    MIME_MAJOR,
    MIME_TYPE_UNSUPPORTED,
    THOUGHT_SIGNATURE_MISSING,
    TOO_MANY_IMAGES,
    TOO_MANY_VIDEOS,
    VIDEO_OFFSETS_ORDER,
    YOUTUBE_MIME_TYPE,
    seconds,
)

REFUSED_MIME = {"image/jpg", "application/octet-stream"}


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


@check(MIME_TYPE_UNSUPPORTED, reads=("part.inline_data", "part.file_data"))
def mime_type_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        for attr, name in (("inline_data", "inlineData"), ("file_data", "fileData")):
            blob = getattr(p, attr)
            if given(blob) and given(blob.mime_type) and not is_youtube(getattr(blob, "file_uri", UNSET)):
                problem = mime_problem(blob.mime_type)
                if problem:
                    fix = MIME_FIXES.get(blob.mime_type.lower())
                    yield MIME_TYPE_UNSUPPORTED.finding((*path, name, "mimeType"), problem, f"use {fix!r}" if fix else "give the exact IANA type, e.g. image/png, video/mp4, application/pdf")


@check(FILE_URI_UNSUPPORTED, reads=("part.file_data",))
def file_uri_unsupported(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        uri = p.file_data.file_uri if given(p.file_data) and given(p.file_data.file_uri) else None
        if uri is None:
            continue
        where = (*path, "fileData", "fileUri")
        scheme = uri.split("://", 1)[0].lower() if URI_SCHEME.match(uri) else None
        if scheme not in ("gs", "https", "http"):
            yield FILE_URI_UNSUPPORTED.finding(where, f"{excerpt(uri)} is not a URI the server can read", "upload the file (Files API, or gs:// on Vertex AI) and give its URI")
        elif ctx.dialect == "vertex" and GEMINI_FILES.match(uri):
            yield FILE_URI_UNSUPPORTED.finding(where, "a Gemini Files API URI, which Vertex AI cannot read", "put the file in Cloud Storage and give its gs:// URI")


@check(VIDEO_OFFSETS_ORDER, reads=("part.video_metadata",))
def video_offsets_order(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        vm = p.video_metadata
        if given(vm) and given(vm.start_offset) and given(vm.end_offset) and seconds(vm.start_offset) > seconds(vm.end_offset):
            yield VIDEO_OFFSETS_ORDER.finding((*path, "videoMetadata", "startOffset"), f"startOffset {vm.start_offset} is after endOffset {vm.end_offset}", "swap them: the clip runs from startOffset to endOffset")


@check(YOUTUBE_MIME_TYPE, reads=("part.file_data",))
def youtube_mime_type(req: Any, ctx: Context) -> Iterable[Finding]:
    for path, p in ctx.parts:
        fd = p.file_data
        if given(fd) and is_youtube(fd.file_uri) and given(fd.mime_type) and not fd.mime_type.startswith("video/"):
            yield YOUTUBE_MIME_TYPE.finding((*path, "fileData", "mimeType"), f"a YouTube video with mimeType {excerpt(fd.mime_type)}", "leave mimeType out, or write video/mp4")


@check(
    THOUGHT_SIGNATURE_MISSING,
    reads=("part.function_call",),
    models=lambda p: p is not None and p.family.startswith("gemini-3"),
)
def thought_signature_missing(req: Any, ctx: Context) -> Iterable[Finding]:
    if ctx.profile is None or not ctx.profile.family.startswith("gemini-3"):
        return
    for path, p in current_turn_calls(req, ctx):
        if not given(p.thought_signature):
            yield THOUGHT_SIGNATURE_MISSING.finding((*path, "thoughtSignature"), f"{for_model(ctx)} needs this function call's thoughtSignature back", "send the model's turn back exactly as it came, thoughtSignature included")


@check(TOO_MANY_VIDEOS, reads=("part.inline_data", "part.file_data"))
def too_many_videos(req: Any, ctx: Context) -> Iterable[Finding]:
    videos = [path for path, p in ctx.parts if media_kind(p) == "video"]
    if len(videos) > MAX_VIDEOS:
        yield TOO_MANY_VIDEOS.finding(videos[MAX_VIDEOS], f"{len(videos)} videos in one request, at most {MAX_VIDEOS}", "split the videos over several requests")


@check(TOO_MANY_IMAGES, reads=("part.inline_data", "part.file_data"))
def too_many_images(req: Any, ctx: Context) -> Iterable[Finding]:
    images = [path for path, p in ctx.parts if media_kind(p) == "image"]
    limit = ctx.profile.max_images if ctx.profile and ctx.profile.max_images else None
    if limit is not None and len(images) > limit:
        yield TOO_MANY_IMAGES.finding(images[limit], f"{len(images)} images, {for_model(ctx)} takes at most {limit}", "send fewer images, or several requests", severity="error")
    elif limit is None and len(images) > MAX_IMAGES_UNNAMED:
        yield TOO_MANY_IMAGES.finding(images[MAX_IMAGES_UNNAMED], f"{len(images)} images; models take at most {MAX_IMAGES_UNNAMED} (some fewer)", "send fewer images, or name the model to check")


@check(
    GEMINI_3_ONLY_PART_FEATURE,
    reads=("part.function_response", "part.media_resolution"),
    models=lambda p: p is not None and False in (p.function_response_parts, p.part_media_resolution),
)
def gemini_3_only_part_feature(req: Any, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    p = ctx.profile
    if p is None:
        return out
    for path, part in ctx.parts:
        fr = part.function_response
        if p.function_response_parts is False and fr is not UNSET and fr.parts is not UNSET:
            severity = weight(p, "function_response_parts")
            out.append(GEMINI_3_ONLY_PART_FEATURE.finding((*path, "functionResponse", "parts"), f"{for_model(ctx)} does not take multimodal function responses", "put the data into response, or use a Gemini 3 model", severity=severity))
        if p.part_media_resolution is False and getattr(part, "media_resolution", UNSET) is not UNSET:
            severity = weight(p, "part_media_resolution")
            out.append(GEMINI_3_ONLY_PART_FEATURE.finding((*path, "mediaResolution"), f"{for_model(ctx)} does not take a per-part media resolution", "set generationConfig.mediaResolution instead", severity=severity))
    return out
