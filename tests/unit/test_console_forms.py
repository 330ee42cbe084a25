"""The form shapes the console turns into what ``oit add`` takes (dates as Thai offices write them)."""

from __future__ import annotations

import pytest

from oit.console.uploads import client_name, form_date, form_month


@pytest.mark.parametrize(("typed", "passed_on"), [
    ("5/11/2569", "2569-11-05"),
    ("๕/๑๑/๒๕๖๙", "2569-11-05"),
    (" 05.11.2569 ", "2569-11-05"),
    ("2569-11-05", "2569-11-05"),
    ("๒๕๖๙-๑๑-๐๕", "๒๕๖๙-๑๑-๐๕"),  # the domain's parser reads Thai digits itself
    ("31/02/2569", "2569-02-31"),  # shape only: the domain says the day does not exist
    ("เมื่อวาน", "เมื่อวาน"),
])
def test_form_date(typed: str, passed_on: str) -> None:
    assert form_date(typed) == passed_on


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_date_and_month_are_not_given(blank: str | None) -> None:
    assert form_date(blank) is None and form_month(blank) is None


def test_form_month() -> None:
    assert form_month("11/2569") == "2569-11"
    assert form_month("๑๐/๒๕๖๙") == "2569-10"
    assert form_month("2569-10") == "2569-10"


@pytest.mark.parametrize(("raw", "name"), [
    ("รายงาน.pdf", "รายงาน.pdf"),
    ("C:\\Users\\สมชาย\\Desktop\\รายงาน.pdf", "รายงาน.pdf"),
    ("../../etc/passwd", "passwd"),
    (".htaccess", "htaccess"),
    ("", "file"),
    (None, "file"),
])
def test_client_name_drops_folders(raw: str | None, name: str) -> None:
    assert client_name(raw) == name
