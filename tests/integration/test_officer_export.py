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


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8 and shows Thai
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "itas.csv"
    proc = oit("export", "--format", "csv", "--output", out, "--as-of", SAMPLE_AS_OF, cwd=sample)
    assert proc.returncode == 0, proc.stderr
    rows = read_csv(out)
    assert [r["code"] for r in rows] == load_catalog("ita-2569").codes  # catalog order, one row per item
    for row in rows:
        assert row["url"] == f"{SITE_URL}ita/{row['code']}.html"
        for url in row["documents"].splitlines():
            assert url.startswith(("https://", "http://"))
        assert row["explanation"].startswith(f"หน้าแรก > ข้อมูลสาธารณะ (ITA) > {row['code']} ")
    o1 = rows[0]
    assert o1["status"] == "ok" and o1["status_th"] == "ครบถ้วน"
    assert o1["documents"].splitlines() == [f"{SITE_URL}files/2570/o1/structure.pdf",
                                            f"{SITE_URL}files/2570/o1/powers-duties.pdf",
                                            f"{SITE_URL}about/structure.html"]
    o4 = next(r for r in rows if r["code"] == "o4")
    assert f"{SITE_URL}news/index.html" in o4["documents"].splitlines()
    o11 = next(r for r in rows if r["code"] == "o11")
    assert "https://www.gprocurement.go.th/" in o11["documents"].splitlines()  # a url document as it is
    o25 = next(r for r in rows if r["code"] == "o25")
    assert o25["title"] == "'@SUM(1+1)"  # never a formula
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "itas.xlsx"
    proc = oit("export", "--format", "xlsx", "--output", out, "--as-of", SAMPLE_AS_OF, cwd=sample)
    assert proc.returncode == 0, proc.stderr
    book = load_workbook(out)
    sheet = book["ITAS"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["code", "title", "url"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == load_catalog("ita-2569").codes
    for row in rows:
        assert row[2].value == f"{SITE_URL}ita/{row[0].value}.html"
        assert row[2].hyperlink is not None and row[2].hyperlink.target == row[2].value
        assert all(cell.data_type == "s" for cell in row)
    o25 = next(r for r in rows if r[0].value == "o25")
    assert o25[1].value == "@SUM(1+1)" and o25[1].data_type == "s"
    docs = book["documents"]
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
    o4 = next(r for r in rows if r["code"] == "o4")
    # percent-encoded so the link survives copy-paste into the ITAS web form
    assert f"{SITE_URL}files/2570/o4/%E0%B8%9B" in o4["documents"]
    assert " " not in o4["documents"]


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
