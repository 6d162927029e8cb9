"""fmt changes what `encode` would change and nothing else: the layout, the escapes and the line
ends of a hand-written file stay, and a file whose values are canonical is not touched at all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import inprocess
import pytest

from gemini_wire.cli.fmt import canonical_file
from gemini_wire.documents.check import Settings

# Requests with canonical values, written in the layouts people write by hand.
LAYOUTS = {
    "two spaces, escapes": (
        b'{\n  "contents": [\n    {\n      "role": "user",\n      "parts": [\n        {\n'
        b'          "text": "caf\\u00e9 \\"quoted\\" \\/ \\ud83d\\ude00"\n        }\n      ]\n    }\n  ],\n'
        b'  "generationConfig": {\n    "temperature": 0.50,\n    "stopSequences": ["a", "b"]\n  }\n}\n'
    ),
    "four spaces, no final newline": (
        b'{\n    "contents": [\n        {"role": "user", "parts": [{"text": "hi"}]}\n    ],\n'
        b'    "generationConfig": {\n        "topK": 3\n    }\n}'
    ),
    "tabs": (
        b'{\n\t"contents": [\n\t\t{\n\t\t\t"role": "user",\n\t\t\t"parts": [{"text": "hi"}]\n\t\t}\n\t],\n'
        b'\t"generationConfig": {"topK": 3}\n}\n'
    ),
    "one line": b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"topK": 3}}\n',
    "compact": b'{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"topK":3}}',
    "CRLF": (
        b'{\r\n  "contents": [\r\n    {"role": "user", "parts": [{"text": "hi"}]}\r\n  ],\r\n'
        b'  "generationConfig": {"topK": 3}\r\n}\r\n'
    ),
    "spaces before colons, a blank line": (
        b'{\n  "contents" : [{"role" : "user", "parts" : [{"text" : "hi"}]}],\n\n  "generationConfig" : {"topK" : 3}\n}\n'
    ),
}


def gw(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = inprocess.run(argv, cwd=cwd)  # main() in this process, as the command would run
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_file_whose_values_are_canonical_is_left_alone_byte_for_byte(layout: str) -> None:
    original = LAYOUTS[layout]
    assert canonical_file(original, Settings(), batch=False) == original


def test_fmt_check_and_write_leave_canonical_files_alone(tmp_path: Path) -> None:
    for n, original in enumerate(LAYOUTS.values()):
        (tmp_path / f"{n}.json").write_bytes(original)
    assert gw("fmt", "--check", ".", cwd=tmp_path).returncode == 0
    written = gw("fmt", "--write", ".", cwd=tmp_path)
    assert written.stdout == f"0 file(s) reformatted, {len(LAYOUTS)} already canonical\n"
    assert [(tmp_path / f"{n}.json").read_bytes() for n in range(len(LAYOUTS))] == list(LAYOUTS.values())


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if "spaces before colons" not in name])
def test_a_change_rewrites_only_what_encode_would_change(layout: str) -> None:
    original = LAYOUTS[layout]
    snake = original.replace(b'"generationConfig"', b'"generation_config"')
    expected = original if original.endswith(b"\n") else original + b"\n"  # a rewritten file ends its line
    assert canonical_file(snake, Settings(), batch=False) == expected


def test_a_value_that_changes_is_written_canonically_and_its_neighbours_as_they_were() -> None:
    original = b'{\n  "contents": [{"role": "user", "parts": [{"text": "caf\\u00e9"}]}],\n  "generationConfig": {"temperature": 1, "topK": "3"}\n}\n'
    expected = b'{\n  "contents": [{"role": "user", "parts": [{"text": "caf\\u00e9"}]}],\n  "generationConfig": {"temperature": 1.0, "topK": 3}\n}\n'
    assert canonical_file(original, Settings(), batch=False) == expected


def test_a_canonical_batch_line_is_kept_as_written_beside_one_that_changes() -> None:
    kept = b'{"key": "a", "request": {"contents": [{"parts": [{"text": "\\u00e9"}]}]}}'
    changed = b'{"key":"b","request":{"contents":[{"parts":[{"text":"x"}]}],"generation_config":{}}}'
    out = canonical_file(kept + b"\n" + changed + b"\n", Settings(), batch=True)
    assert out == kept + b"\n" + changed.replace(b"generation_config", b"generationConfig") + b"\n"


def test_several_files_to_standard_output_are_refused_with_fmt_usage(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(LAYOUTS["one line"].replace(b"topK", b"top_k"))
    (tmp_path / "b.json").write_bytes(LAYOUTS["tabs"])
    refused = gw("fmt", "a.json", "b.json", cwd=tmp_path)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.startswith("usage: gemini-wire fmt ")
    assert "gemini-wire fmt: error: 2 files to standard output" in refused.stderr
    assert gw("fmt", ".", cwd=tmp_path).returncode == 2  # a folder of two is two files
    one = gw("fmt", "a.json", cwd=tmp_path)
    assert (one.returncode, one.stdout) == (0, LAYOUTS["one line"].decode())
    assert gw("fmt", "--check", "a.json", "b.json", cwd=tmp_path).stdout.startswith("would reformat a.json\n")


def test_fmt_write_replaces_several_files_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_bytes(LAYOUTS["CRLF"].replace(b'"topK"', b'"top_k"'))
    done = gw("fmt", "--write", "a.json", "b.json", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.endswith("2 file(s) reformatted, 0 already canonical\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]
    assert (tmp_path / "a.json").read_bytes() == LAYOUTS["CRLF"]
