"""``oit new-year``: archive the year, carry what stays in force, start the rest empty."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from oit.core.catalog import Period
from oit.core.indicators import Document, load_archives, load_site
from tests.integration.test_officer_support import assert_refused, check_json, mkdocs_build, oit, statuses
from tests.support.sample import copy_sample, tree_digest
from tests.support.sites import pdf_bytes, write_site


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


def without_lines(docs: list[Document]) -> list[Document]:
    """Documents compared by content: their line numbers move when items above are emptied."""
    return [replace(d, line=None) for d in docs]


def comment_lines(text: str) -> list[str]:
    """Whole-line comments, in order (section headers, the file's introduction and tail)."""
    return [line for line in text.splitlines() if line.strip().startswith("#")]


# FY 2571 begins on 1 October 2570 (BE); before that a rollover of the sample is refused.
DUE = ("--as-of", "2570-10-01", "--yes")


def test_new_year_on_the_sample(sample: Path, tmp_path: Path) -> None:
    original = (sample / "indicators.yml").read_text(encoding="utf-8")
    before = load_site(sample)
    proc = oit("new-year", *DUE, cwd=sample)
    assert proc.returncode == 0, proc.stderr
    assert "2570 → 2571" in proc.stdout and "archive/2570.yml" in proc.stdout
    assert "เลื่อนวันครบกำหนด" in proc.stdout  # the deadline moved, and the officer is told

    # the archive is the old file, byte for byte, and loads as FY 2570
    archive = sample / "archive" / "2570.yml"
    assert archive.read_text(encoding="utf-8") == original
    old = load_site(sample, config_path=archive)
    assert old.fiscal_year.be_year == 2570
    assert sum(len(r.documents) for r in old.items.values()) == sum(len(r.documents) for r in before.items.values())

    after = load_site(sample)
    assert after.fiscal_year.be_year == 2571
    assert after.deadline is not None and after.deadline.isoformat() == "2028-04-30"  # BE 2571-04-30
    for code, record in before.items.items():
        new = after.items[code]
        if record.spec.period in (Period.ANY, Period.CONTINUOUS):
            assert without_lines(new.documents) == without_lines(record.documents), code
        else:
            assert new.documents == [], code
        assert new.division == record.division  # who is responsible does not change
    assert [y.fiscal_year.be_year for y in load_archives(after)] == [2570]

    text = (sample / "indicators.yml").read_text(encoding="utf-8")
    assert "fiscal_year: 2571        # ปีงบประมาณที่ถูกประเมิน" in text
    assert "deadline: 2571-04-30" in text
    assert comment_lines(text) == comment_lines(original)  # every comment kept, in order
    for code in before.items:  # item order and the comment after each key kept
        key_line = next(line for line in original.splitlines() if line.startswith(f"  {code}:"))
        assert key_line in text
    assert "    documents: []" in text

    # the new year checks (items now missing: exit 1, not bad input) and builds with its archive
    code, report = check_json(sample, "2570-11-15")
    assert code == 1
    assert statuses(report)["o1"] == "ok" and statuses(report)["o4"] == "missing"
    build = mkdocs_build(sample, tmp_path / "out", "2570-11-15")
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "out" / "ita" / "archive" / "2570.html").is_file()
    assert "ประกาศเจตนารมณ์ No Gift Policy" in (tmp_path / "out" / "ita" / "archive" / "2570.html").read_text(
        encoding="utf-8")


def test_again_refused_while_the_archive_exists(sample: Path) -> None:
    assert oit("new-year", *DUE, cwd=sample).returncode == 0
    config = sample / "indicators.yml"
    # put the file back at 2570 as if the officer undid the edit by hand: archive/2570.yml exists
    config.write_text(config.read_text(encoding="utf-8").replace("fiscal_year: 2571", "fiscal_year: 2570")
                      .replace("deadline: 2571-04-30", "deadline: 2570-04-30"), encoding="utf-8")
    before = tree_digest(sample)
    assert_refused(oit("new-year", *DUE, cwd=sample), before, sample, "archive/2570.yml")


@pytest.mark.parametrize(("args", "message"), [
    (["--fiscal-year", "2570"], "ต้องมากกว่า"),
    (["--fiscal-year", "2569"], "ต้องมากกว่า"),
    (["--fiscal-year", "x"], "ปีงบประมาณ"),
    (["--assessment", "ita-2599"], "ไม่พบแบบตรวจ"),
    (["--assessment", "ita-2565"], "ไม่มีตารางเทียบรหัส"),
])
def test_bad_input_changes_nothing(sample: Path, args: list[str], message: str) -> None:
    before = tree_digest(sample)
    assert_refused(oit("new-year", *args, *DUE, cwd=sample), before, sample, message)


def test_assessment_change_maps_codes(tmp_path: Path) -> None:
    """ita-2568 -> ita-2569: o12 (monthly) becomes o11, o11 is dropped, o25/o26 are new."""
    files = {"files/2568/o1/structure.pdf": pdf_bytes(), "files/2568/o12/2567-10.pdf": pdf_bytes(),
             "files/2568/o11/stats.pdf": pdf_bytes(), "contact.md": "# ติดต่อ\n"}
    root = write_site(tmp_path / "s", {
        "o1": {"division": "สำนักปลัด", "documents": [{"title": "โครงสร้าง", "file": "files/2568/o1/structure.pdf"}]},
        "o3": {"documents": [{"title": "ติดต่อเรา", "page": "contact.md"}]},
        "o11": {"documents": [{"title": "สถิติ", "file": "files/2568/o11/stats.pdf", "date": "2567-12-01"}]},
        "o12": {"division": "กองคลัง", "documents": [
            {"title": "สรุปผล ต.ค.", "file": "files/2568/o12/2567-10.pdf", "month": "2567-10", "date": "2567-11-05"}]},
        "o14": {"not_applicable": "ไม่มีพนักงานจ้าง"},
    }, files=files, assessment="ita-2568", fiscal_year=2568, deadline="2568-03-31")
    proc = oit("new-year", "--assessment", "ita-2569", "--yes", cwd=root)  # FY 2569 is over: no flag needed
    assert proc.returncode == 0, proc.stderr
    assert "ita-2568 → ita-2569" in proc.stdout
    assert "o25, o26" in proc.stdout
    assert "o11 ข้อมูลสถิติการให้บริการ" in proc.stdout  # the dropped item, named
    site = load_site(root)
    assert site.catalog.id == "ita-2569" and site.fiscal_year.be_year == 2569
    assert [d.title for d in site.items["o1"].documents] == ["โครงสร้าง"]
    assert [d.title for d in site.items["o3"].documents] == ["ติดต่อเรา"]
    assert site.items["o11"].documents == [] and site.items["o11"].division == "กองคลัง"  # was o12
    assert site.items["o13"].not_applicable == "ไม่มีพนักงานจ้าง"  # was o14
    assert list(site.items) == site.catalog.codes
    text = (root / "indicators.yml").read_text(encoding="utf-8")
    assert "o25:" in text and "การนำผลการประเมิน ITA" in text  # new items listed with their comment
    archived = load_site(root, config_path=root / "archive" / "2568.yml")
    assert archived.catalog.id == "ita-2568" and len(archived.items["o12"].documents) == 1
    code, _ = check_json(root, "2568-11-01")
    assert code == 1


def test_file_without_fiscal_year_gets_it_explicitly(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {}, fiscal_year=None, deadline=None)
    current = load_site(root).fiscal_year.be_year  # the fiscal year of today
    # an empty year whose successor has not begun: both on purpose
    proc = oit("new-year", "--yes", "--force-future-year", "--force-empty-year", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "ไม่มีวันครบกำหนด" in proc.stdout
    archived = load_site(root, config_path=root / "archive" / f"{current}.yml")
    assert archived.fiscal_year.be_year == current
    assert "fiscal_year" in (root / "archive" / f"{current}.yml").read_text(encoding="utf-8")
    assert load_site(root).fiscal_year.be_year == current + 1
    keys = [line.split(":")[0] for line in (root / "indicators.yml").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith((" ", "#"))]
    assert keys == ["organization", "assessment", "fiscal_year", "items"]


def test_final_validation_failure_rolls_back(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If either file fails to load after writing, the archive goes and indicators.yml comes back."""
    from click.testing import CliRunner

    import oit.officer.rollover as rollover
    from oit.cli.main import main
    from oit.core.errors import InputError

    real = rollover.load_site

    def failing_archive_load(*args: object, **kwargs: object) -> object:
        if kwargs.get("config_path") is not None:
            assert (sample / "archive" / "2570.yml").is_file()  # written before the check
            raise InputError("archive/2570.yml", 1, "จำลองความผิดพลาด")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rollover, "load_site", failing_archive_load)
    before = tree_digest(sample)
    result = CliRunner().invoke(main, ["new-year", "--site", str(sample), *DUE])
    assert result.exit_code == 2, result.output
    assert "จำลองความผิดพลาด" in result.output and "ไม่มีไฟล์ใดถูกเปลี่ยน" in result.output
    assert tree_digest(sample) == before
    assert not (sample / "archive").exists()
    assert not (sample / ".oit-undo").exists()  # no undo record of a rollover that did not happen


def test_a_cp874_file_is_rolled_over_and_said_to_be_utf8_now(sample: Path) -> None:
    """Saved by Notepad/Excel in the old Thai code page: read right, written back as UTF-8, and said so."""
    config = sample / "indicators.yml"
    config.write_bytes(config.read_text(encoding="utf-8").encode("cp874"))
    proc = oit("new-year", *DUE, cwd=sample)
    assert proc.returncode == 0, proc.stderr
    assert ("indicators.yml: บันทึกใหม่เป็น UTF-8 แล้ว (เดิมเป็นรหัสอักษรไทยแบบเก่า TIS-620/Windows-874)"
            " — เปิดด้วย Notepad ได้ตามปกติ") in proc.stdout + proc.stderr
    assert load_site(sample).fiscal_year.be_year == 2571
    config.read_bytes().decode("utf-8")  # UTF-8 now
