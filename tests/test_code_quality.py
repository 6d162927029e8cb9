"""The code style promises of STYLE.md, checked where CI sees them: ruff and strict mypy pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "src", "tests", "codegen")
    assert result.returncode == 0, result.stdout + result.stderr


# mypy keeps one cache in the project folder: its runs share a worker when the suite runs on several (xdist).
@pytest.mark.xdist_group("mypy-cache")
def test_mypy_strict_finds_nothing() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


# STYLE: one module, one concern. Past this a module holds several (issue 14); generated files
# (src/gemini_wire/_generated) are data tables and do not count.
MAX_MODULE_LINES = 600


def test_no_hand_written_module_is_over_600_lines() -> None:
    modules = [p for p in (ROOT / "src").rglob("*.py") if "_generated" not in p.parts]
    modules += list((ROOT / "codegen").glob("*.py"))
    sizes = {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in modules}
    assert len(sizes) > 40  # the walk found the package
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
