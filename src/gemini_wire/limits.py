"""The limits of what gemini-wire reads, and the checks that enforce them before any parsing.

Past a limit the input gets a finding (the library) or exit code 2 and a message (the command
line), never an exception or unbounded time and memory. README "Limits" lists them.
"""

from __future__ import annotations

import re

# Arrays and objects nested deeper than this are refused before msgspec (or any walk of ours)
# recurses into them. Google's JSON parsers stop at 100 levels of messages
# (protobuf's json_format.Parse: max_recursion_depth=100), and a Struct in `args` takes two
# message levels per JSON level, so no payload the server accepts comes near it; and 100 levels
# leave our recursive walks far below Python's recursion limit however deep the caller's stack is.
# Text is scanned (too_deep) before anything parses it; the one exception is decode's fast path,
# where msgspec parses canonical input first (a scan would cost a fifth of a typical decode) and
# the quick check then measures the only values that can nest: data fields and recursive types.
MAX_DEPTH = 100

# The largest document the command line reads whole (a .json file, standard input) and the
# longest line of a batch file: lint needs about three times the input, and a request the
# server takes is at most 20 MiB of JSON, or a few times that with inline media on Vertex AI.
MAX_DOCUMENT = 256 << 20

# The largest configuration file read (pyproject.toml, --config, .gitignore): the biggest
# pyproject.toml files of large projects are tens of KiB, and a cap means that `--config
# /dev/zero` or a huge file is refused at once instead of read until memory runs out.
MAX_CONFIG = 1 << 20


def size_text(size: int) -> str:
    """A size for a message: `256 MiB`, or `1,000 bytes` when not whole mebibytes."""
    return f"{size >> 20} MiB" if size and not size % (1 << 20) else f"{size:,} bytes"

# `[` and `]` made `{` and `}`, everything else deleted: what is left is the bracket tree.
_AS_BRACES = bytes.maketrans(b"[]", b"{}")
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
# A string (so that brackets inside it are skipped), or one bracket.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_OPENING = frozenset(b"[{")


def too_deep(data: bytes | bytearray | memoryview | str, limit: int = MAX_DEPTH) -> int | None:
    """The byte offset of the first `[` or `{` that opens level `limit + 1`, or None.

    Most inputs are settled without a Python loop: fewer bytes (or brackets) than levels cannot
    nest that deep, and otherwise each `.replace(b"{}", b"")` over the bracket tree removes
    exactly one level, at C speed. Only when brackets remain after `limit` rounds (a deep input,
    or brackets inside strings that do not balance) does an exact scan that skips strings decide.
    """
    if len(data) <= limit:
        return None
    if isinstance(data, str):
        if data.count("{") + data.count("[") <= limit:
            return None
        raw = data.encode("utf-8", "surrogatepass")
    else:
        raw = bytes(data)
    tree = raw.translate(_AS_BRACES, _NOT_BRACKETS)
    for rounds in range(limit + 1):
        if len(tree) <= limit - rounds:  # the levels left are at most the brackets left
            return None
        shorter = tree.replace(b"{}", b"")
        if len(shorter) == len(tree):
            break  # unbalanced (cut short, or brackets in strings): the scan decides
        tree = shorter
    return _deepest(raw, limit)


def _deepest(raw: bytes, limit: int) -> int | None:
    depth = 0
    for m in _TOKENS.finditer(raw):
        c = raw[m.start()]
        if c in _OPENING:
            depth += 1
            if depth > limit:
                return m.start()
        elif c != 0x22:  # a closing bracket (0x22 is the quote that starts a string)
            depth -= 1
    return None

# The list elements that a function call streamed in pieces (Vertex partialArgs) may skip in its
# arguments: `$.steps[7]` when steps holds 5 skips two, which become null. The server writes a
# list element by element, so the next index is the list's length; an element is skipped only
# when no piece can carry it (an empty object or list). A call skips at most this many in all,
# so that `$.a[100000000]` (or `$.a[64][64][64]...`) cannot make lists far longer than the
# stream that asks for them, and assembling the arguments stays linear in the stream.
MAX_PARTIAL_ARG_SKIP = 64

# --------------------------------------------------------------------------- recordings
# A cassette or HAR file is input from elsewhere (a contributor's pull request, a proxy's export):
# these bound what reading one may cost beyond the size of the file itself.

# YAML nesting in a cassette: a body as deep as a payload may be (MAX_DEPTH), under the levels of
# the cassette's own structure (document, interactions, one interaction, its response, `body:`,
# `string:`). Reading stops at a collection that opens deeper, and the file is reported: libyaml
# takes time in the depth for every token of a flow collection (100,000 brackets: minutes).
MAX_YAML_DEPTH = MAX_DEPTH + 6

# JSON nesting in a nock recording: a body stored as a JSON value is as deep as a payload may be
# (MAX_DEPTH), under the recording's own two levels (the array of calls, one call).
MAX_NOCK_DEPTH = MAX_DEPTH + 2

# What aliases (`*name`) add to a YAML document, in nodes and characters, were it expanded. Aliases
# are never copied (an alias is the node it names, shared), but every walk over the tree and every
# body linted follows them: a few hundred bytes of nested aliases name billions of nodes. Real
# cassettes alias a header list or two (PyYAML and Psych write `&id001` for a shared object), a
# few dozen units each. At the cap, the worst a body stored as YAML can become costs about
# 13 MiB and half a second (tests/test_recordings_hardening.py); at 16 Mi it was 83 MiB and 2.5 s.
MAX_ALIAS_EXPANSION = 4 << 20

# The compressed bodies of one recording (gzip, deflate) decompress to at most this much together,
# each one streamed with its output capped: a gzip bomb of 1 MB names a gigabyte. The same bound as
# one document: a recording never costs more memory than the largest file the command line reads.
MAX_DECOMPRESSED = MAX_DOCUMENT
