"""What ``make setup`` prepares once per installation, beside the byte-compiled code.

Every first build of a site used to redo two pieces of work that depend only on the
installed libraries and this package: reading PyThaiNLP's word lists into sets
(:mod:`oit.search.thai_dictionary`) and compiling the page templates with Jinja2
(:func:`oit.pages.generate.precompile_templates`). Both are kept under the installation's
``share/oit-site`` folder, like the ``.pyc`` files ``compileall`` writes. Each is
checked against what it was made from when a build reads it (PyThaiNLP's files;
each template's source), so a stale one is never used, and a missing one only
costs the build the time it saved.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SHARE_ENV = "OIT_SHARE_DIR"
"""Environment variable naming another folder (tests, read-only installations)."""


def share_dir() -> Path:
    """``<installation>/share/oit-site``, or the folder named by ``OIT_SHARE_DIR``."""
    override = os.environ.get(SHARE_ENV)
    return Path(override) if override else Path(sys.prefix) / "share" / "oit-site"


def prepare() -> list[str]:
    """Write what is missing or stale; returns a Thai message per part that failed."""
    from oit.pages.generate import precompile_templates
    from oit.search.thai_dictionary import store_path, write_store

    problems = []
    for what, step in (
        ("พจนานุกรมภาษาไทยสำเร็จรูป", lambda: write_store(store_path())),
        ("แม่แบบหน้าเว็บที่แปลงแล้ว", lambda: precompile_templates(share_dir() / "templates")),
    ):
        try:
            step()
        except Exception as exc:  # an optional speed-up: a failure must not stop set-up
            problems.append(f"เตรียม{what}ไม่ได้ ({exc}); การสร้างเว็บไซต์ยังทำงานได้ แต่การสร้างครั้งแรกจะช้าลงเล็กน้อย")
    return problems


def main() -> int:
    """``python -m oit.installation`` (run by ``make setup``)."""
    for problem in prepare():
        print(problem, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
