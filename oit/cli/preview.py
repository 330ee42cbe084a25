"""``oit preview``: the site as citizens will see it, on this computer only, before publishing.

mkdocs stays an engine: ``python -m mkdocs serve`` runs as a child process on 127.0.0.1
with the site's own mkdocs.yml, so the hooks make the ITA pages and the Thai search index
exactly as ``oit build`` does, and ``hooks/ita.py`` adds indicators.yml to what mkdocs
watches (``archive/`` is added here with ``--watch``). Every save rebuilds the pages and
the browser reloads itself.

mkdocs' own log is English and mostly noise for the officer; :class:`LogTranslator` turns
the few records that matter (ready, rebuilding, built, a failed rebuild, a warning) into
Thai lines and drops the rest. Our hooks' error messages are already Thai and pass through.
Ctrl-C stops the server and ends with a Thai line and exit code 0, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import click

from oit.cli.common import EXIT_BAD_INPUT, as_of_option, guarded, parse_as_of, site_option
from oit.cli.thai_click import ThaiCommand
from oit.core.errors import InputError

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Tried in turn when --port is not given and 8000 is taken (another preview, a console).
_PORT_RANGE = range(DEFAULT_PORT, DEFAULT_PORT + 20)
# How long the server may take to stop after Ctrl-C before it is killed.
_STOP_SECONDS = 5.0

_RECORD = re.compile(r"^(INFO|WARNING|ERROR|DEBUG)\s+-\s+(?:\[\d\d:\d\d:\d\d\]\s+)?(.*)$")
_SERVING = re.compile(r"Serving on (\S+)")
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")

READY = "พร้อมแล้ว: เปิด {url} ในเบราว์เซอร์ (หน้าเว็บจะสร้างใหม่เองทุกครั้งที่บันทึก indicators.yml หรือไฟล์ใน content/)"
REBUILDING = "พบการแก้ไขไฟล์ กำลังสร้างหน้าเว็บใหม่..."
REBUILT = "สร้างหน้าเว็บใหม่แล้ว ({seconds} วินาที) — หน้าในเบราว์เซอร์จะโหลดใหม่เอง"
REBUILD_FAILED = ("สร้างหน้าเว็บใหม่ไม่สำเร็จ — แก้ตามข้อความข้างบนแล้วบันทึกอีกครั้ง "
                  "(ระหว่างนี้เบราว์เซอร์ยังแสดงฉบับก่อนหน้า)")
STOPPED = "หยุดแสดงตัวอย่างแล้ว"


@dataclass
class LogTranslator:
    """mkdocs serve's log, line by line, as the Thai lines the officer reads (or nothing)."""

    echo: Callable[[str], None]
    url: str | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    errors: list[str] = field(default_factory=list)
    _shown: bool = False  # the current record is shown: its indented continuation lines too
    _in_traceback: bool = False

    def feed(self, line: str) -> None:
        line = line.rstrip("\r\n")
        if self._in_traceback:
            if line.startswith((" ", "\t")) or not line:
                return
            self._in_traceback = False
            self._say(f"mkdocs ขัดข้อง: {line}", error=True)
            return
        if line.startswith("Traceback (most recent call last)"):
            self._in_traceback = True
            return
        match = _RECORD.match(line)
        if match is None:
            if line.startswith("Aborted with"):  # click's echo of a BuildError already logged
                return
            if self._shown and line.strip():
                self._say(line, error=bool(self.errors))
            return
        level, text = match.groups()
        self._shown = False
        if level == "INFO":
            self._info(text)
        elif level == "WARNING":
            self._shown = True
            self._say(f"คำเตือน: {text}")
        elif level == "ERROR":
            if text.startswith("An error happened during the rebuild"):
                self._say(REBUILD_FAILED, error=True)
            else:
                self._shown = True
                self._say(text, error=True)

    def _info(self, text: str) -> None:
        if (serving := _SERVING.search(text)) is not None:
            self.url = serving.group(1)
            self.echo(READY.format(url=self.url))
            self.ready.set()
        elif text.startswith("Detected file changes"):
            self.echo(REBUILDING)
        elif (built := _BUILT.search(text)) is not None and self.ready.is_set():
            self.echo(REBUILT.format(seconds=built.group(1)))

    def _say(self, text: str, *, error: bool = False) -> None:
        if error:
            self.errors.append(text)
        self.echo(text)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def choose_port(requested: int | None) -> int:
    """The port asked for (refused when taken), or the first free one from 8000."""
    if requested is not None:
        if not 1024 <= requested <= 65535:
            raise InputError("--port", None, f"พอร์ต {requested} ใช้ไม่ได้", "เลือกเลขระหว่าง 1024 ถึง 65535 เช่น --port 8001")
        if not _port_free(requested):
            raise InputError("--port", None, f"พอร์ต {requested} ถูกใช้อยู่ (อาจเปิดตัวอย่างค้างไว้ในอีกหน้าต่าง)",
                             "ปิดหน้าต่างนั้น หรือเลือกพอร์ตอื่น เช่น --port 8001 หรือไม่ระบุ --port เพื่อให้เลือกเอง")
        return requested
    for port in _PORT_RANGE:
        if _port_free(port):
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _check_site(site: Path) -> Path:
    """The site's mkdocs.yml, after indicators.yml has loaded (its mistakes come with file:line)."""
    from oit.core.indicators import load_site

    load_site(site)
    config = site / "mkdocs.yml"
    if not config.is_file():
        raise InputError(str(config), None, "ไม่พบ mkdocs.yml ของเว็บไซต์นี้",
                         "สั่ง oit preview ในโฟลเดอร์ที่สร้างด้วย oit init หรือระบุ --site โฟลเดอร์นั้น")
    return config


def _serve_command(config: Path, port: int, site: Path) -> list[str]:
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"{HOST}:{port}", "--livereload"]
    archive = site / "archive"  # earlier years, read by the archive pages
    if archive.is_dir():
        command += ["--watch", str(archive)]
    return command


def _stop(child: subprocess.Popen[str]) -> None:
    """Ask mkdocs to stop as Ctrl-C would; kill it only if it does not.

    In a terminal Ctrl-C reaches mkdocs too (same process group, same Windows console);
    a SIGINT or SIGTERM sent to ``oit`` alone is passed on here.
    """
    if child.poll() is None and os.name == "posix":
        with contextlib.suppress(OSError):  # already gone
            child.send_signal(signal.SIGINT)
    for ask in (child.terminate, child.kill):
        try:
            child.wait(timeout=_STOP_SECONDS)
            return
        except subprocess.TimeoutExpired:
            ask()
    child.wait()


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command("preview", cls=ThaiCommand)
@site_option
@as_of_option
@click.option("--port", type=int, help=f"พอร์ตบนเครื่องนี้ (ค่าเริ่มต้น: {DEFAULT_PORT} หรือพอร์ตว่างถัดไป)")
@click.option("--no-browser", is_flag=True, help="ไม่เปิดเบราว์เซอร์ให้เอง")
@guarded
def preview_command(site: Path, as_of: str | None, port: int | None, no_browser: bool) -> None:
    """ดูตัวอย่างเว็บไซต์บนเครื่องนี้ก่อนเผยแพร่ (http://127.0.0.1:8000/) หยุดด้วย Ctrl-C"""
    from oit.pages.site_meta import AS_OF_ENV

    site = site.absolute()
    day = parse_as_of(as_of)
    config = _check_site(site)
    port = choose_port(port)
    click.echo(f"กำลังเปิดตัวอย่างเว็บไซต์ที่ http://{HOST}:{port}/ (เฉพาะเครื่องนี้) — หยุดด้วย Ctrl-C")
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    if day is not None:
        env[AS_OF_ENV] = day.isoformat()
    translator = LogTranslator(echo=click.echo)
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C stops the preview even when whatever started oit ignored it (a background
        # job); mkdocs, started after this, gets the default handling back as well.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if os.name == "posix":
            signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop: the same clean end
    # The same guard as oit build's: if oit itself is killed, Linux stops mkdocs too, so
    # no orphan server keeps the port (the next oit preview would find it taken).
    from oit.build.publish import _die_with_parent_hook

    child = subprocess.Popen(_serve_command(config, port, site), cwd=site, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
                             preexec_fn=_die_with_parent_hook())

    def read_log() -> None:
        for line in child.stdout or []:
            translator.feed(line)

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        while child.poll() is None and not translator.ready.wait(0.2):
            pass
        if translator.ready.is_set() and not no_browser:
            import webbrowser

            if not webbrowser.open(translator.url or f"http://{HOST}:{port}/"):
                click.echo("เปิดเบราว์เซอร์ให้ไม่ได้ — คัดลอกลิงก์ข้างบนไปเปิดเอง")
        child.wait()
    except KeyboardInterrupt:
        _stop(child)
        reader.join(timeout=_STOP_SECONDS)
        click.echo(STOPPED)
        return
    reader.join(timeout=_STOP_SECONDS)
    if not translator.ready.is_set():
        click.echo("เปิดตัวอย่างเว็บไซต์ไม่ได้ — แก้ตามข้อความข้างบนแล้วสั่ง oit preview อีกครั้ง", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(STOPPED)


def register_preview_commands(group: click.Group) -> None:
    """Attach ``oit preview`` to the ``oit`` group (called at the end of oit/cli/main.py)."""
    group.add_command(preview_command)
