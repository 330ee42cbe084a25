"""``oit snapshot``: freeze the built site as evidence of submission day, or verify a frozen one.

Parses options and prints the Thai summary; the bag is made and verified in
:mod:`oit.publishing.snapshot`. Bad input exits 2 (``guarded``); a bag that changed exits 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from oit.cli.common import EXIT_FINDINGS, as_of_option, fail, guarded, parse_as_of, site_option
from oit.cli.thai_click import ThaiCommand


def _size(n: int) -> str:
    if n < 1024:
        return f"{n:,} ไบต์"
    size = float(n)
    for unit in ("KB", "MB"):
        size /= 1024
        if size < 1024:
            return f"{size:,.1f} {unit}"
    return f"{size / 1024:,.1f} GB"


@click.command("snapshot", cls=ThaiCommand)
@site_option
@as_of_option
@click.option("--site-dir", "site_dir", type=click.Path(path_type=Path),
              help="เว็บไซต์ที่สร้างแล้วที่จะเก็บ (ค่าเริ่มต้น: site/ ในโฟลเดอร์ของเว็บไซต์)")
@click.option("--output", type=click.Path(path_type=Path),
              help="โฟลเดอร์หลักฐานที่จะสร้าง (ค่าเริ่มต้น: snapshots/oit-snapshot-<วันที่>); "
                   "ถ้าเป็นโฟลเดอร์ที่มีอยู่แล้ว เช่น แฟลชไดรฟ์ จะสร้างไว้ข้างใน")
@click.option("--links", is_flag=True, help="ตรวจลิงก์ภายนอกด้วย (ค่าเริ่มต้น: ตรวจแบบไม่ใช้เครือข่าย)")
@click.option("--zip", "make_zip", is_flag=True, help="ทำไฟล์ zip ของหลักฐานด้วย พร้อมค่า SHA-256 สำหรับจดในบันทึกข้อความ")
@click.option("--verify", "verify", type=click.Path(path_type=Path), metavar="BAG",
              help="ตรวจหลักฐานที่เก็บไว้ (โฟลเดอร์หรือไฟล์ zip) ว่าไม่มีไฟล์ใดถูกแก้ไข หายไป หรือเพิ่มเข้ามา")
@guarded
def snapshot_command(site: Path, as_of: str | None, site_dir: Path | None, output: Path | None,
                     links: bool, make_zip: bool, verify: Path | None) -> None:
    """เก็บหลักฐานวันส่ง: เว็บไซต์ที่สร้างแล้ว indicators.yml รายงานผลตรวจ และแบบส่ง ITAS เป็นถุง BagIt"""
    if verify is not None:
        extra = [name for name, given in (("--site-dir", site_dir), ("--output", output), ("--links", links),
                                          ("--zip", make_zip), ("--as-of", as_of)) if given]
        if extra:
            fail(f"ข้อผิดพลาด: --verify ใช้ร่วมกับ {', '.join(extra)} ไม่ได้ — วิธีแก้: สั่ง oit snapshot --verify {verify}")
        _verify(verify)
        return
    from oit.publishing.snapshot import make_snapshot

    made = make_snapshot(site, site_dir=site_dir, output=output, as_of=parse_as_of(as_of), links=links,
                         make_zip=make_zip, echo=lambda line: click.echo(line, err=True))
    click.echo(f"เก็บหลักฐานไว้ที่ {made.bag} ({made.files} ไฟล์ {_size(made.size)})")
    click.echo(f"  ผลตรวจวันนี้: {made.summary}")
    if made.failing:
        click.echo(f"  รายการที่ยังไม่ผ่าน (บันทึกไว้ในหลักฐาน): {', '.join(made.failing)}")
    click.echo(f"  รหัสตรวจสอบหลักฐาน (SHA-256 ของ tagmanifest-sha256.txt): {made.fingerprint}")
    if made.zip_path is not None:
        click.echo(f"ไฟล์ zip: {made.zip_path}")
        click.echo(f"  SHA-256 ของไฟล์ zip (จดลงบันทึกข้อความ): {made.zip_sha256}")
    click.echo(f"ตรวจภายหลังว่าไม่มีอะไรเปลี่ยน: oit snapshot --verify {made.zip_path or made.bag}")


def _verify(path: Path) -> None:
    from oit.publishing.snapshot import verify_snapshot

    result = verify_snapshot(path)
    where = result.info.get("OIT-Site-URL", "")
    when = result.info.get("OIT-Check-Date-BE", "")
    about = f" ({result.info.get('Source-Organization', '')} {where} ณ วันที่ {when})" if when else ""
    if result.ok:
        click.echo(f"หลักฐาน {path} ไม่ถูกเปลี่ยนแปลง: ทั้ง {result.files} ไฟล์ตรงกับค่า SHA-256 ที่บันทึกไว้{about}")
        click.echo(f"  รหัสตรวจสอบหลักฐาน: {result.fingerprint}")
        return
    click.echo(f"หลักฐาน {path} ถูกเปลี่ยนแปลง {result.count} จุด{about}:")
    for name in result.changed:
        click.echo(f"  ไฟล์ถูกแก้ไข (ค่า SHA-256 ไม่ตรงกับที่บันทึกไว้): {name}")
    for name in result.missing:
        click.echo(f"  ไฟล์หายไป: {name}")
    for name in result.extra:
        click.echo(f"  ไฟล์ที่เพิ่มเข้ามา (ไม่มีในรายการที่บันทึกไว้): {name}")
    for line in result.other:
        click.echo(f"  {line}")
    sys.exit(EXIT_FINDINGS)


def register_snapshot_commands(main: click.Group) -> None:
    """Attach ``oit snapshot`` to the ``oit`` group (called at the end of oit/cli/main.py)."""
    main.add_command(snapshot_command)
