"""security_headers.html_files and template_files: the pages and templates rglob would find, in its order."""

from __future__ import annotations

import os
from pathlib import Path

import material

from oit.build.security_headers import html_files, template_files


def _tree(top: Path) -> None:
    names = [
        "index.html", "a.html", "A.html", ".html", "x.htm", "page.HTML", "b-c/index.html",
        "b/c.html", "b/index.html", "b.c/d.html", "b0/e.html", "ita/o1.html", "ita/2569/o1.html",
        "ita-2568/o1.html", "ไทย/หน้า.html", "assets/x.pdf", "deep/1/2/3/4/z.html",
    ]
    for name in names:
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<p>x</p>", encoding="utf-8")
    (top / "folder.html").mkdir()  # a folder, not a page
    (top / "folder.html" / "inner.html").write_text("x", encoding="utf-8")
    os.symlink(top / "b", top / "linked")  # a symlinked folder is not entered, as rglob
    os.symlink(top / "a.html", top / "alias.html")  # a symlinked page is a page
    os.symlink(top / "missing.html", top / "broken.html")


def test_same_files_and_order_as_rglob(tmp_path: Path) -> None:
    _tree(tmp_path)
    expected = [p for p in sorted(tmp_path.rglob("*.html")) if not p.is_dir()]
    assert html_files(tmp_path) == expected
    assert tmp_path / "linked" / "c.html" not in expected


def test_material_templates_as_rglob() -> None:
    templates = Path(material.__file__).parent / "templates"
    found = html_files(templates)
    assert len(found) > 50
    assert found == sorted(templates.rglob("*.html"))


def test_missing_folder_has_no_pages(tmp_path: Path) -> None:
    assert html_files(tmp_path / "nothing") == []


def test_templates_are_found_outside_hidden_folders(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / ".icons" / "set").mkdir(parents=True)
    (tmp_path / ".icons" / "set" / "hidden.html").write_text("x", encoding="utf-8")
    (tmp_path / "b" / ".cache").mkdir()
    (tmp_path / "b" / ".cache" / "page.html").write_text("x", encoding="utf-8")
    hidden = [tmp_path / ".icons" / "set" / "hidden.html", tmp_path / "b" / ".cache" / "page.html"]
    assert all(path in html_files(tmp_path) for path in hidden)
    assert template_files(tmp_path) == [p for p in html_files(tmp_path) if p not in hidden]
    assert tmp_path / ".html" in template_files(tmp_path)  # a hidden file is still a page


def test_material_keeps_no_template_in_a_hidden_folder() -> None:
    """What template_files leaves out of Material's folder (its .icons) holds no template."""
    templates = Path(material.__file__).parent / "templates"
    assert (templates / ".icons").is_dir()
    assert template_files(templates) == html_files(templates)
