"""The project installs as a real package, and its lock installs on every supported Python.

* A wheel built from the working tree, installed with ``pip install -c requirements.lock``
  into a fresh venv outside the repository, makes a new site with ``oit init`` and builds
  it with ``oit build --offline`` from a folder that has nothing to do with the checkout.
* ``requirements.lock`` resolves, complete and exactly as pinned, on the lowest supported
  Python (Debian 12's ``/usr/bin/python3``, 3.11.2) and on 3.13, where those exist here.

Slow (a wheel, a venv and a few hundred MB of packages, or pip resolving everything):
marked ``slow``, and part of ``make test`` all the same.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from oit.core.indicators import CONTENT_DIR
from oit.officer import engine_files

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
NAME = "องค์การบริหารส่วนตำบลทดสอบการติดตั้ง"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _env(home: Path) -> dict[str, str]:
    """A plain environment: no venv active, nothing of the checkout on any path."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHAINLP_READ_ONLY": "1",
        "NO_MKDOCS_2_WARNING": "1",
    }
    # pip's own settings (indexes, certificates) as the machine has them
    env.update({k: v for k, v in os.environ.items() if k.startswith("PIP_")})
    if "XDG_CONFIG_DIRS" in os.environ:
        env["XDG_CONFIG_DIRS"] = os.environ["XDG_CONFIG_DIRS"]
    # the pip cache of the real home, so a rerun does not download everything again
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    return env


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{args}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return proc


def _source_copy(dest: Path) -> Path:
    """The files a clone would have (tracked, plus new ones not ignored), nothing built."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=False)
    if listing.returncode != 0:  # not a git checkout: the tree without what builds make
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "site", "*.egg-info", "__pycache__", ".oit-cache", "test-artifacts"))
        return dest
    for rel in filter(None, listing.stdout.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():  # a file deleted in the working tree is still listed
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(the venv, the wheel, the environment): the wheel installed with the lock's versions."""
    top = tmp_path_factory.mktemp("install")
    env = _env(top / "home")
    (top / "home").mkdir()
    source = _source_copy(top / "src")
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", top / "dist", source], top, env)
    (wheel,) = (top / "dist").glob("oit_site-*.whl")
    venv = top / "venv"
    _run([sys.executable, "-m", "venv", venv], top, env)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", "-c", LOCK, wheel], top, env)
    return venv, wheel, env


def test_wheel_has_the_modules_data_and_engine(installed: tuple[Path, Path, dict[str, str]]) -> None:
    wheel = installed[1]
    names = set(zipfile.ZipFile(wheel).namelist())
    engine = "oit/officer/" + engine_files.PACKAGED_DIR + "/"
    # every module of the source, and no other (an older build's leftovers would ship)
    modules = {n for n in names if n.endswith(".py") and not n.startswith(engine)}
    source = {p.relative_to(ROOT).as_posix() for top in ("oit", "site_checks") for p in (ROOT / top).rglob("*.py")}
    assert modules == source
    for folder in ("oit/core/catalogs", "oit/core/crosswalks", "oit/pages/templates", "oit/officer/site-template",
                   "oit/console/templates", "oit/console/static"):
        shipped = {n for n in names if n.startswith(folder + "/")}
        expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts}
        assert shipped == expected and shipped, folder
    # the engine of a new site: the repository's own files, byte for byte, fonts included
    for rel in engine_files.ENGINE_PATHS:
        src = ROOT / rel
        files = [src] if src.is_file() else [p for p in src.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        for path in files:
            member = engine + path.relative_to(ROOT).as_posix()
            assert zipfile.ZipFile(wheel).read(member) == path.read_bytes(), member
    assert any(n.startswith(engine + f"{CONTENT_DIR}/assets/fonts/") and n.endswith(".woff2") for n in names)


def test_installed_oit_inits_and_builds_a_site_anywhere(
    installed: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, _wheel, env = installed
    work = tmp_path / "elsewhere"
    work.mkdir()
    # the package and its engine come from the venv, with no path back to the checkout
    probe = _run([venv / "bin" / "python", "-c",
                  "import json, sys, oit; from oit.officer.engine_files import find_engine; "
                  "print(json.dumps({'oit': oit.__file__, 'engine': str(find_engine()[0]), 'path': sys.path}))"],
                 work, env)
    found = json.loads(probe.stdout)
    assert _inside(Path(found["oit"]), venv) and _inside(Path(found["engine"]), venv)
    assert not any(entry and _inside(Path(entry), ROOT) for entry in found["path"]), found["path"]

    _run([venv / "bin" / "oit", "init", "demo", "--name", NAME, "--site-url", "https://www.example.go.th/"], work, env)
    site = work / "demo"
    proc = _run([venv / "bin" / "oit", "build", "--offline", "--allow-failing", "ทดสอบ"], site, env)
    assert "ทดสอบ" in proc.stdout + proc.stderr  # the override is said out loud

    built = site / "site"
    codes = list(yaml.safe_load((site / "indicators.yml").read_text(encoding="utf-8"))["items"])
    assert codes and codes[0] == "o1"
    for page in ["index.html", "ita/index.html", *(f"ita/{code}.html" for code in codes)]:
        assert (built / page).is_file(), page
    home = (built / "index.html").read_text(encoding="utf-8")
    assert NAME in home
    assert list((built / "assets" / "fonts").glob("*.woff2"))
    assert (built / "assets" / "javascripts" / "thai-search.js").is_file()


def test_installed_oit_needs_no_make_and_takes_thai_folders_with_spaces(
    installed: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """The Windows path (docs/windows.md): an installed ``oit``, no make, no git, no checkout.

    PATH holds only the venv's scripts, so a command that shelled out to make (or needed
    git) fails here; every folder and file name has Thai and spaces, as on a desktop.
    """
    venv, _wheel, base_env = installed
    env = dict(base_env, PATH=str(venv / "bin"))
    assert shutil.which("make", path=env["PATH"]) is None and shutil.which("git", path=env["PATH"]) is None
    oit = venv / "bin" / "oit"
    work = tmp_path / "เอกสาร ของ อบต" / "เว็บ อบต ทดสอบ"
    work.mkdir(parents=True)
    source = work / "โครงสร้าง องค์กร 2570.pdf"
    shutil.copyfile(ROOT / CONTENT_DIR / "files" / "2570" / "o1" / "structure.pdf", source)

    _run([oit, "init", "เว็บไซต์ อบต", "--name", NAME, "--site-url", "https://www.example.go.th/",
          "--deadline", "2570-04-30", "--phone", "0 4400 0000", "--email", "saraban@example.go.th",
          "--address", "1 หมู่ 2 ตำบลทดสอบ", "--facebook", "https://www.facebook.com/example"], work, env)
    site = work / "เว็บไซต์ อบต"
    added = _run([oit, "add", "o1", source, "--title", "โครงสร้างองค์กร"], site, env)
    assert "ไฟล์: content/files/2570/o1/" in added.stdout
    (stored,) = (site / CONTENT_DIR / "files" / "2570" / "o1").glob("*.pdf")
    assert stored.name.startswith("โครงสร้าง")

    check = subprocess.run([str(oit), "check", "--offline", "--format", "json"], cwd=site, env=env,
                           capture_output=True, text=True)
    assert check.returncode == 1, check.stdout + check.stderr  # findings: most items are still empty
    assert "Traceback" not in check.stderr
    status = {item["code"]: item["status"] for item in json.loads(check.stdout)["items"]}
    # the file, and the contact page init filled (every detail given: no placeholder left)
    assert status["o1"] == "ok" and status["o3"] == "ok"
    assert json.loads(check.stdout)["deadline"] == "2027-04-30"

    _run([oit, "build", "--offline", "--allow-failing", "ยังไม่ครบ ทดสอบ"], site, env)
    assert (site / "site" / "files" / "2570" / "o1" / stored.name).read_bytes() == source.read_bytes()
    assert NAME in (site / "site" / "ita" / "o1.html").read_text(encoding="utf-8")

    for fmt in ("csv", "xlsx", "json"):
        _run([oit, "export", "--format", fmt], site, env)
        assert (site / f"itas-2570.{fmt}").stat().st_size > 0
    sheet = (site / "itas-2570.csv").read_text(encoding="utf-8-sig")
    assert f"https://www.example.go.th/files/2570/o1/{stored.name}" in sheet  # the readable link, Thai kept

    # and the preview, from the installed package, in the same folder
    from tests.integration.test_preview import Output, free_port, wait_for

    port = free_port()
    preview = subprocess.Popen([str(oit), "preview", "--no-browser", "--port", str(port)], cwd=site, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = Output(preview.stdout)
    try:
        wait_for(f"http://127.0.0.1:{port}/ita/o1.html", "โครงสร้างองค์กร", preview)
        preview.send_signal(signal.SIGINT)
        assert preview.wait(timeout=60) == 0
    finally:
        if preview.poll() is None:
            preview.kill()
            preview.wait(timeout=30)
    out.wait_line("หยุดแสดงตัวอย่างแล้ว")  # the reader thread may still be catching up
    assert out.drain()[-1] == "หยุดแสดงตัวอย่างแล้ว"


# --- the lock on each supported Python -------------------------------------------------


def _version(python: Path) -> str:
    proc = subprocess.run([str(python), "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _python_313() -> Path | None:
    """A Python 3.13 that runs: on PATH, or one of pyenv's (a pyenv shim may not answer)."""
    found = shutil.which("python3.13")
    candidates = [Path(found)] if found else []
    for base in (Path.home() / ".pyenv" / "versions", Path("/root/.pyenv/versions")):
        candidates += sorted(base.glob("3.13*/bin/python"))
    return next((c for c in candidates if c.is_file() and _version(c).startswith("3.13.")), None)


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return pins


def _check_lock_resolves(python: Path | None, expected: str, tmp_path: Path) -> None:
    if python is None or not python.is_file():
        pytest.skip(f"no Python {expected} on this machine")
    version = _version(python)
    if not version.startswith(expected):
        pytest.skip(f"{python} is Python {version or '?'}, not {expected}")
    env = _env(tmp_path / "home")
    (tmp_path / "home").mkdir()
    venv = tmp_path / "venv"
    _run([python, "-m", "venv", venv], tmp_path, env)
    report = tmp_path / "report.json"
    # every extra: what make site, make test and make bench install
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--dry-run", "--report", report, "-c", LOCK, f"{ROOT}[dev,bench]"], tmp_path, env)
    chosen = {re.sub(r"[-_.]+", "-", item["metadata"]["name"]).lower(): item["metadata"]["version"]
              for item in json.loads(report.read_text(encoding="utf-8"))["install"]}
    chosen.pop("oit-site")
    pins = _pins()
    # complete: nothing floats unpinned, and each package at the locked version
    assert {name: version for name, version in chosen.items() if pins.get(name) != version} == {}


def test_lock_resolves_on_debian_python_3_11(tmp_path: Path) -> None:
    _check_lock_resolves(Path("/usr/bin/python3"), "3.11.", tmp_path)


def test_lock_resolves_on_python_3_13(tmp_path: Path) -> None:
    _check_lock_resolves(_python_313(), "3.13.", tmp_path)


def test_engine_paths_name_the_sites_content_folder() -> None:
    # engine_files cannot import oit.core (setup.py reads it before dependencies exist)
    assert f"{CONTENT_DIR}/assets" in engine_files.ENGINE_PATHS
    # installed editable (make site), the engine is the checkout's own; from a wheel, its copy
    import oit

    editable = _inside(Path(oit.__file__), ROOT)
    assert engine_files.find_engine()[0] == (ROOT if editable else engine_files.PACKAGED_ENGINE)
