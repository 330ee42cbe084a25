"""Build step: the sample site's engine files go into the wheel (see docs/dependencies.md).

Everything else about the package is declared in pyproject.toml. ``oit init`` copies
``mkdocs.yml``, ``hooks/``, ``overrides/`` and ``content/assets/`` into a new site; they
live once, at the top of the repository, where ``make site`` uses them. A non-editable
build copies them into ``oit/officer/site-engine/`` of the build folder, so an installed
``oit`` carries them and git keeps no second copy. An editable install skips the copy:
there ``oit init`` reads them from the checkout itself.
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# The list of engine paths lives in one place, a module without dependencies.
_ENGINE = runpy.run_path(str(ROOT / "oit" / "officer" / "engine_files.py"))


def _ignore(_folder: str, names: list[str]) -> list[str]:
    return [name for name in names if not _ENGINE["is_copied"](name)]


class BuildPyWithEngine(build_py):
    """``build_py`` plus the engine files under ``oit/officer/site-engine/``."""

    def run(self) -> None:
        editable = getattr(self, "editable_mode", False)
        if not editable:
            # setuptools reuses build/ between builds: without this a module deleted from
            # the source would still ship from an older build's copy.
            for top in sorted({name.split(".")[0] for name in self.packages or ()}):
                shutil.rmtree(Path(self.build_lib, top), ignore_errors=True)
        super().run()
        if editable:
            return
        dest = Path(self.build_lib, "oit", "officer", _ENGINE["PACKAGED_DIR"])
        shutil.rmtree(dest, ignore_errors=True)  # a build folder left from an older build
        for rel in _ENGINE["ENGINE_PATHS"]:
            src = ROOT / rel
            if src.is_dir():
                shutil.copytree(src, dest / rel, ignore=_ignore)
            else:
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)


setup(cmdclass={"build_py": BuildPyWithEngine})
