"""What a publish sends and deletes, and in which order, so a reader never meets a broken link.

Order of uploads, by what links to what: documents, images and fonts first; then the style
sheets and scripts that use them; then the HTML pages; last the lists of pages (sitemap,
feed, search index). A page therefore only arrives once everything it links to is there.
Deletions come after every upload, in the opposite order (pages before what they used).
A file the previous manifest does not name is never deleted.

Within a tier, new files go before changed ones: nothing on the target links to a new page
yet, so it may arrive first; a changed page that links to it comes after. (A first publish
has no live pages, and pages link to each other in circles: until it completes, a page may
link to a page not yet sent.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from oit.publishing.manifest import FileEntry

_STYLE_AND_SCRIPT = {".css", ".js", ".mjs", ".map"}
_PAGES = {".html", ".htm"}
# the security headers carry the hashes of the pages' inline scripts: they go with the pages
_PAGE_LISTS = {"sitemap.xml", "sitemap.xml.gz", "feed.xml", "search/search_index.json", "_headers", ".htaccess"}


def tier(rel: str) -> int:
    """0 documents and media, 1 style sheets and scripts, 2 pages, 3 lists of pages."""
    if rel in _PAGE_LISTS:
        return 3
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix in _PAGES:
        return 2
    if suffix in _STYLE_AND_SCRIPT:
        return 1
    return 0


@dataclass
class Plan:
    uploads: list[str] = field(default_factory=list)  # in sending order
    deletions: list[str] = field(default_factory=list)  # in deleting order
    unchanged: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.uploads and not self.deletions


def make_plan(site: dict[str, FileEntry], on_target: dict[str, FileEntry]) -> Plan:
    """Upload what is new or changed, delete what the site no longer has (of the manifest only)."""
    uploads = [rel for rel, entry in site.items() if on_target.get(rel) != entry]
    unchanged = [rel for rel, entry in site.items() if on_target.get(rel) == entry]
    deletions = [rel for rel in on_target if rel not in site]
    return Plan(
        uploads=sorted(uploads, key=lambda rel: (tier(rel), rel in on_target, rel)),
        deletions=sorted(deletions, key=lambda rel: (-tier(rel), rel)),
        unchanged=sorted(unchanged),
    )
