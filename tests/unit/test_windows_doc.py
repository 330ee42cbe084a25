"""docs/windows.md names only commands and options that exist: advice that works where given."""

from __future__ import annotations

import re
from pathlib import Path

import click

from oit.cli.main import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "windows.md"


def _oit_lines() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    thai_part = text.split("## Developer notes")[0]
    joined = thai_part.replace("`\n", " ")  # PowerShell's line continuation
    return [m.group(0) for m in re.finditer(r"\boit [a-z-]+(?: [^`|\n]*)?", joined)]


def test_every_oit_command_and_option_in_the_windows_guide_exists() -> None:
    lines = _oit_lines()
    assert len(lines) >= 8, lines
    for line in lines:
        name = line.split()[1]
        if name.startswith("-"):
            assert name == "--help", line
            continue
        command = main.commands.get(name)
        assert command is not None, f"no command oit {name}: {line}"
        known = {opt for param in command.params if isinstance(param, click.Option) for opt in param.opts}
        for option in re.findall(r"(?<!\S)--[a-z][a-z-]*", line):
            assert option in known | {"--help"}, f"oit {name} has no {option}: {line}"
