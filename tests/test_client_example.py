"""The client of tests/client_example.py, written as a dependent writes one, works and passes
`mypy --strict` on every dialect (issue 24: "Done when").

The example is written for gemini-v1beta; each dialect's copy names its own module and dialect,
which is all a client for another endpoint version changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gemini_wire.endpoints import INFO

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "tests" / "client_example.py").read_text(encoding="utf-8")
DIALECTS = list(INFO)


def written_for(name: str) -> str:
    """The example, written for the dialect `name`."""
    module = INFO[name].module.rsplit(".", 1)[1]
    source = EXAMPLE.replace("from gemini_wire import gemini as api", f"from gemini_wire import {module} as api")
    source = source.replace('DIALECT: Final = "gemini-v1beta"', f'DIALECT: Final = "{name}"')
    assert f"from gemini_wire import {module} as api" in source and f'DIALECT: Final = "{name}"' in source
    return source


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clients")
    paths = {}
    for name in DIALECTS:
        paths[name] = folder / f"client_{name.replace('-', '_')}.py"
        paths[name].write_text(written_for(name), encoding="utf-8")
    return paths


@pytest.mark.parametrize("name", DIALECTS)
def test_the_client_runs_on_each_dialect(name: str, clients: dict[str, Path]) -> None:
    namespace: dict[str, object] = {"__name__": f"client_{name}"}
    exec(compile(clients[name].read_text(encoding="utf-8"), str(clients[name]), "exec"), namespace)
    main = namespace["main"]
    assert callable(main)
    main()


@pytest.mark.xdist_group("mypy-cache")  # one mypy cache in the project folder (test_code_quality)
def test_the_client_passes_mypy_strict_on_each_dialect(clients: dict[str, Path]) -> None:
    # From the project's folder, for its mypy cache; --strict with the files named overrides its `files`,
    # and the Python that runs the tests overrides its python_version: the client's imports differ on 3.10.
    version = "{}.{}".format(*sys.version_info)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", version, *map(str, clients.values())],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
