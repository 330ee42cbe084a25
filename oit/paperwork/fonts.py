"""Which Thai font the paperwork is set in: TH Sarabun New, else Laksaman (fonts-thai-tlwg).

Government documents are typed in TH Sarabun New 16 pt (standard on Thai Windows).
Laksaman from fonts-thai-tlwg is a free font with the same metrics, which the project's
``make system-deps`` installs on Linux. The PDF embeds the font file found here; the
DOCX names the family, so Word shows the same face on the officer's machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from oit.core.errors import InputError

SIZE = 16  # points, the correspondence rules' body size


@dataclass(frozen=True)
class ThaiFont:
    family: str  # the name Word and the PDF show
    regular: Path
    bold: Path  # the regular file again when the family has no bold face


# (family, regular file names, bold file names), preferred first
_FAMILIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("TH Sarabun New", ("THSarabunNew.ttf", "THSarabunNew Regular.ttf"),
     ("THSarabunNew Bold.ttf", "THSarabunNewBold.ttf")),
    ("Laksaman", ("Laksaman.ttf", "Laksaman.otf"), ("Laksaman-Bold.ttf", "Laksaman-Bold.otf")),
)


def default_font_dirs() -> list[Path]:
    """Where fonts live on Windows, Debian/Ubuntu and in the user's own folders."""
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    dirs += [
        Path("/usr/share/fonts/truetype/tlwg"),
        Path("/usr/share/fonts/opentype/tlwg"),
        Path("/usr/share/fonts/truetype/thai"),
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".local" / "share" / "fonts",
        Path.home() / ".fonts",
        Path("/Library/Fonts"),
        Path.home() / "Library" / "Fonts",
    ]
    return dirs


def _fontconfig_files() -> list[Path]:
    """Every font file fontconfig knows (``fc-list``), when it is installed."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        out = subprocess.run([fc_list, "--format", "%{file}\n"], capture_output=True, text=True, timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line) for line in out.splitlines() if line]


def _by_name(files: Sequence[Path], names: Sequence[str]) -> Path | None:
    wanted = {n.lower() for n in names}
    return next((f for f in files if f.name.lower() in wanted and f.is_file()), None)


def _files_in(dirs: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        # the standard folders are shallow; /usr/share/fonts holds one level of families
        found += [p for p in folder.glob("*") if p.suffix.lower() in (".ttf", ".otf")]
        found += [p for p in folder.glob("*/*") if p.suffix.lower() in (".ttf", ".otf")]
    return found


def find_thai_font(dirs: Sequence[Path] | None = None) -> ThaiFont:
    """The Thai font to use, or an ``InputError`` telling the officer what to install.

    ``dirs`` replaces the standard folders and fontconfig (tests use it).
    """
    files = _files_in(dirs) if dirs is not None else _fontconfig_files() + _files_in(default_font_dirs())
    for family, regular_names, bold_names in _FAMILIES:
        regular = _by_name(files, regular_names)
        if regular is not None:
            return ThaiFont(family, regular, _by_name(files, bold_names) or regular)
    raise InputError(
        "ฟอนต์", None, "ไม่พบฟอนต์ภาษาไทย TH Sarabun New หรือ Laksaman ในเครื่องนี้",
        "ติดตั้งฟอนต์ TH Sarabun New (ไฟล์ THSarabunNew.ttf ของกรมทรัพย์สินทางปัญญา) "
        "หรือบน Linux สั่ง sudo apt-get install fonts-thai-tlwg แล้วลองอีกครั้ง",
    )
