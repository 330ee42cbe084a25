"""``oit publish``: the build gate, then only what changed is sent to the site's host."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from oit.cli.common import EXIT_FINDINGS, as_of_option, guarded, parse_as_of, site_option
from oit.cli.thai_click import ThaiCommand
from oit.core.advice import oit_command
from oit.publishing.send import Progress


def register_publish_commands(main: click.Group) -> None:
    main.add_command(publish)


@click.command(cls=ThaiCommand)
@site_option
@click.argument("target", metavar="[ปลายทาง]", required=False)
@as_of_option
@click.option("--offline", is_flag=True, help="ไม่ตรวจลิงก์ภายนอกก่อนเผยแพร่")
@click.option(
    "--allow-failing",
    "allow_failing",
    metavar="REASON",
    help="เผยแพร่แม้ยังมีรายการไม่ผ่าน โดยต้องระบุเหตุผล (บันทึกไว้กับการเผยแพร่)",
)
@click.option("--dry-run", is_flag=True, help="แสดงว่าจะส่งและลบไฟล์ใด โดยไม่ส่งจริง")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="เขียนสรุปผลเป็น JSON ลงไฟล์")
@guarded
def publish(
    site: Path,
    target: str | None,
    as_of: str | None,
    offline: bool,
    allow_failing: str | None,
    dry_run: bool,
    json_path: Path | None,
) -> None:
    """ตรวจ สร้างเว็บไซต์ แล้วส่งเฉพาะไฟล์ที่เปลี่ยนไปยังเครื่องที่ให้บริการเว็บไซต์ (โฟลเดอร์, sftp://, ftps://)"""
    from oit.build.publish import BuildRefused, build_site
    from oit.core.atomic import write_text_atomic
    from oit.publishing.send import open_target, publish_site
    from oit.publishing.target_url import parse_target

    day = parse_as_of(as_of)
    if target is not None:
        spec = parse_target(target, base=Path.cwd())
    else:
        from oit.core.indicators import CONFIG_NAME, load_site

        loaded = load_site(site, as_of=day)
        if loaded.publish_target is None:
            from oit.core.errors import InputError
            from oit.publishing.target_url import EXAMPLES

            raise InputError(
                "ปลายทาง",
                None,
                "ไม่ได้ระบุปลายทาง และ indicators.yml ไม่มี publish: target:",
                f"สั่ง oit publish ปลายทาง ({EXAMPLES}) หรือเพิ่มใน indicators.yml: publish: {{target: ...}}",
            )
        spec = parse_target(
            loaded.publish_target, source=CONFIG_NAME, line=loaded.publish_target_line, base=site.resolve()
        )
    out = site / "site"
    if spec.scheme == "local" and Path(spec.path).resolve() in (out.resolve(), site.resolve()):
        from oit.core.errors import InputError

        raise InputError(
            "ปลายทาง", None, f"ปลายทาง {spec.path} คือโฟลเดอร์ของเว็บไซต์เอง", "เลือกโฟลเดอร์อื่น เช่น โฟลเดอร์เว็บของเครื่องบริการ"
        )

    try:
        click.echo(
            build_site(
                site,
                as_of=day,
                offline=offline,
                out=out,
                allow_failing=allow_failing,
                echo=click.echo,
                override_command=oit_command('publish --allow-failing "เหตุผล"', site),
            )
        )
    except BuildRefused as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FINDINGS)

    with _progress_display() as progress:
        result = publish_site(
            out,
            open_target(spec),
            allow_failing=allow_failing,
            dry_run=dry_run,
            progress=progress,
            log_extra={"as_of": (day.isoformat() if day else None)},
        )
    if json_path is not None:
        write_text_atomic(json_path, json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
    if result.adopted_from_listing and not dry_run and result.error is None:
        click.echo(f"ปลายทางยังไม่มีบันทึกการเผยแพร่: ใช้ไฟล์ที่มีอยู่แล้ว {len(result.plan.unchanged)} ไฟล์ และไม่ลบไฟล์เดิมใด")
    if dry_run:
        for rel in result.plan.uploads:
            click.echo(f"  ส่ง {rel}")
        for rel in result.plan.deletions:
            click.echo(f"  ลบ {rel}")
        click.echo(
            f"ทดลองเท่านั้น ไม่ได้ส่งอะไร: จะส่ง {len(result.plan.uploads)} ไฟล์ ลบ {len(result.plan.deletions)} ไฟล์ "
            f"ไม่เปลี่ยน {len(result.plan.unchanged)} ไฟล์ ที่ {result.target}"
        )
    if result.error is not None:
        click.echo(result.error, err=True)
        click.echo(f"ส่งไปแล้ว {result.uploaded} ไฟล์ ลบแล้ว {result.deleted} ไฟล์ ก่อนหยุด", err=True)
        sys.exit(EXIT_FINDINGS)
    if not dry_run:
        if result.plan.empty:
            click.echo(f"ไม่มีอะไรเปลี่ยน ไม่ได้ส่งไฟล์ใด ({len(result.plan.unchanged)} ไฟล์ตรงกับที่ {result.target})")
        else:
            click.echo(
                f"เผยแพร่แล้วที่ {result.target}: ส่ง {result.uploaded} ไฟล์ ({_size(result.bytes)}) "
                f"ลบ {result.deleted} ไฟล์ ไม่เปลี่ยน {len(result.plan.unchanged)} ไฟล์"
            )
        if allow_failing:
            click.echo(f"บันทึกเหตุผลที่เผยแพร่ทั้งที่ยังไม่ครบไว้กับการเผยแพร่: {allow_failing}")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} KB"


@contextlib.contextmanager
def _progress_display() -> Iterator[Progress]:
    """A rich progress bar on a terminal (long uploads); silent when output is a file or a pipe."""
    if not sys.stderr.isatty():
        yield Progress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("กำลังส่ง"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[name]}"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("send", total=0, name="")

        def start(files: int, size: int) -> None:
            bar.update(task, total=size)

        def advance(rel: str, size: int) -> None:
            bar.update(task, advance=size, name=rel[-40:])

        yield Progress(start=start, advance=advance)
