"""Tests for oit.core.fiscal_calendar: exact strings for the common cases, properties for the rest."""

from __future__ import annotations

import contextlib
import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oit.core.fiscal_calendar import (
    BE_OFFSET,
    MONTHS_TH,
    MONTHS_TH_ABBR,
    THAI_DIGITS,
    DateError,
    FiscalYear,
    YearMonth,
    be_to_ce,
    ce_to_be,
    date_formats,
    days_between,
    format_date,
    format_iso_be,
    format_month,
    parse_date,
    to_arabic_digits,
    to_thai_digits,
)

# The date the design document calls "today": BE 2569-11-22, fiscal year 2570.
TODAY = date(2026, 11, 22)

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
year_months = st.builds(
    YearMonth, st.integers(min_value=2443, max_value=2743), st.integers(min_value=1, max_value=12)
)
fiscal_years = st.integers(min_value=2444, max_value=2743).map(FiscalYear)


# --- constants and digits -------------------------------------------------------------


def test_constants() -> None:
    assert THAI_DIGITS == "๐๑๒๓๔๕๖๗๘๙"
    assert BE_OFFSET == 543
    assert len(MONTHS_TH) == 12 and MONTHS_TH[0] == "มกราคม" and MONTHS_TH[9] == "ตุลาคม"
    assert MONTHS_TH_ABBR == (
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    )  # fmt: skip


def test_digit_conversion() -> None:
    assert to_arabic_digits("๒๕๖๙-๑๐-๑๕ ปี") == "2569-10-15 ปี"
    assert to_thai_digits("2569-10-15 ab") == "๒๕๖๙-๑๐-๑๕ ab"
    assert to_arabic_digits("abc") == "abc"


@given(st.text())
def test_digit_round_trip(text: str) -> None:
    assert to_arabic_digits(to_thai_digits(to_arabic_digits(text))) == to_arabic_digits(text)
    assert not set(to_arabic_digits(text)) & set(THAI_DIGITS)


def test_be_ce() -> None:
    assert ce_to_be(2026) == 2569
    assert be_to_ce(2569) == 2026


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_be_ce_round_trip(year: int) -> None:
    assert be_to_ce(ce_to_be(year)) == year
    assert ce_to_be(be_to_ce(year)) == year


# --- parse_date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2569-10-15", date(2026, 10, 15)),
        ("2026-10-15", date(2026, 10, 15)),
        ("๒๕๖๙-๑๐-๑๕", date(2026, 10, 15)),
        ("๒๕69-1๐-๑5", date(2026, 10, 15)),
        ("  2569-10-15\n", date(2026, 10, 15)),
        ("2567-02-29", date(2024, 2, 29)),
        ("2569-1-5", date(2026, 1, 5)),
    ],
)
def test_parse_date_ok(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2569-02-30", "วันที่ 30 กุมภาพันธ์ 2569 ไม่มีอยู่จริง"),
        ("2568-02-29", "วันที่ 29 กุมภาพันธ์ 2568 ไม่มีอยู่จริง"),
        ("2569-04-31", "วันที่ 31 เมษายน 2569 ไม่มีอยู่จริง"),
        ("2569-01-00", "วันที่ 0 มกราคม 2569 ไม่มีอยู่จริง"),
        ("2569-13-01", "เดือน 13"),
        ("2569-00-01", "เดือน 0"),
        ("15/10/2569", "วันที่ '15/10/2569' เขียนวันขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ ปปปป-ดด-วว คือ 2569-10-15"),
        ("31/13/2569", "วันที่ '31/13/2569' ไม่มีเดือน 13 (เดือนต้องอยู่ระหว่าง 1 ถึง 12) และต้องเขียนแบบ ปปปป-ดด-วว"),
        ("", "ไม่ได้ระบุวันที่"),
        ("   ", "ไม่ได้ระบุวันที่"),
        ("2569-10-15x", "ไม่ได้"),
        ("2569-10-15\n2569-10-16", "ไม่ได้"),
        ("0001-01-01", "นอกช่วง"),
        ("2300-01-01", "นอกช่วง"),
        ("2401-01-01", "นอกช่วง"),
        ("٢٠٢٦-١٠-١٥", "ไม่ได้"),  # Arabic-Indic digits are not accepted
    ],
)
def test_parse_date_errors(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_parse_date_non_string() -> None:
    with pytest.raises(DateError):
        parse_date(None)  # type: ignore[arg-type]


@given(dates)
def test_parse_iso_be_round_trip(d: date) -> None:
    assert parse_date(format_iso_be(d)) == d
    assert parse_date(d.isoformat()) == d


@given(st.integers(min_value=1952, max_value=2148).filter(lambda y: y % 4 == 0 and y % 100 != 0))
def test_parse_feb_29(ce_year: int) -> None:
    assert parse_date(f"{ce_year + BE_OFFSET}-02-29") == date(ce_year, 2, 29)


@given(dates, st.lists(st.booleans(), min_size=10, max_size=10))
def test_thai_digits_equal_ascii(d: date, mask: list[bool]) -> None:
    ascii_text = format_iso_be(d)
    assert parse_date(to_thai_digits(ascii_text)) == parse_date(ascii_text)
    mixed = "".join(to_thai_digits(c) if m else c for c, m in zip(ascii_text, mask, strict=True))
    assert parse_date(mixed) == d


@given(st.text())
def test_parse_date_only_raises_date_error(text: str) -> None:
    try:
        result = parse_date(text)
    except DateError:
        return
    assert date(1900, 1, 1) <= result <= date(2200, 12, 31)


@given(st.from_regex(r"[0-9๐-๙]{4}-[0-9๐-๙]{1,2}-[0-9๐-๙]{1,2}", fullmatch=True))
def test_parse_date_digit_shapes_only_raise_date_error(text: str) -> None:
    with contextlib.suppress(DateError):
        parse_date(text)


# --- YearMonth ------------------------------------------------------------------------


def test_year_month_basics() -> None:
    ym = YearMonth.parse("2569-10")
    assert ym == YearMonth(2569, 10)
    assert ym.ce_year == 2026
    assert ym.first_day() == date(2026, 10, 1)
    assert ym.last_day() == date(2026, 10, 31)
    assert str(ym) == "2569-10"
    assert str(YearMonth(2569, 1)) == "2569-01"
    assert YearMonth(2567, 2).last_day() == date(2024, 2, 29)
    assert YearMonth(2568, 2).last_day() == date(2025, 2, 28)
    assert YearMonth(2569, 12).next() == YearMonth(2570, 1)
    assert YearMonth(2570, 1).prev() == YearMonth(2569, 12)
    assert YearMonth.of(TODAY) == YearMonth(2569, 11)
    assert YearMonth(2569, 12) < YearMonth(2570, 1) < YearMonth(2570, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๒๕๖๙-๑๐", YearMonth(2569, 10)),
        ("2026-10", YearMonth(2569, 10)),
        (" 2569-1 ", YearMonth(2569, 1)),
    ],
)
def test_year_month_parse_ok(text: str, expected: YearMonth) -> None:
    assert YearMonth.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2569-13", "2569-00", "2569/10", "10-2569", "2569-10-01", "0001-01"]
)
def test_year_month_parse_errors(text: str) -> None:
    with pytest.raises(DateError):
        YearMonth.parse(text)


def test_year_month_rejects_bad_month() -> None:
    with pytest.raises(DateError):
        YearMonth(2569, 13)


@given(year_months)
def test_year_month_round_trip(ym: YearMonth) -> None:
    assert YearMonth.parse(str(ym)) == ym
    assert YearMonth.parse(to_thai_digits(str(ym))) == ym
    assert ym.next().prev() == ym
    assert ym.prev().next() == ym
    assert ym.last_day() + timedelta(days=1) == ym.next().first_day()
    assert YearMonth.of(ym.first_day()) == ym == YearMonth.of(ym.last_day())


@given(st.text())
def test_year_month_parse_only_raises_date_error(text: str) -> None:
    with contextlib.suppress(DateError):
        YearMonth.parse(text)


# --- FiscalYear -----------------------------------------------------------------------


def test_fiscal_year_today() -> None:
    fy = FiscalYear.of(TODAY)
    assert fy == FiscalYear(2570)
    assert str(fy) == "2570"
    assert fy.label == "ปีงบประมาณ พ.ศ. 2570"
    assert fy.start == date(2026, 10, 1)
    assert fy.end == date(2027, 9, 30)
    assert fy.previous() == FiscalYear(2569)
    assert fy.next() == FiscalYear(2571)
    assert FiscalYear(2569) < FiscalYear(2570)


def test_fiscal_year_boundaries() -> None:
    assert FiscalYear.of(date(2026, 9, 30)) == FiscalYear(2569)
    assert FiscalYear.of(date(2026, 10, 1)) == FiscalYear(2570)
    assert FiscalYear.of(date(2027, 1, 1)) == FiscalYear(2570)


def test_fiscal_year_months_and_periods() -> None:
    fy = FiscalYear(2570)
    assert [str(m) for m in fy.months()] == [
        "2569-10", "2569-11", "2569-12", "2570-01", "2570-02", "2570-03",
        "2570-04", "2570-05", "2570-06", "2570-07", "2570-08", "2570-09",
    ]  # fmt: skip
    assert fy.half_year() == (date(2026, 10, 1), date(2027, 3, 31))
    assert fy.quarters() == [
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 9, 30)),
    ]
    assert fy.quarter_of(date(2026, 10, 1)) == 1
    assert fy.quarter_of(date(2026, 12, 31)) == 1
    assert fy.quarter_of(date(2027, 1, 1)) == 2
    assert fy.quarter_of(date(2027, 6, 30)) == 3
    assert fy.quarter_of(date(2027, 9, 30)) == 4
    with pytest.raises(ValueError, match=r"ปีงบประมาณ พ\.ศ\. 2570"):
        fy.quarter_of(date(2026, 9, 30))


def test_elapsed_months() -> None:
    fy = FiscalYear(2570)
    assert fy.elapsed_months(date(2026, 10, 1)) == []
    assert fy.elapsed_months(date(2026, 10, 31)) == []
    assert fy.elapsed_months(date(2026, 11, 1)) == [YearMonth(2569, 10)]
    assert fy.elapsed_months(TODAY) == [YearMonth(2569, 10)]
    assert fy.elapsed_months(date(2027, 9, 30)) == fy.months()[:11]
    assert fy.elapsed_months(date(2027, 10, 1)) == fy.months()
    assert fy.elapsed_months(date(2030, 1, 1)) == fy.months()
    assert fy.elapsed_months(date(2020, 1, 1)) == []


@given(dates)
def test_fiscal_year_contains_its_dates(d: date) -> None:
    fy = FiscalYear.of(d)
    assert fy.contains(d)
    assert not fy.previous().contains(d)
    assert not fy.next().contains(d)
    assert 1 <= fy.quarter_of(d) <= 4
    start, end = fy.quarters()[fy.quarter_of(d) - 1]
    assert start <= d <= end


@given(fiscal_years)
def test_months_consecutive_from_october(fy: FiscalYear) -> None:
    months = fy.months()
    assert len(months) == 12
    assert months[0].month == 10 and months[0].first_day() == fy.start
    assert months[-1].month == 9 and months[-1].last_day() == fy.end
    for a, b in itertools.pairwise(months):
        assert a.next() == b
    assert fy.next().start == fy.end + timedelta(days=1)


@given(fiscal_years, dates, dates)
def test_elapsed_months_monotone(fy: FiscalYear, a: date, b: date) -> None:
    a, b = min(a, b), max(a, b)
    early, late = fy.elapsed_months(a), fy.elapsed_months(b)
    assert late[: len(early)] == early
    assert all(m.last_day() < a for m in early)
    assert early == fy.months()[: len(early)]


# --- formatting -----------------------------------------------------------------------


def test_format_date() -> None:
    d = date(2026, 10, 15)
    assert format_date(d) == "15 ตุลาคม พ.ศ. 2569"
    assert format_date(d, abbr=True) == "15 ต.ค. 2569"
    assert format_date(d, era=False) == "15 ตุลาคม 2569"
    assert format_date(d, abbr=True, era=True) == "15 ต.ค. พ.ศ. 2569"
    assert format_date(d, thai_digits=True) == "๑๕ ตุลาคม พ.ศ. ๒๕๖๙"
    assert format_date(date(2026, 1, 5), abbr=True, thai_digits=True) == "๕ ม.ค. ๒๕๖๙"


def test_format_month() -> None:
    ym = YearMonth(2569, 10)
    assert format_month(ym) == "ตุลาคม 2569"
    assert format_month(ym, abbr=True) == "ต.ค. 2569"
    assert format_month(ym, thai_digits=True) == "ตุลาคม ๒๕๖๙"


def test_format_iso_be_and_all_formats() -> None:
    d = date(2026, 1, 5)
    assert format_iso_be(d) == "2569-01-05"
    assert date_formats(d) == {
        "iso": "2026-01-05",
        "iso_be": "2569-01-05",
        "full": "5 มกราคม พ.ศ. 2569",
        "full_thai_digits": "๕ มกราคม พ.ศ. ๒๕๖๙",
        "abbr": "5 ม.ค. 2569",
        "abbr_thai_digits": "๕ ม.ค. ๒๕๖๙",
        "month": "มกราคม 2569",
        "fiscal_year": "2569",
    }


def test_days_between() -> None:
    assert days_between(TODAY, date(2026, 11, 30)) == 8
    assert days_between(date(2026, 11, 30), TODAY) == -8
    assert days_between(TODAY, TODAY) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10/2569", "เดือน '10/2569' เขียนเดือนขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ ปปปป-ดด คือ 2569-10"),
        ("๑๐-๒๕๖๙", "เดือน '๑๐-๒๕๖๙' เขียนเดือนขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ ปปปป-ดด คือ 2569-10"),
        ("13/2569", "อ่านเดือน '13/2569' ไม่ได้: ต้องเป็นรูปแบบ ปปปป-ดด เช่น 2569-10"),
    ],
)
def test_a_month_written_month_first_gets_the_rewritten_month(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        YearMonth.parse(text)
    assert str(caught.value) == message
