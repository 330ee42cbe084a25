"""Report formats: the JSON contract, Thai text, JUnit XML, Markdown and HTML, escaping.

Golden copies of the JSON and Markdown report of a small fixture site live in
``tests/golden/report/``; run with ``OIT_UPDATE_GOLDEN=1`` to accept a change.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from oit.checker.check import CheckOptions, run_check
from oit.checker.report import IndicatorGroup, LinkEntry, Report, exit_code, render
from oit.core.rules import ItemResult, Problem
from tests.support.sites import AS_OF, passing_items, pdf_bytes, write_site

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "report"
UPDATE = os.environ.get("OIT_UPDATE_GOLDEN") == "1"

HOSTILE = '<script>alert("x")</script> & | *bold* [link](javascript:x) \x01 ]]>'
ANSI = re.compile(r"\x1b\[")


def sample_report(**changes: object) -> Report:
    items = [
        ItemResult("o1", "โครงสร้าง หน้าที่และอำนาจ", "ok"),
        ItemResult("o4", "ข่าวประชาสัมพันธ์", "broken", [
            Problem("broken_link", "ลิงก์ 'ข่าว' https://news.example.go.th/x เปิดไม่ได้ (HTTP 404)",
                    url="https://news.example.go.th/x", document="ข่าว")]),
        ItemResult("o11", "สรุปผลการจัดซื้อจัดจ้างรายเดือน", "incomplete", [
            Problem("missing_month", "ไม่มีรายงานประจำเดือนธันวาคม 2569", month="2569-12")]),
        ItemResult("o20", "นโยบาย NO GIFT", "not_applicable"),
        ItemResult("o3", "ช่องทางติดต่อ", "ok", [
            Problem("pdf_no_text", "เอกสารเป็นภาพสแกน ประชาชนค้นหาข้อความไม่ได้", severity="warning")]),
    ]
    report = Report(
        organization="องค์การบริหารส่วนตำบลตัวอย่าง", assessment="ita-2569", fiscal_year=2570,
        as_of=date(2026, 11, 22), deadline=date(2027, 4, 30), items=items,
        links=[LinkEntry("https://news.example.go.th/x", "broken", 404, ["o4"], "ไม่พบหน้า (HTTP 404)"),
               LinkEntry("https://www.example.go.th/", "ok", 200, ["o3", "o10"])],
        warnings=["ใช้เกณฑ์ ita-2569 ตรวจปีงบประมาณ 2570"],
        indicators=[IndicatorGroup("9", "การเปิดเผยข้อมูล", ["o1", "o3", "o4", "o11"]),
                    IndicatorGroup("10", "การป้องกันการทุจริต", ["o20"])],
        not_applicable={"o20": "ไม่มีการรับของขวัญ"},
    )
    for key, value in changes.items():
        setattr(report, key, value)
    return report


# -- summary and exit code --------------------------------------------------------------

def test_days_left_and_summary() -> None:
    report = sample_report()
    assert report.days_left == 159
    assert report.summary() == {"items": 5, "ok": 3, "failing": 2, "links_checked": 2, "links_broken": 1}
    assert report.summary_line() == "ผ่าน 3/5 รายการ, ลิงก์เสีย 1"


def test_days_left_without_deadline_is_none() -> None:
    report = sample_report(deadline=None)
    assert report.days_left is None
    assert json.loads(render(report, "json"))["days_left"] is None


def test_exit_code() -> None:
    assert exit_code(sample_report()) == 1
    passing = [i for i in sample_report().items if i.passes]
    assert exit_code(sample_report(items=passing)) == 0
    assert exit_code(sample_report(items=passing, site_problems=[Problem("broken_internal_link", "x")])) == 1
    # Broken external links only fail through the items that publish them.
    assert exit_code(sample_report(items=passing, links=[LinkEntry("https://x.test/", "broken", 404, [])])) == 0


# -- JSON ---------------------------------------------------------------------------------

def test_json_has_the_design_keys() -> None:
    data = json.loads(render(sample_report(), "json"))
    for key in ("schema", "organization", "assessment", "fiscal_year", "as_of", "deadline", "days_left",
                "summary", "items", "links", "warnings", "site_problems"):
        assert key in data
    assert data["schema"] == 1
    assert data["fiscal_year"] == 2570
    assert data["as_of"] == "2026-11-22"  # CE ISO
    assert data["deadline"] == "2027-04-30"
    assert data["days_left"] == 159
    assert set(data["summary"]) >= {"items", "ok", "failing", "links_checked", "links_broken"}
    o11 = next(i for i in data["items"] if i["code"] == "o11")
    assert o11 == {"code": "o11", "title": "สรุปผลการจัดซื้อจัดจ้างรายเดือน", "status": "incomplete",
                   "problems": [{"kind": "missing_month", "month": "2569-12",
                                 "message": "ไม่มีรายงานประจำเดือนธันวาคม 2569"}]}
    link = data["links"][0]
    assert {k: link[k] for k in ("url", "status", "http_status", "items")} == {
        "url": "https://news.example.go.th/x", "status": "broken", "http_status": 404, "items": ["o4"]}


def test_json_keeps_thai_and_escapes_hostile_text() -> None:
    report = sample_report(organization=HOSTILE)
    text = render(report, "json")
    assert "องค์การบริหารส่วนตำบล" not in text  # organization replaced
    assert json.loads(text)["organization"] == HOSTILE
    assert "ข่าวประชาสัมพันธ์" in text  # ensure_ascii=False: readable Thai


# -- text ---------------------------------------------------------------------------------

def test_text_header_table_and_warnings() -> None:
    text = render(sample_report(), "text")
    assert not ANSI.search(text)
    assert "องค์การบริหารส่วนตำบลตัวอย่าง" in text
    assert "ปีงบประมาณ พ.ศ. 2570" in text
    assert "22 พฤศจิกายน พ.ศ. 2569" in text
    assert "เหลือ 159 วันถึงกำหนดส่ง" in text
    for status in ("ผ่าน", "ลิงก์/ไฟล์เสีย", "ไม่ครบ", "ไม่เกี่ยวข้อง"):
        assert status in text
    assert "ไม่มีรายงานประจำเดือนธันวาคม 2569" in text
    assert "ใช้เกณฑ์ ita-2569 ตรวจปีงบประมาณ 2570" in text
    assert "https://news.example.go.th/x" in text
    assert "ผ่าน 3/5 รายการ, ลิงก์เสีย 1" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_text_deadline_today_and_overdue() -> None:
    assert "วันนี้เป็นวันกำหนดส่ง" in render(sample_report(as_of=date(2027, 4, 30)), "text")
    assert "เลยกำหนดส่งมาแล้ว 1 วัน" in render(sample_report(as_of=date(2027, 5, 1)), "text")


def test_text_prints_hostile_text_verbatim_without_markup() -> None:
    text = render(sample_report(organization="[bold]ไม่ใช่ markup[/bold]"), "text")
    assert "[bold]ไม่ใช่ markup[/bold]" in text


# -- JUnit --------------------------------------------------------------------------------

def test_junit_is_valid_xml_with_one_case_per_item() -> None:
    report = sample_report()
    report.items[0] = ItemResult("o1", HOSTILE, "missing", [Problem("no_documents", HOSTILE)])
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    assert root.tag == "testsuite"
    cases = root.findall("testcase")
    assert len(cases) == 5
    assert root.get("tests") == "5" and root.get("failures") == "3" and root.get("skipped") == "1"
    assert {c.get("classname") for c in cases} == {"ita-2569"}
    names = [c.get("name") for c in cases]
    assert names[1] == "o4 ข่าวประชาสัมพันธ์"
    assert names[0] is not None and names[0].startswith('o1 <script>alert("x")</script> & |')
    failure = cases[2].find("failure")
    assert failure is not None and "ธันวาคม 2569" in (failure.get("message") or "")
    assert cases[3].find("skipped") is not None  # not_applicable
    assert cases[4].find("failure") is None  # a warning does not fail


def test_junit_reports_site_links_as_a_case() -> None:
    report = sample_report(site_problems=[Problem("broken_internal_link", "หน้า a.html: ลิงก์ 'b.html' เสีย")])
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    last = root.findall("testcase")[-1]
    assert last.get("name") == "site internal links"
    assert last.find("failure") is not None


# -- Markdown -----------------------------------------------------------------------------

def test_markdown_table_survives_pipes_and_markup() -> None:
    report = sample_report()
    report.items[0] = ItemResult("o1", HOSTILE, "missing", [Problem("no_documents", "a|b\nc")])
    text = render(report, "markdown")
    rows = [line for line in text.splitlines() if line.startswith("| o")]
    assert len(rows) == 5
    # Every row keeps exactly the table's four columns: escaped pipes don't split cells.
    assert all(len(re.split(r"(?<!\\)\|", row)) == 6 for row in rows)
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "| o11 | สรุปผลการจัดซื้อจัดจ้างรายเดือน | ไม่ครบ | ไม่มีรายงานประจำเดือนธันวาคม 2569 |" in text


# -- HTML ---------------------------------------------------------------------------------

class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_escaped() -> None:
    report = sample_report(organization=HOSTILE)
    text = render(report, "html")
    parser = _Collector()
    parser.feed(text)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags  # neither ours nor the hostile one
    assert "svg" in tags and "rect" in tags
    assert "style" in tags and "link" not in tags and "img" not in tags
    for _, attrs in parser.tags:
        for name, value in attrs.items():
            assert name not in ("src", "href") or not value
    assert "url(" not in text
    assert "&lt;script&gt;" in text
    assert '<html lang="th">' in text


def test_html_chart_has_one_bar_per_indicator() -> None:
    text = render(sample_report(), "html")
    assert text.count('fill="#1e7d3a"') == 2
    assert "2/4" in text and "1/1" in text


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render(sample_report(), "pdf")


# -- golden report of a small fixture site -------------------------------------------------

def fixture_site(root: Path) -> Path:
    """A site with one of each finding: outdated, incomplete, broken, scan, N/A, external link."""
    items, files = passing_items()
    items["o1"]["documents"][0]["title"] = "โครงสร้าง <องค์กร> & อำนาจ | ฉบับจริง"
    files["files/o1/o1.pdf"] = b""  # empty file: broken
    files["files/o2/o2.pdf"] = pdf_bytes(text=False)  # scan: warning only
    items["o4"]["documents"][0]["date"] = "2569-09-30"  # the day before FY 2570: outdated
    items["o11"]["documents"] = [d for d in items["o11"]["documents"] if d["month"] != "2569-12"]
    items["o10"]["documents"] = [{"title": "ระบบ e-Service", "url": "https://eservice.test.go.th/?a=1&b=2"}]
    items["o20"] = {"not_applicable": "ไม่มี <กรณี> รับของขวัญ | ทดสอบ"}
    return write_site(root, items, files=files, deadline="2570-05-31")


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = fixture_site(tmp_path_factory.mktemp("golden-site"))
    return run_check(CheckOptions(site=root, as_of=AS_OF, offline=True))


def test_fixture_site_findings(fixture_report: Report) -> None:
    status = {item.code: item.status for item in fixture_report.items}
    assert status["o1"] == "broken"
    assert status["o2"] == "ok"
    assert status["o4"] == "outdated"
    assert status["o11"] == "incomplete"
    assert status["o20"] == "not_applicable"
    assert status["o10"] == "ok"  # offline: the link was not checked
    assert [link.to_json()["status"] for link in fixture_report.links] == ["not_checked"]
    assert fixture_report.summary()["failing"] == 3
    assert exit_code(fixture_report) == 1


@pytest.mark.parametrize(("fmt", "name"), [("json", "report.json"), ("markdown", "report.md")])
def test_golden_report(fixture_report: Report, fmt: str, name: str) -> None:
    text = render(fixture_report, fmt)
    target = GOLDEN / name
    if UPDATE:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n", encoding="utf-8")
    assert target.is_file(), f"missing {target}; run with OIT_UPDATE_GOLDEN=1"
    assert text + "\n" == target.read_text(encoding="utf-8"), f"{name} differs from its golden copy"
