# newsdesk: two commands for a new user —
#   make demo   set up, ingest the bundled (fictional) demo corpus and show what came in
#   make test   set up and run the test suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
PORT ?= 8000

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev,postgres,ray]"
	touch $@

demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	# Exit status 3 means some inputs were rejected (the demo has a few on purpose).
	$(BIN)/newsdesk --db $(DEMO_DB) ingest demo/corpus || [ $$? -eq 3 ]
	$(BIN)/newsdesk --db $(DEMO_DB) analyze
	$(BIN)/newsdesk --db $(DEMO_DB) stories --no-update
	$(BIN)/newsdesk --db $(DEMO_DB) serve --port $(PORT)

test: setup
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .ruff_cache
