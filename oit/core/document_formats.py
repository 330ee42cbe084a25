"""Is a document file really what its name says? Shared by ``oit add`` and ``oit check``.

An assessor who opens a document that does not open scores the item zero, and the
officer rarely notices: a browser "Save as" on a download page stores the HTML page as
``รายงาน.pdf``; a Word file renamed from ``.doc``, or cut short by a network share, is
not a ``.docx``. So both the command that accepts a file and the checker that judges the
site ask the same question here, from the bytes:

* a PDF opens with qpdf (pikepdf) *without* its silent repair (with recovery on, a
  truncated 3-page file opens as a 1-page file and looks fine), after a cheap structural
  pre-check (``%PDF-`` header, ``%%EOF`` near the end); one with no font on any page is a
  scan without a text layer: a warning, since the document is there but citizens cannot
  search it;
* an image or archive (``.jpg``, ``.png``, ``.zip`` …) that starts with markup is an HTML
  page (a login or error page) saved under the document's name;
* an Office Open XML or OpenDocument file is a ZIP archive (opened with :mod:`zipfile`,
  every member's checksum verified) holding its main part (``word/document.xml`` for
  ``.docx``, ``xl/workbook.xml`` for ``.xlsx`` …).

Messages are Thai and name the file as ``shown`` (or say "ไฟล์นี้" when ``shown`` is empty,
for a message that already starts with the file's name).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

__all__ = ["MAIN_PARTS", "NO_TEXT", "FormatVerdict", "inspect_format", "read_ends"]

# PDF header may sit anywhere in the first 1 KiB (ISO 32000-1 §7.5.2, readers tolerate junk
# before it); "%%EOF" must be near the end but writers append a few bytes of whitespace or
# garbage after it, so look at the last 1 KiB rather than the very last bytes.
_HEAD_BYTES = 1024
_TAIL_BYTES = 1024
# The part without which the office program cannot open the file (ECMA-376, ODF 1.2).
MAIN_PARTS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
    ".odt": "content.xml",
    ".ods": "content.xml",
    ".odp": "content.xml",
}
_PROGRAMS = {".docx": "Word", ".xlsx": "Excel", ".pptx": "PowerPoint", ".odt": "LibreOffice Writer",
             ".ods": "LibreOffice Calc", ".odp": "LibreOffice Impress"}
# OLE2 compound file: the old .doc/.xls format, and also how Office wraps an encrypted .docx.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The directory naming EncryptionInfo sits near the start of the small files we meet.
_OLE2_SCAN_BYTES = 4 * 1024 * 1024
# Bounds on what is unpacked to judge a package (a real _rels/.rels is under 1 KiB).
_MAX_RELS_BYTES = 64 * 1024
_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# Binary formats that are never markup: one that starts with "<" is an error page saved
# under the document's name (.doc and .xls are not here: Word and Excel open HTML saved so).
_BINARY_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".zip", ".rar", ".7z"}
# Don't walk unboundedly deep into nested form XObjects looking for a font.
_MAX_XOBJECT_DEPTH = 3

NO_TEXT = "เอกสารเป็นภาพสแกน ประชาชนค้นหาข้อความไม่ได้"


@dataclass(frozen=True)
class FormatVerdict:
    """What the bytes say: ``broken`` (Thai, why it does not open) or a warning, and the page count."""

    kind: str | None = None  # "pdf_broken", "file_broken", "pdf_no_text" or None
    message: str = ""
    pages: int | None = None
    is_pdf: bool = False
    saved_page: bool = False  # the bytes are an HTML page (a download page saved instead of the file)

    @property
    def broken(self) -> bool:
        """True when readers cannot open the file at all."""
        return self.kind in ("pdf_broken", "file_broken")


def read_ends(path: Path, size: int) -> tuple[bytes, bytes]:
    """The first and last KiB of a file (the whole file when it is smaller)."""
    with open(path, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
        if size <= _HEAD_BYTES:
            return head, head
        handle.seek(max(0, size - _TAIL_BYTES))
        return head, handle.read(_TAIL_BYTES)


def _has_font(resources: object, depth: int = 0) -> bool:
    """Whether a resource dictionary (or a form XObject inside it) names any font."""
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary):
        return False
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary) and len(fonts.keys()) > 0:
        return True
    if depth >= _MAX_XOBJECT_DEPTH:
        return False
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return False
    for _name, xobj in xobjects.items():
        # Text is often wrapped in a form XObject (templates, stamped pages).
        if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form" \
                and _has_font(xobj.get("/Resources"), depth + 1):
            return True
    return False


def _ref(prefix: str, shown: str) -> str:
    """"ไฟล์ files/a.pdf", or "ไฟล์นี้" when the caller names the file itself (``shown=""``)."""
    if shown:
        return f"{prefix} {shown}"
    return f"{prefix} นี้" if prefix[-1].isascii() else f"{prefix}นี้"


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(b"<")  # <!DOCTYPE html>, <html>, <?xml …>: markup, not a document


def _pdf(path: Path, head: bytes, tail: bytes, shown: str) -> FormatVerdict:
    import pikepdf

    def broken(reason: str) -> FormatVerdict:
        return FormatVerdict("pdf_broken", f"{_ref('ไฟล์ PDF', shown)} เปิดไม่ได้: {reason}", is_pdf=True)

    if b"%PDF-" not in head:
        if _looks_like_html(head):
            return FormatVerdict("pdf_broken", f"{_ref('ไฟล์', shown)} ใช้นามสกุล .pdf แต่เป็นหน้าเว็บ (HTML) ไม่ใช่ไฟล์ PDF"
                                               " (มักเกิดจากบันทึกหน้าดาวน์โหลดแทนตัวไฟล์)", is_pdf=True,
                                 saved_page=True)
        return FormatVerdict("pdf_broken", f"{_ref('ไฟล์', shown)} ใช้นามสกุล .pdf แต่ไม่ใช่ไฟล์ PDF (ไม่มีส่วนหัว %PDF-)",
                             is_pdf=True)
    if b"%%EOF" not in tail:
        return FormatVerdict("pdf_broken", f"{_ref('ไฟล์ PDF', shown)} ไม่สมบูรณ์ (ไม่มี %%EOF ท้ายไฟล์ "
                                           "อาจอัปโหลดหรือคัดลอกไม่ครบ)", is_pdf=True)
    try:
        with pikepdf.open(path, attempt_recovery=False) as pdf:
            pages = len(pdf.pages)
            if pages < 1:
                return broken("ไม่มีหน้าเอกสาร")
            # One page with a font is enough: a scanned annex inside a typed report is fine.
            has_text = any(_has_font(page.obj.get("/Resources")) for page in pdf.pages)
    except pikepdf.PasswordError:
        return broken("ตั้งรหัสผ่านไว้ ประชาชนและผู้ประเมินเปิดอ่านไม่ได้")
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        detail = " ".join(str(exc).split())[:160]
        return broken(f"ไฟล์เสียหายหรือไม่สมบูรณ์ ({detail})" if detail else "ไฟล์เสียหายหรือไม่สมบูรณ์")
    if not has_text:
        return FormatVerdict("pdf_no_text", f"{NO_TEXT} ({shown})" if shown else NO_TEXT, pages, is_pdf=True)
    return FormatVerdict(pages=pages, is_pdf=True)


def _main_part(archive: zipfile.ZipFile, suffix: str) -> str:
    """The part the program opens first: the package's officeDocument relationship (OPC,
    ECMA-376 part 2), or the conventional name when there is no ``_rels/.rels`` (ODF)."""
    try:
        if archive.getinfo("_rels/.rels").file_size > _MAX_RELS_BYTES:
            return MAIN_PARTS[suffix]
        rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    except (KeyError, ElementTree.ParseError):
        return MAIN_PARTS[suffix]
    for rel in rels:
        if rel.get("Type", "").endswith("/officeDocument") and rel.get("Target"):
            return rel.get("Target", "").lstrip("/")
    return MAIN_PARTS[suffix]


def _ole2_encrypted(path: Path) -> bool:
    """Whether an OLE2 container is an encrypted Office Open XML file (its ``EncryptionInfo``
    stream, named in UTF-16 in the directory), as Word and Excel save a password-protected file."""
    with open(path, "rb") as handle:
        data = handle.read(_OLE2_SCAN_BYTES)
    return "EncryptionInfo".encode("utf-16-le") in data


def _office(path: Path, suffix: str, head: bytes, shown: str) -> FormatVerdict:
    kind = suffix.lstrip(".").upper()
    program = _PROGRAMS[suffix]

    def broken(reason: str, *, saved_page: bool = False) -> FormatVerdict:
        return FormatVerdict("file_broken",
                             f"{_ref('ไฟล์', shown)} ไม่ใช่ไฟล์ {kind} ที่ถูกต้อง ({reason}) เปิดด้วย {program} ไม่ได้",
                             saved_page=saved_page)

    if _looks_like_html(head):
        return broken("เป็นหน้าเว็บ (HTML)", saved_page=True)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            main = _main_part(archive, suffix)
            if main not in names:
                return broken(f"ไม่มีส่วนเนื้อหาหลัก {main}")
            # Every member's CRC: a cut-short copy fails here. Not for a package that unpacks to
            # more than _MAX_UNPACKED_BYTES (a zip bomb would keep the check busy for minutes).
            unpacked = sum(info.file_size for info in archive.infolist())
            damaged = archive.testzip() if unpacked <= _MAX_UNPACKED_BYTES else None
    except zipfile.BadZipFile:
        if head.startswith(_OLE2_MAGIC):
            if _ole2_encrypted(path):
                return FormatVerdict("file_broken", f"{_ref('ไฟล์', shown)} ตั้งรหัสผ่านไว้"
                                                    " ประชาชนและผู้ประเมินเปิดอ่านไม่ได้")
            # The old binary .doc/.xls format under a new name.
            return broken(f"เป็นไฟล์รุ่นเก่า (.{kind[:3].lower()}) ที่เปลี่ยนนามสกุล")
        return broken("ไม่ใช่ไฟล์ ZIP ของเอกสาร Office")
    except (OSError, RuntimeError, ValueError, NotImplementedError, EOFError) as exc:
        return broken(f"ไฟล์เสียหาย: {exc}")
    if damaged is not None:
        return broken(f"ไฟล์เสียหายที่ {damaged} อาจคัดลอกไม่ครบ")
    return FormatVerdict()


def inspect_format(path: Path, shown: str, *, size: int | None = None) -> FormatVerdict:
    """Judge a non-empty file by its extension and bytes; ``OSError`` if it cannot be read."""
    suffix = path.suffix.lower()
    head, tail = read_ends(path, size if size is not None else path.stat().st_size)
    if suffix == ".pdf" or head.lstrip().startswith(b"%PDF-"):
        return _pdf(path, head, tail, shown)
    if suffix in MAIN_PARTS:
        return _office(path, suffix, head, shown)
    if suffix in _BINARY_SUFFIXES and _looks_like_html(head):
        return FormatVerdict("file_broken", f"{_ref('ไฟล์', shown)} ใช้นามสกุล {suffix} แต่เป็นหน้าเว็บ (HTML)"
                                            f" ไม่ใช่ไฟล์ {suffix.lstrip('.').upper()} (มักเกิดจากบันทึกหน้าดาวน์โหลดแทนตัวไฟล์)",
                             saved_page=True)
    return FormatVerdict()
