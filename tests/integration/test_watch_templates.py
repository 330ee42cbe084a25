"""The "watch between deadlines" templates in docs/watch/: weekly, the right command, a kept report.

Both files are read as YAML; then the exact script each CI system would run is run here,
under the shell flags that system uses, on a site checked as of today (the templates
take no --as-of) whose one external link is a loopback server: exit 0 when all is well,
exit 1 naming the item when a link breaks or an item falls out of date, and the report
files written either way.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from oit.cli.main import main
from oit.core.catalog import Period, load_catalog
from oit.core.fiscal_calendar import FiscalYear, format_iso_be
from tests.support.http_server import LoopbackServer
from tests.support.sites import passing_items, write_site

ROOT = Path(__file__).resolve().parents[2]
WATCH = ROOT / "docs" / "watch"
BIN = ROOT / ".venv" / "bin"
WEEKLY = "0 1 * * 1"  # Monday 01:00 UTC = 08:00 in Thailand


def github() -> dict[Any, Any]:
    return yaml.safe_load((WATCH / "github-actions.yml").read_text(encoding="utf-8"))


def gitlab() -> dict[str, Any]:
    return yaml.safe_load((WATCH / "gitlab-ci.yml").read_text(encoding="utf-8"))


def github_check_step() -> dict[str, Any]:
    steps = [s for s in github()["jobs"]["watch"]["steps"] if "oit check" in s.get("run", "")]
    assert len(steps) == 1
    return steps[0]


def scripts() -> dict[str, tuple[str, list[str]]]:
    """Each template's check script, with the shell its CI system runs it under."""
    return {
        # GitHub's `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`
        "github": (github_check_step()["run"], ["bash", "--noprofile", "--norc", "-eo", "pipefail"]),
        # GitLab's runner stops at the first failing command (errexit) too
        "gitlab": ("\n".join(gitlab()["oit-watch"]["script"]), ["bash", "-eo", "pipefail"]),
    }


def oit_commands(script: str) -> list[list[str]]:
    """The ``oit`` command lines of a script, without their shell redirections."""
    commands = []
    for line in script.splitlines():
        words = shlex.split(line)
        if words[:1] == ["oit"]:
            commands.append(words[: words.index(">")] if ">" in words else words)
    return commands


# -- what the files say --------------------------------------------------------------

def test_github_runs_weekly_and_on_demand() -> None:
    data = github()
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on:` key as True
    assert [entry["cron"] for entry in on["schedule"]] == [WEEKLY]
    fields = on["schedule"][0]["cron"].split()  # once a week: any day of month, one weekday
    assert len(fields) == 5 and fields[2:4] == ["*", "*"] and fields[4] in list("0123456")
    assert "workflow_dispatch" in on
    assert github_check_step()["shell"] == "bash"


def test_gitlab_runs_on_its_schedule_and_the_readme_gives_the_cron() -> None:
    job = gitlab()["oit-watch"]
    conditions = [rule["if"] for rule in job["rules"]]
    assert '$CI_PIPELINE_SOURCE == "schedule"' in conditions
    assert f'"{WEEKLY}"' in (WATCH / "gitlab-ci.yml").read_text(encoding="utf-8")
    assert f"`{WEEKLY}`" in (WATCH / "README.md").read_text(encoding="utf-8")


def test_the_report_is_kept_even_when_the_check_fails() -> None:
    upload = [s for s in github()["jobs"]["watch"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert len(upload) == 1
    assert upload[0]["if"] == "always()" and upload[0]["with"]["path"] == "oit-report/"
    artifacts = gitlab()["oit-watch"]["artifacts"]
    assert artifacts["when"] == "always" and artifacts["paths"] == ["oit-report/"]
    assert artifacts["reports"]["junit"] == "oit-report/junit.xml"
    for name, (script, _shell) in scripts().items():
        outputs = [c[c.index("--output") + 1] for c in oit_commands(script)]
        assert "oit-report/report.json" in outputs and "oit-report/report.html" in outputs, name
        # the first check is the verdict, with external links (no --offline), and today's date
        first = oit_commands(script)[0]
        assert first[:2] == ["oit", "check"] and "--offline" not in first and "--as-of" not in first, name
        assert first[first.index("--format") + 1] == "json", name


@pytest.mark.parametrize("name", ["github", "gitlab"])
def test_every_command_parses_with_our_cli(name: str) -> None:
    """Each `oit` line is accepted by the real click command: its options exist, its values are valid."""
    commands = oit_commands(scripts()[name][0])
    assert len(commands) == 3
    for words in commands:
        with main.make_context("oit", words[1:2]) as ctx:
            command = main.get_command(ctx, words[1])
            assert isinstance(command, click.Command), words
            command.make_context(words[1], words[2:], parent=ctx)  # raises on an unknown option or value


# -- what the scripts do ---------------------------------------------------------------

@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer("127.0.0.5") as srv:
        yield srv


def site_for_today(root: Path, link: str, *, outdated: bool = False) -> tuple[Path, str]:
    """A site that passes today, with one external link; ``outdated`` dates one item last year.

    Returns the folder and the code of the item that carries the link.
    """
    today = date.today()
    fy = FiscalYear.of(today)
    items, files = passing_items(fiscal_year=fy.be_year, as_of=today)
    items["o3"]["documents"].append({"title": "เว็บไซต์ติดต่อ", "url": link})
    if outdated:
        code = next(s.code for s in load_catalog("ita-2569").items if s.period is Period.FISCAL_YEAR)
        for document in items[code]["documents"]:
            document["date"] = format_iso_be(fy.start - timedelta(days=30))
    return write_site(root, items, files=files, fiscal_year=fy.be_year, deadline=None), "o3"


def run_script(name: str, site: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script, shell = scripts()[name]
    path = tmp_path / f"{name}.sh"
    path.write_text(script, encoding="utf-8")
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", NO_MKDOCS_2_WARNING="1",
               PYTHAINLP_READ_ONLY="1", GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"))
    return subprocess.run([*shell, str(path)], cwd=site, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name", ["github", "gitlab"])
def test_script_passes_a_current_site(name: str, server: LoopbackServer, tmp_path: Path) -> None:
    site, _ = site_for_today(tmp_path / "site", server.url("/ok"))
    proc = run_script(name, site, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((site / "oit-report" / "report.json").read_text(encoding="utf-8"))
    assert report["as_of"] == date.today().isoformat()
    assert report["summary"]["failing"] == 0 and report["summary"]["links_checked"] == 1
    assert "<html" in (site / "oit-report" / "report.html").read_text(encoding="utf-8")
    if name == "github":
        assert "26" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    else:
        assert (site / "oit-report" / "junit.xml").read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize("name", ["github", "gitlab"])
def test_script_fails_naming_a_broken_link_and_an_outdated_item(
    name: str, server: LoopbackServer, tmp_path: Path
) -> None:
    site, linked = site_for_today(tmp_path / "site", server.url("/gone/contact"), outdated=True)
    outdated = next(s.code for s in load_catalog("ita-2569").items if s.period is Period.FISCAL_YEAR)
    proc = run_script(name, site, tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = json.loads((site / "oit-report" / "report.json").read_text(encoding="utf-8"))
    status = {item["code"]: item["status"] for item in report["items"]}
    assert status[linked] == "broken" and status[outdated] == "outdated"
    assert report["summary"]["links_broken"] == 1
    # the job log names both items, with their Thai status, and the broken link
    lines = proc.stdout.splitlines()
    for code, thai in ((linked, "ลิงก์/ไฟล์เสีย"), (outdated, "ไม่เป็นปัจจุบัน")):
        assert any(line.startswith(f"  {code} ") and line.endswith(f" — {thai}") for line in lines), (code, proc.stdout)
    assert server.url("/gone/contact") in proc.stdout
    assert (site / "oit-report" / "report.html").is_file()  # the artifact exists after a failure too
