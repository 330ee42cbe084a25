"""``oit build --out`` never wipes out a folder of the officer's own files.

The build replaces its whole output folder: right for ``site/`` and an earlier build, and
a deletion of everything for ``--out .``, ``--out content`` or ``--out เอกสาร``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_officer_support import assert_refused, oit
from tests.support.sample import tree_digest

BUILD = ("build", "--offline", "--as-of", "2569-12-07", "--allow-failing", "ทดสอบ")
HINT = "ระบุโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง เช่น --out site (ค่าเริ่มต้น) หรือย้ายไฟล์ในโฟลเดอร์นั้นออกก่อน"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    made = oit("init", "site", "--name", "องค์การบริหารส่วนตำบลทดสอบ", "--site-url", "https://t.go.th/",
               "--fiscal-year", "2570", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / "site"


@pytest.mark.parametrize("out", [".", "content", "content/files", ".."])
def test_the_site_folder_itself_is_refused(site: Path, out: str) -> None:
    before = tree_digest(site.parent)
    proc = oit(*BUILD, "--out", out, cwd=site)
    assert_refused(proc, before, site.parent)
    assert proc.stderr == (f"ข้อผิดพลาด: --out: {out} เป็นโฟลเดอร์ของเว็บไซต์เอง (มี indicators.yml หรือ content/)"
                           " oit build แทนที่โฟลเดอร์ผลลัพธ์ทั้งโฟลเดอร์ ไฟล์ของเว็บไซต์จะหายไป จึงไม่ทำ"
                           f" — วิธีแก้: {HINT}\n")


def test_a_folder_of_other_files_is_refused(site: Path, tmp_path: Path) -> None:
    mine = tmp_path / "เอกสารของฉัน"
    mine.mkdir()
    (mine / "งบประมาณ.xlsx").write_bytes(b"keep me")
    before = tree_digest(tmp_path)
    proc = oit(*BUILD, "--out", mine, cwd=site)
    assert_refused(proc, before, tmp_path)
    assert proc.stderr == (f"ข้อผิดพลาด: --out: {mine} มีไฟล์อื่นอยู่แล้ว ไม่ใช่เว็บไซต์ที่ oit build สร้างไว้"
                           " oit build แทนที่โฟลเดอร์ผลลัพธ์ทั้งโฟลเดอร์ ไฟล์เหล่านั้นจะหายไป จึงไม่ทำ"
                           f" — วิธีแก้: {HINT}\n")


def test_a_new_empty_or_earlier_build_folder_is_fine(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "เว็บ ที่สร้าง"
    first = oit(*BUILD, "--out", out, cwd=site)
    assert first.returncode == 0, first.stderr
    assert (out / "index.html").is_file()
    again = oit(*BUILD, "--out", out, cwd=site)  # an earlier build is replaced
    assert again.returncode == 0, again.stderr
    empty = tmp_path / "ว่าง"
    empty.mkdir()
    assert oit(*BUILD, "--out", empty, cwd=site).returncode == 0
