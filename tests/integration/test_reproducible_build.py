"""The same input gives the same bytes: what lets `oit publish` send nothing when nothing changed.

Two builds of the sample, from two copies in different folders (file times kept: a page's
"last updated" is its last commit, else its file time, and that is input), one of them under
a stray SOURCE_DATE_EPOCH (as a CI runner may set), must be byte-identical. Before the build
fixed its date to the as-of day, the sitemap carried the day of the build and the gzip header
its time.
"""

from __future__ import annotations

import gzip
import os
import subprocess
from pathlib import Path

import pytest

from tests.support.sample import copy_sample, tree_digest

OIT = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "oit")


def _build(root: Path, **env: str) -> Path:
    out = root.parent / f"{root.name}-site"
    proc = subprocess.run(
        [OIT, "build", "--offline", "--as-of", "2570-04-30", "--out", str(out)],
        cwd=root,
        env={
            **{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"},
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHAINLP_READ_ONLY": "1",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.mark.timeout(600)
def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    first = copy_sample(tmp_path / "one")
    second = copy_sample(tmp_path / "elsewhere" / "two")
    a = tree_digest(_build(first))
    b = tree_digest(_build(second, SOURCE_DATE_EPOCH="86400"))
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == []
    # the build's date is the as-of day (2570-04-30 = 2027-04-30), whatever the clock says
    sitemap = a["sitemap.xml"].decode("utf-8")
    assert "<lastmod>2027-04-30</lastmod>" in sitemap
    assert gzip.decompress(a["sitemap.xml.gz"]) == a["sitemap.xml"]
