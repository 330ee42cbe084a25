"""Change one item besides adding a document: remove a document, mark it not applicable.

The same discipline as ``oit add`` (``oit.officer.intake``): check first, edit
indicators.yml round-trip (comments kept, ``IndicatorsDocument``), save atomically, load
the whole site again and put the original bytes back if it no longer loads. The
officer's console calls these; they hold no web code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from oit.core.errors import InputError, InputErrors
from oit.core.indicators import CONFIG_NAME, Document, Site, load_site
from oit.officer.indicators_edit import IndicatorsDocument
from oit.officer.intake import find_item

__all__ = ["RemoveResult", "remove_document", "same_content_documents", "set_not_applicable"]

_KINDS = ("file", "url", "page")


@dataclass(frozen=True)
class RemoveResult:
    """What ``remove_document`` took out, and whether another document still uses its file."""

    site: Site
    code: str
    document: Document
    file_still_used: bool


def _save_checked(root: Path, document: IndicatorsDocument, today: date, cancelled: str) -> Site:
    """Save, reload the whole site, and restore the original bytes if it no longer loads."""
    try:
        document.save()
        return load_site(root, as_of=today)
    except BaseException as exc:
        document.restore()
        if isinstance(exc, InputError | InputErrors):
            errors = exc.errors if isinstance(exc, InputErrors) else [exc]
            raise InputErrors([*errors, InputError(CONFIG_NAME, None, cancelled)]) from None
        raise


def remove_document(root: Path, code: str, index: int, target: str, *, today: date | None = None) -> RemoveResult:
    """Remove the ``index``-th document (0-based, as listed) of item ``code``.

    ``target`` is the file, URL or page the caller saw at that place: when the list has
    changed meanwhile (another tab, a hand edit), nothing is removed.
    """
    root = Path(root)
    today = today or date.today()
    site = load_site(root, as_of=today)
    spec = find_item(site, code)
    record = site.items[spec.code]
    if not 0 <= index < len(record.documents) or record.documents[index].target != target:
        raise InputError(CONFIG_NAME, record.line, f"ไม่พบเอกสาร '{target}' ในลำดับที่ {index + 1} ของรายการ {spec.code}",
                         "รายการเอกสารเปลี่ยนไปแล้ว เปิดหน้ารายการใหม่แล้วลองอีกครั้ง")
    removed = record.documents[index]
    document = IndicatorsDocument.open(site.config_path, CONFIG_NAME)
    docs = list(document.item(spec.code).get("documents") or [])
    entry = docs[index] if index < len(docs) else None
    if entry is None or not any(entry.get(kind) == target for kind in _KINDS):
        raise InputError(CONFIG_NAME, record.line,
                         f"เอกสารลำดับที่ {index + 1} ของ {spec.code} ใน indicators.yml ไม่ตรงกับที่แสดง",
                         "เปิดหน้ารายการใหม่แล้วลองอีกครั้ง")
    del docs[index]
    document.set_documents(spec.code, docs)
    new_site = _save_checked(root, document, today, "ยกเลิกการลบเอกสาร ไม่มีไฟล์ใดถูกเปลี่ยน")
    still_used = removed.kind == "file" and any(
        d.kind == "file" and d.target == removed.target for r in new_site.items.values() for d in r.documents)
    return RemoveResult(new_site, spec.code, removed, still_used)


def set_not_applicable(root: Path, code: str, reason: str | None, *, today: date | None = None) -> Site:
    """Mark item ``code`` as not applicable with a public ``reason``; ``None`` or blank clears it.

    An item with documents cannot be marked: the officer removes them first, so nothing
    published disappears by a side effect.
    """
    root = Path(root)
    today = today or date.today()
    site = load_site(root, as_of=today)
    spec = find_item(site, code)
    record = site.items[spec.code]
    text = " ".join((reason or "").split())
    document = IndicatorsDocument.open(site.config_path, CONFIG_NAME)
    item = document.item(spec.code)
    if text:
        if record.documents:
            raise InputError(CONFIG_NAME, record.line,
                             f"รายการ {spec.code} มีเอกสาร {len(record.documents)} รายการ จึงระบุว่าไม่เกี่ยวข้องไม่ได้",
                             "ลบเอกสารของรายการนี้ก่อน ถ้ารายการนี้ไม่เกี่ยวข้องกับหน่วยงานจริง")
        item["not_applicable"] = text
    elif "not_applicable" in item:
        del item["not_applicable"]
    else:
        return site
    return _save_checked(root, document, today, "ยกเลิกการแก้ไข ไม่มีไฟล์ใดถูกเปลี่ยน")


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


def same_content_documents(site: Site, source: Path) -> list[tuple[str, Document]]:
    """Every recorded file document whose bytes equal ``source`` (by size, then SHA-256).

    The same PDF uploaded again under another name is still the same document; the
    officer is told where it already is instead of getting a second copy.
    """
    try:
        size = source.stat().st_size
    except OSError:
        return []
    wanted: str | None = None
    found: list[tuple[str, Document]] = []
    for code, record in site.items.items():
        for doc in record.documents:
            if doc.kind != "file":
                continue
            path = site.file_path(doc)
            try:
                if path.stat().st_size != size:
                    continue
            except OSError:
                continue
            wanted = wanted or _sha256(source)
            if wanted is not None and _sha256(path) == wanted:
                found.append((code, doc))
    return found
