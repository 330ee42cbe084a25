"""QR codes for the notice board and the survey invitation, as SVG (segno; no Pillow).

* Each ITA item page gets a QR code of its own absolute URL under ``site_url``
  (``ita/<code>.html``: the site uses ``use_directory_urls: false``), shown on the page
  and saved as ``ita/qr/<code>.svg`` so the officer can print it for the notice board.
* The EIT and IIT survey links from ``indicators.yml`` (``surveys: {eit, iit}``) get a
  page, ``surveys.md``, that invites citizens and staff to answer, with a QR code each.

Everything from indicators.yml is escaped. Pure Python: no mkdocs import.
"""

from __future__ import annotations

import functools
import html
import io
from urllib.parse import quote, urljoin

import segno

from oit.generate import md
from oit.indicators import Site

ITA_DIR = "ita"
QR_DIR = f"{ITA_DIR}/qr"
SURVEYS_PAGE = "surveys.md"

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


def page_url(site_url: str, src_path: str) -> str:
    """Absolute public URL of a page or file given by its path under ``content/``.

    ``.md`` pages become ``.html`` (``use_directory_urls: false``); the path is
    percent-encoded where needed, so Thai file names stay valid URLs.
    """
    path = src_path[:-3] + ".html" if src_path.endswith(".md") else src_path
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, quote(path, safe="/-._~"))


def item_url(site: Site, code: str) -> str:
    """The absolute URL of an item's page, the one submitted to ITAS and put on the board."""
    return page_url(site.organization.site_url, f"{ITA_DIR}/{code}.md")


@functools.lru_cache(maxsize=1024)
def _qr_code(data: str) -> segno.QRCode:
    """The QR code of ``data``, made once per process: an item's page and its printable
    file encode the same URL, and choosing the mask (8 candidates) is the costly part."""
    return segno.make(data, error="m", micro=False)


def qr_svg(data: str, label: str, *, scale: int = 4) -> str:
    """An inline ``<svg>`` QR code of ``data``, announced to screen readers as ``label``.

    Error correction M (readable when printed and a little worn), quiet zone of 4 modules
    as the standard asks, black on white for the best scan rate.
    """
    code = _qr_code(data)
    size = code.symbol_size(scale=scale, border=4)[0]
    # omitsize gives a viewBox, so CSS can scale the code (e.g. bigger when printed).
    svg: str = code.svg_inline(scale=scale, border=4, dark="#000000", light="#ffffff", omitsize=True,
                               title=label, svgclass="oit-qr__code", lineclass=None)
    attrs = f'role="img" aria-label="{html.escape(label, quote=True)}" width="{size}" height="{size}"'
    return svg.replace("<svg ", f"<svg {attrs} ", 1)


def qr_svg_file(data: str, label: str, *, scale: int = 8) -> str:
    """A standalone SVG file (with XML declaration) of the QR code, to download and print."""
    code = _qr_code(data)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=scale, border=4, dark="#000000", light="#ffffff",
              title=label, xmldecl=True, lineclass=None)
    return out.getvalue().decode("utf-8")


def item_qr_files(site: Site) -> dict[str, str]:
    """``ita/qr/<code>.svg`` for every item of the catalog: {path: SVG text}."""
    return {
        f"{QR_DIR}/{code}.svg": qr_svg_file(item_url(site, code), f"{code}: {item_url(site, code)}")
        for code in site.items
    }


def item_qr_markdown(site: Site, code: str) -> str:
    """The section appended to an item page: its QR code, its URL and the printable file."""
    url = item_url(site, code)
    title = site.items[code].spec.title
    label = f"คิวอาร์โค้ดของหน้า {code} {title}"
    return "\n".join([
        "",
        "## คิวอาร์โค้ดของหน้านี้",
        "",
        f'<figure class="oit-qr">{qr_svg(url, label)}'
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
            f'<figure class="oit-qr">{qr_svg(url, label)}<figcaption>สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์ '
            "หรือกดลิงก์ด้านล่าง</figcaption></figure>",
            "",
            f'<p><a class="oit-survey-link" href="{html.escape(url, quote=True)}">'
            f"เปิด{html.escape(heading)}</a></p>",
            "",
        ]
    return "\n".join(lines)


__all__ = [
    "SURVEYS_PAGE",
    "add_item_qr_sections",
    "item_qr_files",
    "item_qr_markdown",
    "item_url",
    "page_url",
    "qr_svg",
    "qr_svg_file",
    "surveys_markdown",
]
