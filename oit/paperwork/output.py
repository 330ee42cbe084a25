"""Write a paper document to its file, and record it on its OIT item like ``oit add``.

The document is rendered in full in memory before anything is written, then written in
one step (``write_bytes_atomic``): a mistake leaves no half file. Recording goes through
:func:`oit.officer.intake.add_document`, so the copy under ``content/files/``, the
indicators.yml edit and their undo are the ones ``oit add`` makes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from oit.core.atomic import write_bytes_atomic
from oit.core.errors import InputError
from oit.core.fiscal_calendar import format_iso_be
from oit.officer.intake import AddRequest, AddResult, add_document
from oit.paperwork.fonts import find_thai_font
from oit.paperwork.layout import PaperDocument

Format = Literal["docx", "pdf"]


def render(document: PaperDocument, fmt: Format) -> bytes:
    """The document's bytes in ``fmt``; the Thai font must be installed for both."""
    font = find_thai_font()
    if fmt == "pdf":
        from oit.paperwork.pdf_render import render_pdf

        return render_pdf(document, font)
    from oit.paperwork.docx_render import render_docx

    return render_docx(document, font)


def write_document(document: PaperDocument, fmt: Format, output: Path) -> Path:
    """Render and write ``document`` to ``output`` (replaced whole, or left as it was)."""
    if output.suffix.lower() != f".{fmt}":
        raise InputError(str(output), None, f"ชื่อไฟล์ต้องลงท้ายด้วย .{fmt} ให้ตรงกับ --format {fmt}",
                         f"เช่น --output รายงาน.{fmt}")
    data = render(document, fmt)
    write_bytes_atomic(output, data)
    return output


def record_document(root: Path, code: str, path: Path, title: str, day: date) -> AddResult:
    """Put the written file on item ``code`` dated ``day``, as ``oit add`` would."""
    return add_document(root, AddRequest(code=code, title=title, file=path, date=format_iso_be(day)), today=day)
