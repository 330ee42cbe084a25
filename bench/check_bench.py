"""Benchmark: ``oit check --offline`` on synthetic sites, time and peak memory.

Each run is the real command in a fresh subprocess (``oit check --offline --as-of
2570-04-30 --site DIR``): interpreter start, imports, loading indicators.yml, opening
every PDF with qpdf, judging every item, printing the report. Peak RSS and CPU time
are that process's own (``os.wait4``).

The sites use the ``flat`` layout (every year's documents in indicators.yml), so the
checker examines all N × 26 × M documents: 2,600 with the defaults (5 × 26 × 20).
With the ``archive`` layout it examines only the current year's 520.

Run alone: ``.venv/bin/python bench/check_bench.py [--years 1,5,20] [--repeats 2]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench.measure import Measurement, best, measure  # noqa: E402
from bench.synthetic import make_site  # noqa: E402

OIT = Path(sys.executable).parent / "oit"
AS_OF_BE = "2570-04-30"


def check_once(site: Path) -> Measurement:
    """One ``oit check --offline`` of ``site``; raises if the check does not pass."""
    result = measure(
        [str(OIT), "check", "--offline", "--as-of", AS_OF_BE, "--site", str(site), "--format", "json"]
    )
    if result.returncode != 0:
        raise RuntimeError(f"oit check of {site} exited {result.returncode}:\n{result.stderr[-2000:]}")
    return result


def bench_site(site: Path, repeats: int = 2) -> dict[str, Any]:
    """Check ``site`` ``repeats`` times; the fastest run counts, peak RSS is the largest seen."""
    runs = [check_once(site) for _ in range(repeats)]
    fastest = best(runs)
    report = json.loads(fastest.stdout)
    return {
        "seconds": round(fastest.wall, 2),
        "cpu_s": round(fastest.cpu, 2),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
        "items_ok": report["summary"]["ok"],
        "items": report["summary"]["items"],
        "documents_in_report": len(report.get("documents", [])),
        "runs": repeats,
    }


def run(
    years: tuple[int, ...] = (1, 5, 20), docs_per_item: int = 20, repeats: int = 2, layout: str = "flat"
) -> list[dict[str, Any]]:
    """Check benchmark rows, one per number of fiscal years."""
    rows = []
    for n in years:
        with tempfile.TemporaryDirectory(prefix=f"check-bench-{n}-") as tmp:
            site = make_site(Path(tmp) / "site", years=n, docs_per_item=docs_per_item, layout=layout)
            rows.append({"years": n, "layout": layout, "documents": site.checked_documents,
                         **bench_site(site.root, repeats)})
    return rows


def main() -> None:
    """Command line: run and print the rows."""
    parser = argparse.ArgumentParser(description="oit check --offline: time and peak memory")
    parser.add_argument("--years", default="1,5,20")
    parser.add_argument("--docs", type=int, default=20, help="documents per item per year")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--layout", choices=("flat", "archive"), default="flat")
    args = parser.parse_args()
    for row in run(tuple(int(y) for y in args.years.split(",")), args.docs, args.repeats, args.layout):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
