"""The pre-publication checker: load the site, check every document and link, judge items.

``run_check`` is what ``oit check``, ``python -m site_checks`` and ``oit build`` call.
Stages, each feeding the next:

1. ``load_site`` validates indicators.yml (bad input raises ``InputErrors``; the CLI
   turns that into exit code 2).
2. Local files and pages are checked on disk (``documents.py``).
3. External ``url:`` documents are checked over the network (``links.py``) unless
   offline; one request per distinct URL, however many items publish it.
4. Each item's currency rule runs on its working documents (``rules.evaluate_item``).
5. Optionally, the built HTML's internal links and anchors are checked (``site_links.py``).
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from oit.checker.documents import FileCheck, check_documents
from oit.checker.report import DocumentEntry, IndicatorGroup, LinkEntry, Report
from oit.core.advice import oit_command
from oit.core.errors import InputError
from oit.core.indicators import CONTENT_DIR, Site, load_site
from oit.core.placeholders import PLACEHOLDER, find_placeholders, has_body
from oit.core.rules import DocKey, Problem, evaluate_item

if TYPE_CHECKING:
    from oit.checker.links import LinkResult

__all__ = ["CheckOptions", "placeholder_problems", "run_check"]

# Non-interactive progress: one line to stderr every this many links, so a CI log shows
# the run is alive without thousands of lines.
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class CheckOptions:
    """What to check and how: the site folder, the day, and network behaviour."""

    site: Path
    as_of: date | None = None
    offline: bool = False
    timeout: float = 10.0
    use_cache: bool = True
    cache_hours: float = 24.0  # how long a passing link result is trusted without asking again
    site_dir: Path | None = None
    interactive: bool = False
    # Called with (links done, links in all) as each external link is answered: the
    # officer's console shows it as a progress bar.
    on_link: Callable[[int, int], None] | None = None


def _external_urls(site: Site) -> dict[str, list[str]]:
    """Each distinct external URL with the item codes that publish it, in catalog order."""
    urls: dict[str, list[str]] = {}
    for code, record in site.items.items():
        for doc in record.documents:
            if doc.kind == "url":
                codes = urls.setdefault(doc.target, [])
                if code not in codes:
                    codes.append(code)
    return urls


def _titles_by_url(site: Site) -> dict[str, str]:
    titles: dict[str, str] = {}
    for record in site.items.values():
        for doc in record.documents:
            if doc.kind == "url":
                titles.setdefault(doc.target, doc.title)
    return titles


@contextmanager
def _progress(total: int, interactive: bool, stream: TextIO) -> Iterator[Callable[[Any], None]]:
    """A callback that reports each finished link: a rich bar on a terminal, plain lines otherwise."""
    if interactive:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("ตรวจลิงก์ภายนอก"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=Console(file=stream), transient=True) as bar:
            task = bar.add_task("links", total=total)
            yield lambda _result: bar.advance(task)
        return
    done = 0
    started = time.monotonic()

    def tick(_result: Any) -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0 or done == total:
            print(f"ตรวจลิงก์ภายนอกแล้ว {done}/{total} ({time.monotonic() - started:.1f} วินาที)",
                  file=stream, flush=True)

    yield tick


def _check_links(urls: list[str], options: CheckOptions, site: Site) -> dict[str, LinkResult]:
    from oit.checker.link_cache import DEFAULT_CACHE_DIR, DEFAULT_CACHE_FILE, LinkCache
    from oit.checker.links import LinkPolicy, check_links_sync

    cache = (
        LinkCache(site.root / DEFAULT_CACHE_DIR / DEFAULT_CACHE_FILE, max_age=options.cache_hours * 3600)
        if options.use_cache and options.cache_hours > 0
        else LinkCache.disabled()
    )
    with _progress(len(urls), options.interactive, sys.stderr) as progress:
        tick = progress
        if options.on_link is not None:
            report, done = options.on_link, 0

            def tick(result: Any) -> None:
                nonlocal done
                done += 1
                progress(result)
                report(done, len(urls))

        results = check_links_sync(urls, LinkPolicy(timeout=options.timeout), cache=cache, progress=tick)
    # The cache is an optimisation; a read-only site folder must not fail the check.
    with contextlib.suppress(OSError):
        cache.save()
    return results


def placeholder_problems(site: Site, problems: dict[DocKey, list[Problem]]) -> list[Problem]:
    """Sample text ``oit init`` left in the site's pages (``core.placeholders``), one problem a line,
    and pages an item publishes that hold nothing but headings.

    A page an item publishes fails that item (the assessor opens it); any other page under
    content/ is a finding of the site itself (citizens read it).
    """
    published = {doc.target for record in site.items.values() for doc in record.documents if doc.kind == "page"}
    loose: list[Problem] = []
    for path in sorted(site.content_dir.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # unreadable pages are the documents check's business
        rel = path.relative_to(site.content_dir).as_posix()
        if rel in published and not has_body(text):
            problems.setdefault(("page", rel), []).append(Problem(
                "empty_page", f"{CONTENT_DIR}/{rel}: หน้านี้มีแต่หัวเรื่อง ไม่มีเนื้อหา ผู้ประเมินเปิดแล้วไม่พบข้อมูล"
                              " — ใส่ข้อมูลที่ต้องเผยแพร่ในหน้านี้ แล้วตรวจอีกครั้ง", document=rel))
        for found in find_placeholders(text):
            where = f"ในช่อง '{found.label}' " if found.label else ""
            fill = found.label or "ข้อมูล"
            fill += " " if fill[-1].isascii() else ""  # "เพจ Facebook จริง", "โทรศัพท์จริง"
            problem = Problem("placeholder", f"{CONTENT_DIR}/{rel}:{found.line}: ยังเป็นข้อความตัวอย่าง {PLACEHOLDER}"
                                             f" {where}ที่ oit init เขียนไว้ — ใส่{fill}จริงของหน่วยงานแทน"
                                             " แล้วตรวจอีกครั้ง", document=rel)
            if rel in published:
                problems.setdefault(("page", rel), []).append(problem)
            else:
                loose.append(problem)
    return loose


def _offline_warning(results: dict[str, LinkResult], warnings: list[str]) -> bool:
    """Say once that the machine is offline when no host resolved (``links.machine_offline``)."""
    from oit.checker.links import machine_offline

    if not machine_offline(results.values()):
        return False
    hosts = sorted({urlsplit(url).hostname or url for url, r in results.items() if r.unresolved})
    shown = ", ".join(hosts[:5]) + (f" และอีก {len(hosts) - 5} ชื่อ" if len(hosts) > 5 else "")
    warnings.append(f"เครื่องนี้ไม่ได้ต่ออินเทอร์เน็ต (ค้นหาชื่อโดเมนไม่ได้เลยสักชื่อ: {shown}) จึงยังไม่ได้ตรวจลิงก์ภายนอก"
                    f" {len(results)} ลิงก์ และไม่นับว่าลิงก์เสีย — ต่ออินเทอร์เน็ตแล้วตรวจอีกครั้งก่อนส่ง;"
                    " ถ้าเครื่องต่ออินเทอร์เน็ตอยู่แล้ว ให้ตรวจว่าพิมพ์ชื่อโดเมนเหล่านี้ถูกต้อง")
    return True


def _link_problem(result: LinkResult, title: str) -> Problem | None:
    """How a link result counts against the document that publishes it."""
    code = f" (HTTP {result.http_status})" if result.http_status else ""
    detail = f": {result.message}" if result.message else ""
    if result.status in ("ok", "redirected"):
        return None
    if result.status == "blocked":
        return Problem("link_blocked", f"ลิงก์ '{title}' {result.url} ถูกระบบกันบอตของปลายทางปฏิเสธ{code}{detail} "
                                       "— เปิดตรวจด้วยเบราว์เซอร์เองอีกครั้ง", severity="warning",
                       document=title, url=result.url)
    if result.status == "timeout":
        return Problem("link_timeout", f"ลิงก์ '{title}' {result.url} ไม่ตอบสนองภายในเวลาที่กำหนด{detail}",
                       document=title, url=result.url)
    return Problem("broken_link", f"ลิงก์ '{title}' {result.url} เปิดไม่ได้{code}{detail}",
                   document=title, url=result.url)


def _document_entries(site: Site, files: dict[DocKey, FileCheck]) -> list[DocumentEntry]:
    codes: dict[DocKey, list[str]] = {}
    for code, record in site.items.items():
        for doc in record.documents:
            if doc.kind != "url":
                key = (doc.kind, doc.target)
                codes.setdefault(key, [])
                if code not in codes[key]:
                    codes[key].append(code)
    return [DocumentEntry(path=key[1], kind=key[0], size=check.size, pages=check.pages,
                          items=codes.get(key, []), ok=check.ok) for key, check in files.items()]


def run_check(options: CheckOptions) -> Report:
    """Check a site and return the report; raises ``InputErrors`` for bad indicators.yml."""
    if not (options.timeout > 0 and math.isfinite(options.timeout)):
        raise InputError("--timeout", None, f"เวลารอ {options.timeout} วินาทีใช้ไม่ได้",
                         "ใส่จำนวนวินาทีที่มากกว่า 0 เช่น --timeout 10")
    if not (options.cache_hours >= 0 and math.isfinite(options.cache_hours)):
        raise InputError("--cache-hours", None, f"จำนวนชั่วโมง {options.cache_hours} ใช้ไม่ได้",
                         "ใส่จำนวนชั่วโมงตั้งแต่ 0 ขึ้นไป เช่น --cache-hours 24 (0 = ตรวจใหม่ทุกครั้ง)")
    as_of = options.as_of or date.today()
    site = load_site(Path(options.site), as_of=as_of)
    warnings = list(site.warnings)

    doc_problems, files = check_documents(site)
    problems: dict[DocKey, list[Problem]] = {key: list(found) for key, found in doc_problems.items()}
    content_problems = placeholder_problems(site, problems)

    urls = _external_urls(site)
    titles = _titles_by_url(site)
    links: list[LinkEntry] = []
    offline = options.offline
    results = _check_links(list(urls), options, site) if urls and not offline else {}
    if results and _offline_warning(results, warnings):
        offline = True  # no host resolved: the machine is offline, not every link broken
    if urls and not offline:
        for url, codes in urls.items():
            result = results.get(url)
            if result is None:  # pragma: no cover - check_links_sync answers every URL
                links.append(LinkEntry(url, "not_checked", None, codes))
                continue
            links.append(LinkEntry(url, result.status, result.http_status, codes, result.message or "",
                                   result.final_url))
            problem = _link_problem(result, titles[url])
            if problem is not None:
                problems.setdefault(("url", url), []).append(problem)
    else:
        links = [LinkEntry(url, "not_checked", None, codes) for url, codes in urls.items()]
        if urls and options.offline:
            warnings.append(f"ตรวจแบบออฟไลน์: ไม่ได้ตรวจลิงก์ภายนอก {len(urls)} ลิงก์ "
                            "(รวมช่องทางติดต่อและบริการออนไลน์) — ตรวจอีกครั้งแบบออนไลน์ก่อนส่ง")

    fy = site.fiscal_year
    items = [evaluate_item(record, fy, as_of, problems) for record in site.items.values()]

    site_problems: list[Problem] = []
    if options.site_dir is not None:
        from oit.checker.site_links import check_site_links

        site_dir = Path(options.site_dir)
        if not site_dir.is_dir():
            raise InputError("--site-dir", None, f"ไม่พบโฟลเดอร์ {site_dir}",
                             f"สร้างเว็บไซต์ก่อนด้วย {oit_command('build', options.site)}"
                             " หรือระบุโฟลเดอร์ที่มีไฟล์ HTML")
        base_path = urlsplit(site.organization.site_url).path or "/"
        site_problems = check_site_links(site_dir, base_path=base_path)

    catalog = site.catalog
    return Report(
        organization=site.organization.name,
        assessment=catalog.id,
        fiscal_year=fy.be_year,
        as_of=as_of,
        deadline=site.deadline,
        items=items,
        links=links,
        site_problems=site_problems,
        warnings=warnings,
        indicators=[IndicatorGroup(ind.code, ind.title, [i.code for i in catalog.items_of(ind.code)])
                    for ind in catalog.indicators],
        documents=_document_entries(site, files),
        not_applicable={code: r.not_applicable for code, r in site.items.items() if r.not_applicable is not None},
        offline=offline,
        content_problems=content_problems,
        site_dir=str(options.site_dir) if options.site_dir is not None else None,
    )
