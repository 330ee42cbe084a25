"""What a target holds of the site: the SHA-256 of every file, kept on the target itself.

``.oit-publish.json`` at the root of the target names each file a publish confirmed there
with its hash and size. It is written after every batch of uploads, and once more when the
publish is complete, so it never claims a file that did not arrive; a file it does not name
is not the site's, and publish never touches it. ``uploading`` lists the files of a run
that may have left a temporary part behind, so the next run can clean those up.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST_NAME = ".oit-publish.json"
FORMAT = "oit-publish/1"
HISTORY_KEPT = 20  # recent publishes remembered in the manifest, with their reasons


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int


@dataclass
class Manifest:
    """The files confirmed on a target, and what the last publishes were."""

    files: dict[str, FileEntry] = field(default_factory=dict)
    uploading: list[str] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        data = {
            "format": FORMAT,
            "files": {rel: {"sha256": e.sha256, "size": e.size} for rel, e in sorted(self.files.items())},
            "uploading": sorted(self.uploading),
            "history": self.history[-HISTORY_KEPT:],
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest | None:
        """The manifest, or None when it is not one of ours (then the target is listed instead)."""
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return None
            files = {
                rel: FileEntry(str(entry["sha256"]), int(entry["size"]))
                for rel, entry in data["files"].items()
                if safe_relative(rel)
            }
            uploading = [rel for rel in data.get("uploading", []) if isinstance(rel, str) and safe_relative(rel)]
            history = [h for h in data.get("history", []) if isinstance(h, dict)]
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        return cls(files, uploading, history)


def safe_relative(rel: str) -> bool:
    """A path a manifest may name: relative, inside the target, no tricks (it is read from the host)."""
    if not rel or "\\" in rel or "\0" in rel or rel.startswith("/"):
        return False
    parts = PurePosixPath(rel).parts
    return all(part not in ("", ".", "..") for part in parts) and rel != MANIFEST_NAME


def hash_file(path: Path) -> FileEntry:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
        return FileEntry(digest.hexdigest(), handle.tell())  # the bytes hashed, not a later stat


def hash_bytes(data: bytes) -> FileEntry:
    return FileEntry(hashlib.sha256(data).hexdigest(), len(data))


def scan_site(site_dir: Path) -> dict[str, FileEntry]:
    """Every file of a built site by its path under the site (``/`` separated), with its hash."""
    found: dict[str, FileEntry] = {}
    for path in sorted(site_dir.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue  # mkdocs writes no links; a stray one is not sent
        rel = path.relative_to(site_dir).as_posix()
        if safe_relative(rel):
            found[rel] = hash_file(path)
    return found
