"""Privacy: the built site makes no request to any host but its own.

Chromium browses the five page types (home, ITA index, an item, an archive year, search
results) plus the dashboard, a news post and the 404 page, at phone and desktop widths,
with every request recorded (and any to another host blocked, so a missing network
cannot hide one). All must go to the site's own 127.0.0.1 origin. The Thai font is
served by the site itself and is really used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import DESKTOP, PHONE, new_page, serve_dir

PAGES = [
    "index.html",
    "ita/index.html",
    "ita/o11.html",
    "ita/archive/2570.html",
    "dashboard.html",
    "news/2569-11-01-no-gift-policy.html",
    "404.html",
]
SEARCH_QUERY = "ITA"


@pytest.fixture(scope="module")
def base_url(project_site: Path) -> Iterator[str]:
    """The built project site served on 127.0.0.1."""
    with serve_dir(project_site) as base:
        yield base


@pytest.mark.parametrize("width, height", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_every_request_stays_on_the_sites_origin(
    browser: Browser, base_url: str, width: int, height: int,
) -> None:
    with new_page(browser, width=width, height=height) as (page, recorder):
        for path in PAGES:
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
        page.goto(base_url + "index.html")
        toggle = page.locator('label.md-header__button[for="__search"]')
        if toggle.is_visible():
            toggle.click()
        page.locator(".md-search__input").press_sequentially(SEARCH_QUERY, delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        page.wait_for_load_state("networkidle")

        recorder.assert_only_local()
        network = [r for r in recorder.requests if r.is_network]
        assert len(network) > 20, "the recorder saw too few requests to be trusted"
        assert {r.host for r in network} == {"127.0.0.1"}
        origin = base_url.rstrip("/")
        assert all(r.url.startswith(origin + "/") for r in network)
        # The Thai font came from the site and the page renders with it.
        fonts = [r.url for r in network if r.url.endswith(".woff2")]
        assert any("noto-sans-thai-thai-400" in url for url in fonts), fonts
        assert page.evaluate("document.fonts.check('16px \"Noto Sans Thai\"', 'ภาษาไทย')")


_EXTERNAL_ASSET = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)=["'](?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def test_no_page_or_stylesheet_points_at_another_host(project_site: Path) -> None:
    """Static belt to the browser's braces: no external script, style, font or image."""
    offenders = []
    for path in project_site.rglob("*"):
        if path.suffix not in {".html", ".css"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _EXTERNAL_ASSET.finditer(text):
            snippet = text[match.start():match.start() + 120]
            if 'rel="alternate"' in snippet or "rel=\"canonical\"" in snippet:
                continue  # a link for feed readers and search engines, never fetched by the page
            offenders.append(f"{path.relative_to(project_site)}: {snippet!r}")
    assert not offenders, "\n".join(offenders[:20])
    assert not list(project_site.rglob("*googleapis*"))


def test_font_files_are_small_and_licensed(project_site: Path) -> None:
    fonts = project_site / "assets" / "fonts"
    woff2 = list(fonts.glob("*.woff2"))
    assert woff2 and sum(p.stat().st_size for p in woff2) < 200_000
    assert "SIL OPEN FONT LICENSE" in (fonts / "OFL.txt").read_text(encoding="utf-8")
