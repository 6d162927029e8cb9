"""The generation config (GW3xx) that holds whatever the model."""

from __future__ import annotations

from gemini_wire.rules.base import declare
from gemini_wire.rules.edits import (
    gc,
    set_gc,
    set_schema,
)

JSON_MIME_TYPES = {"application/json", "text/x.enum"}


ASPECT_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")


IMAGE_SIZES = ("1K", "2K", "4K")

# What Gemini 3.1 Flash Image added (released 2026-02-26): four extreme aspect ratios and a 512p
# size. Google documents them as unsupported on the image models before it (IMAGE_BEFORE_3_1),
# where no refusal is quoted: GW324 warns there and takes them on every other model.
NEWER_ASPECT_RATIOS = ("1:4", "4:1", "1:8", "8:1")
NEWER_IMAGE_SIZES = ("512",)
IMAGE_BEFORE_3_1 = ("gemini-3-pro-image", "gemini-2.5-flash-image", "gemini-2.0-flash-preview-image", "gemini-2.0-flash-exp-image")


STOP_SEQUENCES_LIMIT = declare(
    code="GW301",
    name="stop-sequences-limit",
    severity="error",
    summary="generationConfig.stopSequences holds more than 5 sequences.",
    why="The server's supported range is 1 (inclusive) to 6 (exclusive).",
    evidence='400 "Unable to submit request because it has a <field> value of <v> but the supported range is from <a> (inclusive) to <b> (exclusive)", stopSequences counting items (RULES.md section 3); the proto allows 5',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=gc(stopSequences=list("abcdef")),
    good=gc(stopSequences=list("abcde")),
    breaks=lambda p, d: set_gc(p, stopSequences=list("abcdef")),
)


LOGPROBS_RANGE = declare(
    code="GW302",
    name="logprobs-range",
    severity="error",
    summary="generationConfig.logprobs is outside its range (0..20).",
    why="The server refuses a number of top log probabilities beyond 20; 0 is taken with responseLogprobs on both APIs.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto — logprobs is 0..20; '
             "Vertex AI's reference said 1..20, but Google's SDK test table (google-genai 3.6.1 test_logprobs_zero_with_response_logprobs_true) "
             "expects logprobs 0 with responseLogprobs to succeed on Vertex AI",
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=gc(responseLogprobs=True, logprobs=21),
    good=gc(responseLogprobs=True, logprobs=0),
    example_dialect="vertex",
    example_model='gemini-2.0-flash',
    breaks=lambda p, d: set_gc(p, responseLogprobs=True, logprobs=21),
)


LOGPROBS_NEEDS_RESPONSE_LOGPROBS = declare(
    code="GW303",
    name="logprobs-needs-response-logprobs",
    severity="error",
    summary="generationConfig.logprobs is set without responseLogprobs: true.",
    why="logprobs is only valid with responseLogprobs; the server refuses it even at 0.",
    evidence='400 for logprobs without responseLogprobs, even at 0 (RULES.md section 5.3); https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto — logprobs is valid only with response_logprobs',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=gc(logprobs=3),
    good=gc(logprobs=3, responseLogprobs=True),
    example_model='gemini-2.0-flash',
    breaks=lambda p, d: set_gc(p, responseLogprobs=False, logprobs=2),
)


RESPONSE_SCHEMA_NEEDS_MIME_TYPE = declare(
    code="GW304",
    name="response-schema-needs-mime-type",
    severity="error",
    summary="responseSchema or responseJsonSchema is set without a JSON or enum responseMimeType.",
    why="A schema constrains JSON output; with text/plain the server refuses it.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto — "If set, a compatible response_mime_type must also be set."',
    source="https://github.com/googleapis/python-aiplatform/blob/main/vertexai/generative_models/_generative_models.py",
    since="0.1.0",
    checked_by=("gemini_wire.checks.generation",),
    bad=gc(responseSchema={"type": "STRING"}),
    good=gc(responseSchema={"type": "STRING"}, responseMimeType="application/json"),
    breaks=lambda p, d: set_gc(set_schema(p, {"type": "STRING"}), responseMimeType="text/plain"),
)


RESPONSE_SCHEMAS_EXCLUSIVE = declare(
    code="GW305",
    name="response-schemas-exclusive",
    severity="error",
    summary="Both responseSchema and responseJsonSchema are set.",
    why="They are two ways to say the same thing; the server takes only one.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto — response_json_schema: "If set, response_schema must be omitted"',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.generation",),
    bad=gc(responseMimeType="application/json", responseSchema={"type": "STRING"}, responseJsonSchema={"type": "string"}),
    good=gc(responseMimeType="application/json", responseJsonSchema={"type": "string"}),
    breaks=lambda p, d: set_gc(set_schema(p, {"type": "STRING"}), responseJsonSchema={"type": "string"}),
)


ENUM_MIME_NEEDS_ENUM_SCHEMA = declare(
    code="GW306",
    name="enum-mime-needs-enum-schema",
    severity="warning",
    summary="responseMimeType text/x.enum without a STRING schema that lists enum values.",
    why="text/x.enum answers with one of the schema's enum values; without them there is nothing to choose.",
    evidence='no server message known for text/x.enum without enum values (RULES.md section 6)',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.generation",),
    bad=gc(responseMimeType="text/x.enum", responseSchema={"type": "STRING"}),
    good=gc(responseMimeType="text/x.enum", responseSchema={"type": "STRING", "enum": ["yes", "no"]}),
    breaks=lambda p, d: set_gc(set_schema(p, {"type": "STRING"}), responseMimeType="text/x.enum"),
)


THINKING_LEVEL_AND_BUDGET = declare(
    code="GW307",
    name="thinking-level-and-budget",
    severity="error",
    summary="thinkingConfig sets both thinkingLevel and thinkingBudget.",
    why='The server answers "You can only set only one of thinking budget and thinking level."',
    evidence='400 "You can only set only one of thinking budget and thinking level."',
    source="https://github.com/sterlp/eclipse-peon-ai/issues/115",
    since="0.1.0",
    checked_by=("gemini_wire.checks.generation",),
    bad=gc(thinkingConfig={"thinkingLevel": "LOW", "thinkingBudget": 1024}),
    good=gc(thinkingConfig={"thinkingLevel": "LOW"}),
    example_dialect="vertex",
    breaks=lambda p, d: set_gc(p, thinkingConfig={"thinkingLevel": "LOW", "thinkingBudget": 128}),
)


EMPTY_STOP_SEQUENCE = declare(
    code="GW308",
    name="empty-stop-sequence",
    severity="warning",
    summary="A stop sequence is the empty string.",
    why="An empty sequence would stop generation at once; the server refuses it.",
    evidence='no server message known for an empty stop sequence',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.generation",),
    bad=gc(stopSequences=[""]),
    good=gc(stopSequences=["END"]),
    breaks=lambda p, d: set_gc(p, stopSequences=[""]),
)


TEMPERATURE_RANGE = declare(
    code="GW318",
    name="temperature-range",
    severity="error",
    summary="generationConfig.temperature is outside [0, 2].",
    why="The server samples with a temperature from 0 to 2.",
    evidence='https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto — "Values can range from [0.0, 2.0]."; '
             'Vertex AI, gemini-2.5-pro: 400 "Unable to submit request because it has a temperature value of 1000 but the supported range is from 0 (inclusive) to 2.0001 (exclusive)." '
             '(https://github.com/open-telemetry/opentelemetry-python-contrib, instrumentation-genai/opentelemetry-instrumentation-vertexai/tests/cassettes/test_generate_content_invalid_temperature.yaml)',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=gc(temperature=2.5),
    good=gc(temperature=2),
    breaks=lambda p, d: set_gc(p, temperature=2.5),
)


TOP_P_RANGE = declare(
    code="GW319",
    name="top-p-range",
    severity="error",
    summary="generationConfig.topP is outside [0, 1].",
    why="topP is a cumulative probability.",
    evidence='https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference#generationconfig — topP "Range: 0.0 - 1.0"',
    source="https://github.com/googleapis/python-aiplatform/blob/main/vertexai/generative_models/_generative_models.py",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=gc(topP=1.01),
    good=gc(topP=1),
    example_dialect="vertex",
    breaks=lambda p, d: set_gc(p, topP=1.5),
)


TOP_K_RANGE = declare(
    code="GW320",
    name="top-k-range",
    severity="error",
    summary="generationConfig.topK is below 1.",
    why='The server answers "the supported range is from 1 (inclusive) ...".',
    evidence='400 "... topK value of 0 but the supported range is from 1 (inclusive) ..."',
    source="https://github.com/genkit-ai/genkit/issues/1397",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=gc(topK=0),
    good=gc(topK=1),
    breaks=lambda p, d: set_gc(p, topK=0),
)


CANDIDATE_COUNT_RANGE = declare(
    code="GW321",
    name="candidate-count-range",
    severity="error",
    summary="generationConfig.candidateCount is below 1 (Gemini API) or negative (Vertex AI).",
    why="The Gemini API refuses 0 candidates; Vertex AI takes 0 as the default of 1.",
    evidence='400 for candidateCount 0 on the Gemini API; Vertex AI takes 0 as the default (RULES.md section 5.4): https://github.com/genkit-ai/genkit/issues/546',
    source="https://github.com/genkit-ai/genkit/issues/546",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=gc(candidateCount=0),
    good=gc(candidateCount=1),
    breaks=lambda p, d: set_gc(p, candidateCount=-1),
)


PENALTY_RANGE = declare(
    code="GW322",
    name="penalty-range",
    severity="error",
    summary="presencePenalty or frequencyPenalty is outside [-2, 2).",
    why="Penalties go from -2.0 up to, but not including, 2.0.",
    evidence='https://cloud.google.com/vertex-ai/generative-ai/docs/reference/nodejs/latest/vertexai/generationconfig — penalties range from -2.0 up to, not including, 2.0',
    source="https://cloud.google.com/vertex-ai/generative-ai/docs/reference/nodejs/latest/vertexai/generationconfig",
    since="0.1.0",
    checked_by=("codegen/limits.toml",),
    bad=gc(frequencyPenalty=2.0),
    good=gc(frequencyPenalty=-2.0),
    example_model='gemini-2.0-flash',
    breaks=lambda p, d: set_gc(p, presencePenalty=2.0),
)


SPEECH_CONFIG_EXCLUSIVE = declare(
    code="GW323",
    name="speech-config-exclusive",
    severity="error",
    summary="speechConfig sets both voiceConfig and multiSpeakerVoiceConfig (or, on Vertex AI, not exactly two speakers).",
    why="One voice or a dialogue of speakers, not both; Vertex AI takes exactly two speaker voices.",
    evidence="Gemini API reference: multiSpeakerVoiceConfig \"is mutually exclusive with voice_config\"; "
            "Vertex AI reference: \"Exactly two speaker voice configurations must be provided.\"",
    source="https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/content.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.generation",),
    bad=gc(speechConfig={"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}, "multiSpeakerVoiceConfig": {"speakerVoiceConfigs": []}}),
    good=gc(speechConfig={"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}}),
    breaks=lambda p, d: set_gc(p, speechConfig={"voiceConfig": {}, "multiSpeakerVoiceConfig": {"speakerVoiceConfigs": [{}, {}]}}),
)


IMAGE_CONFIG_VALUES = declare(
    code="GW324",
    name="image-config-values",
    severity="error",
    summary="imageConfig.aspectRatio (or Vertex AI's imageSize) is not one of the supported values.",
    why="Image models take aspect ratios 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9 and sizes 1K, 2K, 4K; "
        "Gemini 3.1 Flash Image (2026-02) added 1:4, 4:1, 1:8, 8:1 and the size 512. Google documents those as "
        "unsupported on Gemini 3 Pro Image and 2.5 Flash Image, with no refusal quoted: a warning there.",
    evidence="accepted: aspectRatio 4:1 with imageSize 512 on gemini-3.1-flash-image, Vertex AI answered a 1024x256 image "
             "(2026-07-15, https://github.com/MiXaiLL76/auto_ai_router/pull/77); Google's model page of "
             "gemini-3.1-flash-image-preview (released 2026-02-26): \"Supported aspect ratios: 1:1, 1:4, 1:8, 3:2, 2:3, 3:4, "
             "4:1, 4:3, 4:5, 5:4, 8:1, 9:16, 16:9, and 21:9\" and 512p output; older: "
             "https://github.com/googleapis/googleapis/blob/master/google/cloud/aiplatform/v1/content.proto — ImageConfig lists "
             "the ten aspect ratios and sizes 1K, 2K, 4K",
    source="https://github.com/MiXaiLL76/auto_ai_router/pull/77",
    since="0.1.0",
    checked_by=("gemini_wire.checks.generation",),
    bad=gc(imageConfig={"aspectRatio": "16x9"}),
    good=gc(imageConfig={"aspectRatio": "16:9"}),
    example_dialect="vertex",
    breaks=lambda p, d: set_gc(p, imageConfig={"aspectRatio": "16x9"}),
)


RESPONSE_MIME_TYPE_UNSUPPORTED = declare(
    code="GW325",
    name="response-mime-type-unsupported",
    severity="warning",
    summary="responseMimeType is neither a text type nor application/json.",
    why="The model answers in text/plain, application/json, text/x.enum or another text type.",
    evidence='the model answers in text types and JSON; no server message known for others',
    source="https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/generative_service.proto",
    since="0.1.0",
    checked_by=("gemini_wire.checks.generation",),
    bad=gc(responseMimeType="application/xml"),
    good=gc(responseMimeType="text/plain"),
    breaks=lambda p, d: set_gc({**p, "generationConfig": {k: v for k, v in p.get("generationConfig", {}).items() if k not in ("responseSchema", "responseJsonSchema")}}, responseMimeType="application/xml"),
)
