"""The engine of a disclosure site: the files ``oit init`` copies into every new site.

They are the embedded sample site's own ``mkdocs.yml``, ``hooks/``, ``overrides/`` and
``content/assets/`` (styles, scripts, the self-hosted Thai fonts), kept once, at the top
of the repository, where ``make site`` builds and the tests check them. A wheel carries
them under ``oit/officer/site-engine/``: ``setup.py`` copies them there when it builds,
so git holds no second copy. This module imports nothing but the standard library
because ``setup.py`` reads it before any dependency is installed.
"""

from __future__ import annotations

from pathlib import Path

#: Paths of the engine, relative to a site's folder (``content`` is the mkdocs docs_dir).
ENGINE_PATHS = ("mkdocs.yml", "hooks", "overrides", "content/assets")
#: Where a built wheel keeps them, relative to this folder (a hyphen, so it is no package).
PACKAGED_DIR = "site-engine"

_HERE = Path(__file__).resolve().parent
#: In an installed wheel.
PACKAGED_ENGINE = _HERE / PACKAGED_DIR
#: In a checkout (``make site`` installs it editable): the repository root.
CHECKOUT_ENGINE = _HERE.parents[1]


def find_engine() -> tuple[Path | None, list[Path]]:
    """The first folder holding every engine path, and every folder that was looked at."""
    candidates = [PACKAGED_ENGINE, CHECKOUT_ENGINE]
    for root in candidates:
        if all((root / rel).exists() for rel in ENGINE_PATHS):
            return root, candidates
    return None, candidates


def is_copied(name: str) -> bool:
    """Whether a file or folder of the engine belongs in a site (caches and dotfiles do not)."""
    return not (name == "__pycache__" or name.endswith((".pyc", ".pyo")) or name.startswith("."))
