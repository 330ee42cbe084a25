"""``oit init``: a new disclosure site for another อบต., every catalog item listed and empty.

Where the files come from (one source for each, so nothing drifts):

* The engine — ``mkdocs.yml``, ``hooks/``, ``overrides/`` and ``content/assets/`` — is
  the embedded sample site's own, the one ``make site`` builds and the tests check
  (``oit.officer.engine_files``: read from the checkout, or from the copy a wheel carries).
  A new site therefore gets exactly the theme, hooks and Markdown settings that are known
  to work. Only ``nav:`` is replaced, because the sample's lists the sample's own pages
  (news, about, …) that a new site does not have.
* The starter pages (home, contact, complaints), a short Thai README and the header of
  indicators.yml are package data in ``oit/officer/site-template/``, rendered with the
  organisation's name.

The site is assembled in a hidden folder beside DIR, loaded with ``load_site`` to prove
it valid, and only then renamed into place: an interrupted or failed init leaves
nothing behind, and a non-empty DIR is refused before anything is written.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from oit.core.catalog import Catalog, UnknownCatalogError, list_catalogs, load_catalog
from oit.core.errors import InputError, InputErrors, raise_all
from oit.core.fiscal_calendar import FiscalYear, to_arabic_digits
from oit.core.indicators import CONFIG_NAME, CONTENT_DIR, load_site
from oit.core.placeholders import PLACEHOLDER
from oit.officer.contact_details import (
    ContactDetails,
    check_contact,
    check_deadline,
    contact_documents,
)
from oit.officer.engine_files import ENGINE_PATHS, find_engine, is_copied
from oit.officer.indicators_edit import pop_trailer, push_trailer, render_new_config, round_trip_yaml
from oit.officer.measures_seed import seed_measures

TEMPLATE_DIR = Path(__file__).resolve().parent / "site-template"
# Files of the template that are copied under another name (package data skips dotfiles).
RENAMES = {"dot-gitignore": ".gitignore"}
# The menu of a new site: its own starter pages only; hooks/ita.py expands the ITA entry.
NEW_SITE_NAV: list[dict[str, object]] = [
    {"หน้าแรก": "index.md"},
    {"ข้อมูลสาธารณะ (ITA)": "ita/index.md"},
    {"บริการประชาชน": ["contact.md", "complaints.md"]},
]


@dataclass(frozen=True)
class InitResult:
    """What ``init_site`` created, for the command's summary."""

    root: Path
    catalog: Catalog
    fiscal_year: FiscalYear
    files: int
    deadline: str | None = None  # BE YYYY-MM-DD as written in indicators.yml
    site_url: str = ""
    contact: ContactDetails = field(default_factory=ContactDetails)


def default_assessment() -> str:
    """The newest shipped catalog: what a new site is most likely assessed against."""
    return list_catalogs()[-1].id


def _check_target(target: Path) -> None:
    """Refuse anything but a missing or empty folder, before writing a single byte."""
    if target.exists() and not target.is_dir():
        raise InputError(str(target), None, "มีไฟล์ชื่อนี้อยู่แล้ว ไม่ใช่โฟลเดอร์",
                         "เลือกชื่อโฟลเดอร์ใหม่ที่ยังไม่มีอยู่")
    if target.is_dir() and any(target.iterdir()):
        raise InputError(str(target), None, "โฟลเดอร์นี้มีไฟล์อยู่แล้ว จึงไม่สร้างเว็บไซต์ทับ",
                         "ระบุโฟลเดอร์ใหม่ที่ยังไม่มีอยู่หรือว่างเปล่า เช่น oit init อบต-หนองบัว ...")


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("--name", None, "ต้องระบุชื่อหน่วยงาน",
                         'เช่น --name "องค์การบริหารส่วนตำบลหนองบัว"')
    return cleaned


_BARE_DOMAIN = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(/\S*)?")


def _check_site_url(url: str) -> str:
    url = url.strip()
    if "://" not in url and _BARE_DOMAIN.fullmatch(url):
        url = "https://" + url  # "www.nongbua.go.th" as typed from a card: the init summary shows the result
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError("--site-url", None, f"ที่อยู่เว็บไซต์ '{url}' ไม่ถูกต้อง",
                         "ใส่ที่อยู่เต็มที่ขึ้นต้นด้วย https:// เช่น https://www.nongbua.go.th/")
    return url if url.endswith("/") else url + "/"


def parse_fiscal_year(value: str | int | None, today: date, option: str = "--fiscal-year") -> FiscalYear:
    """A fiscal year typed by the officer (BE, Thai digits allowed); default: today's."""
    if value is None:
        return FiscalYear.of(today)
    text = to_arabic_digits(str(value)).strip()
    if not text.isdigit() or not 2400 < int(text) < 2800:
        raise InputError(option, None, f"ปีงบประมาณ '{value}' ไม่ถูกต้อง",
                         f"ใส่ปี พ.ศ. 4 หลัก เช่น {FiscalYear.of(today).be_year}")
    return FiscalYear(int(text))


def catalog_or_error(assessment: str, option: str = "--assessment") -> Catalog:
    """Load a shipped catalog, turning an unknown id into the officer's message."""
    try:
        return load_catalog(assessment.strip())
    except UnknownCatalogError as exc:
        raise InputError(option, None, str(exc), "ดูรายชื่อเกณฑ์ที่มีด้วยคำสั่ง oit catalogs") from None


def _engine_root() -> Path:
    root, looked_at = find_engine()
    if root is None:
        last = looked_at[-1]
        missing = [p for p in ENGINE_PATHS if not (last / p).exists()]
        raise InputError(str(last), None,
                         "ไม่พบไฟล์ต้นแบบของเว็บไซต์ (" + ", ".join(missing) + ")",
                         "ติดตั้งโปรแกรมใหม่ด้วย pip install . หรือ make site จากโฟลเดอร์โครงการ")
    return root


def _ignore(_folder: str, names: list[str]) -> list[str]:
    # Caches and hidden files of the project are not part of a site.
    return [n for n in names if not is_copied(n)]


def _copy_engine(source: Path, dest: Path) -> None:
    for rel in ENGINE_PATHS:
        src = source / rel
        if rel == "mkdocs.yml":
            (dest / rel).write_text(_new_site_mkdocs(src.read_text(encoding="utf-8")), encoding="utf-8")
        elif src.is_dir():
            shutil.copytree(src, dest / rel, ignore=_ignore)
        else:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def _new_site_mkdocs(text: str) -> str:
    """The project's mkdocs.yml with the new site's menu; every other setting kept as is."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    # The sample's public address must not leak into another organisation's site: the
    # hook takes site_url from indicators.yml when mkdocs.yml has none.
    data.pop("site_url", None)
    if "nav" in data:
        # Keep the blank line and comment that followed the old menu (see indicators_edit).
        trailer = pop_trailer(data["nav"])
        data["nav"] = _commented(NEW_SITE_NAV)
        push_trailer(data["nav"], trailer)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _commented(value: Any) -> Any:
    """Plain lists/dicts as ruamel's commented types, which can carry comments."""
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _commented(item)
        return out
    return value


def _render_template(dest: Path, context: dict[str, object]) -> None:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=False,  # Markdown: the one untrusted value is passed pre-escaped as name_md
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        if path.is_dir() or path.name == "indicators-header.yml" or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(TEMPLATE_DIR)
        name = RENAMES.get(rel.name, rel.name)
        if name.endswith(".j2"):
            target = dest / rel.parent / name.removesuffix(".j2")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(env.get_template(rel.as_posix()).render(**context), encoding="utf-8")
        else:
            target = dest / rel.parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def init_site(
    target: Path,
    *,
    name: str,
    site_url: str,
    assessment: str | None = None,
    fiscal_year: str | int | None = None,
    deadline: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    facebook: str | None = None,
    today: date | None = None,
) -> InitResult:
    """Create a new site in ``target`` (missing or empty). Raises ``InputError`` on bad input.

    The contact details given fill the contact page, the footer (``organization.contact``)
    and the catalog's contact item; what is not given stays ``(โปรดระบุ)`` on the page.
    """
    target = Path(target).absolute()
    _check_target(target)
    errors: list[InputError] = []

    def checked(check: Any, *args: Any) -> Any:
        try:
            return check(*args)
        except InputError as exc:
            errors.append(exc)
            return None

    name = checked(_check_name, name)
    site_url = checked(_check_site_url, site_url)
    catalog = checked(catalog_or_error, assessment or default_assessment())
    fy = checked(parse_fiscal_year, fiscal_year, today or date.today())
    contact, contact_errors = check_contact(address=address, phone=phone, email=email, facebook=facebook)
    errors += contact_errors
    if fy is not None:  # the deadline is checked against the year, once the year is known
        deadline, deadline_errors = check_deadline(deadline, fy)
        errors += deadline_errors
    raise_all(errors)  # every mistake of the command line at once
    engine = _engine_root()

    parent = target.absolute().parent
    if not parent.is_dir():
        raise InputError(str(parent), None, "ไม่พบโฟลเดอร์แม่ของปลายทาง", "สร้างโฟลเดอร์นั้นก่อน หรือระบุที่อื่น")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=parent))
    try:
        header = (TEMPLATE_DIR / "indicators-header.yml").read_text(encoding="utf-8")
        config = render_new_config(header=header, name=name, site_url=site_url, assessment=catalog.id,
                                   fiscal_year=fy.be_year, catalog=catalog, deadline=deadline,
                                   contact=contact.as_config(), entries=contact_documents(catalog, contact))
        (staging / CONFIG_NAME).write_text(config, encoding="utf-8")
        seed_measures(staging, name, catalog, fy)  # measures.yml beside it (oit report)
        _copy_engine(engine, staging)
        (staging / CONTENT_DIR / "files").mkdir(parents=True, exist_ok=True)
        _render_template(staging, {"name": name, "name_md": md(name), "assessment_title": catalog.title,
                                   "fiscal_year": fy.be_year, "contact_md": _contact_md(contact)})
        try:
            load_site(staging)  # the new site must load before it is put in place
        except (InputError, InputErrors) as exc:  # pragma: no cover - a bug in the template
            raise InputError(CONFIG_NAME, None, f"แฟ้มที่สร้างไม่ผ่านการตรวจ: {exc}") from None
        files = sum(1 for p in staging.rglob("*") if p.is_file())
        _check_target(target)  # still empty? someone may have written there meanwhile
        if target.is_dir():
            # Fill the existing empty folder rather than replace it: it may be the
            # officer's current folder (oit init .) or carry permissions set by IT.
            for entry in sorted(staging.iterdir()):
                os.replace(entry, target / entry.name)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return InitResult(target, catalog, fy, files, deadline, site_url, contact)


def md(text: object) -> str:
    from oit.pages.generate import md as escape  # Markdown escaping shared with the ITA pages

    return escape(text)


def _contact_md(contact: ContactDetails) -> dict[str, str]:
    """The contact page's table cells: the given details escaped, the others a placeholder."""
    def link(label: str, target: str) -> str:
        # quoted so a parenthesis or space in the address cannot end the Markdown link
        return f"[{md(label)}]({quote(target, safe=':/?#[]@!$&*+,;=%~')})"

    return {
        "address": md(contact.address) if contact.address else PLACEHOLDER,
        "phone": md(contact.phone) if contact.phone else PLACEHOLDER,
        "email": link(contact.email, "mailto:" + contact.email) if contact.email else PLACEHOLDER,
        "facebook": link(contact.facebook, contact.facebook) if contact.facebook else PLACEHOLDER,
    }
