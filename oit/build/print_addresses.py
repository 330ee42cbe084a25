"""Every link's full address for print, kept by page content between builds.

``oit.pages.citizen.add_print_urls`` parses a page's content and joins every link with
the page's address: on the 2,600-document site, about 80 ms of each build, for pages
that mostly did not change since the build before. The result depends only on the
content and the page's address (and this code), so it is kept in
``.oit-cache/print-addresses.pickle`` under a digest of both: a rebuild after one edit
joins the links of the few pages the edit touched. The file holds the pages of the last
build only, so it never grows past one site's pages. Deleting it changes no output.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

from oit.build.pickle_cache import read_cache, write_cache
from oit.core import urls
from oit.pages import citizen
from oit.pages.site_meta import cache_beside

CACHE_FILE = Path(".oit-cache") / "print-addresses.pickle"
_SCHEMA = 1


def _code_key() -> str:
    """What the output depends on besides the page: the code that adds the addresses and
    the HTML parser's version."""
    digest = hashlib.blake2b(f"{_SCHEMA}\0{importlib.metadata.version('selectolax')}".encode(), digest_size=16)
    for module in (citizen, urls):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


class PrintAddresses:
    """:func:`oit.pages.citizen.add_print_urls` for one build, from a cache file when it has the page."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._key = _code_key() if path is not None else ""
        self._known: dict[str, str] = (read_cache(path, self._key, dict) or {}) if path is not None else {}
        self._used: dict[str, str] = {}
        self.computed = 0
        """Pages whose addresses this build had to join (the others came from the cache)."""

    @classmethod
    def beside(cls, config_file: str | Path | None) -> PrintAddresses:
        """The cache beside mkdocs.yml; none when ``OIT_NO_CACHE`` is set or mkdocs.yml came from stdin."""
        return cls(cache_beside(config_file, CACHE_FILE))

    def add(self, content_html: str, page_url: str) -> str:
        """The page's content with its print addresses."""
        digest = hashlib.blake2b(f"{page_url}\0{content_html}".encode("utf-8", "surrogatepass"),
                                 digest_size=20).hexdigest()
        done = self._known.get(digest)
        if done is None:
            done = citizen.add_print_urls(content_html, page_url)
            self.computed += 1
        self._used[digest] = done
        return done

    def save(self) -> None:
        """Keep this build's pages for the next build (nothing is written when none is new)."""
        if self.path is not None and self._used.keys() != self._known.keys():
            write_cache(self.path, self._key, self._used)
        self._known = self._used
        self._used = {}
