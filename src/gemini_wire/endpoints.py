"""The dialects by name and by endpoint URL: what each name stands for, and which URL calls which.

The ground floor of the dialects: names, aliases, titles and URL patterns, importing nothing of
the package. `gemini_wire.dialects` re-exports them beside the registry of Dialect objects.

    from gemini_wire.endpoints import dialect_for_url, endpoint
    dialect_for_url("https://generativelanguage.googleapis.com/v1/models/m:generateContent")  # "gemini-v1"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit


@dataclass(frozen=True)
class Info:
    """What a dialect name stands for: the API, its endpoint version, the module that serves it."""

    name: str
    api: str  # "gemini" (Gemini Developer API) or "vertex" (Vertex AI)
    version: str
    module: str
    title: str


# Who calls which (README, "Dialects"): google-genai 3.6.1 calls the Gemini Developer API at v1
# (GOOGLE_AI_API_DEFAULT_VERSION in google/genai/_api_client.py) and Vertex AI at v1beta1.
INFO: dict[str, Info] = {
    i.name: i
    for i in (
        Info("gemini-v1beta", "gemini", "v1beta", "gemini_wire.gemini", "the Gemini Developer API v1beta"),
        Info("gemini-v1", "gemini", "v1", "gemini_wire.gemini_v1", "the Gemini Developer API v1"),
        Info("vertex-v1", "vertex", "v1", "gemini_wire.vertex", "Vertex AI v1"),
        Info("vertex-v1beta1", "vertex", "v1beta1", "gemini_wire.vertex_v1beta1", "Vertex AI v1beta1"),
    )
}
NAMES = tuple(INFO)
# The Interactions API (issue 23): another protocol on the same hosts, `POST /{version}/interactions`
# (and GET, cancel and delete on `/interactions/{id}`), GA on the Gemini API at v1 and v1beta. Its
# dialects are not among NAMES, whose dialects are generateContent's; `dialects.interactions_dialect`
# gives them. Vertex AI serves it at `v1beta1[/projects/{p}/locations/{l}]/interactions`, read in
# interactions-v1beta (and at v1 in interactions-v1), the same spec (no difference of Vertex's is
# documented).
INTERACTIONS: dict[str, Info] = {
    i.name: i
    for i in (
        Info("interactions-v1", "gemini", "v1", "gemini_wire.interactions", "the Interactions API v1"),
        Info("interactions-v1beta", "gemini", "v1beta", "gemini_wire.interactions_v1beta", "the Interactions API v1beta"),
    )
}
INTERACTIONS_PATH = re.compile(
    r"/(?P<version>v1|v1beta1?)(?:/projects/[^/]+/locations/[^/]+)?/interactions(?:/[^/]*(?:/cancel)?)?/?",
)
# Vertex AI's versions of the Interactions API, read in the Gemini API's spec: google-genai 3.6.1
# calls `{base}/{api_version}[/projects/{p}/locations/{l}]/interactions`, the project and location
# only when the client has both (_gaos/google_genai.py, get_google_genai_api_version), with
# api_version v1beta1 by default or v1 when a user sets it.
VERTEX_INTERACTIONS = {"v1beta1": "interactions-v1beta", "v1": "interactions-v1"}
# The names of the first release: one dialect per API, at the version its proto package had.
ALIASES = {"gemini": "gemini-v1beta", "vertex": "vertex-v1"}
# The API families a rule holds for (Rule.dialects): generateContent's two, and the Interactions API.
API_TITLES = {"gemini": "the Gemini Developer API", "vertex": "Vertex AI", "interactions": "the Interactions API"}

GEMINI_HOST = "generativelanguage.googleapis.com"
# Vertex AI: the global endpoint, and `{location}-aiplatform.googleapis.com` for a region.
VERTEX_HOST = re.compile(r"(?:[a-z0-9-]+-)?aiplatform\.googleapis\.com")
# A base model (`models/{m}`, `publishers/*/models/{m}`), a tuned model of the Gemini API
# (`tunedModels/{m}`) or a deployed model of Vertex AI (`endpoints/{e}`): the same request body.
METHOD = re.compile(
    r"/(?P<kind>models|tunedModels|endpoints)/(?P<model>[^/:]+):(?P<method>streamGenerateContent|generateContent)\b"
)
# Endpoint versions that no dialect of their own serves, read in the nearest dialect (the summary
# of a recording says so). google-genai 3.6.1 calls the Gemini API's v1alpha for ephemeral auth
# tokens and the Live API (google/genai/tokens.py, live.py), and a caller may choose it for
# generateContent (HttpOptions(api_version="v1alpha"); tests/models/test_generate_content_media_resolution.py):
# it takes what v1beta takes and more.
NEAREST = {"gemini-v1alpha": "gemini-v1beta"}


def canonical(name: str) -> str:
    """The full name of a dialect given by its name or an alias; raises ValueError otherwise."""
    name = ALIASES.get(name, name)
    if name not in INFO:
        known = ", ".join([*NAMES, *ALIASES])
        raise ValueError(f"unknown dialect {name!r}: use one of {known}")
    return name


def full_name(name: str) -> str:
    """The full name of a dialect of either protocol: generateContent's by name or alias, or an
    Interactions one (`interactions-v1`); raises ValueError listing every name otherwise."""
    if name in INTERACTIONS:
        return name
    try:
        return canonical(name)
    except ValueError:
        known = ", ".join([*NAMES, *ALIASES, *INTERACTIONS])
        raise ValueError(f"unknown dialect {name!r}: use one of {known}") from None


def info(name: str) -> Info:
    """The API, version and title behind a dialect name or alias."""
    return INFO[canonical(name)]


def split(url: str) -> SplitResult | None:
    """The parts of a URL; None for one that urllib refuses: an unbalanced `[` or `]` in the host,
    or a host character that NFKC-normalises to a separator (`／`, `℀`: urllib.parse's
    `_checknetloc`). No client sends a request to such a URL, so it names no dialect."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def dialect_for_url(url: str) -> str | None:
    """The dialect of an endpoint URL, from its host and version (an Interactions API call, from
    its path: `interactions-v1`); None for a host or version that no dialect serves, or for text
    that is not a URL."""
    parts = split(url)
    if parts is None:
        return None
    host = (parts.hostname or "").lower()
    if host == GEMINI_HOST:
        api = "gemini"
    elif VERTEX_HOST.fullmatch(host):
        api = "vertex"
    else:
        return None
    interactions = INTERACTIONS_PATH.fullmatch(unquote(parts.path))
    if interactions is not None:
        version, scoped = interactions["version"], "/projects/" in interactions[0]
        if api == "vertex" and version in VERTEX_INTERACTIONS:
            return VERTEX_INTERACTIONS[version]
        if api == "gemini" and not scoped and version != "v1beta1":
            return f"interactions-{version}"
    version = unquote(parts.path).lstrip("/").split("/", 1)[0]
    name = f"{api}-{version}"
    return name if name in INFO else NEAREST.get(name)


def interactions_info(name: str) -> Info:
    """The version and title behind an Interactions dialect name; raises ValueError otherwise."""
    if name not in INTERACTIONS:
        raise ValueError(f"unknown Interactions dialect {name!r}: use one of {', '.join(INTERACTIONS)}")
    return INTERACTIONS[name]


@dataclass(frozen=True)
class Endpoint:
    """A generateContent call named by a URL."""

    dialect: str | None  # None for a host or version that no dialect serves
    model: str  # "" for a tuned or deployed model, whose base model the URL does not say
    stream: bool  # streamGenerateContent
    sse: bool  # with alt=sse: Server-Sent Events rather than one JSON array
    version: str = ""  # the URL's endpoint version, when its dialect is the nearest (NEAREST)
    target: str = "models"  # models, tunedModels (Gemini API) or endpoints (Vertex AI)


def endpoint(url: str) -> Endpoint | None:
    """The dialect, model and method of a (stream)generateContent URL; None for other URLs."""
    parts = split(url)
    if parts is None:
        return None
    found = METHOD.search(unquote(parts.path))
    if found is None:
        return None
    stream = found["method"] == "streamGenerateContent"
    sse = stream and re.search(r"(?:^|&)\$?alt=sse(?:&|;|$)", unquote(parts.query)) is not None
    name = dialect_for_url(url)
    version = unquote(parts.path).lstrip("/").split("/", 1)[0]
    nearest = version if name is not None and info(name).version != version else ""
    model = found["model"] if found["kind"] == "models" else ""
    return Endpoint(name, model, stream, sse, nearest, found["kind"])
