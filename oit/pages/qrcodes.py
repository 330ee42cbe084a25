"""QR codes for the notice board and the survey invitation, as SVG (segno; no Pillow).

* Each ITA item page gets a QR code of its own absolute URL under ``site_url``
  (``ita/<code>.html``: the site uses ``use_directory_urls: false``), shown on the page
  and saved as ``ita/qr/<code>.svg`` so the officer can print it for the notice board.
* The EIT and IIT survey links from ``indicators.yml`` (``surveys: {eit, iit}``) get a
  page, ``surveys.md``, that invites citizens and staff to answer, with a QR code each.

The symbols and their SVG text are segno's (``segno.make`` and its SVG writer). Making
one costs a few milliseconds, so each SVG text is kept in ``.oit-cache/qr/`` in the site
folder under a digest of the URL, the writer's options and segno's version: a rebuild
after one edit makes no code again, and without the cache the output is the same.

Everything from indicators.yml is escaped. Pure Python: no mkdocs import.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.metadata
import io
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oit.core.atomic import write_text_atomic
from oit.core.errors import InputError
from oit.core.indicators import Site
from oit.core.urls import ITEM_PAGE_DIR, item_url
from oit.pages.generate import md
from oit.pages.site_meta import caching_enabled

if TYPE_CHECKING:
    from segno import QRCode

log = logging.getLogger(__name__)

ITA_DIR = ITEM_PAGE_DIR
QR_DIR = f"{ITA_DIR}/qr"
SURVEYS_PAGE = "surveys.md"
CACHE_DIR = Path(".oit-cache") / "qr"
"""The SVG texts made before, beside mkdocs.yml (``<digest>.svg``)."""

BORDER = 4  # the quiet zone the standard asks for, in modules
# Black on white: the best scan rate, printed or on screen; no CSS class on the strokes.
_COLOURS: dict[str, Any] = {"dark": "#000000", "light": "#ffffff", "lineclass": None}
_CACHE_SCHEMA = 1

SURVEY_TEXT: dict[str, tuple[str, str]] = {
    "eit": (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "สำหรับประชาชน ผู้รับบริการ และผู้ที่เคยติดต่อราชการกับหน่วยงาน "
        "ความเห็นของท่านช่วยให้หน่วยงานปรับปรุงการให้บริการและความโปร่งใส",
    ),
    "iit": (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        "สำหรับผู้บริหาร พนักงาน และลูกจ้างของหน่วยงาน",
    ),
}


@functools.lru_cache(maxsize=256)
def qr_code(data: str) -> QRCode:
    """segno's QR code of ``data``: error correction M (readable when printed and a
    little worn; segno raises it when the same version has room), never Micro QR.

    Kept for the process: an item's page and its printable file show the same code.
    """
    import segno  # only when a code is really made: a fully cached build never loads it

    return segno.make(data, error="m", micro=False)


def qr_cache_dir(site: Site) -> Path | None:
    """``<site>/.oit-cache/qr``, or None when ``OIT_NO_CACHE`` turns the caches off."""
    return site.root / CACHE_DIR if caching_enabled() else None


@functools.cache
def _segno_version() -> str:
    """segno's version, read without importing it (another version may draw otherwise)."""
    return importlib.metadata.version("segno")


def _cache_file(cache: Path, kind: str, data: str, options: dict[str, Any]) -> Path:
    key = json.dumps([_CACHE_SCHEMA, _segno_version(), kind, data, options], ensure_ascii=False, sort_keys=True)
    return cache / f"{hashlib.blake2b(key.encode('utf-8'), digest_size=20).hexdigest()}.svg"


def _cached(cache: Path | None, kind: str, data: str, options: dict[str, Any], make: Callable[[], str]) -> str:
    """``make()``, or the text it gave before for the same key in ``cache``."""
    if cache is None:
        return make()
    path = _cache_file(cache, kind, data, options)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if text.rstrip("\n").endswith("</svg>"):  # written whole (atomic), so whole when read
        return text
    text = make()
    try:
        write_text_atomic(path, text)
    except InputError as exc:  # a cache that cannot be written only costs time
        log.info("oit: เขียนแคชคิวอาร์โค้ดไม่ได้ (%s)", exc)
    return text


def qr_svg(data: str, label: str, *, scale: int = 4, cache: Path | None = None) -> str:
    """An inline ``<svg>`` QR code of ``data``, announced to screen readers as ``label``.

    segno's ``svg_inline`` with a ``<title>`` and a ``viewBox`` (so CSS can scale the
    code, bigger when printed), plus ``role="img"``, ``aria-label`` and the pixel size.
    ``cache`` is a folder of SVG texts made before (:func:`qr_cache_dir`).
    """
    options = {"scale": scale, "border": BORDER, **_COLOURS, "omitsize": True, "title": label,
               "svgclass": "oit-qr__code"}

    def make() -> str:
        code = qr_code(data)
        size = code.symbol_size(scale=scale, border=BORDER)[0]
        svg = code.svg_inline(**options)
        attrs = f'role="img" aria-label="{html.escape(label, quote=True)}" width="{size}" height="{size}"'
        return svg.replace("<svg ", f"<svg {attrs} ", 1)

    return _cached(cache, "inline", data, options, make)


def qr_svg_file(data: str, label: str, *, scale: int = 8, cache: Path | None = None) -> str:
    """A standalone SVG file (with XML declaration and ``<title>``) of the QR code, to
    download and print: segno's ``save(kind="svg")``."""
    options = {"scale": scale, "border": BORDER, **_COLOURS, "title": label, "xmldecl": True}

    def make() -> str:
        out = io.BytesIO()
        qr_code(data).save(out, kind="svg", **options)
        return out.getvalue().decode("utf-8")

    return _cached(cache, "file", data, options, make)


def item_qr_files(site: Site) -> dict[str, str]:
    """``ita/qr/<code>.svg`` for every item of the catalog: {path: SVG text}."""
    cache = qr_cache_dir(site)
    files = {}
    for code in site.items:
        url = item_url(site.organization.site_url, code)
        files[f"{QR_DIR}/{code}.svg"] = qr_svg_file(url, f"{code}: {url}", cache=cache)
    return files


def item_qr_markdown(site: Site, code: str) -> str:
    """The section appended to an item page: its QR code, its URL and the printable file."""
    url = item_url(site.organization.site_url, code)
    title = site.items[code].spec.title
    label = f"คิวอาร์โค้ดของหน้า {code} {title}"
    return "\n".join([
        "",
        "## คิวอาร์โค้ดของหน้านี้",
        "",
        f'<figure class="oit-qr">{qr_svg(url, label, cache=qr_cache_dir(site))}'
        f'<figcaption>สแกนเพื่อเปิดหน้านี้บนโทรศัพท์<br><span class="oit-qr__url">{html.escape(url)}</span>'
        "</figcaption></figure>",
        "",
        f"[ดาวน์โหลดคิวอาร์โค้ด (SVG) สำหรับพิมพ์ติดบอร์ดประชาสัมพันธ์](qr/{code}.svg)",
        "",
    ])


def add_item_qr_sections(site: Site, pages: dict[str, str]) -> dict[str, str]:
    """A copy of generated pages where every ``ita/<code>.md`` ends with its QR section."""
    out = dict(pages)
    for code in site.items:
        path = f"{ITA_DIR}/{code}.md"
        if path in out:
            out[path] = out[path].rstrip("\n") + "\n" + item_qr_markdown(site, code)
    return out


def surveys_markdown(site: Site) -> str | None:
    """The page inviting people to answer the EIT/IIT surveys, or None without surveys."""
    if not site.surveys:
        return None
    fy = site.fiscal_year
    lines = [
        "---",
        'title: "ร่วมตอบแบบสำรวจ ITA"',
        "---",
        "",
        "# ร่วมตอบแบบสำรวจการประเมินคุณธรรมและความโปร่งใส (ITA)",
        "",
        f"{md(site.organization.name)} เข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"(ITA) ของสำนักงาน ป.ป.ช. ประจำ{fy.label} ขอเชิญทุกท่านร่วมตอบแบบสำรวจ "
        "ระบบของสำนักงาน ป.ป.ช. ไม่ขอชื่อผู้ตอบ",
        "",
    ]
    cache = qr_cache_dir(site)
    for key in ("eit", "iit"):
        url = site.surveys.get(key)
        if not url:
            continue
        heading, who = SURVEY_TEXT[key]
        label = f"คิวอาร์โค้ด{heading}"
        lines += [
            f"## {heading}",
            "",
            who,
            "",
            f'<figure class="oit-qr">{qr_svg(url, label, cache=cache)}<figcaption>สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์ '
            "หรือกดลิงก์ด้านล่าง</figcaption></figure>",
            "",
            f'<p><a class="oit-survey-link" href="{html.escape(url, quote=True)}">'
            f"เปิด{html.escape(heading)}</a></p>",
            "",
        ]
    return "\n".join(lines)


__all__ = [
    "CACHE_DIR",
    "SURVEYS_PAGE",
    "add_item_qr_sections",
    "item_qr_files",
    "item_qr_markdown",
    "qr_cache_dir",
    "qr_code",
    "qr_svg",
    "qr_svg_file",
    "surveys_markdown",
]
