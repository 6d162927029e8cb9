"""One registry of dialects: no module of ours is looked up by name elsewhere, and the floors
below the dialects load none of them by themselves."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gemini_wire import dialect, recognize
from gemini_wire.dialects import INFO, INTERACTIONS, NAMES

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gemini_wire"
REGISTRY = PACKAGE / "dialects.py"
# Modules that look up a module by name, and what they look up: never one of ours.
OTHERS_BY_NAME = {PACKAGE / "fake.py": "the HTTP packages of the SDK (httpx2, httpx)"}
# The Interactions API's dialects stand on the same floor (issue 23).
DIALECT_MODULES = {i.module for i in (*INFO.values(), *INTERACTIONS.values())} | {
    "gemini_wire.dialect",
    "gemini_wire.dialects",
    "gemini_wire.interactions_dialect",
}


def lookups(path: Path) -> list[ast.Call]:
    """The calls of `importlib.import_module`, `import_module` and `__import__` in a file."""
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name in ("import_module", "__import__"):
                calls.append(node)
    return calls


def names_ours(call: ast.Call) -> bool:
    """Whether the module a lookup names is written out and is one of ours."""
    if not call.args:
        return False
    text = ast.unparse(call.args[0])
    return "gemini_wire" in text or text.startswith(("'.", '".'))


def test_only_the_registry_looks_up_a_module_of_ours_by_name() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == REGISTRY or "_generated" in path.parts:
            continue
        for call in lookups(path):
            where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
            assert not names_ours(call), f"{where} looks up a module of ours: name it in an import, or ask dialects.dialect"
            assert path in OTHERS_BY_NAME, f"{where} looks up a module by name; only dialects.py may"


def test_the_registry_looks_up_the_dialect_modules() -> None:
    assert lookups(REGISTRY), "dialects.dialect loads a dialect's module when first named"


def loaded_by(module: str) -> list[str]:
    """The modules of the package that importing `module` loads, without the package's own
    __init__ (which loads the public dialects)."""
    code = (
        "import importlib.util, json, sys\n"
        "spec = importlib.util.find_spec('gemini_wire')\n"
        "sys.modules['gemini_wire'] = importlib.util.module_from_spec(spec)\n"
        f"import {module}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('gemini_wire.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    loaded: list[str] = json.loads(out)
    return loaded


def test_the_codec_loads_no_dialect_and_no_generated_module_by_itself() -> None:
    # A dialect's generated modules are handed to its Codec by the dialect module.
    loaded = loaded_by("gemini_wire.codec")
    assert not [m for m in loaded if m in DIALECT_MODULES or m.startswith("gemini_wire._generated")]


def test_endpoints_imports_nothing_of_the_package() -> None:
    assert loaded_by("gemini_wire.endpoints") == ["gemini_wire.endpoints"]


@pytest.mark.parametrize("module", ["gemini_wire.lint", "gemini_wire.conversation", "gemini_wire.accessors"])
def test_a_pass_over_a_dialect_loads_no_dialect_module(module: str) -> None:
    assert not set(loaded_by(module)) & (DIALECT_MODULES - {"gemini_wire.dialects"})


# The dialect floor and what stands on it (ARCH: dialects, documents, front ends), by module or
# package, besides the package itself; the stream decoder is an entry point that takes a name.
ON_THE_DIALECTS = (
    *DIALECT_MODULES,
    "gemini_wire.stream.decode",
    "gemini_wire.drift",
    "gemini_wire.testing",
    "gemini_wire.fake",
    "gemini_wire.pytest_plugin",
    "gemini_wire.cli",
    "gemini_wire.documents",
    "gemini_wire.beam",
    "gemini_wire.strategies",
    "gemini_wire.genai",
)


def on_the_dialects(name: str) -> bool:
    return name == "gemini_wire" or any(name == m or name.startswith(f"{m}.") for m in ON_THE_DIALECTS)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The modules a file imports, with `from a import b` as both `a` and `a.b` (TYPE_CHECKING too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def test_below_the_dialects_no_module_imports_one() -> None:
    # A pass over a dialect takes the Dialect (or its codec) from the edge, which resolved it.
    below = [path for path in sorted(PACKAGE.rglob("*.py")) if not on_the_dialects(module_name(path))]
    assert len(below) > 50
    for path in below:
        assert not imported(path) & DIALECT_MODULES, (module_name(path), imported(path) & DIALECT_MODULES)


def test_the_generated_checks_import_nothing_that_loads_them() -> None:
    # The quick checks and censuses stand beside the Structs: they import them, msgspec and the
    # ground floor's bounds, never the codec or lint that use them.
    allowed = {"msgspec", "msgspec.structs", "gemini_wire._generated", "gemini_wire.bounds", "gemini_wire.limits"}
    folder = PACKAGE / "_generated"
    for path in sorted([*folder.glob("*_quick.py"), *folder.glob("*_census.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert imported <= allowed, (path.name, imported - allowed)


def test_recognize_knows_the_structs_of_every_dialect() -> None:
    assert list(recognize.STRUCTS) == [dialect(name).structs for name in NAMES]
