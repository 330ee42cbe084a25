"""Read YAML the way an officer means it: every scalar as written, with its line.

PyYAML's resolvers turn ``2569-10-15`` into a CE ``date`` (and crash on the valid BE
leap day ``2567-02-29``), ``no`` into ``False`` and ``010`` into ``8``. We compose the
node graph with a resolver that knows no implicit types and keep plain scalars as
strings, so the domain code decides what a date or a number is, and every value
remembers the line it came from for error messages.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from oit.core.errors import InputError, os_reason
from oit.core.yaml_errors import explain


class TextResolver(yaml.resolver.BaseResolver):
    """Tags every plain scalar as text, except the two forms this module refuses.

    PyYAML's full resolver would tag ``2569-10-15`` a timestamp, ``yes`` a bool, ``010``
    an int; all are kept as the text written, so none of those resolvers is registered.
    Only ``<<`` (merge) and ``=`` (value) keep their tags, so that ``_convert`` can name
    them instead of silently reading them as text.
    """


TextResolver.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
TextResolver.add_implicit_resolver("tag:yaml.org,2002:value", re.compile(r"^(?:=)$"), ["="])

_LOADER: type
if getattr(yaml, "__with_libyaml__", False):

    class _LibyamlLoader(yaml.composer.Composer, TextResolver, yaml.CSafeLoader):
        """libyaml's parser (events in C) under PyYAML's own composer (nodes in Python).

        libyaml is about ten times faster than the pure-Python scanner on a large file,
        but ``yaml.CSafeLoader``'s own composer recurses in C: ``[[[[...`` a hundred
        thousand deep crashes the whole process (segmentation fault) where no handler
        can catch it. PyYAML's ``Composer`` recurses in Python, so deep nesting ends as a
        ``RecursionError`` we turn into a message. Same marks, same nodes either way.
        """

        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            yaml.composer.Composer.__init__(self)

    _LOADER = _LibyamlLoader
else:  # pragma: no cover - PyYAML built without libyaml

    class _PythonLoader(TextResolver, yaml.SafeLoader):
        """PyYAML's pure-Python safe loader with the text-only resolver."""

    _LOADER = _PythonLoader


NULL_WORDS = {"", "~", "null", "Null", "NULL"}

#: Largest YAML file we read. The sample indicators.yml is 24 KB and a big year a few
#: hundred KB; PyYAML's pure-Python parser needs seconds per megabyte, so a runaway
#: (or hostile) file is refused before it is read rather than hanging the build.
MAX_YAML_BYTES = 2 * 1024 * 1024
#: Deepest nesting accepted; indicators.yml needs six levels.
MAX_DEPTH = 64
#: Values produced by following aliases (``*name``). A few repeated documents need tens;
#: a "billion laughs" alias bomb needs billions and is refused at this point.
MAX_ALIAS_NODES = 10_000
#: Tags a plain data file may carry; anything else (``!!python/object``, ``!!binary``,
#: custom ``!tags``) is refused, not silently read as text.
_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
# C0/C1 control characters (tab and newlines excepted): they reach YAML only through
# escapes such as "\e" or "\x1b", are invisible in an editor, and would travel into
# terminals, XML and HTML.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class _Budget:
    seen: set[int] = field(default_factory=set)
    active: set[int] = field(default_factory=set)  # the nodes being converted: a cycle's ancestors
    in_alias: int = 0
    alias_nodes: int = 0


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


_DEEP_HINT = "ตรวจการเยื้องบรรทัดและวงเล็บ [ ] { }"


def _deep_line(loader: Any) -> int | None:
    """Where the parser stood when nesting exhausted the stack (the next event's line)."""
    try:
        return int(loader.peek_event().start_mark.line) + 1
    except Exception:  # the parser may itself be in a broken state
        return None


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _convert(node: yaml.Node, path: str, budget: _Budget | None = None, depth: int = 0) -> Any:
    budget = budget if budget is not None else _Budget()
    if id(node) in budget.active:
        raise InputError(
            path,
            _line(node),
            "การอ้างอิง (alias *ชื่อ) วนกลับมาที่ตัวเอง",
            "ค่าที่ตั้งชื่อด้วย & ต้องไม่อ้าง * ถึงตัวเองจากข้างใน",
        )
    alias = id(node) in budget.seen
    if alias:
        budget.in_alias += 1
    budget.active.add(id(node))
    try:
        return _convert_node(node, path, budget, depth)
    finally:
        budget.active.discard(id(node))
        if alias:
            budget.in_alias -= 1


def _convert_node(node: yaml.Node, path: str, budget: _Budget, depth: int) -> Any:
    budget.seen.add(id(node))
    if budget.in_alias:
        budget.alias_nodes += 1
        if budget.alias_nodes > MAX_ALIAS_NODES:
            raise InputError(
                path,
                _line(node),
                f"การอ้างอิงซ้ำ (alias *ชื่อ) ขยายเป็นข้อมูลมากเกินไป (เกิน {MAX_ALIAS_NODES:,} ค่า)",
                "เขียนค่าแต่ละรายการให้ครบแทนการอ้างอิง & และ *",
            )
    if depth > MAX_DEPTH:
        raise InputError(
            path, _line(node), f"โครงสร้าง YAML ซ้อนลึกเกินไป (เกิน {MAX_DEPTH} ชั้น)", _DEEP_HINT
        )
    if node.tag not in _SAFE_TAGS and node.tag != "tag:yaml.org,2002:merge":
        raise InputError(
            path,
            _line(node),
            f"ไม่รองรับแท็ก YAML '{_tag_name(node.tag)}'",
            "ลบแท็กที่ขึ้นต้นด้วย ! ออก ไฟล์นี้เก็บได้เฉพาะข้อความ รายการ และชุด คีย์: ค่า",
        )
    if isinstance(node, yaml.ScalarNode):
        bad = _CONTROL.search(node.value)
        if bad:
            raise InputError(
                path,
                _line(node),
                f"ข้อความมีอักขระควบคุมที่มองไม่เห็น (U+{ord(bad.group()):04X})",
                "ลบอักขระนี้ออก (มักมาจากรหัส \\ เช่น \\e หรือ \\x1b ในข้อความที่อยู่ในเครื่องหมายคำพูด)",
            )
        # Quoted or plain, a scalar stays the text the officer typed; only an empty
        # plain value or the null words mean "nothing".
        if not node.style and node.value in NULL_WORDS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        seq = LocatedList(_convert(child, path, budget, depth + 1) for child in node.value)
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
            mapping[key] = _convert(value_node, path, budget, depth + 1)
            mapping.key_lines[key] = _line(key_node)
        return mapping
    raise InputError(path, _line(node), "โครงสร้าง YAML ที่ไม่รู้จัก")  # pragma: no cover


def load_yaml(path: Path, display: str | None = None, notes: list[str] | None = None) -> Any:
    """Load a YAML file into plain strings, ``LocatedMap`` and ``LocatedList``.

    Raises ``InputError`` naming the file and line for unreadable, non-UTF-8 or
    syntactically broken input; never a parser traceback.
    """
    shown = display or str(path)
    too_big = InputError(
        shown,
        None,
        f"ไฟล์ใหญ่เกินไป (รับได้ไม่เกิน {MAX_YAML_BYTES // (1024 * 1024)} MB)",
        "ตรวจว่าเลือกไฟล์ถูก ไฟล์ indicators.yml ปกติมีขนาดไม่กี่สิบ KB",
    )
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or a device such as /dev/zero would block or never end.
            raise InputError(shown, None, "ไม่ใช่ไฟล์ธรรมดา (อาจเป็นไปป์หรืออุปกรณ์)", "ระบุไฟล์ YAML") from None
        if info.st_size > MAX_YAML_BYTES:
            raise too_big
        with open(path, "rb") as handle:
            raw = handle.read(MAX_YAML_BYTES + 1)
    except FileNotFoundError:
        raise InputError(shown, None, "ไม่พบไฟล์", "สร้างไฟล์นี้ หรือเรียก oit init") from None
    except IsADirectoryError:
        raise InputError(shown, None, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "ระบุไฟล์ YAML") from None
    except OSError as exc:
        raise InputError(shown, None, f"อ่านไฟล์ไม่ได้ ({os_reason(exc)})") from None
    if len(raw) > MAX_YAML_BYTES:  # the size grew while we read, or stat did not know it
        raise too_big
    return parse_yaml(raw, shown, notes)


_THAI_LETTER = re.compile("[\u0e01-\u0e5b]")


def legacy_thai_note(shown: str) -> str:
    """What the officer is told when a file was read as TIS-620 / Windows-874."""
    return (
        f"{shown}: ไฟล์นี้บันทึกด้วยรหัสอักษรไทยแบบเก่า (TIS-620/Windows-874) ไม่ใช่ UTF-8 — อ่านได้แล้ว"
        " แต่ควรบันทึกใหม่เป็น UTF-8 (ใน Notepad: บันทึกเป็น > การเข้ารหัส UTF-8)"
    )


def decode_text(raw: bytes, shown: str) -> tuple[str, str | None]:
    """Text of a file an officer saved: UTF-8 (with or without Notepad's BOM) or Thai Windows.

    Notepad and Excel on a Thai Windows still save TIS-620 (code page 874) by default. Bytes
    that are not UTF-8 but read as cp874 into Thai letters are taken as such, and the note
    returned says so; anything else is refused with the line of the first bad byte.
    """
    if b"\x00" in raw:
        raise InputError(shown, None, "ไฟล์นี้ไม่ใช่ข้อความ (พบไบต์ศูนย์)", "ตรวจว่าเลือกไฟล์ถูก ไฟล์ต้องเป็นข้อความ UTF-8")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = InputError(
            shown, line, "ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8", "บันทึกไฟล์ใหม่เป็น UTF-8 (เช่น ใน Notepad เลือก Encoding: UTF-8)"
        )
    try:
        text = raw.decode("cp874")
    except UnicodeDecodeError:
        raise bad from None
    if not _THAI_LETTER.search(text) or _CONTROL.search(text):
        raise bad
    return text, legacy_thai_note(shown)


def parse_yaml(raw: bytes | str, shown: str, notes: list[str] | None = None) -> Any:
    """Parse YAML text (see ``load_yaml``); ``shown`` is the name used in messages.

    A note for the officer (a file read as Thai Windows text) is appended to ``notes``.
    """
    if len(raw) > MAX_YAML_BYTES:
        raise InputError(shown, None, f"ไฟล์ใหญ่เกินไป (รับได้ไม่เกิน {MAX_YAML_BYTES // (1024 * 1024)} MB)")
    if isinstance(raw, bytes):
        text, note = decode_text(raw, shown)
        if note and notes is not None:
            notes.append(note)
    else:
        text = raw
    try:
        loader = _LOADER(text)
    except yaml.YAMLError as exc:  # pragma: no cover - reading starts lazily
        raise syntax_error(shown, text, exc) from None
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise syntax_error(shown, text, exc) from None
    except RecursionError:
        raise InputError(shown, _deep_line(loader), "โครงสร้าง YAML ซ้อนลึกเกินไป", _DEEP_HINT) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    try:
        return _convert(node, shown)
    except RecursionError:
        raise InputError(shown, None, "โครงสร้าง YAML ซ้อนลึกเกินไป") from None


def check_syntax(path: Path, shown: str) -> None:
    """Refuse a YAML file with broken syntax, in Thai, before another program reads it.

    mkdocs.yml is read by mkdocs, whose parser errors are English and whose ``!!python``
    tags only it may resolve: so only the syntax is checked here (parse events, no tags
    constructed), and a file we cannot open is left for mkdocs to report.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            shown, line, "ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8", "บันทึกไฟล์ใหม่เป็น UTF-8 (เช่น ใน Notepad เลือก Encoding: UTF-8)"
        ) from None
    loader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
    try:
        for _ in yaml.parse(text, Loader=loader):
            pass
    except yaml.YAMLError as exc:
        raise syntax_error(shown, text, exc) from None


def syntax_error(shown: str, text: str, exc: Exception) -> InputError:
    """A parser's error (PyYAML, libyaml or ruamel.yaml: the same attributes) in plain Thai."""

    def at(mark: Any) -> tuple[int, int] | None:
        return (int(mark.line), int(mark.column)) if mark is not None else None

    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    told = explain(
        text,
        getattr(exc, "problem", None),
        getattr(exc, "context", None),
        at(problem_mark or context_mark),
        at(context_mark),
    )
    return InputError(shown, told.line, f"อ่าน YAML ไม่ได้: {told.message}", told.hint)


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
