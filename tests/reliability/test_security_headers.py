"""Security headers of the published site: a CSP the site passes, without 'unsafe-inline'.

``hooks/security.py`` writes ``_headers`` (Netlify, Cloudflare Pages) and ``.htaccess``
(Apache) into the built site. Checked here: both carry the same policy; every inline
script of every built page is listed by its SHA-256 hash (recomputed independently
with an HTML5 parser); inline scripts that are not the theme's are left out and fail
the strict build; and in headless Chromium, served with exactly the headers of
``_headers``, the pages (and the search worker) run without a single CSP violation
while an injected script is blocked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from oit.build.security_headers import (
    HEADERS_FILE,
    HTACCESS_FILE,
    content_security_policy,
    inline_scripts,
    page_scripts,
    script_hash,
    template_script_blocks,
    theme_script_patterns,
    write_security_files,
)
from tests.reliability.csp_browser import parse_headers_file
from tests.reliability.helpers import AS_OF, ENV, MARK, PYTHON, ROOT, assert_clean_failure, run_oit
from tests.support.browser import chromium_path

MATERIAL_TEMPLATES = Path(str(__import__("material").__file__)).parent / "templates"
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _csp_of(site: Path) -> str:
    rules = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))
    [(pattern, headers)] = rules
    assert pattern == "/*"
    return dict(headers)["Content-Security-Policy"]


def _directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"{name} missing from {policy}")


def _independent_hash(text: str) -> str:
    digest = hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


# -- the files -------------------------------------------------------------------------------


def test_headers_files_carry_one_strict_policy(built_sample: Path) -> None:
    site = built_sample / "site"
    policy = _csp_of(site)
    htaccess = (site / HTACCESS_FILE).read_text(encoding="utf-8")
    assert f'Header always set Content-Security-Policy "{policy}"' in htaccess
    assert "<IfModule mod_headers.c>" in htaccess
    for needle in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"):
        assert needle not in policy
    assert _directive(policy, "default-src") == ["'self'"]
    assert _directive(policy, "object-src") == ["'none'"]
    assert _directive(policy, "frame-ancestors") == ["'none'"]
    headers = dict(parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))[0][1])
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_every_inline_script_is_hashed_in_the_policy(built_sample: Path) -> None:
    site = built_sample / "site"
    allowed = set(_directive(_csp_of(site), "script-src"))
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    seen = 0
    for path in pages:
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        for node in tree.css("script"):
            attributes = {k.lower(): (v or "") for k, v in node.attributes.items()}
            if "src" in attributes or attributes.get("type", "").lower() not in JS_TYPES:
                continue
            seen += 1
            text = node.text(deep=True) or ""
            assert _independent_hash(text) in allowed, f"{path.relative_to(site)}: {text[:80]!r}"
    assert seen >= len(pages)  # Material puts at least one inline script in every page


def test_no_inline_handlers_or_styles_the_policy_would_block(built_sample: Path) -> None:
    site = built_sample / "site"
    found = []
    for path in sorted(site.rglob("*.html")):
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(site)}: <style>" for _ in tree.css("style")]
        for node in tree.css("*"):
            for name in node.attributes:
                if name.lower().startswith("on") or name.lower() == "style":
                    found.append(f"{path.relative_to(site)}: <{node.tag} {name}>")
    assert found == []


# -- the domain logic ---------------------------------------------------------------------------


THEME_SCRIPT = (
    '__md_scope=new URL("..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    "__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+\".\"+e)),"
    "__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+\".\"+e,JSON.stringify(_))}catch(e){}}"
)


def test_only_the_themes_inline_scripts_are_hashed(tmp_path: Path) -> None:
    injected = f"alert('{MARK}')"
    lookalike = THEME_SCRIPT.replace('URL("..",', 'URL("..",alert(1),"",')  # quotes inside the wildcard
    page = (
        f'<html><head><script>{THEME_SCRIPT}</script><script type="application/json">{{"a": 1}}</script>'
        f'<script src="x.js"></script></head><body>\n<p>x</p>\n<script>{injected}</script>\n'
        f"<script>{lookalike}</script></body></html>"
    )
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(page.replace('URL("..",', 'URL("../..",'), encoding="utf-8")
    result = write_security_files(tmp_path, [MATERIAL_TEMPLATES, ROOT / "overrides"])
    assert result.pages == 2
    assert result.hashes == sorted({script_hash(THEME_SCRIPT), script_hash(THEME_SCRIPT.replace('"..",', '"../..",'))})
    assert script_hash(injected) not in result.policy
    assert script_hash(lookalike) not in result.policy
    assert [(page, line) for page, line, _ in result.refused] == [
        ("index.html", 3), ("index.html", 4), ("sub/page.html", 3), ("sub/page.html", 4),
    ]
    assert (tmp_path / HEADERS_FILE).read_text(encoding="utf-8").count(result.policy) == 1
    assert (tmp_path / HTACCESS_FILE).exists()


def test_hash_follows_the_browsers_line_break_normalisation() -> None:
    assert script_hash("a();\r\nb();\rc();") == script_hash("a();\nb();\nc();")
    assert script_hash("x") == _independent_hash("x")


def test_inline_scripts_keeps_text_exact() -> None:
    text = "if (a < b && c > d) { s = '&amp;</p>'; }"
    scripts = inline_scripts(f"<p>x</p><script>{text}</script><script type=module>m()</script>")
    assert [s.text for s in scripts] == [text, "m()"]
    assert [s.text for s in inline_scripts("<script type='MODULE'>m()</script>")] == ["m()"]


PAGES = [
    "<p>ไทย</p>\n<script>a()</script>\n<SCRIPT type=text/javascript>b()</SCRIPT>",
    "x\r\n<script>\r\nc();\rd()</script>\r<script>e()</script>",
    "<script-x>no()</script><ſcript>no()</script><scriptไทย>no()</script><script\t>t()</script>",
    "<script/>s()</script><script\nsrc=a.js></script><script type='module' >m()</script>",
    '<script data-x="ไทย > ข้อความ">q()</script><!-- <script>c()</script> -->',
    "<p>ไม่มีสคริปต์</p>",
]


@pytest.mark.parametrize("page", PAGES)
def test_scripts_of_a_page_read_as_bytes_are_those_of_the_decoded_page(page: str) -> None:
    """As read_text would decode it: universal newlines, bad bytes replaced."""
    data = page.encode("utf-8")
    decoded = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    assert page_scripts(data) == inline_scripts(decoded)
    broken = data.replace("ไทย".encode(), "ไทย".encode()[:-1])  # a cut-off character
    assert page_scripts(broken) == inline_scripts(
        broken.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n"))


def test_scripts_are_found_as_the_html_tokenizer_finds_them() -> None:
    texts = [s.text for s in page_scripts(PAGES[2].encode())]
    assert texts == ["t()"]  # script-x, a long s and a Thai letter make other tag names
    assert [s.line for s in page_scripts(PAGES[1].encode())] == [2, 5]
    assert [s.text for s in page_scripts(PAGES[1].encode())] == ["\nc();\nd()", "e()"]


def test_scripts_are_read_by_the_html_parser_not_by_pattern() -> None:
    """What a browser never runs is not a script: commented out, or inside an attribute value."""
    page = (
        '<!-- <script>old()</script> -->\n<p title="<script>t()</script>">x</p>\n'
        "<script>c()</script>\n<script language=vbscript>v()</script><script language=javascript>j()</script>"
    )
    assert [(s.text, s.line) for s in inline_scripts(page)] == [("c()", 3), ("j()", 4)]
    # A script's text that also appears earlier (inside another script) still gets its own line.
    assert [(s.text, s.line) for s in inline_scripts("<script>a>b</script>\n<script>b</script>")] == [
        ("a>b", 1), ("b", 2)]
    assert [(s.text, s.line) for s in inline_scripts("<p>\n<script></script>\n<script>x</script>")] == [
        ("", 2), ("x", 3)]


def test_template_blocks_are_the_attribute_less_scripts() -> None:
    template = (
        '{% if x %}<script>a("{{ base_url }}")</script>{% endif %}<script src="{{ s }}"></script>'
        '<script type="module">m()</script>{# <script>no()</script> #}<!-- <script>no()</script> -->'
    )
    assert template_script_blocks(template) == ['a("{{ base_url }}")']


def test_material_templates_read_as_bytes() -> None:
    for path in sorted(MATERIAL_TEMPLATES.rglob("*.html")):
        assert page_scripts(path.read_bytes()) == inline_scripts(path.read_text(encoding="utf-8")), path


def test_theme_scripts_answer_as_their_regular_expressions() -> None:
    """The start/end check before compiling never changes an answer."""
    import re

    scripts = theme_script_patterns([MATERIAL_TEMPLATES, ROOT / "overrides"])
    assert len(scripts) >= 5
    texts = [THEME_SCRIPT, THEME_SCRIPT.replace('"..",', '"../..",'), f"alert('{MARK}')", "", "x"]
    texts += [THEME_SCRIPT[:-1], THEME_SCRIPT[1:], THEME_SCRIPT.replace('URL("..",', 'URL("..",alert(1),"",')]
    for script in scripts:
        literal = script.regex.replace('[^"\'<>\\\n]*', "")
        texts += [re.sub(r"\\(.)", r"\1", literal), script.regex]
    for script in scripts:
        for text in texts:
            assert script.fullmatch(text) == (re.fullmatch(script.regex, text, re.S) is not None), (script.regex, text)


def test_theme_patterns_cover_material() -> None:
    patterns = theme_script_patterns([MATERIAL_TEMPLATES])
    assert any(p.fullmatch(THEME_SCRIPT) for p in patterns)
    assert not any(p.fullmatch(f"alert('{MARK}')") for p in patterns)


def test_policy_lists_each_hash_once() -> None:
    policy = content_security_policy(["'sha256-b'", "'sha256-a'", "'sha256-a'"])
    assert _directive(policy, "script-src") == ["'self'", "'sha256-a'", "'sha256-b'"]


def test_inline_script_in_a_page_fails_the_build(built_sample: Path, tmp_path: Path) -> None:
    root = tmp_path / "s"
    shutil.copytree(built_sample, root, symlinks=True)
    before = sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*"))
    page = root / "content" / "laws.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<script>alert('inline')</script>\n", encoding="utf-8")
    proc = run_oit("build", "--offline", "--as-of", AS_OF, cwd=root, timeout=300)
    assert_clean_failure(proc, 1)
    assert "laws.html" in proc.stderr and "inline script" in proc.stderr
    assert sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*")) == before


# -- in the browser -------------------------------------------------------------------------------

SAMPLE_PAGES = ["index.html", "ita/index.html", "ita/o11.html", "news/index.html", "dashboard.html", "404.html"]


def _browse(site: Path, pages: list[str], *, headers: bool = True, search: str | None = None) -> dict[str, Any]:
    if chromium_path() is None:
        pytest.skip("Chromium not found: run `make system-deps`")
    args = [PYTHON, "-m", "tests.reliability.csp_browser", "--site", str(site)]
    if not headers:
        args.append("--no-headers")
    if search:
        args += ["--search", search]
    proc = subprocess.run([*args, *pages], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout)
    if "skipped" in result:
        pytest.skip(result["skipped"])
    return result


def _csp_errors(page: dict[str, Any]) -> list[str]:
    return [line for line in page["console"] if "Content Security Policy" in line or "Content-Security-Policy" in line]


@pytest.mark.browser
def test_site_runs_under_its_csp_in_chromium(built_sample: Path) -> None:
    site = built_sample / "site"
    policy = _csp_of(site)
    results = _browse(site, SAMPLE_PAGES, search="ITA")
    assert results[SAMPLE_PAGES[0]]["search"], "the search worker never answered"
    for path, page in results.items():
        assert page["status"] == 200, path
        assert page["csp"] == policy, path
        assert page["violations"] == [], (path, page["violations"])
        assert _csp_errors(page) == [], (path, page["console"])
        assert page["dialogs"] == []


@pytest.mark.browser
def test_injected_inline_script_is_blocked_in_chromium(built_sample: Path, tmp_path: Path) -> None:
    """The control: the harness does see violations, and the policy does stop a script."""
    site = tmp_path / "site"
    shutil.copytree(built_sample / "site", site)
    page = site / "laws.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", f"<script>alert('{MARK}')</script></body>"), encoding="utf-8")
    [result] = _browse(site, ["laws.html"]).values()
    assert result["dialogs"] == []
    assert [v["directive"] for v in result["violations"]] == ["script-src-elem"]
    [unprotected] = _browse(site, ["laws.html"], headers=False).values()
    assert unprotected["dialogs"] == [MARK]


HOSTILE_PAGES = ["ita/index.html", "ita/o1.html", "ita/o2.html", "ita/o26.html", "contact.html"]


@pytest.mark.browser
def test_hostile_site_runs_no_script_under_its_csp(hostile_built: tuple[Path, Path]) -> None:
    _, site = hostile_built
    for path, page in _browse(site, HOSTILE_PAGES).items():
        assert page["dialogs"] == [], path


@pytest.mark.browser
def test_hostile_site_runs_no_script_even_without_headers(hostile_built: tuple[Path, Path]) -> None:
    """Escaping alone must hold: many hosts (a ministry's shared server) ignore _headers."""
    _, site = hostile_built
    for path, page in _browse(site, HOSTILE_PAGES, headers=False).items():
        assert page["dialogs"] == [], path
