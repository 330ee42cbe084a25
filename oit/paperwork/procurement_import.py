"""``oit import procurement``: one month's สขร.1 as a page, a PDF, and two records on its item.

Everything is read and checked first (the site, the month, every row of the file), the
PDF is rendered in memory, and only then is anything written: the page under
``content/procurement/``, then both documents recorded on the catalog's monthly
procurement item through ``oit add``'s own :func:`~oit.officer.intake.add_document`.
If the second record fails, indicators.yml goes back to its bytes and the page is
removed: a month is imported whole or not at all.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from oit.core.atomic import write_bytes_atomic, write_text_atomic
from oit.core.catalog import CatalogItem, Period
from oit.core.errors import InputError
from oit.core.fiscal_calendar import DateError, YearMonth, format_iso_be, format_month
from oit.core.indicators import CONFIG_NAME, Site, load_site
from oit.core.procurement_data import PROCUREMENT_DIR
from oit.officer.intake import AddRequest, add_document
from oit.pages.generate import md
from oit.paperwork.fonts import find_thai_font
from oit.paperwork.layout import NewPage, PaperDocument, Paragraph, Table, Title
from oit.paperwork.pdf_render import render_pdf
from oit.paperwork.procurement import COLUMNS, ProcurementRow, baht, read_procurement

PAGE_DIR = PROCUREMENT_DIR  # the pages and their data: oit.core.procurement_data
NONE_TEXT = "ไม่มีการจัดซื้อจัดจ้าง"


@dataclass
class ImportResult:
    code: str
    month: YearMonth
    rows: int
    page: str  # under content/
    pdf: str  # under content/


def monthly_item(site: Site) -> CatalogItem:
    """The catalog's monthly procurement item (o11 in ita-2569)."""
    for item in site.catalog.items:
        if item.period is Period.MONTHLY and "จัดซื้อจัดจ้าง" in item.title:
            return item
    raise InputError(CONFIG_NAME, None, f"เกณฑ์ {site.catalog.id} ไม่มีรายการสรุปผลการจัดซื้อจัดจ้างรายเดือน",
                     "ตรวจ assessment ใน indicators.yml")


def _month(site: Site, text: str) -> YearMonth:
    try:
        month = YearMonth.parse(text)
    except DateError as exc:
        raise InputError("--month", None, str(exc), "เขียนเดือนแบบ ปปปป-ดด (พ.ศ.) เช่น 2569-10") from None
    fy = site.fiscal_year
    if month not in fy.months():
        span = f"{format_month(fy.months()[0])} – {format_month(fy.months()[-1])}"
        raise InputError("--month", None, f"เดือน{format_month(month)} ไม่อยู่ใน{fy.label} ({span})",
                         "ตรวจปี พ.ศ. ของเดือน; เดือนของปีงบประมาณอื่นไม่นับในปีนี้")
    return month


def _paper(site: Site, month: YearMonth, rows: list[ProcurementRow]) -> PaperDocument:
    title = f"สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน{format_month(month, thai_digits=True)}"
    doc = PaperDocument(f"{title} {site.organization.name}")
    doc.add(NewPage(landscape=True), Title(title), Paragraph(site.organization.name + " (แบบ สขร.๑)", align="center"))
    if not rows:
        doc.add(Paragraph(NONE_TEXT, bold=True, align="center"))
        return doc
    doc.add(Table([c.title for c in COLUMNS],
                  [[baht(r.values[c.key]) if c.amount else r.values[c.key] for c in COLUMNS] for r in rows],
                  [1.1, 2.1, 1.6, 1.6, 1.3, 2.0, 2.0, 1.5, 1.9], size=14))
    return doc


def _page(site: Site, month: YearMonth, rows: list[ProcurementRow], pdf_link: str) -> str:
    title = f"สรุปผลการจัดซื้อจัดจ้าง เดือน{format_month(month)}"
    lines = [f"# {md(title)}", "", md(site.organization.name) + " (แบบ สขร.1)", ""]
    if not rows:
        lines += [f"**{NONE_TEXT}**", ""]
    else:
        lines += ["| " + " | ".join(md(c.title) for c in COLUMNS) + " |",
                  "|" + "---|" * len(COLUMNS)]
        for row in rows:
            cells = [baht(row.values[c.key]) if c.amount else row.values[c.key] for c in COLUMNS]
            lines.append("| " + " | ".join(md(cell) for cell in cells) + " |")
        lines.append("")
    lines += [f"[ฉบับ PDF]({pdf_link}) · [ข้อมูลเปิด (JSON)]({month}.json)", ""]
    return "\n".join(lines)


def _data(site: Site, code: str, month: YearMonth, rows: list[ProcurementRow]) -> str:
    """The month's rows as open data: amounts as numbers, the column keys of ``--column``."""
    amounts = {c.key for c in COLUMNS if c.amount}
    records = [{k: (float(v) if v else None) if k in amounts else v for k, v in r.values.items()} for r in rows]
    return json.dumps({"organization": site.organization.name, "item": code, "month": str(month),
                       "none": not rows, "rows": records}, ensure_ascii=False, indent=1) + "\n"


def import_procurement(root: Path, source: Path | None, month_text: str, *, none: bool,
                       mapping: dict[str, str], day: date) -> ImportResult:
    root = Path(root)
    site = load_site(root, as_of=day)
    item = monthly_item(site)
    month = _month(site, month_text)
    if none == (source is not None):
        raise InputError("FILE", None, "ระบุไฟล์ สขร.1 หรือ --none (เดือนที่ไม่มีการจัดซื้อจัดจ้าง) อย่างใดอย่างหนึ่ง",
                         "เช่น oit import procurement สขร1-ตุลาคม.csv --month 2569-10")
    rows = [] if source is None else read_procurement(source, mapping)
    if source is not None and not rows:
        raise InputError(str(source), None, "ไฟล์นี้ไม่มีรายการจัดซื้อจัดจ้าง",
                         f"ถ้าเดือนนี้ไม่มีการจัดซื้อจัดจ้าง ให้สั่ง oit import procurement --none --month {month}")
    page = f"{PAGE_DIR}/{month}.md"
    page_path = site.content_dir / page
    name = f"procurement-{month}.pdf"
    pdf_target = f"files/{site.fiscal_year.be_year}/{item.code}/{name}"
    for existing in (page, f"{PAGE_DIR}/{month}.json", pdf_target):
        if (site.content_dir / existing).exists():
            raise InputError(f"content/{existing}", None, f"นำเข้าเดือน{format_month(month)} ไว้แล้ว",
                             "ถ้าต้องการแก้ ให้แก้หน้านี้และเอกสารใน indicators.yml โดยตรง")
    pdf_bytes = render_pdf(_paper(site, month, rows), find_thai_font())
    title = f"สรุปผลการจัดซื้อจัดจ้าง เดือน{format_month(month)}" + (f" ({NONE_TEXT})" if none else "")
    note = NONE_TEXT if none else None
    original = site.config_path.read_bytes()
    data_path = page_path.with_suffix(".json")
    write_text_atomic(data_path, _data(site, item.code, month, rows))
    write_text_atomic(page_path, _page(site, month, rows, f"../{pdf_target}"))
    try:
        with tempfile.TemporaryDirectory(prefix="oit-procurement-") as folder:
            pdf_path = Path(folder) / name
            write_bytes_atomic(pdf_path, pdf_bytes)  # a private temporary file: add_document copies it in
            recorded = add_document(root, AddRequest(code=item.code, title=title, file=pdf_path, month=str(month),
                                                     date=format_iso_be(day), note=note), today=day)
        add_document(root, AddRequest(code=item.code, title=f"ตาราง{title}", page=page, month=str(month),
                                      date=format_iso_be(day), note=note), today=day)
    except BaseException:
        # the first record may be in: put indicators.yml back as it was, and the files away
        write_bytes_atomic(site.config_path, original)
        page_path.unlink(missing_ok=True)
        data_path.unlink(missing_ok=True)
        (site.content_dir / pdf_target).unlink(missing_ok=True)
        raise
    return ImportResult(item.code, month, len(rows), page, recorded.target)


__all__ = ["ImportResult", "import_procurement", "monthly_item"]
