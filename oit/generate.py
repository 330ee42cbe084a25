"""Generate the ITA pages (index, one per item, archive per fiscal year) as Markdown.

Plain Python with Jinja templates; no mkdocs import, so the same pages can be written
to disk (``oit generate --out DIR``) for any static-site engine, or handed to mkdocs as
virtual files by ``hooks/ita.py``.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from oit.atomic import write_text_atomic
from oit.catalog import Period
from oit.fiscal_calendar import format_date, format_month
from oit.indicators import Document, ItemRecord, Site, load_archives
from site_checks.rules import ItemResult, evaluate_item

ITA_DIR = "ita"

STATUS_TH = {
    "ok": "ครบถ้วน",
    "missing": "ยังไม่มีข้อมูล",
    "outdated": "ไม่เป็นปัจจุบัน",
    "incomplete": "ยังไม่ครบ",
    "broken": "ลิงก์หรือไฟล์เสีย",
    "not_applicable": "ไม่เกี่ยวข้อง",
}


def status_badge(status: str) -> str:
    """A status as coloured text; words, not emoji, so it reads without an emoji font."""
    return f'<span class="oit-status oit-status--{status}">{STATUS_TH[status]}</span>'


# { and } too: with attr_list enabled, "{: onclick=... }" at the end of a heading, a
# paragraph or a table cell would become an attribute of that element.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#~])")


def md(text: object) -> str:
    """Escape text for a Markdown table cell: HTML first, then Markdown punctuation."""
    escaped = html.escape(str(text), quote=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    return " ".join(escaped.split())  # a newline would end the table row


def yaml_str(text: object) -> str:
    """Text safe inside a double-quoted YAML front-matter ``title``.

    HTML-escaped as well: Material prints ``page.meta.title`` into ``<title>`` unescaped,
    where ``</title><script>`` would otherwise end the title and start a script.
    """
    escaped = html.escape(str(text), quote=False)
    return " ".join(escaped.replace("\\", "\\\\").replace('"', '\\"').split())


def human_size(size: int) -> str:
    """File size the way a citizen reads it: 2.1 KB, 3.4 MB."""
    value = float(size)
    for unit in ("ไบต์", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "ไบต์" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} ไบต์"  # pragma: no cover


def _url_path(path: str) -> str:
    # Keep the path readable where it is safe, percent-encode what breaks a Markdown link.
    return quote(path, safe="/:?#=&%@!$*+,;~.-_")


@dataclass(frozen=True)
class DocumentRow:
    link: str
    date: str
    month: str
    type: str
    size: str


def document_row(site: Site, doc: Document, from_dir: str) -> DocumentRow:
    """A table row for one document, its link relative to the page in ``from_dir``."""
    title = md(doc.title)
    if doc.kind == "url":
        link = f"[{title}]({_url_path(doc.target)})"
        kind, size = "ลิงก์ภายนอก", "–"
    else:
        rel = posixpath.relpath(doc.target, from_dir) if from_dir else doc.target
        link = f"[{title}]({_url_path(rel)})"
        path = site.file_path(doc)
        if doc.kind == "page":
            kind, size = "หน้าเว็บ", "–"
        else:
            kind = md(path.suffix.lstrip(".").upper()) or "ไฟล์"  # a file name is data too
            try:
                size = human_size(path.stat().st_size)
            except OSError:
                size = "–"
    return DocumentRow(
        link=link,
        date=format_date(doc.date, abbr=True) if doc.date else "–",
        month=format_month(doc.month) if doc.month else "–",
        type=kind,
        size=size,
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("oit", "templates"),
        autoescape=False,  # Markdown output: every value goes through the md filter
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md
    env.filters["yaml_str"] = yaml_str
    env.globals["status_badge"] = lambda result: f"**สถานะ:** {status_badge(result.status)}"
    return env


def _tidy(text: str) -> str:
    """Collapse the blank lines that template conditionals leave behind."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def evaluate_site(site: Site, as_of: date) -> dict[str, ItemResult]:
    """Offline status of every item (no link checks), as shown on the public pages."""
    return {code: evaluate_item(record, site.fiscal_year, as_of) for code, record in site.items.items()}


def _sorted_docs(record: ItemRecord) -> list[Document]:
    # Newest first: a citizen looks for the current document.
    return sorted(record.documents, key=lambda d: (d.month or d.date or date.min, d.title), reverse=True)


def generate_pages(
    site: Site,
    as_of: date,
    archives: list[Site] | None = None,
    results: dict[str, ItemResult] | None = None,
) -> dict[str, str]:
    """All generated pages as {path under docs dir: Markdown}.

    ``results`` (from :func:`evaluate_site`) may be passed in when the caller has them.
    """
    env = _environment()
    results = results if results is not None else evaluate_site(site, as_of)
    pages: dict[str, str] = {}
    item_tpl = env.get_template("item.md.j2")
    for code, record in site.items.items():
        rows = [document_row(site, doc, ITA_DIR) for doc in _sorted_docs(record)]
        pages[f"{ITA_DIR}/{code}.md"] = _tidy(
            item_tpl.render(
                item=record,
                result=results[code],
                rows=rows,
                fy=site.fiscal_year,
                indicator=site.catalog.indicator(record.spec.indicator),
                monthly=record.spec.period is Period.MONTHLY,
            )
        )

    groups = []
    for indicator in site.catalog.indicators:
        group_rows = []
        for spec in site.catalog.items_of(indicator.code):
            record = site.items[spec.code]
            links = "<br>".join(document_row(site, doc, ITA_DIR).link for doc in _sorted_docs(record)[:3])
            more = len(record.documents) - 3
            if more > 0:
                links += f"<br>[และอีก {more} รายการ]({spec.code}.md)"
            if record.not_applicable:
                links = md(record.not_applicable)
            group_rows.append(
                {
                    "code": spec.code,
                    "title": spec.title,
                    "status": status_badge(results[spec.code].status),
                    "links": links or "–",
                }
            )
        if group_rows:
            groups.append({"indicator": indicator, "rows": group_rows})
    passing = sum(1 for r in results.values() if r.passes)
    pages[f"{ITA_DIR}/index.md"] = _tidy(
        env.get_template("index.md.j2").render(
            fy=site.fiscal_year,
            organization=site.organization,
            catalog=site.catalog,
            groups=groups,
            passing=passing,
            total=len(results),
            as_of_th=format_date(as_of),
        )
    )
    pages.update(_archive_pages(env, site, archives if archives is not None else load_archives(site)))
    return pages


def _archive_pages(env: jinja2.Environment, site: Site, archives: list[Site]) -> dict[str, str]:
    """One page per fiscal year present in the current and archived indicators files."""
    by_year: dict[int, dict[str, list[tuple[Site, Document]]]] = defaultdict(lambda: defaultdict(list))
    titles: dict[str, str] = {}
    for source in [*archives, site]:
        for code, record in source.items.items():
            titles.setdefault(code, record.spec.title)
            for doc in record.documents:
                fy = doc.fiscal_year or source.fiscal_year
                by_year[fy.be_year][f"{source.catalog.id}:{code}"].append((source, doc))
    by_year.setdefault(site.fiscal_year.be_year, defaultdict(list))
    folder = f"{ITA_DIR}/archive"
    pages = {}
    template = env.get_template("archive.md.j2")
    for year, per_item in by_year.items():
        sections: list[dict[str, Any]] = []
        for key, entries in per_item.items():
            code = key.split(":", 1)[1]
            entries.sort(key=lambda e: e[1].month or e[1].date or date.min, reverse=True)
            sections.append(
                {
                    "code": code,
                    "title": entries[0][0].items[code].spec.title,
                    "rows": [document_row(src, doc, folder) for src, doc in entries],
                }
            )
        pages[f"{folder}/{year}.md"] = _tidy(template.render(year=year, sections=sections))
    pages[f"{folder}/index.md"] = _tidy(
        env.get_template("archive-index.md.j2").render(years=sorted(by_year, reverse=True))
    )
    return pages


def write_pages(pages: dict[str, str], out: Path) -> list[Path]:
    """Write generated pages under ``out`` (for ``oit generate``); returns the paths."""
    written = []
    for rel, text in sorted(pages.items()):
        target = out / rel
        write_text_atomic(target, text)  # an interrupted run never leaves a half-written page
        written.append(target)
    return written


