# Two commands for a fresh machine with Python 3.11+:
#   make run    create .venv, install, start the app on the demo portfolio
#   make test   create .venv, install, run the whole test suite (the Spark parity test needs Java 17+)
#   make lint   ruff and mypy, as configured in pyproject.toml (CI runs it before the tests)
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test lint demo bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,lint,spark]'
	touch $@

# every interface once .streamlit/secrets.toml configures sign-in, else this computer only
run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --server.port $(PORT) \
	  --server.address $$($(PY) -m analytics.access) --browser.gatherUsageStats false

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy

demo: $(VENV)/.installed
	$(PY) -m analytics demo --out data

bench: $(VENV)/.installed
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) data/pulse.duckdb data/pulse.duckdb.wal
