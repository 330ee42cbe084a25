"""indicators.yml: which published document answers which OIT item.

Two layers: pydantic models check the shape (types, unknown keys), then ``load_site``
resolves dates, files and item codes against the catalog and the fiscal year. Every
problem becomes an ``InputError`` with the file and line, all collected in one pass.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from oit.core.catalog import Catalog, CatalogItem, Period, UnknownCatalogError, load_catalog
from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import (
    DateError,
    FiscalYear,
    YearMonth,
    ce_note,
    parse_date,
    to_arabic_digits,
    written_in_ce,
)
from oit.core.model_errors import Location, shape_errors
from oit.core.yamlsource import LocatedList, LocatedMap, line_of, load_yaml

CONFIG_NAME = "indicators.yml"
CONTENT_DIR = "content"
ARCHIVE_DIR = "archive"

DocumentKind = Literal["file", "url", "page"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContactModel(_Strict):
    """``organization.contact``: how citizens reach the office, each line optional."""

    address: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    facebook: str | None = None
    line: str | None = None
    hours: str | None = None
    map: str | None = None


class OrganizationModel(_Strict):
    """``organization``: the office's name and public base URL."""

    name: str
    site_url: str
    contact: ContactModel | None = None


class DocumentModel(_Strict):
    """One entry under an item's ``documents``, as written."""

    title: str
    file: str | None = None
    url: str | None = None
    page: str | None = None
    date: str | None = None
    month: str | None = None
    note: str | None = None
    division: str | None = None


class ItemModel(_Strict):
    """One item under ``items``, as written."""

    documents: list[DocumentModel] = []
    not_applicable: str | None = None
    division: str | None = None

    @field_validator("documents", mode="before")
    @classmethod
    def _empty_documents(cls, value: Any) -> Any:
        return [] if value is None else value  # "documents:" with nothing under it


class SurveysModel(_Strict):
    """``surveys``: the links of the EIT and IIT questionnaires."""

    eit: str | None = None
    iit: str | None = None


class PublishModel(_Strict):
    """``publish``: where ``oit publish`` sends the site when no target is given. Never a secret:
    passwords live in OIT_PUBLISH_PASSWORD and keys in ~/.ssh."""

    target: str


class IndicatorsModel(_Strict):
    """indicators.yml's shape: it defines what a valid file is and words every shape error."""

    organization: OrganizationModel
    assessment: str
    fiscal_year: int | None = None
    deadline: str | None = None
    items: dict[str, ItemModel | None] = {}
    overrides: dict[str, dict[str, Any]] = {}
    surveys: SurveysModel | None = None
    publish: PublishModel | None = None

    @field_validator("items", "overrides", mode="before")
    @classmethod
    def _empty_mapping(cls, value: Any) -> Any:
        return {} if value is None else value  # "items:" with nothing under it

    @field_validator("fiscal_year", mode="before")
    @classmethod
    def _thai_digits(cls, value: Any) -> Any:
        return to_arabic_digits(value) if isinstance(value, str) else value


@dataclass
class _ReadModel:
    """The checked shape of indicators.yml, and the shape errors set aside to read it.

    ``skipped`` holds, per item code, the indices of documents left out because their
    shape was wrong, so that the other documents keep their own lines.
    """

    model: IndicatorsModel
    errors: list[InputError]
    skipped: dict[str, set[int]]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _read_model(data: LocatedMap, shown: str) -> _ReadModel:
    """The checked shape of indicators.yml, read past its shape mistakes where it can.

    A wrong shape in one place (an unknown key, a document that is not a mapping) must not
    hide the other mistakes of the file: the faulty key or document is set aside and the
    rest is read again, so the caller reports shape and content mistakes in one run.
    ``InputErrors`` (every shape problem with its line) only when nothing sensible is left.
    """
    try:
        return _ReadModel(IndicatorsModel.model_validate(data), [], {})
    except ValidationError as exc:
        errors = _shape_errors(exc, data, shown)
        failures = exc.errors()
    pruned = _plain(data)
    skipped: dict[str, set[int]] = {}
    for err in failures:
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.endswith("]")))
        if err["type"] == "missing" or not loc:
            raise InputErrors(errors)  # a required part is absent: reading on would guess
        if len(loc) >= 4 and loc[0] == "items" and loc[2] == "documents" and isinstance(loc[3], int) and (
            err["type"] != "extra_forbidden" or len(loc) != 5
        ):
            skipped.setdefault(str(loc[1]), set()).add(loc[3])
            continue
        parent: Any = pruned
        for part in loc[:-1]:
            found = isinstance(parent, dict) and part in parent
            found = found or (isinstance(parent, list) and isinstance(part, int) and part < len(parent))
            parent = parent[part] if found else None
        if isinstance(parent, dict):
            parent.pop(loc[-1], None)
    for code, indices in skipped.items():
        docs = pruned["items"][code]["documents"]
        pruned["items"][code]["documents"] = [d for i, d in enumerate(docs) if i not in indices]
    try:
        model = IndicatorsModel.model_validate(pruned)
    except ValidationError:
        raise InputErrors(errors) from None
    return _ReadModel(model, errors, skipped)


@dataclass(frozen=True)
class Document:
    """One published document, resolved: dates parsed, path checked."""

    title: str
    kind: DocumentKind
    target: str  # as written: path under content/, URL, or page path
    date: date | None
    month: YearMonth | None
    note: str | None
    division: str | None
    line: int | None
    # Bytes, as the file's check found it while loading (None: not a file, or not
    # known); the pages show it without asking the file system again.
    size: int | None = field(default=None, compare=False, repr=False)

    @property
    def fiscal_year(self) -> FiscalYear | None:
        """The fiscal year the document belongs to: its month if given, else its date."""
        if self.month is not None:
            return FiscalYear.of(self.month.first_day())
        return FiscalYear.of(self.date) if self.date else None


@dataclass
class ItemRecord:
    """A catalog item together with what the organisation published for it."""

    code: str
    spec: CatalogItem
    documents: list[Document] = field(default_factory=list)
    not_applicable: str | None = None
    division: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Organization:
    name: str
    site_url: str
    contact: dict[str, str]


@dataclass
class Site:
    """A disclosure site: its folder, settings, catalog and every item's documents."""

    root: Path
    config_path: Path
    organization: Organization
    catalog: Catalog
    fiscal_year: FiscalYear
    deadline: date | None
    items: dict[str, ItemRecord]
    surveys: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    # ``publish: target:`` as written, and its line, for ``oit publish`` without a target
    publish_target: str | None = None
    publish_target_line: int | None = None

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_DIR

    def file_path(self, doc: Document) -> Path:
        """Absolute path of a ``file:`` or ``page:`` document."""
        return self.content_dir / doc.target


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel]:
    """Which model a location's last key belongs to, for 'allowed keys' hints."""
    parts = [p for p in loc[:-1] if isinstance(p, str)]
    if not parts:
        return IndicatorsModel
    if parts[0] == "organization":
        return ContactModel if "contact" in parts else OrganizationModel
    if parts[0] == "surveys":
        return SurveysModel
    if parts[0] == "publish":
        return PublishModel
    if parts[0] == "items":
        return DocumentModel if "documents" in parts else ItemModel
    return IndicatorsModel


def _shape_errors(exc: ValidationError, data: Any, shown: str) -> list[InputError]:
    def own(err: Mapping[str, Any], loc: Location, line: int | None, key: str) -> InputError | None:
        """What indicators.yml says its own way: a bare document, a key without a value."""
        if len(loc) == 4 and loc[0] == "items" and loc[2] == "documents" and isinstance(loc[3], int):
            # "- แผน.pdf": a document written as a bare file name or text
            code = str(loc[1])
            return InputError(
                shown,
                line,
                f"เอกสารลำดับที่ {loc[3] + 1} ของ {code} ต้องเขียนเป็นชุด title: และ file: (หรือ url: / page:)",
                f'เขียน - title: ชื่อเอกสาร แล้ว file: ... ในบรรทัดถัดไป หรือสั่ง oit add {code} ไฟล์ --title "ชื่อเอกสาร"',
            )
        if err["type"] == "string_type" and err.get("input") is None:
            return InputError(shown, line, f"ยังไม่ได้ใส่ค่าของ '{key}'", f"เขียนค่าต่อท้าย {key}: ในบรรทัดเดียวกัน")
        return None

    return shape_errors(exc, data, shown, model_at=_model_at, hint="ดูตัวอย่างใน README หัวข้อ indicators.yml",
                        special=own)


def _check_url(url: str) -> str | None:
    """Why a URL is unacceptable, or None. Only absolute http(s) links are published."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "รูปแบบ URL ไม่ถูกต้อง"
    if parts.scheme not in ("http", "https"):
        return f"ใช้ได้เฉพาะลิงก์ http:// หรือ https:// (พบ '{parts.scheme or url}')"
    if not parts.netloc:
        return "URL ต้องมีชื่อโดเมน เช่น https://www.example.go.th/"
    return None


def _resolved(path: str) -> str:
    """``str(Path(path).resolve())``: realpath, and a symlink loop raises ``RuntimeError``.

    Plain strings rather than ``pathlib``: a large site resolves thousands of documents
    and ``Path`` objects cost more than the system calls. ``os.path.realpath`` does not
    raise on a loop in non-strict mode, so, like ``Path.resolve``, the result is stat'ed
    to find one.
    """
    real = os.path.realpath(path)
    try:
        os.stat(real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RuntimeError(f"Symlink loop from {exc.filename!r}") from None
    return real


_MISSING = False
"""What :func:`_real_path` reports for a path its ``lstat`` found missing."""


def _joined(folder: str, parts: list[str]) -> str:
    """``os.path.join(folder, *parts)`` for parts that hold no "/" (only the last may be empty)."""
    if not parts:
        return folder
    if folder and not folder.endswith("/"):
        folder += "/"
    return folder + "/".join(parts)


def _real_path(path: str, real_dirs: dict[str, str] | None) -> tuple[str, os.stat_result | bool | None]:
    """``_resolved(path)``, cheaper for many files in few folders when ``real_dirs`` is given.

    ``real_dirs`` remembers each folder's real path; a last component that is not a
    symlink then costs one ``lstat`` (realpath(dir/name) == realpath(dir)/name for it,
    and for a name that does not exist), instead of an ``lstat`` per path component.
    Also returns what that ``lstat`` told of the file itself, which ``stat`` would tell
    again: its ``stat_result`` (not a symlink), :data:`_MISSING`, or None (not known).
    """
    if real_dirs is None:
        return _resolved(path), None
    cut = path.rfind("/") + 1  # os.path.split, which this runs for every document
    parent, name = path[:cut], path[cut:]
    if parent.strip("/"):
        parent = parent.rstrip("/")
    real_parent = real_dirs.get(parent)
    if real_parent is None:
        real_parent = real_dirs[parent] = _resolved(parent)
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return _joined(real_parent, [name]), _MISSING
    except OSError:
        return _resolved(path), None
    if stat.S_ISLNK(info.st_mode):
        return _resolved(path), None
    return _joined(real_parent, [name]), info


# What pathlib's exists() and is_dir() read as "not there" rather than raise.
_MISSING_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def is_inside(path: str, folder: str, sep: str = os.sep) -> bool:
    """Whether the real path ``path`` is ``folder`` or lies under it.

    On Windows (``sep`` a backslash) the paths compared mix separators (``_joined`` adds
    "/" after a folder that ``realpath`` wrote with "\\") and letters differ in case only
    by how they were typed: both are made alike first. POSIX takes the plain comparison.
    """
    if sep != "/":
        path, folder = path.replace(sep, "/").casefold(), folder.replace(sep, "/").casefold()
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _content_problem(
    content_dir: str, target: str, real_dirs: dict[str, str] | None
) -> tuple[str, str | None, int | None]:
    """(path, None, size) when ``target`` names a file inside ``content_dir``; else ("", problem, None).

    ``content_dir`` is a normalised path string (``str`` of a ``Path``); the returned path
    is ``str(Path(content_dir) / PurePosixPath(target))`` with backslashes as slashes.
    ``size`` is the file's size in bytes from the one ``stat`` the check made, so a
    page that shows it need not ask the file system again.
    """
    norm = target.replace("\\", "/")
    parts = [part for part in norm.split("/") if part and part != "."]  # as PurePosixPath parts
    if norm.startswith("/") or (parts and parts[0].endswith(":")):
        return "", "ต้องเป็นเส้นทางภายในโฟลเดอร์ content/ ไม่ใช่เส้นทางเต็ม", None
    if ".." in parts:
        return "", "ห้ามใช้ '..' ออกนอกโฟลเดอร์ content/", None
    path = _joined(content_dir, parts)
    try:
        real, info = _real_path(path, real_dirs)
        real_content = real_dirs.get(content_dir) if real_dirs is not None else None
        if real_content is None:
            real_content = _resolved(content_dir)
            if real_dirs is not None:
                real_dirs[content_dir] = real_content
    except (OSError, RuntimeError):
        return "", "อ่านเส้นทางไม่ได้ (ลิงก์วนซ้ำหรือสิทธิ์ไม่พอ)", None
    if not is_inside(real, real_content):
        return "", "ชี้ออกไปนอกโฟลเดอร์ content/ (ผ่านลิงก์สัญลักษณ์)", None
    if info is None:
        try:
            info = os.stat(path)
        except OSError as exc:
            if exc.errno not in _MISSING_ERRNOS:
                raise
            return "", "ไม่พบไฟล์", None
        except ValueError:
            return "", "ไม่พบไฟล์", None
    if isinstance(info, bool):  # _MISSING
        return "", "ไม่พบไฟล์", None
    if stat.S_ISDIR(info.st_mode):
        return "", "เป็นโฟลเดอร์ ไม่ใช่ไฟล์", None
    return path, None, info.st_size


def resolve_content_path(
    content_dir: Path, target: str, *, real_dirs: dict[str, str] | None = None
) -> tuple[Path | None, str | None]:
    """Resolve ``target`` under ``content_dir``; return (path, None) or (None, problem).

    Refuses absolute paths, ``..`` and symlinks that lead outside content/, because the
    site must publish only what lies in its own folder. Pass the same empty dict as
    ``real_dirs`` for every document of one load: folders are then resolved once.
    """
    path, problem, _ = _content_problem(str(content_dir), target, real_dirs)
    return (None, problem) if problem else (Path(path), None)


def _shown_title(title: str, limit: int = 80) -> str:
    """A title as quoted in a message: one line, at most ``limit`` characters."""
    text = " ".join(title.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _DocumentName:
    """A document as messages name it (code and shortened title), written out only when
    a message is: most documents have none."""

    __slots__ = ("code", "title")

    def __init__(self, code: str, title: str) -> None:
        self.code, self.title = code, title

    def __str__(self) -> str:
        return f"{self.code} '{_shown_title(self.title)}'"


def _resolve_document(
    raw: DocumentModel,
    spec: CatalogItem,
    fy: FiscalYear,
    content_dir: str,
    line: int | None,
    shown: str,
    errors: list[InputError],
    real_dirs: dict[str, str] | None = None,
    key_lines: dict[str, int] | None = None,
    notes: list[str] | None = None,
) -> Document | None:
    # How messages name the document, made only for a message.
    where = _DocumentName(spec.code, raw.title)
    # Each mistake points at its own key's line (date: at the date line), and every
    # mistake of the document is reported, not only the first.
    at = (key_lines or {}).get
    found = len(errors)
    targets = [(k, v) for k, v in (("file", raw.file), ("url", raw.url), ("page", raw.page)) if v]
    if len(targets) != 1:
        how_many = "ไม่มี" if not targets else "มีมากกว่าหนึ่ง (" + ", ".join(k for k, _ in targets) + ")"
        errors.append(
            InputError(
                shown,
                line,
                f"เอกสาร {where}: ต้องมี file, url หรือ page อย่างใดอย่างหนึ่ง แต่{how_many}",
                "ใช้ file: สำหรับไฟล์ใน content/, url: สำหรับเว็บภายนอก, page: สำหรับหน้าในเว็บไซต์",
            )
        )
        return None
    kind, target = targets[0]
    size = None
    if not raw.title.strip():
        errors.append(InputError(shown, at("title", line), f"เอกสารของ {spec.code} ไม่มีชื่อเรื่อง", "ใส่ title: ชื่อเอกสาร"))
    if kind == "url":
        problem = _check_url(target)
        if problem:
            errors.append(
                InputError(shown, at("url", line), f"เอกสาร {where}: {problem}", "ใส่ลิงก์เต็มที่ขึ้นต้นด้วย https://")
            )
    else:
        _, problem, size = _content_problem(content_dir, target, real_dirs)
        if problem:
            errors.append(
                InputError(
                    shown,
                    at(kind, line),
                    f"เอกสาร {where}: {kind} '{_shown_title(target)}' {problem}",
                    "วางไฟล์ไว้ใต้ content/ แล้วเขียนเส้นทางเทียบกับ content/ เช่น files/2570/o1/a.pdf",
                )
            )
        elif kind == "page" and not target.endswith(".md"):
            errors.append(
                InputError(
                    shown, at(kind, line), f"เอกสาร {where}: page ต้องเป็นไฟล์ .md", "ใช้ file: สำหรับไฟล์อื่นที่ไม่ใช่หน้าเว็บ"
                )
            )
    doc_date = None
    if raw.date is not None:
        try:
            doc_date = parse_date(raw.date)
        except DateError as exc:
            # the DateError names the date and what is wrong with it: said once, not twice
            errors.append(
                InputError(
                    shown,
                    at("date", line),
                    f"เอกสาร {where}: {exc}",
                    "เขียนวันที่แบบ ปปปป-ดด-วว เช่น 2569-10-15 (พ.ศ.)",
                )
            )
        else:
            if doc_date > fy.end:
                errors.append(
                    InputError(
                        shown,
                        at("date", line),
                        f"เอกสาร {where}: วันที่ {raw.date} อยู่หลังสิ้นปีงบประมาณ {fy} ({fy.end.isoformat()} ค.ศ.)",
                        "ปี พ.ศ. อาจพิมพ์ผิด หรือใส่ปี ค.ศ. ปนกับ พ.ศ. — ปีที่ 2400 ขึ้นไปถือเป็น พ.ศ.",
                    )
                )
            elif notes is not None and written_in_ce(raw.date):
                notes.append(ce_note(f"{shown}:{at('date', line)}", raw.date, doc_date))
    elif spec.period.needs_date:
        errors.append(
            InputError(
                shown,
                line,
                f"เอกสาร {where}: ต้องระบุวันที่ (date) เพราะรายการนี้ตรวจตามช่วงเวลา ({spec.period.label_th})",
                "เพิ่ม date: ปปปป-ดด-วว เช่น date: 2569-10-15",
            )
        )
    month = None
    if spec.period is Period.MONTHLY:
        if raw.month is None:
            errors.append(
                InputError(
                    shown,
                    line,
                    f"เอกสาร {where}: รายการรายเดือนต้องระบุเดือน (month)",
                    "เพิ่ม month: ปปปป-ดด (พ.ศ.) เช่น month: 2569-10",
                )
            )
        else:
            try:
                month = YearMonth.parse(raw.month)
            except DateError as exc:
                errors.append(
                    InputError(
                        shown,
                        at("month", line),
                        f"เอกสาร {where}: {exc}",
                        "เขียนเดือนแบบ ปปปป-ดด (พ.ศ.) เช่น 2569-10",
                    )
                )
    elif raw.month is not None:
        errors.append(
            InputError(shown, at("month", line), f"เอกสาร {where}: month ใช้ได้เฉพาะรายการรายเดือน", "ลบบรรทัด month ออก")
        )
    if len(errors) > found:
        return None
    return Document(raw.title.strip(), kind, target, doc_date, month, raw.note, raw.division, line, size)  # type: ignore[arg-type]


def _item_line(data: Any, code: str) -> int | None:
    items = data.get("items") if isinstance(data, LocatedMap) else None
    return items.key_lines.get(code) if isinstance(items, LocatedMap) else None


def _doc_lines(data: Any, code: str) -> list[int | None]:
    try:
        docs = data["items"][code]["documents"]
    except (KeyError, TypeError):
        return []
    return list(docs.item_lines) if isinstance(docs, LocatedList) else []


def _doc_key_lines(data: Any, code: str) -> list[dict[str, int]]:
    """The line of each key (title:, file:, date:) of each document of ``code``."""
    try:
        docs = data["items"][code]["documents"]
    except (KeyError, TypeError):
        return []
    if not isinstance(docs, LocatedList):
        return []
    return [doc.key_lines if isinstance(doc, LocatedMap) else {} for doc in docs]


_WHERE_HINT = (
    "cd ไปยังโฟลเดอร์ของเว็บไซต์ (ที่มี indicators.yml) ก่อน หรือระบุ --site ตามด้วยโฟลเดอร์นั้น"
    " เช่น --site \"C:\\เว็บไซต์ อบต\" — ถ้ายังไม่มีเว็บไซต์ สร้างใหม่ด้วย oit init"
)


def _check_site_folder(root: Path) -> None:
    """A wrong --site (or the wrong current folder) says which folder was looked in."""
    shown = str(root.absolute())
    if not root.exists():
        raise InputError(shown, None, "ไม่พบโฟลเดอร์นี้", _WHERE_HINT)
    if not root.is_dir():
        raise InputError(shown, None, "เป็นไฟล์ ไม่ใช่โฟลเดอร์ของเว็บไซต์", _WHERE_HINT)
    if not (root / CONFIG_NAME).exists():
        raise InputError(
            str(root.absolute() / CONFIG_NAME), None, f"ไม่พบ {CONFIG_NAME} ในโฟลเดอร์ {shown}", _WHERE_HINT
        )


def load_site(
    root: Path,
    *,
    as_of: date | None = None,
    config_path: Path | None = None,
) -> Site:
    """Load and validate a site's indicators.yml (or an archived year's file).

    Raises ``InputErrors`` listing every problem with its file and line.
    """
    root = Path(root)
    if config_path is None:
        _check_site_folder(root)
    config_path = config_path or root / CONFIG_NAME
    try:
        shown = str(config_path.relative_to(root)) if config_path.is_relative_to(root) else str(config_path)
    except ValueError:  # pragma: no cover
        shown = str(config_path)
    shown = shown if shown != CONFIG_NAME else CONFIG_NAME
    notes: list[str] = []  # said to the officer with the warnings (a file read as cp874)
    data = load_yaml(config_path, shown, notes)
    if not isinstance(data, LocatedMap):
        raise InputErrors(
            [
                InputError(
                    shown,
                    getattr(data, "line", 1) if data is not None else 1,
                    "ไฟล์ต้องเป็นชุด คีย์: ค่า (organization, assessment, items)",
                    "เริ่มจากตัวอย่างใน README หรือเรียก oit init",
                )
            ]
        )
    read = _read_model(data, shown)
    model = read.model
    org = model.organization

    errors: list[InputError] = list(read.errors)
    warnings: list[str] = notes
    try:
        catalog = load_catalog(model.assessment)
    except UnknownCatalogError as exc:
        raise InputErrors(
            [
                InputError(
                    shown, data.key_lines.get("assessment"), str(exc).strip("'\""), "ดูรายชื่อเกณฑ์ที่มีด้วยคำสั่ง oit catalogs"
                )
            ]
        ) from None
    if model.overrides:
        try:
            catalog = catalog.with_overrides(model.overrides)
        except ValueError as exc:
            raise InputErrors(
                [
                    InputError(
                        shown,
                        data.key_lines.get("overrides"),
                        f"overrides ไม่ถูกต้อง: {exc}",
                        "ระบุ title, indicator และ period ให้ครบสำหรับรายการใหม่",
                    )
                ]
            ) from None

    today = as_of or date.today()
    fy = FiscalYear(model.fiscal_year) if model.fiscal_year else FiscalYear.of(today)
    if model.fiscal_year is not None and not 2400 < model.fiscal_year < 2800:
        errors.append(
            InputError(
                shown,
                data.key_lines.get("fiscal_year"),
                f"ปีงบประมาณ {model.fiscal_year} ไม่ใช่ปี พ.ศ.",
                "ใส่ปีงบประมาณเป็น พ.ศ. เช่น 2570",
            )
        )
    deadline = None
    if model.deadline is not None:
        try:
            deadline = parse_date(model.deadline)
            if written_in_ce(model.deadline):
                warnings.append(ce_note(f"{shown}:{data.key_lines.get('deadline')}", model.deadline, deadline))
        except DateError as exc:
            errors.append(
                InputError(
                    shown,
                    data.key_lines.get("deadline"),
                    f"วันครบกำหนด (deadline): {exc}",
                    "เขียนแบบ ปปปป-ดด-วว เช่น 2570-04-30",
                )
            )
    site_url = org.site_url.strip()
    problem = _check_url(site_url)
    if problem:
        org_lines = data["organization"].key_lines if isinstance(data.get("organization"), LocatedMap) else {}
        errors.append(
            InputError(
                shown,
                org_lines.get("site_url"),
                f"site_url: {problem}",
                "ใส่ที่อยู่เว็บไซต์จริง เช่น https://www.example.go.th/",
            )
        )
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    surveys: dict[str, str] = {}
    if model.surveys:
        for key, value in model.surveys.model_dump().items():
            if value:
                bad = _check_url(value)
                if bad:
                    errors.append(
                        InputError(
                            shown,
                            line_of(data, ("surveys", key)),
                            f"surveys.{key}: {bad}",
                            "ใส่ลิงก์แบบสำรวจ EIT/IIT เต็ม เช่น https://itas.nacc.go.th/...",
                        )
                    )
                else:
                    surveys[key] = value

    content_dir = str(root / CONTENT_DIR)
    records = {code: ItemRecord(code, catalog.item(code)) for code in catalog.codes}
    real_dirs: dict[str, str] = {}  # folders resolved once for all documents
    for code, raw_item in model.items.items():
        line = _item_line(data, code)
        key = code.strip().lower()
        if key not in records:
            import difflib  # only for a message: not loaded by a build
            near = difflib.get_close_matches(key, catalog.codes, n=1, cutoff=0.5)
            hint = f"หมายถึง '{near[0]}' หรือไม่? " if near else ""
            hint += f"รหัสใน {catalog.id} คือ {catalog.codes[0]}–{catalog.codes[-1]}"
            errors.append(InputError(shown, line, f"ไม่รู้จักรหัสรายการ '{_shown_title(code)}' ในเกณฑ์ {catalog.id}", hint))
            continue
        record = records[key]
        record.line = line
        if raw_item is None:
            continue
        record.division = raw_item.division
        if raw_item.not_applicable is not None:
            if not raw_item.not_applicable.strip():
                errors.append(
                    InputError(
                        shown,
                        line,
                        f"{code}: not_applicable ต้องระบุเหตุผล",
                        "เขียนเหตุผลที่รายการนี้ไม่เกี่ยวข้องกับหน่วยงาน ซึ่งจะแสดงต่อสาธารณะ",
                    )
                )
            elif raw_item.documents:
                errors.append(
                    InputError(
                        shown,
                        line,
                        f"{code}: ระบุ not_applicable พร้อมกับ documents ไม่ได้",
                        "เลือกอย่างใดอย่างหนึ่ง: ลบ not_applicable หรือลบ documents",
                    )
                )
            record.not_applicable = raw_item.not_applicable.strip()
        lines = _doc_lines(data, code)
        key_lines = _doc_key_lines(data, code)
        left_out = read.skipped.get(code, set())
        written = [i for i in range(len(raw_item.documents) + len(left_out)) if i not in left_out]
        for place, raw_doc in enumerate(raw_item.documents):
            index = written[place]  # its place in the file, past documents set aside
            doc_line = lines[index] if index < len(lines) else line
            doc_keys = key_lines[index] if index < len(key_lines) else None
            doc = _resolve_document(
                raw_doc, record.spec, fy, content_dir, doc_line, shown, errors, real_dirs, doc_keys, warnings
            )
            if doc is not None:
                record.documents.append(doc)
    if errors:
        # top to bottom, as the officer goes through the file (sort is stable)
        raise InputErrors(sorted(errors, key=lambda e: e.line or 0))

    warnings.extend(catalog_warnings(catalog, fy))
    contact = org.contact.model_dump(exclude_none=True) if org.contact else {}
    return Site(
        root=root,
        config_path=config_path,
        organization=Organization(org.name.strip(), site_url, contact),
        catalog=catalog,
        fiscal_year=fy,
        deadline=deadline,
        items=records,
        surveys=surveys,
        warnings=warnings,
        publish_target=model.publish.target if model.publish else None,
        publish_target_line=line_of(data, ("publish", "target")) if model.publish else None,
    )


_FIELD_TH = {
    "period": "รอบเวลา",
    "title": "ชื่อรายการ",
    "elements": "องค์ประกอบ",
    "group": "กลุ่มตัวชี้วัด",
    "code": "รหัส",
    "indicator": "ตัวชี้วัด",
    "title_en": "ชื่อภาษาอังกฤษ",
}


_CHECK_MANUAL = "ตรวจกับคู่มือ ITA ของ ป.ป.ช. ปีล่าสุด"


def catalog_warnings(catalog: Catalog, fiscal_year: FiscalYear) -> list[str]:
    """At most one warning about how far the catalog can be trusted for this year.

    The catalogs are rebuilt from secondary sources, and a year may be checked with an
    older catalog until the NACC publishes its own: both send the officer to the NACC
    manual, so both are said in one line. It was five lines (one per uncertain field,
    plus the older catalog) printed on every run of every command.
    """
    older = (f"ใช้เกณฑ์ {catalog.id} (ปี {catalog.year}) ตรวจปีงบประมาณ {fiscal_year} เพราะยังไม่มีเกณฑ์ของปีนี้ในระบบ"
             if catalog.year < fiscal_year.be_year else "")
    uncertain = _uncertain_fields(catalog)
    if older and uncertain:
        return [f"{older} และบางส่วนยังไม่ยืนยันจากคู่มือ ป.ป.ช.: {uncertain} — {_CHECK_MANUAL}"]
    if older:
        return [f"{older} — {_CHECK_MANUAL}"]
    if uncertain:
        return [f"เกณฑ์ {catalog.id} บางส่วนยังไม่ยืนยันจากคู่มือ ป.ป.ช.: {uncertain} — {_CHECK_MANUAL}"]
    return []


def _uncertain_fields(catalog: Catalog) -> str:
    """"กลุ่มตัวชี้วัด (ทุกข้อ); รอบเวลา (o6, o7)": each uncertain field with the items it affects."""
    by_field: dict[str, list[str]] = {}
    for item in catalog.uncertain_items:
        for name in item.uncertain_fields or ["?"]:
            by_field.setdefault(name, []).append(item.code)
    every = len(catalog.codes)
    return "; ".join(
        f"{_FIELD_TH.get(name, name)} ({'ทุกข้อ' if len(codes) == every else ', '.join(codes)})"
        for name, codes in by_field.items()
    )


def load_archives(site: Site) -> list[Site]:
    """Earlier fiscal years kept by ``oit new-year`` in ``archive/<FY>.yml``, oldest first."""
    folder = site.root / ARCHIVE_DIR
    if not folder.is_dir():
        return []
    archives = [load_site(site.root, config_path=path) for path in sorted(folder.glob("*.yml"))]
    return sorted(archives, key=lambda s: s.fiscal_year.be_year)
