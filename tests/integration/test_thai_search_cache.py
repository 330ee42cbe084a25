"""The Thai search hook's segmentation cache in a real ``mkdocs build --strict``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from oit.search.thai_search import CACHE_FILE, VOCABULARY_NAME
from tests.support.mkdocs_runs import run_mkdocs, thai_search_config

REPO = Path(__file__).resolve().parents[2]

CONFIG = thai_search_config("ทดสอบแคชการตัดคำ")

PAGES = {
    "index.md": "# ศูนย์ข้อมูลข่าวสาร\n\nขอดูได้ที่ศูนย์ข้อมูลข่าวสารของราชการตามพระราชบัญญัติ\n",
    "hr.md": "# ทรัพยากรบุคคล\n\nสำนักงานได้รายงานการใช้จ่ายงบประมาณและการบริหารทรัพยากรบุคคล\n",
}


def make_project(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "hooks").mkdir()
    shutil.copyfile(REPO / "hooks" / "thai_search.py", root / "hooks" / "thai_search.py")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return root


def build(root: Path, out: Path, **env: str) -> str:
    """``mkdocs build --strict`` of ``root`` into ``out``; returns its log."""
    proc = run_mkdocs(root, out, timeout=240, **env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def search_files(out: Path) -> tuple[bytes, bytes]:
    return ((out / "search" / "search_index.json").read_bytes(),
            (out / "search" / VOCABULARY_NAME).read_bytes())


def test_rebuilds_reuse_the_cache_and_write_the_same_files(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    cold_log = build(root, tmp_path / "cold")
    cache = root / CACHE_FILE
    assert cache.is_file(), "the cache lives in .oit-cache beside mkdocs.yml"
    assert "0 reused" in cold_log
    warm_log = build(root, tmp_path / "warm")
    assert " 0 new" in warm_log, warm_log
    build(root, tmp_path / "uncached", OIT_NO_CACHE="1")
    assert search_files(tmp_path / "warm") == search_files(tmp_path / "cold") == search_files(
        tmp_path / "uncached")


def test_a_corrupt_cache_does_not_fail_a_strict_build(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / CACHE_FILE).parent.mkdir()
    (root / CACHE_FILE).write_bytes(b"\x00not json")
    log = build(root, tmp_path / "site")
    assert "แคช" in log
    assert (tmp_path / "site" / "search" / VOCABULARY_NAME).is_file()


def test_a_rebuild_after_one_edit_segments_only_that_pages_documents(tmp_path: Path) -> None:
    """Edit hr.md: the rebuild segments exactly the index documents of hr.html (seen in
    the log and in the cache file's entries), and writes what a build without any cache
    writes."""
    root = make_project(tmp_path / "project")
    build(root, tmp_path / "cold")
    before = set(json.loads((root / CACHE_FILE).read_text("utf-8"))["documents"])
    page = root / "docs" / "hr.md"  # one paragraph edited, one section added
    text = page.read_text("utf-8").replace("ทรัพยากรบุคคล\n", "ทรัพยากรบุคคลอย่างเป็นธรรม\n")
    page.write_text(text + "\n## การพัฒนาบุคลากร\n\nจัดอบรมพนักงานจ้างทุกไตรมาส\n", "utf-8")
    log = build(root, tmp_path / "warm")
    build(root, tmp_path / "uncached", OIT_NO_CACHE="1")
    assert search_files(tmp_path / "warm") == search_files(tmp_path / "uncached")

    docs = json.loads((tmp_path / "warm" / "search" / "search_index.json").read_text("utf-8"))["docs"]
    edited = [d for d in docs if d["location"].startswith("hr.html")]
    others = [d for d in docs if not d["location"].startswith("hr.html")]
    assert len(edited) == 2 and others  # the page (its text before the new section) and the section
    counts = re.search(r"cache: (\d+) reused, (\d+) new", log)
    assert counts, log
    assert (int(counts[1]), int(counts[2])) == (len(others), len(edited))
    after = set(json.loads((root / CACHE_FILE).read_text("utf-8"))["documents"])
    assert len(after - before) == len(edited) and len(before - after) == 1  # hr.html's old entry
