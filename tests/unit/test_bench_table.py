"""bench/run.py's table: the build verdict rests on instructions where they were counted,
and the table is printed with or without them (``--quick`` and ``--no-instructions``)."""

from __future__ import annotations

from typing import Any

from bench.run import table


def _build_row(years: int, cpu_ratio: float) -> dict[str, Any]:
    return {
        "years": years, "documents": years * 520, "html_pages": 44, "ours_s": 1.8, "plain_s": 1.5,
        "ours_cpu_s": 1.7, "plain_cpu_s": 1.4, "ratio": cpu_ratio, "cpu_ratio": cpu_ratio,
        "cpu_ratios": [cpu_ratio], "hook_cpu_s": {"hooks/ita.py": 0.1}, "hook_build_cpu_s": 1.7,
    }


def _results(instructions: list[dict[str, Any]] | None) -> dict[str, Any]:
    ours = {"tool": "ours", "seconds": 1.3, "broken": 20, "same_broken_set": True, "bound": 1.0}
    return {
        "meta": {"date": "2026-12-03T18:00:00", "cpus": 2, "load_average_start": 0.5, "python": "3.11.7",
                 "mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "linkchecker": "10.6.0", "lychee": "lychee 0.24.2"},
        "seconds": 300.0,
        "build": [_build_row(1, 1.40), _build_row(5, 1.10)],
        "check": [{"years": 5, "layout": "flat", "documents": 2600, "seconds": 0.5, "cpu_s": 0.5,
                   "peak_rss_mb": 40.0, "items_ok": 26, "items": 26}],
        "links_main": 1000,
        "links": {"1000": [ours, {**ours, "tool": "linkchecker", "seconds": 30.0}]},
        "instructions": instructions,
    }


def _build_verdicts(text: str) -> list[str]:
    return [line.rstrip().split("  ")[-1].strip() for line in text.splitlines()
            if line.startswith("build: hooks vs plain mkdocs")]


def test_the_verdict_rests_on_instructions_where_they_were_counted() -> None:
    counted = [{"years": 1, "build": "first", "ours": 1.2e9, "plain": 1.0e9, "ratio": 1.2},
               {"years": 5, "build": "first", "ours": 5.2e9, "plain": 4.0e9, "ratio": 1.3}]
    text = table(_results(counted))
    # CPU said NO at 1 FY and yes at 5 FY; the instruction counts say the opposite, and win.
    assert _build_verdicts(text) == ["yes (instructions 1.200x)", "NO (instructions 1.300x)"]
    assert "+1.92 G/1k" in text  # 4.0 G more for 2,080 more documents


def test_without_instructions_the_verdict_is_on_cpu_time() -> None:
    for missing in (None, []):
        text = table(_results(missing))
        assert _build_verdicts(text) == ["NO", "yes"]
        assert "build: instructions" not in text
