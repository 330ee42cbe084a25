"""The dashboard: bars per indicator and the monthly calendar, drawn as SVG at build."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from oit.core.fiscal_calendar import FiscalYear, YearMonth
from oit.core.indicators import ItemRecord, Site, load_site
from oit.pages.dashboard import (
    IndicatorTally,
    MonthState,
    calendar_svg,
    dashboard_markdown,
    indicator_bar_svg,
    month_states,
    tally_indicators,
)
from oit.pages.generate import evaluate_site
from tests.support.sites import AS_OF, doc, passing_items, record, write_site

FY = FiscalYear(2570)
SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> ET.Element:
    """Parse inline SVG (no xmlns in HTML) as XML: it must be well formed."""
    return ET.fromstring(text.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def monthly(*months: str) -> ItemRecord:
    """A monthly item with one entry for each given BE month."""
    return record("monthly", *[doc(f"สรุป {m}", month=m) for m in months], code="o11")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    items, files = passing_items()
    root = write_site(tmp_path_factory.mktemp("dash"), items, files=files,
                      name="อบต. <ทดสอบ> & *ตัวเอียง*")
    return load_site(root, as_of=AS_OF)


def test_months_present_missing_and_not_yet_due() -> None:
    # 30 Apr 2570: Oct..Mar are due; April ends on the as-of day, so it is not due yet.
    rec = monthly("2569-10", "2569-11", "2570-01", "2570-02", "2570-03")
    states = dict(month_states(rec, FY, AS_OF))
    assert list(states) == FY.months()
    assert states[YearMonth(2569, 10)] is MonthState.PRESENT
    assert states[YearMonth(2569, 12)] is MonthState.MISSING
    assert states[YearMonth(2570, 4)] is MonthState.NOT_DUE
    assert states[YearMonth(2570, 9)] is MonthState.NOT_DUE
    assert sum(s is MonthState.PRESENT for s in states.values()) == 5


def test_an_early_entry_counts_as_present() -> None:
    states = dict(month_states(monthly("2570-05"), FY, AS_OF))
    assert states[YearMonth(2570, 5)] is MonthState.PRESENT
    assert states[YearMonth(2569, 10)] is MonthState.MISSING


def test_calendar_svg_has_twelve_labelled_cells() -> None:
    svg = calendar_svg(monthly("2569-10"), FY, AS_OF)
    root = parse_svg(svg)
    assert root.get("role") == "img"
    cells = root.findall(f"{SVG}g")
    assert len(cells) == 12
    first, second = (c.find(f"{SVG}title").text for c in cells[:2])  # type: ignore[union-attr]
    assert first == "ตุลาคม 2569: มีแล้ว"
    assert second == "พฤศจิกายน 2569: ยังไม่มี"
    assert "oit-calendar__cell--not_due" in svg
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "กันยายน 2570: ยังไม่ถึงกำหนด" in (desc.text or "")
    # Words and symbols, not only colour, tell the states apart.
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "✓ มีแล้ว" in texts and "✗ ยังไม่มี" in texts and "– ยังไม่ถึงกำหนด" in texts


def test_calendar_escapes_the_item_title() -> None:
    rec = record("monthly", doc("x", month="2569-10"), code="o11")
    hostile = dataclasses.replace(rec.spec, title='<script>alert("x")</script> & co')
    rec.spec = hostile
    svg = calendar_svg(rec, FY, AS_OF)
    assert "<script>" not in svg
    root = parse_svg(svg)
    title = root.find(f"{SVG}title")
    assert title is not None and '<script>alert("x")</script> & co' in (title.text or "")


def test_bar_width_follows_the_share_of_passing_items() -> None:
    svg = indicator_bar_svg(IndicatorTally("9", "การเปิดเผยข้อมูล", 3, 4))
    root = parse_svg(svg)
    rects = root.findall(f"{SVG}rect")
    assert rects[1].get("width") == "75"
    assert root.get("aria-label") == "ตัวชี้วัด 9: ครบ 3 จาก 4 รายการ"
    assert 'fill="#b71c1c"' in svg  # not complete: red
    full = indicator_bar_svg(IndicatorTally("10", "x", 2, 2))
    assert 'width="100"' in full and 'fill="#1b5e20"' in full


def test_tallies_follow_the_catalog(site: Site) -> None:
    results = evaluate_site(site, AS_OF)
    tallies = tally_indicators(site, results)
    assert [t.code for t in tallies] == [i.code for i in site.catalog.indicators
                                         if site.catalog.items_of(i.code)]
    assert sum(t.total for t in tallies) == len(site.items)
    assert all(t.passing == t.total for t in tallies)


def test_dashboard_page(site: Site) -> None:
    results = evaluate_site(site, AS_OF)
    page = dashboard_markdown(site, AS_OF, results)
    assert page.startswith("---\ntitle: ")
    assert "# ภาพรวมการเปิดเผยข้อมูล ปีงบประมาณ พ.ศ. 2570" in page
    assert f"**{len(site.items)} จาก {len(site.items)} รายการ**" in page
    assert "ข้อมูล ณ วันที่ 30 เมษายน พ.ศ. 2570" in page
    assert page.count('class="oit-calendar__svg"') == 1  # ita-2569 has one monthly item
    assert "(ita/o11.md)" in page and "(opendata/ita.csv)" in page and "(feed.xml)" in page
    # The organisation's name is escaped for HTML and Markdown.
    assert "&lt;ทดสอบ&gt; &amp; \\*ตัวเอียง\\*" in page
    assert "<ทดสอบ>" not in page
    # Raw HTML blocks must not contain blank lines (Markdown would end the block there).
    for line in page.splitlines():
        if line.startswith("<div"):
            assert line.endswith("</div>")


def test_dashboard_without_feed(site: Site) -> None:
    page = dashboard_markdown(site, AS_OF, evaluate_site(site, AS_OF), has_feed=False)
    assert "feed.xml" not in page


def test_dashboard_of_the_sample_site() -> None:
    root = Path(__file__).resolve().parents[2]
    sample = load_site(root, as_of=AS_OF)
    page = dashboard_markdown(sample, AS_OF, evaluate_site(sample, AS_OF))
    assert "มีแล้ว 6 เดือน · ยังไม่มี 0 เดือน · ยังไม่ถึงกำหนด 6 เดือน" in page
