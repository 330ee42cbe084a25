"""The site as the overview shows it, computed again only when something on disk changed.

The overview and item pages need the loaded site and the offline check report (the same
``run_check`` as ``oit check --offline``). On a 2,600-document site that costs about
0.6 s; most page views change nothing, so the pair is kept with a signature of what it
was computed from: the day, the bytes of indicators.yml, and the name, size and mtime of
every file under content/ and archive/ (one ``stat`` each, no reads). Any edit (by the
console, by hand, a file dropped into content/) changes the signature and the next view
computes afresh.
"""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import date
from pathlib import Path

from oit.checker.check import CheckOptions, run_check
from oit.checker.report import Report
from oit.core.indicators import ARCHIVE_DIR, CONFIG_NAME, CONTENT_DIR, Site, load_site


def signature(root: Path) -> str:
    """A digest of indicators.yml's bytes and of every file's name, size and mtime below the site's folders."""
    digest = hashlib.sha256()
    try:
        digest.update((root / CONFIG_NAME).read_bytes())
    except OSError:
        digest.update(b"\0missing")
    for folder in (CONTENT_DIR, ARCHIVE_DIR):
        for parent, dirs, files in os.walk(root / folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(parent, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


class Snapshots:
    """The latest (site, offline report) of one site folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._key: tuple[date, str] | None = None
        self._value: tuple[Site, Report] | None = None

    def get(self, day: date) -> tuple[Site, Report]:
        key = (day, signature(self.root))
        with self._lock:
            if key == self._key and self._value is not None:
                return self._value
        report = run_check(CheckOptions(site=self.root, as_of=day, offline=True))
        value = (load_site(self.root, as_of=day), report)
        with self._lock:
            self._key, self._value = key, value
        return value
