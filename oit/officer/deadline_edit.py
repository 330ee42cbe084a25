"""``oit deadline DATE``: set the NACC's deadline in indicators.yml when it is announced.

``oit init`` without ``--deadline`` says once how to add it later; this is that command.
The date is checked as ``--deadline`` is (BE, Thai digits, inside the assessed year), the
file is edited with its comments kept, and the result must load before it stays: a
failure puts the original bytes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from oit.core.errors import InputError, InputErrors, raise_all
from oit.core.indicators import CONFIG_NAME, load_site
from oit.officer.contact_details import check_deadline
from oit.officer.indicators_edit import IndicatorsDocument


@dataclass(frozen=True)
class DeadlineResult:
    """What changed: the old deadline (None: there was none) and the new one."""

    old: date | None
    new: date


def set_deadline(root: Path, value: str, *, today: date | None = None) -> DeadlineResult:
    """Write ``deadline:`` (BE ``YYYY-MM-DD``) into the site's indicators.yml."""
    root = Path(root)
    site = load_site(root, as_of=today)
    text, errors = check_deadline(value, site.fiscal_year, where="oit deadline")
    raise_all(errors)
    assert text is not None
    document = IndicatorsDocument.open(site.config_path, CONFIG_NAME)
    document.set_top("deadline", text)
    if "deadline" in document.data and document.data.ca.items.get("deadline") is None:
        document.data.yaml_add_eol_comment("# วันสุดท้ายที่ต้องเผยแพร่ครบ (ประกาศ ป.ป.ช.)", "deadline", column=25)
    document.save()
    try:
        new_site = load_site(root, as_of=today)
    except (InputError, InputErrors):  # pragma: no cover - the date was checked above
        document.restore()
        raise
    assert new_site.deadline is not None
    return DeadlineResult(site.deadline, new_site.deadline)
