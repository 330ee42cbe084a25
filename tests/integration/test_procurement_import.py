"""``oit import procurement``: a month's สขร.1 from the files Thai offices really produce.

A cp874 CSV as Excel on Thai Windows saves it, a UTF-8 CSV with BOM, an XLSX made with
openpyxl; a title row above the header, units in the headings, Thai digits and
thousands separators in the amounts. Bad files are refused with row and column, and the
site is left byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook

from oit.core.indicators import load_site
from oit.paperwork.procurement import COLUMNS
from tests.integration.test_officer_support import assert_refused, check_json, mkdocs_build, oit, statuses
from tests.support.pdf_text import assert_paragraphs_in_order, pdftotext
from tests.support.sample import copy_sample, tree_digest

HEADER = ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จัดซื้อหรือจัดจ้าง (บาท)", "ราคากลาง (บาท)",
          "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ", "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
          "เหตุผลที่คัดเลือกโดยสรุป", "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง"]
ROWS = [
    ["๑", "จัดซื้อวัสดุสำนักงาน", "๑๒,๕๐๐.๐๐", "12,500", "เฉพาะเจาะจง", "ร้านตัวอย่างพาณิชย์ 12,300 บาท",
     "ร้านตัวอย่างพาณิชย์ 12,300 บาท", "ราคาต่ำสุด", "ใบสั่งซื้อ 15/2570 ลว. 3 มี.ค. 2570"],
    ["2", "จ้างซ่อมแซมถนนหมู่ที่ 3", "98,000", "99,500.50", "เฉพาะเจาะจง", "หจก.สมมติก่อสร้าง 97,500 บาท",
     "หจก.สมมติก่อสร้าง 97,500 บาท", "คุณสมบัติครบ ราคาต่ำสุด", "สัญญาจ้าง 4/2570 ลว. 10 มี.ค. 2570"],
]
TITLE_ROW = ["สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนมีนาคม 2570"]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The sample without its March procurement documents, so March is due and missing."""
    root = copy_sample(tmp_path / "site")
    config = root / "indicators.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "o11-2570-03.pdf" in line)
    end = next(i for i, line in enumerate(lines) if i > start and line.strip() == "")
    config.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    (root / "content/files/2570/o11/o11-2570-03.pdf").unlink()
    return root


def _csv(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def _import(root: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return oit("import", "procurement", *map(str, args), "--date", "2570-04-05", cwd=root)


def _o11(root: Path) -> str:
    return statuses(check_json(root, "2570-04-30")[1])["o11"]


def test_a_cp874_csv_becomes_a_page_a_pdf_and_counts_for_its_month(sample: Path, tmp_path: Path) -> None:
    assert _o11(sample) != "ok"
    source = tmp_path / "สขร1-มีนาคม.csv"
    source.write_bytes(_csv([TITLE_ROW, HEADER, *ROWS], "cp874"))
    proc = _import(sample, source, "--month", "2570-03")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "นำเข้าสรุปผลการจัดซื้อจัดจ้างเดือน 2570-03 (2 รายการ) ในรายการ o11 แล้ว",
        "  หน้าเว็บ: content/procurement/2570-03.md",
        "  PDF: content/files/2570/o11/procurement-2570-03.pdf",
    ]
    page = (sample / "content/procurement/2570-03.md").read_text(encoding="utf-8")
    assert page.splitlines()[6] == (
        "| ๑ | จัดซื้อวัสดุสำนักงาน | 12,500.00 | 12,500.00 | เฉพาะเจาะจง | ร้านตัวอย่างพาณิชย์ 12,300 บาท | "
        "ร้านตัวอย่างพาณิชย์ 12,300 บาท | ราคาต่ำสุด | ใบสั่งซื้อ 15/2570 ลว. 3 มี.ค. 2570 |")
    assert "| 2 | จ้างซ่อมแซมถนนหมู่ที่ 3 | 98,000.00 | 99,500.50 |" in page
    data = json.loads((sample / "content/procurement/2570-03.json").read_text(encoding="utf-8"))
    assert (data["item"], data["month"], data["none"]) == ("o11", "2570-03", False)
    assert [(r["work"], r["budget"], r["median_price"]) for r in data["rows"]] == [
        ("จัดซื้อวัสดุสำนักงาน", 12500.0, 12500.0), ("จ้างซ่อมแซมถนนหมู่ที่ 3", 98000.0, 99500.5)]
    march = [d for d in load_site(sample).items["o11"].documents if str(d.month) == "2570-03"]
    assert [(d.title, d.kind, d.target) for d in march] == [
        ("สรุปผลการจัดซื้อจัดจ้าง เดือนมีนาคม 2570", "file", "files/2570/o11/procurement-2570-03.pdf"),
        ("ตารางสรุปผลการจัดซื้อจัดจ้าง เดือนมีนาคม 2570", "page", "procurement/2570-03.md"),
    ]
    assert _o11(sample) == "ok"
    # the PDF gives back the Thai typed, cell by cell (ต่ำสุด, สำนักงาน, ซ่อม with their marks)
    text = pdftotext(sample / "content/files/2570/o11/procurement-2570-03.pdf")
    words = [[cell for cell, column in zip(row, COLUMNS, strict=True) if not column.amount] for row in ROWS]
    assert_paragraphs_in_order(text, [
        "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนมีนาคม ๒๕๗๐", "องค์การบริหารส่วนตำบลตัวอย่าง (แบบ สขร.๑)",
        *(column.title for column in COLUMNS), *words[0], *words[1]])
    assert text.count("98,000.00") == 1
    built = mkdocs_build(sample, tmp_path / "out", as_of="2570-04-30")
    assert built.returncode == 0, built.stderr
    assert "จ้างซ่อมแซมถนนหมู่ที่ 3" in (tmp_path / "out/procurement/2570-03.html").read_text(encoding="utf-8")
    # the rows are open data too: in ita.json, and as a CSV of every month
    opendata = json.loads((tmp_path / "out/opendata/ita.json").read_text(encoding="utf-8"))
    (month,) = opendata["procurement"]
    assert (month["month"], month["item"], month["none"]) == ("2570-03", "o11", False)
    assert month["page_url"] == "https://www.example.go.th/procurement/2570-03.html"
    assert [r["budget"] for r in month["rows"]] == [12500.0, 98000.0]
    table = list(csv.reader(io.StringIO((tmp_path / "out/opendata/procurement.csv").read_text(encoding="utf-8-sig"))))
    assert table[0] == ["month", "item", "number", "work", "budget", "median_price", "method", "bidders", "winner",
                        "reason", "contract"]
    assert table[2][:5] == ["2570-03", "o11", "2", "จ้างซ่อมแซมถนนหมู่ที่ 3", "98000.0"]


def test_an_xlsx_and_a_utf8_bom_csv_read_the_same_rows(sample: Path, tmp_path: Path) -> None:
    from oit.paperwork.procurement import read_procurement

    book = Workbook()
    sheet = book.active
    for row in [TITLE_ROW, [], HEADER, *ROWS]:
        sheet.append(row)
    book.save(tmp_path / "sk1.xlsx")
    (tmp_path / "sk1.csv").write_bytes(b"\xef\xbb\xbf" + _csv([HEADER, *ROWS], "utf-8"))
    from_xlsx = [r.values for r in read_procurement(tmp_path / "sk1.xlsx")]
    from_csv = [r.values for r in read_procurement(tmp_path / "sk1.csv")]
    assert from_xlsx == from_csv
    assert from_csv[0]["budget"] == "12500.00" and from_csv[1]["median_price"] == "99500.50"

    proc = _import(sample, tmp_path / "sk1.xlsx", "--month", "2570-03")
    assert proc.returncode == 0, proc.stderr


def test_other_headings_are_mapped_with_column(sample: Path, tmp_path: Path) -> None:
    header = [*HEADER]
    header[2] = "งบที่ใช้"
    source = tmp_path / "export.csv"
    source.write_bytes(_csv([header, *ROWS], "utf-8"))
    before = tree_digest(sample)
    proc = _import(sample, source, "--month", "2570-03")
    assert_refused(proc, before, sample)
    assert proc.stderr.strip() == (
        f"ข้อผิดพลาด: {source}:1: ไม่พบคอลัมน์ 'วงเงินที่จัดซื้อหรือจัดจ้าง' — วิธีแก้: เพิ่มคอลัมน์นี้ในไฟล์ "
        "หรือจับคู่กับหัวคอลัมน์ที่มีด้วย --column budget=\"ชื่อหัวคอลัมน์\"")
    proc = _import(sample, source, "--month", "2570-03", "--column", "budget=งบที่ใช้")
    assert proc.returncode == 0, proc.stderr


def test_a_bad_amount_and_an_empty_work_are_reported_by_row_and_column(sample: Path, tmp_path: Path) -> None:
    rows = [[*ROWS[0]], [*ROWS[1]]]
    rows[0][2] = "หนึ่งหมื่น"
    rows[1][1] = ""
    rows[1][3] = "12.5.0"
    source = tmp_path / "bad.csv"
    source.write_bytes(_csv([TITLE_ROW, HEADER, *rows], "cp874"))
    before = tree_digest(sample)
    proc = _import(sample, source, "--month", "2570-03")
    assert_refused(proc, before, sample)
    assert proc.stderr.splitlines() == [
        "พบข้อผิดพลาด 3 จุด:",
        f"  {source}:3: คอลัมน์ 'วงเงินที่จัดซื้อหรือจัดจ้าง (บาท)': 'หนึ่งหมื่น' ไม่ใช่จำนวนเงิน — วิธีแก้: "
        "เขียนเป็นตัวเลข เช่น 12,500.00 (ใช้เลขไทยได้)",
        f"  {source}:4: คอลัมน์ 'ราคากลาง (บาท)': '12.5.0' ไม่ใช่จำนวนเงิน — วิธีแก้: เขียนเป็นตัวเลข เช่น 12,500.00 "
        "(ใช้เลขไทยได้)",
        f"  {source}:4: คอลัมน์ 'งานที่จัดซื้อหรือจัดจ้าง' ว่างอยู่ — วิธีแก้: ระบุงานที่จัดซื้อหรือจัดจ้าง หรือลบแถวนี้",
    ]


def test_a_month_outside_the_fiscal_year_is_refused(sample: Path, tmp_path: Path) -> None:
    source = tmp_path / "sk1.csv"
    source.write_bytes(_csv([HEADER, *ROWS], "utf-8"))
    before = tree_digest(sample)
    proc = _import(sample, source, "--month", "2570-10")
    assert_refused(proc, before, sample)
    assert proc.stderr.strip() == ("ข้อผิดพลาด: --month: เดือนตุลาคม 2570 ไม่อยู่ในปีงบประมาณ พ.ศ. 2570 "
                                   "(ตุลาคม 2569 – กันยายน 2570) — วิธีแก้: ตรวจปี พ.ศ. ของเดือน; "
                                   "เดือนของปีงบประมาณอื่นไม่นับในปีนี้")


def test_a_month_without_procurement_is_declared_with_none(sample: Path) -> None:
    proc = _import(sample, "--none", "--month", "2570-03")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == ("นำเข้าสรุปผลการจัดซื้อจัดจ้างเดือน 2570-03 (ไม่มีการจัดซื้อจัดจ้าง) "
                                           "ในรายการ o11 แล้ว")
    march = [d for d in load_site(sample).items["o11"].documents if str(d.month) == "2570-03"]
    assert [(d.title, d.note) for d in march] == [
        ("สรุปผลการจัดซื้อจัดจ้าง เดือนมีนาคม 2570 (ไม่มีการจัดซื้อจัดจ้าง)", "ไม่มีการจัดซื้อจัดจ้าง"),
        ("ตารางสรุปผลการจัดซื้อจัดจ้าง เดือนมีนาคม 2570 (ไม่มีการจัดซื้อจัดจ้าง)", "ไม่มีการจัดซื้อจัดจ้าง"),
    ]
    assert "**ไม่มีการจัดซื้อจัดจ้าง**" in (sample / "content/procurement/2570-03.md").read_text(encoding="utf-8")
    assert _o11(sample) == "ok"
    generated = oit("generate", "--out", str(sample.parent / "generated"), "--as-of", "2570-04-30", cwd=sample)
    assert generated.returncode == 0, generated.stderr
    table = (sample.parent / "generated/opendata/procurement.csv").read_text(encoding="utf-8-sig").splitlines()
    assert table[1] == "2570-03,o11,ไม่มีการจัดซื้อจัดจ้าง"
    # the same month twice is refused, not recorded again
    before = tree_digest(sample)
    again = _import(sample, "--none", "--month", "2570-03")
    assert_refused(again, before, sample, "นำเข้าเดือนมีนาคม 2570 ไว้แล้ว")


def test_a_refused_record_takes_the_page_back(sample: Path) -> None:
    # the page is written before the records; a record refused by oit add's checks (a
    # publication date before the month reported) must leave no page behind
    before = tree_digest(sample)
    proc = oit("import", "procurement", "--none", "--month", "2570-03", "--date", "2570-02-10", cwd=sample)
    assert_refused(proc, before, sample, "อยู่ก่อนเดือนที่รายงาน")
