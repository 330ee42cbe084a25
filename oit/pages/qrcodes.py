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
import re
from collections.abc import Callable
from operator import itemgetter
from typing import Any, NamedTuple, cast
from urllib.parse import quote, urljoin, urlparse

from oit.core.indicators import Site
from oit.lean_imports import segno_encoder
from oit.pages.generate import md

# segno's encoder without segno's writers, which import urllib.request and ssl
# (oit/lean_imports.py); only its symbol layout is used here.
consts, encoder = segno_encoder()

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


# A relative path with nothing for urlparse to split off (scheme, netloc, params, query,
# fragment) and no character reference: join_url resolves it itself, as urljoin would.
PLAIN_PATH = re.compile(r"[A-Za-z0-9._~%!$'()*+,=@-][A-Za-z0-9._~%!$'()*+,=@/-]*\Z")


@functools.lru_cache(maxsize=256)
def _url_base(base: str) -> tuple[str, tuple[str, ...]] | None:
    """``scheme://netloc`` and the folder segments of an http(s) base URL, else None."""
    parts = urlparse(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    folder = parts.path.split("/")
    if folder[-1]:
        del folder[-1]  # the page's own name; as urljoin, a trailing "" stays
    return f"{parts.scheme}://{parts.netloc}", tuple(folder)


def join_url(base: str, url: str) -> str:
    """``urljoin(base, url)``, the same string, without parsing both on every call.

    A site joins thousands of links to a handful of bases. For a plain relative path
    (``PLAIN_PATH``) under an http(s) base, this is urljoin's own path resolution
    (RFC 3986 5.2 as CPython does it); anything else goes to urljoin.
    """
    parsed = _url_base(base) if PLAIN_PATH.match(url) else None
    if parsed is None:
        return urljoin(base, url)
    origin, folder = parsed
    segments = [*folder, *url.split("/")]
    segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    path = "/".join(resolved) or "/"
    return origin + (path if path.startswith("/") else "/" + path)


def page_url(site_url: str, src_path: str) -> str:
    """Absolute public URL of a page or file given by its path under ``content/``.

    ``.md`` pages become ``.html`` (``use_directory_urls: false``); the path is
    percent-encoded where needed, so Thai file names stay valid URLs.
    """
    path = src_path[:-3] + ".html" if src_path.endswith(".md") else src_path
    base = site_url if site_url.endswith("/") else site_url + "/"
    return join_url(base, quote(path, safe="/-._~"))


def item_url(site: Site, code: str) -> str:
    """The absolute URL of an item's page, the one submitted to ITAS and put on the board."""
    return page_url(site.organization.site_url, f"{ITA_DIR}/{code}.md")


# --------------------------------------------------------------------------- the symbol
#
# segno encodes the data and knows the standard's tables; the placement of the modules,
# the choice of the mask and the SVG text are done here, because segno does them one
# module at a time in Python: it scores all eight masks with a per-module loop, about
# 7 ms per code, three quarters of the citizen hook on a large site. The symbol made
# here is segno's own, module for module, and the SVG its writer's, byte for byte
# (tests/unit/test_qrcodes.py compares both over many inputs and every version).
#
# For the mask penalties the symbol is one int: its "lines", every row and then every
# column, one bit per module and a 0 bit after each line. A mask is then a single XOR,
# and the standard's rules become shifts, ANDs and bit counts over the whole symbol
# at once, with masks that keep each rule inside its line.

_ERROR_M = consts.ERROR_LEVEL_M
_BIT_CHARS = bytes.maketrans(b"\x00\x01", b"01")
_BIT_BYTES = bytes.maketrans(b"01", b"\x00\x01")
# segno's tables by version and error level: data bits, and the error correction blocks
_CAPACITY = cast("dict[int, dict[int, int]]", consts.SYMBOL_CAPACITY)
_ECC = cast("dict[int, dict[int, Any]]", consts.ECC)


@functools.cache
def _rs_products(ec_words: int) -> tuple[int, ...]:
    """Reed-Solomon: for every byte f, f times segno's generator polynomial of
    ``ec_words`` error words, as one big-endian int (what one division step XORs in)."""
    gen_log, gen_exp, gen = consts.GALIOS_LOG, consts.GALIOS_EXP, consts.GEN_POLY[ec_words]
    return (0, *(int.from_bytes(bytes(gen_exp[gen_log[f] + g] for g in gen), "big") for f in range(1, 256)))


class _Layout(NamedTuple):
    """What every symbol of one version shares: its function patterns and data places.

    The ints are lines (see above): bit k is module k of the rows-then-columns sequence.
    """

    size: int
    places: tuple[int, ...]  # row-major offsets of the data modules, in placement order
    gather: Callable[[str], tuple[str, ...]]  # message bits + "01" -> the lines, one bit each
    masks: tuple[int, ...]  # per mask pattern: the data modules it flips
    pairs: int  # modules that have a next one on their line (N1)
    blocks: int  # top left modules of the 2x2 blocks of rows (N2)
    rows: int  # the modules of the rows (N4)
    starts: int  # where the 7 modules of a finder-like pattern fit on the line (N3)
    ends: int  # the first and the last such place of each line (N3)
    before: tuple[tuple[int, int], ...]  # (j, modules with j more before them on the line)
    after: tuple[tuple[int, int], ...]  # (j, modules with j more after them on the line)


def _lines(modules: bytes | bytearray, size: int) -> bytes:
    """A row-major ``size``×``size`` matrix of 0/1 bytes as lines, a 0 after each line."""
    return b"\x00".join([modules[i * size:(i + 1) * size] for i in range(size)]
                        + [modules[j::size] for j in range(size)]) + b"\x00"


def _bits(flags: bytes) -> int:
    """0/1 bytes as an int, the first byte its lowest bit."""
    return int(flags.translate(_BIT_CHARS)[::-1], 2)


def _each_line(size: int, columns: range | tuple[int, ...]) -> int:
    """The int with the bit of every module, on every line, in one of ``columns``."""
    return _bits(bytes(int(j in columns) for j in range(size + 1)) * (2 * size))


@functools.cache
def _layout(version: int) -> _Layout:
    """The layout of a QR code ``version`` (1-40), as segno builds it."""
    size = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    base = b"".join(matrix)  # function patterns 0/1, reserved format cells 0, data cells 2
    # ISO/IEC 18004 7.7.3: two-module columns from the right, alternately up and down,
    # skipping the vertical timing pattern; the order segno's add_codewords fills them.
    places: list[int] = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        upwards = (right & 2) == 0
        for vertical in range(size):
            for j in (right, right - 1):
                i = size - 1 - vertical if upwards ^ (j < 6) else vertical
                if base[i * size + j] == 2:
                    places.append(i * size + j)
    # where each module of the lines comes from: a message bit, or a constant 0 or 1
    # (indexes len(places) and len(places) + 1 of the message with "01" appended)
    source = [len(places) + value for value in base]
    for index, place in enumerate(places):
        source[place] = index
    zero = len(places)
    sources = [[*source[i * size:(i + 1) * size], zero] for i in range(size)]
    sources += [[*source[j::size], zero] for j in range(size)]
    data = bytes(int(value == 2) for value in base)
    # Every mask pattern repeats every 12 rows and 12 columns (they are made of i mod 2,
    # i mod 3, i div 2 mod 2 and j div 3 mod 2), so a 12x12 tile of segno's functions,
    # repeated, is the whole pattern; it flips data modules only.
    repeat = size // 12 + 1
    masks = []
    for pattern in encoder.get_data_mask_functions(False):
        tile = [bytes(int(bool(pattern(i, j))) for j in range(12)) * repeat for i in range(12)]
        flips = b"".join(tile[i % 12][:size] for i in range(size))
        masks.append(_bits(_lines(bytes(f & d for f, d in zip(flips, data, strict=True)), size)))
    return _Layout(
        size, tuple(places), itemgetter(*(k for line in sources for k in line)), tuple(masks),
        pairs=_each_line(size, range(size - 1)),
        blocks=_bits((b"\x01" * (size - 1) + b"\x00\x00") * (size - 1)),
        rows=_bits((b"\x01" * size + b"\x00") * size),
        starts=_each_line(size, range(size - 6)),
        ends=_each_line(size, (0, size - 7)),
        before=tuple((k, _each_line(size, range(k, size))) for k in range(1, 5)),
        after=tuple((k, _each_line(size, range(size - k))) for k in range(7, 11)),
    )


def _message(data: str) -> tuple[int, int, bytes]:
    """Version, error level and the final message bits (one byte per bit) of ``data``.

    The data stream is segno's (segments, version, boosted error level, terminator and
    padding, as ``segno.make(data, error="m", micro=False)``); the Reed-Solomon blocks
    are interleaved with a byte table instead of segno's bit generators.
    """
    segments = encoder.prepare_data(data, None, None)
    version = encoder.find_version(segments, _ERROR_M, eci=False, micro=False)
    error = encoder.boost_error_level(version, _ERROR_M, segments, False)
    buff = encoder.Buffer()
    versions = encoder.version_range(version)
    for segment in segments:
        encoder.write_segment(buff, segment, None, versions, False)
    capacity: int = _CAPACITY[version][error]
    encoder.write_terminator(buff, capacity, None, len(buff))
    encoder.write_padding_bits(buff, version, len(buff))
    encoder.write_pad_codewords(buff, version, capacity, len(buff))
    bits = bytes(buff.getbits())
    codewords = int(bits.translate(_BIT_CHARS), 2).to_bytes(len(bits) // 8, "big")
    data_blocks: list[bytes] = []
    error_blocks: list[bytes] = []
    start = 0
    for info in _ECC[version][error]:
        ec_words = info.num_total - info.num_data
        products, top, full = _rs_products(ec_words), 8 * (ec_words - 1), (1 << (8 * ec_words)) - 1
        for _ in range(info.num_blocks):
            block = codewords[start:start + info.num_data]
            start += info.num_data
            remainder = 0  # the error words so far, as one int: a shift register in GF(256)
            for byte in block:
                remainder = ((remainder << 8) & full) ^ products[byte ^ (remainder >> top)]
            data_blocks.append(block)
            error_blocks.append(remainder.to_bytes(ec_words, "big"))
    out = bytearray()
    for blocks in (data_blocks, error_blocks):  # interleaved, as segno's make_final_message
        for k in range(max(map(len, blocks))):
            out.extend(block[k] for block in blocks if k < len(block))
    message = bin(int.from_bytes(out, "big"))[2:].zfill(8 * len(out)).encode("ascii").translate(_BIT_BYTES)
    # the remainder bits (0, 3, 4 or 7) fill the data region exactly
    return version, error, message + bytes(len(_layout(version).places) - len(message))


def _penalty(lines: int, layout: _Layout) -> int:
    """The mask penalty N1 + N2 + N3 + N4 (ISO/IEC 18004 7.8.3.1) of a masked symbol,
    exactly as segno's ``mask_scores`` counts it."""
    size = layout.size
    # N1: a run of 5 same modules scores 3, each further one 1. ``same`` marks a module
    # equal to the next; a run of L >= 5 has L - 4 windows of four ``same`` and one start.
    same = ~(lines ^ (lines >> 1)) & layout.pairs
    windows = same & (same >> 1) & (same >> 2) & (same >> 3)
    score = windows.bit_count() + 2 * (windows & ~(windows << 1)).bit_count()
    # N2: 3 for every 2x2 block of one colour (blocks may overlap)
    below = lines >> (size + 1)
    differs = (lines ^ (lines >> 1)) | (lines ^ below) | (below ^ (below >> 1))
    score += 3 * (~differs & layout.blocks).bit_count()
    # N3: 40 for dark:light:dark dark dark:light:dark with 4 light modules on one side
    # (fewer at the end of the line), or at either end of the line
    found = (lines & ~(lines >> 1) & (lines >> 2) & (lines >> 3) & (lines >> 4) & ~(lines >> 5)
             & (lines >> 6) & layout.starts)
    overlapping = found & ((found >> 4) | (found >> 6))
    while overlapping:  # overlapping patterns: segno's search skips some, so search that line
        start = (overlapping.bit_length() - 1) // (size + 1) * (size + 1)
        line = ((1 << size) - 1) << start
        found &= ~line
        overlapping &= ~line
        score += _n3_search(_text(lines >> start, size).translate(_BIT_BYTES), size)
    dark_before = dark_after = 0
    for shift, inside in layout.before:
        dark_before |= (lines << shift) & inside
    for shift, inside in layout.after:
        dark_after |= (lines >> shift) & inside
    score += 40 * (found & (layout.ends | ~dark_before | ~dark_after)).bit_count()
    # N4: 10 per 5 % the dark share is away from 50 %
    dark = (lines & layout.rows).bit_count()
    return score + 10 * int(abs(float(dark) / (size ** 2) * 100 - 50) / 5)


_N3_PATTERN = bytes((1, 0, 1, 1, 1, 0, 1))


def _n3_search(line: bytes, size: int) -> int:
    """N3 of one line (0/1 bytes) as segno searches it: after a pattern that scores it
    goes on past its end, after one that does not, from its fifth module."""
    score = 0
    idx = line.find(_N3_PATTERN)
    while idx != -1:
        offset = idx + 7
        if idx in (0, size - 7) or 1 not in line[max(idx - 4, 0):idx] or 1 not in line[offset:offset + 4]:
            score += 40
        else:
            offset = idx + 4
        idx = line.find(_N3_PATTERN, offset)
    return score


def _text(bits: int, length: int) -> bytes:
    """The lowest ``length`` bits as b"0"/b"1", lowest first."""
    return bin(bits)[2:].zfill(length)[::-1][:length].encode("ascii")


@functools.lru_cache(maxsize=1024)
def qr_matrix(data: str) -> tuple[bytes, ...]:
    """The modules of the QR code of ``data``, a row per bytes (1 is dark).

    Error correction M, raised to the highest level that fits in the same version, no
    Micro QR: the same symbol as ``segno.make(data, error="m", micro=False).matrix``.
    Made once per process: an item's page and its printable file show the same code.
    """
    version, error, message = _message(data)
    layout = _layout(version)
    size = layout.size
    # the modules gathered as "0"/"1" characters: joining strings is cheaper than bytes()
    lines = int("".join(layout.gather((message + b"\x00\x01").translate(_BIT_CHARS).decode("ascii")))[::-1], 2)
    scores = [_penalty(lines ^ mask, layout) for mask in layout.masks]
    best = scores.index(min(scores))  # the first of equal scores, as segno
    text = _text(lines ^ layout.masks[best], size * (size + 1)).translate(_BIT_BYTES)  # the rows
    matrix = tuple(bytearray(text[i * (size + 1):i * (size + 1) + size]) for i in range(size))
    encoder.add_format_info(matrix, version, error, best)
    encoder.add_version_info(matrix, version)
    return tuple(map(bytes, matrix))  # kept for the process: nobody may change it


# a run of dark modules and the light ones (and row ends) before it; the matrix as text,
# rows joined by newlines
_STROKE = re.compile(rb"((?:0*\n)*0*)(1+)")


class _Moves(dict[tuple[bytes, bytes], str]):
    """SVG path text of a stroke after another, keyed by what ``_STROKE`` found: it
    depends only on the gap and the length, and a symbol repeats few of them."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __missing__(self, key: tuple[bytes, bytes]) -> str:
        gap, dark = key
        rows = gap.count(b"\n")  # a stroke on a later row goes back to its start
        self[key] = value = f"m{len(gap) - rows * (self.size + 1)} {rows}h{len(dark)}"
        return value


@functools.cache
def _moves(size: int) -> _Moves:
    return _Moves(size)


@functools.lru_cache(maxsize=1024)
def _svg_paths(data: str, border: int) -> tuple[int, str]:
    """The symbol's width in modules with its quiet zone, and its two SVG paths.

    As segno's SVG writer draws black on white: a white square, then one path of
    horizontal strokes through the middle of each row of dark modules, every move
    relative to the end of the stroke before; the shorter path first.
    """
    matrix = qr_matrix(data)
    size = len(matrix)
    width = size + 2 * border
    strokes = _STROKE.findall(b"\n".join(row.translate(_BIT_CHARS) for row in matrix))
    gap, dark = strokes[0]  # the first one moves from the top left corner
    rows = gap.count(b"\n")
    y = border + 0.5 + rows
    first = f"M{border + len(gap) - rows * (size + 1)} {int(y) if int(y) == y else y}h{len(dark)}"
    moves = "".join(map(_moves(size).__getitem__, strokes[1:]))
    paths = [f'<path stroke="#000" d="{first}{moves}"/>',
             f'<path fill="#fff" d="M0 0h{width}v{width}h-{width}z"/>']
    return width, "".join(sorted(paths, key=len))


def _xml_text(text: str) -> str:
    """``text`` escaped for XML character data: what ``xml.sax.saxutils.escape`` gives,
    without importing it (it imports urllib.request)."""
    return html.escape(text, quote=False)


def qr_svg(data: str, label: str, *, scale: int = 4) -> str:
    """An inline ``<svg>`` QR code of ``data``, announced to screen readers as ``label``.

    Error correction M (readable when printed and a little worn), quiet zone of 4 modules
    as the standard asks, black on white for the best scan rate. The same text as
    segno's ``svg_inline(scale=scale, border=4, dark="#000000", light="#ffffff",
    omitsize=True, title=label, svgclass="oit-qr__code", lineclass=None)``.
    """
    width, paths = _svg_paths(data, 4)
    size = width * scale
    # a viewBox, so CSS can scale the code (e.g. bigger when printed)
    return (f'<svg role="img" aria-label="{html.escape(label, quote=True)}" width="{size}" height="{size}" '
            f'viewBox="0 0 {size} {size}" class="oit-qr__code"><title>{_xml_text(label)}</title>'
            f'<g transform="scale({scale})">{paths}</g></svg>')


def qr_svg_file(data: str, label: str, *, scale: int = 8) -> str:
    """A standalone SVG file (with XML declaration) of the QR code, to download and print.

    The same text as segno's ``save(kind="svg", scale=scale, border=4, dark="#000000",
    light="#ffffff", title=label, xmldecl=True, lineclass=None)``.
    """
    width, paths = _svg_paths(data, 4)
    size = width * scale
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" class="segno">'
            f'<title>{_xml_text(label)}</title><g transform="scale({scale})">{paths}</g></svg>\n')


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
    "PLAIN_PATH",
    "SURVEYS_PAGE",
    "add_item_qr_sections",
    "item_qr_files",
    "item_qr_markdown",
    "item_url",
    "join_url",
    "page_url",
    "qr_svg",
    "qr_svg_file",
    "surveys_markdown",
]
