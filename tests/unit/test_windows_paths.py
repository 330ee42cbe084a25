"""What breaks only on Windows, held on any machine: separators, letter case, reserved names.

Many อบต. offices run Windows (docs/windows.md). These rules are pure functions of their
strings, so they are tested with Windows' own path forms wherever the suite runs.
"""

from __future__ import annotations

import ntpath
import posixpath

import pytest

from oit.core.indicators import is_inside
from oit.core.slugs import safe_filename

DESKTOP = "C:\\Users\\เจ้าหน้าที่\\Desktop\\เว็บ อบต"


def test_a_document_under_content_is_inside_on_windows() -> None:
    # what the loader compares there: realpath of the folder ("\\") with "/" and the name after it
    content = ntpath.join(DESKTOP, "content")
    document = content + "\\files\\2570/o1/โครงสร้าง.pdf"
    # the old comparison (a "/" after the folder) refused every file of every Windows site
    assert not document.startswith(content.rstrip("/") + "/")
    assert is_inside(document, content, sep="\\")
    assert is_inside(content, content, sep="\\")
    # letters typed in another case are the same folder on Windows
    assert is_inside(document.replace("C:\\Users", "c:\\users"), content, sep="\\")


def test_a_neighbour_folder_is_not_inside() -> None:
    content = ntpath.join(DESKTOP, "content")
    assert not is_inside(ntpath.join(DESKTOP, "content-old", "x.pdf"), content, sep="\\")
    assert not is_inside(ntpath.join(DESKTOP, "secret.pdf"), content, sep="\\")
    # POSIX keeps its plain, case-sensitive comparison
    assert is_inside(posixpath.join("/srv/site/content", "files/a.pdf"), "/srv/site/content", sep="/")
    assert not is_inside("/srv/site/Content/a.pdf", "/srv/site/content", sep="/")
    assert not is_inside("/srv/site/content2/a.pdf", "/srv/site/content", sep="/")


@pytest.mark.parametrize(("name", "expected"), [
    ("con.pdf", "con-file.pdf"),
    ("NUL.PDF", "nul-file.pdf"),
    ("com1.docx", "com1-file.docx"),
    ("aux", "aux-file"),
    ("โครงสร้าง องค์กร.pdf", "โครงสร้าง-องค์กร.pdf"),
    ("console.pdf", "console.pdf"),
])
def test_file_names_windows_cannot_create_are_renamed(name: str, expected: str) -> None:
    assert safe_filename(name) == expected
