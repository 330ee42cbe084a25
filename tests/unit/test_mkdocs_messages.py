"""mkdocs' warnings in Thai, with the file and line to fix (oit build)."""

from __future__ import annotations

from pathlib import Path

from oit.build.mkdocs_messages import explain_mkdocs


def _site(tmp_path: Path) -> Path:
    (tmp_path / "content" / "about").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nnav:\n  - หน้าแรก: index.md\n  - about/structur.md\nunknown_key: 1\n", encoding="utf-8"
    )
    (tmp_path / "content" / "index.md").write_text("# x\n\nดู [โครงสร้าง](about/x.md)\n", encoding="utf-8")
    return tmp_path


def test_known_warnings_are_thai_with_lines(tmp_path: Path) -> None:
    root = _site(tmp_path)
    log = (
        "WARNING -  A reference to 'about/structur.md' is included in the 'nav' configuration, which is not found"
        " in the documentation files.\n"
        "WARNING -  Doc file 'index.md' contains a link 'about/x.md', but the target is not found among"
        " documentation files.\n"
        "WARNING -  Config value 'unknown_key': Unrecognised configuration name: unknown_key\n"
        "WARNING -  Config value 'theme': The path set in custom_dir ('/x/overrides') does not exist.\n"
    )
    assert explain_mkdocs(log, root).splitlines() == [
        "mkdocs.yml:4: เมนู (nav) อ้างถึงหน้า 'about/structur.md' แต่ไม่มีไฟล์ content/about/structur.md"
        " — วิธีแก้: แก้ชื่อใน nav ของ mkdocs.yml ให้ตรงกับไฟล์ หรือสร้างหน้านั้น",
        "content/index.md:3: ลิงก์ไป 'about/x.md' ไม่พบหน้านั้นในเว็บไซต์"
        " — วิธีแก้: แก้ลิงก์ให้ชี้ไปยังหน้าที่มีอยู่ (เทียบกับโฟลเดอร์ของหน้านี้) หรือลบลิงก์ออก",
        "mkdocs.yml:5: ไม่รู้จักการตั้งค่า 'unknown_key' — วิธีแก้: ตรวจการสะกด หรือลบบรรทัดนี้ออก",
        "mkdocs.yml: ค่าของการตั้งค่า 'theme' ไม่ถูกต้อง"
        " (mkdocs แจ้งเป็นภาษาอังกฤษ: The path set in custom_dir ('/x/overrides') does not exist.)",
    ]


def test_other_lines_are_passed_on_marked_as_mkdocs(tmp_path: Path) -> None:
    log = "ERROR    -  Error reading page 'a.md': boom\n  detail line\n"
    assert explain_mkdocs(log, tmp_path) == "mkdocs แจ้งเป็นภาษาอังกฤษ: Error reading page 'a.md': boom\n  detail line"
