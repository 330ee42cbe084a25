"""Build and check many อบต. sites on one machine, in parallel (``oit build-all``).

For a provincial or vendor IT team that keeps dozens of sites side by side. Each site
is handled in a worker process, exactly as ``oit build`` would handle it: the checker
runs, a site with a failing item is not built (the publishing gate), and a passing
site is built aside and swapped into its own ``site/`` by ``oit.build.publish.build_site``.
One site failing, even crashing its worker, does not stop the others.

What counts as bad input for the whole run (exit code 2, nothing is built) is decided
before any work starts: a folder that does not exist, has no ``indicators.yml`` or no
``mkdocs.yml``, or is named twice. A site whose ``indicators.yml`` has errors is that
site's failure (status ``input_error``), reported with the others.

When a province outgrows one machine, run one CI job per site instead (see
``docs/ci-example.yml``); this module is not a distributed scheduler.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from oit.core.errors import InputError, InputErrors
from oit.core.indicators import CONFIG_NAME

SiteStatus = Literal["ok", "failing", "input_error", "build_error"]

STATUS_TH: dict[str, str] = {
    "ok": "สร้างแล้ว",
    "failing": "ไม่ผ่าน ไม่ได้สร้าง",
    "input_error": "ข้อมูลผิดพลาด",
    "build_error": "สร้างไม่สำเร็จ",
}
MKDOCS_CONFIG = "mkdocs.yml"
# How much of a site's message goes into the summary (the full text is in the JSON).
_SHORT_MESSAGE_LINES = 6


@dataclass
class SiteResult:
    """The outcome for one site."""

    site: str  # the folder as given on the command line
    status: SiteStatus
    organization: str | None = None
    items: int = 0
    passing: int = 0
    failing: int = 0
    failing_items: list[str] = field(default_factory=list)
    seconds: float = 0.0
    out: str | None = None  # the published folder, when built
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MultiSiteRun:
    """The outcome for every site, in the order they were given."""

    sites: list[SiteResult]
    as_of: date
    offline: bool
    jobs: int
    seconds: float

    @property
    def ok(self) -> bool:
        return all(site.ok for site in self.sites)

    def to_json(self) -> dict[str, Any]:
        counts = {status: sum(1 for s in self.sites if s.status == status) for status in STATUS_TH}
        return {
            "schema": 1,
            "as_of": self.as_of.isoformat(),
            "offline": self.offline,
            "jobs": self.jobs,
            "seconds": round(self.seconds, 2),
            "summary": {"sites": len(self.sites), **counts},
            "sites": [site.to_json() for site in self.sites],
        }


def validate_sites(dirs: Sequence[Path]) -> list[InputError]:
    """Problems that make the whole run bad input: missing folders or files, duplicates."""
    errors: list[InputError] = []
    seen: dict[Path, Path] = {}
    if not dirs:
        errors.append(InputError("build-all", None, "ไม่ได้ระบุโฟลเดอร์ของเว็บไซต์", "เช่น oit build-all sites/*"))
    for raw in dirs:
        path = Path(raw)
        shown = str(raw)
        if not path.is_dir():
            errors.append(InputError(shown, None, "ไม่พบโฟลเดอร์นี้", "ตรวจชื่อโฟลเดอร์ของเว็บไซต์"))
            continue
        missing = [name for name in (CONFIG_NAME, MKDOCS_CONFIG) if not (path / name).is_file()]
        if missing:
            errors.append(
                InputError(
                    shown,
                    None,
                    f"ไม่ใช่โฟลเดอร์เว็บไซต์: ไม่มี {' และ '.join(missing)}",
                    "ระบุโฟลเดอร์ที่มี indicators.yml และ mkdocs.yml (สร้างใหม่ได้ด้วย oit init)",
                )
            )
            continue
        real = path.resolve()
        if real in seen:
            errors.append(
                InputError(shown, None, f"ระบุเว็บไซต์นี้ซ้ำ ({real})", "ระบุแต่ละเว็บไซต์เพียงครั้งเดียว")
            )
            continue
        seen[real] = path
    return errors


def build_one(site: str, as_of: date, offline: bool) -> SiteResult:
    """Check and, if every item passes, build one site; never raises.

    Runs in a worker process. The check runs once here for the counts; ``build_site``
    checks again before it builds (the publishing gate is its decision), which is cheap
    because the PDF verdicts are cached in this process.
    """
    from oit.build.publish import BuildRefused, build_site
    from oit.checker.check import CheckOptions, run_check

    start = time.perf_counter()
    result = SiteResult(site=site, status="build_error")
    # Absolute: build_site runs mkdocs inside the site folder with ``-f <root>/mkdocs.yml``,
    # which a relative root would name twice (a/a/mkdocs.yml).
    root = Path(site).resolve()
    try:
        report = run_check(CheckOptions(site=root, as_of=as_of, offline=offline))
        result.organization = report.organization
        result.items = len(report.items)
        result.passing = len(report.passing)
        result.failing = len(report.failing)
        result.failing_items = [item.code for item in report.failing]
        if report.failing:
            result.status = "failing"
            lines = [f"ไม่สร้างเว็บไซต์: ยังมี {result.failing} รายการไม่ผ่าน"]
            for item in report.failing:
                first = item.errors[0].message if item.errors else item.status
                lines.append(f"  {item.code} {item.title}: {first}")
            result.message = "\n".join(lines)
        else:
            captured: list[str] = []
            summary = build_site(root, as_of=as_of, offline=offline, echo=captured.append)
            result.status = "ok"
            result.out = str(root / "site")
            result.message = summary
    except InputErrors as exc:
        result.status = "input_error"
        result.message = "\n".join(str(e) for e in exc.errors)
    except InputError as exc:
        result.status = "input_error"
        result.message = str(exc)
    except BuildRefused as exc:
        result.status = "build_error"
        result.message = str(exc)
    except Exception as exc:  # one broken site must not stop the others
        result.status = "build_error"
        result.message = f"{type(exc).__name__}: {exc}"
    result.seconds = round(time.perf_counter() - start, 2)
    return result


def _crashed(site: str) -> SiteResult:
    return SiteResult(site=site, status="build_error", message="กระบวนการที่สร้างเว็บไซต์นี้หยุดทำงานกะทันหัน")


def build_all(
    dirs: Sequence[Path],
    *,
    as_of: date | None = None,
    offline: bool = False,
    jobs: int | None = None,
    progress: Callable[[SiteResult, int, int], None] | None = None,
) -> MultiSiteRun:
    """Check and build every site with ``jobs`` worker processes; results in input order.

    Raises ``InputErrors`` (before doing anything) when :func:`validate_sites` finds
    problems. ``progress(result, done, total)`` is called as each site finishes.
    """
    errors = validate_sites(dirs)
    if errors:
        raise InputErrors(errors)
    if jobs is not None and jobs < 1:
        raise InputError("--jobs", None, f"จำนวนงานพร้อมกัน {jobs} ใช้ไม่ได้", "ใส่ตั้งแต่ 1 ขึ้นไป เช่น --jobs 2")
    day = as_of or date.today()
    names = [str(d) for d in dirs]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    started = time.perf_counter()
    results: dict[str, SiteResult] = {}

    def finished(result: SiteResult) -> None:
        results[result.site] = result
        if progress is not None:
            progress(result, len(results), len(names))

    pending = list(names)
    # A worker that dies (segfault, out of memory) breaks the whole pool; the sites not
    # finished then are retried one per pool, so only the one that kills its worker fails.
    isolate = False
    while pending:
        batch = pending if not isolate else pending[:1]
        broken = _run_pool(batch, day, offline, 1 if isolate else workers, finished)
        pending = [name for name in pending if name not in results]
        if broken and isolate and batch[0] in pending:
            finished(_crashed(batch[0]))
            pending.remove(batch[0])
        isolate = isolate or broken
    return MultiSiteRun(
        sites=[results[name] for name in names],
        as_of=day,
        offline=offline,
        jobs=workers,
        seconds=time.perf_counter() - started,
    )


def _run_pool(
    batch: list[str], day: date, offline: bool, workers: int, finished: Callable[[SiteResult], None]
) -> bool:
    """Run ``batch`` in one process pool; returns True if the pool broke."""
    context = multiprocessing.get_context("spawn")  # no state inherited from the CLI process
    broken = False
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[SiteResult], str] = {pool.submit(build_one, name, day, offline): name for name in batch}
        for future in as_completed(futures):
            try:
                finished(future.result())
            except BrokenProcessPool:
                broken = True
    return broken


# -- output ------------------------------------------------------------------------

HEADERS = ("เว็บไซต์", "ผ่าน", "ไม่ผ่าน", "สถานะ", "วินาที")


def _width(text: str) -> int:
    from rich.cells import cell_len  # Thai vowels and tone marks take no cell

    return cell_len(text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def summary_table(run: MultiSiteRun) -> str:
    """One plain-text table: site, items passing, failing, status, seconds; then totals."""
    rows = [
        (
            site.site,
            f"{site.passing}/{site.items}" if site.items else "-",
            str(site.failing) if site.items else "-",
            STATUS_TH[site.status],
            f"{site.seconds:.1f}",
        )
        for site in run.sites
    ]
    widths = [max(_width(row[i]) for row in [HEADERS, *rows]) for i in range(len(HEADERS))]
    right = (False, True, True, False, True)
    lines = ["  ".join(_pad(cell, w, r) for cell, w, r in zip(row, widths, right, strict=True)).rstrip()
             for row in [HEADERS, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    built = sum(1 for s in run.sites if s.ok)
    lines.append("")
    lines.append(
        f"สร้างสำเร็จ {built}/{len(run.sites)} เว็บไซต์ ใช้เวลา {run.seconds:.1f} วินาที "
        f"(ทำพร้อมกัน {run.jobs} งาน{', ไม่ตรวจลิงก์ภายนอก' if run.offline else ''})"
    )
    for site in run.sites:
        if not site.ok:
            text = site.message.splitlines() or [STATUS_TH[site.status]]
            shown = text[:_SHORT_MESSAGE_LINES]
            if len(text) > _SHORT_MESSAGE_LINES:
                shown.append(f"  … อีก {len(text) - _SHORT_MESSAGE_LINES} บรรทัด (ดูทั้งหมดในไฟล์ JSON)")
            lines.append("")
            lines.append(f"{site.site}: {STATUS_TH[site.status]}")
            lines.extend(f"  {line}" for line in shown)
    return "\n".join(lines)


def progress_line(result: SiteResult, done: int, total: int) -> str:
    """The line printed as each site finishes."""
    return f"[{done}/{total}] {result.site}: {STATUS_TH[result.status]} ({result.seconds:.1f} วินาที)"
