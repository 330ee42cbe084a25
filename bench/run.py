"""The benchmarks of what users feel, in one run (``make bench``); one table at the end.

1. first build of the 2,600-document synthetic site (5 fiscal years × 26 items × 20 PDFs,
   bench/synthetic.py), ``.oit-cache/`` removed before each of our builds, against plain
   mkdocs + Material building the same pages written out by ``oit generate``
   (bench/build_bench.py);
2. rebuild after one document's title changed in indicators.yml: ours keeps
   ``.oit-cache/``, plain rebuilds its twin after the same change in the generated pages;
3. link check of 1,000 URLs on 20 loopback hosts answering in 100 ms: ours against lychee
   (bench/links_bench.py);
4. ``oit check --offline`` of 2,600 documents: time and peak memory (bench/check_bench.py);
5. the citizen's first load of the ITA index of the sample on a 390 px phone, raw bytes
   (bench/page_weight.py, headless Chromium).

Rows 1-3 are measured side by side: several rounds, ours and the reference interleaved
(the order alternating from round to round), so a burst of other load on a shared
machine hits both. Each row shows the median and the best (lowest) time of each side,
the median of the rounds' ratios and the ratio of the best times; the verdict is on the
median ratio. Everything is wall-clock time. Writes bench/out/results.json.

Run: ``make bench`` or ``.venv/bin/python bench/run.py [--quick] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench import build_bench, check_bench, links_bench  # noqa: E402
from bench.measure import load_average  # noqa: E402
from bench.synthetic import make_site  # noqa: E402

OUT = ROOT / "bench" / "out"

FIRST_BUILD_TARGET = 1.6  # ours / plain, at most
REBUILD_TARGET = 1.2  # ours / plain, at most
LYCHEE_TARGET = 1.5  # lychee / ours, at least
CHECK_TARGET_S = 2.0
CHECK_TARGET_MB = 250.0
PAGE_WEIGHT_TARGET_BYTES = 250_000
LINK_URLS = 1000


def log(message: str) -> None:
    """Progress on stderr; the table goes to stdout at the end."""
    print(message, file=sys.stderr, flush=True)


def timed(label: str, func: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    log(f"… {label}")
    result = func()
    log(f"  done in {time.perf_counter() - start:.1f} s")
    return result


def _version(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else None


def meta() -> dict[str, Any]:
    """Where and with what the figures were taken."""
    from importlib.metadata import PackageNotFoundError, version

    def pkg(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average_start": load_average(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mkdocs": pkg("mkdocs"),
        "mkdocs-material": pkg("mkdocs-material"),
        "lychee": _version([str(Path(sys.executable).parent / "lychee"), "--version"]),
    }


# -- side by side -------------------------------------------------------------------


def side_by_side(ours: Sequence[float], reference: Sequence[float]) -> dict[str, float]:
    """Ours against the reference over paired rounds (round k of each ran side by side).

    ``ratio_median`` is the median of each round's ours / reference; ``ratio_best`` is
    the best (lowest) time of ours over the best of the reference.
    """
    if not ours or len(ours) != len(reference):
        raise ValueError("ours and reference need the same number of rounds, at least one")
    return {
        "ours_median": statistics.median(ours),
        "ours_best": min(ours),
        "reference_median": statistics.median(reference),
        "reference_best": min(reference),
        "ratio_median": statistics.median(o / r for o, r in zip(ours, reference, strict=True)),
        "ratio_best": min(ours) / min(reference),
    }


# -- the parts ----------------------------------------------------------------------


def run_build(site_root: Path, work: Path, rounds: int) -> dict[str, Any]:
    return timed(f"build: {rounds} rounds of first builds, then {rounds} rebuilds, ours and plain",
                 lambda: build_bench.bench_site(site_root, work, rounds))


def run_links(n_urls: int, rounds: int) -> dict[str, Any]:
    """``rounds`` of ours and lychee on the same loopback servers, the order alternating."""
    tools: list[str] = []
    for k in range(rounds):
        tools += ["ours", "lychee"] if k % 2 == 0 else ["lychee", "ours"]
    rows = timed(f"links: {n_urls} URLs, {rounds} rounds of ours and lychee",
                 lambda: links_bench.run(n_urls=n_urls, tools=tuple(tools)))
    by_tool: dict[str, list[dict[str, Any]]] = {"ours": [], "lychee": []}
    for row in rows:
        by_tool[row["tool"]].append(row)
    ours, lychee = by_tool["ours"], by_tool["lychee"]
    result: dict[str, Any] = {
        "urls": n_urls,
        "bound_s": ours[0]["bound"],
        "broken": ours[0]["broken"],
        "expected_broken": ours[0].get("expected_broken"),
        "ours_s": [r["seconds"] for r in ours],
        "lychee_s": None,
        "same_broken_set": all(r["same_broken_set"] for r in rows if r["same_broken_set"] is not None),
    }
    if all(r["seconds"] is not None for r in lychee):
        result["lychee_s"] = [r["seconds"] for r in lychee]
    return result


def run_check(site_root: Path, documents: int, repeats: int) -> dict[str, Any]:
    row = timed(f"oit check --offline, {documents:,} documents", lambda: check_bench.bench_site(site_root, repeats))
    return {"documents": documents, **row}


def run_page_weight(work: Path) -> dict[str, Any]:
    """bench/page_weight.py on the sample's ITA index; a reason instead when it cannot run."""
    try:
        from playwright.sync_api import Error as PlaywrightError

        from bench import page_weight
    except ImportError as exc:  # Playwright (the dev extra) not installed
        return {"skipped": f"not measured: {exc}"}

    def measure() -> dict[str, Any]:
        site = page_weight.build_sample(work / "sample-site")
        result: dict[str, Any] = page_weight.measure(site)
        return result

    try:
        result = timed("page weight: the sample's ITA index at 390 px in Chromium", measure)
    except (FileNotFoundError, subprocess.CalledProcessError, PlaywrightError) as exc:  # no Chromium, no sample
        return {"skipped": f"not measured: {str(exc).splitlines()[0]}"}
    kept = ("page", "viewport", "total_bytes", "gzip_bytes", "material_core_bytes", "own_bytes",
            "requests", "search_index_requested", "by_type")
    return {key: result[key] for key in kept}


def run_console() -> dict[str, Any]:
    """bench/console_bench.py: the overview of 2,600 documents, and a 20 MB upload in Chromium."""
    try:
        from playwright.sync_api import Error as PlaywrightError

        from bench import console_bench
    except ImportError as exc:  # Playwright (the dev extra) not installed
        return {"skipped": f"not measured: {exc}"}
    try:
        result: dict[str, Any] = timed("console: overview of 2,600 documents, then a 20 MB upload", console_bench.run)
    except (FileNotFoundError, subprocess.CalledProcessError, PlaywrightError) as exc:  # no Chromium
        return {"skipped": f"not measured: {str(exc).splitlines()[0]}"}
    return result


# -- the table ----------------------------------------------------------------------


def _yes(ok: bool) -> str:
    return "met" if ok else "NO"


def _times(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f} s (best {min(values):.2f})"


def _build_row(name: str, part: dict[str, Any], target: float, size: str) -> tuple[str, ...]:
    s = side_by_side(part["ours_s"], part["plain_s"])
    return (
        name,
        size,
        _times(part["ours_s"]),
        "plain mkdocs " + _times(part["plain_s"]),
        f"{s['ratio_median']:.2f}x (best/best {s['ratio_best']:.2f}x)",
        f"<= {target:g}x",
        _yes(s["ratio_median"] <= target),
    )


def table_rows(results: dict[str, Any]) -> list[tuple[str, ...]]:
    """One row per target: benchmark, size, ours, reference, ratio, target, verdict."""
    rows: list[tuple[str, ...]] = []
    build = results["build"]
    size = f"{results['documents']:,} docs, {build['first']['html_pages']} pages, {build['rounds']} rounds"
    rows.append(_build_row("first build (no .oit-cache/)", build["first"], FIRST_BUILD_TARGET, size))
    rows.append(_build_row("rebuild after one title edit", build["rebuild"], REBUILD_TARGET, size))
    links = results["links"]
    link_size = f"{links['urls']:,} URLs, 20 hosts, 100 ms, {len(links['ours_s'])} rounds"
    if links["lychee_s"]:
        s = side_by_side(links["ours_s"], links["lychee_s"])
        speed_median = statistics.median(ly / o for o, ly in zip(links["ours_s"], links["lychee_s"], strict=True))
        same = "" if links["same_broken_set"] else " (broken sets differ!)"
        rows.append((
            "link check vs lychee",
            link_size,
            f"{_times(links['ours_s'])}, {links['broken']} broken",
            "lychee " + _times(links["lychee_s"]) + same,
            f"{speed_median:.2f}x faster (best/best {1 / s['ratio_best']:.2f}x)",
            f">= {LYCHEE_TARGET:g}x faster",
            _yes(speed_median >= LYCHEE_TARGET and links["same_broken_set"]),
        ))
    else:
        rows.append(("link check vs lychee", link_size, _times(links["ours_s"]), "lychee not installed",
                     "-", f">= {LYCHEE_TARGET:g}x faster", "not measured"))
    check = results["check"]
    ok = check["seconds"] <= CHECK_TARGET_S and check["peak_rss_mb"] <= CHECK_TARGET_MB
    rows.append((
        "oit check --offline",
        f"{check['documents']:,} docs",
        f"{check['seconds']:.2f} s, {check['peak_rss_mb']:.0f} MB peak",
        "-",
        f"{check['items_ok']}/{check['items']} items ok",
        f"<= {CHECK_TARGET_S:g} s, <= {CHECK_TARGET_MB:g} MB",
        _yes(ok),
    ))
    weight = results["page_weight"]
    if "skipped" in weight:
        rows.append(("phone first load, ITA index", "390 px", weight["skipped"], "-", "-",
                     f"<= {PAGE_WEIGHT_TARGET_BYTES / 1000:g} KB", "not measured"))
    else:
        index = "search index loaded!" if weight["search_index_requested"] else "no search index"
        rows.append((
            "phone first load, ITA index",
            f"{weight['viewport'][0]} px, {weight['requests']} requests",
            f"{weight['total_bytes'] / 1000:.1f} KB raw ({weight['gzip_bytes'] / 1000:.1f} KB gzip), {index}",
            f"of which Material CSS+JS {weight['material_core_bytes'] / 1000:.1f} KB",
            f"the rest {weight['own_bytes'] / 1000:.1f} KB",
            f"<= {PAGE_WEIGHT_TARGET_BYTES / 1000:g} KB",
            _yes(weight["total_bytes"] <= PAGE_WEIGHT_TARGET_BYTES and not weight["search_index_requested"]),
        ))
    console = results.get("console")
    if console is not None and "skipped" in console:
        rows.append(("console overview", "2,600 docs", console["skipped"], "-", "-",
                     f"< {console_target_s():g} s", "not measured"))
    elif console is not None:
        rows.append((
            "console overview",
            "2,600 docs, 10 views after 2",
            f"{console['overview_median_s'] * 1000:.0f} ms (best {console['overview_best_s'] * 1000:.0f})",
            f"then {console['upload_bytes'] / 1e6:.0f} MB PDF uploaded in {console['upload_s']:.1f} s",
            "-",
            f"< {console['overview_target_s']:g} s",
            _yes(console["overview_ok"]),
        ))
    return rows


def console_target_s() -> float:
    from bench.console_bench import OVERVIEW_TARGET_S

    return OVERVIEW_TARGET_S


def table(results: dict[str, Any]) -> str:
    head = ("benchmark", "size", "ours", "reference", "ratio (median of rounds)", "target", "verdict")
    rows = table_rows(results)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    m = results["meta"]
    lines.insert(0, (
        f"bench/run.py {m['date']}: {m['cpus']} CPUs, load average {m['load_average_start']:.2f} at start "
        f"and {results['load_average_end']:.2f} at the end, Python {m['python']}, mkdocs {m['mkdocs']}, "
        f"material {m['mkdocs-material']}, {m['lychee']}; total {results['seconds']:.0f} s"
    ))
    lines.append("Wall-clock times; the median of the rounds and the best round. Ratio: the median of each "
                 "round's ours/reference (ours and the reference ran side by side, the order alternating), "
                 "and the best time of ours over the best of the reference. The verdict is on the median.")
    return "\n".join(lines)


def markdown_rows(results: dict[str, Any]) -> str:
    """The table's rows as Markdown, to paste into bench/README.md."""
    out = ["| benchmark | size | ours | reference | ratio | target | verdict |", "|---|---|---|---|---|---|---|"]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table_rows(results)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run everything, print one table, write bench/out/results.json."""
    parser = argparse.ArgumentParser(description="benchmarks of what users feel: builds, links, check, page weight")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: the 1-year site (520 documents), 2 rounds, links once")
    parser.add_argument("--rounds", type=int, default=None, help="rounds of each side-by-side row (default 9; links 5)")
    parser.add_argument("--output", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    years = 1 if args.quick else 5
    rounds = args.rounds or (2 if args.quick else 9)
    link_rounds = args.rounds or (1 if args.quick else 5)
    started = time.perf_counter()
    results: dict[str, Any] = {"meta": meta(), "quick": args.quick}
    with tempfile.TemporaryDirectory(prefix="oit-bench-") as tmp:
        work = Path(tmp)
        site = timed(f"synthetic site, {years} FY", lambda: make_site(work / "site", years=years))
        flat = timed(f"synthetic site, {years} FY, every year in indicators.yml",
                     lambda: make_site(work / "flat", years=years, layout="flat"))
        results["documents"] = site.documents
        results["build"] = run_build(site.root, work / "build", rounds)
        results["links"] = run_links(LINK_URLS, link_rounds)
        results["check"] = run_check(flat.root, flat.checked_documents, 2 if args.quick else 3)
        results["page_weight"] = run_page_weight(work)
        if not args.quick:
            results["console"] = run_console()
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["load_average_end"] = load_average()
    text = table(results)
    results["table"] = text
    results["markdown"] = markdown_rows(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(text)
    print()
    print(results["markdown"])
    print(f"\n(written to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
