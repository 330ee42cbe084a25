"""Two versions of a built site for `oit publish` tests, and helpers to compare targets.

``v1`` is the built sample plus ``old.html`` (linked from ``contact.html``, linking
``files/old.pdf``). ``v2`` drops both, adds ``files/new-doc.pdf`` and ``news/new.html``,
and changes ``contact.html`` to link the new ones: an update with a new document, a new
page, a changed page and a removed page with its file. Both versions have no broken link.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from oit.checker.site_links import check_site_links
from tests.support.sites import pdf_bytes

SITE_LINK = '<a href="old.html">ประกาศเดิม</a>'


def make_versions(built_site: Path, folder: Path) -> tuple[Path, Path]:
    v1, v2 = folder / "v1", folder / "v2"
    shutil.copytree(built_site, v1)
    contact = (v1 / "contact.html").read_text(encoding="utf-8")
    (v1 / "contact.html").write_text(contact.replace("</article>", f"{SITE_LINK}</article>", 1), encoding="utf-8")
    (v1 / "files").mkdir(exist_ok=True)
    (v1 / "files" / "old.pdf").write_bytes(pdf_bytes(label="old"))
    (v1 / "old.html").write_text('<!doctype html><title>old</title><a href="files/old.pdf">pdf</a>', encoding="utf-8")

    shutil.copytree(built_site, v2)
    (v2 / "files").mkdir(exist_ok=True)
    (v2 / "files" / "new-doc.pdf").write_bytes(pdf_bytes(label="new"))
    (v2 / "news" / "new.html").write_text(
        '<!doctype html><title>new</title><a href="../files/new-doc.pdf">pdf</a> <a href="../index.html">home</a>',
        encoding="utf-8",
    )
    (v2 / "contact.html").write_text(
        contact.replace("</article>", '<a href="news/new.html">ข่าว</a><a href="files/new-doc.pdf">pdf</a></article>', 1),
        encoding="utf-8",
    )
    for version in (v1, v2):
        assert check_site_links(version) == [], version
    return v1, v2


def site_files(root: Path) -> dict[str, bytes]:
    """The files of a target that belong to the site (not our manifest, parts, or others' files)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".oit-publish.json" and not p.name.endswith(".oit-part")
    }


def parts_left(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.oit-part"))
