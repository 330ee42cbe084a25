"""Local documents: is every ``file:`` and ``page:`` there, non-empty and really what it says?

An assessor who opens a truncated, empty or fake document scores the whole item zero.
Whether the bytes are a sound PDF (or Word, Excel … file) is judged by
``oit.core.document_formats``, the same judge ``oit add`` asks before accepting a file;
verdicts are cached by (path, size, mtime) so re-checking 2,600 unchanged documents
costs a ``stat`` each.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from oit.core.document_formats import NO_TEXT, inspect_format
from oit.core.indicators import Document, Site
from oit.core.rules import DocKey, Problem, doc_key

__all__ = [
    "FileCheck",
    "check_document_file",
    "check_documents",
    "clear_cache",
]

MSG_NO_TEXT = NO_TEXT


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


# (resolved path, size, mtime_ns) -> (pages, problems, is_pdf); parsing PDFs and reading
# Office archives is the only costly step, and a file whose size and mtime are unchanged
# has the same verdict.
_PdfVerdict = tuple[int | None, tuple[Problem, ...], bool]
_PDF_CACHE: dict[tuple[str, int, int], _PdfVerdict] = {}
_CACHE_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget cached PDF verdicts (tests; long-running processes after bulk edits)."""
    with _CACHE_LOCK:
        _PDF_CACHE.clear()


def _relabel(problems: tuple[Problem, ...], title: str | None) -> tuple[Problem, ...]:
    # The cache key is the file, but problems carry the document's title; re-label them
    # when the same file answers two items under different titles.
    if problems and problems[0].document != title:
        return tuple(Problem(p.kind, p.message, p.severity, p.month, title, p.url) for p in problems)
    return problems


def check_document_file(path: Path, *, shown: str | None = None, title: str | None = None) -> FileCheck:
    """Check one local file: exists, not empty, and a sound PDF with text if it is a PDF.

    ``shown`` is how messages name the file (the path as written in indicators.yml);
    ``title`` goes into each problem's ``document`` field.
    """
    shown = shown or str(path)
    try:
        info = os.stat(path)
    except OSError:
        return FileCheck(path, None, problems=(Problem("missing_file", f"ไม่พบไฟล์ {shown}", document=title),))
    if not stat.S_ISREG(info.st_mode):
        return FileCheck(path, None, problems=(Problem("missing_file", f"{shown} ไม่ใช่ไฟล์", document=title),))
    size = info.st_size
    if size == 0:
        return FileCheck(path, 0, problems=(
            Problem("empty_file", f"ไฟล์ {shown} ว่างเปล่า (0 ไบต์) ผู้ประเมินเปิดแล้วไม่พบข้อมูล", document=title),))
    key = (str(path), size, info.st_mtime_ns)
    # A warm re-run costs one stat per unchanged file: no read, no parse.
    with _CACHE_LOCK:
        cached = _PDF_CACHE.get(key)
    if cached is None:
        try:
            verdict = inspect_format(path, shown, size=size)
        except OSError as exc:
            return FileCheck(path, size, problems=(
                Problem("unreadable_file", f"อ่านไฟล์ {shown} ไม่ได้: {exc.strerror or exc}", document=title),))
        problems = (Problem(verdict.kind, verdict.message, severity="error" if verdict.broken else "warning",
                            document=title),) if verdict.kind else ()
        cached = (verdict.pages, problems, verdict.is_pdf)
        with _CACHE_LOCK:
            _PDF_CACHE[key] = cached
    return FileCheck(path, size, pages=cached[0], is_pdf=cached[2], problems=_relabel(cached[1], title))


def _local_documents(site: Site) -> dict[DocKey, Document]:
    """Each distinct local document (file or page) once, first occurrence wins."""
    docs: dict[DocKey, Document] = {}
    for record in site.items.values():
        for doc in record.documents:
            if doc.kind in ("file", "page"):
                docs.setdefault(doc_key(doc), doc)
    return docs


def _check_one(site: Site, doc: Document) -> FileCheck:
    # load_site has just refused paths that leave content/ (absolute, "..", symlinks out),
    # so the path is used as is; resolving it again would double the cost of a warm run.
    return check_document_file(site.file_path(doc), shown=doc.target, title=doc.title)


def check_documents(
    site: Site, docs: Iterable[Document] | None = None,
) -> tuple[dict[DocKey, list[Problem]], dict[DocKey, FileCheck]]:
    """Check every local document of a site (or just ``docs``).

    Returns (problems by ``doc_key`` for ``rules.evaluate_item``, every file's check).
    Serial on purpose: measured on 2,600 small PDFs, a thread pool was slower (0.3 s
    serial vs 0.6-0.8 s with 2-8 threads on 2 cores): parsing small files is not the cost.
    """
    wanted = _local_documents(site) if docs is None else {doc_key(d): d for d in docs if d.kind != "url"}
    results = {key: _check_one(site, doc) for key, doc in wanted.items()}
    problems = {key: list(check.problems) for key, check in results.items() if check.problems}
    return problems, results
