"""Generate the ITA pages (index, one per item, archive per fiscal year) as Markdown.

Plain Python with Jinja templates; no mkdocs import, so the same pages can be written
to disk (``oit generate --out DIR``) for any static-site engine, or handed to mkdocs as
virtual files by ``hooks/ita.py``.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import MutableMapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import jinja2

from oit.core.atomic import write_text_atomic
from oit.core.catalog import Period
from oit.core.fiscal_calendar import format_date, format_month
from oit.core.indicators import Document, ItemRecord, Site, load_archives
from oit.core.rules import ItemResult, evaluate_item

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


class DocumentRow(NamedTuple):
    """One table row of a document, every cell Markdown. A tuple: a large site makes
    tens of thousands of them per build."""

    link: str
    date: str
    month: str
    type: str
    size: str


def _file_path(content_dir: str, target: str) -> str:
    """``str(Path(content_dir) / target)`` (what ``Site.file_path`` gives), as a string.

    A generated page lists thousands of documents and building a ``Path`` for each costs
    more than the ``stat`` itself; a plain relative target joins the same way as a string.
    Anything pathlib would normalise (``./``, ``//``, a trailing slash) goes through it.
    """
    if (
        target
        and target != "."
        and not target.startswith(("/", "./"))
        and not target.endswith(("/", "/."))
        and "//" not in target
        and "/./" not in target
    ):
        return f"{content_dir}/{target}" if content_dir != "/" else f"/{target}"
    return str(Path(content_dir) / target)


def _suffix(path: str) -> str:
    """``Path(path).suffix`` for a normalised path string."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _relative(target: str, from_dir: str) -> str:
    """``posixpath.relpath(target, from_dir)`` without consulting the working directory.

    For two relative paths that stay below the working directory, relpath's answer does
    not depend on it, so the common prefix of the normalised parts is all it takes (no
    ``os.getcwd`` and ``abspath`` per link). Other paths are left to ``relpath``.
    """
    norm = posixpath.normpath(target) if target else ""
    if not norm or norm.startswith("/") or norm == ".." or norm.startswith("../"):
        return posixpath.relpath(target, from_dir)
    start = _folder_parts(from_dir)
    if start is None:
        return posixpath.relpath(target, from_dir)
    parts = [] if norm == "." else norm.split("/")
    common = 0
    for mine, theirs in zip(parts, start, strict=False):
        if mine != theirs:
            break
        common += 1
    rel = [".."] * (len(start) - common) + parts[common:]
    return "/".join(rel) if rel else "."


@lru_cache(maxsize=64)
def _folder_parts(from_dir: str) -> tuple[str, ...] | None:
    """The normalised parts of a page's folder for :func:`_relative`; None for a folder
    that climbs or is absolute. Kept: a build has a handful of page folders."""
    start = tuple(part for part in posixpath.normpath(from_dir).split("/") if part and part != ".")
    return None if ".." in start or from_dir.startswith("/") else start


class _Rows:
    """Table rows of documents for the pages of one ``generate_pages`` call.

    The current year's documents appear on their item page, in the index and on the
    archive page; what does not depend on the page (title, type, size, date) is made
    once per document, and the content folder's path once per site.
    """

    def __init__(self) -> None:
        self._content: dict[int, tuple[Site, str]] = {}
        self._cells: dict[tuple[int, str], tuple[Document, str, str, str, str, str]] = {}

    def _content_dir(self, site: Site) -> str:
        held = self._content.get(id(site))
        if held is None or held[0] is not site:
            held = self._content[id(site)] = (site, str(site.content_dir))
        return held[1]

    def row(self, site: Site, doc: Document, from_dir: str) -> DocumentRow:
        """A table row for one document, its link relative to the page in ``from_dir``."""
        content_dir = self._content_dir(site)
        key = (id(doc), content_dir)
        cells = self._cells.get(key)
        if cells is None or cells[0] is not doc:
            cells = self._cells[key] = (doc, *_cells(content_dir, doc))
        _, title, kind, size, day, month = cells
        if doc.kind == "url":
            link = f"[{title}]({_url_path(doc.target)})"
        else:
            rel = _relative(doc.target, from_dir) if from_dir else doc.target
            link = f"[{title}]({_url_path(rel)})"
        return DocumentRow(link=link, date=day, month=month, type=kind, size=size)


def _cells(content_dir: str, doc: Document) -> tuple[str, str, str, str, str]:
    """(title, type, size, date, month) of a document's row: what every page shows alike."""
    if doc.kind == "url":
        kind, size = "ลิงก์ภายนอก", "–"
    elif doc.kind == "page":
        kind, size = "หน้าเว็บ", "–"
    else:
        path = _file_path(content_dir, doc.target)
        kind = _file_kind(_suffix(path))
        if doc.size is not None:  # measured when the document was loaded
            size = human_size(doc.size)
        else:
            try:
                size = human_size(os.stat(path).st_size)
            except OSError:
                size = "–"
    return (
        md(doc.title),
        kind,
        size,
        format_date(doc.date, abbr=True) if doc.date else "–",
        format_month(doc.month) if doc.month else "–",
    )


@lru_cache(maxsize=256)
def _file_kind(suffix: str) -> str:
    """The type cell of a file with this suffix: "PDF", "XLSX", or "ไฟล์" without one."""
    return md(suffix.lstrip(".").upper()) or "ไฟล์"  # a file name is data too


def document_row(site: Site, doc: Document, from_dir: str) -> DocumentRow:
    """A table row for one document, its link relative to the page in ``from_dir``."""
    return _Rows().row(site, doc, from_dir)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The page templates' environment, made once per process.

    Jinja2 keeps each compiled template in the environment and, with ``auto_reload``
    (its default), compiles it again when its file changes, so ``mkdocs serve`` and
    tests see an edited template.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("oit.pages", "templates"),
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
    kept: MutableMapping[int, str] | None = None,
) -> dict[str, str]:
    """All generated pages as {path under docs dir: Markdown}.

    ``results`` (from :func:`evaluate_site`) may be passed in when the caller has them.
    ``kept`` holds, by fiscal year, archive pages made from ``archives`` alone: a year
    found there is not made again, and a year made is put there. A caller that keeps it
    must keep it with the archives it was made from (``oit.build.build_data`` does).
    """
    env = _environment()
    results = results if results is not None else evaluate_site(site, as_of)
    pages: dict[str, str] = {}
    rows_of = _Rows()
    item_tpl = env.get_template("item.md.j2")
    for code, record in site.items.items():
        rows = [rows_of.row(site, doc, ITA_DIR) for doc in _sorted_docs(record)]
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
            links = "<br>".join(rows_of.row(site, doc, ITA_DIR).link for doc in _sorted_docs(record)[:3])
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
    pages.update(_archive_pages(env, site, archives if archives is not None else load_archives(site), rows_of, kept))
    return pages


def _archive_pages(
    env: jinja2.Environment,
    site: Site,
    archives: list[Site],
    rows_of: _Rows | None = None,
    kept: MutableMapping[int, str] | None = None,
) -> dict[str, str]:
    """One page per fiscal year present in the current and archived indicators files.

    A year none of whose documents is in the current file depends on the archives alone
    (four of a five-year site's five pages): that page comes from ``kept`` when it has it.
    """
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
    rows_of = rows_of or _Rows()
    pages = {}
    template = env.get_template("archive.md.j2")
    for year, per_item in by_year.items():
        archived_only = year != site.fiscal_year.be_year and all(
            source is not site for entries in per_item.values() for source, _ in entries)
        if kept is not None and archived_only and year in kept:
            pages[f"{folder}/{year}.md"] = kept[year]
            continue
        sections: list[dict[str, Any]] = []
        for key, entries in per_item.items():
            code = key.split(":", 1)[1]
            entries.sort(key=lambda e: e[1].month or e[1].date or date.min, reverse=True)
            sections.append(
                {
                    "code": code,
                    "title": entries[0][0].items[code].spec.title,
                    "rows": [rows_of.row(src, doc, folder) for src, doc in entries],
                }
            )
        pages[f"{folder}/{year}.md"] = _tidy(template.render(year=year, sections=sections))
        if kept is not None and archived_only:
            kept[year] = pages[f"{folder}/{year}.md"]
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


