"""Nothing counts as published that a reader cannot open (issue 18, class 5).

A ``.docx`` that is not a Word file, an ``.xlsx`` without its workbook, a PDF that is
really a saved HTML page: ``oit add`` refuses them (exit 2, nothing written) and
``oit check`` fails their item, naming the file and what is wrong. A scan without a text
layer is a warning in both. The sample text ``(โปรดระบุ)`` that ``oit init`` writes is a
finding until replaced.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from oit.checker import documents
from oit.core.placeholders import PLACEHOLDER, find_placeholders
from oit.officer.scaffold import TEMPLATE_DIR
from tests.integration.test_officer_support import assert_refused, oit
from tests.support.sample import tree_digest
from tests.support.sites import AS_OF_BE, passing_items, pdf_bytes, write_site

HTML_PAGE = "<!DOCTYPE html>\n<html><head><title>ดาวน์โหลด</title></head><body>...</body></html>\n".encode()


def docx_bytes(*, main: bool = True, rels: bool = False) -> bytes:
    """A minimal Word package; with ``rels`` its officeDocument relationship names word/main.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        if rels:
            archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                             'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                             '.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/>'
                             '</Relationships>')
        if main:
            archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["รายการ", "วงเงิน"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_without_workbook() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            if name != "xl/workbook.xml":
                archive.writestr(name, source.read(name))
    return out.getvalue()


def truncated(data: bytes) -> bytes:
    """A copy cut short after the first member's data: the central directory survives in a
    re-written archive, but one member's bytes no longer match its checksum."""
    damaged = bytearray(data)
    start = data.index(b"word/document.xml") + len("word/document.xml")
    damaged[start + 2] ^= 0xFF  # flip bits inside the compressed member
    return bytes(damaged)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    documents.clear_cache()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    made = oit("init", "site", "--name", "องค์การบริหารส่วนตำบลทดสอบ", "--site-url", "https://t.go.th/",
               "--fiscal-year", "2570", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / "site"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("ประกาศ.pdf", HTML_PAGE, "ไฟล์นี้ ใช้นามสกุล .pdf แต่เป็นหน้าเว็บ (HTML) ไม่ใช่ไฟล์ PDF"
                              " (มักเกิดจากบันทึกหน้าดาวน์โหลดแทนตัวไฟล์) — วิธีแก้: ดาวน์โหลดตัวไฟล์อีกครั้ง"
                              " (คลิกขวาที่ลิงก์ของไฟล์ แล้วเลือกบันทึกลิงก์เป็น) ไม่ใช่บันทึกหน้าเว็บ"
                              " แล้วสั่ง oit add อีกครั้ง\n"),
    ("แผน.docx", b"this was typed in Notepad", "ไฟล์นี้ ไม่ใช่ไฟล์ DOCX ที่ถูกต้อง (ไม่ใช่ไฟล์ ZIP ของเอกสาร Office)"
                                               " เปิดด้วย Word ไม่ได้ — วิธีแก้: เปิดไฟล์ด้วยโปรแกรมของมัน แล้วใช้"
                                               " 'บันทึกเป็น' ชนิดที่ตรงกับนามสกุล (หรือส่งออกเป็น PDF)"
                                               " แล้วสั่ง oit add อีกครั้ง\n"),
    ("แผน.docx", docx_bytes(main=False), "ไฟล์นี้ ไม่ใช่ไฟล์ DOCX ที่ถูกต้อง (ไม่มีส่วนเนื้อหาหลัก word/document.xml)"
                                         " เปิดด้วย Word ไม่ได้"),
    ("แผน.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     "ไฟล์นี้ ไม่ใช่ไฟล์ DOCX ที่ถูกต้อง (เป็นไฟล์รุ่นเก่า (.doc) ที่เปลี่ยนนามสกุล) เปิดด้วย Word ไม่ได้"),
    ("แผน.docx", truncated(docx_bytes()), "ไฟล์นี้ ไม่ใช่ไฟล์ DOCX ที่ถูกต้อง (ไฟล์เสียหายที่ word/document.xml"
                                          " อาจคัดลอกไม่ครบ) เปิดด้วย Word ไม่ได้"),
    ("แผนที่.jpg", HTML_PAGE, "ไฟล์นี้ ใช้นามสกุล .jpg แต่เป็นหน้าเว็บ (HTML) ไม่ใช่ไฟล์ JPG"
                               " (มักเกิดจากบันทึกหน้าดาวน์โหลดแทนตัวไฟล์)"),
    ("แผน.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le"),
     "ไฟล์นี้ ตั้งรหัสผ่านไว้ ประชาชนและผู้ประเมินเปิดอ่านไม่ได้"),
    ("แผน.docx", docx_bytes(main=False, rels=True), "ไฟล์นี้ ไม่ใช่ไฟล์ DOCX ที่ถูกต้อง"
                                                    " (ไม่มีส่วนเนื้อหาหลัก word/main.xml) เปิดด้วย Word ไม่ได้"),
    ("งบ.xlsx", xlsx_without_workbook(), "ไฟล์นี้ ไม่ใช่ไฟล์ XLSX ที่ถูกต้อง (ไม่มีส่วนเนื้อหาหลัก xl/workbook.xml)"
                                         " เปิดด้วย Excel ไม่ได้"),
])
def test_add_refuses_a_file_that_does_not_open(site: Path, tmp_path: Path, name: str, data: bytes,
                                               message: str) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    before = tree_digest(site)
    proc = oit("add", "o1", source, "--title", "โครงสร้าง", cwd=site)
    assert_refused(proc, before, site)
    assert proc.stderr.startswith(f"ข้อผิดพลาด: {source}: {message}")


@pytest.mark.parametrize(("name", "data"), [("แผน.docx", docx_bytes()), ("งบ.xlsx", xlsx_bytes())])
def test_add_accepts_real_office_files(site: Path, tmp_path: Path, name: str, data: bytes) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    proc = oit("add", "o1", source, "--title", "โครงสร้าง", cwd=site)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_add_warns_about_a_scan_without_text(site: Path, tmp_path: Path) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(pdf_bytes(text=False))
    proc = oit("add", "o1", source, "--title", "โครงสร้าง", cwd=site)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (f"คำเตือน: {source}: เอกสารเป็นภาพสแกน ประชาชนค้นหาข้อความไม่ได้ — ยังบันทึกให้"
                           " แต่ถ้ามีไฟล์ต้นฉบับ (Word) ให้ส่งออกเป็น PDF หรือทำ OCR ให้ค้นหาข้อความได้\n")


def _check(root: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    proc = oit("check", "--offline", "--as-of", AS_OF_BE, "--format", "json", cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _item(report: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(item for item in report["items"] if item["code"] == code)


def test_check_fails_items_whose_files_do_not_open(tmp_path: Path) -> None:
    items, files = passing_items()
    files["files/o1/o1.pdf"] = HTML_PAGE
    items["o2"]["documents"][0]["file"] = "files/o2/plan.docx"
    files["files/o2/plan.docx"] = docx_bytes(main=False)
    items["o9"]["documents"][0]["file"] = "files/o9/form.xlsx"
    files["files/o9/form.xlsx"] = xlsx_bytes()  # a real one: fine
    files["files/o8/o8.pdf"] = pdf_bytes(text=False)
    root = write_site(tmp_path / "s", items, files=files)
    code, report = _check(root)
    assert code == 1
    o1, o2 = _item(report, "o1"), _item(report, "o2")
    assert o1["status"] == "broken" and o2["status"] == "broken"
    assert [p["message"] for p in o1["problems"]] == [
        "ไฟล์ files/o1/o1.pdf ใช้นามสกุล .pdf แต่เป็นหน้าเว็บ (HTML) ไม่ใช่ไฟล์ PDF (มักเกิดจากบันทึกหน้าดาวน์โหลดแทนตัวไฟล์)"]
    assert [p["message"] for p in o2["problems"]] == [
        "ไฟล์ files/o2/plan.docx ไม่ใช่ไฟล์ DOCX ที่ถูกต้อง (ไม่มีส่วนเนื้อหาหลัก word/document.xml) เปิดด้วย Word ไม่ได้"]
    assert _item(report, "o9")["status"] == "ok"
    o8 = _item(report, "o8")  # a scan: published, with a warning
    assert o8["status"] == "ok"
    assert [(p["kind"], p["severity"]) for p in o8["problems"]] == [("pdf_no_text", "warning")]


def test_init_placeholders_are_findings_until_replaced(tmp_path: Path) -> None:
    items, files = passing_items()
    # the page as oit init writes it when no contact detail is given
    contact = re.sub(r"\{\{ contact_md\.\w+ \}\}", PLACEHOLDER, (TEMPLATE_DIR / "content" / "contact.md.j2")
                     .read_text(encoding="utf-8").replace("{{ name_md }}", "อบต."))
    files["contact.md"] = contact
    root = write_site(tmp_path / "s", items, files=files)
    code, report = _check(root)
    assert code == 1  # every item passes; the contact page alone is the finding
    assert all(item["status"] == "ok" for item in report["items"])
    assert [p["message"] for p in report["content_problems"]] == [
        "content/contact.md:10: ยังเป็นข้อความตัวอย่าง (โปรดระบุ) ในช่อง 'ที่อยู่' ที่ oit init เขียนไว้"
        " — ใส่ที่อยู่จริงของหน่วยงานแทน แล้วตรวจอีกครั้ง",
        "content/contact.md:11: ยังเป็นข้อความตัวอย่าง (โปรดระบุ) ในช่อง 'โทรศัพท์' ที่ oit init เขียนไว้"
        " — ใส่โทรศัพท์จริงของหน่วยงานแทน แล้วตรวจอีกครั้ง",
        "content/contact.md:12: ยังเป็นข้อความตัวอย่าง (โปรดระบุ) ในช่อง 'ไปรษณีย์อิเล็กทรอนิกส์' ที่ oit init"
        " เขียนไว้ — ใส่ไปรษณีย์อิเล็กทรอนิกส์จริงของหน่วยงานแทน แล้วตรวจอีกครั้ง",
        "content/contact.md:13: ยังเป็นข้อความตัวอย่าง (โปรดระบุ) ในช่อง 'เพจ Facebook' ที่ oit init"
        " เขียนไว้ — ใส่เพจ Facebook จริงของหน่วยงานแทน แล้วตรวจอีกครั้ง",
    ]
    text = oit("check", "--offline", "--as-of", AS_OF_BE, cwd=root)
    assert "หน้าเว็บที่ยังมีข้อความตัวอย่างจาก oit init:\n  - content/contact.md:10:" in text.stdout
    assert text.stdout.rstrip().endswith("หน้าเว็บที่ยังมีข้อความตัวอย่าง 4 จุด")

    # published as o3's page, the placeholders fail o3 itself
    items["o3"]["documents"] = [{"title": "ติดต่อเรา", "page": "contact.md"}]
    root = write_site(tmp_path / "s", items, files=files)
    code, report = _check(root)
    assert code == 1 and "content_problems" not in report
    o3 = _item(report, "o3")
    assert o3["status"] == "broken"
    assert [p["kind"] for p in o3["problems"]] == ["placeholder"] * 4

    filled = contact.replace("| ที่อยู่ | (โปรดระบุ) |", "| ที่อยู่ | 99 หมู่ 1 |") \
        .replace("| โทรศัพท์ | (โปรดระบุ) |", "| โทรศัพท์ | 0 4300 0000 |") \
        .replace("| ไปรษณีย์อิเล็กทรอนิกส์ | (โปรดระบุ) |", "| ไปรษณีย์อิเล็กทรอนิกส์ | saraban@t.go.th |") \
        .replace("| เพจ Facebook | (โปรดระบุ) |", "| เพจ Facebook | https://www.facebook.com/t |")
    (root / "content" / "contact.md").write_text(filled, encoding="utf-8")
    code, report = _check(root)
    assert code == 0 and _item(report, "o3")["status"] == "ok"


def test_a_published_page_with_only_a_heading_is_broken(tmp_path: Path) -> None:
    items, files = passing_items()
    files["contact.md"] = "---\ntitle: ติดต่อ\n---\n# ติดต่อเรา\n\n<!-- ใส่ที่อยู่ -->\n\n## โทรศัพท์\n"
    items["o3"]["documents"] = [{"title": "ติดต่อเรา", "page": "contact.md"}]
    root = write_site(tmp_path / "s", items, files=files)
    code, report = _check(root)
    assert code == 1
    o3 = _item(report, "o3")
    assert o3["status"] == "broken"
    assert [p["message"] for p in o3["problems"]] == [
        "content/contact.md: หน้านี้มีแต่หัวเรื่อง ไม่มีเนื้อหา ผู้ประเมินเปิดแล้วไม่พบข้อมูล"
        " — ใส่ข้อมูลที่ต้องเผยแพร่ในหน้านี้ แล้วตรวจอีกครั้ง"]
    (root / "content" / "contact.md").write_text("# ติดต่อเรา\n\nโทร 0 4300 0000\n", encoding="utf-8")
    assert _check(root)[0] == 0


def test_add_of_a_page_with_placeholders_says_it_is_not_done(site: Path) -> None:
    proc = oit("add", "o3", "--page", "contact.md", "--title", "ติดต่อเรา", cwd=site)
    assert proc.returncode == 0, proc.stderr
    assert "  สถานะ o3 วันนี้: ลิงก์หรือไฟล์เสีย\n    ยังต้องแก้: content/contact.md:10: ยังเป็นข้อความตัวอย่าง" in proc.stdout


def test_every_template_placeholder_is_found() -> None:
    """The template and the checker agree: no "(โปรดระบุ)" in a page that check would miss."""
    for page in (TEMPLATE_DIR / "content").rglob("*.md.j2"):
        text = page.read_text(encoding="utf-8")
        lines = [n for n, line in enumerate(text.splitlines(), 1) if PLACEHOLDER in line and "<!--" not in line]
        assert [p.line for p in find_placeholders(text)] == lines, page
    assert [p.line for p in find_placeholders("<!-- ใส่ (โปรดระบุ) ให้ครบ -->\nก\n<!--\n(โปรดระบุ)\n-->")] == []
    assert find_placeholders("โทร (โปรดระบุ)")[0].label is None
