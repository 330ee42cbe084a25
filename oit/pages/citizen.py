"""Everything the citizen's site adds to the ITA pages, as ``{path: text}``.

The dashboard, the survey invitation, the item QR codes, the news feed, the open data
files and robots.txt. ``with_citizen_pages`` puts them together with the ITA pages
(each item page with its QR code section, every page with its update date): the files
``hooks/ita.py`` hands to mkdocs as virtual files and ``oit generate --out DIR`` writes
to disk, so any static site engine publishes the same site. Pure Python: no mkdocs import.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from oit.core.indicators import Site
from oit.core.rules import ItemResult
from oit.core.urls import join_url
from oit.pages.dashboard import DASHBOARD_PAGE, dashboard_markdown
from oit.pages.feeds import FEED_PATH, feed_files
from oit.pages.generate import evaluate_site
from oit.pages.opendata import opendata_files
from oit.pages.qrcodes import SURVEYS_PAGE, add_item_qr_sections, item_qr_files, surveys_markdown
from oit.pages.site_meta import expand_ita_nav, site_context, with_updated_date

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


def published_pages(site: Site, as_of: date, pages: Mapping[str, str]) -> dict[str, str]:
    """The ITA pages from ``generate_pages`` as published: every item page ends with its
    QR code section, every page says in its front matter that it is as of ``as_of``."""
    return dated(add_item_qr_sections(site, dict(pages)), as_of)


def published_citizen_files(
    site: Site, as_of: date, results: Mapping[str, ItemResult] | None = None,
) -> dict[str, str]:
    """:func:`citizen_files`, their pages dated like :func:`published_pages`."""
    return dated(citizen_files(site, as_of, results), as_of)


def with_citizen_pages(
    site: Site, as_of: date, pages: Mapping[str, str], results: Mapping[str, ItemResult] | None = None,
) -> dict[str, str]:
    """Every generated file of the site, as ``oit generate`` writes it and the hooks add it."""
    return {**published_pages(site, as_of, pages), **published_citizen_files(site, as_of, results)}


def dated(files: Mapping[str, str], as_of: date) -> dict[str, str]:
    """``files`` with the update date ``as_of`` in the front matter of each Markdown page."""
    return {path: with_updated_date(text, as_of) if path.endswith(".md") else text for path, text in files.items()}


def configure_site(config: MutableMapping[str, Any], site: Site) -> None:
    """Fill a build configuration (mkdocs' or any mapping of its keys) from the site:
    its name, its public URL unless set, ``extra.oit`` for the templates, and the nav with
    the whole ITA section, the dashboard and the survey page."""
    context = site_context(site)
    config["site_name"] = context["site_name"]
    if not config.get("site_url"):
        config["site_url"] = site.organization.site_url
    config["extra"]["oit"] = {**context, "has_feed": has_feed(site)}
    config["nav"] = add_citizen_nav(expand_ita_nav(config.get("nav"), site), site)


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


def add_print_urls(content_html: str, page_url: str) -> str:
    """Give every link in a page's content a ``data-url`` with its absolute address.

    print.css prints it after links in tables and lists, so a paper copy says where each
    document is, in full (``https://…/files/…pdf``) rather than as a relative path. A link
    that has a ``data-url`` already, or only points into the page (``#…``), is left alone.
    The content is parsed as the fragment of a page; when no link needs an address it is
    returned as it came, otherwise serialised again by the parser.
    """
    tree = LexborHTMLParser(content_html, is_fragment=True)
    changed = False
    for link in tree.css("a[href]:not([data-url])"):
        href = link.attrs.get("href") or ""
        if href and not href.startswith("#"):
            link.attrs["data-url"] = join_url(page_url, href)
            changed = True
    return (tree.html or "") if changed else content_html


__all__ = [
    "ROBOTS_PATH",
    "add_citizen_nav",
    "add_print_urls",
    "citizen_files",
    "configure_site",
    "dated",
    "has_feed",
    "published_citizen_files",
    "published_pages",
    "robots_txt",
    "with_citizen_pages",
]
