# Mastery Map. `make run` sets up and serves the demo; `make test` sets up and runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres setup setup-dev browser tools browser-npm messages lint format bench clean FORCE

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo

## run: set up everything and serve the app with the demo school on http://$(HOST):$(PORT)/
run: setup
	@echo ""
	@echo "  Mastery Map is running at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## browser: Debian's Chromium for the real-browser tests (Playwright cannot download one here)
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for browser tests…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

## tools: GNU gettext (extracting and compiling the Spanish catalogues) and Node's npm (axe-core for the browser tests)
tools:
	@if ! command -v xgettext >/dev/null || ! command -v npm >/dev/null; then \
	  echo "Installing Debian's gettext and npm…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext npm >/dev/null; \
	fi

## browser-npm: the browser tests' npm packages (axe-core, tests/browser/package-lock.json), never served to users;
## reinstalled with `npm ci` when the lock changes or axe-core is missing
AXE := tests/browser/node_modules/axe-core/axe.min.js
NPM_STAMP := tests/browser/node_modules/.installed

$(NPM_STAMP): tests/browser/package.json tests/browser/package-lock.json $(if $(wildcard $(AXE)),,FORCE) | tools
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

FORCE:

browser-npm: $(NPM_STAMP)

setup-dev: $(VENV)/.installed-dev browser tools $(NPM_STAMP)

## test: set up whatever the tests need (browser included) and run lint, migration check and the whole suite
test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest

## messages: add new strings to the Spanish catalogues, then compile them (APP=mastery for one app)
messages: $(VENV)/.installed-dev tools
	bash .ci/messages.sh extract $(APP)
	bash .ci/messages.sh compile $(APP)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

## bench: build a 600-student school and report page times and form throughput (see bench/README.md)
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles bench/out

## test-postgres: the suite again on PostgreSQL: DATABASE_URL's server (postgres://user:pass@host/db, the user needs CREATEDB) or else a throwaway local one from .ci/postgres.sh, left running for the next time (`bash .ci/postgres.sh stop`)
test-postgres: setup-dev
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then url=$$(bash .ci/postgres.sh) || exit $$?; fi; \
	case "$$url" in postgres://*|postgresql://*) ;; \
	  *) echo "test-postgres: DATABASE_URL must be postgres://user:pass@host:port/db" >&2; exit 2;; esac; \
	echo "pytest $(PYTEST_ARGS) on PostgreSQL at $${url##*@}"; \
	DATABASE_URL="$$url" $(BIN)/pytest $(PYTEST_ARGS)
