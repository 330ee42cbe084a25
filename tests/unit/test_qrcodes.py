"""QR codes: oit.pages.qrcodes makes segno's symbol and SVG text, and the symbol reads back.

``oit.pages.qrcodes`` places the modules, picks the mask and writes the SVG itself (segno
does them one module at a time, too slowly for a large site). These tests hold it to
segno, module for module and byte for byte, and read the symbols back with a small
independent reader (format information, Reed-Solomon check, byte-mode payload).
"""

from __future__ import annotations

import html
import io
import random
import re

import pytest
import segno
from segno import consts

from oit.pages.qrcodes import _layout, qr_matrix, qr_svg, qr_svg_file

LABEL = 'หน้า "o1" <โครงสร้าง> & อำนาจ'


def _samples() -> list[str]:
    """URLs like the site's, every length up to version 12, Thai paths, other modes."""
    rnd = random.Random(2569)
    out = [f"https://synthetic.example.go.th/ita/{code}.html" for code in ("o1", "o9", "o10", "o33", "o40")]
    out += ["https://www.example.go.th/" + "x" * n for n in range(0, 330, 3)]
    out += ["https://อบต.ไทย/ita/" + "".join(rnd.choice("abcกขค0123-_/") for _ in range(rnd.randint(1, 200)))
            for _ in range(40)]
    out += ["https://itas.example/eit?org=1&x=<2>", "0123456789" * 7, "HELLO WORLD " * 9, "a"]
    return out


def _segno(data: str, label: str) -> tuple[segno.QRCode, str, str]:
    """segno's symbol, inline SVG and SVG file, made as the code did before."""
    code = segno.make(data, error="m", micro=False)
    size = code.symbol_size(scale=4, border=4)[0]
    inline = code.svg_inline(scale=4, border=4, dark="#000000", light="#ffffff", omitsize=True,
                             title=label, svgclass="oit-qr__code", lineclass=None)
    attrs = f'role="img" aria-label="{html.escape(label, quote=True)}" width="{size}" height="{size}"'
    out = io.BytesIO()
    code.save(out, kind="svg", scale=8, border=4, dark="#000000", light="#ffffff",
              title=label, xmldecl=True, lineclass=None)
    return code, inline.replace("<svg ", f"<svg {attrs} ", 1), out.getvalue().decode("utf-8")


def test_same_symbol_and_svg_as_segno() -> None:
    versions = set()
    for data in _samples():
        code, inline, file = _segno(data, LABEL)
        versions.add(code.version)
        assert tuple(qr_matrix(data)) == tuple(code.matrix), data
        assert qr_svg(data, LABEL) == inline, data
        assert qr_svg_file(data, LABEL) == file, data
    assert versions >= set(range(1, 13))


@pytest.mark.parametrize(("version", "length"), [(16, 420), (24, 860), (33, 1540), (40, 2220)])
def test_same_symbol_as_segno_in_large_versions(version: int, length: int) -> None:
    data = "https://www.example.go.th/" + "x" * (length - 26)
    code = segno.make(data, error="m", micro=False)
    assert code.version == version
    assert tuple(qr_matrix(data)) == tuple(code.matrix)


def test_data_places_fill_every_version_exactly() -> None:
    for version in range(1, 41):
        words = sum(info.num_blocks * info.num_total for info in consts.ECC[version][consts.ERROR_LEVEL_M])
        remainder = len(_layout(version).places) - 8 * words
        assert remainder in (0, 3, 4, 7), version


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


@pytest.mark.parametrize("data", [
    "https://synthetic.example.go.th/ita/o1.html",
    "https://www.example.go.th/ita/o33.html",
    "https://อบต.ไทย/ita/%E0%B8%82/o40.html",
    "https://www.example.go.th/" + "x" * 200,
    "https://www.example.go.th/" + "x" * 1200,
])
def test_symbol_and_svg_read_back_to_the_url(data: str) -> None:
    matrix = qr_matrix(data)
    assert _read(matrix) == data
    assert _svg_modules(qr_svg_file(data, "x")) == matrix
    assert _svg_modules(qr_svg(data, "x")) == matrix
