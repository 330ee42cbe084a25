"""The paperwork commands: ``oit report measures``, ``oit report approval``, ``oit import procurement``.

They only parse options and hand over to :mod:`oit.paperwork`; bad input anywhere
(measures.yml, the item code, the date, a missing font) is a Thai message with exit 2
and nothing written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from oit.cli.common import guarded, site_option
from oit.cli.thai_click import ThaiGroup

_FORMAT = click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), default="pdf", show_default=True,
                       help="docx: แก้ไขต่อและลงนามใน Word; pdf: สำหรับเผยแพร่")
_OUTPUT = click.option("--output", type=click.Path(path_type=Path), help="ไฟล์ที่จะเขียน (ค่าเริ่มต้น: ในโฟลเดอร์ปัจจุบัน)")
_DATE = click.option("--date", "day", help="วันที่ของเอกสาร ปปปป-ดด-วว (พ.ศ. หรือ ค.ศ.) ค่าเริ่มต้น: วันนี้")


def _day(value: str | None) -> date:
    from oit.core.errors import InputError
    from oit.core.fiscal_calendar import DateError, parse_date

    if value is None:
        return date.today()
    try:
        return parse_date(value)
    except DateError as exc:
        raise InputError("--date", None, f"วันที่ '{value}' อ่านไม่ได้: {exc}", "เขียนแบบ 2570-04-05") from None


@click.group("report", cls=ThaiGroup)
def report_group() -> None:
    """ทำเอกสารจากข้อมูลของเว็บไซต์: รายงานมาตรการพร้อมบันทึกข้อความ และแบบขออนุญาตเผยแพร่"""


@report_group.command("measures")
@click.option("--round", "round_name", type=click.Choice(["half", "annual"]), required=True,
              help="half: รอบ 6 เดือน (ต.ค. – มี.ค.); annual: รอบ 12 เดือน")
@_FORMAT
@_OUTPUT
@_DATE
@click.option("--record", is_flag=True, help="บันทึกไฟล์ที่ทำแล้วในรายการ report_item ของ measures.yml เหมือน oit add")
@site_option
@guarded
def measures_command(round_name: str, fmt: str, output: Path | None, day: str | None, record: bool,
                     site: Path) -> None:
    """รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส พร้อมบันทึกข้อความเสนอผู้บริหาร (จาก measures.yml)"""
    from oit.core.errors import InputError
    from oit.core.indicators import load_site
    from oit.core.measures import MEASURES_NAME, load_measures
    from oit.paperwork.measures_report import measures_report, report_title
    from oit.paperwork.output import record_document, write_document

    when = _day(day)
    loaded = load_site(site, as_of=when)
    plan = load_measures(loaded)
    if record and plan.report_item is None:
        raise InputError(MEASURES_NAME, None, "ยังไม่ได้ระบุรายการที่จะบันทึกรายงาน (report_item)",
                         "เพิ่มบรรทัด report_item: o26 ใน measures.yml หรือสั่งโดยไม่ใส่ --record")
    document = measures_report(loaded, plan, round_name, when)  # type: ignore[arg-type]
    target = output or Path(f"measures-{loaded.fiscal_year.be_year}-{round_name}.{fmt}")
    write_document(document, fmt, target)  # type: ignore[arg-type]
    click.echo(f"เขียน {document.title} ไว้ที่ {target}")
    if record:
        assert plan.report_item is not None
        result = record_document(site, plan.report_item, target, report_title(loaded.fiscal_year, round_name),  # type: ignore[arg-type]
                                 when)
        click.echo(f"บันทึกในรายการ {result.code} แล้ว: content/{result.target}")


@report_group.command("approval")
@click.argument("code", metavar="รหัสรายการ")
@_FORMAT
@_OUTPUT
@_DATE
@click.option("--per-document", is_flag=True, help="แยกแบบฟอร์มหนึ่งหน้าต่อเอกสารหนึ่งฉบับ")
@site_option
@guarded
def approval_command(code: str, fmt: str, output: Path | None, day: str | None, per_document: bool,
                     site: Path) -> None:
    """แบบฟอร์มการขออนุญาตให้นำข้อมูลเผยแพร่บนเว็บไซต์ ของเอกสารในรายการ รหัสรายการ ที่ระบุ"""
    from oit.core.indicators import load_site
    from oit.core.measures import load_measures, measures_path
    from oit.officer.intake import find_item
    from oit.paperwork.approval import approval_form
    from oit.paperwork.output import write_document

    when = _day(day) if day else None
    loaded = load_site(site, as_of=when or date.today())
    item = find_item(loaded, code)
    # the people come from measures.yml when the site has one; else the form has blank lines
    plan = load_measures(loaded) if measures_path(loaded).exists() else None
    document = approval_form(loaded, item.code, day=when, plan=plan, per_document=per_document)
    target = output or Path(f"approval-{item.code}.{fmt}")
    write_document(document, fmt, target)  # type: ignore[arg-type]
    click.echo(f"เขียนแบบขออนุญาตเผยแพร่ของ {item.code} ไว้ที่ {target}")




@click.group("import", cls=ThaiGroup)
def import_group() -> None:
    """นำข้อมูลจากไฟล์ของหน่วยงานเข้าเว็บไซต์"""


@import_group.command("procurement")
@click.argument("file", metavar="[ไฟล์]", required=False, type=click.Path(path_type=Path))
@click.option("--month", required=True, help="เดือนที่รายงาน ปปปป-ดด (พ.ศ.) เช่น 2569-10")
@click.option("--none", "none", is_flag=True, help="เดือนนี้ไม่มีการจัดซื้อจัดจ้าง (ไม่ต้องมีไฟล์)")
@click.option("--column", "columns", multiple=True, metavar="KEY=HEADER",
              help="จับคู่หัวคอลัมน์ของไฟล์อื่น เช่น --column budget=\"วงเงิน\" "
                   "(number, work, budget, median_price, method, bidders, winner, reason, contract)")
@_DATE
@site_option
@guarded
def procurement_command(file: Path | None, month: str, none: bool, columns: tuple[str, ...], day: str | None,
                        site: Path) -> None:
    """สรุปผลการจัดซื้อจัดจ้างรายเดือน (แบบ สขร.1) จากไฟล์ CSV หรือ XLSX: หน้าเว็บ ไฟล์ PDF และบันทึกในรายการรายเดือน"""
    from oit.paperwork.procurement import parse_mapping
    from oit.paperwork.procurement_import import import_procurement

    result = import_procurement(site, file, month, none=none, mapping=parse_mapping(columns), day=_day(day))
    what = "ไม่มีการจัดซื้อจัดจ้าง" if none else f"{result.rows} รายการ"
    click.echo(f"นำเข้าสรุปผลการจัดซื้อจัดจ้างเดือน {result.month} ({what}) ในรายการ {result.code} แล้ว")
    click.echo(f"  หน้าเว็บ: content/{result.page}")
    click.echo(f"  PDF: content/{result.pdf}")


def register_paperwork_commands(main: click.Group) -> None:
    main.add_command(report_group)
    main.add_command(import_group)
