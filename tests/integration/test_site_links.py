"""Internal links of a built site: a small HTML tree written by hand, good and broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from oit.checker.check import CheckOptions, run_check
from oit.checker.report import exit_code
from oit.checker.site_links import check_site_links, scan_site
from tests.support.sites import AS_OF, passing_site

THAI_ID = "แผนการใช้จ่าย"


def page(body: str, *, ids: tuple[str, ...] = ()) -> str:
    anchors = "".join(f'<h2 id="{i}">{i}</h2>' for i in ids)
    return f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"></head><body>{anchors}{body}</body></html>'


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def good_site(tmp_path: Path) -> Path:
    """Every kind of link that must resolve."""
    return write(tmp_path / "site", {
        "index.html": page(
            '<a href="ita/">ITA</a> <a href="ita/index.html#top">top</a> <a href="news/">news</a>'
            ' <a href="ita/o1.html#section">o1</a> <a href="#intro">intro</a> <a href="">self</a>'
            ' <a href="#">top</a> <a href="https://www.nacc.go.th/">NACC</a>'
            ' <a href="mailto:saraban@example.go.th">m</a>'
            ' <a href="tel:+6620000000">tel</a> <a href="//cdn.example.com/x.js">protocol-relative</a>'
            ' <img src="assets/logo.png" alt=""> <link rel="stylesheet" href="assets/site.css">'
            ' <script src="assets/app.js"></script> <a href="files/o1/plan%20v2.pdf">pdf</a>'
            f' <a href="ita/o2.html#{THAI_ID}">thai raw</a>'
            ' <a href="ita/o2.html#%E0%B9%81%E0%B8%9C%E0%B8%99%E0%B8%81%E0%B8%B2%E0%B8%A3%E0%B9%83%E0%B8%8A%E0%B9%89'
            '%E0%B8%88%E0%B9%88%E0%B8%B2%E0%B8%A2">thai encoded</a>'
            ' <a href="ita/o1.html?print=1">query</a> <a href="data:text/plain,hi">data</a>'
            ' <a name="legacy"></a> <a href="#legacy">legacy anchor</a>',
            ids=("intro",)),
        "ita/index.html": page('<a href="../index.html">home</a> <a href="o1.html">o1</a>'
                               ' <a href="/ita/o2.html">abs</a>'),
        "ita/o1.html": page('<a href="./">up</a> <a href="../ita/o2.html">o2</a>', ids=("section",)),
        "ita/o2.html": page('<a href="o1.html#section">back</a>', ids=(THAI_ID,)),
        "news/index.html": page('<a href="../">home</a> <a href="..">home2</a>'),
        "assets/logo.png": b"\x89PNG\r\n\x1a\n",
        "assets/site.css": "body{}",
        "assets/app.js": "",
        "files/o1/plan v2.pdf": b"%PDF-1.7\n%%EOF\n",
    })


def test_good_site_has_no_problems(good_site: Path) -> None:
    result = scan_site(good_site)
    assert result.problems == []
    assert result.pages == 5
    assert result.links > 20


def test_broken_links_are_named_by_page_and_href(good_site: Path) -> None:
    write(good_site, {
        "ita/o3.html": page(
            '<a href="o9.html">missing page</a> <a href="o1.html#nowhere">missing anchor</a>'
            ' <a href="../gone/">missing folder</a> <img src="../assets/missing.png" alt="">'
            ' <a href="#self-missing">missing own anchor</a> <a href="../../outside.html">escape</a>',
        ),
    })
    problems = check_site_links(good_site)
    messages = "\n".join(p.message for p in problems)
    assert all(p.kind == "broken_internal_link" for p in problems), messages
    assert all("ita/o3.html" in p.message for p in problems)
    for href in ("o9.html", "o1.html#nowhere", "../gone/", "../assets/missing.png", "#self-missing",
                 "../../outside.html"):
        assert any(p.url == href and f"'{href}'" in p.message for p in problems), href
    assert len(problems) == 6
    assert "#nowhere" in messages and "ita/o1.html" in messages


def test_javascript_links_are_flagged(good_site: Path) -> None:
    write(good_site, {"ita/o4.html": page('<a href="javascript:void(0)">menu</a> <a href="JavaScript:alert(1)">x</a>')})
    problems = check_site_links(good_site)
    assert [p.kind for p in problems] == ["javascript_link", "javascript_link"]
    assert "ita/o4.html" in problems[0].message and "javascript:void(0)" in problems[0].message


def test_folder_without_index_is_broken(good_site: Path) -> None:
    (good_site / "empty").mkdir()
    write(good_site, {"x.html": page('<a href="empty/">empty</a>')})
    problems = check_site_links(good_site)
    assert [p.url for p in problems] == ["empty/"]


def test_same_broken_link_on_many_pages_is_one_problem(good_site: Path) -> None:
    for number in range(5):
        write(good_site, {f"p/{number}.html": page('<a href="../nav/missing.html">nav</a>')})
    problems = check_site_links(good_site)
    assert len(problems) == 1
    assert "พบในอีก 4 หน้า" in problems[0].message


def test_root_relative_links_under_a_sub_path(tmp_path: Path) -> None:
    root = write(tmp_path / "site", {
        "index.html": page('<a href="/sao/ita/">ita</a> <a href="/sao/">home</a> <a href="/sao/nope.html">x</a>'),
        "ita/index.html": page(""),
    })
    problems = check_site_links(root, base_path="/sao/")
    assert [p.url for p in problems] == ["/sao/nope.html"]


def test_percent_encoded_thai_file_names(tmp_path: Path) -> None:
    root = write(tmp_path / "site", {
        "index.html": page('<a href="files/%E0%B9%81%E0%B8%9C%E0%B8%99.pdf">plan</a>'),
        "files/แผน.pdf": b"%PDF-1.4\n%%EOF",
    })
    assert check_site_links(root) == []


def test_run_check_reports_site_problems_and_fails(tmp_path: Path) -> None:
    site = passing_site(tmp_path / "src")
    built = write(tmp_path / "built", {"index.html": page('<a href="ita/o1.html">o1</a>')})
    report = run_check(CheckOptions(site=site, as_of=AS_OF, offline=True, site_dir=built))
    assert all(item.passes for item in report.items)
    assert [p.kind for p in report.site_problems] == ["broken_internal_link"]
    assert exit_code(report) == 1
    assert "ลิงก์ภายในเว็บไซต์เสีย 1" in report.summary_line()

    write(built, {"ita/o1.html": page("")})
    report = run_check(CheckOptions(site=site, as_of=AS_OF, offline=True, site_dir=built))
    assert report.site_problems == []
    assert exit_code(report) == 0
