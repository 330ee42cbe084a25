"""``oit export``: the sheet the officer copies into ITAS, one row per item.

Each row has the item's code and title, the absolute URL of its page on the site
(``<site_url>ita/<code>.html``: the site is built with ``use_directory_urls: false``),
the absolute URLs of its documents, its status (offline evaluation, as on the public
pages) and a short Thai explanation with the click path from the home page, which the
assessor can follow if a link is questioned.

Titles come from the officer's indicators.yml and are untrusted: CSV cells that a
spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a leading
apostrophe; XLSX cells are typed as text explicitly and links are real hyperlinks, never
``HYPERLINK()`` formulas; JSON is plain JSON. The CSV starts with a UTF-8 BOM so Excel
shows Thai. Every format is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from oit.core.atomic import write_bytes_atomic
from oit.core.errors import InputError, os_reason
from oit.core.indicators import Document, Site, load_site
from oit.core.rules import evaluate_item
from oit.core.urls import item_url as _item_url
from oit.core.urls import quote_path
from oit.pages.generate import ITA_DIR, STATUS_TH

FORMATS = ("csv", "xlsx", "json")
COLUMNS = ("code", "title", "url", "status", "status_th", "documents", "explanation")
HOME_LABEL = "หน้าแรก"
ITA_LABEL = "ข้อมูลสาธารณะ (ITA)"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class DocumentLink:
    """One document of an item, with its public URL."""

    title: str
    url: str
    kind: str


@dataclass
class ExportRow:
    """One item of the ITAS sheet."""

    code: str
    title: str
    url: str
    status: str
    status_th: str
    explanation: str
    division: str | None = None
    documents: list[DocumentLink] = field(default_factory=list)


def page_url(site_url: str, page: str) -> str:
    """Public URL of a Markdown page under content/ (``news/index.md`` -> ``.../news/index.html``)."""
    stem = page[:-3] if page.endswith(".md") else page
    folder, name = posixpath.split(stem)
    if name.lower() == "readme":  # mkdocs publishes README.md as the folder's index
        stem = posixpath.join(folder, "index")
    return site_url + quote_path(stem + ".html")


def document_url(site: Site, doc: Document) -> str:
    """Absolute public URL of a document: the link itself, or its place under site_url."""
    base = site.organization.site_url
    if doc.kind == "url":
        return doc.target.strip()
    if doc.kind == "page":
        return page_url(base, doc.target)
    return base + quote_path(doc.target.replace("\\", "/"))


def item_url(site: Site, code: str) -> str:
    """Absolute URL of the item's generated page."""
    return _item_url(site.organization.site_url, code)


def nav_labels(root: Path) -> tuple[str, str]:
    """The menu names of the home page and the ITA section, as the citizen sees them.

    Read from the site's mkdocs.yml ``nav:`` when it names them; otherwise the names the
    template uses.
    """
    home, ita = HOME_LABEL, ITA_LABEL
    path = root / "mkdocs.yml"
    try:
        from oit.officer.indicators_edit import round_trip_yaml

        nav = round_trip_yaml().load(path.read_text(encoding="utf-8")).get("nav") or []
    except Exception:  # no or unusual mkdocs.yml: the defaults are what the template builds
        return home, ita
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1:
            label, value = next(iter(entry.items()))
            if value == "index.md":
                home = str(label)
            elif value == f"{ITA_DIR}/index.md":
                ita = str(label)
    return home, ita


def export_rows(site: Site, as_of: date) -> list[ExportRow]:
    """The rows of the sheet in catalog order."""
    home, ita = nav_labels(site.root)
    rows = []
    for code in site.catalog.codes:
        record = site.items[code]
        result = evaluate_item(record, site.fiscal_year, as_of)
        path = f"{home} > {ita} > {code} {record.spec.title}"
        if record.not_applicable is not None:
            explanation = f"{path} — ไม่เกี่ยวข้องกับหน่วยงาน: {record.not_applicable}"
        elif record.documents:
            explanation = f"{path} — มีเอกสาร {len(record.documents)} รายการในหน้านี้"
        else:
            explanation = f"{path} — ยังไม่มีเอกสาร"
        problems = [p.message for p in result.errors]
        if problems:
            explanation += " — ยังขาด: " + "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
        rows.append(ExportRow(
            code=code, title=record.spec.title, url=item_url(site, code), status=result.status,
            status_th=STATUS_TH[result.status], explanation=explanation, division=record.division,
            documents=[DocumentLink(d.title, document_url(site, d), d.kind) for d in record.documents],
        ))
    return rows


def _safe_cell(text: str) -> str:
    """A CSV cell a spreadsheet will show as text, never evaluate."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(rows: list[ExportRow]) -> bytes:
    """UTF-8 CSV with BOM; a cell holds all document URLs of an item, one per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = [row.code, row.title, row.url, row.status, row.status_th,
                  "\n".join(d.url for d in row.documents), row.explanation]
        writer.writerow([_safe_cell(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_json(site: Site, rows: list[ExportRow], as_of: date) -> bytes:
    """The same rows as JSON, with the site's identity for whoever reads the file later."""
    data: dict[str, Any] = {
        "schema": 1,
        "organization": site.organization.name,
        "site_url": site.organization.site_url,
        "assessment": site.catalog.id,
        "fiscal_year": site.fiscal_year.be_year,
        "as_of": as_of.isoformat(),
        "items": [{**{k: v for k, v in asdict(row).items() if k != "documents"},
                   "documents": [asdict(d) for d in row.documents]} for row in rows],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_xlsx(site: Site, rows: list[ExportRow]) -> bytes:
    """An Excel/LibreOffice workbook: sheet ITAS (one row per item), sheet documents."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    def text_cell(ws: Any, row: int, col: int, value: str, link: str | None = None) -> None:
        cell = ws.cell(row=row, column=col)
        # Assign, then force the type: openpyxl would otherwise treat "=..." as a formula.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if link and link.startswith(("http://", "https://")):
            cell.hyperlink = link
            cell.font = Font(color="0563C1", underline="single")

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ITAS"
    for col, name in enumerate(COLUMNS, start=1):
        text_cell(sheet, 1, col, name)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        text_cell(sheet, number, 1, row.code)
        text_cell(sheet, number, 2, row.title)
        text_cell(sheet, number, 3, row.url, row.url)
        text_cell(sheet, number, 4, row.status)
        text_cell(sheet, number, 5, row.status_th)
        text_cell(sheet, number, 6, "\n".join(d.url for d in row.documents))
        text_cell(sheet, number, 7, row.explanation)
    for letter, width in zip("ABCDEFG", (8, 50, 45, 14, 16, 60, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    docs = book.create_sheet("documents")
    for col, name in enumerate(("code", "title", "url", "kind"), start=1):
        text_cell(docs, 1, col, name)
        docs.cell(row=1, column=col).font = Font(bold=True)
    line = 2
    for row in rows:
        for doc in row.documents:
            text_cell(docs, line, 1, row.code)
            text_cell(docs, line, 2, doc.title)
            text_cell(docs, line, 3, doc.url, doc.url)
            text_cell(docs, line, 4, doc.kind)
            line += 1
    for letter, width in zip("ABCD", (8, 60, 70, 8), strict=True):
        docs.column_dimensions[letter].width = width
    docs.freeze_panes = "A2"
    book.properties.title = f"ITAS {site.organization.name} {site.fiscal_year.label}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def default_output(site: Site, fmt: str) -> Path:
    """``itas-<FY>.<fmt>`` in the site folder (outside content/, so never published)."""
    return site.root / f"itas-{site.fiscal_year.be_year}.{fmt}"


def export(root: Path, fmt: str, output: Path | None = None, *, as_of: date | None = None) -> tuple[Path, int]:
    """Write the ITAS sheet; returns where and how many rows."""
    if fmt not in FORMATS:
        raise InputError("--format", None, f"ไม่รู้จักรูปแบบ '{fmt}'", "ใช้ csv, xlsx หรือ json")
    day = as_of or date.today()
    site = load_site(root, as_of=day)
    rows = export_rows(site, day)
    if fmt == "csv":
        data = render_csv(rows)
    elif fmt == "json":
        data = render_json(site, rows, day)
    else:
        data = render_xlsx(site, rows)
    target = Path(output) if output else default_output(site, fmt)
    if target.is_dir():
        raise InputError(str(target), None, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์", f"ระบุชื่อไฟล์ เช่น --output itas.{fmt}")
    try:
        write_bytes_atomic(target, data)
    except OSError as exc:
        raise InputError(str(target), None, f"เขียนไฟล์ไม่ได้ ({os_reason(exc)})", "ตรวจว่าโฟลเดอร์มีอยู่และเขียนได้") from None
    return target, len(rows)
