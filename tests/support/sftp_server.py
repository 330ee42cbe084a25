"""A real asyncssh SFTP server on loopback, for `oit publish` tests.

It runs on its own event loop in a background thread, serves one folder as its root
(asyncssh's chroot), accepts one user by password, and has a host key made for the test.
``known_hosts_line()`` is what the client's ``~/.ssh/known_hosts`` must hold to trust it.

Faults: ``faults.fail_at = N`` makes every rename into place after the first N files fail
(``faults.times`` of them, then it recovers); ``faults.drop`` closes the connection
instead of answering with an error, as a cut line would.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from pathlib import Path

import asyncssh

MANIFEST = b".oit-publish.json"


@dataclass
class Faults:
    fail_at: int | None = None
    times: int = 1_000_000
    drop: bool = False
    renamed: int = 0  # files renamed into place (the manifest not counted)
    failed: int = 0


class _Sftp(asyncssh.SFTPServer):
    def __init__(self, chan: asyncssh.SSHServerChannel, root: Path, faults: Faults) -> None:
        super().__init__(chan, chroot=str(root).encode())
        self._faults = faults

    def posix_rename(self, oldpath: bytes, newpath: bytes) -> None:
        faults = self._faults
        if not newpath.endswith(MANIFEST):
            if faults.fail_at is not None and faults.renamed >= faults.fail_at and faults.failed < faults.times:
                faults.failed += 1
                if faults.drop:
                    self.connection.abort()
                    raise asyncssh.SFTPConnectionLost("line cut")
                raise asyncssh.SFTPFailure("No space left on device")
            faults.renamed += 1
        super().posix_rename(oldpath, newpath)


class _Auth(asyncssh.SSHServer):
    def __init__(self, user: str, password: str) -> None:
        self._user, self._password = user, password

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == self._user and password == self._password


class SftpServer:
    def __init__(self, root: Path, *, host: str = "127.0.0.1", user: str = "webadmin", password: str = "ลับมาก") -> None:
        self.root, self.host, self.user, self.password = root, host, user, password
        self.key = asyncssh.generate_private_key("ssh-ed25519")
        self.faults = Faults()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncssh.SSHAcceptor | None = None

    def __enter__(self) -> SftpServer:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(20)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _start(self) -> asyncssh.SSHAcceptor:
        return await asyncssh.create_server(
            lambda: _Auth(self.user, self.password),
            self.host,
            0,
            server_host_keys=[self.key],
            sftp_factory=lambda chan: _Sftp(chan, self.root, self.faults),
        )

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            assert self._server is not None
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(20)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(20)
        self._loop.close()

    def url(self, path: str = "/") -> str:
        return f"sftp://{self.user}@{self.host}:{self.port}{path}"

    def known_hosts_line(self) -> str:
        return f"[{self.host}]:{self.port} {self.key.export_public_key().decode().strip()}\n"

    def fingerprint(self) -> str:
        return self.key.get_fingerprint()
