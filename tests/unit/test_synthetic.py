"""bench/synthetic.py: the benchmark sites are valid, deterministic, and pass on the bench day."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.synthetic import AS_OF, make_site, pdf_bytes
from oit.checker.documents import check_documents
from oit.core.catalog import Period
from oit.core.indicators import load_archives, load_site
from oit.pages.generate import evaluate_site, generate_pages

THAI = re.compile(r"[\u0e00-\u0e7f]")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_archive_layout_loads_with_earlier_years_archived(tmp_path: Path) -> None:
    made = make_site(tmp_path / "s", years=3, docs_per_item=2)
    assert made.fiscal_years == [2568, 2569, 2570]
    assert made.documents == 3 * 26 * 2 and made.checked_documents == 26 * 2
    assert [p.name for p in made.archives] == ["2568.yml", "2569.yml"]
    site = load_site(made.root, as_of=AS_OF)
    assert site.fiscal_year.be_year == 2570
    assert sum(len(r.documents) for r in site.items.values()) == 26 * 2
    archives = load_archives(site)
    assert [a.fiscal_year.be_year for a in archives] == [2568, 2569]
    assert all(sum(len(r.documents) for r in a.items.values()) == 26 * 2 for a in archives)
    for source in [site, *archives]:
        for record in source.items.values():
            for doc in record.documents:
                assert doc.fiscal_year == source.fiscal_year  # every document is dated in its own year
                assert THAI.search(doc.title)
    pages = generate_pages(site, AS_OF, archives)
    assert {"ita/archive/2568.md", "ita/archive/2569.md", "ita/archive/2570.md"} <= set(pages)


def test_flat_layout_puts_every_year_in_indicators_yml(tmp_path: Path) -> None:
    made = make_site(tmp_path / "s", years=2, docs_per_item=3, layout="flat")
    assert made.archives == [] and not (made.root / "archive").exists()
    site = load_site(made.root, as_of=AS_OF)
    assert sum(len(r.documents) for r in site.items.values()) == made.documents == made.checked_documents == 2 * 26 * 3


@pytest.mark.parametrize("layout", ["archive", "flat"])
def test_every_item_passes_on_the_bench_day_and_every_pdf_is_sound(tmp_path: Path, layout: str) -> None:
    made = make_site(tmp_path / "s", years=2, docs_per_item=6, layout=layout)  # 6 months elapsed on AS_OF
    site = load_site(made.root, as_of=AS_OF)
    results = evaluate_site(site, AS_OF)
    assert {code: r.status for code, r in results.items() if not r.passes} == {}
    problems, files = check_documents(site)
    assert problems == {}
    assert len(files) == made.checked_documents
    assert all(check.is_pdf and check.pages == 1 for check in files.values())


def test_monthly_item_covers_every_elapsed_month(tmp_path: Path) -> None:
    made = make_site(tmp_path / "s", years=1, docs_per_item=6)
    site = load_site(made.root, as_of=AS_OF)
    monthly = [r for r in site.items.values() if r.spec.period is Period.MONTHLY]
    assert monthly
    for record in monthly:
        months = {str(d.month) for d in record.documents}
        assert months == {"2569-10", "2569-11", "2569-12", "2570-01", "2570-02", "2570-03"}


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    one = make_site(tmp_path / "one", years=2, docs_per_item=2)
    two = make_site(tmp_path / "two", years=2, docs_per_item=2)
    assert _tree(one.root) == _tree(two.root)
    assert one.pdf_bytes == two.pdf_bytes > 0


def test_pdf_bytes_are_a_small_real_pdf() -> None:
    data = pdf_bytes("o1 FY2570 no. 1 (draft)")
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert len(data) < 2000
    assert pdf_bytes("x") == pdf_bytes("x")


def test_refuses_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        make_site(tmp_path / "a", years=0)
    with pytest.raises(ValueError):
        make_site(tmp_path / "b", layout="zip")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep me")
    with pytest.raises(FileExistsError):
        make_site(tmp_path / "full", years=1, docs_per_item=1)
    assert (tmp_path / "full" / "x").read_text() == "keep me"
