"""Sample text that ``oit init`` writes for the officer to replace, and how to find it again.

A new site's contact page says ``| โทรศัพท์ | (โปรดระบุ) |``: fine on day one, but a
citizen (or the assessor checking the contact item) who reads "(โปรดระบุ)" finds no phone
number. ``oit check`` reports every such line until it is replaced. The marker lives here,
in core, because the template that writes it (``oit/officer/site-template``) and the
checker that looks for it must agree on it; a test holds that every placeholder in the
template is one this module finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PLACEHOLDER", "Placeholder", "find_placeholders", "has_body"]

#: What the template writes where only the officer knows the answer.
PLACEHOLDER = "(โปรดระบุ)"
# A Markdown table row "| ที่อยู่ | (โปรดระบุ) |": its first cell names what to fill in.
_ROW = re.compile(r"^\s*\|([^|]+)\|")


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: its line (1-based) and what belongs there (the row's label, if any)."""

    line: int
    label: str | None


def has_body(text: str) -> bool:
    """Whether a Markdown page says anything beyond its headings (front matter, comments and
    blank lines aside): a contact page that is only "# ติดต่อเรา" publishes nothing."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":  # YAML front matter
        end = next((n for n, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)
        lines = lines[end + 1:] if end is not None else lines
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines)


def find_placeholders(text: str) -> list[Placeholder]:
    """Every line of a page that still holds :data:`PLACEHOLDER`, outside HTML comments."""
    found: list[Placeholder] = []
    in_comment = False
    for number, line in enumerate(text.splitlines(), start=1):
        visible = []
        rest = line
        # Drop <!-- … --> parts (the template's own instructions may quote the marker).
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                    break
                rest, in_comment = rest[end + 3:], False
            else:
                start = rest.find("<!--")
                if start < 0:
                    visible.append(rest)
                    break
                visible.append(rest[:start])
                rest, in_comment = rest[start + 4:], True
        shown = "".join(visible)
        if PLACEHOLDER not in shown:
            continue
        row = _ROW.match(shown)
        label = row.group(1).strip() if row else None
        found.append(Placeholder(number, label if label and PLACEHOLDER not in label else None))
    return found
