"""External-link engine of the checker.

The assessor opens every URL the officer submits to ITAS, and an item scores zero when
a required link is dead, so the checker must say precisely which links fail and why,
in Thai, without false alarms and without hanging on a bad server. Design points (each
one answers a known failure of existing link checkers, see ecosystem-notes §3):

* asynchronous (aiohttp), with a global bound on requests in flight and a per-host
  bound keyed on the host *name* (not host:port), so one slow provincial server
  cannot take every slot and no server gets hammered;
* every request has a total timeout, every URL has a hard time budget derived from
  the policy, and the whole run has a deadline derived from both, so a server that
  stalls, resets, floods bytes or redirects forever can never hang the run;
* HEAD first (cheap, no body); GET when the server refuses or fumbles HEAD;
  responses are never downloaded: only headers are read, the body is abandoned and
  the connection closed (aiohttp's flow control keeps at most a small buffer);
* redirects are followed by hand to count them, detect loops and notice permanent
  moves (the officer should update the link in ITAS);
* retries with exponential backoff for timeouts, resets, 5xx and 429, honouring
  ``Retry-After`` up to a cap; anti-bot answers (403 + ``cf-mitigated``, 999, 429 that
  persists) are "blocked", not "broken", because the page probably works in a browser;
* query strings are never stripped (``download.php?id=123`` is the norm on
  government sites), fragments are never sent, URLs are de-duplicated;
* TLS verification stays on: an assessor's browser would refuse a bad certificate too;
* proxies come from the environment, read by aiohttp itself (``trust_env=True``):
  ``HTTP_PROXY``/``HTTPS_PROXY`` (either case) and ``NO_PROXY`` as urllib reads them.
  Like curl and requests, and unlike a browser, this does not exempt loopback: with a
  proxy set, ``http://127.0.0.1/…`` goes through it unless ``NO_PROXY`` names it (put
  ``localhost,127.0.0.1`` there, as office set-ups usually do). With a proxy set,
  ``trust_env`` also makes aiohttp send Basic credentials from ``~/.netrc`` to the
  hosts listed there; with none, the environment is not consulted at all.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import random
import re
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final, Literal

import aiohttp
from yarl import URL

from oit.checker.link_result import PASSING_STATUSES, STATUSES, LinkResult

if TYPE_CHECKING:  # link_cache imports this module; avoid the cycle at run time
    from oit.checker.link_cache import LinkCache

__all__ = [
    "PASSING_STATUSES",
    "STATUSES",
    "LinkPolicy",
    "LinkResult",
    "check_links",
    "check_links_sync",
    "machine_offline",
    "run_deadline",
    "url_budget",
]

log = logging.getLogger(__name__)

_REDIRECT_CODES: Final = frozenset({301, 302, 303, 307, 308})
_PERMANENT_REDIRECTS: Final = frozenset({301, 308})
# Transient server trouble worth another try. 501/505 say "never", so they are not here.
_RETRY_5XX: Final = frozenset({500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524})
# HEAD answers after which HEAD is pointless for the whole host.
_HEAD_UNSUPPORTED: Final = frozenset({405, 501})
# Extra time the asyncio guard gives aiohttp's own timeout before cutting it off.
_GUARD_GRACE: Final = 1.0
_HOST_RE: Final = re.compile(r"^[A-Za-z0-9._~%-]+$")


@dataclass(frozen=True)
class LinkPolicy:
    """How politely and how patiently links are checked.

    ``backoff`` (an addition to the agreed API) is the first retry delay in seconds;
    it doubles on each retry, with jitter, and is capped at ``max_retry_after``.
    """

    timeout: float = 10.0  # per request, seconds (total per request incl. connect)
    concurrency: int = 100
    per_host: int = 8
    retries: int = 2  # for timeouts/5xx/429/resets
    max_redirects: int = 10
    max_retry_after: float = 30.0  # cap on honoured Retry-After
    user_agent: str = "oit-site-checker/0.1 (+ITA disclosure check)"
    backoff: float = 0.5

    def __post_init__(self) -> None:
        if not (self.timeout > 0 and math.isfinite(self.timeout)):
            raise ValueError("timeout must be a positive number of seconds")
        if self.concurrency < 1 or self.per_host < 1:
            raise ValueError("concurrency and per_host must be at least 1")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("retries and max_redirects must not be negative")
        if self.max_retry_after < 0 or self.backoff < 0:
            raise ValueError("max_retry_after and backoff must not be negative")


def url_budget(policy: LinkPolicy) -> float:
    """Hard cap, in seconds, on the time one URL may hold its slots.

    Each attempt may need a HEAD and a GET; each retry may wait up to
    ``max_retry_after``. Redirect hops share the budget, so a chain of slow
    redirects ends as a timeout instead of multiplying the wait.
    """
    attempts = policy.retries + 1
    return attempts * 2 * policy.timeout + policy.retries * policy.max_retry_after + 1.0


def run_deadline(policy: LinkPolicy, n_urls: int, max_per_host: int) -> float:
    """Deadline, in seconds, for a whole run of ``n_urls`` distinct URLs.

    Every URL holds its slots at most :func:`url_budget` seconds, so a run needs at
    most one budget per "round" of the busiest host plus one per round of the global
    pool. It is a safety net that only fires if a timeout somewhere fails to.
    """
    if n_urls <= 0:
        return 0.0
    rounds = math.ceil(max_per_host / policy.per_host) + math.ceil(n_urls / policy.concurrency)
    return url_budget(policy) * rounds + 5.0


# --------------------------------------------------------------------------- messages


def _secs(value: float) -> str:
    """Seconds for a Thai sentence: ``10`` rather than ``10.0``, ``0.5`` stays."""
    return f"{value:g}"


def _http_message(code: int) -> str:
    if code < 400:
        return f"ใช้งานได้ (HTTP {code})"
    known = {
        400: "คำขอไม่ถูกต้อง",
        401: "ต้องเข้าสู่ระบบก่อนจึงจะเปิดได้",
        403: "ไม่อนุญาตให้เข้าถึง",
        404: "ไม่พบหน้า",
        410: "หน้านี้ถูกลบแล้ว",
        451: "ถูกระงับการเข้าถึงด้วยเหตุผลทางกฎหมาย",
    }
    if code in known:
        return f"{known[code]} (HTTP {code})"
    if code >= 500:
        return f"เซิร์ฟเวอร์ปลายทางขัดข้อง (HTTP {code})"
    return f"เปิดหน้าไม่ได้ (HTTP {code})"


MSG_NOT_WEB: Final = "ไม่ใช่ลิงก์เว็บ (ต้องขึ้นต้นด้วย http:// หรือ https://)"
MSG_MALFORMED: Final = "ที่อยู่ลิงก์ผิดรูปแบบ"
MSG_EMPTY: Final = "ลิงก์ว่าง ไม่มีที่อยู่"


# --------------------------------------------------------------------------- parsing


def _parse(raw: str) -> URL | str:
    """A checkable URL, or the Thai reason why ``raw`` is not one.

    An ASCII URL is taken as already encoded and sent byte for byte, so its query
    string reaches the server exactly as written (``+`` and ``%2F`` included). A URL
    with Thai characters or spaces is percent-encoded first, as a browser would.
    """
    text = raw.strip()
    if not text:
        return MSG_EMPTY
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme not in ("http", "https"):
        return MSG_NOT_WEB
    encoded = text.isascii() and not any(c in text for c in ' "<>\\^`{|}')
    try:
        url = URL(text, encoded=encoded)
        _ = url.port  # raises on an out-of-range port
    except (ValueError, TypeError, UnicodeError):
        return MSG_MALFORMED
    host = url.raw_host or ""
    if not host or not (_HOST_RE.match(host) or ":" in host):
        return MSG_MALFORMED
    if host != host.lower():  # host names are case-insensitive: one key per host
        try:
            url = url.with_host(host.lower())
        except ValueError:
            return MSG_MALFORMED
    return url.with_fragment(None)


def _parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - now
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


# --------------------------------------------------------------------------- engine

_Kind = Literal[
    "response",
    "timeout",
    "dns",
    "refused",
    "reset",
    "tls",
    "bad_response",
    "redirect_loop",
    "too_many_redirects",
    "bad_redirect",
    "budget",
    "error",
]


@dataclass
class _Outcome:
    """What one request (or one redirect chain) produced, before classification."""

    kind: _Kind
    http_status: int | None = None
    final_url: str | None = None
    location: str | None = None
    retry_after: float | None = None
    cf_mitigated: bool = False
    permanent: int | None = None  # code of the first permanent redirect in the chain
    detail: str = ""


@dataclass
class _Notifier:
    """Calls the progress hook; a failing hook is logged once and then ignored.

    A bug in a progress bar must not throw away a long link check.
    """

    hook: Callable[[LinkResult], None] | None
    broken: bool = field(default=False)

    def __call__(self, result: LinkResult) -> None:
        if self.hook is None or self.broken:
            return
        try:
            self.hook(result)
        except Exception:
            self.broken = True
            log.exception("progress callback failed; further progress is not reported")


class _Checker:
    """One run: a session, the slots, and the per-host memory of HEAD support."""

    def __init__(self, policy: LinkPolicy, session: aiohttp.ClientSession) -> None:
        self.policy = policy
        self.session = session
        self.budget = url_budget(policy)
        self._global = asyncio.Semaphore(policy.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._no_head: set[str] = set()
        self._timeout = aiohttp.ClientTimeout(total=policy.timeout)

    # -- one request ----------------------------------------------------------------

    async def _request(self, method: str, url: URL) -> _Outcome:
        """One request, headers only. Never raises for network trouble."""
        try:
            # aiohttp's total timeout should fire first; this guard makes sure a stuck
            # read can never outlive it (belt and braces for "never hangs").
            async with (
                asyncio.timeout(self.policy.timeout + _GUARD_GRACE),
                self.session.request(
                    method,
                    url,
                    allow_redirects=False,
                    timeout=self._timeout,
                ) as resp,
            ):
                # Leaving this block releases the response without reading the body:
                # aiohttp closes the connection when the payload is unread, so a
                # 1 GB file or a body that never comes costs nothing more.
                return _Outcome(
                    "response",
                    http_status=resp.status,
                    final_url=str(url),
                    location=resp.headers.get("Location"),
                    retry_after=_parse_retry_after(resp.headers.get("Retry-After"), time.time()),
                    cf_mitigated="cf-mitigated" in resp.headers,
                )
        except TimeoutError:  # includes aiohttp.ServerTimeoutError
            return _Outcome("timeout", final_url=str(url))
        except aiohttp.ClientConnectorDNSError as exc:
            return _Outcome("dns", detail=str(exc))
        except (aiohttp.ClientSSLError, aiohttp.ServerFingerprintMismatch) as exc:
            return _Outcome("tls", detail=str(exc))
        except aiohttp.ClientConnectorError as exc:
            return _Outcome("refused", detail=str(exc))
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            return _Outcome("reset", detail=str(exc))
        except aiohttp.ClientResponseError as exc:
            # Malformed status line, header too long, too many headers (max_headers):
            # the byte-flooding server ends here.
            return _Outcome("bad_response", detail=str(exc))
        except aiohttp.InvalidURL as exc:
            return _Outcome("bad_redirect", detail=str(exc))
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            return _Outcome("error", detail=f"{type(exc).__name__}: {exc}")

    async def _chain(self, url: URL, method: str) -> _Outcome:
        """Follow redirects by hand from ``url`` with ``method``."""
        # A URL may legitimately come back once (a cookie-setting bounce such as
        # /page -> /set-cookie -> /page); the third visit is a loop.
        visits = Counter({str(url): 1})
        current = url
        permanent: int | None = None
        for _hop in range(self.policy.max_redirects + 1):
            out = await self._request(method, current)
            if out.kind != "response" or out.http_status not in _REDIRECT_CODES or out.location is None:
                out.permanent = permanent
                return out
            if permanent is None and out.http_status in _PERMANENT_REDIRECTS:
                permanent = out.http_status
            try:
                target = out.location.strip()
                nxt = current.join(URL(target, encoded=target.isascii() and " " not in target))
                nxt = nxt.with_fragment(None)
            except (ValueError, TypeError, UnicodeError):
                return _Outcome("bad_redirect", final_url=str(current), detail=out.location)
            if nxt.scheme not in ("http", "https") or not nxt.raw_host:
                return _Outcome("bad_redirect", final_url=str(current), detail=out.location)
            key = str(nxt)
            if visits[key] >= 2:
                return _Outcome("redirect_loop", http_status=out.http_status, final_url=key)
            visits[key] += 1
            current = nxt
        return _Outcome("too_many_redirects", final_url=str(current))

    # -- one URL --------------------------------------------------------------------

    def _retry_delay(self, out: _Outcome, attempt: int) -> float | None:
        """Seconds to wait before retrying ``out``, or None when it is final."""
        backoff = self.policy.backoff * (2**attempt) * random.uniform(1.0, 1.25)
        backoff = min(backoff, self.policy.max_retry_after)
        if out.kind in ("timeout", "reset"):
            return backoff
        if out.kind != "response" or out.http_status is None:
            return None
        if out.http_status == 429 or out.http_status in _RETRY_5XX:
            if out.retry_after is None:
                return backoff
            if out.retry_after > self.policy.max_retry_after:
                # Waiting longer than the cap is not worth it, and waiting only the
                # cap would just earn another refusal: give up now.
                return None
            return out.retry_after
        return None

    async def _check(self, url: URL) -> _Outcome:
        host = url.host or ""
        use_get = host in self._no_head
        attempt = 0
        while True:
            out = await self._chain(url, "GET" if use_get else "HEAD")
            if not use_get and _head_refused(out):
                # Many servers (and WAFs) answer HEAD wrongly: 405/501, but also 400,
                # 403 or even 404/500 while GET works. Confirm every failure with GET
                # before calling a link broken.
                if out.http_status in _HEAD_UNSUPPORTED:
                    self._no_head.add(host)
                use_get = True
                out = await self._chain(url, "GET")
            if attempt >= self.policy.retries:
                return out
            delay = self._retry_delay(out, attempt)
            if delay is None:
                return out
            await asyncio.sleep(delay)
            attempt += 1

    async def check(self, url: URL) -> tuple[_Outcome, float]:
        """Check ``url`` within its slots and its budget; returns (outcome, elapsed)."""
        host = url.host or ""
        host_slot = self._hosts.get(host)
        if host_slot is None:
            host_slot = self._hosts[host] = asyncio.Semaphore(self.policy.per_host)
        # Host slot first, then the global one: a URL waiting for its busy host then
        # holds nothing that URLs for idle hosts could use.
        async with host_slot, self._global:
            start = time.monotonic()
            try:
                async with asyncio.timeout(self.budget):
                    out = await self._check(url)
            except TimeoutError:
                out = _Outcome("budget")
            except Exception as exc:
                # One strange URL must not crash a run over thousands of links.
                log.debug("unexpected error checking %s", url, exc_info=True)
                out = _Outcome("error", detail=f"{type(exc).__name__}: {exc}")
            return out, time.monotonic() - start


def _head_refused(out: _Outcome) -> bool:
    """True when a HEAD outcome should be confirmed with GET."""
    if out.kind in ("reset", "bad_response"):
        return True
    return (
        out.kind == "response"
        and out.http_status is not None
        and out.http_status >= 400
        and out.http_status != 429  # rate limiting is handled by the retry loop
    )


def _classify(url: str, key: str, out: _Outcome, policy: LinkPolicy, elapsed: float) -> LinkResult:
    """Turn a raw outcome into a status and a Thai message."""

    def result(status: str, message: str, http: int | None = None) -> LinkResult:
        return LinkResult(
            url=url,
            status=status,
            http_status=http,
            final_url=out.final_url,
            message=message,
            elapsed=elapsed,
            unresolved=out.kind == "dns",
        )

    kind = out.kind
    if kind == "response":
        code = out.http_status or 0
        if code == 999 or (code == 403 and out.cf_mitigated):
            return result(
                "blocked",
                f"เว็บไซต์ปลายทางกันโปรแกรมตรวจอัตโนมัติ (HTTP {code}) ลิงก์อาจใช้ได้ กรุณาเปิดตรวจด้วยเบราว์เซอร์",
                code,
            )
        if code == 429:
            return result(
                "blocked",
                "เว็บไซต์ปลายทางจำกัดจำนวนคำขอ (HTTP 429) กรุณาตรวจซ้ำภายหลังหรือเปิดตรวจด้วยเบราว์เซอร์",
                code,
            )
        if code >= 400 or code < 100:
            return result("broken", _http_message(code), code)
        if out.permanent is not None and out.final_url and out.final_url != key:
            return result(
                "redirected",
                f"ใช้งานได้ แต่ลิงก์ถูกย้ายถาวร (HTTP {out.permanent}) ไปที่ {out.final_url} ควรแก้ลิงก์เป็นที่อยู่ใหม่",
                code,
            )
        return result("ok", _http_message(code), code)
    if kind == "timeout":
        return result("timeout", f"หมดเวลารอ {_secs(policy.timeout)} วินาที")
    if kind == "budget":
        return result(
            "timeout",
            f"ตรวจไม่เสร็จภายใน {_secs(url_budget(policy))} วินาที (เซิร์ฟเวอร์ตอบช้าหรือไม่ตอบ)",
        )
    host = URL(key, encoded=True).host or key
    messages: Mapping[str, str] = {
        "dns": f"เชื่อมต่อไม่ได้: ไม่พบชื่อโดเมน {host}",
        "refused": "เชื่อมต่อไม่ได้ (เซิร์ฟเวอร์ไม่รับการเชื่อมต่อ)",
        "reset": "เชื่อมต่อไม่ได้: การเชื่อมต่อถูกตัดกลางคัน",
        "tls": "เชื่อมต่อไม่ได้: ใบรับรองความปลอดภัย (HTTPS) ของเว็บไซต์ไม่ถูกต้อง",
        "bad_response": "เซิร์ฟเวอร์ปลายทางตอบกลับผิดรูปแบบ",
        "redirect_loop": "ลิงก์เปลี่ยนทาง (redirect) วนซ้ำไม่สิ้นสุด",
        "too_many_redirects": f"ลิงก์เปลี่ยนทาง (redirect) เกิน {policy.max_redirects} ครั้ง",
        "bad_redirect": "ลิงก์เปลี่ยนทางไปยังที่อยู่ที่ไม่ใช่เว็บหรือผิดรูปแบบ",
    }
    if kind in messages:
        return result("broken", messages[kind], out.http_status)
    return result("broken", f"เชื่อมต่อไม่ได้ ({out.detail or kind})")


def _timeout_result(url: str, policy: LinkPolicy, elapsed: float) -> LinkResult:
    return LinkResult(
        url=url,
        status="timeout",
        http_status=None,
        final_url=None,
        message="ตรวจไม่เสร็จภายในเวลาที่กำหนดของการตรวจทั้งชุด",
        elapsed=elapsed,
    )


# --------------------------------------------------------------------------- public API


async def check_links(
    urls: Iterable[str],
    policy: LinkPolicy = LinkPolicy(),  # frozen, so one shared default is safe
    *,
    cache: LinkCache | None = None,
    progress: Callable[[LinkResult], None] | None = None,
) -> dict[str, LinkResult]:
    """Check external links; return one result per distinct input string.

    * Keys are the input strings, in first-seen order. Strings that differ only in
      the fragment (or in the case of scheme/host) are requested once and share the
      verdict, each under its own key and ``url``.
    * Non-http(s) and malformed URLs get status ``invalid`` without any request.
    * With ``cache``, passing results younger than its ``max_age`` are reused
      (``from_cache=True``); new results are stored and the cache is saved at the end,
      even when the run is interrupted.
    * ``progress`` is called once per key of the returned dict, as results arrive
      (cache hits and invalid URLs first). An exception in it is logged and ignored.
    * The run ends within :func:`run_deadline`; URLs still unanswered then are
      reported as ``timeout``.
    """
    inputs = list(dict.fromkeys(urls))
    notify = _Notifier(progress)
    results: dict[str, LinkResult] = {}
    groups: dict[str, list[str]] = {}  # request key -> input strings sharing it
    targets: dict[str, URL] = {}

    def deliver(result: LinkResult) -> None:
        results[result.url] = result
        if cache is not None:
            cache.put(result)
        notify(result)

    try:
        for raw in inputs:
            hit = cache.get(raw) if cache is not None else None
            if hit is not None:
                results[raw] = hit
                notify(hit)
                continue
            parsed = _parse(raw)
            if isinstance(parsed, str):
                deliver(LinkResult(raw, "invalid", None, None, parsed, 0.0))
                continue
            key = str(parsed)
            groups.setdefault(key, []).append(raw)
            targets.setdefault(key, parsed)
        if targets:
            await _run(targets, groups, policy, deliver)
    finally:
        if cache is not None:
            cache.save()
    return {raw: results[raw] for raw in inputs}


async def _run(
    targets: dict[str, URL],
    groups: dict[str, list[str]],
    policy: LinkPolicy,
    deliver: Callable[[LinkResult], None],
) -> None:
    per_host = Counter(url.host or "" for url in targets.values())
    deadline = run_deadline(policy, len(targets), max(per_host.values()))
    connector = aiohttp.TCPConnector(
        limit=policy.concurrency,
        # Politeness is enforced by our per-host-name semaphores; aiohttp's own
        # per-host limit keys on (host, port, tls) and would only duplicate it.
        limit_per_host=0,
        ttl_dns_cache=300,
    )
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
        "Accept-Language": "th,en;q=0.7",
    }
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with aiohttp.ClientSession(
        connector=connector,
        headers=headers,
        auto_decompress=False,  # the body is never read, so never decoded either
        # Some CMSs bounce a first visit through a cookie-setting URL; keep cookies for
        # the run like a browser would (unsafe=True: also for IP-address hosts).
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        # Offices often sit behind a proxy: HTTP_PROXY / HTTPS_PROXY / NO_PROXY are
        # honoured as aiohttp reads them (loopback included: see the module notes).
        trust_env=_environment_names_a_proxy(),
    ) as session:
        checker = _Checker(policy, session)
        tasks: dict[asyncio.Task[tuple[_Outcome, float]], str] = {
            asyncio.create_task(checker.check(url)): key for key, url in targets.items()
        }
        pending: set[asyncio.Task[tuple[_Outcome, float]]] = set(tasks)
        try:
            while pending:
                remaining = deadline - (loop.time() - started)
                if remaining <= 0:
                    break
                done, pending = await asyncio.wait(pending, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    key = tasks[task]
                    outcome, elapsed = task.result()
                    base = _classify(key, key, outcome, policy, elapsed)
                    for raw in groups[key]:
                        deliver(replace(base, url=raw))
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
        for task in pending:
            for raw in groups[tasks[task]]:
                deliver(_timeout_result(raw, policy, loop.time() - started))


def machine_offline(results: Iterable[LinkResult]) -> bool:
    """Whether this run says "the machine is offline" rather than "these links are broken".

    What tells them apart: a bad domain fails alone, while a machine with no network
    fails *every* name lookup. So the verdict is offline when at least one link was
    requested in this run and every one of them failed at name resolution: not one host
    resolved, not one server answered. A single answering host (loopback included, or a
    link given by IP address) proves the network part works, and then a name that does not
    resolve is a broken link. Cache hits and malformed URLs made no request, so they are no
    evidence either way. The errno is no guide: offline resolvers say "temporary failure"
    (EAI_AGAIN) or "name not known" (EAI_NONAME) depending on the set-up, just as a real
    missing domain may. The one case this cannot tell apart is a site whose only host
    names are all mistyped while the machine is online; the offline message lists the
    names for that reason, so the officer can spot the typo.
    """
    tried = [r for r in results if not r.from_cache and r.status != "invalid"]
    return bool(tried) and all(r.unresolved for r in tried)


def _environment_names_a_proxy() -> bool:
    """Whether aiohttp's ``trust_env`` has a proxy to find (urllib's reading of the variables).

    aiohttp looks the proxy (and ``~/.netrc``) up again in a worker thread for every
    request: two thread hops that cost a fifth of a 1,000-link run on loopback. With no
    proxy variable there is nothing for it to find, so the lookups are not asked for.
    """
    return any(scheme != "no" for scheme in urllib.request.getproxies())


def check_links_sync(
    urls: Iterable[str],
    policy: LinkPolicy = LinkPolicy(),  # frozen, so one shared default is safe
    *,
    cache: LinkCache | None = None,
    progress: Callable[[LinkResult], None] | None = None,
) -> dict[str, LinkResult]:
    """Blocking wrapper around :func:`check_links` (``asyncio.run``).

    When called from a thread that already runs an event loop (a notebook, an async
    hook), the check runs on a private loop in a helper thread instead of failing.
    """
    coro_args: dict[str, Any] = {"cache": cache, "progress": progress}
    url_list = list(urls)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(check_links(url_list, policy, **coro_args))
    box: dict[str, Any] = {}

    def worker() -> None:
        try:
            box["value"] = asyncio.run(check_links(url_list, policy, **coro_args))
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=worker, name="check-links", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    result: dict[str, LinkResult] = box["value"]
    return result
