"""Folder walks: only what is Gemini's is checked; excludes and .gitignore files are honoured.

The .gitignore reading is compared with git's own (`git ls-files --others --exclude-standard`
lists exactly the files that git does not ignore) on one tree that uses every pattern form.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import inprocess
import pytest
from foreign import FOREIGN

from gemini_wire.documents.formats import WALKED
from gemini_wire.documents.ignore import parse
from gemini_wire.documents.sources import Problem, Scope, walk

ROOT = Path(__file__).resolve().parent.parent

REQUEST = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}'
RESPONSE = b'{"candidates": [{"content": {"role": "model", "parts": [{"text": "hello"}]}, "finishReason": "STOP"}]}'
ERROR = b'{"error": {"code": 400, "message": "API key not valid.", "status": "INVALID_ARGUMENT"}}'


def gw(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = inprocess.run(argv, cwd=cwd)  # main() in this process, as the command would run
    assert "Traceback" not in result.stderr, result.stderr
    return result


def write(root: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)


def reported(stdout: str) -> set[str]:
    """The files that lint said something about (a finding, or ok), without the summary line."""
    lines = stdout.splitlines()[:-1]
    return {line.split(":", 1)[0] for line in lines if line and not line[0].isspace() and ":" in line}


# --------------------------------------------------------------------------- .gitignore, against git

GITIGNORES = {
    ".gitignore": (
        "# a comment\n"
        "*.log.json\n"
        "!keep.log.json\n"
        "generated/\n"
        "/root-only.json\n"
        "docs/**/gen.json\n"
        "**/cache\n"
        "a?c.json\n"
        "[bc]at.json\n"
        "sub/*.json\n"
        "\\#hash.json\n"
        "spaced.json   \n"
        "lib/**\n"
        "!lib/kept.json\n"
        "generated-but/\n"
        "!generated-but/back.json\n"
    ),
    "pkg/.gitignore": "local.json\n/anchored.json\n!again.log.json\n",
}
TREE = [
    "plain.json", "x.log.json", "keep.log.json", "generated/a.json", "generated/deep/b.json",
    "root-only.json", "pkg/root-only.json", "docs/gen.json", "docs/a/b/gen.json", "docs/other.json",
    "cache/c.json", "pkg/cache/d.json", "cache.json", "abc.json", "abbc.json", "cat.json", "bat.json",
    "rat.json", "sub/s.json", "sub/deeper/s.json", "other/sub/s.json", "#hash.json", "spaced.json",
    "lib/x.json", "lib/kept.json", "generated-but/back.json", "pkg/local.json", "pkg/inner/local.json",
    "pkg/anchored.json", "pkg/inner/anchored.json", "pkg/again.log.json", "pkg/x.log.json",
]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is the oracle")
def test_gitignore_files_are_read_as_git_reads_them(tmp_path: Path) -> None:
    write(tmp_path, {name: "{}" for name in TREE})
    write(tmp_path, GITIGNORES)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    by_git = {line for line in listed.splitlines() if line.endswith(".json")}
    problems: list[Problem] = []
    ours = {os.path.relpath(p, tmp_path) for p in walk(str(tmp_path), problems, Scope(exclude=(), suffixes=WALKED))}
    assert problems == []
    assert ours == by_git
    assert "generated-but/back.json" not in ours  # a file in an ignored folder cannot come back
    assert {"keep.log.json", "pkg/again.log.json", "lib/kept.json"} <= ours  # but a negated file can


def test_a_gitignore_above_the_walked_folder_applies_up_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, {".gitignore": "fixtures/skipped.json\n", "fixtures/skipped.json": REQUEST, "fixtures/kept.json": REQUEST})
    found = walk(str(tmp_path / "fixtures"), [], Scope(suffixes=WALKED))
    assert [os.path.basename(f) for f in found] == ["kept.json"]


@pytest.mark.parametrize(
    ("line", "path", "folder", "ignored"),
    [
        ("*.json", "a/b.json", False, True),
        ("/b.json", "a/b.json", False, False),
        ("out/", "out", True, True),
        ("out/", "out", False, False),  # a file named like the folder pattern
        ("a/**/z.json", "a/z.json", False, True),
        ("a/**/z.json", "a/b/c/z.json", False, True),
        ("f[!o]o.json", "fao.json", False, True),
        ("f[!o]o.json", "foo.json", False, False),
        ("\\!bang.json", "!bang.json", False, True),
        ("[]x].json", "].json", False, True),
        ("[!]x].json", "].json", False, False),
        ("[!]x].json", "y.json", False, True),
    ],
)
def test_a_gitignore_line_matches_as_documented(line: str, path: str, folder: bool, ignored: bool) -> None:
    pattern = parse(line)
    assert pattern is not None and pattern.matches(path, folder) is ignored


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_gitignore_that_is_a_fifo_is_refused_and_never_waited_for(tmp_path: Path) -> None:
    write(tmp_path, {"r.json": REQUEST})
    os.mkfifo(tmp_path / ".gitignore")
    problems: list[Problem] = []
    assert walk(str(tmp_path), problems, Scope(suffixes=WALKED)) == [str(tmp_path / "r.json")]
    assert [str(p) for p in problems] == [f"{tmp_path / '.gitignore'}: cannot read: not a regular file (a FIFO, a device or a socket); pipe it to standard input with -"]


def test_comments_and_blank_lines_are_no_patterns() -> None:
    assert parse("# x") is None and parse("   ") is None and parse("/") is None


# --------------------------------------------------------------------------- a real repository's tree

CASSETTE_GEMINI = """interactions:
- request:
    method: POST
    uri: https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent
    body: '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"temperature": 9}}'
  response:
    status: {code: 200, message: OK}
    body: {string: '{"candidates": []}'}
"""
CASSETTE_OTHER = """interactions:
- request:
    method: POST
    uri: https://api.openai.com/v1/chat/completions
    body: '{"model": "gpt-4o", "messages": []}'
  response:
    status: {code: 200, message: OK}
    body: {string: '{"choices": []}'}
"""
REPOSITORY: dict[str, bytes | str] = {
    **{f"fixtures/other/{name}": content for name, content in FOREIGN.items()},
    "package.json": FOREIGN["package.json"],
    "tsconfig.json": FOREIGN["tsconfig.json"],
    ".vscode/settings.json": FOREIGN["settings.json"],
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make test}]\n",
    "docker-compose.yml": "services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n",
    "mkdocs.yml": "site_name: Chat\nnav:\n  - Home: index.md\n",
    "node_modules/openai/package.json": FOREIGN["package.json"],
    ".gitignore": "generated/\n",
    "generated/bad.request.json": b'{"contents": []}',
    "build/lib/bad.request.json": b'{"contents": []}',
    "fixtures/gemini/good.request.json": REQUEST,
    "fixtures/gemini/typo.request.json": b'{"contnets": [{"role": "user", "parts": [{"text": "hi"}]}]}',
    "fixtures/gemini/text.response.json": RESPONSE,
    "fixtures/gemini/chat.stream.json": b"[" + RESPONSE + b"]",
    "fixtures/gemini/invalid.error.json": ERROR,
    "fixtures/gemini/batch.jsonl": b'{"key": "a", "request": ' + REQUEST + b"}\n",
    "cassettes/gemini.yaml": CASSETTE_GEMINI,
    "cassettes/openai.yaml": CASSETTE_OTHER,
    "recordings/traffic.har": (ROOT / "tests" / "cassettes" / "recording.har").read_bytes(),
    "recordings/gemini.nock.json": (ROOT / "tests" / "cassettes" / "nock.json").read_bytes(),
    "recordings/gemini.httprr": (ROOT / "tests" / "cassettes" / "httprr.httprr").read_bytes(),
}
GEMINI_FILES = {
    "fixtures/gemini/good.request.json",
    "fixtures/gemini/typo.request.json",
    "fixtures/gemini/text.response.json",
    "fixtures/gemini/chat.stream.json",
    "fixtures/gemini/invalid.error.json",
    "fixtures/gemini/batch.jsonl",
    "cassettes/gemini.yaml",
    "recordings/traffic.har",
    "recordings/gemini.nock.json",
    "recordings/gemini.httprr",
}


def test_a_repository_walk_reports_only_the_gemini_documents(tmp_path: Path) -> None:
    write(tmp_path, REPOSITORY)
    result = gw("lint", cwd=tmp_path)
    assert reported(result.stdout) == GEMINI_FILES
    findings = {line.split(":")[0] for line in result.stdout.splitlines() if " error: " in line}
    assert findings == {
        "fixtures/gemini/typo.request.json", "cassettes/gemini.yaml", "recordings/traffic.har", "recordings/gemini.nock.json",
        "recordings/gemini.httprr",
    }
    assert result.returncode == 1
    # Hidden files are never walked; then package.json, tsconfig.json, two YAML files, the OpenAI cassette.
    passed = len([name for name in FOREIGN if not name.startswith(".")]) + 5
    assert result.stdout.splitlines()[-1].endswith(f"; {passed} file(s) passed over: not Gemini payloads")


def test_verbose_lists_each_passed_over_file_and_why(tmp_path: Path) -> None:
    write(tmp_path, REPOSITORY)
    listed = gw("lint", "-v", cwd=tmp_path).stderr.splitlines()
    assert "package.json: passed over: not a Gemini payload: a package manifest (dependencies, devDependencies, name)" in listed
    assert "cassettes/openai.yaml: passed over: vcrpy cassette with no Gemini call" in listed
    assert "fixtures/other/openai.nock.json: passed over: nock recording with no Gemini call" in listed
    assert "fixtures/other/openai.httprr: passed over: httprr trace with no Gemini call" in listed
    assert "docker-compose.yml: passed over: not a recording (a YAML or JSON file of another kind)" in listed
    assert len(listed) == len([name for name in FOREIGN if not name.startswith(".")]) + 5


def test_a_file_named_on_the_command_line_is_always_checked(tmp_path: Path) -> None:
    write(tmp_path, REPOSITORY)
    result = gw("lint", "package.json", cwd=tmp_path)
    assert result.returncode == 1 and "GW204" in result.stdout and "passed over" not in result.stdout


def test_an_include_pattern_makes_a_walk_check_a_file(tmp_path: Path) -> None:
    write(tmp_path, {**REPOSITORY, "pyproject.toml": '[tool.gemini-wire]\ninclude = ["fixtures/other/openai-*.json"]\n'})
    result = gw("lint", cwd=tmp_path)
    assert {f for f in reported(result.stdout) if "openai" in f} == {
        f"fixtures/other/{name}" for name in FOREIGN if name.startswith("openai-") and name.endswith(".json")
    }


def test_gitignored_and_excluded_folders_come_back_on_request(tmp_path: Path) -> None:
    write(tmp_path, REPOSITORY)
    assert "generated/bad.request.json" in reported(gw("lint", "--no-respect-gitignore", cwd=tmp_path).stdout)
    assert "build/lib/bad.request.json" in reported(gw("lint", "--exclude", "node_modules", cwd=tmp_path).stdout)
    named = gw("lint", "build", cwd=tmp_path)  # a named folder is walked though it is excluded by default
    assert reported(named.stdout) == {"build/lib/bad.request.json"}


def test_extend_exclude_adds_to_the_defaults_from_the_command_line_and_the_configuration(tmp_path: Path) -> None:
    write(tmp_path, REPOSITORY)
    result = gw("lint", "--extend-exclude", "cassettes,*.jsonl", cwd=tmp_path)
    assert reported(result.stdout) == GEMINI_FILES - {"cassettes/gemini.yaml", "fixtures/gemini/batch.jsonl"}
    (tmp_path / "pyproject.toml").write_text('[tool.gemini-wire]\nextend-exclude = ["fixtures/gemini/typo*"]\n')
    assert "fixtures/gemini/typo.request.json" not in reported(gw("lint", cwd=tmp_path).stdout)
    assert "build/lib/bad.request.json" not in reported(gw("lint", cwd=tmp_path).stdout)


def test_fmt_check_of_a_repository_passes_over_what_is_not_gemini(tmp_path: Path) -> None:
    snake = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generation_config": {"top_k": "3"}}'
    write(tmp_path, {"package.json": FOREIGN["package.json"], "good.request.json": snake})
    result = gw("fmt", "--check", ".", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.splitlines()[0] == "would reformat good.request.json"


# --------------------------------------------------------------------------- the Interactions API in a walk

IX_REQUEST = b'{"model": "gemini-2.5-flash", "input": "Tell me a joke", "generation_config": {"max_output_tokens": 256}}'
IX_AGENT = b'{"agent": "deep-research-pro-preview-12-2025", "input": "Research it", "background": true}'
IX_TYPO = b'{"model": "gemini-2.5-flash", "input": "hi", "generation_config": {"thinking_levl": "low"}}'
IX_RESPONSE = (
    b'{"id": "v1_a", "status": "completed", "model": "gemini-2.5-flash", "object": "interaction",'
    b' "steps": [{"type": "model_output", "content": [{"type": "text", "text": "Hi"}]}], "usage": {"total_tokens": 5}}'
)
IX_STREAM = (
    b'event: interaction.created\ndata: {"event_type": "interaction.created", "interaction": {"id": "v1_a", '
    b'"status": "in_progress", "model": "gemini-2.5-flash"}, "event_id": "e1"}\n\n'
    b'event: step.start\ndata: {"event_type": "step.start", "index": 0, "step": {"type": "model_output"}}\n\n'
    b'event: step.delta\ndata: {"event_type": "step.delta", "index": 0, "delta": {"type": "text", "text": "Hi"}}\n\n'
    b'event: step.stop\ndata: {"event_type": "step.stop", "index": 0}\n\n'
    b'event: interaction.completed\ndata: {"event_type": "interaction.completed", "interaction": {"id": "v1_a", '
    b'"status": "completed"}}\n\ndata: [DONE]\n\n'
)
MIXED: dict[str, bytes | str] = {
    **{f"other/{name}": content for name, content in FOREIGN.items() if not name.startswith(".")},
    "interactions/joke.request.json": IX_REQUEST,
    "interactions/research.request.json": IX_AGENT,
    "interactions/typo.request.json": IX_TYPO,
    "interactions/joke.response.json": IX_RESPONSE,
    "interactions/joke.sse": IX_STREAM,
    "gemini/good.request.json": REQUEST,
    "gemini/text.response.json": RESPONSE,
}
IX_FILES = {name for name in MIXED if name.startswith("interactions/")}


def ok_lines(stdout: str) -> dict[str, str]:
    """File -> what lint read it as, for the files it found clean (`name: ok (what)`)."""
    return dict(line.removesuffix(")").split(": ok (") for line in stdout.splitlines() if ": ok (" in line)


def test_a_walk_reads_interactions_files_in_their_dialect_and_passes_over_other_apis(tmp_path: Path) -> None:
    write(tmp_path, MIXED)
    result = gw("lint", cwd=tmp_path)
    assert reported(result.stdout) == IX_FILES | {"gemini/good.request.json", "gemini/text.response.json"}
    assert ok_lines(result.stdout) == {
        "interactions/joke.request.json": "interactions-v1 request",
        "interactions/research.request.json": "interactions-v1 request",
        "interactions/joke.response.json": "interactions-v1 response",
        "interactions/joke.sse": "interactions-v1 stream",
        "gemini/good.request.json": "gemini request",
        "gemini/text.response.json": "gemini response",
    }
    # The one finding: the Interactions API's own field name, misspelled (GW102 with its fix).
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines() if " error: " in line] == [
        "GW102 error: unknown field `thinking_levl` at generation_config.thinking_levl"
    ]
    passed = len([name for name in FOREIGN if not name.startswith(".")])
    assert result.stdout.splitlines()[-1].endswith(f"; {passed} file(s) passed over: not Gemini payloads")


def test_interactions_files_named_without_a_dialect_are_read_in_it(tmp_path: Path) -> None:
    write(tmp_path, MIXED)
    result = gw("lint", "interactions/joke.sse", "interactions/joke.response.json", cwd=tmp_path)
    assert result.returncode == 0
    assert set(ok_lines(result.stdout).values()) == {"interactions-v1 stream", "interactions-v1 response"}


def test_a_dialect_chosen_still_wins_over_what_the_content_says(tmp_path: Path) -> None:
    write(tmp_path, MIXED)
    beta = gw("lint", "--dialect", "interactions-v1beta", "interactions", cwd=tmp_path)
    assert set(ok_lines(beta.stdout).values()) == {"interactions-v1beta request", "interactions-v1beta response", "interactions-v1beta stream"}
    # generateContent chosen: a walk passes over the Interactions API's files, a named one is read in it.
    chosen = gw("lint", "--dialect", "gemini", "-v", cwd=tmp_path)
    assert not reported(chosen.stdout) & IX_FILES
    assert "interactions/joke.sse: passed over: an Interactions API stream, and the dialect chosen is gemini" in chosen.stderr.splitlines()
    named = gw("lint", "--dialect", "gemini", "interactions/joke.request.json", cwd=tmp_path)
    assert named.returncode == 1 and "GW102" in named.stdout


def test_a_walk_in_an_interactions_dialect_passes_over_what_is_not_the_interactions_api(tmp_path: Path) -> None:
    write(tmp_path, MIXED)
    result = gw("lint", "--dialect", "interactions-v1", cwd=tmp_path)
    assert reported(result.stdout) == IX_FILES


def test_fmt_leaves_interactions_files_alone(tmp_path: Path) -> None:
    write(tmp_path, {"joke.request.json": IX_REQUEST, "good.request.json": REQUEST})
    result = gw("fmt", "--check", ".", cwd=tmp_path)
    assert result.returncode == 0 and "joke" not in result.stdout + result.stderr


# --------------------------------------------------------------------------- an Interactions dialect configured

IX_CONFIGURED = '[tool.gemini-wire]\ndialect = "interactions-v1"\n'
IX_GLOB = '[tool.gemini-wire.files."interactions/*"]\ndialect = "interactions-v1beta"\n'


def test_a_configured_interactions_dialect_reads_a_walk_as_the_flag_does(tmp_path: Path) -> None:
    write(tmp_path, MIXED)
    flagged = gw("lint", "--dialect", "interactions-v1", cwd=tmp_path)
    write(tmp_path, {"pyproject.toml": IX_CONFIGURED})
    configured = gw("lint", cwd=tmp_path)
    assert configured.returncode == flagged.returncode == 1
    assert configured.stdout == flagged.stdout
    assert reported(configured.stdout) == IX_FILES  # the generateContent and foreign files passed over quietly
    assert set(ok_lines(configured.stdout).values()) == {"interactions-v1 request", "interactions-v1 response", "interactions-v1 stream"}


def test_a_glob_configured_in_an_interactions_dialect_reads_its_files_in_it_and_the_others_as_before(tmp_path: Path) -> None:
    write(tmp_path, {**MIXED, "pyproject.toml": IX_GLOB})
    result = gw("lint", cwd=tmp_path)
    assert result.returncode == 1 and "thinking_levl" in result.stdout
    assert {name: what for name, what in ok_lines(result.stdout).items()} == {
        "interactions/joke.request.json": "interactions-v1beta request",
        "interactions/research.request.json": "interactions-v1beta request",
        "interactions/joke.response.json": "interactions-v1beta response",
        "interactions/joke.sse": "interactions-v1beta stream",
        "gemini/good.request.json": "gemini request",
        "gemini/text.response.json": "gemini response",
    }


def test_a_named_file_is_read_in_the_configured_interactions_dialect_unless_the_command_line_says(tmp_path: Path) -> None:
    write(tmp_path, {**MIXED, "pyproject.toml": IX_CONFIGURED})
    named = gw("lint", "gemini/good.request.json", "interactions/joke.request.json", cwd=tmp_path)
    assert named.returncode == 1 and "gemini/good.request.json:1:2: GW102 error: unknown field `contents`" in named.stdout
    assert ok_lines(named.stdout) == {"interactions/joke.request.json": "interactions-v1 request"}
    chosen = gw("lint", "--dialect", "gemini", "gemini/good.request.json", cwd=tmp_path)
    assert chosen.returncode == 0 and ok_lines(chosen.stdout) == {"gemini/good.request.json": "gemini request"}
    walked = gw("lint", "--dialect", "gemini", cwd=tmp_path)
    assert reported(walked.stdout) == {"gemini/good.request.json", "gemini/text.response.json"}


def test_fmt_refuses_a_named_file_configured_in_an_interactions_dialect_and_a_walk_passes_over_it(tmp_path: Path) -> None:
    snake = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generation_config": {"top_k": "3"}}'
    write(tmp_path, {**MIXED, "gemini/snake.request.json": snake, "pyproject.toml": IX_GLOB})
    named = gw("fmt", "--write", "interactions/typo.request.json", "gemini/snake.request.json", cwd=tmp_path)
    assert named.returncode == 2
    assert named.stderr.splitlines() == [
        "interactions/typo.request.json: its configured dialect is interactions-v1beta: "
        "the Interactions dialects are not formatted yet; lint them"
    ]
    assert named.stdout.splitlines()[0] == "reformatted gemini/snake.request.json"
    assert (tmp_path / "interactions/typo.request.json").read_bytes() == IX_TYPO
    write(tmp_path, {"gemini/snake.request.json": snake})
    walked = gw("fmt", "--check", ".", cwd=tmp_path)
    assert walked.returncode == 1 and walked.stderr == ""
    assert walked.stdout.splitlines()[0] == "would reformat gemini/snake.request.json"
    assert "interactions/" not in walked.stdout


def test_linting_this_project_at_its_root_finds_only_what_examples_hold() -> None:
    result = gw("lint", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    files = reported(result.stdout)
    assert files and all(f.startswith("examples/") for f in files), sorted(files)
    assert files == {str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.json")}
