"""Output on a Thai Windows PC, where a file or a pipe is written in cp874 (TIS-620).

Reproduced here with a real TIS-620 locale built by ``localedef`` (Debian's own th_TH
definition) under a private LOCPATH: Python then writes pipes and files in TIS-620, as
Windows does with cp874 (the same Thai letters; neither has "·").
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration.test_officer_support import ENV, OIT, oit


@pytest.fixture(scope="module")
def tis620_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    localedef = shutil.which("localedef")
    if localedef is None or not Path("/usr/share/i18n/locales/th_TH").is_file():
        pytest.skip("no localedef or th_TH locale source on this machine")
    folder = tmp_path_factory.mktemp("locale")
    made = subprocess.run([localedef, "-i", "th_TH", "-f", "TIS-620", str(folder / "th_TH.TIS-620")],
                          capture_output=True, text=True, timeout=120)
    if not (folder / "th_TH.TIS-620").is_dir():
        pytest.skip(f"localedef could not build th_TH.TIS-620: {made.stderr}")
    return {**ENV, "LOCPATH": str(folder), "LANG": "th_TH.TIS-620", "LC_ALL": "th_TH.TIS-620"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("console")
    assert oit("init", "เว็บ อบต", "--name", "อบต.ทดสอบ", "--site-url", "https://t.go.th/", cwd=parent).returncode == 0
    return parent / "เว็บ อบต"


def test_a_report_redirected_to_a_cp874_file_does_not_crash(tis620_env: dict[str, str], site: Path) -> None:
    proc = subprocess.run([OIT, "check", "--offline", "--as-of", "2570-01-15"], cwd=site, env=tis620_env,
                          capture_output=True, timeout=300)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("tis-620", "replace")
    assert proc.returncode == 1  # findings, not a crash on the first "·"
    lines = proc.stdout.decode("tis-620").splitlines()
    assert lines[0] == "อบต.ทดสอบ"
    assert lines[1] == "ปีงบประมาณ พ.ศ. 2570 ? เกณฑ์ ita-2569 ? ตรวจ ณ วันที่ 15 มกราคม พ.ศ. 2570"


def test_mkdocs_messages_reach_the_officer_intact(tis620_env: dict[str, str], site: Path, tmp_path: Path) -> None:
    """The console reads UTF-8 (PYTHONIOENCODING, or Windows' own console) while pipes are cp874."""
    root = tmp_path / "s"
    shutil.copytree(site, root)
    (root / "content" / "news.md").write_text("# ข่าว\n\n[ประกาศ](ประกาศ☕.md)\n", encoding="utf-8")
    env = {**tis620_env, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([OIT, "build", "--offline", "--allow-failing", "ทดสอบ"], cwd=root, env=env,
                          capture_output=True, timeout=300)
    assert proc.returncode == 1
    stderr = proc.stderr.decode("utf-8")
    assert "mkdocs build ไม่สำเร็จ เว็บไซต์เดิมไม่ถูกแตะต้อง:" in stderr
    assert "'ประกาศ☕.md'" in stderr, stderr  # not เธเธฃเธฐเธเธฒเธจ (UTF-8 read as cp874)
