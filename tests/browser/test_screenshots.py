"""Screenshots of the pages citizens open most, at phone and desktop widths.

Written to ``test-artifacts/screenshots/`` (not committed) for a person to look at:
``home-360.png``, ``ita-index-1280.png``, ``item-o11-360.png`` … Each test also checks
that the Thai text is drawn with the site's own Thai font and nothing scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import DESKTOP, PHONE, new_page, screenshot_path, serve_dir

PAGES = {
    "home": "index.html",
    "ita-index": "ita/index.html",
    "item-o11": "ita/o11.html",
    "dashboard": "dashboard.html",
}


@pytest.fixture(scope="module")
def base_url(project_site: Path) -> Iterator[str]:
    """The built project site served on 127.0.0.1."""
    with serve_dir(project_site) as base:
        yield base


@pytest.mark.parametrize("width, height", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_screenshots(browser: Browser, base_url: str, width: int, height: int) -> None:
    with new_page(browser, width=width, height=height) as (page, _):
        for name, path in PAGES.items():
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready.then(() => true)")
            target = screenshot_path(f"{name}-{width}")
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
            # Thai glyphs come from the self-hosted Noto Sans Thai, not from tofu boxes.
            assert page.evaluate("document.fonts.check('16px \"Noto Sans Thai\"', 'องค์การบริหาร')")
            used = page.evaluate(
                "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
            assert any("Noto Sans Thai" in family for family in used), used
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
