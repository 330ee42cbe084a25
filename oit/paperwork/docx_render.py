"""A :class:`PaperDocument` as a Word file the officer can still edit and sign: python-docx.

The font is set once, in the document's styles (Normal and Table Grid), not run by run,
so whatever the officer types later is in the same face and size. Word takes Thai from
a style's *complex-script* font and size (``w:cs``, ``w:szCs``), which python-docx's
``Font`` does not expose; those two attributes are set on the style's own run
properties through python-docx's element classes, and nothing else is touched there.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph as DocxParagraph

from oit.paperwork.fonts import SIZE, ThaiFont
from oit.paperwork.layout import DOTS, Fields, NewPage, PaperDocument, Paragraph, Signature, Table, Title

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _set_style_font(style: BaseStyle, family: str, size: int) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name = family
    font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attribute in ("w:cs", "w:eastAsia"):
        rfonts.set(qn(attribute), family)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = rpr.makeelement(qn("w:szCs"), {})
        rpr.append(size_cs)
    size_cs.set(qn("w:val"), str(size * 2))  # half-points


def _bold_run(paragraph: DocxParagraph, text: str, size: int | None = None) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    if size:
        run.font.size = Pt(size)
        # Thai is complex script: its size is szCs, which Font.size does not set
        rpr = run.element.get_or_add_rPr()
        size_cs = rpr.makeelement(qn("w:szCs"), {qn("w:val"): str(size * 2)})
        rpr.append(size_cs)
    # complex-script bold (w:bCs) for the same reason
    run.element.get_or_add_rPr().append(run.element.makeelement(qn("w:bCs"), {}))


def _emblem_title(paragraph: DocxParagraph, block: Title, usable: Length) -> None:
    """The emblem inline at the left margin, then the title centred on the text width by a tab stop.

    A centred paragraph would centre the picture with the text; the memo's Garuda sits at the
    top left and บันทึกข้อความ in the middle of the same line.
    """
    assert block.emblem is not None
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.tab_stops.add_tab_stop(Length(usable // 2), WD_TAB_ALIGNMENT.CENTER)
    paragraph.add_run().add_picture(str(block.emblem.path), height=Cm(block.emblem.height_cm))
    _bold_run(paragraph, "\t" + block.text, block.size if block.size != SIZE else None)


def _compact(paragraph: DocxParagraph) -> None:
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)


def render_docx(document: PaperDocument, font: ThaiFont) -> bytes:
    """The document as DOCX bytes, every style in ``font.family`` at 16 pt."""
    doc = Document()
    doc.core_properties.title = document.title
    doc.core_properties.language = "th-TH"
    for name in ("Normal", "Table Grid"):
        _set_style_font(doc.styles[name], font.family, SIZE)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Cm(3), Cm(2), Cm(2.5), Cm(2)

    def paragraph(text: str = "", align: str = "left") -> DocxParagraph:
        para = doc.add_paragraph(text)
        para.alignment = _ALIGN[align]
        _compact(para)
        return para

    for block in document.blocks:
        if isinstance(block, Title) and block.emblem is not None:
            last = doc.sections[-1]
            _emblem_title(paragraph(), block, Length((last.page_width or Cm(21)) - (last.left_margin or 0)
                                                     - (last.right_margin or 0)))
        elif isinstance(block, Title):
            para = paragraph(align="center")
            _bold_run(para, block.text, block.size if block.size != SIZE else None)
        elif isinstance(block, Fields):
            para = paragraph()
            for number, (label, value) in enumerate(block.pairs):
                _bold_run(para, ("    " if number else "") + label + " ")
                para.add_run(value)
        elif isinstance(block, Paragraph):
            para = paragraph(align=block.align)
            if block.indent:
                para.paragraph_format.first_line_indent = Cm(2.5)
            if block.bold:
                _bold_run(para, block.text)
            else:
                para.add_run(block.text)
        elif isinstance(block, Signature):
            if block.opinion:
                _bold_run(paragraph(), block.opinion)
                paragraph(DOTS * 2)
                paragraph(DOTS * 2)
            if block.heading:
                _bold_run(paragraph(), block.heading)
            paragraph()
            for row in block.rows():
                para = paragraph(row, align="center")
                para.paragraph_format.left_indent = Cm(6)
        elif isinstance(block, Table):
            table = doc.add_table(rows=1, cols=len(block.headers))
            table.style = doc.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = ""
                _bold_run(cell.paragraphs[0], text)
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            for values in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, values, strict=True):
                    cell.text = text  # "\n" becomes a line break in the same cell
            last = doc.sections[-1]
            usable = (last.page_width or Cm(21)) - (last.left_margin or 0) - (last.right_margin or 0)
            total = sum(block.widths)
            for column, weight in zip(table.columns, block.widths, strict=True):
                for cell in column.cells:
                    cell.width = int(usable * weight / total)
            paragraph()
        elif isinstance(block, NewPage):
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            if block.landscape:
                new.orientation = WD_ORIENT.LANDSCAPE
                new.page_width, new.page_height = Cm(29.7), Cm(21)
            else:
                new.orientation = WD_ORIENT.PORTRAIT
                new.page_width, new.page_height = Cm(21), Cm(29.7)
            new.left_margin, new.right_margin = Cm(2), Cm(2)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
