"""Helpers shared by the officer-command tests (``oit init/add/new-year/export/status``).

The commands run as the officer runs them: ``.venv/bin/oit`` in a subprocess, in a
private copy of the embedded sample site or a freshly initialised one; the result is
then checked with ``oit check --offline`` and a real ``mkdocs build``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.support.sample import tree_digest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
OIT = str(BIN / "oit")
MKDOCS = str(BIN / "mkdocs")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHAINLP_READ_ONLY="1")
SAMPLE_AS_OF = "2570-04-30"  # the sample passes as of the end of the assessment window


def oit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``oit`` command as the officer would."""
    return subprocess.run([OIT, *map(str, args)], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def mkdocs_build(root: Path, out: Path, as_of: str | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of the site in ``root`` (its own mkdocs.yml and hooks) into ``out``."""
    env = dict(ENV)
    if as_of:
        env["OIT_AS_OF"] = as_of
    return subprocess.run([MKDOCS, "build", "-q", "-d", str(out)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def check_json(root: Path, as_of: str) -> tuple[int, dict[str, Any]]:
    """``oit check --offline --format json``: exit code and parsed report."""
    proc = oit("check", "--offline", "--as-of", as_of, "--format", "json", cwd=root)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def statuses(report: dict[str, Any]) -> dict[str, str]:
    """Item code -> status from a JSON check report."""
    return {item["code"]: item["status"] for item in report["items"]}


def assert_refused(proc: subprocess.CompletedProcess[str], before: dict[str, bytes], root: Path,
                   *expected: str) -> None:
    """Exit 2, a message (no traceback) naming what is wrong, and not one byte changed."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip(), "a bad-input exit needs a message"
    for text in expected:
        assert text in proc.stderr, proc.stderr
    assert tree_digest(root) == before
