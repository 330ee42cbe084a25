"""Local documents: is every ``file:`` and ``page:`` there, non-empty and (for PDFs) sound?

An assessor who opens a truncated or empty PDF scores the whole item zero, so the
checker opens every PDF with qpdf (pikepdf) *without* its silent repair: with recovery
on, a truncated 3-page file opens as a 1-page file and looks fine. A cheap structural
pre-check (``%PDF-`` header, ``%%EOF`` near the end) rejects most broken files before
the parser runs, and parsed results are cached by (path, size, mtime) so re-checking
2,600 unchanged documents costs a ``stat`` each.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from oit.indicators import Document, Site, resolve_content_path
from site_checks.rules import DocKey, Problem, doc_key

__all__ = [
    "FileCheck",
    "check_document_file",
    "check_documents",
    "clear_cache",
]

# PDF header may sit anywhere in the first 1 KiB (ISO 32000-1 §7.5.2, readers tolerate junk
# before it); "%%EOF" must be near the end but writers append a few bytes of whitespace or
# garbage after it, so look at the last 1 KiB rather than the very last bytes.
_HEAD_BYTES = 1024
_TAIL_BYTES = 1024
# Office Open XML (docx/xlsx/pptx) and OpenDocument files are ZIP archives.
_ZIP_SUFFIXES = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}
_ZIP_MAGIC = b"PK\x03\x04"
# Don't walk unboundedly deep into nested form XObjects looking for a font.
_MAX_XOBJECT_DEPTH = 3

MSG_NO_TEXT = "เอกสารเป็นภาพสแกน ประชาชนค้นหาข้อความไม่ได้"


@dataclass(frozen=True)
class FileCheck:
    """What was found about one local file: its size, PDF page count and problems."""

    path: Path
    size: int | None
    pages: int | None = None
    is_pdf: bool = False
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when nothing error-level was found (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)


# (resolved path, size, mtime_ns) -> (pages, problems); PDF parsing is the only costly
# step, and a file whose size and mtime are unchanged has the same verdict.
_PdfVerdict = tuple[int | None, tuple[Problem, ...]]
_PDF_CACHE: dict[tuple[str, int, int], _PdfVerdict] = {}
_CACHE_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget cached PDF verdicts (tests; long-running processes after bulk edits)."""
    with _CACHE_LOCK:
        _PDF_CACHE.clear()


def _read_ends(path: Path, size: int) -> tuple[bytes, bytes]:
    with path.open("rb") as handle:
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


def _check_pdf(path: Path, shown: str, title: str | None) -> _PdfVerdict:
    """Parse a PDF strictly; return (page count, problems). Assumes the pre-check passed."""
    import pikepdf

    def broken(reason: str) -> _PdfVerdict:
        return None, (Problem("pdf_broken", f"ไฟล์ PDF {shown} เปิดไม่ได้: {reason}", document=title),)

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
        return pages, (Problem("pdf_no_text", f"{MSG_NO_TEXT} ({shown})", severity="warning", document=title),)
    return pages, ()


def check_document_file(path: Path, *, shown: str | None = None, title: str | None = None) -> FileCheck:
    """Check one local file: exists, not empty, and a sound PDF with text if it is a PDF.

    ``shown`` is how messages name the file (the path as written in indicators.yml);
    ``title`` goes into each problem's ``document`` field.
    """
    shown = shown or str(path)
    try:
        stat = path.stat()
    except OSError:
        return FileCheck(path, None, problems=(Problem("missing_file", f"ไม่พบไฟล์ {shown}", document=title),))
    if not path.is_file():
        return FileCheck(path, None, problems=(Problem("missing_file", f"{shown} ไม่ใช่ไฟล์", document=title),))
    size = stat.st_size
    if size == 0:
        return FileCheck(path, 0, problems=(
            Problem("empty_file", f"ไฟล์ {shown} ว่างเปล่า (0 ไบต์) ผู้ประเมินเปิดแล้วไม่พบข้อมูล", document=title),))
    try:
        head, tail = _read_ends(path, size)
    except OSError as exc:
        return FileCheck(path, size, problems=(
            Problem("unreadable_file", f"อ่านไฟล์ {shown} ไม่ได้: {exc.strerror or exc}", document=title),))

    suffix = path.suffix.lower()
    is_pdf = suffix == ".pdf" or head.lstrip().startswith(b"%PDF-")
    if not is_pdf:
        if suffix in _ZIP_SUFFIXES and not head.startswith(_ZIP_MAGIC):
            return FileCheck(path, size, problems=(Problem(
                "file_broken", f"ไฟล์ {shown} ไม่ใช่ไฟล์ {suffix.lstrip('.').upper()} ที่ถูกต้อง เปิดด้วยโปรแกรมไม่ได้",
                document=title),))
        return FileCheck(path, size)

    if b"%PDF-" not in head:
        return FileCheck(path, size, is_pdf=True, problems=(Problem(
            "pdf_broken", f"ไฟล์ {shown} ใช้นามสกุล .pdf แต่ไม่ใช่ไฟล์ PDF (ไม่มีส่วนหัว %PDF-)", document=title),))
    if b"%%EOF" not in tail:
        return FileCheck(path, size, is_pdf=True, problems=(Problem(
            "pdf_broken", f"ไฟล์ PDF {shown} ไม่สมบูรณ์ (ไม่มี %%EOF ท้ายไฟล์ อาจอัปโหลดหรือคัดลอกไม่ครบ)",
            document=title),))

    key = (str(path), size, stat.st_mtime_ns)
    with _CACHE_LOCK:
        cached = _PDF_CACHE.get(key)
    if cached is None:
        cached = _check_pdf(path, shown, title)
        with _CACHE_LOCK:
            _PDF_CACHE[key] = cached
    pages, problems = cached
    # The cache key is the file, but messages carry the document's title; re-label them
    # when the same file answers two items under different titles.
    if problems and problems[0].document != title:
        problems = tuple(Problem(p.kind, p.message, p.severity, p.month, title, p.url) for p in problems)
    return FileCheck(path, size, pages=pages, is_pdf=True, problems=problems)


def _local_documents(site: Site) -> dict[DocKey, Document]:
    """Each distinct local document (file or page) once, first occurrence wins."""
    docs: dict[DocKey, Document] = {}
    for record in site.items.values():
        for doc in record.documents:
            if doc.kind in ("file", "page"):
                docs.setdefault(doc_key(doc), doc)
    return docs


def _check_one(site: Site, doc: Document) -> FileCheck:
    # load_site already refused paths outside content/, but the file may have changed
    # since (or a symlink been swapped), so resolve again before opening anything.
    path, problem = resolve_content_path(site.content_dir, doc.target)
    if path is None:
        return FileCheck(site.file_path(doc), None, problems=(
            Problem("missing_file", f"{doc.kind} '{doc.target}': {problem}", document=doc.title),))
    return check_document_file(path, shown=doc.target, title=doc.title)


def check_documents(
    site: Site, docs: Iterable[Document] | None = None, *, workers: int | None = None,
) -> tuple[dict[DocKey, list[Problem]], dict[DocKey, FileCheck]]:
    """Check every local document of a site.

    Returns (problems by ``doc_key`` for ``rules.evaluate_item``, every file's check).
    qpdf releases the GIL while parsing, so a small thread pool helps on cold caches.
    """
    wanted = _local_documents(site) if docs is None else {doc_key(d): d for d in docs if d.kind != "url"}
    if not wanted:
        return {}, {}
    keys = list(wanted)
    if workers is None:
        workers = min(8, os.cpu_count() or 1)
    if workers <= 1 or len(keys) < 64:
        checks = [_check_one(site, wanted[k]) for k in keys]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            checks = list(pool.map(lambda k: _check_one(site, wanted[k]), keys))
    results = dict(zip(keys, checks, strict=True))
    problems = {k: list(c.problems) for k, c in results.items() if c.problems}
    return problems, results
