"""The pytest plugin of gemini_wire.testing: lint every Gemini request that the tests send
(generateContent calls, and the Interactions API's in the dialect of their URL).

Registered through the `pytest11` entry point, so installing gemini-wire is enough; it does
nothing until it is switched on, and imports the linter only then (a test run that does not
use it pays nothing):

- for the whole run: `gemini_wire = true` in `[tool.pytest.ini_options]`, or `--gemini-wire`;
- for some tests: the fixture `gemini_wire_lint` (it returns the Linter, with every finding);
- the fixture `gemini_wire_fake` answers generateContent calls with canned responses, and keeps
  the test off the network (gemini_wire.fake).

Settings, each an ini key and a flag (`gemini_wire_fail_on` / `--gemini-wire-fail-on`), which win
over `[tool.gemini-wire]` in pyproject.toml (the table `gemini-wire lint` reads: select, ignore,
fail-on, dialect, model, and per-glob dialect and model, matched against the test's file):
fail_on (error, warning, info), select and ignore (rule codes or prefixes), dialect (for a host
that no dialect serves: an Interactions dialect reads the Interactions API paths there, and
generateContent's calls there in gemini; testing.Linter's `fallback`), model (for a URL whose model gemini-wire does not know), responses
(check the responses too, and each test's calls as exchanges, GW8xx: a streamed answer folded as
it passes, gemini_wire.testing says how). A wrong setting stops the run as a usage error, before any test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from gemini_wire.config import Config
    from gemini_wire.documents.traffic import Tally
    from gemini_wire.fake import FakeGemini
    from gemini_wire.testing import Linter

FIXTURES = ("gemini_wire_lint", "gemini_wire_fake")
LINTER: pytest.StashKey[Linter] = pytest.StashKey()
TALLY: pytest.StashKey[Tally] = pytest.StashKey()
OPTIONS: pytest.StashKey[Options] = pytest.StashKey()
# name: (ini type, help); each is also a flag, --gemini-wire-NAME.
SETTINGS: dict[str, tuple[str, str]] = {
    "fail_on": ("string", "the severity that fails a test: error (default), warning or info"),
    "select": ("args", "only these rules: codes or prefixes (GW1 GW301)"),
    "ignore": ("args", "not these rules: codes or prefixes"),
    "dialect": ("string", "the dialect for a host that no dialect serves (default: gemini; an Interactions one for its paths there)"),
    "model": ("string", "the model for a URL whose model gemini-wire does not know"),
    "responses": ("bool", "check the responses too"),
}


@dataclass(frozen=True)
class Options:
    """The plugin's settings: flags over ini keys over [tool.gemini-wire], checked."""

    fail_on: str = "error"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    dialect: str | None = None
    model: str | None = None
    responses: bool = False
    config: Config | None = field(default=None, compare=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gemini-wire", "lint the Gemini requests that the tests send")
    group.addoption("--gemini-wire", action="store_true", default=None, help="lint every Gemini request")
    parser.addini("gemini_wire", "lint every Gemini request that the tests send", type="bool", default=False)
    for name, (kind, text) in SETTINGS.items():
        flag = "--gemini-wire-" + name.replace("_", "-")
        if kind == "bool":
            group.addoption(flag, action="store_true", default=None, help=text)
        else:
            group.addoption(flag, action="append" if kind == "args" else "store", default=None, help=text)
        parser.addini("gemini_wire_" + name, text, type=kind if kind != "string" else None, default=None)  # type: ignore[arg-type]


def given(config: pytest.Config, name: str) -> Any:
    """The flag's value, else the ini key's; None when neither is set."""
    value = config.getoption("--gemini-wire-" + name.replace("_", "-"), default=None)
    if value is None or value == []:
        value = config.getini("gemini_wire_" + name)
    return value if value not in (None, "", []) else None


def codes(values: Any) -> tuple[str, ...]:
    """Codes or prefixes from ini words or flags, each may hold several separated by commas."""
    words = [values] if isinstance(values, str) else list(values or ())
    return tuple(c.strip().upper() for word in words for c in str(word).split(",") if c.strip())


def resolve(config: pytest.Config) -> Options | str:
    """The settings, or what is wrong with them (a message that names the setting)."""
    from gemini_wire import dialects
    from gemini_wire.config import load
    from gemini_wire.documents.check import unselectable
    from gemini_wire.findings import SEVERITIES

    table = load(None, config.rootpath)
    if isinstance(table, str):
        return f"gemini-wire: {table}"
    fail_on = given(config, "fail_on") or table.fail_on or "error"
    if fail_on not in SEVERITIES:
        return f"gemini_wire_fail_on: one of {', '.join(SEVERITIES)}, not {fail_on!r}"
    chosen = {}
    for name, configured in (("select", table.select), ("ignore", table.ignore)):
        chosen[name] = codes(given(config, name)) or configured
        wrong = unselectable(f"gemini_wire_{name}", chosen[name])
        if wrong is not None:
            return wrong
    dialect = given(config, "dialect")
    if dialect is not None:
        try:
            dialects.full_name(str(dialect))
        except ValueError as e:
            return f"gemini_wire_dialect: {e}"
    model = given(config, "model")
    return Options(fail_on, chosen["select"], chosen["ignore"], dialect, model, bool(given(config, "responses")), table)


def switched_on(config: pytest.Config) -> bool:
    return bool(config.getoption("--gemini-wire", default=None) or config.getini("gemini_wire"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """A wrong setting is a usage error before the first test, not an error in every test."""
    config = session.config
    if switched_on(config) or any(set(FIXTURES) & set(getattr(i, "fixturenames", ())) for i in session.items):
        found = resolve(config)
        if isinstance(found, str):
            raise pytest.UsageError(found)
        config.stash[OPTIONS] = found


def options(config: pytest.Config) -> Options:
    """The settings checked at collection; for a fixture asked for later, checked now."""
    if OPTIONS not in config.stash:
        found = resolve(config)
        if isinstance(found, str):
            pytest.exit(found, returncode=pytest.ExitCode.USAGE_ERROR)
        config.stash[OPTIONS] = found
    return config.stash[OPTIONS]


def new_linter(item: pytest.Item) -> Linter:
    """A Linter for one test, with the dialect and model of its file's glob in [tool.gemini-wire]."""
    from gemini_wire.testing import Linter

    o = options(item.config)
    target = o.config.target_of(str(item.path)) if o.config is not None else None
    return Linter(
        fail_on=o.fail_on,  # type: ignore[arg-type]
        responses=o.responses,
        fallback=o.dialect or (target and target.dialect) or "gemini",
        select=o.select,
        ignore=o.ignore,
        model=o.model or (target and target.model) or None,
    )


@pytest.fixture
def gemini_wire_lint(request: pytest.FixtureRequest) -> Iterator[Linter]:
    """Lint the Gemini calls that this test makes; the Linter has every finding in `problems`
    (those at the fail level fail the test when it ends)."""
    from gemini_wire.testing import linting

    linter = request.node.stash[LINTER] = new_linter(request.node)
    with linting(linter):
        yield linter


@pytest.fixture
def gemini_wire_fake() -> Iterator[FakeGemini]:
    """A fake Gemini server with canned answers (add them with `.add(...)`); while the test runs,
    httpx and httpx2 clients without its transport are answered by it too, never the network."""
    from gemini_wire.fake import FakeGemini

    with FakeGemini().offline() as fake:
        yield fake


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Run the test (linting its calls when switched on), then fail it on its findings."""
    __tracebackhide__ = True
    here = switched_on(item.config) and LINTER not in item.stash
    if here:
        item.stash[LINTER] = new_linter(item)
    linter = item.stash.get(LINTER, None)
    if linter is None:  # not switched on: nothing imported, nothing done
        return (yield)
    from gemini_wire.testing import linting

    failed = True
    try:
        with linting(linter) if here else contextlib.nullcontext():
            result = yield
        failed = False
    finally:
        end(item, linter, failed)
    return result


def end(item: pytest.Item, linter: Linter, failed: bool) -> None:
    """Count the test's calls; fail it on its findings (beside a failure of its own: a section)."""
    __tracebackhide__ = True
    from gemini_wire.documents import traffic
    from gemini_wire.testing import LintFailure

    item.config.stash.setdefault(TALLY, traffic.Tally()).add(linter.tally)
    linter.tally = traffic.Tally()
    if not failed:
        linter.assert_clean()
    elif failures := linter.failures():
        item.add_report_section("call", "gemini-wire", str(LintFailure(failures)))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    tally = config.stash.get(TALLY, None)
    if tally is not None and tally.interactions:
        terminalreporter.write_line("gemini-wire: " + tally.summary().replace("interaction(s)", "Gemini request(s)"))
