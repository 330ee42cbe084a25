"""The citizen's dashboard: the year's disclosure at a glance, drawn as SVG at build time.

Two pictures, both plain inline SVG (no JavaScript, no external files):

* one bar per indicator: how many of its items are complete and current;
* a 12-month calendar (October to September) for every monthly item (the monthly
  procurement summaries): each month is *present*, *missing* (due but not published) or
  *not yet due*.

Every text that comes from indicators.yml or a catalog is escaped for HTML/SVG. Colours
are never the only signal: every cell and bar also carries words. Pure Python, no mkdocs.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from oit.core.catalog import Period
from oit.core.fiscal_calendar import FiscalYear, YearMonth, format_date, format_month
from oit.core.indicators import ItemRecord, Site
from oit.core.rules import ItemResult
from oit.pages.generate import md

DASHBOARD_PAGE = "dashboard.md"

# Colours chosen for at least 4.5:1 contrast with the text drawn on them.
_PASS_COLOUR = "#1b5e20"  # dark green, white text 9.3:1
_FAIL_COLOUR = "#b71c1c"  # dark red, white text 6.6:1
_TRACK_COLOUR = "#e0e0e0"
_PENDING_FILL = "#f5f5f5"
_PENDING_TEXT = "#424242"  # on #f5f5f5: 9.2:1
_PENDING_STROKE = "#757575"


def esc(text: object) -> str:
    """Escape text for HTML or SVG content and attribute values."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class IndicatorTally:
    """How many items of one indicator pass (complete and current, or not applicable)."""

    code: str
    title: str
    passing: int
    total: int

    @property
    def percent(self) -> float:
        """Share of passing items, 0..100 (0 for an indicator without items)."""
        return 100.0 * self.passing / self.total if self.total else 0.0


def tally_indicators(site: Site, results: Mapping[str, ItemResult]) -> list[IndicatorTally]:
    """One tally per indicator that has items, in catalog order."""
    tallies = []
    for indicator in site.catalog.indicators:
        codes = [spec.code for spec in site.catalog.items_of(indicator.code) if spec.code in results]
        if not codes:
            continue
        passing = sum(1 for code in codes if results[code].passes)
        tallies.append(IndicatorTally(indicator.code, indicator.title, passing, len(codes)))
    return tallies


def indicator_bar_svg(tally: IndicatorTally) -> str:
    """A one-line horizontal bar (SVG) for one indicator; its label says the numbers."""
    width = round(tally.percent, 1)
    label = f"ตัวชี้วัด {tally.code}: ครบ {tally.passing} จาก {tally.total} รายการ"
    colour = _PASS_COLOUR if tally.passing == tally.total else _FAIL_COLOUR
    return (
        f'<svg class="oit-bars__bar" viewBox="0 0 100 6" preserveAspectRatio="none" '
        f'width="100%" height="14" role="img" aria-label="{esc(label)}" focusable="false">'
        f'<title>{esc(label)}</title>'
        f'<rect x="0" y="0" width="100" height="6" rx="1" fill="{_TRACK_COLOUR}"/>'
        f'<rect x="0" y="0" width="{width:g}" height="6" rx="1" fill="{colour}"/>'
        "</svg>"
    )


def indicator_bars_html(tallies: list[IndicatorTally]) -> str:
    """The bar chart block: the indicator's name and count as text, then its bar."""
    rows = []
    for tally in tallies:
        rows.append(
            '<div class="oit-bars__row">'
            f'<p class="oit-bars__label"><span class="oit-bars__name">{esc(tally.code)} {esc(tally.title)}</span> '
            f'<span class="oit-bars__count">ครบ {tally.passing} จาก {tally.total} รายการ</span></p>'
            f"{indicator_bar_svg(tally)}"
            "</div>"
        )
    return '<div class="oit-bars">' + "".join(rows) + "</div>"


class MonthState(StrEnum):
    """Where one month of a monthly item stands on the as-of day."""

    PRESENT = "present"
    MISSING = "missing"
    NOT_DUE = "not_due"

    @property
    def label_th(self) -> str:
        """The word shown in the cell (colour is never the only signal)."""
        return {"present": "มีแล้ว", "missing": "ยังไม่มี", "not_due": "ยังไม่ถึงกำหนด"}[self.value]

    @property
    def mark(self) -> str:
        """A symbol that tells the states apart in black-and-white print."""
        return {"present": "✓", "missing": "✗", "not_due": "–"}[self.value]


def month_states(record: ItemRecord, fy: FiscalYear, as_of: date) -> list[tuple[YearMonth, MonthState]]:
    """The 12 months of ``fy`` (Oct..Sep) with their state for a monthly item.

    A month with an entry is present, even an early one; a month that has ended before
    ``as_of`` without an entry is missing; the others are not yet due.
    """
    have = {doc.month for doc in record.documents if doc.month is not None}
    due = set(fy.elapsed_months(as_of))
    out = []
    for month in fy.months():
        if month in have:
            state = MonthState.PRESENT
        elif month in due:
            state = MonthState.MISSING
        else:
            state = MonthState.NOT_DUE
        out.append((month, state))
    return out


_CELL_W, _CELL_H, _GAP, _COLS = 100, 56, 6, 3


def calendar_svg(record: ItemRecord, fy: FiscalYear, as_of: date) -> str:
    """A 12-month calendar (3 columns, one row per quarter) of one monthly item as SVG."""
    states = month_states(record, fy, as_of)
    rows = (len(states) + _COLS - 1) // _COLS
    width = _COLS * _CELL_W + (_COLS - 1) * _GAP
    height = rows * _CELL_H + (rows - 1) * _GAP
    ident = f"oit-cal-{esc(record.code)}"
    title = f"ปฏิทิน{record.spec.title} {fy.label}"
    desc = "; ".join(f"{format_month(m)}: {s.label_th}" for m, s in states)
    parts = [
        f'<svg class="oit-calendar__svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" focusable="false">',
        f'<title id="{ident}-title">{esc(title)}</title>',
        f'<desc id="{ident}-desc">{esc(desc)}</desc>',
    ]
    for index, (month, state) in enumerate(states):
        x = (index % _COLS) * (_CELL_W + _GAP)
        y = (index // _COLS) * (_CELL_H + _GAP)
        if state is MonthState.PRESENT:
            fill, stroke, ink = _PASS_COLOUR, _PASS_COLOUR, "#ffffff"
        elif state is MonthState.MISSING:
            fill, stroke, ink = _FAIL_COLOUR, _FAIL_COLOUR, "#ffffff"
        else:
            fill, stroke, ink = _PENDING_FILL, _PENDING_STROKE, _PENDING_TEXT
        dash = ' stroke-dasharray="4 3"' if state is MonthState.NOT_DUE else ""
        cx = x + _CELL_W / 2
        parts.append(
            f'<g class="oit-calendar__cell oit-calendar__cell--{state.value}">'
            f"<title>{esc(format_month(month))}: {esc(state.label_th)}</title>"
            f'<rect x="{x + 0.5:g}" y="{y + 0.5:g}" width="{_CELL_W - 1}" height="{_CELL_H - 1}" rx="4" '
            f'fill="{fill}" stroke="{stroke}"{dash}/>'
            f'<text x="{cx:g}" y="{y + 23}" text-anchor="middle" font-size="15" font-weight="700" '
            f'fill="{ink}">{esc(format_month(month, abbr=True))}</text>'
            f'<text x="{cx:g}" y="{y + 44}" text-anchor="middle" font-size="13" fill="{ink}">'
            f"{esc(state.mark)} {esc(state.label_th)}</text>"
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def calendar_legend_html() -> str:
    """The key to the calendar's three states, in words and symbols."""
    items = "".join(
        f'<li class="oit-legend__item oit-legend__item--{s.value}">'
        f'<span class="oit-legend__swatch" aria-hidden="true">{esc(s.mark)}</span> {esc(s.label_th)}</li>'
        for s in MonthState
    )
    return f'<ul class="oit-legend">{items}</ul>'


def _monthly_records(site: Site) -> list[ItemRecord]:
    return [record for record in site.items.values()
            if record.spec.period is Period.MONTHLY and record.not_applicable is None]


def dashboard_markdown(
    site: Site, as_of: date, results: Mapping[str, ItemResult], *, has_feed: bool = True,
) -> str:
    """The dashboard page (Markdown with raw HTML/SVG blocks), for ``dashboard.md``."""
    tallies = tally_indicators(site, results)
    passing = sum(1 for r in results.values() if r.passes)
    fy = site.fiscal_year
    title = f"ภาพรวมการเปิดเผยข้อมูล {fy.label}"
    lines = [
        "---",
        f'title: "{title}"',
        "---",
        "",
        f"# {title}",
        "",
        f"{md(site.organization.name)} เผยแพร่ข้อมูลสาธารณะครบถ้วน **{passing} จาก {len(results)} รายการ** "
        f"ข้อมูล ณ วันที่ {format_date(as_of)}",
        "",
        "## รายการที่ครบถ้วนแยกตามตัวชี้วัด",
        "",
        indicator_bars_html(tallies),
        "",
        "ดูเอกสารของทุกรายการได้ที่[หน้าข้อมูลสาธารณะ (ITA)](ita/index.md)",
        "",
    ]
    for record in _monthly_records(site):
        states = month_states(record, fy, as_of)
        counts = {state: sum(1 for _, s in states if s is state) for state in MonthState}
        lines += [
            f"## {md(record.code)} {md(record.spec.title)}",
            "",
            f"ปฏิทินรายเดือนของ{fy.label} (ตุลาคม – กันยายน): "
            f"มีแล้ว {counts[MonthState.PRESENT]} เดือน · ยังไม่มี {counts[MonthState.MISSING]} เดือน · "
            f"ยังไม่ถึงกำหนด {counts[MonthState.NOT_DUE]} เดือน",
            "",
            f'<div class="oit-calendar">{calendar_svg(record, fy, as_of)}{calendar_legend_html()}</div>',
            "",
            f"[ดูเอกสารรายเดือนทั้งหมดของ {md(record.code)}](ita/{record.code}.md)",
            "",
        ]
    lines += [
        "## ดาวน์โหลดข้อมูล",
        "",
        "- [ข้อมูลเปิดทุกรายการและเอกสาร (JSON)](opendata/ita.json)",
        "- [ข้อมูลเปิดทุกรายการและเอกสาร (CSV เปิดด้วย Excel ได้)](opendata/ita.csv)",
    ]
    if has_feed:
        lines.append("- [ข่าวประชาสัมพันธ์ (RSS)](feed.xml)")
    lines.append("")
    return "\n".join(lines)


__all__ = [
    "DASHBOARD_PAGE",
    "IndicatorTally",
    "MonthState",
    "calendar_svg",
    "dashboard_markdown",
    "indicator_bar_svg",
    "month_states",
    "tally_indicators",
]
