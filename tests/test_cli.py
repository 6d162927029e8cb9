"""The command line through a real subprocess: exit codes, stdin, folders, and no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gw(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gemini_wire.cli", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_examples_have_no_errors_and_exit_zero() -> None:
    result = gw("lint", "examples")
    assert result.returncode == 0, result.stdout
    files = sorted((ROOT / "examples").glob("*.json"))
    assert f"{len(files)} file(s) checked, 0 error(s)" in result.stdout
    for f in files:
        assert str(f.relative_to(ROOT)) in result.stdout


def test_naming_the_model_settles_a_model_dependent_warning() -> None:
    example = "examples/gemini-logprobs.request.json"
    assert "GW316 warning" in gw("lint", example).stdout
    assert ": ok (" in gw("lint", "--model", "gemini-2.0-flash", example).stdout


def test_findings_exit_one_and_name_the_file_code_and_fix(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"contents": [{"parts": [{"text": "x"}]}], "generationConfig": {"temprature": 1}}')
    result = gw("lint", str(bad))
    assert result.returncode == 1
    assert f"{bad}:1:65: GW102 error: unknown field `temprature`" in result.stdout
    assert "did you mean `temperature`?" in result.stdout


def test_json_syntax_error_is_a_finding_with_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{\n  "contents": [\n}')
    result = gw("lint", str(bad))
    assert result.returncode == 1
    assert f"{bad}:3:1: GW100 error" in result.stdout
    assert "Traceback" not in result.stderr


def test_stdin_is_read_with_a_dash() -> None:
    result = gw("lint", "-", stdin=b'{"contents": [{"parts": [{}]}]}')
    assert result.returncode == 1
    assert "-:1:26: GW203 error" in result.stdout


def test_dialect_is_taken_from_the_option() -> None:
    body = b'{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "labels": {"team": "a"}}'
    assert gw("lint", "--dialect", "vertex", "-", stdin=body).returncode == 0
    assert gw("lint", "--dialect", "gemini", "-", stdin=body).returncode == 1


def test_unreadable_file_exits_two_without_a_traceback(tmp_path: Path) -> None:
    result = gw("lint", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_two() -> None:
    assert gw("lint", "--kind", "nonsense", "x.json").returncode == 2


def test_rules_lists_codes_and_explains_one() -> None:
    listing = gw("rules")
    assert listing.returncode == 0
    assert "GW301 stop-sequences-limit" in listing.stdout
    one = gw("rules", "GW301")
    assert "source: https://" in one.stdout
    assert gw("rules", "GW999").returncode == 2
