"""Fixtures for the reliability and security tests (helpers live in ``helpers.py``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.reliability.helpers import AS_OF, ENV, PYTHON, make_content, make_hostile_sample, run_oit
from tests.support.sample import copy_sample

SLOW_HOOK = '''"""Test hook: announce the mkdocs process, then sleep inside the build."""
import os
import time
from pathlib import Path


def on_post_build(config):
    marker = os.environ.get("OIT_TEST_SLOW_MARKER")
    if marker:
        Path(marker).write_text(str(os.getpid()))
        time.sleep(120)
'''



@pytest.fixture
def content_site(tmp_path: Path) -> Path:
    """An empty site folder with the corpus content files (no indicators.yml yet)."""
    return make_content(tmp_path / "site")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once by ``oit build``, with an extra slow hook registered.

    The hook does nothing unless ``OIT_TEST_SLOW_MARKER`` is set; then it writes the
    mkdocs pid to that file and sleeps, so a test can interrupt a build at a known point.
    Tests that change the site work on a copy.
    """
    root = copy_sample(tmp_path_factory.mktemp("built") / "s")
    (root / "hooks" / "slow_build.py").write_text(SLOW_HOOK, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "hooks:\n" in text
    config.write_text(text.replace("hooks:\n", "hooks:\n  - hooks/slow_build.py\n", 1), encoding="utf-8")
    proc = run_oit("build", "--offline", "--as-of", AS_OF, cwd=root, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return root


@pytest.fixture(scope="session")
def hostile_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``(source, built site)`` of the hostile sample, built by mkdocs with the project's hooks.

    Not ``--strict`` and not through ``oit build``: the gate would (rightly) refuse this
    site, and the tests need its HTML to prove what the escaping does.
    """
    base = tmp_path_factory.mktemp("hostile")
    root = make_hostile_sample(base / "s")
    out = base / "out"
    env = dict(ENV, OIT_AS_OF=AS_OF)
    proc = subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--no-strict", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root, out
