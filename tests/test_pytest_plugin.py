"""The pytest plugin as a pytest user meets it: settings from [tool.gemini-wire], ini keys and
flags; usage errors; the fixtures `gemini_wire_lint` and `gemini_wire_fake`; one report a call.

Each test writes a small project (pyproject.toml, test files) and runs pytest on it in a
subprocess, as a user would. The calls go to a local gateway's URL through httpx2 (or httpx),
answered by the fake: nothing leaves the process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gemini_wire.testing import Linter, backend

httpx = backend()
# gemini-2.5-pro: logprobs are a warning there (GW316; 2.5 Flash refuses them on this API, an error)
GATEWAY = "http://localhost:8787/v1beta/models/gemini-2.5-pro:generateContent"
ALIAS = "http://localhost:8787/v1beta/models/my-alias:generateContent"

# One call per test: a warning (GW316: logprobs at a gateway whose model may not have them), an
# error (GW301: six stop sequences), a Vertex AI field (GW111 on the Gemini API).
CALLS = f'''
import {httpx.__name__} as httpx
from gemini_wire.testing import Linter, transport

HI = [{{"role": "user", "parts": [{{"text": "hi"}}]}}]


def send(body, client=None):
    (client or httpx.Client()).post("{GATEWAY}", json={{"contents": HI, **body}})


def test_warning():
    send({{"generationConfig": {{"responseLogprobs": True, "logprobs": 3}}}})


def test_error():
    send({{"generationConfig": {{"stopSequences": list("abcdef")}}}})
'''
VERTEX_FIELD = f'''
import {httpx.__name__} as httpx


def test_vertex_field():
    httpx.Client().post("{GATEWAY}", json={{"contents": [{{"role": "user", "parts": [{{"text": "hi"}}]}}],
                                          "generationConfig": {{"routingConfig": {{"autoMode": {{}}}}}}}})
'''

IX_GATEWAY = "http://localhost:8787/v1beta/interactions"
IX_TYPO = {"model": "gemini-2.5-flash", "input": "hi", "generation_config": {"thinking_levl": "low"}}
# An Interactions API call and a generateContent call, both through a gateway.
BOTH_APIS = f'''
import {httpx.__name__} as httpx


def test_interactions_typo():
    httpx.Client().post("{IX_GATEWAY}", json={IX_TYPO!r})


def test_generate_content_error():
    httpx.Client().post("{GATEWAY}", json={{"contents": [{{"role": "user", "parts": [{{"text": "hi"}}]}}],
                                          "generationConfig": {{"stopSequences": list("abcdef")}}}})
'''


def run(
    folder: Path, *args: str, pyproject: str = "", ini: str = "", files: dict[str, str] | None = None, on: bool = True
) -> subprocess.CompletedProcess[str]:
    """pytest in a project folder; the plugin on for the run (`on`), the fake answering every client."""
    (folder / "pyproject.toml").write_text(
        f"{pyproject}\n[tool.pytest.ini_options]\ngemini_wire = {str(on).lower()}\nusefixtures = [\"gemini_wire_fake\"]\n{ini}"
    )
    for name, text in (files or {"test_calls.py": CALLS}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert "Traceback (most recent call last)" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def outcomes(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """Each test's outcome, from pytest's short summary (-rA)."""
    found = {}
    for line in result.stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word in ("PASSED", "FAILED", "ERROR"):
            found[rest.split(" - ")[0].split("::")[-1]] = word
    return found


# --------------------------------------------------------------------------- settings


def test_pyproject_sets_the_fail_level(tmp_path: Path) -> None:
    result = run(tmp_path, pyproject='[tool.gemini-wire]\nfail-on = "warning"\n')
    assert outcomes(result) == {"test_warning": "FAILED", "test_error": "FAILED"}
    assert "GW316 warning" in result.stdout


def test_the_ini_key_wins_over_pyproject_and_the_flag_over_both(tmp_path: Path) -> None:
    pyproject = '[tool.gemini-wire]\nfail-on = "warning"\n'
    ini = 'gemini_wire_fail_on = "error"\n'
    assert outcomes(run(tmp_path, pyproject=pyproject, ini=ini))["test_warning"] == "PASSED"
    flagged = run(tmp_path, "--gemini-wire-fail-on", "warning", pyproject=pyproject, ini=ini)
    assert outcomes(flagged)["test_warning"] == "FAILED"


def test_select_and_ignore_come_from_pyproject_ini_or_flags(tmp_path: Path) -> None:
    assert outcomes(run(tmp_path, pyproject='[tool.gemini-wire]\nignore = ["GW301"]\n'))["test_error"] == "PASSED"
    assert outcomes(run(tmp_path, ini='gemini_wire_ignore = ["GW3"]\n'))["test_error"] == "PASSED"
    assert outcomes(run(tmp_path, "--gemini-wire-select", "GW1,GW2"))["test_error"] == "PASSED"
    assert outcomes(run(tmp_path, "--gemini-wire-select", "GW301"))["test_error"] == "FAILED"


def test_a_glob_of_pyproject_sets_the_dialect_of_a_test_file(tmp_path: Path) -> None:
    pyproject = '[tool.gemini-wire.files."vertex/*"]\ndialect = "vertex"\n'
    files = {"test_gemini.py": VERTEX_FIELD, "vertex/test_vertex.py": VERTEX_FIELD.replace("test_vertex_field", "test_in_vertex")}
    result = run(tmp_path, pyproject=pyproject, files=files)
    assert outcomes(result) == {"test_vertex_field": "FAILED", "test_in_vertex": "PASSED"}
    assert "GW111" in result.stdout


def test_the_configured_model_stands_for_a_model_name_gemini_wire_does_not_know() -> None:
    body = b'{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"maxOutputTokens": 60000}}'
    # Unconfigured, the alias is an unknown model (GW329, info); configured, it is checked as that model.
    for model, codes in ((None, ["GW329"]), ("gemini-2.0-flash", ["GW309"])):
        linter = Linter(model=model)
        linter.check(ALIAS, body)
        linter.check(GATEWAY, body)  # a model gemini-wire knows is checked as itself
        assert [p.finding.code for p in linter.problems] == codes


def test_a_configured_interactions_dialect_reads_the_interactions_calls_through_a_gateway(tmp_path: Path) -> None:
    configured = run(tmp_path, pyproject='[tool.gemini-wire]\ndialect = "interactions-v1"\n', files={"test_both.py": BOTH_APIS})
    assert outcomes(configured) == {"test_interactions_typo": "FAILED", "test_generate_content_error": "FAILED"}
    assert f"{IX_GATEWAY} (interactions-v1, gemini-2.5-flash)" in configured.stdout and "GW102 error" in configured.stdout
    # generateContent's call at the gateway: read in gemini, the default, as the Interactions dialect says nothing of it.
    assert f"{GATEWAY} (gemini-v1beta, gemini-2.5-pro)" in configured.stdout and "GW301 error" in configured.stdout
    # Without it, an Interactions API path at a host that no dialect serves is no call gemini-wire knows.
    assert outcomes(run(tmp_path, files={"test_both.py": BOTH_APIS}))["test_interactions_typo"] == "PASSED"


def test_an_interactions_fallback_reads_only_interactions_paths_at_a_host_no_dialect_serves() -> None:
    typo = json.dumps(IX_TYPO).encode()
    linter = Linter(fallback="interactions-v1beta")
    for url in (IX_GATEWAY, "http://localhost:8787/google/v1/interactions", "https://generativelanguage.googleapis.com/v1/interactions"):
        assert linter.wants(url, "POST")
        linter.check(url, typo, method="POST")
    # A Google host names its own dialect; the fallback is for the gateway's calls alone.
    assert [p.dialect for p in linter.problems] == ["interactions-v1beta", "interactions-v1beta", "interactions-v1"]
    assert not linter.wants("http://localhost:8787/v1beta/files", "POST")
    assert not Linter().wants(IX_GATEWAY, "POST")


@pytest.mark.parametrize(
    ("args", "ini", "pyproject", "message"),
    [
        ((), 'gemini_wire_fail_on = "sometimes"\n', "", "gemini_wire_fail_on: one of error, warning, info, not 'sometimes'"),
        (("--gemini-wire-dialect", "openai"), "", "", "gemini_wire_dialect: unknown dialect 'openai'"),
        (("--gemini-wire-select", "GW1,XX9"), "", "", "gemini_wire_select: no rule code starts with 'XX9'"),
        ((), 'gemini_wire_ignore = ["GW99"]\n', "", "gemini_wire_ignore: no rule code starts with 'GW99'"),
        ((), "", '[tool.gemini-wire]\nfail_on = "warning"\n', "unknown key 'fail_on'"),
    ],
)
def test_a_wrong_setting_is_a_usage_error_before_any_test(
    tmp_path: Path, args: tuple[str, ...], ini: str, pyproject: str, message: str
) -> None:
    result = run(tmp_path, *args, ini=ini, pyproject=pyproject)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout
    assert message in result.stderr and "passed" not in result.stdout and "failed" not in result.stdout


# --------------------------------------------------------------------------- fixtures and reports


def test_the_fixture_gives_every_finding_and_fails_only_at_the_fail_level(tmp_path: Path) -> None:
    program = CALLS + '''

def test_sees_the_warning(gemini_wire_lint):
    send({"generationConfig": {"responseLogprobs": True, "logprobs": 3}})
    assert [p.finding.code for p in gemini_wire_lint.problems] == ["GW316"]
    assert gemini_wire_lint.failures() == []
'''
    result = run(tmp_path, "-k", "sees", files={"test_calls.py": program}, on=False)
    assert outcomes(result) == {"test_sees_the_warning": "PASSED"}


def test_a_call_through_two_linting_layers_is_reported_once(tmp_path: Path) -> None:
    program = CALLS + f'''

def test_own_linter(gemini_wire_fake):
    own = Linter()
    send({{"generationConfig": {{"stopSequences": list("abcdef")}}}}, httpx.Client(transport=transport(gemini_wire_fake.transport("{httpx.__name__}"), own)))
    assert own.problems == []  # the plugin's layer, outside, took the call


def test_the_fixture_linter_twice(gemini_wire_fake, gemini_wire_lint):
    layer = transport(gemini_wire_fake.transport("{httpx.__name__}"), gemini_wire_lint)
    send({{"generationConfig": {{"stopSequences": list("abcdef")}}}}, httpx.Client(transport=layer))
'''
    result = run(tmp_path, "-k", "own or twice", files={"test_calls.py": program})
    assert outcomes(result) == {"test_own_linter": "FAILED", "test_the_fixture_linter_twice": "FAILED"}
    # Once a test, in the failures (the short summary repeats them, whole when CI is set).
    failures = result.stdout.split("short test summary info")[0]
    assert failures.count("GW301 error") == 2, result.stdout
    assert "gemini-wire: 2 Gemini request(s): 2 checked" in result.stdout


def test_findings_beside_a_failure_of_the_test_itself_are_shown_with_it(tmp_path: Path) -> None:
    program = CALLS + '''

def test_fails_itself():
    send({"generationConfig": {"stopSequences": list("abcdef")}})
    assert 1 == 2
'''
    result = run(tmp_path, "-k", "itself", files={"test_calls.py": program})
    assert outcomes(result) == {"test_fails_itself": "FAILED"}
    assert "assert 1 == 2" in result.stdout and "Captured gemini-wire call" in result.stdout and "GW301" in result.stdout


STREAMS = '''
import asyncio

from google import genai
from google.genai import types

HI = {"candidates": [{"content": {"role": "model", "parts": [{"text": "Hi"}]}, "finishReason": "STOP"}]}
CALL = {"functionCall": {"name": "get_time", "args": {"city": "Paris"}}}
WEATHER = types.FunctionDeclaration(
    name="get_weather", parameters={"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]}
)
PERSON = {"type": "OBJECT", "properties": {"name": {"type": "STRING"}, "age": {"type": "INTEGER"}}, "required": ["name", "age"]}
V1BETA = types.HttpOptions(api_version="v1beta")  # named: the SDK's default differs by release


def chunk(*parts, end=False):
    return {"candidates": [{"content": {"role": "model", "parts": list(parts)}, **({"finishReason": "STOP"} if end else {})}]}


def test_streamed_call(gemini_wire_fake):
    gemini_wire_fake.add(HI, [chunk({"text": "Let me "}), chunk({"text": "look."}, CALL, end=True)])
    gemini = genai.Client(api_key="test-key", http_options=V1BETA)
    config = types.GenerateContentConfig(tools=[types.Tool(function_declarations=[WEATHER])])
    assert gemini.models.generate_content(model="gemini-2.5-flash", contents="hi", config=config).text == "Hi"
    chunks = list(gemini.models.generate_content_stream(model="gemini-2.5-flash", contents="Weather?", config=config))
    assert chunks[-1].function_calls[0].name == "get_time"


def test_streamed_json(gemini_wire_fake):
    gemini_wire_fake.add(HI, [chunk({"text": '{"name": "Ada", '}), chunk({"text": '"age": "36"}'}, end=True)])
    gemini = genai.Client(api_key="test-key", http_options=V1BETA)
    config = types.GenerateContentConfig(response_mime_type="application/json", response_schema=PERSON)
    assert gemini.models.generate_content(model="gemini-2.5-flash", contents="hi").text == "Hi"

    async def read():
        chunks = await gemini.aio.models.generate_content_stream(model="gemini-2.5-flash", contents="Who?", config=config)
        return "".join([c.text async for c in chunks])

    assert asyncio.run(read()) == '{"name": "Ada", "age": "36"}'
'''


def test_a_streamed_answer_is_checked_as_the_exchange_of_its_own_call(tmp_path: Path) -> None:
    pytest.importorskip("google.genai")
    ini = "gemini_wire_responses = true\ngemini_wire_fail_on = \"warning\"\n"
    result = run(tmp_path, "-p", "no:randomly", ini=ini, files={"test_streams.py": STREAMS})
    assert outcomes(result) == {"test_streamed_call": "FAILED", "test_streamed_json": "FAILED"}, result.stdout
    lines = STREAMS.splitlines()
    stream = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    report = [line.strip() for line in result.stdout.split("short test summary info")[0].splitlines()]
    for marker, code, path in (
        ("list(gemini.models.generate_content_stream", "GW801", "response.candidates[0].content.parts[1].functionCall.name"),  # "Let me look." is part 0
        ("async for c in chunks", "GW804", "response.candidates[0].content.parts[0].text.age"),  # the async SDK sends when first read
    ):
        at = next(n for n, line in enumerate(lines, 1) if marker in line)  # the line of the streamed call, not of the unary one
        call = report.index(f"test_streams.py:{at}: {stream} (gemini-v1beta, gemini-2.5-flash)")
        assert report[call + 1].startswith(f"{code} warning:") and report[call + 1].endswith(f" at {path}"), report[call : call + 3]
    assert "gemini-wire: 4 Gemini request(s): 4 checked (gemini-v1beta 4), 0 skipped" in result.stdout


def test_the_fake_answers_a_client_built_without_it(tmp_path: Path) -> None:
    program = f'''
import {httpx.__name__} as httpx
from google import genai


def test_sdk_default_client(gemini_wire_fake):
    client = genai.Client(api_key="test-key")  # its own transport: the real one, answered by the fake
    assert client.models.generate_content(model="gemini-2.5-flash", contents="hi").text == "OK"
    assert gemini_wire_fake.calls == 1


def test_other_urls_get_a_404_that_says_why(gemini_wire_fake):
    answer = httpx.Client().get("https://example.com/")
    assert answer.status_code == 404 and "FakeGemini answers generateContent calls only" in answer.text
'''
    pytest.importorskip("google.genai")
    result = run(tmp_path, files={"test_fake.py": program}, on=False)
    assert outcomes(result) == {"test_sdk_default_client": "PASSED", "test_other_urls_get_a_404_that_says_why": "PASSED"}


def test_switched_off_the_plugin_loads_neither_the_linter_nor_the_configuration(tmp_path: Path) -> None:
    program = '''
import sys


def test_nothing_is_loaded():
    assert not {"gemini_wire.testing", "gemini_wire.cli", "gemini_wire.fake"} & set(sys.modules)
'''
    (tmp_path / "pyproject.toml").write_text("[tool.gemini-wire]\nfail-on = \"nonsense\"\n")  # not even read
    (tmp_path / "test_off.py").write_text(program)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_run_that_does_not_use_the_plugin_loads_only_the_plugin(tmp_path: Path) -> None:
    # pytest imports the plugin in every dependent's runs (the pytest11 entry point): that import
    # must cost them nothing, no codec, dialect or linter, and no configuration read.
    (tmp_path / "conftest.py").write_text(
        "import json, sys\n\n\n"
        "def pytest_sessionfinish(session):\n"
        "    names = sorted(m for m in sys.modules if m.split('.')[0] == 'gemini_wire')\n"
        "    (session.config.rootpath / 'loaded.json').write_text(json.dumps(names))\n"
    )
    (tmp_path / "test_plain.py").write_text("def test_plain():\n    assert True\n")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads((tmp_path / "loaded.json").read_text()) == ["gemini_wire", "gemini_wire.pytest_plugin"]
