"""Benchmark: our ``mkdocs build`` with the hooks against plain mkdocs on the same pages.

"Ours" is the synthetic site as it is, built cold (``OIT_NO_CACHE=1``: no build or
Thai segmentation cache, as on a site's first build) and warm (the caches kept by the
build before, as on every later rebuild): ``mkdocs.yml`` with ``hooks:`` (ITA pages,
citizen pages, whatever else the repository's mkdocs.yml lists), generating the pages
during the build. "Plain" is a copy of the same site where the pages were written out
beforehand by ``oit generate --out content`` (the path for engines without hooks), the
citizen pages added with them, and a ``mkdocs.yml`` that inherits the original but has
``hooks: []`` and the site name, nav and footer values the hooks would have set. The
difference is what the hooks cost inside a build; the ratio ours / plain is the
figure the target (at most 1.25) is about.

Both builds run as ``python -m mkdocs build`` subprocesses, ``--strict`` via the
config, into a fresh folder, ``repeats`` times each, interleaved (ours cold, plain, ours
warm). Times shown are the best run of each; the ratios are the median over the repeats
of each run's ratio to the plain build run just before or after it. On a shared machine
the CPU time of one build drifts by 20-40% within minutes, so comparing neighbours
cancels what the best-of-each comparison would count as the hooks' cost (or hide).

Run alone: ``.venv/bin/python bench/build_bench.py [--years 1,5,20] [--repeats 2]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench.measure import Measurement, best, measure  # noqa: E402
from bench.synthetic import AS_OF, make_site  # noqa: E402

OIT = Path(sys.executable).parent / "oit"
# Big static files are hard-linked into the plain copy, never written through.
_LINK_SUFFIXES = {".pdf", ".woff2", ".png", ".jpg", ".svg"}


def _copy_or_link(src: str, dst: str) -> None:
    if Path(src).suffix.lower() in _LINK_SUFFIXES:
        try:
            os.link(src, dst)
            return
        except OSError:
            pass
    shutil.copy2(src, dst)


def prepare_plain(site_root: Path, dest: Path, as_of: date = AS_OF) -> tuple[Path, Measurement]:
    """Write the hook-less copy of ``site_root`` into ``dest``; returns it and the ``oit generate`` run.

    Runs the real ``oit generate`` CLI, which writes the ITA pages and the citizen pages
    (dashboard, QR codes, feed, open data) the hooks would add, then a ``mkdocs.yml``
    that inherits the original with ``hooks: []``.
    """
    from mkdocs.utils.yaml import yaml_load

    from oit.core.indicators import load_site
    from oit.pages.citizen import add_citizen_nav, has_feed
    from oit.pages.site_meta import AS_OF_ENV, expand_ita_nav, site_context

    shutil.copytree(
        site_root, dest, copy_function=_copy_or_link, ignore=shutil.ignore_patterns("site", "__pycache__", ".oit-cache")
    )
    content = dest / "content"
    proc = measure(
        [str(OIT), "generate", "--site", str(site_root), "--as-of", as_of.isoformat(), "--out", str(content)],
        env={AS_OF_ENV: as_of.isoformat()},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"oit generate failed:\n{proc.stderr}")
    os.environ[AS_OF_ENV] = as_of.isoformat()  # site_context reads the build day from it
    site = load_site(site_root, as_of=as_of)
    with open(site_root / "mkdocs.yml", "rb") as handle:
        original = yaml_load(handle)
    nav = add_citizen_nav(expand_ita_nav(original.get("nav"), site), site)
    (dest / "mkdocs.yml").rename(dest / "mkdocs.base.yml")
    plain = {
        "INHERIT": "mkdocs.base.yml",
        "site_name": site.organization.name,
        "site_url": original.get("site_url") or site.organization.site_url,
        "hooks": [],
        "nav": nav,
        "extra": {"oit": {**site_context(site), "has_feed": has_feed(site)}},
    }
    (dest / "mkdocs.yml").write_text(
        "# Plain mkdocs: pages written beforehand by `oit generate`; no hooks.\n"
        + json.dumps(plain, ensure_ascii=False, indent=1)
        + "\n",
        encoding="utf-8",
    )
    return dest, proc


# Cold: the hooks' caches (.oit-cache/build.pickle, thai-search.json) are off, as on the
# first build of a site. Warm: they are on and were filled by an earlier build, as on
# the officer's every later rebuild.
COLD = {"OIT_NO_CACHE": "1"}


def mkdocs_build(root: Path, out: Path, as_of: date = AS_OF, env: dict[str, str] | None = None) -> Measurement:
    """One ``mkdocs build`` of ``root`` into ``out`` (removed first)."""
    from oit.pages.site_meta import AS_OF_ENV

    shutil.rmtree(out, ignore_errors=True)
    result = measure(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root,
        env={AS_OF_ENV: as_of.isoformat(), **(env or {})},
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build of {root} failed:\n{result.stderr[-3000:]}")
    return result


def hook_costs(root: Path, out: Path, as_of: date = AS_OF, env: dict[str, str] | None = None) -> dict[str, Any]:
    """CPU seconds spent in each hook of one more build of ``root`` (bench/hook_costs.py)."""
    from oit.pages.site_meta import AS_OF_ENV

    shutil.rmtree(out, ignore_errors=True)
    result = measure(
        [sys.executable, str(Path(__file__).with_name("hook_costs.py")), "build", "--strict", "-q",
         "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root,
        env={AS_OF_ENV: as_of.isoformat(), **(env or {})},
    )
    if result.returncode != 0:
        raise RuntimeError(f"instrumented build of {root} failed:\n{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def count_pages(out: Path) -> int:
    """HTML pages in a built site."""
    return sum(1 for _ in out.rglob("*.html"))


def plain_folder(work: Path) -> Path:
    """Where :func:`bench_site` leaves the plain copy of its site (for bench/instructions.py)."""
    return work / "plain"


def bench_site(site_root: Path, work: Path, repeats: int = 3, as_of: date = AS_OF) -> dict[str, Any]:
    """Build one site both ways, ``repeats`` times each (interleaved); best runs compared.

    Ours is built cold (no caches) and warm (the caches filled by the build before).
    The plain copy stays in :func:`plain_folder` of ``work``, and the site keeps its
    filled caches.
    """
    plain_root, generate = prepare_plain(site_root, plain_folder(work), as_of)
    ours_runs: list[Measurement] = []
    warm_runs: list[Measurement] = []
    plain_runs: list[Measurement] = []
    mkdocs_build(site_root, work / "out-warm", as_of)  # fills .oit-cache for the warm runs
    for _ in range(repeats):
        ours_runs.append(mkdocs_build(site_root, work / "out-ours", as_of, COLD))
        plain_runs.append(mkdocs_build(plain_root, work / "out-plain", as_of))
        warm_runs.append(mkdocs_build(site_root, work / "out-warm", as_of))
    ours, plain, warm = best(ours_runs), best(plain_runs), best(warm_runs)
    ours_cpu, plain_cpu = min(r.cpu for r in ours_runs), min(r.cpu for r in plain_runs)
    warm_cpu = min(r.cpu for r in warm_runs)
    triples = list(zip(ours_runs, plain_runs, warm_runs, strict=True))
    pages = count_pages(work / "out-ours")
    costs = hook_costs(site_root, work / "out-costs", as_of, COLD)
    warm_costs = hook_costs(site_root, work / "out-costs", as_of)
    plain_pages = count_pages(work / "out-plain")
    return {
        "ours_s": round(ours.wall, 2),
        "plain_s": round(plain.wall, 2),
        "ours_cpu_s": round(ours_cpu, 2),
        "plain_cpu_s": round(plain_cpu, 2),
        "ratio": round(statistics.median(o.wall / p.wall for o, p, _ in triples), 3),
        "cpu_ratio": round(statistics.median(o.cpu / p.cpu for o, p, _ in triples), 3),
        "cpu_ratios": [round(o.cpu / p.cpu, 3) for o, p, _ in triples],
        "warm_s": round(warm.wall, 2),
        "warm_cpu_s": round(warm_cpu, 2),
        "warm_ratio": round(statistics.median(w.wall / p.wall for _, p, w in triples), 3),
        "warm_cpu_ratio": round(statistics.median(w.cpu / p.cpu for _, p, w in triples), 3),
        "warm_cpu_ratios": [round(w.cpu / p.cpu, 3) for _, p, w in triples],
        "generate_s": round(generate.wall, 2),
        "ours_peak_rss_mb": round(ours.peak_rss_mb, 1),
        "plain_peak_rss_mb": round(plain.peak_rss_mb, 1),
        "html_pages": pages,
        "same_pages": pages == plain_pages,
        "hook_cpu_s": costs["hooks"],
        "hook_build_cpu_s": round(costs["build_cpu"], 3),
        "hook_events_cpu_s": costs["events"],
        "warm_hook_cpu_s": warm_costs["hooks"],
        "warm_hook_build_cpu_s": round(warm_costs["build_cpu"], 3),
        "runs": repeats,
    }


def run(years: tuple[int, ...] = (1, 5, 20), docs_per_item: int = 20, repeats: int = 3) -> list[dict[str, Any]]:
    """Build benchmark rows, one per number of fiscal years."""
    rows = []
    for n in years:
        with tempfile.TemporaryDirectory(prefix=f"build-bench-{n}-") as tmp:
            site = make_site(Path(tmp) / "site", years=n, docs_per_item=docs_per_item)
            row = {"years": n, "documents": site.documents, **bench_site(site.root, Path(tmp), repeats)}
            rows.append(row)
    return rows


def main() -> None:
    """Command line: run and print the rows."""
    parser = argparse.ArgumentParser(description="mkdocs build with hooks vs plain mkdocs")
    parser.add_argument("--years", default="1,5,20")
    parser.add_argument("--docs", type=int, default=20, help="documents per item per year")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = run(tuple(int(y) for y in args.years.split(",")), args.docs, args.repeats)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
