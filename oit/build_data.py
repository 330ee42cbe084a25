"""One build's data: indicators.yml loaded and evaluated once, shared by the mkdocs hooks.

``hooks/ita.py`` and ``hooks/citizen.py`` both need the loaded site and every item's
status. Loading and validating a large indicators.yml is a good part of what the hooks
cost a build, so the first hook to run keeps the result in ``config.extra`` (a fresh
dict each time mkdocs reads its config, so ``mkdocs serve`` never sees a stale site)
and the others take it from there.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from oit.generate import evaluate_site
from oit.indicators import Site, load_site
from site_checks.rules import ItemResult

EXTRA_KEY = "_oit_build"
"""Where the shared data lives in ``config.extra`` (not a value the templates read)."""


@dataclass
class BuildData:
    """The loaded site and, computed on first use, the status of every item."""

    site: Site
    as_of: date
    _results: dict[str, ItemResult] | None = field(default=None, repr=False)

    @property
    def results(self) -> dict[str, ItemResult]:
        if self._results is None:
            self._results = evaluate_site(self.site, self.as_of)
        return self._results


def shared_build(extra: MutableMapping[str, Any], root: Path, as_of: date) -> BuildData:
    """The build's data from ``extra``, loading indicators.yml if no hook has yet.

    Raises ``InputError``/``InputErrors`` like ``load_site``.
    """
    held = extra.get(EXTRA_KEY)
    if isinstance(held, BuildData) and held.site.root == Path(root) and held.as_of == as_of:
        return held
    data = BuildData(load_site(root, as_of=as_of), as_of)
    extra[EXTRA_KEY] = data
    return data
