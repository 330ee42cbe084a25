"""``oit export``: the sheet the officer copies into ITAS, one row per item.

Each row has the item's code and title, the absolute URL of its page on the site
(``<site_url>ita/<code>.html``: the site is built with ``use_directory_urls: false``),
the absolute URLs of its documents, its status (offline evaluation, as on the public
pages) and a short Thai explanation with the click path from the home page, which the
assessor can follow if a link is questioned.

The CSV and XLSX are read by the officer: Thai column headers, and beside each exact link
(percent-encoded, what the ITAS form needs) the same link as a person reads it, its Thai
path decoded (``ไฟล์/ประกาศ.pdf``, not ``%E0%B8%9B...``). The JSON keeps its English keys
(a contract: one row per item with its code and absolute URLs).

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
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from oit.core.atomic import write_bytes_atomic
from oit.core.errors import InputError, os_reason
from oit.core.indicators import Document, Site, load_site
from oit.core.rules import evaluate_item
from oit.core.urls import item_url as _item_url
from oit.core.urls import quote_path
from oit.pages.generate import ITA_DIR, STATUS_TH

FORMATS = ("csv", "xlsx", "json")
COLUMNS = ("code", "title", "url", "status", "status_th", "documents", "explanation")
"""The JSON keys of a row (``documents`` a list there)."""
SHEET_COLUMNS = (
    "รหัสข้อ",
    "ชื่อรายการ",
    "ลิงก์หน้ารายการ (กรอกใน ITAS)",
    "ลิงก์หน้ารายการ (อ่านง่าย)",
    "สถานะ",
    "ลิงก์เอกสาร (กรอกใน ITAS)",
    "ลิงก์เอกสาร (อ่านง่าย)",
    "หน่วยงานที่รับผิดชอบ",
    "คำอธิบายสำหรับผู้ประเมิน",
)
"""The CSV header and the first row of the XLSX sheet: what the officer reads."""
DOC_SHEET_COLUMNS = ("รหัสข้อ", "ชื่อเอกสาร", "ลิงก์ (กรอกใน ITAS)", "ลิงก์ (อ่านง่าย)", "ชนิด")
KIND_TH = {"file": "ไฟล์", "url": "ลิงก์ภายนอก", "page": "หน้าเว็บ"}
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


def readable_url(url: str) -> str:
    """The link as a person reads it: percent-escapes decoded (Thai path, spaces).

    Kept encoded when decoding would give an invisible or control character (a bidi
    override could make the shown link differ from where it goes) or bytes that are not
    UTF-8: the readable column must never mislead.
    """
    try:
        shown = unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url
    if any(unicodedata.category(ch).startswith("C") or (ch.isspace() and ch != " ") for ch in shown):
        return url
    return shown


def _sheet_values(row: ExportRow) -> list[str]:
    return [
        row.code,
        row.title,
        row.url,
        readable_url(row.url),
        row.status_th,
        "\n".join(d.url for d in row.documents),
        "\n".join(readable_url(d.url) for d in row.documents),
        row.division or "",
        row.explanation,
    ]


def _safe_cell(text: str) -> str:
    """A CSV cell a spreadsheet will show as text, never evaluate."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(rows: list[ExportRow]) -> bytes:
    """UTF-8 CSV with BOM, Thai headers; a cell holds all document URLs of an item, one per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SHEET_COLUMNS)
    for row in rows:
        writer.writerow([_safe_cell(v) for v in _sheet_values(row)])
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
    """An Excel/LibreOffice workbook: sheet ITAS (one row per item), sheet เอกสาร (one row per document)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    def text_cell(ws: Any, row: int, col: int, value: str, link: str | None = None) -> None:
        if not value:
            return  # an empty cell, not an empty string (which a spreadsheet reads back as a number cell)
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
    _header(sheet, SHEET_COLUMNS, text_cell)
    links = {3: lambda r: r.url, 4: lambda r: r.url}  # both link columns go to the exact URL
    for number, row in enumerate(rows, start=2):
        for col, value in enumerate(_sheet_values(row), start=1):
            text_cell(sheet, number, col, value, links[col](row) if col in links else None)
    _fit_columns(sheet)

    docs = book.create_sheet("เอกสาร")
    _header(docs, DOC_SHEET_COLUMNS, text_cell)
    line = 2
    for row in rows:
        for doc in row.documents:
            for col, value in enumerate((row.code, doc.title, doc.url, readable_url(doc.url),
                                         KIND_TH.get(doc.kind, doc.kind)), start=1):
                text_cell(docs, line, col, value, doc.url if col in (3, 4) else None)
            line += 1
    _fit_columns(docs)
    book.properties.title = f"ITAS {site.organization.name} {site.fiscal_year.label}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet: Any, names: tuple[str, ...], text_cell: Any) -> None:
    """Bold Thai headers, frozen (with the code column) so they stay on screen, with filters."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for col, name in enumerate(names, start=1):
        text_cell(sheet, 1, col, name)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}1"


def display_width(text: str) -> int:
    """Columns a line takes on screen: Thai vowel and tone marks above or below take none."""
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_MIN_WIDTH, _MAX_WIDTH = 8, 70


def _fit_columns(sheet: Any) -> None:
    """Each column as wide as its longest line (header included), within bounds; longer text wraps."""
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(sheet.iter_cols(min_row=1, max_row=sheet.max_row), start=1):
        widest = max((display_width(line) for cell in column if cell.value
                      for line in str(cell.value).splitlines()), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, _MIN_WIDTH), _MAX_WIDTH)


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
