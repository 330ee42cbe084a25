"""The text a reader copies from a PDF, read with poppler's ``pdftotext``, compared line by line.

The comparison is exact inside every line: a space poppler puts inside a word (the
symptom of a cluster whose glyphs do not carry their text) fails it. Only where the
layout broke a paragraph into lines is whitespace loose: the break falls between two
Thai words (nothing between the lines) or at a space (one space between them), and a
run of spaces in the typed text is drawn as a gap that poppler writes as one space.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def pdftotext(path: Path) -> str:
    """The PDF's text in content order (``-raw``), as poppler gives it to a reader."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def text_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``; a page break (form feed) ends a line too."""
    return [line.rstrip() for line in re.split(r"[\n\f]", text) if line.strip()]


def _paragraph_end(lines: list[str], start: int, paragraph: str) -> int | None:
    """The index after the lines from ``start`` that spell ``paragraph``, or None."""
    rest = re.sub(r" +", " ", paragraph.strip())
    index = start
    while index < len(lines) and rest.startswith(lines[index]):
        rest = rest[len(lines[index]):]
        index += 1
        if not rest:
            return index
        rest = rest.removeprefix(" ")  # the layout broke the line at this space
    return None


def assert_paragraphs_in_order(text: str, paragraphs: list[str]) -> None:
    """Each of ``paragraphs`` is whole lines of ``text``, in this order (other lines between are allowed)."""
    lines = text_lines(text)
    position = 0
    for paragraph in paragraphs:
        end = next((found for start in range(position, len(lines))
                    if (found := _paragraph_end(lines, start, paragraph)) is not None), None)
        assert end is not None, f"not found as whole lines after line {position}: {paragraph!r}\n" + "\n".join(
            lines[position:position + 8])
        position = end
