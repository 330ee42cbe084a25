"""Internal links of the built site: does every local href, src and #anchor resolve?

Runs on the output folder (``site/`` or the build's staging folder), so it sees exactly
what a citizen's browser gets, including theme templates and generated pages. Pages are
parsed once with selectolax's lexbor backend (about 20× faster than BeautifulSoup on a
Material page); each page's element ids are kept so fragment links to other pages are
checked without parsing anything twice.

Only same-site links are checked: anything with a scheme (``https:``, ``mailto:``,
``tel:``, ``data:`` …) or a host is someone else's business, except ``javascript:``,
which is flagged because it does nothing for a citizen without scripts or for the
assessor's crawler.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from oit.core.rules import Problem

__all__ = ["SiteLinkReport", "check_site_links", "scan_site"]

# (CSS selector, attribute) pairs whose URL must resolve. Fragments are only meaningful on
# navigational links (a, area); a fragment on an image or script URL is ignored.
_LINK_SELECTOR = (
    "a[href], area[href], link[href], img[src], script[src], iframe[src], "
    "source[src], video[src], audio[src], embed[src], object[data]"
)
_URL_ATTRS = ("href", "src", "data")
_NAVIGATIONAL = {"a", "area"}
_HTML_SUFFIXES = (".html", ".htm")


@dataclass
class _Page:
    ids: set[str]
    links: list[tuple[str, str]]  # (tag, raw URL)


@dataclass
class SiteLinkReport:
    """Result of scanning a built site: pages and links seen, and the problems found."""

    pages: int = 0
    links: int = 0
    problems: list[Problem] = field(default_factory=list)


def _parse(path: Path) -> _Page:
    raw = path.read_bytes()
    tree = LexborHTMLParser(raw.decode("utf-8", errors="replace"))
    ids: set[str] = set()
    for node in tree.css("[id], a[name]"):
        attrs = node.attributes
        for key in ("id", "name") if node.tag == "a" else ("id",):
            value = attrs.get(key)
            if value:
                ids.add(value)
    links: list[tuple[str, str]] = []
    for node in tree.css(_LINK_SELECTOR):
        attrs = node.attributes
        for attr in _URL_ATTRS:
            value = attrs.get(attr)
            if value is not None:
                links.append((node.tag or "", value))
                break
    return _Page(ids, links)


def _html_files(site_dir: Path) -> Iterator[Path]:
    for path in sorted(site_dir.rglob("*")):
        if path.suffix.lower() in _HTML_SUFFIXES and path.is_file():
            yield path


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


@dataclass
class _Finding:
    kind: str
    page: str  # the first page where the link was seen
    href: str
    message: str
    pages: int = 1


@dataclass
class _Checker:
    root: Path
    base_path: str
    pages: dict[str, _Page]
    # A broken target linked from every page (a nav entry) is one problem, not thousands:
    found: dict[tuple[str, str], _Finding] = field(default_factory=dict)
    links: int = 0

    def _flag(self, key: tuple[str, str], kind: str, page: str, href: str, message: str) -> None:
        entry = self.found.get(key)
        if entry is None:
            self.found[key] = _Finding(kind, page, href, message)
        elif entry.page != page:
            entry.pages += 1

    def _exists(self, rel: str) -> str | None:
        """The site-relative file a local path serves, or None if nothing is there."""
        if rel in ("", "."):
            rel = "index.html"
        target = self.root / rel
        if rel.endswith("/") or target.is_dir():
            rel = posixpath.join(rel.rstrip("/"), "index.html") if rel.strip("/") else "index.html"
            target = self.root / rel
        return rel if target.is_file() else None

    def _resolve(self, page_rel: str, path: str) -> str:
        """Site-relative target of a decoded URL path ("" is the root; "x/" a folder)."""
        if path.startswith("/"):
            # Root-relative: the site may live under a sub-path of its host.
            if self.base_path != "/" and (path + "/").startswith(self.base_path):
                path = path[len(self.base_path):]
            joined = path.lstrip("/")
        else:
            joined = posixpath.join(posixpath.dirname(page_rel), path)
        rel = posixpath.normpath(joined) if joined else ""
        if rel == ".":
            return ""
        return rel + "/" if path.endswith("/") else rel

    def check_page(self, page_rel: str, page: _Page) -> None:
        for tag, raw in page.links:
            href = raw.strip()
            self.links += 1
            if not href:
                continue  # an empty href is the page itself
            parts = urlsplit(href)
            scheme = parts.scheme.lower()
            if scheme == "javascript":
                self._flag(("js", f"{page_rel}\0{href}"), "javascript_link", page_rel, href,
                           f"หน้า {page_rel}: ลิงก์ '{href[:80]}' ใช้ javascript: ซึ่งใช้ไม่ได้เมื่อไม่มีสคริปต์ "
                           "ให้ใช้ลิงก์ไปยังหน้าหรือไฟล์จริง")
                continue
            if scheme or parts.netloc:
                continue  # external (http, mailto, tel, data …): not ours to resolve
            path = unquote(parts.path)
            rel = self._resolve(page_rel, path) if path else page_rel  # "#frag", "?q": this page
            if rel.startswith("../") or rel == "..":
                self._flag(("out", rel), "broken_internal_link", page_rel, href,
                           f"หน้า {page_rel}: ลิงก์ '{href}' ชี้ออกไปนอกโฟลเดอร์เว็บไซต์")
                continue
            target = self._exists(rel)
            if target is None:
                self._flag(("missing", rel.rstrip("/") or "/"), "broken_internal_link", page_rel, href,
                           f"หน้า {page_rel}: ลิงก์ '{href}' ชี้ไปยัง {rel or '/'} ซึ่งไม่มีในเว็บไซต์")
                continue
            fragment = unquote(parts.fragment)
            if not fragment or tag not in _NAVIGATIONAL or not target.lower().endswith(_HTML_SUFFIXES):
                continue
            target_page = self.pages.get(target)
            ids = target_page.ids if target_page is not None else set()
            # "#top" scrolls to the top in every browser even without such an id (HTML spec).
            if fragment in ids or parts.fragment in ids or fragment.lower() == "top":
                continue
            self._flag(("anchor", f"{target}#{fragment}"), "broken_internal_link", page_rel, href,
                       f"หน้า {page_rel}: ลิงก์ '{href}' ไม่พบจุดยึด #{fragment} ในหน้า {target}")

    def problems(self) -> list[Problem]:
        out = []
        for found in self.found.values():
            text = found.message
            if found.pages > 1:
                text += f" (พบในอีก {found.pages - 1} หน้า)"
            out.append(Problem(found.kind, text, document=found.page, url=found.href))
        return out


def scan_site(site_dir: Path, *, base_path: str = "/") -> SiteLinkReport:
    """Check every internal link, resource and #anchor of the HTML pages under ``site_dir``.

    ``base_path`` is the URL path the site is served under (from ``site_url``), so a
    root-relative ``/sub/page/`` resolves to ``site_dir/page/index.html``.
    Broken links, missing anchors and ``javascript:`` links become problems whose
    message names the page and the href.
    """
    root = Path(site_dir)
    if not base_path.startswith("/"):
        base_path = "/" + base_path
    if not base_path.endswith("/"):
        base_path += "/"
    pages = {_rel(path, root): _parse(path) for path in _html_files(root)}
    checker = _Checker(root, base_path, pages)
    for rel, page in pages.items():
        checker.check_page(rel, page)
    return SiteLinkReport(pages=len(pages), links=checker.links, problems=checker.problems())


def check_site_links(site_dir: Path, *, base_path: str = "/") -> list[Problem]:
    """The problems of :func:`scan_site` alone."""
    return scan_site(site_dir, base_path=base_path).problems
