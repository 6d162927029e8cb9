"""No secret in any output: keys and tokens planted wherever a recording or a test run can hold
them, and every output gemini-wire writes searched for them.

The secrets are built here (no real key is ever written down): a Google API key (`AIza` and 35
characters), an OAuth access token (`ya29.`), a session cookie, and a gateway's own token in an
`access_token=` parameter, which has no shape of its own and is known only by where it stands.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini_wire import secrets
from gemini_wire.findings import Finding, Key, masked
from gemini_wire.secrets import mask

KEY = "AIza" + "Sy" + "Dq3x7Vb9Kf2Lm8Np4Rs6Tu1Wy5Zc0Ae3G"  # an API key's shape: AIza + 35
TOKEN = "ya29." + "a0AfB_byC1xYz9QwErTyUiOp-AsDfGhJkL"
COOKIE = "SID=g.a000" + "Zx9cookievalue42"
GATEWAY = "gw-" + "7f3c2a9e4b1d8f6a"
SECRETS = (KEY, TOKEN, COOKIE.split("=", 1)[1], GATEWAY)
GEMINI = f"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key={KEY}"
VERTEX = (
    "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/"
    f"models/gemini-2.5-pro:generateContent?access_token={GATEWAY}"
)
# A request that quotes the key back in a finding (a value of the wrong type) and holds it as an
# unknown member's name (a finding's path).
BODY = json.dumps(
    {
        "contents": [{"role": "user", "parts": [{"text": f"my key is {KEY}"}]}],
        "generationConfig": {"maxOutputTokens": KEY},
        KEY: 1,
    }
)


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


# --------------------------------------------------------------------------- the masking itself


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (GEMINI, GEMINI.replace(KEY, "***")),
        (f"https://x/y?alt=sse&api_key={GATEWAY}#top", "https://x/y?alt=sse&api_key=***#top"),
        (f"Authorization: Bearer {TOKEN}", "Authorization: Bearer ***"),
        (f'{{"x-goog-api-key": "{GATEWAY}", "Cookie": "{COOKIE}"}}', '{"x-goog-api-key": "***", "Cookie": "***"}'),
        (f"headers:\n  X-Goog-Api-Key:\n  - {GATEWAY}\n  Accept:\n  - '*/*'", "headers:\n  X-Goog-Api-Key:\n  - ***\n  Accept:\n  - '*/*'"),
        (f'{{"name": "Authorization", "value": "Basic {GATEWAY}"}}', '{"name": "Authorization", "value": "***"}'),
        (f'["Date", "Tue", "X-Goog-Api-Key", "{GATEWAY}", "set-cookie", "{COOKIE}"]', '["Date", "Tue", "X-Goog-Api-Key", "***", "set-cookie", "***"]'),
        (f'got "{KEY[:30]}…" (80 characters)', 'got "***…" (80 characters)'),
        (f"refresh 1//0{GATEWAY * 2} and {TOKEN}.", "refresh *** and ***"),
        ("a key is not a secret: keys, tokens, cookies", "a key is not a secret: keys, tokens, cookies"),
    ],
)
def test_keys_and_tokens_are_masked_wherever_they_stand(text: str, shown: str) -> None:
    assert mask(text) == shown


PIECES = [
    "?", "&", "=", ":", " ", "\n", "- ", '"', ",", "key", "Key", "api_key", "access_token", "token", "X-Goog-Api-Key",
    "authorization", "Cookie", "Bearer ", "AIza", "ya29.", "1//0", "GOCSPX-", "abcdefghijklmnop", "0123456789",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_the_quick_look_never_passes_over_what_a_pattern_would_mask(text: str) -> None:
    every_pattern = secrets.HAR_HEADER.sub("", secrets.HEADER.sub("", secrets.QUERY.sub("", secrets.TOKENS.sub("", text))))
    every_pattern = secrets.LISTED_HEADER.sub("", every_pattern)
    if every_pattern != text:
        assert secrets.suspect(text)


def test_a_masked_finding_keeps_its_place_and_masks_its_text() -> None:
    f = Finding(code="GW102", severity="error", message=f"unknown field {KEY}", hint=f"see {GEMINI}", loc=("a", Key(KEY), 0))
    shown = masked(f)
    assert (shown.message, shown.hint, shown.path) == ("unknown field ***", f"see {mask(GEMINI)}", 'a["***"][0]')
    assert isinstance(shown.loc[1], Key)


# --------------------------------------------------------------------------- the CLI's outputs


def recordings(folder: Path) -> Path:
    """One recording of each format, secrets in the URL, the headers and the bodies."""
    folder.mkdir()
    quoted = BODY.replace("'", "''")
    (folder / "vcrpy.yaml").write_text(
        textwrap.dedent(f"""\
        interactions:
        - request:
            body: '{quoted}'
            headers:
              x-goog-api-key:
              - {KEY}
              Cookie:
              - {COOKIE}
            method: POST
            uri: {GEMINI}
          response:
            body:
              string: '{{"error": {{"code": 400, "message": "API key {KEY} not valid", "status": 7}}}}'
            headers:
              Set-Cookie:
              - {COOKIE}; Path=/
            status:
              code: 400
              message: Bad Request
        """)
    )
    (folder / "ruby-vcr.yml").write_text(
        textwrap.dedent(f"""\
        ---
        http_interactions:
        - request:
            method: post
            uri: {VERTEX}
            body:
              encoding: UTF-8
              string: '{quoted}'
            headers:
              Authorization:
              - Bearer {TOKEN}
          response:
            status:
              code: 200
              message: OK
            headers: {{}}
            body:
              encoding: UTF-8
              string: '{{"candidates": [{{"content": {{"parts": [{{"text": 7}}]}}}}], "{KEY}": 1}}'
        recorded_with: VCR 6.3.1
        """)
    )
    (folder / "go-vcr.yaml").write_text(
        textwrap.dedent(f"""\
        ---
        version: 2
        interactions:
            - id: 0
              request:
                body: '{quoted}'
                headers:
                    X-Goog-Api-Key:
                        - {KEY}
                url: {GEMINI}
                method: POST
              response:
                body: '{{"candidates": []}}'
                headers: {{}}
                status: 200 OK
                code: 200
        """)
    )
    entry = {
        "request": {
            "method": "POST",
            "url": VERTEX,
            "headers": [{"name": "Authorization", "value": f"Bearer {TOKEN}"}, {"name": "Cookie", "value": COOKIE}],
            "cookies": [{"name": "SID", "value": COOKIE.split("=", 1)[1]}],
            "queryString": [{"name": "access_token", "value": GATEWAY}],
            "postData": {"mimeType": "application/json", "text": BODY},
        },
        "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "{}"}},
    }
    (folder / "recording.har").write_text(json.dumps({"log": {"version": "1.2", "entries": [entry]}}))
    call = {  # a nock recording: the key in the path, the tokens in the headers, the body a JSON value
        "scope": "https://generativelanguage.googleapis.com:443",
        "method": "POST",
        "path": GEMINI.split(":443", 1)[-1].removeprefix("https://generativelanguage.googleapis.com"),
        "body": json.loads(BODY),
        "status": 200,
        "response": {"candidates": []},
        "rawHeaders": ["Set-Cookie", COOKIE, "X-Goog-Api-Key", GATEWAY],
        "reqheaders": {"x-goog-api-key": KEY, "authorization": f"Bearer {TOKEN}"},
    }
    (folder / "nock.json").write_text(json.dumps([call], indent=2))
    # An httprr trace (Go): the key in the URL, the tokens in the headers; the second record's
    # request line is broken (two spaces), and its finding quotes that line.
    head = (
        f"Host: generativelanguage.googleapis.com\r\nX-Goog-Api-Key: {GATEWAY}\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Cookie: {COOKIE}\r\nContent-Length: {len(BODY)}\r\n\r\n{BODY}"
    )
    answer = f"HTTP/2.0 200 OK\r\nSet-Cookie: {COOKIE}\r\nContent-Length: 2\r\n\r\n{{}}"
    records = [(f"POST {GEMINI} HTTP/1.1\r\n{head}", answer), (f"POST  {GEMINI} HTTP/1.1\r\n{head}", answer)]
    (folder / "trace.httprr").write_text("httprr trace v1\n" + "".join(f"{len(q)} {len(a)}\n{q}{a}" for q, a in records), newline="")
    (folder / f"payload-{KEY}.json").write_text(BODY)  # a file named after a key
    return folder


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_no_format_prints_a_secret_of_a_recording(tmp_path: Path, output: str) -> None:
    pytest.importorskip("yaml")
    folder = recordings(tmp_path / "cassettes")
    result = subprocess.run(
        [sys.executable, "-m", "gemini_wire", "lint", "--format", output, str(folder)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr  # the bad requests are found...
    assert result.stdout.count("GW101") >= 7 and "***" in result.stdout and "nock.json" in result.stdout
    assert "trace.httprr" in result.stdout and "GW134" in result.stdout  # the broken record
    assert leaks(result.stdout + result.stderr) == []  # ...and no secret is shown with them


def test_what_goes_straight_to_standard_error_is_masked(tmp_path: Path) -> None:
    # A missing file named after a key, and a usage error that quotes an argument: both are
    # written to standard error outside the report, and both are masked there too.
    command = [sys.executable, "-m", "gemini_wire", "lint"]
    missing = subprocess.run([*command, f"missing-{KEY}.json"], capture_output=True, text=True, cwd=tmp_path)
    usage = subprocess.run([*command, "--dialect", KEY, "x.json"], capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2 and "missing-***.json: cannot read" in missing.stderr
    assert usage.returncode == 2 and "invalid choice: '***'" in usage.stderr
    assert leaks(missing.stdout + missing.stderr + usage.stdout + usage.stderr) == []


def test_fmt_masks_its_diff_and_its_findings(tmp_path: Path) -> None:
    good = {"contents": [{"role": "user", "parts": [{"file_data": {"file_uri": GEMINI, "mime_type": "text/plain"}}]}]}
    (tmp_path / "good.json").write_text(json.dumps(good))
    (tmp_path / "bad.json").write_text(BODY)
    command = [sys.executable, "-m", "gemini_wire", "fmt"]
    diff = subprocess.run([*command, "--diff", "good.json", "bad.json"], capture_output=True, text=True, cwd=tmp_path)
    assert "+" in diff.stdout and "fileUri" in diff.stdout and "GW101" in diff.stderr
    assert leaks(diff.stdout + diff.stderr) == []
    # Printed without --diff, the canonical form is the user's own file, key included: a masked
    # copy would not work (the README says so).
    printed = subprocess.run([*command, "good.json"], capture_output=True, text=True, cwd=tmp_path)
    assert KEY in printed.stdout


# --------------------------------------------------------------------------- test runs


PROGRAM = f'''
URL = "{GEMINI}"


def test_a_call_with_a_key_in_its_url(gemini_wire_fake, gemini_wire_lint):
    from gemini_wire.testing import backend  # httpx2, or httpx where it is the one (Python 3.10)
    backend().Client().post(URL, content={BODY!r}, headers={{"x-goog-api-key": "{KEY}", "Authorization": "Bearer {TOKEN}"}})
'''


def test_a_pytest_failure_shows_the_call_masked(tmp_path: Path) -> None:
    (tmp_path / "test_secret.py").write_text(PROGRAM)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-vv", "--showlocals"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout
    assert "?key=***" in result.stdout and "GW101" in result.stdout and "GW102" in result.stdout
    assert leaks(result.stdout + result.stderr) == []


def test_testing_errors_hold_no_secret() -> None:
    from gemini_wire.testing import Linter, LintFailure

    linter = Linter()
    linter.check(GEMINI, BODY.encode(), 400, json.dumps({"error": {"code": 400, "message": KEY}}).encode())
    linter.check(VERTEX, BODY.encode())
    with pytest.raises(LintFailure) as failure:
        linter.assert_clean()
    problems = failure.value.problems
    assert {p.finding.code for p in problems} >= {"GW101", "GW102"}
    assert leaks(str(failure.value)) == [] and leaks(repr(problems)) == []
