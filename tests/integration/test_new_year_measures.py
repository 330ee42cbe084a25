"""``oit new-year`` rolls measures.yml with the year (issue 21).

Before, the rollover left measures.yml at the old fiscal_year, so the next ``oit report
measures`` was refused or reported last year. Now the old file goes to
``archive/measures/<FY>.yml`` and the new year starts with the same measures and no results,
in the same undo record as indicators.yml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from oit.core.indicators import load_site
from oit.core.measures import load_measures
from tests.integration.test_officer_support import assert_refused, oit
from tests.support.sample import copy_sample, tree_digest
from tests.support.sites import pdf_bytes, write_site

DUE = ("--as-of", "2570-10-01", "--yes")  # the day FY 2571 begins
NOTHING_CHANGED = "indicators.yml: ยังไม่ขึ้นปีงบประมาณใหม่ ไม่มีไฟล์ใดถูกเปลี่ยน"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


def comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip().startswith("#")]


def with_half_results(text: str) -> str:
    """The officer fills in the new year's half-year results under every measure."""
    return re.sub(r"^(    timing: .*\n)", r"\1    results:\n      half:\n        done: [ดำเนินการแล้ว]\n"
                                         r"        outcome: [ประชาชนได้รับข้อมูล]\n", text, flags=re.M)


def line_of(text: str, fragment: str) -> int:
    """The first line (1-based) of ``text`` that holds ``fragment``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def docx_text(path: Path) -> str:
    document = DocxDocument(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_measures_roll_with_the_year(sample: Path, tmp_path: Path) -> None:
    original = (sample / "measures.yml").read_bytes()
    old_plan = load_measures(load_site(sample))
    proc = oit("new-year", *DUE, cwd=sample)
    assert proc.returncode == 0, proc.stderr
    assert ("  measures.yml: เก็บปี 2570 ไว้ที่ archive/measures/2570.yml และเริ่มปี 2571 ด้วยมาตรการเดิม 3 ข้อ"
            " (ล้างผลการดำเนินการของปี 2570 ออกจากมาตรการที่ 1, 2, 3)\n") in proc.stdout

    # last year's file, byte for byte, beside the archived indicators; it still loads with its year
    archive = sample / "archive" / "measures" / "2570.yml"
    assert archive.read_bytes() == original
    archived_site = load_site(sample, config_path=sample / "archive" / "2570.yml")
    assert load_measures(archived_site, archive).measures[0].results["half"].evidence
    assert [s.fiscal_year.be_year for s in [archived_site]] == [2570]

    # the new year's file: the same memo, people and measures, the year moved, no results
    text = (sample / "measures.yml").read_text(encoding="utf-8")
    assert comment_lines(text) == comment_lines(original.decode("utf-8"))  # header and comments kept
    assert "fiscal_year: 2571\n" in text and "report_item: o26      # รายการที่บันทึกรายงานไว้ (--record)" in text
    data_lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert not [line for line in data_lines if "results:" in line or "evidence" in line]
    assert "\n\n  - title: ประชาสัมพันธ์ช่องทาง" in text  # the blank line between measures kept
    site = load_site(sample)
    plan = load_measures(site)  # validates against FY 2571
    assert plan.memo == old_plan.memo and plan.publisher == old_plan.publisher
    assert [(m.title, m.issue, m.steps, m.responsible, m.monitoring) for m in plan.measures] == [
        (m.title, m.issue, m.steps, m.responsible, m.monitoring) for m in old_plan.measures]
    assert [m.timing for m in plan.measures] == ["ตุลาคม ๒๕๗๐ – กันยายน ๒๕๗๑", "ตุลาคม ๒๕๗๐ – กันยายน ๒๕๗๑",
                                                 "ธันวาคม ๒๕๗๐ – เมษายน ๒๕๗๑"]
    assert all(m.results == {} for m in plan.measures)

    # the report is of the new year: no results yet, then the officer's own
    out = tmp_path / "half.docx"
    early = oit("report", "measures", "--round", "half", "--format", "docx", "--date", "2571-04-05",
                "--output", out, cwd=sample)
    assert early.returncode == 2 and not out.exists()
    first = line_of(text, "  - title:")
    assert f"measures.yml:{first}: มาตรการที่ 1 ยังไม่มีผลการดำเนินการรอบ 6 เดือน" in early.stderr
    (sample / "measures.yml").write_text(with_half_results(text), encoding="utf-8")
    report = oit("report", "measures", "--round", "half", "--format", "docx", "--date", "2571-04-05",
                 "--output", out, cwd=sample)
    assert report.returncode == 0, report.stderr
    words = docx_text(out)
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๗๑" in words and "ตุลาคม ๒๕๗๐ – กันยายน ๒๕๗๑" in words
    assert "ดำเนินการแล้ว" in words and "๒๕๗๐ – มีนาคม ๒๕๗๑" in words
    assert "ครบ ๖ เดือน (ตุลาคม ๒๕๖๙" not in words  # last year's results are not reported again


def test_undo_restores_both_files_byte_for_byte(sample: Path) -> None:
    before = tree_digest(sample)
    assert oit("new-year", *DUE, cwd=sample).returncode == 0
    # the new year's results typed in, then the rollover turns out to be a mistake
    rolled = (sample / "measures.yml").read_text(encoding="utf-8")
    (sample / "measures.yml").write_text(with_half_results(rolled), encoding="utf-8")
    edited = tree_digest(sample)
    refused = oit("new-year", "--undo", "--yes", cwd=sample)
    first = line_of(rolled, "    timing:") + 1  # the first line typed in
    assert_refused(refused, edited, sample, f"measures.yml:{first}: ถูกแก้ไขหลังขึ้นปีงบประมาณใหม่ 2570 → 2571")
    (sample / "measures.yml").write_text(rolled, encoding="utf-8")

    back = oit("new-year", "--undo", "--yes", cwd=sample)
    assert back.returncode == 0, back.stderr
    assert "  คืนไฟล์เดิม: indicators.yml, measures.yml\n" in back.stdout
    assert "  ลบไฟล์ที่คำสั่งเดิมสร้าง: archive/2570.yml, archive/measures/2570.yml\n" in back.stdout
    assert tree_digest(sample) == before  # both files identical, archive/ and .oit-undo/ gone
    assert not (sample / "archive").exists() and not (sample / ".oit-undo").exists()


def test_a_site_without_measures_still_rolls(sample: Path) -> None:
    (sample / "measures.yml").unlink()
    before = tree_digest(sample)
    proc = oit("new-year", *DUE, cwd=sample)
    assert proc.returncode == 0, proc.stderr
    assert "measures.yml" not in proc.stdout
    assert not (sample / "measures.yml").exists() and not (sample / "archive" / "measures").exists()
    assert load_site(sample).fiscal_year.be_year == 2571
    back = oit("new-year", "--undo", "--yes", cwd=sample)
    assert back.returncode == 0 and "  คืนไฟล์เดิม: indicators.yml\n" in back.stdout
    assert tree_digest(sample) == before


def test_a_broken_measures_file_refuses_the_rollover_first(sample: Path) -> None:
    path = sample / "measures.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    responsible: กองคลัง\n",
                                                             "    responsible: กองคลัง\n    budget: 1000\n"),
                    encoding="utf-8")
    before = tree_digest(sample)
    proc = oit("new-year", *DUE, cwd=sample)
    assert_refused(proc, before, sample)
    assert proc.stderr == (
        "พบข้อผิดพลาด 3 จุด:\n"
        f"  measures.yml:{line_of(path.read_text(encoding='utf-8'), 'budget:')}: ไม่รู้จักคีย์ 'budget' — วิธีแก้: คีย์ที่ใช้ได้ที่นี่: title, issue, steps, responsible,"
        " monitoring, timing, results\n"
        "  measures.yml: ต้องแก้ให้ถูกต้องก่อนขึ้นปีงบประมาณใหม่ (ปีใหม่เริ่มจากมาตรการในไฟล์นี้) — วิธีแก้:"
        " แก้ตามรายการข้างต้น ตรวจด้วย oit report measures --round half แล้วสั่งอีกครั้ง;"
        " ถ้าไม่ใช้ measures.yml แล้ว ให้ย้ายไฟล์ออกจากโฟลเดอร์ของเว็บไซต์ก่อน\n"
        f"  {NOTHING_CHANGED}\n")


def test_a_yaml_syntax_error_in_measures_refuses_too(sample: Path) -> None:
    path = sample / "measures.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  to: นายก", "  to: [นายก"), encoding="utf-8")
    before = tree_digest(sample)
    assert_refused(oit("new-year", *DUE, cwd=sample), before, sample, "measures.yml:", NOTHING_CHANGED)


def test_thai_digits_and_quotes_are_kept(sample: Path) -> None:
    path = sample / "measures.yml"
    path.write_text(path.read_text(encoding="utf-8")
                    .replace("fiscal_year: 2570\n", "fiscal_year: ๒๕๗๐   # ปีงบประมาณ\n")
                    .replace("    timing: ธันวาคม ๒๕๖๙ – เมษายน ๒๕๗๐", '    timing: "ธ.ค. 2569 – เม.ย. 2570 (ต่อจากปี 2568)"'),
                    encoding="utf-8")
    assert oit("new-year", *DUE, cwd=sample).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert "fiscal_year: ๒๕๗๑   # ปีงบประมาณ\n" in text
    # only the two years of the fiscal year that ended move; the quotes stay
    assert '    timing: "ธ.ค. 2570 – เม.ย. 2571 (ต่อจากปี 2568)"\n' in text
    assert load_measures(load_site(sample)).measures[2].timing == "ธ.ค. 2570 – เม.ย. 2571 (ต่อจากปี 2568)"


MEASURES_2568 = """\
# มาตรการของปี 2568
fiscal_year: 2568
memo:
  department: สำนักปลัด
  number: ตย 1/
  to: นายก
  signers:
    - {name: นาย ก, position: หัวหน้าสำนักปลัด}
measures:
  - title: สรุปผลการจัดซื้อจัดจ้างทุกเดือน
    issue: o12
    steps: [จัดทำ สขร.1]
    responsible: กองคลัง
    monitoring: [ทุกเดือน]
    timing: ตุลาคม 2567 – กันยายน 2568
  - title: ร้องเรียนการทุจริต
    issue: "10"
    steps: [ประชาสัมพันธ์]
    responsible: สำนักปลัด
    monitoring: [ทุกเดือน]
    timing: ตลอดปี
"""


def _site_2568(root: Path, measures: str) -> Path:
    files = {"files/2568/o12/2567-10.pdf": pdf_bytes()}
    write_site(root, {"o12": {"documents": [
        {"title": "สรุปผล ต.ค.", "file": "files/2568/o12/2567-10.pdf", "month": "2567-10", "date": "2567-11-05"}]}},
        files=files, assessment="ita-2568", fiscal_year=2568, deadline="2568-03-31")
    (root / "measures.yml").write_text(measures, encoding="utf-8")
    return root


def test_a_new_assessment_moves_the_issue_codes(tmp_path: Path) -> None:
    root = _site_2568(tmp_path / "s", MEASURES_2568)
    proc = oit("new-year", "--assessment", "ita-2569", "--yes", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "  measures.yml: เปลี่ยนรหัสตามเกณฑ์ใหม่ มาตรการที่ 1: o12 → o11\n" in proc.stdout
    plan = load_measures(load_site(root))
    assert [m.issue for m in plan.measures] == ["o11", "10"]  # an indicator code stays
    assert plan.measures[1].timing == "ตลอดปี"


def test_a_new_assessment_that_drops_an_issue_is_refused(tmp_path: Path) -> None:
    root = _site_2568(tmp_path / "s", MEASURES_2568.replace("issue: o12", "issue: o11"))
    before = tree_digest(root)
    proc = oit("new-year", "--assessment", "ita-2569", "--yes", cwd=root)
    assert_refused(proc, before, root)
    assert proc.stderr == (
        "พบข้อผิดพลาด 2 จุด:\n"
        "  measures.yml:11: มาตรการที่ 1: ประเด็น 'o11' ไม่มีในเกณฑ์ ita-2569 — วิธีแก้: แก้ issue เป็นตัวชี้วัด"
        "หรือรายการของเกณฑ์ ita-2569 (หรือลบมาตรการนี้) แล้วสั่งอีกครั้ง\n"
        f"  {NOTHING_CHANGED}\n")
