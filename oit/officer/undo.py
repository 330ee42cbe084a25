"""Undo for the commands that move a year: what they replaced is kept, so it can come back.

Before ``oit new-year`` writes, the bytes of every file it will replace (and the fact
that a file did not exist yet) go into ``.oit-undo/<time>-<command>/`` in the site
folder, with the bytes it wrote and a small ``manifest.json``. ``undo_last`` puts the
site back exactly: replaced files byte for byte, new files (the archive) removed, folders
the command created removed when empty.

It refuses when a file was changed after the command (an ``oit add`` in the new year, a
hand edit): undoing would silently throw that work away. The officer is told which file
and which lines changed, and that ``--discard-edits`` undoes anyway, keeping a copy of
the edited files in the undo folder.

Not a cache: ``.oit-cache/`` may be deleted at any time; ``.oit-undo/`` is the officer's
way back and is only removed by the undo itself.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from oit.core.atomic import write_bytes_atomic
from oit.core.errors import InputError, InputErrors

UNDO_DIR = ".oit-undo"
MANIFEST = "manifest.json"
SCHEMA = 1


@dataclass(frozen=True)
class Change:
    """One file a command writes: its path under the site folder and its new bytes."""

    path: str  # POSIX, relative to the site folder
    after: bytes


@dataclass(frozen=True)
class UndoEntry:
    """One recorded command, as read back from its manifest."""

    folder: Path
    command: str
    summary: str
    created: str
    files: list[dict[str, Any]]
    created_dirs: list[str]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def apply_with_undo(root: Path, command: str, summary: str, changes: list[Change],
                    validate: Callable[[], None]) -> Path:
    """Keep what ``changes`` replace, write them, run ``validate``; all or nothing.

    If writing or ``validate`` fails, every file is put back and the undo folder removed,
    then the error propagates. Returns the undo folder.
    """
    root = Path(root)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    folder = root / UNDO_DIR / f"{stamp}-{command}"
    files: list[dict[str, Any]] = []
    created_dirs: list[str] = []
    written: list[tuple[Path, bytes | None]] = []
    try:
        for number, change in enumerate(changes):
            target = root / change.path
            before = target.read_bytes() if target.is_file() else None
            entry: dict[str, Any] = {"path": change.path, "after_sha256": _sha(change.after),
                                     "after": f"after/{number}"}
            write_bytes_atomic(folder / "after" / str(number), change.after)
            if before is not None:
                write_bytes_atomic(folder / "before" / str(number), before)
                entry |= {"before": f"before/{number}", "before_sha256": _sha(before)}
            else:
                entry["before"] = None
            files.append(entry)
            for parent in reversed(PurePosixPath(change.path).parents):
                if str(parent) != "." and not (root / parent).exists() and str(parent) not in created_dirs:
                    created_dirs.append(str(parent))
        for change, entry in zip(changes, files, strict=True):
            target = root / change.path
            before_path = entry["before"]
            written.append((target, (folder / before_path).read_bytes() if before_path else None))
            write_bytes_atomic(target, change.after)
        validate()
        manifest = {"schema": SCHEMA, "command": command, "summary": summary,
                    "created": datetime.now().isoformat(timespec="seconds"),
                    "files": files, "created_dirs": created_dirs}
        # Written last: a folder without a manifest is an interrupted run, never offered as undo.
        write_bytes_atomic(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    except BaseException:
        for target, before in reversed(written):
            if before is None:
                target.unlink(missing_ok=True)
            else:
                write_bytes_atomic(target, before)
        for rel in reversed(created_dirs):
            with contextlib.suppress(OSError):
                (root / rel).rmdir()
        shutil.rmtree(folder, ignore_errors=True)
        _remove_if_empty(root / UNDO_DIR)
        raise
    return folder


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def entries(root: Path, command: str) -> list[UndoEntry]:
    """Recorded runs of ``command``, oldest first (interrupted runs without a manifest skipped)."""
    base = Path(root) / UNDO_DIR
    found: list[UndoEntry] = []
    if not base.is_dir():
        return found
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and p.name.endswith(f"-{command}")):
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("schema") != SCHEMA:
                continue
            files = [dict(item) for item in data["files"]]
            if not all(isinstance(item["path"], str) and isinstance(item["after"], str) for item in files):
                continue
            found.append(UndoEntry(folder, str(data["command"]), str(data.get("summary", "")),
                                   str(data.get("created", "")), files, [str(d) for d in data.get("created_dirs", [])]))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a damaged record is not offered; missing_parts names a half-deleted one
    return found


def missing_parts(entry: UndoEntry) -> list[str]:
    """Kept copies the record names that are no longer in its folder (deleted by hand)."""
    names = [item["after"] for item in entry.files] + [item["before"] for item in entry.files if item["before"]]
    return [name for name in names if not (entry.folder / name).is_file()]


def _changed_lines(expected: bytes, current: bytes) -> list[int]:
    """Line numbers (1-based, in the current file) that differ from what the command wrote."""
    old = expected.decode("utf-8", errors="replace").splitlines()
    new = current.decode("utf-8", errors="replace").splitlines()
    lines: list[int] = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lines.extend(range(j1 + 1, j2 + 1) if j2 > j1 else [j1 + 1])
    return sorted(set(lines))


def edits_since(root: Path, entry: UndoEntry, since: str = "คำสั่งเดิม") -> list[InputError]:
    """One error per file changed since the command (``since``, in Thai) wrote it, naming the lines."""
    problems: list[InputError] = []
    for item in entry.files:
        target = Path(root) / item["path"]
        if not target.is_file():
            problems.append(InputError(item["path"], None, f"ไฟล์นี้ถูกลบหรือย้ายไปหลัง{since}"))
            continue
        current = target.read_bytes()
        if _sha(current) == item["after_sha256"]:
            continue
        kept = entry.folder / item["after"]
        lines = _changed_lines(kept.read_bytes() if kept.is_file() else b"", current)
        shown = ", ".join(map(str, lines[:8])) + (f" และอีก {len(lines) - 8} บรรทัด" if len(lines) > 8 else "")
        problems.append(InputError(item["path"], lines[0] if lines else None,
                                   f"ถูกแก้ไขหลัง{since} (บรรทัด {shown})" if lines else
                                   f"ถูกแก้ไขหลัง{since}"))
    return problems


def undo(root: Path, entry: UndoEntry, *, discard_edits: bool = False) -> Path | None:
    """Put back what ``entry`` replaced. Returns where edited files were kept (``discard_edits``)."""
    root = Path(root)
    kept: Path | None = None
    if discard_edits and edits_since(root, entry):
        kept = root / UNDO_DIR / f"{entry.folder.name}-edited"
        for item in entry.files:
            target = root / item["path"]
            if target.is_file():
                write_bytes_atomic(kept / item["path"], target.read_bytes())
    for item in entry.files:
        target = root / item["path"]
        if item["before"] is None:
            target.unlink(missing_ok=True)
        else:
            write_bytes_atomic(target, (entry.folder / item["before"]).read_bytes())
    for rel in reversed(entry.created_dirs):
        _remove_if_empty(root / rel)
    shutil.rmtree(entry.folder)
    _remove_if_empty(root / UNDO_DIR)
    return kept


def refuse_edited(problems: list[InputError], how: str) -> InputErrors:
    """The refusal when files changed since: each file and line, then how to go ahead."""
    return InputErrors([*problems, InputError(UNDO_DIR, None, "ยังไม่ย้อนกลับ ไม่มีไฟล์ใดถูกเปลี่ยน", how)])


__all__ = ["MANIFEST", "UNDO_DIR", "Change", "UndoEntry", "apply_with_undo", "edits_since", "entries",
           "missing_parts", "refuse_edited", "undo"]
