# Commonground: `make demo` runs a populated demo; `make test` runs lint, types and the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= auto

.PHONY: demo test install lint types pytest browser clean messages

# Runtime and development pins both (a production install reads requirements.lock only:
# docs/deployment.md).
$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Our modules compiled to bytecode, as `pip install .` does for a deployment
# (docs/deployment.md): an editable install leaves them as source, and with
# PYTHONDONTWRITEBYTECODE set every command would compile ~170 of them at its start
# (a quarter of a second of `commonground match`: docs/decisions.md, session 6). Run each
# time; files already compiled are skipped.
install: $(STAMP)
	$(BIN)/python -m compileall -q commonground

## demo: create .venv if missing, install, migrate, seed the demo, print logins, serve on 127.0.0.1:8000
demo: install
	DEBUG=$${DEBUG:-1} $(BIN)/commonground demo

## test: ruff (lint + format), mypy --strict, the whole pytest suite (incl. browser tests when Chromium exists)
test: install lint types pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy commonground tests bench

pytest: install
	$(BIN)/commonground compile_catalogues
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" -q
	$(BIN)/pytest -m browser -q

## messages: refresh the .po catalogues from the code (needs GNU gettext: apt-get install gettext)
LANGS := pl ro ml hi tl ur ar
messages: install
	DEBUG=1 $(BIN)/commonground makemessages $(foreach l,$(LANGS),-l $(l)) --no-location \
		--ignore=.venv --ignore=var --ignore=bench --ignore='tests/*' --ignore='*/tests/*'

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
