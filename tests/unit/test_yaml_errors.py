"""YAML syntax errors in plain Thai at the line to fix, from both parsers (issue 18, part 3).

indicators.yml is read by PyYAML (over libyaml) for every command and by ruamel.yaml when
``oit add`` or ``oit new-year`` edit it; an officer must read the same Thai either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from oit.core.errors import InputError
from oit.core.yamlsource import parse_yaml
from oit.officer.indicators_edit import IndicatorsDocument

HEAD = "organization:\n  name: อบต.ทดสอบ\n  site_url: https://www.example.go.th/\nassessment: ita-2569\nitems:\n"

CASES = {
    "list_item_one_space_too_far": (
        HEAD + "  o1:\n    documents:\n      - title: ก\n        file: a.pdf\n       - title: ข\n",
        "indicators.yml:10: อ่าน YAML ไม่ได้: รายการ - ในบรรทัดนี้เยื้อง 7 ช่อง ไม่ตรงกับรายการ - ก่อนหน้าในบรรทัด 8 (6 ช่อง)"
        " — วิธีแก้: เว้นวรรคหน้า - ให้เท่ากับบรรทัด 8 (6 ช่อง) ด้วยการเว้นวรรค ไม่ใช้แท็บ",
    ),
    "list_item_one_space_too_short": (
        HEAD + "  o1:\n    documents:\n      - title: ก\n        file: a.pdf\n     - title: ข\n        file: b.pdf\n",
        "indicators.yml:10: อ่าน YAML ไม่ได้: รายการ - ในบรรทัดนี้เยื้อง 5 ช่อง ไม่ตรงกับรายการ - ก่อนหน้าในบรรทัด 8 (6 ช่อง)"
        " — วิธีแก้: เว้นวรรคหน้า - ให้เท่ากับบรรทัด 8 (6 ช่อง) ด้วยการเว้นวรรค ไม่ใช้แท็บ",
    ),
    "key_under_a_list_item_misaligned": (
        HEAD + "  o1:\n    documents:\n      - title: ก\n        file: a.pdf\n       date: 2569-10-15\n",
        "indicators.yml:10: อ่าน YAML ไม่ได้: การเยื้องบรรทัดนี้ (7 ช่อง) ไม่ตรงกับบรรทัด 9 ข้างบน (8 ช่อง)"
        " — วิธีแก้: คีย์ของชุดเดียวกันต้องเยื้องเท่ากัน: เว้นวรรคหน้าบรรทัดนี้ให้เท่ากับบรรทัด 9 (8 ช่อง)"
        " หรือเท่ากับหัวข้อที่บรรทัดนี้อยู่ใต้",
    ),
    "tab": (
        HEAD + "  o1:\n\tdocuments: []\n",
        "indicators.yml:7: อ่าน YAML ไม่ได้: พบอักขระแท็บ (Tab) ซึ่ง YAML ไม่อนุญาตให้ใช้เยื้องบรรทัด"
        " — วิธีแก้: ใช้การเว้นวรรคแทนแท็บ (Tab) ในการเยื้องบรรทัด",
    ),
    "colon_missing_after_key": (
        "organization:\n  name อบต.ทดสอบ\n  site_url: https://www.example.go.th/\n",
        "indicators.yml:2: อ่าน YAML ไม่ได้: บรรทัดนี้ขาดเครื่องหมาย : หลังชื่อคีย์ ('name อบต.ทดสอบ')"
        " — วิธีแก้: เขียนเป็น ชื่อคีย์: ค่า (มีเว้นวรรคหนึ่งช่องหลัง :)",
    ),
    "no_space_after_colon": (
        "assessment:ita-2569\nitems:\n  o1: {}\n",
        "indicators.yml:1: อ่าน YAML ไม่ได้: หลังเครื่องหมาย : ในบรรทัดนี้ไม่มีเว้นวรรค YAML จึงไม่รู้ว่าเป็นคีย์"
        " — วิธีแก้: เว้นวรรคหนึ่งช่องหลัง : เช่น title: โครงสร้างองค์กร",
    ),
    "title_with_colon": (
        HEAD + "  o1:\n    documents:\n      - title: ประกาศ: ราคากลาง\n",
        "indicators.yml:8: อ่าน YAML ไม่ได้: ค่าในบรรทัดนี้มีเครื่องหมาย : ตามด้วยเว้นวรรค ซึ่ง YAML อ่านเป็นคีย์ซ้อนอีกชั้น"
        ' — วิธีแก้: ครอบค่าทั้งหมดด้วยเครื่องหมายคำพูด เช่น - title: "ประกาศ: ราคากลาง"',
    ),
    "unclosed_quote": (
        HEAD + '  o1:\n    documents:\n      - title: "โครงสร้าง\n        file: a.pdf\n',
        "indicators.yml:8: อ่าน YAML ไม่ได้: เครื่องหมายคำพูดที่เปิดไว้ในบรรทัดนี้ไม่ได้ปิด"
        " — วิธีแก้: ใส่เครื่องหมายคำพูดปิดท้ายข้อความในบรรทัดเดียวกัน (เปิดด้วย \" ปิดด้วย \", เปิดด้วย ' ปิดด้วย ')",
    ),
    "unclosed_brace": (
        HEAD + "  o1:\n    documents: [{title: ก, file: a.pdf]\n  o2: {}\n",
        "indicators.yml:7: อ่าน YAML ไม่ได้: วงเล็บ { ที่เปิดในบรรทัดนี้ไม่ได้ปิด หรือขาดเครื่องหมาย , คั่นระหว่างค่า"
        " — วิธีแก้: ปิดด้วย } ในบรรทัดเดียวกัน และคั่นแต่ละค่าด้วย , (ข้อความที่มี , หรือ : ให้ครอบด้วยเครื่องหมายคำพูด)",
    ),
    "title_starting_with_star": (
        HEAD + "  o1:\n    documents:\n      - title: *ด่วน\n",
        "indicators.yml:8: อ่าน YAML ไม่ได้: ค่าในบรรทัดนี้ขึ้นต้นด้วย * ซึ่ง YAML อ่านเป็นการอ้างอิงชื่อ"
        ' — วิธีแก้: ครอบข้อความด้วยเครื่องหมายคำพูด เช่น "*ข้อความ"',
    ),
    "title_starting_with_at": (
        HEAD + "  o1:\n    documents:\n      - title: @อบต\n",
        "indicators.yml:8: อ่าน YAML ไม่ได้: ค่าในบรรทัดนี้ขึ้นต้นด้วยอักขระ '@' ที่ YAML สงวนไว้"
        ' — วิธีแก้: ครอบข้อความด้วยเครื่องหมายคำพูด "..."',
    ),
    "list_item_in_a_mapping": (
        HEAD + "  o1:\n    documents: []\n  - o2\n",
        "indicators.yml:8: อ่าน YAML ไม่ได้: บรรทัดนี้ขึ้นต้นด้วย - (รายการ) แต่อยู่ในชุด คีย์: ค่า ที่เริ่มบรรทัด 6"
        " — วิธีแก้: ถ้าเป็นรายการของคีย์ข้างบน ให้เยื้องเข้าไปใต้คีย์นั้นมากกว่าคีย์ หรือเขียนเป็น คีย์: ค่า",
    ),
    "key_one_space_too_deep": (
        HEAD + "  o1:\n    documents:\n      - title: ก\n         file: a.pdf\n",
        "indicators.yml:9: อ่าน YAML ไม่ได้: บรรทัดนี้เยื้อง 9 ช่อง ลึกกว่าบรรทัด 8 ข้างบน (8 ช่อง)"
        " YAML จึงอ่านเป็นข้อความต่อจากค่าของบรรทัดนั้น — วิธีแก้: เยื้องบรรทัดนี้ให้เท่ากับบรรทัด 8 (8 ช่อง)",
    ),
    "tab_inside_a_value_is_not_blamed": (
        HEAD + "  o1:\n    documents:\n      - title: ก\tข\n         file: a.pdf\n",
        "indicators.yml:9: อ่าน YAML ไม่ได้: บรรทัดนี้เยื้อง 9 ช่อง ลึกกว่าบรรทัด 8 ข้างบน (8 ช่อง)"
        " YAML จึงอ่านเป็นข้อความต่อจากค่าของบรรทัดนั้น — วิธีแก้: เยื้องบรรทัดนี้ให้เท่ากับบรรทัด 8 (8 ช่อง)",
    ),
    "two_documents": (
        HEAD + "---\nitems: {}\n",
        "indicators.yml:6: อ่าน YAML ไม่ได้: ไฟล์มีเส้นแบ่งเอกสาร --- มากกว่าหนึ่งส่วน"
        " — วิธีแก้: ไฟล์นี้ต้องมีเอกสารเดียว: ลบบรรทัด --- ที่เกินออก",
    ),
}


def _pyyaml(text: str) -> str:
    with pytest.raises(InputError) as caught:
        parse_yaml(text.encode("utf-8"), "indicators.yml")
    return str(caught.value)


def _ruamel(tmp_path: Path, text: str) -> str:
    path = tmp_path / "indicators.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        IndicatorsDocument.open(path, "indicators.yml")
    return str(caught.value)


@pytest.mark.parametrize("name", sorted(CASES))
def test_reading_says_what_is_wrong_in_thai(name: str) -> None:
    text, expected = CASES[name]
    assert _pyyaml(text) == expected


# ruamel.yaml refuses a tab inside a plain value, which PyYAML reads (see below)
@pytest.mark.parametrize("name", sorted(set(CASES) - {"tab_inside_a_value_is_not_blamed"}))
def test_editing_says_the_same(tmp_path: Path, name: str) -> None:
    # ruamel.yaml words its errors differently ("expected <block end>, but found ...")
    text, expected = CASES[name]
    assert _ruamel(tmp_path, text) == expected


def test_no_english_parser_words_reach_the_officer(tmp_path: Path) -> None:
    for text, _ in CASES.values():
        for said in (_pyyaml(text), _ruamel(tmp_path, text)):
            assert not any(word in said for word in ("expected", "found", "while", "mapping", "token")), said


def test_duplicate_key_from_ruamel_names_both_lines(tmp_path: Path) -> None:
    text = HEAD + "  o1:\n    documents: []\n  o1:\n    documents: []\n"
    expected = "indicators.yml:8: คีย์ 'o1' ซ้ำกับบรรทัด 6 — วิธีแก้: รวมสองส่วนนี้เป็นหนึ่งเดียว หรือลบส่วนที่ซ้ำออก"
    assert _pyyaml(text) == expected
    assert _ruamel(tmp_path, text).startswith("indicators.yml:8: ")
    assert "คีย์ 'o1' ซ้ำกับบรรทัด 6" in _ruamel(tmp_path, text)


def test_a_tab_inside_a_title_refused_by_ruamel_is_named_as_such(tmp_path: Path) -> None:
    text = HEAD + "  o1:\n    documents:\n      - title: ก\tข\n        file: a.pdf\n"
    assert parse_yaml(text.encode("utf-8"), "indicators.yml")["items"]["o1"]["documents"][0]["title"] == "ก\tข"
    assert _ruamel(tmp_path, text) == (
        "indicators.yml:8: อ่าน YAML ไม่ได้: พบอักขระแท็บ (Tab) ในข้อความของบรรทัดนี้"
        ' — วิธีแก้: แทนแท็บด้วยเว้นวรรค หรือครอบข้อความด้วยเครื่องหมายคำพูด "..."'
    )
