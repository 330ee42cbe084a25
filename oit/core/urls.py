"""The site's public addresses: pages and files under ``site_url``.

The site is built with ``use_directory_urls: false``, so a page ``a/b.md`` is published
as ``a/b.html``. Paths are percent-encoded (Thai file names, spaces) so an address
survives being pasted into ITAS or printed on the notice board.
"""

from __future__ import annotations

from urllib.parse import quote, urljoin

ITEM_PAGE_DIR = "ita"
"""Where the generated item pages live (``ita/<code>.md``)."""

# Characters left as they are in a path; everything else (Thai, spaces, quotes) is encoded.
_PATH_SAFE = "/-._~"


def join_url(base: str, url: str) -> str:
    """``url`` resolved against ``base`` (RFC 3986), as a browser resolves a link."""
    return urljoin(base, url)


def quote_path(path: str) -> str:
    """A path under ``content/`` percent-encoded for use in a URL."""
    return quote(path, safe=_PATH_SAFE)


def page_url(site_url: str, src_path: str) -> str:
    """Absolute public URL of a page or file given by its path under ``content/``.

    ``.md`` pages become ``.html``; the path is percent-encoded, so Thai file names stay
    valid URLs. A ``site_url`` without a trailing slash is taken as a folder.
    """
    path = src_path[:-3] + ".html" if src_path.endswith(".md") else src_path
    base = site_url if site_url.endswith("/") else site_url + "/"
    return join_url(base, quote_path(path))


def item_url(site_url: str, code: str) -> str:
    """The absolute URL of an item's page, the one submitted to ITAS and put on the board."""
    return page_url(site_url, f"{ITEM_PAGE_DIR}/{code}.md")


__all__ = ["ITEM_PAGE_DIR", "item_url", "join_url", "page_url", "quote_path"]
