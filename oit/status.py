"""``oit status``: one screen for the officer — how long to go, what fails, what is due next.

Offline only (the same evaluation as the public pages, no link checks), so it answers in
a moment and can run every morning. "Due next" follows each item's rule:

* monthly: the first month of the fiscal year without a summary; it falls due when the
  month has ended (the checker counts a month once its last day has passed);
* half_year: the report on 1 Oct – 31 Mar, due from 1 April;
* quarterly: the first quarter without a report, due when the quarter ends;
* every other failing item: due now (or by the deadline, if it is still ahead).

When indicators.yml names divisions (``division:`` on items or documents), failing and
due items are grouped by division so each กอง sees its own list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from oit.catalog import Period
from oit.fiscal_calendar import days_between, format_date, format_month
from oit.generate import STATUS_TH
from oit.indicators import ItemRecord, Site
from site_checks.rules import ItemResult, evaluate_item

NO_DIVISION = "ไม่ระบุหน่วยงาน"


@dataclass(frozen=True)
class DueItem:
    """The next element an item needs, and when."""

    code: str
    title: str
    what: str
    due: date
    division: str

    def overdue(self, as_of: date) -> bool:
        return self.due <= as_of


def division_of(record: ItemRecord) -> str:
    """Who answers for the item: its own ``division``, else its documents' if they agree."""
    if record.division:
        return record.division
    found = {d.division for d in record.documents if d.division}
    return found.pop() if len(found) == 1 else NO_DIVISION


def next_due(record: ItemRecord, result: ItemResult, site: Site, as_of: date) -> DueItem | None:
    """What the item needs next, or ``None`` if nothing more is due this fiscal year."""
    if record.not_applicable is not None:
        return None
    fy = site.fiscal_year
    spec = record.spec
    division = division_of(record)

    def due(what: str, when: date) -> DueItem:
        return DueItem(record.code, spec.title, what, when, division)

    if spec.period is Period.MONTHLY:
        have = {d.month for d in record.documents if d.month is not None}
        for month in fy.months():
            if month not in have:
                return due(f"{spec.title} เดือน{format_month(month)}", month.last_day() + timedelta(days=1))
        return None
    if spec.period is Period.HALF_YEAR:
        _, end = fy.half_year()
        if any(d.date and end < d.date <= fy.end for d in record.documents):
            return None
        return due(f"{spec.title} รอบ 6 เดือน (1 ต.ค. – 31 มี.ค.)", end + timedelta(days=1))
    if spec.period is Period.QUARTERLY:
        quarters = fy.quarters()
        for number, (q_start, q_end) in enumerate(quarters, start=1):
            report_end = quarters[number][1] if number < 4 else fy.end + timedelta(days=92)
            if not any(d.date and q_start <= d.date <= report_end for d in record.documents):
                return due(f"{spec.title} ไตรมาสที่ {number}", q_end + timedelta(days=1))
        return None
    if result.passes:
        return None
    when = site.deadline if site.deadline and site.deadline > as_of else as_of
    return due(spec.title, when)


@dataclass
class StatusReport:
    """Everything the screen shows, computed without printing (for tests and other views)."""

    site: Site
    as_of: date
    results: dict[str, ItemResult]
    failing: list[ItemResult]
    due: list[DueItem]
    divisions: dict[str, str]  # code -> division

    @property
    def days_left(self) -> int | None:
        return days_between(self.as_of, self.site.deadline) if self.site.deadline else None

    @property
    def grouped(self) -> bool:
        """Whether indicators.yml names divisions at all (otherwise one list)."""
        return any(d != NO_DIVISION for d in self.divisions.values())


def build_status(site: Site, as_of: date) -> StatusReport:
    """Evaluate every item offline and work out what is due soonest."""
    results = {code: evaluate_item(record, site.fiscal_year, as_of) for code, record in site.items.items()}
    failing = [r for r in results.values() if not r.passes]
    due = [d for code, record in site.items.items()
           if (d := next_due(record, results[code], site, as_of)) is not None]
    due.sort(key=lambda d: (d.due, _order(site, d.code)))
    divisions = {code: division_of(record) for code, record in site.items.items()}
    return StatusReport(site, as_of, results, failing, due, divisions)


def _order(site: Site, code: str) -> int:
    return site.catalog.codes.index(code) if code in site.catalog.codes else len(site.catalog.codes)


def _deadline_line(report: StatusReport) -> str:
    site = report.site
    if site.deadline is None:
        return "ไม่ได้กำหนดวันครบกำหนด (deadline) ใน indicators.yml"
    left = report.days_left
    assert left is not None
    when = format_date(site.deadline)
    if left > 0:
        return f"เหลืออีก {left} วัน ถึงวันครบกำหนด {when}"
    if left == 0:
        return f"วันนี้เป็นวันครบกำหนด ({when})"
    return f"เลยวันครบกำหนด {when} มาแล้ว {-left} วัน"


def render_status(report: StatusReport, console: Any, *, limit: int = 10) -> None:
    """Draw the one-screen summary on a rich ``Console``."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    site, as_of = report.site, report.as_of
    total = len(report.results)
    passing = total - len(report.failing)
    head = Text()
    head.append(f"{site.organization.name}\n", style="bold")
    head.append(f"{site.catalog.id} · {site.fiscal_year.label} · ข้อมูล ณ {format_date(as_of)}\n")
    left = report.days_left
    deadline_style = "bold red" if left is not None and left <= 30 else "bold"
    head.append(_deadline_line(report) + "\n", style=deadline_style)
    head.append(f"ผ่าน {passing} จาก {total} รายการ", style="green" if not report.failing else "yellow")
    if report.failing:
        head.append(f" · ยังไม่ผ่าน {len(report.failing)} รายการ", style="red")
    console.print(Panel(head, title="สถานะเว็บไซต์ ITA", expand=False))

    if report.failing:
        table = Table(title="รายการที่ยังไม่ผ่าน", title_justify="left", show_lines=False)
        if report.grouped:
            table.add_column("หน่วยงาน")
        table.add_column("รหัส", no_wrap=True)
        table.add_column("รายการ")
        table.add_column("สถานะ", no_wrap=True)
        table.add_column("สิ่งที่ต้องทำ")
        failing = sorted(report.failing, key=lambda r: (report.divisions[r.code] if report.grouped else "",
                                                        _order(site, r.code)))
        previous = None
        for result in failing:
            problems = [p.message for p in result.errors]
            todo = problems[0] if problems else "-"
            if len(problems) > 1:
                todo += f" (และอีก {len(problems) - 1} ข้อ)"
            cells = [result.code, site.items[result.code].spec.title, STATUS_TH[result.status], todo]
            if report.grouped:
                division = report.divisions[result.code]
                cells.insert(0, division if division != previous else "")
                previous = division
            table.add_row(*cells)
        console.print(table)
    else:
        console.print("[green]ทุกรายการผ่านการตรวจแบบออฟไลน์แล้ว[/green]")

    if report.due:
        table = Table(title="ถึงกำหนดเร็วที่สุด", title_justify="left")
        if report.grouped:
            table.add_column("หน่วยงาน")
        table.add_column("รหัส", no_wrap=True)
        table.add_column("ต้องเผยแพร่")
        table.add_column("กำหนด", no_wrap=True)
        shown = report.due[:limit]
        if report.grouped:
            by_division: dict[str, list[DueItem]] = defaultdict(list)
            for item in shown:
                by_division[item.division].append(item)
            ordered = [i for items in by_division.values() for i in items]
        else:
            ordered = shown
        previous = None
        for item in ordered:
            when = format_date(item.due, abbr=True)
            style = None
            if item.overdue(as_of):
                when += " (เลยกำหนด)"
                style = "red"
            elif (item.due - as_of).days <= 14:
                style = "yellow"
            cells = [item.code, item.what, when]
            if report.grouped:
                cells.insert(0, item.division if item.division != previous else "")
                previous = item.division
            table.add_row(*cells, style=style)
        console.print(table)
        if len(report.due) > limit:
            console.print(f"และอีก {len(report.due) - limit} รายการ — ดูทั้งหมดด้วย oit check")
    for warning in site.warnings[:3]:
        console.print(f"[dim]คำเตือน: {warning}[/dim]")
