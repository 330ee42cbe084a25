"""``oit new-year`` does not move a year by accident, asks first, and can be undone exactly.

Issue 18: in December 2569 (FY 2570) a rollover moved the sample to FY 2571 without a
word, a second run archived an empty 2571, and there was no way back.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from oit.core.indicators import load_site
from tests.integration.test_officer_support import ENV, OIT, assert_refused, oit
from tests.support.sample import copy_sample, tree_digest
from tests.support.sites import pdf_bytes

TODAY = ("--as-of", "2569-12-07")  # two months into FY 2570, as in the issue
DUE = ("--as-of", "2570-10-01")  # the day FY 2571 begins

FUTURE = ("indicators.yml:53: ปีงบประมาณ พ.ศ. 2571 ยังไม่เริ่ม (เริ่ม 1 ตุลาคม พ.ศ. 2570; วันนี้ 7 ธันวาคม พ.ศ. 2569"
          " อยู่ในปีงบประมาณ พ.ศ. 2570) — วิธีแก้: ตอนนี้ยังไม่ต้องขึ้นปีใหม่ เพิ่มเอกสารของปี 2570 ต่อได้ตามปกติ;"
          " ถ้าตั้งใจเตรียมปี 2571 ล่วงหน้าจริง ให้สั่ง oit new-year --as-of 2569-12-07 --force-future-year")
NOTHING_CHANGED = "indicators.yml: ยังไม่ขึ้นปีงบประมาณใหม่ ไม่มีไฟล์ใดถูกเปลี่ยน"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


def answer(text: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``oit`` with ``text`` typed at its prompt."""
    return subprocess.run([OIT, *args], cwd=cwd, env=ENV, input=text, capture_output=True, text=True, timeout=300)


def test_a_year_that_has_not_begun_is_refused(sample: Path) -> None:
    before = tree_digest(sample)
    proc = oit("new-year", *TODAY, "--yes", cwd=sample)
    assert_refused(proc, before, sample)
    assert proc.stderr == f"พบข้อผิดพลาด 2 จุด:\n  {FUTURE}\n  {NOTHING_CHANGED}\n"


def test_the_advice_names_the_site_when_run_from_elsewhere(sample: Path, tmp_path: Path) -> None:
    before = tree_digest(sample)
    proc = oit("new-year", "--site", sample, *TODAY, "--yes", cwd=tmp_path)
    assert_refused(proc, before, sample, f"ให้สั่ง oit new-year --as-of 2569-12-07 --force-future-year --site {sample}")


def test_the_advice_keeps_the_options_given(sample: Path) -> None:
    """The advised command does what was asked: the same year, catalog and date, plus the flag."""
    before = tree_digest(sample)
    proc = oit("new-year", "--fiscal-year", "๒๕๗๑", "--assessment", "ita-2569", *TODAY, "--yes", cwd=sample)
    assert_refused(proc, before, sample, "ให้สั่ง oit new-year --fiscal-year ๒๕๗๑ --assessment ita-2569"
                                         " --as-of 2569-12-07 --force-future-year\n")


def test_a_second_rollover_in_a_row_is_refused(sample: Path) -> None:
    first = oit("new-year", *TODAY, "--yes", "--force-future-year", cwd=sample)
    assert first.returncode == 0, first.stderr
    before = tree_digest(sample)
    proc = oit("new-year", *TODAY, "--yes", "--force-future-year", cwd=sample)
    assert_refused(proc, before, sample)
    assert proc.stderr == (
        "พบข้อผิดพลาด 2 จุด:\n"
        "  indicators.yml:53: ปีงบประมาณ พ.ศ. 2571 ยังไม่มีเอกสารของปีนี้เลย จะเก็บเป็นปีว่างในเอกสารย้อนหลัง"
        " — ขึ้นปีใหม่จาก 2570 มาแล้ว (มี archive/2570.yml) และยังไม่ได้เพิ่มเอกสารใดของปีนี้"
        " — วิธีแก้: ถ้าขึ้นปีซ้ำโดยไม่ตั้งใจ ย้อนกลับด้วย oit new-year --undo;"
        " ถ้าตั้งใจปิดปี 2571 ทั้งที่ว่างจริง ให้สั่ง oit new-year --as-of 2569-12-07 --force-future-year"
        " --force-empty-year\n"
        f"  {NOTHING_CHANGED}\n")
    # both reasons at once name one command with both flags
    both = oit("new-year", *TODAY, "--yes", cwd=sample)
    assert both.returncode == 2
    assert both.stderr.count("ให้สั่ง oit new-year --as-of 2569-12-07 --force-future-year --force-empty-year") == 2


def test_the_rollover_asks_first(sample: Path) -> None:
    before = tree_digest(sample)
    said_no = answer("n\n", "new-year", *DUE, cwd=sample)
    assert said_no.returncode == 1, said_no.stderr
    assert said_no.stdout == (
        "จะขึ้นปีงบประมาณใหม่: 2570 → 2571 (เก็บปี 2570 ไว้ที่ archive/2570.yml; เริ่มใหม่ 18 รายการ,"
        " ยกเอกสารมา 8 รายการ)\n"
        "  measures.yml: เก็บปี 2570 ไว้ที่ archive/measures/2570.yml และเริ่มปี 2571 ด้วยมาตรการเดิม 3 ข้อ"
        " (ล้างผลการดำเนินการของปี 2570 ออกจากมาตรการที่ 1, 2, 3)\n"
        "  measures.yml: เลื่อนปีในระยะเวลาดำเนินการ (timing) ของมาตรการที่ 1, 2, 3 ไป 1 ปี\n"
        "ยืนยันขึ้นปีงบประมาณ 2571 หรือไม่ (ย้อนกลับได้ด้วย oit new-year --undo)? [y/N]: "  # the answer is not echoed
        "ยกเลิกการขึ้นปีงบประมาณใหม่ ไม่มีไฟล์ใดถูกเปลี่ยน\n")
    assert tree_digest(sample) == before
    # a script with no answer and no --yes: told how to answer, nothing written
    silent = answer("", "new-year", *DUE, cwd=sample)
    assert_refused(silent, before, sample)
    assert silent.stderr.endswith("ข้อผิดพลาด: --yes: ยกเลิกการขึ้นปีงบประมาณใหม่: ไม่ได้รับคำยืนยัน"
                                  " — วิธีแก้: ตอบ y เพื่อยืนยัน หรือเพิ่ม --yes เมื่อสั่งจากสคริปต์\n")
    # a Thai answer, or y typed with the Thai keyboard layout on ("ั"), after one it does not know
    unclear = answer("ok\nn\n", "new-year", *DUE, cwd=sample)
    assert unclear.returncode == 1
    assert unclear.stdout.count("ไม่เข้าใจคำตอบ 'ok' — พิมพ์ y เพื่อยืนยัน หรือ n เพื่อยกเลิก") == 1
    assert tree_digest(sample) == before
    said_yes = answer("ok\nั\n", "new-year", *DUE, cwd=sample)
    assert said_yes.returncode == 0, said_yes.stderr
    assert "ขึ้นปีงบประมาณใหม่แล้ว: 2570 → 2571" in said_yes.stdout
    assert "ถ้าขึ้นปีผิด ย้อนกลับได้ด้วย oit new-year --undo" in said_yes.stdout
    assert load_site(sample).fiscal_year.be_year == 2571


def test_undo_puts_the_site_back_byte_for_byte(sample: Path) -> None:
    before = tree_digest(sample)
    assert oit("new-year", *DUE, "--yes", cwd=sample).returncode == 0
    second = oit("new-year", "--as-of", "2571-10-01", "--yes", "--force-empty-year", cwd=sample)
    assert second.returncode == 0, second.stderr
    assert load_site(sample).fiscal_year.be_year == 2572

    back = oit("new-year", "--undo", "--yes", cwd=sample)
    assert back.returncode == 0, back.stderr
    assert back.stdout == (
        f"จะย้อนการขึ้นปีงบประมาณใหม่ 2571 → 2572 (ทำเมื่อ {back.stdout.split('ทำเมื่อ ')[1][:19]})\n"
        "ย้อนการขึ้นปีงบประมาณใหม่ 2571 → 2572 แล้ว เว็บไซต์กลับเป็นเหมือนก่อนสั่ง oit new-year\n"
        "  คืนไฟล์เดิม: indicators.yml, measures.yml\n"
        "  ลบไฟล์ที่คำสั่งเดิมสร้าง: archive/2571.yml, archive/measures/2571.yml\n")
    assert load_site(sample).fiscal_year.be_year == 2571
    assert oit("new-year", "--undo", "--yes", cwd=sample).returncode == 0
    assert tree_digest(sample) == before  # indicators.yml identical, archives and .oit-undo gone
    assert not (sample / "archive").exists() and not (sample / ".oit-undo").exists()

    nothing = oit("new-year", "--undo", "--yes", cwd=sample)
    assert_refused(nothing, before, sample)
    assert nothing.stderr == (
        "ข้อผิดพลาด: .oit-undo: ไม่มีการขึ้นปีงบประมาณใหม่ที่ย้อนกลับได้ในโฟลเดอร์นี้ — วิธีแก้:"
        " ย้อนกลับได้เฉพาะการขึ้นปีที่ทำด้วย oit new-year ในโฟลเดอร์ของเว็บไซต์นี้"
        " ตรวจว่าอยู่ในโฟลเดอร์ที่ถูกต้อง (หรือระบุ --site)\n")


def test_undo_after_an_edit_says_what_changed(sample: Path, tmp_path: Path) -> None:
    original = (sample / "indicators.yml").read_bytes()
    assert oit("new-year", *DUE, "--yes", cwd=sample).returncode == 0
    news = tmp_path / "news.pdf"
    news.write_bytes(pdf_bytes())
    added = oit("add", "o4", news, "--title", "ข่าวปีใหม่", "--date", "2570-10-15", cwd=sample)
    assert added.returncode == 0, added.stderr
    edited = (sample / "indicators.yml").read_bytes()
    line = next(n for n, text in enumerate(edited.decode().splitlines(), 1) if "ข่าวปีใหม่" in text)

    before = tree_digest(sample)
    refused = oit("new-year", "--undo", "--yes", cwd=sample)
    assert_refused(refused, before, sample)
    first, second = refused.stderr.splitlines()[1:]
    # "documents: []" became "documents:" and the new entry (title, file, date) follows it
    assert first == (f"  indicators.yml:{line - 1}: ถูกแก้ไขหลังขึ้นปีงบประมาณใหม่ 2570 → 2571"
                     f" (บรรทัด {line - 1}, {line}, {line + 1}, {line + 2})")
    assert second == "  .oit-undo: ยังไม่ย้อนกลับ ไม่มีไฟล์ใดถูกเปลี่ยน — วิธีแก้: ถ้าการแก้ไขนั้นไม่ต้องการแล้ว ให้สั่ง" \
                     " oit new-year --undo --discard-edits (เก็บสำเนาไฟล์ที่แก้ไว้ใน .oit-undo/ ให้ด้วย);" \
                     " ถ้ายังต้องการ ให้คงปีใหม่ไว้และแก้ต่อในปีนี้"

    forced = oit("new-year", "--undo", "--yes", "--discard-edits", cwd=sample)
    assert forced.returncode == 0, forced.stderr
    assert (sample / "indicators.yml").read_bytes() == original
    kept = list((sample / ".oit-undo").glob("*-edited/indicators.yml"))
    assert [p.read_bytes() for p in kept] == [edited]
    assert "เก็บสำเนาไฟล์ที่แก้หลังขึ้นปีใหม่ไว้ที่ .oit-undo/" in forced.stdout


@pytest.mark.parametrize("name", ["indicators.yml", "measures.yml"])
def test_an_edit_while_the_question_waits_is_not_lost(sample: Path, name: str) -> None:
    """The plan is written only over the files it was made from: indicators.yml and measures.yml."""
    from datetime import date

    from oit.core.errors import InputError
    from oit.officer.rollover import plan_new_year

    plan = plan_new_year(sample, today=date(2027, 10, 1))  # BE 2570-10-01
    path = sample / name
    path.write_text(path.read_text(encoding="utf-8") + "# แก้ระหว่างรอ\n", encoding="utf-8")
    before = tree_digest(sample)
    with pytest.raises(InputError) as raised:
        plan.apply()
    assert str(raised.value) == (f"{name}: ถูกแก้ไขระหว่างรอคำยืนยัน ยังไม่ขึ้นปีงบประมาณใหม่"
                                 " ไม่มีไฟล์ใดถูกเปลี่ยน — วิธีแก้: สั่ง oit new-year อีกครั้ง")
    assert tree_digest(sample) == before and not (sample / ".oit-undo").exists()


def test_a_damaged_undo_record_is_refused_clearly(sample: Path) -> None:
    assert oit("new-year", *DUE, "--yes", cwd=sample).returncode == 0
    record = next((sample / ".oit-undo").iterdir())
    kept = next((record / "before").iterdir())
    kept.unlink()  # deleted by hand
    before = tree_digest(sample)
    proc = oit("new-year", "--undo", "--yes", cwd=sample)
    assert_refused(proc, before, sample)
    assert proc.stderr == (f"ข้อผิดพลาด: .oit-undo/{record.name}: สำเนาที่เก็บไว้สำหรับย้อนกลับไม่ครบ"
                           f" (ไม่มี before/{kept.name}) จึงย้อนกลับไม่ได้ ไม่มีไฟล์ใดถูกเปลี่ยน — วิธีแก้:"
                           " แก้ indicators.yml เองตามแฟ้มย้อนหลังใน archive/ หรือคืนจากสำเนาสำรองของหน่วยงาน\n")
