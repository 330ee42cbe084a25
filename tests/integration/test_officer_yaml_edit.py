"""indicators.yml edits keep the officer's file: comments, order, layout, line endings."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oit.core.indicators import load_site
from oit.officer.indicators_edit import IndicatorsDocument
from tests.integration.test_officer_support import ROOT, oit
from tests.support.sites import pdf_bytes

SAMPLE = ROOT / "indicators.yml"


def changed_lines(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    return [(tag, old.splitlines()[i1:i2], new.splitlines()[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def test_untouched_file_is_reproduced_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yml"
    path.write_bytes(SAMPLE.read_bytes())
    document = IndicatorsDocument.open(path)
    assert document.dumps().encode("utf-8") == SAMPLE.read_bytes()


def test_append_to_the_last_item_keeps_the_closing_comments(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yml"
    original = SAMPLE.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    document = IndicatorsDocument.open(path)
    document.append_document("o26", {"title": "ใหม่", "file": "files/x.pdf", "date": "2570-01-01"})
    new = document.dumps()
    assert changed_lines(original, new) == [
        ("insert", [], ["      - title: ใหม่", "        file: files/x.pdf", "        date: 2570-01-01"])]
    assert new.rstrip().endswith("#   o18: {period: half_year}")


def test_emptying_keeps_the_next_section_comment(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yml"
    original = SAMPLE.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    document = IndicatorsDocument.open(path)
    document.set_documents("o4", [])
    new = document.dumps()
    changes = changed_lines(original, new)
    assert len(changes) == 1 and changes[0][0] == "replace"
    assert changes[0][2] == ["    documents: []"]
    assert all(line.startswith(("      - ", "        ")) or line == "    documents:" for line in changes[0][1])
    assert "  # ---------------------------------------------------------------- 9.2 การบริหารงาน" in new


FLAT = """\ufefforganization:\r
  name: อบต.ทดสอบ\r
  site_url: https://t.go.th/\r
assessment: ita-2569\r
fiscal_year: 2570\r
items:\r
  o1:\r
    documents:\r
    - title: เก่า   # comment\r
      file: files/a.pdf\r
  o5:\r
    documents:\r
    - {title: แผน, file: files/a.pdf, date: 2567-02-29}\r
  # the end\r
"""


def test_other_layouts_crlf_bom_and_be_leap_day(tmp_path: Path) -> None:
    """A file written with Windows Notepad, another indentation and a BE leap day (valid)."""
    root = tmp_path / "s"
    (root / "content" / "files").mkdir(parents=True)
    (root / "content" / "files" / "a.pdf").write_bytes(pdf_bytes())
    (root / "content" / "files" / "b.pdf").write_bytes(pdf_bytes(label="b"))
    path = root / "indicators.yml"
    path.write_bytes(FLAT.encode("utf-8"))
    load_site(root)  # 2567-02-29 exists in BE (CE 2024 is a leap year)
    document = IndicatorsDocument.open(path)
    assert document.dumps() == FLAT
    document.append_document("o1", {"title": "ใหม่", "file": "files/b.pdf"})
    document.save()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    assert "    - title: เก่า   # comment\n      file: files/a.pdf\n    - title: ใหม่\n      file: files/b.pdf\n" in text
    assert "date: 2567-02-29}" in text and "# the end" in text
    assert [d.title for d in load_site(root).items["o1"].documents] == ["เก่า", "ใหม่"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                     min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_any_title_round_trips(tmp_path: Path, title: str) -> None:
    """Quotes, colons, '#', Thai, YAML keywords: the title reads back exactly as given."""
    root = tmp_path / "h"
    (root / "content" / "files").mkdir(parents=True, exist_ok=True)
    (root / "content" / "files" / "a.pdf").write_bytes(pdf_bytes())
    path = root / "indicators.yml"
    path.write_bytes(FLAT.encode("utf-8"))
    document = IndicatorsDocument.open(path)
    normalised = " ".join(title.split())
    document.append_document("o1", {"title": normalised, "file": "files/a.pdf"})
    document.save()
    assert load_site(root).items["o1"].documents[-1].title == normalised.strip()


@pytest.mark.parametrize("title", ["yes", "null", "2570-01-01", "'quoted'", "a: b", "- x", "@at", "*ref", "&anc",
                                   "!tag", "%pct", "ชื่อ \"ไทย\" #1", "๑๒๓"])
def test_cli_titles_that_look_like_yaml(tmp_path: Path, title: str) -> None:
    root = tmp_path / "s"
    (root / "content").mkdir(parents=True)
    (root / "indicators.yml").write_bytes(FLAT.replace("\r\n", "\n").removeprefix("\ufeff").encode("utf-8"))
    (root / "content" / "files").mkdir()
    (root / "content" / "files" / "a.pdf").write_bytes(pdf_bytes())
    proc = oit("add", "o3", "--url", "https://t.go.th/contact", "--title", title, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert load_site(root).items["o3"].documents[-1].title == title
