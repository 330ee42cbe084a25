"""Run one command in a subprocess and measure it: wall time, CPU time, peak memory.

Peak RSS and CPU time come from ``os.wait4`` on that very child (``ru_maxrss``,
``ru_utime + ru_stime``), so they are exact for the process and not mixed with other
children the benchmark ran before, as ``getrusage(RUSAGE_CHILDREN)`` would be.
CPU time is reported beside wall time because wall time on a shared 2-core machine
depends on whatever else runs; CPU time much less.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHAINLP_READ_ONLY": "1", "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass(frozen=True)
class Measurement:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # seconds, user + system, of the child and the children it waited for
    peak_rss_mb: float  # MiB
    returncode: int
    stdout: str
    stderr: str


def measure(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Measurement:
    """Run ``cmd`` to completion and measure it (output captured through temporary files)."""
    full_env = dict(os.environ, **BENCH_ENV, **(env or {}))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen consistent
        out.seek(0)
        err.seek(0)
        return Measurement(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
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
