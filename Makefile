# Two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The first Python >= 3.12 on PATH (.python-version makes pyenv's python3 one).
PYTHON ?= $(shell for p in python3 python3.12 python3.13 python3.14; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& echo $$p && break; done)
DEV_ENV := DEBUG=true TASKS_IMMEDIATE=true
# Both cores by default; `make test PYTEST_ARGS="-n0 tests/grants"` runs a part serially.
PYTEST_ARGS ?=

.PHONY: run test lint venv migrate demo serve lock screenshots bench clean

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (pyenv install 3.12, or apt-get install python3.12)." >&2; exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

venv: $(STAMP)

migrate: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo

# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
serve: $(STAMP)
	@echo "S4OM Grants: open http://127.0.0.1:$(PORT)/ (press Ctrl+C to stop)."
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

run: demo serve

test: $(STAMP)
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

screenshots: $(STAMP)
	$(PY) -m pytest tests/e2e/test_screenshots.py -p no:randomly --screenshots

bench: $(STAMP)
	$(PY) bench/run.py

# Regenerate the pinned lock from pyproject.toml's ranges (run after changing dependencies).
lock:
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet --disable-pip-version-check ".[dev]"
	(echo "# Pinned from pyproject.toml by 'make lock'; installed by make run/test."; \
	 var/lock-venv/bin/pip freeze --exclude-editable | grep -v '^s4om-grants') > requirements.lock
	rm -rf var/lock-venv

clean:
	rm -rf $(VENV) var/db.sqlite3* var/static
