"""On-disk cache of external-link results, shared between runs of the checker.

An officer runs the checker many times in the weeks before the NACC deadline; most
external links (the province's site, the ITAS portal, e-service pages) do not change
between runs, so re-checking every one of them each time only slows the run and
annoys the servers. Only *passing* results are kept: a failure is always checked
again, because a cached failure would hide a fix and a cached failure that has since
healed would keep a good item red (the html-proofer #733 trap).

The file is JSON (``.oit-cache/links.json`` in the site folder by default), written
atomically (:func:`oit.core.atomic.write_text_atomic`: a temporary file and
:func:`os.replace`), so an interrupted run or
two concurrent runs never leave a half-written file behind. A missing, unreadable or
corrupt file is treated as an empty cache: the cache is an optimisation and must never
be the reason a check fails.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from oit.checker.link_result import PASSING_STATUSES, LinkResult
from oit.core.atomic import write_text_atomic
from oit.core.errors import InputError

__all__ = ["CACHE_SCHEMA", "DEFAULT_CACHE_DIR", "DEFAULT_CACHE_FILE", "LinkCache"]

log = logging.getLogger(__name__)

#: Folder, relative to the site folder, that holds the checker's caches.
DEFAULT_CACHE_DIR: Final = ".oit-cache"
#: File name of the link cache inside :data:`DEFAULT_CACHE_DIR`.
DEFAULT_CACHE_FILE: Final = "links.json"
#: Bumped when the file layout changes; a file with another schema is ignored.
CACHE_SCHEMA: Final = 1


class LinkCache:
    """Passing link results remembered for ``max_age`` seconds.

    ``now`` is injectable so tests can move time without sleeping.
    """

    def __init__(
        self,
        path: Path,
        max_age: float = 24 * 3600,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.max_age = float(max_age)
        self._now = now
        self._enabled = True
        self._dirty = False
        # url -> stored entry (a plain dict, exactly what goes into the JSON file)
        self._entries: dict[str, dict[str, Any]] = self._load()

    # -- construction -------------------------------------------------------------

    @classmethod
    def disabled(cls) -> LinkCache:
        """A cache for ``--no-cache``: never returns a hit and never touches the disk."""
        cache = cls.__new__(cls)
        cache.path = Path(os.devnull)
        cache.max_age = 0.0
        cache._now = time.time
        cache._enabled = False
        cache._dirty = False
        cache._entries = {}
        return cache

    @classmethod
    def for_site(cls, site_dir: Path, max_age: float = 24 * 3600) -> LinkCache:
        """The cache at its default place, ``<site_dir>/.oit-cache/links.json``."""
        return cls(Path(site_dir) / DEFAULT_CACHE_DIR / DEFAULT_CACHE_FILE, max_age=max_age)

    @property
    def enabled(self) -> bool:
        """False for :meth:`disabled` caches."""
        return self._enabled

    def __len__(self) -> int:
        return len(self._entries)

    # -- reading ------------------------------------------------------------------

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            log.warning("link cache %s unreadable, starting empty: %s", self.path, exc)
            return {}
        try:
            data = json.loads(raw)
        except ValueError as exc:
            log.warning("link cache %s is corrupt, starting empty: %s", self.path, exc)
            return {}
        if not isinstance(data, dict) or data.get("schema") != CACHE_SCHEMA:
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return {}
        return {url: entry for url, entry in entries.items() if isinstance(url, str) and _valid_entry(entry)}

    def _fresh(self, entry: dict[str, Any]) -> bool:
        age = self._now() - float(entry["checked_at"])
        # A timestamp in the future (clock moved back) is not trusted either.
        return 0.0 <= age < self.max_age

    def get(self, url: str) -> LinkResult | None:
        """The cached passing result for ``url`` if younger than ``max_age``, else None.

        The result has ``from_cache=True`` and ``elapsed=0.0`` (no time was spent on
        it in this run).
        """
        if not self._enabled:
            return None
        entry = self._entries.get(url)
        if entry is None or not self._fresh(entry):
            return None
        return LinkResult(
            url=url,
            status=entry["status"],
            http_status=entry.get("http_status"),
            final_url=entry.get("final_url"),
            message=entry["message"],
            elapsed=0.0,
            from_cache=True,
        )

    # -- writing ------------------------------------------------------------------

    def put(self, result: LinkResult) -> None:
        """Remember a passing result; forget the URL if the result is a failure."""
        if not self._enabled:
            return
        if result.status not in PASSING_STATUSES:
            # Failures are never cached, and a URL that now fails must not be served
            # from an older passing entry either.
            if self._entries.pop(result.url, None) is not None:
                self._dirty = True
            return
        if result.from_cache:
            # Re-putting a hit must not refresh its age, or an entry that is read on
            # every run would never expire and never be checked again.
            return
        self._entries[result.url] = {
            "status": result.status,
            "http_status": result.http_status,
            "final_url": result.final_url,
            "message": result.message,
            "elapsed": round(result.elapsed, 4),
            "checked_at": self._now(),
        }
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically (temp file in the same folder + ``os.replace``).

        Expired entries are dropped so the file does not grow forever. Errors are
        logged, not raised: a read-only site folder must not fail the check.
        """
        if not self._enabled:
            return
        fresh = {url: e for url, e in self._entries.items() if self._fresh(e)}
        if not self._dirty and len(fresh) == len(self._entries):
            return
        self._entries = fresh
        payload = json.dumps(
            {"schema": CACHE_SCHEMA, "entries": fresh},
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
        try:
            write_text_atomic(self.path, payload)  # beside the file, fsync, os.replace
        except InputError as exc:
            log.warning("could not write link cache %s: %s", self.path, exc)
            return
        self._dirty = False


def _valid_entry(entry: object) -> bool:
    """True when a JSON entry has the fields :meth:`LinkCache.get` needs."""
    if not isinstance(entry, dict):
        return False
    checked_at = entry.get("checked_at")
    return (
        entry.get("status") in PASSING_STATUSES
        and isinstance(entry.get("message"), str)
        and isinstance(checked_at, int | float)
        and not isinstance(checked_at, bool)
        and math.isfinite(checked_at)
        and (entry.get("http_status") is None or isinstance(entry.get("http_status"), int))
        and (entry.get("final_url") is None or isinstance(entry.get("final_url"), str))
    )
