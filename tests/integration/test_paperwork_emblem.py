"""The memo's Garuda emblem (ตราครุฑ): the officer's own image, 1.5 cm high at the top left.

No image is shipped, so each test draws a small one with Pillow (fpdf2's and pikepdf's
image library, pinned by the project). The DOCX is read back with python-docx, the PDF
with pikepdf: the picture's size is read from the page's drawing operators.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm
from PIL import Image

from tests.integration.test_officer_support import assert_refused, oit
from tests.support.sample import copy_sample, tree_digest

MEMO_DATE = "2570-04-05"
EMBLEM = "content/assets/garuda.png"
CM_IN_POINTS = 72 / 2.54
HINT = ("วางไฟล์ภาพตราครุฑ (PNG หรือ JPEG) ไว้ในโฟลเดอร์ของเว็บไซต์ แล้วระบุตำแหน่งนับจากโฟลเดอร์นั้น"
        " เช่น emblem: content/assets/garuda.png หรือลบบรรทัดนี้ถ้าไม่ใช้ตราครุฑ")


def picture(kind: str = "PNG", size: tuple[int, int] = (90, 100)) -> bytes:
    """A small stand-in for the Garuda: a red disc, ``size`` pixels (width, height)."""
    image = Image.new("RGB", size, "white")
    image.paste((190, 20, 30), (10, 10, size[0] - 10, size[1] - 10))
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def with_emblem(root: Path, rel: str = EMBLEM, data: bytes | None = None) -> int:
    """Name ``rel`` as the memo's emblem (writing ``data`` there); returns the line of ``emblem:``."""
    if data is not None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    path = root / "measures.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("  through:")) + 1
    lines.insert(at, f"  emblem: {rel}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


def report(root: Path, fmt: str) -> tuple[Path, str]:
    out = root / f"memo.{fmt}"
    proc = oit("report", "measures", "--round", "half", "--format", fmt, "--date", MEMO_DATE, "--output", out,
               cwd=root)
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_the_docx_memo_has_the_emblem_at_the_left_of_its_title(sample: Path) -> None:
    with_emblem(sample, data=picture())
    out, _ = report(sample, "docx")
    document = docx.Document(str(out))
    first = document.paragraphs[0]
    assert len(first._p.xpath(".//pic:pic")) == 1  # the picture is in the memo's first paragraph
    assert [shape.height for shape in document.inline_shapes] == [Cm(1.5)]
    assert document.inline_shapes[0].width == pytest.approx(Cm(1.5) * 90 / 100, abs=Cm(0.01))
    # the picture first, at the margin; the title after a centre tab stop in the middle of the text width
    assert first.text == "\tบันทึกข้อความ" and first.runs[0].text == ""
    assert first.runs[1].bold
    (stop,) = first.paragraph_format.tab_stops
    assert stop.alignment == WD_TAB_ALIGNMENT.CENTER and stop.position == pytest.approx(Cm(8), abs=Cm(0.01))
    assert document.paragraphs[1].text.startswith("ส่วนราชการ สำนักปลัด")


def _drawn_images(page: pikepdf.Page) -> list[tuple[str, list[float]]]:
    """(XObject name, the cm matrix it is drawn with) for every image painted on ``page``."""
    drawn, matrix = [], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "cm":
            matrix = [float(value) for value in operands]
        elif str(operator) == "Do":
            drawn.append((str(operands[0]), matrix))
    return drawn


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_the_pdf_memo_draws_the_emblem_1_5_cm_high_at_the_top_left(sample: Path, kind: str) -> None:
    rel = EMBLEM if kind == "PNG" else "content/assets/garuda.jpg"
    with_emblem(sample, rel, picture(kind))
    out, _ = report(sample, "pdf")
    with pikepdf.open(out) as pdf:
        first = pdf.pages[0]
        ((name, (width, _b, _c, height, x, y)),) = _drawn_images(first)
        image = first.Resources.XObject[name]
        assert image.Subtype == "/Image" and (int(image.Width), int(image.Height)) == (90, 100)
        assert height / CM_IN_POINTS == pytest.approx(1.5, abs=0.001)
        assert width / height == pytest.approx(0.9, abs=0.001)  # the picture's own proportions
        top = float(first.MediaBox[3]) - (y + height)
        assert x / CM_IN_POINTS == pytest.approx(3.0, abs=0.001)  # the 3 cm left margin
        assert top / CM_IN_POINTS == pytest.approx(2.5, abs=0.001)  # the 2.5 cm top margin: the title's line
        assert all(not _drawn_images(page) for page in pdf.pages[1:])  # the memo only


def test_without_an_emblem_the_memo_has_no_picture(sample: Path) -> None:
    out, _ = report(sample, "pdf")
    with pikepdf.open(out) as pdf:
        assert all(not _drawn_images(page) for page in pdf.pages)
    out, _ = report(sample, "docx")
    document = docx.Document(str(out))
    assert not document.inline_shapes and document.paragraphs[0].text == "บันทึกข้อความ"


@pytest.mark.parametrize(("rel", "data", "message", "hint"), [
    (EMBLEM, None, f"ไม่พบไฟล์ภาพตราครุฑ '{EMBLEM}'", HINT),
    ("../garuda.png", picture(), "ไฟล์ภาพตราครุฑ '../garuda.png' อยู่นอกโฟลเดอร์ของเว็บไซต์", HINT),
    ("content/assets/garuda.gif", picture("GIF"), "ไฟล์ 'content/assets/garuda.gif' เป็นภาพ GIF ไม่ใช่ PNG หรือ JPEG",
     "บันทึกภาพตราครุฑเป็น PNG หรือ JPEG แล้วแก้ emblem ให้ตรงกับไฟล์ใหม่"),
    ("content/assets/garuda.png", picture()[:60], "ไฟล์ 'content/assets/garuda.png' ไม่ใช่ภาพ PNG หรือ JPEG ที่เปิดได้",
     "บันทึกภาพตราครุฑเป็น PNG หรือ JPEG อีกครั้ง แล้วแก้ emblem ให้ตรงกับไฟล์นั้น"),
    ("content/assets/garuda.png", b"<html>not a picture</html>",
     "ไฟล์ 'content/assets/garuda.png' ไม่ใช่ภาพ PNG หรือ JPEG ที่เปิดได้",
     "บันทึกภาพตราครุฑเป็น PNG หรือ JPEG อีกครั้ง แล้วแก้ emblem ให้ตรงกับไฟล์นั้น"),
])
def test_a_missing_or_wrong_emblem_is_refused_with_its_line(sample: Path, rel: str, data: bytes | None,
                                                            message: str, hint: str) -> None:
    if rel.startswith("../"):
        (sample.parent / "garuda.png").write_bytes(picture())
        data = None
    line = with_emblem(sample, rel, data)
    before = tree_digest(sample)
    for fmt in ("docx", "pdf"):
        proc = oit("report", "measures", "--round", "half", "--format", fmt, "--output", sample / f"memo.{fmt}",
                   cwd=sample)
        assert_refused(proc, before, sample)
        assert proc.stderr == f"พบข้อผิดพลาด 1 จุด:\n  measures.yml:{line}: {message} — วิธีแก้: {hint}\n"


def test_init_explains_the_emblem_and_the_seeded_line_works_once_uncommented(tmp_path: Path) -> None:
    made = oit("init", "site", "--name", "องค์การบริหารส่วนตำบลบ้านใหม่", "--site-url", "https://banmai.go.th/",
               "--fiscal-year", "2570", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "site"
    path = root / "measures.yml"
    text = path.read_text(encoding="utf-8")
    assert "#     emblem      ตราครุฑ (ไม่บังคับ): ไฟล์ภาพ PNG หรือ JPEG ของหน่วยงานเอง" in text
    seeded = "  # emblem: content/assets/garuda.png"
    assert seeded in text
    (root / EMBLEM).write_bytes(picture())
    text = text.replace(seeded, "  emblem: content/assets/garuda.png")
    path.write_text(text.replace("    results:", "    results:\n      half: {done: [ทำแล้ว], outcome: [ได้ผล]}\n"),
                    encoding="utf-8")
    out, _ = report(root, "pdf")
    with pikepdf.open(out) as pdf:
        assert len(_drawn_images(pdf.pages[0])) == 1
    (root / EMBLEM).unlink()
    proc = oit("report", "measures", "--round", "half", "--output", root / "b.pdf", cwd=root)
    assert proc.returncode == 2 and f"ไม่พบไฟล์ภาพตราครุฑ '{EMBLEM}'" in proc.stderr
