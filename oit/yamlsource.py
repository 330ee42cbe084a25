"""Read YAML the way an officer means it: every scalar as written, with its line.

PyYAML's resolvers turn ``2569-10-15`` into a CE ``date`` (and crash on the valid BE
leap day ``2567-02-29``), ``no`` into ``False`` and ``010`` into ``8``. We compose the
node graph instead and keep plain scalars as strings, so the domain code decides what a
date or a number is, and every value remembers the line it came from for error messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from oit.errors import InputError

NULL_WORDS = {"", "~", "null", "Null", "NULL"}


class LocatedMap(dict[str, Any]):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""

    line: int
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A sequence that knows the line of itself and of each of its entries (1-based)."""

    line: int
    item_lines: list[int]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _convert(node: yaml.Node, path: str) -> Any:
    if isinstance(node, yaml.ScalarNode):
        # Quoted or plain, a scalar stays the text the officer typed; only an empty
        # plain value or the null words mean "nothing".
        if node.style is None and node.value in NULL_WORDS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        seq = LocatedList(_convert(child, path) for child in node.value)
        seq.line = _line(node)
        seq.item_lines = [_line(child) for child in node.value]
        return seq
    if isinstance(node, yaml.MappingNode):
        mapping = LocatedMap()
        mapping.line = _line(node)
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(
                    path,
                    _line(key_node),
                    "ไม่รองรับคีย์ผสาน '<<' ใน YAML",
                    "เขียนค่าแต่ละรายการให้ครบแทนการอ้างอิง",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    path,
                    _line(key_node),
                    "ชื่อคีย์ต้องเป็นข้อความธรรมดา",
                    "ตรวจการเยื้องบรรทัดและเครื่องหมาย : ของบรรทัดนี้",
                )
            key = str(key_node.value)
            if key in mapping:
                raise InputError(
                    path,
                    _line(key_node),
                    f"คีย์ '{key}' ซ้ำกับบรรทัด {mapping.key_lines[key]}",
                    "รวมสองส่วนนี้เป็นหนึ่งเดียว หรือลบส่วนที่ซ้ำออก",
                )
            mapping[key] = _convert(value_node, path)
            mapping.key_lines[key] = _line(key_node)
        return mapping
    raise InputError(path, _line(node), "โครงสร้าง YAML ที่ไม่รู้จัก")  # pragma: no cover


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Load a YAML file into plain strings, ``LocatedMap`` and ``LocatedList``.

    Raises ``InputError`` naming the file and line for unreadable, non-UTF-8 or
    syntactically broken input; never a parser traceback.
    """
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(shown, None, "ไม่พบไฟล์", "สร้างไฟล์นี้ หรือเรียก oit init") from None
    except IsADirectoryError:
        raise InputError(shown, None, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "ระบุไฟล์ YAML") from None
    except OSError as exc:
        raise InputError(shown, None, f"อ่านไฟล์ไม่ได้ ({exc.strerror})") from None
    return parse_yaml(raw, shown)


def parse_yaml(raw: bytes | str, shown: str) -> Any:
    """Parse YAML text (see ``load_yaml``); ``shown`` is the name used in messages."""
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            raise InputError(shown, None, "ไฟล์นี้ไม่ใช่ข้อความ (พบไบต์ศูนย์)", "ตรวจว่าเลือกไฟล์ถูก ไฟล์ต้องเป็นข้อความ UTF-8")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(
                shown, line, "ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8", "บันทึกไฟล์ใหม่เป็น UTF-8 (เช่น ใน Notepad เลือก Encoding: UTF-8)"
            ) from None
    else:
        text = raw
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where: int | None = mark.line + 1 if mark else None
        problem = exc.problem or "รูปแบบ YAML ไม่ถูกต้อง"
        hint = "ตรวจการเยื้องบรรทัด เครื่องหมาย : และเครื่องหมายคำพูดของบรรทัดนี้"
        if "\\t" in problem or "\t" in problem or "tab" in problem.lower():
            hint = "ใช้การเว้นวรรคแทนแท็บ (Tab) ในการเยื้องบรรทัด"
        raise InputError(shown, where, f"อ่าน YAML ไม่ได้: {problem}", hint) from None
    except yaml.YAMLError as exc:
        raise InputError(shown, None, f"อ่าน YAML ไม่ได้: {exc}") from None
    except RecursionError:
        raise InputError(shown, None, "โครงสร้าง YAML ซ้อนลึกเกินไป") from None
    if node is None:
        return None
    return _convert(node, shown)


def line_of(root: Any, loc: tuple[str | int, ...]) -> int | None:
    """The line of the deepest part of ``loc`` (a pydantic error location) in ``root``."""
    best: int | None = getattr(root, "line", None)
    current = root
    for part in loc:
        if isinstance(current, LocatedMap) and isinstance(part, str) and part in current:
            best = current.key_lines.get(part, best)
            current = current[part]
        elif isinstance(current, LocatedList) and isinstance(part, int) and part < len(current):
            best = current.item_lines[part]
            current = current[part]
        else:
            break
        inner = getattr(current, "line", None)
        if inner is not None and not isinstance(current, LocatedMap | LocatedList):
            best = inner
    return best
