"""Media in parts (GW213-GW220): MIME types, file URIs, video, counts, what the model takes."""

from __future__ import annotations

from gemini_wire.rules.base import declare
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

MIME_MAJOR = {"image", "video", "audio", "text", "application"}


def seconds(duration: str) -> float:
    return float(duration.rstrip("s"))


MIME_TYPE_UNSUPPORTED = declare(
    code="GW213",
    name="mime-type-unsupported",
    severity="warning",
    summary="A MIME type that is not an exact, supported IANA type (png, image/jpg, application/octet-stream).",
    why='The server answers "Unsupported MIME type"; it matches exact types such as image/png and image/jpeg.',
    evidence='400 "Unsupported MIME type: png" for non-IANA names; whether a given exact type is read depends on the model',
    source="https://github.com/charmbracelet/crush/issues/995",
    since="0.1.0",
    checked_by=("gemini_wire.checks.media",),
    bad=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/jpg", "data": "iVBORw0KGgo="}}]}]),
    good=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/jpeg", "data": "iVBORw0KGgo="}}]}]),
    breaks=lambda p, d: add_part(p, {"inlineData": {"mimeType": "image/jpg", "data": PNG}}),
)


FILE_URI_UNSUPPORTED = declare(
    code="GW214",
    name="file-uri-unsupported",
    severity="error",
    summary="A fileData.fileUri the dialect cannot read (a Gemini Files API URI on Vertex AI, a local path, an unknown scheme).",
    why="Vertex AI reads gs://, https:// and YouTube; Gemini Files API URIs are answered 403 there. Since January 2026 "
        "the Gemini API reads public https:// URLs and registered gs:// objects too. Neither reads file:// or bare paths.",
    evidence='Google, 2026-01-12: "You can pass any publicly accessible URL ... directly in your generation request" and '
             '"register your GCS files directly with the Files API" '
             "(https://blog.google/innovation-and-ai/technology/developers-tools/gemini-api-new-file-limits); older: "
             '400 "Invalid or unsupported file uri: gs://..." (Gemini API); Vertex AI answers 403 for a Gemini Files API URI',
    source="https://github.com/googleapis/python-genai/issues/71",
    since="0.1.0",
    checked_by=("gemini_wire.checks.media",),
    bad=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://generativelanguage.googleapis.com/v1beta/files/abc", "mimeType": "video/mp4"}}]}]),
    good=body(contents=[{"role": "user", "parts": [VIDEO]}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_part(p, {"fileData": {"fileUri": "file:///tmp/clip.mp4", "mimeType": "video/mp4"}}),
)


VIDEO_OFFSETS_ORDER = declare(
    code="GW215",
    name="video-offsets-order",
    severity="error",
    summary="videoMetadata.startOffset is after endOffset.",
    why="An empty clip is refused (Vertex AI: 400, Gemini API: 500).",
    evidence='400 "Request contains an invalid argument." (Vertex AI), 500 "Internal error encountered." (Gemini API) for startOffset after endOffset',
    source="https://github.com/langchain-ai/langchain-google/pull/1719",
    since="0.1.0",
    checked_by=("gemini_wire.checks.media",),
    bad=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "40s", "endOffset": "10s"}}]}]),
    good=body(contents=[{"role": "user", "parts": [{**VIDEO, "videoMetadata": {"startOffset": "10s", "endOffset": "40s"}}]}]),
    breaks=lambda p, d: add_part(p, {**CLIP, "videoMetadata": {"startOffset": "40s", "endOffset": "10s"}}),
)


YOUTUBE_MIME_TYPE = declare(
    code="GW216",
    name="youtube-mime-type",
    severity="error",
    summary="A YouTube fileData has a mimeType that is not video/*.",
    why='The server answers "Unsupported MIME type: application/octet-stream"; omit it or say video/*.',
    evidence='400 "Unsupported MIME type: application/octet-stream"',
    source="https://github.com/agentjido/req_llm/issues/433",
    since="0.1.0",
    checked_by=("gemini_wire.checks.media",),
    bad=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc", "mimeType": "application/octet-stream"}}]}]),
    good=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc"}}]}]),
    breaks=lambda p, d: add_part(p, {"fileData": {"fileUri": "https://www.youtube.com/watch?v=abc", "mimeType": "application/octet-stream"}}),
)


THOUGHT_SIGNATURE_MISSING = declare(
    code="GW217",
    name="thought-signature-missing",
    severity="error",
    summary="On a Gemini 3 model, a function call of the current turn comes back without its thoughtSignature.",
    why="Gemini 3 validates that the signatures it returned are sent back with the current turn's function calls.",
    evidence='400 "Function call is missing a thought_signature in functionCall parts." on Gemini 3; https://ai.google.dev/gemini-api/docs/thought-signatures — "you must return thought signatures during function calling"',
    source="https://ai.google.dev/gemini-api/docs/thought-signatures",
    since="0.1.0",
    checked_by=("gemini_wire.checks.media",),
    bad=body(contents=[USER, CALL, ANSWER]),
    good=body(contents=[USER, {"role": "model", "parts": [{**CALL["parts"][0], "thoughtSignature": "c2ln"}]}, ANSWER]),
    example_model="gemini-3-flash-preview",
    breaks=lambda p, d: exchange(name_model(p, d, "gemini-3-flash-preview"), ["zz_a"], ["zz_a"]),
)


TOO_MANY_VIDEOS = declare(
    code="GW218",
    name="too-many-videos",
    severity="warning",
    summary="More than 10 videos (YouTube, video files, inline video) in one request.",
    why="Gemini 2.5 models take at most 10 videos per prompt.",
    evidence='a per-model limit (10 videos per prompt on 2.5 models); no server message known',
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash",
    since="0.1.0",
    checked_by=("gemini_wire.checks.media",),
    bad=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"https://youtu.be/v{i}"}} for i in range(11)]}]),
    good=body(contents=[{"role": "user", "parts": [{"fileData": {"fileUri": f"https://youtu.be/v{i}"}} for i in range(10)]}]),
    breaks=lambda p, d: add_parts(p, [{"fileData": {"fileUri": f"https://youtu.be/v{i}", "mimeType": "video/mp4"}} for i in range(11)]),
)


TOO_MANY_IMAGES = declare(
    code="GW219",
    name="too-many-images",
    severity="warning",
    summary="More images in one request than the model takes (3,000 for 2.5 models, 900 for Gemini 3 Pro).",
    why="Each model has a maximum number of images per prompt; above it the request is refused.",
    evidence='https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash — "Maximum images per prompt: 3,000" (an error only for a named model with a known limit)',
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash",
    since="0.1.0",
    checked_by=("gemini_wire.checks.media",),
    bad=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}] * 3001}]),
    good=body(contents=[{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}] * 3000}]),
    example_dialect="vertex",
    breaks=lambda p, d: add_parts(name_model(p, d, "gemini-3-pro-preview"), [{"fileData": {"fileUri": f"gs://b/{i}.png", "mimeType": "image/png"}} for i in range(901)]),
)


GEMINI_3_ONLY_PART_FEATURE = declare(
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
    checked_by=("gemini_wire.checks.media",),
    bad=body(contents=[USER, CALL, {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {}, "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]}}]}]),
    good=body(contents=[USER, CALL, ANSWER]),
    example_dialect="vertex",
    example_model="gemini-2.5-flash",
    breaks=lambda p, d: add_part(name_model(p, d, "gemini-2.0-flash-lite"), {"text": "x", "mediaResolution": {"level": "MEDIA_RESOLUTION_LOW"}}) if api(d) == "vertex" else exchange_with_parts(name_model(p, d, "gemini-2.5-flash")),
)
