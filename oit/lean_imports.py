"""Retired (issue 17): nothing imports this module any more, and it is to be deleted.

The Thai search reaches PyThaiNLP through its public API, and :mod:`oit.pages.qrcodes`
uses ``segno.make`` and segno's SVG writer; the loader below is what is left.

A library's files are executed here from their compiled files, as private modules
whose imports of each other are answered directly; any other import they make goes
through the ordinary machinery. Nothing in ``sys.modules`` changes, and the libraries
remain importable the ordinary way. When a library is already imported, or its files are
not laid out as expected (another version), the ordinary import is used: the same code,
only slower to reach. The tests hold both loaders to the ordinary modules' results.
"""

from __future__ import annotations

import builtins
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# What can go wrong loading another version's files: we then import the ordinary way.
_LAYOUT_ERRORS = (ImportError, OSError, AttributeError, SyntaxError, ValueError)


def package_folder(package: str) -> Path:
    """The folder of the installed top-level ``package``, found without running it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{package} not found")
    return Path(next(iter(spec.submodule_search_locations)))


def run_file(name: str, package: str, path: Path, answers: Mapping[str, object]) -> types.ModuleType:
    """Execute the module at ``path`` as private module ``name`` of (unrun) ``package``.

    An import of an absolute name in ``answers`` (relative ones resolved against
    ``package``) gets that object; every other import is the ordinary one. The code
    comes from the source loader, so the compiled file in ``__pycache__`` is used.
    """
    loader = importlib.machinery.SourceFileLoader(name, str(path))
    code = loader.get_code(name)
    if code is None:
        raise ImportError(f"no code in {path}")

    def answering_import(
        module: str,
        globals: Mapping[str, object] | None = None,
        locals: Mapping[str, object] | None = None,
        fromlist: Sequence[str] = (),
        level: int = 0,
    ) -> Any:
        absolute = module
        if level > 0:
            base = package.rsplit(".", level - 1)[0]
            absolute = f"{base}.{module}" if module else base
        if absolute in answers:
            return answers[absolute]
        return builtins.__import__(module, globals, locals, fromlist, level)

    namespace = types.ModuleType(name)
    namespace.__file__ = str(path)
    namespace.__loader__ = loader
    namespace.__package__ = package
    namespace.__dict__["__builtins__"] = {**builtins.__dict__, "__import__": answering_import}
    exec(code, namespace.__dict__)
    return namespace


def _lean_or_ordinary(imported: str, lean: Callable[[], T], ordinary: Callable[[], T]) -> T:
    """``lean()``, unless module ``imported`` is loaded already or the files are laid out
    otherwise (another version): then ``ordinary()``, the ordinary import."""
    if imported not in sys.modules:
        try:
            return lean()
        except _LAYOUT_ERRORS:
            pass
    return ordinary()
