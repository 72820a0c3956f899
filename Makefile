# Two entry points for a fresh machine: `make demo` and `make test` (see README).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.sayso-installed
EXTRAS ?= dev

.PHONY: demo test lint system-deps clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -U pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[$(EXTRAS)]'
	touch $@

system-deps:
	@bash scripts/system-deps.sh

demo: $(STAMP)
	$(VENV)/bin/sayso demo -o reply.wav

test: system-deps $(STAMP)
	$(PY) -m pytest -q -ra

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache reply.wav
