"""The one error type the officer sees: bad input, located in a file and line."""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad input that the user must fix. Rendered as ``file:line: message (fix)``.

    The CLI turns it into exit code 2 with no traceback; messages and hints are Thai
    because the officer reads them.
    """

    path: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — วิธีแก้: {self.hint}"
        return text


class InputErrors(Exception):
    """Several input errors found in one pass, so the officer can fix them all at once."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def raise_all(errors: list[InputError]) -> None:
    """Raise every mistake found at once: the one ``InputError``, or ``InputErrors`` of several; nothing if none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)


# The operating system's reasons, in Thai: ``strerror`` is English ("Permission denied"),
# and on Windows a file open in Excel or Word is the usual cause of a refused write.
_OS_REASONS = {
    errno.ENOENT: "ไม่พบไฟล์หรือโฟลเดอร์",
    errno.EACCES: "ไม่มีสิทธิ์เข้าถึง หรือไฟล์เปิดค้างอยู่ในโปรแกรมอื่น (เช่น Excel, Word) — ปิดโปรแกรมนั้นก่อน",
    errno.EPERM: "ไม่มีสิทธิ์เข้าถึง",
    errno.EISDIR: "เป็นโฟลเดอร์ ไม่ใช่ไฟล์",
    errno.ENOTDIR: "ส่วนหนึ่งของเส้นทางเป็นไฟล์ ไม่ใช่โฟลเดอร์",
    errno.ENOSPC: "พื้นที่ดิสก์เต็ม",
    errno.EROFS: "ดิสก์นี้อ่านได้อย่างเดียว",
    errno.ENAMETOOLONG: "ชื่อไฟล์หรือเส้นทางยาวเกินไป",
    errno.EBUSY: "ไฟล์ถูกใช้งานอยู่ในโปรแกรมอื่น",
    errno.EEXIST: "มีไฟล์ชื่อนี้อยู่แล้ว",
    errno.ELOOP: "ลิงก์สัญลักษณ์วนซ้ำ",
    errno.EIO: "อ่านหรือเขียนดิสก์ไม่สำเร็จ (ดิสก์หรือแฟลชไดรฟ์อาจมีปัญหา)",
}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in Thai (the error number when we have no words)."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    if isinstance(exc, PermissionError):
        return _OS_REASONS[errno.EACCES]
    return f"ระบบปฏิเสธ (รหัส {exc.errno})" if exc.errno else "ระบบปฏิเสธ"
