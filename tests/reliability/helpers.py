"""Helpers for the reliability and security tests: the real CLI in a subprocess.

Every test here drives ``.venv/bin/oit`` (or ``mkdocs``) exactly as an officer or CI
does, so a traceback, a hang or a wrong exit code cannot hide behind an in-process
shortcut.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from oit.core.yamlsource import load_yaml
from tests.support.sites import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
OIT = str(BIN / "oit")
PYTHON = str(BIN / "python")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHAINLP_READ_ONLY="1")
AS_OF = "2570-04-30"

# The head of a valid indicators.yml; cases append their items after line 6.
HEAD = """organization:
  name: อบต.ทดสอบ
  site_url: https://www.example.go.th/
assessment: ita-2569
fiscal_year: 2570
items:
"""


def run_oit(
    *args: str, cwd: Path | None = None, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``oit ARGS`` as a subprocess; text output, never raises on a non-zero exit."""
    return subprocess.run(
        [OIT, *args], cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=timeout, check=False
    )


def check_cmd(site: Path, *extra: str) -> list[str]:
    """Arguments for an offline ``oit check`` of ``site`` on the sample's day."""
    return ["check", "--offline", "--as-of", AS_OF, "--site", str(site), *extra]


def make_content(root: Path) -> Path:
    """``root/content`` with the files the corpus refers to; returns ``root``.

    ``files/a.pdf`` (a valid PDF), ``page.md``, ``files/folder/`` (a directory),
    ``files/escape.pdf`` (a symlink to a file outside content/) and a secret beside it.
    """
    content = root / "content"
    (content / "files" / "folder").mkdir(parents=True, exist_ok=True)
    (content / "files" / "a.pdf").write_bytes(pdf_bytes())
    (content / "page.md").write_text("# หน้า\n\nข้อความ\n", encoding="utf-8")
    secret = root / "secret.txt"
    secret.write_text("password\n", encoding="utf-8")
    link = content / "files" / "escape.pdf"
    if not link.is_symlink():
        link.symlink_to(secret)
    return root


def assert_clean_failure(proc: subprocess.CompletedProcess[str], code: int = 2) -> None:
    """The process ended with ``code`` and a message, never a Python traceback."""
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output[-3000:]
    assert proc.returncode == code, f"exit {proc.returncode}\n{output[-3000:]}"


def no_hidden_leftovers(folder: Path, prefixes: Sequence[str]) -> list[str]:
    """Names in ``folder`` that start with any of ``prefixes`` (temporary files left behind)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(tuple(prefixes)))


# -- a hostile copy of the sample site ---------------------------------------------------

#: Every hostile string carries this marker, so a test can tell the data's text (which
#: must appear, escaped) from markup the data managed to inject (which must not).
MARK = "OITXSS"


def hostile(tag: str) -> list[str]:
    """Payloads for one field: script tags, attribute break-outs, Markdown and attr_list tricks."""
    return [
        f"<script>alert('{MARK}-{tag}-1')</script>",
        f'"><img src=x onerror=alert(\'{MARK}-{tag}-2\')>',
        f"[x](javascript:alert('{MARK}-{tag}-3'))",
        f"<a href=\"javascript:alert('{MARK}-{tag}-4')\">x</a> ข้อความ {{: onclick=\"alert('{MARK}-{tag}-5')\" }}",
        f"=HYPERLINK(\"http://evil.example/{MARK}-{tag}-6\",\"x\")",
    ]


def _plain(value: Any) -> Any:
    """A LocatedMap/LocatedList tree as plain dicts and lists (for yaml.safe_dump)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


FORMULAS = (
    f'=HYPERLINK("http://evil.example/{MARK}-formula","x")',
    f"+1+cmd|' /C calc'!A0 {MARK}-formula",
    f"-2+3+cmd|' /C calc'!A0 {MARK}-formula",
    f"@SUM(1+1)*cmd|' /C calc'!A0 {MARK}-formula",
)
HOSTILE_FILE = f"files/2570/o1/a\"><svg onload=alert('{MARK}-file')>.pdf"


def make_hostile_sample(target: Path) -> Path:
    """A copy of the sample site whose every free-text field in indicators.yml is hostile.

    Organisation name and contact details, item division, document titles, notes and
    divisions, a not_applicable reason, an overridden item title, a file whose *name* is
    markup, URLs with quotes and angle brackets. The site still loads: hostility is in
    the text, not in the shape.
    """
    from tests.support.sample import copy_sample

    root = copy_sample(target)
    data = _plain(load_yaml(root / "indicators.yml"))
    org = data["organization"]
    org["name"] = "อบต.ทดสอบ " + hostile("org")[0]
    contact = org.setdefault("contact", {}) or {}
    org["contact"] = contact
    for key, payload in zip(("address", "phone", "email", "hours", "fax"), hostile("contact"), strict=False):
        contact[key] = payload
    contact["facebook"] = f"javascript:alert('{MARK}-fb')"
    contact["line"] = f"javascript:alert('{MARK}-line')"
    contact["map"] = f"javascript:alert('{MARK}-map')"
    items = data["items"]
    data["overrides"] = {"o2": {"title": "ข้อมูลผู้บริหาร " + hostile("override")[3]}}
    pdf = root / "content" / "files" / "2570" / "o1" / "structure.pdf"
    (root / "content" / HOSTILE_FILE).write_bytes(pdf.read_bytes())
    for number, (code, item) in enumerate(items.items()):
        if not isinstance(item, dict):
            continue
        payloads = hostile(code)
        item["division"] = payloads[number % len(payloads)]
        for index, doc in enumerate(item.get("documents") or []):
            doc["title"] = f"{doc['title']} {payloads[(number + index) % len(payloads)]}"
            doc["note"] = payloads[(number + index + 1) % len(payloads)]
            doc["division"] = payloads[(number + index + 2) % len(payloads)]
            if doc.get("url"):
                doc["url"] = doc["url"].rstrip("/") + f"/?q=\"><script>alert('{MARK}-url')</script>"
    items["o1"]["documents"].append({"title": hostile("o1file")[0], "file": HOSTILE_FILE})
    # Titles that a spreadsheet would run as formulas if a cell started with them.
    for formula in FORMULAS:
        items["o1"]["documents"].append({"title": formula, "file": "files/2570/o1/structure.pdf"})
    data["overrides"]["o3"] = {"title": FORMULAS[0]}
    # A broken document and a future-dated one, so that reports quote hostile titles too.
    (root / "content" / "files" / "2570" / "o1" / "empty.pdf").write_bytes(b"")
    items["o1"]["documents"].append({"title": hostile("empty")[1], "file": "files/2570/o1/empty.pdf"})
    items["o4"]["documents"].append(
        {"title": hostile("future")[0], "file": "files/2570/o1/structure.pdf", "date": "2570-09-01"}
    )
    # An item that does not apply, with a hostile public reason.
    items["o26"] = {"not_applicable": "ไม่มีภารกิจ " + hostile("na")[3]}
    (root / "indicators.yml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
    )
    return root


# -- finding markup that came from data --------------------------------------------------

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_MARK_TAG = re.compile(MARK + r"-([a-z0-9]+)")


def markup_problems(html: str) -> list[str]:
    """What a browser would execute or follow in ``html`` that no safe page contains.

    Parsed as HTML5 (lexbor, as a browser parses it): ``<script>`` elements whose text or
    ``src`` carries the marker, any ``on*`` event-handler attribute, any URL attribute
    with a ``javascript:``, ``vbscript:`` or ``data:`` URL (``data:image/`` in ``img`` is
    fine), and frames, objects, embeds, forms or ``<base>`` carrying the marker.
    """
    from selectolax.lexbor import LexborHTMLParser

    problems: list[str] = []
    tree = LexborHTMLParser(html)
    for node in tree.css("*"):
        tag = node.tag or ""
        attributes = {name.lower(): value or "" for name, value in node.attributes.items()}
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES:
                compact = re.sub(r"[\x00-\x20]", "", value).lower()
                if compact.startswith(BAD_SCHEMES) and not (tag == "img" and compact.startswith("data:image/")):
                    problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and (MARK in (node.text(deep=True) or "") or MARK in attributes.get("src", "")):
            problems.append(f"<script>{(node.text(deep=True) or attributes.get('src', ''))[:100]}</script>")
        if tag in ("iframe", "frame", "object", "embed", "form", "base") and any(
            MARK in value for value in attributes.values()
        ):
            problems.append(f"<{tag} {attributes!r}>")
    return problems


def marker_tags(text: str) -> set[str]:
    """The field tags (``org``, ``o4``, ``na``…) of the markers in ``text``."""
    return set(_MARK_TAG.findall(text))
