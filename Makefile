# Llar: `make run` for a demo on SQLite, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install install-dev migrate demo messages

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

run: demo
	@echo "Serving Llar on http://$(HOST):$(PORT)/ (workspace: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	@if [ -x /usr/bin/chromium ]; then \
	  echo "Browser smoke test: runs with /usr/bin/chromium"; \
	else \
	  echo "Browser smoke test: SKIPPED (no /usr/bin/chromium; install Debian's 'chromium' package to run it)"; \
	fi
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
