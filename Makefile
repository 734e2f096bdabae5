# Mastery Map. `make run` sets up and serves the demo as production would (DEBUG off, static
# files by WhiteNoise, gunicorn); `make dev` serves it for development (DEBUG on, autoreload);
# `make test` sets up and runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev port-free test test-postgres setup setup-dev browser tools browser-npm messages lint format bench bench-district clean FORCE

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
## as production would: DEBUG off (the friendly error pages), static files collected and
## served by WhiteNoise, gunicorn, a local SECRET_KEY generated once into $(SECRET_FILE).
## Cookies are not marked Secure, since this serves plain http; a real server sets
## SECURE_COOKIES and the rest (README, "Running it for real").
SECRET_FILE := $(VENV)/local-secret-key
ALLOWED_HOSTS ?= localhost,127.0.0.1,[::1],$(HOST)
WORKERS ?= 2
RUN_ENV = DEBUG=false SECURE_COOKIES=false ALLOWED_HOSTS='$(ALLOWED_HOSTS)' \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_FILE))}"

$(SECRET_FILE): | $(BIN)/python
	@$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

run: GOAL = run
run: port-free setup $(SECRET_FILE)
	@$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo ""
	@echo "  Mastery Map is running at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@echo ""
	@# The background worker (exports, imports) beside the web server, stopped with it.
	@$(RUN_ENV) $(BIN)/python manage.py db_worker --no-reload -v0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(BIN)/gunicorn masterymap.wsgi:application --bind '$(HOST):$(PORT)' \
	  --workers $(WORKERS) --no-control-socket --access-logfile - --error-logfile -

## dev: the same demo for development: DEBUG on (tracebacks), Django's runserver reloading
## on every code change
dev: GOAL = dev
dev: port-free setup
	@echo ""
	@echo "  Mastery Map (development, DEBUG on) at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@echo ""
	@DEBUG=true $(BIN)/python manage.py db_worker -v0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

## port-free: stop early, with a clear message, when something already listens on PORT
port-free:
	@$(PYTHON) -c 'import socket, sys; host = sys.argv[1].strip("[]"); \
	  s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET); \
	  s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((host, int(sys.argv[2])))' \
	  '$(HOST)' '$(PORT)' 2>/dev/null || { \
	  echo "Port $(PORT) is busy: another program (maybe an earlier \`make $(or $(GOAL),run)\`) is using it. Stop it, or choose another port: make $(or $(GOAL),run) PORT=$$(( $(PORT) + 1 ))" >&2; \
	  exit 1; }

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

## bench: build a 600-student school and report page times and form throughput (see bench/README.md);
## with DATABASE_URL set (PostgreSQL), in a fresh database of its own on that server (bench_<db>)
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## bench-district: on PostgreSQL only (DATABASE_URL, a role with CREATEDB; a throw-away local
## server: DATABASE_URL=$(bash .ci/postgres.sh) make bench-district), build a district of
## 100,000 students, 4,000 classes and 10 million evidence rows in a database of its own and
## time a class grid, a tracker and a submit at that size: about 13 minutes on 2 cores
## (bench/README.md; BENCH_ARGS=--reuse times the same district again without rebuilding)
bench-district: $(VENV)/.installed-dev
	$(BIN)/python bench/district.py $(BENCH_ARGS)

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
