"""The publishing gate: `oit build` produces site/ only when every required item passes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.sample import copy_sample, tree_digest

OIT = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "oit")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHAINLP_READ_ONLY="1")


def oit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([OIT, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    proc = oit("build", "--offline", "--as-of", "2570-04-30", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def test_build_publishes_sample(built_sample: Path) -> None:
    site = built_sample / "site"
    assert (site / "ita" / "index.html").is_file()
    for number in range(1, 27):
        assert (site / "ita" / f"o{number}.html").is_file()
    assert (site / "ita" / "archive" / "2570.html").is_file()
    assert not (site / "publish-override.txt").exists()
    assert not [p for p in built_sample.iterdir() if p.name.startswith(".site.build-")]
    # the web server reads site/ as another user: not mkdtemp's 0700
    assert site.stat().st_mode & 0o055 == 0o055


def _break_o11(root: Path) -> None:
    """Remove the January procurement summary: o11 becomes incomplete."""
    text = (root / "indicators.yml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "month: 2570-01" in line)
    # the document entry starts at the nearest "- " above its month line
    first = max(i for i in range(start + 1) if lines[i].lstrip().startswith("- "))
    end = start + 1
    while end < len(lines) and not lines[end].lstrip().startswith("- ") and lines[end].startswith("        "):
        end += 1
    (root / "indicators.yml").write_text("".join(lines[:first] + lines[end:]), encoding="utf-8")


def test_gate_refuses_failing_site_and_keeps_old_site(built_sample: Path, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    first = oit("build", "--offline", "--as-of", "2570-04-30", cwd=root)
    assert first.returncode == 0, first.stderr
    before = tree_digest(root / "site")
    _break_o11(root)
    refused = oit("build", "--offline", "--as-of", "2570-04-30", cwd=root)
    assert refused.returncode == 1
    assert "ไม่สร้างเว็บไซต์" in refused.stderr and "o11" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert tree_digest(root / "site") == before

    reason = "รอสรุปผลเดือนมกราคมจากกองคลัง"
    allowed = oit("build", "--offline", "--as-of", "2570-04-30", "--allow-failing", reason, cwd=root)
    assert allowed.returncode == 0, allowed.stderr
    assert reason in allowed.stdout
    override = (root / "site" / "publish-override.txt").read_text(encoding="utf-8")
    assert "o11" in override and reason in override
    assert "มกราคม 2570" in (root / "site" / "ita" / "o11.html").read_text(encoding="utf-8")


def test_bad_input_exits_2_and_keeps_old_site(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    assert oit("build", "--offline", "--as-of", "2570-04-30", cwd=root).returncode == 0
    before = tree_digest(root / "site")
    config = root / "indicators.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n  o1:", "\n  o1x:", 1), encoding="utf-8")
    proc = oit("build", "--offline", "--as-of", "2570-04-30", cwd=root)
    assert proc.returncode == 2
    assert "indicators.yml:" in proc.stderr and "o1x" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert tree_digest(root / "site") == before


def test_build_with_relative_site_path(tmp_path: Path) -> None:
    """`oit build --site sub` from the parent folder: mkdocs runs inside the site, so the
    config path handed to it must not be relative to the caller's folder."""
    copy_sample(tmp_path / "office")
    proc = oit("build", "--site", "office", "--offline", "--as-of", "2570-04-30", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "office" / "site" / "ita" / "index.html").is_file()
