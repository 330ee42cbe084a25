"""A paper document as a list of blocks, written once and rendered to DOCX or PDF.

The memo, the measures tables and the approval form are described here in terms of
what an officer sees on paper (a title, labelled lines, a table, a signature), so the
Word file and the PDF say exactly the same words; each renderer only decides how.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Align = Literal["left", "center", "right"]


EMBLEM_HEIGHT_CM = 1.5
"""The Garuda's height on a บันทึกข้อความ (the correspondence rules: 1.5 cm, top left)."""


@dataclass(frozen=True)
class Emblem:
    """A picture (a PNG or JPEG, already checked) at the left of a title's line: a memo's Garuda."""

    path: Path
    height_cm: float = EMBLEM_HEIGHT_CM


@dataclass(frozen=True)
class Title:
    """A centred bold heading, e.g. บันทึกข้อความ (``size`` in points), with an optional emblem."""

    text: str
    size: int = 16
    emblem: Emblem | None = None


@dataclass(frozen=True)
class Fields:
    """One line of labelled values: ``ที่ ...  วันที่ ...`` (labels bold, values plain)."""

    pairs: list[tuple[str, str]]


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    align: Align = "left"
    indent: bool = False  # first-line indent of a memo's body paragraph


@dataclass(frozen=True)
class Signature:
    """A signature block, right of centre: the opinion lines first when ``opinion`` is set."""

    name: str  # empty: a dotted line to write the name on
    position: str
    opinion: str | None = None
    heading: str | None = None  # a bold role above the block, e.g. ผู้อนุมัติรับรอง
    dated: bool = False  # adds a วันที่ ..... line for forms that the signer dates by hand

    def rows(self) -> list[str]:
        """The centred lines under the opinion: signature, name, position (and date)."""
        rows = [f"(ลงชื่อ){DOTS}", f"({self.name or DOTS})", self.position or f"ตำแหน่ง{DOTS}"]
        if self.dated:
            rows.append("วันที่" + "." * 30)
        return rows


@dataclass(frozen=True)
class Table:
    """A real table: a bold header row, then rows of cells (a cell may hold several lines)."""

    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    size: int = 16  # points; a wide form (สขร.1's nine columns) is set smaller


@dataclass(frozen=True)
class NewPage:
    landscape: bool = False


Block = Title | Fields | Paragraph | Signature | Table | NewPage


@dataclass
class PaperDocument:
    title: str  # the file's title (PDF metadata, DOCX core properties)
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


DOTS = "." * 40
"""The dotted line an officer signs or writes on."""
