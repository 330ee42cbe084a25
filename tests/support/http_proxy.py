"""A real forwarding HTTP proxy on loopback, for the link checker's proxy tests.

``LoopbackProxy`` is a small ``http.server`` proxy in a background thread: it takes the
absolute-form requests a client sends to a proxy (``HEAD http://host:port/path``),
forwards each to its origin with ``http.client`` and relays the status and headers
back. Every request target it received is logged in ``seen``, so a test can tell a
link that went through the proxy from one that went direct. It forwards only to
loopback origins: the tests never leave the machine.
"""

from __future__ import annotations

import http.client
import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

__all__ = ["LoopbackProxy"]

# Headers that describe one connection, not the message: never relayed (RFC 9110 §7.6.1).
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer",
     "transfer-encoding", "upgrade", "content-length"}
)


class _Handler(BaseHTTPRequestHandler):
    server: _ProxyServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the log is ``seen``."""

    def _forward(self) -> None:
        with self.server.lock:
            self.server.seen.append((self.command, self.path))
        target = urlsplit(self.path)
        host = target.hostname or ""
        if target.scheme != "http" or not ipaddress.ip_address(host).is_loopback:
            self.send_error(502, "this test proxy forwards to loopback only")
            return
        upstream = http.client.HTTPConnection(host, target.port or 80, timeout=5)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            upstream.request(self.command, target.path + (f"?{target.query}" if target.query else ""),
                             headers=headers)
            answer = upstream.getresponse()
            body = b"" if self.command == "HEAD" else answer.read()
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Via", "1.1 oit-test-proxy")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if body:
                self.wfile.write(body)
        finally:
            upstream.close()
        self.close_connection = True

    do_GET = _forward
    do_HEAD = _forward


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.lock = threading.Lock()
        self.seen: list[tuple[str, str]] = []


class LoopbackProxy:
    """The proxy on one loopback address and an ephemeral port, while in a ``with`` block."""

    def __init__(self, host: str = "127.0.0.9") -> None:
        self._server = _ProxyServer(host)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"proxy-{host}", daemon=True)

    @property
    def url(self) -> str:
        """``http://host:port``, the value for ``HTTP_PROXY``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def seen(self) -> list[tuple[str, str]]:
        """A copy of the log: ``(method, request target)`` of every request received."""
        with self._server.lock:
            return list(self._server.seen)

    def __enter__(self) -> LoopbackProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
