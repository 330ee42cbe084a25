"""add_print_urls joins links itself (urljoin is too slow for thousands): same result."""

from __future__ import annotations

import html
import random
import re
from urllib.parse import quote, urljoin

import pytest

from oit.pages.citizen import add_print_urls
from oit.pages.qrcodes import join_url, page_url

_REFERENCE_LINK = re.compile(r'<a\s(?![^>]*\bdata-url=)([^>]*?)\bhref="([^"#][^"]*)"')


def _reference(content_html: str, page_url: str) -> str:
    """The plain version: urljoin on every link, the simple look-ahead."""
    def repl(match: re.Match[str]) -> str:
        attrs, href = match.group(1), match.group(2)
        absolute = urljoin(page_url, html.unescape(href))
        return f'<a {attrs}href="{href}" data-url="{html.escape(absolute, quote=True)}"'

    return _REFERENCE_LINK.sub(repl, content_html)


SEGMENTS = ["a", "files", "ข่าว", "%E0%B8%82", "x.pdf", "o1.html", ".", "..", "", "a'b", "(1)", "a+b=c", "~u", "-"]
BASES = [
    "https://www.example.go.th/ita/o1.html",
    "https://www.example.go.th/",
    "https://www.example.go.th/index.html",
    "https://www.example.go.th/sub/site/news/2569/a.html",
    "https://www.example.go.th/a//b/c.html",
    "https://user@www.example.go.th:8443/ita/",
    "http://localhost:8000/ita/o1.html",
    "https://www.example.go.th/ita/o1.html?x=1#top",
    "https://www.example.go.th",
    "/ita/o1.html",
    "ita/o1.html",
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
def test_same_as_urljoin(base: str) -> None:
    hrefs = _hrefs(400)
    content = "".join(f'<li><a class="md-x" href="{h}" title="t">{i}</a></li>' for i, h in enumerate(hrefs))
    assert add_print_urls(content, base) == _reference(content, base)


def test_tags_with_data_url_or_odd_attributes() -> None:
    base = "https://www.example.go.th/ita/o1.html"
    content = (
        '<a href="a.pdf" data-url="keep">1</a><a data-url="keep" href="b.pdf">2</a>'
        '<a\nhref="c.pdf">3</a><a title="do data-url" href="d.pdf">4</a><a title="xdata-url=" href="e.pdf">5</a>'
        '<a id="d" href="f.pdf" data-url-x="1">6</a><abbr href="g.pdf">7</abbr><a href="#h">8</a><a href="">9</a>'
        '<a title="dd data-url=x" href="i.pdf">10</a><a href="j.pdf"data-url="k">11</a>'
    )
    out = add_print_urls(content, base)
    assert out == _reference(content, base)
    assert add_print_urls(out, base) == out


@pytest.mark.parametrize("base", BASES)
def test_join_url_is_urljoin(base: str) -> None:
    for href in _hrefs(400):
        assert join_url(base, href) == urljoin(base, href), href


def test_page_url_quotes_and_joins() -> None:
    for site_url in ("https://www.example.go.th/", "https://www.example.go.th", "https://a.example/sub"):
        for path in ("ita/o1.md", "files/2570/o1/ข่าว 1.pdf", "index.md", "a/../b.md", "./c.pdf", "~x/(1).pdf"):
            base = site_url if site_url.endswith("/") else site_url + "/"
            expected = urljoin(base, quote(path[:-3] + ".html" if path.endswith(".md") else path, safe="/-._~"))
            assert page_url(site_url, path) == expected
