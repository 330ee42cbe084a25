"""Helpers for the reliability and security tests: the real CLI in a subprocess.

Every test here drives ``.venv/bin/oit`` (or ``mkdocs``) exactly as an officer or CI
does, so a traceback, a hang or a wrong exit code cannot hide behind an in-process
shortcut.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from tests.support.sites import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
OIT = str(BIN / "oit")
PYTHON = str(BIN / "python")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHAINLP_READ_ONLY="1")
AS_OF = "2570-04-30"

# The head of a valid indicators.yml; cases append their items after line 6.
HEAD = """organization:
  name: อบต.ทดสอบ
  site_url: https://www.example.go.th/
assessment: ita-2569
fiscal_year: 2570
items:
"""


def run_oit(
    *args: str, cwd: Path | None = None, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``oit ARGS`` as a subprocess; text output, never raises on a non-zero exit."""
    return subprocess.run(
        [OIT, *args], cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=timeout, check=False
    )


def check_cmd(site: Path, *extra: str) -> list[str]:
    """Arguments for an offline ``oit check`` of ``site`` on the sample's day."""
    return ["check", "--offline", "--as-of", AS_OF, "--site", str(site), *extra]


def make_content(root: Path) -> Path:
    """``root/content`` with the files the corpus refers to; returns ``root``.

    ``files/a.pdf`` (a valid PDF), ``page.md``, ``files/folder/`` (a directory),
    ``files/escape.pdf`` (a symlink to a file outside content/) and a secret beside it.
    """
    content = root / "content"
    (content / "files" / "folder").mkdir(parents=True, exist_ok=True)
    (content / "files" / "a.pdf").write_bytes(pdf_bytes())
    (content / "page.md").write_text("# หน้า\n\nข้อความ\n", encoding="utf-8")
    secret = root / "secret.txt"
    secret.write_text("password\n", encoding="utf-8")
    link = content / "files" / "escape.pdf"
    if not link.is_symlink():
        link.symlink_to(secret)
    return root


def assert_clean_failure(proc: subprocess.CompletedProcess[str], code: int = 2) -> None:
    """The process ended with ``code`` and a message, never a Python traceback."""
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output[-3000:]
    assert proc.returncode == code, f"exit {proc.returncode}\n{output[-3000:]}"


def no_hidden_leftovers(folder: Path, prefixes: Sequence[str]) -> list[str]:
    """Names in ``folder`` that start with any of ``prefixes`` (temporary files left behind)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(tuple(prefixes)))
