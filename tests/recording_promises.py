"""The promises of reading a recording, checked on one input: shared by the fuzz test in the suite
(tests/test_recordings_fuzz.py, Hypothesis with a fixed budget) and the longer coverage-guided
run (fuzz/entry_points.py, atheris, not part of CI).

- `read` gives a Recording or NotARecording for any bytes, read as YAML, as HAR, as a .json
  file (a nock recording when it looks like one) or as an httprr trace: it never raises (PyYAML
  is installed), and a body's bytes stay within MAX_DECOMPRESSED;
- `check_recording` never raises, and no interaction is a bug of ours caught by the safety nets
  (`gemini-wire could not ...`): those nets are for users, the fuzzer must never reach them;
- both take bounded time: a few kilobytes of input in well under the bound here.
"""

from __future__ import annotations

import time

from gemini_wire import limits
from gemini_wire.documents.traffic import check_recording
from gemini_wire.recordings import NotARecording, Recording, read

NAMES = ("cassette.yaml", "traffic.har", "recording.json", "trace.httprr")
BOUND = 20.0  # seconds of CPU for one input of a few kilobytes: a runaway, not a timing
NET = "gemini-wire could not"


def check(data: bytes) -> None:
    """Raise AssertionError (or let another exception through) where a promise is broken."""
    start = time.process_time()
    for name in NAMES:
        found = read(name, data)
        assert isinstance(found, (Recording, NotARecording))
        if isinstance(found, Recording):
            for i in found.interactions:
                assert NET not in i.problem, i.problem
                bodies = [b for b in (i.request, i.response) if b is not None]
                assert sum(len(b.data) for b in bodies) <= limits.MAX_DECOMPRESSED + len(data)
        checked = check_recording(name, data, "gemini")
        for f in checked.findings:
            assert NET not in f.message, f.message
    assert time.process_time() - start < BOUND
