"""Writes that either happen whole or not at all.

An interrupted run must never leave a half-written indicators.yml, report or site/:
everything is written beside its target and moved into place with ``os.replace``.
A write that the system refuses (no such folder, a folder in the way, disk full) is an
``InputError`` naming the file, so the CLI shows a message instead of a traceback.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

from oit.core.errors import InputError, os_reason


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step (same folder, fsync, rename).

    ``durable=False`` leaves out the fsync, for caches: after a power cut the file may
    be empty or old, which a cache reads as a miss, and a build writes several of them.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        else:
            # mkstemp creates 0600; a new page or report must be readable by the web
            # server like any file the officer would create (0666 less the umask).
            os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from exc
        raise


def current_umask() -> int:
    """The process umask (reading it means setting it; put it straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def _write_error(path: Path, exc: OSError) -> InputError:
    # making the parent folders is the only step that meets an existing name: a file
    # stands where a folder of the path should be
    reason = os_reason(OSError(errno.ENOTDIR, "") if isinstance(exc, FileExistsError) else exc)
    if isinstance(exc, PermissionError) and path.is_file():
        # Windows refuses to replace a file another program holds open: the ITAS sheet
        # left open in Excel, a report in Word. The old file is untouched.
        return InputError(str(path), None, f"เขียนทับไฟล์เดิมไม่ได้ ({reason})",
                          "ไฟล์นี้อาจเปิดค้างอยู่ในโปรแกรมอื่น เช่น Excel หรือ Word — ปิดไฟล์แล้วสั่งอีกครั้ง")
    return InputError(str(path), None, f"เขียนไฟล์ไม่ได้ ({reason})", "ตรวจว่าโฟลเดอร์ปลายทางมีอยู่ เขียนได้ และมีที่ว่างพอ")


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """``write_bytes_atomic`` for UTF-8 text."""
    write_bytes_atomic(path, text.encode("utf-8"), durable=durable)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange_paths(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns False, having changed nothing, where the system or file system cannot do it.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # pragma: no cover - glibc < 2.28 or another libc
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` where ``target`` is, keeping the old one until then.

    Where the system allows, the two folders are exchanged in one atomic rename, so
    ``target`` always exists, whole, old or new, even if the process is killed. Otherwise
    two renames on the same file system, the old folder put back if the second fails
    (a kill between the two leaves ``.<name>.old-<pid>``, which ``oit build`` restores).
    The old folder is deleted afterwards.
    """
    if target.is_dir() and not target.is_symlink() and exchange_paths(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old folder
        return
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
    moved = False
    try:
        if old is not None:
            os.replace(target, old)
            moved = True
        os.replace(new, target)
    except BaseException:
        if moved and old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
