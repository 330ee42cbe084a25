"""``oit status``: days to the deadline, failing items, what is due soonest, per division."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from oit.core.indicators import load_site
from oit.officer.status import build_status
from tests.integration.test_officer_support import assert_refused, oit
from tests.support.sample import copy_sample, tree_digest
from tests.support.sites import write_site


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("status") / "site")


def test_sample_in_january(sample: Path) -> None:
    before = tree_digest(sample)
    proc = oit("status", "--as-of", "2570-01-20", cwd=sample)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "องค์การบริหารส่วนตำบลตัวอย่าง" in out
    assert "เหลืออีก 100 วัน" in out  # 20 Jan -> 30 Apr 2570
    assert "ผ่าน 26 จาก 26 รายการ" in out
    assert "กองคลัง" in out  # grouped by division: the sample names them
    assert "เมษายน 2570" in out  # the next procurement summary (Oct–Mar are published)
    assert tree_digest(sample) == before  # status never writes


def test_due_soonest_follows_the_rules(sample: Path) -> None:
    site = load_site(sample)
    report = build_status(site, date(2026, 12, 10))  # BE 2569-12-10
    first = report.due[0]
    assert first.code == "o11" and "เมษายน 2570" in first.what  # first month without a summary
    assert first.due == date(2027, 5, 1)
    assert first.division == "กองคลัง"
    assert report.days_left == (date(2027, 4, 30) - date(2026, 12, 10)).days


def test_failing_items_grouped_by_division(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {
        "o1": {"division": "สำนักปลัด"},
        "o11": {"division": "กองคลัง"},
        "o13": {"division": "กองช่าง"},
    }, deadline="2570-04-30")
    proc = oit("status", "--as-of", "2570-02-10", cwd=root)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "ยังไม่ผ่าน 26 รายการ" in out
    for division in ("สำนักปลัด", "กองคลัง", "กองช่าง", "ไม่ระบุหน่วยงาน"):
        assert division in out
    assert "ตุลาคม" in out  # October's summary is overdue: o11 fails, the task names the month
    assert "กุมภาพันธ์ 2570" in out  # and this month's summary is what falls due next
    site = load_site(root)
    report = build_status(site, date(2027, 2, 10))
    assert report.grouped
    assert [(d.code, d.due) for d in report.due] == [("o11", date(2027, 3, 1))]


def test_without_divisions_one_list(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {}, deadline=None)
    proc = oit("status", "--as-of", "2570-02-10", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "ไม่ได้กำหนดวันครบกำหนด" in proc.stdout
    assert "ไม่ระบุหน่วยงาน" not in proc.stdout  # no division column when none is named
    assert not build_status(load_site(root), date(2027, 2, 10)).grouped


def test_bad_input(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"o77": {"documents": []}})
    before = tree_digest(root)
    assert_refused(oit("status", cwd=root), before, root, "o77")
    good = write_site(tmp_path / "g", {})
    before = tree_digest(good)
    assert_refused(oit("status", "--as-of", "2570-13-01", cwd=good), before, good, "--as-of")
