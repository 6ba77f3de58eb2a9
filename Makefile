# CCHC Portal. New machine: `make demo` (set-up, demo data, server) and `make test` (whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the tests need (browser, PDF fonts and tools, PostgreSQL server).
# libmagic1: python-magic reads uploads' content with it (the portal does not start without it).
# zbar-tools: the tests decode the QR code printed on a counter's poster (zbarimg).
# slapd: the directory sign-in tests start their own OpenLDAP server (tests/accounts/ldap_server.py).
TEST_DEBS := chromium fonts-liberation2 libharfbuzz-subset0 poppler-utils postgresql gettext libmagic1 zbar-tools slapd
# python-ldap (django-auth-ldap's client) has no wheels: pip builds it against these headers.
BUILD_DEBS := libldap2-dev libsasl2-dev
APP_DEBS := fonts-liberation2 libharfbuzz-subset0 gettext libmagic1

.PHONY: help setup lock demo demo-reset run test test-sqlite test-postgres test-e2e bench loadtest lint messages clean .debs-app .debs-test .debs-build

help:
	@echo "make demo   set up, load the demo data and serve on http://$(HOST):$(PORT)"
	@echo "make demo-reset  delete the demo database and uploads, load the demo data afresh"
	@echo "make test   the whole suite: SQLite, PostgreSQL and Chromium"
	@echo "make lint   ruff, import layers and migration checks"
	@echo "make lock   re-generate requirements.lock (with hashes) from requirements.in"
	@echo "make bench  speed and memory of the main pages at province scale (PostgreSQL, gunicorn)"
	@echo "make bench SCALE=national  the same at national scale (34 provinces, ~4,000 units)"
	@echo "make bench SCALE=scaleout  two app servers, a primary and a streaming replica"
	@echo "make loadtest  50 concurrent users for 60 s (locust), errors and lost writes"

# --- set-up ---------------------------------------------------------------
# Every package, pip included, is pinned with its hashes: pip refuses anything else.
$(VENV)/.installed: requirements.lock | .debs-build
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --require-hashes -r requirements.lock
	touch $@

# Re-pin requirements.in into requirements.lock, keeping the versions already locked unless
# asked: make lock LOCK_ARGS="--upgrade-package django" (or LOCK_ARGS=--upgrade for all).
LOCK_ARGS ?=
lock: $(VENV)/.installed
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
	  -o requirements.lock requirements.in

# Order-only above: the headers are checked before every install, without forcing one.
.debs-build:
	@missing=""; for p in $(BUILD_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing (python-ldap is built against them); install them as root." >&2; \
	    exit 1; fi; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.debs-app:
	@missing=""; for p in $(APP_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Missing Debian packages:$$missing (PDF fonts/gettext/libmagic1); install them as root." >&2; fi; fi
	@dpkg -s libmagic1 >/dev/null 2>&1 || { echo "libmagic1 is missing: uploads cannot be checked" \
	  "without it and the portal does not start. Install it as root: apt-get install libmagic1" >&2; exit 1; }

setup: $(VENV)/.installed node_modules/.installed .debs-app
	$(PY) manage.py compilemessages -v0 --ignore=$(VENV) --ignore=node_modules
	$(PY) manage.py migrate -v0
	$(PY) manage.py collectstatic --noinput -v0

# The demo runs as production does, DEBUG off: a refused or unknown address shows the portal's
# Vietnamese 404 page (not Django's debug page) and WhiteNoise serves the collected static
# files. Unlike production it has a demo-only key and plain HTTP (no HTTPS redirect, cookies
# not marked Secure), for a browser on this machine.
DEMO_ENV := DEBUG=0 SECRET_KEY=demo-only-key-not-secret-cchc-portal SECURE_SSL_REDIRECT=0 \
  COOKIES_SECURE=0 ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost,[::1],$(HOST)}" \
  SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"

demo: setup
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo
	@echo ""
	@echo "CCHC Portal: http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# Back to the demo data as loaded: deletes the SQLite database (db.sqlite3) and every uploaded
# file (media/), then migrates and loads the demo data again. Refused when DATABASE_URL is set.
demo-reset: $(VENV)/.installed
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "DATABASE_URL is set: demo-reset only resets the SQLite demo database." >&2; exit 1; fi
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm db.sqlite3-journal
	rm -rf "$${MEDIA_ROOT:-media}"
	$(PY) manage.py migrate -v0
	$(PY) manage.py load_demo

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# --- tests ----------------------------------------------------------------
.debs-test:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing; run make test as root or install them." >&2; \
	    if [ "$$CI" = true ]; then exit 1; fi; fi; fi

test: $(VENV)/.installed node_modules/.installed .debs-test
	$(PY) manage.py compilemessages -v0 --ignore=$(VENV) --ignore=node_modules
	$(PY) manage.py collectstatic --noinput -v0
	@echo "=== 1/3 unit and view tests on SQLite ==="
	$(PY) -m pytest -m "not e2e" -q
	@echo "=== 2/3 unit and view tests on PostgreSQL (throwaway server) ==="
	scripts/with-postgres.sh $(PY) -m pytest -m "not e2e" -q
	@echo "=== 3/3 browser journeys in headless Chromium ==="
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m e2e -q

test-sqlite: $(VENV)/.installed
	$(PY) -m pytest -m "not e2e" -q

test-postgres: $(VENV)/.installed
	scripts/with-postgres.sh $(PY) -m pytest -m "not e2e" -q

test-e2e: $(VENV)/.installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m e2e -q

# Speed and memory: province-scale data in PostgreSQL, gunicorn, p50/p95 of the main pages
# next to a trivial view and to the pages' own SQL; fails when a target is missed.
# SCALE=province (default), national (bench-results/national.json) or scaleout.
SCALE ?= province
bench: $(VENV)/.installed node_modules/.installed .debs-test
	@case "$(SCALE)" in \
	  province|national) SCALE=$(SCALE) PG_DURABLE=1 scripts/with-postgres.sh scripts/bench.sh ;; \
	  scaleout) scripts/bench-scaleout.sh ;; \
	  *) echo "SCALE must be province, national or scaleout" >&2; exit 2 ;; esac

# Throughput: locust (headless, loopback) against gunicorn + PostgreSQL for a bounded time.
loadtest: $(VENV)/.installed node_modules/.installed .debs-test
	PG_DURABLE=1 scripts/with-postgres.sh scripts/loadtest.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# Regenerate the Vietnamese catalogues after adding strings, then translate the new entries.
# Each app keeps its own catalogue (<app>/locale/vi); the project one (locale/vi) covers
# cchc_portal/ and templates/. CCHC_APP_MESSAGES=1 keeps makemessages from writing an app's
# strings into the project catalogue.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi --no-obsolete -v0 --ignore=.venv --ignore=node_modules \
	  --ignore=staticfiles --ignore=media --ignore=tests --ignore=reforms --ignore=procedures --ignore=inspections \
	  --ignore=notifications --ignore=dashboards --ignore=reports --ignore=par_index --ignore=feedback
	for app in reforms procedures inspections notifications dashboards reports par_index feedback; do \
	  mkdir -p $$app/locale; \
	  (cd $$app && CCHC_APP_MESSAGES=1 ../$(PY) ../manage.py makemessages -l vi --no-obsolete -v0); done

clean:
	rm -rf staticfiles .pytest_cache
