#!/usr/bin/env bash
# Rewrite requirements.lock: every package the project installs (runtime, dev and bench
# extras), one version each, chosen so that it installs on every supported Python
# (CPython 3.11.2, Debian 12's, up to 3.13). See docs/dependencies.md.
#
#   make lock                 keep today's versions where they still fit (after a pin change)
#   make lock UPGRADE=1       newest versions that fit (direct pins stay as pyproject says)
#
# uv is the resolver. It runs from a throwaway venv under /tmp, never from .venv, so the
# project's own environment does not depend on it.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.10
# The lowest supported Python: the resolver keeps every marker true from it upwards.
LOWEST_PYTHON=3.11.2
PYTHON=${PYTHON:-python3}

tools=$(mktemp -d "${TMPDIR:-/tmp}/oit-lock.XXXXXX")
trap 'rm -rf "$tools"' EXIT
"$PYTHON" -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install -q "uv==$UV_VERSION"

args=(
  pyproject.toml --extra dev --extra bench
  # One lock for all supported Pythons (markers instead of one lock per version) ...
  --universal --python-version "$LOWEST_PYTHON"
  # ... with as few versions per package as possible: one, where one fits them all.
  --fork-strategy fewest
  --custom-compile-command "make lock"
  -o requirements.lock
)
if [ -n "${UPGRADE:-}" ]; then
  args+=(--upgrade)
fi
"$tools/venv/bin/uv" pip compile --quiet "${args[@]}"

# Two lines for one package would mean two Pythons run different code: fail loudly so
# that whoever refreshes the lock picks a version that fits all (or decides otherwise).
twice=$(grep -E '^[A-Za-z0-9]' requirements.lock | sed -E 's/[=; ].*//' | tr 'A-Z_.' 'a-z--' | sort | uniq -d)
if [ -n "$twice" ]; then
  echo "requirements.lock: more than one version of: $twice" >&2
  echo "pin a version that supports Python $LOWEST_PYTHON and newer in pyproject.toml, then run make lock again" >&2
  exit 1
fi
echo "requirements.lock written ($(grep -cE '^[A-Za-z0-9]' requirements.lock) packages)"
