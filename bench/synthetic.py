"""Synthetic disclosure sites for the benchmarks: N fiscal years × the catalog's items × M documents.

A synthetic site is a real, valid site: ``indicators.yml`` + ``content/`` with real
small PDFs (one page, a Helvetica text layer, made with pikepdf, byte-for-byte
deterministic) and Thai titles, plus the repository's own ``mkdocs.yml``, ``hooks/``,
``overrides/`` and sample pages, so it loads with ``oit.core.indicators.load_site``, passes
``oit check --offline --as-of 2570-04-30`` and builds with ``mkdocs build --strict``.

Two layouts:

* ``archive`` (default, what ``oit new-year`` leaves behind): the current fiscal year
  in ``indicators.yml``, every earlier year in ``archive/<FY>.yml`` (same format,
  loaded by ``oit.core.indicators.load_archives`` and published as the archive pages).
  ``oit check`` examines only the current year's documents.
* ``flat``: every year's documents in ``indicators.yml`` (an officer who never rolled
  the year over); ``oit check`` then examines all of them. With the defaults that is
  5 × 26 × 20 = 2,600 documents.

Run ``.venv/bin/python bench/synthetic.py OUT [--years 5] [--docs 20] [--layout archive]``.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from oit.core.catalog import CatalogItem, Period, load_catalog  # noqa: E402
from oit.core.fiscal_calendar import FiscalYear, YearMonth, format_iso_be, format_month  # noqa: E402

AS_OF = date(2027, 4, 30)  # BE 2570-04-30: the end of the FY 2570 assessment window
FISCAL_YEAR = 2570
ASSESSMENT = "ita-2569"
LAYOUTS = ("archive", "flat")
# What is taken from the repository so the synthetic site builds like the sample.
SITE_PARTS = ("mkdocs.yml", "hooks", "overrides", "content")
DIVISIONS = ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม", "กองสาธารณสุขและสิ่งแวดล้อม")
KINDS = ("ประกาศ", "รายงาน", "คำสั่ง", "บันทึกข้อความ", "สรุปผล")


@dataclass(frozen=True)
class SyntheticSite:
    """What :func:`make_site` wrote."""

    root: Path
    layout: str
    fiscal_years: list[int]  # oldest first; the last one is the current year
    documents: int  # every document, all years
    checked_documents: int  # documents in indicators.yml: what ``oit check`` examines
    pdf_bytes: int
    archives: list[Path] = field(default_factory=list)


def pdf_bytes(label: str) -> bytes:
    """A one-page PDF with ``label`` (ASCII) as its text layer; deterministic bytes."""
    pdf = Pdf.new()
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    text = label.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = (
        f"BT /F1 14 Tf 72 770 Td ({text}) Tj /F1 10 Tf 0 -20 Td "
        "(Synthetic document for the OIT site generator benchmarks.) Tj ET"
    )
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, 595, 842]),
        Resources=Dictionary(Font=Dictionary(F1=font)),
        Contents=Stream(pdf, content.encode("ascii")),
    )
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _document_dates(
    spec: CatalogItem, fy: FiscalYear, count: int, last: date
) -> list[tuple[date, YearMonth | None]]:
    """``count`` (date, month) pairs inside ``fy`` and not after ``last``, all passing the item's rule."""
    if spec.period is Period.MONTHLY:
        months = [m for m in fy.months() if m.last_day() <= last] or fy.months()[:1]
        pairs: list[tuple[date, YearMonth | None]] = []
        for k in range(count):
            month = months[k % len(months)]
            pairs.append((min(month.last_day(), last), month))
        return pairs
    start = fy.start
    if spec.period is Period.HALF_YEAR and last > fy.half_year()[1]:
        start = fy.half_year()[1] + timedelta(days=1)  # a report on the first half comes after it
    span = max((last - start).days, 0)
    return [(start + timedelta(days=(k * span) // max(count - 1, 1)), None) for k in range(count)]


def _year_documents(
    root: Path, fy: FiscalYear, docs_per_item: int, last: date, catalog_id: str
) -> tuple[dict[str, list[str]], int, int]:
    """Write one year's PDFs; returns ({code: YAML lines of its documents}, count, bytes)."""
    catalog = load_catalog(catalog_id)
    items: dict[str, list[str]] = {}
    count = size = 0
    for spec in catalog.items:
        lines: list[str] = []
        folder = root / "content" / "files" / str(fy.be_year) / spec.code
        folder.mkdir(parents=True, exist_ok=True)
        for k, (day, month) in enumerate(_document_dates(spec, fy, docs_per_item, last), start=1):
            name = f"{spec.code}-{fy.be_year}-{k:03d}.pdf"
            data = pdf_bytes(f"{spec.code} FY{fy.be_year} no. {k}")
            (folder / name).write_bytes(data)
            size += len(data)
            count += 1
            if month is not None:
                title = f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{format_month(month)} (ฉบับที่ {k})"
            else:
                title = f"{KINDS[k % len(KINDS)]}{spec.title} ฉบับที่ {k} {fy.label}"
            target = f"files/{fy.be_year}/{spec.code}/{name}"
            entry = f"      - {{title: {_q(title)}, file: {target}, date: {format_iso_be(day)}"
            if month is not None:
                entry += f", month: {month}"
            if k % 7 == 0:
                entry += f", division: {_q(DIVISIONS[k % len(DIVISIONS)])}"
            lines.append(entry + "}")
        items[spec.code] = lines
    return items, count, size


def _indicators_text(
    org: str, fiscal_year: int, catalog_id: str, items: dict[str, list[str]], site_url: str
) -> str:
    out = [
        "# Synthetic site for the benchmarks (bench/synthetic.py). Fictional data.",
        "organization:",
        f"  name: {_q(org)}",
        f"  site_url: {site_url}",
        "  contact:",
        f"    address: {_q('เลขที่ 1 หมู่ที่ 1 ตำบลสังเคราะห์ อำเภอทดสอบ จังหวัดตัวอย่าง 99999')}",
        "    phone: 0 4400 0000",
        "    email: saraban@synthetic.example.go.th",
        f"assessment: {catalog_id}",
        f"fiscal_year: {fiscal_year}",
        f"deadline: {fiscal_year}-04-30",
        "items:",
    ]
    for code, lines in items.items():
        out.append(f"  {code}:")
        out.append(f"    division: {_q(DIVISIONS[0])}")
        out.append("    documents:" if lines else "    documents: []")
        out.extend(lines)
    return "\n".join(out) + "\n"


def copy_site_parts(target: Path, repo: Path = ROOT) -> None:
    """Copy mkdocs.yml, hooks/, overrides/ and the sample's content/ into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = repo / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        else:
            shutil.copy2(source, target / part)


def make_site(
    root: Path,
    *,
    years: int = 5,
    docs_per_item: int = 20,
    fiscal_year: int = FISCAL_YEAR,
    as_of: date = AS_OF,
    assessment: str = ASSESSMENT,
    layout: str = "archive",
    name: str = "องค์การบริหารส่วนตำบลสังเคราะห์",
    site_url: str = "https://synthetic.example.go.th/",
) -> SyntheticSite:
    """Write a synthetic site of ``years`` fiscal years ending with ``fiscal_year`` into ``root``.

    Every item of the ``assessment`` catalog gets ``docs_per_item`` PDF documents per
    year, dated so that the current year passes on ``as_of`` (monthly items cycle through
    the months, so they pass when ``docs_per_item`` is at least the number of months
    elapsed: 6 on 2570-04-30). ``root`` must not exist or be empty.
    """
    if years < 1 or docs_per_item < 1:
        raise ValueError("years and docs_per_item must be at least 1")
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    copy_site_parts(root)
    current = FiscalYear(fiscal_year)
    fys = [FiscalYear(fiscal_year - years + 1 + i) for i in range(years)]
    per_year: dict[int, dict[str, list[str]]] = {}
    total = size = 0
    for fy in fys:
        last = min(fy.end, as_of)
        items, count, written = _year_documents(root, fy, docs_per_item, last, assessment)
        per_year[fy.be_year] = items
        total += count
        size += written
    archives: list[Path] = []
    if layout == "archive":
        (root / "archive").mkdir(exist_ok=True)
        for fy in fys[:-1]:
            path = root / "archive" / f"{fy.be_year}.yml"
            path.write_text(_indicators_text(name, fy.be_year, assessment, per_year[fy.be_year], site_url), "utf-8")
            archives.append(path)
        current_items = per_year[current.be_year]
        checked = total // years
    else:
        # Newest first within each item, as an officer appends at the top.
        current_items = {
            code: [line for fy in reversed(fys) for line in per_year[fy.be_year][code]]
            for code in per_year[current.be_year]
        }
        checked = total
    (root / "indicators.yml").write_text(
        _indicators_text(name, current.be_year, assessment, current_items, site_url), "utf-8"
    )
    return SyntheticSite(root, layout, [fy.be_year for fy in fys], total, checked, size, archives)


def main(argv: list[str] | None = None) -> int:
    """Command line: write one synthetic site and say what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to create (must not exist or be empty)")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--docs", type=int, default=20, help="documents per item per year")
    parser.add_argument("--layout", choices=LAYOUTS, default="archive")
    parser.add_argument("--fiscal-year", type=int, default=FISCAL_YEAR)
    args = parser.parse_args(argv)
    site = make_site(args.out, years=args.years, docs_per_item=args.docs, layout=args.layout,
                     fiscal_year=args.fiscal_year)
    print(
        f"{site.root}: fiscal years {site.fiscal_years[0]}–{site.fiscal_years[-1]} ({site.layout}), "
        f"{site.documents} documents ({site.pdf_bytes / 1e6:.1f} MB of PDF), "
        f"{site.checked_documents} examined by oit check"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
