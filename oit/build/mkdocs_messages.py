"""mkdocs' complaints about a site, said in Thai with the file and line to fix.

``oit build`` runs ``mkdocs build --strict``; its warnings are English and name things the
way mkdocs sees them (``index.md``, not ``content/index.md``). The ones an officer causes
(a menu entry whose page was renamed, a link to a page that does not exist, a misspelt
setting in mkdocs.yml) are worded here; any other line is passed on, marked as mkdocs'.
"""

from __future__ import annotations

import re
from pathlib import Path

_LEVEL = re.compile(r"^(?:WARNING|ERROR|CRITICAL)\s*-\s*")

_NAV_MISSING = re.compile(
    r"A reference to '(?P<page>[^']+)' is included in the 'nav' configuration, "
    r"which is not found in the documentation files\."
)
_LINK_MISSING = re.compile(
    r"Doc file '(?P<doc>[^']+)' contains a link '(?P<link>[^']+)', but the target (?:'[^']*' )?"
    r"is not found among documentation files\."
)
_UNKNOWN_SETTING = re.compile(r"Config value '(?P<key>[^']+)': Unrecognised configuration name: .*")
_BAD_SETTING = re.compile(r"Config value '(?P<key>[^']+)': (?P<said>.*)")


def _line_in(path: Path, needle: str) -> int | None:
    """The first line of ``path`` that mentions ``needle`` (to point the officer at it)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((i for i, line in enumerate(lines, 1) if needle in line), None)


def _at(path: Path, shown: str, needle: str) -> str:
    line = _line_in(path, needle)
    return f"{shown}:{line}" if line else shown


def explain_mkdocs(log: str, root: Path) -> str:
    """mkdocs' warnings and errors (already without INFO lines), one Thai line each."""
    mkdocs_yml = root / "mkdocs.yml"
    out: list[str] = []
    for raw in log.splitlines():
        said = _LEVEL.sub("", raw.strip())
        if not said:
            continue
        if match := _NAV_MISSING.fullmatch(said):
            page = match["page"]
            out.append(
                f"{_at(mkdocs_yml, 'mkdocs.yml', page)}: เมนู (nav) อ้างถึงหน้า '{page}' แต่ไม่มีไฟล์ content/{page}"
                " — วิธีแก้: แก้ชื่อใน nav ของ mkdocs.yml ให้ตรงกับไฟล์ หรือสร้างหน้านั้น"
            )
        elif match := _LINK_MISSING.fullmatch(said):
            doc, link = match["doc"], match["link"]
            out.append(
                f"{_at(root / 'content' / doc, f'content/{doc}', link)}: ลิงก์ไป '{link}' ไม่พบหน้านั้นในเว็บไซต์"
                " — วิธีแก้: แก้ลิงก์ให้ชี้ไปยังหน้าที่มีอยู่ (เทียบกับโฟลเดอร์ของหน้านี้) หรือลบลิงก์ออก"
            )
        elif match := _UNKNOWN_SETTING.fullmatch(said):
            key = match["key"]
            out.append(
                f"{_at(mkdocs_yml, 'mkdocs.yml', key + ':')}: ไม่รู้จักการตั้งค่า '{key}'"
                " — วิธีแก้: ตรวจการสะกด หรือลบบรรทัดนี้ออก"
            )
        elif match := _BAD_SETTING.fullmatch(said):
            key = match["key"]
            out.append(
                f"{_at(mkdocs_yml, 'mkdocs.yml', key + ':')}: ค่าของการตั้งค่า '{key}' ไม่ถูกต้อง"
                f" (mkdocs แจ้งเป็นภาษาอังกฤษ: {match['said']})"
            )
        elif raw[:1] in (" ", "\t"):
            out.append(f"  {said}")  # the continuation of the line above
        else:
            out.append(f"mkdocs แจ้งเป็นภาษาอังกฤษ: {said}")
    return "\n".join(out)
