"""Run one command in a subprocess and measure it: wall time, CPU time, peak memory.

Peak RSS and CPU time come from ``os.wait4`` on that very process (``ru_maxrss``,
``ru_utime + ru_stime``), so they are not mixed with other children the benchmark ran
before, as ``getrusage(RUSAGE_CHILDREN)`` would be. The command is started by a tiny
launcher (``python -I -S``) rather than by the benchmark itself: Linux carries the
memory high-water mark of the process that forks over ``exec``, so a command forked
straight from the (large) benchmark process would report the benchmark's own RSS.
CPU time is reported beside wall time because wall time on a shared 2-core machine
depends on whatever else runs; CPU time much less.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHAINLP_READ_ONLY": "1"}
# Python keeps compiled bytecode (__pycache__) on an officer's machine, as pip does for
# every installed package: a measured command must not run with PYTHONDONTWRITEBYTECODE
# (set on some CI and sandbox machines), which would compile our code, and only ours,
# from source on every build. The untimed first build of each side writes the caches.
_DROPPED_ENV = ("PYTHONDONTWRITEBYTECODE",)


@dataclass(frozen=True)
class Measurement:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # seconds, user + system, of the child and the children it waited for
    peak_rss_mb: float  # MiB
    returncode: int
    stdout: str
    stderr: str


# Runs in a fresh, small interpreter: fork, exec the command, wait4 it, write its usage.
_LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as exc:
        sys.stderr.write(f"cannot run {sys.argv[2]}: {exc}\\n")
        sys.stderr.flush()
    os._exit(127)
_, status, ru = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"cpu": ru.ru_utime + ru.ru_stime, "maxrss_kib": ru.ru_maxrss}, out)
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def measure(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Measurement:
    """Run ``cmd`` to completion and measure it (output captured through temporary files)."""
    full_env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV} | BENCH_ENV | (env or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as usage_file:
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, usage_file.name, *cmd],
            cwd=cwd, env=full_env, stdout=out, stderr=err, stdin=subprocess.DEVNULL, check=False,
        )
        wall = time.perf_counter() - start
        usage = json.loads(Path(usage_file.name).read_text() or "{}")
        out.seek(0)
        err.seek(0)
        return Measurement(
            wall=wall,
            cpu=float(usage.get("cpu", 0.0)),
            peak_rss_mb=float(usage.get("maxrss_kib", 0)) / 1024,  # Linux reports KiB
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def best(runs: list[Measurement]) -> Measurement:
    """The run with the least wall time (the least disturbed by other load)."""
    return min(runs, key=lambda m: m.wall)


def load_average() -> float | None:
    """The 1-minute load average, to judge how noisy the figures are."""
    try:
        return os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on Linux
        return None
