"""``oit report measures`` and ``oit report approval`` on the sample site, as the officer runs them.

The documents are read back with the libraries an office would open them with: the
DOCX with python-docx (memo fields, real tables, the font in the styles), the PDF with
pikepdf (the font embedded) and poppler's ``pdftotext`` (the Thai text a reader copies).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn

from oit.core.indicators import load_site
from oit.paperwork.fonts import find_thai_font
from tests.integration.test_officer_support import SAMPLE_AS_OF, assert_refused, check_json, oit, statuses
from tests.support.pdf_text import assert_paragraphs_in_order, pdftotext, text_lines
from tests.support.sample import copy_sample, tree_digest

MEMO_DATE = "2570-04-05"

MEMO_PARAGRAPHS = [
    "บันทึกข้อความ",
    "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลตัวอย่าง โทร ๐ ๔๔๐๐ ๐๐๐๐",
    "ที่ ตย ๙๙๑๐๑/    วันที่ ๕ เมษายน ๒๕๗๐",
    "เรื่อง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ "
    "รอบ ๖ เดือน (ตุลาคม ๒๕๖๙ – มีนาคม ๒๕๗๐)",
    "เรียน นายกองค์การบริหารส่วนตำบลตัวอย่าง ผ่าน ปลัดองค์การบริหารส่วนตำบลตัวอย่าง",
    "ตามที่ องค์การบริหารส่วนตำบลตัวอย่าง ได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
    "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ จำนวน ๓ มาตรการ เพื่อยกระดับผลการประเมินคุณธรรมและความโปร่งใส"
    "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) นั้น",
    "ในการนี้ สำนักปลัด องค์การบริหารส่วนตำบลตัวอย่าง ได้สรุปผลการดำเนินการตามมาตรการดังกล่าว รอบ ๖ เดือน "
    "(ตุลาคม ๒๕๖๙ – มีนาคม ๒๕๗๐) เรียบร้อยแล้ว รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย และเห็นควรเผยแพร่บนเว็บไซต์ของหน่วยงาน",
    "จึงเรียนมาเพื่อโปรดทราบและพิจารณา",
]
SIGNATURES = [
    "(นางสาวกมลวรรณ ทดสอบดี)", "หัวหน้าสำนักปลัด",
    "ความเห็นปลัด อบต.", "(นายวีรยุทธ สมมติกุล)", "ปลัดองค์การบริหารส่วนตำบลตัวอย่าง",
    "ความเห็นนายก อบต.", "(นายประเสริฐ ตัวอย่างยิ่ง)", "นายกองค์การบริหารส่วนตำบลตัวอย่าง",
]
MEASURES_HEADERS = ["มาตรการ", "ขั้นตอน/วิธีการปฏิบัติ", "ผู้รับผิดชอบ", "การกำกับติดตาม", "ระยะเวลา"]
FIRST_MEASURE = [
    "๑. เผยแพร่สรุปผลการจัดซื้อจัดจ้างรายเดือนให้ครบทุกเดือนภายในวันที่ 10 ของเดือนถัดไป\n"
    "(ประเด็น: o11 สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน)",
    "๑. เจ้าหน้าที่พัสดุจัดทำสรุปผลการจัดซื้อจัดจ้าง (แบบ สขร.1) เมื่อสิ้นเดือน\n"
    "๒. เสนอผู้บริหารลงนาม แล้วเผยแพร่บนเว็บไซต์ของหน่วยงาน\n"
    "๓. เดือนที่ไม่มีการจัดซื้อจัดจ้างให้ประกาศว่าไม่มีการจัดซื้อจัดจ้าง",
    "กองคลัง",
    "๑. ผู้อำนวยการกองคลังตรวจสอบทุกเดือน\n๒. รายงานผลรอบ ๖ เดือน และรอบ ๑๒ เดือน",
    "ตุลาคม ๒๕๖๙ – กันยายน ๒๕๗๐",
]
RESULTS_HEADERS = ["มาตรการ", "ผลการดำเนินการ", "ผลลัพธ์", "หลักฐาน"]
FIRST_RESULT = [
    FIRST_MEASURE[0],
    "เผยแพร่สรุปผลการจัดซื้อจัดจ้างครบ ๖ เดือน (ตุลาคม ๒๕๖๙ – มีนาคม ๒๕๗๐)",
    "ประชาชนตรวจสอบการใช้จ่ายงบประมาณได้ทุกเดือน",
    "สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2569 (๕ พ.ย. ๒๕๖๙)\nhttps://www.example.go.th/ita/o11.html\n"
    "สรุปผลการจัดซื้อจัดจ้าง เดือนมีนาคม 2570 (๕ เม.ย. ๒๕๗๐)\nhttps://www.example.go.th/ita/o11.html",
]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


def _report(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return oit("report", *args, cwd=root)


def _cell_texts(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_measures_report_docx_is_an_editable_memo_with_real_tables(sample: Path) -> None:
    out = sample / "report.docx"
    proc = _report(sample, "measures", "--round", "half", "--format", "docx", "--output", str(out), "--date", MEMO_DATE)
    assert proc.returncode == 0, proc.stderr
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[: len(MEMO_PARAGRAPHS)] == MEMO_PARAGRAPHS
    sign, dots = "(ลงชื่อ)" + "." * 40, "." * 80
    assert texts[len(MEMO_PARAGRAPHS):] == [
        sign, *SIGNATURES[:2],
        SIGNATURES[2], dots, dots, sign, *SIGNATURES[3:5],
        SIGNATURES[5], dots, dots, sign, *SIGNATURES[6:],
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน องค์การบริหารส่วนตำบลตัวอย่าง ประจำปีงบประมาณ พ.ศ. ๒๕๗๐",
        "ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ ๖ เดือน (ตุลาคม ๒๕๖๙ – มีนาคม ๒๕๗๐)",
    ]
    # labels bold, as the correspondence rules set them
    assert [r.text for r in document.paragraphs[1].runs if r.bold] == ["ส่วนราชการ "]

    measures, results = document.tables
    rows = _cell_texts(measures)
    assert rows[0] == MEASURES_HEADERS
    assert rows[1] == FIRST_MEASURE
    assert len(rows) == 4  # the header and the three measures of the sample
    results_rows = _cell_texts(results)
    assert results_rows[0] == RESULTS_HEADERS
    assert results_rows[1] == FIRST_RESULT

    family = find_thai_font().family
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        assert style.font.name == family
        assert style.font.size.pt == 16
        rpr = style.element.rPr
        assert rpr.rFonts.get(qn("w:cs")) == family  # Thai is set in the complex-script font
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert document.sections[1].orientation == 1  # the tables on a landscape page


def test_measures_report_pdf_embeds_the_font_and_gives_back_the_thai(sample: Path) -> None:
    out = sample / "report.pdf"
    proc = _report(sample, "measures", "--round", "half", "--format", "pdf", "--output", str(out), "--date", MEMO_DATE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ("เขียน รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
                                   f"ประจำปีงบประมาณ พ.ศ. 2570 รอบ 6 เดือน ไว้ที่ {out}")
    family = find_thai_font().family.replace(" ", "")
    with pikepdf.open(out) as pdf:
        fonts = {}
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0]
                fonts[str(font.BaseFont)] = "/FontFile2" in descendant.FontDescriptor
        assert fonts and all(fonts.values()), fonts  # every font embedded
        assert all(family in name for name in fonts), fonts
        assert pdf.pages[0].MediaBox[2] < pdf.pages[0].MediaBox[3]  # the memo: portrait
        assert pdf.pages[-1].MediaBox[2] > pdf.pages[-1].MediaBox[3]  # the tables: landscape
        assert str(pdf.docinfo["/Title"]).startswith("รายงานผลการดำเนินการตามมาตรการ")

    raw = pdftotext(out)
    # what a reader copies is what was typed: whole lines, exact, SARA AM (สำนัก, ประจำ),
    # tone marks (ส่วน, ที่, ผู้) and Thai digits included; only where the layout broke a
    # paragraph may a space have become the line break
    lines = text_lines(raw)
    for line in ["ที่ ตย ๙๙๑๐๑/ วันที่ ๕ เมษายน ๒๕๗๐", "(นายวีรยุทธ สมมติกุล)", "ความเห็นนายก อบต.",
                 "หัวหน้าสำนักปลัด", "ปลัดองค์การบริหารส่วนตำบลตัวอย่าง", "(ลงชื่อ)" + "." * 40,
                 " ".join(MEASURES_HEADERS), " ".join(RESULTS_HEADERS)]:
        assert line in lines, line
    starting = {line.split(" ")[0]: line for line in reversed(lines)}  # the first line that starts so
    assert starting["ส่วนราชการ"].startswith("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลตัวอย่าง โทร")
    assert starting["เรื่อง"].startswith("เรื่อง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม")
    cells = [part for cell in [*FIRST_MEASURE, " ".join(RESULTS_HEADERS), *FIRST_RESULT] for part in cell.split("\n")]
    assert_paragraphs_in_order(raw, [*MEMO_PARAGRAPHS, *SIGNATURES, " ".join(MEASURES_HEADERS), *cells])


def test_bad_measures_file_reports_every_mistake_and_writes_nothing(sample: Path) -> None:
    measures = sample / "measures.yml"
    text = measures.read_text(encoding="utf-8")
    text = text.replace("fiscal_year: 2570", "fiscal_year: 2569")
    text = text.replace("    issue: o11\n", "    issue: o99\n", 1)
    text = text.replace("    responsible: กองคลัง\n", "    responsable: กองคลัง\n", 1)
    text = text.replace("{item: o17, title: ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ}",
                        "{item: o17, title: ช่องทางร้องเรียนที่ไม่มีอยู่}")
    measures.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def line(fragment: str) -> int:
        return next(n for n, content in enumerate(lines, 1) if fragment in content)

    before = tree_digest(sample)
    proc = _report(sample, "measures", "--round", "half", "--format", "pdf", "--output", str(sample / "r.pdf"))
    assert_refused(proc, before, sample)
    first = next(n for n, content in enumerate(lines, 1) if content.startswith("  - title:"))
    assert proc.stderr.splitlines() == [
        "พบข้อผิดพลาด 2 จุด:",
        f"  measures.yml:{first}: ขาดคีย์ที่จำเป็น 'responsible' — วิธีแก้: เพิ่มบรรทัด 'responsible: ...'",
        f"  measures.yml:{line('responsable:')}: ไม่รู้จักคีย์ 'responsable' — วิธีแก้: หมายถึง 'responsible' หรือไม่? "
        "คีย์ที่ใช้ได้ที่นี่: title, issue, steps, responsible, monitoring, timing, results",
    ]

    # with the shape right, the references are checked, all of them in one pass
    measures.write_text(text.replace("responsable:", "responsible:"), encoding="utf-8")
    before = tree_digest(sample)
    proc = _report(sample, "measures", "--round", "half", "--format", "pdf", "--output", str(sample / "r.pdf"))
    assert_refused(proc, before, sample)
    assert proc.stderr.splitlines() == [
        "พบข้อผิดพลาด 3 จุด:",
        f"  measures.yml:{line('fiscal_year: 2569')}: ปีงบประมาณ 2569 ไม่ตรงกับ indicators.yml (2570) — วิธีแก้: "
        "แก้เป็น fiscal_year: 2570 หรือลบบรรทัดนี้",
        f"  measures.yml:{line('issue: o99')}: มาตรการที่ 1: ไม่รู้จักประเด็น 'o99' ในเกณฑ์ ita-2569 — วิธีแก้: "
        "ระบุรหัสตัวชี้วัด (9, 10) หรือรหัสรายการ (o1–o26)",
        f"  measures.yml:{line('ช่องทางร้องเรียนที่ไม่มีอยู่')}: มาตรการที่ 2: ไม่พบเอกสารชื่อ "
        "'ช่องทางร้องเรียนที่ไม่มีอยู่' ในรายการ o17 ของ indicators.yml — วิธีแก้: หลักฐานต้องเป็นเอกสารที่บันทึกใน "
        "indicators.yml แล้ว (oit add): คัดลอก title หรือ file ของเอกสารนั้นมาให้ตรงกัน",
    ]


def test_a_round_without_results_is_refused(sample: Path) -> None:
    before = tree_digest(sample)
    proc = _report(sample, "measures", "--round", "annual", "--format", "docx", "--output", str(sample / "r.docx"))
    assert_refused(proc, before, sample)
    lines = (sample / "measures.yml").read_text(encoding="utf-8").splitlines()
    starts = [n for n, content in enumerate(lines, 1) if content.startswith("  - title:")]
    assert proc.stderr.splitlines() == ["พบข้อผิดพลาด 3 จุด:"] + [
        f"  measures.yml:{n}: มาตรการที่ {i} ยังไม่มีผลการดำเนินการรอบ 12 เดือน — วิธีแก้: "
        "เพิ่ม annual: (done, outcome, evidence) ใต้ results: ของมาตรการนี้"
        for i, n in enumerate(starts, 1)
    ]


def test_record_puts_the_report_on_its_item_and_the_checker_counts_it(sample: Path) -> None:
    config = sample / "indicators.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  o26:")
    end = text.index("\n\n", start)
    config.write_text(text[:start] + "  o26:\n    division: สำนักปลัด\n    documents:\n" + text[end:], encoding="utf-8")
    assert statuses(check_json(sample, SAMPLE_AS_OF)[1])["o26"] == "missing"

    proc = _report(sample, "measures", "--round", "half", "--format", "pdf", "--record", "--date", MEMO_DATE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "บันทึกในรายการ o26 แล้ว: content/files/2570/o26/measures-2570-half.pdf"
    recorded = load_site(sample).items["o26"].documents
    assert [(d.title, d.target, str(d.date)) for d in recorded] == [
        ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2570 รอบ 6 เดือน",
         "files/2570/o26/measures-2570-half.pdf", "2027-04-05")]
    assert (sample / "content/files/2570/o26/measures-2570-half.pdf").read_bytes()[:5] == b"%PDF-"
    assert statuses(check_json(sample, SAMPLE_AS_OF)[1])["o26"] == "ok"


def test_approval_form_lists_the_item_documents_and_its_page(sample: Path) -> None:
    out = sample / "approval.docx"
    proc = _report(sample, "approval", "O11", "--format", "docx", "--output", str(out), "--date", MEMO_DATE)
    assert proc.returncode == 0, proc.stderr
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[:6] == [
        "แบบฟอร์มการขออนุญาตให้นำข้อมูลเผยแพร่บนเว็บไซต์ของหน่วยงาน",
        "องค์การบริหารส่วนตำบลตัวอย่าง",
        "ชื่อหน่วยงาน: องค์การบริหารส่วนตำบลตัวอย่าง",
        "วัน/เดือน/ปี: ๕ เมษายน ๒๕๗๐",
        "หัวข้อ: o11 สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน",
        "รายละเอียดข้อมูล: เอกสารที่ขออนุญาตเผยแพร่ตามตารางนี้",
    ]
    assert "Link ภายนอก: https://www.example.go.th/ita/o11.html" in texts
    for role, name in [("ผู้รับผิดชอบการให้ข้อมูล", "(นางสาวกมลวรรณ ทดสอบดี)"),
                       ("ผู้อนุมัติรับรอง", "(นายประเสริฐ ตัวอย่างยิ่ง)"),
                       ("ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่", "(นายธนากร ใจสมมติ)")]:
        assert texts[texts.index(role) + 2] == name
    (table,) = document.tables
    rows = _cell_texts(table)
    documents = load_site(sample).items["o11"].documents
    assert rows[0] == ["ลำดับ", "ชื่อเอกสาร", "วันที่ของเอกสาร"]
    assert [r[1] for r in rows[1:]] == [d.title for d in documents]
    assert rows[1] == ["๑", "สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2569", "๕ พฤศจิกายน ๒๕๖๙"]


def test_approval_form_per_document_is_one_page_each(sample: Path) -> None:
    out = sample / "approval.pdf"
    proc = _report(sample, "approval", "o25", "--per-document", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == len(load_site(sample).items["o25"].documents) == 1
    out = sample / "approval-o1.pdf"
    proc = _report(sample, "approval", "o1", "--per-document", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    text = pdftotext(out)
    assert text.count("\f") == len(load_site(sample).items["o1"].documents)  # one form per page
    assert_paragraphs_in_order(text, [
        "แบบฟอร์มการขออนุญาตให้นำข้อมูลเผยแพร่บนเว็บไซต์ของหน่วยงาน", "องค์การบริหารส่วนตำบลตัวอย่าง",
        "หัวข้อ: o1 โครงสร้าง หน้าที่และอำนาจ", "Link ภายนอก: https://www.example.go.th/ita/o1.html",
        "ผู้รับผิดชอบการให้ข้อมูล", "(นางสาวกมลวรรณ ทดสอบดี)", "หัวหน้าสำนักปลัด",
        "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่", "(นายธนากร ใจสมมติ)"])


def test_approval_of_an_unknown_item_is_refused(sample: Path) -> None:
    before = tree_digest(sample)
    proc = _report(sample, "approval", "o27", "--output", str(sample / "a.pdf"))
    assert_refused(proc, before, sample)
    assert proc.stderr.strip() == ("ข้อผิดพลาด: รหัสรายการ: ไม่รู้จักรหัสรายการ 'o27' ในเกณฑ์ ita-2569 — วิธีแก้: "
                                   "หมายถึง 'o7' (รายงานผลการดำเนินงานประจำปี) หรือไม่? รหัสใน ita-2569 คือ o1–o26 (ดูทั้งหมดใน indicators.yml)")


def test_init_seeds_a_measures_file_that_loads(tmp_path: Path) -> None:
    made = oit("init", "site", "--name", "องค์การบริหารส่วนตำบลบ้านใหม่", "--site-url", "https://banmai.go.th/",
               "--fiscal-year", "2570", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "site"
    text = (root / "measures.yml").read_text(encoding="utf-8")
    assert "#     issue       ประเด็นที่มาตรการนี้แก้ไข" in text  # every field explained
    from oit.core.measures import load_measures

    plan = load_measures(load_site(root))
    assert [m.issue for m in plan.measures] == ["o25", "o26"]
    assert plan.report_item == "o26"
    assert plan.memo.to == "นายกองค์การบริหารส่วนตำบลบ้านใหม่"
    # a seeded file has no results yet: the report says which, rather than print empty tables
    proc = oit("report", "measures", "--round", "half", cwd=root)
    assert proc.returncode == 2
    assert "measures.yml:" in proc.stderr and "มาตรการที่ 1 ยังไม่มีผลการดำเนินการรอบ 6 เดือน" in proc.stderr
    assert not list(root.glob("*.pdf"))


def test_a_missing_or_broken_measures_file_is_named_with_its_line(sample: Path) -> None:
    measures = sample / "measures.yml"
    text = measures.read_text(encoding="utf-8")
    measures.unlink()
    before = tree_digest(sample)
    proc = _report(sample, "measures", "--round", "half")
    assert_refused(proc, before, sample)
    assert proc.stderr.strip() == ("ข้อผิดพลาด: measures.yml: ไม่พบไฟล์ — วิธีแก้: สร้างไฟล์ measures.yml ข้าง "
                                   "indicators.yml ตามตัวอย่างใน README หัวข้อ \"รายงานมาตรการ\"")
    lines = text.splitlines()
    at = next(n for n, content in enumerate(lines) if content.startswith("    steps:"))
    lines[at + 1] = "\t" + lines[at + 1].lstrip()
    measures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = tree_digest(sample)
    proc = _report(sample, "measures", "--round", "half")
    assert_refused(proc, before, sample)
    assert proc.stderr.strip() == (f"ข้อผิดพลาด: measures.yml:{at + 2}: อ่าน YAML ไม่ได้: พบอักขระแท็บ (Tab) "
                                   "ซึ่ง YAML ไม่อนุญาตให้ใช้เยื้องบรรทัด — วิธีแก้: ใช้การเว้นวรรคแทนแท็บ (Tab) ในการเยื้องบรรทัด")


def test_approval_of_an_item_without_documents_names_its_line(tmp_path: Path) -> None:
    made = oit("init", "site", "--name", "องค์การบริหารส่วนตำบลบ้านใหม่", "--site-url", "https://banmai.go.th/",
               "--fiscal-year", "2570", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "site"
    line = next(n for n, text in enumerate((root / "indicators.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("  o1:"))
    before = tree_digest(root)
    proc = _report(root, "approval", "o1")
    assert_refused(proc, before, root)
    assert proc.stderr.strip() == (f"ข้อผิดพลาด: indicators.yml:{line}: รายการ o1 ยังไม่มีเอกสารใน indicators.yml — วิธีแก้: "
                                   'เพิ่มเอกสารก่อนด้วย oit add o1 ไฟล์.pdf --title "..." แล้วจึงทำแบบขออนุญาต')
