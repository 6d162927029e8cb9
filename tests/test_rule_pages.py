"""Finding a rule: its page in docs/rules.md (generated from the declarations), `gemini-wire rules`
by code or by name, and a usage message that names the command when a code is wrong."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from gemini_wire.cli import commands
from gemini_wire.cli.args import RulesOptions
from gemini_wire.rules import RULES, shown

ROOT = Path(__file__).resolve().parent.parent


def rule_pages() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rule_pages", ROOT / "codegen" / "rule_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rules(*asked: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = commands.rules(RulesOptions(asked), out, err)
    return status, out.getvalue(), err.getvalue()


def test_the_checked_in_rules_page_is_what_the_declarations_give() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rule_pages().page()


def test_the_rules_page_has_each_rule_with_its_examples_and_source() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    sections = page.split('<a id="')[1:]
    assert [s.split('"', 1)[0] for s in sections] == [code.lower() for code in RULES]
    for section, rule in zip(sections, RULES.values(), strict=True):
        assert f"### {rule.code} `{rule.name}`" in section
        assert shown(rule.bad) in section and shown(rule.good) in section
        assert f"<{rule.source}>" in section and rule.evidence in section


def test_a_rule_is_found_by_its_name_as_by_its_code() -> None:
    by_code = rules("GW102")
    assert by_code[0] == 0 and by_code[1].startswith("GW102 unknown-field (error)\n")
    assert rules("unknown-field") == by_code
    assert rules("Unknown_Field") == by_code


def test_a_close_miss_of_a_name_suggests_the_nearest() -> None:
    status, out, err = rules("unkown-field")
    assert (status, out) == (2, "")
    # The nearest first (unknown-model is near too).
    assert err.startswith("gemini-wire rules: no rule unkown-field (by code or name); did you mean unknown-field")
    assert "did you mean" not in rules("GW999")[2]  # a near code is only another rule


def test_a_bad_select_prints_lints_usage_and_exits_two(tmp_path: Path) -> None:
    for option in ("--select", "--ignore"):
        done = subprocess.run(
            [sys.executable, "-m", "gemini_wire.cli", "lint", option, "GW99", "x.json"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert done.returncode == 2
        assert done.stderr.startswith("usage: gemini-wire lint ")
        assert f"gemini-wire lint: error: {option}: no rule code starts with 'GW99'" in done.stderr
