"""The hooks' build cache (.oit-cache/build.pickle) in real ``mkdocs build --strict`` runs.

A cached build must give exactly the site an uncached build gives, and any change to
what the pages are made from must be seen.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from oit.build.build_data import CACHE_FILE, fingerprint
from oit.build.print_addresses import CACHE_FILE as PRINT_CACHE_FILE
from tests.support.mkdocs_runs import run_mkdocs
from tests.support.sample import copy_sample, tree_digest

AS_OF = "2570-04-30"


def mkdocs(root: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_mkdocs(root, out, OIT_AS_OF=AS_OF, **env)


def built(root: Path, out: Path, **env: str) -> dict[str, bytes]:
    proc = mkdocs(root, out, **env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return tree_digest(out)


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The sample, built once without any cache (the reference) and once to fill the cache."""
    root = copy_sample(tmp_path_factory.mktemp("cache") / "site")
    reference = built(root, root.parent / "uncached", OIT_NO_CACHE="1")
    assert not (root / CACHE_FILE).exists()
    built(root, root.parent / "first")
    assert (root / CACHE_FILE).is_file()
    return root, reference


def test_cached_build_is_the_uncached_site(warm: tuple[Path, dict[str, bytes]]) -> None:
    root, reference = warm
    stamps = [(root / name).stat().st_mtime_ns for name in (CACHE_FILE, PRINT_CACHE_FILE)]
    assert built(root, root.parent / "second") == reference
    # a hit: nothing rewritten, the pages and every page's print addresses came from the cache
    assert [(root / name).stat().st_mtime_ns for name in (CACHE_FILE, PRINT_CACHE_FILE)] == stamps


@pytest.fixture
def warm_copy(tmp_path: Path) -> Path:
    """A fresh copy of the sample with its build cache filled (the cache is per folder)."""
    site = copy_sample(tmp_path / "site")
    built(site, tmp_path / "first")
    assert (site / CACHE_FILE).is_file()
    return site


def test_changed_title_is_seen(warm_copy: Path, tmp_path: Path) -> None:
    config = warm_copy / "indicators.yml"
    text = config.read_text(encoding="utf-8")
    old = "title: แผนผังโครงสร้างองค์กร (ฝ่ายการเมืองและฝ่ายข้าราชการประจำ)"
    assert old in text
    config.write_text(text.replace(old, "title: แผนผังโครงสร้างส่วนราชการใหม่", 1), encoding="utf-8")
    out = built(warm_copy, tmp_path / "out")
    assert "แผนผังโครงสร้างส่วนราชการใหม่".encode() in out["ita/o1.html"]
    assert out == built(warm_copy, tmp_path / "uncached", OIT_NO_CACHE="1")


def test_deleted_document_fails_instead_of_coming_from_the_cache(warm_copy: Path, tmp_path: Path) -> None:
    victim = next((warm_copy / "content" / "files").rglob("*.pdf"))
    victim.unlink()
    proc = mkdocs(warm_copy, tmp_path / "out")
    assert proc.returncode != 0
    assert "ไม่พบไฟล์" in proc.stdout + proc.stderr


def test_corrupt_cache_is_ignored(warm: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    root, reference = warm
    (root / CACHE_FILE).write_bytes(b"\x80\x05not a pickle at all")
    assert built(root, tmp_path / "out") == reference
    assert (root / CACHE_FILE).stat().st_size > 1000  # rewritten whole


def test_fingerprint_follows_inputs(tmp_path: Path) -> None:
    site = copy_sample(tmp_path / "site")
    day = date(2027, 4, 30)
    first = fingerprint(site, day)
    assert fingerprint(site, day) == first
    assert fingerprint(site, date(2027, 5, 1)) != first  # statuses and "as of" depend on the day
    page = site / "content" / "contact.md"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000_000))
    touched = fingerprint(site, day)
    assert touched != first  # a content file changed: sizes, dates and feeds may differ
    (site / "content" / "new.pdf").write_bytes(b"%PDF-1.4\n")
    assert fingerprint(site, day) != touched
