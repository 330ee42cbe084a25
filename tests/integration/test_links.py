"""The external-link engine against a real HTTP server on loopback.

Every network test talks only to 127.0.0.x, asserts the status an officer would see
and that the run stays bounded in time (generous bounds: these are not speed tests,
they catch hangs; speed is measured by bench/links_bench.py).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import ssl
import subprocess
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oit.checker.links as links_mod
from oit.checker.link_cache import LinkCache
from oit.checker.links import (
    STATUSES,
    LinkPolicy,
    LinkResult,
    _parse,
    check_links,
    check_links_sync,
    url_budget,
)
from tests.support.http_proxy import LoopbackProxy
from tests.support.http_server import LoopbackServer, loopback_server

__all__ = ["loopback_server"]  # re-exported fixture, used by name below

PROXY_VARIABLES = [f"{name}{suffix}" for name in ("http", "https", "all", "no") for suffix in ("_proxy", "_PROXY")]


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker honours the environment's proxy (aiohttp's trust_env), loopback included:
    a proxy set on the developer's machine must not route these loopback tests."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


# Short timeouts and backoff so failure paths finish quickly.
FAST = LinkPolicy(timeout=1.0, retries=1, max_retry_after=3.0, backoff=0.05)


def run(urls: list[str], policy: LinkPolicy = FAST, **kw: Any) -> tuple[dict[str, LinkResult], float]:
    """check_links_sync plus the wall time it took."""
    start = time.monotonic()
    results = check_links_sync(urls, policy, **kw)
    return results, time.monotonic() - start


def token() -> str:
    """A fresh query value, so request counts are per test."""
    return uuid.uuid4().hex[:10]


def one(srv: LoopbackServer, path: str, policy: LinkPolicy = FAST) -> tuple[LinkResult, float]:
    results, elapsed = run([srv.url(path)], policy)
    (result,) = results.values()
    assert result.status in STATUSES
    assert result.message, "every result carries a Thai message"
    return result, elapsed


@pytest.fixture(scope="module")
def two_hosts() -> Iterator[tuple[LoopbackServer, LoopbackServer]]:
    """Two more loopback hosts (distinct IPs, so distinct host names)."""
    with LoopbackServer("127.0.0.2") as a, LoopbackServer("127.0.0.3") as b:
        yield a, b


# ------------------------------------------------------------------ statuses

network = pytest.mark.network


@network
@pytest.mark.timeout(30)
def test_200_is_ok(loopback_server: LoopbackServer) -> None:
    result, elapsed = one(loopback_server, "/ok")
    assert (result.status, result.http_status, result.ok) == ("ok", 200, True)
    assert result.message == "ใช้งานได้ (HTTP 200)"
    assert result.final_url == loopback_server.url("/ok")
    assert not result.from_cache
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_404_is_broken_with_thai_message(loopback_server: LoopbackServer) -> None:
    t = token()
    result, elapsed = one(loopback_server, f"/missing?t={t}")
    assert (result.status, result.http_status, result.ok) == ("broken", 404, False)
    assert result.message == "ไม่พบหน้า (HTTP 404)"
    # A 404 on HEAD is confirmed with GET, and not retried (404 is not transient).
    assert loopback_server.count(f"/missing?t={t}", "HEAD") == 1
    assert loopback_server.count(f"/missing?t={t}", "GET") == 1
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_500_is_retried_then_broken(loopback_server: LoopbackServer) -> None:
    t = token()
    policy = LinkPolicy(timeout=1.0, retries=2, backoff=0.05)
    result, elapsed = one(loopback_server, f"/error?t={t}", policy)
    assert (result.status, result.http_status) == ("broken", 500)
    assert "HTTP 500" in result.message
    assert loopback_server.count(f"/error?t={t}", "GET") == policy.retries + 1
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_transient_500_recovers_on_retry(loopback_server: LoopbackServer) -> None:
    result, elapsed = one(loopback_server, f"/flaky500/{token()}?head=500")
    assert (result.status, result.http_status) == ("ok", 200)
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_429_retry_after_is_honoured(loopback_server: LoopbackServer) -> None:
    path = f"/flaky429/{token()}"
    result, elapsed = one(loopback_server, path)
    assert (result.status, result.http_status) == ("ok", 200)
    assert loopback_server.count(path) == 2
    assert 0.9 <= elapsed < 5, "waited the Retry-After: 1 second, and not much more"


@network
@pytest.mark.timeout(30)
def test_429_that_persists_is_blocked(loopback_server: LoopbackServer) -> None:
    result, elapsed = one(loopback_server, f"/always429?t={token()}")
    assert (result.status, result.http_status, result.ok) == ("blocked", 429, False)
    assert "429" in result.message
    assert elapsed < 1.0 * (FAST.retries) + 4


@network
@pytest.mark.timeout(30)
def test_429_with_retry_after_beyond_cap_gives_up_at_once(loopback_server: LoopbackServer) -> None:
    result, elapsed = one(loopback_server, f"/429-long?t={token()}")
    assert result.status == "blocked"
    assert elapsed < 2, "a Retry-After of an hour is not waited for"


@network
@pytest.mark.timeout(30)
def test_head_405_falls_back_to_get(loopback_server: LoopbackServer) -> None:
    t = token()
    result, _ = one(loopback_server, f"/no-head?t={t}")
    assert (result.status, result.http_status) == ("ok", 200)
    assert loopback_server.count(f"/no-head?t={t}", "GET") == 1


@network
@pytest.mark.timeout(30)
@pytest.mark.parametrize("head_code", [400, 403, 404, 500, 501])
def test_head_refusals_are_confirmed_with_get(loopback_server: LoopbackServer, head_code: int) -> None:
    result, _ = one(loopback_server, f"/ok?head={head_code}&t={token()}")
    assert (result.status, result.http_status) == ("ok", 200)


@network
@pytest.mark.timeout(30)
def test_redirect_chain_of_three(loopback_server: LoopbackServer) -> None:
    result, elapsed = one(loopback_server, "/redirect/3")
    assert (result.status, result.http_status) == ("ok", 200), "302s are temporary: plain ok"
    assert result.final_url == loopback_server.url("/redirect/0")
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_permanent_redirect_passes_as_redirected(loopback_server: LoopbackServer) -> None:
    result, _ = one(loopback_server, "/moved")
    assert (result.status, result.ok) == ("redirected", True)
    assert result.final_url == loopback_server.url("/ok")
    assert "301" in result.message and loopback_server.url("/ok") in result.message


@network
@pytest.mark.timeout(30)
def test_redirect_loop_is_broken(loopback_server: LoopbackServer) -> None:
    result, elapsed = one(loopback_server, "/loop/a")
    assert result.status == "broken"
    assert result.message == "ลิงก์เปลี่ยนทาง (redirect) วนซ้ำไม่สิ้นสุด"
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_cookie_bounce_back_to_the_same_url_is_not_a_loop(loopback_server: LoopbackServer) -> None:
    result, _ = one(loopback_server, "/needs-cookie")
    assert (result.status, result.http_status) == ("ok", 200)
    assert result.final_url == loopback_server.url("/needs-cookie")


@network
@pytest.mark.timeout(30)
def test_too_many_redirects_is_broken(loopback_server: LoopbackServer) -> None:
    policy = LinkPolicy(timeout=1.0, retries=1, max_redirects=5)
    loopback_server.reset()
    result, elapsed = one(loopback_server, "/endless/0", policy)
    assert result.status == "broken"
    assert result.message == "ลิงก์เปลี่ยนทาง (redirect) เกิน 5 ครั้ง"
    hops = [p for _, p in loopback_server.requests if p.startswith("/endless/")]
    assert len(hops) <= 2 * (policy.max_redirects + 1), "HEAD chain + GET chain at most"
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_connection_reset_is_broken(loopback_server: LoopbackServer) -> None:
    result, elapsed = one(loopback_server, f"/reset?t={token()}")
    assert (result.status, result.http_status) == ("broken", None)
    assert result.message.startswith("เชื่อมต่อไม่ได้")
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_connection_refused_is_broken() -> None:
    with socket.socket() as sock:  # find a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    results, elapsed = run([f"http://127.0.0.1:{port}/x"])
    result = results[f"http://127.0.0.1:{port}/x"]
    assert result.status == "broken"
    assert result.message.startswith("เชื่อมต่อไม่ได้")
    assert elapsed < 5


@network
@pytest.mark.timeout(30)
def test_slower_than_timeout_is_timeout(loopback_server: LoopbackServer) -> None:
    policy = LinkPolicy(timeout=0.5, retries=1, backoff=0.05)
    result, elapsed = one(loopback_server, f"/slow?delay=20&t={token()}", policy)
    assert (result.status, result.http_status, result.ok) == ("timeout", None, False)
    assert result.message == "หมดเวลารอ 0.5 วินาที"
    # (retries + 1) attempts of 0.5 s plus a short backoff; far below the 20 s delay.
    assert 0.9 <= elapsed < 4


@network
@pytest.mark.timeout(30)
def test_huge_body_is_never_downloaded(loopback_server: LoopbackServer) -> None:
    loopback_server.reset()
    tracemalloc.start()
    try:
        result, elapsed = one(loopback_server, "/big", LinkPolicy(timeout=10.0))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.status, result.http_status) == ("ok", 200)
    assert elapsed < 5, "finished without reading 1 GB"
    time.sleep(0.2)  # let the server notice the hang-up
    assert loopback_server.state.big_bytes_sent < 32 << 20, "only socket buffers' worth sent"
    assert peak < 64 << 20, "memory stayed bounded"


@network
@pytest.mark.timeout(30)
@pytest.mark.parametrize("query", ["", "?head=405"], ids=["head", "get"])
def test_stall_after_headers_does_not_wait_for_the_body(loopback_server: LoopbackServer, query: str) -> None:
    # The status line proves the page exists; the body is never awaited, so a server
    # that stalls after its headers costs nothing (the timeout is not even reached).
    result, elapsed = one(loopback_server, "/stall-body" + query, LinkPolicy(timeout=5.0))
    assert (result.status, result.http_status) == ("ok", 200)
    assert elapsed < 3


@network
@pytest.mark.timeout(30)
@pytest.mark.parametrize("path", ["/header-flood", "/garbage"])
def test_flooding_or_garbage_server_is_broken_not_a_crash(loopback_server: LoopbackServer, path: str) -> None:
    tracemalloc.start()
    try:
        result, elapsed = one(loopback_server, f"{path}?t={token()}")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == "broken"
    assert result.message == "เซิร์ฟเวอร์ปลายทางตอบกลับผิดรูปแบบ"
    assert elapsed < 5
    assert peak < 64 << 20


@network
@pytest.mark.timeout(30)
def test_cloudflare_challenge_is_blocked_not_broken(loopback_server: LoopbackServer) -> None:
    result, _ = one(loopback_server, "/cf")
    assert (result.status, result.http_status, result.ok) == ("blocked", 403, False)
    assert "เบราว์เซอร์" in result.message


@network
@pytest.mark.timeout(30)
def test_status_999_is_blocked(loopback_server: LoopbackServer) -> None:
    result, _ = one(loopback_server, "/status/999")
    assert (result.status, result.http_status) == ("blocked", 999)


@network
@pytest.mark.timeout(30)
def test_plain_403_is_broken(loopback_server: LoopbackServer) -> None:
    result, _ = one(loopback_server, "/status/403")
    assert (result.status, result.message) == ("broken", "ไม่อนุญาตให้เข้าถึง (HTTP 403)")


# ------------------------------------------------------------------ URLs


@network
@pytest.mark.timeout(30)
def test_query_string_is_sent_exactly(loopback_server: LoopbackServer) -> None:
    t = token()
    raw = f"/doc/download.php?id=123&x=a%2Fb+c&&empty=&t={t}"
    result, _ = one(loopback_server, raw)
    assert result.ok
    assert (("HEAD", raw)) in loopback_server.requests, "query kept byte for byte"


@network
@pytest.mark.timeout(30)
def test_thai_url_is_percent_encoded_like_a_browser(loopback_server: LoopbackServer) -> None:
    t = token()
    results, _ = run([loopback_server.url(f"/doc/ประกาศ?ปี=2569&t={t}")])
    assert next(iter(results.values())).ok
    sent = [p for _, p in loopback_server.requests if p.endswith(f"t={t}")]
    assert sent == ["/doc/%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%81%E0%B8%B2%E0%B8%A8?%E0%B8%9B%E0%B8%B5=2569&t=" + t]


@network
@pytest.mark.timeout(30)
def test_links_go_through_the_proxy_in_http_proxy(
    loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = token()
    good, gone = loopback_server.url(f"/ok?t={t}"), loopback_server.url(f"/gone/x?t={t}")
    with LoopbackProxy("127.0.0.9") as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        results, elapsed = run([good, gone])
        seen = proxy.seen
    assert (results[good].status, results[gone].status) == ("ok", "broken")
    assert results[gone].http_status == 404, "the origin's answer, relayed by the proxy"
    # The proxy got absolute-form requests (RFC 9112 §3.2.2) and passed them on.
    assert ("HEAD", good) in seen and ("HEAD", gone) in seen
    assert loopback_server.count(f"/ok?t={t}", "HEAD") == 1
    assert elapsed < 20


@network
@pytest.mark.timeout(30)
@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "example.org,127.0.0.1", "*"])
def test_no_proxy_is_honoured(loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch, no_proxy: str) -> None:
    t = token()
    url = loopback_server.url(f"/ok?t={t}")
    with LoopbackProxy("127.0.0.9") as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", no_proxy)
        results, _ = run([url])
        seen = proxy.seen
    assert results[url].status == "ok"
    assert seen == [], "NO_PROXY names the host: straight to it"
    assert loopback_server.count(f"/ok?t={t}", "HEAD") == 1


@network
@pytest.mark.timeout(30)
def test_https_proxy_is_not_used_for_http_links(loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    t = token()
    url = loopback_server.url(f"/ok?t={t}")
    with LoopbackProxy("127.0.0.9") as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        results, _ = run([url])
        seen = proxy.seen
    assert results[url].status == "ok" and seen == []


def test_the_environment_is_trusted_only_when_it_names_a_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not links_mod._environment_names_a_proxy()
    monkeypatch.setenv("no_proxy", "localhost,127.0.0.1")  # set on many machines without any proxy
    assert not links_mod._environment_names_a_proxy()
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.9:3128")
    assert links_mod._environment_names_a_proxy()


@network
@pytest.mark.timeout(30)
def test_a_dead_proxy_makes_links_broken_not_a_crash(
    loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.9", 0))
    port = probe.getsockname()[1]
    probe.close()  # nobody listens there now
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.9:{port}")
    url = loopback_server.url(f"/ok?t={token()}")  # alive, but only reachable past the proxy
    results, elapsed = run([url])
    assert results[url].status == "broken"
    assert results[url].message == "เชื่อมต่อไม่ได้ (เซิร์ฟเวอร์ไม่รับการเชื่อมต่อ)"
    assert elapsed < 20


@network
@pytest.mark.timeout(30)
def test_duplicates_are_checked_once_and_fragments_not_sent(loopback_server: LoopbackServer) -> None:
    t = token()
    url = loopback_server.url(f"/ok?t={t}")
    seen: list[LinkResult] = []
    shouting = url.replace("http://", "HTTP://")
    urls = [url, url, url + "#a", url + "#b", url, shouting]
    results, _ = run(urls, progress=seen.append)
    assert list(results) == [url, url + "#a", url + "#b", shouting], "one key per distinct input"
    assert {r.url for r in results.values()} == set(results)
    assert all(r.status == "ok" for r in results.values())
    assert loopback_server.count(f"/ok?t={t}") == 1
    assert sorted(r.url for r in seen) == sorted(results), "progress once per key"


def test_non_web_and_malformed_urls_are_invalid_without_requests() -> None:
    urls = [
        "mailto:saraban@example.go.th",
        "tel:+6621234567",
        "javascript:void(0)",
        "ftp://example.go.th/file.pdf",
        "files/o1/structure.pdf",
        "//example.go.th/x",
        "http://",
        "http:///path",
        "http://exa mple.go.th/",
        "https://[::1",
        "http://example.go.th:99999/",
        "   ",
    ]
    results, elapsed = run(urls)
    assert [r.status for r in results.values()] == ["invalid"] * len(urls)
    assert results["mailto:saraban@example.go.th"].message.startswith("ไม่ใช่ลิงก์เว็บ")
    assert results["http://exa mple.go.th/"].message == "ที่อยู่ลิงก์ผิดรูปแบบ"
    assert elapsed < 2


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises(text: str) -> None:
    parsed = _parse(text)
    assert isinstance(parsed, str) or parsed.scheme in ("http", "https")


def test_empty_input_returns_empty_dict() -> None:
    assert check_links_sync([]) == {}


# ------------------------------------------------------------------ concurrency


def max_overlap(spans: list[tuple[float, float]]) -> int:
    """Most requests in flight at once, over servers on one clock."""
    # An end sorts before a start at the same instant: a slot handed over is not overlap.
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    level = peak = 0
    for _, delta in events:
        level += delta
        peak = max(peak, level)
    return peak


@network
@pytest.mark.timeout(30)
def test_per_host_limit_is_keyed_on_host_name(two_hosts: tuple[LoopbackServer, LoopbackServer]) -> None:
    a, b = two_hosts
    a.reset()
    b.reset()
    policy = LinkPolicy(timeout=5.0, per_host=3, concurrency=100)
    urls = [srv.url(f"/count?delay=0.3&i={i}") for srv in (a, b) for i in range(9)]
    results, elapsed = run(urls, policy)
    assert all(r.ok for r in results.values())
    assert a.state.max_in_flight == 3
    assert b.state.max_in_flight == 3, "the two hosts were checked side by side"
    assert elapsed < 10


@network
@pytest.mark.timeout(30)
def test_global_concurrency_limit(two_hosts: tuple[LoopbackServer, LoopbackServer]) -> None:
    a, b = two_hosts
    a.reset()
    b.reset()
    policy = LinkPolicy(timeout=5.0, per_host=8, concurrency=2)
    urls = [srv.url(f"/count?delay=0.2&j={i}") for srv in (a, b) for i in range(4)]
    results, _ = run(urls, policy)
    assert all(r.ok for r in results.values())
    assert max_overlap(a.state.spans + b.state.spans) == 2


@network
@pytest.mark.timeout(60)
def test_a_run_of_hostile_servers_is_bounded(
    loopback_server: LoopbackServer, two_hosts: tuple[LoopbackServer, LoopbackServer]
) -> None:
    a, _ = two_hosts
    policy = LinkPolicy(timeout=1.0, retries=1, backoff=0.05, max_retry_after=2.0)
    t = token()
    paths = [
        "/slow?delay=30",
        "/stall-body?head=405",
        "/big",
        "/reset",
        "/loop/a",
        "/endless/0",
        "/header-flood",
        "/garbage",
        "/always429",
        "/ok",
    ]
    urls = [srv.url(f"{p}{'&' if '?' in p else '?'}t={t}") for srv in (loopback_server, a) for p in paths]
    results, elapsed = run(urls, policy)
    assert len(results) == len(urls)
    assert results[loopback_server.url(f"/ok?t={t}")].status == "ok"
    assert results[loopback_server.url(f"/slow?delay=30&t={t}")].status == "timeout"
    # Each URL is bounded by url_budget; everything ran in parallel.
    assert elapsed < url_budget(policy) + 5


@network
@pytest.mark.timeout(30)
def test_per_url_budget_cuts_a_long_check(loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(links_mod, "url_budget", lambda policy: 0.5)
    result, elapsed = one(loopback_server, "/slow?delay=20", LinkPolicy(timeout=10.0))
    assert result.status == "timeout"
    assert result.message.startswith("ตรวจไม่เสร็จภายใน")
    assert elapsed < 3


@network
@pytest.mark.timeout(30)
def test_run_deadline_is_a_safety_net(loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend every per-request timeout failed: the run deadline still ends the run.
    monkeypatch.setattr(links_mod, "run_deadline", lambda policy, n, m: 0.5)
    urls = [loopback_server.url("/slow?delay=20&d=1"), loopback_server.url("/ok?d=1")]
    results, elapsed = run(urls, LinkPolicy(timeout=10.0))
    assert results[urls[0]].status == "timeout"
    assert results[urls[1]].status == "ok"
    assert elapsed < 3


# ------------------------------------------------------------------ TLS


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    """An HTTPS server with a self-signed certificate (which must be refused)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not available to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"),
         "-subj", "/CN=127.0.0.4", "-addext", "subjectAltName=IP:127.0.0.4"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(d / "cert.pem", d / "key.pem")
    with LoopbackServer("127.0.0.4", ssl_context=ctx) as srv:
        yield srv


@network
@pytest.mark.timeout(60)
def test_tls_verification_stays_on(tls_server: LoopbackServer) -> None:
    result, elapsed = one(tls_server, "/ok")
    assert result.status == "broken"
    assert "HTTPS" in result.message
    assert elapsed < 5


# ------------------------------------------------------------------ API edges


@network
@pytest.mark.timeout(30)
def test_a_failing_progress_hook_does_not_stop_the_run(loopback_server: LoopbackServer) -> None:
    calls: list[str] = []

    def bad(result: LinkResult) -> None:
        calls.append(result.url)
        raise RuntimeError("progress bar bug")

    results, _ = run([loopback_server.url("/ok?p=1"), loopback_server.url("/ok?p=2")], progress=bad)
    assert [r.status for r in results.values()] == ["ok", "ok"]
    assert len(calls) == 1


@network
@pytest.mark.timeout(30)
def test_sync_wrapper_works_inside_a_running_loop(loopback_server: LoopbackServer) -> None:
    async def inside() -> dict[str, LinkResult]:
        return check_links_sync([loopback_server.url("/ok?loop=1")], FAST)

    results = asyncio.run(inside())
    assert next(iter(results.values())).ok


@network
@pytest.mark.timeout(30)
def test_async_api(loopback_server: LoopbackServer) -> None:
    results = asyncio.run(check_links([loopback_server.url("/ok?async=1")], FAST))
    assert next(iter(results.values())).status == "ok"


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        LinkPolicy(timeout=0)
    with pytest.raises(ValueError):
        LinkPolicy(per_host=0)


# ------------------------------------------------------------------ cache


class Clock:
    """A settable clock for cache expiry."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@network
@pytest.mark.timeout(30)
def test_cache_hit_skips_the_request(loopback_server: LoopbackServer, tmp_path: Path) -> None:
    path = tmp_path / ".oit-cache" / "links.json"
    url = loopback_server.url(f"/ok?c={token()}")
    first, _ = run([url], cache=LinkCache(path))
    assert not first[url].from_cache
    assert path.exists()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert url in data["entries"]
    assert not list(path.parent.glob("*.tmp")), "temp file replaced atomically"

    seen: list[LinkResult] = []
    second, _ = run([url], cache=LinkCache(path), progress=seen.append)
    assert second[url].from_cache and second[url].status == "ok"
    assert seen == [second[url]]
    assert loopback_server.count(url.removeprefix(loopback_server.base_url)) == 1


@network
@pytest.mark.timeout(30)
def test_cache_expires(loopback_server: LoopbackServer, tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "links.json"
    url = loopback_server.url(f"/ok?c={token()}")
    run([url], cache=LinkCache(path, max_age=3600, now=clock))
    clock.now += 3599
    again, _ = run([url], cache=LinkCache(path, max_age=3600, now=clock))
    assert again[url].from_cache
    clock.now += 2
    expired, _ = run([url], cache=LinkCache(path, max_age=3600, now=clock))
    assert not expired[url].from_cache
    assert loopback_server.count(url.removeprefix(loopback_server.base_url)) == 2


@network
@pytest.mark.timeout(30)
def test_failures_are_never_cached(loopback_server: LoopbackServer, tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    url = loopback_server.url(f"/missing?c={token()}")
    for _ in range(2):
        results, _ = run([url], cache=LinkCache(path))
        assert results[url].status == "broken" and not results[url].from_cache
    assert loopback_server.count(url.removeprefix(loopback_server.base_url), "HEAD") == 2


def test_a_new_failure_evicts_the_cached_pass(tmp_path: Path) -> None:
    clock = Clock()
    cache = LinkCache(tmp_path / "links.json", now=clock)
    good = LinkResult("https://a.example/x", "ok", 200, "https://a.example/x", "ใช้งานได้", 0.1)
    cache.put(good)
    assert cache.get(good.url) is not None
    cache.put(LinkResult(good.url, "broken", 404, good.url, "ไม่พบหน้า (HTTP 404)", 0.1))
    assert cache.get(good.url) is None
    cache.save()
    assert LinkCache(tmp_path / "links.json", now=clock).get(good.url) is None


def test_a_cache_hit_does_not_refresh_its_age(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "links.json"
    cache = LinkCache(path, max_age=100, now=clock)
    cache.put(LinkResult("https://a.example/", "redirected", 200, "https://b.example/", "ย้าย", 0.1))
    cache.save()
    clock.now += 60
    cache = LinkCache(path, max_age=100, now=clock)
    hit = cache.get("https://a.example/")
    assert hit is not None and hit.status == "redirected" and hit.final_url == "https://b.example/"
    cache.put(hit)
    cache.save()
    clock.now += 60
    assert LinkCache(path, max_age=100, now=clock).get("https://a.example/") is None


def test_disabled_cache_never_hits_and_never_writes(tmp_path: Path) -> None:
    cache = LinkCache.disabled()
    cache.put(LinkResult("https://a.example/", "ok", 200, None, "ok", 0.1))
    assert cache.get("https://a.example/") is None
    cache.save()
    assert not cache.enabled
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content", ["{not json", "[]", '{"schema": 99, "entries": {}}', '{"schema": 1, "entries": {"u": 5}}']
)
def test_corrupt_cache_file_is_ignored(tmp_path: Path, content: str) -> None:
    path = tmp_path / "links.json"
    path.write_text(content, encoding="utf-8")
    cache = LinkCache(path)
    assert cache.get("u") is None and len(cache) == 0
    cache.put(LinkResult("https://a.example/", "ok", 200, None, "ok", 0.1))
    cache.save()
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == 1


def test_default_cache_location(tmp_path: Path) -> None:
    assert LinkCache.for_site(tmp_path).path == tmp_path / ".oit-cache" / "links.json"


def test_request_key_normalises_only_what_is_case_insensitive() -> None:
    assert str(_parse("HTTP://Example.GO.th/Doc?ID=1&x=a%2Fb#top")) == "http://example.go.th/Doc?ID=1&x=a%2Fb"
