"""The measures report of one round: the cover memo, the measures table, the results table.

Laid out as the officers' own reports are (บันทึกข้อความ to the chief executive through
the permanent secretary, opinion and signature blocks for each of the chain, then the
tables), with dates and the numbers the tool writes in Thai digits. What the officer
typed in measures.yml is printed as typed.
"""

from __future__ import annotations

from datetime import date

from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import FiscalYear, YearMonth, format_date, format_month, to_thai_digits
from oit.core.indicators import Document, Site
from oit.core.measures import MEASURES_NAME, Measure, MeasuresPlan, Round
from oit.core.urls import item_url
from oit.paperwork.layout import Emblem, Fields, NewPage, PaperDocument, Paragraph, Signature, Table, Title

ROUND_TITLES: dict[str, str] = {"half": "รอบ 6 เดือน", "annual": "รอบ 12 เดือน"}


def round_span(fy: FiscalYear, round_name: Round) -> tuple[YearMonth, YearMonth]:
    """First and last month a round covers: October–March, or the whole fiscal year."""
    months = fy.months()
    return months[0], months[5] if round_name == "half" else months[-1]


def round_label(fy: FiscalYear, round_name: Round) -> str:
    """e.g. "รอบ ๖ เดือน (ตุลาคม ๒๕๖๙ – มีนาคม ๒๕๗๐)"."""
    first, last = round_span(fy, round_name)
    return to_thai_digits(f"{ROUND_TITLES[round_name]} ({format_month(first)} – {format_month(last)})")


def report_title(fy: FiscalYear, round_name: Round) -> str:
    """The document's title as recorded in indicators.yml (ASCII digits, like the others)."""
    return (f"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
            f"ประจำปีงบประมาณ พ.ศ. {fy.be_year} {ROUND_TITLES[round_name]}")


def memo_date(day: date) -> str:
    """วันที่ of a memo: "๗ ธันวาคม ๒๕๖๙" (Thai digits, no พ.ศ.)."""
    return format_date(day, thai_digits=True, era=False)


def _numbered(lines: list[str]) -> str:
    if len(lines) == 1:
        return lines[0]
    return "\n".join(to_thai_digits(f"{n}. ") + line for n, line in enumerate(lines, 1))


def _evidence_date(document: Document) -> str:
    if document.date is not None:
        return format_date(document.date, abbr=True, thai_digits=True)
    if document.month is not None:
        return format_month(document.month, abbr=True, thai_digits=True)
    return ""


def _missing_results(plan: MeasuresPlan, round_name: Round, fy: FiscalYear) -> list[InputError]:
    return [
        InputError(MEASURES_NAME, m.line, f"มาตรการที่ {m.number} ยังไม่มีผลการดำเนินการ{ROUND_TITLES[round_name]}",
                   f"เพิ่ม {round_name}: (done, outcome, evidence) ใต้ results: ของมาตรการนี้")
        for m in plan.measures if round_name not in m.results
    ]


def _measure_cell(measure: Measure) -> str:
    return f"{to_thai_digits(str(measure.number))}. {measure.title}\n(ประเด็น: {measure.issue_label})"


def measures_report(site: Site, plan: MeasuresPlan, round_name: Round, day: date) -> PaperDocument:
    """The report of ``round_name`` dated ``day``; ``InputErrors`` if a measure has no results for it."""
    fy = site.fiscal_year
    missing = _missing_results(plan, round_name, fy)
    if missing:
        raise InputErrors(missing)
    org = site.organization.name
    memo = plan.memo
    year = to_thai_digits(str(fy.be_year))
    label = round_label(fy, round_name)
    subject = f"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {year} {label}"
    doc = PaperDocument(report_title(fy, round_name))
    department = memo.department + (f" โทร {memo.phone}" if memo.phone else "")
    to = memo.to + (f" ผ่าน {memo.through}" if memo.through else "")
    doc.add(
        Title("บันทึกข้อความ", size=29, emblem=Emblem(memo.emblem) if memo.emblem else None),
        Fields([("ส่วนราชการ", department)]),
        Fields([("ที่", memo.number), ("วันที่", memo_date(day))]),
        Fields([("เรื่อง", subject)]),
        Fields([("เรียน", to)]),
        Paragraph(f"ตามที่ {org} ได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. "
                  f"{year} จำนวน {to_thai_digits(str(len(plan.measures)))} มาตรการ เพื่อยกระดับผลการประเมินคุณธรรม"
                  "และความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) นั้น", indent=True),
        Paragraph(f"ในการนี้ {memo.department} ได้สรุปผลการดำเนินการตามมาตรการดังกล่าว {label} เรียบร้อยแล้ว "
                  "รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย และเห็นควรเผยแพร่บนเว็บไซต์ของหน่วยงาน", indent=True),
        Paragraph("จึงเรียนมาเพื่อโปรดทราบและพิจารณา", indent=True),
    )
    first, *chain = memo.signers
    doc.add(Signature(first.name, first.position))
    doc.add(*(Signature(s.name, s.position, opinion=s.opinion) for s in chain))
    doc.add(
        NewPage(landscape=True),
        Title(f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน {org} ประจำปีงบประมาณ พ.ศ. {year}"),
        Table(["มาตรการ", "ขั้นตอน/วิธีการปฏิบัติ", "ผู้รับผิดชอบ", "การกำกับติดตาม", "ระยะเวลา"],
              [[_measure_cell(m), _numbered(m.steps), m.responsible, _numbered(m.monitoring), m.timing]
               for m in plan.measures],
              [3.2, 3.6, 1.8, 2.2, 1.6]),
        Title(f"ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส {label}"),
    )
    rows = []
    for m in plan.measures:
        result = m.results[round_name]
        evidence = "\n".join(
            f"{e.document.title} ({_evidence_date(e.document)})\n{item_url(site.organization.site_url, e.code)}"
            if _evidence_date(e.document) else
            f"{e.document.title}\n{item_url(site.organization.site_url, e.code)}"
            for e in result.evidence
        ) or "-"
        rows.append([_measure_cell(m), _numbered(result.done), _numbered(result.outcome), evidence])
    doc.add(Table(["มาตรการ", "ผลการดำเนินการ", "ผลลัพธ์", "หลักฐาน"], rows, [3.0, 3.2, 3.0, 3.2]))
    return doc
