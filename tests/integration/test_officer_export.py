"""``oit export``: the ITAS sheet, one row per item, absolute URLs under site_url."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from oit.core.catalog import load_catalog
from tests.integration.test_officer_support import SAMPLE_AS_OF, assert_refused, oit
from tests.support.sample import copy_sample, tree_digest
from tests.support.sites import pdf_bytes

SITE_URL = "https://www.example.go.th/"
HOSTILE = "=HYPERLINK(\"http://evil.example/\",\"คลิก\")"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with an item title and a document title a spreadsheet would run as formulas."""
    root = copy_sample(tmp_path_factory.mktemp("export") / "site")
    config = root / "indicators.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("# overrides:\n#   o18: {period: half_year}", "overrides:\n  o25: {title: '@SUM(1+1)'}")
    config.write_text(text, encoding="utf-8")
    proc = oit("add", "o3", "--url", "https://line.me/ti/p/@example", "--title", HOSTILE, cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root


# The sheet the officer reads: Thai headers, the code first, each link exact and readable.
HEADERS = ["รหัสข้อ", "ชื่อรายการ", "ลิงก์หน้ารายการ (กรอกใน ITAS)", "ลิงก์หน้ารายการ (อ่านง่าย)", "สถานะ",
           "ลิงก์เอกสาร (กรอกใน ITAS)", "ลิงก์เอกสาร (อ่านง่าย)", "หน่วยงานที่รับผิดชอบ", "คำอธิบายสำหรับผู้ประเมิน"]
CODE, TITLE, URL, URL_SHOWN, STATUS, DOCS, DOCS_SHOWN, DIVISION, EXPLANATION = HEADERS


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8 and shows Thai
    text = raw.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text, newline=""))) == HEADERS
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "itas.csv"
    proc = oit("export", "--format", "csv", "--output", out, "--as-of", SAMPLE_AS_OF, cwd=sample)
    assert proc.returncode == 0, proc.stderr
    rows = read_csv(out)
    assert [r[CODE] for r in rows] == load_catalog("ita-2569").codes  # catalog order, one row per item
    for row in rows:
        assert row[URL] == row[URL_SHOWN] == f"{SITE_URL}ita/{row[CODE]}.html"
        for url in row[DOCS].splitlines():
            assert url.startswith(("https://", "http://"))
        assert len(row[DOCS].splitlines()) == len(row[DOCS_SHOWN].splitlines())
        assert row[EXPLANATION].startswith(f"หน้าแรก > ข้อมูลสาธารณะ (ITA) > {row[CODE]} ")
    o1 = rows[0]
    assert o1[STATUS] == "ครบถ้วน" and o1[DIVISION] == "สำนักปลัด"
    assert o1[DOCS].splitlines() == [f"{SITE_URL}files/2570/o1/structure.pdf",
                                     f"{SITE_URL}files/2570/o1/powers-duties.pdf",
                                     f"{SITE_URL}about/structure.html"]
    o4 = next(r for r in rows if r[CODE] == "o4")
    assert f"{SITE_URL}news/index.html" in o4[DOCS].splitlines()
    o11 = next(r for r in rows if r[CODE] == "o11")
    assert "https://www.gprocurement.go.th/" in o11[DOCS].splitlines()  # a url document as it is
    o25 = next(r for r in rows if r[CODE] == "o25")
    assert o25[TITLE] == "'@SUM(1+1)"  # never a formula
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "itas.xlsx"
    proc = oit("export", "--format", "xlsx", "--output", out, "--as-of", SAMPLE_AS_OF, cwd=sample)
    assert proc.returncode == 0, proc.stderr
    book = load_workbook(out)
    sheet = book["ITAS"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "B2"  # the header row (and the code) stay on screen
    # columns wide enough to read, wrapping only the long explanations
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGHI"}
    assert widths["A"] == 8  # "รหัสข้อ" takes 5 columns on screen (its marks none), plus 2, at least 8
    assert 20 <= widths["B"] <= 70 and widths["C"] >= len(f"{SITE_URL}ita/o10.html")
    assert widths["I"] == 70
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == load_catalog("ita-2569").codes
    for row in rows:
        assert row[2].value == row[3].value == f"{SITE_URL}ita/{row[0].value}.html"
        assert row[2].hyperlink is not None and row[2].hyperlink.target == row[2].value
        assert row[3].hyperlink is not None and row[3].hyperlink.target == row[2].value
        assert all(cell.data_type == "s" for cell in row if cell.value is not None)
    o25 = next(r for r in rows if r[0].value == "o25")
    assert o25[1].value == "@SUM(1+1)" and o25[1].data_type == "s"
    docs = book["เอกสาร"]
    assert [c.value for c in docs[1]] == ["รหัสข้อ", "ชื่อเอกสาร", "ลิงก์ (กรอกใน ITAS)", "ลิงก์ (อ่านง่าย)", "ชนิด"]
    assert docs.freeze_panes == "B2"
    assert {r[4].value for r in docs.iter_rows(min_row=2)} == {"ไฟล์", "ลิงก์ภายนอก", "หน้าเว็บ"}
    hostile = [r for r in docs.iter_rows(min_row=2) if r[1].value == HOSTILE]
    assert len(hostile) == 1 and hostile[0][1].data_type == "s"
    assert hostile[0][2].hyperlink is not None and hostile[0][2].hyperlink.target == "https://line.me/ti/p/@example"
    # no formula anywhere in the file: what LibreOffice and Excel open is text and links only
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_json(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "itas.json"
    proc = oit("export", "--site", sample, "--format", "json", "--output", out, "--as-of", SAMPLE_AS_OF, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["site_url"] == SITE_URL and data["fiscal_year"] == 2570
    assert data["as_of"] == "2027-04-30"
    assert len(data["items"]) == 26
    o3 = next(i for i in data["items"] if i["code"] == "o3")
    assert {"title": HOSTILE, "url": "https://line.me/ti/p/@example", "kind": "url"} in o3["documents"]
    assert all(i["status"] == "ok" for i in data["items"])


def test_default_output_and_thai_file_names(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    source = tmp_path / "ประกาศ ราคากลาง.pdf"
    source.write_bytes(pdf_bytes())  # a real PDF: oit add refuses one that does not open
    assert oit("add", "o4", source, "--title", "ราคากลาง", "--date", "2570-01-05", cwd=root).returncode == 0
    proc = oit("export", "--format", "csv", cwd=root)
    assert proc.returncode == 0, proc.stderr
    rows = read_csv(root / "itas-2570.csv")
    o4 = next(r for r in rows if r[CODE] == "o4")
    # percent-encoded so the link survives copy-paste into the ITAS web form
    assert f"{SITE_URL}files/2570/o4/%E0%B8%9B" in o4[DOCS]
    assert " " not in o4[DOCS]
    # and beside it the same link as the officer reads it
    exact = next(u for u in o4[DOCS].splitlines() if "%E0%B8%9B" in u)
    shown = o4[DOCS_SHOWN].splitlines()[o4[DOCS].splitlines().index(exact)]
    assert shown.startswith(f"{SITE_URL}files/2570/o4/ประกาศ") and shown.endswith(".pdf")
    assert "%" not in shown
    book = load_workbook(oit_export_xlsx(root))
    cell = next(r[3] for r in book["เอกสาร"].iter_rows(min_row=2) if r[2].value == exact)
    assert cell.value == shown and cell.hyperlink is not None and cell.hyperlink.target == exact


def oit_export_xlsx(root: Path) -> Path:
    proc = oit("export", "--format", "xlsx", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root / "itas-2570.xlsx"


def test_a_readable_link_never_hides_where_it_goes() -> None:
    from oit.officer.itas_export import readable_url

    assert readable_url("https://x.go.th/files/%E0%B8%9B%E0%B8%A3%E0%B8%B0%20a.pdf") == "https://x.go.th/files/ประ a.pdf"
    # a right-to-left override, a newline or bytes that are not UTF-8: shown encoded, as they are
    for url in ("https://x.go.th/%E2%80%AEfdp.exe", "https://x.go.th/a%0Ab", "https://x.go.th/%FF.pdf"):
        assert readable_url(url) == url


def test_bad_input(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    (root / "out").mkdir()
    before = tree_digest(root)
    assert_refused(oit("export", "--format", "csv", "--output", "out", cwd=root), before, root, "เป็นโฟลเดอร์")
    assert_refused(oit("export", "--format", "csv", "--as-of", "31/12/2569", cwd=root), before, root, "--as-of")
    proc = oit("export", "--format", "pdf", cwd=root)
    assert proc.returncode == 2 and tree_digest(root) == before
    (root / "indicators.yml").write_text("organization: [\n", encoding="utf-8")
    broken = tree_digest(root)
    assert_refused(oit("export", "--format", "json", cwd=root), broken, root, "indicators.yml")


def test_a_sheet_held_by_another_program_is_left_alone_with_thai_advice(tmp_path: Path) -> None:
    """Windows refuses to replace a file Excel holds open; an immutable file refuses the same way here."""
    import shutil
    import subprocess

    root = copy_sample(tmp_path / "site")
    assert oit("export", "--format", "xlsx", cwd=root).returncode == 0
    sheet = root / "itas-2570.xlsx"
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(sheet)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root and a file system that supports it)")
    try:
        before = sheet.read_bytes()
        proc = oit("export", "--format", "xlsx", cwd=root)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip() == (
            "ข้อผิดพลาด: itas-2570.xlsx: เขียนทับไฟล์เดิมไม่ได้ (ไม่มีสิทธิ์เข้าถึง) — วิธีแก้: "
            "ไฟล์นี้อาจเปิดค้างอยู่ในโปรแกรมอื่น เช่น Excel หรือ Word — ปิดไฟล์แล้วสั่งอีกครั้ง")
        assert sheet.read_bytes() == before
        assert [p.name for p in root.glob(".itas-2570.xlsx.*")] == []  # no temporary file left behind
    finally:
        subprocess.run([chattr, "-i", str(sheet)], capture_output=True)


def test_the_format_may_be_typed_in_capitals(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    proc = oit("export", "--format", "XLSX", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "itas-2570.xlsx").is_file()
