# Two commands do everything on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The embedded sample is frozen at the end of the assessment window; a real site
# leaves AS_OF empty so the check runs as of today.
AS_OF ?= 2570-04-30
# Publishing gate override: make site ALLOW_FAILING="reason".
ALLOW_FAILING ?=
export PYTHAINLP_READ_ONLY := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint typecheck setup system-deps bench bench-deps clean

# The project is installed editable, so pip does not byte-compile it as it would an
# installed package; without .pyc files (PYTHONDONTWRITEBYTECODE is common in CI) every
# build would compile oit/ from source again. PyThaiNLP's word lists and the page
# templates are prepared once for the same reason (oit/installation.py). Quick when
# nothing changed.
setup: $(VENV)/.installed
	@$(BIN)/python -m compileall -q oit site_checks hooks >/dev/null
	@$(BIN)/python -m oit.installation

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	touch $@

# Debian packages the browser tests need: Chromium and a Thai font. Skipped when present.
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi -e loma -e garuda -e sarabun -e 'noto sans thai'; then \
	  echo "installing chromium and Thai fonts (apt-get)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-thai-tlwg >/dev/null; \
	fi

site: setup
	$(BIN)/oit build --offline $(if $(AS_OF),--as-of $(AS_OF)) $(if $(ALLOW_FAILING),--allow-failing "$(ALLOW_FAILING)")

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup system-deps lint
	$(BIN)/python -m pytest -q

# valgrind counts the instructions of a build (bench/instructions.py): the one build
# figure that does not drift on a shared machine.
bench-deps:
	@if ! command -v valgrind >/dev/null; then \
	  echo "installing valgrind (apt-get)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq valgrind >/dev/null; } || \
	  echo "valgrind could not be installed: make bench runs without the instruction count"; \
	fi

bench: setup bench-deps
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf site .venv .pytest_cache .mypy_cache .ruff_cache
