"""Accessibility of the citizen's site: axe-core in headless Chromium, and a 360 px phone.

The five page types citizens use (home, ITA index, an item, an archive year, search
results) plus the dashboard and the 404 page must have no serious or critical axe
violations, at phone and desktop widths, and must not scroll sideways at 360 px.
Uses the session fixtures ``browser`` and ``project_site`` of ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import DESKTOP, PHONE, new_page, serve_dir

PAGES = {
    "home": "index.html",
    "ita-index": "ita/index.html",
    "item": "ita/o11.html",
    "archive": "ita/archive/2570.html",
    "dashboard": "dashboard.html",
    "not-found": "404.html",
}
SEARCH_QUERY = "ITA"  # any query with results: the results list is what is checked
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def base_url(project_site: Path) -> Iterator[str]:
    """The built project site served on 127.0.0.1."""
    with serve_dir(project_site) as base:
        yield base


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    violations: list[dict[str, Any]] = result.response["violations"]
    return violations


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Serious and critical violations, one readable line each."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations if v.get("impact") in BLOCKING
    ]


def horizontal_overflow(page: Page) -> int:
    """How far the page reaches past the viewport's right edge, in pixels (0 = fits).

    Two views: how far the window can actually be scrolled sideways, and how wide the
    main content is (content clipped by ``overflow-x: hidden`` on <html> would be lost
    to the reader, not scrollable). Tables inside their own scroll box do not count.
    """
    value: int = page.evaluate("""() => {
        const y = window.scrollY;
        window.scrollTo(100000, y);
        const scrolled = window.scrollX;
        window.scrollTo(0, y);
        const main = document.querySelector('.md-main');
        const content = main ? main.scrollWidth - main.clientWidth : 0;
        return Math.max(scrolled, content);
    }""")
    return value


def open_search(page: Page, base: str, query: str) -> None:
    """Type a query into Material's search and wait for the result list."""
    page.goto(base + "index.html")
    page.wait_for_load_state("networkidle")
    toggle = page.locator('label.md-header__button[for="__search"]')
    if toggle.is_visible():  # on a phone the search field sits behind the magnifier
        toggle.click()
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    page.mouse.move(0, 0)  # no hover tooltip left over from the click
    page.wait_for_timeout(300)  # let Material render the whole result list


@pytest.mark.parametrize("width, height", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_pages_have_no_serious_axe_violations(
    browser: Browser, base_url: str, width: int, height: int,
) -> None:
    problems: dict[str, list[str]] = {}
    overflow: dict[str, int] = {}
    # Reduced motion: axe must not measure colours halfway through a fade-in.
    with new_page(browser, width=width, height=height, reduced_motion="reduce") as (page, _):
        for name, path in PAGES.items():
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            found = blocking(run_axe(page))
            if found:
                problems[name] = found
            if width == PHONE[0] and horizontal_overflow(page) > 0:
                overflow[name] = horizontal_overflow(page)
        open_search(page, base_url, SEARCH_QUERY)
        found = blocking(run_axe(page))
        if found:
            problems["search-results"] = found
        if width == PHONE[0] and horizontal_overflow(page) > 0:
            overflow["search-results"] = horizontal_overflow(page)
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(
        f"  {name}: {line}" for name, lines in problems.items() for line in lines)
    assert not overflow, f"pages scroll sideways at {width} px: {overflow}"


def test_links_in_text_are_underlined(browser: Browser, base_url: str) -> None:
    """Links inside sentences are told apart by more than colour (axe link-in-text-block)."""
    with new_page(browser) as (page, _):
        page.goto(base_url + "index.html")
        decoration = page.evaluate(
            "getComputedStyle(document.querySelector('.md-typeset p a')).textDecorationLine")
        assert "underline" in decoration


def test_search_dialog_has_a_name(browser: Browser, base_url: str) -> None:
    with new_page(browser, width=PHONE[0], height=PHONE[1]) as (page, _):
        page.goto(base_url + "index.html")
        assert page.get_attribute(".md-search[role=dialog]", "aria-label") == "ค้นหา"
