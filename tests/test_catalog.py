"""The rules are values: each is reported through its declaration, from the places it names.

Read from the code with `ast`: no module of src names a rule by its "GWnnn" string to look it
up; each place a declaration's `checked_by` names reports the rule (imports its value, or for
codegen/limits.toml has a row of its code), and every module that reports a rule is named there;
each rule of lint's pass has exactly one registered check.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from gemini_wire.checks import CHECKS
from gemini_wire.checks.base import REGISTERED
from gemini_wire.rules import RULES, Rule, base

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "gemini_wire"
CODE = re.compile(r"GW[0-9]{3}")


def modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        if not name.startswith("gemini_wire._generated"):
            out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


MODULES = modules()
NAMES = {
    rule.code: name
    for module in ("batch", "contents", "conversation", "exchanges", "generation", "interactions", "interactions_exchanges", "interactions_stream", "media", "per_model", "safety", "schemas", "stream", "structure", "tools")
    for name, rule in vars(__import__(f"gemini_wire.rules.{module}", fromlist=["_"])).items()
    if isinstance(rule, Rule)
}


def docstrings(tree: ast.Module) -> set[int]:
    return {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
    }


def code_strings(tree: ast.Module) -> list[tuple[int, str]]:
    """The "GWnnn" strings of a module (docstrings aside)."""
    skip = docstrings(tree)
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.fullmatch(n.value) and id(n) not in skip
    ]


def declared_codes(tree: ast.Module) -> set[int]:
    """The lines of `code="GWnnn"` in declarations."""
    return {
        k.value.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "declare"
        for k in n.keywords
        if k.arg == "code"
    }


def reporters(tree: ast.Module) -> set[str]:
    """The rules (by value name) that a module reports: `NAME.finding(...)`, or NAME handed to a call."""
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call):
            f = n.func
            if isinstance(f, ast.Attribute) and f.attr == "finding" and isinstance(f.value, ast.Name):
                out.add(f.value.id)
            out.update(a.id for a in [*n.args, *(k.value for k in n.keywords)] if isinstance(a, ast.Name))
    return out & set(NAMES.values())


def test_every_rule_is_a_value_named_after_it() -> None:
    assert set(NAMES) == set(RULES)
    assert {code: name for code, name in NAMES.items() if name != re.sub(r"[^A-Za-z0-9]", "_", RULES[code].name).upper()} == {}
    assert len(base.DECLARED) == len(RULES)


def test_no_module_names_a_rule_by_its_code_string() -> None:
    found = {}
    for name, tree in MODULES.items():
        allowed = declared_codes(tree) if name.startswith("gemini_wire.rules.") else set()
        left = [(line, code) for line, code in code_strings(tree) if line not in allowed]
        if left:
            found[name] = left
    assert found == {}


@pytest.mark.parametrize("code", sorted(RULES))
def test_each_place_a_rule_names_reports_it(code: str) -> None:
    r = RULES[code]
    assert r.checked_by, f"{code} names no place that checks it"
    for place in r.checked_by:
        if place.endswith(".toml"):
            assert re.search(rf'^code = "{code}"$', (ROOT / place).read_text(), re.MULTILINE), place
        else:
            assert NAMES[code] in reporters(MODULES[place]), place


def test_every_module_that_reports_a_rule_is_named_by_it() -> None:
    unnamed = {
        (NAMES_BY_VALUE[value], name)
        for name, tree in MODULES.items()
        if not name.startswith("gemini_wire.rules")
        for value in reporters(tree)
        if name not in RULES[NAMES_BY_VALUE[value]].checked_by
    }
    assert unnamed == set()


NAMES_BY_VALUE = {name: code for code, name in NAMES.items()}


def test_every_lint_rule_has_exactly_one_registered_check_in_a_place_it_names() -> None:
    registered = [r.rule.code for r in REGISTERED]
    assert sorted(registered) == sorted(set(registered)) == sorted(CHECKS)
    assert {code: c.check.__module__ for code, c in CHECKS.items() if c.check.__module__ not in RULES[code].checked_by} == {}
    assert all(c.rule is RULES[code] for code, c in CHECKS.items())
