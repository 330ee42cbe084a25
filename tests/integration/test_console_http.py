"""``oit console`` over plain HTTP: the real command, a real server on 127.0.0.1, urllib.

What a browser cannot be made to do, a plain client can: send a foreign Host header, post
across sites without the page's CSRF token, come without the session cookie.
"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.support.console import URL_LINE, fetch, make_console_site, opener, running_console
from tests.support.sample import tree_digest

MSG_LOCKED = "เปิดหน้าจัดการเว็บไซต์จากลิงก์ที่แสดงในหน้าต่างคำสั่ง"
MSG_CSRF = "คำขอนี้ไม่มีรหัสยืนยันของหน้าคอนโซล (CSRF) จึงไม่ได้เปลี่ยนแปลงอะไร — เปิดหน้าใหม่แล้วทำอีกครั้ง"
MSG_HOST = "คำขอนี้ไม่ได้มาจากที่อยู่ของคอนโซล (127.0.0.1 หรือ localhost) จึงไม่ตอบ"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_console_site(tmp_path / "site")


def logged_in(console_url: str) -> urllib.request.OpenerDirector:
    client, _jar = opener()
    status, _headers, body = fetch(client, console_url)
    assert status == 200, body
    return client


def test_first_line_is_the_url_and_the_token_becomes_a_strict_cookie(site: Path) -> None:
    with running_console(site) as console:
        assert URL_LINE.match(console.first_line)
        client, jar = opener(follow=False)
        status, headers, _ = fetch(client, console.url)
        assert status == 303
        assert headers["Location"] == "/"  # the token leaves the address bar
        cookie = headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert [c.name for c in jar] == [f"oit-console-{console.port}"]
        status, _, body = fetch(client, console.base + "/")
        assert status == 200
        assert "o1" in body and "ยังไม่มีข้อมูล" in body


def test_without_the_session_nothing_is_served(site: Path) -> None:
    with running_console(site) as console:
        client, _ = opener()
        for path in ("/", "/items/o1", "/audit", "/export/itas.csv", "/files/index.md", "/preview/"):
            status, _, body = fetch(client, console.base + path)
            assert status == 403, path
            assert MSG_LOCKED in body
            assert "o1" not in body.replace("127.0.0.1", "")
        status, _, body = fetch(client, console.base + "/?token=not-this-launch")
        assert status == 403 and MSG_LOCKED in body


def test_foreign_host_is_refused(site: Path) -> None:
    with running_console(site) as console:
        client = logged_in(console.url)
        for host in (f"evil.example:{console.port}", "127.0.0.1", f"127.0.0.1:{console.port + 1}",
                     f"localhost.evil.example:{console.port}"):
            request = urllib.request.Request(console.base + "/", headers={"Host": host})
            status, _, body = fetch(client, request)
            assert 400 <= status < 500, host
            assert "o1" not in body
        ok = urllib.request.Request(console.base + "/", headers={"Host": f"localhost:{console.port}"})
        assert fetch(client, ok)[0] == 200


def test_post_without_csrf_token_is_refused_and_changes_nothing(site: Path) -> None:
    before = tree_digest(site)
    with running_console(site) as console:
        client = logged_in(console.url)  # even with the session cookie
        status, _, page = fetch(client, console.base + "/items/o1")
        yml = re.search(r'name="yml" value="([0-9a-f]+)"', page)
        assert status == 200 and yml
        form = f"title=x&url=https%3A%2F%2Fwww.example.go.th%2F&yml={yml.group(1)}".encode()
        for path in ("/items/o1/add", "/items/o1/not-applicable", "/audit/undo", "/new-year", "/publish"):
            status, _, body = fetch(client, urllib.request.Request(console.base + path, data=form), None)
            assert status == 403, path
            assert MSG_CSRF in body
            # A wrong token is no better than none.
            status, _, _ = fetch(client, urllib.request.Request(console.base + path, data=form + b"&csrf_token=guess"))
            assert status == 403, path
        # A cross-site form (a page elsewhere, the officer's cookie would not even be sent):
        anonymous, _ = opener()
        status, _, _ = fetch(anonymous, urllib.request.Request(
            console.base + "/items/o1/add", data=form, headers={"Origin": "https://evil.example"}))
        assert status == 403
    after = tree_digest(site)
    assert after == before


def test_get_changes_nothing(site: Path) -> None:
    before = tree_digest(site)
    with running_console(site) as console:
        client = logged_in(console.url)
        for path in ("/", "/items/o1", "/items/o1/remove/0", "/check", "/export", "/export/itas.xlsx",
                     "/publish", "/new-year", "/audit", "/preview/"):
            fetch(client, console.base + path)
    assert tree_digest(site) == before


def row_status(body: str, code: str) -> str:
    match = re.search(rf'data-code="{code}" data-status="([a-z_]+)"', body)
    assert match, f"no row for {code}"
    return match.group(1)


def test_overview_follows_changes_made_outside_the_console(site: Path, tmp_path: Path) -> None:
    import os

    from oit.officer.intake import AddRequest, add_document
    from tests.support.sites import pdf_bytes

    source = tmp_path / "structure.pdf"
    source.write_bytes(pdf_bytes())
    result = add_document(site, AddRequest(code="o1", title="โครงสร้าง", file=source))
    pdf = site / "content" / result.target
    with running_console(site) as console:
        client = logged_in(console.url)
        assert row_status(fetch(client, console.base + "/")[2], "o1") == "ok"
        # The file spoilt on disk, same size, indicators.yml untouched: the next view sees it.
        data = pdf.read_bytes()
        pdf.write_bytes(b"X" * len(data))
        os.utime(pdf, ns=(pdf.stat().st_atime_ns, pdf.stat().st_mtime_ns + 1_000_000))
        assert row_status(fetch(client, console.base + "/")[2], "o1") == "broken"
        pdf.write_bytes(data)
        os.utime(pdf, ns=(pdf.stat().st_atime_ns, pdf.stat().st_mtime_ns + 2_000_000))
        assert row_status(fetch(client, console.base + "/")[2], "o1") == "ok"


def test_new_year_without_the_tick_changes_nothing(site: Path) -> None:
    before = tree_digest(site)
    with running_console(site) as console:
        client = logged_in(console.url)
        page = fetch(client, console.base + "/new-year")[2]
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        yml = re.search(r'name="yml" value="([0-9a-f]+)"', page)
        assert csrf and yml
        form = f"csrf_token={csrf.group(1)}&yml={yml.group(1)}".encode()
        status, _, body = fetch(client, urllib.request.Request(console.base + "/new-year", data=form))
        assert status == 400
        assert "ยังไม่ได้ยืนยัน: ติ๊กช่องยืนยันก่อนกดขึ้นปีงบประมาณใหม่" in body
    assert tree_digest(site) == before


def test_a_broken_indicators_yml_is_shown_in_thai_not_a_traceback(site: Path) -> None:
    with running_console(site) as console:
        client = logged_in(console.url)
        config = site / "indicators.yml"
        config.write_text(config.read_text(encoding="utf-8") + "unknown_setting: 1\n", encoding="utf-8")
        status, _, body = fetch(client, console.base + "/")
        assert status == 400
        assert "indicators.yml มีข้อผิดพลาด" in body
        assert "unknown_setting" in body and "Traceback" not in body


def test_the_command_refuses_a_broken_site_and_a_busy_port(site: Path, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "indicators.yml").write_text("items: [\n", encoding="utf-8")
    command = [sys.executable, "-c", "from oit.cli.main import main; main()", "console", "--no-browser"]
    proc = subprocess.run([*command, "--site", str(broken)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "indicators.yml" in proc.stderr and "Traceback" not in proc.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([*command, "--site", str(site), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"เปิดพอร์ต {port} ไม่ได้" in proc.stderr and "Traceback" not in proc.stderr


def test_undo_is_refused_after_a_hand_edit(site: Path) -> None:
    with running_console(site) as console:
        client = logged_in(console.url)
        page = fetch(client, console.base + "/items/o3")[2]
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        yml = re.search(r'name="yml" value="([0-9a-f]+)"', page)
        assert csrf and yml
        form = urllib.parse.urlencode({"csrf_token": csrf.group(1), "yml": yml.group(1), "title": "เพจ Facebook",
                                       "url": "https://www.facebook.com/example"}).encode()
        status, _, body = fetch(client, urllib.request.Request(console.base + "/items/o3/add", data=form))
        assert status == 200 and "บันทึก 'เพจ Facebook' ใน o3 แล้ว" in body
        config = site / "indicators.yml"
        edited = config.read_text(encoding="utf-8") + "# แก้ด้วยมือหลังเพิ่ม\n"
        config.write_text(edited, encoding="utf-8")
        audit = fetch(client, console.base + "/audit")[2]
        yml = re.search(r'name="yml" value="([0-9a-f]+)"', audit)
        assert yml
        undo = urllib.parse.urlencode({"csrf_token": csrf.group(1), "yml": yml.group(1)}).encode()
        status, _, body = fetch(client, urllib.request.Request(console.base + "/audit/undo", data=undo))
        assert status == 409
        assert "indicators.yml ถูกแก้ไขจากที่อื่นหลังจากเปิดหน้านี้" in body
        assert config.read_text(encoding="utf-8") == edited


def test_overview_filters_by_status_and_division(site: Path) -> None:
    from oit.officer.intake import AddRequest, add_document

    add_document(site, AddRequest(code="o3", title="เพจ Facebook", url="https://www.facebook.com/example",
                                  division="กองคลัง"))
    with running_console(site) as console:
        client = logged_in(console.url)
        every = re.findall(r'data-code="(o\d+)"', fetch(client, console.base + "/")[2])
        assert len(every) == len(set(every)) > 20
        assert re.findall(r'data-code="(o\d+)"', fetch(client, console.base + "/?status=ok")[2]) == ["o3"]
        by_division = fetch(client, console.base + "/?division=" + urllib.parse.quote("กองคลัง"))[2]
        assert re.findall(r'data-code="(o\d+)"', by_division) == ["o3"]
        missing = re.findall(r'data-code="(o\d+)"', fetch(client, console.base + "/?status=missing")[2])
        assert "o3" not in missing and len(missing) == len(every) - 1


def _publish_result(client: urllib.request.OpenerDirector, base: str) -> str:
    """The publish page once the background job has ended (bounded wait)."""
    import time

    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        body = fetch(client, base + "/publish")[2]
        if "ผลการสร้างครั้งล่าสุด" in body:
            return body
        time.sleep(1)
    raise AssertionError("the build did not end in time")


@pytest.mark.timeout(600)
def test_publish_sends_the_build_to_the_target_named_in_indicators_yml(site: Path, tmp_path: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    config = site / "indicators.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"publish:\n  target: {web}\n", encoding="utf-8")
    with running_console(site) as console:
        client = logged_in(console.url)
        page = fetch(client, console.base + "/publish")[2]
        assert f"จากนั้นส่งเฉพาะไฟล์ที่เปลี่ยนไปที่ <strong>{web}</strong>" in page
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf
        form = urllib.parse.urlencode({"csrf_token": csrf.group(1), "allow_failing": "ทดลองเผยแพร่ก่อนเอกสารครบ"})
        for expected in ("เผยแพร่แล้วที่", "ไม่มีอะไรเปลี่ยน ไม่ได้ส่งไฟล์ใด"):
            status, _, _ = fetch(client, urllib.request.Request(console.base + "/publish", data=form.encode()))
            assert status == 200
            assert expected in _publish_result(client, console.base)
        audit = fetch(client, console.base + "/audit")[2]
    assert (web / "index.html").is_file() and (web / ".oit-publish.json").is_file()
    assert tree_digest(web).keys() - {".oit-publish.json"} == tree_digest(site / "site").keys()
    assert f'<td data-label="ทำอะไร">เผยแพร่<br><small>{web} (ทดลองเผยแพร่ก่อนเอกสารครบ)</small>' in audit
