"""The `gemini-wire` command: check payload files from a shell or CI.

Exit codes: 0 nothing at the fail level, 1 findings at that level, 2 usage or I/O trouble.
No traceback reaches the user: every failure becomes a message that names its file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from gemini_wire import gemini, vertex
from gemini_wire.codec import malformed
from gemini_wire.dialect import Dialect
from gemini_wire.findings import Finding
from gemini_wire.rules import RULES

DIALECTS: dict[str, Dialect[Any, Any, Any]] = {"gemini": gemini.DIALECT, "vertex": vertex.DIALECT}
KINDS = ("auto", "request", "response", "stream", "error")
REQUEST_KEYS = {"contents", "systemInstruction", "system_instruction", "generationConfig", "generation_config", "tools", "cachedContent", "cached_content"}
RESPONSE_KEYS = {"candidates", "promptFeedback", "prompt_feedback", "usageMetadata", "usage_metadata", "modelVersion", "responseId"}


@dataclass
class Result:
    file: str
    kind: str
    dialect: str
    findings: list[Finding]


def guess_kind(value: Any) -> str:
    """Tell a request from a response, a stream (a JSON array) or an error body by its shape."""
    if isinstance(value, list):
        return "stream"
    if isinstance(value, dict):
        keys = set(value)
        if "error" in keys:
            return "error"
        if keys & RESPONSE_KEYS and not keys & REQUEST_KEYS:
            return "response"
    return "request"


def guess_dialect(name: str, default: str | None) -> str:
    if default:
        return default
    return "vertex" if Path(name).name.startswith("vertex") else "gemini"


def check_body(data: bytes, kind: str, dialect: Dialect[Any, Any, Any], model: str | None = None) -> tuple[str, list[Finding]]:
    """Lint one payload: the kind it was read as, and every finding."""
    if kind == "auto" or kind == "stream":
        try:
            value = msgspec.json.decode(data)
        except (msgspec.DecodeError, UnicodeDecodeError) as e:
            return kind, [malformed(data, e)]
        if kind == "auto":
            kind = guess_kind(value)
        if kind == "stream":
            if not isinstance(value, list):
                return kind, [Finding(code="GW101", severity="error", path="", message="a stream is a JSON array of responses", hint="wrap the chunks in [ ]", source=RULES["GW101"].source)]
            findings = []
            for i, chunk in enumerate(value):
                _, found = check_body(msgspec.json.encode(chunk), "response", dialect)
                findings += [msgspec.structs.replace(f, path=f"[{i}]" + ("." + f.path if f.path else ""), line=None, column=None) for f in found]
            return kind, findings
    if kind == "request":
        return kind, dialect.lint_request(data, model=model)
    if kind == "response":
        return kind, dialect.lint_response(data)
    return kind, dialect.lint_error(data)


def expand(paths: Sequence[str]) -> Iterator[str]:
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            yield from (str(f) for f in sorted(path.rglob("*.json")))
        else:
            yield p


def lint(args: argparse.Namespace) -> int:
    results: list[Result] = []
    trouble = False
    for name in expand(args.paths):
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as e:
            print(f"{name}: cannot read: {e.strerror or e}", file=sys.stderr)
            trouble = True
            continue
        dialect = guess_dialect(name, args.dialect)
        kind, findings = check_body(data, args.kind, DIALECTS[dialect], args.model)
        results.append(Result(name, kind, dialect, findings))
    errors = warnings = 0
    for r in results:
        if not r.findings:
            print(f"{r.file}: ok ({r.dialect} {r.kind})")
        for f in r.findings:
            errors += f.severity == "error"
            warnings += f.severity == "warning"
            where = f"{r.file}:{f.line}:{f.column}" if f.line is not None else r.file
            path = f" at {f.path}" if f.path else ""
            print(f"{where}: {f.code} {f.severity}: {f.message}{path}")
            print(f"    fix: {f.hint}")
    print(f"{len(results)} file(s) checked, {errors} error(s), {warnings} warning(s)")
    if trouble:
        return 2
    return 1 if errors else 0


def rules(args: argparse.Namespace) -> int:
    wanted = [RULES[c] for c in args.codes if c in RULES] if args.codes else list(RULES.values())
    unknown = [c for c in args.codes if c not in RULES]
    for r in wanted:
        print(f"{r.code} {r.name} ({r.severity}): {r.summary}")
        if args.codes:
            print(f"    why: {r.why}\n    bad: {r.bad}\n    good: {r.good}\n    source: {r.source}")
    for c in unknown:
        print(f"no rule {c}", file=sys.stderr)
    return 2 if unknown else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gemini-wire", description="Check Gemini generateContent payloads offline.")
    sub = p.add_subparsers(dest="command", required=True)
    lp = sub.add_parser("lint", help="check payload files (.json), folders, or - for stdin")
    lp.add_argument("paths", nargs="+")
    lp.add_argument("--dialect", choices=sorted(DIALECTS), help="default: from the file name (vertex-*), else gemini")
    lp.add_argument("--kind", choices=KINDS, default="auto")
    lp.add_argument("--model", help="the model the requests go to, for its limits (e.g. gemini-2.5-flash)")
    lp.set_defaults(func=lint)
    rp = sub.add_parser("rules", help="list the rules, or explain some")
    rp.add_argument("codes", nargs="*")
    rp.set_defaults(func=rules)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
        code: int = args.func(args)
        return code
    except SystemExit as e:  # argparse: usage errors exit 2
        return int(e.code) if isinstance(e.code, int) else 2
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # the promise: never a traceback
        print(f"gemini-wire: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
