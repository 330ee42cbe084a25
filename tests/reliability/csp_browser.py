"""Load built pages in headless Chromium, served with the headers from the site's ``_headers``.

Run as a separate process (Playwright's sync API does not nest, and the browser tests
of ``tests/browser`` may hold a session-wide Chromium)::

    python -m tests.reliability.csp_browser --site SITE_DIR [--no-headers] [--search WORD] PAGE...

prints one JSON object: for each page the CSP header the server sent, the CSP
violations the page reported (``securitypolicyviolation`` events), console errors, and
the JavaScript dialogs (``alert``) that opened. Exit code 0 unless the harness failed.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import sys
import threading
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, ClassVar

from tests.support.browser import CHROMIUM_ARGS, chromium_path

HeaderRules = list[tuple[str, list[tuple[str, str]]]]

# Installed before any page script: records violations in the page's own storage.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI,
                               sample: e.sample, source: e.sourceFile, line: e.lineNumber});
});
"""


def parse_headers_file(text: str) -> HeaderRules:
    """Netlify/Cloudflare ``_headers``: a path pattern, then indented ``Name: value`` lines."""
    rules: HeaderRules = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append((raw.strip(), []))
        elif rules:
            name, _, value = raw.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: HeaderRules, path: str) -> list[tuple[str, str]]:
    return [header for pattern, headers in rules if fnmatch(path, pattern) for header in headers]


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: ClassVar[HeaderRules] = []

    def end_headers(self) -> None:
        for name, value in headers_for(self.rules, self.path.split("?", 1)[0]):
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, rules: HeaderRules) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"rules": rules})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _record_console(sink: list[str], message: Any) -> None:
    sink.append(f"{message.type}: {message.text}")


def _record_error(sink: list[str], error: Any) -> None:
    sink.append(f"pageerror: {error}")


def run(site: Path, pages: list[str], *, with_headers: bool, search: str | None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        return {"skipped": "Chromium not found"}
    headers_file = site / "_headers"
    rules = parse_headers_file(headers_file.read_text(encoding="utf-8")) if with_headers else []
    results: dict[str, Any] = {}
    with serve(site, rules) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), headless=True, args=list(CHROMIUM_ARGS))
        try:
            for page_path in pages:
                context = browser.new_context(locale="th-TH", service_workers="block", viewport={"width": 1280, "height": 800})
                page = context.new_page()
                console: list[str] = []
                dialogs: list[str] = []
                page.on("console", functools.partial(_record_console, console))
                page.on("pageerror", functools.partial(_record_error, console))

                def on_dialog(dialog: Any, sink: list[str] = dialogs) -> None:
                    sink.append(dialog.message)
                    dialog.dismiss()

                page.on("dialog", on_dialog)
                page.add_init_script(RECORD_VIOLATIONS)
                response = page.goto(base + page_path, wait_until="load")
                query = page.locator("input[data-md-component=search-query]")
                searched = None
                if search and page_path == pages[0] and query.count():
                    # Searching starts Material's worker and fetches the index: both under the CSP.
                    if not query.is_visible():
                        page.locator("label[for=__search]").first.click(timeout=5000)
                    query.fill(search, timeout=5000)
                    # The meta line ("n matching documents" or "no match") appears once the worker answered.
                    with contextlib.suppress(Exception):
                        page.wait_for_function(
                            "() => (document.querySelector('.md-search-result__meta') || {}).textContent",
                            timeout=10000,
                        )
                    searched = page.locator(".md-search-result__meta").first.text_content()
                page.wait_for_timeout(300)
                violations = page.evaluate("window.__cspViolations")
                results[page_path] = {
                    "status": response.status if response else None,
                    "csp": (response.headers.get("content-security-policy") if response else None),
                    "violations": violations,
                    "console": console,
                    "dialogs": dialogs,
                    "search": searched,
                }
                context.close()
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--no-headers", action="store_true")
    parser.add_argument("--search")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args(argv)
    result = run(args.site, args.pages, with_headers=not args.no_headers, search=args.search)
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
