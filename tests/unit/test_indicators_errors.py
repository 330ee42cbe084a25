"""The exact message an officer sees for each kind of indicators.yml mistake."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from oit.core.errors import InputError, InputErrors
from oit.core.indicators import load_site

HEAD = """organization:
  name: อบต.ทดสอบ
  site_url: https://www.example.go.th/
assessment: ita-2569
fiscal_year: 2570
items:
"""

CASES = {
    "unknown_code": (
        "  o99:\n    documents: []\n",
        "indicators.yml:7: ไม่รู้จักรหัสรายการ 'o99' ในเกณฑ์ ita-2569 — วิธีแก้: หมายถึง 'o9' หรือไม่? "
        "รหัสใน ita-2569 คือ o1–o26",
    ),
    "unknown_key": (
        "  o1:\n    documents:\n      - titel: โครงสร้าง\n        file: files/a.pdf\n",
        "indicators.yml:9: ไม่รู้จักคีย์ 'titel' — วิธีแก้: หมายถึง 'title' หรือไม่? "
        "คีย์ที่ใช้ได้ที่นี่: title, file, url, page, date, month, note, division",
    ),
    "missing_file": (
        "  o1:\n    documents:\n      - title: โครงสร้าง\n        file: files/none.pdf\n",
        "indicators.yml:10: เอกสาร o1 'โครงสร้าง': file 'files/none.pdf' ไม่พบไฟล์ — วิธีแก้: "
        "วางไฟล์ไว้ใต้ content/ แล้วเขียนเส้นทางเทียบกับ content/ เช่น files/2570/o1/a.pdf",
    ),
    "outside_content": (
        "  o1:\n    documents:\n      - title: โครงสร้าง\n        file: ../secret.pdf\n",
        "indicators.yml:10: เอกสาร o1 'โครงสร้าง': file '../secret.pdf' ห้ามใช้ '..' ออกนอกโฟลเดอร์ content/ — "
        "วิธีแก้: วางไฟล์ไว้ใต้ content/ แล้วเขียนเส้นทางเทียบกับ content/ เช่น files/2570/o1/a.pdf",
    ),
    "impossible_date": (
        "  o4:\n    documents:\n      - title: ข่าว\n        file: files/a.pdf\n        date: 2569-02-30\n",
        "indicators.yml:11: เอกสาร o4 'ข่าว': วันที่ 30 กุมภาพันธ์ 2569 ไม่มีอยู่จริง — "
        "วิธีแก้: เขียนวันที่แบบ ปปปป-ดด-วว เช่น 2569-10-15 (พ.ศ.)",
    ),
    "ce_be_mixup": (
        "  o4:\n    documents:\n      - title: ข่าว\n        file: files/a.pdf\n        date: 2027-10-15\n",
        "indicators.yml:11: เอกสาร o4 'ข่าว': วันที่ 2027-10-15 อยู่หลังสิ้นปีงบประมาณ 2570 (2027-09-30 ค.ศ.) — "
        "วิธีแก้: ปี พ.ศ. อาจพิมพ์ผิด หรือใส่ปี ค.ศ. ปนกับ พ.ศ. — ปีที่ 2400 ขึ้นไปถือเป็น พ.ศ.",
    ),
    "monthly_without_month": (
        "  o11:\n    documents:\n      - title: สรุป\n        file: files/a.pdf\n        date: 2569-11-05\n",
        "indicators.yml:9: เอกสาร o11 'สรุป': รายการรายเดือนต้องระบุเดือน (month) — "
        "วิธีแก้: เพิ่ม month: ปปปป-ดด (พ.ศ.) เช่น month: 2569-10",
    ),
    "duplicate_key": (
        "  o1:\n    documents: []\n  o1:\n    documents: []\n",
        "indicators.yml:9: คีย์ 'o1' ซ้ำกับบรรทัด 7 — วิธีแก้: รวมสองส่วนนี้เป็นหนึ่งเดียว หรือลบส่วนที่ซ้ำออก",
    ),
    "tab_indent": (
        "  o1:\n\tdocuments: []\n",
        "indicators.yml:8: อ่าน YAML ไม่ได้: พบอักขระแท็บ (Tab) ซึ่ง YAML ไม่อนุญาตให้ใช้เยื้องบรรทัด — "
        "วิธีแก้: ใช้การเว้นวรรคแทนแท็บ (Tab) ในการเยื้องบรรทัด",
    ),
    "javascript_url": (
        "  o1:\n    documents:\n      - title: x\n        url: javascript:alert(1)\n",
        "indicators.yml:10: เอกสาร o1 'x': ใช้ได้เฉพาะลิงก์ http:// หรือ https:// (พบ 'javascript') — "
        "วิธีแก้: ใส่ลิงก์เต็มที่ขึ้นต้นด้วย https://",
    ),
    "two_targets": (
        "  o1:\n    documents:\n      - title: x\n        url: https://a.example/\n        file: files/a.pdf\n",
        "indicators.yml:9: เอกสาร o1 'x': ต้องมี file, url หรือ page อย่างใดอย่างหนึ่ง แต่มีมากกว่าหนึ่ง (file, url) — "
        "วิธีแก้: ใช้ file: สำหรับไฟล์ใน content/, url: สำหรับเว็บภายนอก, page: สำหรับหน้าในเว็บไซต์",
    ),
    "missing_date": (
        "  o4:\n    documents:\n      - title: ข่าว\n        file: files/a.pdf\n",
        "indicators.yml:9: เอกสาร o4 'ข่าว': ต้องระบุวันที่ (date) เพราะรายการนี้ตรวจตามช่วงเวลา (ปีงบประมาณปัจจุบัน) — "
        "วิธีแก้: เพิ่ม date: ปปปป-ดด-วว เช่น date: 2569-10-15",
    ),
    "documents_not_a_list": (
        "  o1:\n    documents: files/a.pdf\n",
        "indicators.yml:8: ค่าของ 'documents' ต้องเป็นรายการ (แต่ละรายการขึ้นต้นด้วย - ) — "
        "วิธีแก้: ดูตัวอย่างใน README หัวข้อ indicators.yml",
    ),
    "document_as_a_bare_file_name": (
        "  o1:\n    documents:\n      - โครงสร้าง.pdf\n",
        "indicators.yml:9: เอกสารลำดับที่ 1 ของ o1 ต้องเขียนเป็นชุด title: และ file: (หรือ url: / page:) — วิธีแก้: "
        'เขียน - title: ชื่อเอกสาร แล้ว file: ... ในบรรทัดถัดไป หรือสั่ง oit add o1 ไฟล์ --title "ชื่อเอกสาร"',
    ),
    "empty_title": (
        "  o1:\n    documents:\n      - title:\n        file: files/a.pdf\n",
        "indicators.yml:9: ยังไม่ได้ใส่ค่าของ 'title' — วิธีแก้: เขียนค่าต่อท้าย title: ในบรรทัดเดียวกัน",
    ),
    "thai_digit_bad_month": (
        "  o4:\n    documents:\n      - title: ข่าว\n        file: files/a.pdf\n        date: ๒๕๖๙-๑๓-๐๑\n",
        "indicators.yml:11: เอกสาร o4 'ข่าว': เดือน 13 ใน '๒๕๖๙-๑๓-๐๑' ไม่มีอยู่จริง "
        "(เดือนต้องอยู่ระหว่าง 1 ถึง 12) — วิธีแก้: เขียนวันที่แบบ ปปปป-ดด-วว เช่น 2569-10-15 (พ.ศ.)",
    ),
}


def _site(tmp_path: Path, body: str) -> Path:
    (tmp_path / "content" / "files").mkdir(parents=True)
    (tmp_path / "content" / "files" / "a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "indicators.yml").write_text(HEAD + body, encoding="utf-8")
    return tmp_path


def _messages(root: Path) -> list[str]:
    try:
        load_site(root, as_of=date(2027, 4, 30))
    except InputErrors as exc:
        return [str(e) for e in exc.errors]
    except InputError as exc:
        return [str(exc)]
    return []


@pytest.mark.parametrize("name", sorted(CASES))
def test_exact_message(tmp_path: Path, name: str) -> None:
    body, expected = CASES[name]
    assert expected in _messages(_site(tmp_path, body))


def test_be_leap_day_is_valid(tmp_path: Path) -> None:
    body = "  o4:\n    documents:\n      - title: ข่าว\n        file: files/a.pdf\n        date: 2570-02-28\n"
    root = _site(tmp_path, body)
    assert _messages(root) == []
    # 2567-02-29 is CE 2024-02-29: YAML's own date resolver would crash on it.
    text = (root / "indicators.yml").read_text(encoding="utf-8").replace("fiscal_year: 2570", "fiscal_year: 2567")
    (root / "indicators.yml").write_text(text.replace("2570-02-28", "2567-02-29"), encoding="utf-8")
    site = load_site(root, as_of=date(2024, 3, 1))
    assert site.items["o4"].documents[0].date == date(2024, 2, 29)


def test_all_errors_reported_in_one_pass(tmp_path: Path) -> None:
    body = CASES["missing_file"][0] + CASES["missing_date"][0]
    assert len(_messages(_site(tmp_path, body))) == 2


def test_unknown_assessment_suggests_nearest(tmp_path: Path) -> None:
    root = _site(tmp_path, "")
    text = (root / "indicators.yml").read_text(encoding="utf-8").replace("ita-2569", "ita-2570")
    (root / "indicators.yml").write_text(text, encoding="utf-8")
    [message] = _messages(root)
    assert message.startswith("indicators.yml:4: ")
    assert "'ita-2569'" in message
