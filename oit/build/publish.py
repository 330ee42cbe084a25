"""Build the site for publishing: check, build aside, verify, then swap into place.

The publishing gate: a site with a failing required item is not produced unless the
officer gives a reason, which is printed and kept in the built site. A failed or
interrupted build leaves the previous ``site/`` exactly as it was:

* the new site is built in a hidden ``.site.build-<pid>-*`` folder beside ``site/`` and
  swapped in only when mkdocs and the checks of the built HTML succeeded;
* SIGTERM and Ctrl-C stop mkdocs, delete the hidden folder and end with a message;
* after SIGKILL (nothing can clean up then) mkdocs dies with its parent, and the next
  build deletes the folders of builds whose process is gone (or restores ``site/`` if
  the kill fell between the two renames of a swap).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from types import FrameType

from oit.build.mkdocs_messages import explain_mkdocs
from oit.core.atomic import current_umask, replace_dir, write_text_atomic
from oit.core.errors import InputError
from oit.core.yamlsource import check_syntax
from oit.pages.site_meta import AS_OF_ENV


class BuildRefused(Exception):
    """The checks failed; the previous site/ is untouched."""


class _Terminated(BaseException):
    """SIGTERM arrived: unwind (stopping mkdocs, deleting the staging folder) and stop."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    return True


def clean_stale_builds(out: Path) -> list[str]:
    """Delete what killed builds left beside ``out``; return the names dealt with.

    ``.<out>.build-<pid>-*`` folders of processes that no longer run are deleted. An
    ``.<out>.old-<pid>`` folder is the previous site of a swap that was killed half-way:
    it is put back if ``out`` is missing, deleted otherwise. Folders of a build that is
    still running are left alone.
    """
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(build|old)-(\d+)(?:-.*)?")
    legacy = re.compile(rf"\.{re.escape(out.name)}\.build-[^-]*")  # before the pid was in the name
    handled: list[str] = []
    if not out.parent.is_dir():
        return handled
    for entry in sorted(out.parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if match is None and not legacy.fullmatch(entry.name):
            continue
        if entry.is_symlink() or not entry.is_dir():
            continue
        if match is not None:
            pid = int(match.group(2))
            if pid != os.getpid() and _pid_alive(pid):
                continue
            if match.group(1) == "old" and not out.exists():
                os.replace(entry, out)
                handled.append(entry.name)
                continue
        shutil.rmtree(entry, ignore_errors=True)
        handled.append(entry.name)
    return handled


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Within the block, SIGTERM raises ``_Terminated`` so ``finally`` clauses run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGTERM and SIGINT while ``site/`` is being swapped, so it is never half done."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGTERM, signal.SIGINT}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _problems_only(log: str) -> str:
    """mkdocs' log without its INFO/DEBUG records (and their indented continuation lines)."""
    kept: list[str] = []
    keep = True
    for line in log.splitlines():
        if line[:1] not in (" ", "\t", ""):
            keep = not line.startswith(("INFO", "DEBUG"))
        if keep:
            kept.append(line)
    return "\n".join(kept).strip() or log.strip()


def _die_with_parent_hook() -> Callable[[], None] | None:
    """A ``preexec_fn`` asking Linux to kill mkdocs if ``oit build`` dies (even by SIGKILL).

    So no orphan keeps writing into a folder the next build deletes. ``prctl`` is looked
    up here, in the parent: the child, between fork and exec, must not import anything.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - not glibc/musl
        return None
    pr_set_pdeathsig, sigkill = 1, int(signal.SIGKILL)

    def hook() -> None:  # pragma: no cover - runs in the child before exec
        prctl(pr_set_pdeathsig, sigkill)

    return hook


def _midnight_utc(day: date) -> int:
    """Seconds since the epoch at 00:00 UTC of ``day`` (SOURCE_DATE_EPOCH's unit)."""
    return int(datetime.combine(day, time(0, 0), tzinfo=UTC).timestamp())


# What every mkdocs(-material) build leaves at the top of its output folder.
_BUILT_MARKERS = ("sitemap.xml", "404.html", "search/search_index.json")


def _looks_built(folder: Path) -> bool:
    return (folder / "index.html").is_file() and any((folder / name).is_file() for name in _BUILT_MARKERS)


def refuse_foreign_out(root: Path, out: Path) -> None:
    """Refuse an ``--out`` folder that a build would wipe out with the officer's files in it.

    ``oit build`` replaces the whole output folder; that is right for ``site/`` and any
    earlier build, and a disaster for ``--out .``, ``--out content`` or a folder of the
    officer's own documents. So the folder must be new, empty or a previous build.
    """
    try:
        site, target = root.resolve(), out.resolve()
    except OSError:
        return  # the write itself will say what is wrong
    shown = str(out)
    hint = "ระบุโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง เช่น --out site (ค่าเริ่มต้น) หรือย้ายไฟล์ในโฟลเดอร์นั้นออกก่อน"
    if target == site or target in site.parents or target.is_relative_to(site / "content"):
        raise InputError("--out", None, f"{shown} เป็นโฟลเดอร์ของเว็บไซต์เอง (มี indicators.yml หรือ content/)"
                                        " oit build แทนที่โฟลเดอร์ผลลัพธ์ทั้งโฟลเดอร์ ไฟล์ของเว็บไซต์จะหายไป จึงไม่ทำ", hint)
    if target.exists() and not target.is_dir():
        raise InputError("--out", None, f"{shown} เป็นไฟล์ ไม่ใช่โฟลเดอร์", hint)
    if target.is_dir() and any(target.iterdir()) and not _looks_built(target):
        raise InputError("--out", None, f"{shown} มีไฟล์อื่นอยู่แล้ว ไม่ใช่เว็บไซต์ที่ oit build สร้างไว้"
                                        " oit build แทนที่โฟลเดอร์ผลลัพธ์ทั้งโฟลเดอร์ ไฟล์เหล่านั้นจะหายไป จึงไม่ทำ", hint)


def build_site(
    root: Path,
    *,
    as_of: date | None = None,
    offline: bool = False,
    out: Path | None = None,
    allow_failing: str | None = None,
    echo: Callable[[str], None] = print,
    override_command: str | None = None,
) -> str:
    """Check the site, build it into a temporary folder, check its links, then publish.

    Returns a one-line summary; raises ``BuildRefused`` when the gate closes or the build
    is interrupted (SIGTERM, Ctrl-C), the previous site untouched either way.
    ``override_command`` is the command the refusal tells the officer to run to publish
    anyway (``oit publish`` names itself); by default ``oit build --allow-failing``
    (:func:`oit.core.advice.allow_failing_advice`).
    """
    published: list[Path] = []
    try:
        with _sigterm_unwinds():
            return _build_site(
                root,
                as_of=as_of,
                offline=offline,
                out=out,
                allow_failing=allow_failing,
                echo=echo,
                published=published,
                override_command=override_command,
            )
    except (_Terminated, KeyboardInterrupt):
        if published:  # the signal came after the swap: the new site is whole and in place
            raise BuildRefused(f"ได้รับสัญญาณหยุดหลังเผยแพร่เว็บไซต์ใหม่ที่ {published[0]} เสร็จแล้ว") from None
        raise BuildRefused("ยกเลิกการสร้างเว็บไซต์กลางคัน เว็บไซต์เดิมไม่ถูกแตะต้อง") from None


def _build_site(
    root: Path,
    *,
    as_of: date | None = None,
    offline: bool = False,
    out: Path | None = None,
    allow_failing: str | None = None,
    echo: Callable[[str], None] = print,
    published: list[Path],
    override_command: str | None = None,
) -> str:
    from oit.checker.check import CheckOptions, run_check
    from oit.checker.report import render
    from oit.core.advice import allow_failing_advice

    root = Path(root)
    out = Path(out) if out else root / "site"
    day = as_of or date.today()
    refuse_foreign_out(root, out)
    if allow_failing is not None and not allow_failing.strip():
        raise InputError("--allow-failing", None, "ต้องระบุเหตุผล", 'เช่น --allow-failing "รอเอกสาร o12 จากกองคลัง"')
    # mkdocs would say a broken mkdocs.yml in English, after the whole check
    check_syntax(root / "mkdocs.yml", "mkdocs.yml")
    report = run_check(CheckOptions(site=root, as_of=day, offline=offline))
    echo(render(report, "text"))
    failing = [item for item in report.items if not item.passes]
    if failing and allow_failing is None:
        raise BuildRefused(
            f"ไม่สร้างเว็บไซต์: ยังมี {len(failing)} รายการไม่ผ่าน ({', '.join(i.code for i in failing)}) — "
            f"แก้ไขให้ครบ หรือสั่ง {override_command or allow_failing_advice(root)} เพื่อยืนยันเผยแพร่ทั้งที่ยังไม่ครบ"
        )
    if failing:
        echo(f"คำเตือน: เผยแพร่ทั้งที่ยังมี {len(failing)} รายการไม่ผ่าน เหตุผล: {allow_failing}")

    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_builds(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-{os.getpid()}-", dir=out.parent))
    # mkdtemp makes the folder 0700; site/ must be readable by the web server like any
    # folder the officer creates.
    staging.chmod(0o777 & ~current_umask())
    try:
        # Material's banner about MkDocs 2.0 is not a problem of this site; keep it out of messages.
        # mkdocs writes its log in UTF-8 and it is read as UTF-8, whatever the console's
        # code page: on a Thai Windows PC a pipe is cp874, which would garble a message
        # (or escape any character cp874 lacks) before the officer reads it.
        env = {
            "NO_MKDOCS_2_WARNING": "1",
            **os.environ,
            AS_OF_ENV: day.isoformat(),
            "PYTHONIOENCODING": "utf-8",
            # The site describes the as-of day, so that is its build date too: mkdocs dates
            # the sitemap and stamps the gzip header with it. The same input then gives the
            # same bytes on any day, and `oit publish` sends nothing when nothing changed.
            "SOURCE_DATE_EPOCH": str(_midnight_utc(day)),
        }
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",  # no --quiet: it drops the warnings that --strict counts
                "-f",
                str((root / "mkdocs.yml").resolve()),
                "-d",
                str(staging.resolve()),
            ],
            cwd=root,
            env=env,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            preexec_fn=_die_with_parent_hook(),
        )
        if proc.returncode != 0:
            problems = explain_mkdocs(_problems_only(proc.stderr or proc.stdout), root)
            raise BuildRefused("mkdocs build ไม่สำเร็จ เว็บไซต์เดิมไม่ถูกแตะต้อง:\n" + problems)
        site_report = run_check(CheckOptions(site=root, as_of=day, offline=True, site_dir=staging))
        broken = [p for item in site_report.site_problems for p in [item]]
        if broken:
            raise BuildRefused(
                "ลิงก์ภายในเว็บไซต์ที่สร้างเสีย เว็บไซต์เดิมไม่ถูกแตะต้อง:\n" + "\n".join(f"  {p.message}" for p in broken[:50])
            )
        if failing:
            write_text_atomic(
                staging / "publish-override.txt",
                f"เผยแพร่ทั้งที่ยังไม่ผ่าน: {', '.join(i.code for i in failing)}\nเหตุผล: {allow_failing}\n",
            )
        with _signals_held():
            replace_dir(staging, out)
            published.append(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return f"สร้างเว็บไซต์แล้วที่ {out} ({report.summary_line()})"
