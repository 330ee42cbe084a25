"""A real aiohttp.web server on loopback, for link-checker tests and the benchmark.

``LoopbackServer`` runs the server on its own event loop in a background thread, so
the code under test (which runs its own loop) talks to it over real sockets, exactly
as it would to a provincial web server. Each instance binds one loopback address on an
ephemeral port; use distinct 127.0.0.x addresses to get distinct *hosts* (per-host
politeness keys on the host name, not the port).

``python -m tests.support.http_server --host 127.0.0.1 --host 127.0.0.2 --latency 0.1``
serves the same routes on several addresses from one separate process (the benchmark
uses this so client and server do not share a loop or a GIL). It prints
``{"127.0.0.1": port, ...}`` as one JSON line, then serves until stdin closes.

Routes (any method unless noted; ``?head=CODE`` on any route answers HEAD with CODE):

==========================  =====================================================
``/ok``, ``/doc/...``        200 with a small HTML body
``/gone/...``, ``/missing``  404
``/status/{code}``           that status (``/status/999`` works too)
``/error``                   500
``/flaky429/{key}``          429 with ``Retry-After: 1`` on the first request for
                             ``key``, then 200
``/flaky500/{key}``          500 on the first request for ``key``, then 200
``/always429``               429 with ``Retry-After: 1``
``/429-long``                429 with ``Retry-After: 3600``
``/no-head``                 HEAD 405, GET 200
``/head-403``                HEAD 403, GET 200
``/redirect/{n}``            302 to ``/redirect/{n-1}``; ``/redirect/0`` is 200
``/moved``                   301 to ``/ok``
``/needs-cookie``            without cookie: 302 to ``/set-cookie``, which sets it
                             and sends the client back; with the cookie: 200
``/loop/a``, ``/loop/b``     302 to each other
``/endless/{n}``             302 to ``/endless/{n+1}`` forever
``/reset``                   closes the connection with a TCP RST, no answer
``/slow?delay=S``            answers 200 after S seconds (default 30)
``/big``                     HEAD 405; GET streams a 1 GB body (bytes counted)
``/stall-body``              200 headers, then no body byte ever
``/header-flood``            status line followed by header lines without end
``/garbage``                 bytes that are not HTTP
``/cf``                      403 with ``cf-mitigated: challenge``
``/count?delay=S``           200 after S seconds; tracks requests in flight and
                             their (start, end) times in ``state.spans``
==========================  =====================================================

Every request is logged as ``(method, raw path and query)`` in ``server.requests``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import ssl
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from types import TracebackType

import pytest
from aiohttp import web

__all__ = ["BIG_BODY_SIZE", "LoopbackServer", "ServerState", "build_app", "loopback_server"]

#: Size announced and streamed by ``/big`` (the client must never fetch it).
BIG_BODY_SIZE = 1 << 30
_CHUNK = b"x" * (64 * 1024)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ServerState:
    """What the routes remember; read from the test thread, written on the server loop."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self.hits: Counter[str] = Counter()  # per route key, for the flaky routes
        self.in_flight = 0
        self.max_in_flight = 0
        self.spans: list[tuple[float, float]] = []  # (start, end) of /count requests
        self.big_bytes_sent = 0
        self.stop: asyncio.Event | None = None  # created on the server loop

    def reset(self) -> None:
        """Forget the log and counters (the flaky routes start over)."""
        with self.lock:
            self.requests.clear()
            self.hits.clear()
            self.max_in_flight = self.in_flight
            self.spans.clear()
            self.big_bytes_sent = 0

    async def sleep(self, seconds: float) -> None:
        """Sleep, but wake at once when the server shuts down (no slow teardown)."""
        assert self.stop is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), timeout=seconds)


def build_app(state: ServerState) -> web.Application:
    """The test application; ``state`` collects what happened."""

    @web.middleware
    async def bookkeeping(request: web.Request, handler: Handler) -> web.StreamResponse:
        with state.lock:
            state.requests.append((request.method, request.raw_path))
        head = request.query.get("head")
        if request.method == "HEAD" and head:
            return web.Response(status=int(head))
        if state.latency:
            await state.sleep(state.latency)
        return await handler(request)

    async def ok(request: web.Request) -> web.StreamResponse:
        return web.Response(text="<html><body>ok</body></html>", content_type="text/html")

    async def gone(request: web.Request) -> web.StreamResponse:
        return web.Response(status=404, text="not found")

    async def status(request: web.Request) -> web.StreamResponse:
        return web.Response(status=int(request.match_info["code"]), text="status")

    async def error(request: web.Request) -> web.StreamResponse:
        return web.Response(status=500, text="boom")

    def first_then_ok(code: int, retry_after: str | None) -> Handler:
        async def handler(request: web.Request) -> web.StreamResponse:
            key = f"{request.path}"
            with state.lock:
                state.hits[key] += 1
                first = state.hits[key] == 1
            if first:
                headers = {"Retry-After": retry_after} if retry_after else {}
                return web.Response(status=code, headers=headers, text="again")
            return web.Response(text="ok now")

        return handler

    def always(code: int, headers: dict[str, str]) -> Handler:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=code, headers=headers, text=str(code))

        return handler

    def method_split(head_code: int) -> Handler:
        async def handler(request: web.Request) -> web.StreamResponse:
            if request.method == "HEAD":
                return web.Response(status=head_code)
            return web.Response(text="GET works")

        return handler

    async def redirect(request: web.Request) -> web.StreamResponse:
        n = int(request.match_info["n"])
        if n <= 0:
            return web.Response(text="arrived")
        raise web.HTTPFound(f"/redirect/{n - 1}")

    async def needs_cookie(request: web.Request) -> web.StreamResponse:
        if request.cookies.get("visited") == "yes":
            return web.Response(text="welcome back")
        raise web.HTTPFound(f"/set-cookie?next={request.path}")

    async def set_cookie(request: web.Request) -> web.StreamResponse:
        resp = web.HTTPFound(request.query.get("next", "/ok"))
        resp.set_cookie("visited", "yes")
        raise resp

    async def moved(request: web.Request) -> web.StreamResponse:
        raise web.HTTPMovedPermanently("/ok")

    async def loop(request: web.Request) -> web.StreamResponse:
        other = "b" if request.match_info["side"] == "a" else "a"
        raise web.HTTPFound(f"/loop/{other}")

    async def endless(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"/endless/{int(request.match_info['n']) + 1}")

    def _kill(request: web.Request) -> None:
        transport = request.transport
        if transport is None:
            return
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # SO_LINGER 0: close() sends RST instead of FIN, a real "connection reset".
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()

    async def reset(request: web.Request) -> web.StreamResponse:
        _kill(request)
        # Nothing can be sent any more; end the handler without a response.
        raise asyncio.CancelledError

    async def slow(request: web.Request) -> web.StreamResponse:
        await state.sleep(float(request.query.get("delay", "30")))
        return web.Response(text="finally")

    async def big(request: web.Request) -> web.StreamResponse:
        if request.method == "HEAD":
            return web.Response(status=405)
        resp = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        resp.content_length = BIG_BODY_SIZE
        await resp.prepare(request)
        sent = 0
        try:
            while sent < BIG_BODY_SIZE and not (state.stop and state.stop.is_set()):
                await resp.write(_CHUNK)
                sent += len(_CHUNK)
                with state.lock:
                    state.big_bytes_sent = max(state.big_bytes_sent, sent)
        except (ConnectionError, RuntimeError):
            pass  # the client went away: exactly what it should do
        return resp

    async def stall_body(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        resp.content_length = 1000
        await resp.prepare(request)
        await state.sleep(60)
        _kill(request)
        raise asyncio.CancelledError

    async def header_flood(request: web.Request) -> web.StreamResponse:
        transport = request.transport
        assert transport is not None
        transport.write(b"HTTP/1.1 200 OK\r\n")
        line = b"X-Flood: " + b"a" * 100 + b"\r\n"
        sent = 0
        # Bounded on our side too (64 MB) so a broken client cannot fill the disk/RAM.
        while sent < (64 << 20) and not transport.is_closing():
            if transport.get_write_buffer_size() > (1 << 20):
                await asyncio.sleep(0.005)
                continue
            transport.write(line * 100)
            sent += len(line) * 100
        _kill(request)
        raise asyncio.CancelledError

    async def garbage(request: web.Request) -> web.StreamResponse:
        transport = request.transport
        assert transport is not None
        transport.write(b"\x00\x01\x02 this is not HTTP at all\r\n\r\n")
        await asyncio.sleep(0.05)
        _kill(request)
        raise asyncio.CancelledError

    async def count(request: web.Request) -> web.StreamResponse:
        start = time.monotonic()
        with state.lock:
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            await state.sleep(float(request.query.get("delay", "0.2")))
        finally:
            with state.lock:
                state.in_flight -= 1
                state.spans.append((start, time.monotonic()))
        return web.Response(text="counted")

    app = web.Application(middlewares=[bookkeeping])
    r = app.router
    r.add_route("*", "/ok", ok)
    r.add_route("*", "/doc/{tail:.*}", ok)
    r.add_route("*", "/gone/{tail:.*}", gone)
    r.add_route("*", "/missing", gone)
    r.add_route("*", r"/status/{code:\d+}", status)
    r.add_route("*", "/error", error)
    r.add_route("*", "/flaky429/{key}", first_then_ok(429, "1"))
    r.add_route("*", "/flaky500/{key}", first_then_ok(500, None))
    r.add_route("*", "/always429", always(429, {"Retry-After": "1"}))
    r.add_route("*", "/429-long", always(429, {"Retry-After": "3600"}))
    r.add_route("*", "/cf", always(403, {"cf-mitigated": "challenge", "Server": "cloudflare"}))
    r.add_route("*", "/no-head", method_split(405))
    r.add_route("*", "/head-403", method_split(403))
    r.add_route("*", r"/redirect/{n:\d+}", redirect)
    r.add_route("*", "/moved", moved)
    r.add_route("*", "/needs-cookie", needs_cookie)
    r.add_route("*", "/set-cookie", set_cookie)
    r.add_route("*", "/loop/{side:[ab]}", loop)
    r.add_route("*", r"/endless/{n:\d+}", endless)
    r.add_route("*", "/reset", reset)
    r.add_route("*", "/slow", slow)
    r.add_route("*", "/big", big)
    r.add_route("*", "/stall-body", stall_body)
    r.add_route("*", "/header-flood", header_flood)
    r.add_route("*", "/garbage", garbage)
    r.add_route("*", "/count", count)
    return app


async def _start_sites(
    state: ServerState,
    hosts: Sequence[str],
    ssl_context: ssl.SSLContext | None = None,
) -> tuple[web.AppRunner, dict[str, int]]:
    state.stop = asyncio.Event()
    # handler_cancellation: a client that hangs up cancels its handler (no zombies);
    # a short shutdown_timeout keeps teardown fast even if one is stuck.
    runner = web.AppRunner(build_app(state), handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
    await runner.setup()
    ports: dict[str, int] = {}
    for host in hosts:
        site = web.TCPSite(runner, host, 0, ssl_context=ssl_context, backlog=1024)
        await site.start()
        ports[host] = runner.addresses[-1][1]
    return runner, ports


class LoopbackServer:
    """The test server on one loopback address, in a background thread.

    >>> with LoopbackServer("127.0.0.2") as srv:
    ...     srv.url("/ok")
    'http://127.0.0.2:PORT/ok'
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        *,
        latency: float = 0.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.port = 0
        self.ssl_context = ssl_context
        self.state = ServerState(latency)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # -- lifecycle --------------------------------------------------------------------

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start serving; returns once the port is bound."""
        self._thread = threading.Thread(target=self._serve, name=f"loopback-{self.host}", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout=10):
            raise RuntimeError(f"loopback server on {self.host} did not start")
        if self._error is not None:
            raise RuntimeError(f"loopback server on {self.host} failed") from self._error

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            self._runner, ports = loop.run_until_complete(_start_sites(self.state, [self.host], self.ssl_context))
            self.port = ports[self.host]
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _shutdown(self) -> None:
        assert self.state.stop is not None
        self.state.stop.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def stop(self) -> None:
        """Stop serving and join the thread (stalled handlers are woken first)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return
        fut = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
        with contextlib.suppress(Exception):
            fut.result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)

    # -- inspection -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://host:port`` (``https`` when serving TLS)."""
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    @property
    def requests(self) -> list[tuple[str, str]]:
        """A copy of the request log: ``(method, raw path with query)``."""
        with self.state.lock:
            return list(self.state.requests)

    def count(self, path: str, method: str | None = None) -> int:
        """How many requests reached ``path`` (raw path and query), optionally per method."""
        return sum(1 for m, p in self.requests if p == path and (method is None or m == method))

    def reset(self) -> None:
        """Clear the request log and the flaky routes' memory."""
        self.state.reset()


@pytest.fixture(scope="module")
def loopback_server() -> Iterator[LoopbackServer]:
    """A :class:`LoopbackServer` on 127.0.0.1, shared by one test module."""
    with LoopbackServer("127.0.0.1") as server:
        yield server


# ------------------------------------------------------------------ separate process


async def _serve_until_stdin_closes(hosts: Sequence[str], latency: float) -> None:
    state = ServerState(latency)
    runner, ports = await _start_sites(state, hosts)
    print(json.dumps(ports), flush=True)
    loop = asyncio.get_running_loop()
    # Reading stdin in a thread: the parent ends us by closing the pipe (or exiting).
    await loop.run_in_executor(None, sys.stdin.read)
    assert state.stop is not None
    state.stop.set()
    await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the test routes on several hosts until stdin closes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", action="append", default=[], help="address (repeatable)")
    parser.add_argument("--latency", type=float, default=0.0, help="delay per answer, s")
    args = parser.parse_args(argv)
    asyncio.run(_serve_until_stdin_closes(args.host or ["127.0.0.1"], args.latency))


if __name__ == "__main__":
    main()
