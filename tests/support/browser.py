"""Shared helpers for tests that drive headless Chromium (search, accessibility, phone
layout, privacy).

* :func:`launch_browser` starts Debian's ``/usr/bin/chromium`` through Playwright
  (Playwright's own browser download cannot work here). One per process at a time:
  Playwright's sync API does not nest, so tests use the session fixture ``browser``
  of ``tests/browser/conftest.py``.
* :func:`serve_dir` serves a built site from 127.0.0.1 on an ephemeral port with a
  threaded ``http.server`` and yields its base URL (ending in ``/``).
* :class:`RequestRecorder` records every request a page, its frames and workers make,
  and (by default) blocks any that would leave the allowed hosts, so a privacy
  assertion can never be defeated by a slow or absent network.
* :func:`build_mkdocs_site` builds a mkdocs project into a folder in a subprocess
  (hooks are module-level state; a subprocess keeps each build clean).
* :func:`screenshot_path` gives ``test-artifacts/screenshots/NAME.png``.

Example::

    with serve_dir(site) as base, new_page(browser, width=360) as (page, recorder):
        page.goto(base + "index.html")
        page.screenshot(path=screenshot_path("home-360"))
        recorder.assert_only_local()
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request, Route

__all__ = [
    "CHROMIUM_ARGS",
    "DESKTOP",
    "LOCAL_HOSTS",
    "PHONE",
    "REPO_ROOT",
    "SCREENSHOT_DIR",
    "RecordedRequest",
    "RequestRecorder",
    "build_mkdocs_site",
    "chromium_path",
    "launch_browser",
    "new_page",
    "require_chromium",
    "screenshot_path",
    "serve_dir",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"

CHROMIUM_ENV = "OIT_CHROMIUM"
"""Overrides the browser binary (default ``/usr/bin/chromium``)."""
REQUIRE_ENV = "OIT_REQUIRE_BROWSER"
"""When set, a missing browser fails the browser tests instead of skipping them."""

CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",  # we run as root in CI containers
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

LOCAL_HOSTS: frozenset[str] = frozenset({"127.0.0.1"})
"""Hosts a served test site may talk to."""

PHONE = (360, 740)
DESKTOP = (1280, 800)


# ------------------------------------------------------------------------------ browser


def chromium_path() -> Path | None:
    """The Chromium binary to use, or ``None`` when it is not installed."""
    configured = os.environ.get(CHROMIUM_ENV)
    candidates = [configured] if configured else ["/usr/bin/chromium", "chromium"]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return Path(found)
    return None


def require_chromium() -> Path:
    """The Chromium binary; skips the test (fails with ``OIT_REQUIRE_BROWSER=1``) if absent."""
    path = chromium_path()
    if path is None:
        message = "Chromium not found: run `make system-deps` (apt-get install chromium)"
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextlib.contextmanager
def launch_browser(*, headless: bool = True, args: Sequence[str] = ()) -> Iterator[Browser]:
    """Start headless Chromium (Debian's binary) and close it afterwards.

    Extra command-line ``args`` are appended to :data:`CHROMIUM_ARGS`.
    """
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable),
            headless=headless,
            args=[*CHROMIUM_ARGS, *args],
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def new_page(
    browser: Browser,
    *,
    width: int = DESKTOP[0],
    height: int = DESKTOP[1],
    allowed_hosts: Iterable[str] = LOCAL_HOSTS,
    block_external: bool = True,
    **context_options: Any,
) -> Iterator[tuple[Page, RequestRecorder]]:
    """A fresh context (Thai locale, given viewport) and page, with a recorder attached.

    Closes the context afterwards. ``context_options`` go to ``browser.new_context``
    (e.g. ``device_scale_factor=2``, ``is_mobile=True``).
    """
    options: dict[str, Any] = {
        "viewport": {"width": width, "height": height},
        "locale": "th-TH",
        "timezone_id": "Asia/Bangkok",
        "service_workers": "block",
    }
    options.update(context_options)
    context = browser.new_context(**options)
    recorder = RequestRecorder(allowed_hosts, block_external=block_external).attach(context)
    try:
        yield context.new_page(), recorder
    finally:
        context.close()


def screenshot_path(name: str) -> Path:
    """``test-artifacts/screenshots/<name>.png`` (the folder is created)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR / (name if name.endswith(".png") else f"{name}.png")


# ------------------------------------------------------------------------------ requests


@dataclass(frozen=True)
class RecordedRequest:
    """One request seen by the browser."""

    url: str
    method: str
    resource_type: str
    blocked: bool = False

    @property
    def host(self) -> str:
        """Host name of the URL ('' for data:, blob:, about: URLs)."""
        return urlsplit(self.url).hostname or ""

    @property
    def is_network(self) -> bool:
        """True for http(s) and ws(s) URLs: those that would leave the browser."""
        return urlsplit(self.url).scheme in {"http", "https", "ws", "wss"}


class RequestRecorder:
    """Records every request of a browser context and blocks those to other hosts.

    Attach before navigating. ``requests`` lists everything in order; ``external()``
    the network requests to hosts outside ``allowed_hosts`` (blocked ones included).
    """

    def __init__(self, allowed_hosts: Iterable[str] = LOCAL_HOSTS, *,
                 block_external: bool = True) -> None:
        self.allowed_hosts = frozenset(allowed_hosts)
        self.block_external = block_external
        self.requests: list[RecordedRequest] = []
        self.failed: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def attach(self, target: BrowserContext | Page) -> RequestRecorder:
        """Listen on a context (preferred: covers popups and workers) or a page."""
        target.on("request", self._on_request)
        target.on("requestfailed", self._on_failed)
        if self.block_external:
            target.route("**/*", self._on_route)
        return self

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in {"http", "https", "ws", "wss"} or (
            (parts.hostname or "") in self.allowed_hosts
        )

    def _on_request(self, request: Request) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(
                request.url, request.method, request.resource_type,
                blocked=not self._allowed(request.url) and self.block_external,
            ))

    def _on_failed(self, request: Request) -> None:
        with self._lock:
            self.failed.append((request.url, request.failure or ""))

    def _on_route(self, route: Route) -> None:
        if self._allowed(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def external(self) -> list[RecordedRequest]:
        """Network requests to hosts outside ``allowed_hosts``."""
        with self._lock:
            return [r for r in self.requests if r.is_network and r.host not in self.allowed_hosts]

    def hosts(self) -> set[str]:
        """Every host a network request went (or tried to go) to."""
        with self._lock:
            return {r.host for r in self.requests if r.is_network}

    def urls(self, *, resource_type: str | None = None) -> list[str]:
        """URLs requested so far, optionally of one resource type ('fetch', 'script', ...)."""
        with self._lock:
            return [r.url for r in self.requests
                    if resource_type is None or r.resource_type == resource_type]

    def clear(self) -> None:
        """Forget what was recorded."""
        with self._lock:
            self.requests.clear()
            self.failed.clear()

    def assert_only_local(self) -> None:
        """Fail, listing them, if any request went to a host outside ``allowed_hosts``."""
        outside = self.external()
        assert not outside, "requests left {}: {}".format(
            ", ".join(sorted(self.allowed_hosts)),
            "; ".join(f"{r.method} {r.url} ({r.resource_type})" for r in outside),
        )


# -------------------------------------------------------------------------------- server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no access log on stderr."""

    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".json": "application/json",
        ".mjs": "text/javascript",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a connection early (BrokenPipe, reset) is not a test failure.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_dir(path: Path | str, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``path`` over HTTP on ``host`` and an ephemeral port; yields the base URL.

    The URL ends in ``/``: ``base + "index.html"``. The server thread stops on exit.
    """
    root = Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"nothing to serve: {root} is not a folder")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve-{root.name}",
                              kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------------------- building

_BUILD_SCRIPT = r"""
import logging
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils import yaml_load

config_file, site_dir, hooks, scripts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
with open(config_file, encoding="utf-8") as handle:
    raw = yaml_load(handle) or {}
overrides = {"site_dir": site_dir}
extra_hooks = [h for h in hooks.split("\n") if h]
extra_js = [s for s in scripts.split("\n") if s]
if extra_hooks:
    current = list(raw.get("hooks") or [])
    overrides["hooks"] = current + [h for h in extra_hooks if h not in current]
if extra_js:
    current = list(raw.get("extra_javascript") or [])
    names = [c if isinstance(c, str) else c.get("path") for c in current]
    overrides["extra_javascript"] = current + [s for s in extra_js if s not in names]
handler = logging.StreamHandler(sys.stderr)
handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
logging.getLogger("mkdocs").addHandler(handler)
logging.getLogger("mkdocs").setLevel(logging.INFO)
config = load_config(config_file, **overrides)
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
"""


def build_mkdocs_site(
    config_file: Path,
    site_dir: Path,
    *,
    extra_hooks: Sequence[str] = (),
    extra_javascript: Sequence[str] = (),
    env: dict[str, str] | None = None,
    timeout: float = 240,
) -> Path:
    """Build the mkdocs project of ``config_file`` into ``site_dir``, in a subprocess.

    ``extra_hooks`` / ``extra_javascript`` are appended to the config's own lists
    (skipping ones already there), without editing the file: a test can enable a hook
    the project's mkdocs.yml does not list yet. ``env`` adds environment variables
    (``OIT_AS_OF`` for a frozen date, for example). Raises ``AssertionError`` with
    mkdocs' output if the build fails.
    """
    full_env = {**os.environ, "PYTHAINLP_READ_ONLY": "1", "NO_MKDOCS_2_WARNING": "1",
                **(env or {})}
    config_file = Path(config_file).resolve()
    proc = subprocess.run(
        [sys.executable, "-c", _BUILD_SCRIPT, str(config_file), str(Path(site_dir).resolve()),
         "\n".join(extra_hooks), "\n".join(extra_javascript)],
        cwd=config_file.parent, env=full_env, capture_output=True, text=True, timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, (
        f"mkdocs build of {config_file} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}"
    )
    return Path(site_dir)
