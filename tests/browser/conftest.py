"""Fixtures for the browser tests: one Chromium per session, the project site built once.

Every test collected under ``tests/browser/`` is marked ``browser`` (deselect with
``-m "not browser"``). Chromium missing: the tests skip, or fail when
``OIT_REQUIRE_BROWSER=1``. Helpers live in ``tests/support/browser.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import REPO_ROOT, build_mkdocs_site, launch_browser

THAI_SEARCH_HOOK = "hooks/thai_search.py"
THAI_SEARCH_JS = "assets/javascripts/thai-search.js"
SAMPLE_AS_OF = "2570-04-30"  # the Makefile's AS_OF: the sample site is frozen on this day


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Headless Chromium (Playwright ``Browser``) shared by the browser tests.

    Package scope, not session: Playwright's sync API keeps an asyncio loop running in
    the main thread while it is open, and tests collected after this folder (the link
    checker's ``asyncio.run``) must not find it still running.
    """
    with launch_browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (root mkdocs.yml), built once into a temporary folder.

    The Thai search hook and script are added to the build if mkdocs.yml does not list
    them yet, so this is the site citizens get once they are configured.
    """
    out = tmp_path_factory.mktemp("project-site") / "site"
    return build_mkdocs_site(
        REPO_ROOT / "mkdocs.yml",
        out,
        extra_hooks=[THAI_SEARCH_HOOK],
        extra_javascript=[THAI_SEARCH_JS],
        env={"OIT_AS_OF": SAMPLE_AS_OF},
    )
