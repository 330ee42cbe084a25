"""Heading ids and file names that keep Thai readable.

Markdown's default slugify turns Thai headings into ``_1``, ``_2`` and pymdownx drops
Thai vowel and tone marks (แผนการใช้จ่าย becomes แผนการใชจาย), which breaks hand-written
``#anchor`` links. Here every character of the Thai block U+0E00–U+0E7F is kept.
"""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[^\w\u0E00-\u0E7F\- ]", re.UNICODE)
_SPACES = re.compile(r"[\s\-]+")
# Names Windows keeps for devices, with any extension: a site copied to a Windows PC (or
# published from one) could not hold a file called con.pdf.
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                               *(f"lpt{i}" for i in range(10))})


def slugify(value: str, separator: str = "-") -> str:
    """Heading id for Python-Markdown's toc extension (signature it expects)."""
    value = unicodedata.normalize("NFC", value).strip().lower()
    value = _DROP.sub("", value)
    return _SPACES.sub(separator, value).strip(separator)


def safe_filename(name: str) -> str:
    """A file name safe in a URL: Thai kept, spaces and URL-breaking characters replaced."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    slug = slugify(stem, "-")
    slug = re.sub(r"_+", "_", slug) or "file"
    if slug in _WINDOWS_RESERVED:
        slug += "-file"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{slug}.{ext}" if ext else slug
