# marsad: the two set-up commands are `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint bench plain-install

$(BIN)/marsad: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(BIN)/marsad

install: $(BIN)/marsad

# Install, extract the built-in example reports into SQLite and open the dashboard.
demo: install
	$(BIN)/marsad demo

# Install everything the tests need (PostgreSQL, Chromium via apt when missing) and run them all.
test: install
	bash scripts/setup_services.sh
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/pytest -q
	bash scripts/check_plain_install.sh $(PY)

# ruff check also enforces cyclomatic complexity <= 20 (C901, pyproject.toml).
lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

bench: install
	$(BIN)/python bench/throughput.py

# `pip install .` without extras into a fresh venv, then `marsad extract` on every input format.
plain-install:
	bash scripts/check_plain_install.sh $(PY)
