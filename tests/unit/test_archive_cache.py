"""The archived years are kept in .oit-cache/archives.pickle: an edit to indicators.yml
reads only the current year again, and the cache never changes what is built."""

from __future__ import annotations

import json
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
