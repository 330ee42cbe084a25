"""oit.installation: what make setup prepares, how builds read it, and that they never need it."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

from oit import installation
from oit.core.indicators import load_site
from oit.installation import SHARE_ENV, prepare, share_dir
from oit.pages import generate
from oit.pages.generate import TEMPLATES, _CompiledTemplates, _environment, generate_pages, precompile_templates

ROOT = Path(__file__).resolve().parents[2]


def test_the_share_folder_is_in_the_installation_unless_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(SHARE_ENV, raising=False)
    assert share_dir() == Path(sys.prefix) / "share" / "oit-site"
    monkeypatch.setenv(SHARE_ENV, str(tmp_path))
    assert share_dir() == tmp_path


def test_prepare_writes_the_word_lists_and_the_compiled_templates(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(SHARE_ENV, str(tmp_path))
    assert prepare() == []
    assert (tmp_path / "thai-dictionaries.marshal").is_file()
    compiled = sorted((tmp_path / "templates").glob("__jinja2_*.cache"))
    assert len(compiled) == len(TEMPLATES)
    assert all(path.stat().st_mode & 0o044 == 0o044 for path in compiled)  # readable by all users


def test_compiled_templates_are_used_without_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    precompile_templates(tmp_path)
    env = _environment(_CompiledTemplates(tmp_path))

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(env, "compile", no_compiling)
    for name in TEMPLATES:
        env.get_template(name)


def test_a_build_never_writes_compiled_templates(tmp_path: Path) -> None:
    env = _environment(_CompiledTemplates(tmp_path))
    for name in TEMPLATES:
        env.get_template(name)
    assert list(tmp_path.iterdir()) == []


def test_an_edited_template_is_compiled_afresh(tmp_path: Path) -> None:
    """Jinja2 checks each entry's source checksum: a stale entry is never rendered."""
    sources, cache = tmp_path / "templates", tmp_path / "cache"
    sources.mkdir()
    cache.mkdir()
    (sources / "page.md.j2").write_text("เดิม {{ x }}", encoding="utf-8")
    writer = jinja2.Environment(loader=jinja2.FileSystemLoader(sources),
                                bytecode_cache=_CompiledTemplates(cache, write=True))
    assert writer.get_template("page.md.j2").render(x=1) == "เดิม 1"
    (sources / "page.md.j2").write_text("ใหม่ {{ x }}", encoding="utf-8")
    reader = jinja2.Environment(loader=jinja2.FileSystemLoader(sources), bytecode_cache=_CompiledTemplates(cache))
    assert reader.get_template("page.md.j2").render(x=2) == "ใหม่ 2"


def test_pages_are_the_same_with_or_without_the_prepared_templates(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from datetime import date

    as_of = date(2027, 4, 30)
    site = load_site(ROOT, as_of=as_of)
    monkeypatch.setenv(SHARE_ENV, str(tmp_path / "empty"))
    assert generate._compiled_templates() is None
    without = generate_pages(site, as_of)
    monkeypatch.setenv(SHARE_ENV, str(tmp_path / "prepared"))
    precompile_templates(tmp_path / "prepared" / "templates")
    assert generate._compiled_templates() is not None
    assert generate_pages(site, as_of) == without


def test_a_share_folder_that_cannot_be_written_does_not_fail_setup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(SHARE_ENV, str(blocker / "inside"))
    assert installation.main() == 0
    err = capsys.readouterr().err
    assert "เตรียมพจนานุกรมภาษาไทยสำเร็จรูปไม่ได้" in err and "เตรียมแม่แบบหน้าเว็บที่แปลงแล้วไม่ได้" in err
    assert "Traceback" not in err
