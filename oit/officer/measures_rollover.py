"""``oit new-year`` and measures.yml: keep last year's file, start the new year's from it.

Measures usually continue from one year to the next, their results do not. When the site
has a measures.yml, the rollover

* keeps the file as it is, byte for byte, as ``archive/measures/<old FY>.yml`` (beside
  ``archive/<old FY>.yml``, in a folder of its own: every ``archive/*.yml`` is read as an
  indicators file);
* writes the new year's file from it with ruamel.yaml's round trip (header comments,
  order, quoting and Thai digits kept): ``fiscal_year`` goes up (when the file has one),
  the memo, approval and signers stay, each measure keeps its title, issue, steps,
  responsible and monitoring, its ``timing`` moves by the years the rollover moves
  (only the years of the fiscal year that ends: ``ตุลาคม ๒๕๖๙ – กันยายน ๒๕๗๐`` becomes
  ``ตุลาคม ๒๕๗๐ – กันยายน ๒๕๗๑``), and every ``results:`` with content is removed: it
  belongs to last year and is in the archive;
* with ``--assessment``, moves an item code in ``issue`` and ``report_item`` to its new
  code (the same crosswalk as indicators.yml); a code the new catalog drops is refused
  before anything is written, naming the line.

A measures.yml that does not load (the check ``oit report measures`` makes) refuses the
rollover before anything is written: the new year would start from a broken file, and
half a rollover is worse than none. Both files go into the rollover's undo record.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from oit.core.advice import oit_command
from oit.core.catalog import Catalog
from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import FiscalYear, to_arabic_digits, to_thai_digits
from oit.core.indicators import ARCHIVE_DIR, Site
from oit.core.measures import MEASURES_NAME, load_measures
from oit.officer.indicators_edit import IndicatorsDocument, pop_trailer, push_trailer

MEASURES_ARCHIVE_DIR = f"{ARCHIVE_DIR}/measures"
"""Where each year's measures.yml is kept: ``archive/measures/<FY>.yml``."""

_YEAR = re.compile(r"(?<![0-9๐-๙])[0-9๐-๙]{4}(?![0-9๐-๙])")


@dataclass(frozen=True)
class MeasuresRoll:
    """measures.yml's part of a rollover, worked out but not written."""

    archive: str  # POSIX, under the site folder: archive/measures/2570.yml
    archive_bytes: bytes  # the file as it was, which is also what the plan read
    new_bytes: bytes  # the new year's file
    measures: int  # how many measures the new year starts with
    cleared: list[int] = field(default_factory=list)  # measures whose results were removed
    retimed: list[int] = field(default_factory=list)  # measures whose timing moved
    recoded: list[str] = field(default_factory=list)  # "มาตรการที่ 2: o12 → o11"
    legacy_thai: bool = False  # read as TIS-620 / Windows-874; the new file is UTF-8


def measures_archive(old: FiscalYear) -> str:
    return f"{MEASURES_ARCHIVE_DIR}/{old.be_year}.yml"


def check_measures(root: Path, site: Site, old: FiscalYear) -> list[InputError]:
    """Why measures.yml cannot be rolled (``[]``: it can, or the site has none)."""
    if not (root / MEASURES_NAME).exists():
        return []
    archive = measures_archive(old)
    if (root / archive).exists():
        return [InputError(archive, None, f"มีแฟ้มย้อนหลังของ measures.yml ปีงบประมาณ {old} อยู่แล้ว"
                                          " — อาจขึ้นปีใหม่ไปแล้ว",
                           "ตรวจ fiscal_year ใน measures.yml และ indicators.yml; ถ้าต้องการทำใหม่จริง"
                           " ให้ย้ายแฟ้มเดิมออกก่อน")]
    try:
        load_measures(site)
    except InputError as exc:
        errors = [exc]
    except InputErrors as exc:
        errors = list(exc.errors)
    else:
        return []
    return [*errors, InputError(
        MEASURES_NAME, None, "ต้องแก้ให้ถูกต้องก่อนขึ้นปีงบประมาณใหม่ (ปีใหม่เริ่มจากมาตรการในไฟล์นี้)",
        f"แก้ตามรายการข้างต้น ตรวจด้วย {oit_command('report measures --round half', root)} แล้วสั่งอีกครั้ง;"
        f" ถ้าไม่ใช้ {MEASURES_NAME} แล้ว ให้ย้ายไฟล์ออกจากโฟลเดอร์ของเว็บไซต์ก่อน")]


def _line(container: Any, key: Any) -> int | None:
    try:
        return int(container.lc.key(key)[0]) + 1 if isinstance(container, CommentedMap) else None
    except (AttributeError, KeyError, TypeError):
        return None


def _same_style(old: Any, text: str) -> Any:
    """``text`` as the scalar ``old`` was: Thai digits if it had them, its quotes kept."""
    if isinstance(old, str) and old != to_arabic_digits(old):
        text = to_thai_digits(text)
    if isinstance(old, str) and type(old) is not str:
        return type(old)(text)  # a quoted scalar of ruamel's stays quoted
    if isinstance(old, str) or not text.isdigit():
        return text
    return int(text)


def _shift_years(text: str, old: FiscalYear, years: int) -> str:
    """The years of the fiscal year ``old`` (its two BE years) in ``text`` moved by ``years``."""
    own = {old.be_year - 1, old.be_year}

    def moved(match: re.Match[str]) -> str:
        typed = match.group(0)
        year = int(to_arabic_digits(typed))
        if year not in own:
            return typed
        out = str(year + years)
        return to_thai_digits(out) if typed != to_arabic_digits(typed) else out

    return _YEAR.sub(moved, text)


def _has_content(value: Any) -> bool:
    if isinstance(value, CommentedMap | CommentedSeq | dict | list):
        return any(_has_content(v) for v in (value.values() if isinstance(value, dict) else value))
    return value is not None and str(value).strip() != ""


def _detach_tail(node: Any) -> str:
    """The blank lines and comments that follow ``node``'s last line, taken off it.

    Besides ``pop_trailer``'s slot, ruamel keeps what follows a list of flow mappings
    (``- {item: o11, title: ...}``) in the list's ``ca.end``.
    """
    tail = pop_trailer(node)
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        end = getattr(node.ca, "end", None)
        if end:
            tail += "".join(token.value for token in end if isinstance(token, CommentToken))
            node.ca.end = []
        node = node[list(node.keys())[-1]] if isinstance(node, CommentedMap) else node[-1]
    return tail


def _remove_results(measure: CommentedMap) -> None:
    """Drop ``results:``, keeping the blank line/comment that separates it from the next measure.

    When ``results:`` is not the measure's last key, a comment between it and the next key
    goes with it (the lesser harm, as in ``push_trailer``).
    """
    tail = _detach_tail(measure["results"]) if list(measure.keys())[-1] == "results" else ""
    del measure["results"]
    push_trailer(measure, tail)


def _recode(value: Any, target: Catalog, recode: Callable[[str], str | None]) -> tuple[str | None, bool]:
    """(the code in the new catalog, whether it changed); ``None`` when the new catalog has none."""
    wanted = "".join(to_arabic_digits(str(value)).split()).lower()
    if any(ind.code.lower() == wanted for ind in target.indicators):
        return str(value), False
    new = recode(wanted)
    if new is None:
        return None, False
    return (str(value), False) if new == wanted else (new, True)


def plan_measures(root: Path, old: FiscalYear, new: FiscalYear, target: Catalog,
                  recode: Callable[[str], str | None] | None) -> MeasuresRoll | None:
    """The new year's measures.yml from the current one (``None``: the site has none).

    ``recode`` maps an item code of the old catalog to the new one (``None``: dropped), for
    a rollover that changes the assessment. Call after ``check_measures`` found nothing.
    """
    path = root / MEASURES_NAME
    if not path.exists():
        return None
    document = IndicatorsDocument.open(path, MEASURES_NAME)
    data = document.data
    cleared: list[int] = []
    retimed: list[int] = []
    recoded: list[str] = []
    problems: list[InputError] = []
    if data.get("fiscal_year") is not None:
        data["fiscal_year"] = _same_style(data["fiscal_year"], str(new.be_year))
    if recode is not None and data.get("report_item") is not None:
        code, changed = _recode(data["report_item"], target, recode)
        if code is None:
            problems.append(InputError(MEASURES_NAME, _line(data, "report_item"),
                                       f"รายการ '{data['report_item']}' ของ report_item ไม่มีในเกณฑ์ {target.id}",
                                       f"แก้ report_item เป็นรายการของเกณฑ์ {target.id} ที่บันทึกรายงานมาตรการ"
                                       " แล้วสั่งอีกครั้ง"))
        elif changed:
            recoded.append(f"report_item: {data['report_item']} → {code}")
            data["report_item"] = _same_style(data["report_item"], code)
    measures = data.get("measures")
    entries = [m for m in measures if isinstance(m, CommentedMap)] if isinstance(measures, CommentedSeq) else []
    for number, measure in enumerate(entries, 1):
        if recode is not None and measure.get("issue") is not None:
            code, changed = _recode(measure["issue"], target, recode)
            if code is None:
                problems.append(InputError(
                    MEASURES_NAME, _line(measure, "issue"),
                    f"มาตรการที่ {number}: ประเด็น '{measure['issue']}' ไม่มีในเกณฑ์ {target.id}",
                    f"แก้ issue เป็นตัวชี้วัดหรือรายการของเกณฑ์ {target.id} (หรือลบมาตรการนี้) แล้วสั่งอีกครั้ง"))
            elif changed:
                recoded.append(f"มาตรการที่ {number}: {measure['issue']} → {code}")
                measure["issue"] = _same_style(measure["issue"], code)
        timing = measure.get("timing")
        if isinstance(timing, str):
            moved = _shift_years(timing, old, new.be_year - old.be_year)
            if moved != timing:
                measure["timing"] = type(timing)(moved)  # a quoted scalar of ruamel's stays quoted
                retimed.append(number)
        if "results" in measure and _has_content(measure["results"]):
            _remove_results(measure)
            cleared.append(number)
    if problems:
        raise InputErrors(problems)
    return MeasuresRoll(measures_archive(old), document.original, document.dumps().encode("utf-8"),
                        len(entries), cleared, retimed, recoded, document.was_legacy_thai)


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def roll_lines(roll: MeasuresRoll, old: FiscalYear, new: FiscalYear, *, done: bool = False) -> list[str]:
    """What the rollover does to measures.yml, in the officer's words; ``done``: with what to do next."""
    lines = [f"{MEASURES_NAME}: เก็บปี {old} ไว้ที่ {roll.archive} และเริ่มปี {new} ด้วยมาตรการเดิม {roll.measures} ข้อ"
             + (f" (ล้างผลการดำเนินการของปี {old} ออกจากมาตรการที่ {_numbers(roll.cleared)})" if roll.cleared else "")]
    if roll.retimed:
        lines.append(f"{MEASURES_NAME}: เลื่อนปีในระยะเวลาดำเนินการ (timing) ของมาตรการที่ {_numbers(roll.retimed)}"
                     f" ไป {new.be_year - old.be_year} ปี")
    lines += [f"{MEASURES_NAME}: เปลี่ยนรหัสตามเกณฑ์ใหม่ {change}" for change in roll.recoded]
    if roll.legacy_thai:
        lines.append(f"{MEASURES_NAME}: บันทึกใหม่เป็น UTF-8 แล้ว (เดิมเป็นรหัสอักษรไทยแบบเก่า TIS-620/Windows-874)")
    if done:
        lines.append(f"{MEASURES_NAME}: ตรวจชื่อมาตรการ ขั้นตอน และระยะเวลาให้ตรงกับแผนปี {new.be_year}"
                     " แล้วเติมผลการดำเนินการ (results) เมื่อครบแต่ละรอบ")
    return lines


__all__ = ["MEASURES_ARCHIVE_DIR", "MeasuresRoll", "check_measures", "measures_archive", "plan_measures",
           "roll_lines"]
