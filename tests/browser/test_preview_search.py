"""Thai search inside ``oit preview``: what the officer sees before publishing works as published.

A site made by ``oit init``, served by ``oit preview`` (a real ``mkdocs serve``), searched
through Material's own search box in headless Chromium: a word from the middle of a Thai
sentence on the complaints page, and, after indicators.yml is saved with a new document,
that document's title.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from tests.browser.test_search import SearchBox
from tests.integration.test_officer_support import ENV, OIT, oit
from tests.integration.test_preview import O2_EMPTY, Output, free_port, stop, wait_for
from tests.support.browser import new_page

NEW_TITLE = "ทำเนียบคณะผู้บริหารท้องถิ่น"


def settle(out: Output) -> None:
    """Until the preview has said nothing new for a moment (a save may trigger two rebuilds)."""
    end = time.monotonic() + 60
    seen = len(out.drain())
    while time.monotonic() < end:
        time.sleep(1.5)
        now = len(out.drain())
        if now == seen:
            return
        seen = now


def open_after_rebuild(box: SearchBox) -> None:
    """Open the home page again, for the rebuilt index. mkdocs' livereload reloads an open
    page itself after a rebuild, and a reload arriving mid-navigation aborts it: try again,
    a bounded number of times."""
    for attempt in range(10):
        try:
            box.open()
            return
        except PlaywrightError as exc:
            if "ERR_ABORTED" not in str(exc) or attempt == 9:
                raise
            time.sleep(0.5)


@pytest.fixture
def previewed(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str], Output]]:
    made = oit("init", "เว็บ อบต", "--name", "องค์การบริหารส่วนตำบลค้นหา", "--site-url", "https://k.go.th/",
               cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "เว็บ อบต"
    port = free_port()
    proc = subprocess.Popen([OIT, "preview", "--no-browser", "--port", str(port)], cwd=site, env=dict(ENV),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = Output(proc.stdout)  # read, so the pipe never fills
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + "search/thai-words.json", "[", proc)
        yield base, site, proc, out
    finally:
        stop(proc)


def test_thai_search_works_in_the_preview(browser: Browser,
                                          previewed: tuple[str, Path, subprocess.Popen[str], Output]) -> None:
    base, site, proc, out = previewed
    with new_page(browser) as (page, _recorder):
        box = SearchBox(page, base)
        box.open()
        # "ความลับ" sits mid-sentence ("...จะถูกเก็บเป็นความลับ"): Material alone cannot find it
        assert "complaints.html" in box.search("ความลับ", expect="complaints.html")

        config = site / "indicators.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(O2_EMPTY, O2_EMPTY.replace(
            "documents: []", f"documents:\n      - title: {NEW_TITLE}\n        url: https://k.go.th/team")),
            encoding="utf-8")
        wait_for(base + "ita/o2.html", NEW_TITLE, proc)
        out.wait_line("สร้างหน้าเว็บใหม่แล้ว")
        settle(out)
        open_after_rebuild(box)
        assert "ita/o2.html" in box.search("คณะผู้บริหาร", expect="ita/o2.html", timeout=15000)
