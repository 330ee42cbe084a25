"""yamlsource: the one way indicators.yml and its kin are read, case by case.

``parse_yaml`` composes with PyYAML's ``Composer`` over libyaml's parser and a resolver
that tags no implicit type, so every scalar stays the text written (BE dates, the BE leap
day, Thai digits, ``yes``, ``010``), every value keeps its line, and every problem is an
``InputError`` naming file and line. The expected outcomes below are what the reader gave
before the events fast path was removed; they are pinned here for the single path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synthetic import make_site
from oit.core.catalog import CATALOG_DIR, CROSSWALK_DIR
from oit.core.errors import InputError
from oit.core.yamlsource import NULL_WORDS, LocatedList, LocatedMap, parse_yaml
from tests.reliability.test_fuzz import TOKENS, structures

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"


def plain(value: Any) -> Any:
    """A parsed value with its lines spelt out, to compare with the cases below."""
    if isinstance(value, LocatedMap):
        return {"line": value.line, "map": [[k, value.key_lines[k], plain(v)] for k, v in value.items()]}
    if isinstance(value, LocatedList):
        return {"line": value.line, "seq": [[line, plain(v)] for line, v in zip(value.item_lines, value, strict=True)]}
    return value


def answer(text: str) -> tuple[str, Any]:
    try:
        return "value", plain(parse_yaml(text, "f.yml"))
    except InputError as exc:
        return "error", str(exc)


CASES: list[tuple[str, str, Any]] = [('', 'value', None),
 ('\n', 'value', None),
 ('# only a comment\n', 'value', None),
 ('---\n', 'value', None),
 ('---\n...\n', 'value', None),
 ('~', 'value', None),
 ("''", 'value', ''),
 ('a', 'value', 'a'),
 ('[]', 'value', {'line': 1, 'seq': []}),
 ('{}', 'value', {'line': 1, 'map': []}),
 ('a: 1\na: 2\n',
  'error',
  "f.yml:2: คีย์ 'a' ซ้ำกับบรรทัด 1 — วิธีแก้: รวมสองส่วนนี้เป็นหนึ่งเดียว หรือลบส่วนที่ซ้ำออก"),
 ('a: &x 1\nb: *x\n', 'value', {'line': 1, 'map': [['a', 1, '1'], ['b', 2, '1']]}),
 ('a: !!str 1\n', 'value', {'line': 1, 'map': [['a', 1, '1']]}),
 ('a: !x 1\n',
  'error',
  "f.yml:1: ไม่รองรับแท็ก YAML '!x' — วิธีแก้: ลบแท็กที่ขึ้นต้นด้วย ! ออก ไฟล์นี้เก็บได้เฉพาะข้อความ รายการ "
  'และชุด คีย์: ค่า'),
 ('<<: {a: 1}\n',
  'error',
  "f.yml:1: ไม่รองรับคีย์ผสาน '<<' ใน YAML — วิธีแก้: เขียนค่าแต่ละรายการให้ครบแทนการอ้างอิง"),
 ('a: <<\n', 'value', {'line': 1, 'map': [['a', 1, '<<']]}),
 ('a: =\n',
  'error',
  "f.yml:1: ไม่รองรับแท็ก YAML '!!value' — วิธีแก้: ลบแท็กที่ขึ้นต้นด้วย ! ออก ไฟล์นี้เก็บได้เฉพาะข้อความ รายการ "
  'และชุด คีย์: ค่า'),
 ('? [a]\n: 1\n',
  'error',
  'f.yml:1: ชื่อคีย์ต้องเป็นข้อความธรรมดา — วิธีแก้: ตรวจการเยื้องบรรทัดและเครื่องหมาย : ของบรรทัดนี้'),
 ('? a\n: 1\n', 'value', {'line': 1, 'map': [['a', 1, '1']]}),
 ('a: 1\n---\nb: 2\n',
  'error',
  'f.yml:2: อ่าน YAML ไม่ได้: ไฟล์มีเส้นแบ่งเอกสาร --- มากกว่าหนึ่งส่วน — วิธีแก้: ไฟล์นี้ต้องมีเอกสารเดียว: ลบบรรทัด --- ที่เกินออก'),
 ('a: "\\e"\n',
  'error',
  'f.yml:1: ข้อความมีอักขระควบคุมที่มองไม่เห็น (U+001B) — วิธีแก้: ลบอักขระนี้ออก (มักมาจากรหัส \\ เช่น \\e หรือ '
  '\\x1b ในข้อความที่อยู่ในเครื่องหมายคำพูด)'),
 ('a: [1, 2\n',
  'error',
  'f.yml:1: อ่าน YAML ไม่ได้: วงเล็บ [ ที่เปิดในบรรทัดนี้ไม่ได้ปิด หรือขาดเครื่องหมาย , คั่นระหว่างค่า — วิธีแก้: ปิดด้วย ] ในบรรทัดเดียวกัน และคั่นแต่ละค่าด้วย , (ข้อความที่มี , หรือ : ให้ครอบด้วยเครื่องหมายคำพูด)'),
 ('a:\n\t- b\n',
  'error',
  'f.yml:2: อ่าน YAML ไม่ได้: พบอักขระแท็บ (Tab) ซึ่ง YAML ไม่อนุญาตให้ใช้เยื้องบรรทัด — วิธีแก้: '
  'ใช้การเว้นวรรคแทนแท็บ (Tab) ในการเยื้องบรรทัด'),
 ('- - - - x\n',
  'value',
  {'line': 1, 'seq': [[1, {'line': 1, 'seq': [[1, {'line': 1, 'seq': [[1, {'line': 1, 'seq': [[1, 'x']]}]]}]]}]]}),
 ('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  'error',
  'f.yml:1: โครงสร้าง YAML ซ้อนลึกเกินไป (เกิน 64 ชั้น) — วิธีแก้: ตรวจการเยื้องบรรทัดและวงเล็บ [ ] { }'),
 ('a: \'\'\nb: ""\nc:\nd: null\ne: Null\nf: \'~\'\ng: ~\n',
  'value',
  {'line': 1,
   'map': [['a', 1, ''],
           ['b', 2, ''],
           ['c', 3, None],
           ['d', 4, None],
           ['e', 5, None],
           ['f', 6, '~'],
           ['g', 7, None]]}),
 ('%YAML 1.1\n---\na: 1\n', 'value', {'line': 3, 'map': [['a', 3, '1']]}),
 ('a: |\n  ข้อความ\n  สองบรรทัด\nb: >\n  พับ\n  บรรทัด\n',
  'value',
  {'line': 1, 'map': [['a', 1, 'ข้อความ\nสองบรรทัด\n'], ['b', 4, 'พับ บรรทัด\n']]}),
 ('\ufeffa: 1\n', 'value', {'line': 1, 'map': [['a', 1, '1']]}),
 ('a: 1\r\nb: [x, {c: d}]\r\n',
  'value',
  {'line': 1,
   'map': [['a', 1, '1'], ['b', 2, {'line': 2, 'seq': [[2, 'x'], [2, {'line': 2, 'map': [['c', 2, 'd']]}]]}]]}),
 ('key with spaces: value\n? complex\n: yes\n- x\n',
  'error',
  'f.yml:4: อ่าน YAML ไม่ได้: บรรทัดนี้ขึ้นต้นด้วย - (รายการ) แต่อยู่ในชุด คีย์: ค่า ที่เริ่มบรรทัด 1 — วิธีแก้: ถ้าเป็นรายการของคีย์ข้างบน ให้เยื้องเข้าไปใต้คีย์นั้นมากกว่าคีย์ หรือเขียนเป็น คีย์: ค่า'),
 ('date: 2569-10-15\nleap: 2567-02-29\nthai: ๒๕๖๙-๑๐-๑๕\nfy: ๒๕๗๐\nyes: no\noctal: 010\nfloat: 1e9\n',
  'value',
  {'line': 1,
   'map': [['date', 1, '2569-10-15'],
           ['leap', 2, '2567-02-29'],
           ['thai', 3, '๒๕๖๙-๑๐-๑๕'],
           ['fy', 4, '๒๕๗๐'],
           ['yes', 5, 'no'],
           ['octal', 6, '010'],
           ['float', 7, '1e9']]}),
 ('a: &a [*a]\n',
  'error',
  'f.yml:1: การอ้างอิง (alias *ชื่อ) วนกลับมาที่ตัวเอง — วิธีแก้: ค่าที่ตั้งชื่อด้วย & ต้องไม่อ้าง * '
  'ถึงตัวเองจากข้างใน'),
 ('x: &a [1, 2]\ny: *a\n',
  'value',
  {'line': 1,
   'map': [['x', 1, {'line': 1, 'seq': [[1, '1'], [1, '2']]}],
           ['y', 2, {'line': 1, 'seq': [[1, '1'], [1, '2']]}]]})]


@pytest.mark.parametrize(("text", "kind", "expected"), CASES)
def test_edge_cases_read_as_before(text: str, kind: str, expected: Any) -> None:
    assert answer(text) == (kind, expected)


def test_nesting_a_hundred_thousand_deep_is_a_message_not_a_crash() -> None:
    # yaml.CSafeLoader's own composer recurses in C and kills the process here.
    text = "[" * 100_000 + "]" * 100_000
    assert answer(text) == ("error", "f.yml:1: โครงสร้าง YAML ซ้อนลึกเกินไป — วิธีแก้: ตรวจการเยื้องบรรทัดและวงเล็บ [ ] { }")
    blocks = "- " * 100_000 + "x\n"
    assert answer(blocks)[0] == "error"


def reference(node: yaml.Node) -> Any:
    """What the pure-Python PyYAML composer's nodes say, as ``plain`` spells it."""
    if isinstance(node, yaml.ScalarNode):
        return None if not node.style and node.value in NULL_WORDS else node.value
    if isinstance(node, yaml.SequenceNode):
        return {"line": node.start_mark.line + 1, "seq": [[c.start_mark.line + 1, reference(c)] for c in node.value]}
    return {
        "line": node.start_mark.line + 1,
        "map": [[k.value, k.start_mark.line + 1, reference(v)] for k, v in node.value],
    }


def check_against_pure_python(text: str) -> None:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    assert answer(text) == ("value", None if node is None else reference(node)), text


def texts_of_the_project(tmp_path: Path) -> list[str]:
    site = make_site(tmp_path / "synthetic", years=3, docs_per_item=3).root
    paths = [ROOT / "indicators.yml", *sorted((site / "archive").glob("*.yml")), site / "indicators.yml",
             *sorted(CATALOG_DIR.glob("*.yml")), *sorted(CROSSWALK_DIR.glob("*.yml"))]
    return [path.read_text(encoding="utf-8") for path in paths]


def test_the_files_of_the_project_read_as_pure_python_composes_them(tmp_path: Path) -> None:
    texts = texts_of_the_project(tmp_path)
    assert len(texts) >= 10
    for text in texts:
        check_against_pure_python(text)


def test_the_corpus_gives_a_value_or_a_message() -> None:
    for path in sorted(CORPUS.glob("*.yml")):
        kind, _ = answer(path.read_text(encoding="utf-8"))
        assert kind in ("value", "error"), path.name


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=50).map("".join))
def test_random_yamlish_text_gives_a_value_or_a_message(text: str) -> None:
    kind, value = answer(text)
    assert kind == "value" or (kind == "error" and value.startswith("f.yml")), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures, st.sampled_from([None, True]), st.booleans())
def test_dumped_structures_read_as_pure_python_composes_them(data: Any, flow: bool | None, unicode: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode)
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return  # a form the dumper writes and the pure-Python reader refuses: nothing to compare
    if any(ch in text for ch in "&*!<=") or "\\" in text:
        return  # aliases, tags, control escapes: the edge cases above pin what those give
    check_against_pure_python(text)
