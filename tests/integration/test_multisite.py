"""`oit build-all`: many sites checked and built in parallel, with the real CLI on tmp copies of the sample.

One run covers the mix a provincial IT team meets: two good sites, one with a truncated
PDF (an item fails, so that site is not built) and one whose indicators.yml has an
unknown key (that site's input error). The others are built regardless.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from oit.build.multisite import HEADERS, MultiSiteRun, SiteResult, summary_table, validate_sites
from tests.support.sample import copy_sample

ROOT = Path(__file__).resolve().parents[2]
OIT = str(ROOT / ".venv" / "bin" / "oit")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHAINLP_READ_ONLY="1")
AS_OF = "2570-04-30"
BROKEN_PDF = "content/files/2570/o12/annual-procurement-report-2569.pdf"


def oit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([OIT, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)


def _truncate_pdf(root: Path) -> None:
    path = root / BROKEN_PDF
    path.write_bytes(path.read_bytes()[:200])  # no %%EOF: the checker calls o12 broken


def _unknown_key(root: Path) -> None:
    path = root / "indicators.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("fiscal_year: 2570", "fiscal_year: 2570\nfiscal: 1", 1),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], dict]:
    """Four sites, one `oit build-all --jobs 2` over them; returns (folder, process, JSON)."""
    base = tmp_path_factory.mktemp("province")
    for name in ("sao-a", "sao-b", "sao-c", "sao-d"):
        copy_sample(base / name)
    _truncate_pdf(base / "sao-c")
    _unknown_key(base / "sao-d")
    proc = oit("build-all", "sao-a", "sao-b", "sao-c", "sao-d", "--offline", "--as-of", AS_OF, "--jobs", "2",
               "--json", "summary.json", cwd=base)
    return base, proc, json.loads((base / "summary.json").read_text(encoding="utf-8"))


def test_one_failing_site_does_not_stop_the_others(province: tuple[Path, subprocess.CompletedProcess[str], dict]) -> None:
    base, proc, _ = province
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for good in ("sao-a", "sao-b"):
        assert (base / good / "site" / "ita" / "index.html").is_file()
        assert (base / good / "site" / "ita" / "o26.html").is_file()
    assert not (base / "sao-c" / "site").exists()  # the publishing gate held
    assert not (base / "sao-d" / "site").exists()
    assert "Traceback" not in proc.stdout + proc.stderr


def test_summary_table_has_thai_headers_and_one_row_per_site(
    province: tuple[Path, subprocess.CompletedProcess[str], dict],
) -> None:
    _, proc, _ = province
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["เว็บไซต์", "ผ่าน", "ไม่ผ่าน", "สถานะ", "วินาที"]
    rows = {line.split()[0]: line for line in lines[2:6]}
    assert set(rows) == {"sao-a", "sao-b", "sao-c", "sao-d"}
    assert "26/26" in rows["sao-a"] and "สร้างแล้ว" in rows["sao-a"]
    assert "25/26" in rows["sao-c"] and "ไม่ผ่าน ไม่ได้สร้าง" in rows["sao-c"]
    assert "ข้อมูลผิดพลาด" in rows["sao-d"]
    assert "สร้างสำเร็จ 2/4 เว็บไซต์" in proc.stdout
    # the reasons follow the table: the failing item and the bad key, with file and line
    assert "o12" in proc.stdout and "%%EOF" in proc.stdout
    assert "ไม่รู้จักคีย์ 'fiscal'" in proc.stdout and "indicators.yml:" in proc.stdout
    # one progress line per site on stderr, as each finishes
    assert sum(1 for line in proc.stderr.splitlines() if line.startswith("[")) == 4


def test_json_summary(province: tuple[Path, subprocess.CompletedProcess[str], dict]) -> None:
    _, _, data = province
    assert data["schema"] == 1
    assert data["as_of"] == "2027-04-30" and data["offline"] is True and data["jobs"] == 2
    assert data["summary"] == {"sites": 4, "ok": 2, "failing": 1, "input_error": 1, "build_error": 0}
    sites = {s["site"]: s for s in data["sites"]}
    assert [s["site"] for s in data["sites"]] == ["sao-a", "sao-b", "sao-c", "sao-d"]  # input order
    assert sites["sao-a"]["status"] == "ok" and sites["sao-a"]["passing"] == 26 and sites["sao-a"]["failing"] == 0
    assert sites["sao-a"]["organization"] == "องค์การบริหารส่วนตำบลตัวอย่าง"
    assert sites["sao-a"]["out"].endswith("sao-a/site")
    assert sites["sao-c"]["status"] == "failing" and sites["sao-c"]["failing_items"] == ["o12"]
    assert sites["sao-c"]["out"] is None
    assert sites["sao-d"]["status"] == "input_error" and "fiscal" in sites["sao-d"]["message"]
    assert all(s["seconds"] >= 0 for s in data["sites"])


def test_all_passing_exits_zero(province: tuple[Path, subprocess.CompletedProcess[str], dict]) -> None:
    base, _, _ = province
    proc = oit("build-all", str(base / "sao-a"), "sao-b", "--offline", "--as-of", AS_OF, "--jobs", "1", cwd=base)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "สร้างสำเร็จ 2/2 เว็บไซต์" in proc.stdout


def test_bad_input_lists_every_bad_folder_and_builds_nothing(tmp_path: Path) -> None:
    good = copy_sample(tmp_path / "good")
    (tmp_path / "empty").mkdir()
    proc = oit("build-all", "good", "missing", "empty", "good/content", "./good", "--offline", "--as-of", AS_OF,
               cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "missing: ไม่พบโฟลเดอร์นี้" in proc.stderr
    assert "empty: ไม่ใช่โฟลเดอร์เว็บไซต์: ไม่มี indicators.yml และ mkdocs.yml" in proc.stderr
    assert "good/content: ไม่ใช่โฟลเดอร์เว็บไซต์" in proc.stderr
    assert f"good: ระบุเว็บไซต์นี้ซ้ำ ({good.resolve()})" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (good / "site").exists()


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--as-of", "2570-02-30"]])
def test_bad_options_exit_two(tmp_path: Path, args: list[str]) -> None:
    copy_sample(tmp_path / "good")
    proc = oit("build-all", "good", "--offline", *args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "good" / "site").exists()


def test_validate_sites_accepts_sites(tmp_path: Path) -> None:
    copy_sample(tmp_path / "one")
    copy_sample(tmp_path / "two")
    assert validate_sites([tmp_path / "one", tmp_path / "two"]) == []
    assert validate_sites([]) != []


def test_summary_table_pads_by_display_width() -> None:
    run = MultiSiteRun(
        sites=[
            SiteResult("ตำบลหนองบัว", "ok", items=26, passing=26, seconds=3.25),
            SiteResult("b", "input_error", message="indicators.yml:7: ไม่รู้จักคีย์ 'x'"),
        ],
        as_of=date(2027, 4, 30),
        offline=True,
        jobs=2,
        seconds=3.5,
    )
    text = summary_table(run)
    lines = text.splitlines()
    assert lines[0].split() == list(HEADERS)
    from rich.cells import cell_len

    # Thai vowels and tone marks take no cell: header, dashes and rows line up exactly
    assert len({cell_len(line) for line in lines[:4]}) == 1
    assert lines[2].split()[1:] == ["26/26", "0", "สร้างแล้ว", "3.2"]
    assert lines[3].split()[1:3] == ["-", "-"]
    assert "b: ข้อมูลผิดพลาด" in text and "indicators.yml:7" in text


def test_ci_example_is_one_job_per_site_with_a_weekly_check() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / "docs" / "ci-example.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"][0]["cron"].endswith("* * 1")  # weekly, on Mondays
    job = workflow["jobs"]["site"]
    assert job["strategy"]["fail-fast"] is False
    assert "fromJSON(needs.sites.outputs.list)" in job["strategy"]["matrix"]["site"]
    steps = " ".join(str(step.get("run", "")) for step in job["steps"])
    assert "oit check" in steps and "oit build" in steps and "rsync" in steps
