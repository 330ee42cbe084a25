"""``oit build-all``: check and build many sites in parallel on one machine.

Only parses options and prints; the work is in ``oit.build.multisite``. Exit codes: 0 when
every site was built and passes, 1 when any site failed (the others are still built),
2 for bad input (a folder without indicators.yml or mkdocs.yml, a folder named twice,
a bad ``--as-of`` or ``--jobs``): then nothing is built and every bad folder is listed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from oit.cli.common import EXIT_FINDINGS, EXIT_OK, guarded, parse_as_of
from oit.cli.thai_click import ThaiCommand

if TYPE_CHECKING:
    from oit.build.multisite import SiteResult


@click.command("build-all", cls=ThaiCommand)
@click.argument("dirs", metavar="โฟลเดอร์...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jobs", "-j", type=int, default=None, help="จำนวนเว็บไซต์ที่ทำพร้อมกัน (ค่าเริ่มต้น: จำนวน CPU)")
@click.option("--offline", is_flag=True, help="ไม่ตรวจลิงก์ภายนอก")
@click.option("--as-of", "as_of", help="ตรวจ ณ วันที่ (YYYY-MM-DD, พ.ศ. หรือ ค.ศ.) ค่าเริ่มต้น: วันนี้")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="เขียนผลรวมทุกเว็บไซต์เป็น JSON ลงไฟล์นี้")
@guarded
def build_all_command(dirs: tuple[Path, ...], jobs: int | None, offline: bool, as_of: str | None,
                      json_path: Path | None) -> None:
    """ตรวจและสร้างหลายเว็บไซต์พร้อมกัน (หนึ่งโฟลเดอร์ต่อหนึ่ง อบต.) แล้วสรุปผลเป็นตารางเดียว

    เว็บไซต์ที่มีรายการไม่ผ่านจะไม่ถูกสร้าง (เหมือน oit build) และไม่ทำให้เว็บไซต์อื่นหยุด
    """
    from oit.build.multisite import build_all, progress_line, summary_table
    from oit.core.atomic import write_text_atomic

    def progress(result: SiteResult, done: int, total: int) -> None:
        click.echo(progress_line(result, done, total), err=True)

    run = build_all(list(dirs), as_of=parse_as_of(as_of), offline=offline, jobs=jobs, progress=progress)
    click.echo(summary_table(run))
    if json_path is not None:
        write_text_atomic(json_path, json.dumps(run.to_json(), ensure_ascii=False, indent=1) + "\n")
        click.echo(f"เขียนผลรวมไว้ที่ {json_path}", err=True)
    sys.exit(EXIT_OK if run.ok else EXIT_FINDINGS)


def register_multisite_commands(main: click.Group) -> None:
    """Add ``build-all`` to the ``oit`` group."""
    main.add_command(build_all_command)
