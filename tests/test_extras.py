"""A missing optional dependency is a setup problem told with its install line, never a traceback.

Each extra is made absent in a child process (`sys.modules[name] = None` makes its import fail),
so these run whether or not the extra is installed here. PyYAML's case (cassettes) is in
tests/test_recordings_hardening.py.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run_without(module: str, code: str) -> subprocess.CompletedProcess[str]:
    prelude = f"import sys\nsys.modules[{module!r}] = None\n"
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True)


def test_the_beam_pipeline_without_beam_says_how_to_install_it() -> None:
    result = run_without(
        "apache_beam",
        """
        import runpy
        sys.argv = ["gemini_wire.beam", "--help"]
        runpy.run_module("gemini_wire.beam", run_name="__main__")
        """,
    )
    assert result.returncode == 2
    assert "pip install apache-beam==2.77.0" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_beam_package_imports_without_beam_and_its_transforms_name_the_extra() -> None:
    result = run_without(
        "apache_beam",
        """
        import gemini_wire.beam as beam
        try:
            beam.LintLines
        except ImportError as e:
            print(e)
        """,
    )
    assert result.returncode == 0, result.stderr
    assert "pip install apache-beam==2.77.0" in result.stdout


def test_the_strategies_without_hypothesis_name_the_extra() -> None:
    result = run_without(
        "hypothesis",
        """
        try:
            import gemini_wire.strategies
        except ImportError as e:
            print(e)
        """,
    )
    assert result.returncode == 0, result.stderr
    assert "pip install hypothesis" in result.stdout
