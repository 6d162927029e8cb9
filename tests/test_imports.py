"""What an import loads, in a fresh interpreter: `import gemini_wire` nothing but the package, one
dialect its own Structs and codec (not the other dialects, the linter's checks or the streams),
and the package's public names all still there, for the interpreter and for type checkers."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import gemini_wire

INIT = Path(gemini_wire.__file__)
DIALECT_MODULES = {"gemini": "gemini_v1beta", "gemini_v1": "gemini_v1", "vertex": "vertex_v1", "vertex_v1beta1": "vertex_v1beta1"}
# What a dialect stands on (by floor: the first name below gemini_wire), besides its own module
# and its generated modules: the codec and the ground and catalog below it.
UNDER_A_DIALECT = {
    "_base",
    "bounds",
    "codec",
    "dialect",
    "dialects",
    "endpoints",
    "findings",
    "limits",
    "positions",
    "rules",
    "secrets",
}


def loaded(code: str) -> list[str]:
    """The modules of the package in sys.modules after running `code` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'gemini_wire')))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    found: list[str] = json.loads(out)
    return found


def test_importing_the_package_loads_nothing_else() -> None:
    assert loaded("import gemini_wire") == ["gemini_wire"]


@pytest.mark.parametrize("module", sorted(DIALECT_MODULES))
def test_one_dialect_loads_its_structs_and_the_codec_only(module: str) -> None:
    found = loaded(f"from gemini_wire import {module}")
    generated = {m.rpartition(".")[2] for m in found if m.startswith("gemini_wire._generated.")}
    # Its own generated modules, and the classes every dialect shares (_generated/common.py).
    assert generated == {DIALECT_MODULES[module] + suffix for suffix in ("", "_wire", "_quick", "_census", "_spell")} | {"common"}
    floors = {m.split(".")[1] for m in found if "." in m} - {"_generated", module}
    assert floors <= UNDER_A_DIALECT, floors - UNDER_A_DIALECT  # no lint, checks, models, stream, other dialects
    # The linter's checks load on the first lint, and linting works from there.
    after = loaded(f"from gemini_wire import {module}\nassert {module}.lint_request(b'{{}}')")
    assert {"gemini_wire.lint", "gemini_wire.checks"} <= set(after)


def test_every_public_name_is_there_and_dialect_stays_the_function() -> None:
    # `dialect` is also a submodule (the Dialect class): loading it later leaves the name alone.
    code = (
        "import gemini_wire, gemini_wire.dialect\n"
        "from gemini_wire.dialect import Dialect\n"
        "from gemini_wire import *\n"
        "assert callable(dialect) and gemini_wire.dialect is dialect, gemini_wire.dialect\n"
        "assert isinstance(dialect('vertex'), Dialect) and gemini_wire.vertex is vertex\n"
        "assert [getattr(gemini_wire, n) for n in gemini_wire.__all__]\n"
        "import gemini_wire.stream, gemini_wire.conversation\n"
        "assert gemini_wire.DIALECTS == gemini_wire.dialects.NAMES\n"
    )
    assert "gemini_wire.lint" not in loaded(code)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        gemini_wire.nothing  # noqa: B018


def test_type_checkers_see_every_public_name() -> None:
    # The names are imported under TYPE_CHECKING for mypy and editors: exactly __all__.
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    (block,) = [n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)]
    names = {a.asname or a.name for n in block.body if isinstance(n, ast.ImportFrom) for a in n.names}
    assert names == set(gemini_wire.__all__)
