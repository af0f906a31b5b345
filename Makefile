# Two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev
PROD_STAMP := $(VENV)/.installed-production
# The first Python >= 3.12 on PATH (.python-version makes pyenv's python3 one).
PYTHON ?= $(shell for p in python3 python3.12 python3.13 python3.14; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& echo $$p && break; done)
DEV_ENV := DEBUG=true TASKS_IMMEDIATE=true
# Both cores by default; `make test PYTEST_ARGS="-n0 tests/grants"` runs a part serially.
PYTEST_ARGS ?=

.PHONY: run test lint venv migrate demo serve lock screenshots bench clean

# Two hashed locks made by `make lock` (uv): requirements.lock is production only (no test
# or lint tools); requirements-dev.lock adds the dev extras. pip installs them with
# --require-hashes, so a file that differs from what was locked is refused.
PIP_INSTALL = $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
UV_VERSION := 0.13.9

$(VENV)/.python-ok:
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (pyenv install 3.12, or apt-get install python3.12)." >&2; exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); fi
	@touch $@

$(PROD_STAMP): requirements.lock | $(VENV)/.python-ok
	$(PIP_INSTALL) -r requirements.lock
	@touch $@

$(STAMP): requirements-dev.lock | $(VENV)/.python-ok
	$(PIP_INSTALL) -r requirements-dev.lock
	@touch $@ $(PROD_STAMP)

# `make venv` is the production install (docs/deploy.md): no test or lint tools. `make
# test`, `lint`, `screenshots` and `bench` add the development lock on top.
venv: $(PROD_STAMP)

migrate: $(PROD_STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo

# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
serve: $(PROD_STAMP)
	@echo "S4OM Grants: open http://127.0.0.1:$(PORT)/ (press Ctrl+C to stop)."
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

run: demo serve

test: $(STAMP)
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

screenshots: $(STAMP)
	$(PY) -m pytest tests/e2e/test_screenshots.py -p no:randomly --screenshots

# `make bench BENCH_ARGS=--quick` for a smoke run; `--desk-sizes` (none) skips the 30,000 run.
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

# Regenerate both hashed locks from pyproject.toml's ranges (run after changing
# dependencies). Pins already in the locks are kept unless pyproject.toml excludes them;
# `make lock UPGRADE=1` moves every pin to the newest allowed version.
UV_COMPILE = var/lock-tools/bin/uv pip compile pyproject.toml --universal --python-version 3.12 \
	--generate-hashes --quiet --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock:
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed." >&2; exit 1; fi
	rm -rf var/lock-tools && $(PYTHON) -m venv var/lock-tools
	var/lock-tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV_COMPILE) --extra dev -o requirements-dev.lock
	$(UV_COMPILE) -c requirements-dev.lock -o requirements.lock
	rm -rf var/lock-tools

clean:
	rm -rf $(VENV) var/db.sqlite3* var/static
