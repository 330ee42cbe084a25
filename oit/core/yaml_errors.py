"""A YAML syntax error told in plain Thai: what is wrong on which line, and the fix.

PyYAML, libyaml and ruamel.yaml word their errors for programmers (``did not find
expected '-' indicator``, ``mapping values are not allowed here``); the officer needs
"this line is indented 7 spaces, the item above it 6". Both parsers give the problem, the
context and their marks (line and column); with the text of the file those are enough
to name the cause. The wording of the three parsers differs, so each case below matches
the words they share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Explained:
    """Where to point (1-based line, or None), what is wrong and what to do."""

    line: int | None
    message: str
    hint: str


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the key of ``line`` starts: after any ``- `` of a list item."""
    column = _indent(line)
    while line[column:].startswith("- "):
        column += 2
        column += _indent(line[column:])
    return column


def _previous(lines: list[str], index: int) -> int | None:
    """The nearest line above ``index`` with content (not blank, not only a comment)."""
    for i in range(min(index, len(lines)) - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _spaces(n: int) -> str:
    return f"{n} ช่อง"


def _indentation(lines: list[str], index: int, context: str, context_index: int | None) -> Explained:
    line = lines[index] if index < len(lines) else ""
    here = _indent(line)
    is_item = line.lstrip(" ").startswith("-")
    if "collection" in context and context_index is not None and context_index < len(lines):
        first = lines[context_index]
        if is_item and _indent(first) != here:
            return Explained(
                index + 1,
                f"รายการ - ในบรรทัดนี้เยื้อง {_spaces(here)} ไม่ตรงกับรายการ - ก่อนหน้าในบรรทัด"
                f" {context_index + 1} ({_spaces(_indent(first))})",
                f"เว้นวรรคหน้า - ให้เท่ากับบรรทัด {context_index + 1} ({_spaces(_indent(first))}) ด้วยการเว้นวรรค ไม่ใช้แท็บ",
            )
        if not is_item and here <= _indent(first):
            return Explained(
                index + 1,
                f"บรรทัดนี้อยู่ในรายการที่เริ่มบรรทัด {context_index + 1} แต่ไม่ได้ขึ้นต้นด้วย -",
                "ขึ้นต้นบรรทัดด้วย - ถ้าเป็นรายการใหม่ หรือเยื้องเข้าไปให้ตรงกับคีย์ของรายการข้างบน",
            )
    above = _previous(lines, index)
    if is_item:
        # a dash one or two spaces off the dashes of the list just above
        sibling = next(
            (i for i in range(index - 1, -1, -1) if lines[i].lstrip(" ").startswith("- ")), None
        )
        if sibling is not None and 0 < abs(_indent(lines[sibling]) - here) <= 2:
            theirs = _indent(lines[sibling])
            return Explained(
                index + 1,
                f"รายการ - ในบรรทัดนี้เยื้อง {_spaces(here)} ไม่ตรงกับรายการ - ก่อนหน้าในบรรทัด {sibling + 1}"
                f" ({_spaces(theirs)})",
                f"เว้นวรรคหน้า - ให้เท่ากับบรรทัด {sibling + 1} ({_spaces(theirs)}) ด้วยการเว้นวรรค ไม่ใช้แท็บ",
            )
    if is_item and "mapping" in context:
        start = (context_index if context_index is not None else index) + 1
        return Explained(
            index + 1,
            f"บรรทัดนี้ขึ้นต้นด้วย - (รายการ) แต่อยู่ในชุด คีย์: ค่า ที่เริ่มบรรทัด {start}",
            "ถ้าเป็นรายการของคีย์ข้างบน ให้เยื้องเข้าไปใต้คีย์นั้นมากกว่าคีย์ หรือเขียนเป็น คีย์: ค่า",
        )
    if above is not None:
        column = _key_column(lines[above])
        if column != here:
            return Explained(
                index + 1,
                f"การเยื้องบรรทัดนี้ ({_spaces(here)}) ไม่ตรงกับบรรทัด {above + 1} ข้างบน ({_spaces(column)})",
                f"คีย์ของชุดเดียวกันต้องเยื้องเท่ากัน: เว้นวรรคหน้าบรรทัดนี้ให้เท่ากับบรรทัด {above + 1}"
                f" ({_spaces(column)}) หรือเท่ากับหัวข้อที่บรรทัดนี้อยู่ใต้",
            )
    return Explained(
        index + 1,
        "การเยื้องบรรทัดนี้ไม่ตรงกับบรรทัดข้างบน",
        "คีย์ของชุดเดียวกันต้องเยื้องด้วยจำนวนเว้นวรรคเท่ากัน",
    )


def _colon(lines: list[str], index: int, column: int) -> Explained:
    line = lines[index] if index < len(lines) else ""
    before = line[:column]
    if ": " in before:
        key, _, value = line.partition(": ")
        value = value.strip().replace('"', "'")
        return Explained(
            index + 1,
            "ค่าในบรรทัดนี้มีเครื่องหมาย : ตามด้วยเว้นวรรค ซึ่ง YAML อ่านเป็นคีย์ซ้อนอีกชั้น",
            f'ครอบค่าทั้งหมดด้วยเครื่องหมายคำพูด เช่น {key.strip()}: "{value}"',
        )
    above = _previous(lines, index)
    if above is not None:
        text = lines[above].strip().removeprefix("- ").strip()
        column = _key_column(lines[above])
        key, colon, value = text.partition(": ")
        if colon and value.strip() and _indent(line) > column:
            # "  title: ก" then "   file: a.pdf": one space too many makes the line the
            # continuation of the value above
            return Explained(
                index + 1,
                f"บรรทัดนี้เยื้อง {_spaces(_indent(line))} ลึกกว่าบรรทัด {above + 1} ข้างบน ({_spaces(column)})"
                " YAML จึงอ่านเป็นข้อความต่อจากค่าของบรรทัดนั้น",
                f"เยื้องบรรทัดนี้ให้เท่ากับบรรทัด {above + 1} ({_spaces(column)})",
            )
        if ":" not in text:
            return Explained(
                above + 1,
                f"บรรทัดนี้ขาดเครื่องหมาย : หลังชื่อคีย์ ('{text}')",
                "เขียนเป็น ชื่อคีย์: ค่า (มีเว้นวรรคหนึ่งช่องหลัง :)",
            )
        if re.search(r":[^\s]", text) and not re.search(r":(\s|$)", text):
            return Explained(
                above + 1,
                "หลังเครื่องหมาย : ในบรรทัดนี้ไม่มีเว้นวรรค YAML จึงไม่รู้ว่าเป็นคีย์",
                "เว้นวรรคหนึ่งช่องหลัง : เช่น title: โครงสร้างองค์กร",
            )
    return Explained(
        index + 1,
        "เครื่องหมาย : ในบรรทัดนี้อยู่ผิดที่",
        "ถ้า : เป็นส่วนของข้อความ ให้ครอบข้อความด้วยเครื่องหมายคำพูด \"...\"",
    )


def _duplicate(lines: list[str], index: int, context_index: int | None) -> Explained:
    line = lines[index] if index < len(lines) else ""
    def key_of(text: str) -> str:
        return text.strip().removeprefix("- ").partition(":")[0].strip()

    key = key_of(line)
    first = None
    for i in range(context_index or 0, index):
        if _key_column(lines[i]) == _key_column(line) and key_of(lines[i]) == key:
            first = i
    where = f"ซ้ำกับบรรทัด {first + 1}" if first is not None else "ซ้ำกับคีย์ที่มีอยู่แล้วในชุดเดียวกัน"
    return Explained(index + 1, f"คีย์ '{key}' {where}", "รวมสองส่วนนี้เป็นหนึ่งเดียว หรือลบส่วนที่ซ้ำออก")


def explain(
    text: str,
    problem: str | None,
    context: str | None,
    mark: tuple[int, int] | None,
    context_mark: tuple[int, int] | None,
) -> Explained:
    """Explain a YAML syntax error. Marks are the parser's 0-based ``(line, column)``."""
    lines = text.splitlines()
    said = (problem or "").lower()
    where = (context or "").lower()
    index, column = mark if mark else (len(lines), 0)
    context_index = context_mark[0] if context_mark else None
    line = lines[index] if index < len(lines) else ""
    def tab_at(i: int) -> bool:  # a tab in the indentation, or where the parser stopped
        if not 0 <= i < len(lines):
            return False
        text = lines[i]
        lead = text[: len(text) - len(text.lstrip(" \t"))]
        return "\t" in lead or (i == index and column < len(text) and text[column] == "\t")

    tab_line = next((i for i in (index, index - 1) if tab_at(i)), None)
    if tab_line is not None and ("token" in said or "indent" in said or "expected" in said or "\\t" in said):
        text = lines[tab_line]
        if "\t" not in text[: len(text) - len(text.lstrip(" \t"))]:
            return Explained(
                tab_line + 1,
                "พบอักขระแท็บ (Tab) ในข้อความของบรรทัดนี้",
                "แทนแท็บด้วยเว้นวรรค หรือครอบข้อความด้วยเครื่องหมายคำพูด \"...\"",
            )
        return Explained(
            tab_line + 1,
            "พบอักขระแท็บ (Tab) ซึ่ง YAML ไม่อนุญาตให้ใช้เยื้องบรรทัด",
            "ใช้การเว้นวรรคแทนแท็บ (Tab) ในการเยื้องบรรทัด",
        )
    if "duplicate key" in said:
        return _duplicate(lines, index, context_index)
    if "quoted scalar" in where:
        start = (context_index if context_index is not None else index) + 1
        if "escape" in said:
            return Explained(
                index + 1,
                "ข้อความในเครื่องหมายคำพูดคู่ \"...\" มีเครื่องหมาย \\ ที่ YAML อ่านเป็นรหัสพิเศษ",
                "ใช้เครื่องหมายคำพูดเดี่ยว '...' แทน หรือเขียน / แทน \\ ในชื่อไฟล์",
            )
        return Explained(
            start,
            "เครื่องหมายคำพูดที่เปิดไว้ในบรรทัดนี้ไม่ได้ปิด",
            "ใส่เครื่องหมายคำพูดปิดท้ายข้อความในบรรทัดเดียวกัน (เปิดด้วย \" ปิดด้วย \", เปิดด้วย ' ปิดด้วย ')",
        )
    if "flow mapping" in where or "flow sequence" in where:
        opened, closing = ("{", "}") if "mapping" in where else ("[", "]")
        start = (context_index if context_index is not None else index) + 1
        return Explained(
            start,
            f"วงเล็บ {opened} ที่เปิดในบรรทัดนี้ไม่ได้ปิด หรือขาดเครื่องหมาย , คั่นระหว่างค่า",
            f"ปิดด้วย {closing} ในบรรทัดเดียวกัน และคั่นแต่ละค่าด้วย , (ข้อความที่มี , หรือ : ให้ครอบด้วยเครื่องหมายคำพูด)",
        )
    if "mapping values are not allowed" in said:
        return _colon(lines, index, column)
    if "sequence entries are not allowed" in said:
        return Explained(
            index + 1,
            "เครื่องหมาย - ของรายการต้องขึ้นบรรทัดใหม่ ไม่ใช่อยู่หลัง : ในบรรทัดเดียวกัน",
            "ขึ้นบรรทัดใหม่แล้วเยื้องเข้าไปก่อน - หรือถ้า - เป็นส่วนของข้อความ ให้ครอบด้วยเครื่องหมายคำพูด",
        )
    if "could not find expected ':'" in said or "simple key" in where:
        start = (context_index if context_index is not None else index) + 1
        return Explained(start, "บรรทัดนี้ขาดเครื่องหมาย : หลังชื่อคีย์", "เขียนเป็น ชื่อคีย์: ค่า (มีเว้นวรรคหนึ่งช่องหลัง :)")
    if "expected '-' indicator" in said or "expected key" in said or "expected <block end>" in said:
        return _indentation(lines, index, where, context_index)
    if "undefined alias" in said or "scanning an alias" in where:
        return Explained(
            index + 1,
            "ค่าในบรรทัดนี้ขึ้นต้นด้วย * ซึ่ง YAML อ่านเป็นการอ้างอิงชื่อ",
            "ครอบข้อความด้วยเครื่องหมายคำพูด เช่น \"*ข้อความ\"",
        )
    if "scanning an anchor" in where:
        return Explained(
            index + 1,
            "ค่าในบรรทัดนี้ขึ้นต้นด้วย & ซึ่ง YAML อ่านเป็นการตั้งชื่ออ้างอิง",
            "ครอบข้อความด้วยเครื่องหมายคำพูด เช่น \"&ข้อความ\"",
        )
    if "cannot start any token" in said:
        char = line[column] if column < len(line) else ""
        return Explained(
            index + 1,
            f"ค่าในบรรทัดนี้ขึ้นต้นด้วยอักขระ '{char}' ที่ YAML สงวนไว้" if char else "พบอักขระที่ YAML สงวนไว้ในบรรทัดนี้",
            "ครอบข้อความด้วยเครื่องหมายคำพูด \"...\"",
        )
    if "another document" in said or "single document" in where:
        return Explained(
            index + 1,
            "ไฟล์มีเส้นแบ่งเอกสาร --- มากกว่าหนึ่งส่วน",
            "ไฟล์นี้ต้องมีเอกสารเดียว: ลบบรรทัด --- ที่เกินออก",
        )
    if "end of stream" in said:
        return Explained(index + 1, "ไฟล์จบก่อนที่ข้อความหรือวงเล็บจะปิดครบ", "ตรวจเครื่องหมายคำพูดและวงเล็บที่เปิดไว้")
    return Explained(
        index + 1 if mark else None,
        "รูปแบบ YAML ของบรรทัดนี้ไม่ถูกต้อง",
        "ตรวจการเยื้องบรรทัด เครื่องหมาย : และเครื่องหมายคำพูดของบรรทัดนี้",
    )
