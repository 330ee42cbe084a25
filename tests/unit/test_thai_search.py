"""oit.search.thai_search: Thai words separated in Material's search index, the hidden field of
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
from hypothesis import given
from hypothesis import strategies as st

from oit.pages.site_meta import cache_beside
from oit.search import thai_search
from oit.search.thai_search import (
    CACHE_FILE,
    SEARCH_SEPARATOR,
    SUBWORD_BOOST,
    SUBWORD_FIELD,
    VOCABULARY_NAME,
    ZWSP,
    SegmentCache,
    build_vocabulary,
    cache_identity,
    crossing_words,
    dictionary_parts,
    hidden_words,
    plain_text,
    rewrite_search_index,
    segment_document,
    segment_index,
    segment_search_index,
    segment_text,
    subwords,
    thai_runs,
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
    code = "import sys, oit.search.thai_search; print('pythainlp' in sys.modules)"
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


# ------------------------------------------------------------------------------ cache

CACHE_DOCS = (
    {"location": "index.html", "title": "ศูนย์ข้อมูลข่าวสาร",
     "text": "<p>ขอดูได้ที่ศูนย์ข้อมูลข่าวสารของราชการตามพระราชบัญญัติ ปี2569</p>"},
    {"location": "hr.html", "title": "ทรัพยากรบุคคล",
     "text": "<p>สำนักงานได้รายงานการใช้จ่ายงบประมาณ&amp;การบริหารทรัพยากรบุคคล</p>"},
)


def write_site(site: Path, *docs: dict[str, Any]) -> Path:
    """A built site with only ``search/search_index.json`` (unsegmented, as Material writes it)."""
    (site / "search").mkdir(parents=True)
    path = site / "search" / "search_index.json"
    path.write_text(json.dumps(material_index(*docs), ensure_ascii=False), encoding="utf-8")
    return path


def outputs(site: Path) -> tuple[bytes, bytes]:
    search = site / "search"
    return (search / "search_index.json").read_bytes(), (search / VOCABULARY_NAME).read_bytes()


def forget_segmentations() -> None:
    """Empty the in-process caches, so only a SegmentCache can spare PyThaiNLP."""
    for function in (thai_words, hidden_words, crossing_words, thai_search._newmm_words,
                     thai_search._parts, thai_search._syllable_cuts):
        function.cache_clear()


def not_segmented(*args: Any) -> Any:
    raise AssertionError("a document was segmented although it is in the cache")


def stored_documents(cache_file: Path) -> dict[str, list[Any]]:
    documents: dict[str, list[Any]] = json.loads(cache_file.read_text("utf-8"))["documents"]
    return documents


def test_a_warm_cache_gives_the_same_files_without_segmenting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_file = tmp_path / ".oit-cache" / "thai-search.json"
    write_site(tmp_path / "plain", *CACHE_DOCS)
    write_site(tmp_path / "cold", *CACHE_DOCS)
    write_site(tmp_path / "warm", *CACHE_DOCS)
    assert rewrite_search_index(tmp_path / "plain") is not None
    cold = rewrite_search_index(tmp_path / "cold", cache_file)
    assert cold is not None and cold.cache is not None
    assert (cold.cache.hits, cold.cache.misses, cold.cache.notes) == (0, len(CACHE_DOCS), [])
    stored = json.loads(cache_file.read_text("utf-8"))
    assert stored["identity"] == cache_identity()
    doc = CACHE_DOCS[0]
    segmented = segment_document(doc["title"], doc["text"])
    assert stored["documents"][thai_search._document_key(doc["title"], doc["text"])] == [
        segmented.title, segmented.text, segmented.hidden, list(segmented.words), list(segmented.runs)]
    assert set(stored["runs"]) == {run for d in stored["documents"].values() for run in d[4]}

    forget_segmentations()
    monkeypatch.setattr(thai_search, "segment_document", not_segmented)
    monkeypatch.setattr(thai_search, "write_text_atomic", _write_unless_cache(cache_file))
    warm = rewrite_search_index(tmp_path / "warm", cache_file)
    assert warm is not None and warm.cache is not None
    assert warm.cache.misses == 0 and warm.cache.hits == cold.cache.misses
    assert outputs(tmp_path / "warm") == outputs(tmp_path / "cold") == outputs(tmp_path / "plain")
    assert warm.vocabulary == cold.vocabulary


def _write_unless_cache(cache_file: Path) -> Any:
    """write_text_atomic that fails the test when asked to rewrite an unchanged cache."""
    real = thai_search.write_text_atomic

    def write(path: Path, text: str) -> None:
        assert Path(path) != cache_file, "an unchanged cache must not be rewritten"
        real(path, text)

    return write


def test_a_warm_build_builds_no_trie(tmp_path: Path) -> None:
    """In a fresh process, a rebuild of cached text never builds PyThaiNLP's tries."""
    cache_file = tmp_path / "cache.json"
    write_site(tmp_path / "cold", *CACHE_DOCS)
    write_site(tmp_path / "warm", *CACHE_DOCS)
    rewrite_search_index(tmp_path / "cold", cache_file)
    code = ("from pathlib import Path; from oit.search.thai_search import rewrite_search_index; "
            "from oit.search import thai_dictionary as d; "
            f"r = rewrite_search_index(Path({str(tmp_path / 'warm')!r}), Path({str(cache_file)!r})); "
            "print(r.cache.misses, d.tries_built())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO, env={**os.environ, "PYTHAINLP_READ_ONLY": "1"})
    assert out.stdout.split() == ["0", "False"]
    assert outputs(tmp_path / "warm") == outputs(tmp_path / "cold")


def test_new_text_is_segmented_and_only_it(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    write_site(tmp_path / "one", CACHE_DOCS[0])
    first = rewrite_search_index(tmp_path / "one", cache_file)
    write_site(tmp_path / "both", *CACHE_DOCS)
    write_site(tmp_path / "plain", *CACHE_DOCS)
    both = rewrite_search_index(tmp_path / "both", cache_file)
    rewrite_search_index(tmp_path / "plain")
    assert first is not None and first.cache is not None
    assert both is not None and both.cache is not None
    assert (both.cache.hits, both.cache.misses) == (len(first.cache), 1) == (1, 1)
    assert outputs(tmp_path / "both") == outputs(tmp_path / "plain")


def test_an_edited_document_is_the_only_entry_written_anew(tmp_path: Path) -> None:
    """Three documents, one edited: one miss, and the file's entries differ by that one."""
    cache_file = tmp_path / "cache.json"
    third = {"location": "budget.html", "title": "งบประมาณ", "text": "<p>สรุปผลการดำเนินงานรายไตรมาส</p>"}
    write_site(tmp_path / "before", *CACHE_DOCS, third)
    rewrite_search_index(tmp_path / "before", cache_file)
    before = stored_documents(cache_file)
    edited = {**CACHE_DOCS[1], "text": CACHE_DOCS[1]["text"].replace("</p>", "ประจำปี</p>")}
    write_site(tmp_path / "after", CACHE_DOCS[0], edited, third)
    write_site(tmp_path / "plain", CACHE_DOCS[0], edited, third)
    result = rewrite_search_index(tmp_path / "after", cache_file)
    rewrite_search_index(tmp_path / "plain")
    assert result is not None and result.cache is not None
    assert (result.cache.hits, result.cache.misses) == (2, 1)
    after = stored_documents(cache_file)
    key = thai_search._document_key
    assert set(after) - set(before) == {key(edited["title"], edited["text"])}
    assert set(before) - set(after) == {key(CACHE_DOCS[1]["title"], CACHE_DOCS[1]["text"])}
    assert outputs(tmp_path / "after") == outputs(tmp_path / "plain")


def test_an_edit_made_of_known_runs_cuts_no_word(tmp_path: Path) -> None:
    """An edited page is a document never seen, but its runs are known: in a fresh process
    no run is cut and no trie is built; a new run is the only one cut."""
    cache_file = tmp_path / "cache.json"
    write_site(tmp_path / "cold", *CACHE_DOCS)
    rewrite_search_index(tmp_path / "cold", cache_file)
    # the first document's title put into the second's text, as its own run
    known = {**CACHE_DOCS[1], "text": CACHE_DOCS[1]["text"].replace("</p>", " ศูนย์ข้อมูลข่าวสาร</p>")}
    for name in ("warm", "plain"):
        write_site(tmp_path / name, CACHE_DOCS[0], known)
    code = ("from pathlib import Path; from oit.search.thai_search import rewrite_search_index; "
            "from oit.search import thai_dictionary as d; "
            f"r = rewrite_search_index(Path({str(tmp_path / 'warm')!r}), Path({str(cache_file)!r})); "
            "print(r.cache.misses, r.cache.run_misses, d.tries_built())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO, env={**os.environ, "PYTHAINLP_READ_ONLY": "1"})
    assert out.stdout.split() == ["1", "0", "False"]
    rewrite_search_index(tmp_path / "plain")
    assert outputs(tmp_path / "warm") == outputs(tmp_path / "plain")

    new = {**CACHE_DOCS[1], "text": CACHE_DOCS[1]["text"].replace("</p>", " งบประมาณรายจ่ายประจำปี</p>")}
    for name in ("new", "new-plain"):
        write_site(tmp_path / name, CACHE_DOCS[0], new)
    result = rewrite_search_index(tmp_path / "new", cache_file)
    rewrite_search_index(tmp_path / "new-plain")
    assert result is not None and result.cache is not None
    assert (result.cache.misses, result.cache.run_misses) == (1, 1)
    assert outputs(tmp_path / "new") == outputs(tmp_path / "new-plain")
    stored = json.loads(cache_file.read_text("utf-8"))
    assert "งบประมาณรายจ่ายประจำปี" in stored["runs"]


def test_documents_without_thai_are_not_cached(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    write_site(tmp_path / "site", CACHE_DOCS[0], {"location": "en.html", "title": "English", "text": "<p>x</p>"})
    result = rewrite_search_index(tmp_path / "site", cache_file)
    assert result is not None and result.cache is not None
    assert (result.cache.misses, len(stored_documents(cache_file))) == (1, 1)


@pytest.mark.parametrize("content", [
    b"{not json", b"\xff\xfe garbage", b"[]", b'{"identity": {}, "documents": 3}',
    b"", "IDENTITY_WITH_BAD_ENTRY",
])
def test_a_corrupt_cache_is_ignored(tmp_path: Path, content: bytes | str) -> None:
    cache_file = tmp_path / "cache.json"
    if content == "IDENTITY_WITH_BAD_ENTRY":
        content = json.dumps({"identity": cache_identity(),
                              "documents": {"k": ["ราชการ", "ราช การ", "", "ราช การ"]}}).encode()
    assert isinstance(content, bytes)
    cache_file.write_bytes(content)
    write_site(tmp_path / "site", *CACHE_DOCS)
    write_site(tmp_path / "plain", *CACHE_DOCS)
    result = rewrite_search_index(tmp_path / "site", cache_file)
    rewrite_search_index(tmp_path / "plain")
    assert result is not None and result.cache is not None
    assert result.cache.hits == 0
    assert any("แคช" in note for note in result.cache.notes)
    assert outputs(tmp_path / "site") == outputs(tmp_path / "plain")
    assert json.loads(cache_file.read_text("utf-8"))["identity"] == cache_identity(), (
        "the corrupt file is replaced by a good one")


@pytest.mark.parametrize("key", ["schema", "pythainlp", "code"])
def test_a_cache_made_under_another_identity_is_discarded(tmp_path: Path, key: str) -> None:
    cache_file = tmp_path / "cache.json"
    title, text = "ราชการ", "<p>ราชการตามพระราชบัญญัติ</p>"
    poisoned = {thai_search._document_key(title, text): ["ผิด", "<p>ผิด</p>", "", ["ผิด"], []]}
    # The same entry under the right identity is used: the file is really consulted.
    cache_file.write_text(json.dumps({"identity": cache_identity(), "documents": poisoned, "runs": {}}), "utf-8")
    assert SegmentCache(cache_file).document(title, text).words == ("ผิด",)
    identity = {**cache_identity(), key: "something else"}
    cache_file.write_text(json.dumps({"identity": identity, "documents": poisoned, "runs": {}}), "utf-8")
    cache = SegmentCache(cache_file)
    assert cache.document(title, text) == segment_document(title, text)
    assert "ผิด" not in segment_document(title, text).words
    assert cache.notes and "รุ่นอื่น" in cache.notes[0]


def test_a_cache_of_the_previous_schema_is_discarded_as_another_version(tmp_path: Path) -> None:
    """Schema 1 kept PyThaiNLP's answers per run in tables; such a file is replaced."""
    cache_file = tmp_path / "cache.json"
    old_identity = {**cache_identity(), "schema": 1}
    cache_file.write_text(json.dumps({"identity": old_identity, "tables": {"words": {}, "hidden": {}, "parts": {}}}))
    write_site(tmp_path / "site", *CACHE_DOCS)
    result = rewrite_search_index(tmp_path / "site", cache_file)
    assert result is not None and result.cache is not None
    assert result.cache.notes and "รุ่นอื่น" in result.cache.notes[0]
    assert len(stored_documents(cache_file)) == len(CACHE_DOCS)


def test_unused_entries_are_dropped(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    write_site(tmp_path / "both", *CACHE_DOCS)
    rewrite_search_index(tmp_path / "both", cache_file)
    assert len(stored_documents(cache_file)) == 2
    write_site(tmp_path / "one", CACHE_DOCS[0])
    result = rewrite_search_index(tmp_path / "one", cache_file)
    assert result is not None and result.cache is not None and result.cache.misses == 0
    kept = stored_documents(cache_file)
    assert set(kept) == {thai_search._document_key(CACHE_DOCS[0]["title"], CACHE_DOCS[0]["text"])}
    assert len(result.cache) == 1


def test_the_vocabulary_is_the_union_of_the_documents_words() -> None:
    """Each cached document carries its part of the vocabulary; their union is what
    reading the segmented index back gives (build_vocabulary)."""
    result = segment_search_index(material_index(*CACHE_DOCS))
    union = set()
    for doc in CACHE_DOCS:
        union.update(segment_document(doc["title"], doc["text"]).words)
    assert result.vocabulary == sorted(union) == build_vocabulary(result.index)


def test_an_unwritable_cache_does_not_stop_the_rewrite(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    cache_file = tmp_path / "not-a-folder" / "cache.json"
    write_site(tmp_path / "site", *CACHE_DOCS)
    result = rewrite_search_index(tmp_path / "site", cache_file)
    assert result is not None and result.cache is not None
    assert any("เขียนแคช" in note for note in result.cache.notes)
    assert (tmp_path / "site" / "search" / VOCABULARY_NAME).is_file()


def test_an_unreadable_cache_is_ignored(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    cache_file.mkdir()  # reading a folder fails whoever runs the test, root included
    cache = SegmentCache(cache_file)
    assert cache.document("ราชการ", None) == segment_document("ราชการ", None)
    assert cache.notes and "อ่านแคช" in cache.notes[0]
    assert not cache.save()
    assert any("เขียนแคช" in note for note in cache.notes)


def test_an_in_memory_cache_is_never_saved() -> None:
    cache = SegmentCache()
    assert cache.document("ข้อมูลข่าวสาร", None).words == segment_document("ข้อมูลข่าวสาร", None).words
    assert not cache.save()


def test_hook_keeps_the_cache_beside_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("OIT_NO_CACHE", raising=False)
    hook = load_hook()
    write_site(tmp_path / "site", *CACHE_DOCS)
    config = SimpleNamespace(site_dir=str(tmp_path / "site"),
                             config_file_path=str(tmp_path / "mkdocs.yml"))
    assert cache_beside(config.config_file_path, CACHE_FILE) == tmp_path / ".oit-cache" / "thai-search.json"
    assert cache_beside(None, CACHE_FILE) is None  # mkdocs.yml from standard input
    with caplog.at_level(logging.INFO):
        hook.on_post_build(config=config)
    assert (tmp_path / CACHE_FILE).is_file()
    assert any("cache: 0 reused" in r.getMessage() for r in caplog.records)


def test_hook_reports_a_bad_cache_without_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("OIT_NO_CACHE", raising=False)
    (tmp_path / CACHE_FILE).parent.mkdir()
    (tmp_path / CACHE_FILE).write_text("{oops", encoding="utf-8")
    write_site(tmp_path / "site", *CACHE_DOCS)
    with caplog.at_level(logging.INFO):
        load_hook().on_post_build(config=SimpleNamespace(
            site_dir=str(tmp_path / "site"), config_file_path=str(tmp_path / "mkdocs.yml")))
    notes = [r for r in caplog.records if "แคช" in r.getMessage()]
    assert notes, "the officer is told the cache was not used"
    assert all(r.levelno < logging.WARNING for r in notes), "--strict must not fail on the cache"


@pytest.mark.parametrize(("value", "cached"), [("1", False), ("yes", False), ("0", True), ("", True)])
def test_hook_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      value: str, cached: bool) -> None:
    monkeypatch.setenv("OIT_NO_CACHE", value)
    write_site(tmp_path / "site", *CACHE_DOCS)
    load_hook().on_post_build(config=SimpleNamespace(
        site_dir=str(tmp_path / "site"), config_file_path=str(tmp_path / "mkdocs.yml")))
    assert (tmp_path / "site" / "search" / VOCABULARY_NAME).is_file()
    assert (tmp_path / CACHE_FILE).exists() == cached


def test_segmenting_is_pythainlps_public_tokenizers() -> None:
    """thai_words is word_tokenize(engine="newmm") with PyThaiNLP's own word list, and
    _syllables is syllable_tokenize(engine="dict"), on every Thai run of the sample."""
    from pythainlp.tokenize import syllable_tokenize, word_tokenize

    from oit.search.thai_search import _syllables

    sample = (Path(__file__).resolve().parents[2] / "indicators.yml").read_text(encoding="utf-8")
    runs = sorted(set(re.findall(r"[\u0e00-\u0e7f]+", sample)))
    assert len(runs) > 100
    for run in runs:
        assert list(thai_words(run)) == word_tokenize(run, engine="newmm", keep_whitespace=False)
        assert _syllables(run) == syllable_tokenize(run, engine="dict")


def test_runs_collected_while_segmenting_are_the_runs_of_the_plain_text() -> None:
    """segment_and_runs gives what the two separate passes give, on text mixing Thai,
    tags, comments, character references, ZWSP, Latin letters and digits."""
    import random

    from oit.search.thai_search import segment_and_runs, thai_words

    pieces = ["ข้อมูล", "ข่าวสาร", "ปี", "2569", "ab", " ", "<b>", "</b>", "<", ">", "<!-- ราย -->",
              "<a title=\"ราย งาน\">", ZWSP, "&amp;", "&#3585;", "&nbsp;", "\n", "ฯ", "๒๕๖๙", "."]
    rng = random.Random(20261203)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        expected = (segment_text(text), list(thai_runs(plain_text(text))) if thai_search.is_thai(text) else [])
        got = segment_and_runs(text, thai_words)
        if thai_search.is_thai(text):
            assert got == expected, text
        else:
            assert got[0] == expected[0] == text, text


@given(st.text(alphabet=" \t\n\u200bกขa1<>&;", max_size=24))
def test_zwsp_beside_whitespace_is_found_as_the_plain_lookaround_finds_it(text: str) -> None:
    """The ZWSP-first pattern removes exactly the ZWSPs that touch whitespace."""
    plain = re.compile("\u200b(?=\\s)|(?<=\\s)\u200b")
    assert thai_search._ZWSP_AT_SPACE.sub("", text) == plain.sub("", text)


@given(st.lists(st.sampled_from(["<", ">", "&", "#", "x", "1", "a", ";", "!", "-", "ก", "่", " ", "\n",
                                 "<!--", "-->", "&amp;", "&#3585;", "<p>", "</p>", "ไทย"]), max_size=16))
def test_one_pass_pattern_matches_markup_or_a_thai_run(pieces: list[str]) -> None:
    """The one-character-class pattern finds what ``markup | Thai run`` finds, in order."""
    text = "".join(pieces)
    plain = re.compile(thai_search._MARKUP.pattern + "|" + thai_search._THAI_RUN.pattern, re.DOTALL)
    ours = [(m.span(), m.group()[0] in "<&") for m in thai_search._MARKUP_OR_THAI_RUN.finditer(text)]
    assert ours == [(m.span(), bool(m.lastindex)) for m in plain.finditer(text)]


def _segment_text_reference(text: str) -> str:
    """segment_text written plainly: markup split off first, each Thai run cut on its own."""
    if not thai_search.is_thai(text):
        return text
    text = text.replace(ZWSP, "")
    alnum = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    out = []
    for is_markup, part in thai_search._plain_parts(text):
        if is_markup:
            out.append(part)
            continue

        def cut(match: re.Match[str], part: str = part) -> str:
            joined = ZWSP.join(thai_search.thai_words(match.group()))
            start, end = match.span()
            if start and part[start - 1] in alnum:
                joined = ZWSP + joined
            if end < len(part) and part[end] in alnum:
                joined += ZWSP
            return joined

        out.append(thai_search._THAI_RUN.sub(cut, part))
    joined = re.sub(ZWSP + "{2,}", ZWSP, "".join(out))
    return re.sub(f"{ZWSP}(?=\\s)|(?<=\\s){ZWSP}", "", joined)


@given(st.lists(st.sampled_from(["<", ">", "&", "#", "x", "1", "a", ";", "!", "-", "ก", "่", " ", "\n", ZWSP,
                                 "<!--", "-->", "&amp;", "&#3585;", "<p>", "</p>", "<td>", "ข้อมูลข่าวสาร",
                                 "ปี", "2569", "ไทย", "<a title=\"ราย งาน\">", "๒๕๖๙", "ฯ"]), max_size=16))
def test_one_pass_segmenting_matches_the_plain_reference(pieces: list[str]) -> None:
    """The split-and-loop pass gives what cutting each plain part's runs separately gives."""
    text = "".join(pieces)
    assert segment_text(text) == _segment_text_reference(text)
