# antara-pipeline — the README's commands. Everything runs from a project-local .venv and AIRFLOW_HOME.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
AIRFLOW := $(VENV)/bin/airflow

export AIRFLOW_HOME ?= $(CURDIR)/airflow_home
export AIRFLOW__CORE__DAGS_FOLDER ?= $(CURDIR)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER ?= $(CURDIR)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES ?= False
export ANTARA_DATA_DIR ?= $(CURDIR)/data
# The UI and API listen on loopback only unless an operator says otherwise.
export AIRFLOW__API__HOST ?= 127.0.0.1
export AIRFLOW__API__PORT ?= 8080
# Quiet by default: only warnings from Airflow's own logging (VERBOSE=1 shows every task log line).
AIRFLOW_LOG_LEVEL := $(if $(VERBOSE),INFO,WARNING)
DEMO_ARCHIVE := $(CURDIR)/pipeline/demo/antara-demo.warc.gz
DEMO_FEEDS := $(CURDIR)/pipeline/demo/feeds.yaml

.PHONY: help install airflow-init run demo standalone test test-fast lint bench clean

help:
	@echo "make run    - run the antara_ingest DAG once against the live ANTARA feeds (needs network + permission)"
	@echo "make demo   - run the same DAG offline from the bundled recorded snapshot (VERBOSE=1: every log line)"
	@echo "make standalone - the Airflow UI with the ANTARA dashboard on http://127.0.0.1:8080 (airflow standalone)"
	@echo "make test   - create/update .venv and run the whole test suite"
	@echo "make lint   - ruff"
	@echo "make bench  - print the benchmarks' figures"

# The venv is rebuilt whenever the dependency pins change. constraints.txt locks the whole tree.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25"
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Project-local Airflow metadata (SQLite) and the pools the DAG uses.
$(AIRFLOW_HOME)/.initialised: $(VENV)/.installed docker/pools.json
	mkdir -p $(AIRFLOW_HOME)
	$(AIRFLOW) db migrate > $(AIRFLOW_HOME)/db-migrate.log 2>&1 || (cat $(AIRFLOW_HOME)/db-migrate.log; exit 1)
	$(AIRFLOW) pools import docker/pools.json > /dev/null
	touch $@

airflow-init: $(AIRFLOW_HOME)/.initialised

run: airflow-init
	$(PY) -m pipeline dag --preflight

# Offline: no model hub, so unless models are configured locally translations stay `pending`
# (ingestion never waits on translation) and the coverage check is relaxed for this run.
# Its own data dir and warehouse (data/demo/warehouse.duckdb): invented rows never reach the production one.
demo: airflow-init
	env -u AIRFLOW_CONN_ANTARA_WAREHOUSE -u ANTARA_WAREHOUSE_URI ANTARA_DATA_DIR=$(CURDIR)/data/demo \
	  HF_HUB_OFFLINE=1 ANTARA_CHECK_MIN_TRANSLATION_COVERAGE=$${ANTARA_CHECK_MIN_TRANSLATION_COVERAGE:-0} \
	  AIRFLOW__LOGGING__LOGGING_LEVEL=$${AIRFLOW__LOGGING__LOGGING_LEVEL:-$(AIRFLOW_LOG_LEVEL)} \
	  $(PY) -m pipeline dag --conf source=replay --conf replay_archive=$(DEMO_ARCHIVE) --conf feeds_file=$(DEMO_FEEDS)

# The Airflow UI (API server, scheduler, DAG processor, triggerer) with the dashboard, on loopback. `airflow standalone`
# starts its components as `airflow ...` from PATH, so the venv's bin goes first: the shell's PATH need not hold it.
# The admin password is printed at start and kept in $(AIRFLOW_HOME)/simple_auth_manager_passwords.json.generated.
standalone: airflow-init
	PATH="$(abspath $(VENV))/bin:$$PATH" \
	  AIRFLOW__CORE__EXECUTION_API_SERVER_URL=$${AIRFLOW__CORE__EXECUTION_API_SERVER_URL:-http://$(AIRFLOW__API__HOST):$(AIRFLOW__API__PORT)/execution/} \
	  exec $(abspath $(AIRFLOW)) standalone

# The whole suite: unit, end-to-end through the real DAG, and the real Airflow stacks (standalone, Celery, browser).
test: install
	SE_OFFLINE=true $(PY) -m pytest -q $(PYTEST_ARGS)

# Everything but the real-stack tests (the quick loop while developing).
test-fast: install
	$(PY) -m pytest -q -m "not stack" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: install
	$(PY) -m pipeline.bench extraction
	$(PY) -m pipeline.bench translation
	$(PY) -m pipeline.bench warehouse
	$(PY) -m pipeline.bench dedup

clean:
	rm -rf $(AIRFLOW_HOME) data .pytest_cache
