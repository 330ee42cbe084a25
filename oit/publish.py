"""Build the site for publishing: check, build aside, verify, then swap into place.

The publishing gate: a site with a failing required item is not produced unless the
officer gives a reason, which is printed and kept in the built site. A failed or
interrupted build leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from oit.atomic import replace_dir, write_text_atomic
from oit.errors import InputError
from oit.site_meta import AS_OF_ENV


class BuildRefused(Exception):
    """The checks failed; the previous site/ is untouched."""


def build_site(
    root: Path,
    *,
    as_of: date | None = None,
    offline: bool = False,
    out: Path | None = None,
    allow_failing: str | None = None,
    echo: Callable[[str], None] = print,
) -> str:
    """Check the site, build it into a temporary folder, check its links, then publish.

    Returns a one-line summary; raises ``BuildRefused`` when the gate closes.
    """
    from site_checks.check import CheckOptions, run_check
    from site_checks.report import render

    root = Path(root)
    out = Path(out) if out else root / "site"
    day = as_of or date.today()
    if allow_failing is not None and not allow_failing.strip():
        raise InputError("--allow-failing", None, "ต้องระบุเหตุผล", 'เช่น --allow-failing "รอเอกสาร o12 จากกองคลัง"')
    report = run_check(CheckOptions(site=root, as_of=day, offline=offline))
    echo(render(report, "text"))
    failing = [item for item in report.items if not item.passes]
    if failing and allow_failing is None:
        raise BuildRefused(
            f"ไม่สร้างเว็บไซต์: ยังมี {len(failing)} รายการไม่ผ่าน ({', '.join(i.code for i in failing)}) — "
            'แก้ไขให้ครบ หรือสั่ง make site ALLOW_FAILING="เหตุผล" เพื่อยืนยันเผยแพร่ทั้งที่ยังไม่ครบ'
        )
    if failing:
        echo(f"คำเตือน: เผยแพร่ทั้งที่ยังมี {len(failing)} รายการไม่ผ่าน เหตุผล: {allow_failing}")

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        env = dict(os.environ, **{AS_OF_ENV: day.isoformat()})
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--quiet",
                "-f",
                str(root / "mkdocs.yml"),
                "-d",
                str(staging.resolve()),
            ],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise BuildRefused("mkdocs build ไม่สำเร็จ เว็บไซต์เดิมไม่ถูกแตะต้อง:\n" + (proc.stderr or proc.stdout).strip())
        site_report = run_check(CheckOptions(site=root, as_of=day, offline=True, site_dir=staging))
        broken = [p for item in site_report.site_problems for p in [item]]
        if broken:
            raise BuildRefused(
                "ลิงก์ภายในเว็บไซต์ที่สร้างเสีย เว็บไซต์เดิมไม่ถูกแตะต้อง:\n" + "\n".join(f"  {p.message}" for p in broken[:50])
            )
        if failing:
            write_text_atomic(
                staging / "publish-override.txt",
                f"เผยแพร่ทั้งที่ยังไม่ผ่าน: {', '.join(i.code for i in failing)}\nเหตุผล: {allow_failing}\n",
            )
        replace_dir(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return f"สร้างเว็บไซต์แล้วที่ {out} ({report.summary_line()})"
