"""Write docs/drift.md: the drift report of ../shared/traffic, each entry added or known.

    python codegen/drift_report.py [TRAFFIC]      # default: ../shared/traffic

Entries added to the spec are the rows of codegen/observed.toml (with their evidence); the
report's remaining entries must each be listed, with the reason, in docs/drift-known.json
(tests/test_drift.py runs the drift over the same traffic and checks both).
"""

from __future__ import annotations

import sys
from pathlib import Path

from model import ROOT
from observed import observed_rows

from gemini_wire.cli.drift import notes_of, render_markdown
from gemini_wire.drift import Drift

REPORT = ROOT / "docs" / "drift.md"
KNOWN = ROOT / "docs" / "drift-known.json"
TRAFFIC = ROOT.parent / "shared" / "traffic"

HEAD = """# Drift: what the live API sends that the spec lacks

`gemini-wire drift` over the recorded traffic in `../shared/traffic` (real calls recorded in the
test cassettes of public projects; see its SOURCES.tsv). Written by `python codegen/drift_report.py`;
`tests/test_drift.py` checks that it is current. Every entry is either added to the spec
(`codegen/observed.toml`, read by `make generate`, each row with its evidence) or listed as known
(`docs/drift-known.json`, with the reason).
"""


def report(traffic: Path = TRAFFIC) -> str:
    """The text of docs/drift.md for the traffic in a folder."""
    drift = Drift()
    for path in sorted(traffic.iterdir()):
        if path.suffix in (".xz", ".gz", ".jsonl", ".yaml", ".yml", ".har"):
            drift.add_file(f"../shared/traffic/{path.name}", path.read_bytes())
    notes = notes_of(str(KNOWN))
    lines = [HEAD, "## Added to the spec (codegen/observed.toml)", ""]
    lines += ["| dialect | added | evidence |", "| --- | --- | --- |"]
    for row in observed_rows():
        added = f"`{row['value']}` in {row['enum']}" if "enum" in row else f"`{row['message']}.{row['key']}` ({row.get('kind', 'value')})"
        lines.append(f"| {row['dialect']} | {added} | {row['evidence']} |")
    lines += ["", "## The report, after the additions", ""]
    lines.append(render_markdown(drift, drift.entries(), notes, None))
    return "\n".join(lines)


if __name__ == "__main__":
    REPORT.write_text(report(Path(sys.argv[1]) if len(sys.argv) > 1 else TRAFFIC))
