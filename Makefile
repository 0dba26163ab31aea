# careinspect: `make demo` and `make test` each do their whole setup on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The demo needs only the runtime packages; the checks and tests add the dev extras on top.
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed
ASSETS := src/careinspect/static_build/.built
CHROMIUM := /usr/bin/chromium
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# The SQLite and PostgreSQL suites run on this many pytest-xdist workers, a test file to a worker (its
# module fixtures are set up once); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadfile
export DJANGO_SETTINGS_MODULE := careinspect.settings

.PHONY: help setup runtime system-packages demo test lint typecheck migrations-check test-sqlite test-postgres test-browser test-schema clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

setup: $(STAMP) $(ASSETS) ## virtual environment, Python and npm packages, built front-end assets

runtime: $(RUNTIME_STAMP) $(ASSETS) ## what the demo needs: the runtime Python packages (no dev extras) and assets

system-packages: ## Debian packages the project needs (Chromium for browser tests)
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; \
	fi

$(RUNTIME_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP): $(RUNTIME_STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(ASSETS): package.json package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf src/careinspect/static_build
	mkdir -p src/careinspect/static_build/govuk src/careinspect/static_build/moj src/careinspect/static_build/root
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.{css,js} src/careinspect/static_build/govuk/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.{css,js} src/careinspect/static_build/moj/
	cp -r node_modules/@ministryofjustice/frontend/moj/assets src/careinspect/static_build/moj/
	# govuk-frontend's stylesheet asks for its fonts and images at /assets/
	cp -r node_modules/govuk-frontend/dist/govuk/assets src/careinspect/static_build/root/
	# MOJ Frontend's stylesheet asks for its icons at /assets/images/ too (the filter tags' remove cross)
	cp node_modules/@ministryofjustice/frontend/moj/assets/images/* src/careinspect/static_build/root/assets/images/
	touch $@

demo: runtime ## set up, load the demo data and serve http://127.0.0.1:8000 through gunicorn (sign-ins printed)
	$(BIN)/careinspect demo

lint: $(STAMP) ## ruff
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP) ## mypy with django-stubs
	$(BIN)/mypy

migrations-check: $(STAMP) ## fail on a model change without its migration
	$(BIN)/careinspect makemigrations --check --dry-run

test-sqlite: setup ## every test but the browser ones, on SQLite
	$(BIN)/pytest -m "not browser and not schema" -q $(XDIST)

test-postgres: setup ## the database tests again, on PostgreSQL (127.0.0.1:5432)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -m "django_db and not browser and not schema" -q $(XDIST)

test-browser: setup system-packages ## Playwright in Debian's Chromium, with axe checks
	$(BIN)/pytest -m browser -q

test-schema: setup ## schemathesis: every API operation against its OpenAPI document, as an inspector and a manager
	$(BIN)/pytest -m schema -q

test: lint typecheck migrations-check test-sqlite test-postgres test-browser test-schema ## everything CI runs

clean: ## remove the virtual environment, node_modules, built assets and local data
	rm -rf $(VENV) node_modules src/careinspect/static_build var
