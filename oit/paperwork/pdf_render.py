"""A :class:`PaperDocument` as a PDF for publishing: fpdf2 with HarfBuzz text shaping.

Shaping (``set_text_shaping``) places Thai vowels and tone marks on their consonants the
way the font's OpenType tables say; the font is embedded (subset). Shaped glyphs alone do
not copy back as the Thai typed (fpdf2 maps only a cluster's first glyph, and SARA AM and
moved tone marks leave gaps that viewers read as spaces), so the finished PDF goes
through :func:`oit.paperwork.pdf_actual_text.add_actual_text`, which gives each shaped
word its text as ``/ActualText``. Lines are broken between words by
:mod:`oit.paperwork.thai_wrap`, measured with fpdf2's own shaped widths.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import TableCellFillMode, XPos, YPos

from oit.paperwork.fonts import SIZE, ThaiFont
from oit.paperwork.layout import DOTS, Fields, NewPage, PaperDocument, Paragraph, Signature, Table, Title
from oit.paperwork.pdf_actual_text import add_actual_text
from oit.paperwork.thai_wrap import wrap

FAMILY = "thai"  # the name the font is registered under in this PDF
LINE = 7.5  # mm per line at 16 pt (the font's line spacing, about 1.2 em)
PADDING = 1.5  # mm inside table cells
# The correspondence rules' margins: 3 cm left, 2 cm right, 2.5 cm top.
LEFT, RIGHT, TOP = 30.0, 20.0, 25.0


class _Writer:
    def __init__(self, font: ThaiFont, title: str) -> None:
        pdf = FPDF(format="A4", unit="mm")
        pdf.set_margins(LEFT, TOP, RIGHT)
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_font(FAMILY, "", str(font.regular))
        pdf.add_font(FAMILY, "B", str(font.bold))
        pdf.set_text_shaping(True)
        pdf.set_title(title)
        pdf.set_lang("th")
        pdf.set_creator("oit")
        self.pdf = pdf

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)

    def lines(self, text: str, width: float) -> list[str]:
        return wrap(text, width - 0.5, self.pdf.get_string_width)

    def text(self, text: str, *, bold: bool = False, align: str = "L", indent: float = 0.0) -> None:
        pdf = self.pdf
        self.font(SIZE, bold)
        width = pdf.epw - indent
        for number, line in enumerate(self.lines(text, width)):
            # the first-line indent of a memo paragraph; later lines start at the margin
            shift = indent if number == 0 else 0.0
            pdf.set_x(pdf.l_margin + shift)
            pdf.cell(pdf.epw - shift, LINE, line, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def title(self, block: Title) -> None:
        pdf = self.pdf
        self.font(block.size, bold=True)
        for line in self.lines(block.text, pdf.epw):
            pdf.cell(pdf.epw, max(LINE, block.size * 0.5), line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        self.font(SIZE)

    def fields(self, block: Fields) -> None:
        pdf = self.pdf
        pdf.set_x(pdf.l_margin)
        for label, value in block.pairs:
            self.font(SIZE, bold=True)
            pdf.cell(pdf.get_string_width(label + " "), LINE, label + " ")
            self.font(SIZE)
            room = pdf.epw - (pdf.get_x() - pdf.l_margin)
            lines = self.lines(value, room)
            pdf.cell(min(pdf.get_string_width(lines[0] + "    "), room), LINE, lines[0])
            for more in lines[1:]:
                pdf.ln(LINE)
                pdf.cell(0, LINE, more)
        pdf.ln(LINE)

    def signature(self, block: Signature) -> None:
        pdf = self.pdf
        left = pdf.l_margin + pdf.epw * 0.4  # signatures sit right of centre
        width = pdf.epw * 0.6
        if block.opinion:
            pdf.ln(2)
            self.text(block.opinion, bold=True)
            for _ in range(2):
                self.text(DOTS * 2)
        if block.heading:
            pdf.ln(2)
            self.text(block.heading, bold=True)
        pdf.ln(LINE / 2)
        for row in block.rows():
            for line in self.lines(row, width):
                pdf.set_x(left)
                pdf.cell(width, LINE, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(self, block: Table) -> None:
        pdf = self.pdf
        total = sum(block.widths)
        widths = [pdf.epw * w / total for w in block.widths]
        self.font(block.size)
        line = LINE * block.size / SIZE
        with pdf.table(col_widths=tuple(widths), line_height=line, padding=PADDING,
                       cell_fill_mode=TableCellFillMode.NONE, first_row_as_headings=True,
                       repeat_headings=1) as table:
            for cells, bold in [(block.headers, True), *((r, False) for r in block.rows)]:
                self.font(block.size, bold)
                row = table.row()
                for text, width in zip(cells, widths, strict=True):
                    row.cell("\n".join(self.lines(text, width - 2 * PADDING)))
        self.font(SIZE)
        pdf.ln(2)

    def new_page(self, block: NewPage) -> None:
        # tables on a landscape page use narrower margins, as the officers' own reports do
        side = 20.0 if block.landscape else LEFT
        self.pdf.set_left_margin(side)
        self.pdf.set_right_margin(20.0 if block.landscape else RIGHT)
        self.pdf.add_page(orientation="L" if block.landscape else "P")

    def emblem(self, block: Title) -> float:
        """The title's emblem at the left margin of the line about to be written; returns its bottom (mm)."""
        pdf = self.pdf
        top = pdf.get_y()
        if block.emblem is None:
            return top
        height = block.emblem.height_cm * 10
        pdf.image(block.emblem.path, x=pdf.l_margin, y=top, h=height, alt_text="ตราครุฑ")  # width: the picture's
        return top + height


def render_pdf(document: PaperDocument, font: ThaiFont) -> bytes:
    """The document as PDF bytes, ``font`` embedded."""
    writer = _Writer(font, document.title)
    blocks = list(document.blocks)
    # the first page takes the orientation of a leading NewPage (a form that is all table)
    first = blocks[0] if blocks and isinstance(blocks[0], NewPage) else None
    writer.new_page(first or NewPage())
    if first is not None:
        blocks.pop(0)
    writer.font(SIZE)
    for block in blocks:
        if isinstance(block, Title):
            bottom = writer.emblem(block)
            writer.title(block)
            if writer.pdf.get_y() < bottom:  # the next line starts below the emblem
                writer.pdf.set_y(bottom)
        elif isinstance(block, Fields):
            writer.fields(block)
        elif isinstance(block, Paragraph):
            align = {"left": "L", "center": "C", "right": "R"}[block.align]
            writer.text(block.text, bold=block.bold, align=align, indent=25.0 if block.indent else 0.0)
        elif isinstance(block, Signature):
            writer.signature(block)
        elif isinstance(block, Table):
            writer.table(block)
        elif isinstance(block, NewPage):
            writer.new_page(block)
    return add_actual_text(bytes(writer.pdf.output()))
