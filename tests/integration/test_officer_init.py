"""``oit init``: a new site with every catalog item listed and empty, buildable at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from oit.core.catalog import load_catalog
from oit.core.indicators import load_site
from tests.integration.test_officer_support import assert_refused, check_json, mkdocs_build, oit, statuses
from tests.support.sample import tree_digest

NAME = "องค์การบริหารส่วนตำบลหนองบัว"
URL = "https://www.nongbua.go.th"


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("init")
    proc = oit("init", "nongbua", "--name", NAME, "--site-url", URL, "--fiscal-year", "2570", cwd=parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "nongbua" in proc.stdout and "26 รายการ" in proc.stdout
    return parent / "nongbua"


def test_every_item_listed_empty_with_a_thai_comment(new_site: Path) -> None:
    text = (new_site / "indicators.yml").read_text(encoding="utf-8")
    catalog = load_catalog("ita-2569")
    lines = text.splitlines()
    for spec in catalog.items:
        key_line = next(i for i, line in enumerate(lines) if line.startswith(f"  {spec.code}:"))
        # the key carries the title and the rule, and the item is present but empty
        assert spec.title in lines[key_line] and spec.period.value in lines[key_line]
        assert lines[key_line + 1].strip() == "documents: []"
    site = load_site(new_site)
    assert site.organization.name == NAME
    assert site.organization.site_url == URL + "/"
    assert site.fiscal_year.be_year == 2570
    assert list(site.items) == catalog.codes
    assert all(not record.documents for record in site.items.values())


def test_check_reports_every_item_missing(new_site: Path) -> None:
    code, report = check_json(new_site, "2570-01-15")
    assert code == 1  # expected: nothing published yet
    assert set(statuses(report).values()) == {"missing"}
    assert report["organization"] == NAME


def test_mkdocs_builds_the_new_site(new_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    proc = mkdocs_build(new_site, out)
    assert proc.returncode == 0, proc.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    assert NAME in home
    assert (out / "ita" / "index.html").is_file()
    assert (out / "ita" / "o26.html").is_file()
    assert (out / "contact.html").is_file() and (out / "complaints.html").is_file()
    # the sample's own pages are not part of a new site
    assert not (new_site / "content" / "news").exists()


def test_thai_digits_and_older_catalog(tmp_path: Path) -> None:
    proc = oit("init", "old", "--name", "อบต.เก่า", "--site-url", "https://old.go.th/",
               "--assessment", "ita-2566", "--fiscal-year", "๒๕๖๖", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    site = load_site(tmp_path / "old")
    assert site.catalog.id == "ita-2566" and len(site.items) == 43
    assert site.fiscal_year.be_year == 2566


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("ของเดิม", encoding="utf-8")
    before = tree_digest(tmp_path)
    proc = oit("init", target, "--name", NAME, "--site-url", URL, cwd=tmp_path)
    assert_refused(proc, before, tmp_path, "มีไฟล์อยู่แล้ว")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]  # no staging folder left


def test_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = oit("init", "empty", "--name", NAME, "--site-url", URL, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "empty" / "indicators.yml").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["--name", NAME, "--site-url", URL, "--assessment", "ita-2596"], "ita-2569"),
    (["--name", NAME, "--site-url", "www.nongbua.go.th"], "https://"),
    (["--name", NAME, "--site-url", "ftp://nongbua.go.th/"], "--site-url"),
    (["--name", "   ", "--site-url", URL], "ชื่อหน่วยงาน"),
    (["--name", NAME, "--site-url", URL, "--fiscal-year", "2026"], "ปีงบประมาณ"),
    (["--name", NAME, "--site-url", URL, "--fiscal-year", "สองพัน"], "ปีงบประมาณ"),
])
def test_bad_input_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    before = tree_digest(tmp_path)
    proc = oit("init", "new", *args, cwd=tmp_path)
    assert_refused(proc, before, tmp_path, message)
    assert not (tmp_path / "new").exists()
    assert list(tmp_path.iterdir()) == []


def test_target_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("x", encoding="utf-8")
    before = tree_digest(tmp_path)
    proc = oit("init", "site", "--name", NAME, "--site-url", URL, cwd=tmp_path)
    assert_refused(proc, before, tmp_path, "ไม่ใช่โฟลเดอร์")


def test_init_in_the_current_empty_folder(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    proc = oit("init", ".", "--name", NAME, "--site-url", URL, cwd=here)
    assert proc.returncode == 0, proc.stderr
    assert load_site(here).organization.name == NAME
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]  # no staging folder left behind
