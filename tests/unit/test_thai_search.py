"""oit.thai_search: Thai words separated in Material's search index, the hidden field of
words inside and across words, the vocabulary for the query side, and the hook."""

from __future__ import annotations

import copy
import importlib.util
import json
import logging
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from oit.thai_search import (
    SEARCH_SEPARATOR,
    SUBWORD_BOOST,
    SUBWORD_FIELD,
    VOCABULARY_NAME,
    ZWSP,
    build_vocabulary,
    crossing_words,
    dictionary_parts,
    hidden_words,
    plain_text,
    rewrite_search_index,
    segment_index,
    segment_search_index,
    segment_text,
    subwords,
    thai_words,
)

REPO = Path(__file__).resolve().parents[2]


def words_of(text: str) -> list[str]:
    """The terms Material's search makes of segmented ``text`` (tags dropped)."""
    return [t for t in re.split(SEARCH_SEPARATOR, re.sub(r"<[^>]*>", " ", text)) if t]


def material_index(*docs: dict[str, Any]) -> dict[str, Any]:
    """A search_index.json as Material 9.8 writes it."""
    return {
        "config": {
            "lang": ["en"],
            "separator": SEARCH_SEPARATOR,
            "pipeline": ["stopWordFilter"],
            "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                       "tags": {"boost": 1000000.0}},
        },
        "docs": list(docs),
    }


# ------------------------------------------------------------------------ segment_text


def test_thai_words_are_joined_with_zero_width_spaces() -> None:
    text = "การเปิดเผยข้อมูลข่าวสารของราชการ"
    out = segment_text(text)
    assert out.split(ZWSP) == ["การ", "เปิดเผย", "ข้อมูลข่าวสาร", "ของ", "ราชการ"]
    assert out.replace(ZWSP, "") == text


def test_mid_sentence_words_become_their_own_terms() -> None:
    text = "องค์การได้เผยแพร่แผนการจัดซื้อจัดจ้างและรายงานผลการตรวจรับพัสดุ"
    terms = words_of(segment_text(text))
    for word in ["เผยแพร่", "จัดซื้อจัดจ้าง", "รายงาน", "ผล", "พัสดุ"]:
        assert word in terms, terms


def test_non_thai_text_is_left_alone() -> None:
    for text in ["", "plain English text", "o11 report 2569-10", "  spaced   out  "]:
        assert segment_text(text) == text


def test_spaces_stay_spaces_and_get_no_zwsp_beside_them() -> None:
    out = segment_text("ข้อมูล ข่าวสาร  ราชการ")
    assert out == "ข้อมูล ข่าวสาร  ราชการ"


def test_html_tags_and_entities_are_not_touched() -> None:
    text = ('<p>ประกาศ<a href="/ข้อมูลข่าวสาร.html" title="รายงานผล">รายงานผลการจัดซื้อ</a>'
            '&amp;&nbsp;&#3585;&#x0E01;<!-- ความเห็นภาษาไทย --><code>พัสดุ</code></p>')
    out = segment_text(text)
    assert '<a href="/ข้อมูลข่าวสาร.html" title="รายงานผล">' in out
    assert "&amp;&nbsp;&#3585;&#x0E01;" in out
    assert "<!-- ความเห็นภาษาไทย -->" in out
    assert f"รายงาน{ZWSP}ผล{ZWSP}การ{ZWSP}จัดซื้อ" in out
    assert out.replace(ZWSP, "") == text


def test_thai_against_latin_letters_or_digits_is_split_but_punctuation_is_not() -> None:
    assert segment_text("ปีงบ2569ของ") == f"ปี{ZWSP}งบ{ZWSP}2569{ZWSP}ของ"
    assert segment_text("o11รายงาน") == f"o11{ZWSP}รายงาน"
    assert ZWSP not in segment_text("ป.ป.ช.")
    assert segment_text("(ITA)") == "(ITA)"


def test_segmenting_twice_changes_nothing() -> None:
    text = "<p>ศูนย์ข้อมูลข่าวสารของราชการตามพระราชบัญญัติ ปี2569</p>"
    once = segment_text(text)
    assert segment_text(once) == once


def test_plain_text_drops_markup_and_zwsp() -> None:
    assert plain_text(f"<p>ข้อมูล{ZWSP}ข่าวสาร &amp; ราชการ</p>").strip() == "ข้อมูลข่าวสาร & ราชการ"


# ------------------------------------------------------------------- words inside words


@pytest.mark.parametrize(
    ("compound", "part"),
    [
        ("ข้อมูลข่าวสาร", "ข่าวสาร"),
        ("ทรัพยากรบุคคล", "บุคคล"),
        ("จัดซื้อจัดจ้าง", "จัดจ้าง"),
        ("ประพฤติมิชอบ", "มิชอบ"),
        ("ปีงบประมาณ", "งบประมาณ"),
        ("องค์การบริหารส่วนตำบล", "ตำบล"),
    ],
)
def test_words_inside_a_compound_are_hidden_words(compound: str, part: str) -> None:
    assert part in subwords(compound)


def test_a_word_that_starts_the_compound_is_left_to_the_wildcard() -> None:
    assert "ข้อมูล" in dictionary_parts("ข้อมูลข่าวสาร")
    assert "ข้อมูล" not in subwords("ข้อมูลข่าวสาร")
    assert "จัดซื้อ" not in subwords("จัดซื้อจัดจ้าง")


def test_parts_follow_syllables_and_the_dictionary() -> None:
    assert "รง" not in dictionary_parts("โครงการ")       # not across a syllable
    assert "วสา" not in dictionary_parts("ข้อมูลข่าวสาร")
    assert dictionary_parts("พัสดุ") == ()               # not made of dictionary words
    assert dictionary_parts("การ") == ()


def test_words_newmm_cut_apart_are_found_across_its_boundaries() -> None:
    run = "ศูนย์ข้อมูลข่าวสารของราชการตามพระราชบัญญัติ"
    assert "ราชการ" not in thai_words(run)  # newmm: ราช|การตาม
    assert "ราชการ" in crossing_words(run)
    run = "สำนักงานได้รายงานการใช้จ่ายงบประมาณ"
    assert "รายงาน" not in thai_words(run)  # newmm: ราย|งานการ
    assert "รายงาน" in hidden_words(run)


def test_a_single_word_run_has_no_crossing_words() -> None:
    assert crossing_words("พัสดุ") == ()


# ------------------------------------------------------------------------------- index


def test_segment_index_separates_words_and_adds_the_hidden_field() -> None:
    index = material_index(
        {"location": "info.html", "title": "ศูนย์ข้อมูลข่าวสาร",
         "text": "<p>ขอดูได้ที่ศูนย์ข้อมูลข่าวสารของราชการตามพระราชบัญญัติ</p>"},
        {"location": "en.html", "title": "English", "text": "<p>No Thai here.</p>",
         "tags": ["a"], "boost": 2},
    )
    before = copy.deepcopy(index)
    out = segment_index(index)
    assert index == before, "the input must not be modified"
    assert out["config"]["fields"][SUBWORD_FIELD] == {"boost": SUBWORD_BOOST}
    assert out["config"]["fields"]["title"] == {"boost": 1000.0}
    assert out["config"]["separator"] == SEARCH_SEPARATOR
    info, english = out["docs"]
    assert info["location"] == "info.html"
    assert f"ของ{ZWSP}ราช" in info["text"]
    hidden = info[SUBWORD_FIELD].split()
    assert {"ข่าวสาร", "ราชการ"} <= set(hidden)
    assert not set(hidden) & set(words_of(info["text"])), "hidden words repeat own terms"
    assert english == before["docs"][1], "documents without Thai are unchanged"


def test_segment_index_twice_changes_nothing() -> None:
    index = material_index({"location": "a.html", "title": "ทรัพยากรบุคคล",
                            "text": "<p>การบริหารทรัพยากรบุคคลที่เป็นธรรม</p>"})
    once = segment_index(index)
    assert segment_index(once) == once


def test_the_vocabulary_has_the_words_and_their_parts() -> None:
    index = material_index({"location": "a.html", "title": "หน้า",
                            "text": "<p>รายงานผลการจัดซื้อจัดจ้าง</p>"})
    result = segment_search_index(index)
    words = result.vocabulary
    assert words == sorted(words)
    assert {"รายงาน", "ผล", "จัดซื้อจัดจ้าง", "จัดซื้อ", "จัดจ้าง"} <= set(words)
    assert all(ZWSP not in w and " " not in w for w in words)
    assert build_vocabulary(result.index) == words
    assert result.documents == result.thai_documents == 1


def test_an_index_without_docs_or_fields_is_handled() -> None:
    out = segment_index({"config": {}, "docs": []})
    assert out["docs"] == []
    assert SUBWORD_FIELD in out["config"]["fields"]


# -------------------------------------------------------------------------- rewriting


def test_rewrite_search_index_writes_index_and_vocabulary(tmp_path: Path) -> None:
    search = tmp_path / "search"
    search.mkdir()
    index_path = search / "search_index.json"
    index_path.write_text(json.dumps(material_index(
        {"location": "index.html", "title": "หน้าแรก", "text": "<p>รายงานผลการจัดซื้อ</p>"}
    )), encoding="utf-8")
    os.chmod(index_path, 0o644)
    result = rewrite_search_index(tmp_path)
    assert result is not None
    written = json.loads(index_path.read_text("utf-8"))
    assert written == result.index
    assert "รายงาน" in index_path.read_text("utf-8"), "Thai is written as UTF-8, not escaped"
    vocabulary = json.loads((search / VOCABULARY_NAME).read_text("utf-8"))
    assert vocabulary["schema"] == 1
    assert vocabulary["words"] == result.vocabulary
    mode = stat.S_IMODE((search / VOCABULARY_NAME).stat().st_mode)
    assert mode == 0o644, "the web server must be able to read the vocabulary"


def test_rewrite_search_index_without_search_does_nothing(tmp_path: Path) -> None:
    assert rewrite_search_index(tmp_path) is None
    assert not (tmp_path / "search").exists()


def test_importing_the_module_does_not_import_pythainlp() -> None:
    code = "import sys, oit.thai_search; print('pythainlp' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO, env={**os.environ, "PYTHAINLP_READ_ONLY": "1"})
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------------------- hook


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("thai_search_hook", REPO / "hooks" / "thai_search.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hook_runs_after_search_and_before_offline() -> None:
    hook = load_hook()
    assert hook.on_post_build.mkdocs_priority == -50


def test_hook_rewrites_the_built_index(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    hook = load_hook()
    (tmp_path / "search").mkdir()
    bad = material_index({"location": "a.html", "title": "ก", "text": "<p>รายงานผล</p>"})
    bad["config"]["separator"] = r"[\s\-]+"
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(bad), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        hook.on_post_build(config=SimpleNamespace(site_dir=str(tmp_path)))
    assert (tmp_path / "search" / VOCABULARY_NAME).is_file()
    assert any("separator" in r.getMessage() for r in caplog.records), (
        "a separator without U+200B must be reported: Thai words would not be split"
    )


def test_hook_without_search_index_is_quiet(tmp_path: Path) -> None:
    load_hook().on_post_build(config=SimpleNamespace(site_dir=str(tmp_path)))
