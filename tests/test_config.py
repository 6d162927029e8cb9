"""Configuration under hostile or unusual input: read like a payload file (a regular file, capped),
parsed as TOML before it is looked up, every wrong type a usage error naming the file and the key,
and applied only to the files in its folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gemini_wire.cli import args
from gemini_wire.cli.args import LintOptions
from gemini_wire.limits import MAX_CONFIG

# routingConfig is a field of Vertex AI only: clean in `vertex`, an error in `gemini`.
VERTEX_ONLY = (
    '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}],'
    ' "generationConfig": {"routingConfig": {"autoMode": {}}}}'
)


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The message of a usage error (exit 2) that parsing `argv` gives."""
    with pytest.raises(SystemExit) as e:
        args.parse(argv)
    assert e.value.code == 2
    return capsys.readouterr().err


def gw(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "gemini_wire.cli", *argv], capture_output=True, text=True, cwd=cwd, timeout=60
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_device_given_as_config_is_refused_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    message = usage_error(["lint", "--config", "/dev/zero", "x.json"], capsys)
    assert "/dev/zero: cannot read: not a regular file" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_pyproject_found_upwards_is_refused_and_never_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pyproject.toml")
    (tmp_path / "sub").mkdir()
    result = gw("lint", "-", cwd=tmp_path / "sub")  # the timeout fails the test if it blocks
    assert result.returncode == 2
    assert f"{tmp_path / 'pyproject.toml'}: cannot read: not a regular file" in result.stderr


def test_a_config_past_the_size_cap_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# padding\n" * (MAX_CONFIG // 10 + 1))
    assert "more than the 1 MiB gemini-wire reads as a configuration file" in usage_error(
        ["lint", "--config", str(big), "x.json"], capsys
    )


@pytest.mark.parametrize(
    "spelling",
    [
        '[tool.gemini-wire]\ndialect = "vertex"\n',
        '[tool."gemini-wire"]\ndialect = "vertex"\n',
        '[tool]\ngemini-wire = {dialect = "vertex"}\n',
        'tool = {"gemini-wire" = {dialect = "vertex"}}\n',
    ],
)
def test_every_toml_spelling_of_the_table_is_read(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(spelling)
    monkeypatch.chdir(tmp_path)
    options = args.parse(["lint", "x.json"])
    assert isinstance(options, LintOptions) and options.inputs.config.target_of("x.json").dialect == "vertex"


def test_the_interactions_dialects_are_taken_at_the_top_level_and_per_glob(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gemini-wire]\ndialect = "interactions-v1"\n[tool.gemini-wire.files."beta/*"]\ndialect = "interactions-v1beta"\n'
    )
    monkeypatch.chdir(tmp_path)
    options = args.parse(["lint", "x.json"])
    assert isinstance(options, LintOptions)
    assert options.inputs.config.target_of("x.json").dialect == "interactions-v1"
    assert options.inputs.config.target_of("beta/x.json").dialect == "interactions-v1beta"


def test_kind_event_wants_the_interactions_dialect_on_the_command_line_not_only_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.gemini-wire]\ndialect = "interactions-v1"\n')
    monkeypatch.chdir(tmp_path)
    assert "choose one with --dialect interactions-v1" in usage_error(["lint", "--kind", "event", "e.json"], capsys)
    assert isinstance(args.parse(["lint", "--dialect", "interactions-v1", "--kind", "event", "e.json"]), LintOptions)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('tool = "x"\n', "`tool` is a string"),
        ('[tool]\ngemini-wire = "x"\n', "`tool.gemini-wire` is a string"),
        ("[tool.gemini-wire]\nselect = 3\n", "select is a list of rule codes or prefixes, not 3"),
        ('[tool.gemini-wire]\nignore = [1, "GW1"]\n', "ignore is a list of rule codes or prefixes"),
        ("[tool.gemini-wire]\nfail-on = 3\n", "fail-on is one of error, warning, not 3"),
        ("[tool.gemini-wire]\nfail-on = []\n", "fail-on is one of error, warning, not []"),
        ("[tool.gemini-wire]\ndialect = 3\n", "dialect is a name"),
        ('[tool.gemini-wire]\ndialect = "openai"\n', "unknown dialect 'openai'"),
        (
            '[tool.gemini-wire.files."a/*"]\ndialect = "interactions-v2"\n',
            "unknown dialect 'interactions-v2': use one of gemini-v1beta, gemini-v1, vertex-v1, vertex-v1beta1, "
            "gemini, vertex, interactions-v1, interactions-v1beta",
        ),
        ("[tool.gemini-wire]\nmodel = true\n", "model is a name"),
        ("[tool.gemini-wire]\nfiles = 3\n", "files is a table of globs"),
        ('[tool.gemini-wire.files."a/*"]\nselect = ["GW1"]\n', 'files."a/*": a glob takes only dialect and model'),
        ('[tool.gemini-wire]\nfiles = {"a/*" = 3}\n', 'files."a/*": a glob takes only'),
        ('[tool.gemini-wire.files."a/*"]\nmodel = 2\n', "model is a name"),
        ("[tool.gemini-wire]\nexclude = 3\n", "exclude is a list of patterns"),
        ("[tool.gemini-wire]\nextend-exclude = [{}]\n", "extend-exclude is a list of patterns"),
        ("[tool.gemini-wire]\ninclude = true\n", "include is a list of patterns"),
        ('[tool.gemini-wire]\nrespect-gitignore = "no"\n', "respect-gitignore is true or false, not 'no'"),
        ("[tool.gemini-wire]\nselct = []\n", "unknown key 'selct'"),
        ("[tool.gemini-wire\n", "not valid TOML"),
    ],
)
def test_a_wrong_value_is_a_usage_error_naming_the_file_and_the_key(
    text: str, named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    message = usage_error(["lint", "x.json"], capsys)
    assert str(tmp_path / "pyproject.toml") in message and named in message


def test_a_config_file_that_is_not_utf8_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "c.toml").write_bytes(b'model = "\xff"\n')
    assert "not UTF-8" in usage_error(["lint", "--config", str(tmp_path / "c.toml"), "x.json"], capsys)


def test_a_pyproject_without_the_table_is_passed_for_one_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.gemini-wire]\ndialect = "vertex"\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    monkeypatch.chdir(tmp_path / "pkg")
    options = args.parse(["lint", "x.json"])
    assert isinstance(options, LintOptions) and options.inputs.config.path == tmp_path / "pyproject.toml"


def test_a_config_found_upwards_does_not_apply_to_files_outside_its_folder(tmp_path: Path) -> None:
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    for folder in (project, elsewhere):
        folder.mkdir()
        (folder / "r.json").write_text(VERTEX_ONLY)
    (project / "pyproject.toml").write_text('[tool.gemini-wire]\ndialect = "vertex"\nignore = ["GW316"]\n')
    inside = gw("lint", "r.json", cwd=project)
    assert inside.returncode == 0, inside.stdout
    outside = gw("lint", "r.json", str(elsewhere / "r.json"), cwd=project)
    assert outside.returncode == 1
    assert outside.stdout.startswith("r.json: ok (vertex request)\n")
    # Checked as the defaults check it: as a Gemini API request, where routingConfig is not a field.
    assert f"{elsewhere / 'r.json'}:1:" in outside.stdout and "check the payload as --dialect vertex" in outside.stdout


def test_a_config_named_with_the_option_applies_to_every_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "gw.toml").write_text('dialect = "vertex"\n')
    (tmp_path / "r.json").write_text(VERTEX_ONLY)
    assert gw("lint", "--config", "conf/gw.toml", "r.json", cwd=tmp_path).returncode == 0
