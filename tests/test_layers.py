"""The floors of the house (issue 21), read from the code: the import graph of src/gemini_wire drawn
with `ast` from every import (module level, in functions, under TYPE_CHECKING) and every
`importlib.import_module` call, checked against the floors the modules stand on.

Floor 0 is the ground (secrets, findings, _base, limits, endpoints, models, positions), floor 1
the catalog of rules (gemini_wire.rules: declarations only), and lint's checks (gemini_wire.checks)
stand above the codec.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gemini_wire"
# The ground floor: what the catalog may stand on.
GROUND = {"secrets", "findings", "_base", "limits", "endpoints", "models", "positions"}
ABOVE_THE_CATALOG = ("checks", "codec", "lint", "census")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


SOURCES = sources()


def pattern(node: ast.expr) -> re.Pattern[str] | None:
    """The module names an `import_module` argument can give: a string, or an f-string whose
    holes stand for any name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.compile(re.escape(node.value))
    if isinstance(node, ast.JoinedStr):
        return re.compile("".join(re.escape(v.value) if isinstance(v, ast.Constant) else "[A-Za-z0-9_.]+" for v in node.values))
    return None


def imported(name: str, path: Path) -> Iterator[str]:
    """The project modules that one module imports, however it does it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            for a in node.names:
                yield f"{base}.{a.name}" if f"{base}.{a.name}" in SOURCES else base
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if called == "import_module" and node.args and (p := pattern(node.args[0])):
                yield from (m for m in SOURCES if p.fullmatch(m))


@functools.cache
def graph() -> dict[str, set[str]]:
    """Who imports whom among the project's modules: parsed when a test first asks (some 4 s), not
    while every pytest-xdist worker collects the suite."""
    return {name: {m for m in imported(name, path) if m in SOURCES and m != name} for name, path in SOURCES.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        # Iterative, so that a long chain of imports cannot reach the recursion limit.
        work = [(v, iter(sorted(edges.get(v, ()))))]
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        while work:
            node, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return sorted(found)


def floor_name(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_the_graph_sees_every_kind_of_import() -> None:
    # a module-level import, one under TYPE_CHECKING, and an importlib call with an f-string
    assert "gemini_wire.rules.base" in graph()["gemini_wire.rules.contents"]
    assert "gemini_wire.checks.walk" in graph()["gemini_wire.checks.base"]  # under TYPE_CHECKING
    # (no module of ours calls import_module with a literal or an f-string any more: the registry
    # names its module by a value; the pattern is what would catch one)
    found = pattern(ast.parse('f"gemini_wire._generated.{dialect}_census"', mode="eval").body)
    assert found is not None and found.fullmatch("gemini_wire._generated.gemini_v1_census")


def test_the_cycle_finder_finds_circles() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_findings_and_the_catalog_stand_on_the_ground() -> None:
    catalog = [m for m in graph() if m == "gemini_wire.findings" or m.startswith("gemini_wire.rules")]
    assert len(catalog) > 10
    wrong = {
        (m, dep)
        for m in catalog
        for dep in graph()[m]
        if floor_name(dep) not in GROUND and not dep.startswith("gemini_wire.rules")
    }
    assert wrong == set()


def test_the_catalog_imports_nothing_that_checks_it() -> None:
    wrong = {
        (m, dep)
        for m in graph()
        if m.startswith("gemini_wire.rules")
        for dep in graph()[m]
        if floor_name(dep) in ABOVE_THE_CATALOG
    }
    assert wrong == set()


def test_no_import_cycles() -> None:
    # The whole house without a circle: every module can be read, imported and tested with only
    # what stands below it.
    assert cycles(graph()) == []
