# Developer commands. `make test` is what CI runs (after `make lint`).
PY ?= python3

.PHONY: install run demo serve test test-sqlite browser screenshots lint fmt bench clean

install:
	$(PY) -m pip install -e ".[test]"

run demo:
	citydip demo

test:
	pytest

test-sqlite:  # skip the PostgreSQL half of the store suite
	pytest -m "not postgres"

browser:  # the web app in headless Chromium (apt-get install chromium fonts-noto-cjk)
	pytest tests/web/browser

screenshots:  # the browser tests, keeping their screenshots for the README
	CITYDIP_SCREENSHOTS=docs/screenshots pytest tests/web/browser

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
	$(PY) benchmarks/web.py
	$(PY) benchmarks/pairs.py
	$(PY) benchmarks/network.py
	$(PY) benchmarks/world_views.py

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
