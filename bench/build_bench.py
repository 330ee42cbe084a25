"""Benchmark: our ``mkdocs build`` (with the hooks) against plain mkdocs on the same pages.

"Ours" is the synthetic site as it is: ``mkdocs.yml`` with ``hooks:`` (ITA pages,
citizen pages, Thai search, CSP), generating the pages during the build. Its "plain
twin" is a copy of the same site where the pages were written out beforehand by
``oit generate --out content`` (the path for engines without hooks), with a
``mkdocs.yml`` that inherits the original but has ``hooks: []`` and the site name, nav
and footer values the hooks would have set: Material, the same pages, no hooks.

Two measurements, each a list of rounds; in every round ours and plain run side by side,
in alternating order (ours first in even rounds, plain first in odd ones), so a burst of
other load on a shared machine hits both sides of a pair alike:

* **first build**: ``.oit-cache/`` is removed before each of our builds, as on a site's
  first build (or after the cache was deleted);
* **rebuild after one edit**: one document's title in ``indicators.yml`` changes before
  each round; our build keeps ``.oit-cache/`` from the build before, the twin gets the
  same change in its generated pages (``oit generate`` again, not timed) and is built
  again (plain mkdocs has no cache: it rebuilds everything every time).

Every build is ``python -m mkdocs build --strict -q`` in a fresh subprocess into a folder
of its own, kept until the end: on this machine (ext4) building again into a folder just
removed made each of five consecutive builds slower than the one before (1.9 s to 3.7 s,
CPU time too), while new folders did not. The wall time of that process is the figure
(bench/measure.py).

Run alone: ``.venv/bin/python bench/build_bench.py [--years 5] [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench.measure import Measurement, measure  # noqa: E402
from bench.synthetic import AS_OF, make_site  # noqa: E402

OIT = Path(sys.executable).parent / "oit"
CACHE_DIR = ".oit-cache"
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


def generate_into(site_root: Path, content: Path, as_of: date = AS_OF) -> Measurement:
    """``oit generate`` of ``site_root`` into ``content`` (the twin's docs folder)."""
    from oit.pages.site_meta import AS_OF_ENV

    proc = measure(
        [str(OIT), "generate", "--site", str(site_root), "--as-of", as_of.isoformat(), "--out", str(content)],
        env={AS_OF_ENV: as_of.isoformat()},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"oit generate failed:\n{proc.stderr[-3000:]}")
    return proc


def prepare_plain(site_root: Path, dest: Path, as_of: date = AS_OF) -> tuple[Path, Measurement]:
    """Write the plain twin of ``site_root`` into ``dest``; returns it and the ``oit generate`` run."""
    from mkdocs.utils.yaml import yaml_load

    from oit.core.indicators import load_site
    from oit.pages.citizen import add_citizen_nav, has_feed
    from oit.pages.site_meta import AS_OF_ENV, expand_ita_nav, site_context

    shutil.copytree(
        site_root, dest, copy_function=_copy_or_link, ignore=shutil.ignore_patterns("site", "__pycache__", CACHE_DIR)
    )
    proc = generate_into(site_root, dest / "content", as_of)
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


def mkdocs_build(root: Path, out: Path, as_of: date = AS_OF) -> Measurement:
    """One ``mkdocs build`` of ``root`` into ``out`` (removed first)."""
    from oit.pages.site_meta import AS_OF_ENV

    shutil.rmtree(out, ignore_errors=True)
    result = measure(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root,
        env={AS_OF_ENV: as_of.isoformat()},
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build of {root} failed:\n{result.stderr[-3000:]}")
    return result


def count_pages(out: Path) -> int:
    """HTML pages in a built site."""
    return sum(1 for _ in out.rglob("*.html"))


def edit_title(site_root: Path, round_no: int) -> str:
    """Change the title of the first document of the first item in ``indicators.yml``.

    The synthetic site writes every title as one JSON-quoted scalar, unique in the file,
    so replacing that scalar changes exactly one document. Returns the new title.
    """
    from oit.core.indicators import load_site

    path = site_root / "indicators.yml"
    site = load_site(site_root, as_of=AS_OF)
    record = next(r for r in site.items.values() if r.documents)
    old = record.documents[0].title
    new = f"{old.split(' (แก้ไขครั้งที่ ')[0]} (แก้ไขครั้งที่ {round_no})"
    text = path.read_text(encoding="utf-8")
    quoted = json.dumps(old, ensure_ascii=False)
    if text.count(quoted) != 1:
        raise RuntimeError(f"title {old!r} is not written once in {path}")
    path.write_text(text.replace(quoted, json.dumps(new, ensure_ascii=False)), encoding="utf-8")
    return new


Build = Callable[[int], Measurement]  # one side's build in round k


def _pair(ours: Build, plain: Build, k: int) -> tuple[Measurement, Measurement]:
    """Run both sides of round ``k``, ours first in even rounds and plain first in odd ones."""
    if k % 2 == 0:
        first = ours(k)
        return first, plain(k)
    second = plain(k)
    return ours(k), second


def first_builds(site_root: Path, plain_root: Path, work: Path, rounds: int) -> dict[str, Any]:
    """``rounds`` pairs of first builds: .oit-cache/ removed before each of ours."""

    def ours(k: int) -> Measurement:
        shutil.rmtree(site_root / CACHE_DIR, ignore_errors=True)
        return mkdocs_build(site_root, work / f"first-ours-{k}")

    def plain(k: int) -> Measurement:
        return mkdocs_build(plain_root, work / f"first-plain-{k}")

    pairs = [_pair(ours, plain, k) for k in range(rounds)]
    pages, plain_pages = count_pages(work / "first-ours-0"), count_pages(work / "first-plain-0")
    return {
        "ours_s": [round(o.wall, 3) for o, _ in pairs],
        "plain_s": [round(p.wall, 3) for _, p in pairs],
        "ours_peak_rss_mb": round(max(o.peak_rss_mb for o, _ in pairs), 1),
        "plain_peak_rss_mb": round(max(p.peak_rss_mb for _, p in pairs), 1),
        "html_pages": pages,
        "same_pages": pages == plain_pages,
    }


def rebuilds(site_root: Path, plain_root: Path, work: Path, rounds: int) -> dict[str, Any]:
    """``rounds`` pairs of rebuilds, each after one title changed in indicators.yml."""
    mkdocs_build(site_root, work / "rebuild-ours-before")  # fills .oit-cache/ as the officer's last build did
    pairs = []
    for k in range(rounds):
        edit_title(site_root, k + 1)
        generate_into(site_root, plain_root / "content")  # the same change in the twin's pages
        pairs.append(_pair(lambda j: mkdocs_build(site_root, work / f"rebuild-ours-{j}"),
                           lambda j: mkdocs_build(plain_root, work / f"rebuild-plain-{j}"), k))
    return {
        "ours_s": [round(o.wall, 3) for o, _ in pairs],
        "plain_s": [round(p.wall, 3) for _, p in pairs],
    }


def bench_site(site_root: Path, work: Path, rounds: int = 5) -> dict[str, Any]:
    """First builds, then rebuilds of ``site_root`` against its plain twin (made in ``work``)."""
    plain_root, generate = prepare_plain(site_root, work / "plain")
    # Not timed: the thousands of PDFs just written reach the disk, and one build of each
    # side runs first, so the first round does not pay for the set-up (its rounds were
    # 1.5-2x slower than the later ones without this).
    os.sync()
    mkdocs_build(site_root, work / "warm-up-ours")
    mkdocs_build(plain_root, work / "warm-up-plain")
    return {
        "first": first_builds(site_root, plain_root, work, rounds),
        "rebuild": rebuilds(site_root, plain_root, work, rounds),
        "generate_s": round(generate.wall, 2),
        "rounds": rounds,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: make a synthetic site, run both measurements, print JSON."""
    parser = argparse.ArgumentParser(description="mkdocs build with our hooks against plain mkdocs")
    parser.add_argument("--years", type=int, default=5, help="fiscal years of the synthetic site (5: 2,600 documents)")
    parser.add_argument("--docs", type=int, default=20, help="documents per item per year")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="build-bench-") as tmp:
        site = make_site(Path(tmp) / "site", years=args.years, docs_per_item=args.docs)
        row = {"documents": site.documents, **bench_site(site.root, Path(tmp), args.rounds)}
    print(json.dumps(row, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
