"""What the browser sent, made into what ``oit add`` takes: a date text and a file on disk.

The console validates nothing itself: dates go to ``oit.core.fiscal_calendar`` (through
``oit.officer.intake``), files to the checker's own verdict (``check_document_file``).
Here only the shapes a web form adds are handled: ``5/11/2569`` as typed in Thai
offices, a client-side file name that may carry a Windows path, and a size limit.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from werkzeug.datastructures import FileStorage

from oit.checker.documents import check_document_file
from oit.core.fiscal_calendar import to_arabic_digits
from oit.core.slugs import safe_filename

DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024
MSG_REFUSED = "ไม่ได้บันทึกไฟล์ เพราะ"

_SLASHED = re.compile(r"(\d{1,2})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{4})")


def form_date(text: str | None) -> str | None:
    """``5/11/2569`` or ``๕/๑๑/๒๕๖๙`` (day/month/year) as ``2569-11-05``; other text as typed.

    Blank is ``None`` (not given). Anything else goes on unchanged to the domain's parser,
    which names what is wrong in Thai.
    """
    if text is None or not text.strip():
        return None
    match = _SLASHED.fullmatch(to_arabic_digits(text.strip()))
    if match is None:
        return text.strip()
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def form_month(text: str | None) -> str | None:
    """``11/2569`` as ``2569-11``; blank is ``None``; anything else as typed."""
    if text is None or not text.strip():
        return None
    match = re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4})", to_arabic_digits(text.strip()))
    return f"{match.group(2)}-{int(match.group(1)):02d}" if match else text.strip()


def client_name(raw: str | None) -> str:
    """The uploaded file's own name, without any folder the browser sent (``C:\\...``)."""
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    return name.strip().lstrip(".") or "file"


@dataclass
class Upload:
    """A received file in a private temporary folder, under a safe name."""

    folder: tempfile.TemporaryDirectory[str]
    path: Path
    original: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.folder.cleanup()


def receive(storage: FileStorage, max_bytes: int) -> Upload:
    """Save the upload aside (never under content/) and judge it as the checker would."""
    original = client_name(storage.filename)
    folder = tempfile.TemporaryDirectory(prefix="oit-console-")
    path = Path(folder.name) / safe_filename(original)
    upload = Upload(folder, path, original)
    written = 0
    with path.open("wb") as out:
        while block := storage.stream.read(1 << 20):
            written += len(block)
            if written > max_bytes:
                upload.problems.append(f"ไฟล์ {original} ใหญ่เกิน {max_bytes // (1024 * 1024)} MB "
                                       "— ลดขนาดไฟล์ (เช่น สแกนที่ความละเอียดต่ำลง) หรือแบ่งเป็นหลายไฟล์")
                return upload
            out.write(block)
    verdict = check_document_file(path, shown=original)
    for problem in verdict.problems:
        (upload.problems if problem.severity == "error" else upload.warnings).append(problem.message)
    return upload
