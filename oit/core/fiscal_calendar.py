"""The Thai calendar in one place: Buddhist Era years, fiscal years, Thai months and digits.

Every date the site prints or the checker reads goes through this module, so the rules
(BE = CE + 543, fiscal year N runs 1 Oct BE N-1 .. 30 Sep BE N) live in exactly one spot.
It is pure: no I/O, no mkdocs, no locale. Babel renders Thai dates with the ค.ศ. year,
which no Thai government page uses, so the BE formatting is written out here by hand.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

THAI_DIGITS: str = "๐๑๒๓๔๕๖๗๘๙"

MONTHS_TH: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)

MONTHS_TH_ABBR: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

BE_OFFSET = 543

# A four-digit year at or above this is read as BE. CE years people actually type are far
# below it and BE years are far above, so the split never guesses wrong for real dates.
_BE_THRESHOLD = 2400

# Dates outside this window are typos (e.g. 2596 for 2569 read as CE, or year 0001), not
# real disclosure dates; refusing them early gives the officer a clear message.
_CE_MIN_YEAR = 1900
_CE_MAX_YEAR = 2200

_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

# [0-9], not \d: \d also matches Thai and other Unicode digits, and we normalise first.
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})")

_WINDOW_TEXT = (
    f"ค.ศ. {_CE_MIN_YEAR}–{_CE_MAX_YEAR} หรือ "
    f"พ.ศ. {_CE_MIN_YEAR + BE_OFFSET}–{_CE_MAX_YEAR + BE_OFFSET}"
)


class DateError(ValueError):
    """A date that cannot be read or does not exist. The message is Thai: the officer reads it."""


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐–๙ with 0–9; every other character is left unchanged."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """Replace 0–9 with Thai digits ๐–๙; every other character is left unchanged."""
    return text.translate(_TO_THAI)


def be_to_ce(year: int) -> int:
    """Convert a Buddhist Era year to the Common Era year (2569 -> 2026)."""
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Convert a Common Era year to the Buddhist Era year (2026 -> 2569)."""
    return year + BE_OFFSET


def _year_to_ce(year: int, original: str) -> int:
    """Read a typed year as BE (>= 2400) or CE and return CE, refusing out-of-window years."""
    ce = be_to_ce(year) if year >= _BE_THRESHOLD else year
    if not _CE_MIN_YEAR <= ce <= _CE_MAX_YEAR:
        raise DateError(f"ปี {year} ใน '{original}' อยู่นอกช่วงที่รับได้ ({_WINDOW_TEXT})")
    return ce


def _check_month(month: int, original: str) -> None:
    """Refuse month numbers outside 1..12 with a message that names the month."""
    if not 1 <= month <= 12:
        raise DateError(
            f"เดือน {month} ใน '{original}' ไม่มีอยู่จริง (เดือนต้องอยู่ระหว่าง 1 ถึง 12)"
        )


def parse_date(text: str) -> date:
    """Read "YYYY-MM-DD" (ASCII or Thai digits, BE or CE year) and return a CE ``date``.

    A year of 2400 or more is BE, anything lower is CE. Surrounding spaces are ignored.
    Raises :class:`DateError` (a ``ValueError``) with a Thai message for empty text, any
    other format, an impossible date such as 2569-02-30, or a year outside CE 1900–2200.
    """
    if not isinstance(text, str):
        # Values from YAML may arrive as int/None; give the same error type, not TypeError.
        raise DateError(f"วันที่ต้องเป็นข้อความรูปแบบ ปปปป-ดด-วว แต่ได้ {text!r}")
    return _parse_date_text(text)


# 31/12/2569, 31-12-2569, 31.12.2569: the order Thai forms use, day first
_DAY_FIRST_RE = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")


_MONTH_FIRST_RE = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{4})")


def _date_format_problem(original: str) -> str:
    """Why ``original`` is not a date, with the same date rewritten when we can tell it."""
    day_first = _DAY_FIRST_RE.fullmatch(to_arabic_digits(original))
    if day_first is not None:
        day, month, year = (int(g) for g in day_first.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return (
                f"วันที่ '{original}' เขียนวันขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ ปปปป-ดด-วว"
                f" คือ {year}-{month:02d}-{day:02d}"
            )
        return f"วันที่ '{original}' ไม่มีเดือน {month} (เดือนต้องอยู่ระหว่าง 1 ถึง 12) และต้องเขียนแบบ ปปปป-ดด-วว"
    return f"อ่านวันที่ '{original}' ไม่ได้: ต้องเป็นรูปแบบ ปปปป-ดด-วว เช่น 2569-10-15"


def written_in_ce(text: str) -> bool:
    """Whether a date or month as typed carries a CE year (below 2400), to be told of."""
    match = re.match(r"\s*([0-9]{4})", to_arabic_digits(text)) if isinstance(text, str) else None
    return match is not None and int(match.group(1)) < _BE_THRESHOLD


def ce_note(where: str, written: str, understood: date, *, recorded: bool = False) -> str:
    """The note that a CE year was read as its BE year: said, not done silently.

    ``recorded``: the tool itself wrote the BE date (``oit add --date``), so there is
    nothing for the officer to change.
    """
    be = f"{ce_to_be(understood.year)}-{understood.month:02d}-{understood.day:02d}"
    then = f"บันทึกเป็น {be} แล้ว" if recorded else f"ถ้าถูกต้อง แก้ในไฟล์เป็น {be} เพื่อไม่ให้สับสน"
    return f"{where}: วันที่ '{written.strip()}' เป็นปี ค.ศ. อ่านเป็น พ.ศ. {be} ({format_date(understood)}) — {then}"


@lru_cache(maxsize=8192)
def _parse_date_text(text: str) -> date:
    """:func:`parse_date` of a string. Kept per text: a site's documents share their
    dates (a fiscal year has 365 of them), and a ``date`` cannot be changed. An error
    is raised anew each time, never kept."""
    original = text.strip()
    if not original:
        raise DateError("ไม่ได้ระบุวันที่ (ต้องเป็นรูปแบบ ปปปป-ดด-วว เช่น 2569-10-15)")
    match = _DATE_RE.fullmatch(to_arabic_digits(original))
    if match is None:
        raise DateError(_date_format_problem(original))
    year, month, day = (int(g) for g in match.groups())
    ce = _year_to_ce(year, original)
    _check_month(month, original)
    # The BE and CE calendars share months and leap days (BE 2567 is CE 2024, a leap
    # year), so checking the day in CE is checking it in BE too.
    if not 1 <= day <= calendar.monthrange(ce, month)[1]:
        raise DateError(f"วันที่ {day} {MONTHS_TH[month - 1]} {year} ไม่มีอยู่จริง")
    return date(ce, month, day)


@dataclass(frozen=True, order=True)
class YearMonth:
    """A calendar month, keyed by BE year; orders chronologically (year, then month)."""

    be_year: int
    month: int

    def __post_init__(self) -> None:
        # Catch YearMonth(2569, 13) at construction rather than deep inside date().
        _check_month(self.month, f"{self.be_year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Read "YYYY-MM" (BE; Thai digits ok; a CE year < 2400 is converted) or raise DateError."""
        if not isinstance(text, str):
            raise DateError(f"เดือนต้องเป็นข้อความรูปแบบ ปปปป-ดด แต่ได้ {text!r}")
        original = text.strip()
        if not original:
            raise DateError("ไม่ได้ระบุเดือน (ต้องเป็นรูปแบบ ปปปป-ดด เช่น 2569-10)")
        match = _MONTH_RE.fullmatch(to_arabic_digits(original))
        if match is None:
            month_first = _MONTH_FIRST_RE.fullmatch(to_arabic_digits(original))
            if month_first is not None and 1 <= int(month_first.group(1)) <= 12:
                month, year = (int(g) for g in month_first.groups())
                raise DateError(
                    f"เดือน '{original}' เขียนเดือนขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ ปปปป-ดด คือ {year}-{month:02d}"
                )
            raise DateError(f"อ่านเดือน '{original}' ไม่ได้: ต้องเป็นรูปแบบ ปปปป-ดด เช่น 2569-10")
        year, month = (int(g) for g in match.groups())
        ce = _year_to_ce(year, original)
        _check_month(month, original)
        return cls(ce_to_be(ce), month)

    @classmethod
    def of(cls, d: date) -> YearMonth:
        """The month that contains ``d``."""
        return cls(ce_to_be(d.year), d.month)

    @property
    def ce_year(self) -> int:
        """The CE year of this month."""
        return be_to_ce(self.be_year)

    def first_day(self) -> date:
        """The first day of the month (CE ``date``)."""
        return date(self.ce_year, self.month, 1)

    def last_day(self) -> date:
        """The last day of the month (CE ``date``), leap years included."""
        return date(self.ce_year, self.month, calendar.monthrange(self.ce_year, self.month)[1])

    def next(self) -> YearMonth:
        """The following month (December rolls over to January of the next year)."""
        if self.month == 12:
            return YearMonth(self.be_year + 1, 1)
        return YearMonth(self.be_year, self.month + 1)

    def prev(self) -> YearMonth:
        """The preceding month (January rolls back to December of the previous year)."""
        if self.month == 1:
            return YearMonth(self.be_year - 1, 12)
        return YearMonth(self.be_year, self.month - 1)

    def __str__(self) -> str:
        """Return "2569-10": BE year, ASCII digits, the form used in file names and YAML."""
        return f"{self.be_year:04d}-{self.month:02d}"


@dataclass(frozen=True, order=True)
class FiscalYear:
    """Thai fiscal year (ปีงบประมาณ) N, BE: 1 Oct BE N-1 .. 30 Sep BE N."""

    be_year: int

    @classmethod
    def of(cls, d: date) -> FiscalYear:
        """The fiscal year containing ``d``: October onwards belongs to the next BE year."""
        return cls(ce_to_be(d.year) + (1 if d.month >= 10 else 0))

    @property
    def start(self) -> date:
        """1 October of the previous year (CE ``date``)."""
        return date(be_to_ce(self.be_year) - 1, 10, 1)

    @property
    def end(self) -> date:
        """30 September of the fiscal year itself (CE ``date``)."""
        return date(be_to_ce(self.be_year), 9, 30)

    @property
    def label(self) -> str:
        """The Thai heading, e.g. "ปีงบประมาณ พ.ศ. 2570"."""
        return f"ปีงบประมาณ พ.ศ. {self.be_year}"

    def contains(self, d: date) -> bool:
        """Whether ``d`` falls within this fiscal year (both ends included)."""
        return self.start <= d <= self.end

    def months(self) -> list[YearMonth]:
        """The 12 months of the fiscal year in order, October first, September last."""
        ym = YearMonth.of(self.start)
        out = []
        for _ in range(12):
            out.append(ym)
            ym = ym.next()
        return out

    def half_year(self) -> tuple[date, date]:
        """The first half (1 Oct .. 31 Mar) that the half-year reports cover."""
        return self.start, date(be_to_ce(self.be_year), 3, 31)

    def quarters(self) -> list[tuple[date, date]]:
        """The four quarters: Q1 Oct–Dec, Q2 Jan–Mar, Q3 Apr–Jun, Q4 Jul–Sep."""
        months = self.months()
        return [(months[i].first_day(), months[i + 2].last_day()) for i in range(0, 12, 3)]

    def quarter_of(self, d: date) -> int:
        """The quarter (1..4) containing ``d``; ``ValueError`` (DateError) if outside the year."""
        if not self.contains(d):
            raise DateError(f"วันที่ {format_date(d)} ไม่อยู่ใน{self.label}")
        # Months since October, in 0..11, grouped by three.
        return (d.month - 10) % 12 // 3 + 1

    def elapsed_months(self, as_of: date) -> list[YearMonth]:
        """Months of this year that have ended before ``as_of`` (last day < as_of), in order.

        These are the months a monthly report must already cover: the current, unfinished
        month is not yet due.
        """
        return [ym for ym in self.months() if ym.last_day() < as_of]

    def previous(self) -> FiscalYear:
        """The fiscal year before this one."""
        return FiscalYear(self.be_year - 1)

    def next(self) -> FiscalYear:
        """The fiscal year after this one."""
        return FiscalYear(self.be_year + 1)

    def __str__(self) -> str:
        """Return "2570": the BE year alone, as used in settings and file names."""
        return str(self.be_year)


def format_date(
    d: date, *, abbr: bool = False, thai_digits: bool = False, era: bool | None = None
) -> str:
    """Format a date the Thai way: "15 ตุลาคม พ.ศ. 2569", or "15 ต.ค. 2569" with ``abbr``.

    ``era`` controls the "พ.ศ. " prefix. Left unset it follows Thai convention: printed in
    the full form, omitted in the abbreviated one; ``True`` or ``False`` forces it.
    ``thai_digits`` writes the day and year in Thai digits.
    """
    show_era = (not abbr) if era is None else era
    month = (MONTHS_TH_ABBR if abbr else MONTHS_TH)[d.month - 1]
    text = f"{d.day} {month} {'พ.ศ. ' if show_era else ''}{ce_to_be(d.year)}"
    return to_thai_digits(text) if thai_digits else text


def format_month(ym: YearMonth, *, abbr: bool = False, thai_digits: bool = False) -> str:
    """Format a month as "ตุลาคม 2569", or "ต.ค. 2569" with ``abbr``."""
    month = (MONTHS_TH_ABBR if abbr else MONTHS_TH)[ym.month - 1]
    text = f"{month} {ym.be_year}"
    return to_thai_digits(text) if thai_digits else text


def format_iso_be(d: date) -> str:
    """Return "2569-10-15": the BE ISO form with ASCII digits, the inverse of :func:`parse_date`."""
    return f"{ce_to_be(d.year):04d}-{d.month:02d}-{d.day:02d}"


def date_formats(d: date) -> dict[str, str]:
    """Every printed form of ``d`` in one place, for templates that need several at once."""
    return {
        "iso": d.isoformat(),
        "iso_be": format_iso_be(d),
        "full": format_date(d),
        "full_thai_digits": format_date(d, thai_digits=True),
        "abbr": format_date(d, abbr=True),
        "abbr_thai_digits": format_date(d, abbr=True, thai_digits=True),
        "month": format_month(YearMonth.of(d)),
        "fiscal_year": str(FiscalYear.of(d)),
    }


def days_between(a: date, b: date) -> int:
    """``b - a`` in days: positive when ``b`` is later (e.g. days left until a deadline)."""
    return (b - a).days
