"""Nothing lost: a failed, refused or killed build leaves the previous site/ exactly as it was.

The sample site is built once; each test works on a copy of it (source and built
``site/``), breaks the next build in one way, and compares a hash of every file and
folder of ``site/`` before and after. Interrupted builds are real: ``oit build`` runs
as a subprocess with a hook that announces itself and then sleeps inside mkdocs, and
the test sends SIGTERM or SIGKILL at that moment.

Files the tool writes (reports, exports) are replaced whole or not at all: a run killed
at any moment leaves either the old file or the complete new one.
"""

from __future__ import annotations

import ast
import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from oit.build.publish import clean_stale_builds
from oit.core import atomic
from oit.core.errors import InputError
from tests.reliability.helpers import AS_OF, ENV, OIT, ROOT, assert_clean_failure, run_oit
from tests.support.sample import copy_sample


def tree_hash(root: Path) -> str:
    """One hash over every path, its kind, mode and bytes: equal hashes, identical trees."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        mode = path.lstat().st_mode
        digest.update(f"{rel}\0{oct(mode)}\0".encode())
        if path.is_symlink():
            digest.update(os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def leftovers(root: Path) -> list[str]:
    """Temporary build folders beside site/."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site.", "site.")) or "build-" in p.name)


@pytest.fixture
def site_copy(built_sample: Path, tmp_path: Path) -> Path:
    root = tmp_path / "s"
    shutil.copytree(built_sample, root, symlinks=True)
    return root


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return run_oit("build", "--offline", "--as-of", AS_OF, cwd=root, timeout=300)


# -- refused builds -------------------------------------------------------------------------


def test_broken_indicators_keeps_old_site(site_copy: Path) -> None:
    before = tree_hash(site_copy / "site")
    config = site_copy / "indicators.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  o99:\n    documents: []\n", encoding="utf-8")
    proc = _build(site_copy)
    assert_clean_failure(proc, 2)
    assert "indicators.yml:" in proc.stderr
    assert tree_hash(site_copy / "site") == before
    assert leftovers(site_copy) == []


def test_strict_mkdocs_failure_keeps_old_site(site_copy: Path) -> None:
    """A page linking to a page that does not exist fails ``mkdocs build --strict``."""
    before = tree_hash(site_copy / "site")
    page = site_copy / "content" / "laws.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[ระเบียบใหม่](regulations-2570.md)\n", encoding="utf-8")
    proc = _build(site_copy)
    assert_clean_failure(proc, 1)
    assert "mkdocs build ไม่สำเร็จ" in proc.stderr
    assert "regulations-2570.md" in proc.stderr
    assert "INFO" not in proc.stderr  # the officer sees the problem, not mkdocs' whole log
    assert tree_hash(site_copy / "site") == before
    assert leftovers(site_copy) == []


def test_broken_link_in_built_html_keeps_old_site(site_copy: Path) -> None:
    """Raw HTML links are not checked by mkdocs; the check of the built site catches them."""
    before = tree_hash(site_copy / "site")
    page = site_copy / "content" / "laws.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<a href="nowhere.html">ไม่มีหน้านี้</a>\n', encoding="utf-8")
    proc = _build(site_copy)
    assert_clean_failure(proc, 1)
    assert "nowhere.html" in proc.stderr
    assert tree_hash(site_copy / "site") == before
    assert leftovers(site_copy) == []


def test_successful_build_replaces_site_whole(site_copy: Path) -> None:
    page = site_copy / "content" / "laws.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nข้อความเพิ่มใหม่สำหรับการทดสอบ\n", encoding="utf-8")
    proc = _build(site_copy)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ข้อความเพิ่มใหม่สำหรับการทดสอบ" in (site_copy / "site" / "laws.html").read_text(encoding="utf-8")
    assert leftovers(site_copy) == []


# -- interrupted builds ---------------------------------------------------------------------


def _pid_gone(pid: int, within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # A zombie still answers kill(0); it is gone as far as work is concerned.
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                if handle.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        time.sleep(0.1)
    return False


def _start_slow_build(root: Path, marker: Path) -> tuple[subprocess.Popen[str], int]:
    """Start ``oit build``; return it and the pid of its mkdocs once mkdocs sits in the hook."""
    env = dict(ENV, OIT_TEST_SLOW_MARKER=str(marker))
    proc = subprocess.Popen(
        [OIT, "build", "--offline", "--as-of", AS_OF], cwd=root, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 120
    while not marker.exists() or not marker.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            out, err = proc.communicate(timeout=30)
            pytest.fail(f"the build never reached the slow hook (exit {proc.returncode}):\n{out[-2000:]}\n{err[-2000:]}")
        time.sleep(0.05)
    return proc, int(marker.read_text())


def test_sigterm_mid_build_keeps_site_and_cleans_up(site_copy: Path, tmp_path: Path) -> None:
    before = tree_hash(site_copy / "site")
    proc, mkdocs_pid = _start_slow_build(site_copy, tmp_path / "marker")
    assert [p for p in leftovers(site_copy) if p.startswith(".site.build-")], "the build folder should exist by now"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in out + err
    assert proc.returncode == 1, err
    assert "ยกเลิกการสร้างเว็บไซต์" in err
    assert _pid_gone(mkdocs_pid), "mkdocs kept running after oit build was stopped"
    assert tree_hash(site_copy / "site") == before
    assert leftovers(site_copy) == []


def test_sigkill_mid_build_keeps_site_and_next_build_cleans_up(site_copy: Path, tmp_path: Path) -> None:
    before = tree_hash(site_copy / "site")
    proc, mkdocs_pid = _start_slow_build(site_copy, tmp_path / "marker")
    proc.kill()
    proc.communicate(timeout=60)
    assert _pid_gone(mkdocs_pid), "mkdocs outlived the killed oit build (an orphan still writing)"
    assert tree_hash(site_copy / "site") == before
    left = leftovers(site_copy)
    # Only hidden build folders may remain after SIGKILL; nothing a web server would show.
    assert all(name.startswith(".site.build-") for name in left), left
    proc2 = _build(site_copy)
    assert proc2.returncode == 0, proc2.stderr[-3000:]
    assert leftovers(site_copy) == []


# -- the swap and the clean-up, in-process -----------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.fixture
def sleeper() -> Iterator[int]:
    child = subprocess.Popen(["sleep", "60"])
    try:
        yield child.pid
    finally:
        child.kill()
        child.wait()


def _folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def test_clean_stale_builds(tmp_path: Path, sleeper: int) -> None:
    out = _folder(tmp_path / "site", "current")
    dead = _dead_pid()
    _folder(tmp_path / f".site.build-{dead}-abc", "half")
    _folder(tmp_path / f".site.old-{dead}", "previous")
    _folder(tmp_path / ".site.build-x1y2z3", "from an older version")
    _folder(tmp_path / f".site.build-{sleeper}-live", "a build still running")
    (tmp_path / "notes.site.build-1").write_text("not ours", encoding="utf-8")
    clean_stale_builds(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["site", f".site.build-{sleeper}-live", "notes.site.build-1"]
    )
    assert (out / "index.html").read_text(encoding="utf-8") == "current"


def test_swap_killed_between_renames_is_restored(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _folder(tmp_path / f".site.old-{_dead_pid()}", "previous")
    clean_stale_builds(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_replace_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    if not exchange:
        monkeypatch.setattr(atomic, "exchange_paths", lambda a, b: False)
    out = _folder(tmp_path / "site", "old")
    atomic.replace_dir(_folder(tmp_path / ".site.build-1-x", "new"), out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_replace_dir_failure_puts_old_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "exchange_paths", lambda a, b: False)
    out = _folder(tmp_path / "site", "old")
    new = _folder(tmp_path / ".site.build-1-x", "new")
    real_replace = os.replace
    calls: list[tuple[str, str]] = []

    def failing_second_rename(src: str | Path, dst: str | Path) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) == 2:
            raise OSError(errno.EIO, "simulated I/O error")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing_second_rename)
    with pytest.raises(OSError):
        atomic.replace_dir(new, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"


# -- reports and other files ----------------------------------------------------------------


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("OLD", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(InputError) as caught:
        atomic.write_text_atomic(target, "{" + "x" * 100_000)
    assert "report.json" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "OLD"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize("where", ["parent_is_a_file", "target_is_a_folder"])
def test_unwritable_output_is_a_message(tmp_path: Path, where: str) -> None:
    site = copy_sample(tmp_path / "s")
    if where == "parent_is_a_file":
        (tmp_path / "afile").write_text("x", encoding="utf-8")
        output = tmp_path / "afile" / "report.json"
    else:
        output = tmp_path / "folder"
        output.mkdir()
    proc = run_oit("check", "--offline", "--as-of", AS_OF, "--site", str(site), "--format", "json",
                   "--output", str(output))
    assert_clean_failure(proc, 2)
    assert "เขียนไฟล์ไม่ได้" in proc.stderr or "เป็นโฟลเดอร์" in proc.stderr


def _kill_loop(args: list[str], target: Path, cwd: Path, valid: type | tuple[type, ...]) -> None:
    """Kill the command at several moments; ``target`` is always the old or a whole new file."""
    old = b"OLD REPORT\n"
    target.write_bytes(old)
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3):
        proc = subprocess.Popen([OIT, *args], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait(timeout=30)
        data = target.read_bytes()
        if data != old:
            parsed = json.loads(data)  # complete, or this raises
            assert isinstance(parsed, valid)
            target.write_bytes(old)
        visible = [p.name for p in target.parent.iterdir() if not p.name.startswith(".")]
        assert visible == [target.name], visible
    proc2 = subprocess.run([OIT, *args], cwd=cwd, env=ENV, capture_output=True, timeout=120, check=False)
    assert proc2.returncode in (0, 1), proc2.stderr[-2000:]
    assert isinstance(json.loads(target.read_bytes()), valid)


def test_check_output_is_never_partial(tmp_path: Path) -> None:
    site = copy_sample(tmp_path / "s")
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    target = out_dir / "report.json"
    _kill_loop(["check", "--offline", "--as-of", AS_OF, "--site", str(site), "--format", "json",
                "--output", str(target)], target, site, dict)


def _has_export() -> bool:
    return run_oit("export", "--help").returncode == 0


def test_export_output_is_never_partial(tmp_path: Path) -> None:
    if not _has_export():
        pytest.skip("oit export does not exist yet")
    site = copy_sample(tmp_path / "s")
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    target = out_dir / "itas.json"
    _kill_loop(["export", "--site", str(site), "--as-of", AS_OF, "--format", "json", "--output", str(target)],
               target, site, (dict, list))


# -- every writer goes through oit.core.atomic ---------------------------------------------------

# Writes that are not atomic replacements, and why that is safe. A new entry needs a reason.
ALLOWED_DIRECT_WRITES = {
    ("oit/core/atomic.py", "write_bytes_atomic"): "the mechanism itself (temporary file, fsync, rename)",
    ("oit/officer/scaffold.py", "_copy_engine"): "writes into the staging folder oit init renames into place",
    ("oit/officer/scaffold.py", "_render_template"): "writes into the staging folder oit init renames into place",
    ("oit/officer/scaffold.py", "init_site"): "writes into the staging folder oit init renames into place",
    ("oit/officer/intake.py", "_copy_new"): "exclusive create of a new file (never replaces); hard link first",
    ("oit/checker/link_cache.py", "save"): "its own temporary file, fsync and os.replace",
    ("oit/publishing/snapshot.py", "make_snapshot"): "bagit.txt inside the staging folder renamed into place whole",
    ("oit/publishing/snapshot.py", "write_zip"): "a mkstemp file beside the zip, linked into place only when complete",
    ("oit/publishing/targets/sftp.py", "write"): "a part file on the SFTP server, renamed over the target when sent",
}
WRITE_MODES = ("w", "a", "x", "+")


def _direct_writes(path: Path) -> list[tuple[str, int]]:
    """(enclosing function, line) of each write_text/write_bytes/open-for-writing call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call):
                func = child.func
                attr = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if attr in ("write_text", "write_bytes"):
                    found.append((function, child.lineno))
                elif attr in ("open", "fdopen"):
                    modes = [a for a in child.args[1:2] if isinstance(a, ast.Constant)]
                    modes += [k.value for k in child.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
                    if any(isinstance(m.value, str) and any(c in m.value for c in WRITE_MODES) for m in modes):
                        found.append((function, child.lineno))
            visit(child, name)

    visit(tree, "<module>")
    return found


def test_every_file_write_is_atomic_or_justified() -> None:
    offenders = []
    for folder in ("oit", "site_checks", "hooks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for function, line in _direct_writes(path):
                if (rel, function) not in ALLOWED_DIRECT_WRITES:
                    offenders.append(f"{rel}:{line} in {function}()")
    assert offenders == [], "write through oit.core.atomic (or justify in ALLOWED_DIRECT_WRITES): " + ", ".join(offenders)


def test_new_file_gets_umask_mode_and_existing_keeps_its_mode(tmp_path: Path) -> None:
    """A new report or page is readable like any file the officer makes (not mkstemp's 0600)."""
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "report.json"
        atomic.write_bytes_atomic(fresh, b"{}")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "private.txt"
        kept.write_bytes(b"a")
        kept.chmod(0o600)
        atomic.write_bytes_atomic(kept, b"b")
        assert kept.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
