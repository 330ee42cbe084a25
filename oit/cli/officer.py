"""The officer's commands: ``oit init``, ``add``, ``new-year``, ``export`` and ``status``.

Each command only parses options, calls the domain module and prints a short Thai
summary; every check and every write lives in ``oit.officer.scaffold``, ``oit.officer.intake``,
``oit.officer.rollover``, ``oit.officer.itas_export`` and ``oit.officer.status``. Bad input raises
``InputError`` and ``guarded`` turns it into exit code 2 with no traceback.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from oit.cli.common import EXIT_FINDINGS, as_of_option, guarded, parse_as_of, site_option
from oit.cli.thai_click import ThaiCommand
from oit.core.errors import InputError


def _echo_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"คำเตือน: {warning}", err=True)


@click.command("init", cls=ThaiCommand)
@click.argument("directory", metavar="โฟลเดอร์", type=click.Path(path_type=Path))
@click.option("--name", required=True, help='ชื่อหน่วยงาน เช่น "องค์การบริหารส่วนตำบลหนองบัว"')
@click.option("--site-url", required=True, help="ที่อยู่เว็บไซต์จริง เช่น https://www.nongbua.go.th/")
@click.option("--assessment", help="เกณฑ์ที่ใช้ เช่น ita-2569 (ค่าเริ่มต้น: เกณฑ์ล่าสุดในระบบ; ดูด้วย oit catalogs)")
@click.option("--fiscal-year", "fiscal_year", help="ปีงบประมาณ พ.ศ. (ค่าเริ่มต้น: ปีงบประมาณปัจจุบัน)")
@click.option("--deadline", help="วันครบกำหนดเผยแพร่ตามประกาศ ป.ป.ช. ปปปป-ดด-วว (พ.ศ.) เช่น 2570-04-30")
@click.option("--address", help='ที่อยู่สำนักงาน เช่น "เลขที่ 1 หมู่ 2 ตำบลหนองบัว ..."')
@click.option("--phone", help='หมายเลขโทรศัพท์ เช่น "0 4400 0000"')
@click.option("--email", help="อีเมลของหน่วยงาน เช่น saraban@nongbua.go.th")
@click.option("--facebook", help="ลิงก์เพจ Facebook เช่น https://www.facebook.com/nongbua")
@guarded
def init_command(directory: Path, name: str, site_url: str, assessment: str | None, fiscal_year: str | None,
                 deadline: str | None, address: str | None, phone: str | None, email: str | None,
                 facebook: str | None) -> None:
    """สร้างเว็บไซต์ใหม่ของหน่วยงานใน โฟลเดอร์ ที่ระบุ (ต้องยังไม่มีหรือว่างเปล่า)"""
    from oit.core.fiscal_calendar import format_date, parse_date
    from oit.core.placeholders import PLACEHOLDER
    from oit.officer.contact_details import contact_item, no_deadline_note, typed_in_ce
    from oit.officer.scaffold import init_site

    result = init_site(directory, name=name, site_url=site_url, assessment=assessment, fiscal_year=fiscal_year,
                       deadline=deadline, address=address, phone=phone, email=email, facebook=facebook)
    click.echo(f"สร้างเว็บไซต์ของ {name} แล้วที่ {result.root}")
    click.echo(f"  เกณฑ์ {result.catalog.id}: {len(result.catalog.items)} รายการ ({result.catalog.codes[0]}–"
               f"{result.catalog.codes[-1]}) อยู่ใน indicators.yml แล้ว ยังไม่มีเอกสาร")
    click.echo(f"  {result.fiscal_year.label}")
    added = "" if "://" in site_url else " (เติม https:// ให้)"
    click.echo(f"  ที่อยู่เว็บไซต์: {result.site_url}{added}")
    if result.deadline:
        converted = f" (แปลงจาก ค.ศ. {deadline.strip()[:4]} ที่พิมพ์)" if typed_in_ce(deadline) and deadline else ""
        click.echo(f"  วันครบกำหนด (deadline): {format_date(parse_date(result.deadline))}{converted}")
    else:
        click.echo(f"  {no_deadline_note(result.fiscal_year)}")
    missing = [label for label, value in (("ที่อยู่", result.contact.address), ("โทรศัพท์", result.contact.phone),
                                          ("อีเมล", result.contact.email), ("เพจ Facebook", result.contact.facebook))
               if not value]
    spec = contact_item(result.catalog)
    if result.contact.any_given and spec is not None:
        click.echo(f"  ใส่ข้อมูลติดต่อในหน้า content/contact.md และรายการ {spec.code} แล้ว")
    if missing:
        click.echo(f"  หน้า content/contact.md ยังมี {PLACEHOLDER} ที่ต้องแก้: {', '.join(missing)}")
    click.echo("ขั้นต่อไป:")
    click.echo(f'  cd "{result.root}"')
    click.echo('  oit add o1 โครงสร้าง.pdf --title "โครงสร้างองค์กร"     # เพิ่มเอกสารทีละรายการ')
    click.echo("  oit preview                                           # ดูหน้าเว็บก่อนเผยแพร่")
    click.echo("  oit status                                            # ดูว่ายังขาดอะไร")


@click.command("add", cls=ThaiCommand)
@click.argument("code", metavar="รหัสรายการ")
@click.argument("file", metavar="[ไฟล์]", required=False, type=click.Path(path_type=Path))
@click.option("--title", required=True, help="ชื่อเอกสารที่จะแสดงบนเว็บไซต์")
@click.option("--date", "doc_date", help="วันที่ของเอกสาร ปปปป-ดด-วว (พ.ศ.) เช่น 2569-11-05")
@click.option("--month", help="เดือนที่รายงาน ปปปป-ดด (พ.ศ.) สำหรับรายการรายเดือน เช่น 2569-10")
@click.option("--url", help="ลิงก์ภายนอก (http/https) แทนไฟล์")
@click.option("--page", help="หน้าเว็บในเว็บไซต์นี้ (ไฟล์ .md ใต้ content/) แทนไฟล์ เช่น contact.md")
@click.option("--division", help="หน่วยงานเจ้าของเอกสาร เช่น กองคลัง")
@click.option("--note", help="หมายเหตุที่แสดงต่อสาธารณะ เช่น ไม่มีการจัดซื้อจัดจ้าง")
@site_option
@guarded
def add_command(code: str, file: Path | None, title: str, doc_date: str | None, month: str | None,
                url: str | None, page: str | None, division: str | None, note: str | None, site: Path) -> None:
    """เพิ่มเอกสาร ไฟล์ (หรือ --url / --page) ให้ รหัสรายการ เช่น o1 แล้วบันทึกใน indicators.yml"""
    from oit.checker.check import placeholder_problems
    from oit.checker.documents import check_documents
    from oit.core.rules import evaluate_item
    from oit.officer.intake import AddRequest, add_document
    from oit.pages.generate import STATUS_TH

    request = AddRequest(code=code, title=title, file=file, url=url, page=page, date=doc_date, month=month,
                         division=division, note=note)
    result = add_document(site, request)
    _echo_warnings(result.warnings)
    where = f"content/{result.target}" if result.kind == "file" else result.target
    record = result.site.items[result.code]
    click.echo(f"บันทึก '{' '.join(title.split())}' ใน {result.code} ({record.spec.title}) แล้ว")
    if result.kind == "file":
        click.echo(f"  ไฟล์: {where}" + ("" if result.copied else " (มีไฟล์เดียวกันอยู่แล้ว ไม่ได้คัดลอกซ้ำ)"))
    else:
        click.echo(f"  {'ลิงก์' if result.kind == 'url' else 'หน้าเว็บ'}: {where}")
    # The item's status as oit check will judge it: its files opened, its pages read.
    problems = {key: list(found) for key, found in check_documents(result.site, record.documents)[0].items()}
    placeholder_problems(result.site, problems)
    verdict = evaluate_item(record, result.site.fiscal_year, date.today(), problems)
    click.echo(f"  สถานะ {result.code} วันนี้: {STATUS_TH[verdict.status]}")
    for problem in verdict.errors[:3]:
        click.echo(f"    ยังต้องแก้: {problem.message}")


# Answers to a yes/no question: English, Thai, and the y/n keys typed with the Thai
# (Kedmanee) layout still on, where y gives "ั" and n gives "ื".
_YES = {"y", "yes", "ใช่", "ช", "ตกลง", "ั"}
_NO = {"n", "no", "ไม่", "ไม่ใช่", "ื", ""}
_ASKS = 3


def _confirm(question: str, yes: bool, cancelled: str) -> None:
    """Ask before a command that moves a year; ``--yes`` answers for scripts.

    No answer at all (stdin closed, as in a script without --yes) is bad input: the run
    says how to answer; "no" (or Enter) is the officer's choice and exits 1. Nothing is
    written either way. Our own loop rather than ``click.confirm``, whose "Error: invalid
    input" is English and which knows no Thai answer.
    """
    if yes:
        return
    stdin = sys.stdin  # what click.testing.CliRunner replaces too
    for _ in range(_ASKS):
        click.echo(f"{question} [y/N]: ", nl=False)
        line = stdin.readline() if stdin else ""  # no console at all (pythonw): no answer
        if not line:
            click.echo("", err=True)
            raise InputError("--yes", None, f"{cancelled}: ไม่ได้รับคำยืนยัน",
                             "ตอบ y เพื่อยืนยัน หรือเพิ่ม --yes เมื่อสั่งจากสคริปต์")
        answer = line.strip().lower()
        if answer in _YES:
            return
        if answer in _NO:
            click.echo(f"{cancelled} ไม่มีไฟล์ใดถูกเปลี่ยน")
            sys.exit(EXIT_FINDINGS)
        click.echo(f"ไม่เข้าใจคำตอบ '{line.strip()}' — พิมพ์ y เพื่อยืนยัน หรือ n เพื่อยกเลิก")
    click.echo(f"{cancelled} ไม่มีไฟล์ใดถูกเปลี่ยน")
    sys.exit(EXIT_FINDINGS)


@click.command("new-year", cls=ThaiCommand)
@click.option("--fiscal-year", "fiscal_year", help="ปีงบประมาณใหม่ พ.ศ. (ค่าเริ่มต้น: ปีถัดไป)")
@click.option("--assessment", help="เกณฑ์ของปีใหม่ เช่น ita-2570 (ค่าเริ่มต้น: คงเกณฑ์เดิม)")
@site_option
@as_of_option
@click.option("--yes", "-y", "yes", is_flag=True, help="ไม่ต้องถามยืนยัน (สำหรับสคริปต์)")
@click.option("--force-future-year", "force_future_year", is_flag=True,
              help="ขึ้นปีงบประมาณที่ยังไม่เริ่ม (ตั้งใจเตรียมปีหน้าไว้ล่วงหน้า)")
@click.option("--force-empty-year", "force_empty_year", is_flag=True,
              help="ขึ้นปีใหม่ทั้งที่ปีเดิมยังไม่มีเอกสารของปีนั้นเลย (เก็บเป็นปีว่าง)")
@click.option("--undo", "undo", is_flag=True, help="ย้อนการขึ้นปีใหม่ครั้งล่าสุด ให้เว็บไซต์กลับเป็นเหมือนเดิมทุกไบต์")
@click.option("--discard-edits", "discard_edits", is_flag=True,
              help="ใช้กับ --undo: ย้อนกลับแม้ indicators.yml ถูกแก้หลังขึ้นปีใหม่ (เก็บสำเนาที่แก้ไว้ให้)")
@guarded
def new_year_command(fiscal_year: str | None, assessment: str | None, site: Path, as_of: str | None, yes: bool,
                     force_future_year: bool, force_empty_year: bool, undo: bool, discard_edits: bool) -> None:
    """เริ่มปีงบประมาณใหม่: เก็บปีเดิมไว้ใน archive/ แล้วเริ่มรายการที่ต้องทำใหม่ (ย้อนกลับได้ด้วย --undo)"""
    from oit.core.advice import oit_command
    from oit.officer.rollover import plan_new_year

    if undo:
        given = {"--fiscal-year": fiscal_year, "--assessment": assessment, "--as-of": as_of,
                 "--force-future-year": force_future_year, "--force-empty-year": force_empty_year}
        _undo_new_year(site, yes=yes, discard_edits=discard_edits, unexpected=[k for k, v in given.items() if v])
        return
    if discard_edits:
        raise InputError("--discard-edits", None, "ใช้ได้กับ --undo เท่านั้น",
                         f"สั่ง {oit_command('new-year --undo --discard-edits', site)}")
    plan = plan_new_year(site, fiscal_year=fiscal_year, assessment=assessment, today=parse_as_of(as_of),
                         force_future_year=force_future_year, force_empty_year=force_empty_year)
    result = plan.result
    click.echo(f"จะขึ้นปีงบประมาณใหม่: {result.old_year} → {result.new_year}"
               f" (เก็บปี {result.old_year} ไว้ที่ archive/{result.archive.name};"
               f" เริ่มใหม่ {len(result.emptied)} รายการ, ยกเอกสารมา {len(result.carried)} รายการ)")
    for line in result.measures_lines():
        click.echo(f"  {line}")
    _confirm(f"ยืนยันขึ้นปีงบประมาณ {result.new_year} หรือไม่ (ย้อนกลับได้ด้วย {oit_command('new-year --undo', site)})?",
             yes, "ยกเลิกการขึ้นปีงบประมาณใหม่")
    result = plan.apply()
    click.echo(f"ขึ้นปีงบประมาณใหม่แล้ว: {result.old_year} → {result.new_year}")
    click.echo(f"  เก็บข้อมูลปี {result.old_year} ไว้ที่ archive/{result.archive.name} (แสดงในหน้าเอกสารย้อนหลัง)")
    if result.new_assessment != result.old_assessment:
        click.echo(f"  เปลี่ยนเกณฑ์: {result.old_assessment} → {result.new_assessment}")
        if result.new_items:
            click.echo(f"  รายการใหม่ในเกณฑ์ {result.new_assessment} (รหัสใหม่): {', '.join(result.new_items)}")
        for code in result.dropped:
            click.echo(f"  รายการของเกณฑ์เดิมที่ไม่มีแล้ว: {code} {result.dropped_titles.get(code, '')}".rstrip())
    if result.carried:
        carried = ", ".join(f"{code} ({n})" for code, n in result.carried.items())
        click.echo(f"  ยกเอกสารที่ยังมีผลใช้บังคับ/ช่องทางถาวรมาด้วย: {carried}")
    if result.emptied:
        click.echo(f"  เริ่มใหม่ (documents: []): {', '.join(result.emptied)} — ต้องเผยแพร่เอกสารของปี {result.new_year}"
                   + (" (รหัสตามเกณฑ์ใหม่)" if result.new_assessment != result.old_assessment else ""))
    if result.deadline:
        click.echo(f"  {result.deadline}")
    for line in result.measures_lines(done=True):
        click.echo(f"  {line}")
    for note in result.notes:
        click.echo(f"  หมายเหตุ: {note}")
    click.echo(f"  ถ้าขึ้นปีผิด ย้อนกลับได้ด้วย {oit_command('new-year --undo', site)}")


def _undo_new_year(site: Path, *, yes: bool, discard_edits: bool, unexpected: list[str]) -> None:
    from oit.core.advice import oit_command
    from oit.officer.rollover import undo_new_year, undoable_rollover

    if unexpected:
        raise InputError(unexpected[0], None, f"ใช้ {', '.join(unexpected)} คู่กับ --undo ไม่ได้",
                         f"ย้อนกลับก่อนด้วย {oit_command('new-year --undo', site)}"
                         " แล้วจึงขึ้นปีใหม่อีกครั้งด้วยตัวเลือกที่ต้องการ")
    entry = undoable_rollover(site, discard_edits=discard_edits)  # refusals come before the question
    click.echo(f"จะย้อนการขึ้นปีงบประมาณใหม่ {entry.summary} (ทำเมื่อ {entry.created.replace('T', ' ')})")
    _confirm("ยืนยันย้อนกลับหรือไม่?", yes, "ยกเลิกการย้อนกลับ")
    result = undo_new_year(site, discard_edits=discard_edits)
    click.echo(f"ย้อนการขึ้นปีงบประมาณใหม่ {result.summary} แล้ว เว็บไซต์กลับเป็นเหมือนก่อนสั่ง oit new-year")
    if result.restored:
        click.echo(f"  คืนไฟล์เดิม: {', '.join(result.restored)}")
    if result.removed:
        click.echo(f"  ลบไฟล์ที่คำสั่งเดิมสร้าง: {', '.join(result.removed)}")
    if result.kept_edits is not None:
        click.echo(f"  เก็บสำเนาไฟล์ที่แก้หลังขึ้นปีใหม่ไว้ที่ {result.kept_edits}")


@click.command("export", cls=ThaiCommand)
@site_option
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"], case_sensitive=False), required=True,
              help="รูปแบบไฟล์")
@click.option("--output", type=click.Path(path_type=Path), help="ไฟล์ผลลัพธ์ (ค่าเริ่มต้น: itas-<ปีงบประมาณ>.<รูปแบบ>)")
@guarded
def export_command(site: Path, as_of: str | None, fmt: str, output: Path | None) -> None:
    """ทำแบบส่ง ITAS: ทุกรายการพร้อมลิงก์เต็มของหน้าเว็บและเอกสาร"""
    from oit.officer.itas_export import export

    target, rows = export(site, fmt.lower(), output, as_of=parse_as_of(as_of))
    click.echo(f"เขียนแบบส่ง ITAS {rows} รายการไว้ที่ {target}")


@click.command("status", cls=ThaiCommand)
@site_option
@as_of_option
@guarded
def status_command(site: Path, as_of: str | None) -> None:
    """ภาพรวมหน้าเดียว: เหลือกี่วัน รายการที่ยังไม่ผ่าน และสิ่งที่ใกล้ครบกำหนด"""
    from rich.console import Console

    from oit.core.indicators import load_site
    from oit.officer.status import build_status, render_status

    day = parse_as_of(as_of) or date.today()
    loaded = load_site(site, as_of=day)
    render_status(build_status(loaded, day), Console(highlight=False))


@click.command("deadline", cls=ThaiCommand)
@click.argument("day", metavar="วันที่")
@site_option
@guarded
def deadline_command(day: str, site: Path) -> None:
    """ตั้งวันครบกำหนดเผยแพร่ (deadline) ตามประกาศ ป.ป.ช. เช่น oit deadline 2570-04-30"""
    from oit.core.fiscal_calendar import format_date, format_iso_be
    from oit.officer.contact_details import typed_in_ce
    from oit.officer.deadline_edit import set_deadline

    result = set_deadline(site, day)
    if typed_in_ce(day):
        click.echo(f"อ่าน {day.strip()} เป็นปี ค.ศ. และบันทึกเป็น พ.ศ. {format_iso_be(result.new)}")
    if result.old is None:
        click.echo(f"ตั้งวันครบกำหนด (deadline) เป็น {format_date(result.new)} แล้ว")
    elif result.old == result.new:
        click.echo(f"วันครบกำหนด (deadline) เป็น {format_date(result.new)} อยู่แล้ว")
    else:
        click.echo(f"เปลี่ยนวันครบกำหนด (deadline) จาก {format_date(result.old)} เป็น {format_date(result.new)} แล้ว")
    days = (result.new - date.today()).days
    click.echo(f"  เหลืออีก {days} วัน" if days >= 0 else f"  เลยกำหนดมาแล้ว {-days} วัน")


def register_officer_commands(group: click.Group) -> None:
    """Attach the officer's commands to the ``oit`` group (called at the end of oit/cli/main.py)."""
    for command in (init_command, add_command, new_year_command, export_command, status_command,
                    deadline_command):
        group.add_command(command)
