"""Benchmark: what the hooks add to a build, counted in instructions, not seconds.

On a shared or virtual machine the CPU time of one and the same build drifts by 20-40 %
within minutes (``bench/build_bench.py`` pairs each run with a plain one to cancel
most of it), which is as large as the effect being measured. The number of
instructions a build executes does not drift: valgrind counts them, the same to a few
parts in ten thousand from run to run with ``PYTHONHASHSEED=0``. This runs builds of
the synthetic site with the hooks (first build, ``OIT_NO_CACHE=1``; and, where asked, a
rebuild with the caches an earlier build filled) and the plain build of the same pages
(as ``build_bench``) under valgrind, two at a time (one per CPU), and prints
instructions and their ratio. Instructions are not time (system calls, cache misses
and the kernel are not in them), so this complements the timed rows rather than
replacing them.

The counter is cachegrind without its cache simulation (``--cache-sim=no``): the same
count as callgrind's to half a percent, for both builds alike, at about 30 times a
build's time instead of 90 (no PMU on a virtual machine, so no ``perf stat``).

Needs valgrind (Debian: ``apt-get install valgrind``; ``make bench`` installs it). Run:
``.venv/bin/python bench/instructions.py [--years 1,5,20] [--warm 1]``.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench.build_bench import COLD, mkdocs_build, prepare_plain  # noqa: E402
from bench.measure import BENCH_ENV  # noqa: E402
from bench.synthetic import AS_OF, make_site  # noqa: E402

TARGET = 1.25
COUNTER = "cachegrind"
_REFS = re.compile(r"I\s+refs:\s*([\d,]+)")


@dataclass(frozen=True)
class Pair:
    """One size to count: the site with the hooks and its plain twin (``prepare_plain``)."""

    years: int
    site: Path
    plain: Path
    warm: bool = False
    """Also count a rebuild of ``site`` with its caches (filled by an earlier build)."""


@dataclass(order=True)
class _Job:
    weight: int  # about how long it runs: the longest start first, so two CPUs end together
    label: str = field(compare=False)
    root: Path = field(compare=False)
    env: dict[str, str] = field(compare=False)


def instructions(root: Path, out: Path, env: dict[str, str]) -> int:
    """Instructions of one ``mkdocs build`` of ``root`` into ``out``, counted by valgrind."""
    from oit.pages.site_meta import AS_OF_ENV

    shutil.rmtree(out, ignore_errors=True)
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)]
    command = ["valgrind", f"--tool={COUNTER}", "--cache-sim=no", f"--{COUNTER}-out-file=/dev/null", *build]
    # make setup byte-compiles the project; run it first, or the count includes compiling.
    full_env = {**os.environ, **BENCH_ENV, "PYTHONHASHSEED": "0", AS_OF_ENV: AS_OF.isoformat(), **env}
    proc = subprocess.run(command, cwd=root, env=full_env, capture_output=True, text=True, check=False)
    found = _REFS.search(proc.stderr)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"valgrind build of {root} failed:\n{proc.stderr[-3000:]}")
    return int(found.group(1).replace(",", ""))


def count(pairs: list[Pair], work: Path) -> list[dict[str, Any]]:
    """One row per pair (and one more per warm pair): instructions of ours and plain.

    All builds run two at a time, largest first. A warm pair's site must have been
    built once with its caches on (``build_bench.bench_site`` does that); it is built
    once more here before counting if its cache folder is missing.
    """
    jobs: list[_Job] = []
    for pair in pairs:
        jobs.append(_Job(pair.years * 10 + 3, f"ours-{pair.years}", pair.site, COLD))
        jobs.append(_Job(pair.years * 10 + 2, f"plain-{pair.years}", pair.plain, {}))
        if pair.warm:
            if not (pair.site / ".oit-cache").is_dir():
                mkdocs_build(pair.site, work / f"fill-{pair.years}", AS_OF)
            jobs.append(_Job(pair.years * 10 + 1, f"warm-{pair.years}", pair.site, {}))
    jobs.sort(reverse=True)
    with ThreadPoolExecutor(max_workers=2) as pool:  # one build per CPU
        futures = {job.label: pool.submit(instructions, job.root, work / f"out-{job.label}", job.env) for job in jobs}
        counts = {label: future.result() for label, future in futures.items()}
    rows = []
    for pair in pairs:
        plain = counts[f"plain-{pair.years}"]
        for kind in ("ours", "warm") if pair.warm else ("ours",):
            ours = counts[f"{kind}-{pair.years}"]
            rows.append({"years": pair.years, "build": "first" if kind == "ours" else "rebuild",
                         "ours": ours, "plain": plain, "ratio": round(ours / plain, 4)})
    return rows


def run(years: tuple[int, ...] = (1, 5, 20), warm: tuple[int, ...] = ()) -> list[dict[str, Any]]:
    """Make the synthetic sites and their plain twins, then :func:`count` them."""
    if not shutil.which("valgrind"):
        raise SystemExit("ต้องมี valgrind (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="oit-instructions-") as folder:
        work = Path(folder)
        pairs = []
        for n in years:
            site = make_site(work / f"site-{n}", years=n).root
            plain, _ = prepare_plain(site, work / f"plain-{n}")
            pairs.append(Pair(n, site, plain, warm=n in warm))
        return count(pairs, work)


def _sizes(text: str) -> tuple[int, ...]:
    """``"1,5,20"`` as (1, 5, 20); argparse reports anything else (exit 2, no traceback)."""
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        sizes = ()
    if text.strip() and (not sizes or min(sizes) < 1):
        raise argparse.ArgumentTypeError(f"'{text}' ต้องเป็นจำนวนปีงบประมาณคั่นด้วยจุลภาค เช่น 1,5,20")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=_sizes, default=(1, 5, 20),
                        help="fiscal years per synthetic site, comma-separated")
    parser.add_argument("--warm", type=_sizes, default=(), help="of those, the sizes whose rebuild is counted too")
    args = parser.parse_args(argv)
    if not args.years:
        parser.error("--years ว่างเปล่า: ใส่จำนวนปีงบประมาณ เช่น 1,5,20")
    rows = run(args.years, args.warm)
    print(f"{'size':>6}  {'build':>8}  {'ours':>14}  {'plain':>14}  {'ratio':>6}  target <= {TARGET}")
    for row in rows:
        print(f"{row['years']:>3} FY  {row['build']:>8}  {row['ours'] / 1e9:>12.3f} G  {row['plain'] / 1e9:>12.3f} G  "
              f"{row['ratio']:>6.3f}  {'met' if row['ratio'] <= TARGET else 'missed'}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "instructions.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
