"""gemini-wire drift: every key, enum value and Part member of recorded traffic that the call's
dialect does not know, with where and how often it was seen; and its report of ../shared/traffic
is checked in (docs/drift.md), every entry added to the spec or listed as known."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from gemini_wire.cli import main
from gemini_wire.drift import Drift

ROOT = Path(__file__).resolve().parent.parent
TRAFFIC = ROOT.parent / "shared" / "traffic"
URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
VERTEX_URL = "https://us-central1-aiplatform.googleapis.com/v1beta1/projects/p/locations/l/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
REQUEST = {"contents": [{"role": "user", "parts": [{"text": "hi", "brandNewPartKey": 1}]}], "generationConfig": {"newKnob": 2}}
RESPONSE = {
    "candidates": [{"content": {"role": "model", "parts": [{"text": "a"}]}, "finishReason": "BRAND_NEW_REASON"}],
    "usageMetadata": {"promptTokenCount": 1, "futureCount": 3},
}


def har(*entries: tuple[str, int, dict[str, Any], Any]) -> bytes:
    log = [
        {
            "startedDateTime": f"2026-0{i + 1}-01T00:00:00Z",
            "request": {"url": url, "postData": {"text": json.dumps(req)}},
            "response": {"status": status, "content": {"text": resp if isinstance(resp, str) else json.dumps(resp)}},
        }
        for i, (url, status, req, resp) in enumerate(entries)
    ]
    return json.dumps({"log": {"entries": log}}, indent=1).encode()


def ids(drift: Drift) -> dict[str, int]:
    return {e.id: e.count for e in drift.entries()}


def test_unknown_keys_and_enum_values_of_accepted_calls_are_reported_with_their_dotted_path() -> None:
    d = Drift()
    d.add_file("calls.har", har((URL, 200, REQUEST, RESPONSE), (URL, 200, REQUEST, RESPONSE)))
    assert ids(d) == {
        "gemini-v1beta request contents[].parts[].brandNewPartKey": 2,
        "gemini-v1beta request generationConfig.newKnob": 2,
        "gemini-v1beta response candidates[].finishReason = BRAND_NEW_REASON": 2,
        "gemini-v1beta response usageMetadata.futureCount": 2,
    }


def test_an_entry_says_what_it_is_where_it_was_first_and_last_seen_the_models_and_dates() -> None:
    d = Drift()
    d.add_file("calls.har", har((URL, 200, REQUEST, RESPONSE), (URL, 200, REQUEST, RESPONSE)))
    member = next(e for e in d.entries() if e.key == "brandNewPartKey")
    assert (member.message, member.what) == ("Part", "member")  # a key among the Part's data members
    assert member.first is not None and member.last is not None
    assert (member.first.interaction, member.last.interaction) == (0, 1)
    assert member.first.line is not None and member.last.line is not None and member.first.line < member.last.line
    assert member.models == {"gemini-2.5-flash"}
    assert (member.first_date, member.last_date) == ("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
    value = next(e for e in d.entries() if e.what == "enum value")
    assert (value.enum, value.value) == ("FinishReason", "BRAND_NEW_REASON")


def test_a_request_the_server_refused_is_not_evidence() -> None:
    d = Drift()
    d.add_file("calls.har", har((URL, 400, REQUEST, {"error": {"code": 400, "message": "no"}})))
    assert ids(d) == {}
    assert d.skipped == {"refused by the server (not 2xx)": 1}


def test_the_dialect_is_the_one_the_url_names() -> None:
    d = Drift()
    sse = f"data: {json.dumps(RESPONSE)}\r\n\r\n"
    d.add_file("vertex.har", har((VERTEX_URL, 200, {"contents": [{"role": "user", "parts": [{"text": "x"}]}]}, sse)))
    assert set(ids(d)) == {
        "vertex-v1beta1 response candidates[].finishReason = BRAND_NEW_REASON",
        "vertex-v1beta1 response usageMetadata.futureCount",
    }


def test_payload_files_sse_files_and_compressed_jsonl_are_read() -> None:
    d = Drift()
    d.add_file("request.json", json.dumps(REQUEST).encode())
    d.add_file("stream.sse", f"data: {json.dumps(RESPONSE)}\n\n".encode())
    rows = "\n".join(json.dumps({"url": URL, "status": 200, "request_body": json.dumps(REQUEST), "response_body": json.dumps(RESPONSE)}) for _ in range(3))
    d.add_file("traffic.jsonl.gz", gzip.compress(rows.encode()))
    counts = ids(d)
    assert counts["gemini-v1beta request generationConfig.newKnob"] == 4
    assert counts["gemini-v1beta response usageMetadata.futureCount"] == 4


def test_json_of_another_kind_is_passed_over_as_lint_passes_it_over() -> None:
    # agentjido/req_llm's fixtures hold Gemini calls in a format of their own; read as a request,
    # their top keys came out as four unknown request keys.
    d = Drift()
    fixture = {"request": {"method": "POST", "url": URL, "body": {"b64": "e30="}}, "captured_at": "2026-01-01", "chunks": []}
    d.add_file("multi_tool.json", json.dumps(fixture).encode())
    d.add_file("package.json", json.dumps({"name": "x", "version": "1.0.0"}).encode())
    d.add_file("request.json", json.dumps(REQUEST).encode())
    assert set(ids(d)) == {"gemini-v1beta request generationConfig.newKnob", "gemini-v1beta request contents[].parts[].brandNewPartKey"}
    assert d.skipped == {"not a Gemini payload": 2}


def test_data_keys_are_never_reported() -> None:
    d = Drift()
    call = {"contents": [{"role": "model", "parts": [{"functionCall": {"name": "f", "args": {"anything": {"nested": 1}}}}]}]}
    d.add_file("request.json", json.dumps(call).encode())
    assert ids(d) == {}


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_text_json_markdown_and_overlay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "calls.har").write_bytes(har((URL, 200, REQUEST, RESPONSE)))
    code, out, _ = run("drift", str(tmp_path), capsys=capsys)
    assert code == 0 and "generationConfig.newKnob: key, seen 1x" in out
    code, out, _ = run("drift", str(tmp_path), "--format", "json", capsys=capsys)
    assert {e["path"] for e in json.loads(out)["entries"]} >= {"generationConfig.newKnob", "usageMetadata.futureCount"}
    code, out, _ = run("drift", str(tmp_path), "--format", "markdown", capsys=capsys)
    assert "| gemini-v1beta | request | `generationConfig.newKnob` | key | 1 |" in out
    code, out, _ = run("drift", str(tmp_path), "--format", "overlay", capsys=capsys)
    rows = tomllib().loads(out)["observed"]
    assert {"dialect": "gemini-v1beta", "direction": "request", "message": "GenerationConfig", "key": "newKnob"}.items() <= rows[0].items() or any(
        r.get("key") == "newKnob" and r["message"] == "GenerationConfig" for r in rows
    )


def tomllib() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib as t
    else:
        import tomli as t
    return t


def test_fail_on_new_compares_with_a_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "calls.har").write_bytes(har((URL, 200, REQUEST, {"candidates": []})))
    baseline = tmp_path.parent / f"{tmp_path.name}-known.json"  # outside the folder read
    code, out, _ = run("drift", str(tmp_path / "calls.har"), "--format", "json", "-o", str(baseline), capsys=capsys)
    assert code == 0
    assert run("drift", str(tmp_path / "calls.har"), "--baseline", str(baseline), "--fail-on-new", capsys=capsys)[0] == 0
    (tmp_path / "more.har").write_bytes(har((URL, 200, {**REQUEST, "tomorrow": True}, {"candidates": []})))
    code, out, err = run("drift", str(tmp_path), "--baseline", str(baseline), "--fail-on-new", capsys=capsys)
    assert code == 1 and "new gemini-v1beta request tomorrow" in out and "1 new entry" in err


def test_fail_on_new_without_a_baseline_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("drift", ".", "--fail-on-new", capsys=capsys)[0] == 2


def test_a_bad_baseline_is_reported_not_raised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b.json").write_text("[1, 2]")
    code, _, err = run("drift", str(tmp_path), "--baseline", str(tmp_path / "b.json"), capsys=capsys)
    assert code == 2 and "not a drift report" in err


# --------------------------------------------------------------------------- ../shared/traffic

needs_traffic = pytest.mark.skipif(not TRAFFIC.is_dir(), reason=f"{TRAFFIC} is absent")


@needs_traffic
def test_every_entry_of_the_recorded_traffic_is_in_the_spec_or_known(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run("drift", str(TRAFFIC), "--baseline", str(ROOT / "docs" / "drift-known.json"), "--fail-on-new", capsys=capsys)
    assert code == 0, out + err


@needs_traffic
def test_the_checked_in_drift_report_is_current() -> None:
    sys.path.insert(0, str(ROOT / "codegen"))
    try:
        from drift_report import report
    finally:
        sys.path.remove(str(ROOT / "codegen"))
    assert (ROOT / "docs" / "drift.md").read_text() == report(TRAFFIC), "run: python codegen/drift_report.py"


def test_every_known_entry_says_why() -> None:
    known = json.loads((ROOT / "docs" / "drift-known.json").read_text())["entries"]
    assert known and all(e["note"].strip() for e in known)


def test_the_report_is_readable_by_another_drift_run_as_a_baseline(tmp_path: Path) -> None:
    d = Drift()
    d.add_file("calls.har", har((URL, 200, REQUEST, RESPONSE)))
    from gemini_wire.cli.drift import baseline_ids, render_json

    (tmp_path / "b.json").write_text(render_json(d, d.entries(), {}, None))
    assert baseline_ids(str(tmp_path / "b.json")) == set(ids(d))


