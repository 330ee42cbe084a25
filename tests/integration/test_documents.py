"""Local documents on disk: empty, truncated, fake and scanned PDFs, and the PDF cache."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from oit.checker import documents
from oit.checker.check import CheckOptions, run_check
from oit.checker.documents import check_document_file, check_documents
from oit.core.indicators import load_site
from tests.support.sites import AS_OF, passing_items, pdf_bytes, write_pdf, write_site


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    documents.clear_cache()
    yield
    documents.clear_cache()


def kinds(check: documents.FileCheck) -> list[tuple[str, str]]:
    return [(p.kind, p.severity) for p in check.problems]


def test_good_pdf_passes_and_records_size_and_pages(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "good.pdf", pages=3)
    check = check_document_file(path)
    assert check.problems == ()
    assert check.ok
    assert check.is_pdf
    assert check.pages == 3
    assert check.size == path.stat().st_size > 0


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    check = check_document_file(path, shown="files/empty.pdf", title="แผน")
    assert kinds(check) == [("empty_file", "error")]
    assert check.size == 0
    assert "files/empty.pdf" in check.problems[0].message
    assert check.problems[0].document == "แผน"


def test_empty_non_pdf_file_is_an_error_too(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    assert kinds(check_document_file(path)) == [("empty_file", "error")]


def test_truncated_pdf_is_broken(tmp_path: Path) -> None:
    data = pdf_bytes(pages=3)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])  # an interrupted upload
    check = check_document_file(path)
    assert kinds(check) == [("pdf_broken", "error")]
    assert "%%EOF" in check.problems[0].message


def test_pdf_with_damaged_body_but_intact_tail_is_broken(tmp_path: Path) -> None:
    # The cheap pre-check passes (header and %%EOF are there); only the strict parser,
    # with qpdf's silent repair turned off, notices that the cross-reference table lies.
    data = pdf_bytes(pages=3)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[:200] + data[len(data) // 2:])
    check = check_document_file(path)
    assert kinds(check) == [("pdf_broken", "error")]


def test_not_a_pdf_with_pdf_name_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    check = check_document_file(path)
    assert kinds(check) == [("pdf_broken", "error")]
    assert "ไม่ใช่ไฟล์ PDF" in check.problems[0].message


def test_pdf_content_under_another_name_is_checked_as_pdf(tmp_path: Path) -> None:
    data = pdf_bytes()
    path = tmp_path / "download.bin"
    path.write_bytes(data[: len(data) - 40])
    check = check_document_file(path)
    assert check.is_pdf
    assert kinds(check) == [("pdf_broken", "error")]


def test_scanned_pdf_is_a_warning(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", pages=2, text=False)
    check = check_document_file(path, shown="files/scan.pdf")
    assert kinds(check) == [("pdf_no_text", "warning")]
    assert check.ok  # a warning does not fail the document
    assert "เอกสารเป็นภาพสแกน ประชาชนค้นหาข้อความไม่ได้" in check.problems[0].message
    assert check.pages == 2


def test_password_protected_pdf_is_broken(tmp_path: Path) -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    path = tmp_path / "locked.pdf"
    path.write_bytes(out.getvalue())
    check = check_document_file(path)
    assert kinds(check) == [("pdf_broken", "error")]
    assert "รหัสผ่าน" in check.problems[0].message


def test_office_file_that_is_not_a_zip_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("not really a spreadsheet", encoding="utf-8")
    assert kinds(check_document_file(path)) == [("file_broken", "error")]


def test_other_files_only_need_to_exist_and_not_be_empty(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 jpeg-ish")
    check = check_document_file(path)
    assert check.problems == ()
    assert not check.is_pdf


def test_missing_file(tmp_path: Path) -> None:
    assert kinds(check_document_file(tmp_path / "gone.pdf")) == [("missing_file", "error")]


def test_pdf_results_are_cached_until_the_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_pdf(tmp_path / "a.pdf")
    assert check_document_file(path).ok
    calls = []
    real_open = pikepdf.open

    def counting_open(*args: object, **kwargs: object) -> pikepdf.Pdf:
        calls.append(args)
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pikepdf, "open", counting_open)
    assert check_document_file(path).ok
    assert calls == []  # unchanged: answered from the cache

    write_pdf(path, pages=2, text=False)  # new size, new verdict
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    check = check_document_file(path)
    assert len(calls) == 1
    assert kinds(check) == [("pdf_no_text", "warning")]


def test_check_documents_keys_problems_by_document(tmp_path: Path) -> None:
    items, files = passing_items()
    files["files/o1/o1.pdf"] = b""
    files["files/o2/o2.pdf"] = pdf_bytes(text=False)
    write_site(tmp_path, items, files=files)
    site = load_site(tmp_path, as_of=AS_OF)
    problems, checks = check_documents(site)
    assert [p.kind for p in problems[("file", "files/o1/o1.pdf")]] == ["empty_file"]
    assert [p.kind for p in problems[("file", "files/o2/o2.pdf")]] == ["pdf_no_text"]
    assert ("file", "files/o3/o3.pdf") not in problems
    assert ("page", "channels/o3.md") in checks
    assert all(check.size for key, check in checks.items() if key != ("file", "files/o1/o1.pdf"))


def test_same_file_in_two_items_is_checked_once_and_named_by_each_title(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", text=False)
    first = check_document_file(path, title="แผนที่")
    second = check_document_file(path, title="แผนผัง")
    assert [p.document for p in first.problems] == ["แผนที่"]
    assert [p.document for p in second.problems] == ["แผนผัง"]


def test_cached_broken_pdf_stays_broken(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("not a pdf", encoding="utf-8")
    assert kinds(check_document_file(path)) == [("pdf_broken", "error")]
    assert kinds(check_document_file(path)) == [("pdf_broken", "error")]


def test_empty_file_makes_its_item_broken_in_the_report(tmp_path: Path) -> None:
    items, files = passing_items()
    files["files/o1/o1.pdf"] = b""
    write_site(tmp_path, items, files=files)
    report = run_check(CheckOptions(site=tmp_path, as_of=AS_OF, offline=True))
    o1 = next(item for item in report.items if item.code == "o1")
    assert o1.status == "broken"
    assert [p.kind for p in o1.problems] == ["empty_file"]
    entry = next(d for d in report.documents if d.path == "files/o1/o1.pdf")
    assert entry.size == 0 and not entry.ok and entry.items == ["o1"]
