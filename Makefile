# econwatch — the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/econwatch
# Tests that touch the operational database run a second time on PostgreSQL.
DB_TESTS := tests/register tests/accounts tests/demo tests/monitoring tests/alerts tests/browser tests/test_settings.py

.PHONY: demo test test-sqlite test-postgres lint install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make demo: build the demo district (once) and serve it at http://127.0.0.1:8000
demo: $(VENV)/.installed
	$(BIN)/econwatch demo

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src/econwatch/core

test-sqlite: $(VENV)/.installed-test
	ECONWATCH_TEST_DB=sqlite $(BIN)/python -m pytest -q

test-postgres: $(VENV)/.installed-test
	ECONWATCH_TEST_DB=postgres ECONWATCH_TEST_PG_URL=$(PG_URL) \
	  $(BIN)/python -m pytest -q $(wildcard $(DB_TESTS))

## make test: lint, the whole suite on SQLite, the database tests again on PostgreSQL
test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
