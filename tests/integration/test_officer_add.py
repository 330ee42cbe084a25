"""``oit add``: copy a document in, record it in indicators.yml, refuse bad input unchanged."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from click.testing import CliRunner

from oit.cli.main import main
from oit.core.indicators import load_site
from tests.integration.test_officer_support import (
    SAMPLE_AS_OF,
    assert_refused,
    check_json,
    mkdocs_build,
    oit,
    statuses,
)
from tests.support.sample import copy_sample, tree_digest
from tests.support.sites import pdf_bytes


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """Documents as the officer has them: Thai names with spaces and punctuation."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "ข่าว ประชาสัมพันธ์ (ฉบับที่ 1).pdf").write_bytes(pdf_bytes(label="news 1"))
    (folder / "สรุปผล เม.ย. 2570.pdf").write_bytes(pdf_bytes(label="april"))
    (folder / "empty.pdf").write_bytes(b"")
    return folder


def only_insertions(old: str, new: str) -> list[str]:
    """The lines added; fails if any existing line was changed, removed or moved."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    added = []
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), f"existing lines changed: {tag}"
        if tag == "insert":
            added.extend(new.splitlines()[j1:j2])
    return added


def test_add_file_then_check_and_build(sample: Path, inbox: Path, tmp_path: Path) -> None:
    old = (sample / "indicators.yml").read_text(encoding="utf-8")
    proc = oit("add", "o4", inbox / "ข่าว ประชาสัมพันธ์ (ฉบับที่ 1).pdf", "--title", "ข่าว: ประชุมประจำเดือน # 1",
               "--date", "๒๕๗๐-๐๑-๑๐", "--division", "สำนักปลัด", cwd=sample)
    assert proc.returncode == 0, proc.stderr
    rel = "files/2570/o4/ข่าว-ประชาสัมพันธ์-ฉบับที่-1.pdf"
    assert (sample / "content" / rel).read_bytes() == (inbox / "ข่าว ประชาสัมพันธ์ (ฉบับที่ 1).pdf").read_bytes()
    assert rel in proc.stdout
    new = (sample / "indicators.yml").read_text(encoding="utf-8")
    added = only_insertions(old, new)
    assert [line.strip() for line in added] == [
        "- title: 'ข่าว: ประชุมประจำเดือน # 1'", f"file: {rel}", "date: 2570-01-10", "division: สำนักปลัด"]
    # appended to o4, before the comment that opens the next section
    assert new.index(rel) < new.index("9.2 การบริหารงาน") < new.index("  o5:")
    doc = load_site(sample).items["o4"].documents[-1]
    assert (doc.title, doc.kind, doc.target, doc.division) == ("ข่าว: ประชุมประจำเดือน # 1", "file", rel, "สำนักปลัด")

    code, report = check_json(sample, SAMPLE_AS_OF)
    assert code == 0, report
    build = mkdocs_build(sample, tmp_path / "out", SAMPLE_AS_OF)
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "out" / "ita" / "o4.html").read_text(encoding="utf-8")
    assert "ประชุมประจำเดือน" in page
    assert (tmp_path / "out" / rel).is_file()


def test_monthly_url_and_page(sample: Path, inbox: Path) -> None:
    proc = oit("add", "O11", inbox / "สรุปผล เม.ย. 2570.pdf", "--title", "สรุปผลการจัดซื้อจัดจ้าง เดือนเมษายน 2570",
               "--date", "2570-05-05", "--month", "2570-04", cwd=sample)
    assert proc.returncode == 0, proc.stderr
    assert (sample / "content/files/2570/o11/สรุปผล-เมย-2570.pdf").is_file()
    proc = oit("add", "o3", "--url", "https://line.me/ti/p/@example", "--title", "LINE Official", cwd=sample)
    assert proc.returncode == 0, proc.stderr
    proc = oit("add", "o10", "--page", "content/qa.md", "--title", "ถาม-ตอบการใช้บริการออนไลน์", cwd=sample)
    assert proc.returncode == 0, proc.stderr
    site = load_site(sample)
    april = site.items["o11"].documents[-1]
    assert str(april.month) == "2570-04" and april.date is not None
    assert site.items["o3"].documents[-1].target == "https://line.me/ti/p/@example"
    assert site.items["o10"].documents[-1].target == "qa.md"
    _, report = check_json(sample, "2570-05-20")
    assert statuses(report)["o11"] == "ok"  # April is now there


def test_name_clash_gets_a_suffix_identical_file_is_reused(sample: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "รายงาน.pdf").write_bytes(pdf_bytes(label="one"))
    (second / "รายงาน.pdf").write_bytes(pdf_bytes(label="two"))
    assert oit("add", "o21", first / "รายงาน.pdf", "--title", "ฉบับแรก", "--date", "2570-01-05", cwd=sample).returncode == 0
    assert oit("add", "o21", second / "รายงาน.pdf", "--title", "ฉบับสอง", "--date", "2570-01-06", cwd=sample).returncode == 0
    folder = sample / "content/files/2570/o21"
    assert (folder / "รายงาน.pdf").read_bytes() == (first / "รายงาน.pdf").read_bytes()
    assert (folder / "รายงาน-2.pdf").read_bytes() == (second / "รายงาน.pdf").read_bytes()
    # the same bytes for another item: its own folder; for the same item: refused as a duplicate
    before = tree_digest(sample)
    again = oit("add", "o21", first / "รายงาน.pdf", "--title", "ซ้ำ", "--date", "2570-01-07", cwd=sample)
    assert_refused(again, before, sample, "บันทึกไว้ใน o21 แล้ว")


@pytest.mark.parametrize(("args", "message"), [
    (["o99", "{pdf}", "--title", "t"], "o9"),
    (["o111", "{pdf}", "--title", "t", "--date", "2570-01-05"], "หมายถึง 'o11'"),
    (["o4", "{missing}", "--title", "t", "--date", "2570-01-05"], "ไม่พบไฟล์"),
    (["o4", "{dir}", "--title", "t", "--date", "2570-01-05"], "เป็นโฟลเดอร์"),
    (["o4", "{empty}", "--title", "t", "--date", "2570-01-05"], "ไฟล์ว่างเปล่า"),
    (["o4", "{pdf}", "--title", "t", "--date", "2570-02-30"], "ไม่มีอยู่จริง"),
    (["o4", "{pdf}", "--title", "t", "--date", "15/01/2570"], "วันที่ '15/01/2570' เขียนวันขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ ปปปป-ดด-วว คือ 2570-01-15"),
    (["o4", "{pdf}", "--title", "t", "--date", "2570-10-01"], "หลังสิ้นปีงบประมาณ"),
    (["o4", "{pdf}", "--title", "t"], "ต้องระบุวันที่"),
    (["o4", "{pdf}", "--title", "t", "--date", "2570-01-05", "--month", "2570-01"], "ไม่ใช่รายการรายเดือน"),
    (["o11", "{pdf}", "--title", "t", "--date", "2570-05-05"], "ต้องระบุเดือน"),
    (["o11", "{pdf}", "--title", "t", "--date", "2570-05-05", "--month", "2569-09"], "ไม่อยู่ในปีงบประมาณ"),
    (["o11", "{pdf}", "--title", "t", "--date", "2570-03-05", "--month", "2570-04"], "อยู่ก่อนเดือนที่รายงาน"),
    (["o11", "{pdf}", "--title", "t", "--date", "2570-05-05", "--month", "2570-4x"], "อ่านเดือน"),
    (["o4", "{pdf}", "--title", "  ", "--date", "2570-01-05"], "ชื่อเอกสาร"),
    (["o3", "--title", "t"], "--url"),
    (["o3", "{pdf}", "--url", "https://x.go.th/", "--title", "t"], "หลายอย่าง"),
    (["o3", "--url", "ftp://x.go.th/a", "--title", "t"], "https://"),
    (["o3", "--url", "javascript:alert(1)", "--title", "t"], "https://"),
    (["o3", "--page", "nope.md", "--title", "t"], "ไม่พบไฟล์"),
    (["o3", "--page", "../indicators.yml", "--title", "t"], ".."),
    (["o3", "--url", "https://www.facebook.com/example.sao", "--title", "t"], "บันทึกไว้ใน o3 แล้ว"),
])
def test_bad_input_changes_nothing(sample: Path, inbox: Path, args: list[str], message: str) -> None:
    names = {"pdf": inbox / "สรุปผล เม.ย. 2570.pdf", "missing": inbox / "ไม่มี.pdf", "dir": inbox,
             "empty": inbox / "empty.pdf"}
    argv = [a.format(**names) for a in args]
    before = tree_digest(sample)
    proc = oit("add", *argv, cwd=sample)
    assert_refused(proc, before, sample, message)


def test_broken_indicators_is_reported_not_touched(sample: Path, inbox: Path) -> None:
    config = sample / "indicators.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("fiscal_year: 2570", "fiscal_yaer: 2570"),
                      encoding="utf-8")
    before = tree_digest(sample)
    proc = oit("add", "o4", inbox / "สรุปผล เม.ย. 2570.pdf", "--title", "t", "--date", "2570-01-05", cwd=sample)
    assert_refused(proc, before, sample, "indicators.yml:", "fiscal_yaer")


def test_final_validation_failure_rolls_back(sample: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the site no longer loads after writing, both the copy and the yml edit are undone."""
    import oit.officer.intake as intake
    from oit.core.errors import InputError

    real = intake.load_site
    calls = {"n": 0}

    def failing_second_load(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            # the yml and the copy are in place at this point
            assert (sample / "content/files/2570/o4/สรุปผล-เมย-2570.pdf").is_file()
            raise InputError("indicators.yml", 1, "จำลองความผิดพลาด")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(intake, "load_site", failing_second_load)
    before = tree_digest(sample)
    result = CliRunner().invoke(main, ["add", "o4", str(inbox / "สรุปผล เม.ย. 2570.pdf"), "--title", "t",
                                       "--date", "2570-01-05", "--site", str(sample)])
    assert result.exit_code == 2, result.output
    assert "จำลองความผิดพลาด" in result.output and "ไม่มีไฟล์ใดถูกเปลี่ยน" in result.output
    assert tree_digest(sample) == before
    assert not (sample / "content/files/2570/o4").exists()
