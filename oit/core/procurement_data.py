"""Where a month's procurement summary (สขร.1) is kept as data, and how it is read back.

``oit import procurement`` (the paperwork layer) writes ``content/procurement/<BE month>.md``
for citizens and, beside it, ``<BE month>.json`` with the rows; the open data of the site
(the pages layer) publishes those rows again. Both sides meet here, so neither imports
the other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PROCUREMENT_DIR = "procurement"
"""The folder under ``content/`` that holds the monthly pages and their data."""


def month_data_path(page_target: str) -> str | None:
    """``procurement/2569-10.json`` for the page ``procurement/2569-10.md``; None for any other page."""
    folder, _, name = page_target.rpartition("/")
    if folder != PROCUREMENT_DIR or not name.endswith(".md"):
        return None
    return f"{folder}/{name[:-3]}.json"


def read_month_data(path: Path) -> dict[str, Any] | None:
    """The month's record (``month``, ``none``, ``rows``) or None when the file is missing or not ours.

    A file edited by hand into something else is left out of the open data rather than
    failing the build: the page itself is still what citizens read.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(data, dict) and isinstance(data.get("month"), str) and isinstance(data.get("rows"), list)
            and all(isinstance(row, dict) for row in data["rows"])):
        return None
    return data


__all__ = ["PROCUREMENT_DIR", "month_data_path", "read_month_data"]
