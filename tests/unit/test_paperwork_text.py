"""Thai line breaking and the font search of the paperwork, without rendering a document."""

from __future__ import annotations

from pathlib import Path

import pytest
from pythainlp.tokenize import word_tokenize

from oit.core.errors import InputError
from oit.paperwork.fonts import find_thai_font
from oit.paperwork.thai_wrap import wrap

SENTENCE = ("ตามที่องค์การบริหารส่วนตำบลได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
            "เพื่อยกระดับผลการประเมิน (ITA) นั้น")


def _width(text: str) -> float:
    """Spacing characters only, as a font with zero-width marks measures them."""
    return float(sum(1 for c in text if c not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48"
                     "\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"))


def _boundaries(text: str) -> set[int]:
    cuts, position = set(), 0
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        position += len(word)
        cuts.add(position)
    return cuts


@pytest.mark.parametrize("width", [20, 31, 45])  # wider than its longest word
def test_lines_break_between_words_and_fit(width: int) -> None:
    lines = wrap(SENTENCE, width, _width)
    assert "".join(lines).replace(" ", "") == SENTENCE.replace(" ", "")
    assert all(_width(line) <= width for line in lines)
    cuts = _boundaries(SENTENCE)
    position = 0
    for line in lines[:-1]:
        position = SENTENCE.index(line, position) + len(line)
        assert position in cuts or SENTENCE[position] == " ", (line, width)


def test_a_bracket_stays_with_its_word() -> None:
    lines = wrap("ผลการประเมินคุณธรรม (ITA) นั้น", 14, _width)
    assert "(ITA)" in " ".join(lines)
    assert not any(line.endswith("(") for line in lines)


def test_a_word_wider_than_the_line_is_cut_between_syllables() -> None:
    # one dictionary word, wider than a narrow table column: cut after whole syllables
    # (องค์|การ|บริ|หาร|ส่วน|ตำ|บล), never inside one
    assert wrap("องค์การบริหารส่วนตำบล", 8, _width) == ["องค์การบริ", "หารส่วนตำ", "บล"]


@pytest.mark.parametrize("number", ["15/2570", "12,500.00", "๑๕/๒๕๗๐", "2569-10-01"])
def test_a_number_with_signs_is_never_cut(number: str) -> None:
    # the segmenter splits at / , . - ; a contract number or an amount stays on one line
    for width in range(len(number), len(number) + 12):
        lines = wrap(f"สัญญาเลขที่ {number} ลงวันที่", width, _width)
        assert any(number in line for line in lines), (width, lines)


def test_explicit_newlines_are_kept() -> None:
    assert wrap("หนึ่ง\nสอง", 40, _width) == ["หนึ่ง", "สอง"]


def test_no_thai_font_names_the_font_to_install(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        find_thai_font([tmp_path])
    assert str(caught.value) == (
        "ฟอนต์: ไม่พบฟอนต์ภาษาไทย TH Sarabun New หรือ Laksaman ในเครื่องนี้ — วิธีแก้: ติดตั้งฟอนต์ TH Sarabun New "
        "(ไฟล์ THSarabunNew.ttf ของกรมทรัพย์สินทางปัญญา) หรือบน Linux สั่ง sudo apt-get install fonts-thai-tlwg "
        "แล้วลองอีกครั้ง"
    )


def test_th_sarabun_new_is_preferred_and_laksaman_is_the_fallback(tmp_path: Path) -> None:
    (tmp_path / "tlwg").mkdir()
    (tmp_path / "tlwg" / "Laksaman.ttf").write_bytes(b"x")
    (tmp_path / "tlwg" / "Laksaman-Bold.ttf").write_bytes(b"x")
    font = find_thai_font([tmp_path])
    assert (font.family, font.regular.name, font.bold.name) == ("Laksaman", "Laksaman.ttf", "Laksaman-Bold.ttf")
    (tmp_path / "THSarabunNew.ttf").write_bytes(b"x")
    font = find_thai_font([tmp_path])
    assert (font.family, font.regular.name, font.bold.name) == ("TH Sarabun New", "THSarabunNew.ttf", "THSarabunNew.ttf")
