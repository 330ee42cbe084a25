"""Values the theme templates show on every page (organisation, contact, dates),
and the build settings the hooks read from the environment."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import escape

from oit.core.fiscal_calendar import format_date, parse_date
from oit.core.indicators import Site
from oit.pages.feeds import PageDates

AS_OF_ENV = "OIT_AS_OF"
NO_CACHE_ENV = "OIT_NO_CACHE"
"""Environment variable: any value but empty or ``0`` turns the build caches off."""


def caching_enabled() -> bool:
    """False when ``OIT_NO_CACHE`` is set (cold-build benchmarks, suspicion of a stale cache)."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_beside(config_file: str | Path | None, name: Path) -> Path | None:
    """``name`` (a path under ``.oit-cache/``) in the folder of mkdocs.yml; None when the
    caches are off or mkdocs.yml came from standard input."""
    return Path(config_file).parent / name if config_file and caching_enabled() else None


def as_of_date() -> date:
    """The day the site describes: ``OIT_AS_OF`` (set by ``oit build --as-of``) or today."""
    value = os.environ.get(AS_OF_ENV)
    return parse_date(value) if value else date.today()


def site_context(site: Site) -> dict[str, Any]:
    """What overrides/main.html reads from ``config.extra.oit``."""
    return {
        # Material prints site_name and nav titles without escaping; Markup keeps the
        # templates that do say `| e` from escaping a second time.
        "site_name": escape(site.organization.name),
        "organization": site.organization.name,
        "contact": site.organization.contact,
        "fiscal_year": site.fiscal_year.be_year,
        "fiscal_year_label": site.fiscal_year.label,
        "built_th": format_date(as_of_date()),
    }


def expand_ita_nav(nav: list[Any] | None, site: Site, index: str = "ita/index.md") -> list[Any] | None:
    """Replace the nav entry pointing at the ITA index by the whole ITA section.

    The officer writes one line in mkdocs.yml; the item pages follow the catalog's order
    (o1, o2, … o10) rather than the file names' (o1, o10, o11, … o2).
    """
    if nav is None:
        return None
    section: list[Any] = [{"ภาพรวมทุกรายการ": index}]
    section += [{escape(f"{code} {record.spec.title}"): f"ita/{code}.md"} for code, record in site.items.items()]
    section.append({"เอกสารย้อนหลัง": "ita/archive/index.md"})
    expanded: list[Any] = []
    for entry in nav:
        if entry == index:
            expanded.append({"ข้อมูลสาธารณะ (ITA)": section})
        elif isinstance(entry, dict) and len(entry) == 1:
            title, value = next(iter(entry.items()))
            if value == index:
                expanded.append({title: section})
            elif isinstance(value, list):
                expanded.append({title: expand_ita_nav(value, site, index)})
            else:
                expanded.append(entry)
        else:
            expanded.append(entry)
    return expanded


def updated_meta(day: date) -> dict[str, str]:
    """The page's "last updated" day, as ``overrides/main.html`` prints it in the footer."""
    return {"oit_updated": format_date(day), "oit_updated_iso": day.isoformat()}


def with_updated_date(markdown: str, day: date) -> str:
    """A generated page with :func:`updated_meta` in its front matter (added or extended).

    In the front matter rather than set by a hook, so a page written by ``oit generate``
    carries its date to any engine; the values are JSON strings, which YAML reads as is.
    """
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in updated_meta(day).items())
    if markdown.startswith("---\n") and "\n---\n" in markdown[3:]:
        return "---\n" + lines + markdown[4:]
    return f"---\n{lines}---\n\n{markdown}"


def page_updated_meta(dates: PageDates, src_path: str, generated: bool, as_of: date) -> dict[str, str]:
    """:func:`updated_meta` of a page in the build: an officer's page under ``content/``
    by its last commit or edit (:class:`PageDates`), a generated one by ``as_of``."""
    day = None if generated else dates.of(src_path)
    return updated_meta(day or as_of)

