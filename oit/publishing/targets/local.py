"""A local folder as the target: a web root on this machine or a mounted share."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from oit.core.atomic import current_umask
from oit.publishing.target_url import TargetSpec
from oit.publishing.targets import PublishFailed, TransientError, part_name

T = TypeVar("T")


class LocalTarget:
    def __init__(self, spec: TargetSpec) -> None:
        self.root = Path(spec.path)
        self.label = spec.path

    def connect(self) -> None:
        # A share that is not mounted must not become a new folder on the local disk.
        if not self.root.is_dir():
            raise PublishFailed(
                f"ไม่พบโฟลเดอร์ปลายทาง {self.root} — ตรวจว่าเชื่อมต่อไดรฟ์ของเว็บไซต์แล้ว "
                "หรือสร้างโฟลเดอร์นั้นก่อน แล้วสั่ง oit publish อีกครั้ง"
            )

    def close(self) -> None:
        pass

    def _path(self, rel: str) -> Path:
        return self.root.joinpath(*rel.split("/"))

    def read(self, rel: str) -> bytes | None:
        try:
            return self._guard(self._path(rel).read_bytes, rel)
        except FileNotFoundError:
            return None

    def listing(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for path in self.root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(self.root).as_posix()] = path.stat().st_size
        return found

    def put(self, rel: str, source: Path) -> None:
        def copy(out: BinaryIO) -> None:
            with source.open("rb") as handle:
                shutil.copyfileobj(handle, out)

        self._guard(lambda: self._write(rel, copy), rel)

    def put_bytes(self, rel: str, data: bytes) -> None:
        self._guard(lambda: self._write(rel, lambda out: out.write(data)), rel)

    def _write(self, rel: str, fill: Callable[[BinaryIO], object]) -> None:
        final = self._path(rel)
        part = self._path(part_name(rel))
        final.parent.mkdir(parents=True, exist_ok=True)
        with part.open("wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        part.chmod(0o666 & ~current_umask())  # readable by the web server, like the officer's files
        os.replace(part, final)

    def delete(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._guard(self._path(rel).unlink, rel)

    def remove_empty_dir(self, rel: str) -> None:
        with contextlib.suppress(OSError):  # not empty (someone else's files) or already gone
            self._path(rel).rmdir()

    def _guard(self, action: Callable[[], T], rel: str) -> T:
        """Run ``action``; a refusal is final, a full disk or an I/O error may pass."""
        try:
            return action()
        except FileNotFoundError:
            raise
        except PermissionError as exc:
            raise PublishFailed(f"ไม่มีสิทธิ์เขียน {self._path(rel)} ({exc.strerror}) — ขอสิทธิ์จากผู้ดูแลเครื่อง") from None
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EIO, errno.EAGAIN, errno.ETIMEDOUT, errno.EDQUOT):
                raise TransientError(f"{self._path(rel)}: {exc.strerror}") from None
            raise PublishFailed(f"เขียน {self._path(rel)} ไม่ได้ ({exc.strerror})") from None
