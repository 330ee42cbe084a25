"""add_print_urls: every link of a page's content gets its absolute address in data-url.

The content is parsed (selectolax) and serialised again, so the tests read the result
back with another parser (the standard library's) and compare what a reader sees: each
link's address, the text (Thai, character references) and the elements, in order.
"""

from __future__ import annotations

import random
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest

from oit.build.print_addresses import PrintAddresses
from oit.core.urls import item_url, join_url, page_url
from oit.pages.citizen import add_print_urls


class _Reading(HTMLParser):
    """What a browser would make of the HTML: the elements with their attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(fragment: str) -> _Reading:
    reading = _Reading()
    reading.feed(fragment)
    reading.close()
    return reading


def _expected(content: str, base: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements of ``content`` with data-url where add_print_urls should put it."""
    out = []
    for tag, attrs in _read(content).tags:
        href = attrs.get("href")
        if tag == "a" and href and not href.startswith("#") and "data-url" not in attrs:
            attrs = {**attrs, "data-url": urljoin(base, href)}
        out.append((tag, attrs))
    return out


SEGMENTS = ["a", "files", "ข่าว", "%E0%B8%82", "x.pdf", "o1.html", ".", "..", "", "a'b", "(1)", "a+b=c", "~u", "-"]
BASES = [
    "https://www.example.go.th/ita/o1.html",
    "https://www.example.go.th/",
    "https://www.example.go.th/sub/site/news/2569/a.html",
    "https://www.example.go.th/a//b/c.html",
    "https://user@www.example.go.th:8443/ita/",
    "http://localhost:8000/ita/o1.html",
    "https://www.example.go.th/ita/o1.html?x=1#top",
    "https://www.example.go.th",
    "/ita/o1.html",
]


def _hrefs(count: int) -> list[str]:
    rnd = random.Random(2570)
    out = ["../files/2570/o1/a.pdf", "o2.html", "qr/o1.svg", "./", "../", "..", ".", "a/./b/../c", "../../../../x",
           "a//b", "/abs/path", "//other.example/x", "https://e.example/?a=1&amp;b=2", "mailto:a@b.example",
           "x.pdf?download=1", "a;b/c", "a&amp;b.pdf", "tel:+6621234567", "a:b/c", "a b.pdf", "ก ข.pdf"]
    for _ in range(count):
        out.append("/".join(rnd.choice(SEGMENTS) for _ in range(rnd.randint(1, 6))))
    return [h for h in out if h and not h.startswith("#") and '"' not in h]


@pytest.mark.parametrize("base", BASES)
def test_every_link_gets_its_absolute_address(base: str) -> None:
    hrefs = _hrefs(200)
    content = "".join(f'<li><a class="md-x" href="{h}" title="t">{i}</a></li>' for i, h in enumerate(hrefs))
    out = add_print_urls(content, base)
    assert _read(out).tags == _expected(content, base)
    assert _read(out).text == _read(content).text


def test_links_with_data_url_anchors_and_odd_attributes() -> None:
    base = "https://www.example.go.th/ita/o1.html"
    content = (
        '<a href="a.pdf" data-url="keep">1</a><a data-url="keep" href="b.pdf">2</a>'
        '<a\nhref="c.pdf">3</a><a title="do data-url" href="d.pdf">4</a><a title="xdata-url=" href="e.pdf">5</a>'
        '<a id="d" href="f.pdf" data-url-x="1">6</a><abbr href="g.pdf">7</abbr><a href="#h">8</a><a href="">9</a>'
        "<a title='dd data-url=x' href='i.pdf'>10</a><a href=j.pdf>11</a>"
    )
    out = add_print_urls(content, base)
    assert _read(out).tags == _expected(content, base)
    urls = [attrs.get("data-url") for tag, attrs in _read(out).tags]
    assert urls == ["keep", "keep", *(f"https://www.example.go.th/ita/{n}.pdf" for n in "cdef"), None, None, None,
                    "https://www.example.go.th/ita/i.pdf", "https://www.example.go.th/ita/j.pdf"]
    assert add_print_urls(out, base) == out  # a second pass changes nothing


def test_thai_text_entities_and_markup_round_trip() -> None:
    base = "https://www.example.go.th/ita/o1.html"
    content = (
        '<h2 id="ประกาศ">ประกาศ &amp; คำสั่ง<a class="headerlink" href="#ประกาศ" title="Permanent link">&para;</a></h2>\n'
        '<p>ค่าธรรมเนียม &lt;100&gt; บาท&nbsp;ต่อปี &quot;ฟรี&quot; &#3585;</p>\n'
        '<table><thead><tr><th>เอกสาร</th></tr></thead><tbody><tr><td>'
        '<a href="../files/ข่าว%201.pdf" title="a &quot;b&quot; &amp; c">ข่าว 1</a></td></tr></tbody></table>\n'
        '<figure class="oit-qr"><svg role="img" viewBox="0 0 8 8"><title>คิวอาร์ &lt;o1&gt;</title>'
        '<path fill="#fff" d="M0 0h8v8h-8z"/></svg></figure>\n'
        '<pre><code>a &amp;&amp; b &lt;x&gt;\n</code></pre>'
    )
    out = add_print_urls(content, base)
    assert _read(out).text == _read(content).text  # the same characters, Thai and references alike
    assert _read(out).tags == _expected(content, base)
    assert 'data-url="https://www.example.go.th/files/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7%201.pdf"' not in out
    assert 'data-url="https://www.example.go.th/files/ข่าว%201.pdf"' in out  # as written in the link
    assert "ค่าธรรมเนียม &lt;100&gt; บาท&nbsp;ต่อปี" in out  # markup-like text stays escaped


def test_content_without_a_link_to_address_is_returned_as_it_came() -> None:
    content = '<p>ไม่มีลิงก์ &para; <a href="#top">ขึ้นบน</a> <a href="x.pdf" data-url="y">x</a><br/></p>'
    assert add_print_urls(content, "https://www.example.go.th/") is content


@pytest.mark.parametrize("base", BASES)
def test_join_url_is_urljoin(base: str) -> None:
    for href in _hrefs(200):
        assert join_url(base, href) == urljoin(base, href), href


def test_page_url_quotes_and_joins() -> None:
    for site_url in ("https://www.example.go.th/", "https://www.example.go.th", "https://a.example/sub"):
        for path in ("ita/o1.md", "files/2570/o1/ข่าว 1.pdf", "index.md", "a/../b.md", "./c.pdf", "~x/(1).pdf"):
            base = site_url if site_url.endswith("/") else site_url + "/"
            expected = urljoin(base, quote(path[:-3] + ".html" if path.endswith(".md") else path, safe="/-._~"))
            assert page_url(site_url, path) == expected
    assert page_url("https://www.example.go.th/", "files/ข่าว 1.pdf") == (
        "https://www.example.go.th/files/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7%201.pdf")
    assert item_url("https://www.example.go.th/", "o11") == "https://www.example.go.th/ita/o11.html"


# --- the addresses kept between builds (oit.build.print_addresses) ---------------------

PAGES = {
    "https://www.example.go.th/ita/o1/": '<p><a href="../../files/2570/o1/plan.pdf">แผน</a></p>',
    "https://www.example.go.th/ita/o2/": '<table><tr><td><a href="report.pdf">รายงาน</a></td></tr></table>',
    "https://www.example.go.th/contact/": '<p>โทร <a href="tel:044000000">๐ ๔๔๐๐ ๐๐๐๐</a></p>',
}


def _one_build(cache: Path | None, pages: dict[str, str]) -> tuple[dict[str, str], int]:
    addresses = PrintAddresses(cache)
    out = {url: addresses.add(html, url) for url, html in pages.items()}
    addresses.save()
    return out, addresses.computed


def test_kept_addresses_are_the_addresses_joined_afresh(tmp_path: Path) -> None:
    cache = tmp_path / ".oit-cache" / "print-addresses.pickle"
    reference = {url: add_print_urls(html, url) for url, html in PAGES.items()}
    assert _one_build(cache, PAGES) == (reference, 3)  # cold: every page joined
    assert cache.is_file()
    stamp = cache.stat().st_mtime_ns
    assert _one_build(cache, PAGES) == (reference, 0)  # warm: none joined, same output
    assert cache.stat().st_mtime_ns == stamp  # nothing new: not rewritten
    cache.unlink()
    assert _one_build(cache, PAGES) == (reference, 3)  # deleted: the same site again


def test_a_rebuild_after_one_edit_joins_only_that_page(tmp_path: Path) -> None:
    cache = tmp_path / "print-addresses.pickle"
    _one_build(cache, PAGES)
    edited = {**PAGES, "https://www.example.go.th/ita/o2/": PAGES["https://www.example.go.th/ita/o2/"].replace(
        "report.pdf", "report-2.pdf")}
    out, computed = _one_build(cache, edited)
    assert computed == 1
    assert 'data-url="https://www.example.go.th/ita/o2/report-2.pdf"' in out["https://www.example.go.th/ita/o2/"]
    # the same content at another address is another page: its links join differently
    moved = {"https://www.example.go.th/ita/archive/": PAGES["https://www.example.go.th/ita/o2/"]}
    out, computed = _one_build(cache, moved)
    assert computed == 1 and 'data-url="https://www.example.go.th/ita/archive/report.pdf"' in out[
        "https://www.example.go.th/ita/archive/"]
    # the file holds the last build's pages only: the ones before are gone from it
    assert _one_build(cache, PAGES)[1] == 3


def test_no_cache_file_when_caching_is_off_or_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OIT_NO_CACHE", "1")
    addresses = PrintAddresses.beside(tmp_path / "mkdocs.yml")
    assert [addresses.add(html, url) for url, html in PAGES.items()] == [
        add_print_urls(html, url) for url, html in PAGES.items()]
    addresses.save()
    assert not (tmp_path / ".oit-cache").exists()
    monkeypatch.delenv("OIT_NO_CACHE")
    cache = tmp_path / ".oit-cache" / "print-addresses.pickle"
    assert PrintAddresses.beside(tmp_path / "mkdocs.yml").path == cache
    cache.parent.mkdir()
    cache.write_bytes(b"not a cache\n\x80garbage")
    assert _one_build(cache, PAGES)[1] == 3  # unreadable: a miss, then written whole
    assert _one_build(cache, PAGES)[1] == 0
