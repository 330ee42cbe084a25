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

# What the benchmarks need beyond the dev set-up: lychee (the bench extra) to race the link
# check against, Chromium (system-deps) for the phone page weight.
bench-deps: setup system-deps
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[bench]'

# Wall-clock ratios side by side (bench/run.py, about 3 minutes); figures in bench/README.md.
bench: bench-deps
	$(BIN)/python bench/run.py

clean:
	rm -rf site .venv .pytest_cache .mypy_cache .ruff_cache
