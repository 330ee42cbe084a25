"""`oit check` and `python -m site_checks` as the officer runs them: real processes, tmp sites.

External links only ever go to a loopback server.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.http_server import LoopbackServer
from tests.support.sites import AS_OF_BE, passing_items, passing_site, write_site

ROOT = Path(__file__).resolve().parents[2]
OIT = str(ROOT / ".venv" / "bin" / "oit")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHAINLP_READ_ONLY="1")

DESIGN_KEYS = {"schema", "organization", "assessment", "fiscal_year", "as_of", "deadline", "days_left",
               "summary", "items", "links"}
SUMMARY_KEYS = {"items", "ok", "failing", "links_checked", "links_broken"}
ITEM_KEYS = {"code", "title", "status", "problems"}
STATUSES = {"ok", "missing", "outdated", "incomplete", "broken", "not_applicable"}


def run(*args: str, cwd: Path | None = None, module: bool = False) -> subprocess.CompletedProcess[str]:
    command = [PYTHON, "-m", "site_checks", *args] if module else [OIT, "check", *args]
    return subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=120)


def failing_site(root: Path) -> Path:
    """Every item passes except o11, which lacks December 2569."""
    items, files = passing_items()
    items["o11"]["documents"] = [d for d in items["o11"]["documents"] if d["month"] != "2569-12"]
    return write_site(root, items, files=files)


@pytest.fixture
def green(tmp_path: Path) -> Path:
    return passing_site(tmp_path / "green")


# -- exit codes ---------------------------------------------------------------------------

def test_passing_site_exits_0(green: Path) -> None:
    proc = run("--site", str(green), "--as-of", AS_OF_BE, "--offline")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ผ่าน 26/26 รายการ" in proc.stdout
    assert "ผ่าน" in proc.stdout and "o26" in proc.stdout


def test_site_defaults_to_current_folder(green: Path) -> None:
    proc = run("--as-of", AS_OF_BE, "--offline", cwd=green)
    assert proc.returncode == 0, proc.stderr


def test_findings_exit_1_and_name_the_month(tmp_path: Path) -> None:
    proc = run("--site", str(failing_site(tmp_path / "s")), "--as-of", AS_OF_BE, "--offline")
    assert proc.returncode == 1
    assert "ธันวาคม 2569" in proc.stdout
    assert "ผ่าน 25/26 รายการ" in proc.stdout


def test_bad_input_exits_2_with_file_and_line(tmp_path: Path) -> None:
    root = passing_site(tmp_path / "bad")
    config = root / "indicators.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip() == "o2:")
    lines.insert(number + 1, "    colour: red")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("--site", str(root), "--as-of", AS_OF_BE, "--offline")
    assert proc.returncode == 2
    assert f"indicators.yml:{number + 2}" in proc.stderr
    assert "colour" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (["--as-of", "2570-13-45"], "--as-of"),
    (["--timeout", "0"], "--timeout"),
    (["--cache-hours", "-1"], "--cache-hours"),
    (["--cache-hours", "nan"], "--cache-hours"),
    (["--site-dir", "no-such-folder"], "no-such-folder"),
])
def test_bad_options_exit_2(green: Path, args: list[str], expected: str) -> None:
    proc = run("--site", str(green), "--offline", *args, cwd=green)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_indicators_file_exits_2(tmp_path: Path) -> None:
    proc = run("--site", str(tmp_path), "--offline")
    assert proc.returncode == 2
    assert "indicators.yml" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_broken_yaml_exits_2(tmp_path: Path) -> None:
    (tmp_path / "indicators.yml").write_text("organization: [unclosed\n", encoding="utf-8")
    proc = run("--site", str(tmp_path), "--offline")
    assert proc.returncode == 2
    assert "indicators.yml" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- formats and output -------------------------------------------------------------------

def test_json_format_matches_design(tmp_path: Path) -> None:
    proc = run("--site", str(failing_site(tmp_path / "s")), "--as-of", AS_OF_BE, "--offline", "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert set(data) >= DESIGN_KEYS
    assert set(data["summary"]) >= SUMMARY_KEYS
    assert data["schema"] == 1
    assert data["assessment"] == "ita-2569"
    assert data["fiscal_year"] == 2570
    assert data["as_of"] == "2027-04-30"
    assert data["deadline"] == "2027-04-30"
    assert data["days_left"] == 0
    assert data["summary"]["items"] == 26 == len(data["items"])
    assert data["summary"]["ok"] == 25 and data["summary"]["failing"] == 1
    for item in data["items"]:
        assert set(item) >= ITEM_KEYS
        assert item["status"] in STATUSES
    o11 = next(i for i in data["items"] if i["code"] == "o11")
    assert o11["status"] == "incomplete"
    assert [(p["kind"], p["month"]) for p in o11["problems"]] == [("missing_month", "2569-12")]


def test_output_writes_the_file(green: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    proc = run("--site", str(green), "--as-of", AS_OF_BE, "--offline", "--format", "json", "--output", str(target))
    assert proc.returncode == 0
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["ok"] == 26
    assert str(target) in proc.stderr
    assert "ผ่าน 26/26 รายการ" in proc.stdout  # the officer still sees the summary


@pytest.mark.parametrize("fmt", ["text", "junit", "markdown", "html"])
def test_every_format_renders(tmp_path: Path, fmt: str) -> None:
    proc = run("--site", str(failing_site(tmp_path / "s")), "--as-of", AS_OF_BE, "--offline", "--format", fmt)
    assert proc.returncode == 1
    if fmt == "junit":
        suite = ET.fromstring(proc.stdout.encode("utf-8"))
        assert len(suite.findall("testcase")) == 26
        assert suite.get("failures") == "1"
    elif fmt == "html":
        assert proc.stdout.lstrip().startswith("<!DOCTYPE html>") and "<svg" in proc.stdout
    elif fmt == "markdown":
        assert "| o11 |" in proc.stdout
    else:
        assert "ไม่ครบ" in proc.stdout


# -- python -m site_checks ----------------------------------------------------------------

def test_module_behaves_like_oit_check(tmp_path: Path) -> None:
    site = str(failing_site(tmp_path / "s"))
    for fmt in ("json", "text"):
        via_oit = run("--site", site, "--as-of", AS_OF_BE, "--offline", "--format", fmt)
        via_module = run("--site", site, "--as-of", AS_OF_BE, "--offline", "--format", fmt, module=True)
        assert via_module.returncode == via_oit.returncode == 1
        assert via_module.stdout == via_oit.stdout


def test_module_bad_input_and_help(tmp_path: Path) -> None:
    proc = run("--site", str(tmp_path), "--offline", module=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    helped = run("--help", module=True)
    assert helped.returncode == 0
    assert "python -m site_checks" in helped.stdout
    assert "--offline" in helped.stdout


# -- external links over loopback -----------------------------------------------------------

@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer("127.0.0.1") as srv:
        yield srv


def linked_site(root: Path, server: LoopbackServer) -> Path:
    items, files = passing_items()
    items["o3"]["documents"].append({"title": "เว็บไซต์ติดต่อ", "url": server.url("/ok")})
    items["o10"]["documents"] = [{"title": "ระบบ e-Service", "url": server.url("/missing")}]
    items["o17"]["documents"].append({"title": "เพจร้องเรียน", "url": server.url("/cf")})
    items["o4"]["documents"].append({"title": "ข่าวเดิม", "url": server.url("/ok"), "date": "2569-11-01"})
    return write_site(root, items, files=files)


@pytest.mark.network
def test_broken_external_link_fails_its_item(tmp_path: Path, server: LoopbackServer) -> None:
    root = linked_site(tmp_path / "s", server)
    proc = run("--site", str(root), "--as-of", AS_OF_BE, "--format", "json", "--timeout", "5")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    links = {link["url"]: link for link in data["links"]}
    assert len(links) == 3  # /ok is published twice but listed and checked once
    assert links[server.url("/ok")]["status"] == "ok"
    assert links[server.url("/ok")]["items"] == ["o3", "o4"]
    assert links[server.url("/missing")]["status"] == "broken"
    assert links[server.url("/missing")]["http_status"] == 404
    assert links[server.url("/missing")]["items"] == ["o10"]
    assert links[server.url("/cf")]["status"] == "blocked"
    assert data["summary"]["links_checked"] == 3 and data["summary"]["links_broken"] == 1
    items = {item["code"]: item for item in data["items"]}
    assert items["o10"]["status"] == "broken"
    assert [p["kind"] for p in items["o10"]["problems"]] == ["broken_link"]
    assert items["o10"]["problems"][0]["url"] == server.url("/missing")
    # Blocked by anti-bot protection: a warning, the assessor's browser may get through.
    assert items["o17"]["status"] == "ok"
    assert [(p["kind"], p.get("severity")) for p in items["o17"]["problems"]] == [("link_blocked", "warning")]
    assert server.count("/ok") >= 1
    assert "ตรวจลิงก์ภายนอกแล้ว 3/3" in proc.stderr  # plain progress when not on a terminal


@pytest.mark.network
def test_link_results_are_cached_unless_no_cache(tmp_path: Path, server: LoopbackServer) -> None:
    items, files = passing_items()
    items["o3"]["documents"].append({"title": "เว็บไซต์ติดต่อ", "url": server.url("/ok?cache-test")})
    root = write_site(tmp_path / "s", items, files=files)
    server.reset()
    first = run("--site", str(root), "--as-of", AS_OF_BE)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (root / ".oit-cache" / "links.json").is_file()
    hits = server.count("/ok?cache-test")
    assert hits >= 1
    assert run("--site", str(root), "--as-of", AS_OF_BE).returncode == 0
    assert server.count("/ok?cache-test") == hits  # answered from the cache
    assert run("--site", str(root), "--as-of", AS_OF_BE, "--no-cache").returncode == 0
    assert server.count("/ok?cache-test") > hits
    hits = server.count("/ok?cache-test")
    # --cache-hours: a result older than that is asked again; 0 never trusts the cache
    entries = json.loads((root / ".oit-cache" / "links.json").read_text(encoding="utf-8"))
    assert run("--site", str(root), "--as-of", AS_OF_BE, "--cache-hours", "1000").returncode == 0
    assert server.count("/ok?cache-test") == hits
    assert run("--site", str(root), "--as-of", AS_OF_BE, "--cache-hours", "0").returncode == 0
    assert server.count("/ok?cache-test") > hits
    assert entries  # the file held the passing result all along


@pytest.mark.network
def test_offline_checks_no_link(tmp_path: Path, server: LoopbackServer) -> None:
    root = linked_site(tmp_path / "s", server)
    server.reset()
    proc = run("--site", str(root), "--as-of", AS_OF_BE, "--offline", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert server.requests == []
    assert {link["status"] for link in data["links"]} == {"not_checked"}
    assert data["summary"]["links_checked"] == 0
    assert any("ออฟไลน์" in w for w in data["warnings"])


@pytest.mark.network
def test_link_that_times_out_is_an_error(tmp_path: Path, server: LoopbackServer) -> None:
    items, files = passing_items()
    items["o10"]["documents"] = [{"title": "ระบบ e-Service", "url": server.url("/slow?delay=10")}]
    root = write_site(tmp_path / "s", items, files=files)
    proc = run("--site", str(root), "--as-of", AS_OF_BE, "--format", "json", "--timeout", "0.3", "--no-cache")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    o10 = next(i for i in data["items"] if i["code"] == "o10")
    assert o10["status"] == "broken"
    assert [p["kind"] for p in o10["problems"]] == ["link_timeout"]
    assert data["links"][0]["status"] == "timeout"
    assert data["summary"]["links_broken"] == 1


def test_progress_reporters() -> None:
    from oit.checker.check import _progress

    plain = io.StringIO()
    with _progress(3, False, plain) as tick:
        for _ in range(3):
            tick(None)
    assert plain.getvalue().splitlines()[-1].startswith("ตรวจลิงก์ภายนอกแล้ว 3/3")
    bar = io.StringIO()
    with _progress(3, True, bar) as tick:  # the rich bar must not crash off a terminal
        for _ in range(3):
            tick(None)
