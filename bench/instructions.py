"""Benchmark: what the hooks add to a first build, counted in instructions, not seconds.

On a shared or virtual machine the CPU time of one and the same build drifts by 20-40 %
within minutes (``bench/build_bench.py`` pairs each run with a plain one to cancel
most of it), which is as large as the effect being measured. The number of
instructions a build executes does not drift: valgrind's callgrind counts them, the
same to a few parts in ten thousand from run to run with ``PYTHONHASHSEED=0``. This
runs the first build (``OIT_NO_CACHE=1``) of the synthetic site with the hooks and the
plain build of the same pages (as ``build_bench``) under callgrind, both at once, and
prints instructions and their ratio. Instructions are not time (system calls, cache
misses and the kernel are not in them), so this complements the timed rows rather than
replacing them; about 50 times slower than a build, so not part of ``make bench``.

Needs valgrind (Debian: ``apt-get install valgrind``). Run:
``.venv/bin/python bench/instructions.py [--years 1,5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench.build_bench import COLD, prepare_plain  # noqa: E402
from bench.measure import BENCH_ENV  # noqa: E402
from bench.synthetic import AS_OF, make_site  # noqa: E402

TARGET = 1.25
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(root: Path, out: Path, env: dict[str, str]) -> int:
    """Instructions of one ``mkdocs build`` of ``root`` under callgrind."""
    from oit.site_meta import AS_OF_ENV

    shutil.rmtree(out, ignore_errors=True)
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)]
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *build]
    # make setup byte-compiles the project; run it first, or the count includes compiling.
    full_env = {**os.environ, **BENCH_ENV, "PYTHONHASHSEED": "0", AS_OF_ENV: AS_OF.isoformat(), **env}
    proc = subprocess.run(command, cwd=root, env=full_env, capture_output=True, text=True, check=False)
    found = _COLLECTED.search(proc.stderr)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"callgrind build of {root} failed:\n{proc.stderr[-3000:]}")
    return int(found.group(1))


def run(years: tuple[int, ...] = (1, 5)) -> list[dict[str, Any]]:
    """One row per number of fiscal years: instructions of ours (cold) and plain."""
    if not shutil.which("valgrind"):
        raise SystemExit("ต้องมี valgrind (Debian: apt-get install valgrind)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="oit-instructions-") as folder:
        work = Path(folder)
        for count in years:
            site = make_site(work / f"site-{count}", years=count).root
            plain, _ = prepare_plain(site, work / f"plain-{count}")
            with ThreadPoolExecutor(max_workers=2) as pool:  # the two builds at once: 2 CPUs
                ours_job = pool.submit(instructions, site, work / f"out-ours-{count}", COLD)
                plain_job = pool.submit(instructions, plain, work / f"out-plain-{count}", {})
                ours, plain_count = ours_job.result(), plain_job.result()
            rows.append({"years": count, "ours": ours, "plain": plain_count, "ratio": round(ours / plain_count, 4)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="1,5", help="fiscal years per synthetic site, comma-separated")
    args = parser.parse_args(argv)
    rows = run(tuple(int(y) for y in args.years.split(",")))
    print(f"{'size':>6}  {'ours (first build)':>20}  {'plain':>16}  {'ratio':>6}  target <= {TARGET}")
    for row in rows:
        print(f"{row['years']:>3} FY  {row['ours'] / 1e9:>17.3f} G  {row['plain'] / 1e9:>13.3f} G  "
              f"{row['ratio']:>6.3f}  {'met' if row['ratio'] <= TARGET else 'missed'}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "instructions.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
