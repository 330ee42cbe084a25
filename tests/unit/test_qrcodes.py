"""QR codes: segno's symbols and SVG writer, accessible, and cached under .oit-cache/qr/.

The symbols are read back with a small independent reader (format information,
Reed-Solomon check, byte-mode payload), the SVG strokes are drawn back into modules, and
the SVG text is pinned to what the site published before it used segno's writer.
The cache is exercised through real page generation of a site in a temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from segno import consts

from oit.core.indicators import Site, load_site
from oit.pages.citizen import with_citizen_pages
from oit.pages.generate import generate_pages
from oit.pages.qrcodes import CACHE_DIR, qr_code, qr_svg, qr_svg_file
from oit.pages.site_meta import NO_CACHE_ENV
from tests.support.sites import AS_OF, passing_items, write_site

LABEL = 'หน้า "o1" <โครงสร้าง> & อำนาจ'
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("data", [
    "https://synthetic.example.go.th/ita/o1.html",
    "https://www.example.go.th/ita/o33.html",
    "https://อบต.ไทย/ita/%E0%B8%82/o40.html",
    "https://www.example.go.th/" + "x" * 200,
    "https://www.example.go.th/" + "x" * 1200,
])
def test_symbol_and_svg_read_back_to_the_url(data: str) -> None:
    matrix = tuple(bytes(row) for row in qr_code(data).matrix)
    assert _read(matrix) == data
    assert _svg_modules(qr_svg_file(data, "x")) == matrix
    assert _svg_modules(qr_svg(data, "x")) == matrix


def test_error_correction_m_or_better_and_no_micro_qr() -> None:
    for data in ["a", "https://www.example.go.th/ita/o1.html", "https://www.example.go.th/" + "x" * 600]:
        code = qr_code(data)
        assert not code.is_micro
        assert code.error in ("M", "Q", "H"), data


# The SVG text the site published before its QR codes came from segno's writer (the
# hand-written writer it replaced was held to segno byte for byte): the same look.
PINNED = {
    "https://www.example.go.th/ita/o1.html": ("9ecc2e70e2cf0ce97afabf6df88f8c58", "a6309def91d573d3cc0fc0ea916a3b06"),
    "https://อบต.ไทย/ita/%E0%B8%82/o40.html": ("b637c3bddb319381daf654ded28d787b", "a0327703a00e1d3e3e5fe0e031470d89"),
    "https://www.example.go.th/" + "x" * 300: ("cd215a6bf0ad3f945962439a4b18f048", "a62a0367b8f1a6d1a0ad5a59351f1120"),
}


@pytest.mark.parametrize("data", sorted(PINNED))
def test_svg_text_is_what_the_site_published_before(data: str) -> None:
    inline, file = (hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
                    for text in (qr_svg(data, LABEL), qr_svg_file(data, LABEL)))
    assert (inline, file) == PINNED[data]


def test_inline_svg_is_labelled_scalable_and_black_on_white() -> None:
    svg = qr_svg("https://www.example.go.th/ita/o1.html", LABEL)
    root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    assert root.get("role") == "img" and root.get("aria-label") == LABEL
    assert root.get("class") == "oit-qr__code"
    width = int(root.get("width") or 0)
    assert width == int(root.get("height") or 0) == (29 + 8) * 4  # version 3, quiet zone of 4, scale 4
    assert root.get("viewBox") == f"0 0 {width} {width}"
    assert root.findtext(f"{SVG_NS}title") == LABEL
    paths = root.findall(f"{SVG_NS}g/{SVG_NS}path")
    assert {p.get("fill") or p.get("stroke") for p in paths} == {"#fff", "#000"}


def test_svg_file_is_a_standalone_titled_document() -> None:
    text = qr_svg_file("https://www.example.go.th/ita/o1.html", LABEL)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.get("width") == root.get("height") == str((29 + 8) * 8)
    assert root.findtext(f"{SVG_NS}title") == LABEL


# ---------------------------------------------------------------------------- the cache

SURVEYS = {"eit": "https://itas.example/eit?org=1&x=<2>", "iit": "https://itas.example/iit"}


def _site(root: Path) -> Site:
    items, files = passing_items()
    return load_site(write_site(root, items, files=files, extra={"surveys": SURVEYS}), as_of=AS_OF)


def _generate(site: Site) -> dict[str, str]:
    return with_citizen_pages(site, AS_OF, generate_pages(site, AS_OF, archives=[]))


def _cache_files(site: Site) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (site.root / CACHE_DIR).glob("*")}


def _entries(site: Site, group: str) -> dict[str, str]:
    return dict(json.loads((site.root / CACHE_DIR / f"{group}.json").read_text(encoding="utf-8")))


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return _site(tmp_path / "site")


def test_output_is_the_same_with_and_without_the_cache(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    uncached = _generate(site)
    assert not (site.root / CACHE_DIR).exists()  # turned off: nothing written
    monkeypatch.delenv(NO_CACHE_ENV)
    first = _generate(site)  # fills the cache
    assert first == uncached
    # every item's page code and printable file, and the two survey codes
    assert set(_cache_files(site)) == {"item-pages.json", "item-files.json", "surveys.json"}
    assert [len(_entries(site, g)) for g in ("item-pages", "item-files", "surveys")] == [len(site.items)] * 2 + [2]
    assert _generate(site) == uncached  # read from the cache
    shutil.rmtree(site.root / ".oit-cache")
    assert _generate(site) == uncached


def test_a_second_build_reads_the_cache(site: Site) -> None:
    first = _generate(site)
    before = _cache_files(site)
    assert _generate(site) == first
    assert _cache_files(site) == before  # nothing made or written again
    # What an entry holds is what the page gets: change one, and the page shows it.
    entries = _entries(site, "item-pages")
    key = next(k for k, svg in entries.items() if svg in first["ita/o1.md"])
    marked = '<svg class="from-the-cache"><title>x</title></svg>'
    (site.root / CACHE_DIR / "item-pages.json").write_text(json.dumps({**entries, key: marked}), encoding="utf-8")
    assert marked in _generate(site)["ita/o1.md"]
    del entries[key]  # a missing entry is made again, as it was
    (site.root / CACHE_DIR / "item-pages.json").write_text(json.dumps(entries), encoding="utf-8")
    assert _generate(site) == first
    assert len(_entries(site, "item-pages")) == len(site.items)


def test_damaged_or_old_entries_are_made_again_or_dropped(site: Site) -> None:
    first = _generate(site)
    entries = _entries(site, "item-files")
    damaged = {key: svg[:40] for key, svg in entries.items()}  # cut short
    (site.root / CACHE_DIR / "item-files.json").write_text(json.dumps({**damaged, "old": "<svg></svg>"}), encoding="utf-8")
    (site.root / CACHE_DIR / "item-pages.json").write_text("{not json", encoding="utf-8")
    assert _generate(site) == first
    assert _entries(site, "item-files") == entries  # made again, and the entry no page uses is gone
    assert len(_entries(site, "item-pages")) == len(site.items)


GENERATE = """
import sys
from oit.core.indicators import load_site
from oit.pages.citizen import with_citizen_pages
from oit.pages.generate import generate_pages
from tests.support.sites import AS_OF
site = load_site(sys.argv[1], as_of=AS_OF)
files = with_citizen_pages(site, AS_OF, generate_pages(site, AS_OF, archives=[]))
print(len(files), "segno" in sys.modules)
"""


def test_a_build_with_every_code_cached_makes_none(site: Site) -> None:
    """A fresh process with the cache filled never imports segno: no code is made at all."""
    root = Path(__file__).resolve().parents[2]

    def run() -> list[str]:
        proc = subprocess.run([sys.executable, "-c", GENERATE, str(site.root)], capture_output=True, text=True,
                              cwd=root, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    count, imported = run()
    assert imported == "True"  # an empty cache: segno makes every code
    before = _cache_files(site)
    assert run() == [count, "False"]
    assert _cache_files(site) == before  # nothing rewritten


# --------------------------------------------------------------------------- reader

def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    value = 1
    for power in range(255):
        exp[power], log[value] = value, power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


EXP, LOG = _gf_tables()


def _syndromes_are_zero(block: list[int], ec_words: int) -> bool:
    """A Reed-Solomon block (data then error words) is a codeword: every syndrome is 0."""
    for power in range(ec_words):
        value = 0
        for byte in block:
            value = (EXP[LOG[value] + power] if value else 0) ^ byte
        if value:
            return False
    return True


def _format_codes() -> dict[int, tuple[int, int]]:
    """The 32 valid 15-bit format codes: {code: (error bits, mask)} (BCH(15,5), mask 0x5412)."""
    out = {}
    for data in range(32):
        bits = data << 10
        for shift in range(4, -1, -1):
            if bits & (1 << (shift + 10)):
                bits ^= 0x537 << shift
        out[((data << 10) | bits) ^ 0x5412] = (data >> 3, data & 7)
    return out


_MASKS = [
    lambda i, j: (i + j) % 2 == 0, lambda i, j: i % 2 == 0, lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0, lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0, lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
]
_ERROR_BITS = {1: consts.ERROR_LEVEL_L, 0: consts.ERROR_LEVEL_M, 3: consts.ERROR_LEVEL_Q, 2: consts.ERROR_LEVEL_H}


def _read(matrix: tuple[bytes, ...]) -> str:
    """Read a QR code matrix (no quiet zone) back to its byte-mode text."""
    size = len(matrix)
    version = (size - 17) // 4
    assert matrix[size - 8][8] == 1, "dark module"
    # format information, the copy around the top left finder (ISO/IEC 18004 7.9)
    cells = [(8, j) for j in (0, 1, 2, 3, 4, 5, 7, 8)] + [(i, 8) for i in (7, 5, 4, 3, 2, 1, 0)]
    word = 0
    for i, j in cells:
        word = (word << 1) | matrix[i][j]
    error_bits, mask = _format_codes()[word]
    # the data modules: every module that is not a function pattern, in zigzag order
    function = {(i, j) for i in range(size) for j in range(size)
                if i == 6 or j == 6 or (i < 9 and j < 9) or (i < 9 and j >= size - 8) or (i >= size - 8 and j < 9)}
    if version >= 7:
        function |= {(i, j) for i in range(6) for j in range(size - 11, size - 8)}
        function |= {(j, i) for i in range(6) for j in range(size - 11, size - 8)}
    centres = consts.ALIGNMENT_POS[version - 2] if version >= 2 else ()
    for ci in centres:
        for cj in centres:
            if not ((ci < 9 and cj < 9) or (ci < 9 and cj >= size - 8) or (ci >= size - 8 and cj < 9)):
                function |= {(ci + a, cj + b) for a in range(-2, 3) for b in range(-2, 3)}
    bits = []
    column, upwards = size - 1, True
    while column > 0:
        if column == 6:
            column -= 1
        for step in range(size):
            i = size - 1 - step if upwards else step
            for j in (column, column - 1):
                if (i, j) not in function:
                    bits.append(matrix[i][j] ^ int(_MASKS[mask](i, j)))
        column -= 2
        upwards = not upwards
    codewords = [int("".join(map(str, bits[k:k + 8])), 2) for k in range(0, len(bits) - 7, 8)]
    # de-interleave the blocks and check each one's error words
    infos = consts.ECC[version][_ERROR_BITS[error_bits]]
    shapes = [(info.num_data, info.num_total - info.num_data) for info in infos for _ in range(info.num_blocks)]
    data_blocks: list[list[int]] = [[] for _ in shapes]
    error_blocks: list[list[int]] = [[] for _ in shapes]
    position = 0
    for k in range(max(d for d, _ in shapes)):
        for index, (length, _) in enumerate(shapes):
            if k < length:
                data_blocks[index].append(codewords[position])
                position += 1
    for _ in range(shapes[0][1]):
        for index in range(len(shapes)):
            error_blocks[index].append(codewords[position])
            position += 1
    for (_, ec_words), data_block, error_block in zip(shapes, data_blocks, error_blocks, strict=True):
        assert _syndromes_are_zero(data_block + error_block, ec_words)
    stream = "".join(f"{byte:08b}" for block in data_blocks for byte in block)
    assert stream[:4] == "0100", "byte mode"
    count_bits = 8 if version <= 9 else 16
    length = int(stream[4:4 + count_bits], 2)
    payload = stream[4 + count_bits:4 + count_bits + 8 * length]
    return bytes(int(payload[k:k + 8], 2) for k in range(0, len(payload), 8)).decode("utf-8")


def _svg_modules(svg: str) -> tuple[bytearray, ...]:
    """The dark modules the SVG path draws (border 4), back as a matrix."""
    size = int(re.search(r'fill="#fff" d="M0 0h(\d+)', svg).group(1)) - 8  # type: ignore[union-attr]
    matrix = tuple(bytearray(size) for _ in range(size))
    d = re.search(r'stroke="#000" d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    x, y = 0.0, 0.0
    for _, dx, dy, length in re.findall(r"([Mm])(-?\d+) (-?[\d.]+)h(\d+)", d):
        x, y = x + int(dx), y + float(dy)
        for column in range(int(x), int(x) + int(length)):
            matrix[int(y - 4.5)][column - 4] = 1
        x += int(length)
    return matrix
