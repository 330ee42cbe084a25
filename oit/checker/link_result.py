"""The verdict on one URL: shared by the link checker and its cache."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: Every status a :class:`LinkResult` can carry.
STATUSES: Final = frozenset({"ok", "redirected", "broken", "timeout", "blocked", "invalid"})
#: Statuses that count as a working link.
PASSING_STATUSES: Final = frozenset({"ok", "redirected"})


@dataclass(frozen=True)
class LinkResult:
    """The verdict on one URL, with a Thai message the officer can act on.

    ``status`` is one of :data:`STATUSES`. ``final_url`` is where the last response
    came from (after redirects), or None when no response arrived. ``elapsed`` is the
    time this run spent on the URL (0.0 for cache hits and invalid URLs).
    """

    url: str
    status: str
    http_status: int | None
    final_url: str | None
    message: str
    elapsed: float
    from_cache: bool = False
    #: The host name did not resolve (no DNS answer): the one failure that a machine
    #: without any network gives for every link, see ``links.machine_offline``.
    unresolved: bool = False

    @property
    def ok(self) -> bool:
        """True when the link works (``ok`` or ``redirected``)."""
        return self.status in PASSING_STATUSES
