"""Hostile input: text from indicators.yml is shown as text everywhere, never run.

The hostile sample (``helpers.make_hostile_sample``) puts ``<script>``, attribute
break-outs (``"><img onerror=…>``), Markdown links to ``javascript:``, attr_list
tricks (``{: onclick=… }``) and spreadsheet formulas into every free-text field of
indicators.yml, and a file whose *name* is markup. Then:

* the real site is built by mkdocs with the project's hooks, and every HTML page, the
  search index, the feed and the open-data files are parsed: no script, event handler
  or ``javascript:`` URL from the data;
* every ``oit check`` report format is parsed the way its reader would (HTML, Markdown
  rendered to HTML, JUnit XML, JSON, text);
* every ``oit export`` format: spreadsheet cells never start a formula;
* paths out of content/, non-http(s) URLs and Python YAML tags are refused.

Payloads carry ``OITXSS-<field>`` markers, so a failure names the field that leaked.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import markdown
import pytest
from selectolax.lexbor import LexborHTMLParser

from oit.core.errors import InputError, InputErrors
from oit.core.indicators import load_site
from tests.reliability.helpers import (
    AS_OF,
    ENV,
    FORMULAS,
    HEAD,
    MARK,
    OIT,
    assert_clean_failure,
    hostile,
    make_content,
    marker_tags,
    markup_problems,
    run_oit,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _group(tags: set[str]) -> str:
    if "org" in tags:
        return "org"
    if "override" in tags:
        return "override"
    return "data"  # every other field, and markup with no marker at all


GROUPS = [
    pytest.param("data", id="data"),
    pytest.param("org", id="organization-name"),
    pytest.param("override", id="override-title"),
]


def _grouped(found: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {"data": [], "org": [], "override": []}
    for where, problem in found:
        groups[_group(marker_tags(problem))].append(f"{where}: {problem}")
    return groups


# -- the built site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_problems(hostile_built: tuple[Path, Path]) -> dict[str, list[str]]:
    _, site = hostile_built
    found = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        found += [(page, problem) for problem in markup_problems(path.read_text(encoding="utf-8"))]
    for path in sorted(site.rglob("*.svg")):
        page = path.relative_to(site).as_posix()
        found += [(page, problem) for problem in markup_problems(path.read_text(encoding="utf-8", errors="replace"))]
    return _grouped(found)


@pytest.mark.parametrize("group", GROUPS)
def test_pages_carry_no_markup_from_data(page_problems: dict[str, list[str]], group: str) -> None:
    assert page_problems[group] == []


def _text(html: str) -> str:
    body = LexborHTMLParser(html).body
    return body.text(deep=True) if body is not None else ""


def test_hostile_text_is_shown_as_text(hostile_built: tuple[Path, Path]) -> None:
    """The data is not dropped: the citizen sees exactly what the officer typed."""
    _, site = hostile_built
    o1 = _text((site / "ita" / "o1.html").read_text(encoding="utf-8"))
    assert hostile("o1file")[0] in o1
    assert FORMULAS[0] in o1
    na = _text((site / "ita" / "o26.html").read_text(encoding="utf-8"))
    assert f"{{: onclick=\"alert('{MARK}-na-5')\" }}" in na
    index = _text((site / "ita" / "index.html").read_text(encoding="utf-8"))
    assert f"alert('{MARK}-na-4')" in index  # the not_applicable reason, as text in the overview


def test_file_named_like_markup_is_linked_and_published(hostile_built: tuple[Path, Path]) -> None:
    _, site = hostile_built
    page = LexborHTMLParser((site / "ita" / "o1.html").read_text(encoding="utf-8"))
    hrefs = [node.attributes.get("href") or "" for node in page.css("a")]
    from urllib.parse import unquote

    targets = [unquote(h) for h in hrefs if "svg" in unquote(h)]
    assert targets, "no link to the file whose name is markup"
    assert all("<svg" not in h for h in hrefs)  # percent-encoded in the attribute
    assert (site / "files" / "2570" / "o1" / "a\"><svg onload=alert('OITXSS-file')>.pdf").is_file()


def test_search_index_carries_no_markup_from_data(hostile_built: tuple[Path, Path]) -> None:
    """Material shows search titles and text as HTML: the index must hold only escaped data."""
    _, site = hostile_built
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            found += [f"{doc['location']} [{key}]: {p}" for p in markup_problems(f"<div>{doc.get(key, '')}</div>")]
    assert found == []
    assert any(MARK in doc.get("text", "") for doc in index["docs"])  # the data is indexed, escaped


def test_feed_and_sitemap_are_well_formed(hostile_built: tuple[Path, Path]) -> None:
    _, site = hostile_built
    for name in ("feed.xml", "sitemap.xml"):
        path = site / name
        if path.exists():
            root = ET.fromstring(path.read_bytes())  # raises on markup that broke the XML
            assert not [el for el in root.iter() if el.tag.lower().endswith("script")]


def test_open_data_cells_never_start_a_formula(hostile_built: tuple[Path, Path]) -> None:
    _, site = hostile_built
    files = sorted((site / "opendata").glob("*.csv")) if (site / "opendata").is_dir() else []
    if not files:
        pytest.skip("the site publishes no open-data CSV")
    seen_formula_titles = 0
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(FORMULA_START), f"{path.name}: {cell[:60]!r}"
                seen_formula_titles += any(cell == "'" + f for f in FORMULAS)
    assert seen_formula_titles >= len(FORMULAS)
    for path in sorted((site / "opendata").glob("*.json")):
        assert FORMULAS[0] in _strings(json.loads(path.read_text(encoding="utf-8")))  # JSON keeps the text as is


def _strings(value: Any) -> list[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# -- reports ------------------------------------------------------------------------------------

FORMATS = ("text", "json", "junit", "markdown", "html")


@pytest.fixture(scope="module")
def reports(hostile_built: tuple[Path, Path]) -> dict[str, subprocess.CompletedProcess[str]]:
    root, _ = hostile_built

    def one(fmt: str) -> subprocess.CompletedProcess[str]:
        return run_oit("check", "--offline", "--as-of", AS_OF, "--site", str(root), "--format", fmt)

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(FORMATS, pool.map(one, FORMATS), strict=True))


FUTURE_TITLE = hostile("future")[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_runs_cleanly(reports: dict[str, subprocess.CompletedProcess[str]], fmt: str) -> None:
    assert_clean_failure(reports[fmt], 1)  # the broken (empty) file is a finding


def test_text_report_shows_titles_verbatim(reports: dict[str, subprocess.CompletedProcess[str]]) -> None:
    out = reports["text"].stdout
    assert FUTURE_TITLE in out
    assert not [c for c in out if ord(c) < 32 and c not in "\n\t"]


def test_json_report_round_trips_titles(reports: dict[str, subprocess.CompletedProcess[str]]) -> None:
    data = json.loads(reports["json"].stdout)
    assert data["organization"] == "อบต.ทดสอบ " + hostile("org")[0]
    messages = [p["message"] for item in data["items"] for p in item["problems"]]
    assert any(FUTURE_TITLE in m for m in messages)


def test_junit_report_is_valid_xml_with_titles(reports: dict[str, subprocess.CompletedProcess[str]]) -> None:
    root = ET.fromstring(reports["junit"].stdout.encode("utf-8"))
    text = " ".join((el.text or "") + " " + " ".join(el.attrib.values()) for el in root.iter())
    assert FUTURE_TITLE in text
    assert not [el for el in root.iter() if el.tag.lower() == "script"]


def test_html_report_has_no_markup_from_data(reports: dict[str, subprocess.CompletedProcess[str]]) -> None:
    html = reports["html"].stdout
    assert markup_problems(html) == []
    assert FUTURE_TITLE in _text(html)


@pytest.mark.parametrize(
    "extensions",
    [
        pytest.param(["tables"], id="commonmark-like"),
        pytest.param(["tables", "attr_list"], id="attr_list"),
    ],
)
def test_markdown_report_renders_without_markup_from_data(
    reports: dict[str, subprocess.CompletedProcess[str]], extensions: list[str]
) -> None:
    html = markdown.markdown(reports["markdown"].stdout, extensions=extensions)
    assert markup_problems(html) == []
    assert FUTURE_TITLE in _text(html)


# -- exports -----------------------------------------------------------------------------------


def _export(root: Path, fmt: str, out: Path) -> Path:
    if run_oit("export", "--help").returncode != 0:
        pytest.skip("oit export does not exist yet")
    target = out / f"itas.{fmt}"
    proc = run_oit("export", "--site", str(root), "--as-of", AS_OF, "--format", fmt, "--output", str(target))
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr[-2000:]
    return target


def test_csv_export_neutralises_formulas(hostile_built: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = hostile_built
    rows = list(csv.reader(io.StringIO(_export(root, "csv", tmp_path).read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c.startswith(FORMULA_START)] == []
    assert "'" + FORMULAS[0] in cells  # the overridden o3 title, kept but inert


def test_xlsx_export_has_no_formulas(hostile_built: tuple[Path, Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root, _ = hostile_built
    target = _export(root, "xlsx", tmp_path)
    with zipfile.ZipFile(target) as book:
        sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in book.read(name) and b"<f " not in book.read(name), name
    values: list[Any] = []
    workbook = load_workbook(target)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                values.append(cell.value)
    # The hostile titles are there, as text, not as formulas.
    assert any(isinstance(v, str) and FORMULAS[0] in v for v in values)


def test_json_export_round_trips_titles(hostile_built: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = hostile_built
    data = json.loads(_export(root, "json", tmp_path).read_text(encoding="utf-8"))
    strings = _strings(data)
    for formula in FORMULAS:
        assert any(formula in text for text in strings)
    assert data["organization"] == "อบต.ทดสอบ " + hostile("org")[0]


# -- the gate refuses the hostile site cleanly -------------------------------------------------


def test_oit_build_refuses_hostile_site_cleanly(hostile_built: tuple[Path, Path], tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "s"
    shutil.copytree(hostile_built[0], root, symlinks=True)
    proc = run_oit("build", "--offline", "--as-of", AS_OF, cwd=root, timeout=300)
    assert_clean_failure(proc, 1)
    assert not (root / "site").exists()


# -- refusals at the door ------------------------------------------------------------------------


def _errors(root: Path, body: str) -> list[str]:
    (root / "indicators.yml").write_text(HEAD + body, encoding="utf-8")
    try:
        load_site(root, as_of=date(2027, 4, 30))
    except InputErrors as exc:
        return [str(e) for e in exc.errors]
    except InputError as exc:
        return [str(exc)]
    return []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("file: ../secret.txt", "ห้ามใช้ '..'"),
        ("file: files/../../secret.txt", "ห้ามใช้ '..'"),
        ("file: /etc/passwd", "ไม่ใช่เส้นทางเต็ม"),
        ("file: 'C:/Windows/win.ini'", "ไม่ใช่เส้นทางเต็ม"),
        ("file: '\\\\server\\share\\a.pdf'", "ไม่ใช่เส้นทางเต็ม"),
        ("file: files/escape.pdf", "ชี้ออกไปนอกโฟลเดอร์ content/"),
        ("file: files/outside/passwd", "ชี้ออกไปนอกโฟลเดอร์ content/"),
        ("page: ../indicators.md", "ห้ามใช้ '..'"),
        ("url: javascript:alert(1)", "(พบ 'javascript')"),
        ("url: ' JavaScript:alert(1)'", "(พบ 'javascript')"),
        ("url: 'data:text/html,<script>alert(1)</script>'", "(พบ 'data')"),
        ("url: file:///etc/passwd", "(พบ 'file')"),
        ("url: vbscript:msgbox(1)", "(พบ 'vbscript')"),
        ("url: //evil.example/x", "ใช้ได้เฉพาะลิงก์ http:// หรือ https://"),
    ],
)
def test_paths_and_urls_out_of_bounds_are_refused(tmp_path: Path, target: str, expected: str) -> None:
    root = make_content(tmp_path / "s")
    (root / "content" / "files" / "outside").symlink_to("/etc", target_is_directory=True)
    messages = _errors(root, f"  o1:\n    documents:\n      - title: ก\n        {target}\n")
    # at the line of the file:/url:/page: key, not the entry's first line
    assert any(expected in m and m.startswith("indicators.yml:10: ") for m in messages), messages


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['touch /tmp/oit-pwned']",
        "!!python/name:os.system",
        "!!python/object/new:subprocess.Popen [['touch', '/tmp/oit-pwned']]",
        "!!python/module:os",
        "!!binary aGk=",
        "!!set {a, b}",
        "!custom x",
    ],
)
def test_yaml_tags_beyond_plain_data_are_refused(tmp_path: Path, tagged: str) -> None:
    root = make_content(tmp_path / "s")
    messages = _errors(root, f"  o1:\n    documents:\n      - title: {tagged}\n        file: files/a.pdf\n")
    assert any("ไม่รองรับแท็ก YAML" in m and m.startswith("indicators.yml:9: ") for m in messages), messages
    assert not Path("/tmp/oit-pwned").exists()


def test_cli_refuses_python_tag_without_running_it(tmp_path: Path) -> None:
    root = make_content(tmp_path / "s")
    body = "  o1:\n    documents:\n      - !!python/object/apply:os.system ['touch /tmp/oit-pwned-cli']\n"
    (root / "indicators.yml").write_text(HEAD + body, encoding="utf-8")
    proc = subprocess.run([OIT, "check", "--offline", "--site", str(root)], env=ENV, capture_output=True, text=True,
                          timeout=120, check=False)
    assert_clean_failure(proc, 2)
    assert not Path("/tmp/oit-pwned-cli").exists()
