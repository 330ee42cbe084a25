"""Advice names a command that works where it is given (issue 18, class 2).

A site made by ``oit init`` has no Makefile, so ``make site ALLOW_FAILING=…`` fails there;
an officer who typed ``--site DIR`` is not in the site folder, so a bare ``oit …`` fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from oit.core.advice import allow_failing_advice, has_make_target, oit_command, shell_word
from tests.integration.test_officer_support import ROOT, oit
from tests.support.sample import copy_sample, tree_digest

GATE = "ไม่สร้างเว็บไซต์: ยังมี 26 รายการไม่ผ่าน ("


def _init(tmp_path: Path, name: str = "site") -> Path:
    made = oit("init", name, "--name", "องค์การบริหารส่วนตำบลทดสอบ", "--site-url", "https://t.go.th/",
               "--fiscal-year", "2570", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / name


def _gate_line(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if line.startswith("ไม่สร้างเว็บไซต์"))


def test_build_on_an_init_site_names_oit_build_not_make(tmp_path: Path) -> None:
    root = _init(tmp_path)
    assert not (root / "Makefile").exists()
    before = tree_digest(root)
    proc = oit("build", "--offline", "--as-of", "2569-12-07", cwd=root)
    assert proc.returncode == 1, proc.stderr
    line = _gate_line(proc.stderr)
    assert line.startswith(GATE)
    assert line.endswith(' — แก้ไขให้ครบ หรือสั่ง oit build --allow-failing "เหตุผล"'
                         " เพื่อยืนยันเผยแพร่ทั้งที่ยังไม่ครบ")
    assert "make" not in proc.stderr and "ALLOW_FAILING" not in proc.stderr
    assert tree_digest(root) == before
    # and the advice works: the same site builds with it
    forced = oit("build", "--offline", "--as-of", "2569-12-07", "--allow-failing", "เหตุผล", cwd=root)
    assert forced.returncode == 0, forced.stderr
    assert (root / "site" / "index.html").is_file()


def test_build_with_site_option_names_the_site(tmp_path: Path) -> None:
    root = _init(tmp_path, "อบต ทดสอบ")  # a Thai name with a space, as on a Windows desktop
    proc = oit("build", "--offline", "--as-of", "2569-12-07", "--site", root, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _gate_line(proc.stderr).endswith(
        f' — แก้ไขให้ครบ หรือสั่ง oit build --allow-failing "เหตุผล" --site "{root}"'
        " เพื่อยืนยันเผยแพร่ทั้งที่ยังไม่ครบ")


def test_a_site_with_the_repository_makefile_may_also_name_make(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    proc = oit("build", "--offline", "--as-of", "2570-09-30", cwd=root)  # o11 misses months by then
    assert proc.returncode == 1, proc.stderr
    assert _gate_line(proc.stderr) == (
        "ไม่สร้างเว็บไซต์: ยังมี 1 รายการไม่ผ่าน (o11) — แก้ไขให้ครบ หรือสั่ง oit build --allow-failing"
        ' "เหตุผล" (หรือ make site ALLOW_FAILING="เหตุผล") เพื่อยืนยันเผยแพร่ทั้งที่ยังไม่ครบ')
    # from elsewhere, make would run in the wrong folder: only the oit command is named
    away = oit("build", "--offline", "--as-of", "2570-09-30", "--site", root, cwd=tmp_path)
    assert "make site" not in away.stderr
    assert f'oit build --allow-failing "เหตุผล" --site {root}' in away.stderr


def test_status_points_to_check_with_the_same_site(tmp_path: Path) -> None:
    root = _init(tmp_path)
    proc = oit("status", "--site", root, "--as-of", "2569-12-07", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"รายการ — ดูทั้งหมดด้วย oit check --offline --site {root}" in proc.stdout.replace("\n", "")


def test_make_target_detection(tmp_path: Path) -> None:
    assert not has_make_target(tmp_path)
    (tmp_path / "Makefile").write_text("test:\n\tpytest\n", encoding="utf-8")
    assert not has_make_target(tmp_path)  # a Makefile without the site target
    (tmp_path / "Makefile").write_text("SITE := x\nALLOW_FAILING ?=\n", encoding="utf-8")
    assert not has_make_target(tmp_path)  # "SITE :=" is a variable, not a target
    (tmp_path / "Makefile").write_text("ALLOW_FAILING ?=\nsite: .venv\n\toit build\n", encoding="utf-8")
    assert has_make_target(tmp_path)
    assert allow_failing_advice(tmp_path) == f'oit build --allow-failing "เหตุผล" --site {tmp_path}'


def test_command_words() -> None:
    assert shell_word("อบต-หนองบัว") == "อบต-หนองบัว"  # Thai needs no quotes
    assert shell_word("D:\\เว็บ อบต") == '"D:\\เว็บ อบต"'
    assert shell_word("") == '""'
    assert oit_command("check --offline", Path(".")) == "oit check --offline"
    assert oit_command("check", Path("/no/such/site")) == "oit check --site /no/such/site"
