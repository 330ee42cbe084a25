"""Currency rules: every period rule on both sides of its boundary, and document health.

Fiscal year 2570 (BE) runs from 1 Oct 2026 to 30 Sep 2027 (CE). Dates below are CE
``date`` objects with the BE date in a comment, because the rules work in CE.
"""

from __future__ import annotations

from datetime import date

import pytest

from oit.core.catalog import Period
from oit.core.fiscal_calendar import FiscalYear
from oit.core.rules import Problem, doc_key, evaluate_item
from tests.support.sites import doc, record

FY = FiscalYear(2570)
NOV_22 = date(2026, 11, 22)  # 2569-11-22, early in FY 2570


def kinds(result_problems: list[Problem]) -> list[str]:
    return [p.kind for p in result_problems]


# -- fiscal_year ------------------------------------------------------------------------

def test_fiscal_year_doc_dated_last_day_of_previous_year_is_outdated() -> None:
    result = evaluate_item(record(Period.FISCAL_YEAR, doc(on=date(2026, 9, 30))), FY, NOV_22)  # 2569-09-30
    assert result.status == "outdated"
    assert kinds(result.problems) == ["outdated"]
    assert "ปีงบประมาณ พ.ศ. 2570" in result.problems[0].message


def test_fiscal_year_doc_dated_first_day_of_year_is_ok() -> None:
    result = evaluate_item(record(Period.FISCAL_YEAR, doc(on=date(2026, 10, 1))), FY, NOV_22)  # 2569-10-01
    assert result.status == "ok"
    assert result.problems == []


def test_fiscal_year_without_documents_is_missing() -> None:
    result = evaluate_item(record(Period.FISCAL_YEAR), FY, NOV_22)
    assert result.status == "missing"
    assert kinds(result.problems) == ["no_documents"]


def test_fiscal_year_last_day_of_year_counts() -> None:
    result = evaluate_item(record(Period.FISCAL_YEAR, doc(on=date(2027, 9, 30))), FY, date(2027, 9, 30))
    assert result.status == "ok"


# -- previous_fiscal_year ---------------------------------------------------------------

def test_previous_year_report_published_before_year_ended_is_outdated() -> None:
    # A report on FY 2569 dated 30 Sep 2569 was published before that year was over.
    result = evaluate_item(record(Period.PREVIOUS_FISCAL_YEAR, doc(on=date(2026, 9, 30))), FY, NOV_22)
    assert result.status == "outdated"
    assert "2569" in result.problems[0].message


def test_previous_year_report_published_first_day_of_new_year_is_ok() -> None:
    result = evaluate_item(record(Period.PREVIOUS_FISCAL_YEAR, doc(on=date(2026, 10, 1))), FY, NOV_22)
    assert result.status == "ok"


def test_previous_year_without_report_is_missing() -> None:
    assert evaluate_item(record(Period.PREVIOUS_FISCAL_YEAR), FY, NOV_22).status == "missing"


# -- half_year --------------------------------------------------------------------------

def test_half_year_not_due_on_31_march() -> None:
    result = evaluate_item(record(Period.HALF_YEAR), FY, date(2027, 3, 31))  # 2570-03-31
    assert result.status == "ok"


def test_half_year_due_from_1_april() -> None:
    result = evaluate_item(record(Period.HALF_YEAR), FY, date(2027, 4, 1))  # 2570-04-01
    assert result.status == "missing"
    assert "6 เดือน" in result.problems[0].message


def test_half_year_report_dated_31_march_is_outdated() -> None:
    # Dated on the last day of the half-year, it cannot report on the whole half-year.
    result = evaluate_item(record(Period.HALF_YEAR, doc(on=date(2027, 3, 31))), FY, date(2027, 4, 15))
    assert result.status == "outdated"
    assert kinds(result.problems) == ["outdated"]


def test_half_year_report_dated_1_april_is_ok() -> None:
    result = evaluate_item(record(Period.HALF_YEAR, doc(on=date(2027, 4, 1))), FY, date(2027, 4, 15))
    assert result.status == "ok"


# -- monthly ----------------------------------------------------------------------------

def monthly_docs(*months: str) -> list:
    return [doc(f"สรุปผล {m}", month=m, on=date(2026, 12, 20)) for m in months]


def test_monthly_names_the_missing_month() -> None:
    # On 15 Jan 2570, Oct, Nov and Dec 2569 are due; December is missing.
    result = evaluate_item(record(Period.MONTHLY, *monthly_docs("2569-10", "2569-11")), FY, date(2027, 1, 15))
    assert result.status == "incomplete"
    assert [(p.kind, p.month) for p in result.problems] == [("missing_month", "2569-12")]
    assert "ธันวาคม 2569" in result.problems[0].message


def test_monthly_explicit_no_procurement_entry_counts() -> None:
    nothing = doc("ไม่มีการจัดซื้อจัดจ้าง เดือนธันวาคม 2569", month="2569-12", on=date(2027, 1, 6),
                  note="ไม่มีการจัดซื้อจัดจ้าง")
    result = evaluate_item(record(Period.MONTHLY, *monthly_docs("2569-10", "2569-11"), nothing), FY,
                           date(2027, 1, 15))
    assert result.status == "ok"
    assert result.problems == []


def test_monthly_current_month_not_yet_due() -> None:
    # 31 Dec: December has not ended, so only Oct and Nov are due.
    result = evaluate_item(record(Period.MONTHLY, *monthly_docs("2569-10", "2569-11")), FY, date(2026, 12, 31))
    assert result.status == "ok"


def test_monthly_month_due_the_day_after_it_ends() -> None:
    result = evaluate_item(record(Period.MONTHLY, *monthly_docs("2569-10", "2569-11")), FY, date(2027, 1, 1))
    assert result.status == "incomplete"
    assert [p.month for p in result.problems] == ["2569-12"]


def test_monthly_without_any_entry_lists_every_month() -> None:
    result = evaluate_item(record(Period.MONTHLY), FY, date(2027, 1, 15))
    assert result.status == "missing"
    assert [p.month for p in result.problems] == ["2569-10", "2569-11", "2569-12"]


def test_monthly_nothing_due_on_first_day_of_year() -> None:
    assert evaluate_item(record(Period.MONTHLY), FY, date(2026, 10, 1)).status == "ok"


# -- quarterly --------------------------------------------------------------------------

def test_quarterly_first_quarter_not_due_on_its_last_day() -> None:
    assert evaluate_item(record(Period.QUARTERLY), FY, date(2026, 12, 31)).status == "ok"


def test_quarterly_first_quarter_due_the_day_after() -> None:
    result = evaluate_item(record(Period.QUARTERLY), FY, date(2027, 1, 1))
    assert result.status == "missing"
    assert kinds(result.problems) == ["missing_quarter"]
    assert "ไตรมาสที่ 1" in result.problems[0].message


def test_quarterly_report_dated_in_following_quarter_counts() -> None:
    result = evaluate_item(record(Period.QUARTERLY, doc(on=date(2027, 1, 10))), FY, date(2027, 1, 15))
    assert result.status == "ok"


def test_quarterly_report_dated_before_quarter_does_not_count() -> None:
    result = evaluate_item(record(Period.QUARTERLY, doc(on=date(2026, 9, 30))), FY, date(2027, 1, 15))
    assert result.status == "incomplete"


def test_quarterly_names_the_missing_quarter() -> None:
    # 15 Apr: Q1 and Q2 are due. One report dated 1 Apr falls in Q2's window only.
    result = evaluate_item(record(Period.QUARTERLY, doc(on=date(2027, 4, 1))), FY, date(2027, 4, 15))
    assert result.status == "incomplete"
    assert len(result.problems) == 1
    assert "ไตรมาสที่ 1" in result.problems[0].message


# -- continuous and any -----------------------------------------------------------------

def test_continuous_without_channel_is_missing() -> None:
    assert evaluate_item(record(Period.CONTINUOUS), FY, NOV_22).status == "missing"


def test_continuous_channel_that_answers_is_ok() -> None:
    channel = doc("ระบบ e-Service", kind="url", target="https://eservice.example.go.th/")
    assert evaluate_item(record(Period.CONTINUOUS, channel), FY, NOV_22).status == "ok"


def test_continuous_channel_that_does_not_answer_is_broken() -> None:
    channel = doc("ระบบ e-Service", kind="url", target="https://eservice.example.go.th/")
    dead = Problem("broken_link", "ลิงก์เปิดไม่ได้", url=channel.target)
    result = evaluate_item(record(Period.CONTINUOUS, channel), FY, NOV_22, {doc_key(channel): [dead]})
    assert result.status == "broken"
    assert dead in result.problems


def test_any_needs_no_date() -> None:
    assert evaluate_item(record(Period.ANY, doc(on=None)), FY, NOV_22).status == "ok"


def test_any_without_documents_is_missing() -> None:
    result = evaluate_item(record(Period.ANY), FY, NOV_22)
    assert result.status == "missing"
    assert kinds(result.problems) == ["no_documents"]


# -- not_applicable and document health -------------------------------------------------

@pytest.mark.parametrize("period", list(Period))
def test_not_applicable_item_passes_whatever_its_rule(period: Period) -> None:
    result = evaluate_item(record(period, not_applicable="ไม่มีหน่วยงานย่อย"), FY, date(2027, 4, 30))
    assert result.status == "not_applicable"
    assert result.passes
    assert result.problems == []


def test_broken_only_document_makes_item_broken() -> None:
    report = doc("แผนปี 2570", on=date(2026, 10, 15))
    empty = Problem("empty_file", "ไฟล์ว่างเปล่า", document=report.title)
    result = evaluate_item(record(Period.FISCAL_YEAR, report), FY, NOV_22, {doc_key(report): [empty]})
    assert result.status == "broken"
    assert not result.passes
    assert result.problems == [empty]  # not "no documents": the document is there, but empty


def test_one_broken_document_among_good_ones_still_fails() -> None:
    good = doc("แผนปี 2570", on=date(2026, 10, 15))
    bad = doc("ภาคผนวก", on=date(2026, 10, 15))
    broken = Problem("pdf_broken", "PDF เสีย", document=bad.title)
    result = evaluate_item(record(Period.FISCAL_YEAR, good, bad), FY, NOV_22, {doc_key(bad): [broken]})
    assert result.status == "broken"


def test_broken_old_document_reports_both_the_date_and_the_file() -> None:
    # Mending the file would not be enough: the officer must also publish this year's plan.
    old = doc("แผนปี 2569", on=date(2025, 10, 15))
    broken = Problem("pdf_broken", "PDF เสีย", document=old.title)
    result = evaluate_item(record(Period.FISCAL_YEAR, old), FY, NOV_22, {doc_key(old): [broken]})
    assert result.status != "broken"
    assert not result.passes
    assert "pdf_broken" in kinds(result.problems)
    assert "ปีงบประมาณ พ.ศ. 2570" in result.problems[0].message


def test_warning_does_not_fail_item() -> None:
    scan = doc("แผนที่ (สแกน)", on=None)
    warning = Problem("pdf_no_text", "เอกสารเป็นภาพสแกน", severity="warning")
    result = evaluate_item(record(Period.ANY, scan), FY, NOV_22, {doc_key(scan): [warning]})
    assert result.status == "ok"
    assert result.passes
    assert result.problems == [warning]
    assert result.errors == []


def test_future_dated_document_is_a_warning() -> None:
    result = evaluate_item(record(Period.FISCAL_YEAR, doc(on=date(2026, 12, 1))), FY, NOV_22)
    assert result.status == "ok"
    assert [(p.kind, p.severity) for p in result.problems] == [("future_date", "warning")]


def test_problem_json_omits_empty_fields() -> None:
    assert Problem("missing_month", "ไม่มี", month="2569-12").to_json() == {
        "kind": "missing_month", "message": "ไม่มี", "month": "2569-12"}
    assert Problem("pdf_no_text", "สแกน", severity="warning").to_json() == {
        "kind": "pdf_no_text", "message": "สแกน", "severity": "warning"}


def test_broken_monthly_entry_names_its_month() -> None:
    docs = monthly_docs("2569-10", "2569-11", "2569-12")
    broken = Problem("pdf_broken", "PDF เสีย", document=docs[2].title)
    result = evaluate_item(record(Period.MONTHLY, *docs), FY, date(2027, 1, 15), {doc_key(docs[2]): [broken]})
    assert result.status == "broken"
    assert [(p.kind, p.month) for p in result.problems] == [("missing_month", "2569-12"), ("pdf_broken", None)]
