"""oit.lean_imports: PyThaiNLP's newmm and segno's encoder without their package __init__."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import segno
from pythainlp.tokenize import newmm as real_newmm

from oit import lean_imports
from oit.search.thai_dictionary import PrefixDictionary, load_dictionaries

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    "องค์การบริหารส่วนตำบลหนองบัวแผนการจัดซื้อจัดจ้างประจำปีงบประมาณ",
    "ข้อมูลข่าวสารของราชการ",
    "รายงานการกำกับติดตามการดำเนินการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
    "ปี2569 abc 123,456.7 ไทย\nบรรทัดใหม่",
    "",
    "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ" * 4,
]


def test_a_build_imports_neither_package() -> None:
    """In a fresh interpreter, segmenting Thai and drawing a QR code import neither
    PyThaiNLP's nor segno's package, nor what segno's writers pull in."""
    script = (
        "import json, sys\n"
        "from oit.search.thai_search import thai_words, hidden_words\n"
        "from oit.pages.qrcodes import qr_svg\n"
        "thai_words('ข้อมูลข่าวสารของราชการ'); hidden_words('ข้อมูลข่าวสารของราชการ')\n"
        "qr_svg('https://example.org/ita/o1.html', 'o1')\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHAINLP_READ_ONLY": "1"})
    modules = set(json.loads(run.stdout))
    loaded = {m for m in modules if m.split(".")[0] in ("pythainlp", "segno", "ssl")}
    assert not loaded
    assert "urllib.request" not in modules
    assert "xml.sax.saxutils" not in modules


def test_lean_newmm_is_pythainlp_newmm() -> None:
    segment = lean_imports._lean_segment()
    real: Any = real_newmm.segment  # typed for PyThaiNLP's Trie; any prefix dictionary will do
    assert segment is not real
    assert Path(segment.__code__.co_filename).resolve() == Path(real_newmm.__file__).resolve()
    words, syllables = load_dictionaries()
    for text in TEXTS:
        for dictionary in (words, syllables):
            assert segment(text, dictionary) == real(text, dictionary)
        assert segment(text, words, safe_mode=True) == real(text, words, safe_mode=True)
    # newmm's own default dictionary is reached through the ordinary import.
    assert segment(TEXTS[0]) == real(TEXTS[0])
    small = PrefixDictionary(["หนอง", "บัว", "หนองบัว"])
    assert segment("หนองบัวหนอง", small) == real("หนองบัวหนอง", small)


@pytest.mark.parametrize("data", ["https://example.org/ita/o1.html", "x", "ไทย " * 40, "0123456789" * 30])
def test_lean_segno_encoder_is_segnos(data: str) -> None:
    consts, encoder = lean_imports._lean_segno()
    assert encoder is not segno.encoder
    assert consts.ECC == segno.consts.ECC
    lean = encoder.encode(data, error="m", micro=False)
    real = segno.encoder.encode(data, error="m", micro=False)
    assert (lean.version, lean.error, lean.mask) == (real.version, real.error, real.mask)
    assert lean.matrix == real.matrix == segno.make(data, error="m", micro=False).matrix


def test_another_layout_falls_back_to_the_ordinary_import(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A version whose files are elsewhere (or missing) is imported the ordinary way."""
    monkeypatch.setattr(lean_imports, "package_folder", lambda package: tmp_path)
    monkeypatch.delitem(sys.modules, "pythainlp.tokenize.newmm")
    monkeypatch.delitem(sys.modules, "segno")
    assert lean_imports.newmm_segment().__module__ == "pythainlp.tokenize.newmm"
    assert lean_imports.segno_encoder()[1].__name__ == "segno.encoder"


def test_already_imported_packages_are_used_as_they_are() -> None:
    assert lean_imports.newmm_segment() is real_newmm.segment
    assert lean_imports.segno_encoder()[1] is segno.encoder
    assert lean_imports._lean_segment().__module__ == "oit._lean.newmm"


def test_relative_and_absolute_answers(tmp_path: Path) -> None:
    """``from . import x`` and ``import a.b`` are answered; anything else is imported as usual."""
    (tmp_path / "mod.py").write_text(
        "from . import sibling\nfrom pkg.sub import thing\nimport json\nVALUE = (sibling, thing, json.__name__)\n")
    module = lean_imports.run_file("oit._lean.test", "pkg.sub", tmp_path / "mod.py",
                                   {"pkg.sub": type("NS", (), {"sibling": 1, "thing": 2})})
    assert module.VALUE == (1, 2, "json")
    assert "oit._lean.test" not in sys.modules
