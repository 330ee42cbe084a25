"""Commands named in advice: each one must work where the officer reads it.

A site made by ``oit init`` has no Makefile, and an officer who typed ``--site D:/เว็บ``
is not in the site folder: advice that says ``make site ALLOW_FAILING=…`` or a bare
``oit check`` sends them to a command that fails. These helpers write the command the
way it works for *this* site, from *here*.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["allow_failing_advice", "has_make_target", "oit_command", "shell_word"]

# Characters that make a word need quotes in a POSIX shell or in cmd.exe. Thai letters are
# fine unquoted in both, so they are not listed: "--site อบต-หนองบัว" stays readable.
_NEEDS_QUOTES = re.compile(r"""[\s"'`$&|;<>()*?!#~^%\\]""")


def shell_word(text: str) -> str:
    """``text`` as one word on a command line: double quotes only when needed (they work in
    bash, PowerShell and cmd.exe alike; single quotes do not work in cmd.exe)."""
    if text and not _NEEDS_QUOTES.search(text):
        return text
    # Backslashes stay as typed: inside double quotes bash keeps "\เ" and cmd.exe never escapes.
    return '"' + text.replace('"', '\\"') + '"'


def _is_here(root: Path) -> bool:
    try:
        return Path(root).resolve() == Path.cwd().resolve()
    except OSError:  # the current folder was removed under us
        return False


def oit_command(args: str, root: Path | None = None) -> str:
    """``oit <args>``, plus ``--site DIR`` when the site is not the current folder."""
    command = f"oit {args}".rstrip()
    if root is None or _is_here(root):
        return command
    return f"{command} --site {shell_word(os.fspath(root))}"


def has_make_target(root: Path, target: str = "site", variable: str = "ALLOW_FAILING") -> bool:
    """Whether ``root/Makefile`` has ``target:`` and knows ``variable`` (the repository's sample does;
    a site made by ``oit init`` has no Makefile at all)."""
    try:
        text = (Path(root) / "Makefile").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    has_target = re.search(rf"^{re.escape(target)}\s*:(?!=)", text, re.MULTILINE) is not None
    return has_target and variable in text


def allow_failing_advice(root: Path) -> str:
    """How to publish anyway, with a reason: ``oit build --allow-failing`` always works;
    ``make site ALLOW_FAILING=…`` is named too only where that Makefile target exists."""
    command = oit_command('build --allow-failing "เหตุผล"', root)
    if has_make_target(root) and _is_here(root):
        command += ' (หรือ make site ALLOW_FAILING="เหตุผล")'
    return command
