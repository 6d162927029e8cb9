"""The documents layer: the library stands below the command line, and reads each input once."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

import pytest

from gemini_wire.checks import CHECKS
from gemini_wire.documents import formats
from gemini_wire.documents.check import Selection, Settings, element_kind, lint
from gemini_wire.documents.formats import FORMATS, Content, Options, check
from gemini_wire.documents.sources import Source
from gemini_wire.findings import SEVERITIES, Finding, fails, relocate
from gemini_wire.positions import Lines, line_column, line_columns

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gemini_wire"
GOOD = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}'


def imported(path: Path) -> set[str]:
    """The modules a file imports (TYPE_CHECKING imports too), by their full names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_module_outside_cli_imports_the_command_line() -> None:
    # `python -m gemini_wire` is the command line by another name: its __main__ runs cli.main.
    outside = [
        p
        for p in PACKAGE.rglob("*.py")
        if "cli" not in p.relative_to(PACKAGE).parts and p != PACKAGE / "__main__.py"
    ]
    assert len(outside) > 40
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(
            n for n in imported(p) if n == "gemini_wire.cli" or n.startswith("gemini_wire.cli.")
        )
        for p in outside
    }
    assert {name: found for name, found in offenders.items() if found} == {}


class Collected:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.lines = 0

    def found(self, findings: list[Finding]) -> None:
        self.findings += findings

    def advanced(self, lines: int, size: int) -> None:
        self.lines += lines


@pytest.mark.parametrize(
    ("name", "data", "format"),
    [
        ("a.json", GOOD, "payload"),
        ("a.jsonl", GOOD + b"\n", "batch"),
        ("a.yaml", b"interactions: []\n", "recording"),
        ("a.json", b'{"log": {"entries": []}}', "recording"),
    ],
)
def test_the_first_format_that_claims_an_input_reads_it(
    tmp_path: Path, name: str, data: bytes, format: str
) -> None:
    (tmp_path / name).write_bytes(data)
    source = Source(name, tmp_path / name)
    assert formats.sniff(source, Content(source)).format.name == format


def test_every_format_has_a_row_and_the_last_claims_everything(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"whatever")
    source = Source("x.txt", tmp_path / "x.txt")
    assert [f.name for f in FORMATS] == ["batch output", "batch", "interactions", "recording", "payload"]
    assert FORMATS[-1].claims(source, Content(source)) is not None


def test_a_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.json").write_bytes(b'{"contents": [{"parts": {"text": 1}}]}')
    reads: list[str] = []
    original = Source.read

    def counted(self: Source) -> bytes:
        reads.append(self.name)
        return original(self)

    monkeypatch.setattr(Source, "read", counted)
    listener = Collected()
    outcome = check(Source("a.json", tmp_path / "a.json"), Options(), listener)
    assert reads == ["a.json"] and outcome.what == "gemini request" and listener.findings


def test_a_batch_file_tells_its_findings_as_found_and_its_lines(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_bytes(
        b'{"key": "a", "request": ' + GOOD + b'}\n{"key": "a", "request": ' + GOOD + b"}\n"
    )
    listener = Collected()
    outcome = check(Source("b.jsonl", tmp_path / "b.jsonl"), Options(), listener)
    assert (outcome.lines, listener.lines, [f.code for f in listener.findings]) == (2, 2, ["GW131"])


def test_a_folder_walk_passes_over_what_is_not_gemini(tmp_path: Path) -> None:
    (tmp_path / "other.json").write_bytes(b'{"name": "a package"}')
    outcome = check(Source("other.json", tmp_path / "other.json", walked=True), Options(), Collected())
    assert outcome.passed.startswith("not a Gemini payload")


def checks_run(data: bytes, settings: Settings) -> tuple[set[str], list[str]]:
    """The rules whose checks ran while linting a request, and the codes found."""
    by_code = {r.check.__code__: code for code, r in CHECKS.items() if hasattr(r.check, "__code__")}
    ran: set[str] = set()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code in by_code:
            ran.add(by_code[frame.f_code])

    sys.setprofile(profile)
    try:
        found = lint("request", data, settings)
    finally:
        sys.setprofile(None)
    return ran, [f.code for f in found]


def test_rules_left_out_are_not_checked() -> None:
    data = b'{"contents": [{"parts": [{"text": "a"}]}], "generationConfig": {"responseSchema": {"type": "STRING"}}}'
    every, all_codes = checks_run(data, Settings())
    only, codes = checks_run(data, Settings(selection=Selection(("GW304",))))
    assert "GW304" in every and every - {"GW304"}  # other rules' checks run when every rule is chosen
    assert only == {"GW304"} and codes == [c for c in all_codes if c == "GW304"] == ["GW304"]


def test_a_stream_element_without_an_error_key_is_a_response_unparsed() -> None:
    assert element_kind(b'{"candidates": []}') == "response"
    assert element_kind(b'{"error": {"code": 400}}') == "error"
    assert element_kind(b'{"\\u0065rror": {"code": 400}}') == "error"  # the key spelled with an escape
    assert element_kind(b'{"candidates": [{"content": {"parts": [{"text": "\\"error\\""}]}}]}') == "response"


def test_one_count_from_offsets_to_lines_and_columns() -> None:
    text = "ab\nçd\n€f".encode()
    assert [line_column(text, offset) for offset in (0, 1, 3, 5, 7, 10)] == [
        (1, 1),
        (1, 2),
        (2, 1),
        (2, 2),
        (3, 1),
        (3, 2),
    ]
    assert line_columns(text, [10, 0, 5]) == {0: (1, 1), 5: (2, 2), 10: (3, 2)}
    lines = Lines(text)
    assert lines.at(5, stay=True) == (2, 2) and lines.at(3) == (2, 1) and lines.at(10) == (3, 2)


def test_relocate_places_a_block_on_every_line_and_pins_a_string_body() -> None:
    f = Finding(code="GW101", severity="error", message="m", hint="h", loc=("a",), line=2, column=3)
    assert (relocate(f, base=(10, 5)).line, relocate(f, base=(10, 5)).column) == (11, 3)
    assert (relocate(f, base=(10, 5), block=True).line, relocate(f, base=(10, 5), block=True).column) == (
        11,
        7,
    )
    pinned = relocate(f, ("request",), at=(4, 9))
    assert (pinned.path, pinned.line, pinned.column) == ("request.a", 4, 9)


def test_one_severity_order_and_fail_level_rule() -> None:
    assert SEVERITIES == ("error", "warning", "info")
    assert [fails(s, "warning") for s in SEVERITIES] == [True, True, False]
    assert [fails(s, "info") for s in SEVERITIES] == [True, True, True]
    assert [fails(s, "error") for s in SEVERITIES] == [True, False, False]
