"""The built project site's citizen files: sitemap, robots.txt, feed, open data, 404,
QR codes and the per-page "last updated" line (no browser needed, same built site)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

SITE_URL = "https://www.example.go.th/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_generated_pages(project_site: Path) -> None:
    root = ET.parse(project_site / "sitemap.xml").getroot()
    locs = {el.text for el in root.iter(f"{SITEMAP_NS}loc")}
    for page in ("index.html", "dashboard.html", "ita/index.html", "ita/o1.html", "ita/o26.html",
                 "ita/archive/2570.html", "news/2569-11-01-no-gift-policy.html"):
        assert SITE_URL + page in locs, page


def test_robots_txt(project_site: Path) -> None:
    text = (project_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *\nAllow: /" in text
    assert f"Sitemap: {SITE_URL}sitemap.xml" in text


def test_feed(project_site: Path) -> None:
    channel = ET.parse(project_site / "feed.xml").getroot().find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert len(items) == 3
    assert items[0].findtext("link") == SITE_URL + "news/2569-12-02-community-meeting.html"
    assert items[0].findtext("pubDate") == "Wed, 02 Dec 2026 00:00:00 +0700"
    assert all(re.search(r"[\u0E00-\u0E7F]", i.findtext("title") or "") for i in items)
    home = (project_site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/rss+xml"' in home


def test_open_data(project_site: Path) -> None:
    data = json.loads((project_site / "opendata" / "ita.json").read_text(encoding="utf-8"))
    assert data["fiscal_year"] == 2570 and data["as_of"] == "2027-04-30"
    assert len(data["items"]) == 26
    assert all(i["url"].startswith(SITE_URL + "ita/") for i in data["items"])
    raw = (project_site / "opendata" / "ita.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) >= 26 and rows[0]["code"] == "o1"


def test_item_page_has_its_qr_code(project_site: Path) -> None:
    page = (project_site / "ita" / "o11.html").read_text(encoding="utf-8")
    assert 'class="oit-qr__code"' in page and f"{SITE_URL}ita/o11.html" in page
    assert 'href="qr/o11.svg"' in page
    assert (project_site / "ita" / "qr" / "o11.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_dashboard_has_bars_and_calendar(project_site: Path) -> None:
    page = (project_site / "dashboard.html").read_text(encoding="utf-8")
    assert page.count('class="oit-bars__bar"') == 2  # indicators 9 and 10 of ita-2569
    assert page.count("oit-calendar__cell--present") == 6
    assert page.count("oit-calendar__cell--not_due") == 6
    assert "<script" not in page.split('class="oit-bars"', 1)[1].split("</article>", 1)[0]


def test_last_updated_per_page(project_site: Path) -> None:
    def updated(rel: str) -> str:
        html = (project_site / rel).read_text(encoding="utf-8")
        match = re.search(r'oit-footer__updated">ปรับปรุงข้อมูลล่าสุด <time datetime="([0-9-]+)">', html)
        assert match, rel
        return match.group(1)

    assert updated("ita/o1.html") == "2027-04-30"      # generated: the as-of day
    assert updated("dashboard.html") == "2027-04-30"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", updated("contact.html"))  # content: git or mtime


def test_thai_404(project_site: Path) -> None:
    page = (project_site / "404.html").read_text(encoding="utf-8")
    assert "ไม่พบหน้าที่ท่านต้องการ" in page
    assert "กลับไปหน้าแรก" in page and "ค้นหา" in page
