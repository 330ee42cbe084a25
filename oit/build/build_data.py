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
again, and the archive pages of years that only the archives hold come from there too.
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

_SCHEMA = 5
_LIBRARIES = ("jinja2", "markupsafe", "pydantic", "segno", "PyYAML")


@dataclass
class BuildData:
    """The loaded site and, made on first use, the statuses and the generated files."""

    site: Site
    as_of: date
    archives: list[Site] | None = None
    """The archived years, when the caller has them already (else loaded with the pages)."""
    archive_pages: dict[int, str] | None = None
    """Archive pages of years that hold archived documents only, kept with the archives
    (``generate_pages``' ``kept``)."""
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

            pages = generate_pages(self.site, self.as_of, archives=self.archives, results=self.results,
                                   kept=self.archive_pages)
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
            archives_file = cache.parent / ARCHIVES_CACHE_FILE.name
            archived = read_cache(archives_file, base, _Archived)
            if archived is None:  # InputErrors on a broken archive: nothing stored
                archived = _Archived(load_archives(data.site), {})
            data.archives, data.archive_pages = archived.sites, dict(archived.year_pages)
            _ = data.pages, data.citizen  # made now, so the cache holds everything
            if data.archive_pages != archived.year_pages or not archives_file.exists():
                write_cache(archives_file, base, _Archived(archived.sites, data.archive_pages))
            data.archives = data.archive_pages = None  # in the pages now, and kept in their own file
            write_cache(cache, key, data)
    extra[EXTRA_KEY] = data
    return data


@dataclass
class _Archived:
    """What ``archives.pickle`` holds: the archived years loaded and validated, and the
    archive pages made from them alone."""

    sites: list[Site]
    year_pages: dict[int, str]


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
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if os.path.splitext(name)[1] in {".py", ".j2", ".yml", ".yaml", ".json"}:
                path = Path(folder, name)
                feed(path.relative_to(package.parent).as_posix(), path.read_bytes())
    for path in sorted((root / ARCHIVE_DIR).glob("*.yml")):
        try:
            feed(path.name, path.read_bytes())
        except OSError as exc:
            feed(path.name, type(exc).__name__)
    records: list[str] = []
    _tree_records(str(root / CONTENT_DIR), "", records)
    feed("\0".join(records))
    return digest.hexdigest()


def _tree_records(top: str, prefix: str, records: list[str]) -> None:
    """Every entry under ``top``: path, type, size and mtime; a symlink's target too.

    One string per entry, hashed at once: on a site of 2,600 documents this takes a
    third of the time that feeding the digest field by field did.
    """
    try:
        with os.scandir(top) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except FileNotFoundError:
        return
    except OSError as exc:
        records.append(f"{prefix}\0!{type(exc).__name__}")
        return
    folders = []
    for entry in entries:
        rel = prefix + entry.name
        try:
            info = entry.stat(follow_symlinks=False)
            records.append(f"{rel}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}")
            if stat.S_ISLNK(info.st_mode):
                target = os.stat(entry.path)
                records.append(f"->{os.readlink(entry.path)}\0{target.st_mode}\0{target.st_size}\0{target.st_mtime_ns}")
            elif stat.S_ISDIR(info.st_mode):  # a symlinked folder is not entered
                folders.append(entry)
        except OSError as exc:
            records.append(f"{rel}\0!{type(exc).__name__}")
    for entry in folders:
        _tree_records(entry.path, f"{prefix}{entry.name}/", records)
