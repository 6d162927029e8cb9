"""Generated stays generated: a fresh `make generate` reproduces every checked-in file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gemini_wire.endpoints import INFO, INTERACTIONS

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ["schema", "src/gemini_wire/_generated"]
# Each dialect's public module (gemini_wire/gemini.py, ..., gemini_wire/interactions.py), from a
# template in codegen/ (one for generateContent's, one for the Interactions API's).
DIALECT_MODULES = [f"src/{i.module.replace('.', '/')}.py" for i in (*INFO.values(), *INTERACTIONS.values())]


def test_make_generate_reproduces_the_checked_in_files(tmp_path: Path) -> None:
    work = tmp_path / "repo"
    # All of src/gemini_wire: the writers in codegen/ read the tables through the package.
    for part in ["codegen", "src/gemini_wire", "schema"]:
        src = ROOT / part
        dst = work / part
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)
    for part in GENERATED:
        shutil.rmtree(work / part)
    for module in DIALECT_MODULES:
        (work / module).unlink()
    subprocess.run([sys.executable, str(work / "codegen" / "generate.py")], check=True, cwd=work)
    for part in GENERATED:
        ours = files_below(ROOT / part)
        fresh = files_below(work / part)
        assert sorted(ours) == sorted(fresh), f"{part}: the set of files differs from a fresh generation"
        changed = [name for name in ours if ours[name] != fresh[name]]
        assert not changed, f"differs from a fresh `make generate`: {part}/{changed}"
    for module in DIALECT_MODULES:
        assert (work / module).read_bytes() == (ROOT / module).read_bytes(), f"differs from a fresh `make generate`: {module}"
    # The rules' reference page, written from the declarations by codegen/rule_pages.py.
    page = "docs/rules.md"
    assert (work / page).read_bytes() == (ROOT / page).read_bytes(), f"differs from a fresh `make generate`: {page}"


def files_below(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_upstream_manifest_names_the_pinned_spec_packages() -> None:
    manifest = (ROOT / "codegen" / "upstream" / "manifest.json").read_text()
    spec = (ROOT / "requirements" / "spec.txt").read_text()
    for line in spec.splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            if name.startswith("google-"):
                assert f'"package": "{name}"' in manifest
                assert f'"version": "{version}"' in manifest


# What a user of each generated Interactions module relies on: decode_request gives the union of
# the two create calls, decode_response an Interaction, the Structs by name. A template that lost
# DIALECT's type parameters would type these as Any, which assert_type refuses.
INTERACTIONS_USER = """
from typing import assert_type

from gemini_wire import {module} as ix

request = ix.decode_request(b'{{"model": "gemini-3-flash-preview", "input": "hi"}}')
assert_type(request, ix.CreateModelInteraction | ix.CreateAgentInteraction)
interaction = ix.decode_response(b'{{"id": "i1", "status": "completed"}}')
assert_type(interaction, ix.Interaction)
assert_type(ix.decode_event(b'{{}}'), ix.InteractionSSEEvent)
assert_type(ix.decode_error(b'{{}}'), ix.ErrorBody)
body: bytes = ix.encode(ix.CreateModelInteraction(model="gemini-3-flash-preview", input="hi"))
assert_type(ix.aggregate(ix.iter_events([b"data: [DONE]\\n\\n"])), ix.Interaction)
"""


@pytest.mark.xdist_group("mypy-cache")  # one mypy cache in the project folder (test_code_quality)
def test_the_generated_interactions_modules_type_check_for_their_users(tmp_path: Path) -> None:
    files = []
    for info in INTERACTIONS.values():
        module = info.module.rsplit(".", 1)[-1]
        files.append(tmp_path / f"uses_{module}.py")
        files[-1].write_text(INTERACTIONS_USER.format(module=module), encoding="utf-8")
    # From the project's folder, for its mypy cache; --strict with the files named overrides its `files`.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *map(str, files)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
