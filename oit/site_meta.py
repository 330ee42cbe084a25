"""Values the theme templates show on every page (organisation, contact, dates)."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from oit.fiscal_calendar import format_date, parse_date
from oit.indicators import Site

AS_OF_ENV = "OIT_AS_OF"


def as_of_date() -> date:
    """The day the site describes: ``OIT_AS_OF`` (set by ``oit build --as-of``) or today."""
    value = os.environ.get(AS_OF_ENV)
    return parse_date(value) if value else date.today()


def site_context(site: Site) -> dict[str, Any]:
    """What overrides/main.html reads from ``config.extra.oit``."""
    return {
        "site_name": site.organization.name,
        "organization": site.organization.name,
        "contact": site.organization.contact,
        "fiscal_year": site.fiscal_year.be_year,
        "fiscal_year_label": site.fiscal_year.label,
        "built_th": format_date(as_of_date()),
    }
