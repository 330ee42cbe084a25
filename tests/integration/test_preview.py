"""``oit preview``: a real ``mkdocs serve`` on 127.0.0.1 of a site made by ``oit init``.

The officer's loop as it happens: start the preview, open the home and ITA pages, save
indicators.yml with a new document (and once with a mistake), see the page change,
press Ctrl-C. Every wait is bounded; only loopback is used.
"""

from __future__ import annotations

import http.client
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_officer_support import ENV, OIT, oit

NAME = "องค์การบริหารส่วนตำบลดูตัวอย่าง"
NEW_TITLE = "ทำเนียบผู้บริหาร ชุดใหม่ ๒๕๗๐"
O2_EMPTY = "  o2:   # ข้อมูลผู้บริหาร — ฉบับที่มีผลใช้บังคับ (any)\n    documents: []\n"
WAIT_SECONDS = 120.0

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    """The page's text, or None while the server is not (yet) answering with 200."""
    try:
        with _NO_PROXY.open(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
        return None


def stop(proc: subprocess.Popen[str]) -> None:
    """Stop a running ``oit preview`` as Ctrl-C does, bounded; killed only if it does not stop."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # a clean stop takes mkdocs down too; a kill would orphan it
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def wait_for(url: str, text: str, proc: subprocess.Popen[str]) -> str:
    """Poll ``url`` until it shows ``text`` (bounded); fail if the preview died meanwhile."""
    end = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < end:
        assert proc.poll() is None, "oit preview ended early"
        page = fetch(url)
        if page is not None and text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {text!r} within {WAIT_SECONDS} s")


class Output:
    """A child's output lines, read in the background so the child never blocks on a pipe."""

    def __init__(self, stream: object) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self._queue.put(line.rstrip("\n"))

    def drain(self) -> list[str]:
        while True:
            try:
                self.lines.append(self._queue.get_nowait())
            except queue.Empty:
                return self.lines

    def wait_line(self, wanted: str) -> None:
        end = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < end:
            if any(wanted in line for line in self.drain()):
                return
            time.sleep(0.2)
        raise AssertionError(f"no line with {wanted!r} in {self.lines}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("preview") / "เว็บ อบต ดูตัวอย่าง"  # Thai and spaces, as on a Windows desktop
    parent.mkdir()
    proc = oit("init", "เว็บไซต์", "--name", NAME, "--site-url", "https://www.dootuayang.go.th/",
               "--deadline", "2570-04-30", cwd=parent)
    assert proc.returncode == 0, proc.stderr
    return parent / "เว็บไซต์"


@pytest.fixture
def preview(site: Path) -> Iterator[tuple[subprocess.Popen[str], Output, int]]:
    port = free_port()
    env = dict(ENV)
    env.pop("OIT_AS_OF", None)
    proc = subprocess.Popen([OIT, "preview", "--no-browser", "--port", str(port)], cwd=site, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = Output(proc.stdout)
    try:
        yield proc, out, port
    finally:
        stop(proc)


def test_preview_serves_rebuilds_on_save_and_stops_cleanly(site: Path, preview: tuple[subprocess.Popen[str],
                                                                                           Output, int]) -> None:
    proc, out, port = preview
    base = f"http://127.0.0.1:{port}/"
    home = wait_for(base, NAME, proc)
    assert "ติดต่อเรา" in home
    ita = wait_for(base + "ita/", "o26", proc)
    assert NAME in ita
    # the Thai search works in the preview too: segmented index and the query vocabulary
    assert '"thai"' in (fetch(base + "search/search_index.json") or "")
    assert "ข้อมูล" in (fetch(base + "search/thai-words.json") or "")

    config = site / "indicators.yml"
    good = config.read_text(encoding="utf-8")
    assert O2_EMPTY in good
    # a mistake first: the preview says so in Thai with file:line and keeps running
    config.write_text(good.replace(O2_EMPTY, O2_EMPTY.replace(
        "documents: []", "documents:\n      - {title: ผิด, url: 'https://x.go.th/a', date: 2569-13-01}")), encoding="utf-8")
    out.wait_line("สร้างหน้าเว็บใหม่ไม่สำเร็จ")
    assert any(line.startswith("indicators.yml:") and "เดือน 13" in line for line in out.drain()), out.lines
    assert proc.poll() is None
    # then the fix, with the new document: the page shows it
    config.write_text(good.replace(O2_EMPTY, O2_EMPTY.replace(
        "documents: []", f"documents:\n      - title: {NEW_TITLE}\n        url: https://www.dootuayang.go.th/team")),
        encoding="utf-8")
    wait_for(base + "ita/o2.html", NEW_TITLE, proc)
    out.wait_line("สร้างหน้าเว็บใหม่แล้ว")

    proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
    assert proc.wait(timeout=60) == 0
    out.wait_line("หยุดแสดงตัวอย่างแล้ว")  # the reader thread may still be catching up
    lines = out.drain()
    stderr = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in stderr and "Traceback" not in "\n".join(lines)
    assert lines[0] == f"กำลังเปิดตัวอย่างเว็บไซต์ที่ {base} (เฉพาะเครื่องนี้) — หยุดด้วย Ctrl-C"
    assert lines[1] == (f"พร้อมแล้ว: เปิด {base} ในเบราว์เซอร์ (หน้าเว็บจะสร้างใหม่เองทุกครั้งที่บันทึก "
                        "indicators.yml หรือไฟล์ใน content/)")
    assert "พบการแก้ไขไฟล์ กำลังสร้างหน้าเว็บใหม่..." in lines
    assert ("สร้างหน้าเว็บใหม่ไม่สำเร็จ — แก้ตามข้อความข้างบนแล้วบันทึกอีกครั้ง "
            "(ระหว่างนี้เบราว์เซอร์ยังแสดงฉบับก่อนหน้า)") in lines
    assert lines[-1] == "หยุดแสดงตัวอย่างแล้ว"
    # mkdocs' English log stays out of the officer's window
    assert not [line for line in lines if line.startswith(("INFO", "WARNING", "Aborted"))], lines
    assert fetch(base) is None  # the server is gone


def test_a_port_in_use_is_refused_in_thai(site: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = oit("preview", "--no-browser", "--port", str(port), cwd=site)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"ข้อผิดพลาด: --port: พอร์ต {port} ถูกใช้อยู่ (อาจเปิดตัวอย่างค้างไว้ในอีกหน้าต่าง) — วิธีแก้: "
        "ปิดหน้าต่างนั้น หรือเลือกพอร์ตอื่น เช่น --port 8001 หรือไม่ระบุ --port เพื่อให้เลือกเอง")


def test_a_broken_indicators_file_is_reported_before_any_server_starts(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    proc = oit("init", broken, "--name", NAME, "--site-url", "https://x.go.th/", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    config = broken / "indicators.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("fiscal_year: 2570", "fiscal_year: 2570\nbogus: 1"),
                      encoding="utf-8")
    proc = oit("preview", "--no-browser", "--port", str(free_port()), "--site", broken, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "indicators.yml:" in proc.stderr and "bogus" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""  # no "กำลังเปิด..." for a server that never started


def test_oit_preview_is_listed_in_thai() -> None:
    proc = subprocess.run([OIT, "--help"], env=dict(ENV), capture_output=True, text=True, timeout=60)
    assert re.search(r"^  preview +ดูตัวอย่างเว็บไซต์บนเครื่องนี้ก่อนเผยแพร่", proc.stdout, re.MULTILINE), proc.stdout


def test_an_engine_crash_is_one_thai_line_not_a_traceback() -> None:
    from oit.cli.preview import LogTranslator

    said: list[str] = []
    log = LogTranslator(echo=said.append)
    for line in ["INFO    -  Building documentation...", "Traceback (most recent call last):",
                 '  File "mkdocs/livereload/__init__.py", line 1, in serve', "    self.server_bind()",
                 "OSError: [Errno 98] Address already in use"]:
        log.feed(line)
    assert said == ["mkdocs ขัดข้อง: OSError: [Errno 98] Address already in use"]
    assert not log.ready.is_set() and log.errors == said


def test_a_killed_preview_takes_its_server_down(site: Path) -> None:
    """SIGKILL cannot be caught: the server must still not outlive oit and keep the port."""
    port = free_port()
    proc = subprocess.Popen([OIT, "preview", "--no-browser", "--port", str(port)], cwd=site, env=dict(ENV),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    Output(proc.stdout)
    try:
        wait_for(f"http://127.0.0.1:{port}/", "ITA", proc)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    end = time.monotonic() + WAIT_SECONDS
    while fetch(f"http://127.0.0.1:{port}/") is not None and time.monotonic() < end:
        time.sleep(0.2)
    assert fetch(f"http://127.0.0.1:{port}/") is None, "mkdocs serve outlived oit preview"
