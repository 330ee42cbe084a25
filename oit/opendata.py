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
import io
import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from oit.fiscal_calendar import format_iso_be
from oit.generate import STATUS_TH
from oit.indicators import Document, Site
from oit.qrcodes import item_url, page_url
from site_checks.rules import ItemResult

JSON_PATH = "opendata/ita.json"
CSV_PATH = "opendata/ita.csv"
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


def document_record(site: Site, doc: Document) -> dict[str, Any]:
    """One document as a JSON object."""
    file_type = size = None
    if doc.kind == "file":
        path = site.file_path(doc)
        file_type = path.suffix.lstrip(".").lower() or None
        try:
            size = path.stat().st_size
        except OSError:
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
            "url": item_url(site, code),
            "division": record.division,
            "not_applicable": record.not_applicable,
            "documents": [document_record(site, doc) for doc in record.documents],
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
    }


def disclosure_json(data: Mapping[str, Any]) -> str:
    """The JSON text: UTF-8 Thai kept readable, stable key order, newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def disclosure_csv(data: Mapping[str, Any]) -> str:
    """The CSV text, BOM first, CRLF rows, one row per document."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in data["items"]:
        head = [item["code"], item["title"], f'{item["indicator"]["code"]} {item["indicator"]["title"]}',
                item["period"], item["status"], item["status_th"], item["url"], item["not_applicable"]]
        docs = item["documents"] or [None]
        for doc in docs:
            tail = [None] * 10 if doc is None else [
                doc["title"], doc["kind"], doc["url"], doc["date"], doc["date_be"], doc["month"],
                doc["file_type"], doc["size_bytes"], doc["division"] or item["division"], doc["note"],
            ]
            writer.writerow([safe_cell(v) for v in head + tail])
    return out.getvalue()


def opendata_files(site: Site, as_of: date, results: Mapping[str, ItemResult]) -> dict[str, str]:
    """``{"opendata/ita.json": ..., "opendata/ita.csv": ...}``."""
    data = disclosure(site, as_of, results)
    return {JSON_PATH: disclosure_json(data), CSV_PATH: disclosure_csv(data)}


__all__ = [
    "CSV_COLUMNS",
    "CSV_PATH",
    "JSON_PATH",
    "disclosure",
    "disclosure_csv",
    "disclosure_json",
    "document_url",
    "opendata_files",
    "safe_cell",
]
