# skema_lsp: `make run` serves the demo (SQLite, eager tasks); `make test` runs lint + the suite on PostgreSQL;
# `make stack` runs the production shape on 127.0.0.1 (two nodes, proxy, workers, S3, SMTP sink).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; break; }; done)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/skema_lsp
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test install lint bench bench-1m clean check-pins system stack stack-stop

$(VENV)/.installed: requirements.txt
	@if [ -z "$(PYTHON)" ]; then echo "Python >= 3.12 tidak ditemukan (Django 6 membutuhkannya). Pasang python3.12 lalu ulangi." >&2; exit 1; fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip check
	$(PY) scripts/check_pins.py
	@touch $@

install: $(VENV)/.installed

check-pins: install
	$(PY) scripts/check_pins.py

run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

system:
	bash .ci/setup

stack: install system
	$(PY) scripts/stack.py

stack-stop:
	$(PY) scripts/stack.py --stop

lint: install
	$(VENV)/bin/ruff check .

test: install lint
	@# The migration check needs no database: its history check would only warn that the base DB does not exist.
	DEBUG=true TESTING=true PYTHONWARNINGS=ignore::RuntimeWarning $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) DEBUG=true TESTING=true \
		$(VENV)/bin/pytest --create-db $(PYTEST_ARGS)

# Each line judged against DESIGN.md's budgets, then a summary; BENCH_STRICT=1 exits non-zero on a FAIL.
bench: install
	$(PY) scripts/bench.py --certificates $(or $(CERTIFICATES),100000) $(if $(BENCH_SCALE),--scale $(BENCH_SCALE))

# The sweep and two staff list pages on a million certificates (BENCH_SCALE=1m make bench does the same).
bench-1m: install
	$(PY) scripts/bench.py --scale 1m

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .stack
