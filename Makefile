# Familienrathaus: `make run` starts the demo site, `make test` runs every check.
SHELL := /bin/bash

# Python 3.11 to 3.13: .venv is built from the newest of them that runs on this machine;
# `make PYTHON=python3.12 ...` chooses another one.
SUPPORTED_PYTHONS := python3.13 python3.12 python3.11
runs = $(shell $(1) -c 'import sys' >/dev/null 2>&1 && echo $(1))
ifndef PYTHON
PYTHON := $(firstword $(foreach python,$(SUPPORTED_PYTHONS),$(call runs,$(python))))
endif
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# `make test` runs the suite twice, side by side: on SQLite in .venv (the newest Python)
# and on PostgreSQL in .venv-3.11, so that the oldest supported Python is tested as well. On a
# machine without python3.11, or where the newest Python is 3.11, both runs use .venv.
OLDEST_PYTHON := $(call runs,python3.11)
ifneq ($(and $(OLDEST_PYTHON),$(filter-out 3.11,$(PYTHON_VERSION))),)
PG_VENV := .venv-3.11
else
PG_VENV := $(VENV)
endif

# The dev server's port; the site is then at http://127.0.0.1:$(PORT)
PORT ?= 8000

.PHONY: run test setup system-check lint typecheck migrations-check test-sqlite test-postgres clean

run: setup
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) createcachetable
	$(MANAGE) load_demo
	PORT=$(PORT) bash scripts/run_dev.sh

# The two runs of the suite are independent (own database, own temporary folders, free
# ports): they run side by side, one on each core, and each prints its output when done.
# Each runs every test except half of the browser journeys (FRH_E2E_SHARE, see
# tests/conftest.py): every journey runs once, on one of the two databases.
test: setup lint typecheck migrations-check
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

setup: system-check $(VENV)/.installed node_modules/.installed build/frontend/.copied build/frontend/.bundled
	$(MANAGE) compilemessages --ignore='.venv*' --ignore=node_modules -v0

system-check:
	@PYTHON="$(PYTHON)" bash scripts/check_system.sh $(if $(filter test,$(MAKECMDGOALS)),--for-tests,)

# A virtualenv of another Python (after an upgrade of the machine's Python, or with
# PYTHON=...) is built anew rather than mixed: its marker then counts as out of date.
venv_version = $(shell $(1)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
ifneq ($(call venv_version,$(VENV)),$(PYTHON_VERSION))
.PHONY: $(VENV)/.installed
endif
ifneq ($(call venv_version,.venv-3.11),3.11)
.PHONY: .venv-3.11/.installed
endif
$(VENV)/.installed: pyproject.toml
	@bash scripts/make_venv.sh "$(PYTHON)" $(VENV)
	touch $@

.venv-3.11/.installed: pyproject.toml
	@bash scripts/make_venv.sh "$(OLDEST_PYTHON)" .venv-3.11
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/frontend/.copied: node_modules/.installed scripts/copy_frontend_assets.py
	$(PY) scripts/copy_frontend_assets.py
	touch $@

# The two stylesheet bundles and the font subsets (scripts/build_css.mjs). Built again when
# a stylesheet changes or a template, Python module or script could name a KERN class
# the bundle must keep (PurgeCSS reads them all).
BUNDLE_INPUTS := $(shell find familienrathaus -name __pycache__ -prune -o \( -name '*.css' -o -name '*.html' -o -name '*.py' -o -name '*.js' \) -print)
build/frontend/.bundled: node_modules/.installed scripts/build_css.mjs $(BUNDLE_INPUTS)
	node scripts/build_css.mjs
	touch $@

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy familienrathaus config scripts

migrations-check:
	$(MANAGE) makemigrations --check --dry-run

test-sqlite:
	@echo "== The suite on SQLite with Python $$($(PY) -c 'import platform; print(platform.python_version())')"
	FRH_E2E_SHARE=2/2 $(VENV)/bin/pytest --durations=15

test-postgres: $(PG_VENV)/.installed
	@if [[ "$(PG_VENV)" == "$(VENV)" && "$(PYTHON_VERSION)" != "3.11" ]]; then \
	  echo "== python3.11 not found: the PostgreSQL run uses Python $(PYTHON_VERSION) as well"; fi
	@echo "== The suite on PostgreSQL with Python $$($(PG_VENV)/bin/python -c 'import platform; print(platform.python_version())')"
	FRH_E2E_SHARE=1/2 $(PG_VENV)/bin/python scripts/throwaway_postgres.py -- $(PG_VENV)/bin/pytest --durations=15

clean:
	rm -rf $(VENV) .venv-3.11 node_modules build var
