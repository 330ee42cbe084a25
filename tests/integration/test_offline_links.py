"""Offline is not broken (issue 18, class 6).

With no network, every name lookup fails; ``oit check`` used to call each link broken
("ไม่พบชื่อโดเมน"). Names under the reserved ``.invalid`` TLD (RFC 2606) never resolve, on
any machine, so a site whose links all use them is what a machine without network sees;
a loopback server that answers proves the network part works, and then one ``.invalid``
name is a broken link.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from oit.checker.link_result import LinkResult
from oit.checker.links import machine_offline
from tests.integration.test_check_cli import run
from tests.support.http_server import LoopbackServer
from tests.support.sites import AS_OF_BE, passing_items, write_site

FACEBOOK = "https://www.facebook.invalid/abt.nongbua"
ESERVICE = "https://eservice.nongbua.invalid/form"
OFFLINE = ("เครื่องนี้ไม่ได้ต่ออินเทอร์เน็ต (ค้นหาชื่อโดเมนไม่ได้เลยสักชื่อ: eservice.nongbua.invalid,"
           " www.facebook.invalid) จึงยังไม่ได้ตรวจลิงก์ภายนอก 2 ลิงก์ และไม่นับว่าลิงก์เสีย"
           " — ต่ออินเทอร์เน็ตแล้วตรวจอีกครั้งก่อนส่ง; ถ้าเครื่องต่ออินเทอร์เน็ตอยู่แล้ว"
           " ให้ตรวจว่าพิมพ์ชื่อโดเมนเหล่านี้ถูกต้อง")


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer("127.0.0.3") as srv:
        yield srv


def site_with_links(root: Path, *urls: str) -> Path:
    items, files = passing_items()
    for number, url in enumerate(urls):
        items["o3"]["documents"].append({"title": f"ช่องทางออนไลน์ {number + 1}", "url": url})
    return write_site(root, items, files=files)


@pytest.mark.network
def test_no_host_resolves_means_offline_not_broken(tmp_path: Path) -> None:
    root = site_with_links(tmp_path / "s", FACEBOOK, ESERVICE)
    proc = run("--site", str(root), "--as-of", AS_OF_BE, "--format", "json", "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # as an offline check of a passing site
    data = json.loads(proc.stdout)
    assert {link["url"]: link["status"] for link in data["links"]} == {FACEBOOK: "not_checked",
                                                                        ESERVICE: "not_checked"}
    assert data["summary"]["links_checked"] == 0 and data["summary"]["links_broken"] == 0
    o3 = next(item for item in data["items"] if item["code"] == "o3")
    assert o3["status"] == "ok" and o3["problems"] == []
    assert data["warnings"].count(OFFLINE) == 1
    text = run("--site", str(root), "--as-of", AS_OF_BE, "--no-cache")
    assert text.returncode == 0
    assert "ไม่พบชื่อโดเมน" not in text.stdout + text.stderr
    assert (text.stdout + text.stderr).count("เครื่องนี้ไม่ได้ต่ออินเทอร์เน็ต") == 1


@pytest.mark.network
def test_one_bad_domain_among_answering_hosts_is_broken(tmp_path: Path, server: LoopbackServer) -> None:
    root = site_with_links(tmp_path / "s", server.url("/ok"), FACEBOOK)
    proc = run("--site", str(root), "--as-of", AS_OF_BE, "--format", "json", "--no-cache")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    links = {link["url"]: link for link in data["links"]}
    assert links[server.url("/ok")]["status"] == "ok"
    assert links[FACEBOOK]["status"] == "broken"
    assert links[FACEBOOK]["message"] == "เชื่อมต่อไม่ได้: ไม่พบชื่อโดเมน www.facebook.invalid"
    assert not any("เครื่องนี้ไม่ได้ต่ออินเทอร์เน็ต" in w for w in data["warnings"])
    o3 = next(item for item in data["items"] if item["code"] == "o3")
    assert o3["status"] == "broken"


def _result(url: str, status: str, *, unresolved: bool = False, from_cache: bool = False) -> LinkResult:
    return LinkResult(url, status, None, None, "", 0.0, from_cache=from_cache, unresolved=unresolved)


def test_what_counts_as_offline() -> None:
    dns = _result("https://a.invalid/", "broken", unresolved=True)
    assert machine_offline([dns, _result("https://b.invalid/", "broken", unresolved=True)])
    assert not machine_offline([dns, _result("http://127.0.0.1/", "ok")])  # one host answered
    assert not machine_offline([dns, _result("http://127.0.0.1/", "broken")])  # refused: an address, no DNS
    assert not machine_offline([])  # nothing was requested
    assert not machine_offline([_result("ftp://x", "invalid")])
    # a cached verdict made no request: no evidence either way
    assert machine_offline([dns, _result("https://c.example/", "ok", from_cache=True)])
