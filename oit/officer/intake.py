"""``oit add``: put one document on the site and record it in indicators.yml.

Everything the officer typed is checked before anything is written (item code, file,
date, month), so a mistake changes nothing. Then the file is copied under
``content/files/<fiscal year>/<code>/`` with a URL-safe name, the document is appended
to the item in indicators.yml (comments and order kept), and the whole site is loaded
again with ``load_site``. If that final check fails, the copy and the yml edit are both
undone: the officer never ends up with a half-recorded document.
"""

from __future__ import annotations

import contextlib
import difflib
import filecmp
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from oit.core.advice import oit_command
from oit.core.catalog import CatalogItem, Period
from oit.core.document_formats import inspect_format
from oit.core.errors import InputError, InputErrors, os_reason, raise_all
from oit.core.fiscal_calendar import (
    DateError,
    YearMonth,
    ce_note,
    format_date,
    format_iso_be,
    format_month,
    parse_date,
    written_in_ce,
)
from oit.core.indicators import CONFIG_NAME, CONTENT_DIR, Site, load_site, resolve_content_path
from oit.core.slugs import safe_filename
from oit.officer.indicators_edit import IndicatorsDocument

FILES_DIR = "files"


@dataclass(frozen=True)
class AddRequest:
    """What the officer asked to add: exactly one of ``file``, ``url`` or ``page``."""

    code: str
    title: str
    file: Path | None = None
    url: str | None = None
    page: str | None = None
    date: str | None = None
    month: str | None = None
    division: str | None = None
    note: str | None = None


@dataclass
class AddResult:
    """What ``add_document`` did, for the command's summary."""

    site: Site
    code: str
    target: str  # as recorded: path under content/, URL or page
    kind: str
    copied: bool  # False when an identical file was already in place
    warnings: list[str] = field(default_factory=list)


def find_item(site: Site, code: str) -> CatalogItem:
    """The catalog item for a code the officer typed (``O11``, `` o11 `` …) or a helpful error."""
    wanted = "".join(code.split()).lower()
    if wanted in site.catalog:
        return site.catalog.item(wanted)
    codes = site.catalog.codes
    near = difflib.get_close_matches(wanted, codes, n=1, cutoff=0.4)
    hint = f"หมายถึง '{near[0]}' ({site.catalog.item(near[0]).title}) หรือไม่? " if near else ""
    hint += f"รหัสใน {site.catalog.id} คือ {codes[0]}–{codes[-1]} (ดูทั้งหมดใน indicators.yml)"
    raise InputError("รหัสรายการ", None, f"ไม่รู้จักรหัสรายการ '{code}' ในเกณฑ์ {site.catalog.id}", hint)


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise InputError("--url", None, f"ลิงก์ '{url}' ใช้ไม่ได้: ต้องเป็นลิงก์เต็มที่ขึ้นต้นด้วย http:// หรือ https://",
                         "คัดลอกลิงก์จากแถบที่อยู่ของเบราว์เซอร์ เช่น https://www.facebook.com/...")
    return url


# What to do when a file is not what its name says, by what was found.
_FORMAT_HINTS = {
    "saved_page": "ดาวน์โหลดตัวไฟล์อีกครั้ง (คลิกขวาที่ลิงก์ของไฟล์ แล้วเลือกบันทึกลิงก์เป็น) ไม่ใช่บันทึกหน้าเว็บ"
                  " แล้วสั่ง oit add อีกครั้ง",
    "pdf_broken": "เปิดไฟล์ต้นฉบับแล้วบันทึกหรือส่งออกเป็น PDF ใหม่ (ถ้าดาวน์โหลดมา ให้ดาวน์โหลดตัวไฟล์อีกครั้ง"
                  " ไม่ใช่บันทึกหน้าเว็บ) แล้วสั่ง oit add อีกครั้ง",
    "file_broken": "เปิดไฟล์ด้วยโปรแกรมของมัน แล้วใช้ 'บันทึกเป็น' ชนิดที่ตรงกับนามสกุล (หรือส่งออกเป็น PDF)"
                   " แล้วสั่ง oit add อีกครั้ง",
}


def _check_source_file(path: Path, warnings: list[str]) -> None:
    """Refuse a file that is missing, empty or not what its name says; warn about a scan."""
    shown = str(path)
    if not path.exists():
        raise InputError(shown, None, "ไม่พบไฟล์", "ตรวจชื่อไฟล์และโฟลเดอร์ หรือลากไฟล์มาวางในหน้าต่างคำสั่ง")
    if path.is_dir():
        raise InputError(shown, None, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "ระบุไฟล์เอกสารหนึ่งไฟล์ เช่น รายงาน.pdf")
    if not path.is_file():
        raise InputError(shown, None, "ไม่ใช่ไฟล์ธรรมดา", "ระบุไฟล์เอกสาร เช่น รายงาน.pdf")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputError(shown, None, f"อ่านไฟล์ไม่ได้ ({os_reason(exc)})", "ตรวจสิทธิ์การเข้าถึงไฟล์") from None
    if size == 0:
        raise InputError(shown, None, "ไฟล์ว่างเปล่า (0 ไบต์)",
                         "ไฟล์อาจบันทึกไม่สำเร็จ ให้ส่งออกหรือสแกนเอกสารใหม่แล้วลองอีกครั้ง")
    try:
        verdict = inspect_format(path, "", size=size)
    except OSError as exc:
        raise InputError(shown, None, f"อ่านไฟล์ไม่ได้ ({exc.strerror})", "ตรวจสิทธิ์การเข้าถึงไฟล์") from None
    if verdict.broken:
        # Recorded, it would count as published; the assessor would find a file that does not open.
        hint = _FORMAT_HINTS["saved_page" if verdict.saved_page else verdict.kind or "file_broken"]
        raise InputError(shown, None, verdict.message, hint)
    if verdict.kind == "pdf_no_text":
        warnings.append(f"{shown}: {verdict.message} — ยังบันทึกให้ แต่ถ้ามีไฟล์ต้นฉบับ (Word) ให้ส่งออกเป็น PDF"
                        " หรือทำ OCR ให้ค้นหาข้อความได้")


def _check_page(site: Site, page: str) -> str:
    page = page.strip().replace("\\", "/")
    if page.startswith(f"{CONTENT_DIR}/"):
        page = page[len(CONTENT_DIR) + 1:]  # officers often type the path from the site folder
    _, problem = resolve_content_path(site.content_dir, page)
    if problem:
        raise InputError("--page", None, f"หน้า '{page}' {problem}",
                         "ระบุหน้าเว็บใต้โฟลเดอร์ content/ เช่น --page contact.md")
    if not page.endswith(".md"):
        raise InputError("--page", None, f"'{page}' ไม่ใช่หน้าเว็บ (.md)", "ไฟล์อื่นให้ระบุเป็นชื่อไฟล์ต่อจากรหัสรายการ แทน --page")
    return page


def _check_dates(site: Site, spec: CatalogItem, request: AddRequest, today: date,
                 warnings: list[str]) -> tuple[str | None, str | None]:
    """The date and month as they will be written (BE ISO), or the errors naming the fix.

    A wrong --date and a wrong --month are told together, not one per run.
    """
    errors: list[InputError] = []
    doc_date = month = None
    try:
        doc_date = _check_date(site, spec, request, today, warnings)
    except InputError as exc:
        errors.append(exc)
    try:
        month = _check_month(site, spec, request, doc_date)
    except InputError as exc:
        errors.append(exc)
    raise_all(errors)
    return (format_iso_be(doc_date) if doc_date else None), (str(month) if month else None)


def _check_date(site: Site, spec: CatalogItem, request: AddRequest, today: date, warnings: list[str]) -> date | None:
    fy = site.fiscal_year
    doc_date = None
    if request.date is not None:
        try:
            doc_date = parse_date(request.date)
        except DateError as exc:
            raise InputError("--date", None, str(exc), "เขียนวันที่แบบ ปปปป-ดด-วว (พ.ศ.) เช่น 2569-10-15") from None
        if written_in_ce(request.date):
            warnings.append(ce_note("--date", request.date, doc_date, recorded=True))
        if doc_date > fy.end:
            raise InputError("--date", None,
                             f"วันที่ {format_date(doc_date)} อยู่หลังสิ้น{fy.label} ({format_date(fy.end)})",
                             "ปี พ.ศ. อาจพิมพ์ผิด หรือเอกสารนี้เป็นของปีงบประมาณถัดไป"
                             f" (ใช้ {oit_command('new-year', site.root)} ก่อน)")
        if doc_date > today:
            warnings.append(f"วันที่ {format_date(doc_date)} ยังมาไม่ถึง — ตรวจว่าพิมพ์ปีหรือเดือนถูกต้อง")
        if doc_date.year < fy.start.year - 10:
            # Allowed (a law or a plan can be old) but often a typo: 2469 for 2569.
            warnings.append(f"วันที่ {format_date(doc_date)} เก่ากว่า 10 ปี — ตรวจว่าพิมพ์ปี พ.ศ. ถูกต้อง")
    elif spec.period.needs_date:
        raise InputError("--date", None,
                         f"รายการ {spec.code} ต้องระบุวันที่ของเอกสาร เพราะตรวจตามรอบเวลา ({spec.period.label_th})",
                         "เพิ่ม --date ปปปป-ดด-วว เช่น --date 2569-11-05 (วันที่ลงนามหรือประกาศ)")
    return doc_date


def _check_month(site: Site, spec: CatalogItem, request: AddRequest, doc_date: date | None) -> YearMonth | None:
    fy = site.fiscal_year
    month = None
    if spec.period is Period.MONTHLY:
        if request.month is None:
            raise InputError("--month", None, f"รายการ {spec.code} เป็นรายการรายเดือน ต้องระบุเดือนที่รายงาน",
                             "เพิ่ม --month ปปปป-ดด (พ.ศ.) เช่น --month 2569-10 สำหรับเดือนตุลาคม 2569")
        try:
            month = YearMonth.parse(request.month)
        except DateError as exc:
            raise InputError("--month", None, str(exc), "เขียนเดือนแบบ ปปปป-ดด (พ.ศ.) เช่น 2569-10") from None
        if month not in fy.months():
            span = f"{format_month(fy.months()[0])} – {format_month(fy.months()[-1])}"
            raise InputError("--month", None, f"เดือน{format_month(month)} ไม่อยู่ใน{fy.label} ({span})",
                             "ตรวจปี พ.ศ. ของเดือน; รายงานของปีงบประมาณอื่นไม่นับในปีนี้")
        if doc_date is not None and doc_date < month.first_day():
            raise InputError("--date", None,
                             f"วันที่ {format_date(doc_date)} อยู่ก่อนเดือนที่รายงาน ({format_month(month)})",
                             "วันที่ของรายงานรายเดือนคือวันที่ประกาศ ซึ่งอยู่ในหรือหลังเดือนนั้น เช่น ต้นเดือนถัดไป")
    elif request.month is not None:
        raise InputError("--month", None,
                         f"รายการ {spec.code} ไม่ใช่รายการรายเดือน ({spec.period.label_th}) จึงไม่ต้องระบุเดือน",
                         "ลบ --month ออก")
    return month


def _destination(site: Site, code: str, source: Path) -> tuple[str, bool]:
    """Where the file goes under content/ and whether it must be copied.

    An identical file already there is reused; a different one is never overwritten:
    the new file gets ``-2``, ``-3`` … before its extension.
    """
    folder = PurePosixPath(FILES_DIR, str(site.fiscal_year.be_year), code)
    name = safe_filename(source.name)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    number = 1
    while True:
        candidate = name if number == 1 else (f"{stem}-{number}.{ext}" if ext else f"{stem}-{number}")
        rel = str(folder / candidate)
        path = site.content_dir / rel
        if not path.exists():
            return rel, True
        if path.is_file() and filecmp.cmp(path, source, shallow=False):
            return rel, False
        number += 1


def _copy_new(source: Path, dest: Path) -> None:
    """Copy without ever replacing an existing file: write aside, then link into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        try:
            os.link(tmp, dest)  # fails if dest appeared meanwhile: never overwrite
        except FileExistsError:
            raise InputError(str(dest), None, "มีไฟล์ชื่อนี้เกิดขึ้นระหว่างคัดลอก", "สั่ง oit add อีกครั้ง") from None
        except OSError:
            # File systems without hard links (some network shares): exclusive create.
            with open(tmp, "rb") as src, open(dest, "xb") as out:
                shutil.copyfileobj(src, out)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _already_recorded(site: Site, code: str, kind: str, target: str) -> bool:
    return any(d.kind == kind and d.target == target for d in site.items[code].documents)


def add_document(root: Path, request: AddRequest, *, today: date | None = None) -> AddResult:
    """Check ``request``, copy the file, record it; undo both if the site no longer loads."""
    root = Path(root)
    today = today or date.today()
    site = load_site(root, as_of=today)
    spec = find_item(site, request.code)
    code = spec.code
    record = site.items[code]
    warnings: list[str] = []
    if record.not_applicable is not None:
        raise InputError(CONFIG_NAME, record.line, f"รายการ {code} ระบุไว้ว่าไม่เกี่ยวข้องกับหน่วยงาน (not_applicable)",
                         f"ถ้ารายการนี้เกี่ยวข้องแล้ว ให้ลบบรรทัด not_applicable ของ {code} ใน indicators.yml ก่อน")
    title = " ".join(request.title.split())
    if not title:
        raise InputError("--title", None, "ต้องระบุชื่อเอกสาร", 'เช่น --title "สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2569"')
    sources = [s for s in (request.file, request.url, request.page) if s is not None]
    if len(sources) != 1:
        raise InputError("ไฟล์", None, "ต้องระบุเอกสารอย่างใดอย่างหนึ่ง: ไฟล์ หรือ --url หรือ --page"
                         + (" (ระบุมาหลายอย่าง)" if sources else ""),
                         "เช่น oit add o1 โครงสร้าง.pdf --title ... หรือ oit add o3 --url https://... --title ...")
    # A bad date and a missing file are told together, not one per run.
    errors: list[InputError] = []
    doc_date = month = None
    try:
        doc_date, month = _check_dates(site, spec, request, today, warnings)
    except InputError as exc:
        errors.append(exc)
    except InputErrors as exc:
        errors.extend(exc.errors)
    if request.file is not None:
        try:
            _check_source_file(Path(request.file), warnings)
        except InputError as exc:
            errors.append(exc)
    raise_all(errors)

    copied = False
    created_dirs: list[Path] = []
    if request.file is not None:
        source = Path(request.file)
        kind = "file"
        target, copied = _destination(site, code, source)
        if not copied and _already_recorded(site, code, kind, target):
            raise InputError(str(source), None, f"ไฟล์นี้บันทึกไว้ใน {code} แล้ว ({target})",
                             "ไม่ต้องเพิ่มซ้ำ ถ้าเป็นฉบับแก้ไขให้แก้ชื่อไฟล์หรือเนื้อหาก่อน")
    elif request.url is not None:
        kind, target = "url", _check_url(request.url)
        if _already_recorded(site, code, kind, target):
            raise InputError("--url", None, f"ลิงก์นี้บันทึกไว้ใน {code} แล้ว", "ไม่ต้องเพิ่มซ้ำ")
    else:
        assert request.page is not None
        kind, target = "page", _check_page(site, request.page)
        if _already_recorded(site, code, kind, target):
            raise InputError("--page", None, f"หน้านี้บันทึกไว้ใน {code} แล้ว", "ไม่ต้องเพิ่มซ้ำ")

    document = IndicatorsDocument.open(site.config_path, CONFIG_NAME)
    if document.was_legacy_thai:
        warnings.append(f"{CONFIG_NAME}: บันทึกใหม่เป็น UTF-8 แล้ว (เดิมเป็นรหัสอักษรไทยแบบเก่า TIS-620/Windows-874)"
                        " — เปิดด้วย Notepad ได้ตามปกติ")
    fields = {"title": title, kind: target, "month": month, "date": doc_date,
              "note": " ".join(request.note.split()) if request.note else None,
              "division": " ".join(request.division.split()) if request.division else None}
    dest = site.content_dir / target if kind == "file" else None
    try:
        if dest is not None and copied:
            # Remember which folders we create, to remove them again on rollback.
            for parent in reversed(dest.parents):
                if not parent.exists() and parent.is_relative_to(site.content_dir):
                    created_dirs.append(parent)
            dest.parent.mkdir(parents=True, exist_ok=True)
            _copy_new(Path(request.file), dest)  # type: ignore[arg-type]
        document.append_document(code, fields)
        document.save()
        new_site = load_site(root, as_of=today)
    except BaseException as exc:
        # Undo in reverse order; the original bytes of indicators.yml go back verbatim.
        document.restore()
        if dest is not None and copied:
            dest.unlink(missing_ok=True)
            for folder in reversed(created_dirs):
                with contextlib.suppress(OSError):
                    folder.rmdir()
        if isinstance(exc, InputError | InputErrors):
            errors = exc.errors if isinstance(exc, InputErrors) else [exc]
            raise InputErrors([*errors, InputError(CONFIG_NAME, None, "ยกเลิกการเพิ่มเอกสาร ไม่มีไฟล์ใดถูกเปลี่ยน")]) from None
        raise
    return AddResult(new_site, code, target, kind, copied, warnings)
