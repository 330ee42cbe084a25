"""The archived years are kept in .oit-cache/archives.pickle: an edit to indicators.yml
reads only the current year again, and the cache never changes what is built."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.synthetic import AS_OF, make_site
from oit.build.build_data import ARCHIVES_CACHE_FILE, CACHE_FILE, shared_build


def _files(root: Path, *, cache: bool) -> dict[str, str]:
    return shared_build({}, root, AS_OF, cache=root / CACHE_FILE if cache else None).files


def _retitle(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    quoted = json.dumps(old, ensure_ascii=False)
    assert text.count(quoted) == 1
    path.write_text(text.replace(quoted, json.dumps(new, ensure_ascii=False)), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = make_site(tmp_path / "site", years=2, docs_per_item=6).root
    assert _files(root, cache=True)  # fills both caches
    assert (root / ARCHIVES_CACHE_FILE).is_file()
    return root


def _first_title(path: Path) -> str:
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "{title: " in ln)
    return str(json.loads(line.split("{title: ", 1)[1].split(", file:", 1)[0]))


def test_an_edit_of_indicators_yml_reuses_the_archived_years(site: Path) -> None:
    stamp = (site / ARCHIVES_CACHE_FILE).stat().st_mtime_ns
    config = site / "indicators.yml"
    _retitle(config, _first_title(config), "ชื่อใหม่ของเอกสารปีปัจจุบัน")
    cached = _files(site, cache=True)
    assert (site / ARCHIVES_CACHE_FILE).stat().st_mtime_ns == stamp  # a hit: not written again
    assert any("ชื่อใหม่ของเอกสารปีปัจจุบัน" in text for text in cached.values())
    assert cached == _files(site, cache=False)


def test_an_edited_archive_is_read_again(site: Path) -> None:
    archive = site / "archive" / "2569.yml"
    _retitle(archive, _first_title(archive), "ชื่อใหม่ของเอกสารปีที่แล้ว")
    cached = _files(site, cache=True)
    assert "ชื่อใหม่ของเอกสารปีที่แล้ว" in cached["ita/archive/2569.md"]
    assert cached == _files(site, cache=False)


def test_a_corrupt_archive_cache_is_only_a_miss(site: Path) -> None:
    (site / ARCHIVES_CACHE_FILE).write_bytes(b"not a key\n\x80garbage")
    (site / CACHE_FILE).unlink()
    assert _files(site, cache=True) == _files(site, cache=False)
    assert (site / ARCHIVES_CACHE_FILE).stat().st_size > 1000  # written again, whole


def test_archive_pages_of_archived_years_are_kept_and_used(tmp_path: Path) -> None:
    from oit.core.indicators import load_archives, load_site
    from oit.pages.generate import generate_pages

    root = make_site(tmp_path / "site", years=3, docs_per_item=2).root
    site = load_site(root, as_of=AS_OF)
    archives = load_archives(site)
    fresh = generate_pages(site, AS_OF, archives=archives)
    kept: dict[int, str] = {}
    assert generate_pages(site, AS_OF, archives=archives, kept=kept) == fresh
    current = site.fiscal_year.be_year
    assert sorted(kept) == [current - 2, current - 1]  # the archived years; never the current one
    assert all(kept[year] == fresh[f"ita/archive/{year}.md"] for year in kept)
    # what is kept is what is published: nothing of those years is made again
    marked = {year: f"{text}\n<!-- kept -->\n" for year, text in kept.items()}
    again = generate_pages(site, AS_OF, archives=archives, kept=marked)
    assert all(again[f"ita/archive/{year}.md"].endswith("<!-- kept -->\n") for year in kept)
    assert again[f"ita/archive/{current}.md"] == fresh[f"ita/archive/{current}.md"]


def test_a_year_the_current_file_adds_to_is_never_kept(tmp_path: Path) -> None:
    from oit.core.indicators import load_archives, load_site
    from oit.pages.generate import generate_pages

    root = make_site(tmp_path / "site", years=2, docs_per_item=2).root
    config = root / "indicators.yml"
    text = config.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "{title: " in ln)
    # a document of last year recorded in this year's file: it shows on last year's page
    late = re.sub(r"date: [0-9-]+", "date: 2569-05-01", line).replace('", file:', ' (ส่งช้า)", file:', 1)
    config.write_text(text.replace(line, f"{line}\n{late}", 1), encoding="utf-8")
    site = load_site(root, as_of=AS_OF)
    kept: dict[int, str] = {}
    pages = generate_pages(site, AS_OF, archives=load_archives(site), kept=kept)
    assert "(ส่งช้า)" in pages["ita/archive/2569.md"]
    assert kept == {}
