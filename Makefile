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

.PHONY: site test lint typecheck setup system-deps bench bench-deps lock clean

# The interpreter that python3 (first on PATH) really is. The .venv is made with it; a
# .venv made by another Python (python3 changed, or another tool made it) is made anew.
PYTHON_EXE := $(shell $(PYTHON) -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null)
VENV_EXE := $(shell sed -n 's/^executable = //p' $(VENV)/pyvenv.cfg 2>/dev/null)
ifneq ($(PYTHON_EXE),$(VENV_EXE))
.PHONY: $(VENV)/.installed
endif

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock setup.py MANIFEST.in
	@if [ -z "$(PYTHON_EXE)" ]; then echo "$(PYTHON) not found: install Python 3.11 or newer" >&2; exit 1; fi
	@# Debian's python3 makes venvs only with python3-venv (ensurepip) installed.
	@if ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
	  echo "installing python3-venv (apt-get)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-venv >/dev/null; \
	fi
	@if [ -e $(VENV) ] && [ "$(VENV_EXE)" != "$(PYTHON_EXE)" ]; then \
	  echo "$(VENV) was made by $(or $(VENV_EXE),another tool), not $(PYTHON_EXE): making it again"; \
	  rm -rf $(VENV); \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	touch $@

# Rewrite requirements.lock with uv (from a throwaway venv): make lock, or make lock UPGRADE=1
# for the newest versions that install on every supported Python (docs/dependencies.md).
lock:
	PYTHON=$(PYTHON) UPGRADE=$(UPGRADE) bash tools/lock.sh

# Debian packages the tests need: Chromium (browser tests), fonts-thai-tlwg (Laksaman, TH
# Sarabun's metrics, for the pages and oit report's DOCX/PDF) and poppler-utils (pdftotext
# reads the reports' Thai back). Skipped when present.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list 2>/dev/null | grep -qi -e laksaman -e 'sarabun new'; then \
	  echo "installing chromium, Thai fonts and poppler-utils (apt-get)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-thai-tlwg poppler-utils >/dev/null; \
	fi

site: setup
	$(BIN)/oit build --offline $(if $(AS_OF),--as-of $(AS_OF)) $(if $(ALLOW_FAILING),--allow-failing "$(ALLOW_FAILING)")

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# pytest's exit 5 (no test collected) is a failure here, said in words.
test: setup system-deps lint
	@$(BIN)/python --version
	@$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	exit $$status

# What the benchmarks need beyond the dev set-up: lychee (the bench extra) to race the link
# check against, Chromium (system-deps) for the phone page weight.
bench-deps: setup system-deps
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[bench]'

# Wall-clock ratios side by side (bench/run.py, about 3 minutes); figures in bench/README.md.
bench: bench-deps
	$(BIN)/python bench/run.py

clean:
	rm -rf site build .venv .pytest_cache .mypy_cache .ruff_cache
