"""SFTP through asyncssh: keys from the ssh agent or ~/.ssh, or OIT_PUBLISH_PASSWORD.

The host key must already be in ``~/.ssh/known_hosts`` (asyncssh's default check): an
unknown key is refused with the key's fingerprint and the command that accepts it on purpose.
Files go to a temporary part and are renamed with ``posix-rename@openssh.com`` (replaces in
one step); a server without that extension gets remove-then-rename.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import posixpath
import stat
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import asyncssh

from oit.publishing.target_url import PASSWORD_ENV, TargetSpec
from oit.publishing.targets import PublishFailed, TransientError, operation_timeout, part_name

T = TypeVar("T")
SPEED_FLOOR = 20_000  # bytes per second a slow rural line still manages: longer files get longer


class SftpTarget:
    def __init__(self, spec: TargetSpec) -> None:
        self.spec = spec
        self.label = spec.label
        path = spec.path
        # "~/public_html" is relative to the login's home, where an SFTP session starts
        self.root = path[2:] or "." if path.startswith("~/") else ("." if path == "~" else path)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._conn: asyncssh.SSHClientConnection | None = None
        self._sftp: asyncssh.SFTPClient | None = None
        self._folders: set[str] = set()

    # -- connection ----------------------------------------------------------------

    def connect(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._run(self._connect, operation_timeout())

    async def _connect(self) -> None:
        spec = self.spec
        try:
            self._conn = await asyncssh.connect(
                spec.host,
                spec.port,
                username=spec.user,
                password=os.environ.get(PASSWORD_ENV) or None,
                connect_timeout=operation_timeout(),
            )
        except asyncssh.HostKeyNotVerifiable:
            raise PublishFailed(await self._unknown_host_message()) from None
        except asyncssh.PermissionDenied:
            raise PublishFailed(
                f"เข้าสู่ระบบ {spec.host} ในชื่อ {spec.user} ไม่สำเร็จ — ตรวจชื่อผู้ใช้ กุญแจ ssh ใน ~/.ssh "
                f"หรือรหัสผ่านในตัวแปร {PASSWORD_ENV}"
            ) from None
        self._sftp = await self._conn.start_sftp_client()
        self._folders = set()

    async def _unknown_host_message(self) -> str:
        spec = self.spec
        try:
            key = await asyncio.wait_for(asyncssh.get_server_host_key(spec.host, spec.port), operation_timeout())
            fingerprint = f" (ลายนิ้วมือกุญแจ {key.get_fingerprint()})" if key else ""
        except (OSError, asyncssh.Error, TimeoutError):
            fingerprint = ""
        port = f"-p {spec.port} " if spec.port != 22 else ""
        return (
            f"ไม่รู้จักกุญแจของเครื่อง {spec.host} พอร์ต {spec.port}{fingerprint} ใน ~/.ssh/known_hosts "
            "จึงไม่ส่งไฟล์ (อาจไม่ใช่เครื่องของหน่วยงาน) — ถ้าผู้ดูแลเครื่องยืนยันลายนิ้วมือนี้แล้ว "
            f"ให้รับกุญแจโดยสั่ง ssh-keyscan {port}{spec.host} >> ~/.ssh/known_hosts แล้วสั่ง oit publish อีกครั้ง"
        )

    def close(self) -> None:
        if self._loop is None:
            return
        if self._conn is not None:
            conn = self._conn
            conn.close()
            with contextlib.suppress(OSError, asyncssh.Error, TimeoutError):
                self._loop.run_until_complete(asyncio.wait_for(conn.wait_closed(), 5))
        self._conn = self._sftp = None
        self._loop.close()
        self._loop = None

    def _run(self, action: Callable[[], Awaitable[T]], timeout: float) -> T:
        """Run one operation on this target's loop, with a time limit; sort its failures."""
        if self._loop is None:
            raise TransientError("ไม่ได้เชื่อมต่อ")

        async def limited() -> T:
            return await asyncio.wait_for(action(), timeout)

        try:
            return self._loop.run_until_complete(limited())
        except PublishFailed:
            raise
        except asyncssh.SFTPPermissionDenied as exc:
            raise PublishFailed(f"ไม่มีสิทธิ์เขียนบน {self.spec.host}: {exc.reason} — ขอสิทธิ์จากผู้ดูแลเครื่อง") from None
        except asyncssh.SFTPError as exc:
            raise TransientError(exc.reason or type(exc).__name__) from None
        except asyncssh.DisconnectError as exc:
            raise TransientError(exc.reason or type(exc).__name__) from None
        except (asyncssh.Error, OSError, EOFError) as exc:
            raise TransientError(str(exc) or type(exc).__name__) from None
        except TimeoutError:
            raise TransientError(f"ไม่ตอบภายใน {timeout:.0f} วินาที") from None

    @property
    def _client(self) -> asyncssh.SFTPClient:
        if self._sftp is None:
            raise TransientError("ไม่ได้เชื่อมต่อ")
        return self._sftp

    def _path(self, rel: str) -> str:
        return posixpath.join(self.root, rel)

    # -- files ---------------------------------------------------------------------

    def read(self, rel: str) -> bytes | None:
        async def go() -> bytes | None:
            try:
                async with self._client.open(self._path(rel), "rb") as handle:
                    data = await handle.read()
                    return data if isinstance(data, bytes) else data.encode()
            except asyncssh.SFTPNoSuchFile:
                return None

        return self._run(go, operation_timeout())

    def listing(self) -> dict[str, int]:
        found: dict[str, int] = {}

        async def walk(folder: str, prefix: str) -> None:
            for entry in await self._client.readdir(folder):
                name = str(entry.filename)
                if name in (".", ".."):
                    continue
                mode = entry.attrs.permissions or 0
                if stat.S_ISDIR(mode):
                    await walk(posixpath.join(folder, name), f"{prefix}{name}/")
                elif stat.S_ISREG(mode):
                    found[prefix + name] = entry.attrs.size or 0

        async def go() -> None:
            with contextlib.suppress(asyncssh.SFTPNoSuchFile):  # a new folder: nothing there yet
                await walk(self.root, "")

        self._run(go, operation_timeout() * 10)
        return found

    def put(self, rel: str, source: Path) -> None:
        size = source.stat().st_size
        limit = operation_timeout() + size / SPEED_FLOOR
        self._run(lambda: self._put(rel, lambda part: self._client.put(str(source), part)), limit)

    def put_bytes(self, rel: str, data: bytes) -> None:
        async def write(part: str) -> None:
            async with self._client.open(part, "wb") as handle:
                await handle.write(data)

        self._run(lambda: self._put(rel, write), operation_timeout())

    async def _put(self, rel: str, send: Callable[[str], Awaitable[object]]) -> None:
        final, part = self._path(rel), self._path(part_name(rel))
        folder = posixpath.dirname(final)
        if folder and folder not in self._folders:
            await self._client.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        await send(part)
        try:
            await self._client.posix_rename(part, final)
        except asyncssh.SFTPOpUnsupported:
            with contextlib.suppress(asyncssh.SFTPNoSuchFile):
                await self._client.remove(final)
            await self._client.rename(part, final)

    def delete(self, rel: str) -> None:
        async def go() -> None:
            with contextlib.suppress(asyncssh.SFTPNoSuchFile):
                await self._client.remove(self._path(rel))

        self._run(go, operation_timeout())

    def remove_empty_dir(self, rel: str) -> None:
        async def go() -> None:
            with contextlib.suppress(asyncssh.SFTPError):  # not empty (others' files) or already gone
                await self._client.rmdir(self._path(rel))

        self._run(go, operation_timeout())
