"""Copying Thai from a shaped PDF gives back the text typed, and nothing on the page moves.

A small PDF is made the way ``pdf_render`` makes the paperwork (fpdf2, HarfBuzz shaping,
the Thai font embedded), then read back with poppler: ``pdftotext`` for the text and
``pdftoppm`` for the pixels.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from oit.paperwork.fonts import find_thai_font
from oit.paperwork.layout import PaperDocument, Paragraph
from oit.paperwork.pdf_actual_text import add_actual_text
from oit.paperwork.pdf_render import render_pdf
from tests.support.pdf_text import pdftotext, text_lines

# SARA AM (split by HarfBuzz into NIKHAHIT + SARA AA), tone marks moved left over a tall
# consonant (ป่า, ปี๊บ) or stacked (ปู่, ญี่ปุ่น), consonants that lose their tail under
# a lower vowel (ฐู, ญู), ฤๅ, Thai and Arabic digits beside Latin
SAMPLE = [
    "สำนักงาน น้ำ ที่นี่",
    "ที่ นี้ ปู่ ป้า ฟ้า ญี่ปุ่น",
    "สำนัก น้ำ ทำ กำหนด ฐาน ฎีกา",
    "ปี๊บ ฤๅษี ๑๒๓ ต่ำ ซ้ำ ผู้ใหญ่",
    "ป่า ป่ำ ปั่น ฟื้น ตู้ ญู ฐู",
    "วงเงิน 12,500.00 บาท พ.ศ. ๒๕๗๐ o11 (ITA)",
]


def _shaped_pdf(lines: list[str]) -> bytes:
    """fpdf2 as ``pdf_render`` sets it up, one line per cell, and a core-font line (no ToUnicode)."""
    font = find_thai_font()
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.add_font("thai", "", str(font.regular))
    pdf.set_font("thai", "", 16)
    pdf.set_text_shaping(True)
    for line in lines:
        pdf.cell(0, 10, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", "", 12)
    pdf.cell(0, 10, "Helvetica AV", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _pixels(path: Path) -> bytes:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    return subprocess.run(["pdftoppm", "-r", "150", str(path)], capture_output=True, check=True, timeout=60).stdout


def _as_tj(data: bytes) -> bytes:
    """The PDF with every ``Tj`` written as a ``TJ`` array, a 0 between its glyphs (moves nothing)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            instructions = []
            width = 1
            for instruction in pikepdf.parse_content_stream(page):
                if str(instruction.operator) == "Tf":
                    font = page.Resources.Font[str(instruction.operands[0])]
                    width = 2 if font.Subtype == "/Type0" else 1
                elif str(instruction.operator) == "Tj":
                    raw = bytes(instruction.operands[0])
                    array: list[object] = []
                    for start in range(0, len(raw), width):
                        array += [pikepdf.String(raw[start:start + width]), 0]
                    instruction = pikepdf.ContentStreamInstruction([pikepdf.Array(array)], pikepdf.Operator("TJ"))
                instructions.append(instruction)
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("mode", [["-raw"], []])  # content order, and poppler's reading order
def test_copied_text_is_the_text_typed(tmp_path: Path, mode: list[str]) -> None:
    path = _write(tmp_path, "t.pdf", add_actual_text(_shaped_pdf(SAMPLE)))
    pdftotext(path)  # skips without poppler
    text = subprocess.run(["pdftotext", *mode, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert text_lines(text) == [*SAMPLE, "Helvetica AV"]


def test_nothing_on_the_page_moves(tmp_path: Path) -> None:
    shaped = _shaped_pdf(SAMPLE)
    spanned = add_actual_text(shaped)
    assert _pixels(_write(tmp_path, "before.pdf", shaped)) == _pixels(_write(tmp_path, "after.pdf", spanned))
    with pikepdf.open(io.BytesIO(spanned)) as pdf:
        assert pdf.check_pdf_syntax() == []
        spans = [str(i.operands[1].ActualText) for i in pikepdf.parse_content_stream(pdf.pages[0])
                 if str(i.operator) == "BDC"]
    # a span is a word of a line with the space after it; a word shaping left alone is not wrapped
    words = {word for line in SAMPLE for word in line.split(" ")}
    assert {span.removesuffix(" ") for span in spans} <= words, spans
    assert {"สำนักงาน ", "ป่า ", "ปี๊บ ", "ญี่ปุ่น"} <= set(spans)
    assert "ฐาน " not in spans and "12,500.00 " not in spans


def test_kerned_text_arrays_are_split_as_well(tmp_path: Path) -> None:
    shaped = _as_tj(_shaped_pdf(SAMPLE))
    spanned = add_actual_text(shaped)
    assert _pixels(_write(tmp_path, "before.pdf", shaped)) == _pixels(_write(tmp_path, "after.pdf", spanned))
    assert text_lines(pdftotext(_write(tmp_path, "tj.pdf", spanned))) == [*SAMPLE, "Helvetica AV"]


def test_the_paperwork_renderer_writes_the_spans(tmp_path: Path) -> None:
    document = PaperDocument("ตัวอย่าง", [Paragraph(line) for line in SAMPLE])
    path = _write(tmp_path, "doc.pdf", render_pdf(document, find_thai_font()))
    assert text_lines(pdftotext(path)) == SAMPLE
