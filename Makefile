# Familienrathaus: `make run` starts the demo site, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The dev server's port; the site is then at http://127.0.0.1:$(PORT)
PORT ?= 8000

.PHONY: run test setup system-check lint typecheck migrations-check test-sqlite test-postgres clean

run: setup
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) createcachetable
	$(MANAGE) load_demo
	PORT=$(PORT) bash scripts/run_dev.sh

test: setup lint typecheck migrations-check test-sqlite test-postgres

setup: system-check $(VENV)/.installed node_modules/.installed build/frontend/.copied
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

system-check:
	@bash scripts/check_system.sh $(if $(filter test,$(MAKECMDGOALS)),--for-tests,)

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/frontend/.copied: node_modules/.installed scripts/copy_frontend_assets.py
	$(PY) scripts/copy_frontend_assets.py
	touch $@

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy familienrathaus config scripts

migrations-check:
	$(MANAGE) makemigrations --check --dry-run

test-sqlite:
	$(VENV)/bin/pytest

test-postgres:
	$(PY) scripts/throwaway_postgres.py -- $(VENV)/bin/pytest

clean:
	rm -rf $(VENV) node_modules build var
