"""The office's contact details and deadline as ``oit init`` takes them from its options.

A new site's contact page, its footer (``organization.contact``) and the catalog's contact
item all need the same few facts. The officer gives what is known at ``oit init``; what is
not given stays ``(โปรดระบุ)`` on the page, a placeholder to replace before publishing.
Every option is checked before anything is written, and every mistake is reported at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from oit.core.catalog import Catalog, CatalogItem
from oit.core.errors import InputError
from oit.core.fiscal_calendar import DateError, FiscalYear, format_date, format_iso_be, parse_date, to_arabic_digits

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Digits and the separators people type in Thai phone numbers: "0 4400 0000", "044-000-000 ต่อ 12".
_PHONE = re.compile(r"[0-9+][0-9 \-()/,+]*(\s*ต่อ\s*[0-9]+)?")


@dataclass(frozen=True)
class ContactDetails:
    """What the officer gave (None: not given, stays a placeholder)."""

    address: str | None = None
    phone: str | None = None
    email: str | None = None
    facebook: str | None = None

    def as_config(self) -> dict[str, str]:
        """The given lines for ``organization.contact`` in indicators.yml, in the footer's order."""
        return {key: value for key, value in vars(self).items() if value}

    @property
    def any_given(self) -> bool:
        return bool(self.as_config())


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


def check_contact(
    *, address: str | None, phone: str | None, email: str | None, facebook: str | None
) -> tuple[ContactDetails, list[InputError]]:
    """The details as given, cleaned, and the mistakes among them (all of them)."""
    errors: list[InputError] = []
    address, phone, email, facebook = map(_clean, (address, phone, email, facebook))
    if phone is not None:
        phone = to_arabic_digits(phone)
        digits = sum(ch.isdigit() for ch in phone)
        if not _PHONE.fullmatch(phone) or digits < 9:
            errors.append(InputError("--phone", None, f"หมายเลขโทรศัพท์ '{phone}' ไม่ถูกต้อง",
                                     'ใส่ตัวเลขอย่างน้อย 9 หลัก เช่น --phone "0 4400 0000"'))
    if email is not None and not _EMAIL.fullmatch(email):
        errors.append(InputError("--email", None, f"อีเมล '{email}' ไม่ถูกต้อง",
                                 "ใส่อีเมลเต็ม เช่น --email saraban@nongbua.go.th"))
    if facebook is not None:
        if "://" not in facebook:
            facebook = "https://" + facebook  # "facebook.com/nongbua" as copied without the scheme
        parts = urlsplit(facebook)
        if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in facebook:
            errors.append(InputError("--facebook", None, f"ลิงก์เพจ Facebook '{facebook}' ไม่ถูกต้อง",
                                     "คัดลอกลิงก์จากแถบที่อยู่ของเบราว์เซอร์ เช่น https://www.facebook.com/nongbua"))
    return ContactDetails(address, phone, email, facebook), errors


def check_deadline(value: str | None, fiscal_year: FiscalYear, *,
                   where: str = "--deadline") -> tuple[str | None, list[InputError]]:
    """A deadline as BE ``YYYY-MM-DD`` (Thai digits and CE read too), inside the assessed year.

    ``where`` names what the officer typed: ``--deadline`` of ``oit init``, or the
    argument of ``oit deadline``; the advice shows that same form.
    """
    if value is None:
        return None, []
    example = f"{where} {fiscal_year.be_year}-04-30"
    try:
        day = parse_date(value)
    except DateError as exc:
        return None, [InputError(where, None, str(exc), f"เขียนแบบ ปปปป-ดด-วว (พ.ศ.) เช่น {example}")]
    if not fiscal_year.contains(day):
        other_year = " หรือเลือกปีด้วย --fiscal-year" if where == "--deadline" else ""
        return None, [InputError(
            where, None,
            f"วันครบกำหนด {format_date(day)} ไม่อยู่ใน{fiscal_year.label} "
            f"({format_date(fiscal_year.start, abbr=True)} – {format_date(fiscal_year.end, abbr=True)})",
            f"ตรวจปี พ.ศ. ที่พิมพ์ เช่น {example}{other_year}")]
    return format_iso_be(day), []


def typed_in_ce(value: str | None) -> bool:
    """Whether a date was typed with a CE year (2027-04-30): it is read, and the officer is told."""
    year = to_arabic_digits((value or "").strip())[:4]
    return year.isdigit() and int(year) < 2400


def contact_item(catalog: Catalog) -> CatalogItem | None:
    """The catalog's contact item (o3 in 2568–2569, by its English title in every year's data)."""
    return next((spec for spec in catalog.items if spec.title_en.lower().startswith("contact")), None)


def contact_documents(catalog: Catalog, contact: ContactDetails) -> dict[str, dict[str, object]]:
    """The contact item's documents when details were given: the contact page, the Facebook page."""
    spec = contact_item(catalog)
    if spec is None or not contact.any_given:
        return {}
    docs: list[dict[str, str]] = [{"title": "ข้อมูลการติดต่อ", "page": "contact.md"}]
    if contact.facebook:
        docs.append({"title": "เพจ Facebook สำหรับสอบถาม", "url": contact.facebook})
    return {spec.code: {"documents": docs}}


def no_deadline_note(fiscal_year: FiscalYear) -> str:
    """Said once, by ``oit init``, when no deadline was given."""
    return (f"ยังไม่ได้กำหนดวันครบกำหนด (deadline) — เมื่อ ป.ป.ช. ประกาศ ให้สั่ง "
            f"oit deadline {fiscal_year.be_year}-04-30 (ตามวันที่ประกาศ)")
