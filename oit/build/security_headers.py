"""Security headers for the published site: a Content-Security-Policy that the site passes.

The policy (:func:`content_security_policy`) allows only the site's own origin:
scripts, styles, fonts, images (plus ``data:`` images, which Material's CSS uses for
its icons), search-index fetches and the search worker. Nothing may frame the site,
no plugin content, no ``<base>`` or form posts elsewhere.

Material for MkDocs writes a few small *inline* scripts into every page (the
``__md_scope`` helpers, the tabbed-content restore). Rather than ``'unsafe-inline'``,
which would let any injected ``<script>`` run, the policy lists the SHA-256 hash of
each inline script, computed from the built HTML. Only inline scripts that come from
the theme's own templates (Material's and ``overrides/``) are hashed; an inline script
that appears anywhere else (from data, or pasted into a page) is reported and left out
of the policy, so the browser refuses to run it.

Two files carry the policy to the web server, both written into the built site:

* ``_headers``: Netlify and Cloudflare Pages read it from the site's root;
* ``.htaccess``: Apache with ``mod_headers`` (ignored elsewhere; nginx users copy the
  ``add_header`` lines from the comment at its top).

Plain Python: ``hooks/security.py`` calls :func:`write_security_files` after the build.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from oit.core.atomic import write_text_atomic

__all__ = [
    "HEADERS_FILE",
    "HTACCESS_FILE",
    "InlineScript",
    "SecurityFiles",
    "ThemeScript",
    "content_security_policy",
    "html_files",
    "inline_scripts",
    "page_scripts",
    "render_headers_file",
    "render_htaccess",
    "script_hash",
    "security_headers",
    "template_files",
    "theme_script_patterns",
    "write_security_files",
]

HEADERS_FILE = "_headers"
HTACCESS_FILE = ".htaccess"

# <script type=...> values a browser executes (HTML's JavaScript MIME types, and modules).
_JS_TYPES = frozenset(
    {
        "",
        "module",
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)

# Headers sent with every response besides the CSP.
_OTHER_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def script_hash(source: str) -> str:
    """The CSP source expression for an inline script: ``'sha256-<base64>'``.

    Browsers hash the script's text after the HTML parser has normalised line breaks
    (CRLF and CR become LF), so the same normalisation is applied here.
    """
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass(frozen=True)
class InlineScript:
    """An executable ``<script>`` without ``src``, with its text exactly as in the page."""

    text: str
    line: int


def _executable(attributes: dict[str, str | None]) -> bool:
    """Whether a script element with these (parsed) attributes runs its own text.

    As the HTML standard's "prepare the script element": an element with ``src`` runs
    the external file, never its text; the type is ``type`` (or ``text/`` plus a
    non-empty ``language`` when ``type`` is absent), and only JavaScript types and
    modules run; anything else is a data block.
    """
    if "src" in attributes:
        return False
    kind = attributes.get("type")
    if kind is None:
        language = attributes.get("language")
        kind = f"text/{language}" if language else ""
    return kind.strip().lower().split(";")[0].strip() in _JS_TYPES


def _locate(source: str, text: str, cursor: int) -> int | None:
    """Where a script's text starts in ``source``, searching from ``cursor``; None if not found.

    The parser gives no source positions, but a script's text is raw in the source
    (the tokenizer decodes no entities in script data), between the ``>`` of its start
    tag and a ``</`` (or the end of the page); so the first such occurrence after the
    previous script is this one (or a commented-out copy of it). The position only
    gives the line for the officer's message: should the text not be found (a NUL
    byte, which the parser replaces), the previous script's line stands.
    """
    pos = source.find(text, cursor)
    while pos != -1:
        end = pos + len(text)
        if pos and source[pos - 1] == ">" and (end == len(source) or source.startswith("</", end)):
            return pos
        pos = source.find(text, pos + 1)
    return None


def inline_scripts(html: str) -> list[InlineScript]:
    """Every executable inline script of an HTML page, in document order.

    The page is parsed by lexbor (selectolax), an HTML5 parser, so a script's text is
    what the browser hashes: line breaks normalised, script-data rules applied, nothing
    found inside comments or attribute values.
    """
    source = html.replace("\r\n", "\n").replace("\r", "\n")  # as the parser reads it
    found: list[InlineScript] = []
    cursor, line = 0, 1  # the end of the previous script's text, and its line
    for node in LexborHTMLParser(source).css("script"):
        text = node.text(deep=True)
        start = _locate(source, text, cursor)
        if start is not None:
            line += source.count("\n", cursor, start)
        if _executable(node.attributes):
            found.append(InlineScript(text, line))
        if start is not None:  # the next script's text comes after this one's
            cursor = start + len(text)
            line += text.count("\n")
    return found


def page_scripts(page: bytes) -> list[InlineScript]:
    """:func:`inline_scripts` of a built page read as UTF-8 bytes, bad bytes replaced (as ``read_text`` would)."""
    return inline_scripts(page.decode("utf-8", errors="replace"))


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)  # Jinja's syntax, not HTML's: a pattern reads it
# What a template expression may expand to inside a theme script: a URL or path (for
# Material, ``base_url`` or the scope), never quotes, tags, backslashes or newlines.
_EXPANSION = r"[^\"'<>\\\n]*"


def html_files(top: Path) -> list[Path]:
    """Every ``*.html`` file under ``top``, in the order ``sorted(top.rglob("*.html"))`` gives.

    Walked with ``os.walk`` and plain strings: Material's template folder also holds
    about 10,000 icons, and pathlib made a Path of each one, a third of this module's
    time per build. Symlinked folders are not entered (as rglob); a folder whose name
    ends in .html is not a page.
    """
    return _walk_html(top, hidden_folders=True)


def template_files(top: Path) -> list[Path]:
    """The ``*.html`` files of a theme folder: :func:`html_files` without hidden folders.

    Material keeps its ~14,000 icons (SVG only) in ``.icons``; walking them was four
    fifths of the security hook's time in a build of a one-year site. Templates are not
    kept in hidden folders; if a theme ever did, the inline scripts of such a template
    would be listed as refused in the build log (and left out of the policy), never
    allowed unchecked.
    """
    return _walk_html(top, hidden_folders=False)


def _walk_html(top: Path, *, hidden_folders: bool) -> list[Path]:
    found: list[str] = []
    for folder, dirs, names in os.walk(top):
        if not hidden_folders:
            dirs[:] = [name for name in dirs if not name.startswith(".")]
        found.extend(os.path.join(folder, name) for name in names if name.endswith(".html"))
    found.sort(key=lambda path: path.split(os.sep))  # Path order: part by part
    return [Path(path) for path in found]


class ThemeScript:
    """One inline ``<script>`` block of a theme template, as a pattern of its renderings.

    Jinja expressions in the block become a wildcard that cannot contain quotes or tags,
    so a page's inline script matches only if it is that template block, rendered. The
    regular expression is compiled on the first script that starts and ends as the
    block does: a page carries two or three of the theme's ten blocks, and compiling
    the others was a quarter of this module's work in a build.
    """

    __slots__ = ("_compiled", "_first", "_last", "regex")

    def __init__(self, block: str) -> None:
        pieces = _JINJA.split(block)
        self.regex = _EXPANSION.join(re.escape(piece) for piece in pieces)
        self._first, self._last = pieces[0], pieces[-1]
        self._compiled: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> bool:
        """Whether ``text`` is this block with its expressions rendered."""
        if not (text.startswith(self._first) and text.endswith(self._last)):
            return False  # what the regular expression begins and ends with
        if self._compiled is None:
            self._compiled = re.compile(self.regex, re.S)
        return self._compiled.fullmatch(text) is not None


def template_script_blocks(template: str) -> list[str]:
    """The text of each attribute-less ``<script>`` of a Jinja template, in order.

    A template is HTML with Jinja expressions and tags in it, so the HTML parser reads
    it as a page; a script's text is raw script data, its expressions kept verbatim for
    :class:`ThemeScript`. Only scripts without attributes are the theme's inline code
    (a ``src``, ``type`` or templated attribute makes it something else). Jinja
    comments never render, so a script inside one is no template's.
    """
    tree = LexborHTMLParser(_JINJA_COMMENT.sub("", template))
    return [node.text(deep=True) for node in tree.css("script") if not node.attributes]


def theme_script_patterns(template_dirs: Iterable[Path]) -> list[ThemeScript]:
    """One :class:`ThemeScript` per distinct inline ``<script>`` block in the theme's templates."""
    patterns: dict[str, ThemeScript] = {}
    for folder in template_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in template_files(folder):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for block in template_script_blocks(text):
                script = ThemeScript(block)
                patterns.setdefault(script.regex, script)
    return list(patterns.values())


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """The policy for the site: own origin only, inline scripts by hash."""
    hashes = sorted(set(script_hashes))
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *hashes]),
        ("style-src", ["'self'"]),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("media-src", ["'self'"]),
        ("frame-src", ["'none'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def security_headers(policy: str) -> list[tuple[str, str]]:
    """Every header the site should be served with, the CSP first."""
    return [("Content-Security-Policy", policy), *_OTHER_HEADERS]


def render_headers_file(policy: str) -> str:
    """``_headers`` for Netlify and Cloudflare Pages: the headers for every path."""
    lines = [
        "# Security headers for every page (Netlify / Cloudflare Pages format).",
        "# Generated by `oit build` from the built pages; do not edit: rebuild instead.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in security_headers(policy)]
    return "\n".join(lines) + "\n"


def render_htaccess(policy: str) -> str:
    """``.htaccess`` for Apache (``mod_headers``), with nginx equivalents in a comment."""
    headers = security_headers(policy)
    lines = [
        "# Security headers for every page (Apache, mod_headers).",
        "# Generated by `oit build` from the built pages; do not edit: rebuild instead.",
        "# nginx: put these lines in the server block instead:",
    ]
    lines += [f'#   add_header {name} "{value}" always;' for name, value in headers]
    lines.append("<IfModule mod_headers.c>")
    lines += [f'  Header always set {name} "{value}"' for name, value in headers]
    lines.append("</IfModule>")
    return "\n".join(lines) + "\n"


@dataclass
class SecurityFiles:
    """What :func:`write_security_files` found and wrote."""

    policy: str
    hashes: list[str]
    pages: int
    # (page, line, first characters) of inline scripts left out of the policy.
    refused: list[tuple[str, int, str]] = field(default_factory=list)


def write_security_files(site_dir: Path, template_dirs: Sequence[Path]) -> SecurityFiles:
    """Hash the theme's inline scripts of every built page; write ``_headers`` and ``.htaccess``."""
    site_dir = Path(site_dir)
    patterns = theme_script_patterns(template_dirs)
    hashes: set[str] = set()
    refused: list[tuple[str, int, str]] = []
    pages = 0
    from_theme: dict[str, bool] = {}  # the same few scripts are on every page
    for path in html_files(site_dir):
        pages += 1
        page = path.relative_to(site_dir).as_posix()
        for script in page_scripts(path.read_bytes()):
            known = from_theme.get(script.text)
            if known is None:
                known = from_theme[script.text] = any(pattern.fullmatch(script.text) for pattern in patterns)
            if known:
                hashes.add(script_hash(script.text))
            else:
                refused.append((page, script.line, " ".join(script.text.split())[:80]))
    policy = content_security_policy(hashes)
    write_text_atomic(site_dir / HEADERS_FILE, render_headers_file(policy))
    write_text_atomic(site_dir / HTACCESS_FILE, render_htaccess(policy))
    return SecurityFiles(policy=policy, hashes=sorted(hashes), pages=pages, refused=refused)
