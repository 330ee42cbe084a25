"""Currency rules: is an item's publication complete and current on a given day?

Scoring is all or nothing per item, so every rule names the exact missing element
(which month, which half-year report) instead of a score. Pure functions of the item,
the fiscal year and the day of the check; document health (missing files, dead links)
comes in from the checker as a mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from oit.core.catalog import Period
from oit.core.fiscal_calendar import FiscalYear, format_date, format_month
from oit.core.indicators import Document, ItemRecord

Status = Literal["ok", "missing", "outdated", "incomplete", "broken", "not_applicable"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One missing or wrong element of an item, in words the officer can act on."""

    kind: str
    message: str
    severity: Severity = "error"
    month: str | None = None
    document: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "message": self.message}
        if self.severity != "error":
            out["severity"] = self.severity
        for key in ("month", "document", "url"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass
class ItemResult:
    """The verdict on one item."""

    code: str
    title: str
    status: Status
    problems: list[Problem] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return self.status in ("ok", "not_applicable")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


DocKey = tuple[str, str]


def doc_key(doc: Document) -> DocKey:
    """How the checker refers to a document's health: (kind, target)."""
    return (doc.kind, doc.target)


def _in(d: date | None, start: date, end: date) -> bool:
    return d is not None and start <= d <= end


def _currency(record: ItemRecord, docs: list[Document], fy: FiscalYear, as_of: date) -> tuple[Status, list[Problem]]:
    """Apply the item's period rule to the given (working) documents."""
    period = record.spec.period
    if period in (Period.ANY, Period.CONTINUOUS):
        if docs:
            return "ok", []
        return "missing", [Problem("no_documents", "ยังไม่มีเอกสารหรือลิงก์สำหรับรายการนี้")]

    if period is Period.FISCAL_YEAR:
        if any(_in(d.date, fy.start, fy.end) for d in docs):
            return "ok", []
        return _stale(
            docs, f"ไม่มีเอกสารลงวันที่ใน{fy.label} ({format_date(fy.start, abbr=True)} – {format_date(fy.end, abbr=True)})"
        )

    if period is Period.PREVIOUS_FISCAL_YEAR:
        # A report on the year just ended can only be published after it ended.
        prev = fy.previous()
        if any(_in(d.date, fy.start, fy.end) for d in docs):
            return "ok", []
        return _stale(docs, f"ไม่มีรายงานผลของปีงบประมาณ {prev} ที่เผยแพร่ใน{fy.label}")

    if period is Period.HALF_YEAR:
        start, end = fy.half_year()
        if as_of <= end:
            return "ok", []  # not due until the half-year has ended
        if any(_in(d.date, end + timedelta(days=1), fy.end) for d in docs):
            return "ok", []
        return _stale(
            docs,
            f"ไม่มีรายงานรอบ 6 เดือน ({format_date(start, abbr=True)} – {format_date(end, abbr=True)}) ที่ลงวันที่หลัง 31 มีนาคม",
        )

    if period is Period.MONTHLY:
        due = fy.elapsed_months(as_of)
        have = {d.month for d in docs if d.month is not None}
        missing = [m for m in due if m not in have]
        if not missing:
            return "ok", []
        problems = [Problem("missing_month", f"ไม่มีรายงานประจำเดือน{format_month(m)}", month=str(m)) for m in missing]
        if not docs:
            return "missing", problems
        return "incomplete", problems

    if period is Period.QUARTERLY:
        quarters = fy.quarters()
        problems = []
        for number, (q_start, q_end) in enumerate(quarters, start=1):
            if q_end >= as_of:
                continue
            # A quarter's report is dated within the quarter or the quarter after it.
            report_end = quarters[number][1] if number < 4 else fy.end + timedelta(days=92)
            if not any(_in(d.date, q_start, report_end) for d in docs):
                problems.append(
                    Problem(
                        "missing_quarter",
                        f"ไม่มีรายงานไตรมาสที่ {number} ({format_date(q_start, abbr=True)} – "
                        f"{format_date(q_end, abbr=True)})",
                    )
                )
        if not problems:
            return "ok", []
        return ("incomplete" if docs else "missing"), problems
    raise AssertionError(f"unhandled period {period}")  # pragma: no cover


def _stale(docs: list[Document], message: str) -> tuple[Status, list[Problem]]:
    if not docs:
        return "missing", [Problem("no_documents", message)]
    return "outdated", [Problem("outdated", message)]


def evaluate_item(
    record: ItemRecord,
    fy: FiscalYear,
    as_of: date,
    doc_problems: Mapping[DocKey, list[Problem]] | None = None,
) -> ItemResult:
    """The status of one item on ``as_of``, with one problem per missing element.

    ``doc_problems`` holds what the checker found wrong with individual documents (an
    empty file, a dead link); documents with an error there do not count towards the
    period rule, and their problems are reported with the item.
    """
    title = record.spec.title
    if record.not_applicable is not None:
        return ItemResult(record.code, title, "not_applicable")
    doc_problems = doc_problems or {}
    health: list[Problem] = []
    working = []
    for doc in record.documents:
        found = doc_problems.get(doc_key(doc), [])
        health.extend(found)
        if not any(p.severity == "error" for p in found):
            working.append(doc)
    status, problems = _currency(record, working, fy, as_of)
    broken = any(p.severity == "error" for p in health)
    if broken:
        with_all, _ = _currency(record, record.documents, fy, as_of)
        if status == "ok" or with_all == "ok":
            status = "broken"
            # "No documents" would be wrong here: they exist, they are just broken, and the
            # health problems say how. Specific gaps (a month, a quarter) stay listed.
            problems = [p for p in problems if p.kind != "no_documents"]
    for doc in record.documents:
        if doc.date and doc.date > as_of:
            health.append(
                Problem(
                    "future_date",
                    f"เอกสาร '{doc.title}' ลงวันที่ {format_date(doc.date)} ซึ่งยังมาไม่ถึง",
                    severity="warning",
                    document=doc.title,
                )
            )
    return ItemResult(record.code, title, status, problems + health)
