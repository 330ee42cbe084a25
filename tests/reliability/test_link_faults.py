"""External links under faults: the real ``oit check`` against servers that misbehave.

A tmp site publishes ``url:`` documents pointing at loopback routes that stall, reset,
flood headers or body, redirect forever, answer garbage, rate-limit, or (from a raw
socket server here) accept and never answer, trickle a response one byte at a time, or
refuse the connection. ``oit check --timeout 1`` must finish within the bound the
link engine promises (``oit.checker.links.run_deadline``, plus process start-up), exit
1 (findings) without a traceback, and give each URL the status its fault deserves.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oit.checker.links import LinkPolicy, run_deadline
from tests.reliability.helpers import AS_OF, assert_clean_failure, run_oit
from tests.support.http_server import LoopbackServer
from tests.support.sites import passing_items, write_site

pytestmark = pytest.mark.network

STARTUP_MARGIN = 20.0  # seconds for the process to start, load and report (a cold CLI on a busy machine)


class RawFaults:
    """Raw TCP misbehaviour aiohttp's test server cannot produce.

    ``tarpit``: accepts, reads, never answers. ``trickle``: a status line, then one
    header byte every 0.2 s, forever. ``closed``: a port nobody listens on.
    """

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self.tarpit = self._listen(self._tarpit)
        self.trickle = self._listen(self._trickle)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.closed = probe.getsockname()[1]
        probe.close()

    def _listen(self, handler: Any) -> int:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        server.settimeout(0.2)
        self._sockets.append(server)
        threading.Thread(target=self._accept, args=(server, handler), daemon=True).start()
        return int(server.getsockname()[1])

    def _accept(self, server: socket.socket, handler: Any) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            self._sockets.append(conn)
            threading.Thread(target=handler, args=(conn,), daemon=True).start()

    def _tarpit(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        while not self._stop.is_set():
            try:
                if not conn.recv(4096):
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def _trickle(self, conn: socket.socket) -> None:
        try:
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            while not self._stop.is_set():
                conn.sendall(b"X")
                time.sleep(0.2)
        except OSError:
            return

    def close(self) -> None:
        self._stop.set()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[LoopbackServer, RawFaults]]:
    raw = RawFaults()
    with LoopbackServer("127.0.0.1") as http:
        yield http, raw
    raw.close()


# Route -> the statuses that are right for it (the engine may word a fault either way).
ROUTES: dict[str, set[str]] = {
    "/ok": {"ok"},
    "/status/404": {"broken"},
    "/status/500": {"broken"},
    "/slow?delay=30": {"timeout"},
    "/stall-body": {"ok"},  # headers arrived: the body is never needed
    "/reset": {"broken"},
    "/header-flood": {"broken", "timeout"},
    "/big": {"ok"},  # never downloaded
    "/endless/0": {"broken"},
    "/loop/a": {"broken"},
    "/garbage": {"broken"},
    "/always429": {"blocked"},
    "/429-long": {"blocked"},
}
SLOW_SAME_HOST = 10  # more stalled URLs on one host than its concurrency limit


@pytest.fixture(scope="module")
def fault_run(servers: tuple[LoopbackServer, RawFaults], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    http, raw = servers
    expected: dict[str, set[str]] = {http.url(route): statuses for route, statuses in ROUTES.items()}
    for number in range(SLOW_SAME_HOST):
        expected[http.url(f"/slow?delay=30&n={number}")] = {"timeout"}
    expected[f"http://127.0.0.1:{raw.tarpit}/never"] = {"timeout"}
    expected[f"http://127.0.0.1:{raw.trickle}/drip"] = {"timeout", "broken"}
    expected[f"http://127.0.0.1:{raw.closed}/refused"] = {"broken"}
    items, files = passing_items()
    items["o4"]["documents"] += [
        {"title": f"ลิงก์ทดสอบ {number}", "url": url, "date": "2569-11-01"} for number, url in enumerate(expected)
    ]
    root = write_site(tmp_path_factory.mktemp("faults") / "s", items, files=files)
    started = time.monotonic()
    proc = run_oit("check", "--site", str(root), "--as-of", AS_OF, "--timeout", "1", "--no-cache", "--format", "json",
                   timeout=600)
    elapsed = time.monotonic() - started
    hosts: dict[str, int] = {}
    for url in expected:
        host = url.split("/")[2]
        hosts[host] = hosts.get(host, 0) + 1
    bound = run_deadline(LinkPolicy(timeout=1), len(expected), max(hosts.values())) + STARTUP_MARGIN
    return {"proc": proc, "elapsed": elapsed, "bound": bound, "expected": expected}


def test_run_ends_within_its_bound(fault_run: dict[str, Any]) -> None:
    assert fault_run["elapsed"] < fault_run["bound"], fault_run["elapsed"]


def test_run_exits_1_without_traceback(fault_run: dict[str, Any]) -> None:
    assert_clean_failure(fault_run["proc"], 1)


def test_each_fault_gets_its_status(fault_run: dict[str, Any]) -> None:
    report = json.loads(fault_run["proc"].stdout)
    links = {link["url"]: link for link in report["links"]}
    expected: dict[str, set[str]] = fault_run["expected"]
    assert set(links) == set(expected)
    wrong = {url: links[url]["status"] for url, statuses in expected.items() if links[url]["status"] not in statuses}
    assert wrong == {}
    assert all(link["items"] == ["o4"] for link in links.values())
    o4 = next(item for item in report["items"] if item["code"] == "o4")
    assert o4["status"] == "broken"
    assert report["summary"]["links_checked"] == len(expected)


def test_reports_name_the_http_status(fault_run: dict[str, Any], servers: tuple[LoopbackServer, RawFaults]) -> None:
    http, _ = servers
    links = {link["url"]: link for link in json.loads(fault_run["proc"].stdout)["links"]}
    assert links[http.url("/status/404")]["http_status"] == 404
    assert links[http.url("/status/500")]["http_status"] == 500
    assert links[http.url("/ok")]["http_status"] == 200


def test_body_of_a_flood_is_never_downloaded(fault_run: dict[str, Any], servers: tuple[LoopbackServer, RawFaults]) -> None:
    http, _ = servers
    assert fault_run["proc"].returncode == 1
    big = [path for method, path in http.state.requests if path.startswith("/big")]
    assert big  # it was asked for ...
    assert http.state.big_bytes_sent < 64 * 1024 * 1024  # ... but not read (1 GB on offer)


def test_offline_makes_no_request(servers: tuple[LoopbackServer, RawFaults], tmp_path: Path) -> None:
    http, _ = servers
    items, files = passing_items()
    items["o4"]["documents"].append({"title": "ลิงก์", "url": http.url("/offline-probe"), "date": "2569-11-01"})
    root = write_site(tmp_path / "s", items, files=files)
    before = len(http.state.requests)
    proc = run_oit("check", "--site", str(root), "--as-of", AS_OF, "--offline", "--format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not [p for _, p in http.state.requests[before:] if p.startswith("/offline-probe")]
