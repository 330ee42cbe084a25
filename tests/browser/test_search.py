"""Thai search in a real browser: words in the middle of a sentence, words inside a
compound, and multi-word queries typed without spaces are found; nothing leaves
127.0.0.1.

Two sites are searched through Material's own search box in headless Chromium:

* a small fixture site written here, where every target word sits on exactly one page
  and never starts a space-separated run (so Material alone would miss it);
* the project's own site (root ``mkdocs.yml``), where the words are taken from the
  built index: for each candidate, the pages on which it only ever appears mid-run.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from oit.search.thai_search import SEARCH_SEPARATOR, SUBWORD_FIELD, ZWSP, plain_text
from tests.browser.conftest import THAI_SEARCH_JS
from tests.support.browser import REPO_ROOT, RequestRecorder, build_mkdocs_site, new_page, serve_dir
from tests.support.mkdocs_runs import thai_search_config

pytestmark = pytest.mark.browser

SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__list a.md-search-result__link"
RESULT_META = ".md-search-result__meta"
JS_SOURCE = REPO_ROOT / "content" / THAI_SEARCH_JS
HOOK_SOURCE = REPO_ROOT / "hooks" / "thai_search.py"
THAI = re.compile(r"[\u0E00-\u0E7F]")

# ----------------------------------------------------------------------- fixture site

FIXTURE_PAGES: dict[str, str] = {
    "index.md": "# หน้าแรก\n\nยินดีต้อนรับ เอกสารประจำปีงบ2569ของหน่วยงานจัดเก็บไว้ที่ห้องสมุดชุมชน\n",
    "procurement.md": (
        "# งานจัดหา\n\nองค์การได้เผยแพร่แผนการจัดซื้อจัดจ้างประจำปีและรายงานผลการตรวจรับ"
        "พัสดุทุกเดือนเพื่อให้ประชาชนทราบ\n"
    ),
    "personnel.md": (
        "# งานบุคลากร\n\nหน่วยงานมีนโยบายการบริหารทรัพยากรบุคคลที่เป็นธรรมและจัดทำ"
        "หลักเกณฑ์การสรรหาพนักงานจ้างอย่างเป็นระบบ\n"
    ),
    "info.md": (
        "# ศูนย์ข้อมูล\n\nประชาชนขอดูเอกสารได้ที่ศูนย์ข้อมูลข่าวสารของราชการตาม"
        "พระราชบัญญัติฉบับปัจจุบัน\n"
    ),
    "complaints.md": (
        "# แจ้งเรื่อง\n\nผู้ที่พบเห็นการทุจริตหรือประพฤติมิชอบของเจ้าหน้าที่แจ้งเบาะแสได้ทาง"
        "โทรศัพท์และไปรษณีย์\n"
    ),
    "budget.md": (
        "# การเงิน\n\nสำนักงานได้รายงานการใช้จ่ายงบประมาณรายไตรมาสและสรุปผลการดำเนินงาน"
        "ต่อสภาท้องถิ่น\n"
    ),
    "ethics.md": (
        "# คุณธรรม\n\nคณะผู้บริหารประกาศเจตจำนงสุจริตและส่งเสริมความโปร่งใสในการปฏิบัติ"
        "หน้าที่ทุกขั้นตอน\n"
    ),
    "eservice.md": (
        "# บริการ\n\nผู้รับบริการยื่นคำร้องขอใบอนุญาตก่อสร้างอาคารผ่านระบบออนไลน์ได้ตลอด"
        "ยี่สิบสี่ชั่วโมง\n"
    ),
}

# word -> the only page that contains it; none of them starts a space-separated run.
FIXTURE_WORDS: dict[str, str] = {
    "จัดซื้อ": "procurement.html",    # inside จัดซื้อจัดจ้าง
    "ตรวจรับ": "procurement.html",
    "พัสดุ": "procurement.html",
    "บุคคล": "personnel.html",        # inside ทรัพยากรบุคคล
    "หลักเกณฑ์": "personnel.html",
    "สรรหา": "personnel.html",
    "ข่าวสาร": "info.html",          # inside ข้อมูลข่าวสาร
    "ราชการ": "info.html",           # newmm cuts it: ราช|การตาม
    "พระราชบัญญัติ": "info.html",
    "ทุจริต": "complaints.html",
    "มิชอบ": "complaints.html",       # inside ประพฤติมิชอบ
    "เบาะแส": "complaints.html",
    "ไปรษณีย์": "complaints.html",
    "งบประมาณ": "budget.html",
    "ไตรมาส": "budget.html",
    "ท้องถิ่น": "budget.html",
    "เจตจำนง": "ethics.html",
    "สุจริต": "ethics.html",
    "โปร่งใส": "ethics.html",
    "ใบอนุญาต": "eservice.html",
    "ก่อสร้าง": "eservice.html",
    "ออนไลน์": "eservice.html",
    "ห้องสมุด": "index.html",
    "2569": "index.html",            # digits written against Thai: ปีงบ2569ของ
}

# Typed without spaces, spanning several words.
FIXTURE_PHRASES: dict[str, str] = {
    "รายงานผล": "procurement.html",
    "ศูนย์ข้อมูลข่าวสารของราชการ": "info.html",
    "ผลการดำเนินงานต่อสภา": "budget.html",
    "ก่อสร้างอาคาร": "eservice.html",
}

FIXTURE_ABSENT = ["ช้างป่า", "ฟุตบอล"]

FIXTURE_CONFIG = thai_search_config("ทดสอบการค้นหา", features=["search.highlight"], extra_javascript=[THAI_SEARCH_JS])


def write_fixture_project(root: Path) -> Path:
    """The fixture mkdocs project under ``root``; returns its mkdocs.yml."""
    docs = root / "docs"
    for name, text in FIXTURE_PAGES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    js = docs / THAI_SEARCH_JS
    js.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(JS_SOURCE, js)
    (root / "hooks").mkdir(exist_ok=True)
    shutil.copyfile(HOOK_SOURCE, root / "hooks" / "thai_search.py")
    config = root / "mkdocs.yml"
    config.write_text(FIXTURE_CONFIG, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, built."""
    root = tmp_path_factory.mktemp("search-fixture")
    return build_mkdocs_site(write_fixture_project(root), root / "site")


# --------------------------------------------------------------------------- helpers


@dataclass
class SearchBox:
    """Drives Material's search box on an open page."""

    page: Page
    base: str

    def open(self, path: str = "index.html") -> None:
        """Load a page, focus the search box and wait for the Thai vocabulary."""
        self.page.goto(self.base + path)
        self.page.locator(SEARCH_INPUT).click()
        loaded = self.page.evaluate("() => window.__thaiSearch.load().then(() => true)")
        assert loaded, "thai-search.js is not on the page"

    def clear(self) -> None:
        """Empty the box and wait until the result list is empty."""
        box = self.page.locator(SEARCH_INPUT)
        box.fill("")
        box.press("End")  # Material listens to keyup
        self.page.wait_for_function(
            "sel => document.querySelectorAll(sel).length === 0", arg=RESULT_LINKS
        )

    def search(
        self, query: str, expect: str | Iterable[str] | None = None, timeout: float = 5000
    ) -> list[str]:
        """Type ``query``; return the result pages (paths relative to the site root).

        With ``expect`` (a page path, or several), wait until one is among the results,
        scrolling the result list so Material renders more of them; return what is
        there on timeout. Without, wait until Material has answered (results or "no
        match").
        """
        self.clear()
        box = self.page.locator(SEARCH_INPUT)
        box.fill(query)
        box.press("End")
        wanted = [expect] if isinstance(expect, str) else list(expect or [])
        with contextlib.suppress(PlaywrightTimeoutError):  # report what is there instead
            if wanted:
                self.page.wait_for_function(
                    """([sel, want]) => {
                        const wrap = document.querySelector(".md-search__scrollwrap");
                        if (wrap) wrap.scrollTop = wrap.scrollHeight;
                        return [...document.querySelectorAll(sel)].some(a =>
                          want.includes(decodeURIComponent(new URL(a.href).pathname)));
                    }""",
                    arg=[RESULT_LINKS, [urlsplit(self.base).path + p for p in wanted]],
                    timeout=timeout, polling=100,
                )
            else:
                self.page.wait_for_function(
                    """([sel, meta]) => {
                        const cfg = JSON.parse(document.getElementById("__config").textContent);
                        const text = document.querySelector(meta).textContent;
                        return document.querySelectorAll(sel).length > 0 ||
                          text === cfg.translations["search.result.none"];
                    }""",
                    arg=[RESULT_LINKS, RESULT_META], timeout=timeout, polling=100,
                )
        return self.results()

    def results(self) -> list[str]:
        """Result pages now shown, site-relative, without query or fragment."""
        hrefs = self.page.eval_on_selector_all(RESULT_LINKS, "els => els.map(a => a.href)")
        base_path = urlsplit(self.base).path
        pages = [unquote(urlsplit(h).path)[len(base_path):] for h in hrefs]
        return list(dict.fromkeys(pages))

    def segment(self, query: str) -> str:
        """What thai-search.js sends to the worker for ``query``."""
        return str(self.page.evaluate("q => window.__thaiSearch.segmentQuery(q)", query))


@pytest.fixture(scope="module")
def fixture_search(browser: Browser, fixture_site: Path) -> Iterator[tuple[SearchBox, RequestRecorder]]:
    """The fixture site served on 127.0.0.1, opened at the home page, search focused."""
    with serve_dir(fixture_site) as base, new_page(browser) as (page, recorder):
        box = SearchBox(page, base)
        box.open()
        yield box, recorder


def run_start_words(text: str) -> set[str]:
    """Material's view without our help: the space-separated runs of ``text``."""
    return {t for t in re.split(SEARCH_SEPARATOR, text) if t}


# ----------------------------------------------------------------- fixture: the data


def test_fixture_words_sit_mid_sentence_on_one_page() -> None:
    """Each target word is on exactly its page and never starts a run anywhere."""
    texts = {name.replace(".md", ".html"): text for name, text in FIXTURE_PAGES.items()}
    assert len(FIXTURE_WORDS) >= 15
    for word, page in {**FIXTURE_WORDS, **FIXTURE_PHRASES}.items():
        holders = [p for p, text in texts.items() if word in text]
        assert holders == [page], f"{word}: on {holders}, expected only {page}"
        for p, text in texts.items():
            assert not any(run.startswith(word) for run in run_start_words(text)), (
                f"{word} starts a run on {p}: Material alone would find it, pick another"
            )


def test_fixture_index_is_segmented_and_pages_are_not(fixture_site: Path) -> None:
    """ZWSPs and the hidden field live in the index only; the pages stay untouched."""
    index = json.loads((fixture_site / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["separator"] == SEARCH_SEPARATOR
    assert SUBWORD_FIELD in index["config"]["fields"]
    info = next(d for d in index["docs"] if d["location"] == "info.html")
    assert f"ศูนย์ข้อมูลข่าวสาร{ZWSP}ของ{ZWSP}ราช" in info["text"]
    assert "ข่าวสาร" in info[SUBWORD_FIELD].split()
    assert plain_text(info["text"]).strip() == FIXTURE_PAGES["info.md"].split("\n\n", 1)[1].strip()
    for html_file in fixture_site.glob("*.html"):
        assert ZWSP not in html_file.read_text("utf-8"), html_file.name
    words = json.loads((fixture_site / "search" / "thai-words.json").read_text("utf-8"))
    assert {"จัดซื้อจัดจ้าง", "รายงาน", "ผล", "ข่าวสาร"} <= set(words["words"])


# ------------------------------------------------------------- fixture: the browser


@pytest.mark.parametrize("word", list(FIXTURE_WORDS))
def test_fixture_finds_word_mid_sentence(
    fixture_search: tuple[SearchBox, RequestRecorder], word: str
) -> None:
    box, _ = fixture_search
    page = FIXTURE_WORDS[word]
    found = box.search(word, expect=page)
    assert page in found, f"{word!r}: expected {page}, results {found}"


@pytest.mark.parametrize("phrase", list(FIXTURE_PHRASES))
def test_fixture_finds_phrase_typed_without_spaces(
    fixture_search: tuple[SearchBox, RequestRecorder], phrase: str
) -> None:
    box, _ = fixture_search
    page = FIXTURE_PHRASES[phrase]
    found = box.search(phrase, expect=page)
    assert page in found, f"{phrase!r} (sent as {box.segment(phrase)!r}): results {found}"


@pytest.mark.parametrize("query", FIXTURE_ABSENT)
def test_fixture_absent_words_find_nothing(
    fixture_search: tuple[SearchBox, RequestRecorder], query: str
) -> None:
    box, _ = fixture_search
    assert box.search(query) == []


def test_fixture_snippets_do_not_show_hidden_words(
    fixture_search: tuple[SearchBox, RequestRecorder], fixture_site: Path
) -> None:
    """The hidden field is searched but never displayed; the snippet reads as the page."""
    box, _ = fixture_search
    index = json.loads((fixture_site / "search" / "search_index.json").read_text("utf-8"))
    hidden = next(d for d in index["docs"] if d["location"] == "personnel.html")[SUBWORD_FIELD]
    box.search("บุคคล", expect="personnel.html")
    shown = box.page.locator(".md-search-result").inner_text().replace(ZWSP, "")
    assert "การบริหารทรัพยากรบุคคลที่เป็นธรรม" in shown
    assert hidden not in shown
    assert " ".join(hidden.split()[:3]) not in shown


QUERY_CASES = {
    "รายงานผล": "+รายงาน* +ผล*",
    "ข่าวสาร": "ข่าวสาร",                      # a word of the site: left alone
    "พัสดุ": "พัสดุ",
    "จัดซื้อ": "จัดซื้อ",                        # starts a word of the site
    "รายงานผ": "+รายงาน* +ผ*",                 # still typing: the last part is a prefix
    "budget 2569": "budget 2569",
    "ปีงบ2569": "+ปี* +งบ* +2569*",
    '"รายงานผล"': '"รายงาน ผล"',                # quoted: Material makes the words required
    "-รายงานผล": "-รายงานผล",                   # lunr syntax is left as typed
    "title:รายงานผล": "title:รายงานผล",
    "ป.ป.ช.": "ป.ป.ช.",
}


def test_fixture_query_rewriting(fixture_search: tuple[SearchBox, RequestRecorder]) -> None:
    """What the script sends to Material's worker for typical queries."""
    box, _ = fixture_search
    got = {query: box.segment(query) for query in QUERY_CASES}
    assert got == QUERY_CASES


def test_fixture_session_made_no_request_beyond_loopback(
    fixture_search: tuple[SearchBox, RequestRecorder]
) -> None:
    """Everything the searches above needed came from 127.0.0.1, vocabulary included."""
    box, recorder = fixture_search
    box.search("รายงานผล", expect="procurement.html")
    recorder.assert_only_local()
    assert any(u.endswith("/search/thai-words.json") for u in recorder.urls()), recorder.urls()
    assert any(u.endswith("/search/search_index.json") for u in recorder.urls())


# ---------------------------------------------------------------------- project site

# Words an ITA disclosure site is searched for; the test uses those that the built
# project site holds only mid-sentence on some page (so Material alone misses them).
PROJECT_CANDIDATES = [
    "จัดซื้อ", "จัดจ้าง", "พัสดุ", "บุคคล", "บุคลากร", "ข่าวสาร", "งบประมาณ", "ทุจริต",
    "ร้องเรียน", "ประพฤติ", "มิชอบ", "โปร่งใส", "คุณธรรม", "จริยธรรม", "ราชการ",
    "เจ้าหน้าที่", "ประชาชน", "รายงาน", "แผน", "ดำเนินงาน", "ประเมิน", "ผลการ",
    "บริการ", "ติดต่อ", "ช่องทาง", "กฎหมาย", "ข้อบัญญัติ", "ภาษี", "ประกาศ",
    "สรุปผล", "ออนไลน์", "นโยบาย", "หน่วยงาน", "โครงสร้าง", "อำนาจหน้าที่", "ผู้บริหาร",
    "เผยแพร่", "ตรวจสอบ", "ประจำปี", "ข้อมูล",
]
PROJECT_MIN_WORDS = 15
PROJECT_PHRASES = ["รายงานผล", "ข้อมูลข่าวสารของราชการ", "สรุปผลการจัดซื้อ", "รายงานผลการดำเนินงาน"]
PROJECT_COMPOUND = ("ข่าวสาร", "ข้อมูลข่าวสาร")


def page_texts(site: Path) -> dict[str, str]:
    """Each page's searchable text (title and sections), as Material had it (no ZWSP)."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    texts: dict[str, list[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#", 1)[0] or "index.html"
        texts.setdefault(page, []).extend(
            [plain_text(doc.get("title") or ""), plain_text(doc.get("text") or "")]
        )
    return {page: "\n".join(parts) for page, parts in texts.items()}


def mid_sentence_pages(texts: dict[str, str], word: str) -> list[str]:
    """Pages that hold ``word`` but where no space-separated run starts with it."""
    return sorted(
        page for page, text in texts.items()
        if word in text and not any(run.startswith(word) for run in run_start_words(text))
    )


@pytest.fixture(scope="module")
def project_search(
    browser: Browser, project_site: Path
) -> Iterator[tuple[SearchBox, RequestRecorder]]:
    """The project site served on 127.0.0.1, search focused."""
    with serve_dir(project_site) as base, new_page(browser) as (page, recorder):
        box = SearchBox(page, base)
        box.open()
        yield box, recorder


def test_project_site_finds_words_mid_sentence(
    project_search: tuple[SearchBox, RequestRecorder], project_site: Path
) -> None:
    """For each candidate held only mid-sentence somewhere, such a page is found."""
    box, recorder = project_search
    texts = page_texts(project_site)
    targets = {w: pages for w in PROJECT_CANDIDATES if (pages := mid_sentence_pages(texts, w))}
    assert len(targets) >= PROJECT_MIN_WORDS, (
        f"only {len(targets)} candidate words sit mid-sentence in the sample site: {targets}"
    )
    missed: dict[str, list[str]] = {}
    for word, pages in targets.items():
        found = box.search(word, expect=pages)
        if not set(pages) & set(found):
            missed[word] = found
    assert not missed, f"not found mid-sentence: {missed}"
    recorder.assert_only_local()


def test_project_site_finds_compound_part_and_unspaced_phrases(
    project_search: tuple[SearchBox, RequestRecorder], project_site: Path
) -> None:
    """ข่าวสาร inside ข้อมูลข่าวสาร, and several words typed as one."""
    box, recorder = project_search
    texts = page_texts(project_site)
    word, compound = PROJECT_COMPOUND
    for query, holder in [(word, compound), *[(p, p) for p in PROJECT_PHRASES]]:
        pages = sorted(p for p, text in texts.items() if holder in text)
        assert pages, f"the sample site no longer contains {holder!r}"
        found = box.search(query, expect=pages)
        assert set(pages) & set(found), f"{query!r} ({box.segment(query)!r}): {found}"
    recorder.assert_only_local()
