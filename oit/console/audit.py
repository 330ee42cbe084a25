"""The console's journal: every change, when, to which item, from which file; and its undo.

Kept in the site folder (``.oit-console/``, outside ``content/`` so never published):
``audit.jsonl`` holds one JSON object per change, appended and flushed; before each
change the bytes of indicators.yml are kept in ``backups/`` and a removed file is moved
to ``trash/`` instead of being deleted, so the last change can be undone exactly.
Undo is refused when indicators.yml has changed since (a hand edit, another tab): the
console never overwrites what it did not write.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from oit.core.atomic import write_bytes_atomic
from oit.core.errors import InputError
from oit.core.indicators import CONFIG_NAME, CONTENT_DIR

STATE_DIR = ".oit-console"
AUDIT_FILE = "audit.jsonl"

MSG_CHANGED_UNDERNEATH = ("indicators.yml ถูกแก้ไขจากที่อื่นหลังจากเปิดหน้านี้ (แท็บอื่นหรือแก้ด้วยมือ) "
                          "จึงไม่บันทึก เพื่อไม่ให้ทับการแก้ไขนั้น")
HINT_RELOAD = "เปิดหน้านี้ใหม่ (กด F5) ตรวจข้อมูลล่าสุด แล้วทำอีกครั้ง"


def _user() -> str:
    """Who is logged in on this computer: the only identity a local console has."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def fingerprint(path: Path) -> str:
    """SHA-256 of a file's bytes ('' when it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


@dataclass
class Change:
    """One change in progress: filled in by the view, written by ``Journal.change``."""

    action: str
    item: str | None = None
    title: str | None = None
    file: str | None = None  # the name the officer uploaded
    target: str | None = None  # as recorded: path under content/, URL, page
    created_file: str | None = None  # under content/, for undo
    trashed: str | None = None  # trash copy of a removed file, for undo
    trashed_from: str | None = None  # where under content/ it was
    undoable: bool = True
    detail: str | None = None


class Journal:
    """The audit log and backups of one site; one change at a time (a lock per site)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.dir = self.root / STATE_DIR
        self.config = self.root / CONFIG_NAME
        self._lock = threading.Lock()

    # ---- reading

    def entries(self) -> list[dict[str, Any]]:
        """Every entry, oldest first; a torn last line (a crash mid-append) is skipped."""
        try:
            lines = (self.dir / AUDIT_FILE).read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        out = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                out.append(entry)
        return out

    def last_undoable(self) -> dict[str, Any] | None:
        entries = self.entries()
        undone = {e.get("undoes") for e in entries if e.get("action") == "undo"}
        for entry in reversed(entries):
            if entry.get("action") == "undo":
                continue
            if entry.get("undoable") and entry.get("id") not in undone:
                return entry
            return None  # only the most recent change can be undone exactly
        return None

    # ---- writing

    def _append(self, entry: dict[str, Any]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        with (self.dir / AUDIT_FILE).open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
            stream.flush()
            os.fsync(stream.fileno())

    @contextmanager
    def change(self, change: Change, expected: str | None) -> Iterator[Change]:
        """Run one change under the lock, refusing it if indicators.yml is not ``expected``.

        ``expected`` is the fingerprint the form was rendered with (``None``: no check).
        The entry is written only when the block succeeds.
        """
        with self._lock:
            before_bytes = self.config.read_bytes() if self.config.exists() else b""
            before = hashlib.sha256(before_bytes).hexdigest()
            if expected is not None and expected != before:
                raise InputError(CONFIG_NAME, None, MSG_CHANGED_UNDERNEATH, HINT_RELOAD)
            stamp = datetime.now().astimezone()
            entry_id = f"{stamp.strftime('%Y%m%dT%H%M%S%f')}-{before[:8]}"
            try:
                yield change
            except BaseException:
                # A change of several steps (replace: add, then remove) is all or nothing:
                # each step undoes itself, and what earlier steps did is undone here.
                if fingerprint(self.config) != before:
                    write_bytes_atomic(self.config, before_bytes)
                if change.created_file:
                    (self.root / CONTENT_DIR / change.created_file).unlink(missing_ok=True)
                raise
            backup = None
            if change.undoable:
                backup = f"backups/{entry_id}.yml"
                write_bytes_atomic(self.dir / backup, before_bytes)
            entry = {"id": entry_id, "when": stamp.isoformat(timespec="seconds"), "user": _user(),
                     "action": change.action,
                     "item": change.item, "title": change.title, "file": change.file, "target": change.target,
                     "detail": change.detail, "before": before, "after": fingerprint(self.config),
                     "backup": backup, "created_file": change.created_file, "trashed": change.trashed,
                     "trashed_from": change.trashed_from,
                     "undoable": change.undoable}
            self._append({k: v for k, v in entry.items() if v is not None})

    def trash(self, change: Change, target: str) -> None:
        """Move ``content/<target>`` aside, where undo finds it (recorded in ``change``)."""
        source = self.root / CONTENT_DIR / target
        place = f"trash/{datetime.now().strftime('%Y%m%dT%H%M%S%f')}/{Path(target).name}"
        dest = self.dir / place
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, dest)
        change.trashed, change.trashed_from = place, target

    def undo(self, expected: str | None) -> dict[str, Any]:
        """Undo the most recent change; refuse if anything changed after it."""
        entry = self.last_undoable()
        if entry is None:
            raise InputError(STATE_DIR, None, "ไม่มีการเปลี่ยนแปลงที่ย้อนกลับได้",
                             "ย้อนกลับได้เฉพาะการเปลี่ยนแปลงล่าสุดที่ทำผ่านหน้านี้")
        with self._lock:
            current = fingerprint(self.config)
            if current != entry.get("after") or (expected is not None and expected != current):
                raise InputError(CONFIG_NAME, None, MSG_CHANGED_UNDERNEATH, HINT_RELOAD)
            backup = (self.dir / str(entry["backup"])).read_bytes()
            if entry.get("trashed"):
                dest = self.root / CONTENT_DIR / str(entry["trashed_from"])
                if dest.exists():
                    raise InputError(f"{CONTENT_DIR}/{entry['trashed_from']}", None, "มีไฟล์ชื่อนี้อยู่แล้ว จึงนำไฟล์เดิมกลับไม่ได้",
                                     "ย้ายหรือเปลี่ยนชื่อไฟล์นั้นก่อน แล้วย้อนกลับอีกครั้ง")
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(self.dir / str(entry["trashed"]), dest)
            write_bytes_atomic(self.config, backup)
            if entry.get("created_file"):
                (self.root / CONTENT_DIR / str(entry["created_file"])).unlink(missing_ok=True)
            stamp = datetime.now().astimezone()
            self._append({"id": f"{stamp.strftime('%Y%m%dT%H%M%S%f')}-undo",
                          "when": stamp.isoformat(timespec="seconds"), "user": _user(), "action": "undo",
                          "undoes": entry["id"], "item": entry.get("item"),
                          "title": entry.get("title"), "before": current, "after": fingerprint(self.config)})
            return entry
