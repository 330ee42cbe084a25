"""Serve the console with waitress on 127.0.0.1 only, on a free or a chosen port.

waitress is a pure-Python WSGI server (Windows and Linux alike, nothing to compile) with
its own cap on the request body. waitress receives a whole body before the app sees it,
so the cap is what bounds the disk a huge upload can take; it is set at twice the upload
limit, so an upload somewhat too large still gets the app's Thai page (Flask's
``MAX_CONTENT_LENGTH``) and only an absurd one gets waitress's plain refusal.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waitress import create_server

from oit.console.app import create_app
from oit.console.guard import TOKEN_PARAM, allowed_hosts
from oit.console.uploads import DEFAULT_MAX_UPLOAD
from oit.core.errors import InputError

HOST = "127.0.0.1"


@dataclass
class Console:
    """A bound console: ``url`` (with the launch token) to print, ``run`` to serve."""

    server: Any
    url: str
    port: int

    def run(self) -> None:
        self.server.run()

    def close(self) -> None:
        self.server.close()


def bind(root: Path, port: int = 0, *, max_upload: int = DEFAULT_MAX_UPLOAD) -> Console:
    """Bind the port (0: any free one) and build the app for it; raises ``InputError``."""
    token = secrets.token_urlsafe(32)
    # The app needs the port for its Host check; the port is known once bound, and no
    # request can arrive before run(), so the app is made first and told the port after.
    app = create_app(root, token, max_upload=max_upload, port=port)
    try:
        server = create_server(app, host=HOST, port=port, threads=6, ident="oit-console",
                               max_request_body_size=2 * max_upload + 2 * 1024 * 1024,
                               clear_untrusted_proxy_headers=True)
    except OSError as exc:
        raise InputError("--port", None, f"เปิดพอร์ต {port} ไม่ได้ ({exc.strerror})",
                         "ใช้พอร์ตอื่น เช่น --port 8765 หรือไม่ต้องระบุ --port เพื่อให้เลือกพอร์ตว่างเอง") from None
    bound = int(server.effective_port)
    app.config.update(OIT_ALLOWED_HOSTS=allowed_hosts(bound), SESSION_COOKIE_NAME=f"oit-console-{bound}")
    return Console(server, f"http://{HOST}:{bound}/?{TOKEN_PARAM}={token}", bound)
