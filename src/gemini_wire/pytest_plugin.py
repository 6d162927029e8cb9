"""The pytest plugin of gemini_wire.testing: lint every Gemini request that the tests send.

Registered through the `pytest11` entry point, so installing gemini-wire is enough; it does
nothing until it is switched on, and imports the linter only then (a test run that does not
use it pays nothing):

- for the whole run: `gemini_wire = true` in `[tool.pytest.ini_options]`, or `--gemini-wire`;
- for some tests: the fixture `gemini_wire_lint` (it returns the Linter).

A finding at or above `gemini_wire_fail_on` (`--gemini-wire-fail-on`; default `error`) fails the
test with the findings; `gemini_wire_responses = true` checks responses too; a host that no
dialect serves (a local gateway) is read in `gemini_wire_dialect` (default `gemini`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from gemini_wire.cli.traffic import Tally
    from gemini_wire.testing import Linter

SEVERITIES = ("error", "warning", "info")
LINTER: pytest.StashKey[Linter] = pytest.StashKey()
TALLY: pytest.StashKey[Tally] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gemini-wire", "lint the Gemini requests that the tests send")
    group.addoption("--gemini-wire", action="store_true", default=None, help="lint every Gemini request")
    group.addoption(
        "--gemini-wire-fail-on", choices=SEVERITIES, help="the severity that fails a test (default: error)"
    )
    group.addoption("--gemini-wire-responses", action="store_true", default=None, help="check responses too")
    parser.addini("gemini_wire", "lint every Gemini request that the tests send", type="bool", default=False)
    parser.addini("gemini_wire_fail_on", "the severity that fails a test: error, warning or info", default="error")
    parser.addini("gemini_wire_responses", "check the responses too", type="bool", default=False)
    parser.addini("gemini_wire_dialect", "the dialect for a host that no dialect serves", default="gemini")


def setting(config: pytest.Config, name: str) -> Any:
    """The command line's value, else the ini file's."""
    given = config.getoption("--" + name.replace("_", "-"), default=None)
    return given if given is not None else config.getini(name)


def pytest_configure(config: pytest.Config) -> None:
    """A wrong setting is a usage error at the start, not an error in every test."""
    if setting(config, "gemini_wire_fail_on") not in SEVERITIES:
        raise pytest.UsageError(f"gemini_wire_fail_on: one of {', '.join(SEVERITIES)}")


def new_linter(config: pytest.Config) -> Linter:
    from gemini_wire.testing import Linter

    return Linter(
        fail_on=setting(config, "gemini_wire_fail_on"),
        responses=bool(setting(config, "gemini_wire_responses")),
        fallback=str(config.getini("gemini_wire_dialect")),
    )


@pytest.fixture
def gemini_wire_lint(request: pytest.FixtureRequest) -> Iterator[Linter]:
    """Lint the Gemini requests that this test sends; the Linter, for a look at its findings."""
    from gemini_wire.testing import linting

    linter = request.node.stash[LINTER] = new_linter(request.config)
    with linting(linter):
        yield linter


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Run the test (linting its requests when switched on), then fail it on its findings."""
    from gemini_wire.testing import linting

    here = bool(setting(item.config, "gemini_wire")) and LINTER not in item.stash
    if here:
        item.stash[LINTER] = new_linter(item.config)
    linter = item.stash.get(LINTER, None)
    with linting(linter) if here and linter is not None else contextlib.nullcontext():
        result = yield
    if linter is not None:
        from gemini_wire.cli import traffic

        item.config.stash.setdefault(TALLY, traffic.Tally()).add(linter.tally)
        linter.tally = traffic.Tally()
        linter.assert_clean()
    return result


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    tally = config.stash.get(TALLY, None)
    if tally is not None and tally.interactions:
        terminalreporter.write_line("gemini-wire: " + tally.summary().replace("interaction(s)", "Gemini request(s)"))
