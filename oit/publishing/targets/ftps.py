"""FTPS (explicit TLS) through the standard library's ``ftplib.FTP_TLS``.

The server's certificate is verified against the system's CAs (``ssl.create_default_context``),
host name included; a host with its own certificate authority is trusted only through a file
named in ``OIT_PUBLISH_CA_FILE``. Data connections are encrypted too (PROT P). Files go to a
temporary part, then RNFR/RNTO into place; a server that will not rename over a file gets
delete-then-rename.
"""

from __future__ import annotations

import contextlib
import ftplib
import io
import os
import posixpath
import socket
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from oit.publishing.target_url import PASSWORD_ENV, TargetSpec
from oit.publishing.targets import PublishFailed, TransientError, operation_timeout, part_name

T = TypeVar("T")
CA_FILE_ENV = "OIT_PUBLISH_CA_FILE"


class SessionReusingFTP_TLS(ftplib.FTP_TLS):
    """``FTP_TLS`` whose data connections resume the control connection's TLS session.

    vsftpd (``require_ssl_reuse=YES``, its default) and ProFTPD refuse a data connection
    that starts a TLS session of its own, as a defence against a stolen data port; the
    standard library does not resume (python/cpython#63699). Every connection here is
    PROT P (:meth:`FtpsTarget.connect`), so each data connection is wrapped, as
    ``FTP_TLS`` does, with the control connection's session passed to ``wrap_socket``.
    """

    def ntransfercmd(self, cmd: str, rest: int | str | None = None) -> tuple[socket.socket, int | None]:
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)  # the plain data connection
        control = self.sock
        session = control.session if isinstance(control, ssl.SSLSocket) else None
        return self.context.wrap_socket(conn, server_hostname=self.host, session=session), size


class FtpsTarget:
    def __init__(self, spec: TargetSpec) -> None:
        self.spec = spec
        self.label = spec.label
        path = spec.path
        self.root = path[2:] or "." if path.startswith("~/") else ("." if path == "~" else path)
        self._ftp: ftplib.FTP_TLS | None = None
        self._folders: set[str] = set()

    def connect(self) -> None:
        spec = self.spec
        password = os.environ.get(PASSWORD_ENV)
        if not password:
            raise PublishFailed(f"ต้องตั้งรหัสผ่านของ {spec.user}@{spec.host} ในตัวแปร {PASSWORD_ENV} ก่อนสั่ง oit publish")
        cafile = os.environ.get(CA_FILE_ENV) or None
        if cafile and not Path(cafile).is_file():
            raise PublishFailed(f"ไม่พบไฟล์ใบรับรอง {cafile} ที่ตั้งไว้ใน {CA_FILE_ENV}")
        context = ssl.create_default_context(cafile=cafile)
        ftp = SessionReusingFTP_TLS(context=context, timeout=operation_timeout())
        try:
            ftp.connect(spec.host, spec.port)
            ftp.login(spec.user, password)  # AUTH TLS first: the password only goes encrypted
            ftp.prot_p()
        except ftplib.error_perm as exc:
            ftp.close()
            raise PublishFailed(
                f"เข้าสู่ระบบ {spec.host} ในชื่อ {spec.user} ไม่สำเร็จ ({exc}) — ตรวจชื่อผู้ใช้และรหัสผ่านในตัวแปร {PASSWORD_ENV}"
            ) from None
        except ssl.SSLCertVerificationError as exc:
            ftp.close()
            raise PublishFailed(
                f"ใบรับรองความปลอดภัยของ {spec.host} ตรวจสอบไม่ผ่าน ({exc.verify_message}) จึงไม่ส่งรหัสผ่านและไฟล์ — "
                f"ถ้าเครื่องนี้ใช้ใบรับรองที่หน่วยงานออกเอง ขอไฟล์ใบรับรองจากผู้ดูแลเครื่อง แล้วตั้ง {CA_FILE_ENV}=ไฟล์นั้น"
            ) from None
        except (OSError, EOFError, ftplib.Error) as exc:
            ftp.close()
            raise TransientError(str(exc) or type(exc).__name__) from None
        self._ftp = ftp
        self._folders = set()

    def close(self) -> None:
        if self._ftp is not None:
            with contextlib.suppress(OSError, EOFError, ftplib.Error):
                self._ftp.quit()
            self._ftp.close()
        self._ftp = None

    def _run(self, action: Callable[[ftplib.FTP_TLS], T]) -> T:
        if self._ftp is None:
            raise TransientError("ไม่ได้เชื่อมต่อ")
        try:
            return action(self._ftp)
        except ftplib.error_temp as exc:  # 4xx: busy, disk full for now, connection trouble
            raise TransientError(str(exc)) from None
        except ftplib.error_perm as exc:
            raise PublishFailed(f"เครื่อง {self.spec.host} ไม่ยอมให้ทำ ({exc}) — ตรวจสิทธิ์ของผู้ใช้ {self.spec.user}") from None
        except (OSError, EOFError, ftplib.Error) as exc:
            raise TransientError(str(exc) or type(exc).__name__) from None

    def _path(self, rel: str) -> str:
        return posixpath.join(self.root, rel)

    def read(self, rel: str) -> bytes | None:
        def go(ftp: ftplib.FTP_TLS) -> bytes | None:
            buffer = io.BytesIO()
            try:
                ftp.retrbinary(f"RETR {self._path(rel)}", buffer.write)
            except ftplib.error_perm as exc:
                if str(exc).startswith("550"):
                    return None  # no such file
                raise
            return buffer.getvalue()

        return self._run(go)

    def listing(self) -> dict[str, int]:
        found: dict[str, int] = {}

        def walk(ftp: ftplib.FTP_TLS, folder: str, prefix: str) -> None:
            for name, facts in ftp.mlsd(folder, facts=["type", "size"]):
                kind = facts.get("type", "")
                if kind == "dir":
                    walk(ftp, posixpath.join(folder, name), f"{prefix}{name}/")
                elif kind == "file":
                    found[prefix + name] = int(facts.get("size", "0"))

        def go(ftp: ftplib.FTP_TLS) -> None:
            try:
                walk(ftp, self.root, "")
            except ftplib.error_perm as exc:
                if not str(exc).startswith("550"):
                    raise  # 550: the folder is not there yet, so nothing is

        self._run(go)
        return found

    def put(self, rel: str, source: Path) -> None:
        def send(ftp: ftplib.FTP_TLS, part: str) -> None:
            with source.open("rb") as handle:
                ftp.storbinary(f"STOR {part}", handle)

        self._run(lambda ftp: self._put(ftp, rel, send))

    def put_bytes(self, rel: str, data: bytes) -> None:
        self._run(lambda ftp: self._put(ftp, rel, lambda f, part: f.storbinary(f"STOR {part}", io.BytesIO(data))))

    def _put(self, ftp: ftplib.FTP_TLS, rel: str, send: Callable[[ftplib.FTP_TLS, str], object]) -> None:
        final, part = self._path(rel), self._path(part_name(rel))
        self._make_folders(ftp, posixpath.dirname(final))
        send(ftp, part)
        try:
            ftp.rename(part, final)
        except ftplib.error_perm:
            with contextlib.suppress(ftplib.error_perm):
                ftp.delete(final)  # a server that does not rename over a file
            ftp.rename(part, final)

    def _make_folders(self, ftp: ftplib.FTP_TLS, folder: str) -> None:
        if not folder or folder in self._folders or folder in (".", "/"):
            return
        self._make_folders(ftp, posixpath.dirname(folder))
        with contextlib.suppress(ftplib.error_perm):  # 550: it is there already
            ftp.mkd(folder)
        self._folders.add(folder)

    def delete(self, rel: str) -> None:
        def go(ftp: ftplib.FTP_TLS) -> None:
            try:
                ftp.delete(self._path(rel))
            except ftplib.error_perm as exc:
                if not str(exc).startswith("550"):
                    raise  # 550: gone already

        self._run(go)

    def remove_empty_dir(self, rel: str) -> None:
        def go(ftp: ftplib.FTP_TLS) -> None:
            with contextlib.suppress(ftplib.error_perm):  # not empty (others' files) or gone
                ftp.rmd(self._path(rel))

        self._run(go)
