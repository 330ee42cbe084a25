"""The ``oit`` command. Each subcommand parses options and hands over to domain code.

Bad input anywhere ends with a Thai message naming file and line, exit code 2 and no
traceback; findings end with exit code 1.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from oit.cli.common import EXIT_FINDINGS, as_of_option, guarded, parse_as_of, site_option
from oit.cli.console import register_console_commands
from oit.cli.multisite import register_multisite_commands
from oit.cli.officer import register_officer_commands
from oit.cli.paperwork import register_paperwork_commands
from oit.cli.preview import register_preview_commands
from oit.cli.publish import register_publish_commands
from oit.cli.snapshot import register_snapshot_commands
from oit.cli.thai_click import VERSION_HELP, VERSION_MESSAGE, ThaiGroup


@click.group(cls=ThaiGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oit-site", help=VERSION_HELP, message=VERSION_MESSAGE)
def main() -> None:
    """เครื่องมือเว็บไซต์เปิดเผยข้อมูลสาธารณะ (ITA/OIT) สำหรับ อบต."""


@main.command()
@guarded
def catalogs() -> None:
    """รายการเกณฑ์ OIT ที่มีในระบบ พร้อมจำนวนรายการและรายการที่ยังไม่แน่นอน"""
    from oit.core.catalog import list_catalogs

    click.echo(f"{'เกณฑ์':<10} {'ปี':>5} {'รายการ':>7} {'ไม่แน่นอน':>9}  ชื่อ")
    for summary in list_catalogs():
        click.echo(f"{summary.id:<10} {summary.year:>5} {summary.items:>7} {summary.uncertain:>9}  {summary.title}")


@main.command()
@site_option
@as_of_option
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="โฟลเดอร์ที่จะเขียนหน้า Markdown")
@guarded
def generate(site: Path, as_of: str | None, out: Path) -> None:
    """เขียนหน้า ITA (หน้ารวม หน้ารายการ หน้าย้อนหลัง) แดชบอร์ด QR ฟีดข่าว และข้อมูลเปิด ลงโฟลเดอร์ โดยไม่ใช้ mkdocs"""
    from oit.core.indicators import load_site
    from oit.pages.citizen import with_citizen_pages
    from oit.pages.generate import generate_pages, write_pages

    day = parse_as_of(as_of) or date.today()
    loaded = load_site(site, as_of=day)
    for warning in loaded.warnings:
        click.echo(f"คำเตือน: {warning}", err=True)
    # the same files hooks/ita.py adds to mkdocs (item pages with their QR codes, every
    # page dated), so another engine publishes the whole site, not only the ITA pages
    written = write_pages(with_citizen_pages(loaded, day, generate_pages(loaded, day)), out)
    click.echo(f"เขียน {len(written)} หน้าไว้ที่ {out}")


@main.command()
@site_option
@as_of_option
@click.option("--offline", is_flag=True, help="ไม่ตรวจลิงก์ภายนอก")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="เวลารอต่อคำขอ (วินาที)")
@click.option("--no-cache", is_flag=True, help="ไม่ใช้ผลตรวจลิงก์ที่เก็บไว้")
@click.option(
    "--cache-hours",
    type=float,  # range checked by run_check, with the Thai message --timeout gets
    default=24.0,
    show_default=True,
    help="เชื่อผลตรวจลิงก์ที่ผ่านแล้ว ซ้ำได้นานกี่ชั่วโมง (0 = ตรวจใหม่ทุกครั้ง)",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit", "markdown", "html"]),
    default="text",
    show_default=True,
    help="รูปแบบรายงาน",
)
@click.option("--output", type=click.Path(path_type=Path), help="เขียนรายงานลงไฟล์")
@click.option("--site-dir", type=click.Path(path_type=Path), help="ตรวจลิงก์ภายในของเว็บไซต์ที่สร้างแล้ว (เช่น site/)")
@guarded
def check(
    site: Path,
    as_of: str | None,
    offline: bool,
    timeout: float,
    no_cache: bool,
    cache_hours: float,
    fmt: str,
    output: Path | None,
    site_dir: Path | None,
) -> None:
    """ตรวจว่าทุกรายการที่ต้องเผยแพร่มีครบ เป็นปัจจุบัน และเปิดได้"""
    from oit.checker.check import CheckOptions, run_check
    from oit.checker.report import exit_code, render

    options = CheckOptions(
        site=site,
        as_of=parse_as_of(as_of),
        offline=offline,
        timeout=timeout,
        use_cache=not no_cache,
        cache_hours=cache_hours,
        site_dir=site_dir,
        interactive=sys.stderr.isatty(),
    )
    report = run_check(options)
    text = render(report, fmt)
    if output:
        from oit.core.atomic import write_text_atomic

        write_text_atomic(output, text)
        click.echo(f"เขียนรายงานไว้ที่ {output}", err=True)
        if fmt != "text":
            click.echo(render(report, "text"))
    else:
        click.echo(text)
    sys.exit(exit_code(report))


@main.command()
@site_option
@as_of_option
@click.option("--offline", is_flag=True, help="ไม่ตรวจลิงก์ภายนอก")
@click.option("--out", "out", type=click.Path(path_type=Path), help="โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น: site/)")
@click.option(
    "--allow-failing",
    "allow_failing",
    metavar="REASON",
    help="สร้างเว็บไซต์แม้ยังมีรายการไม่ผ่าน โดยต้องระบุเหตุผล (จะแสดงในผลลัพธ์)",
)
@guarded
def build(site: Path, as_of: str | None, offline: bool, out: Path | None, allow_failing: str | None) -> None:
    """ตรวจแล้วสร้างเว็บไซต์ลงโฟลเดอร์ site/ — แทนที่ของเดิมเมื่อสำเร็จทั้งหมดเท่านั้น"""
    from oit.build.publish import BuildRefused, build_site

    try:
        result = build_site(
            site, as_of=parse_as_of(as_of), offline=offline, out=out, allow_failing=allow_failing, echo=click.echo
        )
    except BuildRefused as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(result)


register_officer_commands(main)
register_multisite_commands(main)
register_publish_commands(main)
register_snapshot_commands(main)
register_paperwork_commands(main)
register_console_commands(main)
register_preview_commands(main)


if __name__ == "__main__":  # pragma: no cover
    main()
