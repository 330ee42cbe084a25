"""Where a site is published: a local folder, ``sftp://`` or ``ftps://``, read from one string.

The string comes from the command line or from ``publish: target:`` in indicators.yml, so it
must never carry a secret: a password in the URL is refused (the password lives in
``OIT_PUBLISH_PASSWORD``, keys in ``~/.ssh`` or the ssh agent).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from oit.core.errors import InputError

PASSWORD_ENV = "OIT_PUBLISH_PASSWORD"
DEFAULT_PORTS = {"sftp": 22, "ftps": 21}
EXAMPLES = "เช่น /mnt/webroot, sftp://webadmin@www.example.go.th/~/public_html หรือ ftps://webadmin@ftp.example.go.th/public_html"


@dataclass(frozen=True)
class TargetSpec:
    """A parsed target. ``path`` is remote for sftp/ftps; ``~/…`` means the login's home."""

    scheme: str  # "local", "sftp" or "ftps"
    path: str
    host: str = ""
    port: int = 0
    user: str = ""

    @property
    def label(self) -> str:
        """How messages name the target (never with a secret: there is none to show)."""
        if self.scheme == "local":
            return self.path
        return f"{self.scheme}://{self.user}@{self.host}:{self.port}{self._shown_path}"

    @property
    def _shown_path(self) -> str:
        return "/" + self.path if self.path.startswith("~") else self.path


def parse_target(
    text: str, *, source: str = "ปลายทาง", line: int | None = None, base: Path | None = None
) -> TargetSpec:
    """Read a target; an ``InputError`` naming ``source`` (and ``line``) says what is wrong.

    A string without ``://`` is a local folder (relative to ``base``). A remote path
    beginning ``/~/`` is relative to the login's home folder, as curl reads it.
    """
    text = text.strip()
    if not text:
        raise InputError(source, line, "ไม่ได้ระบุปลายทาง", EXAMPLES)
    if "://" not in text:
        folder = Path(text).expanduser()
        if base is not None and not folder.is_absolute():
            folder = base / folder
        return TargetSpec("local", str(folder))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise InputError(source, line, f"อ่านปลายทาง '{text}' ไม่ได้", EXAMPLES) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InputError(
            source, line, f"ไม่รู้จักวิธีส่ง '{parts.scheme}://' (ใช้ได้: โฟลเดอร์, sftp://, ftps://)", EXAMPLES
        )
    if parts.password is not None:
        raise InputError(
            source,
            line,
            "ห้ามใส่รหัสผ่านในปลายทาง (จะถูกเก็บไว้ในไฟล์หรือประวัติคำสั่ง)",
            f"ลบรหัสผ่านออกจาก URL แล้วตั้งในตัวแปร {PASSWORD_ENV} แทน หรือใช้กุญแจ ssh",
        )
    if not parts.hostname:
        raise InputError(source, line, f"ปลายทาง '{text}' ไม่มีชื่อเครื่อง", EXAMPLES)
    if not parts.username:
        raise InputError(source, line, f"ปลายทาง '{text}' ไม่มีชื่อผู้ใช้", f"เขียนแบบ {scheme}://ชื่อผู้ใช้@{parts.hostname}/โฟลเดอร์")
    path = unquote(parts.path) or "/"
    if path.startswith("/~"):
        path = path[1:]  # "~" or "~/public_html": the login's home folder
    if path.split("/").count("..") or parts.query or parts.fragment:
        raise InputError(source, line, f"โฟลเดอร์ปลายทางใน '{text}' ไม่ถูกต้อง", EXAMPLES)
    port = port or DEFAULT_PORTS[scheme]
    return TargetSpec(scheme, path.rstrip("/") or "/", parts.hostname, port, unquote(parts.username))
