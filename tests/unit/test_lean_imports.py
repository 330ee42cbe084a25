"""oit.lean_imports: segno's encoder without its package __init__ (until oit.pages.qrcodes uses segno.make)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import segno

from oit import lean_imports

ROOT = Path(__file__).resolve().parents[2]

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
    monkeypatch.delitem(sys.modules, "segno")
    assert lean_imports.segno_encoder()[1].__name__ == "segno.encoder"


def test_already_imported_packages_are_used_as_they_are() -> None:
    assert lean_imports.segno_encoder()[1] is segno.encoder


def test_relative_and_absolute_answers(tmp_path: Path) -> None:
    """``from . import x`` and ``import a.b`` are answered; anything else is imported as usual."""
    (tmp_path / "mod.py").write_text(
        "from . import sibling\nfrom pkg.sub import thing\nimport json\nVALUE = (sibling, thing, json.__name__)\n")
    module = lean_imports.run_file("oit._lean.test", "pkg.sub", tmp_path / "mod.py",
                                   {"pkg.sub": type("NS", (), {"sibling": 1, "thing": 2})})
    assert module.VALUE == (1, 2, "json")
    assert "oit._lean.test" not in sys.modules
