"""``oit console``: the officer's web console on this computer (see oit/console/)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from oit.cli.common import guarded, site_option
from oit.cli.thai_click import ThaiCommand


@click.command("console", cls=ThaiCommand)
@site_option
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="พอร์ตบนเครื่องนี้ (0 = เลือกพอร์ตว่างให้เอง)")
@click.option("--no-browser", "no_browser", is_flag=True, help="ไม่ต้องเปิดเบราว์เซอร์ให้")
@click.option("--max-upload-mb", "max_upload_mb", type=click.IntRange(1, 2048), default=50, show_default=True,
              help="ขนาดไฟล์ที่อัปโหลดได้สูงสุด (MB)")
@guarded
def console_command(site: Path, port: int, no_browser: bool, max_upload_mb: int) -> None:
    """เปิดหน้าจัดการเว็บไซต์ในเบราว์เซอร์ (เฉพาะเครื่องนี้) — เพิ่มเอกสาร ตรวจ เผยแพร่ ได้โดยไม่ต้องพิมพ์คำสั่ง"""
    from oit.console.server import bind
    from oit.core.indicators import load_site

    load_site(site)  # a broken indicators.yml is reported here, with file and line
    console = bind(site, port, max_upload=max_upload_mb * 1024 * 1024)
    click.echo(console.url)  # first line: tests and scripts read the URL from it
    click.echo("เปิดลิงก์ด้านบนในเบราว์เซอร์ของเครื่องนี้ (ลิงก์นี้ใช้ได้เฉพาะการเปิดครั้งนี้) กด Ctrl+C เพื่อปิด")
    if not no_browser:
        webbrowser.open(console.url)
    try:
        console.run()
    except KeyboardInterrupt:
        click.echo("ปิดหน้าจัดการเว็บไซต์แล้ว")
    finally:
        console.close()


def register_console_commands(group: click.Group) -> None:
    group.add_command(console_command)
