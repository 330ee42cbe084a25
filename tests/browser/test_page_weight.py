"""The citizen's first load on a phone: its weight in bytes, and search on demand.

Sizes, not times: the ITA index at 390 × 844 is loaded in a fresh browser context (empty
cache) from 127.0.0.1 by ``bench/page_weight.py``, which sums the raw body of every
response. Material's search index and search worker must not be among them; opening the
search must fetch them, and a Thai word from the middle of a sentence is then found.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from bench.page_weight import BUDGET_BYTES, OWN_BUDGET_BYTES, SEARCH_INDEX, measure
from tests.browser.test_search import mid_sentence_pages, page_texts
from tests.support.browser import RequestRecorder, new_page, serve_dir

pytestmark = pytest.mark.browser

PHONE_390 = (390, 844)
ITA_INDEX = "ita/index.html"
SEARCH_WORKER = "/assets/javascripts/workers/search."
SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__list a.md-search-result__link"
WORD = "ข่าวสาร"  # inside ข้อมูลข่าวสาร: Material alone does not find it


@pytest.fixture(scope="module")
def first_load(browser: Browser, project_site: Path) -> dict[str, Any]:
    """``bench.page_weight.measure`` of the project site's ITA index on a 390 px phone."""
    return measure(project_site, ITA_INDEX, viewport=PHONE_390, browser=browser)


def _search_requests(recorder: RequestRecorder) -> list[str]:
    return [u for u in recorder.urls() if u.endswith("/" + SEARCH_INDEX) or SEARCH_WORKER in u]


@pytest.fixture
def phone(browser: Browser, project_site: Path) -> Iterator[tuple[Page, RequestRecorder, str]]:
    """A fresh 390 px context on the served project site."""
    with serve_dir(project_site) as base, new_page(
        browser, width=PHONE_390[0], height=PHONE_390[1], is_mobile=True, has_touch=True
    ) as (page, recorder):
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, recorder, base
        assert errors == [], errors  # the deferred index and worker raised nothing


def _expect_result(page: Page, base: str, pages: list[str]) -> list[str]:
    """Wait until one of ``pages`` is among the results; return what is listed."""
    wanted = [f"/{p}" for p in pages]
    page.wait_for_function(
        """([sel, want]) => {
            const wrap = document.querySelector(".md-search__scrollwrap");
            if (wrap) wrap.scrollTop = wrap.scrollHeight;
            return [...document.querySelectorAll(sel)].some(a =>
              want.includes(decodeURIComponent(new URL(a.href).pathname)));
        }""",
        arg=[RESULT_LINKS, wanted], timeout=15_000, polling=100,
    )
    return page.eval_on_selector_all(RESULT_LINKS, "els => els.map(a => a.href)")


# --------------------------------------------------------------------------- weight


def test_first_load_fetches_no_search_index_nor_worker(first_load: dict[str, Any]) -> None:
    urls = [r["url"] for r in first_load["responses"]]
    assert not first_load["search_index_requested"], urls
    assert not [u for u in urls if SEARCH_WORKER.lstrip("/") in u], urls
    assert first_load["external_hosts"] == []
    # the measurement saw the page: its HTML, Material's stylesheet and bundle, a Thai font
    assert ITA_INDEX in urls
    assert first_load["material_core_bytes"] > 100_000
    assert any("noto-sans-thai-thai-400" in u for u in urls), urls


def test_first_load_adds_at_most_own_budget_to_material(first_load: dict[str, Any]) -> None:
    """Beyond Material's main CSS and JS, the page weighs at most OWN_BUDGET_BYTES."""
    listing = "\n".join(f"{r['bytes']:>8} {r['url']}" for r in first_load["responses"])
    assert first_load["own_bytes"] <= OWN_BUDGET_BYTES, listing
    assert first_load["total_bytes"] == first_load["own_bytes"] + first_load["material_core_bytes"]


@pytest.mark.xfail(strict=True, reason=(
    "Material 9.8.1's main.*.min.css (137,572 B) and bundle.*.min.js (114,081 B) alone "
    "are 251,653 B raw, over the 250 KB target before the page itself"))
def test_first_load_within_issue_budget(first_load: dict[str, Any]) -> None:
    """Issue 17's target: the ITA index's first load at 390 px is at most 250 KB raw."""
    assert first_load["total_bytes"] <= BUDGET_BYTES


# -------------------------------------------------------------------- search on demand


def test_opening_search_on_phone_loads_index_and_finds_mid_sentence_word(
    phone: tuple[Page, RequestRecorder, str], project_site: Path
) -> None:
    page, recorder, base = phone
    targets = mid_sentence_pages(page_texts(project_site), WORD)
    assert targets, f"the sample no longer holds {WORD} mid-sentence"
    page.goto(base + ITA_INDEX)
    page.wait_for_load_state("networkidle")
    assert _search_requests(recorder) == []
    assert page.evaluate("window.__searchOnDemand.opened") is False

    page.locator("label.md-header__button[for=__search]").click()  # the header's search button
    box = page.locator(SEARCH_INPUT)
    box.fill(WORD)
    box.press("End")  # Material searches on keyup
    found = _expect_result(page, base, targets)
    assert found
    requested = _search_requests(recorder)
    assert any(u.endswith("/" + SEARCH_INDEX) for u in requested), requested
    assert any(SEARCH_WORKER in u for u in requested), requested
    recorder.assert_only_local()


def test_search_shortcut_key_loads_index(browser: Browser, project_site: Path) -> None:
    """On a desktop, Material's "/" shortcut focuses the search: that opens it too."""
    with serve_dir(project_site) as base, new_page(browser) as (page, recorder):
        page.goto(base + ITA_INDEX)
        page.wait_for_load_state("networkidle")
        assert _search_requests(recorder) == []
        page.keyboard.press("/")
        page.wait_for_function("() => window.__searchOnDemand.opened")
        box = page.locator(SEARCH_INPUT)
        box.fill("รายงานผล")  # Thai is inserted as text, without key events...
        box.press("End")  # ...and Material searches on keyup
        _expect_result(page, base, sorted(
            p for p, text in page_texts(project_site).items() if "รายงานผล" in text))
        assert any(u.endswith("/" + SEARCH_INDEX) for u in _search_requests(recorder))


def test_shared_search_link_loads_index(browser: Browser, project_site: Path) -> None:
    """A link with ?q= (Material's shared search) opens the search with its results."""
    targets = mid_sentence_pages(page_texts(project_site), WORD)
    with serve_dir(project_site) as base, new_page(browser, width=PHONE_390[0],
                                                   height=PHONE_390[1]) as (page, recorder):
        page.goto(f"{base}index.html?q={WORD}")
        _expect_result(page, base, targets)
        assert any(u.endswith("/" + SEARCH_INDEX) for u in _search_requests(recorder))
