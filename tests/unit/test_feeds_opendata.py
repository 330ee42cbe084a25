"""News feed (RSS 2.0), open data (JSON/CSV), QR codes, robots.txt and page dates."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from oit.core.indicators import Site, load_site
from oit.core.urls import item_url, page_url
from oit.pages.citizen import (
    add_citizen_nav,
    add_print_urls,
    citizen_files,
    robots_txt,
    with_citizen_pages,
)
from oit.pages.feeds import PageDates, load_news, post_date, rfc822, rss_feed
from oit.pages.generate import evaluate_site, generate_pages
from oit.pages.opendata import CSV_COLUMNS, disclosure, disclosure_csv, opendata_files, safe_cell
from oit.pages.qrcodes import add_item_qr_sections, item_qr_files, qr_svg, surveys_markdown
from oit.pages.site_meta import page_updated_meta, updated_meta, with_updated_date
from tests.support.sites import AS_OF, SITE_URL, passing_items, write_site

HOSTILE = '=HYPERLINK("http://evil.example/","คลิก") <b>&'
POST_HOSTILE = """---
title: "ข่าว <ด่วน> & \\"พิเศษ\\""
---

# หัวข้อที่ถูกแทนด้วย title

*3 มกราคม 2570*

เนื้อข่าว [ลิงก์](../contact.md) มี **ตัวหนา** และ <em>HTML</em>
"""


def make_site(root: Path, *, surveys: dict[str, str] | None = None, extra_files: dict[str, str] | None = None) -> Site:
    items, files = passing_items()
    first = items["o1"]["documents"][0]
    first["title"] = HOSTILE
    files.update({
        "news/index.md": "# ข่าว\n",
        "news/2569-11-01-first.md": "# ข่าวแรก\n\n*1 พฤศจิกายน 2569*\n\nเนื้อหาข่าวแรก\nบรรทัดที่สอง\n",
        "news/2026-12-01-ce.md": "# ข่าว ค.ศ.\n\nเนื้อหา\n",
        "news/2570-01-03-hostile.md": POST_HOSTILE,
        "news/undated.md": "# ไม่มีวันที่\n\nเนื้อหา\n",
        **(extra_files or {}),
    })
    extra = {"surveys": surveys} if surveys else None
    write_site(root, items, files=files, extra=extra)
    return load_site(root, as_of=AS_OF)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return make_site(tmp_path_factory.mktemp("citizen"),
                     surveys={"eit": "https://itas.example/eit?org=1&x=<2>", "iit": "https://itas.example/iit"})


# ------------------------------------------------------------------------------- news

def test_post_dates_from_file_name_or_front_matter() -> None:
    assert post_date("2569-11-01-no-gift.md", {}) == date(2026, 11, 1)
    assert post_date("2026-11-01-ce.md", {}) == date(2026, 11, 1)
    assert post_date("๒๕๖๙-๑๑-๐๑-thai-digits.md", {}) == date(2026, 11, 1)
    assert post_date("2569-11-01-x.md", {"date": "2569-12-24"}) == date(2026, 12, 24)
    assert post_date("no-date.md", {}) is None
    assert post_date("2569-02-30-bad.md", {}) is None


def test_load_news(site: Site) -> None:
    posts = load_news(site.content_dir)
    assert [p.src_path for p in posts] == [
        "news/2570-01-03-hostile.md", "news/2026-12-01-ce.md", "news/2569-11-01-first.md", "news/undated.md",
    ]
    hostile, _, first, undated = posts
    assert hostile.title == 'ข่าว <ด่วน> & "พิเศษ"'
    assert hostile.date == date(2027, 1, 3)
    assert hostile.summary == "เนื้อข่าว ลิงก์ มี ตัวหนา และ HTML"
    assert first.summary == "เนื้อหาข่าวแรก บรรทัดที่สอง"  # the italic date line is skipped
    assert undated.date is None


def test_rss_feed(site: Site) -> None:
    text = rss_feed(site, load_news(site.content_dir))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext("link") == SITE_URL + "news/index.html"
    assert channel.findtext("language") == "th"
    assert channel.findtext("lastBuildDate") == "Sun, 03 Jan 2027 00:00:00 +0700"
    items = channel.findall("item")
    assert len(items) == 4
    assert items[0].findtext("title") == 'ข่าว <ด่วน> & "พิเศษ"'
    assert "&lt;ด่วน&gt; &amp;" in text
    assert items[0].findtext("link") == SITE_URL + "news/2570-01-03-hostile.html"
    assert items[0].findtext("guid") == items[0].findtext("link")
    assert items[0].findtext("pubDate") == "Sun, 03 Jan 2027 00:00:00 +0700"
    assert items[3].find("pubDate") is None
    # Same input, same bytes: no clock in the feed.
    assert rss_feed(site, load_news(site.content_dir)) == text


def test_rfc822_uses_english_names_and_bangkok_time() -> None:
    assert rfc822(date(2026, 11, 1)) == "Sun, 01 Nov 2026 00:00:00 +0700"


# -------------------------------------------------------------------------- open data

def test_disclosure_json(site: Site) -> None:
    files = opendata_files(site, AS_OF, evaluate_site(site, AS_OF))
    data = json.loads(files["opendata/ita.json"])
    assert data["schema"] == 1
    assert data["fiscal_year"] == 2570
    assert data["as_of"] == "2027-04-30" and data["as_of_be"] == "2570-04-30"
    assert data["summary"]["items"] == len(site.items) == len(data["items"])
    o1 = data["items"][0]
    assert o1["code"] == "o1" and o1["status"] == "ok" and o1["status_th"] == "ครบถ้วน"
    assert o1["url"] == SITE_URL + "ita/o1.html"
    assert o1["documents"][0]["title"] == HOSTILE
    assert o1["documents"][0]["url"].startswith(SITE_URL + "files/")
    assert o1["documents"][0]["file_type"] == "pdf" and o1["documents"][0]["size_bytes"] > 0
    o11 = next(i for i in data["items"] if i["code"] == "o11")
    first = o11["documents"][0]
    assert first["month"] == "2569-10"
    assert first["date"] == "2026-11-05" and first["date_be"] == "2569-11-05"
    continuous = next(i for i in data["items"] if i["period"] == "continuous")
    assert continuous["documents"][0]["url"].endswith(".html")


def test_disclosure_csv_is_excel_friendly_and_formula_safe(site: Site) -> None:
    text = opendata_files(site, AS_OF, evaluate_site(site, AS_OF))["opendata/ita.csv"]
    assert text.startswith("\ufeff")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert list(rows[0]) == CSV_COLUMNS
    assert rows[0]["document_title"] == "'" + HOSTILE
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())
    assert rows[0]["item_url"] == SITE_URL + "ita/o1.html"
    total_docs = sum(len(r.documents) for r in site.items.values())
    assert len(rows) == total_docs + sum(1 for r in site.items.values() if not r.documents)


def test_an_item_without_documents_still_gets_a_row(tmp_path: Path) -> None:
    items, files = passing_items()
    items["o2"] = {"not_applicable": "+ไม่มีผู้บริหาร"}
    loaded = load_site(write_site(tmp_path, items, files=files), as_of=AS_OF)
    data = disclosure(loaded, AS_OF, evaluate_site(loaded, AS_OF))
    rows = list(csv.DictReader(io.StringIO(disclosure_csv(data).lstrip("\ufeff"), newline="")))
    o2 = [r for r in rows if r["code"] == "o2"]
    assert len(o2) == 1 and o2[0]["status"] == "not_applicable"
    assert o2[0]["not_applicable"] == "'+ไม่มีผู้บริหาร"
    assert o2[0]["document_title"] == ""


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+66 2", "'+66 2"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("ข้อความ", "ข้อความ"), (None, ""), (12, "12"), ("2569-10", "2569-10"),
])
def test_safe_cell(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


# ---------------------------------------------------------------------------- QR codes

def test_item_urls_are_absolute_html_pages(site: Site) -> None:
    assert item_url(site.organization.site_url, "o11") == SITE_URL + "ita/o11.html"
    assert page_url("https://a.example/sub", "news/ข่าว 1.md") == (
        "https://a.example/sub/news/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7%201.html")


def test_qr_svg_is_labelled_and_escaped() -> None:
    svg = qr_svg("https://www.example.go.th/ita/o1.html", 'หน้า "o1" <โครงสร้าง>')
    root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    assert root.get("role") == "img"
    assert root.get("aria-label") == 'หน้า "o1" <โครงสร้าง>'
    assert root.get("viewBox") and root.get("width") == root.get("height")


def test_item_qr_files_and_sections(site: Site) -> None:
    files = item_qr_files(site)
    assert set(files) == {f"ita/qr/{code}.svg" for code in site.items}
    assert files["ita/qr/o1.svg"].startswith("<?xml")
    ET.fromstring(files["ita/qr/o1.svg"].encode("utf-8"))
    pages = add_item_qr_sections(site, {"ita/o1.md": "# o1\n", "ita/index.md": "# ITA\n"})
    assert "## คิวอาร์โค้ดของหน้านี้" in pages["ita/o1.md"]
    assert SITE_URL + "ita/o1.html" in pages["ita/o1.md"]
    assert "(qr/o1.svg)" in pages["ita/o1.md"]
    assert pages["ita/index.md"] == "# ITA\n"


def test_surveys_page(site: Site) -> None:
    page = surveys_markdown(site)
    assert page is not None
    assert "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)" in page
    assert "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)" in page
    assert page.count('class="oit-qr__code"') == 2
    assert 'href="https://itas.example/eit?org=1&amp;x=&lt;2&gt;"' in page
    assert "<2>" not in page


def test_no_surveys_no_page(tmp_path: Path) -> None:
    plain = make_site(tmp_path)
    assert surveys_markdown(plain) is None
    assert "surveys.md" not in citizen_files(plain, AS_OF)


# ------------------------------------------------------------------ files and the nav

def test_citizen_files(site: Site) -> None:
    files = citizen_files(site, AS_OF)
    for path in ("dashboard.md", "surveys.md", "feed.xml", "opendata/ita.json", "opendata/ita.csv",
                 "robots.txt", "ita/qr/o1.svg"):
        assert path in files
    assert files["robots.txt"] == f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n"


def test_the_officers_own_file_wins(tmp_path: Path) -> None:
    own = make_site(tmp_path, extra_files={"robots.txt": "User-agent: *\nDisallow: /drafts/\n"})
    assert "robots.txt" not in citizen_files(own, AS_OF)
    assert robots_txt(own).startswith("User-agent: *")


def test_with_citizen_pages_for_oit_generate(site: Site) -> None:
    pages = with_citizen_pages(site, AS_OF, generate_pages(site, AS_OF, archives=[]))
    assert "## คิวอาร์โค้ดของหน้านี้" in pages["ita/o5.md"]
    assert "dashboard.md" in pages and "ita/index.md" in pages
    # every generated page carries the build's day, as the footer shows it
    for path, text in pages.items():
        if path.endswith(".md"):
            _, meta = get_data(text)  # as mkdocs reads it
            assert meta["oit_updated"] == "30 เมษายน พ.ศ. 2570" and meta["oit_updated_iso"] == "2027-04-30", path
    assert not pages["feed.xml"].startswith("---")


def test_updated_date_joins_or_adds_the_front_matter() -> None:
    day = date(2027, 4, 30)
    added = with_updated_date("# หน้า\n\n---\n\nท้าย\n", day)
    assert added == ('---\noit_updated: "30 เมษายน พ.ศ. 2570"\noit_updated_iso: "2027-04-30"\n---\n\n'
                     "# หน้า\n\n---\n\nท้าย\n")
    joined = with_updated_date('---\ntitle: "ก: ข"\n---\n\n# ก\n', day)
    body, meta = get_data(joined)
    assert meta == {"oit_updated": "30 เมษายน พ.ศ. 2570", "oit_updated_iso": "2027-04-30", "title": "ก: ข"}
    assert body.strip() == "# ก"
    assert updated_meta(day) == {"oit_updated": "30 เมษายน พ.ศ. 2570", "oit_updated_iso": "2027-04-30"}


def test_add_citizen_nav(site: Site) -> None:
    nav = [{"หน้าแรก": "index.md"}, {"ITA": [{"x": "ita/index.md"}]}, {"ข่าว": "news/index.md"}]
    out = add_citizen_nav(nav, site)
    assert out == [nav[0], nav[1], {"ภาพรวมการเปิดเผยข้อมูล": "dashboard.md"},
                   {"ร่วมตอบแบบสำรวจ ITA": "surveys.md"}, nav[2]]
    assert add_citizen_nav(out, site) == out  # already there: unchanged
    assert add_citizen_nav(None, site) is None


def test_add_print_urls() -> None:
    html = ('<td><a href="../files/a%20b.pdf">ก</a> <a class="headerlink" href="#x">¶</a>'
            '<a href="https://e.example/?a=1&amp;b=2">ข</a></td>')
    out = add_print_urls(html, "https://www.example.go.th/ita/o1.html")
    assert 'data-url="https://www.example.go.th/files/a%20b.pdf"' in out
    assert 'href="#x">' in out  # in-page anchors are left alone
    assert 'data-url="https://e.example/?a=1&amp;b=2"' in out
    assert add_print_urls(out, "https://www.example.go.th/ita/o1.html") == out


# -------------------------------------------------------------------------- page dates

def _git(repo: Path, *args: str, when: str = "2026-11-05T10:00:00+07:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_page_dates_from_git_then_mtime(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("# a\n", encoding="utf-8")
    (content / "b.md").write_text("# b\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    (content / "b.md").write_text("# b edited\n", encoding="utf-8")
    (content / "c.md").write_text("# c\n", encoding="utf-8")
    stamp = 1_800_000_000  # 2027-01-15 08:00 UTC
    os.utime(content / "b.md", (stamp, stamp))
    os.utime(content / "c.md", (stamp, stamp))
    dates = PageDates(content)
    assert dates.of("a.md") == date(2026, 11, 5)   # committed, unchanged: the commit day
    assert dates.of("b.md") == date(2027, 1, 15)   # edited since: its mtime
    assert dates.of("c.md") == date(2027, 1, 15)   # never committed: its mtime
    assert dates.of("missing.md") is None


def test_page_dates_outside_git(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    os.utime(tmp_path / "a.md", (1_800_000_000, 1_800_000_000))
    assert PageDates(tmp_path).of("a.md") == date(2027, 1, 15)


def test_page_updated_meta_officer_pages_by_their_date_generated_by_the_build_day(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    os.utime(tmp_path / "a.md", (1_800_000_000, 1_800_000_000))
    dates = PageDates(tmp_path)
    assert page_updated_meta(dates, "a.md", False, AS_OF)["oit_updated_iso"] == "2027-01-15"
    assert page_updated_meta(dates, "a.md", True, AS_OF)["oit_updated_iso"] == "2027-04-30"
    assert page_updated_meta(dates, "missing.md", False, AS_OF) == updated_meta(AS_OF)
