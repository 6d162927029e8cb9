"""The conventions of a linter, each through a real subprocess: what a user or CI sees.

--version and `python -m gemini_wire`; [tool.gemini-wire] configuration and --config; --output
and --exit-zero; a quiet end when the reader of a pipe goes away; fmt in the user's layout; the
README's CI recipe on a fresh clone; what the package says of itself on its index page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from gemini_wire import __version__

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GOOD = '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}'
# routingConfig is a field of Vertex AI only (GW111 on the Gemini API).
LABELS = '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"routingConfig": {"autoMode": {}}}}'
LOGPROBS = (
    '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], '
    '"generationConfig": {"responseLogprobs": true, "logprobs": 3}}'
)


def run(*argv: str, cwd: Path = ROOT, module: str = "gemini_wire") -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", module, *argv], capture_output=True, text=True, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_version_is_printed_by_the_command_and_the_module() -> None:
    script = subprocess.run([BIN / "gemini-wire", "--version"], capture_output=True, text=True)
    assert (script.returncode, script.stdout) == (0, f"gemini-wire {__version__}\n")
    assert run("--version").stdout == f"gemini-wire {__version__}\n"


def test_python_dash_m_gemini_wire_is_the_command() -> None:
    result = run("lint", "examples")
    assert result.returncode == 0 and "0 error(s)" in result.stdout


# --------------------------------------------------------------------------- configuration


def project(tmp_path: Path, config: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "payloads" / "vertex").mkdir(parents=True)
    (tmp_path / "payloads" / "vertex" / "labels.json").write_text(LABELS)
    (tmp_path / "payloads" / "logprobs.json").write_text(LOGPROBS)
    return tmp_path


CONFIG = """
[tool.gemini-wire]
fail-on = "warning"
ignore = ["GW316"]

[tool.gemini-wire.files."payloads/vertex/*"]
dialect = "vertex"
"""


def test_pyproject_sets_the_dialect_per_glob_and_the_rules(tmp_path: Path) -> None:
    folder = project(tmp_path, CONFIG)
    result = run("lint", "payloads", cwd=folder)
    # routingConfig is a Vertex AI field: clean in the configured dialect; GW316 (a warning) is ignored.
    assert result.returncode == 0, result.stdout
    assert "payloads/vertex/labels.json: ok (vertex request)" in result.stdout
    nested = folder / "payloads"  # the configuration is found upwards from the working folder
    assert run("lint", ".", cwd=nested).returncode == 0


def test_the_command_line_overrides_the_configuration(tmp_path: Path) -> None:
    folder = project(tmp_path, CONFIG)
    assert run("lint", "--dialect", "gemini", "payloads", cwd=folder).returncode == 1  # GW111 on routingConfig
    assert run("lint", "--ignore", "GW133", "payloads", cwd=folder).returncode == 1  # GW316 back, fail-on warning
    assert run("lint", "--ignore", "GW133", "--fail-on", "error", "payloads", cwd=folder).returncode == 0


def test_config_names_a_file_and_a_wrong_one_is_a_usage_error(tmp_path: Path) -> None:
    folder = project(tmp_path, "[project]\nname = 'x'\n")  # no [tool.gemini-wire]: defaults
    assert run("lint", "payloads", cwd=folder).returncode == 1  # routingConfig on the Gemini API
    (folder / "gemini-wire.toml").write_text('[files."payloads/vertex/*"]\ndialect = "vertex"\n')
    assert run("lint", "--config", "gemini-wire.toml", "payloads", cwd=folder).returncode == 0
    (folder / "bad.toml").write_text('fail-on = "sometimes"\n')
    bad = run("lint", "--config", "bad.toml", "payloads", cwd=folder)
    assert bad.returncode == 2 and "fail-on is one of error, warning, not 'sometimes'" in bad.stderr


# --------------------------------------------------------------------------- output and exit


def test_output_writes_the_report_to_a_file(tmp_path: Path) -> None:
    report = tmp_path / "gemini-wire.sarif"
    bad = tmp_path / "bad.json"
    bad.write_text(LABELS)
    result = run("lint", "--format", "sarif", "--output", str(report), str(bad))
    assert (result.returncode, result.stdout) == (1, "")
    sarif = json.loads(report.read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["GW111"]


def test_exit_zero_keeps_the_findings_and_exits_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(LABELS)
    result = run("lint", "--exit-zero", str(bad))
    assert result.returncode == 0 and "GW111 error" in result.stdout
    assert run("lint", "--exit-zero", str(tmp_path / "missing.json")).returncode == 2


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    for i in range(1500):  # far more findings than a pipe holds
        (tmp_path / f"{i:04d}.json").write_text(LABELS)
    command = f"set -o pipefail; {sys.executable} -m gemini_wire lint {tmp_path} | head -n 1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert result.stdout.count("\n") == 1 and "GW111" in result.stdout
    assert result.stderr == ""
    assert result.returncode == 141  # 128 + SIGPIPE, as the shell reports `yes | head`


# --------------------------------------------------------------------------- fmt


def test_fmt_rewrites_spellings_and_keeps_order_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "hand-written.json"
    path.write_text(
        "{\n"
        '    "generation_config": {"top_k": "40", "temperature": 1},\n'
        '    "contents": [\n'
        '        {"parts": {"text": "hi"}, "role": "user"}\n'
        "    ]\n"
        "}\n"
    )
    assert run("fmt", "--write", str(path)).returncode == 0
    assert path.read_text() == (
        "{\n"
        '    "generationConfig": {"topK": 40, "temperature": 1.0},\n'
        '    "contents": [\n'
        '        {"parts": [{"text": "hi"}], "role": "user"}\n'
        "    ]\n"
        "}\n"
    )
    assert run("fmt", "--check", str(path)).returncode == 0


def test_the_examples_pass_fmt_check() -> None:
    result = run("fmt", "--check", "examples")
    assert result.returncode == 0, result.stdout


# --------------------------------------------------------------------------- the package


def ci_steps() -> list[str]:
    section = (ROOT / "README.md").read_text().split("\n## Use in CI\n", 1)[1].split("\n## ", 1)[0]
    workflow = yaml.safe_load(re.findall(r"```yaml\n(.*?)```", section, re.S)[0])
    return [step["run"] for step in workflow["jobs"]["gemini-payloads"]["steps"] if "run" in step]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_the_readme_ci_recipe_passes_on_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    install, *steps = ci_steps()
    # The install step is pip's (no network here): the package under test is already installed.
    assert install == "python -m pip install '.[cassettes]'"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for step in steps:
        result = subprocess.run(["bash", "-ec", step], cwd=clone, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
    assert json.loads((clone / "gemini-wire.sarif").read_text())["version"] == "2.1.0"


def test_the_readme_opens_with_the_two_commands_then_what_the_package_is() -> None:
    title, commands, _setup, first, *_ = (ROOT / "README.md").read_text().split("\n\n")
    assert title == "# gemini-wire"
    assert commands.splitlines()[1:3] == [line for line in commands.splitlines() if line.startswith("make ")]
    assert [line.split()[:2] for line in commands.splitlines()[1:3]] == [["make", "run"], ["make", "test"]]
    assert first.startswith("Check Gemini `generateContent` traffic offline")


def test_the_package_names_its_licence_and_urls() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'license = "Apache-2.0"' in text and 'license-files = ["LICENSE"]' in text
    assert "[project.urls]" in text
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("Apache License\n")


def test_the_wheel_carries_the_licence_the_plugin_and_the_schemas(tmp_path: Path) -> None:
    uv = Path(sys.executable).with_name("uv")  # make test's venv has it (requirements/dev.txt)
    build = (
        [str(uv), "build", "--quiet", "--system-certs", "--wheel", "-o", str(tmp_path), str(ROOT)]
        if uv.is_file()
        else [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)]
    )
    built = subprocess.run(build, capture_output=True, text=True)  # either way by the build backend, setuptools
    if built.returncode != 0 and "setuptools" in built.stderr:
        pytest.skip(f"no build backend reachable: {built.stderr.strip().splitlines()[-1]}")
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"[pytest11]" in entry_points and b"gemini_wire.pytest_plugin" in entry_points
    # The JSON Schemas, for `gemini-wire schema` and editors (README: What the package weighs):
    # the checked-in files, 1.8 MiB on disk but some 130 KiB of the download, read by nothing else.
    schemas = [i for i in zipfile.ZipFile(wheel).infolist() if i.filename.startswith("gemini_wire/schema/")]
    assert sorted(i.filename.removeprefix("gemini_wire/") for i in schemas) == sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "schema").glob("*/*.json")
    )
    assert sum(i.compress_size for i in schemas) < 256 * 1024
    assert wheel.stat().st_size < 1024 * 1024


def test_fmt_leaves_recordings_alone() -> None:
    result = run("fmt", "--check", "tests/cassettes")
    assert (result.returncode, result.stdout) == (0, "0 file(s) would be reformatted, 0 already canonical\n")
    for name in ("recording.har", "httprr.httprr", "nock.json"):
        named = run("fmt", "--check", f"tests/cassettes/{name}")
        assert named.returncode == 0, name
        assert "not a JSON payload (a cassette, HAR, nock, httprr or YAML file), left as it is" in named.stderr, name


def test_a_dialect_can_be_named_by_its_version(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_text(LABELS)
    assert run("lint", "--dialect", "vertex-v1", str(path)).returncode == 0
    assert run("lint", "--dialect", "gemini-v1beta", str(path)).returncode == 1  # routingConfig: Vertex AI only


def test_fmt_keeps_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.json"
    path.write_bytes(b'{\r\n  "contents": [{"role": "user", "parts": [{"text": "hi"}]}]\r\n}\r\n')
    assert run("fmt", "--check", str(path)).returncode == 0
