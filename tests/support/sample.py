"""A private copy of the embedded sample site, for tests that change or build it."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PARTS = ("indicators.yml", "measures.yml", "mkdocs.yml", "content", "hooks", "overrides")


def copy_sample(target: Path) -> Path:
    """Copy the sample site (config, content, hooks, theme overrides) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    for optional in ("archive",):
        if (ROOT / optional).is_dir():
            shutil.copytree(ROOT / optional, target / optional)
    return target


def tree_digest(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes: compare before and after to prove nothing changed."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
