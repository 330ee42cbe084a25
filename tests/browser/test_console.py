"""The officer's console in real Chromium against the real ``oit console`` command.

Each test starts ``oit console`` on a fresh ``oit init`` site (every item still missing),
opens the printed URL as the officer would, and works the forms: a PDF added and
recorded exactly as ``oit add`` records it, a fake PDF refused with nothing written, a
change underneath refused, remove and undo; axe on every page, a 390 px phone and a
1366 px screen, and no request to any host but the console itself.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from oit.checker.documents import check_document_file
from oit.core.catalog import Period
from oit.core.indicators import load_site
from oit.officer.intake import AddRequest, add_document
from tests.browser.test_accessibility import blocking, horizontal_overflow, run_axe
from tests.support.browser import new_page
from tests.support.console import RunningConsole, make_console_site, running_console
from tests.support.sample import tree_digest
from tests.support.sites import pdf_bytes

MSG_REFUSED = "ไม่ได้บันทึกไฟล์ เพราะ"
MSG_UNDERNEATH = ("indicators.yml ถูกแก้ไขจากที่อื่นหลังจากเปิดหน้านี้ (แท็บอื่นหรือแก้ด้วยมือ) "
                  "จึงไม่บันทึก เพื่อไม่ให้ทับการแก้ไขนั้น")
OFFICER_COMMENT = "# หมายเหตุของเจ้าหน้าที่: ห้ามลบบรรทัดนี้"
TIMEOUT_MS = 60_000


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_console_site(tmp_path / "site")


@pytest.fixture
def console(site: Path) -> Iterator[RunningConsole]:
    with running_console(site) as running:
        yield running


@pytest.fixture
def page(browser: Browser, console: RunningConsole) -> Iterator[Page]:
    with new_page(browser, width=1366, height=900) as (opened, recorder):
        opened.set_default_timeout(TIMEOUT_MS)
        opened.goto(console.url)
        expect(opened).to_have_url(console.base + "/")
        yield opened
        assert recorder.external() == [], "the console asked a host other than itself"


def status_of(page: Page, code: str) -> str | None:
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/")
    return page.locator(f'tr[data-code="{code}"]').get_attribute("data-status")


def fill_add_form(page: Page, *, name: str, data: bytes, title: str, day: str) -> None:
    form = page.locator("form.add")
    form.locator('input[name="file"]').set_input_files({"name": name, "mimeType": "application/pdf", "buffer": data})
    form.locator('input[name="title"]').fill(title)
    form.locator('input[name="date"]').fill(day)
    form.get_by_role("button", name="บันทึกเอกสาร").click()


def test_add_a_pdf_through_the_form_records_it_as_oit_add_does(
        page: Page, console: RunningConsole, site: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(site, twin)
    original = (site / "indicators.yml").read_bytes()
    data = pdf_bytes(label="structure")
    assert status_of(page, "o1") == "missing"

    page.goto(console.base + "/items/o1")
    fill_add_form(page, name="โครงสร้าง องค์กร.pdf", data=data, title="โครงสร้างองค์กร", day="๕/๑๑/๒๕๖๙")
    expect(page.locator(".flash--ok")).to_contain_text("บันทึก 'โครงสร้างองค์กร' ใน o1 แล้ว")
    assert status_of(page, "o1") == "ok"

    # The same request through the officer layer, as `oit add` makes it, on a twin site.
    source = tmp_path / "inbox" / "โครงสร้าง องค์กร.pdf"
    source.parent.mkdir()
    source.write_bytes(data)
    add_document(twin, AddRequest(code="o1", title="โครงสร้างองค์กร", file=source, date="2569-11-05"))
    text = (site / "indicators.yml").read_text(encoding="utf-8")
    assert text == (twin / "indicators.yml").read_text(encoding="utf-8")
    assert OFFICER_COMMENT in text
    fy = load_site(site).fiscal_year.be_year
    assert (site / "content" / "files" / str(fy) / "o1" / "โครงสร้าง-องค์กร.pdf").read_bytes() == data

    # The journal names who did what; undo puts indicators.yml back byte for byte.
    page.goto(console.base + "/audit")
    expect(page.locator("table.audit")).to_contain_text("โครงสร้าง องค์กร.pdf")
    page.get_by_role("button", name=re.compile("ย้อนกลับรายการล่าสุด")).click()
    expect(page.locator(".flash--ok")).to_contain_text("ย้อนกลับการเปลี่ยนแปลง")
    assert (site / "indicators.yml").read_bytes() == original
    assert not (site / "content" / "files" / str(fy) / "o1" / "โครงสร้าง-องค์กร.pdf").exists()
    assert status_of(page, "o1") == "missing"


def test_fake_pdf_is_refused_with_the_checker_reason_and_nothing_written(
        page: Page, console: RunningConsole, site: Path, tmp_path: Path) -> None:
    fake = b"<!doctype html><html><body>not a pdf</body></html>"
    before = tree_digest(site)
    page.goto(console.base + "/items/o1")
    fill_add_form(page, name="รายงาน.pdf", data=fake, title="รายงาน", day="2569-11-05")
    probe = tmp_path / "รายงาน.pdf"
    probe.write_bytes(fake)
    reason = check_document_file(probe, shown="รายงาน.pdf").problems[0].message
    expect(page.get_by_role("alert")).to_contain_text(f"{MSG_REFUSED} {reason}")
    # What the officer typed is still in the form.
    expect(page.locator('input[name="title"]')).to_have_value("รายงาน")
    assert tree_digest(site) == before


def test_bad_date_shows_the_domain_message_and_writes_nothing(page: Page, console: RunningConsole, site: Path) -> None:
    before = tree_digest(site)
    page.goto(console.base + "/items/o4")
    fill_add_form(page, name="ข่าว.pdf", data=pdf_bytes(), title="ข่าว", day="31/02/2569")
    expect(page.get_by_role("alert")).to_contain_text(
        "วันที่: วันที่ 31 กุมภาพันธ์ 2569 ไม่มีอยู่จริง — วิธีแก้: เขียนวันที่แบบ ปปปป-ดด-วว (พ.ศ.) เช่น 2569-10-15")
    assert tree_digest(site) == before


def test_monthly_item_takes_a_month(page: Page, console: RunningConsole, site: Path) -> None:
    loaded = load_site(site)
    code = next(c for c, r in loaded.items.items() if r.spec.period is Period.MONTHLY)
    first = loaded.fiscal_year.months()[0]
    page.goto(console.base + f"/items/{code}")
    form = page.locator("form.add")
    form.locator('select[name="month"]').select_option(str(first))
    day = first.last_day()
    fill_add_form(page, name="สขร เดือนแรก.pdf", data=pdf_bytes(label="month"), title="สรุปผลการจัดซื้อจัดจ้าง",
                  day=f"{day.day}/{day.month}/{day.year + 543}")
    expect(page.locator(".flash--ok")).to_be_visible()
    record = load_site(site).items[code]
    assert [(d.month, d.date) for d in record.documents] == [(first, date(day.year, day.month, day.day))]


def test_a_change_underneath_is_refused_never_overwritten(page: Page, console: RunningConsole, site: Path) -> None:
    page.goto(console.base + "/items/o1")
    config = site / "indicators.yml"
    edited = config.read_text(encoding="utf-8") + "# แก้ด้วยมือระหว่างที่เปิดหน้าไว้\n"
    config.write_text(edited, encoding="utf-8")
    before = tree_digest(site)
    fill_add_form(page, name="a.pdf", data=pdf_bytes(), title="โครงสร้าง", day="2569-11-05")
    expect(page.get_by_role("alert")).to_contain_text(MSG_UNDERNEATH)
    assert tree_digest(site) == before
    # Reloaded, the form carries the new fingerprint and the same upload goes through.
    page.goto(console.base + "/items/o1")
    fill_add_form(page, name="a.pdf", data=pdf_bytes(), title="โครงสร้าง", day="2569-11-05")
    expect(page.locator(".flash--ok")).to_be_visible()
    assert "# แก้ด้วยมือระหว่างที่เปิดหน้าไว้" in config.read_text(encoding="utf-8")


def test_same_content_under_another_name_is_recognised(page: Page, console: RunningConsole, site: Path) -> None:
    data = pdf_bytes(label="once")
    page.goto(console.base + "/items/o1")
    fill_add_form(page, name="ครั้งแรก.pdf", data=data, title="โครงสร้าง", day="2569-11-05")
    expect(page.locator(".flash--ok")).to_be_visible()
    before = tree_digest(site)
    fill_add_form(page, name="อีกชื่อ.pdf", data=data, title="โครงสร้างอีกครั้ง", day="2569-11-05")
    expect(page.get_by_role("alert")).to_contain_text(f"{MSG_REFUSED} ไฟล์ อีกชื่อ.pdf มีเนื้อหาเดียวกับเอกสาร")
    assert tree_digest(site) == before


def test_remove_asks_first_then_moves_the_file_aside(page: Page, console: RunningConsole, site: Path) -> None:
    page.goto(console.base + "/items/o1")
    fill_add_form(page, name="ลบได้.pdf", data=pdf_bytes(), title="เอกสารที่จะลบ", day="2569-11-05")
    expect(page.locator(".flash--ok")).to_be_visible()
    target = load_site(site).items["o1"].documents[0].target
    page.get_by_role("link", name="แทนที่หรือลบ เอกสารที่จะลบ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("เอกสารของ o1: เอกสารที่จะลบ")
    assert load_site(site).items["o1"].documents  # the confirmation page changed nothing
    page.get_by_role("button", name="ยืนยันลบเอกสาร").click()
    expect(page.locator(".flash--ok")).to_contain_text("ลบเอกสาร 'เอกสารที่จะลบ' ออกจาก o1 แล้ว")
    assert load_site(site).items["o1"].documents == []
    assert not (site / "content" / target).exists()
    assert OFFICER_COMMENT in (site / "indicators.yml").read_text(encoding="utf-8")
    page.goto(console.base + "/audit")
    page.get_by_role("button", name=re.compile("ย้อนกลับรายการล่าสุด: ลบเอกสาร")).click()
    expect(page.locator(".flash--ok")).to_be_visible()
    assert [d.target for d in load_site(site).items["o1"].documents] == [target]
    assert (site / "content" / target).is_file()


def test_too_large_upload_is_refused(browser: Browser, site: Path) -> None:
    with running_console(site, "--max-upload-mb", "1") as small, new_page(browser) as (page, _recorder):
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(small.url)
        before = tree_digest(site)
        page.goto(small.base + "/items/o1")
        big = pdf_bytes() + b"%" + b"0" * (1536 * 1024) + b"\n%%EOF\n"
        fill_add_form(page, name="ใหญ่.pdf", data=big, title="ใหญ่", day="2569-11-05")
        expect(page.get_by_role("alert")).to_contain_text(f"{MSG_REFUSED} ไฟล์ ใหญ่.pdf ใหญ่เกิน 1 MB")
        assert tree_digest(site) == before
        # Past the whole-body limit of Flask (limit + 1 MB): its 413, in Thai, nothing written.
        page.goto(small.base + "/items/o1")
        bigger = pdf_bytes() + b"%" + b"0" * (2560 * 1024) + b"\n%%EOF\n"
        fill_add_form(page, name="ใหญ่มาก.pdf", data=bigger, title="ใหญ่มาก", day="2569-11-05")
        expect(page.get_by_role("heading", level=1)).to_have_text("ไฟล์ใหญ่เกินไป")
        expect(page.locator("main")).to_contain_text(f"{MSG_REFUSED} ไฟล์ใหญ่เกิน 1 MB")
        assert tree_digest(site) == before


def test_every_console_page_passes_axe_on_a_phone_and_an_office_screen(
        browser: Browser, console: RunningConsole, site: Path) -> None:
    problems: list[str] = []
    for width, height in ((390, 844), (1366, 768)):
        with new_page(browser, width=width, height=height, reduced_motion="reduce") as (page, recorder):
            page.set_default_timeout(TIMEOUT_MS)
            found = blocking(run_axe(page)) if page.goto(console.base + "/") else []
            problems += [f"{width}px locked page: {f}" for f in found]
            page.goto(console.url)
            page.goto(console.base + "/items/o1")
            fill_add_form(page, name="a.pdf", data=pdf_bytes(), title="โครงสร้าง", day="2569-11-05")
            fill_add_form(page, name="b.pdf", data=b"not a pdf", title="เสีย", day="2569-11-05")  # error state
            problems += [f"{width}px item with error: {f}" for f in blocking(run_axe(page))]
            page.goto(console.base + "/check")
            page.get_by_role("button", name="เริ่มตรวจ").click()
            expect(page.get_by_role("heading", name=re.compile("ผลการตรวจ"))).to_be_visible()
            for path in ("/", "/?status=missing", "/items/o1", "/items/o1/remove/0", "/check", "/export",
                         "/publish", "/new-year", "/audit", "/check/report.html"):
                page.goto(console.base + path)
                problems += [f"{width}px {path}: {f}" for f in blocking(run_axe(page))]
                overflow = horizontal_overflow(page)
                if overflow > 0:
                    problems.append(f"{width}px {path}: {overflow}px wider than the screen")
            assert recorder.external() == []
    assert not problems, "\n".join(problems)


def test_the_full_check_report_keeps_its_own_style(page: Page, console: RunningConsole) -> None:
    page.goto(console.base + "/check")
    page.get_by_role("button", name="เริ่มตรวจ").click()
    page.get_by_role("link", name="เปิดรายงานฉบับเต็ม (HTML)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("รายงานตรวจความพร้อม ITA")
    # The report's <style> applied: its table has collapsed borders, not the browser default.
    assert page.eval_on_selector("table", "t => getComputedStyle(t).borderCollapse") == "collapse"


def test_build_then_preview_then_export(page: Page, console: RunningConsole, site: Path) -> None:
    page.goto(console.base + "/preview/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ยังไม่มีเว็บไซต์ที่สร้างแล้ว")
    page.goto(console.base + "/publish")
    page.get_by_label(re.compile("เหตุผล")).fill("ทดลองสร้างก่อนเอกสารครบ")
    page.get_by_role("button", name="สร้างเว็บไซต์").click()
    expect(page.get_by_role("heading", name="ผลการสร้างครั้งล่าสุด")).to_be_visible(timeout=180_000)
    expect(page.locator(".flash--ok")).to_contain_text("สร้างเว็บไซต์แล้วที่")
    assert (site / "site" / "index.html").is_file()
    page.goto(console.base + "/preview/")
    expect(page).to_have_title(re.compile("องค์การบริหารส่วนตำบลคอนโซล"))
    with page.expect_download() as download:
        page.goto(console.base + "/export")
        page.get_by_role("link", name=re.compile("ดาวน์โหลด Excel")).click()
    saved = download.value.path()
    assert download.value.suggested_filename == f"itas-{load_site(site).fiscal_year.be_year}.xlsx"
    assert Path(saved).read_bytes()[:2] == b"PK"
    entries = (site / ".oit-console" / "audit.jsonl").read_text(encoding="utf-8")
    assert '"action": "build"' in entries and "ทดลองสร้างก่อนเอกสารครบ" in entries


def test_new_year_asks_for_confirmation(page: Page, console: RunningConsole, site: Path) -> None:
    year = load_site(site).fiscal_year.be_year
    page.goto(console.base + "/new-year")
    page.get_by_role("button", name="ขึ้นปีงบประมาณใหม่").click()  # the browser asks for the tick first
    assert load_site(site).fiscal_year.be_year == year
    before = tree_digest(site)
    page.get_by_label(f"ยืนยันขึ้นปีงบประมาณ {year + 1}").check()
    page.get_by_role("button", name="ขึ้นปีงบประมาณใหม่").click()
    # as the command does: today (FY2570) the year after has not begun, so it is refused
    expect(page.locator(".errors")).to_contain_text(f"ปีงบประมาณ พ.ศ. {year + 1} ยังไม่เริ่ม")
    assert load_site(site).fiscal_year.be_year == year
    assert tree_digest(site) == before
    page.get_by_label(f"ยืนยันขึ้นปีงบประมาณ {year + 1}").check()
    page.get_by_label(f"ปีงบประมาณ {year + 1} ยังไม่เริ่ม แต่ตั้งใจเตรียมไว้ล่วงหน้า").check()
    page.get_by_label(f"ปี {year} ยังไม่มีเอกสารของปีนั้น แต่ตั้งใจขึ้นปีใหม่").check()
    page.get_by_role("button", name="ขึ้นปีงบประมาณใหม่").click()
    expect(page.locator(".flash--ok")).to_have_text(f"ขึ้นปีงบประมาณใหม่แล้ว: {year} → {year + 1}")
    assert load_site(site).fiscal_year.be_year == year + 1
    assert (site / "archive" / f"{year}.yml").is_file()
    # and back, byte for byte, as oit new-year --undo
    page.get_by_role("button", name="ย้อนการขึ้นปีใหม่ครั้งล่าสุด").click()
    expect(page.locator(".flash--ok")).to_contain_text(f"ย้อนการขึ้นปีงบประมาณใหม่แล้ว: {year} → {year + 1}")
    assert load_site(site).fiscal_year.be_year == year
    after = tree_digest(site)
    assert {k: v for k, v in after.items() if not k.startswith(".oit")} == {
        k: v for k, v in before.items() if not k.startswith(".oit")}


def test_replace_puts_the_new_file_in_and_the_old_one_aside(page: Page, console: RunningConsole, site: Path) -> None:
    page.goto(console.base + "/items/o1")
    fill_add_form(page, name="ฉบับเก่า.pdf", data=pdf_bytes(label="old"), title="โครงสร้าง", day="2569-11-05")
    expect(page.locator(".flash--ok")).to_be_visible()
    old = load_site(site).items["o1"].documents[0]
    page.get_by_role("link", name="แทนที่หรือลบ โครงสร้าง").click()
    form = page.locator("form.add")
    form.locator('input[name="file"]').set_input_files(
        {"name": "ฉบับใหม่.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(label="new")})
    expect(form.locator('input[name="date"]')).to_have_value("5/11/2569")
    form.get_by_role("button", name="แทนที่เอกสาร").click()
    expect(page.locator(".flash--ok")).to_contain_text(f"แทน {old.target}")
    docs = load_site(site).items["o1"].documents
    assert [(d.title, d.target.rsplit("/", 1)[-1]) for d in docs] == [("โครงสร้าง", "ฉบับใหม่.pdf")]
    assert not (site / "content" / old.target).exists()
    # A bad new file replaces nothing.
    before = tree_digest(site)
    page.get_by_role("link", name="แทนที่หรือลบ โครงสร้าง").click()
    page.locator("form.add").locator('input[name="file"]').set_input_files(
        {"name": "เสีย.pdf", "mimeType": "application/pdf", "buffer": b"<html></html>"})
    page.get_by_role("button", name="แทนที่เอกสาร").click()
    expect(page.get_by_role("alert")).to_contain_text(MSG_REFUSED)
    assert tree_digest(site) == before
    # Undo brings the old file and entry back.
    page.goto(console.base + "/audit")
    page.get_by_role("button", name=re.compile("ย้อนกลับรายการล่าสุด: แทนที่เอกสาร")).click()
    expect(page.locator(".flash--ok")).to_be_visible()
    assert [d.target for d in load_site(site).items["o1"].documents] == [old.target]
    assert (site / "content" / old.target).is_file()


def test_check_with_links_shows_progress_then_the_broken_link(page: Page, console: RunningConsole, site: Path) -> None:
    from tests.support.http_server import LoopbackServer

    with LoopbackServer() as server:
        for title, path in (("ข่าวหนึ่ง", "/ok"), ("ข่าวที่ลบไปแล้ว", "/gone/news"), ("ข่าวช้า", "/slow?delay=4")):
            add_document(site, AddRequest(code="o4", title=title, url=server.url(path), date="2569-11-05"))
        page.goto(console.base + "/check")
        page.get_by_label(re.compile("ตรวจลิงก์ภายนอกด้วย")).check()
        page.get_by_role("button", name="เริ่มตรวจ").click()
        expect(page.get_by_text(re.compile(r"ตรวจลิงก์ภายนอกแล้ว \d จาก 3 ลิงก์"))).to_be_visible(timeout=20_000)
        expect(page.get_by_role("heading", name=re.compile("ผลการตรวจ"))).to_be_visible(timeout=60_000)
        row = page.locator("table.items tr", has=page.get_by_role("link", name="o4"))
        expect(row).to_contain_text("ข่าวที่ลบไปแล้ว")
        expect(row.locator(".badge")).to_have_text("ลิงก์หรือไฟล์เสีย")


def test_keyboard_only(page: Page, console: RunningConsole, site: Path) -> None:
    page.goto(console.base + "/items/o1")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("ข้ามไปยังเนื้อหา")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.locator("form.add input[name=file]").set_input_files(
        {"name": "คีย์บอร์ด.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
    page.locator("form.add input[name=file]").focus()
    page.keyboard.press("Tab")  # the link field
    page.keyboard.press("Tab")  # the title
    page.keyboard.type("โครงสร้างจากคีย์บอร์ด")
    page.keyboard.press("Tab")
    page.keyboard.type("5/11/2569")
    page.keyboard.press("Enter")
    expect(page.locator(".flash--ok")).to_contain_text("บันทึก 'โครงสร้างจากคีย์บอร์ด' ใน o1 แล้ว")
