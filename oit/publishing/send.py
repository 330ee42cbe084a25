"""Send a built site to its target: only what changed, in an order that never breaks a link.

A run reads the target's manifest (or, the first time, lists the target and adopts the files
that are already identical), plans the uploads and deletions (:mod:`oit.publishing.plan`),
and then:

1. writes a checkpoint manifest naming the files it is about to send (``uploading``), so an
   interrupted run's temporary parts can be cleaned up by the next one;
2. sends the files tier by tier, each to a temporary name renamed into place, and writes the
   manifest again after every batch with only what is confirmed on the target;
3. deletes what the site no longer has (of the previous manifest only), then empty folders;
4. writes the final manifest last.

An interrupted run leaves old pages with their old files, and any new page with every file
it links to (those were sent before it); the next run sends the rest. Transient failures are
retried with backoff, a bounded number of times, reconnecting first.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from oit.publishing.manifest import MANIFEST_NAME, FileEntry, Manifest, hash_bytes, scan_site
from oit.publishing.plan import Plan, make_plan, tier
from oit.publishing.target_url import TargetSpec
from oit.publishing.targets import PublishFailed, Target, TransientError, part_name

T = TypeVar("T")

ATTEMPTS = 4  # one try and three retries per operation
BACKOFF = (0.5, 1.0, 2.0)  # seconds before each retry: bounded, about 3.5 s in all
BATCH = 25  # files between two checkpoint manifests
BACKOFF_ENV = "OIT_PUBLISH_BACKOFF"  # seconds of the first pause (tests shorten it)


def open_target(spec: TargetSpec) -> Target:
    """The transport for a parsed target (its library is imported only when it is used)."""
    if spec.scheme == "sftp":
        from oit.publishing.targets.sftp import SftpTarget

        return SftpTarget(spec)
    if spec.scheme == "ftps":
        from oit.publishing.targets.ftps import FtpsTarget

        return FtpsTarget(spec)
    from oit.publishing.targets.local import LocalTarget

    return LocalTarget(spec)


@dataclass
class PublishResult:
    target: str
    plan: Plan
    uploaded: int = 0
    deleted: int = 0
    bytes: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    adopted_from_listing: bool = False
    allow_failing: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "uploaded": self.uploaded,
            "deleted": self.deleted,
            "unchanged": len(self.plan.unchanged),
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "target": self.target,
            "dry_run": self.dry_run,
            "allow_failing": self.allow_failing,
            "completed": self.error is None,
            "error": self.error,
        }


@dataclass
class Progress:
    """Callbacks for a progress display; the engine works without one."""

    start: Callable[[int, int], None] = lambda files, size: None
    advance: Callable[[str, int], None] = lambda rel, size: None
    note: Callable[[str], None] = lambda message: None


@dataclass
class _Session:
    target: Target
    pauses: tuple[float, ...] = field(default_factory=lambda: _pauses())

    def run(self, what: str, action: Callable[[], T]) -> T:
        """``action`` with bounded retries; reconnect before each retry."""
        last = ""
        for attempt in range(ATTEMPTS):
            if attempt:
                time.sleep(self.pauses[min(attempt - 1, len(self.pauses) - 1)])
                try:
                    self.target.close()
                    self.target.connect()
                except TransientError as exc:
                    last = str(exc)
                    continue
            try:
                return action()
            except TransientError as exc:
                last = str(exc)
        raise PublishFailed(
            f"{what} ไม่สำเร็จหลังลอง {ATTEMPTS} ครั้ง ({last}) — ไฟล์ที่ส่งแล้วอยู่ครบ หน้าเว็บบนปลายทางยังเปิดได้ "
            "ไม่มีหน้าใดลิงก์ไปไฟล์ที่ยังไม่มี เมื่อแก้ปัญหาแล้วสั่ง oit publish อีกครั้งเพื่อส่งส่วนที่เหลือ"
        )


def _pauses() -> tuple[float, ...]:
    try:
        first = float(os.environ.get(BACKOFF_ENV, BACKOFF[0]))
    except ValueError:
        first = BACKOFF[0]
    return tuple(first * (step / BACKOFF[0]) for step in BACKOFF)


def _on_target(session: _Session, site: dict[str, FileEntry]) -> tuple[Manifest, bool]:
    """The target's manifest; without one, the site's files already there byte for byte."""
    raw = session.run(f"อ่าน {MANIFEST_NAME}", lambda: session.target.read(MANIFEST_NAME))
    manifest = Manifest.from_bytes(raw) if raw is not None else None
    if manifest is not None:
        return manifest, False
    listed = session.run("อ่านรายการไฟล์บนปลายทาง", session.target.listing)
    adopted: dict[str, FileEntry] = {}
    for rel, entry in site.items():
        if listed.get(rel) == entry.size:  # same size: worth reading to compare
            data = session.run(f"อ่าน {rel}", partial(session.target.read, rel))
            if data is not None and hash_bytes(data) == entry:
                adopted[rel] = entry
    return Manifest(files=adopted), True


def publish_site(
    site_dir: Path,
    target: Target,
    *,
    allow_failing: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    log_extra: dict[str, Any] | None = None,
) -> PublishResult:
    """Send ``site_dir`` to ``target``. A final failure is not raised: ``result.error`` says it,
    and the counts say how far the run got."""
    progress = progress or Progress()
    started = time.monotonic()
    site = scan_site(site_dir)
    session = _Session(target)
    state: Manifest | None = None
    result = PublishResult(target=target.label, plan=Plan(), dry_run=dry_run, allow_failing=allow_failing)
    try:
        session.run(f"เชื่อมต่อ {target.label}", target.connect)
        previous, from_listing = _on_target(session, site)
        result.plan = plan = make_plan(site, previous.files)
        result.adopted_from_listing = from_listing
        if dry_run:
            return result
        if plan.empty and not previous.uploading and not from_listing:
            return result  # nothing changed: nothing is sent, not even the manifest
        state = Manifest(files=dict(previous.files), uploading=list(plan.uploads), history=previous.history)
        _send(session, site_dir, site, plan, previous, state, result, progress)
        state.uploading = []
        state.history.append(
            {
                "at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "uploaded": result.uploaded,
                "deleted": result.deleted,
                "unchanged": len(plan.unchanged),
                "allow_failing": allow_failing,
                **(log_extra or {}),
            }
        )
        session.run(f"เขียน {MANIFEST_NAME}", lambda: target.put_bytes(MANIFEST_NAME, state.to_bytes()))
        return result
    except PublishFailed as exc:
        result.error = str(exc)
        if state is not None:
            _last_checkpoint(target, state)
        return result
    finally:
        result.seconds = time.monotonic() - started
        target.close()


def _last_checkpoint(target: Target, state: Manifest) -> None:
    """One try, on a fresh connection, to record what did arrive before the failure, so the
    next run does not send it again. If even that fails, the last checkpoint stands."""
    with contextlib.suppress(PublishFailed, TransientError):
        target.close()
        target.connect()
        target.put_bytes(MANIFEST_NAME, state.to_bytes())


def _send(
    session: _Session,
    site_dir: Path,
    site: dict[str, FileEntry],
    plan: Plan,
    previous: Manifest,
    state: Manifest,
    result: PublishResult,
    progress: Progress,
) -> None:
    target = session.target

    def checkpoint() -> None:
        session.run(f"เขียน {MANIFEST_NAME}", lambda: target.put_bytes(MANIFEST_NAME, state.to_bytes()))

    # parts left by an interrupted run for files this run does not send again
    stale = [rel for rel in previous.uploading if rel not in set(plan.uploads)]
    if plan.uploads or stale:
        checkpoint()
    for rel in stale:
        session.run(f"ลบไฟล์ชั่วคราวของ {rel}", partial(target.delete, part_name(rel)))

    progress.start(len(plan.uploads), sum(site[rel].size for rel in plan.uploads))
    since_checkpoint = 0
    for index, rel in enumerate(plan.uploads):
        session.run(f"ส่ง {rel}", partial(target.put, rel, site_dir / rel))
        state.files[rel] = site[rel]
        state.uploading.remove(rel)
        result.uploaded += 1
        result.bytes += site[rel].size
        progress.advance(rel, site[rel].size)
        since_checkpoint += 1
        last_of_tier = index + 1 == len(plan.uploads) or tier(plan.uploads[index + 1]) != tier(rel)
        if since_checkpoint >= BATCH or last_of_tier:
            checkpoint()
            since_checkpoint = 0

    folders: set[str] = set()
    for rel in plan.deletions:
        session.run(f"ลบ {rel}", partial(target.delete, rel))
        state.files.pop(rel, None)
        result.deleted += 1
        parent = PurePosixPath(rel).parent
        while str(parent) != ".":
            folders.add(str(parent))
            parent = parent.parent
    for folder in sorted(folders, key=lambda f: -f.count("/")):  # deepest first
        if not any(rel.startswith(folder + "/") for rel in site):
            session.run(f"ลบโฟลเดอร์ {folder}", partial(target.remove_empty_dir, folder))
