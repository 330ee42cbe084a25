"""Small disclosure sites built in a temporary folder, for tests of the checker and friends.

``write_site`` writes an ``indicators.yml`` and any content files; ``passing_items``
gives every item of a catalog a document that passes on ``AS_OF``, so a test can start
from a green site and break exactly one thing. ``record``/``doc`` build the in-memory
model directly for rule tests that need no files at all. PDFs are made with pikepdf,
deterministically (no timestamps, no random /ID).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pikepdf
import yaml
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from oit.core.catalog import CatalogItem, Period, load_catalog
from oit.core.fiscal_calendar import FiscalYear, YearMonth
from oit.core.indicators import Document, ItemRecord

AS_OF = date(2027, 4, 30)  # BE 2570-04-30: end of the assessment window of FY 2570
AS_OF_BE = "2570-04-30"
FISCAL_YEAR = 2570
ORG_NAME = "องค์การบริหารส่วนตำบลทดสอบ"
SITE_URL = "https://www.test.go.th/"


# -- PDFs -------------------------------------------------------------------------------

def pdf_bytes(pages: int = 1, *, text: bool = True, label: str = "Test document") -> bytes:
    """A small valid PDF: ``pages`` pages with a Helvetica text layer, or image-only "scans"."""
    pdf = Pdf.new()
    for number in range(pages):
        if text:
            font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
            content = f"BT /F1 14 Tf 72 720 Td ({label} page {number + 1}) Tj ET".encode("ascii")
            resources = Dictionary(Font=Dictionary(F1=font))
        else:
            # A 2x2 grey image drawn over the page: what a scanner produces, no font at all.
            image = Stream(pdf, b"\x80\x40\x40\x80", Type=Name.XObject, Subtype=Name.Image,
                           Width=2, Height=2, ColorSpace=Name.DeviceGray, BitsPerComponent=8)
            content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
            resources = Dictionary(XObject=Dictionary(Im1=image))
        page = Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 612, 792]),
                          Resources=resources, Contents=Stream(pdf, content))
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out, static_id=True, deterministic_id=False)
    return out.getvalue()


def write_pdf(path: Path, pages: int = 1, *, text: bool = True) -> Path:
    """Write :func:`pdf_bytes` to ``path`` (parents created); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes(pages, text=text))
    return path


# -- whole sites on disk ----------------------------------------------------------------

def write_site(
    root: Path,
    items: Mapping[str, Any] | None = None,
    *,
    files: Mapping[str, bytes | str] | None = None,
    assessment: str = "ita-2569",
    fiscal_year: int | None = FISCAL_YEAR,
    deadline: str | None = AS_OF_BE,
    name: str = ORG_NAME,
    site_url: str = SITE_URL,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``root/indicators.yml`` and ``root/content/<files>``; returns ``root``.

    ``items`` is the ``items:`` mapping exactly as in indicators.yml (dates as BE
    strings). ``files`` maps paths under content/ to bytes or text. ``extra`` adds or
    replaces top-level keys (e.g. ``overrides``).
    """
    root.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {"organization": {"name": name, "site_url": site_url}, "assessment": assessment}
    if fiscal_year is not None:
        config["fiscal_year"] = fiscal_year
    if deadline is not None:
        config["deadline"] = deadline
    config["items"] = dict(items or {})
    config.update(extra or {})
    (root / "indicators.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    content = root / "content"
    content.mkdir(exist_ok=True)
    for rel, data in (files or {}).items():
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return root


def _be(d: date) -> str:
    return f"{d.year + 543:04d}-{d.month:02d}-{d.day:02d}"


def passing_items(
    assessment: str = "ita-2569", fiscal_year: int = FISCAL_YEAR, as_of: date = AS_OF,
) -> tuple[dict[str, Any], dict[str, bytes | str]]:
    """Items and files under which every item of ``assessment`` passes on ``as_of``.

    Every document is a local file (a one-page text PDF) or, for continuous items, a
    page, so the site passes offline. Returns ``(items, files)`` for :func:`write_site`.
    """
    catalog = load_catalog(assessment)
    fy = FiscalYear(fiscal_year)
    items: dict[str, Any] = {}
    files: dict[str, bytes | str] = {}
    pdf = pdf_bytes()
    in_fy = min(fy.start.replace(day=15), as_of)

    def add(title: str, target: str, **fields: str) -> dict[str, str]:
        entry = {"title": title, "file": target, **fields}
        files[target] = pdf
        return entry

    for spec in catalog.items:
        code, period = spec.code, spec.period
        docs: list[dict[str, str]] = []
        if period is Period.ANY:
            docs.append(add(f"เอกสาร {code}", f"files/{code}/{code}.pdf"))
        elif period is Period.CONTINUOUS:
            target = f"channels/{code}.md"
            files[target] = f"# ช่องทาง {code}\n\nโทร 0 2000 0000\n"
            docs.append({"title": f"ช่องทาง {code}", "page": target})
        elif period in (Period.FISCAL_YEAR, Period.PREVIOUS_FISCAL_YEAR):
            docs.append(add(f"เอกสาร {code} ปี {fiscal_year}", f"files/{code}/{code}.pdf", date=_be(in_fy)))
        elif period is Period.HALF_YEAR:
            _, end = fy.half_year()
            # Dated 1 April, the first day a report on the finished half-year can exist.
            docs.append(add(f"รายงานรอบ 6 เดือน {code}", f"files/{code}/half.pdf", date=_be(end + timedelta(days=1))))
        elif period is Period.MONTHLY:
            for ym in fy.elapsed_months(as_of):
                month = str(ym)
                when = ym.next().first_day().replace(day=5)
                docs.append(add(f"สรุปผล {code} {month}", f"files/{code}/{month}.pdf",
                                month=month, date=_be(min(when, as_of))))
        elif period is Period.QUARTERLY:
            for number, (_, q_end) in enumerate(fy.quarters(), start=1):
                if q_end < as_of:
                    when = min(YearMonth.of(q_end).next().first_day().replace(day=10), as_of)
                    docs.append(add(f"รายงานไตรมาส {number} {code}", f"files/{code}/q{number}.pdf",
                                    date=_be(when)))
        items[code] = {"documents": docs} if docs else None
    return items, files


def passing_site(root: Path, **kwargs: Any) -> Path:
    """A site where every ita-2569 item passes on :data:`AS_OF` (offline)."""
    items, files = passing_items()
    return write_site(root, items, files=files, **kwargs)


# -- in-memory model for rule tests -----------------------------------------------------

def spec(period: Period | str, code: str = "o99", title: str = "รายการทดสอบ") -> CatalogItem:
    """A catalog item with the given currency rule."""
    return CatalogItem(code=code, title=title, indicator="9", period=Period(period))


def doc(
    title: str = "เอกสาร",
    *,
    kind: str = "file",
    target: str | None = None,
    on: date | None = None,
    month: str | None = None,
    note: str | None = None,
) -> Document:
    """A resolved document; ``on`` is its (CE) date, ``month`` a BE ``YYYY-MM``."""
    if target is None:
        target = "https://example.invalid/x" if kind == "url" else f"files/{abs(hash((title, on, month)))}.pdf"
    return Document(title, kind, target, on, YearMonth.parse(month) if month else None,  # type: ignore[arg-type]
                    note, None, None)


def record(
    period: Period | str, *docs: Document, not_applicable: str | None = None, code: str = "o99",
) -> ItemRecord:
    """An item record with the given rule and documents."""
    return ItemRecord(code, spec(period, code), list(docs), not_applicable=not_applicable)
