"""The publication-approval form (แบบฟอร์มการขออนุญาตให้นำข้อมูลเผยแพร่บนเว็บไซต์).

Every document put on the website is first allowed by the head of the office on this
form: which organisation, which item, which documents (title and date), the page where
it will be published, and the signatures of who asks, who allows and who publishes.
One form for the item's documents, or one form (one page) per document.
"""

from __future__ import annotations

from datetime import date

from oit.core.errors import InputError
from oit.core.fiscal_calendar import format_date, format_month, to_thai_digits
from oit.core.indicators import CONFIG_NAME, Document, Site
from oit.core.measures import MeasuresPlan, Person
from oit.core.urls import item_url
from oit.paperwork.layout import DOTS, Fields, NewPage, PaperDocument, Paragraph, Signature, Table, Title

FORM_TITLE = "แบบฟอร์มการขออนุญาตให้นำข้อมูลเผยแพร่บนเว็บไซต์ของหน่วยงาน"


def _document_date(document: Document) -> str:
    if document.date is not None:
        return format_date(document.date, thai_digits=True, era=False)
    if document.month is not None:
        return "เดือน" + format_month(document.month, thai_digits=True)
    return "-"


def _signature(heading: str, person: Person | None) -> Signature:
    return Signature(person.name if person else "", person.position if person else "", heading=heading, dated=True)


def _form(doc: PaperDocument, site: Site, code: str, documents: list[Document], day: date | None,
          plan: MeasuresPlan | None) -> None:
    record = site.items[code]
    org = site.organization.name
    doc.add(
        Title(FORM_TITLE),
        Paragraph(org, bold=True, align="center"),
        Fields([("ชื่อหน่วยงาน:", org)]),
        Fields([("วัน/เดือน/ปี:", format_date(day, thai_digits=True, era=False) if day else DOTS)]),
        Fields([("หัวข้อ:", f"{code} {record.spec.title}")]),
        Fields([("รายละเอียดข้อมูล:", "เอกสารที่ขออนุญาตเผยแพร่ตามตารางนี้")]),
        Table(["ลำดับ", "ชื่อเอกสาร", "วันที่ของเอกสาร"],
              [[to_thai_digits(str(n)), d.title, _document_date(d)] for n, d in enumerate(documents, 1)],
              [1.0, 4.5, 2.5]),
        Fields([("Link ภายนอก:", item_url(site.organization.site_url, code))]),
        Fields([("หมายเหตุ:", DOTS)]),
        _signature("ผู้รับผิดชอบการให้ข้อมูล", plan.requester if plan else None),
        _signature("ผู้อนุมัติรับรอง", plan.approver if plan else None),
        _signature("ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่", plan.publisher if plan else None),
    )


def approval_form(site: Site, code: str, *, day: date | None, plan: MeasuresPlan | None,
                  per_document: bool = False) -> PaperDocument:
    """The form for item ``code`` (one page per document with ``per_document``)."""
    record = site.items[code]
    if not record.documents:
        raise InputError(CONFIG_NAME, record.line, f"รายการ {code} ยังไม่มีเอกสารใน indicators.yml",
                         f"เพิ่มเอกสารก่อนด้วย oit add {code} ไฟล์.pdf --title \"...\" แล้วจึงทำแบบขออนุญาต")
    doc = PaperDocument(f"{FORM_TITLE} {code} {record.spec.title}")
    groups = [[d] for d in record.documents] if per_document else [list(record.documents)]
    for number, documents in enumerate(groups):
        if number:
            doc.add(NewPage())
        _form(doc, site, code, documents, day, plan)
    return doc
