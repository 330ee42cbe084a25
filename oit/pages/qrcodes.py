"""QR codes for the notice board and the survey invitation, as SVG (segno; no Pillow).

* Each ITA item page gets a QR code of its own absolute URL under ``site_url``
  (``ita/<code>.html``: the site uses ``use_directory_urls: false``), shown on the page
  and saved as ``ita/qr/<code>.svg`` so the officer can print it for the notice board.
* The EIT and IIT survey links from ``indicators.yml`` (``surveys: {eit, iit}``) get a
  page, ``surveys.md``, that invites citizens and staff to answer, with a QR code each.

The symbols and their SVG text are segno's (``segno.make`` and its SVG writer). Making
one costs a few milliseconds (segno scores the eight masks module by module), so the SVG
texts are kept in ``.oit-cache/qr/`` in the site folder under a digest of the URL, the
writer's options and segno's version: a rebuild after one edit makes no code again (a
fully cached build does not even import segno), and without the cache the output is the
same.

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
from collections.abc import Callable, Mapping
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
def _maker() -> str:
    """What the texts are made by: segno's version (read without importing segno) and
    this module's own code (which sets the options and adds the ARIA attributes)."""
    return importlib.metadata.version("segno") + ":" + hashlib.blake2b(Path(__file__).read_bytes()).hexdigest()


def _inline_options(label: str, scale: int) -> dict[str, Any]:
    return {"scale": scale, "border": BORDER, **_COLOURS, "omitsize": True, "title": label, "svgclass": "oit-qr__code"}


def _file_options(label: str, scale: int) -> dict[str, Any]:
    return {"scale": scale, "border": BORDER, **_COLOURS, "title": label, "xmldecl": True}


def qr_svg(data: str, label: str, *, scale: int = 4) -> str:
    """An inline ``<svg>`` QR code of ``data``, announced to screen readers as ``label``.

    segno's ``svg_inline`` with a ``<title>`` and a ``viewBox`` (so CSS can scale the
    code, bigger when printed), plus ``role="img"``, ``aria-label`` and the pixel size.
    """
    code = qr_code(data)
    size = code.symbol_size(scale=scale, border=BORDER)[0]
    svg = code.svg_inline(**_inline_options(label, scale))
    attrs = f'role="img" aria-label="{html.escape(label, quote=True)}" width="{size}" height="{size}"'
    return svg.replace("<svg ", f"<svg {attrs} ", 1)


def qr_svg_file(data: str, label: str, *, scale: int = 8) -> str:
    """A standalone SVG file (with XML declaration and ``<title>``) of the QR code, to
    download and print: segno's ``save(kind="svg")``."""
    out = io.BytesIO()
    qr_code(data).save(out, kind="svg", **_file_options(label, scale))
    return out.getvalue().decode("utf-8")


def _cached_svgs(site: Site, group: str, wanted: Mapping[str, tuple[str, dict[str, Any]]],
                 make: Callable[[str], str]) -> dict[str, str]:
    """``{name: make(name)}`` for ``wanted`` ({name: (data, writer options)}), taking what
    an earlier build made from ``.oit-cache/qr/<group>.json``.

    An entry's key is the data, the options, segno's version and this module. The file holds exactly
    the group's entries of the last build, so it never grows with old titles, and is
    written once (atomically) when anything in it changed.
    """
    cache = qr_cache_dir(site)
    if cache is None:
        return {name: make(name) for name in wanted}
    keys = {name: hashlib.blake2b(json.dumps([_maker(), data, options], ensure_ascii=False,
                                             sort_keys=True).encode("utf-8"), digest_size=20).hexdigest()
            for name, (data, options) in wanted.items()}
    path = cache / f"{group}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    if not isinstance(stored, dict):
        stored = {}
    svgs = {}
    for name, key in keys.items():
        text = stored.get(key)
        svgs[name] = text if isinstance(text, str) and text.rstrip("\n").endswith("</svg>") else make(name)
    entries = {keys[name]: svgs[name] for name in wanted}
    if entries != stored:
        try:
            write_text_atomic(path, json.dumps(entries, ensure_ascii=False, sort_keys=True), durable=False)
        except InputError as exc:  # a cache that cannot be written only costs time
            log.info("oit: เขียนแคชคิวอาร์โค้ดไม่ได้ (%s)", exc)
    return svgs


def _item_labels(site: Site) -> dict[str, tuple[str, str]]:
    """{code: (the item page's URL, the code's label on the page)}."""
    return {code: (item_url(site.organization.site_url, code), f"คิวอาร์โค้ดของหน้า {code} {record.spec.title}")
            for code, record in site.items.items()}


def item_qr_files(site: Site) -> dict[str, str]:
    """``ita/qr/<code>.svg`` for every item of the catalog: {path: SVG text}."""
    urls = {code: item_url(site.organization.site_url, code) for code in site.items}
    wanted = {code: (url, _file_options(f"{code}: {url}", 8)) for code, url in urls.items()}
    svgs = _cached_svgs(site, "item-files", wanted, lambda code: qr_svg_file(urls[code], f"{code}: {urls[code]}"))
    return {f"{QR_DIR}/{code}.svg": svg for code, svg in svgs.items()}


def item_qr_sections(site: Site) -> dict[str, str]:
    """The section appended to each item page ({code: Markdown}): its QR code, its URL
    and the link to the printable file."""
    labels = _item_labels(site)
    wanted = {code: (url, _inline_options(label, 4)) for code, (url, label) in labels.items()}
    svgs = _cached_svgs(site, "item-pages", wanted, lambda code: qr_svg(*labels[code]))
    return {code: item_qr_markdown(code, labels[code][0], svgs[code]) for code in site.items}


def item_qr_markdown(code: str, url: str, svg: str) -> str:
    """The QR section of item ``code``, whose page is ``url`` and code ``svg``."""
    return "\n".join([
        "",
        "## คิวอาร์โค้ดของหน้านี้",
        "",
        f'<figure class="oit-qr">{svg}'
        f'<figcaption>สแกนเพื่อเปิดหน้านี้บนโทรศัพท์<br><span class="oit-qr__url">{html.escape(url)}</span>'
        "</figcaption></figure>",
        "",
        f"[ดาวน์โหลดคิวอาร์โค้ด (SVG) สำหรับพิมพ์ติดบอร์ดประชาสัมพันธ์](qr/{code}.svg)",
        "",
    ])


def add_item_qr_sections(site: Site, pages: dict[str, str]) -> dict[str, str]:
    """A copy of generated pages where every ``ita/<code>.md`` ends with its QR section."""
    out = dict(pages)
    for code, section in item_qr_sections(site).items():
        path = f"{ITA_DIR}/{code}.md"
        if path in out:
            out[path] = out[path].rstrip("\n") + "\n" + section
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
    surveys = {key: (url, f"คิวอาร์โค้ด{SURVEY_TEXT[key][0]}") for key in ("eit", "iit") if (url := site.surveys.get(key))}
    wanted = {key: (url, _inline_options(label, 4)) for key, (url, label) in surveys.items()}
    svgs = _cached_svgs(site, "surveys", wanted, lambda key: qr_svg(*surveys[key]))
    for key, (url, _) in surveys.items():
        heading, who = SURVEY_TEXT[key]
        lines += [
            f"## {heading}",
            "",
            who,
            "",
            f'<figure class="oit-qr">{svgs[key]}<figcaption>สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์ '
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
    "item_qr_sections",
    "qr_cache_dir",
    "qr_code",
    "qr_svg",
    "qr_svg_file",
    "surveys_markdown",
]
