"""The README's commands work as written in a clone: every `gemini-wire` line runs on this
repository's files, the install lines install from the checkout, and the paths it names exist."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

import inprocess
import pytest
import yaml
from jsonschema import Draft202012Validator

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHELL = [line for block in re.findall(r"```sh\n(.*?)```", README, re.S) for line in block.splitlines()]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def offline_commands() -> list[str]:
    """The `gemini-wire` lines of the README's shell blocks and of its GitHub Actions job."""
    lines = [line for line in SHELL if line.startswith("gemini-wire ")]
    for block in re.findall(r"```yaml\n(.*?)```", README, re.S):
        document = yaml.safe_load(block)
        for job in document.get("jobs", {}).values():
            lines += [step["run"] for step in job["steps"] if step.get("run", "").startswith("gemini-wire ")]
    return lines


@pytest.fixture(scope="session")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder that looks like a clone to the commands: its examples and cassettes, and room for
    the files a command writes (`--output gemini-wire.sarif`). One for the worker's session, so that
    no teardown of the module between two of the README's commands takes away what the first wrote
    (once, under xdist, `drift --baseline known.json` found none after `drift -o known.json`)."""
    folder = tmp_path_factory.mktemp("clone")
    for part in ("examples", "tests"):
        (folder / part).symlink_to(ROOT / part)
    return folder


def test_the_readme_has_the_commands_this_test_runs() -> None:
    commands = offline_commands()
    assert len(commands) >= 8
    assert {shlex.split(c)[1] for c in commands} == {"lint", "fmt", "schema", "rules", "drift"}


# One worker runs them in the README's order: a command may read what an earlier one wrote
# (`drift --baseline known.json` after `drift -o known.json`), in the clone they share.
@pytest.mark.xdist_group("readme-commands")
@pytest.mark.parametrize("command", offline_commands())
def test_each_gemini_wire_command_of_the_readme_runs_as_written(command: str, clone: Path) -> None:
    argv = shlex.split(command, comments=True)
    done = inprocess.run(argv[1:], cwd=clone)  # main() in this process, as `gemini-wire` runs it
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1), done.stderr  # 2 would be a usage error or a missing file
    flag = next((f for f in ("--output", "-o") if f in argv), None)
    written = argv[argv.index(flag) + 1] if flag else None
    assert done.stdout or (written and (clone / written).read_text())  # the report, wherever it goes


def test_the_install_lines_install_from_the_checkout_with_extras_that_exist() -> None:
    installs = [line for line in SHELL if re.match(r"(\S*python -m )?pip install", line.split("#")[0].strip())]
    ours = [line for line in installs if "atheris" not in line]
    assert ours, "the README says how to install gemini-wire"
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    for line in ours:
        words = shlex.split(line, comments=True)
        target = words[words.index("install") + 1]
        assert target == "." or target.startswith(".["), f"not installable from a clone yet: {line}"
        assert set(re.findall(r"\[(\w+)\]", target)) <= extras
    assert not re.search(r"pip install '?gemini-wire\b", README), "gemini-wire is not published yet"


def test_the_wheel_the_readme_names_is_the_version_a_clone_builds() -> None:
    version = PYPROJECT["project"]["version"]
    wheels = re.findall(r"dist/gemini_wire-([\w.]+)-py3-none-any\.whl", README)
    assert wheels and set(wheels) == {version}


def test_every_schema_file_the_readme_names_exists() -> None:
    named = set(re.findall(r"schema/[\w.-]+/[\w.-]+\.json", README))
    assert named
    assert [name for name in sorted(named) if not (ROOT / name).is_file()] == []


def test_the_check_jsonschema_example_validates_its_example_with_its_schema() -> None:
    (example,) = re.findall(r"`(check-jsonschema [^`]+)`", README.replace("\n", " "))
    words = shlex.split(example)
    schema = json.loads((ROOT / words[words.index("--schemafile") + 1]).read_text())
    instance = json.loads((ROOT / words[-1]).read_text())
    # check-jsonschema validates with the draft that the schema's $schema names (2020-12 here).
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(Draft202012Validator(schema).iter_errors(instance)) == []


def test_the_readme_links_the_changelog_the_stability_policy_and_the_rules_page() -> None:
    for target in ("CHANGELOG.md", "docs/stability.md", "docs/rules.md"):
        assert f"]({target})" in README and (ROOT / target).is_file()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog and "keepachangelog.com" in changelog
