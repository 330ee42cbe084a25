"""mkdocs hook: the citizen's side of the site (dashboard, QR codes, feed, open data).

A thin adapter over ``oit.pages.citizen``; register it after ``hooks/ita.py``. It adds the
generated files, appends each item page's QR code, puts the dashboard in the nav and
gives every page its own "last updated" date (``page.meta.oit_updated``), which
``overrides/main.html`` prints in the footer.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from oit.build.build_data import CACHE_FILE, BuildData, shared_build
from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import format_date
from oit.core.indicators import CONFIG_NAME
from oit.pages.citizen import add_citizen_nav, add_print_urls, has_feed
from oit.pages.feeds import PageDates
from oit.pages.site_meta import as_of_date

_build: BuildData | None = None
_dates: PageDates | None = None
_ITEM_PAGE = re.compile(r"^ita/([a-z]+[0-9]+)\.md$")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load indicators.yml (hooks/ita.py has already reported any error in it)."""
    global _build, _dates
    root = Path(config.config_file_path).parent
    try:
        # loaded once with hooks/ita.py, or taken from the build cache
        _build = shared_build(config.extra, root, as_of_date(), cache=root / CACHE_FILE)
    except (InputError, InputErrors) as exc:  # pragma: no cover - ita.py stops first
        raise PluginError(f"ข้อมูลใน {CONFIG_NAME} ไม่ถูกต้อง:\n{exc}") from None
    _dates = PageDates(Path(config.docs_dir))
    config.nav = add_citizen_nav(config.nav, _build.site)
    config.extra.setdefault("oit", {})["has_feed"] = has_feed(_build.site)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the dashboard, survey page, QR codes, feed, open data and robots.txt."""
    assert _build is not None
    for path, text in _build.citizen.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give the page its update date; append the QR code to generated item pages."""
    assert _build is not None and _dates is not None
    src = page.file.src_uri
    day: date | None = None
    if page.file.generated_by is None:
        day = _dates.of(src)
    page.meta["oit_updated"] = format_date(day or as_of_date())
    page.meta["oit_updated_iso"] = (day or as_of_date()).isoformat()
    match = _ITEM_PAGE.match(src)
    if match and page.file.generated_by is not None and match.group(1) in _build.site.items:
        markdown = markdown.rstrip("\n") + "\n" + _build.qr_sections[match.group(1)]
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Absolute addresses on links, for the printed page (print.css shows them)."""
    assert _build is not None
    return add_print_urls(html, _build.site.organization.site_url + page.url)
