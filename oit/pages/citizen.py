"""Everything the citizen's site adds to the ITA pages, as ``{path: text}``.

The dashboard, the survey invitation, the item QR codes, the news feed, the open data
files and robots.txt. ``hooks/citizen.py`` hands them to mkdocs as virtual files, and
``oit generate --out DIR`` writes them to disk (``with_citizen_pages``), so any static
site engine can publish them. Pure Python: no mkdocs import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urljoin

from oit.core.indicators import Site
from oit.core.rules import ItemResult
from oit.pages.dashboard import DASHBOARD_PAGE, dashboard_markdown
from oit.pages.feeds import FEED_PATH, feed_files
from oit.pages.generate import evaluate_site
from oit.pages.opendata import opendata_files
from oit.pages.qrcodes import (
    PLAIN_PATH,
    SURVEYS_PAGE,
    add_item_qr_sections,
    item_qr_files,
    join_url,
    surveys_markdown,
)

ROBOTS_PATH = "robots.txt"
DASHBOARD_NAV_TITLE = "ภาพรวมการเปิดเผยข้อมูล"
SURVEYS_NAV_TITLE = "ร่วมตอบแบบสำรวจ ITA"


def robots_txt(site: Site) -> str:
    """Allow every crawler; point them at the sitemap under ``site_url``."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.organization.site_url}sitemap.xml\n"


def citizen_files(
    site: Site, as_of: date, results: Mapping[str, ItemResult] | None = None,
) -> dict[str, str]:
    """The generated pages and files, ``{path under content/: text}``.

    A path the officer already has under ``content/`` (say their own robots.txt) is left
    out, so their file wins.
    """
    results = results if results is not None else evaluate_site(site, as_of)
    feed = feed_files(site)
    files: dict[str, str] = {DASHBOARD_PAGE: dashboard_markdown(site, as_of, results, has_feed=bool(feed))}
    surveys = surveys_markdown(site)
    if surveys is not None:
        files[SURVEYS_PAGE] = surveys
    files.update(item_qr_files(site))
    files.update(feed)
    files.update(opendata_files(site, as_of, results))
    files[ROBOTS_PATH] = robots_txt(site)
    return {path: text for path, text in files.items() if not (site.content_dir / path).exists()}


def with_citizen_pages(site: Site, as_of: date, pages: Mapping[str, str]) -> dict[str, str]:
    """The ITA pages from ``generate_pages`` plus everything above, for ``oit generate``.

    Item pages get their QR code section appended, as the mkdocs hook does.
    """
    out = add_item_qr_sections(site, dict(pages))
    out.update(citizen_files(site, as_of))
    return out


def has_feed(site: Site) -> bool:
    """Whether the site publishes ``feed.xml`` (it has news posts)."""
    return FEED_PATH in feed_files(site)


def add_citizen_nav(nav: list[Any] | None, site: Site, after: str = "ita/index.md") -> list[Any] | None:
    """Insert the dashboard (and the survey page, when there is one) into an explicit nav.

    They go right after the top-level entry that leads to the ITA pages, or at the end.
    A nav that already names them is left as it is; no nav (automatic) stays None.
    """
    if nav is None:
        return None
    mentioned = repr(nav)
    extra: list[Any] = []
    if DASHBOARD_PAGE not in mentioned:
        extra.append({DASHBOARD_NAV_TITLE: DASHBOARD_PAGE})
    if site.surveys and SURVEYS_PAGE not in mentioned:
        extra.append({SURVEYS_NAV_TITLE: SURVEYS_PAGE})
    if not extra:
        return nav
    position = len(nav)
    for index, entry in enumerate(nav):
        if after in repr(entry):
            position = index + 1
            break
    return [*nav[:position], *extra, *nav[position:]]


# A link without data-url yet. The look-ahead tries "data-url=" only where a "d" is, so
# it does not backtrack over every attribute of every link (a third of the scan).
_A_HREF = re.compile(r'<a\s(?!(?:[^>d]++|d)*?\bdata-url=)([^>]*?)\bhref="([^"#][^"]*)"')


def add_print_urls(content_html: str, page_url: str) -> str:
    """Give every link in a page's content a ``data-url`` with its absolute address.

    print.css prints it after links in tables and lists, so a paper copy says where each
    document is, in full (``https://…/files/…pdf``) rather than as a relative path.
    """
    # A page links many files of the same folder: each folder is joined once. (Under an
    # http(s) page every joined path starts with "/", so folder + name is the join.)
    folders: dict[str, str] = {}
    absolute_base = page_url.startswith(("https://", "http://"))

    def absolute(href: str) -> str:
        if not PLAIN_PATH.match(href):
            return urljoin(page_url, html.unescape(href))
        name = href.rpartition("/")[2]
        if name in (".", "..") or not absolute_base:
            return join_url(page_url, href)
        folder = href[:len(href) - len(name)]
        prefix = folders.get(folder)
        if prefix is None:  # the last segment stays as it is: join the folder with a stand-in
            prefix = folders[folder] = join_url(page_url, folder + "x")[:-1]
        return prefix + name

    def repl(match: re.Match[str]) -> str:
        attrs, href = match.group(1, 2)
        return f'<a {attrs}href="{href}" data-url="{html.escape(absolute(href), quote=True)}"'

    return _A_HREF.sub(repl, content_html)


__all__ = [
    "ROBOTS_PATH",
    "add_citizen_nav",
    "add_print_urls",
    "citizen_files",
    "has_feed",
    "robots_txt",
    "with_citizen_pages",
]
