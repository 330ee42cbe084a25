"""Benchmark: our external-link checker against lychee and linkchecker.

Set-up (all on loopback, nothing leaves the machine):

* 20 test servers on 127.0.0.1 … 127.0.0.20 (distinct IPs, so every tool sees 20
  hosts), each answer delayed 100 ms, all in one *separate process* so the client
  under test does not share an event loop or a GIL with them;
* a small synthetic built site (HTML pages in a temp folder) whose pages link 1,000
  distinct external URLs spread over the 20 hosts, ~2 % of them 404, plus a footer
  link repeated on every page (as real sites have);
* each tool checks the external links of those pages; its broken set is compared
  with ours.

The lower bound for any checker is N · latency / concurrency (1,000 × 0.1 s / 100 =
1.0 s): every URL needs one round trip and at most ``concurrency`` are in flight.

Run: ``.venv/bin/python bench/links_bench.py`` (``--help`` for sizes). ``run()`` is
importable for ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from oit.checker.links import LinkPolicy, check_links_sync  # noqa: E402

BIN = Path(sys.executable).parent
LINKS_PER_PAGE = 25


@contextlib.contextmanager
def servers(hosts: list[str], latency: float) -> Iterator[dict[str, int]]:
    """Run the loopback test servers in a child process; yields ``{host: port}``."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.http_server", "--latency", str(latency)]
        + [arg for host in hosts for arg in ("--host", host)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("test servers did not start")
        yield {host: int(port) for host, port in json.loads(line).items()}
    finally:
        if proc.stdin:
            proc.stdin.close()  # the server exits when stdin closes
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def make_site(folder: Path, ports: dict[str, int], n_urls: int) -> tuple[list[str], set[str]]:
    """Write the synthetic site; returns (all distinct external URLs, the 404 ones)."""
    hosts = sorted(ports, key=lambda h: tuple(int(p) for p in h.split(".")))
    urls: list[str] = []
    broken: set[str] = set()
    for i in range(n_urls):
        host = hosts[i % len(hosts)]
        # Every 50th URL is a 404: 2 %, spread over the hosts.
        kind = "gone" if i % 50 == 17 else "doc"
        url = f"http://{host}:{ports[host]}/{kind}/{i}?id={i}"
        urls.append(url)
        if kind == "gone":
            broken.add(url)
    footer = urls[0]  # the same link on every page, as a site footer would have
    pages = []
    for p, start in enumerate(range(0, n_urls, LINKS_PER_PAGE)):
        name = f"page{p:03d}.html"
        items = "\n".join(
            f'<li><a href="{u}">เอกสาร {start + k}</a></li>' for k, u in enumerate(urls[start : start + LINKS_PER_PAGE])
        )
        (folder / name).write_text(
            f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>หน้า {p}</title>'
            f'</head><body><nav><a href="index.html">หน้าแรก</a></nav><ul>\n{items}\n</ul>'
            f'<footer><a href="{footer}">ศูนย์ข้อมูลข่าวสาร</a></footer></body></html>\n',
            encoding="utf-8",
        )
        pages.append(name)
    index = "\n".join(f'<li><a href="{name}">{name}</a></li>' for name in pages)
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>ITA</title></head>'
        f"<body><ul>\n{index}\n</ul></body></html>\n",
        encoding="utf-8",
    )
    # linkchecker run as root drops to "nobody" (linkchecker #856): let it read.
    folder.chmod(0o755)
    for f in folder.iterdir():
        f.chmod(0o644)
    return urls, broken


def external_links(folder: Path) -> list[str]:
    """External http(s) links of every page, in document order (duplicates kept)."""
    found: list[str] = []
    for page in sorted(folder.glob("*.html")):
        tree = LexborHTMLParser(page.read_bytes())
        for node in tree.css("a[href]"):
            href = (node.attributes.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                found.append(href)
    return found


def bench_ours(folder: Path, concurrency: int) -> tuple[float, set[str], str]:
    start = time.perf_counter()
    urls = external_links(folder)
    results = check_links_sync(urls, LinkPolicy(concurrency=concurrency))
    elapsed = time.perf_counter() - start
    return elapsed, {u for u, r in results.items() if not r.ok}, f"per_host=8, HEAD, {len(results)} unique"


def bench_lychee(folder: Path, concurrency: int) -> tuple[float, set[str], str]:
    exe = BIN / "lychee"
    out = folder.parent / "lychee.json"
    cmd = [
        str(exe),
        "--format", "json",
        "--output", str(out),
        "--max-concurrency", str(concurrency),
        "--no-progress",
        "--timeout", "10",
        *sorted(str(p) for p in folder.glob("*.html")),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    elapsed = time.perf_counter() - start
    report = json.loads(out.read_text(encoding="utf-8"))
    broken = {
        entry["url"]
        for key in ("error_map", "timeout_map")
        for entries in report.get(key, {}).values()
        for entry in entries
        if entry["url"].startswith(("http://", "https://"))
    }
    return elapsed, broken, "default host-concurrency 10, 50 ms host interval, GET"


def bench_linkchecker(folder: Path, threads: int) -> tuple[float, set[str], str]:
    exe = BIN / "linkchecker"
    cmd = [
        str(exe),
        "--check-extern",
        "--no-status",
        "--no-warnings",
        "-o", "csv/utf-8",
        "-t", str(threads),
        "--timeout", "10",
        str(folder / "index.html"),
    ]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    elapsed = time.perf_counter() - start
    lines = [ln for ln in proc.stdout.splitlines() if ln and not ln.startswith("#")]
    broken: set[str] = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        url = row.get("url") or row.get("urlname") or ""
        if row.get("valid") == "False" and url.startswith(("http://", "https://")):
            broken.add(url)
    return elapsed, broken, f"{threads} threads, its default 10 req/s per host"


def run(
    n_urls: int = 1000,
    hosts: int = 20,
    latency: float = 0.1,
    concurrency: int = 100,
    tools: tuple[str, ...] = ("ours", "lychee", "linkchecker"),
    linkchecker_threads: int = 10,
) -> list[dict[str, Any]]:
    """Run the benchmark; one dict per tool (``tool``, ``seconds``, ``broken``,
    ``same_broken_set``, ``bound``, ``note``). Tools that are not installed are
    reported with ``seconds`` None."""
    addresses = [f"127.0.0.{i}" for i in range(1, hosts + 1)]
    bound = n_urls * latency / concurrency
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="links-bench-") as tmp:
        os.chmod(tmp, 0o755)
        folder = Path(tmp) / "site"
        folder.mkdir()
        with servers(addresses, latency) as ports:
            _, expected = make_site(folder, ports, n_urls)
            ours: set[str] | None = None
            for tool in tools:
                exe = {"lychee": BIN / "lychee", "linkchecker": BIN / "linkchecker"}.get(tool)
                if exe is not None and not exe.exists() and shutil.which(tool) is None:
                    rows.append(dict(tool=tool, seconds=None, broken=None, same_broken_set=None,
                                     bound=bound, note="not installed"))  # fmt: skip
                    continue
                if tool == "ours":
                    seconds, broken, note = bench_ours(folder, concurrency)
                    ours = broken
                elif tool == "lychee":
                    seconds, broken, note = bench_lychee(folder, concurrency)
                elif tool == "linkchecker":
                    seconds, broken, note = bench_linkchecker(folder, linkchecker_threads)
                else:
                    raise ValueError(f"unknown tool {tool!r}")
                reference = ours if ours is not None else expected
                rows.append(
                    dict(
                        tool=tool,
                        seconds=round(seconds, 2),
                        broken=len(broken),
                        same_broken_set=broken == reference,
                        expected_broken=len(expected),
                        bound=bound,
                        note=note,
                    )
                )
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    """Plain-text table of :func:`run`'s rows."""
    head = ["tool", "seconds", "broken", "same broken set as ours", "bound N·L/C (s)", "note"]
    body = [
        [
            r["tool"],
            "-" if r["seconds"] is None else f"{r['seconds']:.2f}",
            "-" if r["broken"] is None else str(r["broken"]),
            "-" if r["same_broken_set"] is None else ("yes" if r["same_broken_set"] else "no"),
            f"{r['bound']:.2f}",
            r["note"],
        ]
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=True)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) for row in [head, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    """Command line: run once and print the table."""
    parser = argparse.ArgumentParser(description="external-link checker benchmark")
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--tools", default="ours,lychee,linkchecker")
    parser.add_argument("--linkchecker-threads", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print rows as JSON too")
    args = parser.parse_args()
    rows = run(
        args.urls,
        args.hosts,
        args.latency,
        args.concurrency,
        tuple(t.strip() for t in args.tools.split(",") if t.strip()),
        args.linkchecker_threads,
    )
    print(
        f"{args.urls} URLs, {args.hosts} loopback hosts, {args.latency * 1000:g} ms per answer, "
        f"concurrency {args.concurrency}"
    )
    print(format_table(rows))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
