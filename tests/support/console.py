"""Run ``oit console`` for real: a subprocess on 127.0.0.1, its URL read from its first line.

:func:`running_console` starts the command with ``--no-browser --port 0`` on a site
folder, waits (bounded) for the first line of output, yields a :class:`RunningConsole`
and stops the process afterwards. :func:`make_console_site` makes a fresh site with
``oit init`` (every item still missing, whatever today is), so a test can watch an item
change status.
"""

from __future__ import annotations

import contextlib
import os
import re
import selectors
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

from oit.officer.scaffold import init_site

URL_LINE = re.compile(r"^http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_\-]+)$")
START_TIMEOUT = 30.0

CONSOLE_ORG = "องค์การบริหารส่วนตำบลคอนโซล"


@dataclass
class RunningConsole:
    url: str  # with ?token=
    port: int
    token: str
    process: subprocess.Popen[str]
    first_line: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def make_console_site(target: Path) -> Path:
    """A site made by ``oit init``, with a comment of the officer's own to watch survive."""
    init_site(target, name=CONSOLE_ORG, site_url="https://www.console.go.th/")
    config = target / "indicators.yml"
    config.write_text(config.read_text(encoding="utf-8") + "# หมายเหตุของเจ้าหน้าที่: ห้ามลบบรรทัดนี้\n",
                      encoding="utf-8")
    return target


def _oit() -> list[str]:
    return [sys.executable, "-c", "from oit.cli.main import main; main()"]


@contextlib.contextmanager
def running_console(site: Path, *extra: str) -> Iterator[RunningConsole]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1", "PYTHAINLP_READ_ONLY": "1"}
    process = subprocess.Popen([*_oit(), "console", "--site", str(site), "--no-browser", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + START_TIMEOUT
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            raise AssertionError("oit console printed nothing within 30 s")
        first = process.stdout.readline().rstrip("\n")
        match = URL_LINE.match(first)
        assert match, f"first line is not the console URL: {first!r}"
        yield RunningConsole(first, int(match.group(1)), match.group(2), process, first)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def opener(*, follow: bool = True) -> tuple[urllib.request.OpenerDirector, CookieJar]:
    """A plain HTTP client with its own cookie jar (no proxy: loopback only)."""
    jar = CookieJar()
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({}),
                                                  urllib.request.HTTPCookieProcessor(jar)]
    if not follow:
        handlers.append(_NoRedirect())
    return urllib.request.build_opener(*handlers), jar


def fetch(open_: urllib.request.OpenerDirector, request: urllib.request.Request | str,
          data: bytes | None = None) -> tuple[int, dict[str, str], str]:
    """(status, headers, body text), 4xx and 5xx included; bounded by a timeout."""
    try:
        with open_.open(request, data=data, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")
