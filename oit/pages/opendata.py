"""The whole disclosure as open data: ``opendata/ita.json`` and ``opendata/ita.csv``.

One record per item (its status on the as-of day and its public page) with every
document: title, kind, absolute URL under ``site_url``, dates in CE ISO and BE, month,
file type and size. The CSV has one row per document (an item without documents still
gets one row), is UTF-8 with a BOM so Excel shows Thai, and neutralises spreadsheet
formulas: a cell starting with ``= + - @`` (or a tab / carriage return) gets a leading
apostrophe.

Pure Python: no mkdocs import.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections.abc import Callable, Mapping
from datetime import date
from itertools import repeat
from typing import Any

from oit.core.fiscal_calendar import format_iso_be
from oit.core.indicators import Document, Site
from oit.core.procurement_data import month_data_path, read_month_data
from oit.core.rules import ItemResult
from oit.core.urls import item_url, page_url
from oit.pages.generate import STATUS_TH

JSON_PATH = "opendata/ita.json"
CSV_PATH = "opendata/ita.csv"
PROCUREMENT_CSV_PATH = "opendata/procurement.csv"
SCHEMA_VERSION = 1

CSV_COLUMNS = [
    "code", "item_title", "indicator", "period", "status", "status_th", "item_url",
    "not_applicable", "document_title", "document_kind", "document_url", "date", "date_be",
    "month", "file_type", "size_bytes", "division", "note",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def document_url(site: Site, doc: Document) -> str:
    """The document's absolute public URL: external links as given, files and pages under site_url."""
    if doc.kind == "url":
        return doc.target
    return page_url(site.organization.site_url, doc.target)


def _status_words(status: str) -> str:
    """The Thai status without its emoji: "✅ ครบถ้วน" -> "ครบถ้วน"."""
    return re.sub(r"^[^\w]+", "", STATUS_TH[status]).strip()


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _be(d: date | None) -> str | None:
    return format_iso_be(d) if d else None


def _suffix(target: str) -> str:
    """``Path(target).suffix`` (POSIX): the last part's extension, no Path built."""
    parts = [part for part in target.split("/") if part and part != "."]
    name = parts[-1] if parts else ""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def document_record(site: Site, doc: Document, content_dir: str | None = None) -> dict[str, Any]:
    """One document as a JSON object (``content_dir``: ``str(site.content_dir)``, given
    by a caller that makes many records)."""
    file_type = size = None
    if doc.kind == "file":
        # site.file_path(doc) with str and os: pathlib costs more than the stat itself
        # over the thousands of documents of a large site
        file_type = _suffix(doc.target).lstrip(".").lower() or None
        size = doc.size  # measured when the document was loaded
        if size is None:
            try:
                size = os.stat(os.path.join(content_dir or str(site.content_dir), doc.target)).st_size
            except (OSError, ValueError):
                size = None
    elif doc.kind == "page":
        file_type = "html"
    return {
        "title": doc.title,
        "kind": doc.kind,
        "url": document_url(site, doc),
        "date": _iso(doc.date),
        "date_be": _be(doc.date),
        "month": str(doc.month) if doc.month else None,
        "file_type": file_type,
        "size_bytes": size,
        "division": doc.division,
        "note": doc.note,
    }


def disclosure(site: Site, as_of: date, results: Mapping[str, ItemResult]) -> dict[str, Any]:
    """The whole disclosure as one JSON-ready dict (dates CE ISO with a BE twin)."""
    items: list[dict[str, Any]] = []
    documents = 0
    content_dir = str(site.content_dir)
    for code, record in site.items.items():
        result = results[code]
        indicator = site.catalog.indicator(record.spec.indicator)
        items.append({
            "code": code,
            "title": record.spec.title,
            "indicator": {"code": indicator.code, "title": indicator.title},
            "period": record.spec.period.value,
            "status": result.status,
            "status_th": _status_words(result.status),
            "url": item_url(site.organization.site_url, code),
            "division": record.division,
            "not_applicable": record.not_applicable,
            "documents": [document_record(site, doc, content_dir) for doc in record.documents],
        })
        documents += len(record.documents)
    return {
        "schema": SCHEMA_VERSION,
        "organization": {"name": site.organization.name, "site_url": site.organization.site_url},
        "assessment": site.catalog.id,
        "assessment_title": site.catalog.title,
        "fiscal_year": site.fiscal_year.be_year,
        "fiscal_year_start": site.fiscal_year.start.isoformat(),
        "fiscal_year_end": site.fiscal_year.end.isoformat(),
        "as_of": as_of.isoformat(),
        "as_of_be": format_iso_be(as_of),
        "deadline": _iso(site.deadline),
        "deadline_be": _be(site.deadline),
        "summary": {
            "items": len(items),
            "passing": sum(1 for r in results.values() if r.passes),
            "documents": documents,
        },
        "items": items,
        **({"procurement": procurement} if (procurement := procurement_months(site)) else {}),
    }


def procurement_months(site: Site) -> list[dict[str, Any]]:
    """The monthly procurement summaries (สขร.1) the site publishes, with their rows.

    Those of ``oit import procurement``: a page ``procurement/<month>.md`` recorded on an
    item, with its data file beside it; oldest month first. A data file that no recorded
    page names is not published.
    """
    found: dict[str, dict[str, Any]] = {}
    for code, record in site.items.items():
        for doc in record.documents:
            data_path = month_data_path(doc.target) if doc.kind == "page" else None
            data = read_month_data(site.content_dir / data_path) if data_path else None
            if data is not None:
                found[data["month"]] = {"month": data["month"], "item": code, "none": bool(data.get("none")),
                                        "page_url": document_url(site, doc), "rows": data["rows"]}
    return [found[month] for month in sorted(found)]


def procurement_csv(months: list[dict[str, Any]]) -> str:
    """The rows of every month as one CSV (BOM, CRLF, formulas neutralised), ``month`` first.

    The columns are the rows' own keys in the order met (the สขร.1 columns of the import,
    ``oit import procurement --column``); a month with nothing bought is one row saying so.
    """
    keys: dict[str, None] = {}
    for month in months:
        for row in month["rows"]:
            keys.update(dict.fromkeys(row))
    keys = keys or {"work": None}
    nothing = "work" if "work" in keys else next(iter(keys))  # where "nothing bought" is said
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["month", "item", *keys])
    for month in months:
        for row in month["rows"] or [{nothing: "ไม่มีการจัดซื้อจัดจ้าง"}]:
            writer.writerow([month["month"], month["item"],
                             *(safe_cell("" if row.get(key) is None else row.get(key)) for key in keys)])
    return out.getvalue()


def disclosure_json(data: Mapping[str, Any]) -> str:
    """The JSON text: UTF-8 Thai kept readable, stable key order, newline at the end.

    The text of ``json.dumps(data, ensure_ascii=False, indent=2)``, made faster: with
    ``indent`` the json module encodes in Python, value by value. Here the json module's
    C encoder encodes each array or object of plain values, and each array of such
    objects (an item's documents, most of the file), in one call, with the line break
    and indentation of their depth as its item separator.
    """
    return _indented(data, 0) + "\n"


@functools.cache
def _flat_encoder(depth: int) -> Callable[[Any], str]:
    """The C encoder with the item separator of ``indent=2`` for items at ``depth``."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + "  " * depth, ": ")).encode


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
_PLAIN = json.JSONEncoder(ensure_ascii=False).encode  # one plain value, in C


def _all_plain(values: Any) -> bool:
    """Every value a string, number, boolean or null (exact types: no subclass)."""
    return _PLAIN_TYPES.issuperset(map(type, values))


def _is_plain_object(value: Any) -> bool:
    """A non-empty object of plain values with string keys."""
    return type(value) is dict and bool(value) and _all_plain(value) and _all_plain(value.values())


def _indented(value: Any, depth: int) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` for a value ``depth`` levels in."""
    if isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
        items: Any = value.values()
        opening, closing = "{", "}"
    elif isinstance(value, list | tuple) and value:
        items = value
        opening, closing = "[", "]"
    else:  # a plain value, an empty array or object, an object with other keys
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    inner = "  " * (depth + 1)
    if _all_plain(items):
        body = _flat_encoder(depth + 1)(value)[1:-1]
    elif opening == "[" and all(map(_is_plain_object, items)):
        # '[{a,SEP b}SEP{c}]' with SEP the separator of depth + 2. SEP holds a raw line
        # break, which no JSON string does, so "}" SEP "{" is only ever between objects.
        separator = ",\n" + "  " * (depth + 2)
        object_open, object_close = "{\n" + "  " * (depth + 2), "\n" + inner + "}"
        text = _flat_encoder(depth + 2)(value)[2:-2]
        body = object_open + text.replace("}" + separator + "{", object_close + ",\n" + inner + object_open) \
            + object_close
    elif opening == "{":
        body = (",\n" + inner).join(
            f"{_PLAIN(key)}: {_PLAIN(item) if type(item) in _PLAIN_TYPES else _indented(item, depth + 1)}"
            for key, item in value.items())
    else:
        body = (",\n" + inner).join(_PLAIN(item) if type(item) in _PLAIN_TYPES else _indented(item, depth + 1)
                                    for item in value)
    return f"{opening}\n{inner}{body}\n{'  ' * depth}{closing}"


def disclosure_csv(data: Mapping[str, Any]) -> str:
    """The CSV text, BOM first, CRLF rows, one row per document."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in data["items"]:
        head = [safe_cell(v) for v in (
            item["code"], item["title"], f'{item["indicator"]["code"]} {item["indicator"]["title"]}',
            item["period"], item["status"], item["status_th"], item["url"], item["not_applicable"])]
        docs = item["documents"] or [None]
        for doc in docs:
            tail = [None] * 10 if doc is None else [
                doc["title"], doc["kind"], doc["url"], doc["date"], doc["date_be"], doc["month"],
                doc["file_type"], doc["size_bytes"], doc["division"] or item["division"], doc["note"],
            ]
            cells = ["" if v is None else str(v) for v in tail]
            if any(map(str.startswith, cells, repeat(_FORMULA_START))):  # rare: test the row at once
                cells = [safe_cell(cell) for cell in cells]
            writer.writerow(head + cells)  # the item's cells made once
    return out.getvalue()


def opendata_files(site: Site, as_of: date, results: Mapping[str, ItemResult]) -> dict[str, str]:
    """``{"opendata/ita.json": ..., "opendata/ita.csv": ...}``."""
    data = disclosure(site, as_of, results)
    files = {JSON_PATH: disclosure_json(data), CSV_PATH: disclosure_csv(data)}
    if data.get("procurement"):
        files[PROCUREMENT_CSV_PATH] = procurement_csv(data["procurement"])
    return files


__all__ = [
    "CSV_COLUMNS",
    "CSV_PATH",
    "JSON_PATH",
    "PROCUREMENT_CSV_PATH",
    "disclosure",
    "disclosure_csv",
    "disclosure_json",
    "document_url",
    "opendata_files",
    "procurement_csv",
    "procurement_months",
    "safe_cell",
]
