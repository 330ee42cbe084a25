"""oit.lean_imports: what is left of it until it is deleted (nothing imports it)."""

from __future__ import annotations

import sys
from pathlib import Path

from oit import lean_imports

ROOT = Path(__file__).resolve().parents[2]


def test_relative_and_absolute_answers(tmp_path: Path) -> None:
    """``from . import x`` and ``import a.b`` are answered; anything else is imported as usual."""
    (tmp_path / "mod.py").write_text(
        "from . import sibling\nfrom pkg.sub import thing\nimport json\nVALUE = (sibling, thing, json.__name__)\n")
    module = lean_imports.run_file("oit._lean.test", "pkg.sub", tmp_path / "mod.py",
                                   {"pkg.sub": type("NS", (), {"sibling": 1, "thing": 2})})
    assert module.VALUE == (1, 2, "json")
    assert "oit._lean.test" not in sys.modules
