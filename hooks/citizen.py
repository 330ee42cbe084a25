"""mkdocs hook: per page, the "last updated" date (``page.meta.oit_updated``, printed by
``overrides/main.html``) and every link's full address for print (kept by content in
``.oit-cache/`` between builds). A thin adapter over ``oit``; register it after ``hooks/ita.py``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from oit.build.build_data import BuildData, build_for
from oit.build.print_addresses import PrintAddresses
from oit.pages.feeds import PageDates
from oit.pages.site_meta import page_updated_meta

_build: BuildData | None = None
_dates: PageDates | None = None
_print: PrintAddresses | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Take the build's data (loaded by hooks/ita.py); read the pages' dates from git."""
    global _build, _dates, _print
    _build = build_for(config.config_file_path, config.extra)
    _dates = PageDates(Path(config.docs_dir))
    _print = PrintAddresses.beside(config.config_file_path)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page's update date: an officer's page by git, a generated one by the build's day."""
    assert _build is not None and _dates is not None
    generated = page.file.generated_by is not None
    page.meta.update(page_updated_meta(_dates, page.file.src_uri, generated, _build.as_of))
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Absolute addresses on links, for the printed page (print.css shows them)."""
    assert _build is not None and _print is not None
    return _print.add(html, _build.site.organization.site_url + page.url)


def on_post_build(config: MkDocsConfig) -> None:
    """Keep the pages' print addresses for the next build."""
    if _print is not None:
        _print.save()
