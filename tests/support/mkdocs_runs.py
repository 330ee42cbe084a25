"""Real ``mkdocs build --strict`` runs for integration tests, and the small Thai search project.

Tests that build a project and compare outputs (caches, search) share these, so the
environment a build gets (no inherited ``OIT_NO_CACHE``, PyThaiNLP read-only, no
MkDocs 2.0 banner) and the fixture config are written once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from oit.search.thai_search import SEARCH_SEPARATOR


def run_mkdocs(root: Path, out: Path, *, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``root/mkdocs.yml`` into ``out``; the caller checks the result.

    ``OIT_NO_CACHE`` from the caller's environment is dropped, so a test decides itself
    whether the caches are on; ``env`` adds variables (``OIT_AS_OF``, ``OIT_NO_CACHE``).
    """
    full_env = {key: value for key, value in os.environ.items() if key != "OIT_NO_CACHE"}
    full_env.update({"PYTHAINLP_READ_ONLY": "1", "NO_MKDOCS_2_WARNING": "1", **env})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root, env=full_env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def thai_search_config(site_name: str, *, features: Sequence[str] = (), extra_javascript: Sequence[str] = ()) -> str:
    """mkdocs.yml of a small Material project with only the Thai search hook."""
    theme_features = f"  features: [{', '.join(features)}]\n" if features else ""
    scripts = "".join(f"  - {script}\n" for script in extra_javascript)
    return (
        f"site_name: {site_name}\n"
        "use_directory_urls: false\n"
        "strict: true\n"
        "theme:\n"
        "  name: material\n"
        "  language: th\n"
        "  font: false\n"
        f"{theme_features}"
        "plugins:\n"
        "  - search:\n"
        "      lang: en\n"
        f"      separator: '{SEARCH_SEPARATOR}'\n"
        "hooks:\n"
        "  - hooks/thai_search.py\n"
        + (f"extra_javascript:\n{scripts}" if scripts else "")
    )
