"""The package works on the oldest Python it claims (pyproject: >=3.10), not only on the one CI runs.

Skipped, saying why, when no Python 3.10 is on the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SMOKE = """
import base64, json
from gemini_wire import gemini, vertex, encode
from gemini_wire.stream import StreamDecoder, aggregate
body = {"system_instruction": {"parts": [{"text": "x"}]},
        "contents": {"parts": [{"inline_data": {"mime_type": "image/png", "data": "-_8"}}]},
        "generation_config": {"top_k": "40"}}
r = gemini.decode_request(json.dumps(body))          # the slow path: spellings, base64, strings
assert r.contents[0].parts[0].inline_data.data == b"\\xfb\\xff"
assert json.loads(encode(r))["generationConfig"] == {"topK": 40}
assert [f.code for f in vertex.lint_request(b'{"contents": [{"parts": [{}]}]}')] == ["GW206", "GW203"]
d = StreamDecoder("gemini")
out = d.feed(b'data: {"candidates": [{"content": {"parts": [{"text": "a"}]}}]}\\n\\n') + d.close()
assert aggregate(out).candidates[0].content.parts[0].text == "a"
print("ok")
"""


def oldest_python() -> str | None:
    """A working Python 3.10: on PATH, or among pyenv's installed versions."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [shutil.which("python3.10"), *sorted(str(p) for p in pyenv.glob("3.10*/bin/python3.10"))]
    for found in filter(None, candidates):
        probe = subprocess.run([found, "-c", "import sys; print(sys.version_info[:2] == (3, 10))"], capture_output=True, text=True)
        if probe.stdout.strip() == "True":
            return found
    return None


def test_decode_lint_stream_and_cli_on_python_3_10(tmp_path: Path) -> None:
    python = oldest_python()
    if python is None:
        pytest.skip("no Python 3.10 on this machine")
    env_dir = tmp_path / "py310"
    py = env_dir / "bin" / "python"
    uv = Path(sys.executable).with_name("uv")
    if uv.is_file():  # as `make test` installs (requirements/dev.txt): a venv and the pins in seconds
        subprocess.run([str(uv), "venv", "--quiet", "--python", python, str(env_dir)], check=True)
        # No cache: the wheel is built from this checkout as it is now, by its build backend.
        install = [str(uv), "pip", "install", "--quiet", "--system-certs", "--no-cache", "--python", str(py)]
    else:
        subprocess.run([python, "-m", "venv", str(env_dir)], check=True)
        install = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    pins = (ROOT / "requirements" / "dev.txt").read_text().splitlines()
    # The library's dependencies, as pinned for the tests: msgspec, and tomli on 3.10 (models.toml).
    needed = [line.split(";")[0].strip() for line in pins if line.startswith(("msgspec==", "tomli=="))]
    for args in (needed, ["--no-deps", str(ROOT)]):
        subprocess.run([*install, *args], check=True, capture_output=True)
    smoke = subprocess.run([str(py), "-c", SMOKE], capture_output=True, text=True, cwd=tmp_path)
    assert smoke.stdout.strip() == "ok", smoke.stderr
    # From a folder of its own: this project's pyproject.toml configures this repository's lint.
    cli = subprocess.run(
        [str(env_dir / "bin" / "gemini-wire"), "lint", str(ROOT / "examples")], capture_output=True, text=True, cwd=tmp_path
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert "internal error" not in cli.stdout + cli.stderr
    assert sys.version_info >= (3, 10)
