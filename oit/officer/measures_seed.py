"""The first measures.yml of a new site: one measure per measure item of the catalog.

``oit init`` writes it beside indicators.yml so the officer starts from a file that
already loads, with a comment on every field, instead of a blank page. The file is read
by ``oit.core.measures``; the field names here and there must agree (a test loads
the seeded file).
"""

from __future__ import annotations

from pathlib import Path

from oit.core.atomic import write_text_atomic
from oit.core.catalog import Catalog, CatalogItem
from oit.core.fiscal_calendar import FiscalYear
from oit.core.measures import MEASURES_NAME

HEADER = """\
# =============================================================================
# measures.yml — มาตรการส่งเสริมคุณธรรมและความโปร่งใส และผลการดำเนินการ
# =============================================================================
# แฟ้มนี้ใช้ทำเอกสารด้วยคำสั่ง
#   oit report measures --round half --format pdf     รายงานรอบ 6 เดือน (ต.ค. – มี.ค.)
#   oit report measures --round annual --format docx  รายงานรอบ 12 เดือน (แก้ไขต่อใน Word ได้)
#   oit report approval o26                           แบบขออนุญาตนำข้อมูลเผยแพร่บนเว็บไซต์
# คีย์ของแฟ้ม
#   fiscal_year   ปีงบประมาณ (ต้องตรงกับ indicators.yml; ลบบรรทัดนี้ได้)
#   report_item   รายการ OIT ที่จะบันทึกรายงานไว้เมื่อสั่ง --record เช่น o26
#   memo          ส่วนหัวของบันทึกข้อความ
#     department  ส่วนราชการ เช่น สำนักปลัด องค์การบริหารส่วนตำบล...
#     phone       โทร (ไม่บังคับ)
#     number      ที่ (เลขที่หนังสือ) เช่น ตย ๗๑๑๐๑/
#     to          เรียน เช่น นายกองค์การบริหารส่วนตำบล...
#     through     ผ่าน (ไม่บังคับ) เช่น ปลัดองค์การบริหารส่วนตำบล...
#     emblem      ตราครุฑ (ไม่บังคับ): ไฟล์ภาพ PNG หรือ JPEG ของหน่วยงานเอง นับจากโฟลเดอร์ของเว็บไซต์
#                 เช่น content/assets/garuda.png พิมพ์สูง 1.5 ซม. ที่มุมซ้ายบนของบันทึกข้อความ
#     signers     ผู้ลงนามตามลำดับ: คนแรกเสนอบันทึก คนถัดไปให้ความเห็นและลงนาม
#                 แต่ละคนมี name (ชื่อ) position (ตำแหน่ง) opinion (หัวข้อความเห็น ไม่บังคับ)
#   approval      ผู้ขออนุญาต (requester) ผู้อนุมัติ (approver) ผู้นำข้อมูลขึ้นเว็บไซต์
#                 (publisher) ในแบบขออนุญาตเผยแพร่ แต่ละคนมี name และ position (ไม่บังคับ)
#   measures      มาตรการแต่ละข้อ
#     title       ชื่อมาตรการ
#     issue       ประเด็นที่มาตรการนี้แก้ไข: รหัสตัวชี้วัด ITA (เช่น 9) หรือรหัสรายการ OIT (เช่น o11)
#     steps       ขั้นตอน/วิธีการปฏิบัติ (รายการ แต่ละบรรทัดขึ้นต้นด้วย - )
#     responsible ผู้รับผิดชอบ (สำนัก/กอง)
#     monitoring  การกำกับติดตาม (รายการ)
#     timing      ระยะเวลาดำเนินการ
#     results     ผลการดำเนินการแต่ละรอบ: half (รอบ 6 เดือน) และ annual (รอบ 12 เดือน)
#       done      ผลการดำเนินการ (รายการ)
#       outcome   ผลลัพธ์ (รายการ)
#       evidence  หลักฐาน: เอกสารที่บันทึกใน indicators.yml แล้ว ระบุ item (รหัสรายการ)
#                 กับ title (ชื่อเอกสาร) หรือ file (ไฟล์ใต้ content/) ให้ตรงกัน
# เขียนเลขไทยได้ ข้อความยาวเขียนบรรทัดเดียวได้ ไม่ต้องตัดคำเอง
# =============================================================================
"""


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: titles may hold ':' or '#'."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def measure_items(catalog: Catalog) -> list[CatalogItem]:
    """The catalog's items about measures (มาตรการ): in a measures group or titled so."""
    return [item for item in catalog.items if "มาตรการ" in (item.group or "") or "มาตรการ" in item.title]


def render_measures(name: str, catalog: Catalog, fiscal_year: FiscalYear) -> str:
    """The text of a new measures.yml for organisation ``name``: valid, commented, to be edited."""
    items = measure_items(catalog)
    span = f"ตุลาคม {fiscal_year.be_year - 1} – กันยายน {fiscal_year.be_year}"
    lines = [HEADER, f"fiscal_year: {fiscal_year.be_year}"]
    if items:
        lines.append(f"report_item: {items[-1].code}      # รายการที่บันทึกรายงานไว้ (--record)")
    lines += [
        "",
        "memo:",
        f"  department: {_quoted('สำนักปลัด ' + name)}",
        "  number: \"...\"                  # ที่ (เลขที่หนังสือ) แก้ให้ตรงกับทะเบียนหนังสือส่ง",
        f"  to: {_quoted('นายก' + name)}",
        f"  through: {_quoted('ปลัด' + name)}",
        "  # emblem: content/assets/garuda.png   # ตราครุฑ (ไม่บังคับ): วางภาพ PNG/JPEG ไว้แล้วลบ # หน้าบรรทัดนี้",
        "  signers:                       # แก้ชื่อและตำแหน่งให้ตรงกับผู้ลงนามจริง",
        "    - {name: \"(ชื่อหัวหน้าสำนักปลัด)\", position: \"หัวหน้าสำนักปลัด\"}",
        f"    - {{name: \"(ชื่อปลัด)\", position: {_quoted('ปลัด' + name)}, opinion: \"ความเห็นปลัด\"}}",
        f"    - {{name: \"(ชื่อนายก)\", position: {_quoted('นายก' + name)}, opinion: \"ความเห็นนายก\"}}",
        "",
        "measures:",
    ]
    for item in items or catalog.items[:1]:
        lines += [
            f"  - title: {_quoted('ดำเนินการเรื่อง ' + item.title + ' ให้ครบถ้วนและเป็นปัจจุบัน')}",
            f"    issue: {item.code}",
            "    steps:",
            "      - ศึกษาแนวทางของสำนักงาน ป.ป.ช. และจัดทำข้อมูลให้ถูกต้องครบถ้วน",
            "      - รายงานผู้บริหารเพื่อทราบและให้ความเห็นชอบ",
            "      - เผยแพร่ข้อมูลบนเว็บไซต์ของหน่วยงาน",
            "    responsible: สำนักปลัด",
            "    monitoring:",
            "      - รายงานผลการดำเนินงานตามมาตรการ รอบ 6 เดือน",
            "      - รายงานผลการดำเนินงานตามมาตรการ รอบ 12 เดือน",
            f"    timing: {_quoted(span)}",
            "    results:                     # เติมเมื่อครบรอบ เช่น",
            "      # half:",
            "      #   done: [ดำเนินการ ...]",
            "      #   outcome: [ประชาชนได้รับ ...]",
            f"      #   evidence: [{{item: {item.code}, title: \"(ชื่อเอกสารใน indicators.yml)\"}}]",
            "",
        ]
    return "\n".join(lines)


def seed_measures(root: Path, name: str, catalog: Catalog, fiscal_year: FiscalYear) -> None:
    """Write the first measures.yml into a site being created (``oit init``'s staging folder)."""
    write_text_atomic(Path(root) / MEASURES_NAME, render_measures(name, catalog, fiscal_year))
