"""One build's data: indicators.yml loaded, evaluated and turned into pages once.

``hooks/ita.py`` and ``hooks/citizen.py`` both need the loaded site, every item's status
and the files made from them (``oit.pages.citizen.with_citizen_pages``, the files
``oit generate`` writes). The first hook to run keeps a :class:`BuildData` in
``config.extra`` (a fresh dict each time mkdocs reads its config, so ``mkdocs serve``
never sees a stale site) and the others take it from there.

Between builds the same data is kept in ``.oit-cache/build.pickle`` beside mkdocs.yml,
under a fingerprint of everything the pages are made from: indicators.yml and
``archive/*.yml`` byte for byte, the name, size and modification time of every entry
under ``content/``, the day the site describes, the folder, and this package's own code,
templates and catalogs with the versions of the libraries that shape the output. Any
difference is a miss and the data is made afresh, so a cached build gives the same
site as an uncached one; an unreadable cache is ignored. ``OIT_NO_CACHE=1`` turns it off.

The usual edit is to indicators.yml alone, and the earlier years in ``archive/`` are most
of what a site holds (four of five years on a site kept for five). So the archived years,
loaded and validated, are kept too, in ``.oit-cache/archives.pickle``, under the same
fingerprint without indicators.yml: after such an edit only the current year is read
again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import stat
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from oit.build.pickle_cache import read_cache, write_cache
from oit.core.indicators import ARCHIVE_DIR, CONFIG_NAME, CONTENT_DIR, Site, load_archives, load_site
from oit.core.rules import ItemResult
from oit.pages.generate import evaluate_site, generate_pages
from oit.pages.site_meta import as_of_date, caching_enabled

EXTRA_KEY = "_oit_build"
"""Where the shared data lives in ``config.extra`` (not a value the templates read)."""

CACHE_FILE = Path(".oit-cache") / "build.pickle"
ARCHIVES_CACHE_FILE = Path(".oit-cache") / "archives.pickle"

_SCHEMA = 3
_LIBRARIES = ("jinja2", "markupsafe", "pydantic", "segno", "PyYAML")


@dataclass
class BuildData:
    """The loaded site and, made on first use, the statuses and the generated files."""

    site: Site
    as_of: date
    archives: list[Site] | None = None
    """The archived years, when the caller has them already (else loaded with the pages)."""
    _results: dict[str, ItemResult] | None = field(default=None, repr=False)
    _pages: dict[str, str] | None = field(default=None, repr=False)
    _citizen: dict[str, str] | None = field(default=None, repr=False)

    @property
    def results(self) -> dict[str, ItemResult]:
        """Every item's status, offline, as the public pages show it."""
        if self._results is None:
            self._results = evaluate_site(self.site, self.as_of)
        return self._results

    @property
    def pages(self) -> dict[str, str]:
        """The ITA index, item and archive pages as published ({path under content/: Markdown})."""
        if self._pages is None:
            from oit.pages.citizen import published_pages

            pages = generate_pages(self.site, self.as_of, archives=self.archives, results=self.results)
            self._pages = published_pages(self.site, self.as_of, pages)
        return self._pages

    @property
    def citizen(self) -> dict[str, str]:
        """The dashboard, QR codes, feed, open data and robots.txt (``oit.pages.citizen``)."""
        if self._citizen is None:
            from oit.pages.citizen import published_citizen_files

            self._citizen = published_citizen_files(self.site, self.as_of, self.results)
        return self._citizen

    @property
    def files(self) -> dict[str, str]:
        """Every generated file: what ``oit generate`` writes and the hooks add to mkdocs."""
        return {**self.pages, **self.citizen}


def build_for(config_file: str | Path, extra: MutableMapping[str, Any]) -> BuildData:
    """:func:`shared_build` for the site of ``config_file`` (mkdocs.yml) as of the build's
    day (``OIT_AS_OF``), cached beside it."""
    root = Path(config_file).parent
    return shared_build(extra, root, as_of_date(), cache=root / CACHE_FILE)


def shared_build(
    extra: MutableMapping[str, Any], root: Path, as_of: date, *, cache: Path | None = None
) -> BuildData:
    """The build's data from ``extra``; else from the cache file ``cache``; else loaded.

    Loading from indicators.yml makes every page at once and, when ``cache`` is given,
    stores them there for the next build. Raises ``InputError``/``InputErrors`` like
    ``load_site`` (nothing is cached then).
    """
    root = Path(root)
    held = extra.get(EXTRA_KEY)
    if isinstance(held, BuildData) and held.site.root == root and held.as_of == as_of:
        return held
    data = None
    if cache is None or not caching_enabled():
        data = BuildData(load_site(root, as_of=as_of), as_of)
    else:
        base = _fingerprint_without_config(root, as_of)
        key = _with_config(base, root)
        data = read_cache(cache, key, BuildData)
        if data is None:
            data = BuildData(load_site(root, as_of=as_of), as_of)
            data.archives = _cached_archives(data.site, cache.parent / ARCHIVES_CACHE_FILE.name, base)
            _ = data.pages, data.citizen  # made now, so the cache holds everything
            data.archives = None  # in the pages now, and kept in their own file
            write_cache(cache, key, data)
    extra[EXTRA_KEY] = data
    return data


def _cached_archives(site: Site, path: Path, key: str) -> list[Site]:
    """The archived years from ``path`` when it was written under ``key``, else loaded and stored."""
    stored = read_cache(path, key, list)
    if stored is not None and all(isinstance(s, Site) for s in stored):
        return stored
    archives = load_archives(site)  # raises InputErrors on a broken archive: nothing stored
    write_cache(path, key, archives)
    return archives


def fingerprint(root: Path, as_of: date) -> str:
    """A digest of everything the generated pages depend on (see the module docstring)."""
    return _with_config(_fingerprint_without_config(root, as_of), root)


def _with_config(base: str, root: Path) -> str:
    digest = hashlib.blake2b(base.encode("ascii"), digest_size=20)
    try:
        digest.update(b"\0" + (root / CONFIG_NAME).read_bytes())
    except OSError as exc:
        digest.update(b"\1" + type(exc).__name__.encode())
    return digest.hexdigest()


def _fingerprint_without_config(root: Path, as_of: date) -> str:
    """Everything but indicators.yml: what the archived years (and the pages) depend on."""
    digest = hashlib.blake2b(digest_size=20)

    def feed(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape"))
            digest.update(b"\0")

    # today as well as the build's day: an archived file without fiscal_year is read as
    # the year of today (load_archives passes no day)
    feed(_SCHEMA, Path(root).resolve(), as_of.isoformat(), date.today().isoformat())
    for name in _LIBRARIES:
        try:
            feed(name, importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            feed(name, "-")
    # the code that makes the pages and the statuses: oit/ with every layer (site_checks/
    # is only a shim over oit.checker)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".yml", ".yaml", ".json"}:
            feed(path.relative_to(package.parent).as_posix(), path.read_bytes())
    for path in sorted((root / ARCHIVE_DIR).glob("*.yml")):
        try:
            feed(path.name, path.read_bytes())
        except OSError as exc:
            feed(path.name, type(exc).__name__)
    _feed_tree(feed, root / CONTENT_DIR)
    return digest.hexdigest()


def _feed_tree(feed: Any, top: Path) -> None:
    """Every entry under ``top``: path, type, size and mtime; a symlink's target too."""
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        for name in [*dirs, *sorted(files)]:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, top)
            try:
                info = os.lstat(path)
                feed(rel, info.st_mode, info.st_size, info.st_mtime_ns)
                if stat.S_ISLNK(info.st_mode):
                    target = os.stat(path)
                    feed(os.readlink(path), target.st_mode, target.st_size, target.st_mtime_ns)
            except OSError as exc:
                feed(rel, type(exc).__name__)
