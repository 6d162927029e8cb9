"""Recordings under hostile input (issue 19): a cassette or HAR file is input from elsewhere, and
reading one is as safe as reading a payload.

- past a limit of gemini_wire.limits (aliases, nesting, decompressed size) the file, entry or
  body gets a finding that names the limit: never a crash, never unbounded time or memory;
- reading is linear in the file: the cost of 4n entries is about four times that of n;
- one entry that cannot be read is a finding on that entry, and the others are checked;
- without PyYAML, a cassette stops the run (exit 2, the install line) and other YAML is passed over.
"""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from gemini_wire import limits
from gemini_wire.documents.traffic import Checked, check_recording
from gemini_wire.recordings import MissingExtra, NotARecording, Recording, read

ROOT = Path(__file__).resolve().parent.parent
URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
GOOD = '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}'
TYPO = '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "temprature": 1}'
ANSWER = '{"candidates": [{"content": {"role": "model", "parts": [{"text": "Hello"}]}, "finishReason": "STOP"}]}'


def cassette(*entries: str, top: str = "interactions") -> bytes:
    return (f"{top}:\n" + "".join(entries)).encode()


def entry(request: str = "", response: str = "    status: {code: 200}\n", url: str = URL) -> str:
    """One vcrpy interaction; `request` and `response` are their lines under the key."""
    return f"- request:\n    uri: '{url}'\n{request}  response:\n{response}"


def typo_entry() -> str:
    """An interaction whose request has an unknown field: GW102 when it is checked."""
    return entry(f"    body: '{TYPO}'\n")


def checked(data: bytes, name: str = "c.yaml") -> Checked:
    return check_recording(name, data, "gemini")


def codes(result: Checked) -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in result.findings]


def har(*entries: object) -> bytes:
    return json.dumps({"log": {"version": "1.2", "entries": list(entries)}}).encode()


def har_entry(post: str = TYPO, status: object = 200, text: str | None = None, encoding: str | None = None) -> dict[str, object]:
    content: dict[str, object] = {"mimeType": "application/json"}
    if text is not None:
        content["text"] = text
    if encoding:
        content["encoding"] = encoding
    return {
        "request": {"method": "POST", "url": URL, "postData": {"mimeType": "application/json", "text": post}},
        "response": {"status": status, "content": content},
    }


def peak_memory(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --------------------------------------------------------------------------- aliases


def laughs(levels: int, width: int = 9) -> str:
    """Nested aliases: each level names the one below `width` times (the billion laughs)."""
    lines = ["      lol0: &a0 ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']\n"]
    for n in range(1, levels + 1):
        lines.append(f"      lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]\n")
    return "".join(lines)


def test_nested_aliases_are_capped_in_time_and_memory() -> None:
    # 9 levels of 9: a constructor would build 9**9 lists (PyYAML took 21 s and 909 MB for 8).
    data = cassette(entry(response="    status: {code: 200}\n    parsed_body:\n" + laughs(9)))
    assert len(data) < 1_000
    start = time.process_time()
    peak = peak_memory(lambda: checked(data))
    assert time.process_time() - start < 30  # a bound on a runaway, not a timing: it takes well under 1 s
    assert peak < 64 << 20
    (found,) = checked(data).findings
    assert (found.code, found.path) == ("GW100", "interactions[0].response")
    assert "gemini_wire.limits.MAX_ALIAS_EXPANSION" in found.message


def test_a_shared_header_list_reads_as_it_would_expanded() -> None:
    # PyYAML writes &id001 / *id001 for an object a cassette holds twice: no limit is near.
    data = cassette(
        entry(f"    body: '{TYPO}'\n    headers: &id001\n      Content-Type: [application/json]\n"),
        entry(f"    body: '{TYPO}'\n    headers: *id001\n"),
    )
    assert codes(checked(data)) == [("GW102", "interactions[0].request.temprature"), ("GW102", "interactions[1].request.temprature")]


def test_a_body_aliased_past_the_limit_is_reported_where_the_limit_is_met() -> None:
    big = "x" * (1 << 20)
    first = entry(f"    body: &big '{{\"contents\": [], \"pad\": \"{big}\"}}'\n")
    data = cassette(first, *[entry("    body: *big\n")] * 20)  # 21 MiB of bodies from 1 MiB of file
    found = read("c.yaml", data)
    assert isinstance(found, Recording) and len(found.interactions) == 21
    problems = [i.request.problem if i.request else "" for i in found.interactions]
    read_whole = limits.MAX_ALIAS_EXPANSION // len(big)  # the body itself, then as many aliases as fit
    assert problems[:read_whole] == [""] * read_whole
    assert all("gemini_wire.limits.MAX_ALIAS_EXPANSION" in p for p in problems[read_whole + 1 :])


def test_a_recursive_alias_is_a_finding_on_its_body_and_the_rest_is_checked() -> None:
    data = cassette(entry(response="    status: {code: 200}\n    parsed_body: &a {candidates: [*a]}\n"), typo_entry())
    result = checked(data)
    assert codes(result) == [("GW100", "interactions[0].response"), ("GW102", "interactions[1].request.temprature")]
    assert "recursive alias" in result.findings[0].message and result.findings[0].line == 6


def test_a_recursive_alias_in_an_interaction_is_a_finding_on_that_interaction() -> None:
    data = cassette("- &a {request: *a}\n", typo_entry())
    result = checked(data)
    assert codes(result) == [("GW134", "interactions[0]"), ("GW102", "interactions[1].request.temprature")]
    assert "recursive alias" in result.findings[0].message


def test_an_undefined_alias_is_not_yaml() -> None:
    found = read("c.yaml", cassette("- *nowhere\n"))
    assert isinstance(found, NotARecording) and "undefined alias" in found.message and found.line == 2


# --------------------------------------------------------------------------- nesting


@pytest.mark.parametrize("depth", [limits.MAX_YAML_DEPTH - 3, 100_000])
def test_yaml_nested_past_the_limit_is_a_finding_that_names_it_found_at_once(depth: int) -> None:
    # Four levels (the document, `interactions`, the interaction, its response) above the body:
    # the body's 103rd bracket is the one past the limit.
    deep = "[" * depth + "]" * depth
    data = cassette(entry(response=f"    status: {{code: 200}}\n    parsed_body: {deep}\n"), typo_entry())
    start = time.process_time()
    result = checked(data)
    assert time.process_time() - start < 10  # libyaml is quadratic in the depth: read no further
    (found,) = result.findings
    assert (found.code, found.line, found.column) == ("GW134", 6, len("    parsed_body: ") + limits.MAX_YAML_DEPTH - 4 + 1)
    assert "nested deeper than" in found.message and "gemini_wire.limits.MAX_YAML_DEPTH" in found.message


def test_yaml_nested_up_to_the_limit_is_read() -> None:
    deep = "[" * (limits.MAX_YAML_DEPTH - 4) + "]" * (limits.MAX_YAML_DEPTH - 4)
    found = read("c.yaml", cassette(entry(response=f"    status: {{code: 200}}\n    parsed_body: {deep}\n")))
    assert isinstance(found, Recording) and found.interactions[0].response is not None


def test_a_body_as_deep_as_a_payload_may_be_is_read() -> None:
    depth = limits.MAX_DEPTH - 2  # the body's own levels; the cassette's are above them
    body = '{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "labels": ' + "[" * depth + "]" * depth + "}"
    data = cassette(entry(f"    parsed_body: {body}\n"))
    result = read("c.yaml", data)
    assert isinstance(result, Recording)
    request = result.interactions[0].request
    assert request is not None and not request.problem and request.data.count(b"[") == depth + 2


@pytest.mark.parametrize("depth", [limits.MAX_DEPTH + 1, 100_000])
def test_har_nested_past_the_limit_is_a_finding_that_names_it(depth: int) -> None:
    data = har(har_entry()).replace(b'"version"', b'"_x": ' + b"[" * depth + b"]" * depth + b', "version"')
    result = checked(data, "r.har")
    assert [f.code for f in result.findings] == ["GW134"]
    assert "gemini_wire.limits.MAX_DEPTH" in result.findings[0].message and result.findings[0].line == 1


# --------------------------------------------------------------------------- compressed bodies


def bomb(size: int) -> bytes:
    """A gzip stream of `size` zero bytes, built without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    """MAX_DECOMPRESSED at 4 MiB, so that a bomb past it is quick to build."""
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED", 4 << 20)
    return 4 << 20


def bombs() -> list[tuple[str, bytes]]:
    """The same 8 MiB bomb in each place recorders keep compressed bytes, beside a typo."""
    packed = b64(bomb(8 << 20))
    gzip_header = "    headers: {Content-Encoding: [gzip]}\n"
    return [
        ("vcrpy !!binary", cassette(entry(response=f"{gzip_header}    body: {{string: !!binary '{packed}'}}\n    status: {{code: 200}}\n"), typo_entry())),
        ("Ruby base64_string", cassette(entry(response=f"    body: {{encoding: ASCII-8BIT, base64_string: '{packed}'}}\n    status: {{code: 200}}\n"), typo_entry(), top="http_interactions")),
        ("HAR base64 content", har(har_entry(GOOD, text=packed, encoding="base64"), har_entry())),
    ]


@pytest.mark.parametrize(("where", "data"), bombs(), ids=[name for name, _ in bombs()])
def test_a_gzip_bomb_stops_at_the_cap_as_a_finding_on_its_body(small_cap: int, where: str, data: bytes) -> None:
    name = "r.har" if where.startswith("HAR") else "c.yaml"
    peak = peak_memory(lambda: checked(data, name))
    result = checked(data, name)
    first, second = result.findings
    assert first.code == "GW100" and first.path.endswith("[0].response")
    assert "gemini_wire.limits.MAX_DECOMPRESSED" in first.message
    assert second.code == "GW102" and second.path.endswith("[1].request.temprature")
    assert peak < 3 * small_cap  # the output stops at the cap: never the 8 MiB


def test_the_cap_is_for_all_the_bodies_of_a_recording_together(small_cap: int) -> None:
    quarter = b64(gzip.compress(ANSWER.encode() + b" " * (small_cap // 4)))
    body = f"    body: {{string: !!binary '{quarter}'}}\n    status: {{code: 200}}\n"
    found = read("c.yaml", cassette(*[entry(response=body)] * 5))
    assert isinstance(found, Recording)
    problems = [i.response.problem if i.response else "" for i in found.interactions]
    assert [bool(p) for p in problems] == [False, False, False, True, True]


def test_gzip_members_and_padding_are_read_and_a_cut_stream_is_not() -> None:
    two = gzip.compress(ANSWER[:10].encode()) + gzip.compress(ANSWER[10:].encode()) + bytes(8)
    cut = gzip.compress(ANSWER.encode())[:-6]
    body = "    body: {{string: !!binary '{}'}}\n    status: {{code: 200}}\n"
    found = read("c.yaml", cassette(entry(response=body.format(b64(two))), entry(response=body.format(b64(cut)))))
    assert isinstance(found, Recording)
    whole, broken = (i.response for i in found.interactions)
    assert whole is not None and whole.data == ANSWER.encode()
    assert broken is not None and "cut short" in broken.problem


# --------------------------------------------------------------------------- linear time


def cost(read_it: Callable[[bytes], object], data: bytes) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        read_it(data)
        best = min(best, time.process_time() - start)
    return best


def grows_linearly(make: Callable[[int], bytes], name: str, n: int) -> float:
    """cost(4n) / cost(n) for reading: about 4 when linear, 16 when quadratic."""
    def read_it(data: bytes) -> object:
        return read(name, data)
    small, large = make(n), make(4 * n)
    found = read(name, large)
    assert isinstance(found, Recording) and len(found.interactions) == 4 * n
    return cost(read_it, large) / cost(read_it, small)


def block_bodies(n: int) -> bytes:
    """vcrpy's way with every gzip body, and with long text: literal blocks (`|`)."""
    one = "- request:\n    body: |\n      {}\n    uri: {}\n  response:\n    body:\n      string: |\n        {}\n    status: {{code: 200}}\n"
    return cassette(*[one.format(GOOD.replace("hi", f"hi {i}"), URL, ANSWER.replace("Hello", f"Hello {i}")) for i in range(n)])


def har_entries(n: int, minified: bool = False, response_first: bool = False) -> bytes:
    entries = []
    for i in range(n):
        e = har_entry(GOOD.replace("hi", f"hi {i}"), text=ANSWER.replace("Hello", f"Hello {i}"))
        entries.append({"response": e["response"], "request": e["request"]} if response_first else e)
    doc = {"log": {"version": "1.2", "entries": entries}}
    return json.dumps(doc, indent=None if minified else 2).encode()


def test_literal_block_bodies_are_placed_in_linear_time() -> None:
    assert grows_linearly(block_bodies, "c.yaml", 1_500) < 8


def test_a_minified_har_file_is_placed_in_linear_time() -> None:
    assert grows_linearly(lambda n: har_entries(n, minified=True), "r.har", 2_000) < 8


def test_har_entries_with_the_response_first_are_placed_in_linear_time() -> None:
    assert grows_linearly(lambda n: har_entries(n, response_first=True), "r.har", 2_000) < 8


def test_har_bodies_are_placed_whatever_the_order_of_an_entry() -> None:
    entries = [har_entry(GOOD.replace("hi", f"hi {i}"), text=ANSWER) for i in range(2)] + [har_entry(TYPO, text=ANSWER)]
    data = json.dumps({"log": {"entries": [{"response": e["response"], "request": e["request"]} for e in entries]}}).encode()
    (found,) = checked(data, "r.har").findings
    assert (found.code, found.path, found.line) == ("GW102", "log.entries[2].request.temprature", 1)
    # At the key inside the body's string, as the file spells it (escaped), after the two bodies before.
    assert found.column == data.index(b'\\"temprature\\"') + 1


def test_a_cassette_costs_at_most_16_times_its_size_in_memory() -> None:
    data = cassette(*[entry(f"    body: '{GOOD}'\n    headers:\n      Content-Type: [application/json]\n",
                            f"    body: {{string: '{ANSWER}'}}\n    headers:\n      Content-Type: [application/json]\n"
                            "      Vary: [Origin, X-Origin, Referer]\n    status: {code: 200, message: OK}\n")] * 1_500)
    read("c.yaml", data[:1_000])  # imports done before measuring
    assert peak_memory(lambda: read("c.yaml", data)) < 16 * len(data)


# --------------------------------------------------------------------------- one entry at a time


@pytest.mark.parametrize("status", ["'١٢٣'", "'²'", "9" * 5_000, "2000", "abc", "'200 OK'"])
def test_a_status_that_is_no_http_status_is_a_finding_on_its_entry(status: str) -> None:
    data = cassette(entry(response=f"    status: {{code: {status}}}\n"), typo_entry())
    result = checked(data)
    if status == "'200 OK'":  # go-vcr's spelling, read as the code it starts with
        assert codes(result) == [("GW102", "interactions[1].request.temprature")]
        return
    assert codes(result) == [("GW134", "interactions[0]"), ("GW102", "interactions[1].request.temprature")]
    assert (result.findings[0].line, result.findings[0].column) == (2, 3)
    assert "is not an HTTP status code" in result.findings[0].message and len(result.findings[0].message) < 200
    assert result.tally.skipped["cannot be read"] == 1


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ("- just text\n", "is not a mapping"),
        ("- {response: {status: {code: 200}}}\n", "`request` is missing"),
        ("- {request: [1, 2]}\n", "`request` is not a mapping"),
        ("- {request: {method: POST}}\n", "has no `uri`"),
    ],
)
def test_an_entry_of_an_unexpected_shape_is_a_finding_and_the_others_are_checked(item: str, why: str) -> None:
    result = checked(cassette(item, typo_entry()))
    assert codes(result) == [("GW134", "interactions[0]"), ("GW102", "interactions[1].request.temprature")]
    assert why in result.findings[0].message


@pytest.mark.parametrize(
    ("bad", "why"),
    [({"status": "200"}, "Expected `int | null`, got `str` - at `$.status`"), ("text", "its request"), (7, "the entry")],
)
def test_a_har_entry_of_the_wrong_shape_is_a_finding_and_the_others_are_checked(bad: object, why: str) -> None:
    broken: object = bad
    if isinstance(bad, dict):
        broken = har_entry(GOOD)
        broken["response"] = {**broken["response"], **bad}  # type: ignore[index, dict-item]
    elif bad == "text":
        broken = {"request": "text"}
    result = checked(har(broken, har_entry()), "r.har")
    assert result.format == "HAR 1.2"
    assert codes(result) == [("GW134", "log.entries[0]"), ("GW102", "log.entries[1].request.temprature")]
    assert why in result.findings[0].message


# The host is checked by RFC 3986, not by urllib, whose answer for a bracket inside a host depends
# on the Python version (3.10 reads `a[b]c` as the host `b`): the same finding on every Python.
@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/v1beta/models/m:generateContent",
        "https://a[b]c/v1beta/models/m:generateContent",
        "https://[::1]x/v1beta/models/m:generateContent",
        "https://[1.2.3.4]/v1beta/models/m:generateContent",
        "https://u@a]b/v1beta/models/m:generateContent",
    ],
)
def test_a_url_that_cannot_be_split_is_a_finding_on_its_interaction(url: str) -> None:
    result = checked(cassette(typo_entry(), entry(f"    body: '{GOOD}'\n", url=url), typo_entry()))
    assert codes(result) == [
        ("GW102", "interactions[0].request.temprature"),
        ("GW134", "interactions[1]"),
        ("GW102", "interactions[2].request.temprature"),
    ]
    assert "its request URL cannot be read" in result.findings[1].message


@pytest.mark.parametrize("host", ["[::1]", "[::1]:8080", "u@[fe80::1%25eth0]", "[v1.x]", "a.example"])
def test_a_url_whose_host_is_an_address_in_brackets_is_read(host: str) -> None:
    result = checked(cassette(entry(f"    body: '{GOOD}'\n", url=f"http://{host}/v1beta/models/m:generateContent?k=[x]")))
    assert "GW134" not in [code for code, _ in codes(result)]


@pytest.mark.parametrize(
    ("yaml_value", "json_value"),
    [
        ("1:30.5", "90.5"), ("-1:30", "-90"), ("0x1F", "31"), ("017", "15"), ("0b101", "5"), ("+1.5", "1.5"),
        ("1_000", "1000"), (".inf", '"Infinity"'), ("-.inf", '"-Infinity"'), (".nan", '"NaN"'),
        ("!!float abc", '"abc"'), ("!!int x", '"x"'), ("yes", "true"), ("~", "null"), ("2001-12-14", '"2001-12-14"'),
        # A number that JSON spells the same stays as written: lint then sees what a JSON file holds.
        ("1.0e+400", "1.0e+400"), ("9" * 5_000, "9" * 5_000), ("1.50", "1.50"),
    ],
)
def test_yaml_scalars_of_a_parsed_body_become_json_without_raising(yaml_value: str, json_value: str) -> None:
    found = read("c.yaml", cassette(entry(f"    parsed_body: {{value: {yaml_value}}}\n")))
    assert isinstance(found, Recording)
    body = found.interactions[0].request
    assert body is not None and not body.problem
    assert body.data == b'{"value":' + json_value.encode() + b"}"


# --------------------------------------------------------------------------- columns of block bodies


@pytest.mark.parametrize(
    ("header", "extra"), [("|", ""), ("|-", ""), ("|+", ""), ("|2", ""), ("|2", "  "), ("|4", "  ")]
)
def test_a_finding_in_a_literal_block_has_the_files_line_and_column(header: str, extra: str) -> None:
    # The block's first line is blank; an indentation indicator counts from the key's four
    # spaces, and the spaces of a line past it are the body's own (`extra`).
    lines = ["    body: " + header, "", f"      {extra}{GOOD[:-1]},", f"      {extra}\"temprature\": 1}}"]
    data = cassette(f"- request:\n    uri: '{URL}'\n" + "\n".join(lines) + "\n  response:\n    status: {code: 200}\n")
    (found,) = checked(data).findings
    assert (found.code, found.line, found.column) == ("GW102", 7, 7 + len(extra))
    assert data.splitlines()[found.line - 1][found.column - 1 :].startswith(b'"temprature"')


# --------------------------------------------------------------------------- without PyYAML


def without_yaml(*argv: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; sys.modules['yaml'] = None\nfrom gemini_wire.cli import main\nsys.exit(main(sys.argv[1:]))"
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT)
    assert "Traceback" not in result.stderr, result.stderr
    return result


OTHER_YAML = {
    "ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
    "chart.yaml": "{{ if .Values.x }}: [\n",  # a template: not YAML at all
}


def test_without_pyyaml_other_yaml_is_passed_over_in_a_folder(tmp_path: Path) -> None:
    for name, text in OTHER_YAML.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "request.json").write_text(TYPO)
    result = without_yaml("lint", str(tmp_path))
    assert result.returncode == 1 and "GW102" in result.stdout and "GW134" not in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("vcrpy.yaml", (ROOT / "tests" / "cassettes" / "vcrpy.yaml").read_text()),
        ("ruby.yml", (ROOT / "tests" / "cassettes" / "ruby-vcr.yml").read_text()),
        ("go.yaml", (ROOT / "tests" / "cassettes" / "go-vcr-v2.yaml").read_text()),
        ("cassette.json", json.dumps({"interactions": [], "version": 1}, indent=4)),
    ],
)
def test_without_pyyaml_a_cassette_stops_the_run_with_the_install_line(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / "a.json").write_text(GOOD)
    (tmp_path / name).write_text(text)
    (tmp_path / "z.json").write_text(TYPO)  # after the cassette: not reached
    result = without_yaml("lint", "--format", "json", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"{tmp_path / name}: this is a VCR cassette, and reading one needs PyYAML: python -m pip install pyyaml\n"
    assert json.loads(result.stdout) == []  # no GW finding for a setup problem


def test_without_pyyaml_read_raises_missing_extra_for_a_cassette_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(MissingExtra) as raised:
        read("c.yaml", cassette(typo_entry()))
    assert raised.value.install == "python -m pip install pyyaml"
    other = read("ci.yml", OTHER_YAML["ci.yml"].encode())
    assert isinstance(other, NotARecording) and other.other
    assert isinstance(read("r.har", har(har_entry())), Recording)  # HAR needs nothing


def test_broken_yaml_is_reported_when_it_looks_like_a_cassette(tmp_path: Path) -> None:
    (tmp_path / "chart.yaml").write_text(OTHER_YAML["chart.yaml"])
    (tmp_path / "broken.yaml").write_text("interactions:\n- request: {uri: 'x'\n")
    result = subprocess.run([sys.executable, "-m", "gemini_wire.cli", "lint", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "broken.yaml:3:1: GW134" in result.stdout and "chart.yaml" not in result.stdout


def test_a_folder_walk_reports_a_recording_with_a_broken_entry(tmp_path: Path) -> None:
    (tmp_path / "traffic.har").write_bytes(har(har_entry(GOOD, status="200"), har_entry(GOOD)))
    result = subprocess.run([sys.executable, "-m", "gemini_wire.cli", "lint", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "traffic.har:1:" in result.stdout and "GW134 error: this interaction cannot be read" in result.stdout
