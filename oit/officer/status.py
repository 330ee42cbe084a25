"""``oit status``: one screen for the officer — how long to go, what fails, what is due next.

Offline only (the same evaluation as the public pages, no link checks), so it answers in
a moment and can run every morning. Two lists: the items failing today, each with the
first thing to do, and what falls due next under the recurring rules:

* monthly: this month's summary (the first month not yet ended without one); it falls
  due when the month has ended, as the checker counts a month once its last day passed;
* half_year: the report on 1 Oct – 31 Mar, due from 1 April;
* quarterly: the next quarter without a report, due when the quarter ends.

What is already overdue makes its item fail, so it appears in the first list only.

When indicators.yml names divisions (``division:`` on items or documents), failing and
due items are grouped by division so each กอง sees its own list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from oit.core.advice import oit_command
from oit.core.catalog import Period
from oit.core.fiscal_calendar import days_between, format_date, format_month
from oit.core.indicators import ItemRecord, Site
from oit.core.rules import ItemResult, evaluate_item
from oit.pages.generate import STATUS_TH

NO_DIVISION = "ไม่ระบุหน่วยงาน"


@dataclass(frozen=True)
class DueItem:
    """The next element an item needs, and when."""

    code: str
    title: str
    what: str
    due: date
    division: str


def division_of(record: ItemRecord) -> str:
    """Who answers for the item: its own ``division``, else its documents' if they agree."""
    if record.division:
        return record.division
    found = {d.division for d in record.documents if d.division}
    return found.pop() if len(found) == 1 else NO_DIVISION


def next_due(record: ItemRecord, site: Site, as_of: date) -> DueItem | None:
    """The next recurring element the item will need after ``as_of``, or ``None``.

    Only what is still ahead: elements already overdue make the item fail and are
    listed with the failing items instead.
    """
    if record.not_applicable is not None:
        return None
    fy = site.fiscal_year
    spec = record.spec

    def due(what: str, when: date) -> DueItem:
        return DueItem(record.code, spec.title, what, when, division_of(record))

    if spec.period is Period.MONTHLY:
        have = {d.month for d in record.documents if d.month is not None}
        for month in fy.months():
            when = month.last_day() + timedelta(days=1)  # counted once the month has ended
            if when > as_of and month not in have:
                return due(f"{spec.title} เดือน{format_month(month)}", when)
        return None
    if spec.period is Period.HALF_YEAR:
        _, end = fy.half_year()
        when = end + timedelta(days=1)
        if when <= as_of or any(d.date and end < d.date <= fy.end for d in record.documents):
            return None
        return due(f"{spec.title} รอบ 6 เดือน (1 ต.ค. – 31 มี.ค.)", when)
    if spec.period is Period.QUARTERLY:
        quarters = fy.quarters()
        for number, (q_start, q_end) in enumerate(quarters, start=1):
            when = q_end + timedelta(days=1)
            report_end = quarters[number][1] if number < 4 else fy.end + timedelta(days=92)
            if when > as_of and not any(d.date and q_start <= d.date <= report_end for d in record.documents):
                return due(f"{spec.title} ไตรมาสที่ {number}", when)
        return None
    return None  # one-off items: either in place or listed as failing


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
    due = [d for record in site.items.values() if (d := next_due(record, site, as_of)) is not None]
    due.sort(key=lambda d: (d.due, _order(site, d.code)))
    divisions = {code: division_of(record) for code, record in site.items.items()}
    return StatusReport(site, as_of, results, failing, due, divisions)


def _order(site: Site, code: str) -> int:
    return site.catalog.codes.index(code) if code in site.catalog.codes else len(site.catalog.codes)


def _deadline_line(report: StatusReport) -> str:
    site = report.site
    if site.deadline is None:
        return "ยังไม่ได้กำหนดวันครบกำหนด (deadline) — ใส่ด้วย oit deadline ปปปป-ดด-วว เมื่อ ป.ป.ช. ประกาศ"
    left = report.days_left
    assert left is not None
    when = format_date(site.deadline)
    if left > 0:
        return f"เหลืออีก {left} วัน ถึงวันครบกำหนด {when}"
    if left == 0:
        return f"วันนี้เป็นวันครบกำหนด ({when})"
    return f"เลยวันครบกำหนด {when} มาแล้ว {-left} วัน"


def render_status(report: StatusReport, console: Any, *, limit: int = 10, limit_failing: int = 20) -> None:
    """Draw the one-screen summary on a rich ``Console``."""
    from rich.cells import cell_len
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
        # Borderless, one or two lines per item, each cut at the screen edge rather than
        # wrapped, so that a whole year's list stays readable in an 80-column window.
        failing = sorted(report.failing, key=lambda r: (report.divisions[r.code] if report.grouped else "",
                                                        _order(site, r.code)))
        shown = failing[:limit_failing]
        table = Table(title="รายการที่ยังไม่ผ่าน", title_justify="left", box=None, pad_edge=False)
        if report.grouped:
            table.add_column("หน่วยงาน", no_wrap=True, style="bold",
                             width=max(cell_len(t) for t in ["หน่วยงาน", *(report.divisions[r.code] for r in shown)]))
        table.add_column("รหัส", no_wrap=True, width=max(cell_len(t) for t in ["รหัส", *(r.code for r in shown)]))
        table.add_column("สถานะ", no_wrap=True,
                         width=max(cell_len(t) for t in ["สถานะ", *(STATUS_TH[r.status] for r in shown)]))
        table.add_column("รายการ / สิ่งที่ต้องทำ", overflow="ellipsis")
        previous = None
        for result in shown:
            text = Text(site.items[result.code].spec.title, no_wrap=True, overflow="ellipsis")
            # Name the first missing element (which month…); "no documents" the status says.
            problems = [p.message for p in result.errors if p.kind != "no_documents"]
            if problems:
                more = f" (และอีก {len(problems) - 1} ข้อ)" if len(problems) > 1 else ""
                text.append(f"\n→ {problems[0]}{more}", style="yellow")
            status_style = "red" if result.status in ("missing", "broken") else "yellow"
            cells: list[Any] = [result.code, Text(STATUS_TH[result.status], style=status_style), text]
            if report.grouped:
                division = report.divisions[result.code]
                cells.insert(0, division if division != previous else "")
                previous = division
            table.add_row(*cells)
        console.print(table)
        if len(failing) > limit_failing:
            console.print(Text(f"และอีก {len(failing) - limit_failing} รายการ — ดูทั้งหมดด้วย "
                               f"{oit_command('check --offline', site.root)}"))
    else:
        console.print("[green]ทุกรายการผ่านการตรวจแบบออฟไลน์แล้ว[/green]")

    if report.due:
        shown_due = report.due[:limit]
        if report.grouped:
            by_division: dict[str, list[DueItem]] = defaultdict(list)
            for item in shown_due:
                by_division[item.division].append(item)
            shown_due = [i for items in by_division.values() for i in items]
        table = Table(title="ถึงกำหนดถัดไป", title_justify="left", box=None, pad_edge=False)
        if report.grouped:
            table.add_column("หน่วยงาน", no_wrap=True, style="bold",
                             width=max(cell_len(t) for t in ["หน่วยงาน", *(i.division for i in shown_due)]))
        table.add_column("รหัส", no_wrap=True, width=max(cell_len(t) for t in ["รหัส", *(i.code for i in shown_due)]))
        table.add_column("กำหนด", no_wrap=True)
        table.add_column("ต้องเผยแพร่", overflow="ellipsis")
        previous = None
        for item in shown_due:
            days = (item.due - as_of).days
            when = Text(f"{format_date(item.due, abbr=True)} (อีก {days} วัน)",
                        style="yellow" if days <= 14 else "")
            # The month or round first: it is what distinguishes this entry from the last one.
            what = item.what.removeprefix(item.title).strip() or item.title
            row: list[Any] = [item.code, when, Text(f"{what} — {item.title}", no_wrap=True, overflow="ellipsis")]
            if report.grouped:
                row.insert(0, item.division if item.division != previous else "")
                previous = item.division
            table.add_row(*row)
        console.print(table)
        if len(report.due) > limit:
            console.print(f"และอีก {len(report.due) - limit} รายการ")
    # Catalog warnings are long and the same every day: one line each, the rest counted.
    for warning in site.warnings[:2]:
        console.print(Text(f"คำเตือน: {warning}", style="dim"), no_wrap=True, overflow="ellipsis")
    if len(site.warnings) > 2:
        console.print(Text(f"และคำเตือนอีก {len(site.warnings) - 2} ข้อ — ดูทั้งหมดด้วย "
                           f"{oit_command('check --offline', site.root)}", style="dim"))
