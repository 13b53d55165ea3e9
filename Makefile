# Llar: `make run` for a demo on SQLite, `make test` for the whole suite,
# `make bench` for the scale benchmarks (not part of CI).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test chromium lint install install-dev migrate demo messages bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamp files make repeated runs skip pip until a requirements file changes.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py sync_roles
	$(PY) manage.py seed_demo

# The exports worker (background exports, issue #21) runs beside the server and
# stops with it; in production it is a service of its own (docs/operations.md).
run: demo
	@echo "Serving Llar on http://$(HOST):$(PORT)/ (workspace: http://$(HOST):$(PORT)/admin/)"
	@$(PY) manage.py db_worker --backend exports --queue-name exports --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The browser tests (smoke test, crawl of every role's screens) drive Chromium:
# installed with apt-get when we are root or may sudo without a password (as
# .ci/run does), otherwise they are skipped and this says how to get them.
CHROMIUM ?= $(or $(LLAR_CHROMIUM),/usr/bin/chromium)

chromium:
	@if [ -x "$(CHROMIUM)" ]; then \
	  echo "Browser tests (smoke, crawl): run with $(CHROMIUM)"; \
	elif command -v apt-get >/dev/null && { [ "$$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }; then \
	  echo "== Installing Chromium for the browser tests (apt-get)"; \
	  as_root() { if [ "$$(id -u)" -eq 0 ]; then "$$@"; else sudo -n "$$@"; fi; }; \
	  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  || echo "Browser tests: SKIPPED (installing Chromium failed)"; \
	else \
	  echo "Browser tests: SKIPPED (no $(CHROMIUM)). To run them: sudo apt-get install chromium"; \
	  echo "  (Debian/Ubuntu), or LLAR_CHROMIUM=/path/to/chromium make test"; \
	fi

test: install-dev chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) manage.py check

# Needs GNU gettext; the compiled .mo files are committed so running Llar does not.
messages: install-dev
	$(PY) manage.py makemessages --locale ca --locale es --ignore ".venv/*" --ignore "var/*"
	$(PY) manage.py compilemessages --ignore ".venv/*"

# The search benchmark at BENCH_PERSONS generated people (then the alerts benchmark
# on BENCH_EXPEDIENTS generated expedients of those people, and the returns
# benchmark on their last whole year), on PostgreSQL (database
# BENCH_PGDB, created if missing) and on SQLite (BENCH_SQLITE, in the git-ignored
# var/). People are generated on the first run and reused by the next ones.
# Targets are reported (PASS/MISS); bench_alerts and bench_returns fail when one
# misses, and make stops there (add --baseline to either to time the earlier
# shapes or planning interleaved, for comparison). Test settings: DEBUG off, as in
# production (dev settings log every query), and demo data allowed.
BENCH_PERSONS ?= 1000000
BENCH_EXPEDIENTS ?= 100000
BENCH_SEED ?= 1
# Actuacions the returns benchmark's year holds at least (bench_returns adds them).
BENCH_YEAR_ACTUACIONS ?= 1250000
BENCH_PGHOST ?= 127.0.0.1
BENCH_PGPORT ?= 5432
BENCH_PGUSER ?= postgres
BENCH_PGDB ?= llar_bench
BENCH_SQLITE ?= $(CURDIR)/var/bench.sqlite3
BENCH_SETTINGS ?= website.settings.test

define bench_on
	@echo "== Benchmark on $(1)"
	DATABASE_URL=$(1) DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) $(PY) manage.py migrate --no-input -v 0
	DATABASE_URL=$(1) DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) $(PY) manage.py seed_demo > /dev/null
	DATABASE_URL=$(1) DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) $(PY) manage.py bench_search --persons $(BENCH_PERSONS) --seed $(BENCH_SEED)
	DATABASE_URL=$(1) DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) $(PY) manage.py bench_export
	DATABASE_URL=$(1) DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) $(PY) manage.py bench_alerts --expedients $(BENCH_EXPEDIENTS) --seed $(BENCH_SEED)
	DATABASE_URL=$(1) DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) $(PY) manage.py bench_returns --actuacions $(BENCH_YEAR_ACTUACIONS) --seed $(BENCH_SEED)
	DATABASE_URL=$(1) DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) $(PY) manage.py bench_agenda --seed $(BENCH_SEED)
endef

bench: install
	@mkdir -p var
	@PGHOST=$(BENCH_PGHOST) PGPORT=$(BENCH_PGPORT) PGUSER=$(BENCH_PGUSER); export PGHOST PGPORT PGUSER; \
	  psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(BENCH_PGDB)'" | grep -q 1 \
	  || createdb $(BENCH_PGDB)
	$(call bench_on,postgres://$(BENCH_PGUSER)@$(BENCH_PGHOST):$(BENCH_PGPORT)/$(BENCH_PGDB))
	$(call bench_on,sqlite:///$(BENCH_SQLITE))
