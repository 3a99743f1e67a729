# Developer commands. `make test` is what CI runs (after `make lint`).
PY ?= python3

.PHONY: install run demo test test-sqlite lint fmt bench clean

install:
	$(PY) -m pip install -e ".[test]"

run demo:
	citydip demo

test:
	pytest

test-sqlite:  # skip the PostgreSQL half of the store suite
	pytest -m "not postgres"

lint:
	ruff check src tests benchmarks
	mypy
	lint-imports

fmt:
	ruff check --fix src tests benchmarks
	ruff format src tests benchmarks

bench:
	$(PY) benchmarks/store.py
	$(PY) benchmarks/extract.py
	$(PY) benchmarks/accuracy.py

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
