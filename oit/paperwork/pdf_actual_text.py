"""Wrap each shaped word of a PDF in an ``/ActualText`` span, so copying gives back the text typed.

A shaped Thai word is not one glyph per character. HarfBuzz's Thai shaper splits SARA AM
(ำ) into NIKHAHIT + SARA AA and moves tone marks (ป่า, ปี๊บ) by offsets; fpdf2 writes a
cluster's whole text on the cluster's first glyph in the font's ToUnicode CMap and leaves
the others unmapped. Extractors find word breaks from where the glyphs sit, so they see
gaps inside words: poppler writes ``สำ นัก`` and ``ป่ า``, pdfium adds and drops spaces.

PDF's answer is marked content: ``/Span <</ActualText (…)>> BDC … EMC`` says "these
glyphs read as this text" (PDF 32000-1, 14.9.4), and poppler, pdfium and Acrobat take
that text, spread over the span, instead of the glyphs' own mappings. fpdf2 has no public
call that writes it, so the finished PDF is rewritten here with pikepdf, driven only by
what the PDF itself says: each font's ToUnicode CMap and glyph widths, and the pages'
content streams.

A span is a word: the glyphs from one space to the next, that space included, so the
only breaks an extractor has to guess are the spaces that were typed. (Spans around
single clusters were tried first: poppler still saw a gap after a mark drawn left of its
consonant, since it takes a span to end where its last glyph ends, and pdfium put a space
after every span.) Only words with a glyph that shaping made are wrapped: one without
text of its own (the rest of fpdf2's cluster), one whose text is a combining mark, or one
without width. Nothing is drawn differently: text strings are split only where a span
starts or ends, which moves no glyph.

Only page content streams, and fonts with a ToUnicode CMap and a known code length (a
Type0 font in Identity-H/V: two bytes; a simple font: one), are rewritten; other text is
kept as it was.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field

import pikepdf
from pikepdf import ContentStreamInlineImage, ContentStreamInstruction, Dictionary, Name, Operator, String

Instruction = ContentStreamInstruction | ContentStreamInlineImage

# text-positioning operators: they may stand inside a span (fpdf2 places marks with Tm)
_POSITIONING = {"Td", "TD", "Tm", "T*"}
_HEX = r"<([0-9A-Fa-f\s]*)>"


@dataclass(frozen=True)
class _Font:
    width: int  # bytes per character code
    text: dict[int, str]  # code -> Unicode text, from the ToUnicode CMap
    widths: dict[int, float]  # code -> glyph width, from the font dictionary
    default: float  # the width of a code not in ``widths``

    def advances(self, code: int) -> bool:
        """Whether the glyph has a width (a mark's is 0: a viewer sees it end where it starts)."""
        return self.widths.get(code, self.default) != 0


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _to_unicode(cmap: str) -> dict[int, str]:
    """The ``bfchar`` and ``bfrange`` entries of a ToUnicode CMap."""
    text: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, dst in re.findall(_HEX + r"\s*" + _HEX, block):
            text[int(code, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, dst in re.findall(_HEX + r"\s*" + _HEX + r"\s*(<[^>]*>|\[[^\]]*\])", block):
            first, last = int(low, 16), int(high, 16)
            if dst.startswith("["):
                for offset, item in enumerate(re.findall(_HEX, dst)):
                    text[first + offset] = _utf16(item)
            else:
                start = bytes.fromhex(dst[1:-1])
                for offset in range(last - first + 1):
                    # the last byte counts up through the range (PDF 32000-1, 9.10.3)
                    value = start[:-1] + bytes([(start[-1] + offset) % 256]) if start else b""
                    text[first + offset] = value.decode("utf-16-be", errors="replace")
    return text


def _cid_widths(cid_font: pikepdf.Object) -> tuple[dict[int, float], float]:
    """A CIDFont's ``/W`` (``c [w …]`` and ``c_first c_last w``) and its ``/DW``."""
    widths: dict[int, float] = {}
    items = list(cid_font.get("/W", pikepdf.Array()))
    index = 0
    while index + 1 < len(items):
        first, rest = int(items[index]), items[index + 1]
        if isinstance(rest, pikepdf.Array):
            widths.update({first + n: float(w) for n, w in enumerate(rest)})
            index += 2
        elif index + 2 < len(items):
            widths.update(dict.fromkeys(range(first, int(rest) + 1), float(items[index + 2])))
            index += 3
        else:
            break
    return widths, float(cid_font.get("/DW", 1000))


def _font(font: pikepdf.Object) -> _Font | None:
    to_unicode = font.get("/ToUnicode")
    if not isinstance(to_unicode, pikepdf.Stream):
        return None
    if font.get("/Subtype") == "/Type0":
        if font.get("/Encoding") not in ("/Identity-H", "/Identity-V"):
            return None  # a CMap of mixed code lengths: not decoded here
        width = 2
        widths, default = _cid_widths(font.DescendantFonts[0])  # Identity: the code is the CID
    else:
        width = 1
        first = int(font.get("/FirstChar", 0))
        widths = {first + n: float(w) for n, w in enumerate(font.get("/Widths", pikepdf.Array()))}
        default = 1.0  # a missing width is taken as a glyph that advances
    return _Font(width, _to_unicode(to_unicode.read_bytes().decode("latin-1")), widths, default)


@dataclass
class _Glyph:
    code: bytes  # empty for a TJ number after the last string
    text: str
    advances: bool = True
    kerning: list[pikepdf.Object] = field(default_factory=list)  # TJ numbers before it


def _show(parts: list[_Glyph | Instruction]) -> list[Instruction]:
    """``parts`` as instructions, consecutive glyphs in one ``Tj`` (or ``TJ`` if kerned)."""
    out: list[Instruction] = []
    run: list[_Glyph] = []

    def flush() -> None:
        if not run:
            return
        if any(glyph.kerning for glyph in run):
            array: list[pikepdf.Object] = []
            for glyph in run:
                array += glyph.kerning
                if glyph.code:
                    array.append(String(glyph.code))
            out.append(ContentStreamInstruction([pikepdf.Array(array)], Operator("TJ")))
        else:
            out.append(ContentStreamInstruction([String(b"".join(g.code for g in run))], Operator("Tj")))
        run.clear()

    for part in parts:
        if isinstance(part, _Glyph):
            run.append(part)
        else:
            flush()
            out.append(part)
    flush()
    return out


def _glyphs(instruction: ContentStreamInstruction, font: _Font) -> list[_Glyph]:
    """The glyphs a ``Tj`` or ``TJ`` shows; a trailing TJ number as a glyph without code."""
    items = list(instruction.operands[0]) if str(instruction.operator) == "TJ" else [instruction.operands[0]]
    glyphs: list[_Glyph] = []
    kerning: list[pikepdf.Object] = []
    for item in items:
        if not isinstance(item, String):
            kerning.append(item)
            continue
        data = bytes(item)
        for start in range(0, len(data) - font.width + 1, font.width):
            code = data[start:start + font.width]
            number = int.from_bytes(code, "big")
            glyphs.append(_Glyph(code, font.text.get(number, ""), font.advances(number), kerning))
            kerning = []
    if kerning:
        glyphs.append(_Glyph(b"", "", kerning=kerning))
    return glyphs


def _shaped(glyph: _Glyph) -> bool:
    """Whether the glyph is one that shaping made: a piece of a cluster, a mark, or no width."""
    return not glyph.text or unicodedata.category(glyph.text[0]).startswith("M") or not glyph.advances


class _Rewriter:
    """One content stream's instructions, its words wrapped in spans as they are read."""

    def __init__(self) -> None:
        self.out: list[Instruction] = []
        self.plain: list[_Glyph | Instruction] = []  # shown as they were
        self.word: list[_Glyph | Instruction] = []  # the word being read, up to its space
        self.between: list[_Glyph | Instruction] = []  # positioning after it
        self.wrapped = 0

    def _end_word(self) -> None:
        glyphs = [part for part in self.word if isinstance(part, _Glyph) and part.code]
        text = "".join(glyph.text for glyph in glyphs)
        if len(glyphs) > 1 and text and any(_shaped(glyph) for glyph in glyphs):
            self.out += _show(self.plain)
            self.plain = []
            actual = String(b"\xfe\xff" + text.encode("utf-16-be"))
            self.out.append(ContentStreamInstruction([Name.Span, Dictionary(ActualText=actual)], Operator("BDC")))
            self.out += _show(self.word)
            self.out.append(ContentStreamInstruction([], Operator("EMC")))
            self.wrapped += 1
        else:
            self.plain += self.word
        self.word = []
        self.plain += self.between
        self.between = []

    def glyph(self, glyph: _Glyph) -> None:
        if not glyph.code:  # a trailing TJ number: positioning
            self.between.append(glyph)
        elif self.word and not self._word_ended():
            self.word += [*self.between, glyph]
            self.between = []
        else:
            self._end_word()
            self.word = [glyph]

    def _word_ended(self) -> bool:
        last = next(part for part in reversed(self.word) if isinstance(part, _Glyph) and part.code)
        return last.text.isspace()

    def positioning(self, instruction: Instruction) -> None:
        self.between.append(instruction)

    def finish(self) -> None:
        self._end_word()
        self.out += _show(self.plain)
        self.plain = []

    def other(self, instruction: Instruction) -> None:
        self.finish()
        self.out.append(instruction)


def _rewrite(instructions: list[Instruction], fonts: dict[str, _Font | None]) -> _Rewriter:
    rewriter = _Rewriter()
    font: _Font | None = None
    saved: list[_Font | None] = []  # the font is graphics state: q saves it, Q restores it
    for instruction in instructions:
        operator = str(instruction.operator)
        if operator in ("Tj", "TJ") and font is not None and isinstance(instruction, ContentStreamInstruction):
            for glyph in _glyphs(instruction, font):
                rewriter.glyph(glyph)
        elif operator in _POSITIONING:
            rewriter.positioning(instruction)
        else:
            rewriter.other(instruction)
            if operator == "Tf":
                font = fonts.get(str(instruction.operands[0]))
            elif operator == "q":
                saved.append(font)
            elif operator == "Q" and saved:
                font = saved.pop()
    rewriter.finish()
    return rewriter


def add_actual_text(data: bytes) -> bytes:
    """The PDF ``data`` with every shaped word of its pages in an ``/ActualText`` span."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            resources = page.obj.get("/Resources")
            font_dict = resources.get("/Font") if isinstance(resources, Dictionary) else None
            if not isinstance(font_dict, Dictionary):
                continue
            fonts = {str(name): _font(font) for name, font in font_dict.items()}
            rewriter = _rewrite(pikepdf.parse_content_stream(page), fonts)
            if rewriter.wrapped:
                page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewriter.out))
        out = io.BytesIO()
        # marked content with ActualText is PDF 1.5
        pdf.save(out, min_version="1.5", deterministic_id=True)
        return out.getvalue()
