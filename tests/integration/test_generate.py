"""The page generator: golden pages for the sample, and it runs without mkdocs."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from oit.core.indicators import load_site
from oit.pages.citizen import with_citizen_pages
from oit.pages.generate import generate_pages, md

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "pages"
AS_OF = date(2027, 4, 30)  # BE 2570-04-30, the sample's frozen check date
UPDATE = os.environ.get("OIT_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def sample_pages() -> dict[str, str]:
    return generate_pages(load_site(ROOT, as_of=AS_OF), AS_OF)


def test_sample_has_index_items_and_archive(sample_pages: dict[str, str]) -> None:
    site = load_site(ROOT, as_of=AS_OF)
    for code in site.catalog.codes:
        assert f"ita/{code}.md" in sample_pages
    assert "ita/index.md" in sample_pages
    assert "ita/archive/index.md" in sample_pages
    assert f"ita/archive/{site.fiscal_year.be_year}.md" in sample_pages


def test_golden_pages(sample_pages: dict[str, str]) -> None:
    """Generated Markdown is pinned; run with OIT_UPDATE_GOLDEN=1 to accept a change."""
    if UPDATE:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in sample_pages.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(expected) == sorted(sample_pages)
    for rel, text in sample_pages.items():
        assert text == expected[rel], f"{rel} differs from its golden copy"


def test_markdown_escaping_of_hostile_titles() -> None:
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("a|b [x](javascript:y) *z*") == r"a\|b \[x\](javascript:y) \*z\*"
    assert md("line\nbreak") == "line break"


BLOCK_MKDOCS = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "mkdocs" or name.startswith("mkdocs.") or name == "material" or name.startswith("material."):
            raise ImportError("mkdocs is blocked in this test")
        return None
sys.meta_path.insert(0, Block())
from oit.cli.main import main
sys.argv = ["oit", *sys.argv[1:]]
main()
"""


def test_generate_runs_with_mkdocs_blocked(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_MKDOCS, "generate", "--site", str(ROOT), "--as-of", "2570-04-30",
         "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    site = load_site(ROOT, as_of=AS_OF)
    ita_pages = generate_pages(site, AS_OF)
    everything = with_citizen_pages(site, AS_OF, ita_pages)
    assert written == set(everything)
    assert set(ita_pages) < written  # the ITA pages, plus the citizen's files
    assert {"feed.xml", "robots.txt"} <= written
    for rel in written:
        assert (out / rel).read_bytes().decode("utf-8") == everything[rel], rel
    dated = '---\noit_updated: "30 เมษายน พ.ศ. 2570"\noit_updated_iso: "2027-04-30"\n'
    assert everything["ita/index.md"] == dated + ita_pages["ita/index.md"].removeprefix("---\n")
    # every item page carries its QR code section, as in the mkdocs build: the code of its
    # own address, and the printable file beside it
    for code in site.catalog.codes:
        text = (out / "ita" / f"{code}.md").read_text(encoding="utf-8")
        assert text.startswith(dated), code
        assert ita_pages[f"ita/{code}.md"].removeprefix("---\n").rstrip() in text, code
        qr = text.split("## คิวอาร์โค้ดของหน้านี้", 1)[1]
        assert '<svg role="img"' in qr and f"{site.organization.site_url}ita/{code}.html" in qr, code
        assert f"(qr/{code}.svg)" in qr and (out / "ita" / "qr" / f"{code}.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_rows_show_the_size_measured_at_load() -> None:
    """A file's size comes from the load's own stat; a document made without it is stat'ed."""
    from dataclasses import replace

    from oit.core.indicators import load_archives
    from oit.pages.generate import document_row

    site = load_site(ROOT, as_of=AS_OF)
    files = [
        (source, doc)
        for source in [site, *load_archives(site)]
        for record in source.items.values()
        for doc in record.documents
        if doc.kind == "file"
    ]
    assert len(files) >= 10
    for source, doc in files:
        assert doc.size == (source.content_dir / doc.target).stat().st_size, doc.target
        unmeasured = replace(doc, size=None)
        assert unmeasured == doc  # the size is not part of a document's identity
        assert document_row(source, unmeasured, "ita") == document_row(source, doc, "ita")
    urls = [doc for record in site.items.values() for doc in record.documents if doc.kind == "url"]
    assert urls and all(doc.size is None for doc in urls)
