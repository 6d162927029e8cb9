"""Shared test set-up: a fixed Hypothesis budget, derandomized, so that CI runs the same cases."""

from __future__ import annotations

import os

import pytest
from _pytest.nodeid import NodeId
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=int(os.environ.get("GW_EXAMPLES", "100")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile("ci")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep `xdist_group` working under pytest 9: pytest-xdist 3.8 (`--dist loadgroup`, make test)
    names a test's group by suffixing `item._nodeid` with `@group`, which pytest 9 no longer reads
    (a node's id is `item._id`), so the tests of one group were spread over the workers: the
    README's `drift --baseline known.json` ran where `drift -o known.json` had not. Here, after
    xdist's own hook, the suffix goes where pytest 9 reads it. On a worker only (xdist sets
    `loadgroup` there); a no-op where the id has it already."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")})
        if groups and "@" not in item.nodeid:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")  # type: ignore[attr-defined]
